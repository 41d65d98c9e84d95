"""Wiki links: the value type, its parser and formatter, and the code-aware note scanner.

Two readers share :func:`parse_wikilink` and :data:`RE_WIKILINK`:

* :func:`scan_note` reads a note's raw Markdown once, in ``on_files``, and returns every wiki
  link with its line and column, every heading and every block id. It skips exactly what
  Python-Markdown (with our extensions) never shows to inline processors: fenced code (``` and
  ``~~~``, longer fences, fences inside lists and quotes), indented code, HTML blocks and
  comments, ``%%`` comments, block math, and per paragraph the code spans and inline math that
  the backtick (190) and arithmatex (189.9) patterns consume before ours (185).
* :class:`nonlinear.vault.markdown_ext.WikiLinkInlineProcessor` renders the links inside
  Python-Markdown, which protects code and math by itself; a test asserts that both find the same
  links.

The scanner is line-based and linear in the size of the note.
"""

from __future__ import annotations

import bisect
import functools
import re
import sys
from collections.abc import Callable, Generator, Iterator
from dataclasses import dataclass, field
from typing import Any, Literal
from urllib.parse import unquote, urlsplit

import markdown
from markdown.extensions.attr_list import get_attrs_and_remainder
from markdown.htmlparser import void_tags
from markdown.util import BLOCK_LEVEL_ELEMENTS

from nonlinear.vault.safety import URL_ATTRIBUTES, is_event_attribute, unsafe_url

# A wiki link or embed.
RE_WIKILINK = re.compile(
    r"""
    (?<!\\)             # "\[[x]]" is an escaped bracket, not a link
    (?P<bang>!?)        # "!" makes it an embed
    \[\[
    (?P<inner>[^\[\]\n]+?)  # target, "#heading"s, "#^block", "|alias"; no brackets, one line
    \]\]
    """,
    re.VERBOSE,
)

# A reference definition "[id]: dest" (not a footnote "[^1]:"), inside quotes too.
RE_MD_REF_DEF = re.compile(
    r"^(?:[ \t]*>[ \t]?)*[ \t]{0,3}\[(?!\^)(?P<id>[^\]\n]+)\]:[ \t]*(?P<dest><[^<>\n]*>|\S+)"
)
# Where an inline Markdown link or image may start: "[" or "![", not escaped.
RE_MD_OPEN = re.compile(r"(?<!\\)(?P<bang>!?)\[")
# An optional link title after a destination written "<dest>": "title" or 'title'.
RE_MD_TITLE = re.compile(r"""[ \t]+(?:"[^"]*"|'[^']*')[ \t]*$""")

# An autolink with any scheme, "<scheme:...>" (CommonMark; Python-Markdown links "<x://...>").
RE_AUTOLINK = re.compile(r"<([A-Za-z][A-Za-z0-9+.\-]*:[^<>\s]*)>")

# An attribute list as the attr_list extension reads it ("{: #id .class key=value }").
RE_ATTR_LIST = re.compile(r"\{:?[ ]*([^}\n ][^}\n]*?)[ ]*\}")

# A link candidate of one unit: offset, then (wiki) the inner text, or (Markdown) the
# destination, the link text and the raw text; and whether it is an embed.
_Found = tuple[int, str, str | None, str, bool]

# Longer destinations are not paths (PATH_MAX is 4096); the cap keeps the scan linear.
MAX_DESTINATION = 4096

# Block ids Obsidian accepts: Latin letters, digits and dashes (Quartz also allows "_").
RE_BLOCK_ID = re.compile(r"^[A-Za-z0-9_-]+$")
# " ^id" at the end of a paragraph or list item line.
RE_BLOCK_MARKER = re.compile(r"(?:^|[ \t])\^(?P<id>[A-Za-z0-9_-]+)[ \t]*$")
# A quote marker as Python-Markdown's quote processor reads it: up to three spaces, ">", and
# one optional space (the rest of the line is the quote's text).
RE_QUOTE_START = re.compile(r"[ ]{0,3}>[ ]?")
# A line holding only quote markers: a blank line inside the quote.
RE_QUOTE_BLANK = re.compile(r"[ ]{0,3}>[ >]*$")
# A line holding nothing but "^id" (after a list, quote or table).
RE_BLOCK_LINE = re.compile(r"^[ \t]*\^(?P<id>[A-Za-z0-9_-]+)[ \t]*$")

# Fences as pymdownx.superfences reads them: any "> " / space prefix, 3+ backticks or tildes.
RE_FENCE_OPEN = re.compile(r"^(?P<ws>[> \t]*)(?P<fence>`{3,}|~{3,})(?P<info>.*)$")
RE_ATX_HEADING = re.compile(r"^ {0,3}(?P<level>#{1,6})(?:[ \t]+(?P<text>.*?))?[ \t]*$")
RE_SETEXT_UNDERLINE = re.compile(r"^ {0,3}(?P<char>=+|-+)[ \t]*$")
RE_LIST_ITEM = re.compile(r"^(?P<indent>[ \t]*)(?:[-*+]|\d+[.)])[ \t]+")
# Blocks whose indented continuation is content, not code: lists, admonitions, footnotes.
RE_CONTAINER = re.compile(r"^[ \t]*(?:[-*+][ \t]|\d+[.)][ \t]|!!!|\?\?\?|\[\^[^\]]+\]:)")
# A block-level start tag at the start of a line (up to three spaces): Python-Markdown's raw
# HTML block, with or without a blank line before it (its own list of block-level tags).
RE_HTML_BLOCK_OPEN = re.compile(
    r"^ {0,3}<(?P<tag>"
    + "|".join(sorted(BLOCK_LEVEL_ELEMENTS, key=len, reverse=True))
    + r")(?=[\s>/])(?P<attrs>[^>]*)>?",
    re.IGNORECASE,
)

