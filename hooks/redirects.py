"""MkDocs hook: redirect pages from old note URLs (kept as ``aliases``) to the note, and from
the path URL of a note served at its ``permalink``.

Thin: ``nonlinear.site.redirects`` plans and renders; this hook collects each page's aliases while
pages render and writes the redirect pages once the site is built.
"""

from __future__ import annotations

from pathlib import Path
from typing import TYPE_CHECKING, Any

from mkdocs.plugins import get_plugin_logger

from nonlinear.site.headings import plain_title
from nonlinear.site.redirects import PublishedNote, aliases_of, plan_redirects, render_redirect
from nonlinear.vault.permalinks import path_dest_uri

if TYPE_CHECKING:
    from mkdocs.config.defaults import MkDocsConfig
    from mkdocs.structure.files import Files
    from mkdocs.structure.pages import Page

log = get_plugin_logger("nonlinear")


# Reset in on_config: MkDocs keeps hook modules loaded across `mkdocs serve` rebuilds.
_NOTES: dict[str, tuple[PublishedNote, str]] = {}
_TAKEN: set[str] = set()


def on_config(config: MkDocsConfig, **kwargs: Any) -> MkDocsConfig:
    """Start a build with no notes collected."""
    _NOTES.clear()
    _TAKEN.clear()
    return config


def on_files(files: Files, **kwargs: Any) -> Files:
    """Remember every URL of the site: a redirect never replaces a real file."""
    _TAKEN.update(file.url for file in files)
    return files


def on_page_context(context: dict[str, Any], *, page: Page, **kwargs: Any) -> dict[str, Any]:
    """Collect the aliases of each rendered page (unpublished notes never render)."""
    aliases = aliases_of(page.meta)
    file = page.file
    if file.dest_uri != path_dest_uri(file.src_uri, directory_urls=file.use_directory_urls):
        # Served at its permalink (hooks/wikilinks.py): its path URL becomes a redirect.
        aliases = (*aliases, file.src_uri.rsplit("/", 1)[-1])
    if aliases:
        note = PublishedNote(page.file.src_uri, page.url, aliases)
        _NOTES[page.file.src_uri] = (note, plain_title(page.title or page.file.name))
    return context


def on_post_build(*, config: MkDocsConfig, **kwargs: Any) -> None:
    """Write one small HTML page at each old URL."""
    titles = {note.src_uri: title for note, title in _NOTES.values()}
    redirects, skipped = plan_redirects(
        (note for note, _ in _NOTES.values()),
        _TAKEN,
        directory_urls=config.use_directory_urls,
    )
    for alias in skipped:
        log.info("%s", alias)
    site = Path(config.site_dir)
    for redirect in redirects:
        target = site / redirect.path
        target.parent.mkdir(parents=True, exist_ok=True)
        page = render_redirect(
            redirect, site_url=config.site_url or "", title=titles[redirect.target.src_uri]
        )
        target.write_text(page, encoding="utf-8")
    log.info("redirects: %d old URLs kept by aliases", len(redirects))
