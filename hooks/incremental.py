"""MkDocs hook: under ``mkdocs serve``, a rebuild re-renders only what an edit changed.

Active only when ``on_startup`` says ``command="serve"``; any other build pays one flag test
per event. MkDocs rebuilds the whole site on every save, and every plugin runs every event for
every page as usual: that keeps everything site-wide complete (search index, tags index,
redirects, graph, print page; ``mkdocs serve --dirty`` loses them). What changes is that the
expensive steps of a page are not run again when what they read has not changed
(:mod:`nonlinear.serve.cache`):

1. **Markdown → HTML** (``Page.render``). Key: the code, the configuration, the tags index,
   the page itself and its final Markdown (embedded notes expanded). Kept while every link
   the page resolved still resolves the same (:meth:`RenderContext.still_answers`) and every
   file MkDocs looked up to write its URLs is still there at the same URL: a renamed heading,
   a new or moved note, a ``publish: false`` anywhere reach exactly the pages that link there.
   Kept: the HTML, the table of contents, the anchors, the log lines (replayed, so problems are
   reported on every rebuild) and the math problems.
2. **The page template** around it (Material's ``main.html``, the slowest step). Key: the
   above, the navigation (titles and URLs of every page) and everything the template context
   holds for the page: its content, title, metadata, neighbours, backlinks, local graph, cite
   box… (:func:`_page_repr`). A value the key cannot describe makes the key unique: a cost,
   never a stale page.
3. **Material's search entries** of a page, keyed on what the search plugin reads.
4. **The handout's section** of the print page for a note (hooks/handout.py), keyed on its
   arguments.
5. **Jinja's compiled templates** (a bytecode cache, checked against the template source).
6. **What the library can keep for the process** (switched on in ``on_startup``): every
   backlink snippet, not the few hundred a build keeps (:func:`keep_snippets`); the note index,
   read back from memory and written when serve stops (:func:`index_store.defer_saves`); the
   link graph, when a rebuild's is equal to the last, with its local drawings
   (:func:`graph_layout.keep_between_builds`).

hooks/serve.py, for its part, writes into the site folder only the files a rebuild changed
(:mod:`nonlinear.serve.output`).

Correctness test: tests/sites/test_incremental.py edits notes between builds in one process
and compares every file with a clean build, byte for byte. ``make bench`` measures the gain
(bench/bench_serve.py).
"""

from __future__ import annotations

import copy
import functools
import importlib.metadata
import logging
import os
from collections.abc import Callable, Iterator
from dataclasses import dataclass, field
from pathlib import Path, PurePath
from typing import TYPE_CHECKING, Any

import jinja2
from mkdocs.plugins import event_priority, get_plugin_logger
from mkdocs.structure.files import File
from mkdocs.structure.nav import Link, Section
from mkdocs.structure.pages import Page
from mkdocs.structure.toc import TableOfContents

import nonlinear
from nonlinear.serve import incremental
from nonlinear.serve.cache import (
    PageStore,
    Shared,
    configuration_files,
    describe_site_object,
    digest,
    file_parts,
    stable_repr,
    summaries,
)
from nonlinear.serve.templates import MemoryBytecodeCache, names_read
from nonlinear.site import graph_layout, handout, index_store
from nonlinear.site.math import MathExtension, MathProblem
from nonlinear.site.search import material_search_index
from nonlinear.site.search_store import copy_entries, page_key
from nonlinear.vault.backlinks import SNIPPETS_KEPT, keep_snippets
from nonlinear.vault.markdown_ext import Trace, WikiLinkExtension

if TYPE_CHECKING:
    from jinja2 import Environment
    from mkdocs.config.defaults import MkDocsConfig
    from mkdocs.structure.files import Files
    from mkdocs.structure.nav import Navigation

