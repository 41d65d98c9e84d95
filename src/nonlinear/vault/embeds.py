"""Note transclusion: ``![[Note]]``, ``![[Note#Heading]]`` and ``![[Note#^id]]``.

Runs in ``on_files`` for every published note (so every cycle is reported once, before any page
renders) and the hook hands the result to MkDocs in ``on_page_markdown``. Expansion works on the
Markdown source, so the embedded text goes through every later stage exactly like the host's own
text (callouts, math, MkDocs' link checks).

* An embed alone on its line (optionally after ``>`` quote or callout marks, a list marker, or
  as a list item's continuation line) is replaced by the embedded section's Markdown, wrapped in
  a ``div.transclusion`` whose first paragraph (``p.transclusion__source``) links to the source.
  At top level the wrapper is ``<div class="transclusion" markdown="1">`` (md_in_html). Inside
  quotes, callouts and list items md_in_html cannot open a block, so the lines get the
  container's prefix (list content indented by 4, Python-Markdown's tab length) and the wrapper
  is raw ``<div>``/``</div>`` alone in its paragraph, which Python-Markdown emits as a block.
  Embedded headings become heading-styled paragraphs in the source (attr_list: ``role=heading``,
  ``aria-level``), so they never enter the host's table of contents nor take its anchors. Both
  shapes render the same HTML. Needs md_in_html and attr_list (``wrap=False`` without them:
  the lines are only prefixed).
* A note embed inside a paragraph (``left ![[Leaf]] right``) is transcluded as a block where it
  stands, as Obsidian shows it: the paragraph is split around it. In a table row or a heading,
  where no block can go, it stays a link showing the note's name (also inside transclusions).
* A heading section runs to the next heading of the same or higher level, subsections included;
  a block is the paragraph or list item carrying the id, or the list/quote/table before a
  ``^id`` line. Block-id markers are removed from embedded text (no duplicate ids, no stray
  ``^id`` shown).
* Wiki links inside embedded text are rewritten to vault paths resolved from *their* note, so a
  relative or same-note link keeps pointing where its author meant. Relative Markdown links and
  images (inline and reference definitions; not in code) are rebased onto the host page, so
  ``[up](../../Top.md)`` in ``sub/deep/E.md`` becomes ``Top.md`` when ``index.md`` embeds it.
* Cycles are cut with a stack keyed on (note, section): the same section twice and diamonds are
  fine; a real cycle is replaced by a broken-link span and reported once with its chain. There is
  no depth cap.
"""

from __future__ import annotations

import html
import re
from collections.abc import Mapping
from dataclasses import dataclass, field
from urllib.parse import urlsplit

from nonlinear.vault.codeblocks import is_protected, scan_regions
from nonlinear.vault.diagnostics import Diagnostic
from nonlinear.vault.index import Note, VaultIndex
from nonlinear.vault.links import (
    RE_ATX_HEADING,
    RE_BLOCK_LINE,
    RE_BLOCK_MARKER,
    RE_LIST_ITEM,
    RE_MD_REF_DEF,
    RE_SETEXT_UNDERLINE,
    WikiLink,
    format_wikilink,
    markdown_link,
)
from nonlinear.vault.paths import SrcUri, folder, is_note, relative_href
from nonlinear.vault.resolve import Resolved, Resolver, chosen

# What may stand before an embed that is alone on its line: quote marks, then indentation, then
# a list marker.
RE_EMBED_PREFIX = re.compile(
    r"""^(?P<quote>(?:[ \t]*>[ \t]?)*)   # blockquote / callout marks, any depth
    (?P<indent>[ \t]*)                   # indentation (a list item's continuation)
    (?P<item>(?:[-*+]|\d+[.)])[ \t]+)?$  # a list marker: the embed is the item's text
    """,
    re.VERBOSE,
)
# The destination of an inline Markdown link or image: "](dest" or "](<dest with spaces>".
RE_MD_LINK_DEST = re.compile(r"\]\([ \t]*(?P<dest><[^<>\n]*>|[^\s()<>]+)")
OPAQUE_BLOCKS = frozenset({"fence", "indented_code", "math_block", "comment", "html_comment"})
# The container marks at the start of any line: quote marks, indentation, a list marker.
RE_LINE_CONTAINER = re.compile(
    r"^(?P<quote>(?:[ \t]*>[ \t]?)*)(?P<indent>[ \t]*)(?P<item>(?:[-*+]|\d+[.)])[ \t]+)?"
)
RE_QUOTE_MARKS = re.compile(r"^(?:[ \t]*>[ \t]?)*")
# Block syntax a demoted heading's text must not start with (it becomes a paragraph).
RE_BLOCK_START = re.compile(r"^(?:[-*+>#]|\d+(?=[.)]))")

