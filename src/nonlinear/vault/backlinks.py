"""Backlinks: for each note, the published notes that link to it, each with a readable snippet.

The reverse edges of the link records are built once, so a page's backlinks are one dictionary
lookup — never a scan of all notes per page — and its snippets are cut when the page asks
(:class:`Backlinks`). The snippet comes from the prose block the scanner already found around
the link (:attr:`nonlinear.vault.index.Note.text_blocks`), so no note is read again.

A snippet is a short sequence of :class:`Span` values, not a string of Markdown: plain text,
inline math (its LaTeX, rendered by the site), inline code, and the link itself. It is cut at
word boundaries and never inside a formula or a code span, so a reader never sees half a
formula (``gma(\\beta x)$``) or a stray backtick. A link in a table is reduced to the cell that
holds it, headed by its column (``Paper: Nair & Hinton (2010)``), not the raw row of pipes.
"""

from __future__ import annotations

import bisect
import re
from collections import OrderedDict
from collections.abc import Iterable, Sequence
from dataclasses import dataclass
from typing import Literal

from nonlinear.vault.index import Note, VaultIndex
from nonlinear.vault.links import RE_MATH_INLINE, RE_WIKILINK, TextBlock, code_spans, parse_inner
from nonlinear.vault.paths import SrcUri
from nonlinear.vault.report import LinkRecord

SNIPPET_CHARS = 160
"""About how many characters of text a snippet shows (formulas count half their source)."""

SpanKind = Literal["text", "link", "math", "code"]

# What starts a line without being part of its text: quote marks, a heading's hashes, a list
# or task marker, a callout's "[!type]" (with its fold sign), a footnote or definition marker.
RE_LINE_MARKUP = re.compile(
    r"""
    ^[ \t]*(?:>[ \t]?)*                     # blockquote and callout nesting
    (?:\#{1,6}[ \t]+                        # heading
      |(?:[-*+]|\d+[.)])[ \t]+(?:\[.\][ \t]+)?  # list item, with an optional task box
      |\[\^[^\]]+\]:[ \t]*                  # footnote definition
      |:[ \t]+                              # definition-list item
    )?
    (?:\[![^\]]+\][-+]?[ \t]*)?             # callout header "[!note]-"
    """,
    re.VERBOSE,
)
RE_CALLOUT_HEADER = re.compile(r"^[ \t]*(?:>[ \t]?)+\[![^\]]+\]")
RE_MDLINK = re.compile(r"!?\[([^\]]*)\]\([^)]*\)")
RE_TAGS = re.compile(r"</?[A-Za-z][^>]*>")
RE_COMMENTS = re.compile(r"%%.*?%%|<!--.*?-->", re.DOTALL)
RE_FOOTNOTE_REF = re.compile(r"\[\^[^\]]+\]")
RE_BLOCK_ID = re.compile(r"(?:^|\s)\^[A-Za-z0-9_-]+\s*$")
# Emphasis, strike, highlight; "_" only at word edges (x_y_z stays as is, as in Markdown).
RE_EMPHASIS = re.compile(r"(?:(\*{1,3}|~~|==)|(?<!\w)(_{1,3}))(?=\S)(.+?)(?<=\S)(?:\1|\2)(?!\w)")
RE_ESCAPE = re.compile(r"\\([\\`*_{}\[\]()#+\-.!|$~=<>])")
# Escaped characters are parked in Unicode's supplementary private-use plane while emphasis is
# removed, so "\*" never pairs with a star.
_PARKED = 0xF0000
RE_PARKED = re.compile("[\U000f0000-\U000f00ff]")
RE_PROPERTY_KEY = re.compile(r"^([^\s#:-][^:]*):")
# A placeholder for an atomic span while the text around it is cleaned (private-use characters
# never occur in notes we index; an index of up to four digits keeps them unambiguous).
RE_PLACEHOLDER = re.compile("\ue000(\\d+)\ue001")
RE_WIKI_TEXT = re.compile("\ue002(\\d+)\ue003")
"""A wiki link's text parked while :func:`_clean` removes HTML tags around it."""
RE_DANGLING = re.compile(r"^[)\]},.;:!?]")
RE_SENTENCE_END = re.compile(r"[.!?][\"'”’)\]]*$")
RE_SPACES = re.compile(r"(\s+)")