log = get_plugin_logger("nonlinear")
SERVE_SNIPPETS = 1 << 16
"""Backlink snippets kept under serve: every one of a vault of tens of thousands of links (about
a kilobyte each), where a build keeps a few hundred."""
PACKAGES = (
    "mkdocs",
    "mkdocs-material",
    "pymdown-extensions",
    "markdown",
    "jinja2",
    "mkdocs-jupyter",
)


@dataclass(frozen=True, slots=True)
class _Rendered:
    """What ``Page.render`` produced for a page, and what it asked of the rest of the build."""

    content: str
    toc: TableOfContents
    title: str | None
    anchors: frozenset[str]
    links_to_anchors: tuple[tuple[str, tuple[tuple[str, str], ...]], ...] | None
    trace: Trace
    files: tuple[tuple[str, tuple[str, str, str, str] | None], ...]
    """The files MkDocs looked up to turn hrefs into URLs, with what it found."""
    logged: tuple[tuple[str, int, str], ...]
    math: tuple[MathProblem, ...]


class _Recorder(logging.Handler):
    """Keeps what is logged while one page renders (to log it again when the page is kept)."""

    def __init__(self) -> None:
        super().__init__(logging.NOTSET)
        self.lines: list[tuple[str, int, str]] = []

    def emit(self, record: logging.LogRecord) -> None:
        """Keep the logger, the level and the final message."""
        self.lines.append((record.name, record.levelno, record.getMessage()))


@dataclass
class _State:
    """Kept across the builds of one ``mkdocs serve`` process."""

    active: bool = False
    build_key: str = ""
    """Code and configuration: when it changes, everything kept is dropped."""
    render_key: str = ""
    """The build key and the tags index (its URL is in every page's tag links)."""
    site_key: str = ""
    """The build key and the URL of every file."""
    nav_key: str = ""
    """The site key and the navigation."""
    renders: PageStore[_Rendered] = field(default_factory=lambda: PageStore("markdown"))
    templates: PageStore[str] = field(default_factory=lambda: PageStore("templates"))
    search: PageStore[list[Any]] = field(default_factory=lambda: PageStore("search"))
    prints: PageStore[tuple[str, int]] = field(default_factory=lambda: PageStore("print"))
    bytecode: MemoryBytecodeCache = field(default_factory=MemoryBytecodeCache)
    versions: str = ""
    handout_patched: Callable[..., tuple[str, int]] | None = None
    nav: Navigation | None = None
    shared: Shared = field(default_factory=dict)
    listed: dict[tuple[str, str, str | None], list[str]] = field(default_factory=dict)
    names_read: dict[tuple[str, str], frozenset[str] | None] = field(default_factory=dict)
    """Large containers given to many pages in this build (the graph), described once."""

    def stores(self) -> list[PageStore[Any]]:
        return [self.renders, self.templates, self.search, self.prints]


_STATE = _State()


def on_startup(*, command: str, **kwargs: Any) -> None:
    """Keep pages between builds only under ``mkdocs serve``."""
    _STATE.active = command == "serve" and incremental()
    # Every rebuild asks again for the backlink snippets of the pages it renders, and saves
    # the note index it reads back from memory.
    keep_snippets(SERVE_SNIPPETS if _STATE.active else SNIPPETS_KEPT)
    index_store.defer_saves(_STATE.active)
    graph_layout.keep_between_builds(_STATE.active)  # and the same graph's local drawings


def on_shutdown(**kwargs: Any) -> None:
    """Drop everything kept and give the handout its own function back."""
    _STATE.active = False
    keep_snippets(SNIPPETS_KEPT)
    index_store.defer_saves(False)  # writes the note index kept in memory
    graph_layout.keep_between_builds(False)
    for store in _STATE.stores():
        store.clear()
    if _STATE.handout_patched is not None:
        handout.rewrite_note_html = _STATE.handout_patched
        _STATE.handout_patched = None


