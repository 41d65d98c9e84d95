"""MkDocs hook: build speed — work the theme repeats for every page, done once per build.

Thin: the logic is in ``nonlinear.site.nav_cache``, ``nonlinear.site.pygments_cache``,
``nonlinear.site.search_view`` and the stores of what a build keeps for the next one.
Nothing here changes what is written: every page comes out byte for byte as without this hook.

* ``on_config``: Pygments' HTML formatter reuses each style's token tables
  (:func:`nonlinear.site.pygments_cache.share_stylesheets`) instead of making them again for
  every code block pymdownx.highlight formats: 5,174 formatters (the code blocks of the 2,000-note
  bench vault) cost 0.68 s CPU, 0.03 s with the tables shared.
* ``on_env``: Material's navigation sidebar is rendered through a memo
  (:class:`nonlinear.site.nav_cache.NavMemo`): a folder that does not hold the page being
  rendered is drawn once and reused by every page that would write it the same way. Measured
  on the 2,000-note bench vault with plain Material: templates 5.3 s -> 3.3 s CPU.
* ``on_page_content``, ``on_post_page``: every :data:`FREEZE_EVERY` pages, a full collection,
  then what is left is moved out of the cyclic collector's way (``gc.freeze()``): everything
  still alive then lives until the build ends (pages, their tables of contents, the search
  entries), and each later collection of the oldest generation walked all of it again, so GC
  time grew faster than the vault (2,000-note bench vault: GC 0.79 s -> 0.60 s CPU, and
  2,000 / 500 notes 4.9 -> 4.0). Nothing is leaked: frozen objects are still freed by reference
  counting, and ``hooks/wikilinks.py`` unfreezes them at the next build under ``mkdocs serve``.
* ``on_config``, ``on_post_build``: formulas converted by the last build are not converted again
  (:mod:`nonlinear.site.math_store`, under ``.cache/math/``): the knowledge base's warm build
  spent 0.15 s CPU on 830 conversions.
* ``on_config``, ``on_post_build``, ``on_build_error``: MkDocs converts every page with one
  Python-Markdown converter, reset between pages (:mod:`nonlinear.site.markdown_pool`),
  instead of building a new one with all its extensions per page: 1.6 s CPU of the 2,000-note
  bench vault's build.
* ``on_env``: the theme's templates compiled by the last build are not compiled again
  (:mod:`nonlinear.site.template_cache`, under ``.cache/jinja/``): about 60 templates, 0.4 s
  CPU of every build (under ``mkdocs serve``, hooks/incremental.py keeps them in memory).
* ``on_pre_build``: Material's search plugin strips its ``data-search-*`` attributes only from
  the pages that have some (its regular expression scanned every page, 33 ms for the handout).
  Its parser reads each page with its formulas as text
  (:func:`nonlinear.site.search_view.index_view`) instead of one MathML element per letter; the
  page itself is put back at once, and the index is the same. A page whose HTML, URL, title,
  table of contents and properties the last build met gets the entries that build made
  (:mod:`nonlinear.site.search_store`, under ``.cache/search/``): the parser's 3 s CPU of the
  2,000-note bench vault's warm build.
"""

from __future__ import annotations

import gc
import re
from pathlib import Path
from typing import TYPE_CHECKING, Any

import jinja2

from nonlinear.site import markdown_pool, math, math_store, search_store, template_cache
from nonlinear.site.nav_cache import MEMO_GLOBAL, NavMemo, rewrite_nav_template
from nonlinear.site.pygments_cache import share_stylesheets
from nonlinear.site.search import material_search_index
from nonlinear.site.search_view import index_view

if TYPE_CHECKING:
    from jinja2 import Environment
    from mkdocs.config.defaults import MkDocsConfig
    from mkdocs.structure.files import Files
    from mkdocs.structure.pages import Page


MATH_STORE = ".cache/math"
"""Where formulas converted by earlier builds are kept (next to mkdocs.yml, git-ignored)."""
TEMPLATE_STORE = ".cache/jinja"
"""Where the theme's templates compiled by earlier builds are kept."""
SEARCH_STORE = ".cache/search"
"""Where the search entries of earlier builds' pages are kept."""
_SEARCH: list[search_store.SearchStore | None] = [None]
"""This build's store of search entries (saved at on_post_build)."""
_MATH_FILE: list[Path | None] = [None]
"""This build's file of converted formulas (None: no configuration file to put it beside)."""

FREEZE_EVERY = 200
"""Pages converted or rendered between two ``gc.collect(); gc.freeze()``."""
_PAGES = [0]
"""Pages converted or rendered in this build."""

LAST_MEMO: NavMemo | None = None
"""The memo of the latest build (its counts are read by tests/sites/test_speed_hook.py)."""


class _NavLoader(jinja2.BaseLoader):
    """The theme's loader, with Material's navigation templates routed through the memo."""

    def __init__(self, inner: jinja2.BaseLoader) -> None:
        self.inner = inner

    def get_source(self, environment: Environment, template: str) -> tuple[str, str | None, Any]:
        source, filename, uptodate = self.inner.get_source(environment, template)
        return rewrite_nav_template(template, source), filename, uptodate

    def list_templates(self) -> list[str]:
        return self.inner.list_templates()


def on_config(config: MkDocsConfig, **kwargs: Any) -> MkDocsConfig:
    """Share Pygments' style tables between code blocks (before any page is converted)."""
    share_stylesheets()
    markdown_pool.install(markdown_pool.MarkdownPool())
    _PAGES[0] = 0
    path = None
    if config.config_file_path:
        path = math_store.store_path(Path(config.config_file_path).parent / MATH_STORE)
    _MATH_FILE[0] = path
    math.begin_build(math_store.load(path) if path else {})
    return config