@dataclass(frozen=True, slots=True)
class Span:
    """One piece of a snippet."""

    kind: SpanKind
    """``text``, ``link`` (the link to the page the snippet is shown on), ``math`` or ``code``."""
    text: str
    """Plain text; for math the LaTeX between the dollars; for code the code."""


@dataclass(frozen=True, slots=True)
class Backlink:
    """A published note linking to another one."""

    source: SrcUri
    title: str
    spans: tuple[Span, ...]
    """The snippet around the (first) link."""
    mutual: bool = False
    """The linked note links back to the source (the two are closely related)."""

    @property
    def snippet(self) -> str:
        """The snippet as plain text (formulas as ``$…$`` source)."""
        return "".join(f"${s.text}$" if s.kind == "math" else s.text for s in self.spans)


def plain_text(line: str) -> str:
    """Reduce one line of Markdown to plain text: links to their text, markup removed."""
    return "".join(
        f"${s.text}$" if s.kind == "math" else s.text for s in _spans(_strip_line(line)[1])
    )


def snippet(
    text: str, offset: int, limit: int = SNIPPET_CHARS, *, link_end: int | None = None
) -> tuple[Span, ...]:
    """Cut a readable snippet of about *limit* characters out of *text* around *offset*.

    Args:
        text: Inline Markdown (one block, lines joined by spaces, line markup removed).
        offset: Where the link starts in *text*.
        limit: About how many characters to show.
        link_end: Where the link ends (it is marked as the ``link`` span); ``None`` when the
            link is not inline text (a property).

    Returns:
        The spans, with ``…`` where text was left out before or after.
    """
    atoms, centre = _atoms(text, offset, link_end)
    return _window(atoms, centre, limit)


SNIPPETS_KEPT = 512
"""How many cut snippets a build keeps: a build cuts each one once, and 4,096 kept ones were
4 MB at 5,000 notes. ``make serve`` keeps them all (:func:`keep_snippets`)."""


class _Kept:
    """The snippets of the links cut last, the least recently used dropped first.

    Keyed by the source note's body (the same string object from build to build under ``make
    serve``, whose notes come from the index store's memory) and the link's place: a kept
    snippet costs one lookup, not the lines of its block cleaned and joined again.
    """

    def __init__(self, size: int) -> None:
        self.size = size
        self._entries: OrderedDict[tuple[str, int, int, int, int], tuple[Span, ...]] = OrderedDict()

    def body_snippet(self, note: Note, record: LinkRecord, limit: int) -> tuple[Span, ...]:
        key = (note.body, note.body_line, record.link.line, record.link.col, limit)
        spans = self._entries.get(key)
        if spans is not None:
            self._entries.move_to_end(key)
            return spans
        spans = _body_snippet(note, note.body.split("\n"), record, limit)
        self._entries[key] = spans
        self.resize(self.size)
        return spans

    def resize(self, size: int) -> None:
        """Keep at most *size* snippets from now on."""
        self.size = size
        while len(self._entries) > size:
            self._entries.popitem(last=False)


_KEPT = _Kept(SNIPPETS_KEPT)


def keep_snippets(count: int = SNIPPETS_KEPT) -> None:
    """Keep up to *count* cut snippets (the least recently used go first).

    Under ``make serve`` every rebuild asks again for the snippets of every page it renders, in
    the same order; with fewer kept than the vault has, each one is gone by the time it is
    asked for again, and the knowledge base's rebuild spent a tenth of its time cutting them.
    """
    _KEPT.resize(count)


def property_snippet(head: Sequence[str], line: int) -> tuple[Span, ...]:
    """``key: value`` for a link in the properties: ``up: Parent``, ``related: C > Intro``.

    The key is on the link's line or, for a list item, on the nearest line above it.
    """
    text = head[line - 1]
    key_line = next((head[i] for i in range(line - 1, 0, -1) if RE_PROPERTY_KEY.match(head[i])), "")
    key = RE_PROPERTY_KEY.match(key_line)
    value = text.split(":", 1)[1] if text is key_line else text
    shown = plain_text(value.strip().removeprefix("- ")).replace('"', "").replace("'", "")
    return (Span("text", f"{key.group(1)}: {shown}" if key else shown),)


