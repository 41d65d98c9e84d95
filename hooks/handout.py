"""MkDocs hook: the print-all handout (``print_page/``): every note on one page, to print or
save as PDF, with a cover, numbered notes and figures, and links that work on paper and screen.

Thin: :mod:`nonlinear.site.handout` plans and renders. Events:

* ``on_config``: read the ``print:`` settings (``extra: nonlinear: print:``), the citation data
  and HEAD (the cover's title, licence, version and date).
* ``on_files``: runs right after the vault engine (hooks/wikilinks.py), so the pages present
  now are exactly the published notes and the executed notebooks; the pages later hooks add
  (tags index, graph, "How to cite", changelog) are never printed. Adds the print page, and
  for a vault larger than ``max_notes`` one page per folder part below it.
* ``on_nav``: the print page goes last in the navigation; the parts are reached from it.
* ``on_page_context`` of a print page: every page is rendered by now (MkDocs renders all pages
  before the first template), so the handout is assembled from their final HTML.
* ``on_post_page`` of a print page: rendered, so it lets its notes' copies go (a big vault's
  handouts would otherwise stay in memory until the build ends).
"""

from __future__ import annotations

from collections.abc import Mapping
from dataclasses import dataclass, field
from html import escape
from pathlib import Path
from typing import TYPE_CHECKING, Any

from mkdocs.exceptions import PluginError
from mkdocs.plugins import event_priority, get_plugin_logger
from mkdocs.structure.files import File
from mkdocs.structure.nav import Section
from mkdocs.structure.pages import Page
from mkdocs.structure.toc import get_toc

from nonlinear.site import cite, handout
from nonlinear.site.headings import plain_title
from nonlinear.site.history import Revision, read_head
from nonlinear.site.nav_order import leaves, link_neighbours
from nonlinear.vault.paths import relative_url

if TYPE_CHECKING:
    from mkdocs.config.defaults import MkDocsConfig
    from mkdocs.structure.files import Files
    from mkdocs.structure.nav import Navigation
    from mkdocs.structure.toc import _TocToken

log = get_plugin_logger("nonlinear")
PRINT_PAGE = "print_page.md"
PRINT_FOLDER = "print_page"
TITLE = "Print all notes"
STYLESHEET = "assets/stylesheets/handout.css"
MARKER = "<!-- nonlinear:handout -->"


@dataclass
class BuildState:
    """Per-build state: MkDocs keeps hook modules loaded across `mkdocs serve` rebuilds."""

    settings: handout.HandoutSettings = field(default_factory=handout.HandoutSettings)
    meta: cite.CitationMeta | None = None
    head: Revision | None = None
    links: cite.SourceLinks | None = None
    files: Files | None = None
    printable: list[str] = field(default_factory=list)
    plans: list[handout.HandoutPlan] = field(default_factory=list)
    index_file: File | None = None
    part_files: dict[str, File] = field(default_factory=dict)  # plan slug -> file
    targets: dict[str, tuple[str, str]] | None = None
    notes: list[handout.HandoutNote] | None = None  # every printed page, read once per build
    unfilled: dict[str, str] = field(default_factory=dict)
    """A handout page's content before its notes went in, by src_uri: put back once the page
    is written, so the build does not hold every note's handout copy until it ends."""
    groups: dict[str, list[handout.HandoutNote]] = field(default_factory=dict)  # by plan slug


_STATE = BuildState()


def on_config(config: MkDocsConfig, **kwargs: Any) -> MkDocsConfig:
    """Read the settings, the citation data and HEAD."""
    global _STATE  # noqa: PLW0603 - one fresh state per build
    _STATE = BuildState()
    extra = config.extra.get("nonlinear")
    try:
        _STATE.settings = handout.parse_settings(
            extra.get("print") if isinstance(extra, Mapping) else None
        )
    except ValueError as error:
        raise PluginError(f"mkdocs.yml: {error}") from error
    vault = Path(config.docs_dir)
    try:
        found = cite.read_citation(vault)
    except ValueError:
        found = None  # reported by hooks/citing.py; the cover has no citation then
    if found is not None:
        _STATE.meta = found[1]
        _STATE.links = cite.SourceLinks.from_config(
            _STATE.meta.repository or config.repo_url or "", config.edit_uri or ""
        )
    _STATE.head, _ = read_head(vault)
    return config