# Backtick runs; code_spans pairs them as Python-Markdown's BACKTICK_RE does.
RE_BACKTICKS = re.compile(r"`+")
# Inline math as pymdownx.arithmatex (smart_dollar); never across a code placeholder.
RE_MATH_INLINE = re.compile(
    r"""
    (?:(?<!\\)((?:\\{2})+)(?=\$))                                  # escaped backslashes
    | (?<!\\)(?P<dollar>\$)(?!\s)(?:\\.|[^\\$\x02\x03])+?(?<!\s)\$  # $...$
    """,
    re.VERBOSE | re.DOTALL,
)
# Block math: a whole block that is $$...$$, \[...\] or \begin{env}...\end{env}.
RE_MATH_BLOCK = re.compile(
    r"^(?:\$\$(?:\\.|[^\\])+?\$\$|\\\[(?:\\[^\]]|[^\\])+?\\\]"
    r"|\\begin\{(?P<env>[a-z]+\*?)\}(?:\\.|[^\\])+?\\end\{(?P=env)\})[ ]*$",
    re.DOTALL,
)


@dataclass(frozen=True, slots=True)
class WikiLink:
    """One ``[[...]]`` link or ``![[...]]`` embed as written in a note.

    ``[[folder/Note#Part#Sub|shown]]`` is ``WikiLink("folder/Note", ("Part", "Sub"), None,
    "shown")``; ``[[#^abc]]`` is ``WikiLink("", (), "abc")``.
    """

    target: str
    """The path or name before any ``#``, stripped (``""`` for a link into the same note)."""
    headings: tuple[str, ...] = ()
    """The heading path after ``#`` (``[[N#H1#H2]]`` → ``("H1", "H2")``)."""
    block_id: str | None = None
    """The block id after ``#^``, without the caret."""
    alias: str | None = None
    """The display text after ``|`` (for an image embed: its size, ``300`` or ``300x200``)."""
    embed: bool = False
    """Whether it was written ``![[...]]``."""
    line: int = 0
    """1-based line in the note file (0 when parsed from a string)."""
    col: int = 0
    """1-based column of ``[[`` or ``![[`` (0 when parsed from a string)."""
    raw: str = field(default="", compare=False)
    """The text exactly as written, brackets included."""
    markdown: bool = False
    """Written as a Markdown link ``[text](dest)`` (or image, or reference definition): the
    target is the destination's path, the alias its text; resolved relative to the note first."""

    @property
    def text(self) -> str:
        """The text a reader sees: the alias, else the link as written without brackets."""
        if self.alias is not None:
            return self.alias
        if not self.target:
            if self.block_id is not None:
                return "^" + self.block_id
            return " > ".join(self.headings)
        parts = [self.target, *self.headings]
        if self.block_id is not None:
            parts.append("^" + self.block_id)
        return " > ".join(parts)

    @property
    def fragment(self) -> str:
        """The part after the first ``#`` as written (``H1#H2`` or ``^id``), or ``""``."""
        parts = list(self.headings)
        if self.block_id is not None:
            parts.append("^" + self.block_id)
        return "#".join(parts)


def parse_inner(inner: str, *, embed: bool = False, line: int = 0, col: int = 0) -> WikiLink:
    """Parse the text between ``[[`` and ``]]``.

    The first ``|`` (or ``\\|``, the escaped pipe Obsidian requires in table cells) ends the
    target; each ``#`` starts a heading, and a last part ``^id`` is a block id.

    Args:
        inner: The text inside the brackets.
        embed: Whether the link was written with ``!``.
        line: 1-based line, for links found in a note.
        col: 1-based column, for links found in a note.

    Returns:
        The link; never raises.
    """
    alias: str | None = None
    pipe = inner.find("|")
    head = inner
    if pipe >= 0:
        head = inner[:pipe]
        alias = inner[pipe + 1 :].strip()
        if head.endswith("\\"):
            head = head[:-1]
        if not alias:
            alias = None
    pieces = head.split("#")
    # Names, headings and display texts recur across a vault (many links name one note): each
    # text is held once, here and in the index kept between builds, which pickles it once.
    target = sys.intern(pieces[0].strip())
    fragments = [sys.intern(p.strip()) for p in pieces[1:] if p.strip()]
    block_id: str | None = None
    if fragments and fragments[-1].startswith("^") and len(fragments[-1]) > 1:
        block_id = fragments.pop()[1:]
    if alias is not None:
        alias = sys.intern(alias)
    raw = ("!" if embed else "") + "[[" + inner + "]]"
    return WikiLink(target, tuple(fragments), block_id, alias, embed, line, col, raw)


def parse_wikilink(text: str) -> WikiLink | None:
    """Parse a whole ``[[...]]`` or ``![[...]]``; ``None`` if *text* is not exactly one link."""
    match = RE_WIKILINK.fullmatch(text)
    if match is None:
        return None
    return parse_inner(match.group("inner"), embed=bool(match.group("bang")))