class Backlinks:
    """Each note's backlinks: the reverse edges of the link records, snippets cut on demand.

    The reverse edges are worked out once (a page's backlinks are then one dictionary lookup
    and one snippet per source); a target's snippets are cut when its page asks for them and
    kept by nobody here, so a build holds the snippets of the page being rendered, not those of
    every page at once (at 5,000 notes, about 20 MB).

    Args:
        index: The vault index (each source note's body, text blocks and title).
        records: The resolved links of the published notes.
        limit: About how many characters a snippet shows.
    """

    def __init__(
        self, index: VaultIndex, records: Iterable[LinkRecord], limit: int = SNIPPET_CHARS
    ) -> None:
        self._index = index
        self._limit = limit
        self._sources: dict[SrcUri, dict[SrcUri, LinkRecord]] = {}
        for record in records:
            target = record.target
            if target is None or target == record.source:
                continue  # notebooks and attachments get backlinks too (notebooks are pages)
            self._sources.setdefault(target, {}).setdefault(record.source, record)

    def of(self, target: str) -> tuple[Backlink, ...]:
        """The backlinks of *target*, sorted by title: a source appears once (its first link
        gives the snippet); self-links are left out."""
        sources = self._sources.get(SrcUri(target))
        if not sources:
            return ()
        links = []
        for source, record in sources.items():
            note = self._index.notes[source]
            if record.link.line < note.body_line:
                spans = property_snippet(note.head, record.link.line)
            else:
                spans = _KEPT.body_snippet(note, record, self._limit)
            mutual = target in self._sources.get(source, ())
            links.append(Backlink(source, note.title, spans, mutual))
        return tuple(sorted(links, key=lambda b: (b.title.casefold(), b.source)))


def _body_snippet(
    note: Note, body: Sequence[str], record: LinkRecord, limit: int
) -> tuple[Span, ...]:
    """The snippet of a link in the body: its cell in a table, else its prose block."""
    line, col = record.link.line, record.link.col
    block = _block_at(note.text_blocks, line)
    first, last = (block.start, block.end) if block else (line, line)
    start = note.body_line

    def at(number: int) -> str:
        index = number - start
        return body[index] if 0 <= index < len(body) else ""

    if block is not None and block.kind == "table" and line > first + 1:
        return _cell_snippet(at(first), at(line), col, limit)
    if line > first and RE_CALLOUT_HEADER.match(at(first)):
        first += 1  # a callout's title is not the text around a link in its body
    parts: list[str] = []
    position = 0
    offset = 0
    for number in range(first, last + 1):
        cut, text = _strip_line(at(number))
        if number == line:
            offset = position + max(0, col - 1 - cut)
        parts.append(text)
        position += len(text) + 1
    joined = " ".join(parts)
    return snippet(joined, offset, limit, link_end=_link_end(joined, offset))


def _block_at(blocks: Sequence[TextBlock], line: int) -> TextBlock | None:
    """The text block holding file line *line*."""
    k = bisect.bisect_right([b.start for b in blocks], line) - 1
    if k >= 0 and blocks[k].start <= line <= blocks[k].end:
        return blocks[k]
    return None


def _strip_line(line: str) -> tuple[int, str]:
    """Remove the line's leading markup; return how many characters went and the rest."""
    m = RE_LINE_MARKUP.match(line)
    cut = m.end() if m else 0
    return cut, line[cut:]


def _link_end(text: str, offset: int) -> int | None:
    """End of the wiki or Markdown link that starts at *offset*."""
    wiki = RE_WIKILINK.match(text, offset)
    if wiki:
        return wiki.end()
    md = RE_MDLINK.match(text, offset)
    return md.end() if md else None


def _table_cells(row: str) -> list[tuple[int, int]]:
    """The cells of a table row as ``(start, end)`` offsets: split at unescaped pipes that are
    outside code spans and wiki links (``[[a\\|b]]`` stays in one cell)."""
    masked = row
    if "`" in row or "[[" in row:
        chars = list(row)
        for a, b in code_spans(row):
            chars[a:b] = "\x00" * (b - a)
        for m in RE_WIKILINK.finditer(row):
            chars[m.start() : m.end()] = "\x00" * (m.end() - m.start())
        masked = "".join(chars)
    cells: list[tuple[int, int]] = []
    start = 0
    i = masked.find("|")
    while i >= 0:
        if i == 0 or row[i - 1] != "\\":
            cells.append((start, i))
            start = i + 1
        i = masked.find("|", i + 1)
    cells.append((start, len(row)))
    # A leading or trailing pipe opens or closes the row: no empty cell there.
    if cells and not row[cells[0][0] : cells[0][1]].strip() and row.lstrip().startswith("|"):
        cells.pop(0)
    if cells and not row[cells[-1][0] : cells[-1][1]].strip() and row.rstrip().endswith("|"):
        cells.pop()
    return cells