def _markdown(title: str) -> str:
    # The handout repeats every note: kept out of the search index.
    return f'---\ntitle: "{title}"\nsearch:\n  exclude: true\n---\n\n{MARKER}\n'


def on_files(files: Files, *, config: MkDocsConfig) -> Files:
    """Remember the printable pages; add the print page (and its parts for a large vault)."""
    if not _STATE.settings.enabled:
        return files
    _STATE.files = files
    _STATE.printable = [
        f.src_uri
        for f in files.documentation_pages()
        if not f.src_uri.startswith(PRINT_FOLDER + "/") and not _STATE.settings.excludes(f.src_uri)
    ]
    if files.get_file_from_path(PRINT_PAGE) is not None:
        log.warning(
            "%s:1:1: generated-page: the vault has its own '%s', so no print-all handout is "
            "built; rename the note to get one",
            PRINT_PAGE,
            PRINT_PAGE,
        )
        return files
    _STATE.plans = handout.plan_handouts(_STATE.printable, max_notes=_STATE.settings.max_notes)
    _STATE.index_file = File.generated(config, PRINT_PAGE, content=_markdown(TITLE))
    files.append(_STATE.index_file)
    if len(_STATE.plans) > 1:
        for plan in _STATE.plans:
            uri = f"{PRINT_FOLDER}/{plan.slug}.md"
            if files.get_file_from_path(uri) is not None:
                raise PluginError(f"{uri}: the vault has a note where a handout part goes")
            part = File.generated(config, uri, content=_markdown(f"Print: {plan.title}"))
            files.append(part)
            _STATE.part_files[plan.slug] = part
    return files


def _relink(nav: Navigation) -> None:
    """Navigation order changed: rebuild the page list and the previous/next links."""
    nav.pages = [item for item in leaves(nav.items, children=_children) if isinstance(item, Page)]
    link_neighbours(nav.pages)


def _children(item: Any) -> list[Any] | None:
    return item.children if isinstance(item, Section) else None


@event_priority(-50)  # after hooks/obsidian.py ordered the navigation
def on_nav(nav: Navigation, *, config: MkDocsConfig, **kwargs: Any) -> Navigation:
    """The print page last in the navigation; the parts of a split vault only behind it."""
    index = _STATE.index_file
    if index is None or index.page is None:
        return nav
    parts = set(_STATE.part_files.values())

    def keep(item: Any) -> bool:
        if isinstance(item, Page):
            return item is not index.page and item.file not in parts
        if isinstance(item, Section):
            item.children = [child for child in item.children if keep(child)]
            return bool(item.children)
        return True

    nav.items = [item for item in nav.items if keep(item)] + [index.page]
    index.page.parent = None
    _relink(nav)
    return nav


def _folder(page: Page) -> tuple[str, ...]:
    titles = []
    parent = page.parent
    while parent is not None:
        titles.append(plain_title(parent.title or ""))
        parent = parent.parent
    return tuple(reversed(titles))


def _notes() -> list[handout.HandoutNote]:
    """Every printable page, rendered, in navigation order (pages outside it after)."""
    assert _STATE.files is not None
    pages: dict[str, Page] = {}
    for uri in _STATE.printable:
        file = _STATE.files.src_uris.get(uri)  # a src_uri already: no PurePath per note
        if file is not None and isinstance(file.page, Page) and file.page.content is not None:
            pages[uri] = file.page
    index = _STATE.index_file
    ordered: list[Page] = []
    if index is not None and index.page is not None:
        page: Page | None = index.page
        while page is not None and page.previous_page is not None:  # walk to the first page
            page = page.previous_page
        seen: set[str] = set()
        while page is not None:
            if page.file.src_uri in pages and page.file.src_uri not in seen:
                ordered.append(page)
                seen.add(page.file.src_uri)
            page = page.next_page
        ordered += [p for uri, p in pages.items() if uri not in seen]
    return [
        handout.HandoutNote(
            src_uri=p.file.src_uri,
            title=plain_title(p.title or p.file.name),  # text: the handout escapes it
            url=p.url,
            html=p.content or "",
            folder=_folder(p),
        )
        for p in ordered
    ]


