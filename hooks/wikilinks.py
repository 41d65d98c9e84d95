"""MkDocs hook: the vault engine (wiki links, embeds, diagnostics, backlinks, graph, link report).

Thin adapter: MkDocs events in, :class:`nonlinear.vault.engine.Engine` calls out. Order of events:
``on_config`` resets the build state and registers the Markdown extension once; ``on_files``
indexes the whole vault (every page renders after it; notes the last build indexed are read
from ``.cache/index/``), moves notes with a ``permalink`` to
their URL, and reports every problem once;
``on_page_markdown`` hands MkDocs the note with transclusions expanded; ``on_env`` (every page
converted) drops the resolver's caches and reverses the links; ``on_page_context`` cuts
the page's backlinks and gives templates them and the graph; ``on_post_build`` writes
graph.json and link-report.json.
"""

from __future__ import annotations

import gc
from collections.abc import Iterator
from contextlib import contextmanager
from dataclasses import dataclass, field
from pathlib import Path
from typing import TYPE_CHECKING, Any

from markdown.extensions.toc import slugify as default_slugify
from markupsafe import escape
from mkdocs.exceptions import PluginError
from mkdocs.plugins import get_plugin_logger
from mkdocs.structure.files import File

from nonlinear.serve.output import write_site_file
from nonlinear.site.headings import plain_title
from nonlinear.site.home import home_entries, home_markdown
from nonlinear.site.index_store import NoteStore, store_path
from nonlinear.vault.diagnostics import Diagnostic, Kind, Level, parse_levels
from nonlinear.vault.engine import Engine
from nonlinear.vault.frontmatter import read_frontmatter
from nonlinear.vault.graph import graph_json_chunks
from nonlinear.vault.index import Slugify, SourceNote
from nonlinear.vault.markdown_ext import RenderContext, WikiLinkExtension
from nonlinear.vault.note_texts import NOTE_TEXTS
from nonlinear.vault.paths import SrcUri, is_note

if TYPE_CHECKING:
    from jinja2 import Environment
    from mkdocs.config.defaults import MkDocsConfig
    from mkdocs.structure.files import Files
    from mkdocs.structure.pages import Page

log = get_plugin_logger("nonlinear")
INDEX_STORE = ".cache/index"
"""Where the notes indexed by earlier builds are kept (nonlinear.site.index_store)."""


@dataclass(slots=True)
class BuildState:
    """Per-build state; reset in on_config because MkDocs never reloads hooks under `serve`."""

    slugify: Slugify = default_slugify
    levels: dict[Kind, Level] = field(default_factory=dict)
    engine: Engine | None = None


_STATE = BuildState()


def _context() -> RenderContext:
    if _STATE.engine is None:
        raise PluginError("nonlinear: a page rendered before on_files indexed the vault")
    return _STATE.engine.context


def on_config(config: MkDocsConfig, **kwargs: Any) -> MkDocsConfig:
    """Reset state, read settings, register the extension (its context is filled in on_files)."""
    global _STATE  # noqa: PLW0603  (one fresh state per build)
    _STATE = BuildState()
    gc.unfreeze()  # the previous build's index (under `mkdocs serve`) may be collected again
    settings = (config.extra.get("nonlinear") or {}).get("validation")
    try:
        _STATE.levels = parse_levels(settings)
    except ValueError as error:
        raise PluginError(f"mkdocs.yml: {error}") from error
    toc = config.mdx_configs.get("toc") or {}
    slugify, separator = toc.get("slugify", default_slugify), toc.get("separator", "-")
    # Anchors must be the toc extension's own: its slugify and its separator.
    _STATE.slugify = lambda value, _sep: str(slugify(value, separator))
    config.markdown_extensions.append(WikiLinkExtension(_context))  # type: ignore[arg-type]
    return config


def on_files(files: Files, *, config: MkDocsConfig) -> Files:
    """Index the vault, drop `publish: false` notes, report every problem once."""
    # Notes, plus pages other hooks generate as Markdown (the executed notebooks).
    pages = [
        f for f in files if is_note(f.src_uri) or (f.generated_by and f.is_documentation_page())
    ]
    indexed = {f.src_uri for f in pages}
    # One note at a time (read by hooks/vault.py): the index keeps what it needs of each text.
    notes = (SourceNote(SrcUri(f.src_uri), NOTE_TEXTS.of(f)) for f in pages)
    # Link targets are the vault's files and the generated ones, never the theme's assets.
    others = [
        f.src_uri
        for f in files
        if f.src_uri not in indexed and (f.generated_by or f.src_dir == config.docs_dir)
    ]
    kept = None  # notes the last build indexed (next to mkdocs.yml, never in the vault)
    if config.config_file_path:
        folder = Path(config.config_file_path).parent / INDEX_STORE
        kept = store_path(folder, config.docs_dir, _STATE.slugify)
    with _collector_paused():
        store = NoteStore(kept)  # unpickling the notes kept: no collection walks them either
        engine = Engine.build(
            notes,
            others,
            _STATE.slugify,
            {f.src_uri: f.url for f in files},
            # The transclusion box is raw HTML with Markdown inside and an attr_list class line.
            wrap_transclusions={"md_in_html", "attr_list"} <= set(config.markdown_extensions),
            directory_urls=config.use_directory_urls,
            home_page=_setting(config, "home_page"),
            indexer=store.index,
        )
    store.save()
    for uri in engine.unpublished():
        if (file := files.get_file_from_path(uri)) is not None:
            files.remove(file)
    withheld = [
        file
        for uri in engine.withheld_attachments()
        if (file := files.get_file_from_path(uri)) is not None and not file.generated_by
    ]
    for file in withheld:
        files.remove(file)
    if withheld:
        log.info(
            "left out %d attachment(s) that only withheld notes use: %s",
            len(withheld),
            ", ".join(f.src_uri for f in withheld),
        )
    for uri, move in engine.moves.items():  # notes served at their `permalink`
        if (file := files.get_file_from_path(uri)) is not None:
            file.dest_uri, file.url = move.dest_uri, move.url
            file.__dict__.pop("abs_dest_path", None)  # cached from the old dest_uri
    _STATE.engine = engine
    if engine.home is None and files.get_file_from_path("index.md") is None:
        # A site always has a home page: the vault has no home note, so list its notes.
        # Added after indexing: a listing is not a note (no backlinks, no graph edge).
        content = home_markdown(plain_title(config.site_name), home_entries(engine))
        files.append(File.generated(config, "index.md", content=content))
    # The index lives until the build ends: move it out of the cyclic collector's way, so each
    # of the ~900 collections while pages render does not walk its objects again (measured on
    # the 1,000-note bench vault: GC time 1.2 s -> 0.6 s, as in a build without the engine).
    # Still freed by reference counting; gc.unfreeze() in on_config hands it back to the
    # collector for the next build under `mkdocs serve`.
    gc.freeze()
    for diagnostic in engine.diagnostics:
        level = _STATE.levels[diagnostic.kind]
        if level == "warn":
            log.warning("%s", diagnostic)
        elif level == "info":
            log.info("%s", diagnostic)
    return files