@event_priority(100)  # first: the search plugin asks for a Jinja environment in its on_config
def on_config(config: MkDocsConfig, **kwargs: Any) -> MkDocsConfig:
    """Fingerprint the code and the configuration; give Jinja a compiled-template cache."""
    if not _STATE.active:
        return config
    build_key = _build_key(config)
    if build_key != _STATE.build_key:
        for store in _STATE.stores():
            store.clear()
        _STATE.build_key = build_key
    for store in _STATE.stores():
        store.begin()
    _STATE.shared = {}
    theme = config.theme
    get_env = theme.get_env

    def cached_env() -> jinja2.Environment:
        env = get_env()
        env.bytecode_cache = _STATE.bytecode
        list_templates = env.list_templates

        def listed(extensions: Any = None, filter_func: Any = None) -> list[str]:
            # MkDocs lists the theme's files on every build (a walk of its folders); they
            # change only with the code (custom_dir is in the build key).
            key = (build_key, str(extensions), getattr(filter_func, "__qualname__", None))
            if key not in _STATE.listed:
                _STATE.listed = {key: list_templates(extensions, filter_func)}
            return list(_STATE.listed[key])

        env.list_templates = listed  # type: ignore[method-assign]
        return env

    theme.get_env = cached_env  # type: ignore[method-assign]  # this build's theme only
    return config


@event_priority(-100)  # last: every file is known, every hook has added its own
def on_files(files: Files, *, config: MkDocsConfig) -> Files:
    """Fingerprint the site's files; keep search entries and handout sections per page."""
    if not _STATE.active:
        return files
    _STATE.site_key = digest(_STATE.build_key, _files_repr(files))
    _STATE.render_key = digest(_STATE.build_key, _tags_repr(files, config))
    index = material_search_index(config.plugins)
    if index is not None and hasattr(index, "add_entry_from_context"):
        index.add_entry_from_context = functools.partial(
            _search_entries, index, index.add_entry_from_context
        )
    _patch_handout()
    return files


@event_priority(-100)  # after mkdocs-jupyter, which gives .ipynb pages a render of their own
def on_pre_page(page: Page, *, config: MkDocsConfig, files: Files) -> Page:
    """Let the page's Markdown render be kept (unless a plugin renders this page itself)."""
    if _STATE.active and "render" not in vars(page):
        page.render = functools.partial(_render, page)  # type: ignore[method-assign]
    return page


@event_priority(-100)  # last: hooks/handout.py puts its page last in the navigation
def on_nav(nav: Navigation, *, config: MkDocsConfig, files: Files) -> Navigation:
    """Remember the navigation (its titles are final once every page is read, at on_env)."""
    if _STATE.active:
        _STATE.nav = nav
    return nav


@event_priority(-100)  # after Material's tags plugin filled the listings (priority 100)
def on_env(env: Environment, *, config: MkDocsConfig, files: Files) -> Environment:
    """Fingerprint the navigation; keep each page's template output."""
    if not _STATE.active:
        return env
    nav = _nav_repr(_STATE.nav.items) if _STATE.nav is not None else None
    _STATE.nav_key = digest(_STATE.site_key, stable_repr(nav, describe_site_object))
    get_template = env.get_template

    def kept_template(name: Any, parent: str | None = None, globals: Any = None) -> Any:
        template = get_template(name, parent, globals)
        # Jinja asks with a parent for {% extends %} and {% include %}: those stay real.
        return template if parent is not None else _KeptTemplate(template)

    env.get_template = kept_template  # type: ignore[method-assign]  # this build's env only
    return env


@event_priority(-90)
def on_post_build(*, config: MkDocsConfig) -> None:
    """Forget removed pages; say what was kept."""
    if not _STATE.active:
        return
    for store in _STATE.stores():
        store.end()
    _STATE.shared = {}
    log.info("incremental: %s", summaries(_STATE.stores()))


# -- 1. Markdown to HTML -------------------------------------------------------------------------


