"""The vault engine for one build: index, link check, transclusion, backlinks, graph.

The MkDocs hook (``hooks/wikilinks.py``) creates one :class:`Engine` per build in ``on_files``
from plain data — note texts, attachment paths, URLs, the toc slugify — and afterwards only asks
it questions. Nothing here imports MkDocs or logs.
"""

from __future__ import annotations

import posixpath
import re
from collections.abc import Callable, Iterable, Iterator, Mapping
from dataclasses import dataclass, field
from typing import Any
from urllib.parse import unquote, urlsplit

import markdown
from markdown.extensions.toc import slugify as toc_slugify

from nonlinear.vault.backlinks import Backlinks
from nonlinear.vault.diagnostics import Diagnostic
from nonlinear.vault.embeds import expand_all
from nonlinear.vault.graph import Graph, build_graph
from nonlinear.vault.index import Note, Slugify, SourceNote, VaultIndex, index_note
from nonlinear.vault.links import RE_WIKILINK, UnsafeMarkup
from nonlinear.vault.markdown_ext import RenderContext, WikiLinkExtension
from nonlinear.vault.paths import SrcUri, is_note, relative_url
from nonlinear.vault.permalinks import Move, plan_home, plan_permalinks, plan_urls
from nonlinear.vault.report import LinkCheck, check_links, report_chunks, summary
from nonlinear.vault.resolve import Ambiguous, Resolved, Resolver
from nonlinear.vault.safety import (
    RE_START_TAG,
    RawHtml,
    UnsafeHtml,
    read_raw_html,
    unsafe_message,
)