def on_post_build(*, config: MkDocsConfig) -> None:
    """Keep this build's formulas and search entries for the next one, when it made new ones."""
    markdown_pool.uninstall()
    if _SEARCH[0] is not None:
        _SEARCH[0].save()
        _SEARCH[0] = None
    used, new = math.end_build()
    if new and _MATH_FILE[0] is not None:
        math_store.save(_MATH_FILE[0], used)


def on_build_error(**kwargs: Any) -> None:
    """A failed build leaves MkDocs as it found it (and keeps none of its search entries)."""
    markdown_pool.uninstall()
    _SEARCH[0] = None


def _page_done() -> None:
    """Count a page; every :data:`FREEZE_EVERY` pages, collect, then freeze what is left."""
    _PAGES[0] += 1
    if _PAGES[0] % FREEZE_EVERY == 0:
        gc.collect()  # walks only what is not frozen yet: the last pages' objects
        gc.freeze()


def on_page_content(html: str, **kwargs: Any) -> str:
    """A page is converted."""
    _page_done()
    return html


def on_post_page(output: str, **kwargs: Any) -> str:
    """A page is rendered."""
    _page_done()
    return output


def on_pre_build(*, config: MkDocsConfig) -> None:
    """Let Material's search index each page through its lighter view, or take the entries
    the last build made for it (after every on_config: the search plugin makes its index
    there, anew for each build)."""
    index = material_search_index(config.plugins)
    add = getattr(index, "add_entry_from_context", None)
    _SEARCH[0] = None
    if index is not None and add is not None:
        path = None
        if config.config_file_path:
            folder = Path(config.config_file_path).parent / SEARCH_STORE
            path = search_store.store_path(folder, config.docs_dir)
        kept = _SEARCH[0] = search_store.SearchStore(path)
        index.add_entry_from_context = _kept_entries(index, kept, _through_view(add))
    _strip_search_attributes_only_when_present(config)


RE_SEARCH_ATTRIBUTE = re.compile(r'data-search-\w+="[^"]+"')
"""What Material's expression removes, without its optional leading space: a literal start,
which the regular expression engine finds with a fast search."""


def _strip_search_attributes_only_when_present(config: MkDocsConfig) -> None:
    """Material's search plugin removes the ``data-search-*`` attributes from every page's
    HTML with a regular expression whose every whitespace is a possible start: 33 ms for the
    handout page alone, on every build (and every make serve rebuild). A page without an
    attribute that expression removes (one with a value: our figures' empty
    ``data-search-exclude`` stays) is left as it is; any other goes through Material's own
    method."""
    plugins = config.plugins
    plugin: Any = plugins.get("material/search") or plugins.get("search")
    if type(plugin).__module__ != "material.plugins.search.plugin":
        return
    events = plugins.events["page_context"]
    for place, method in enumerate(events):
        if getattr(method, "__self__", None) is not plugin:
            continue

        def on_page_context(
            context: Any,
            *,
            page: Page,
            config: MkDocsConfig,
            nav: Any,
            original: Any = method,
            search: Any = plugin,
        ) -> Any:
            if RE_SEARCH_ATTRIBUTE.search(page.content or ""):
                return original(context, page=page, config=config, nav=nav)
            if search.config.enabled:  # what Material's method does besides the attributes
                search.search_index.add_entry_from_context(page)
            return None

        events[place] = on_page_context
        plugins._event_origins[on_page_context] = plugins._event_origins.get(method, "search")


def _kept_entries(index: Any, kept: search_store.SearchStore, add: Any) -> Any:
    """``add`` (Material's indexer of one page), skipped for a page whose entries are kept."""

    def add_entry_from_context(page: Page) -> None:
        key = search_store.page_key(page.content or "", page.url, page.title, page.toc, page.meta)
        entries = kept.get(key)
        if entries is not None:
            index.entries.extend(entries)
            return
        before = len(index.entries)
        add(page)
        kept.put(key, index.entries[before:])

    return add_entry_from_context


def _through_view(add: Any) -> Any:
    """``add`` (Material's indexer of one page) reading the page's :func:`index_view`."""

    def add_entry_from_context(page: Page) -> None:
        content = page.content
        if not content:
            add(page)
            return
        page.content = index_view(content)
        try:
            add(page)
        finally:
            page.content = content

    return add_entry_from_context


def on_env(env: Environment, *, config: MkDocsConfig, files: Files) -> Environment:
    """Render the navigation through a fresh memo (every page is read: titles are final);
    read the templates compiled by the last build."""
    global LAST_MEMO  # noqa: PLW0603 - one memo per build
    memo = LAST_MEMO = NavMemo()
    url_filter = env.filters["url"]

    @jinja2.pass_context
    def url(context: jinja2.runtime.Context, value: str) -> str:
        written: str = url_filter(context, value)
        if memo.traces:
            memo.record(value, written)
        return written

    @jinja2.pass_context
    def nav(context: jinja2.runtime.Context, macro: Any, *args: Any) -> Any:
        return memo.render(
            context.get("page"), lambda value: url_filter(context, value), macro, *args
        )

    env.filters["url"] = url
    env.globals[MEMO_GLOBAL] = nav
    if env.loader is not None:
        env.loader = _NavLoader(env.loader)
    if env.bytecode_cache is None and config.config_file_path:
        folder = Path(config.config_file_path).parent / TEMPLATE_STORE
        env.bytecode_cache = template_cache.disk_bytecode_cache(folder, env)
    return env