def _cell_snippet(header: str, row: str, col: int, limit: int) -> tuple[Span, ...]:
    """``Column: cell`` for a link in a table: the cell holding column *col* of *row*."""
    cells = _table_cells(row)
    offset = col - 1
    index = next((k for k, (a, b) in enumerate(cells) if a <= offset <= b), len(cells) - 1)
    a, b = cells[index]
    cell = row[a:b]
    lead = len(cell) - len(cell.lstrip())
    text = cell.strip()
    local = max(0, offset - a - lead)
    spans = snippet(text, local, limit, link_end=_link_end(text, local))
    header_cells = _table_cells(header)
    if index < len(header_cells):
        name = _spans(header[slice(*header_cells[index])].strip())
        if name and "".join(span.text for span in name).strip():
            merged: list[Span] = []
            for span in (*name, Span("text", ": "), *spans):
                _append(merged, span)
            return tuple(merged)
    return spans


_Atom = tuple[str | Span, bool, int]
"""A word (a plain string) or a formula, code or link span of the cleaned text; whether a
space precedes it; its width. Plain tuples: a snippet makes one per word."""


def _spans(text: str, link: tuple[int, int] | None = None) -> list[Span]:
    """Split inline Markdown into text, link, math and code spans, markup removed.

    Code spans are found first (as Python-Markdown does), then formulas outside them, then
    links; each becomes a placeholder while comments, tags, emphasis and escapes are removed
    from the text around it, so emphasis around a link or a formula is removed as well.
    """
    atomic: list[Span] = []

    def hold(span: Span) -> str:
        atomic.append(span)
        return f"\ue000{len(atomic) - 1}\ue001"

    text = RE_COMMENTS.sub("", text) if "%%" in text or "<!--" in text else text
    pieces: list[str] = []
    position = 0
    marks: list[tuple[int, int, Span]] = []
    for a, b in code_spans(text) if "`" in text else ():
        ticks = len(text[a:b]) - len(text[a:b].lstrip("`"))
        marks.append((a, b, Span("code", text[a + ticks : b - ticks].strip())))
    if "$" in text:  # every formula has one; most snippets have none
        masked = list(text)
        for a, b, _ in marks:
            masked[a:b] = "\x02" + "\x00" * (b - a - 2) + "\x03"
        for m in RE_MATH_INLINE.finditer("".join(masked)):
            if m.group("dollar"):
                marks.append((m.start(), m.end(), Span("math", text[m.start() + 1 : m.end() - 1])))
    if link is not None and not any(a < link[1] and link[0] < b for a, b, _ in marks):
        shown = _clean(text[link[0] : link[1]])
        marks.append((link[0], link[1], Span("link", shown)))
    for a, b, span in sorted(marks, key=lambda m: m[0]):
        if a < position:
            continue  # inside an earlier span
        pieces.append(text[position:a])
        pieces.append(hold(span))
        position = b
    pieces.append(text[position:])
    cleaned = _clean("".join(pieces))
    spans: list[Span] = []
    position = 0
    for m in RE_PLACEHOLDER.finditer(cleaned):
        if m.start() > position:
            spans.append(Span("text", cleaned[position : m.start()]))
        spans.append(atomic[int(m.group(1))])
        position = m.end()
    if position < len(cleaned):
        spans.append(Span("text", cleaned[position:]))
    return spans


def _clean(text: str) -> str:
    """Links to their text; tags, footnote marks, block ids and emphasis marks removed.

    A wiki link's text is shown escaped on the page (``[[<b>x</b>]]`` reads ``<b>x</b>``), so
    it is kept out of the removal of HTML tags; a Markdown link's text is Markdown, raw HTML
    included.
    """
    shown: list[str] = []

    def park(match: re.Match[str]) -> str:
        shown.append(parse_inner(match.group("inner").replace("\\|", "|")).text)
        return f"\ue002{len(shown) - 1}\ue003"

    # Each pattern runs only where the text holds the characters it needs to match: the
    # result is the same, and most snippets skip most of them.
    if "[[" in text:
        text = RE_WIKILINK.sub(park, text)
    if "](" in text:
        text = RE_MDLINK.sub(_group_1, text)
    if "<" in text:
        text = RE_TAGS.sub("", text)
    if shown:
        text = RE_WIKI_TEXT.sub(lambda m: shown[int(m.group(1))], text)
    if "[^" in text:
        text = RE_FOOTNOTE_REF.sub("", text)
    if "^" in text:
        text = RE_BLOCK_ID.sub("", text)
    if "\\" in text:
        text = RE_ESCAPE.sub(lambda m: chr(_PARKED + ord(m.group(1))), text)
    if any(mark in text for mark in "*~=_"):
        for _ in range(2):
            text = RE_EMPHASIS.sub(_group_3, text)
    return RE_PARKED.sub(lambda m: chr(ord(m.group(0)) - _PARKED), text)