def _render(page: Page, config: MkDocsConfig, files: Files) -> None:
    """``Page.render``, or what it produced last time when nothing it read has changed."""
    assert page.markdown is not None
    context = _render_context(config)
    file = page.file
    key = digest(
        _STATE.render_key,
        file.src_uri,
        file.dest_uri,
        file.url,
        str(file.inclusion),
        str(file.generated_by),
        str(file.src_dir),
        page.markdown,
    )

    def still_valid(kept: _Rendered) -> bool:
        if context is None and (kept.trace.links or kept.trace.media):
            return False
        if context is not None and not context.still_answers(kept.trace):
            return False
        known = files.src_uris
        return all(_file_facts(known.get(uri)) == f for uri, f in kept.files)

    kept = _STATE.renders.get(file.src_uri, key, valid=still_valid)
    if kept is not None:
        _restore(page, kept, config, files)
        return
    math = _math(config)
    math_before = len(math.problems) if math is not None else 0
    recorder = _Recorder()
    logging.getLogger("mkdocs").addHandler(recorder)
    trace = Trace()
    asked = _RecordingFiles(files)
    if context is not None:
        context.trace = trace
    try:
        Page.render(page, config, asked)  # type: ignore[arg-type]  # duck-typed Files
    finally:
        logging.getLogger("mkdocs").removeHandler(recorder)
        if context is not None:
            context.trace = None
    if asked.opaque:  # MkDocs read the file list some other way: keep nothing
        return
    assert page.content is not None
    links = page.links_to_anchors
    _STATE.renders.put(
        file.src_uri,
        key,
        _Rendered(
            content=page.content,
            toc=copy.deepcopy(page.toc),
            title=page._title_from_render,
            anchors=frozenset(page.present_anchor_ids or ()),
            links_to_anchors=None
            if links is None
            else tuple((f.src_uri, tuple(anchors.items())) for f, anchors in links.items()),
            trace=trace,
            files=tuple(asked.asked),
            logged=tuple(recorder.lines),
            math=tuple(math.problems[math_before:]) if math is not None else (),
        ),
    )


def _file_facts(file: File | None) -> tuple[str, str, str, str] | None:
    """What MkDocs' link rewriting reads of a file it looked up."""
    if file is None:
        return None
    return (file.src_uri, file.url, file.dest_uri, str(file.inclusion))


class _RecordingFiles:
    """The site's files, recording each lookup made while a page renders.

    MkDocs' relpath treeprocessor asks ``get_file_from_path`` for every link and image; any
    other use of the file list makes the page's HTML depend on all of it (``opaque``).
    """

    def __init__(self, files: Files) -> None:
        self.files = files
        self.asked: list[tuple[str, tuple[str, str, str, str] | None]] = []
        self.opaque = False

    def get_file_from_path(self, path: str) -> File | None:
        """Look *path* up, and remember what was found (under the ``src_uri`` MkDocs makes of
        the path, so a kept page checks it again with a plain lookup)."""
        uri = PurePath(path).as_posix()
        found = self.files.src_uris.get(uri)
        self.asked.append((uri, _file_facts(found)))
        return found

    def __getattr__(self, name: str) -> Any:
        self.opaque = True
        return getattr(self.files, name)

    def __iter__(self) -> Iterator[File]:
        self.opaque = True
        return iter(self.files)

    def __len__(self) -> int:
        self.opaque = True
        return len(self.files)

    def __contains__(self, item: object) -> bool:
        self.opaque = True
        return any(item is f for f in self.files)


def _restore(page: Page, kept: _Rendered, config: MkDocsConfig, files: Files) -> None:
    page.content = kept.content
    page.toc = copy.deepcopy(kept.toc)
    page._title_from_render = kept.title
    page.present_anchor_ids = set(kept.anchors)
    if kept.links_to_anchors is not None:
        page.links_to_anchors = {}
        for src_uri, anchors in kept.links_to_anchors:
            target = files.src_uris.get(src_uri)
            if target is not None:
                page.links_to_anchors[target] = dict(anchors)
    for name, level, message in kept.logged:
        logging.getLogger(name).log(level, "%s", message)
    math = _math(config)
    if math is not None:
        math.problems.extend(kept.math)


