"""MkDocs hook: citing — meta tags for reference managers, the cite box, "How to cite", changelog.

Thin: ``nonlinear.site.cite`` formats citations and meta tags, ``nonlinear.site.history``
reads git once, ``nonlinear.site.changelog`` lists what changed. Events:

* ``on_config``: read the vault's citation data (``CITATION.cff`` in the vault folder or the
  folder holding it) and its git history, once per build.
* ``on_files``: with citation data, add the "How to cite" page, the changelog page and the
  citation file itself. Without it (another vault) none of them exist: nothing of the
  knowledge base's identity leaks into another vault's site.
* ``on_env``: every page is rendered; remember each one's title and URL for the changelog.
* ``on_page_context``: Material's "last update" date, the ``<meta>`` tags (every page), the
  cite box (with citation data), and the changelog's body on its page.
* ``on_post_build``: write the changelog's Atom feed.
"""

from __future__ import annotations

import datetime as dt
import os
from dataclasses import dataclass, field
from pathlib import Path
from typing import TYPE_CHECKING, Any

from mkdocs.plugins import get_plugin_logger
from mkdocs.structure.files import File
from mkdocs.utils import get_relative_url

from nonlinear.serve.output import write_site_file
from nonlinear.site import changelog, cite
from nonlinear.site.headings import plain_title
from nonlinear.site.history import History, read_history
from nonlinear.vault.diagnostics import Diagnostic

if TYPE_CHECKING:
    from jinja2 import Environment
    from mkdocs.config.defaults import MkDocsConfig
    from mkdocs.structure.files import Files
    from mkdocs.structure.pages import Page

log = get_plugin_logger("nonlinear")
CITE_PAGE = "how-to-cite.md"
CHANGELOG_PAGE = "changelog.md"
FEED = "changelog.xml"


@dataclass
class BuildState:
    """Per-build state: MkDocs keeps hook modules loaded across `mkdocs serve` rebuilds."""

    meta: cite.CitationMeta | None = None
    cff_path: Path | None = None
    history: History = field(default_factory=History)
    links: cite.SourceLinks | None = None
    cite_file: File | None = None
    changelog_file: File | None = None
    cff_file: File | None = None
    published: dict[str, changelog.Published] = field(default_factory=dict)


_STATE = BuildState()


def on_config(config: MkDocsConfig, **kwargs: Any) -> MkDocsConfig:
    """Read the citation data and the git history of the vault, once per build."""
    global _STATE  # noqa: PLW0603 - one fresh state per build
    _STATE = BuildState()
    vault = Path(config.docs_dir)
    try:
        found = cite.read_citation(vault)
    except ValueError as error:
        # The vault's data like any note: reported, and the site is built without it.
        path = cite.find_citation_file(vault)
        where = os.path.relpath(path, vault) if path else cite.CITATION_FILE
        problem = Diagnostic(
            Path(where).as_posix(),
            1,
            1,
            "bad-citation",
            f"{error}; the site is built without citation data (no cite box, How to cite or "
            "changelog): fix the file",
        )
        log.warning("%s", problem)
        found = None
    if found is not None:
        _STATE.cff_path, _STATE.meta = found
    _STATE.history = read_history(vault)
    if _STATE.history.head is None:
        log.info("the vault is not in a git repository: pages show no revision")
    if _STATE.meta is not None:
        _STATE.links = cite.SourceLinks.from_config(
            _STATE.meta.repository or config.repo_url or "", config.edit_uri or ""
        )
    return config


def _generate(files: Files, file: File) -> File | None:
    """Add a generated file unless the vault already has one at that path or URL."""
    src_uri = file.src_uri
    taken = files.get_file_from_path(src_uri) or next(
        (f for f in files if f.dest_uri == file.dest_uri), None
    )
    if taken is not None:
        log.info(
            "%s: the vault's own page is kept at %s; the generated one is not built",
            taken.src_uri,
            file.url,
        )
        return None
    files.append(file)
    return file


