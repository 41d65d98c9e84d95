"""Find the parts of a Markdown note where Obsidian syntax is *not* active.

Where it sits: Obsidian syntax must never fire inside code, math or HTML comments
(reference (c) item 1: every publisher has had this bug). Inside Python-Markdown an inline
processor gets that protection from the parser; text passes that run *before* Markdown
(``%%comment%%`` removal, collecting inline ``#tags`` for the tags index, line numbers for
diagnostics) use :func:`scan_regions` instead of a bare regular expression.

The scanner reads the text once, left to right. At the start of each line it looks for
block constructs (fenced code with backticks or tildes of any length, indented code); in
the rest of the text it looks for inline constructs. The construct that *opens first*
wins, as in Obsidian: a ``%%`` inside a code span is code, a code span inside a
``%%comment%%`` is comment.

Region kinds:

* ``frontmatter``: the YAML block at the start (only with ``frontmatter=True``).
* ``fence``: a fenced code block, opening and closing fence lines included. The closing
  fence uses the same character and is at least as long as the opening one, so a 4-backtick
  fence may hold a 3-backtick one. Fences may sit in blockquotes (``> `````) and list items.
  An unclosed fence runs to the end of the text (CommonMark, and so Obsidian).
* ``indented_code``: a line indented by 4+ spaces after a blank line (8+ inside a list,
  where 4 spaces continue the item), with the lines that continue it.
* ``code_span``: a run of N backticks up to the next run of exactly N backticks within the
  same paragraph; an unmatched run is plain text.
* ``math_block``: ``$$ … $$``; ``math_inline``: ``$…$`` with no space just inside either
  dollar and no digit right after the closing one (Obsidian's and pandoc's rule, which
  :mod:`nonlinear.site.math` follows: ``costs $5 and $6`` is prose).
* ``html_comment``: ``<!-- … -->``.
* ``comment``: Obsidian ``%% … %%``, inline or across lines and paragraphs. An unclosed
  ``%%`` hides the rest of the note in Obsidian, so the region runs to the end of the text
  with ``closed=False`` (callers report it).

A backslash escapes the next ASCII punctuation character (``\\%``, ``\\``` ``, ``\\$``).

The scanner is a model of the parser, not the parser: it errs on the side of "protected"
(an unclosed fence protects the rest of the note) and ignores HTML blocks.
"""

from __future__ import annotations

import bisect
import functools
import re
from collections.abc import Iterator, Sequence
from dataclasses import dataclass
from typing import Final, Literal

__all__ = [
    "Region",
    "RegionKind",
    "is_protected",
    "prose_segments",
    "scan_regions",
]

RegionKind = Literal[
    "frontmatter",
    "fence",
    "indented_code",
    "code_span",
    "math_block",
    "math_inline",
    "html_comment",
    "comment",
]


@dataclass(frozen=True, slots=True)
class Region:
    """A span of the text where Obsidian syntax is not active."""

    kind: RegionKind
    """What the span is (see the module docstring)."""
    start: int
    """Offset of the first character."""
    end: int
    """Offset just past the last character (``text[start:end]`` is the span)."""
    closed: bool = True
    """False for a fence or ``%%`` comment that runs to the end of the text unclosed."""


RE_FENCE_OPEN: Final = re.compile(
    r"""
    (?P<prefix>(?:[ \t]*>)*)    # blockquote markers: a fence may sit in a quote or callout
    (?P<indent>[ \t]*)          # any indentation: fences nest in list items
    (?P<fence>`{3,}|~{3,})      # the fence: three or more backticks or tildes
    (?P<info>[^\n]*)            # info string (language, attributes)
    """,
    re.VERBOSE,
)

RE_FENCE_CLOSE: Final = re.compile(
    r"""
    (?:[ \t]*>)*[ \t]*          # the same kinds of prefix as the opening line
    (?P<fence>`{3,}|~{3,})      # fence characters
    [ \t]*                      # nothing but spaces after them
    """,
    re.VERBOSE,
)

RE_LIST_ITEM: Final = re.compile(
    r"""
    [ ]{0,3}                    # up to three spaces of indentation
    (?:[*+-]|\d{1,9}[.)])       # bullet or ordinal
    [ \t]                       # at least one space before the content
    """,
    re.VERBOSE,
)

RE_INLINE_MATH: Final = re.compile(
    r"""
    \$(?!\s)                    # opening dollar, not followed by whitespace
    (?:\\.|[^\\$])+?            # content: escaped characters, or anything but dollar and backslash
    (?<!\s)\$                   # closing dollar, not preceded by whitespace
    (?![\d$])                  # ... nor followed by a digit ("$5 and $6" is prose)
    """,
    re.VERBOSE | re.DOTALL,
)

RE_BLANK_LINE: Final = re.compile(r"\n[ \t>]*\n")
RE_OPENER: Final = re.compile(r"[\\`$<%]")  # characters that may start an inline region