@dataclass(slots=True)
class Engine:
    """Everything the engine knows about one build of the vault."""

    index: VaultIndex
    resolver: Resolver
    check: LinkCheck
    expanded: Mapping[SrcUri, str]
    """Bodies with transclusions expanded (only notes that embed other notes)."""
    diagnostics: tuple[Diagnostic, ...]
    """Every content problem, sorted, each once."""
    urls: Mapping[str, str]
    """Site-root-relative URL of every published file (MkDocs' ``File.url``), permalinks applied."""
    moves: Mapping[SrcUri, Move] = field(default_factory=dict)
    """Notes served at their ``permalink`` instead of their path, and the home note served at
    the root (the hook moves the files)."""
    home: SrcUri | None = None
    """The home page note; ``None`` when no note is, and the hook generates one."""
    html_files: frozenset[str] = frozenset()
    """File names the published notes' raw HTML uses as addresses (``<img src=…>``)."""
    context: RenderContext = field(init=False)
    _backlinks: Backlinks | None = None
    _graph: Graph | None = None

    def __post_init__(self) -> None:
        self.context = RenderContext(self.resolver, self.media_url)

    @classmethod
    def build(
        cls,
        notes: Iterable[SourceNote],
        attachments: Iterable[str],
        slugify: Slugify,
        urls: Mapping[str, str],
        *,
        wrap_transclusions: bool = True,
        directory_urls: bool = True,
        home_page: str | None = None,
        indexer: Callable[[SourceNote, Slugify], Note] = index_note,
    ) -> Engine:
        """Index the vault and check every link.

        Args:
            notes: Every Markdown note (unpublished ones included, to recognise links to them).
            attachments: Every other file of the site.
            slugify: The toc extension's slugify.
            urls: ``src_uri`` → ``File.url`` of published files.
            wrap_transclusions: Wrap embedded notes in a md_in_html ``<div>``.
            directory_urls: MkDocs' ``use_directory_urls`` (for permalinks).
            home_page: The ``home_page`` setting (a vault path), if any.
            indexer: How one note is indexed (see :meth:`VaultIndex.build`).
        """
        index = VaultIndex.build(notes, slugify, attachments, index=indexer)
        resolver = Resolver(index, slugify)
        check = check_links(index, resolver)
        expanded, cycles = expand_all(index, resolver, wrap=wrap_transclusions)
        # URLs: every note by the URL rule, then the permalinks, then the home page.
        natural = plan_urls(index.notes.values(), urls, directory_urls=directory_urls)
        moves: dict[SrcUri, Move] = dict(natural.moves)
        planned: dict[str, str] = {**urls, **{uri: move.url for uri, move in moves.items()}}
        plan = plan_permalinks(index.notes.values(), planned, directory_urls=directory_urls)
        moves.update(plan.moves)
        properties = (
            Diagnostic(note.src_uri, p.line, p.col, p.kind, p.message)
            for note in index.notes.values()
            for p in note.frontmatter.problems
        )
        unsafe = [
            _unsafe_diagnostic(note.src_uri, u)
            for note in index.notes.values()
            if note.published
            for u in note.unsafe
        ]
        # A wiki link's text is escaped when rendered: never raw HTML (priority 185 > 90).
        # A note with no "<" before a letter has no start tag (most notes, and notes whose
        # only "<" open comments): nothing to blank or parse.
        raw: dict[SrcUri, RawHtml] = {
            uri: read_raw_html(RE_WIKILINK.sub(_blank, note.body))
            if RE_START_TAG.search(note.body)
            else RawHtml()
            for uri, note in index.notes.items()
            if note.published
        }
        unsafe.extend(
            _raw_html_diagnostic(index.notes[uri], found)
            for uri, html in raw.items()
            for found in html.unsafe
        )
        html_files = frozenset(_address_name(a) for html in raw.values() for a in html.addresses)
        moved: dict[str, str] = {**urls, **{uri: move.url for uri, move in moves.items()}}
        published = {uri: url for uri, url in moved.items() if index.published(uri)}
        home = plan_home(index.notes, published, setting=home_page, directory_urls=directory_urls)
        if home.move is not None and home.home is not None:
            moves[home.home] = home.move
            moved[home.home] = home.move.url
        # A move to where MkDocs puts the file anyway is none (a root README.md as home).
        moves = {uri: move for uri, move in moves.items() if move.url != urls.get(uri)}
        problems = {*check.diagnostics, *cycles, *natural.diagnostics, *plan.diagnostics}
        problems |= {*properties, *unsafe}
        diagnostics = tuple(sorted({*problems, *home.diagnostics}))
        return cls(
            index, resolver, check, expanded, diagnostics, moved, moves, home.home, html_files
        )

    def unpublished(self) -> list[SrcUri]:
        """Notes withheld from the site: ``publish: false``, or properties that cannot be read
        (the hook removes them from the site)."""
        return sorted(uri for uri, note in self.index.notes.items() if not note.published)

    def withheld_attachments(self) -> list[SrcUri]:
        """Attachments that only withheld notes link to or embed (the hook removes them too).

        A withheld note's image or PDF is as private as its text: published, it would sit at
        a guessable address. An attachment that a published note links to or embeds stays
        (it is on that page), and so does one that no note names (it is the vault's file). A
        withheld note's ambiguous link withholds every candidate, since any may be meant. A
        file whose name a published note's raw HTML uses as an address (``<img src=…>``,
        which no link records) stays too, so that no published page loses an image.
        """
        shown = {record.target for record in self.check.records if record.target is not None}
        named: set[SrcUri] = set()
        for uri, note in self.index.notes.items():
            if note.published:
                continue
            for link in note.links:
                match self.resolver.resolve(link, uri):
                    case Resolved(src_uri=target):
                        named.add(target)
                    case Ambiguous(candidates=candidates):
                        named.update(candidates)
        return sorted(
            t
            for t in named - shown
            if t not in self.index.notes and posixpath.basename(t) not in self.html_files
        )

    def markdown_for(self, src_uri: str, markdown: str) -> str:
        """The Markdown to render for a page: the note's body as the engine read it, expanded.

        The engine's body, not the text MkDocs split off itself: MkDocs renders a frontmatter
        block it cannot read as text, and reads a note's first lines as MultiMarkdown
        metadata (``Status: draft``) where Obsidian sees text. The page renders what the
        index read (links, lines and properties agree). Pages the engine did not index keep
        *markdown*.
        """
        note = self._published(src_uri)
        if note is None:
            return markdown
        return self.expanded.get(SrcUri(src_uri), note.body)

    def body_for(self, src_uri: str) -> str | None:
        """The note's own body as indexed (no embeds expanded), or ``None`` if not indexed."""
        note = self._published(src_uri)
        return None if note is None else note.body

    def meta_for(self, src_uri: str) -> dict[str, Any] | None:
        """The page metadata the theme may act on (``None`` if not indexed); see
        :meth:`~nonlinear.vault.frontmatter.Frontmatter.theme_meta`."""
        note = self._published(src_uri)
        return None if note is None else note.frontmatter.theme_meta()

    def title_for(self, src_uri: str) -> str | None:
        """Obsidian's title as plain text: frontmatter ``title``, else the first ``# H1`` (as
        MkDocs), else the file name. ``None`` for generated pages (notebooks), which keep the
        title their hook gives them."""
        note = self._published(src_uri)
        if note is None or not is_note(src_uri):
            return None
        return note.title

    def _published(self, src_uri: str) -> Note | None:
        """The published note at *src_uri*, or ``None``. A withheld note lends nothing to a
        page the site generates under its name (``index.md``, ``graph.md``, ``tags.md``...)."""
        note = self.index.notes.get(SrcUri(src_uri))
        return note if note is not None and note.published else None

    def media_url(self, page: str, target: str) -> str:
        """URL of *target* relative to the page built from *page*."""
        return relative_url(self.urls.get(page, ""), self.urls.get(target, target))

    def backlinks(self, src_uri: str) -> list[dict[str, Any]]:
        """Backlinks of a page in the templates contract form.

        Each is ``{"title", "url", "snippet", "spans", "mutual"}``: the snippet as plain text,
        its ``(kind, text)`` spans for rendering (see :mod:`nonlinear.vault.backlinks`), and
        whether the page links back to the source.
        """
        self.prepare_backlinks()
        assert self._backlinks is not None
        return [
            {
                "title": b.title,
                "url": self.urls.get(b.source, ""),
                "snippet": b.snippet,
                "spans": [(s.kind, s.text) for s in b.spans],
                "mutual": b.mutual,
            }
            for b in self._backlinks.of(src_uri)
        ]

    def prepare_backlinks(self) -> None:
        """Reverse the links now (else the first page that asks does); each page's snippets are
        cut when it asks."""
        if self._backlinks is None:
            self._backlinks = Backlinks(self.index, self.check.records)

    def graph(self) -> Graph:
        """The graph of published notes (computed once)."""
        if self._graph is None:
            self._graph = build_graph(
                self.index, self.check.records, lambda uri: self.urls.get(uri, "")
            )
        return self._graph

    def inbound_counts(self) -> dict[SrcUri, int]:
        """How many other notes link to each note (links and embeds, each source once)."""
        sources: dict[SrcUri, set[SrcUri]] = {}
        for record in self.check.records:
            if record.target is not None and record.target != record.source:
                sources.setdefault(record.target, set()).add(record.source)
        return {target: len(found) for target, found in sources.items()}

    def report_json(self) -> str:
        """``link-report.json``: every link, plus the embed cycles."""
        return "".join(self.report_chunks())

    def report_chunks(self) -> Iterator[str]:
        """:meth:`report_json` in pieces, to write to a file."""
        cycles = [d for d in self.diagnostics if d.kind == "embed-cycle"]
        return report_chunks(self.check.records, cycles)

    def summary(self) -> list[str]:
        """Human summary lines of the link report."""
        return summary(self.check.records, self.diagnostics)