def on_files(files: Files, *, config: MkDocsConfig) -> Files:
    """With citation data: the "How to cite" page, the changelog and the citation file."""
    meta = _STATE.meta
    if meta is None or _STATE.cff_path is None:
        return files
    if files.get_file_from_path(cite.CITATION_FILE) is None:  # a vault may hold its own
        cff = File.generated(config, cite.CITATION_FILE, abs_src_path=str(_STATE.cff_path))
        _STATE.cff_file = _generate(files, cff)
    else:
        _STATE.cff_file = files.get_file_from_path(cite.CITATION_FILE)
    if _STATE.history.head is not None:
        placeholder = changelog.changelog_markdown(work=meta.title, feed_href=None)
        page = File.generated(config, CHANGELOG_PAGE, content=placeholder)
        _STATE.changelog_file = _generate(files, page)
    page = File.generated(config, CITE_PAGE, content="")  # its URL first, then its text
    changelog_url = _STATE.changelog_file.url if _STATE.changelog_file else None
    feed_href = get_relative_url(FEED, page.url) if changelog_url else None
    markdown = cite.how_to_cite_markdown(
        meta,
        work_url=meta.url or config.site_url or "",
        cff_href=get_relative_url(cite.CITATION_FILE, page.url),
        changelog_href=get_relative_url(changelog_url, page.url) if changelog_url else None,
        feed_href=feed_href,
    )
    page.content_string = markdown
    _STATE.cite_file = _generate(files, page)
    if _STATE.changelog_file is not None:  # now its feed link, relative to its own URL
        _STATE.changelog_file.content_string = changelog.changelog_markdown(
            work=meta.title, feed_href=get_relative_url(FEED, _STATE.changelog_file.url)
        )
    return files


def on_env(env: Environment, *, config: MkDocsConfig, files: Files) -> Environment:
    """Every page is rendered: remember the titles and URLs the changelog names."""
    _STATE.published = {
        file.src_uri: changelog.Published(plain_title(file.page.title or file.name), file.url)
        for file in files.documentation_pages()
        if file.page is not None and file.generated_by is None
    }
    return env


def _source_path(page: Page) -> str | None:
    """The page's source file relative to the repository (its edit link's target)."""
    prefix = _STATE.history.prefix
    if page.file.generated_by is None:
        return prefix + page.file.src_uri
    edit_uri: str | None = page.file.edit_uri
    if edit_uri:  # a generated page that names its source (an executed notebook)
        return prefix + edit_uri
    return None


def on_page_context(
    context: dict[str, Any], *, page: Page, config: MkDocsConfig, **kwargs: Any
) -> dict[str, Any]:
    """Last update, meta tags, the cite box, and the changelog's body."""
    meta = _STATE.meta
    history = _STATE.history
    file_history = history.file(page.file.src_uri) if page.file.generated_by is None else None
    if file_history is not None and page.meta is not None:
        page.meta.setdefault("revision_date", file_history.last.date.isoformat())  # Material
    title = plain_title(page.title or page.file.name)  # text: cite escapes it itself
    url = page.canonical_url or page.url
    citing: dict[str, Any] = {
        "meta_html": cite.citation_meta_tags(
            title=title,
            url=url,
            publisher=meta.title if meta else plain_title(config.site_name),
            language=str(config.theme.get("language") or ""),
            authors=meta.authors if meta else (),
            first=file_history.first.date if file_history else None,
            updated=file_history.last.date if file_history else None,
            license=meta.license if meta else "",
            container=meta.title if meta else "",
        ),
        "feed_url": FEED if _STATE.changelog_file is not None else None,  # `| url` in Jinja
    }
    source = _source_path(page)
    if meta is not None and source is not None:  # pages the site generates cite nothing
        revision = file_history.last if file_history else None
        # A note pins the commit that last changed it; a page generated from a source file (an
        # executed notebook) pins HEAD; a note not committed yet pins nothing.
        pinned = revision if page.file.generated_by is None else history.head
        citation = cite.page_citation(
            meta,
            title=title,
            url=url,
            revision=revision,
            first=file_history.first if file_history else None,
            head=history.head,
            source_url=(
                _STATE.links.source(pinned.commit, source)
                if _STATE.links is not None and pinned is not None
                else None
            ),
            today=dt.date.today(),
        )
        citing["cite_html"] = cite.render_cite_html(citation)
    if page.file is _STATE.changelog_file and page.content is not None:
        entries = changelog.changelog_entries(history.commits, _STATE.published)
        body = changelog.render_changelog_html(
            entries,
            href=lambda target: get_relative_url(target, page.url),
            links=_STATE.links,
            prefix=history.prefix,
        )
        page.content = page.content.replace(changelog.MARKER, body)
    context["citing"] = citing
    return context


def on_post_build(*, config: MkDocsConfig) -> None:
    """Write the changelog's Atom feed next to the changelog page."""
    meta = _STATE.meta
    if meta is None or _STATE.changelog_file is None:
        return
    site_url = config.site_url or meta.url or ""
    if site_url and not site_url.endswith("/"):
        site_url += "/"
    entries = changelog.changelog_entries(_STATE.history.commits, _STATE.published)
    feed = changelog.atom_feed(
        entries,
        title=f"{meta.title}: changelog",
        site_url=site_url,
        page_url=site_url + _STATE.changelog_file.url,
        feed_url=site_url + FEED,
        authors=meta.authors,
        links=_STATE.links,
        prefix=_STATE.history.prefix,
    )
    write_site_file(Path(config.site_dir) / FEED, [feed])