def _render_context(config: MkDocsConfig) -> Any:
    for extension in config.markdown_extensions:
        if isinstance(extension, WikiLinkExtension):
            return extension.context()
    return None


def _math(config: MkDocsConfig) -> MathExtension | None:
    extensions: list[Any] = list(config.markdown_extensions)
    return next((e for e in extensions if isinstance(e, MathExtension)), None)


# -- 2. The page template ------------------------------------------------------------------------

# Context entries the key covers otherwise: the configuration and the navigation (in the nav
# key), the page (described on its own), and what MkDocs derives from the page's URL.
_COVERED = frozenset(
    {
        "config",
        "nav",
        "pages",
        "page",
        "base_url",
        "extra_css",
        "extra_javascript",
        "mkdocs_version",
        "build_date_utc",
    }
)


class _KeptTemplate:
    """A page template whose output is kept per page (other templates render as usual)."""

    def __init__(self, template: jinja2.Template) -> None:
        self.template = template

    def __getattr__(self, name: str) -> Any:
        return getattr(self.template, name)

    def render(self, context: dict[str, Any]) -> str:
        page = context.get("page")
        if not _STATE.active or not isinstance(page, Page):
            return self.template.render(context)
        date = context.get("build_date_utc")
        named = _names_read(self.template)
        extra = {
            k: v for k, v in context.items() if k not in _COVERED and (named is None or k in named)
        }
        key = digest(
            _STATE.nav_key,
            str(self.template.name),
            str(date.date() if date is not None else None),
            _page_repr(page),
            stable_repr(extra, describe_site_object, shared=_STATE.shared),
        )
        kept = _STATE.templates.get(page.file.src_uri, key)
        if kept is not None:
            return kept
        output = self.template.render(context)
        _STATE.templates.put(page.file.src_uri, key, output)
        return output


def _names_read(template: jinja2.Template) -> frozenset[str] | None:
    """The context variables the page template can read (kept per template and build key)."""
    key = (_STATE.build_key, str(template.name))
    if key not in _STATE.names_read:
        env = template.environment
        _STATE.names_read[key] = names_read(env, str(template.name), env.list_templates)
    return _STATE.names_read[key]


# Page attributes described on their own, or derived from others the key holds.
_PAGE_SKIP = frozenset(
    {
        "file",
        "markdown",
        "parent",
        "previous_page",
        "next_page",
        "links_to_anchors",
        "present_anchor_ids",
        "active",
        "render",  # this hook's own wrapper
    }
)


def _page_repr(page: Page) -> str:
    """Everything a template can read about the page being rendered."""
    neighbours = [
        (other.title, other.url) if other is not None else None
        for other in (page.previous_page, page.next_page)
    ]
    ancestors = [(item.title, getattr(item, "url", None)) for item in page.ancestors]
    described = {
        "file": describe_site_object(page.file),
        "title": page.title,
        "url": page.url,
        "abs_url": page.abs_url,
        "canonical_url": page.canonical_url,
        "edit_url": page.edit_url,
        "is_homepage": page.is_homepage,
        "is_index": page.is_index,
        "update_date": page.update_date,
        "neighbours": neighbours,
        "ancestors": ancestors,
        "attributes": {k: v for k, v in vars(page).items() if k not in _PAGE_SKIP},
    }
    return stable_repr(described, describe_site_object, shared=_STATE.shared)


def _nav_repr(items: list[Any]) -> list[Any]:
    """What the navigation shows on any page: titles, URLs, order, and the nav metadata."""
    out: list[Any] = []
    for item in items:
        if isinstance(item, Page):
            meta = item.meta or {}
            nav_meta = {k: meta.get(k) for k in ("icon", "status", "subtitle", "title")}
            out.append(("page", item.title, item.url, item.is_index, nav_meta))
        elif isinstance(item, Section):
            out.append(("section", item.title, _nav_repr(item.children)))
        elif isinstance(item, Link):
            out.append(("link", item.title, item.url))
        else:
            out.append(item)  # unknown: stable_repr makes the key unique
    return out