def markdown_link(
    dest: str,
    *,
    text: str | None = None,
    embed: bool = False,
    line: int = 0,
    col: int = 0,
    raw: str = "",
) -> WikiLink | None:
    """Read a Markdown link destination as a link into the vault.

    ``Leaky%20ReLU.md#Formulation`` and ``<Leaky ReLU.md#Formulation>`` both give target
    ``Leaky ReLU.md`` and heading ``Formulation``; ``Note.md#^id`` names a block.

    Args:
        dest: The destination as written (percent-encoded, or in angle brackets).
        text: The link text (an image's alt text), kept as the alias.
        embed: Whether it is an image ``![alt](dest)``.
        line: 1-based line, for links found in a note.
        col: 1-based column of ``[`` or ``![``.
        raw: The whole link as written.

    Returns:
        The link, or ``None`` for what is not a path into the vault: URLs with a scheme or
        host, absolute paths, and anchors into the same page.
    """
    dest = dest.strip()
    if dest.startswith("<") and dest.endswith(">"):
        dest = dest[1:-1]
    parts = urlsplit(dest)
    if parts.scheme or parts.netloc or not parts.path or dest.startswith(("/", "\\")):
        return None
    fragments = [p for p in unquote(parts.fragment).split("#") if p]
    block_id: str | None = None
    if fragments and fragments[-1].startswith("^") and len(fragments[-1]) > 1:
        block_id = fragments.pop()[1:]
    return WikiLink(
        unquote(parts.path), tuple(fragments), block_id, text, embed, line, col, raw, True
    )


def _matching(text: str, opener: str, closer: str, *, one_line: bool) -> dict[int, int]:
    """Map each *opener* of *text* to the index of its *closer* (nesting, escapes), in one pass.

    With *one_line*, a newline drops every pending opener: a link destination never spans lines.
    """
    pairs: dict[int, int] = {}
    stack: list[int] = []
    i = 0
    while i < len(text):
        c = text[i]
        if c == "\\":
            i += 2
            continue
        if c == opener:
            stack.append(i)
        elif c == closer and stack:
            pairs[stack.pop()] = i
        elif c == "\n" and one_line:
            stack.clear()
        i += 1
    return pairs