@contextmanager
def _collector_paused() -> Iterator[None]:
    """Pause the cyclic garbage collector while the engine makes objects that live until the
    build ends (the index, the backlinks): a collection then would only walk them again, and
    more often as the vault grows (5,000 notes: 0.24 s of collections). Reference counting
    still frees; the few cycles made meanwhile are collected after (or frozen with the index,
    as before)."""
    enabled = gc.isenabled()
    gc.disable()
    try:
        yield
    finally:
        if enabled:
            gc.enable()


def _setting(config: MkDocsConfig, key: str) -> str | None:
    value = (config.extra.get("nonlinear") or {}).get(key)
    return str(value) if value is not None and str(value).strip() else None


def on_page_markdown(markdown: str, *, page: Page, **kwargs: Any) -> str:
    """Record the page being rendered; hand MkDocs the engine's reading of the note.

    Properties are the vault's data: ``page.meta`` becomes the few validated keys the theme
    may act on (a ``template:``, ``icon:`` or ``search:`` property changes nothing), the
    title is Obsidian's, escaped (the theme prints ``page.title`` unescaped in places), and
    the Markdown is the body the index read, with embeds expanded.
    """
    engine = _STATE.engine
    assert engine is not None
    src_uri = page.file.src_uri
    engine.context.src_uri = src_uri
    title = engine.title_for(src_uri) or page.title or page.file.name
    body = engine.body_for(src_uri)
    if page.file.generated_by:  # written by a hook or plugin of this site: its settings stand
        meta = dict(page.meta)
    else:  # the vault's: only the documented keys, validated (unindexed files by the same rules)
        meta = engine.meta_for(src_uri) or read_frontmatter(page.meta).theme_meta()
    # Material prints these unescaped (`content="{{ page.meta.description }}"`, `<title>`):
    # Markup values are the vault's text, escaped once, and `| e` leaves them alone.
    page.title = escape(title)
    if not page.is_homepage:
        # base.html's other branch prints `page.title | striptags`, which would unescape it.
        meta["title"] = page.title
    if "description" in meta:
        meta["description"] = escape(meta["description"])
    page.meta = meta
    if body is not None:
        page.markdown = body  # what later hooks read as the note's own text (tags, comments)
    return engine.markdown_for(src_uri, markdown)


def on_page_content(html: str, *, page: Page, **kwargs: Any) -> str:
    """Report a page that nested too deeply to render (it is shown as text)."""
    context = _context()
    for src_uri in context.too_deep:
        problem = Diagnostic(
            SrcUri(src_uri),
            1,
            1,
            "too-deep",
            "the note nests too deeply to render (emphasis, lists or quotes hundreds of "
            "levels deep); it is shown as plain text (flatten the nesting)",
        )
        level = _STATE.levels[problem.kind]
        if level == "warn":
            log.warning("%s", problem)
        elif level == "info":
            log.info("%s", problem)
    context.too_deep.clear()
    return html


def on_env(env: Environment, *, config: MkDocsConfig, files: Files) -> Environment:
    """Every page is converted: let the resolver's per-link answers go (the link records keep
    what backlinks, the graph and the link report need), and reverse the links, with the
    collector paused, before the first page's template asks (each page's snippets are cut when
    it is rendered: keeping every page's at once cost tens of megabytes at 5,000 notes)."""
    engine = _STATE.engine
    if engine is not None:
        engine.resolver.forget()
        with _collector_paused():
            engine.prepare_backlinks()
    return env


def on_page_context(context: dict[str, Any], *, page: Page, **kwargs: Any) -> dict[str, Any]:
    """Expose backlinks and the graph to templates (engine → templates contract)."""
    assert _STATE.engine is not None
    context["nonlinear"] = {
        "backlinks": _STATE.engine.backlinks(page.file.src_uri),
        "graph": _STATE.engine.graph(),
    }
    return context


def on_post_build(*, config: MkDocsConfig) -> None:
    """Write graph.json and link-report.json at the site root; log the summary."""
    engine = _STATE.engine
    if engine is None:
        return
    site = Path(config.site_dir)
    # Written piece by piece: a vault of tens of thousands of links would otherwise hold each
    # whole text, and its rows, at once (the build's peak memory).
    write_site_file(site / "graph.json", graph_json_chunks(engine.graph()))
    write_site_file(site / "link-report.json", engine.report_chunks())
    for line in engine.summary():
        log.info("%s", line)