_ASCII_PUNCTUATION: Final = frozenset("!\"#$%&'()*+,-./:;<=>?@[\\]^_`{|}~")


def scan_regions(text: str, *, frontmatter: bool = False) -> list[Region]:
    """Find code, math, HTML comments and ``%%`` comments in Markdown text.

    Args:
        text: Markdown source (``\\n`` line ends; MkDocs normalises them).
        frontmatter: Whether ``text`` may start with a YAML frontmatter block (raw file
            content); MkDocs strips it before ``on_page_markdown``.

    Returns:
        Non-overlapping regions sorted by ``start``.
    """
    return list(_scan(text, frontmatter))


@functools.lru_cache(maxsize=512)  # the tags, comments and embeds passes scan the same notes,
def _scan(text: str, frontmatter: bool) -> tuple[Region, ...]:  # and every `make serve` rebuild
    return tuple(_Scanner(text).scan(frontmatter=frontmatter))


def is_protected(regions: Sequence[Region], offset: int) -> bool:
    """Tell whether ``offset`` lies inside one of ``regions`` (sorted, as returned).

    Args:
        regions: Output of :func:`scan_regions`.
        offset: Character offset into the scanned text.

    Returns:
        True if some region contains the offset.
    """
    index = bisect.bisect_right([region.start for region in regions], offset) - 1
    return index >= 0 and offset < regions[index].end


def prose_segments(text: str, regions: Sequence[Region]) -> Iterator[tuple[int, int]]:
    """Yield ``(start, end)`` spans of ``text`` that lie outside every region.

    Args:
        text: The scanned text.
        regions: Output of :func:`scan_regions` for ``text``.

    Yields:
        Offsets of the gaps between regions, in order; empty gaps are skipped.
    """
    position = 0
    for region in regions:
        if region.start > position:
            yield position, region.start
        position = max(position, region.end)
    if position < len(text):
        yield position, len(text)