DEFAULT_EXTENSIONS: tuple[str, ...] = (
    "toc",
    "tables",
    "attr_list",
    "md_in_html",
    "admonition",
    "footnotes",
    "pymdownx.superfences",
    "pymdownx.arithmatex",
)
"""The Markdown extensions of the site that matter to wiki links (for tests and tools)."""


@dataclass(frozen=True, slots=True)
class RenderedNote:
    """A note rendered outside MkDocs: HTML (hrefs still ``.md``) and the vault's diagnostics."""

    html: str
    diagnostics: tuple[Diagnostic, ...]
    engine: Engine


def render_note(
    vault: Mapping[str, str],
    src_uri: str,
    *,
    attachments: Iterable[str] = (),
    extensions: Iterable[str] = DEFAULT_EXTENSIONS,
) -> RenderedNote:
    """Render one note of an in-memory vault with the engine, as a page build would.

    Args:
        vault: ``src_uri`` → text of every note.
        src_uri: The note to render.
        attachments: Other files of the vault.
        extensions: Python-Markdown extensions besides ours.

    Returns:
        The HTML, and the diagnostics of the whole vault.
    """
    notes = [SourceNote(SrcUri(uri), text) for uri, text in vault.items()]
    files = [*vault, *attachments]
    urls = {uri: uri.removesuffix(".md") + "/" if uri.endswith(".md") else uri for uri in files}
    exts = list(extensions)
    engine = Engine.build(
        notes,
        attachments,
        toc_slugify,
        urls,
        wrap_transclusions={"md_in_html", "attr_list"} <= set(exts),
    )
    engine.context.src_uri = src_uri
    md = markdown.Markdown(
        extensions=[*exts, WikiLinkExtension(lambda: engine.context)],
        extension_configs={"pymdownx.arithmatex": {"generic": True}},
    )
    note = engine.index.notes[SrcUri(src_uri)]
    html = md.convert(engine.markdown_for(src_uri, note.body))
    return RenderedNote(html, engine.diagnostics, engine)


def _unsafe_diagnostic(src_uri: SrcUri, found: UnsafeMarkup) -> Diagnostic:
    """The report of a link or attribute list the page renders inert."""
    if found.what == "attribute":
        return Diagnostic(
            src_uri,
            found.line,
            found.col,
            "unsafe-attribute",
            f"{found.raw} sets the event handler '{found.detail}', which would run as a script; "
            "it is left out (attribute lists may set ids, classes and plain attributes)",
        )
    return Diagnostic(
        src_uri, found.line, found.col, "unsafe-url", f"{found.raw}: {unsafe_message(found.detail)}"
    )


def _address_name(address: str) -> str:
    """The file name a raw HTML address points at (query and fragment cut, %-escapes read)."""
    return posixpath.basename(unquote(urlsplit(address).path))


def _blank(match: re.Match[str]) -> str:
    return " " * len(match.group(0))


def _raw_html_diagnostic(note: Note, found: UnsafeHtml) -> Diagnostic:
    """The report of a raw HTML start tag that can run a script (rendered as written)."""
    line = note.body_line + note.body.count("\n", 0, found.offset)
    col = found.offset - (note.body.rfind("\n", 0, found.offset) + 1) + 1
    return Diagnostic(
        note.src_uri,
        line,
        col,
        "unsafe-html",
        f"raw HTML {found.raw} can run a script ({found.detail}); the site shows raw HTML as "
        "written, as MkDocs does (Obsidian would remove it): delete it unless you trust it",
    )