Section = tuple[SrcUri, str]
"""(note, section key): ``""`` for the whole note, ``#anchor`` or ``^id``."""


@dataclass(frozen=True, slots=True)
class Expansion:
    """A note's Markdown with its transclusions expanded."""

    markdown: str
    cut: bool
    """Whether a cycle was cut somewhere inside (such results are not memoised)."""


@dataclass(slots=True)
class Transcluder:
    """Expands note embeds for the notes of one index."""

    index: VaultIndex
    resolver: Resolver
    wrap: bool = True
    """Wrap top-level transclusions in a md_in_html ``<div>`` (needs the md_in_html extension)."""
    diagnostics: list[Diagnostic] = field(default_factory=list)
    _seen_cycles: set[tuple[Section, ...]] = field(default_factory=set)
    _memo: dict[tuple[Section, bool, str], list[str]] = field(default_factory=dict)
    _opaque: dict[SrcUri, frozenset[int]] = field(default_factory=dict)

    def expand_note(self, src_uri: str) -> str | None:
        """Return the body of *src_uri* with its embeds expanded, or ``None`` if unchanged."""
        note = self.index.notes[SrcUri(src_uri)]
        if not any(link.embed and not link.markdown for link in note.links):
            return None
        lines, _cut = self._expand_range(
            note,
            note.body_line,
            note.body_line + note.body.count("\n"),
            ((note.src_uri, ""),),
            rewrite=False,
            host=note.src_uri,
        )
        text = "\n".join(lines)
        return None if text == note.body else text

    # -- sections ---------------------------------------------------------------------------

    def _section(self, note: Note, result: Resolved) -> tuple[str, int, int] | None:
        """Return (key, first line, last line) of what an embed names, or ``None`` if missing."""
        last_line = note.body_line + note.body.count("\n")
        if result.missing is not None:
            return None
        anchor = result.anchor or ""
        if anchor.startswith("^"):
            block = note.blocks.get(anchor[1:])
            if block is None:
                return None
            return anchor, block.start, block.end
        if result.heading is not None:
            heading = result.heading
            end = last_line
            for other in note.headings:
                if other.line > heading.line and other.level <= heading.level:
                    end = other.line - 1
                    break
            return "#" + anchor, heading.line, end
        return "", note.body_line, last_line

    # -- expansion --------------------------------------------------------------------------

    def _expand_range(
        self,
        note: Note,
        start: int,
        end: int,
        stack: tuple[Section, ...],
        *,
        rewrite: bool,
        host: SrcUri,
        nested: bool = False,
    ) -> tuple[list[str], bool]:
        """Expand lines *start*..*end* of *note*.

        Args:
            note: The note the lines belong to.
            start: First line (1-based, file numbering).
            end: Last line.
            stack: The sections being expanded (cycle detection).
            rewrite: The lines are embedded text: make their links vault-absolute and turn
                their headings into heading-styled paragraphs.
            host: The page the lines end up in (relative Markdown links are rebased to it).
            nested: The lines will sit inside a quote or list, where md_in_html cannot open a
                block, so their own embeds use the wrapper that works anywhere.
        """
        lines = note.body_lines(start, end)
        cut = False
        by_line: dict[int, list[WikiLink]] = {}
        for link in note.links:
            if start <= link.line <= end and not link.markdown:  # those are rebased below
                by_line.setdefault(link.line, []).append(link)
        headings = {h.line: h.level for h in note.headings} if rewrite and self.wrap else {}
        rebase = rewrite and folder(note.src_uri) != folder(host)
        opaque = self._opaque_lines(note) if rebase else frozenset()
        out: list[str] = []
        for offset, original in enumerate(lines):
            line = original
            number = start + offset
            replaced: list[str] | None = None
            after: list[str] = []  # what an embed inside the paragraph split off the line
            for link in sorted(by_line.get(number, ()), key=lambda k: -k.col):
                block = self._block_embed(
                    note, link, line, stack, lines[:offset], host=host, nested=nested
                )
                if block is not None:
                    replaced, was_cut = block
                    cut = cut or was_cut
                    break
                split = self._split_embed(
                    note, link, line, stack, lines[:offset], host=host, nested=nested
                )
                if split is not None:
                    line, block_lines, tail, was_cut = split
                    if rebase and number not in opaque:
                        tail = [self._rebase_links(note, t, host) for t in tail]
                    after = [*block_lines, *tail, *after]
                    cut = cut or was_cut
                    continue
                line, was_cut = self._inline(note, link, line, stack, rewrite=rewrite)
                cut = cut or was_cut
            if rebase and replaced is None and number not in opaque:
                line = self._rebase_links(note, line, host)
            following = lines[offset + 1] if offset + 1 < len(lines) else ""
            if after:
                out.extend(_end_quote([line, *after] if line.strip() else after, following))
            elif replaced is not None:
                out.extend(_end_quote(replaced, following))
            elif number in headings:
                out.extend(_demote_heading(line, headings[number]))
            elif (
                number - 1 in headings
                and RE_SETEXT_UNDERLINE.match(line)
                and not RE_ATX_HEADING.match(lines[offset - 1])
            ):
                continue  # the underline of a demoted setext heading
            else:
                out.append(line)
        if rewrite:
            out = _strip_block_markers(out)
        return out, cut

    def _target(self, link: WikiLink, source: SrcUri) -> tuple[Note, Resolved] | None:
        result = self.resolver.resolve(link, source)
        pick = chosen(result)
        if pick is None or not is_note(pick.src_uri):
            return None
        target = self.index.notes.get(pick.src_uri)
        if target is None or not target.published:
            return None
        return target, pick

    def _block_embed(
        self,
        note: Note,
        link: WikiLink,
        line: str,
        stack: tuple[Section, ...],
        above: list[str],
        *,
        host: SrcUri,
        nested: bool,
    ) -> tuple[list[str], bool] | None:
        """Expand an embed that stands alone on its line; ``None`` if it is not one.

        *above* holds the lines of the range before this one (to find an enclosing list item).
        """
        if not link.embed:
            return None
        before = line[: link.col - 1]
        after = line[link.col - 1 + len(link.raw) :]
        prefix = RE_EMBED_PREFIX.match(before)
        if prefix is None or after.strip() or not line[link.col - 1 :].startswith(link.raw):
            return None
        found = self._target(link, note.src_uri)
        if found is None:
            return None
        target, pick = found
        section = self._section(target, pick)
        if section is None:
            return None
        key, first, last = section
        here: Section = (target.src_uri, key)
        if here in stack:
            return [before + self._cycle(note, link, stack, here)], True
        source_link = format_wikilink(
            WikiLink(target.src_uri, (), None, caption(target.title + (f" > {key}" if key else "")))
        )
        if pick.anchor:
            # The heading path as written, not the anchor: "[[N#_1]]" names no heading when
            # the slug of a non-Latin heading is "_1".
            source_link = format_wikilink(
                WikiLink(
                    target.src_uri,
                    link.headings,
                    link.block_id,
                    caption(
                        target.title + " > " + (pick.heading.text if pick.heading else pick.anchor)
                    ),
                )
            )
        quote = prefix.group("quote")
        indent = prefix.group("indent")
        item = prefix.group("item")
        if not self.wrap:
            body, cut = self._memoised(target, here, first, last, stack, host=host, nested=True)
            continuation = quote + indent + " " * len(item or "")
            lines = [before + body[0] if body else before]
            lines.extend((continuation + b) if b.strip() else quote.rstrip() for b in body[1:])
            return lines, cut
        owner = None if item or not indent else _list_item_indent(above, len(indent))
        if not nested and not quote and not item and owner is None:
            # Top level: md_in_html opens the wrapper (it only reads raw HTML at the margin).
            body, cut = self._memoised(target, here, first, last, stack, host=host, nested=False)
            return (
                [
                    '<div class="transclusion" markdown="1">',
                    *_wrapped(source_link, body),
                    "",
                ],
                cut,
            )
        # Inside a quote, callout or list item: the wrapper is inline raw HTML alone in its
        # paragraph (Python-Markdown emits it as a block), the source link and the headings are
        # classed paragraphs (attr_list), so the result equals the top-level one.
        body, cut = self._memoised(target, here, first, last, stack, host=host, nested=True)
        blank = quote.rstrip()
        if item:
            # The item's first line opens the wrapper; its content is indented by 4, as
            # Python-Markdown wants (tab_length), whatever the marker's width.
            continuation = quote + " " * (len(indent) + 4)
            opening = [before + '<div class="transclusion">']
        else:
            # A continuation line of a list item (or of a quote's paragraph): end that
            # paragraph, then open the wrapper as the item's (or quote's) next block.
            continuation = quote + (" " * (owner + 4) if owner is not None else "")
            opening = [blank, continuation + '<div class="transclusion">']
        lines = [
            *opening,
            *((continuation + b) if b.strip() else blank for b in _wrapped(source_link, body)),
            blank,  # a next "- item" line must not join the closing "</div>" paragraph
        ]
        return lines, cut

    def _split_embed(
        self,
        note: Note,
        link: WikiLink,
        line: str,
        stack: tuple[Section, ...],
        above: list[str],
        *,
        host: SrcUri,
        nested: bool,
    ) -> tuple[str, list[str], list[str], bool] | None:
        """Transclude a note embed written inside a paragraph, as Obsidian does: as a block.

        The paragraph is split around the embed. Embeds in table rows and headings, where a
        block cannot go, stay links (``None``), as do cycles and missing targets.

        Returns:
            The line up to the embed, the transclusion's lines, the rest of the line (in the
            same container) and whether a cycle was cut.
        """
        col = link.col - 1
        if not (link.embed and self.wrap and line[col:].startswith(link.raw)):
            return None
        if "|" in line or any(h.line == link.line for h in note.headings):
            return None  # a table row, or a heading's text (ATX or setext: the index knows)
        found = self._target(link, note.src_uri)
        if found is None:
            return None
        target, pick = found
        section = self._section(target, pick)
        if section is None or (target.src_uri, section[0]) in stack:
            return None
        head, tail = line[:col], line[col + len(link.raw) :]
        prefix = RE_EMBED_PREFIX.match(head)
        if prefix is not None:  # the embed starts the line: the block takes the line's place
            container, above_block = head, above
            head = ""
        else:
            marks = RE_LINE_CONTAINER.match(head)
            assert marks is not None  # every group is optional
            quote, indent, item = marks["quote"], marks["indent"], marks["item"]
            owner = len(indent) if item else _list_item_indent([*above, head], len(indent) + 1)
            container = quote + (" " * (owner + 1) if owner is not None else "")
            above_block = [*above, head]
            head = head.rstrip()
        moved = WikiLink(
            link.target,
            link.headings,
            link.block_id,
            link.alias,
            link.embed,
            link.line,
            len(container) + 1,
            link.raw,
        )
        block = self._block_embed(
            note, moved, container + link.raw, stack, above_block, host=host, nested=nested
        )
        if block is None:
            return None
        block_lines, cut = block
        # The wrapper's closing line carries the prefix of the container's content (quote
        # marks, list indentation): the rest of the paragraph continues there.
        closing = next(b for b in reversed(block_lines) if b.rstrip().endswith("</div>"))
        continuation = closing[: closing.index("</div>")]
        blank = continuation.rstrip()
        if head and block_lines[0].strip(" >\t"):
            block_lines = [blank, *block_lines]  # end the paragraph before the wrapper
        rest = [blank, continuation + tail.strip()] if tail.strip() else []
        quote = RE_QUOTE_MARKS.match(continuation)
        if rest and quote is not None and continuation[quote.end() :]:
            rest.append(blank)  # in a list item: a next "- item" line must not join the text
        return head, block_lines, rest, cut

    def _memoised(
        self,
        target: Note,
        here: Section,
        first: int,
        last: int,
        stack: tuple[Section, ...],
        *,
        host: SrcUri,
        nested: bool,
    ) -> tuple[list[str], bool]:
        memo_key = (here, nested, folder(host))
        if memo_key in self._memo:
            return self._memo[memo_key], False
        body, cut = self._expand_range(
            target, first, last, (*stack, here), rewrite=True, host=host, nested=nested
        )
        if not cut:
            self._memo[memo_key] = body
        return body, cut

    def _opaque_lines(self, note: Note) -> frozenset[int]:
        """File lines of *note* inside fenced or indented code, display math or comments."""
        cached = self._opaque.get(note.src_uri)
        if cached is None:
            lines: set[int] = set()
            for region in scan_regions(note.body):
                if region.kind in OPAQUE_BLOCKS:
                    first = note.body.count("\n", 0, region.start)
                    last = note.body.count("\n", 0, max(region.start, region.end - 1))
                    if region.kind in {"fence", "indented_code", "math_block"} or last > first:
                        lines.update(range(note.body_line + first, note.body_line + last + 1))
            cached = self._opaque[note.src_uri] = frozenset(lines)
        return cached

    def _rebase_links(self, note: Note, line: str, host: SrcUri) -> str:
        """Rewrite the relative Markdown link destinations of *line* relative to *host*."""
        if "](" not in line and "]:" not in line:
            return line
        protected = scan_regions(line)
        edits: list[tuple[int, int, str]] = []
        definition = RE_MD_REF_DEF.match(line)
        matches = [*RE_MD_LINK_DEST.finditer(line), *([definition] if definition else [])]
        for m in matches:
            if not is_protected(protected, m.start("dest")):
                edits.append((m.start("dest"), m.end("dest"), self._rebase(note, m["dest"], host)))
        for start, end, new in sorted(edits, reverse=True):
            line = line[:start] + new + line[end:]
        return line

    def _rebase(self, note: Note, dest: str, host: SrcUri) -> str:
        """A relative destination written in *note*, made relative to *host* instead.

        As the host page would (``MarkdownLinkTreeprocessor``), a path that names no file
        relative to its note is resolved like a wiki link, but from the note that holds it.
        External URLs, absolute paths, same-page anchors and unresolvable paths are kept.
        """
        angle = dest.startswith("<")
        raw = dest[1:-1] if angle else dest
        link = markdown_link(raw)
        pick = chosen(self.resolver.resolve(link, note.src_uri)) if link is not None else None
        if pick is None:
            return dest
        parts = urlsplit(raw)
        new = relative_href(host, pick.src_uri)
        new += ("?" + parts.query if parts.query else "") + (
            "#" + parts.fragment if parts.fragment else ""
        )
        return f"<{new}>" if angle else new

    def _inline(
        self, note: Note, link: WikiLink, line: str, stack: tuple[Section, ...], *, rewrite: bool
    ) -> tuple[str, bool]:
        """Rewrite a link that stays inline: a cycle is cut; in embedded text, make it absolute."""
        col = link.col - 1
        if not line[col:].startswith(link.raw):
            return line, False
        if link.embed:
            found = self._target(link, note.src_uri)
            if found is not None:
                target, pick = found
                section = self._section(target, pick)
                if section is not None and (target.src_uri, section[0]) in stack:
                    span = self._cycle(note, link, stack, (target.src_uri, section[0]))
                    return line[:col] + span + line[col + len(link.raw) :], True
        if not rewrite:
            return line, False
        found_pick = chosen(self.resolver.resolve(link, note.src_uri))
        if found_pick is None:
            return line, False
        absolute = WikiLink(
            found_pick.src_uri,
            link.headings,
            link.block_id,
            # A note embed that stays a link shows the note's name, as a link does; a media
            # embed's alias is its size or alt text.
            link.text if not link.embed or is_note(found_pick.src_uri) else link.alias,
            link.embed,
        )
        written = format_wikilink(absolute)
        before, after = line[:col], line[col + len(link.raw) :]
        if "|" in before + after or "\\|" in link.raw:
            written = written.replace("|", "\\|", 1)  # a table cell: Obsidian's escaped pipe
        return before + written + after, False

    def _cycle(self, note: Note, link: WikiLink, stack: tuple[Section, ...], here: Section) -> str:
        """Report a cycle once (by its canonical rotation) and return the span replacing it."""
        chain = [*stack[stack.index(here) :], here]
        ring = chain[:-1]
        smallest = min(range(len(ring)), key=lambda i: ring[i])
        canonical = tuple(ring[smallest:] + ring[:smallest])
        shown = " → ".join(uri + key for uri, key in chain)
        if canonical not in self._seen_cycles:
            self._seen_cycles.add(canonical)
            self.diagnostics.append(
                Diagnostic(
                    note.src_uri,
                    link.line,
                    link.col,
                    "embed-cycle",
                    f"{link.raw} closes an embed cycle {shown}; it is shown as a plain "
                    "reference (remove one embed of the chain)",
                )
            )
        return (
            f'<span class="wikilink wikilink--broken" title="Embed cycle: {html.escape(shown)}">'
            f"{html.escape(link.text)}</span>"
        )