def _markdown_links(masked: str, text: str) -> Iterator[_Found]:
    """Inline Markdown links and images of one masked unit, as :data:`_Found` candidates.

    As Python-Markdown's link patterns read them: bracketed text with nested brackets, then a
    parenthesised destination (spaces and balanced parentheses allowed) and an optional title.
    Brackets and parentheses are paired once, so the scan stays linear.
    """
    brackets = _matching(masked, "[", "]", one_line=False)
    parens = _matching(masked, "(", ")", one_line=True)
    for m in RE_MD_OPEN.finditer(masked):
        bracket = m.end() - 1
        close = brackets.get(bracket, -1)
        if close < 0 or masked[close + 1 : close + 2] != "(":
            continue
        end = parens.get(close + 1, -1)
        if end < 0 or end - close > MAX_DESTINATION:
            continue  # no destination, or one no file system has (nested hostile input)
        if any(c in masked[close + 2 : end] for c in "\x00\x02\x03"):
            continue  # code, math or a comment inside the parentheses: no destination
        dest = _without_title(text[close + 2 : end])
        shown = text[bracket + 1 : close]
        if len(shown) > MAX_DESTINATION:  # nested links: keep the report readable
            shown = shown[: MAX_DESTINATION // 2] + "…"
        raw = text[m.start() : bracket + 1] + shown + text[close : end + 1]
        yield m.start(), dest, shown, raw, bool(m.group("bang"))


def _without_title(inner: str) -> str:
    """A link's destination as Python-Markdown reads it: the text in its parentheses without
    the title. After ``<dest>`` a title is one quoted string. Otherwise the title opens at the
    first quote and closes at a last one right before ``)`` (spaces aside): ``"say "hi""``,
    ``'it's'``, even with no space before it (``Note.md"t"``); when the last character is the
    other kind of quote, the title opens at the first of that kind. Parentheses make no title.
    """
    if inner.lstrip().startswith("<"):
        return RE_MD_TITLE.sub("", inner)
    body = inner.rstrip(" ")
    quotes = [i for i in (inner.find('"'), inner.find("'")) if i >= 0]
    if not body or body[-1] not in "\"'" or not quotes:
        return inner
    first = min(quotes)
    other = inner.find("'" if inner[first] == '"' else '"', first + 1)
    last = len(body) - 1
    if body[-1] == inner[first] and last > first:
        return inner[:first]
    if other >= 0 and body[-1] == inner[other] and last > other:
        return inner[:other]
    return inner


def format_wikilink(link: WikiLink) -> str:
    """Write *link* back in Obsidian syntax; ``parse_wikilink(format_wikilink(x)) == x``."""
    inner = link.target + "".join("#" + h for h in link.headings)
    if link.block_id is not None:
        inner += "#^" + link.block_id
    if link.alias is not None:
        inner += "|" + link.alias
    return ("!" if link.embed else "") + "[[" + inner + "]]"


@dataclass(frozen=True, slots=True)
class HeadingLine:
    """A heading found by the scanner."""

    level: int
    """1 to 6."""
    text: str
    """The heading's Markdown source text, without ``#`` marks."""
    line: int
    """1-based line in the note file."""


BlockKind = Literal["paragraph", "item", "block"]


@dataclass(frozen=True, slots=True)
class BlockLine:
    """A block id (``^id``) found by the scanner, with the lines of the block it names."""

    block_id: str
    """The id, without the caret."""
    kind: BlockKind
    """``paragraph`` / ``item`` (marker at the end of it) or ``block`` (marker on its own line)."""
    line: int
    """1-based line of the marker."""
    start: int
    """1-based first line of the named block."""
    end: int
    """1-based last line of the named block (inclusive)."""


TextBlockKind = Literal["para", "item", "heading", "table"]


@dataclass(frozen=True, slots=True)
class TextBlock:
    """A run of prose lines that holds links: the context a backlink snippet is cut from."""

    start: int
    """1-based first line in the note file."""
    end: int
    """1-based last line (inclusive)."""
    kind: TextBlockKind
    """A paragraph, one list item (with its continuation lines), a heading, or a table."""


@dataclass(frozen=True, slots=True)
class NoteScan:
    """Everything the scanner reads from one note body."""

    links: tuple[WikiLink, ...]
    headings: tuple[HeadingLine, ...]
    blocks: tuple[BlockLine, ...]
    unsafe: tuple[UnsafeMarkup, ...] = ()
    text_blocks: tuple[TextBlock, ...] = ()
    """The prose blocks that hold at least one link, in file order."""


@dataclass(frozen=True, slots=True)
class UnsafeMarkup:
    """A URL or attribute written with Markdown syntax that the page renders inert."""

    line: int
    """1-based line in the note file."""
    col: int
    """1-based column of the link (``[`` or ``![``) or of the attribute list's ``{``."""
    what: Literal["url", "attribute"]
    """An unsafe URL (link, image, reference definition) or an event-handler attribute."""
    detail: str
    """The URL's scheme (``javascript``), or the attribute's name (``onclick``)."""
    raw: str
    """The text as written."""


@dataclass(slots=True)
class _Unit:
    """A run of prose lines Python-Markdown hands to the inline processors as one text."""

    start: int  # 0-based index of the first line
    lines: list[str]
    kind: TextBlockKind = "para"
    block: int = 0
    """Index in :attr:`lines` where Python-Markdown's current block starts: 0, or inside a
    quote that begins within this unit, the quote's first line or the line after a ``>``-only
    line (a blank line of the quote)."""


def code_spans(text: str) -> list[tuple[int, int]]:
    """Code spans as Python-Markdown's BACKTICK_RE finds them, in linear time.

    An opening run of *k* backticks closes at the next run of exactly *k* (``.+?`` then
    ``(?<!`)\\2(?!`)``); a backslash escapes the first backtick of an opening run.
    """
    runs: list[tuple[int, int, int]] = []  # (opening start, full start, end)
    for m in RE_BACKTICKS.finditer(text):
        start, end = m.start(), m.end()
        slashes = 0
        while start - slashes - 1 >= 0 and text[start - slashes - 1] == "\\":
            slashes += 1
        runs.append((start + slashes % 2, start, end))
    closers: dict[int, list[int]] = {}
    for index, (_, full, end) in enumerate(runs):
        closers.setdefault(end - full, []).append(index)
    spans: list[tuple[int, int]] = []
    index = 0
    while index < len(runs):
        opening, _, end = runs[index]
        candidates = closers.get(end - opening, [])
        pos = bisect.bisect_right(candidates, index)
        if end > opening and pos < len(candidates):
            closing = candidates[pos]
            spans.append((opening, runs[closing][2]))
            index = closing + 1
        else:
            index += 1
    return spans


def _pairs(text: str, opener: str, closer: str) -> list[tuple[int, int]]:
    """Non-nested ``opener ... closer`` spans, leftmost first, in linear time."""
    spans: list[tuple[int, int]] = []
    pos = text.find(opener)
    while pos >= 0:
        end = text.find(closer, pos + len(opener))
        if end < 0:
            break  # no closer after this opener, so none after any later one
        spans.append((pos, end + len(closer)))
        pos = text.find(opener, end + len(closer))
    return spans


def html_comment_spans(text: str) -> list[tuple[int, int]]:
    """``(start, end)`` of each inline HTML comment as Python-Markdown reads one, in order.

    Its pattern is ``<!--``, then text holding neither ``<!--`` nor ``-->``, then ``-->``:
    a comment ends at the first ``-->``, and of several ``<!--`` before it only the last opens
    it (``<!-- a <!-- b -->`` shows ``<!-- a`` as text). An opener never closed is text.
    """
    spans: list[tuple[int, int]] = []
    done = 0
    close = text.find("-->")
    while close >= 0:
        start = text.rfind("<!--", done, close)
        if start >= 0:
            spans.append((start, close + 3))
            done = close + 3
        close = text.find("-->", close + 3 if start >= 0 else close + 1)
    return spans


def inline_comment_spans(text: str) -> list[tuple[int, int]]:
    """``(start, end)`` of each closed inline comment, in order: ``<!-- … -->`` as
    :func:`html_comment_spans` reads them and Obsidian's ``%% … %%``."""
    return sorted(html_comment_spans(text) + _pairs(text, "%%", "%%"))


def _mask_inline(text: str) -> str:
    """Blank what the inline patterns that run before ours (and stashed HTML) consume.

    Masked spans keep their length (so columns stay right) and, like Python-Markdown's stash
    placeholders, start with \\x02 and end with \\x03, which inline math never crosses.
    """
    stripped = text.strip()
    if stripped.startswith(("$$", "\\[", "\\begin")) and RE_MATH_BLOCK.match(stripped):
        return "\x00" * len(text)
    if not ("`" in text or "$" in text or "<!--" in text or "%%" in text or "\\(" in text):
        return text  # nothing below can match: no code span, formula or comment
    chars = list(text)

    def blank(start: int, end: int, marks: bool = True) -> None:
        chars[start:end] = "\x00" * (end - start)
        if marks and end - start >= 2:
            chars[start], chars[end - 1] = "\x02", "\x03"

    for start, end in code_spans(text):
        blank(start, end)
    masked = "".join(chars)
    for start, end in html_comment_spans(masked):
        blank(start, end)
    for start, end in _pairs(masked, "%%", "%%"):
        blank(start, end, marks=False)
    masked = "".join(chars)
    for m in RE_MATH_INLINE.finditer(masked):
        if m.group("dollar"):
            blank(m.start(), m.end())
    for start, end in _pairs(masked, "\\(", "\\)"):
        blank(start, end)
    return "".join(chars)


def _find_fence_end(
    lines: list[str], start: int, char: str, size: int, unclosed: dict[str, int]
) -> int | None:
    """Line index of the fence closing the one opened at *start*, or ``None``.

    *unclosed* remembers, per fence character, the smallest size that found no closer: a later
    fence at least that long cannot find one either, so hostile input (thousands of unclosed
    fences) stays linear.
    """
    if size >= unclosed.get(char, size + 1):
        return None
    closing = re.compile(r"^[> \t]*" + re.escape(char) + "{" + str(size) + r",}[ \t]*$")
    for j in range(start + 1, len(lines)):
        if closing.match(lines[j]):
            return j
    unclosed[char] = min(size, unclosed.get(char, size))
    return None


def _indent(line: str) -> int:
    if line[:1] not in (" ", "\t"):
        return 0
    expanded = line.expandtabs(4)
    return len(expanded) - len(expanded.lstrip(" "))


def _units(lines: list[str]) -> Iterator[_Unit]:  # noqa: PLR0915  (one state machine)
    """Yield the prose units of a note, skipping every opaque (code/HTML/comment) line."""
    unit: _Unit | None = None
    unclosed: dict[str, int] = {}
    prev_blank = True
    container = False
    i = 0
    n = len(lines)
    while i < n:
        line = lines[i]
        if line[:1].isalpha():
            # Most lines: prose at the margin. A letter starts no fence, code, comment, HTML
            # block, heading, underline, list item, container or quote: what the last branch
            # below does with such a line, without asking every pattern.
            if prev_blank:
                container = False
            unit = yield from _prose(unit, i, line)
            prev_blank = False
            i += 1
            continue
        if not line.strip():
            if unit is not None:
                yield unit
                unit = None
            prev_blank = True
            i += 1
            continue
        fence = RE_FENCE_OPEN.match(line)
        if fence and not (fence.group("fence")[0] == "`" and "`" in fence.group("info")):
            mark = fence.group("fence")
            end = _find_fence_end(lines, i, mark[0], len(mark), unclosed)
            if end is not None:
                if unit is not None and unit.kind in {"para", "item", "table"}:
                    # A fence inside a paragraph leaves a placeholder in it: the paragraph
                    # (or table: one more row) goes on around it (a code span may even pair
                    # across it).
                    unit.lines.extend("\x00" * len(lines[k]) for k in range(i, end + 1))
                elif unit is not None:
                    yield unit
                    unit = None
                i = end + 1
                # The fence leaves a placeholder line: an indented line right after it
                # continues that paragraph (not code); a blank line must come first.
                prev_blank = False
                if _indent(line) < 2:
                    container = False  # a fence at the margin ends any list before it
                continue
        indent = _indent(line)
        if prev_blank and indent >= 4 and not container:
            # Indented code: runs over indented and blank lines.
            if unit is not None:
                yield unit
                unit = None
            j = i
            last_code = i
            while j < n and (not lines[j].strip() or _indent(lines[j]) >= 4):
                if lines[j].strip():
                    last_code = j
                j += 1
            i = last_code + 1
            prev_blank = False
            continue
        stripped = line.lstrip(" ")
        closed = _comment_end(lines, i) if stripped.startswith("<!--") and indent < 4 else None
        if closed is not None and unit is not None and _inside_inline_tag(unit, lines, i, closed):
            closed = None  # a comment inside <b>…</b> is part of the paragraph's text
        if closed is not None:  # (never closed, "<!--" is text, as for Python-Markdown)
            if unit is not None:
                yield unit
                unit = None
            if prev_blank or indent == 0:
                container = False  # an HTML comment at the margin ends a list before it
            j, end = closed
            i = j + 1
            unit = _rest_of_line(j, lines[j], end)  # text after it starts a paragraph
            prev_blank = unit is None  # Python-Markdown ends the block with a blank line
            continue
        if stripped.strip() == "%%":
            # A %% block comment: opaque up to the closing %% line.
            if unit is not None:
                yield unit
                unit = None
            j = i + 1
            while j < n and "%%" not in lines[j]:
                j += 1
            i = j + 1
            prev_blank = True
            continue
        html = RE_HTML_BLOCK_OPEN.match(line)
        if html and "markdown" not in html.group("attrs"):
            if unit is not None:
                yield unit
                unit = None
            container = False  # so does an HTML block
            j, end = _html_block_end(lines, i, html.group("tag").lower())
            i = j + 1
            unit = _rest_of_line(j, lines[j], end) if end is not None else None
            prev_blank = unit is None  # Python-Markdown ends the block with a blank line
            continue
        heading = RE_ATX_HEADING.match(line)
        if heading and (heading.group("text") is not None or line.strip().strip("#") == ""):
            if unit is not None:
                yield unit
                unit = None
            yield _Unit(i, [line], "heading")
            prev_blank = True
            container = False
            i += 1
            continue
        setext = RE_SETEXT_UNDERLINE.match(line)
        if (
            setext
            and unit is not None
            and unit.kind == "para"
            and not RE_LIST_ITEM.match(unit.lines[-1])
            and not unit.lines[-1].lstrip().startswith((">", "|"))
        ):
            title = unit.lines.pop()
            if unit.lines:
                yield unit
            yield _Unit(i - 1, [title, line], "heading")
            unit = None
            prev_blank = True
            i += 1
            continue
        if prev_blank and indent < 4:
            container = bool(RE_CONTAINER.match(line))
        # A list item starts a list at a block's start or inside a list; Python-Markdown's
        # lists never interrupt a paragraph ("text\n- x" is one paragraph).
        item = (
            RE_LIST_ITEM.match(line) if prev_blank or unit is None or unit.kind == "item" else None
        )
        if item:
            container = True
            if unit is not None:
                yield unit
            unit = _Unit(i, [line], "item")
        elif unit is not None and unit.kind == "table" and RE_QUOTE_BLANK.match(line):
            yield unit  # a ">" line ends the table inside a quote
            unit = None
        else:
            unit = yield from _prose(unit, i, line)
        prev_blank = False
        i += 1
    if unit is not None:
        yield unit


def _prose(unit: _Unit | None, i: int, line: str) -> Generator[_Unit, None, _Unit]:
    """Add the prose *line* (line *i*) to the paragraph or table *unit*, or start a paragraph;
    yield what a quote inside a paragraph ends (:func:`_quoted_table`)."""
    if unit is None:
        return _Unit(i, [line], "para")
    unit.lines.append(line)
    if unit.kind == "para":
        unit = yield from _quoted_table(unit, line)
    return unit


def _quoted_table(unit: _Unit, line: str) -> Generator[_Unit, None, _Unit]:
    """Follow the blocks a quote opens inside a paragraph *unit* that *line* was just added to.

    Python-Markdown's quote processor splits a block at its first ``>`` line: the lines before
    are a paragraph, the rest, ``>`` markers removed, is parsed again, and a ``>``-only line is
    a blank line there. A block of that quote whose first two lines are a table is a table (its
    cells split links at their pipes), so the table's lines become a unit of their own; the
    paragraph before is yielded.
    """
    count = len(unit.lines)
    if (
        unit.block == 0
        and count > 1
        and RE_QUOTE_START.match(line)
        and not any(RE_QUOTE_START.match(previous) for previous in unit.lines[:-1])
    ):
        unit.block = count - 1  # the quote starts here; the lines before stay a paragraph
    if RE_QUOTE_BLANK.match(line):
        unit.block = count  # the next block of the quote starts after this line
    if count - unit.block != 2 or not _is_table(unit.lines[unit.block :]):
        return unit
    if unit.block == 0:
        unit.kind = "table"
        return unit
    before = _Unit(unit.start, unit.lines[: unit.block])
    if any(text.strip(" >") for text in before.lines):
        yield before
    return _Unit(unit.start + unit.block, unit.lines[unit.block :], "table")


_TABLES: Any = None


def _is_table(rows: list[str]) -> bool:
    """Whether two lines start a table, asked of the tables extension itself.

    Its test is looser than a separator of dashes: ``a | b`` over a lone ``|`` is a table,
    even under a quote marker, so only the extension's own answer agrees with the page.
    """
    global _TABLES  # noqa: PLW0603  (built once, on first use)
    if _TABLES is None:
        _TABLES = markdown.Markdown(extensions=["tables"]).parser.blockprocessors["table"]
    pair = rows[:2]
    if "|" not in pair[0] or "|" not in pair[-1]:
        return False  # the tables extension needs a pipe in the header and separator rows
    while True:  # the block as written, then inside each quote level its ">" markers open
        if _TABLES.test(None, "\n".join(pair)):
            return True
        if not RE_QUOTE_START.match(pair[0]):
            return False
        pair = [_unquote(row) for row in pair]


def _unquote(line: str) -> str:
    """One ``>`` marker removed from the start of *line*, as the quote processor's ``clean``."""
    if line.strip() == ">":
        return ""
    marker = RE_QUOTE_START.match(line)
    return line[marker.end() :] if marker else line


def _comment_end(lines: list[str], i: int) -> tuple[int, int] | None:
    """Line and offset after the ``-->`` closing the comment opened on line *i*, if any."""
    start = lines[i].find("<!--") + 4
    for j in range(i, len(lines)):
        close = lines[j].find("-->", start if j == i else 0)
        if close >= 0:
            return j, close + 3
    return None


# An HTML start or end tag, as Python-Markdown's HTML extractor tracks the inline ones.
RE_HTML_TAG = re.compile(r"<(?P<end>/?)(?P<tag>[A-Za-z][A-Za-z0-9-]*)(?=[\s/>])[^<>]*>")


def _inside_inline_tag(unit: _Unit, lines: list[str], i: int, closed: tuple[int, int]) -> bool:
    """Whether the comment opened on line *i* (closed at *closed*) is inside a raw inline tag
    that the paragraph *unit* opened and closes after it: Python-Markdown then reads it as part
    of the paragraph (inline HTML), not as a block of its own. A comment holding a blank line
    is a block all the same."""
    j, end = closed
    if any(not lines[k].strip() for k in range(i, j + 1)):
        return False
    stack: list[str] = []
    for m in RE_HTML_TAG.finditer("\n".join(unit.lines)):
        tag = m.group("tag").lower()
        if tag in BLOCK_LEVEL_ELEMENTS or tag in void_tags:
            continue
        if not m.group("end"):
            stack.append(tag)
        elif tag in stack:
            del stack[len(stack) - 1 - stack[::-1].index(tag) :]
    if not stack:
        return False
    rest = [lines[j][end:]]  # up to the paragraph's end
    for line in lines[j + 1 :]:
        if not line.strip(" \t"):
            break
        rest.append(line)
    text = "\n".join(rest)
    return any(re.search(rf"</\s*{re.escape(tag)}\s*>", text, re.IGNORECASE) for tag in stack)


def _rest_of_line(index: int, line: str, end: int) -> _Unit | None:
    """A paragraph of the text after an HTML block or comment ending at *end* on *line*.

    Python-Markdown starts a new paragraph there; the part before is blanked (columns kept).
    """
    rest = line[end:]
    if not rest.strip():
        return None
    return _Unit(index, [" " * end + rest], "para")


def _html_block_end(lines: list[str], i: int, tag: str) -> tuple[int, int | None]:
    """Last line of the raw HTML block opened on line *i*, and where its closing tag ends.

    As Python-Markdown: the block runs to the ``</tag>`` that closes the opening one (nested
    tags of the same name counted), or to the end of the note; a start tag closed by ``/>``
    is the whole block. Returns ``(line, offset after the closing tag)``, offset ``None`` when
    the block runs to the end.
    """
    opening = re.compile(rf"<{tag}(?=[\s>/])|</{tag}\s*>|/>", re.IGNORECASE)
    depth = 0
    for j in range(i, len(lines)):
        for m in opening.finditer(lines[j]):
            token = m.group(0)
            if token == "/>":
                if j == i and depth == 1:
                    return j, m.end()
                continue
            depth += -1 if token.startswith("</") else 1
            if depth == 0:
                return j, m.end()
    return len(lines) - 1, None


def _unit_links(
    unit: _Unit, first_line: int, unsafe: list[UnsafeMarkup] | None = None
) -> list[WikiLink]:
    """The wiki and Markdown links of one unit, in order, with file lines and columns.

    Links and attribute lists that would put a script into the page are appended to *unsafe*
    instead (they are rendered inert); they are not links into the vault.
    """
    text = "\n".join(unit.lines)
    if "[" not in text and "{" not in text and "<" not in text:
        return []  # most units: no masking needed
    masked = _mask_inline(text)
    starts = [0]
    for part in unit.lines[:-1]:
        starts.append(starts[-1] + len(part) + 1)

    def where(offset: int) -> tuple[int, int]:
        k = bisect.bisect_right(starts, offset) - 1
        return first_line + unit.start + k, offset - starts[k] + 1

    if unsafe is not None and "{" in masked:
        unsafe.extend(_unsafe_attributes(masked, text, where))
    if unsafe is not None and "<" in masked:
        for m in RE_AUTOLINK.finditer(masked):
            scheme = unsafe_url(m.group(1))
            # "[x](<dest>)" and "[x]: <dest>" are a link's destination, reported with the link.
            before = masked[max(0, m.start() - 64) : m.start()].rstrip(" \t")
            if (
                scheme is not None
                and "\x00" not in m.group(0)
                and not before.endswith(("](", "]:"))
            ):
                unsafe.append(UnsafeMarkup(*where(m.start()), "url", scheme, m.group(0)))
    if "[" not in text:
        return []
    found: list[_Found] = []
    for m in RE_WIKILINK.finditer(masked):
        inner = m.group("inner")
        if not _whole_link(inner):
            continue  # spans code, math or a comment: Python-Markdown never shows it whole
        if unit.kind == "table" and "|" in inner.replace("\\|", ""):
            continue  # the tables extension splits the cell at an unescaped pipe
        inner_text = text[m.start("inner") : m.end("inner")]
        found.append((m.start(), inner_text, None, "", bool(m.group("bang"))))
    if "](" in masked or "]:" in masked:
        # Wiki links are consumed first (priority 185 > links 160): blank them out.
        plain = RE_WIKILINK.sub(lambda w: "\x01" * len(w.group(0)), masked)
        found.extend(_markdown_links(plain, text))
        found.extend(_reference_definitions(unit.lines, starts, plain))
    links: list[WikiLink] = []
    if len(found) > 1:
        found.sort(key=_first)
    for offset, target, shown, raw, embed in found:
        line, col = where(offset)
        if not raw:
            links.append(parse_inner(target, embed=embed, line=line, col=col))
        elif scheme := unsafe_url(_destination(target), image=embed):
            if unsafe is not None:
                unsafe.append(UnsafeMarkup(line, col, "url", scheme, raw))
        elif md := markdown_link(target, text=shown, embed=embed, line=line, col=col, raw=raw):
            links.append(md)
    return links


def _first(found: _Found) -> int:
    return found[0]


def _destination(dest: str) -> str:
    """A Markdown link destination as the URL it becomes (angle brackets removed)."""
    dest = dest.strip()
    return dest[1:-1] if dest.startswith("<") and dest.endswith(">") else dest


def _unsafe_attributes(
    masked: str, text: str, where: Callable[[int], tuple[int, int]]
) -> Iterator[UnsafeMarkup]:
    """Event handlers and unsafe URLs set by attribute lists (``{onclick="..."}``) of a unit."""
    for m in RE_ATTR_LIST.finditer(masked):
        if any(c in m.group(0) for c in "\x00\x02\x03"):
            continue  # in code, math or a comment
        attrs, _ = get_attrs_and_remainder(text[m.start(1) : m.end(1)])
        for name, value in attrs:
            bad = (
                name
                if is_event_attribute(name)
                else unsafe_url(value or "", image=False)
                if name.lower() in URL_ATTRIBUTES
                else None
            )
            if bad:
                line, col = where(m.start())
                what: Literal["url", "attribute"] = "attribute" if bad == name else "url"
                yield UnsafeMarkup(line, col, what, bad, m.group(0))


def _whole_link(inner: str) -> bool:
    """Whether a masked link's inner text is one link Python-Markdown shows whole.

    Masked spans (code, math, comments) may not touch the target: ``[[`x`]]`` is code. The
    display text after the first ``|`` may hold code spans or math, which render inside the
    link (``[[Funcs#hasTag|`hasTag`]]``), but no ``%%`` comment (masked without marks).
    """
    pipe = inner.find("|")
    target, shown = (inner, "") if pipe < 0 else (inner[:pipe], inner[pipe + 1 :])
    if "\x00" in target or "\x02" in target or "\x03" in target:
        return False
    return not shown or "\x00" not in shown or not RE_UNMARKED_MASK.search(shown)


# \x00 outside a \x02 ... \x03 span: a masked %% comment, not code or math.
RE_UNMARKED_MASK = re.compile(r"(?:^|[^\x00\x02])\x00+(?:[^\x00\x03]|$)")


@functools.lru_cache(maxsize=1024)  # pure, and immutable: `make serve` rebuilds rescan few notes
def scan_note(body: str, first_line: int = 1) -> NoteScan:
    """Read the links, headings and block ids of a note body.

    Args:
        body: The note's Markdown without frontmatter (what MkDocs renders).
        first_line: The file line number of the body's first line.

    Returns:
        Links, headings and block ids in document order, with file line numbers.
    """
    lines = body.split("\n")
    links: list[WikiLink] = []
    headings: list[HeadingLine] = []
    blocks: list[BlockLine] = []
    unsafe: list[UnsafeMarkup] = []
    text_blocks: list[TextBlock] = []
    previous: _Unit | None = None
    run_start = 0  # first line of the current run of units with no blank line between
    previous_run_start = 0
    for unit in _units(lines):
        if previous is not None and previous.start + len(previous.lines) == unit.start:
            previous_run_start = run_start
        else:
            previous_run_start = run_start
            run_start = unit.start
        found = _unit_links(unit, first_line, unsafe)
        if found:
            links.extend(found)
            start = first_line + unit.start
            text_blocks.append(TextBlock(start, start + len(unit.lines) - 1, unit.kind))
        if unit.kind == "heading":
            atx = RE_ATX_HEADING.match(unit.lines[0])
            if len(unit.lines) == 2:
                level = 1 if unit.lines[1].strip().startswith("=") else 2
                htext = unit.lines[0].strip()
            else:
                assert atx is not None
                level = len(atx.group("level"))
                htext = (atx.group("text") or "").rstrip("#").strip()
            headings.append(HeadingLine(level, htext, first_line + unit.start))
        else:
            _collect_blocks(unit, previous, previous_run_start, first_line, blocks)
        previous = unit
    unsafe.sort(key=lambda u: (u.line, u.col))
    return NoteScan(tuple(links), tuple(headings), tuple(blocks), tuple(unsafe), tuple(text_blocks))


def _reference_definitions(lines: list[str], starts: list[int], masked: str) -> Iterator[_Found]:
    """Reference definitions ``[id]: dest`` of a unit, as :data:`_Found` candidates."""
    for k, line in enumerate(lines):
        m = RE_MD_REF_DEF.match(line)
        if m is None or "\x00" in masked[starts[k] : starts[k] + m.end()]:
            continue
        yield (
            starts[k] + m.start("id") - 1,
            m.group("dest"),
            m.group("id"),
            m.group(0).strip(),
            False,
        )


def _collect_blocks(
    unit: _Unit,
    previous: _Unit | None,
    previous_run_start: int,
    first_line: int,
    blocks: list[BlockLine],
) -> None:
    """Record the block ids of one unit (see Obsidian's "Link to blocks").

    A marker alone on its line names the whole run of lines before it (a list, quote or
    table), which starts at 0-based line *previous_run_start*.
    """
    if "^" not in unit.lines[0] and "^" not in unit.lines[-1]:
        return  # every marker read below has a caret on the unit's first or last line
    own = RE_BLOCK_LINE.match(unit.lines[0]) if len(unit.lines) == 1 else None
    if own and previous is not None and previous.kind != "heading":
        blocks.append(
            BlockLine(
                own.group("id"),
                "block",
                first_line + unit.start,
                first_line + previous_run_start,
                first_line + previous.start + len(previous.lines) - 1,
            )
        )
        return
    last = RE_BLOCK_MARKER.search(unit.lines[-1])
    start = first_line + unit.start
    end = start + len(unit.lines) - 1
    if last:
        kind: BlockKind = "item" if unit.kind == "item" else "paragraph"
        blocks.append(BlockLine(last.group("id"), kind, end, start, end))
    elif unit.kind == "item" and len(unit.lines) > 1:
        # "4. Next. ^ord2" and then an indented continuation line: the id names the item
        # (Obsidian finds it; the renderer moves it to the <li> likewise).
        first = RE_BLOCK_MARKER.search(unit.lines[0])
        if first:
            blocks.append(BlockLine(first.group("id"), "item", start, start, end))


def scan_links(body: str, first_line: int = 1) -> list[WikiLink]:
    """Return the wiki links and embeds of a note body, in order, with line and column."""
    return list(scan_note(body, first_line).links)