# -- 3. Search entries, 4. handout sections ---------------------------------------------------


def _search_entries(index: Any, original: Callable[[Page], None], page: Page) -> None:
    """Material's ``add_entry_from_context``, or the entries it made last time."""
    key = digest(
        _STATE.build_key,
        page_key(page.content or "", page.url, page.title, page.toc, page.meta),
    )
    kept = _STATE.search.get(page.file.src_uri, key)
    if kept is None:
        before = len(index.entries)
        original(page)
        _STATE.search.put(page.file.src_uri, key, copy_entries(index.entries[before:]))
    else:
        index.entries.extend(copy_entries(kept))


def _patch_handout() -> None:
    """Keep the handout's rewrite of each note (hooks/handout.py; its slowest step)."""
    if _STATE.handout_patched is not None:
        return
    original: Callable[..., tuple[str, int]] = handout.rewrite_note_html
    _STATE.handout_patched = original

    def kept_rewrite(html: str, **kwargs: Any) -> tuple[str, int]:
        if not _STATE.active:
            return original(html, **kwargs)
        targets = kwargs.get("targets")
        known = _STATE.shared.get(id(targets))
        if known is None:  # the same mapping for every note of the build: described once
            known = (targets, stable_repr(targets))
            _STATE.shared[id(targets)] = known
        rest = {k: v for k, v in kwargs.items() if k != "targets"}
        key = digest(html, known[1], stable_repr(rest))
        kept = _STATE.prints.get(str(kwargs.get("page_url")), key)
        if kept is None:
            kept = original(html, **kwargs)
            _STATE.prints.put(str(kwargs.get("page_url")), key, kept)
        return kept

    handout.rewrite_note_html = kept_rewrite


# -- fingerprints ----------------------------------------------------------------------------------


def _build_key(config: MkDocsConfig) -> str:
    """The code, the installed versions, the configuration files and the environment."""
    if not _STATE.versions:
        _STATE.versions = ",".join(
            f"{name}={importlib.metadata.version(name)}" for name in PACKAGES
        )
    config_file = Path(config.config_file_path) if config.config_file_path else None
    return digest(
        _STATE.versions,
        stable_repr(sorted(os.environ.items())),
        *file_parts(configuration_files(config_file, Path(config.docs_dir))),
        *file_parts(_code_files(config)),
    )


def _code_files(config: MkDocsConfig) -> Iterator[Path]:
    hooks: Any = config.hooks or {}
    for module in hooks.values() if isinstance(hooks, dict) else hooks:
        if getattr(module, "__file__", None):
            yield Path(module.__file__)
    package = Path(nonlinear.__file__).parent
    yield from sorted(package.rglob("*.py"))
    custom = config.theme.custom_dir
    if custom:
        yield from sorted(p for p in Path(custom).rglob("*") if p.is_file())


def _files_repr(files: Files) -> str:
    """Every file of the site with its URL."""
    rows = [(f.src_uri, f.dest_uri, f.url, str(f.inclusion), f.generated_by) for f in files]
    return stable_repr(sorted(rows, key=lambda row: row[0]))


def _tags_repr(files: Files, config: MkDocsConfig) -> str:
    """The pages that may be the tags index: a page holding the listing, or ``tags.md``."""
    plugin = config.plugins.get("material/tags") or config.plugins.get("tags")
    directive = getattr(getattr(plugin, "config", None), "listings_directive", "material/tags")
    marker = f"<!-- {directive}"
    rows = [
        (f.src_uri, f.url)
        for f in files.documentation_pages()
        if f.src_uri == "tags.md" or (f.src_uri.endswith(".md") and marker in f.content_string)
    ]
    return stable_repr(sorted(rows))
