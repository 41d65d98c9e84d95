"""Note transclusion: ``![[Note]]``, ``![[Note#Heading]]`` and ``![[Note#^id]]``.

Runs in ``on_files`` for every published note (so every cycle is reported once, before any page
renders) and the hook hands the result to MkDocs in ``on_page_markdown``. Expansion works on the
Markdown source, so the embedded text goes through every later stage exactly like the host's own
text (callouts, math, MkDocs' link checks).

* An embed alone on its line (optionally after ``>`` quote marks or a list marker) is replaced by
  the embedded section's Markdown. At top level it is wrapped in
  ``<div class="transclusion" markdown="1">`` (md_in_html) whose first paragraph links to the
  source; inside quotes and lists the lines get the same prefix instead (md_in_html cannot open a
  block there).
* A heading section runs to the next heading of the same or higher level, subsections included;
  a block is the paragraph or list item carrying the id, or the list/quote/table before a
  ``^id`` line. Block-id markers are removed from embedded text (no duplicate ids, no stray
  ``^id`` shown).
* Wiki links inside embedded text are rewritten to vault paths resolved from *their* note, so a
  relative or same-note link keeps pointing where its author meant. (Plain Markdown links inside
  embedded text are relative to the host page: MkDocs resolves them; a known limit.)
* Cycles are cut with a stack keyed on (note, section): the same section twice and diamonds are
  fine; a real cycle is replaced by a broken-link span and reported once with its chain. There is
  no depth cap.
"""

from __future__ import annotations

import html
import re
from collections.abc import Mapping
from dataclasses import dataclass, field

from nonlinear.diagnostics import Diagnostic
from nonlinear.links import RE_BLOCK_LINE, RE_BLOCK_MARKER, WikiLink, format_wikilink
from nonlinear.paths import SrcUri, is_note
from nonlinear.resolve import Resolved, Resolver, chosen
from nonlinear.vault import Note, VaultIndex

RE_EMBED_PREFIX = re.compile(r"^(?P<quote>[ \t]*(?:>[ \t]?)*)(?P<item>(?:[-*+]|\d+[.)])[ \t]+)?$")

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
    _memo: dict[Section, list[str]] = field(default_factory=dict)

    def expand_note(self, src_uri: str) -> str | None:
        """Return the body of *src_uri* with its embeds expanded, or ``None`` if unchanged."""
        note = self.index.notes[SrcUri(src_uri)]
        if not any(link.embed for link in note.links):
            return None
        lines, _cut = self._expand_range(
            note,
            note.body_line,
            note.body_line + note.body.count("\n"),
            ((note.src_uri, ""),),
            rewrite=False,
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
        self, note: Note, start: int, end: int, stack: tuple[Section, ...], *, rewrite: bool
    ) -> tuple[list[str], bool]:
        """Expand lines *start*..*end* of *note*; *rewrite* makes its links vault-absolute."""
        lines = note.body_lines(start, end)
        cut = False
        by_line: dict[int, list[WikiLink]] = {}
        for link in note.links:
            if start <= link.line <= end:
                by_line.setdefault(link.line, []).append(link)
        out: list[str] = []
        for offset, original in enumerate(lines):
            line = original
            number = start + offset
            replaced: list[str] | None = None
            for link in sorted(by_line.get(number, ()), key=lambda k: -k.col):
                block = self._block_embed(note, link, line, stack)
                if block is not None:
                    replaced, was_cut = block
                    cut = cut or was_cut
                    break
                line, was_cut = self._inline(note, link, line, stack, rewrite=rewrite)
                cut = cut or was_cut
            if replaced is not None:
                out.extend(replaced)
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
        self, note: Note, link: WikiLink, line: str, stack: tuple[Section, ...]
    ) -> tuple[list[str], bool] | None:
        """Expand an embed that stands alone on its line; ``None`` if it is not one."""
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
        body, cut = self._memoised(target, here, first, last, stack)
        source_link = format_wikilink(
            WikiLink(target.src_uri, (), None, target.title + (f" > {key}" if key else ""))
        )
        if pick.anchor:
            source_link = format_wikilink(
                WikiLink(
                    target.src_uri,
                    (),
                    None,
                    target.title + " > " + (pick.heading.text if pick.heading else pick.anchor),
                )
            )
            source_link = source_link.replace("|", "#" + pick.anchor + "|", 1)
        quote = prefix.group("quote")
        item = prefix.group("item") or ""
        if not quote.strip() and not item and self.wrap:
            return (
                [
                    '<div class="transclusion" markdown="1">',
                    "",
                    source_link,
                    "",
                    *body,
                    "",
                    "</div>",
                    "",
                ],
                cut,
            )
        continuation = quote + " " * len(item)
        lines = [before + body[0] if body else before]
        lines.extend((continuation + b) if b.strip() else quote.rstrip() for b in body[1:])
        return lines, cut

    def _memoised(
        self, target: Note, here: Section, first: int, last: int, stack: tuple[Section, ...]
    ) -> tuple[list[str], bool]:
        if here in self._memo:
            return self._memo[here], False
        body, cut = self._expand_range(target, first, last, (*stack, here), rewrite=True)
        if not cut:
            self._memo[here] = body
        return body, cut

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
            link.alias if link.embed else link.text,
            link.embed,
        )
        return line[:col] + format_wikilink(absolute) + line[col + len(link.raw) :], False

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
