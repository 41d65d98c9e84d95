"""MkDocs hook: redirect pages from old note URLs (kept as ``aliases``) to the note, and from
the path URL of a note served at its ``permalink``.

Thin: ``nonlinear.site.redirects`` plans and renders; this hook collects each page's aliases while
pages render and writes the redirect pages once the site is built.
"""

from __future__ import annotations

from pathlib import Path
from typing import TYPE_CHECKING, Any

from mkdocs.exceptions import PluginError
from mkdocs.plugins import get_plugin_logger

from nonlinear.serve.output import staged_site, write_site_file
from nonlinear.site.headings import plain_title
from nonlinear.site.redirects import (
    PublishedNote,
    SkippedAlias,
    alias_line,
    aliases_of,
    occupied_in,
    plan_redirects,
    render_redirect,
)
from nonlinear.vault.diagnostics import Diagnostic, Kind, Level, parse_levels
from nonlinear.vault.permalinks import path_dest_uri

if TYPE_CHECKING:
    from mkdocs.config.defaults import MkDocsConfig
    from mkdocs.structure.files import File, Files
    from mkdocs.structure.pages import Page

log = get_plugin_logger("nonlinear")


# Reset in on_config: MkDocs keeps hook modules loaded across `mkdocs serve` rebuilds.
_NOTES: dict[str, tuple[PublishedNote, str, File]] = {}  # src_uri -> note, title, file
_TAKEN: set[str] = set()
_LEVELS: dict[Kind, Level] = {}


def on_config(config: MkDocsConfig, **kwargs: Any) -> MkDocsConfig:
    """Start a build with no notes collected."""
    _NOTES.clear()
    _TAKEN.clear()
    try:
        _LEVELS.update(parse_levels((config.extra.get("nonlinear") or {}).get("validation")))
    except ValueError as error:
        raise PluginError(f"mkdocs.yml: {error}") from error
    return config


def on_files(files: Files, **kwargs: Any) -> Files:
    """Remember every URL of the site: a redirect never replaces a real file."""
    _TAKEN.update(file.url for file in files)
    return files


def on_page_context(context: dict[str, Any], *, page: Page, **kwargs: Any) -> dict[str, Any]:
    """Collect the aliases of each rendered page (unpublished notes never render)."""
    aliases = aliases_of(page.meta)
    file = page.file
    moved_from = None
    if file.dest_uri != path_dest_uri(file.src_uri, directory_urls=file.use_directory_urls):
        # Served at its permalink (hooks/wikilinks.py): its path URL becomes a redirect.
        moved_from = file.src_uri.rsplit("/", 1)[-1]
        aliases = (*aliases, moved_from)
    if aliases:
        note = PublishedNote(page.file.src_uri, page.url, aliases, moved_from)
        _NOTES[page.file.src_uri] = (note, plain_title(page.title or page.file.name), file)
    return context


def _line(alias: SkippedAlias) -> int:
    """The line of a skipped alias in its note's properties (read again only for a report)."""
    note, _, file = _NOTES[alias.src_uri]
    try:
        text = file.content_string if not file.generated_by else ""
    except (OSError, ValueError):
        return 1
    key = "permalink" if alias.alias == note.moved_from else "aliases"
    return alias_line(text, alias.alias, key=key)


def on_post_build(*, config: MkDocsConfig, **kwargs: Any) -> None:
    """Write one small HTML page at each old URL."""
    titles = {note.src_uri: title for note, title, _ in _NOTES.values()}
    site = Path(config.site_dir)
    staged = staged_site.get()
    redirects, skipped = plan_redirects(
        (note for note, _, _ in _NOTES.values()),
        _TAKEN,
        directory_urls=config.use_directory_urls,
        # the built site: sitemap, 404, handout, attachments... (under make serve, as far as
        # this build has made it: its files go into the folder once it has finished)
        occupied=occupied_in(site, staged.paths() if staged is not None else None),
    )
    for alias in skipped:
        if alias.own or alias.path_url:  # nothing is lost, or it is reported where it moved
            log.info("%s", alias)
            continue
        problem = Diagnostic(alias.src_uri, _line(alias), 1, "bad-alias", alias.message())
        if _LEVELS.get("bad-alias", "warn") == "warn":
            log.warning("%s", problem)
        elif _LEVELS.get("bad-alias") == "info":
            log.info("%s", problem)
    for redirect in redirects:
        page = render_redirect(
            redirect, site_url=config.site_url or "", title=titles[redirect.target.src_uri]
        )
        write_site_file(site / redirect.path, [page])
    log.info("redirects: %d old URLs kept by aliases", len(redirects))
