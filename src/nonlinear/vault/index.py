"""The vault index: the one parse of the vault, built in ``on_files`` before any page renders.

:meth:`VaultIndex.build` reads every note once (frontmatter, links with positions, headings
with their anchors, block ids) and knows every attachment by path. Everything later — hrefs,
embeds, backlinks, the graph, diagnostics, the link report — is a dictionary lookup here.
"""

from __future__ import annotations

import html
import re
import sys
from collections.abc import Callable, Iterable, Mapping, Sequence
from dataclasses import dataclass

from nonlinear.vault.frontmatter import Frontmatter, split_frontmatter
from nonlinear.vault.links import (
    RE_WIKILINK,
    BlockLine,
    HeadingLine,
    TextBlock,
    UnsafeMarkup,
    WikiLink,
    parse_inner,
    scan_note,
)
from nonlinear.vault.paths import Anchor, NoteKey, SrcUri, is_note, note_key, stem

Slugify = Callable[[str, str], str]
"""The toc extension's ``slugify(value, separator)``."""

# Markdown that renders to nothing or to its inner text, for turning a heading into plain text.
RE_HEADING_WIKILINK = re.compile(r"!?\[\[[^\[\]\n]+\]\]")
RE_HEADING_MDLINK = re.compile(r"!?\[([^\]]*)\]\([^)]*\)")
RE_HEADING_TAG = re.compile(r"<[^>]+>")
# Emphasis, strike, highlight, code; "_" only at word edges (x_y_z stays as is, as in Markdown).
RE_HEADING_EMPHASIS = re.compile(
    r"(?:(\*{1,3}|~~|==|`+)|(?<!\w)(_{1,3}))(?=\S)(.+?)(?<=\S)(?:\1|\2)(?!\w)"
)
RE_HEADING_ESCAPE = re.compile(r"\\([\\`*_{}\[\]()#+\-.!|])")
RE_LOOSE = re.compile(r"[\W_]+")


@dataclass(frozen=True, slots=True)
class SourceNote:
    """A Markdown file handed to the index: where it is and what it says."""

    src_uri: SrcUri
    text: str


@dataclass(frozen=True, slots=True)
class Heading:
    """A heading of a note with the anchor MkDocs' toc gives it."""

    level: int
    text: str
    """Plain text of the heading (what the reader sees)."""
    anchor: Anchor
    """The id the toc extension assigns (its slugify, made unique like toc's ``unique``)."""
    line: int
    parent: int | None
    """Index (in :attr:`Note.headings`) of the nearest enclosing heading, if any."""


@dataclass(frozen=True, slots=True)
class Note:
    """One indexed note."""

    src_uri: SrcUri
    name: str
    """The file name without ``.md``, as Obsidian shows it."""
    frontmatter: Frontmatter
    body: str
    """The text MkDocs renders (frontmatter removed)."""
    body_line: int
    """File line of the body's first line."""
    links: tuple[WikiLink, ...]
    """Links of the properties (frontmatter), then of the body, in file order."""
    headings: tuple[Heading, ...]
    blocks: Mapping[str, BlockLine]
    """Block ids (case-sensitive, as Obsidian) to the block they name."""
    head: tuple[str, ...] = ()
    """The file's lines before the body (the frontmatter block), for property-link snippets."""
    unsafe: tuple[UnsafeMarkup, ...] = ()
    """Links and attribute lists of the body the page renders inert (script URLs, ``on*``)."""
    text_blocks: tuple[TextBlock, ...] = ()
    """The prose blocks (paragraph, list item, heading, table) that hold the body's links."""

    @property
    def title(self) -> str:
        """Frontmatter ``title``, else a first ``# H1`` (as MkDocs), else the file name exactly."""
        if self.frontmatter.title:
            return self.frontmatter.title
        h1 = next((h.text for h in self.headings if h.level == 1), None)
        return h1 or self.name

    @property
    def published(self) -> bool:
        """Whether the note is part of the site.

        ``publish: false`` excludes it, and so does a ``publish`` that cannot be read or a
        frontmatter block that cannot be read at all (fail closed: it may say ``false``).
        """
        return self.frontmatter.publish

    def body_lines(self, start: int, end: int) -> list[str]:
        """Return file lines *start*..*end* (1-based, inclusive) of the body."""
        lines = self.body.split("\n")
        return lines[start - self.body_line : end - self.body_line + 1]


def heading_plain_text(markdown: str) -> str:
    """Reduce a heading's Markdown to the text its rendered HTML shows.

    Wiki links show their alias or target, Markdown links their text, emphasis and code their
    content; HTML tags vanish. This is the text toc's slugify sees.
    """
    text = RE_HEADING_WIKILINK.sub(
        lambda m: parse_inner(m.group(0).lstrip("!")[2:-2]).text, markdown
    )
    text = RE_HEADING_MDLINK.sub(lambda m: m.group(1), text)
    text = RE_HEADING_TAG.sub("", text)
    for _ in range(3):
        text = RE_HEADING_EMPHASIS.sub(lambda m: m.group(3), text)
    text = RE_HEADING_ESCAPE.sub(lambda m: m.group(1), text)
    return html.unescape(text).strip()


def loose_key(text: str) -> str:
    """Heading key that ignores case and punctuation: ``Part 1: Basics`` ≈ ``part 1 basics``."""
    return RE_LOOSE.sub(" ", note_key(text)).strip()