class _Scanner:
    """One left-to-right pass over the text; see :func:`scan_regions`."""

    def __init__(self, text: str) -> None:
        self.text = text
        self.regions: list[Region] = []
        # Offsets where each line starts, to map an inline region's end back to a line.
        self.line_starts = [0, *(m.end() for m in re.finditer("\n", text))]
        # Memos that keep the scan linear on hostile input (thousands of unmatched openers):
        # the paragraph end last found, and closers known to be absent after an offset.
        self._paragraph: tuple[int, int] = (-1, -1)
        self._absent: dict[str, int] = {}  # closer -> offset after which it never occurs

    def scan(self, *, frontmatter: bool) -> list[Region]:
        text = self.text
        line = 0
        position = 0  # next offset to look at; may be mid-line after a multi-line region
        previous_blank = True  # the start of the text counts as after a blank line
        in_list = False
        in_indented_code = False
        if frontmatter:
            line, position = self._frontmatter()
        while line < len(self.line_starts):
            start = self.line_starts[line]
            end = text.find("\n", start)
            end = len(text) if end < 0 else end
            if position <= start:
                content = text[start:end]
                blank = not content.strip()
                indent = len(content.expandtabs(4)) - len(content.expandtabs(4).lstrip(" "))
                # Indented code: 4 spaces start code after a blank line; inside a list,
                # 4 spaces continue the item, so code needs 8.
                needed = 8 if in_list else 4
                if not blank and indent >= needed and (previous_blank or in_indented_code):
                    self._add("indented_code", start, end)
                    in_indented_code = True
                    previous_blank = False
                    line += 1
                    continue
                if not blank:
                    in_indented_code = False
                if (fence := RE_FENCE_OPEN.fullmatch(content)) and not (
                    fence["fence"][0] == "`" and "`" in fence["info"]
                ):
                    line = self._fence(line, fence["fence"])
                    previous_blank = False
                    continue
                if RE_LIST_ITEM.match(content):
                    in_list = True
                elif not blank and indent == 0 and previous_blank:
                    in_list = False
                previous_blank = blank
                position = start
            else:
                previous_blank = False
            position = self._inline(position, end)
            if position <= end:
                line += 1
            else:  # an inline region ended on a later line: go on from its end, mid-line
                line = bisect.bisect_right(self.line_starts, position) - 1
        return self.regions

    def _add(self, kind: RegionKind, start: int, end: int, *, closed: bool = True) -> None:
        self.regions.append(Region(kind, start, end, closed))

    def _frontmatter(self) -> tuple[int, int]:
        """Record a leading ``---`` YAML block; return the line and offset after it."""
        text = self.text
        if not text.startswith("---\n"):
            return 0, 0
        match = re.compile(r"^(?:---|\.\.\.)[ \t]*$", re.MULTILINE).search(text, 4)
        if match is None:
            return 0, 0
        self._add("frontmatter", 0, match.end())
        line = bisect.bisect_right(self.line_starts, match.end())
        return line, match.end()

    def _fence(self, line: int, opening: str) -> int:
        """Record a fenced block opening at ``line``; return the line after it."""
        text = self.text
        start = self.line_starts[line]
        for close in range(line + 1, len(self.line_starts)):
            close_start = self.line_starts[close]
            close_end = text.find("\n", close_start)
            close_end = len(text) if close_end < 0 else close_end
            match = RE_FENCE_CLOSE.fullmatch(text, close_start, close_end)
            if match and match["fence"][0] == opening[0] and len(match["fence"]) >= len(opening):
                self._add("fence", start, close_end)
                return close + 1
        self._add("fence", start, len(text), closed=False)
        return len(self.line_starts)

    def _paragraph_end(self, position: int) -> int:
        """Offset of the blank line that ends the paragraph holding ``position``."""
        searched_from, end = self._paragraph
        if searched_from <= position <= end:
            return end  # no blank line between searched_from and end, so none after position
        match = RE_BLANK_LINE.search(self.text, position)
        end = len(self.text) if match is None else match.start()
        self._paragraph = (position, end)
        return end

    def _find(self, closer: str, start: int) -> int:
        """Offset of ``closer`` (``$$`` unescaped) at or after ``start``, or -1; memoised."""
        if start >= self._absent.get(closer, len(self.text) + 1):
            return -1
        if closer == "$$":
            found = _find_unescaped(self.text, closer, start)
        else:
            found = self.text.find(closer, start)
        if found < 0:
            self._absent[closer] = start
        return found

    def _find_code_closer(self, run: int, start: int, stop: int) -> int:
        """Offset of the run of exactly ``run`` backticks closing a code span, or -1."""
        key = "`" * run + "@" + str(stop)  # absence is per run length and paragraph
        if start >= self._absent.get(key, stop + 1):
            return -1
        found = _find_run(self.text, "`", run, start, stop)
        if found < 0:
            self._absent[key] = start
        return found

    def _inline(self, position: int, line_end: int) -> int:
        """Scan one line from ``position`` for inline regions; return where to go on.

        The returned offset is past ``line_end`` when a region continued onto later lines.
        """
        index = position
        while index < line_end:
            # Jump to the next character that can open something (most text is prose).
            opener = RE_OPENER.search(self.text, index, line_end)
            if opener is None:
                break
            index = self._step(opener.start())
        return max(index, line_end)

    def _step(self, index: int) -> int:
        """Record the inline region that opens at ``index``, if any; return the next offset.

        Only a region's end can lie beyond the current line (a skipped character never
        is a newline), so a result past the line means "continue mid-line there".
        """
        text = self.text
        char = text[index]
        if char == "\\":
            after = text[index + 1 : index + 2]
            return index + (2 if after in _ASCII_PUNCTUATION else 1)
        if char == "`":
            run = _run_length(text, index, "`")
            closing = self._find_code_closer(run, index + run, self._paragraph_end(index))
            if closing < 0:
                return index + run
            self._add("code_span", index, closing + run)
            return closing + run
        if text.startswith("$$", index):
            found = self._find("$$", index + 2)
            if found < 0:
                return index + 2
            self._add("math_block", index, found + 2)
            return found + 2
        if char == "$":
            match = RE_INLINE_MATH.match(text, index, self._paragraph_end(index))
            if match is None:
                return index + 1
            self._add("math_inline", index, match.end())
            return match.end()
        if text.startswith("<!--", index):
            found = self._find("-->", index + 4)
            if found < 0:
                return index + 4
            self._add("html_comment", index, found + 3)
            return found + 3
        if text.startswith("%%", index):
            found = text.find("%%", index + 2)
            if found < 0:
                self._add("comment", index, len(text), closed=False)
                return len(text)
            self._add("comment", index, found + 2)
            return found + 2
        return index + 1


def _run_length(text: str, index: int, char: str) -> int:
    """Length of the run of ``char`` starting at ``index``."""
    end = index
    while end < len(text) and text[end] == char:
        end += 1
    return end - index


def _find_run(text: str, char: str, length: int, start: int, stop: int) -> int:
    """Offset of the next run of exactly ``length`` ``char`` in ``text[start:stop]``, or -1."""
    index = text.find(char, start, stop)
    while index >= 0:
        run = _run_length(text, index, char)
        if run == length and index + run <= stop:
            return index
        index = text.find(char, index + run, stop)
    return -1


def _find_unescaped(text: str, needle: str, start: int) -> int:
    """Offset of the next ``needle`` not preceded by a backslash escape, or -1."""
    index = text.find(needle, start)
    while index >= 0:
        backslashes = 0
        while index - backslashes - 1 >= start and text[index - backslashes - 1] == "\\":
            backslashes += 1
        if backslashes % 2 == 0:
            return index
        index = text.find(needle, index + 1)
    return -1