def caption(text: str) -> str:
    """*text* (a note's title, a heading) as the display text of a generated wiki link.

    A title is the vault's text: ``]]``, ``[[`` or a newline in it would end the generated link
    early and let the rest be read as Markdown and raw HTML. Brackets and ``&`` become character
    references (the link's text is printed as written, and the browser shows the characters),
    whitespace runs one space; ``<`` needs nothing, the link's text is escaped when rendered.
    """
    text = " ".join(text.split())
    return text.replace("&", "&amp;").replace("[", "&#91;").replace("]", "&#93;")


def _end_quote(lines: list[str], following: str) -> list[str]:
    """Turn a last ``>`` line into an empty one when the quote ends after *lines*.

    Python-Markdown would read a quote's last ``>`` line as part of the ``</div>`` paragraph.
    """
    last = lines[-1].strip()
    if last and not last.strip("> \t") and not following.lstrip().startswith(">"):
        return [*lines[:-1], ""]
    return lines


def _wrapped(source_link: str, body: list[str]) -> list[str]:
    """The inside of a transclusion wrapper: the source link paragraph, the body, ``</div>``."""
    return ["", source_link, "{: .transclusion__source }", "", *body, "", "</div>"]


def _demote_heading(line: str, level: int) -> list[str]:
    """Turn an ATX heading of embedded text into a heading-styled paragraph (attr_list).

    Embedded headings must not become headings of the host page: they would enter its table
    of contents and take anchors from the host's own headings.
    """
    atx = RE_ATX_HEADING.match(line)
    text = (atx.group("text") or "") if atx is not None else line  # setext: the text line
    text = text.strip()
    text = re.sub(r"[ \t]+#+$", "", text)
    start = RE_BLOCK_START.match(text)
    if start is not None:  # "## 1. Intro" or "## - x" must not turn into a list
        text = (
            text[: start.end()] + "\\" + text[start.end() :]
            if start.group()[0].isdigit()
            else "\\" + text
        )
    attrs = f".transclusion__heading .transclusion__heading--h{level}"
    return ["", text, "{: " + attrs + f' role="heading" aria-level="{level}" }}', ""]