def _anchors(headings: Sequence[HeadingLine], slugify: Slugify) -> list[Heading]:
    """Give each heading toc's id: ``slugify(text, "-")``, then ``_1``, ``_2`` for repeats."""
    used: set[str] = set()
    result: list[Heading] = []
    stack: list[int] = []
    for h in headings:
        text = heading_plain_text(h.text)
        base = slugify(text, "-")
        anchor = base
        if anchor in used or not anchor:
            n = 1
            while f"{base}_{n}" in used:
                n += 1
            anchor = f"{base}_{n}"
        used.add(anchor)
        while stack and result[stack[-1]].level >= h.level:
            stack.pop()
        parent = stack[-1] if stack else None
        # Interned: headings recur across notes (Summary, References), as in links (links.py).
        text, anchor = sys.intern(text), sys.intern(anchor)
        result.append(Heading(h.level, text, Anchor(anchor), h.line, parent))
        stack.append(len(result) - 1)
    return result


def property_links(head: Sequence[str]) -> list[WikiLink]:
    """Wiki links written in a note's properties (``up: "[[Parent]]"``, list items too).

    Obsidian tracks them like links in the text (backlinks, graph, renaming), so the engine
    checks and counts them too. YAML comment lines are skipped; positions are file lines.

    Args:
        head: The file's lines before the body: ``---``, the YAML, ``---`` (and blank lines).
    """
    found: list[WikiLink] = []
    for number, text in enumerate(head, start=1):
        if number == 1 or text.lstrip().startswith("#"):
            continue
        for m in RE_WIKILINK.finditer(text):
            found.append(
                parse_inner(
                    m.group("inner"), embed=bool(m.group("bang")), line=number, col=m.start() + 1
                )
            )
    return found


def index_note(source: SourceNote, slugify: Slugify) -> Note:
    """Parse one note: frontmatter, links, headings with anchors, block ids."""
    split = split_frontmatter(source.text)
    scan = scan_note(split.body, split.body_line)
    head = tuple(source.text.split("\n", split.body_line - 1)[: split.body_line - 1])
    blocks: dict[str, BlockLine] = {}
    for block in scan.blocks:
        blocks.setdefault(block.block_id, block)
    return Note(
        src_uri=source.src_uri,
        name=stem(source.src_uri),
        frontmatter=split.frontmatter,
        body=split.body,
        body_line=split.body_line,
        links=(*property_links(head), *scan.links),
        headings=tuple(_anchors(scan.headings, slugify)),
        blocks=blocks,
        head=head,
        unsafe=scan.unsafe,
        text_blocks=scan.text_blocks,
    )


@dataclass(frozen=True, slots=True)
class VaultIndex:
    """Every note and attachment of the vault, with the lookup tables resolution needs."""

    notes: Mapping[SrcUri, Note]
    """Markdown notes by ``src_uri`` (unpublished ones included, so links to them are known)."""
    files: frozenset[SrcUri]
    """Every file of the vault, notes and attachments (generated figures included)."""
    by_path: Mapping[NoteKey, tuple[SrcUri, ...]]
    """Case-folded full path → files (several only when names differ just by case)."""
    by_name: Mapping[NoteKey, tuple[SrcUri, ...]]
    """Case-folded file name (with extension) → files with that name anywhere in the vault."""
    by_alias: Mapping[NoteKey, tuple[SrcUri, ...]]
    """Case-folded frontmatter alias → notes declaring it."""

    @classmethod
    def build(
        cls,
        notes: Iterable[SourceNote],
        slugify: Slugify,
        attachments: Iterable[str] = (),
        *,
        index: Callable[[SourceNote, Slugify], Note] = index_note,
    ) -> VaultIndex:
        """Index the vault.

        Args:
            notes: The Markdown notes with their text.
            slugify: The toc extension's slugify, so anchors match the rendered ids.
            attachments: ``src_uri`` of every other file (images, PDFs, notebooks, figures).
            index: How one note is indexed: :func:`index_note`, or a store of notes indexed
                by earlier builds (:class:`nonlinear.site.index_store.NoteStore`).

        Returns:
            The index.
        """
        indexed = {n.src_uri: index(n, slugify) for n in notes}
        files = set(indexed) | {SrcUri(a) for a in attachments}
        by_path: dict[NoteKey, list[SrcUri]] = {}
        by_name: dict[NoteKey, list[SrcUri]] = {}
        for uri in sorted(files):
            by_path.setdefault(note_key(uri), []).append(uri)
            by_name.setdefault(note_key(uri.rsplit("/", 1)[-1]), []).append(uri)
        by_alias: dict[NoteKey, list[SrcUri]] = {}
        for uri in sorted(indexed):
            for alias in indexed[uri].frontmatter.aliases:
                by_alias.setdefault(note_key(alias), []).append(uri)
        return cls(
            notes=indexed,
            files=frozenset(files),
            by_path={k: tuple(v) for k, v in by_path.items()},
            by_name={k: tuple(v) for k, v in by_name.items()},
            by_alias={k: tuple(dict.fromkeys(v)) for k, v in by_alias.items()},
        )

    def published(self, src_uri: str) -> bool:
        """Whether *src_uri* is part of the site (attachments always are)."""
        note = self.notes.get(SrcUri(src_uri))
        return note is None or note.published

    def is_note(self, src_uri: str) -> bool:
        """Whether *src_uri* is an indexed Markdown note."""
        return SrcUri(src_uri) in self.notes and is_note(src_uri)

    def names(self) -> list[str]:
        """Every published note name and alias (for did-you-mean suggestions)."""
        out: list[str] = []
        for note in self.notes.values():
            if note.published:
                out.append(note.name)
                out.extend(note.frontmatter.aliases)
        return out