def _group_1(match: re.Match[str]) -> str:
    return match.group(1)


def _group_3(match: re.Match[str]) -> str:
    return match.group(3)


def _atoms(text: str, offset: int, link_end: int | None) -> tuple[list[_Atom], int]:
    """The words, formulas and code spans of *text*; the link is one atom of kind ``link``.

    Returns the atoms and the index of the link's atom (0 when there is none).
    """
    link = (offset, link_end) if link_end is not None else None
    atoms: list[_Atom] = []
    centre = -1
    space = False
    for span in _spans(text, link):
        if span.kind == "text":
            value = span.text
            words = value.split()  # str.split and the old r"\s+" agree on what a space is
            if words:
                atoms.append(
                    (words[0], (space or value[0].isspace()) and bool(atoms), len(words[0]))
                )
                atoms.extend((word, True, len(word)) for word in words[1:])
                space = value[-1].isspace()
            elif value:
                space = True  # only spaces
        else:
            if span.kind == "link" and centre < 0:
                centre = len(atoms)
            width = len(span.text) // 2 + 1 if span.kind == "math" else len(span.text)
            atoms.append((span, space and bool(atoms), width))
            space = False
    return atoms, max(centre, 0)


def _atom_text(atom: _Atom) -> str:
    word = atom[0]
    return word if isinstance(word, str) else word.text


def _window(atoms: Sequence[_Atom], centre: int, limit: int) -> tuple[Span, ...]:
    """Choose whole atoms around the link (atom *centre*) to fill about *limit* characters.

    Starts at the beginning of the link's sentence when that leaves room for the link and
    some of what follows; then adds atoms after the link, then before it. A formula or a code
    span is taken whole or not at all.
    """
    if not atoms:
        return ()
    first = last = centre
    used = atoms[centre][2]
    count = len(atoms)

    def take_right() -> None:
        nonlocal last, used
        while last + 1 < count:
            _, space, width = atoms[last + 1]
            step = width + 1 if space else width
            if used + step > limit:
                return
            last += 1
            used += step

    def take_left(budget: int) -> None:
        nonlocal first, used
        while first > 0:
            step = atoms[first - 1][2] + (1 if atoms[first][1] else 0)
            if used + step > budget:
                return
            used += step
            first -= 1

    sentence = centre
    while sentence > 0 and not RE_SENTENCE_END.search(_atom_text(atoms[sentence - 1])):
        sentence -= 1
    lead = sum(atoms[k][2] + (1 if atoms[k + 1][1] else 0) for k in range(sentence, centre))
    if used + lead <= limit * 2 // 3:
        # The link's sentence from its start, then what follows; no half sentence before it.
        first, used = sentence, used + lead
        take_right()
    else:
        take_left(limit // 3)  # some words before the link, the rest after it
        take_right()
        take_left(limit)
    while (
        first < centre
        and isinstance(atoms[first][0], str)
        and RE_DANGLING.match(_atom_text(atoms[first]))
    ):
        first += 1  # "… ), but": the opening of what it closes was left out
    spans: list[Span] = []
    text: list[str] = ["… "] if first > 0 else []  # neighbouring text, joined into one span
    for k in range(first, last + 1):
        word, space, _ = atoms[k]
        if space and k > first:
            text.append(" ")
        if isinstance(word, str):
            text.append(word)
            continue
        if text:
            spans.append(Span("text", "".join(text)))
            text = []
        spans.append(word)
    if last + 1 < count:
        text.append(" …")
    if text:
        spans.append(Span("text", "".join(text)))
    return tuple(spans)


def _append(spans: list[Span], span: Span) -> None:
    """Append, merging neighbouring text."""
    if spans and span.kind == "text" and spans[-1].kind == "text":
        spans[-1] = Span("text", spans[-1].text + span.text)
    else:
        spans.append(span)