def _list_item_indent(above: list[str], indent: int) -> int | None:
    """Indentation of the list item whose continuation is a line indented by *indent*.

    Walks up from the line: indented lines belong to the item; a line at the margin that is
    not a list item ends the search.
    """
    for raw in reversed(above):
        text = raw[RE_QUOTE_MARKS.match(raw).end() :]  # type: ignore[union-attr]
        if not text.strip():
            continue
        marker = RE_LIST_ITEM.match(text)
        width = len(text.expandtabs(4)) - len(text.expandtabs(4).lstrip(" "))
        if marker is not None and width < indent:
            return width
        if width == 0 and marker is None:
            return None
    return None


def _strip_block_markers(lines: list[str]) -> list[str]:
    """Drop ``^id`` marker lines and trailing `` ^id`` marks from embedded text."""
    out: list[str] = []
    for line in lines:
        if RE_BLOCK_LINE.match(line):
            continue
        marker = RE_BLOCK_MARKER.search(line)
        out.append(line[: marker.start()].rstrip() if marker else line)
    return out


def expand_all(
    index: VaultIndex, resolver: Resolver, *, wrap: bool = True
) -> tuple[Mapping[SrcUri, str], list[Diagnostic]]:
    """Expand the embeds of every published note.

    Returns:
        The expanded body of each note that changed, and the embed-cycle diagnostics.
    """
    transcluder = Transcluder(index, resolver, wrap=wrap)
    expanded: dict[SrcUri, str] = {}
    for uri in sorted(index.notes):
        if index.notes[uri].published:
            text = transcluder.expand_note(uri)
            if text is not None:
                expanded[uri] = text
    return expanded, transcluder.diagnostics