def _cover(config: MkDocsConfig, part: str) -> handout.Cover:
    meta, head = _STATE.meta, _STATE.head
    site_url = config.site_url or (meta.url if meta else "")
    return handout.Cover(
        title=meta.title if meta else plain_title(config.site_name),
        url=site_url,
        version=head.short if head else "",
        version_url=_STATE.links.commit(head.commit) if _STATE.links and head else "",
        date=head.date if head else None,
        licence=meta.license if meta else (config.copyright or ""),
        citation=cite.work_citations(meta, url=meta.url or site_url)["apa"] if meta else "",
        part=part,
    )


def _toc_tokens(entries: tuple[handout.TocEntry, ...], level: int = 2) -> list[_TocToken]:
    return [
        {
            "level": level,
            "id": entry.anchor,
            "name": escape(entry.title),
            "children": _toc_tokens(entry.children, level + 1),
        }
        for entry in entries
    ]


def on_page_context(
    context: dict[str, Any], *, page: Page, config: MkDocsConfig, **kwargs: Any
) -> dict[str, Any]:
    """Assemble a handout (or the list of handouts) on its page."""
    index = _STATE.index_file
    if index is None or page.content is None:
        return context
    slug = next((s for s, f in _STATE.part_files.items() if f is page.file), None)
    if page.file is not index and slug is None:
        return context
    if _STATE.notes is None:  # once, not once per handout of a split vault
        _STATE.notes = _notes()
    notes = _STATE.notes
    if _STATE.targets is None:  # once: which handout and section holds each printed page
        urls = {
            plan.slug: (_STATE.part_files[plan.slug].url if plan.slug else index.url)
            for plan in _STATE.plans
        }
        assigned = handout.assign_notes(notes, _STATE.plans, urls)
        _STATE.groups, _STATE.targets = assigned.groups, assigned.targets
    site_url = config.site_url or ""
    stylesheet = relative_url(page.url, STYLESHEET)
    if page.file is index and _STATE.part_files:
        titles = {note.src_uri: note.title for note in notes}
        handouts = [
            (
                _STATE.part_files[plan.slug].url,
                plan.title,
                [titles[uri] for uri in plan.members if uri in titles],
            )
            for plan in _STATE.plans
        ]
        body = handout.render_handout_index(
            handouts, url=page.url, total=len(notes), max_notes=_STATE.settings.max_notes
        )
        page.content = page.content.replace(MARKER, body)
        return context
    plan = next(p for p in _STATE.plans if p.slug == (slug or ""))
    _STATE.unfilled[page.file.src_uri] = page.content
    rendered = handout.render_handout(
        _STATE.groups.get(plan.slug, []),
        url=page.url,
        cover=_cover(config, plan.title),
        site_url=site_url,
        targets=_STATE.targets,
        stylesheet=stylesheet,
    )
    page.content = page.content.replace(MARKER, rendered.html)
    page.toc = get_toc(_toc_tokens(rendered.toc))
    log.info(
        "handout %s: %d notes, %d figures", page.url or "/", len(rendered.keys), rendered.figures
    )
    return context


def on_post_page(output: str, *, page: Page, **kwargs: Any) -> str:
    """A handout page is rendered: let its notes' copies go (the page gets back its body from
    before :func:`on_page_context`; nothing reads it after its template)."""
    unfilled = _STATE.unfilled.pop(page.file.src_uri, None)
    if unfilled is not None:
        page.content = unfilled
    return output
