"""MkDocs hook: the rest of Obsidian Flavored Markdown — callouts, comments, tags, line breaks.

Thin: the syntax lives in ``nonlinear.vault.callouts``, ``nonlinear.vault.comments``,
``nonlinear.vault.tags`` and ``nonlinear.vault.obsidian_config``. Events:

* ``on_config``: read the vault's ``.obsidian/app.json`` (``extra: nonlinear:`` in mkdocs.yml
  overrides it) and register the Markdown extensions. They are registered here rather than
  under ``markdown_extensions:`` because the tag extension needs a per-build callable (the
  href of a tag's index entry from the page being rendered) and the line breaks depend on
  the vault's *Strict line breaks* setting and apply to the vault's own notes only: pages a
  hook generates (notebooks, tags, graph) keep CommonMark's soft breaks.
* ``on_files``: make sure the vault has a tags index (a page holding Material's
  ``<!-- material/tags -->`` listing); add a generated ``tags.md`` if it has none.
* ``on_page_markdown`` (before Material's tags plugin, which runs at priority -50): merge the
  inline ``#tags`` into ``page.meta["tags"]`` and report an unclosed ``%%``, both read from the
  note as written (``page.markdown``): the hooks before this one hand on the text with embedded
  notes expanded, and neither their tags nor their problems belong to the embedding note
  (Obsidian keeps tags per file).
* ``on_nav``: list folders before notes at every level, as Obsidian's file explorer does (a
  ``nav:`` written in mkdocs.yml is left as written).
* ``on_page_content``: wrap the page in a ``<div>`` with the note's ``cssclasses``.
"""

from __future__ import annotations

import html
import os
from collections.abc import Callable, Mapping
from dataclasses import dataclass, field
from pathlib import Path
from typing import TYPE_CHECKING, Any

from markupsafe import escape
from mkdocs.plugins import get_plugin_logger
from mkdocs.structure.files import File
from mkdocs.structure.nav import Navigation, Section
from mkdocs.structure.pages import Page
from mkdocs.utils import get_relative_url

from nonlinear.site.nav_order import folders_first, leaves, link_neighbours
from nonlinear.vault.callouts import CalloutExtension
from nonlinear.vault.comments import CommentExtension, comment_diagnostics
from nonlinear.vault.linebreaks import LineBreakExtension
from nonlinear.vault.note_texts import NOTE_TEXTS
from nonlinear.vault.obsidian_config import ObsidianConfig, css_classes, load_obsidian_config
from nonlinear.vault.tags import TagExtension, find_tags, frontmatter_tags, merge_tags, tag_anchor

if TYPE_CHECKING:
    from mkdocs.config.defaults import MkDocsConfig
    from mkdocs.structure import StructureItem
    from mkdocs.structure.files import Files

log = get_plugin_logger("nonlinear")
TAGS_PAGE = "tags.md"
TAGS_MARKDOWN = """---
title: Tags
---
Every tag of the vault, from the notes' `tags:` property and from `#tags` in their text, with
the notes that carry it.

<!-- material/tags -->
"""


@dataclass
class BuildState:
    """Per-build state: MkDocs keeps hook modules loaded across `mkdocs serve` rebuilds."""

    obsidian: ObsidianConfig = field(default_factory=ObsidianConfig)
    anchor: Callable[[str], str] | None = None  # tag -> fragment in Material's tags index
    directive: str = "material/tags"
    tags_file: File | None = None
    page: Page | None = None  # the page being rendered, for relative tag links
    docs_dir: str = ""

    def page_is_vault_note(self) -> bool:
        """Whether the page being rendered is a note of the vault (not a generated page)."""
        if self.page is None:
            return False
        file = self.page.file
        # A note is read from docs_dir; File.generated sets generated_by and no src_dir, and
        # a plugin may build pages with a src_dir of its own.
        return not file.generated_by and os.path.abspath(file.src_dir or "") == self.docs_dir

    def tag_url(self, name: str) -> str | None:
        """Href of ``name``'s entry in the tags index, relative to the current page."""
        if self.anchor is None or self.tags_file is None or self.page is None:
            return None
        base = get_relative_url(self.tags_file.url, self.page.url)
        return f"{base}#{self.anchor(name)}"


_STATE = BuildState()


def on_config(config: MkDocsConfig, **kwargs: Any) -> MkDocsConfig:
    """Read the vault settings and register the Obsidian Markdown extensions."""
    global _STATE  # noqa: PLW0603 - one fresh state per build
    _STATE = BuildState(docs_dir=os.path.abspath(config.docs_dir))
    extra = config.extra.get("nonlinear")
    overrides = extra if isinstance(extra, Mapping) else None
    _STATE.obsidian, problems = load_obsidian_config(Path(config.docs_dir), overrides)
    for problem in problems:
        log.warning("%s", problem)
    extensions: list[Any] = [
        CommentExtension(),
        CalloutExtension(),
        TagExtension(build_url=_STATE.tag_url),  # this build's state (set just above)
    ]
    if not _STATE.obsidian.strict_line_breaks and "nl2br" not in config.markdown_extensions:
        # Obsidian's default: one newline is a line break, in the vault's notes only.
        extensions.append(LineBreakExtension(_STATE.page_is_vault_note))
    config.markdown_extensions.extend(extensions)
    tags = config.plugins.get("material/tags")
    if tags is not None and tags.config.enabled:
        options = tags.config
        hierarchy = options.tags_hierarchy_separator if options.tags_hierarchy else None
        _STATE.directive = options.listings_directive
        _STATE.anchor = lambda name: tag_anchor(
            name,
            options.tags_slugify,
            separator=options.tags_slugify_separator,
            template=options.tags_slugify_format,
            hierarchy_separator=hierarchy,
        )
    return config


def on_files(files: Files, *, config: MkDocsConfig) -> Files:
    """Find the tags index, or add ``tags.md`` holding Material's tags listing."""
    if _STATE.anchor is None:
        return files
    marker = f"<!-- {_STATE.directive}"
    pages = [file for file in files.documentation_pages() if file.src_uri.endswith(".md")]
    _STATE.tags_file = next((f for f in pages if marker in NOTE_TEXTS.of(f)), None)
    if _STATE.tags_file is None:
        if files.get_file_from_path(TAGS_PAGE) is not None:
            log.warning(
                "%s:1:1: tags-index: the vault has a '%s' without a '%s -->' listing, so no "
                "tags index is generated and #tags are not linked; add the listing line",
                TAGS_PAGE,
                TAGS_PAGE,
                marker,
            )
            return files
        _STATE.tags_file = File.generated(config, TAGS_PAGE, content=TAGS_MARKDOWN)
        files.append(_STATE.tags_file)
    return files


def on_page_markdown(markdown: str, *, page: Page, **kwargs: Any) -> str:
    """Record the page; merge the note's own inline tags into ``page.meta["tags"]``; report an
    unclosed ``%%`` where the note's author wrote it."""
    _STATE.page = page
    # MkDocs assigns page.markdown only after every on_page_markdown handler has run, so it
    # still holds the note's own body; `markdown` may have other notes embedded in it.
    body = page.markdown if page.markdown is not None else markdown
    if comment_diagnostics(body, page.file.src_uri):  # rare: the file is read again only then
        raw = page.file.content_string if not page.file.generated_by else body
        first_line = raw.count("\n", 0, len(raw) - len(body)) + 1 if raw.endswith(body) else 1
        for problem in comment_diagnostics(body, page.file.src_uri, first_line=first_line):
            log.warning("%s", problem)
    inline = [tag.name for tag in find_tags(body)]
    declared = frontmatter_tags(page.meta.get("tags"))
    if inline or "tags" in page.meta:
        page.meta["tags"] = merge_tags(declared, inline)
    return markdown


def _reorder(items: list[StructureItem], *, top: bool = True) -> list[StructureItem]:
    for item in items:
        if isinstance(item, Section):
            # A folder's name is the vault's text, and the theme prints section titles as HTML.
            item.title = escape(item.title)
            item.children = _reorder(item.children, top=False)
    return folders_first(
        items,
        is_folder=lambda i: isinstance(i, Section),
        # The home page first: index.md, or the note served at the root (README, permalink: /).
        is_home=lambda i: isinstance(i, Page) and (i.is_index or i.url in {"", "./", "index.html"}),
        # Graph, tags index, How to cite, changelog: after the notes (the notebooks' pages are
        # generated too, in a folder of their own: only the top level is concerned).
        is_generated=lambda i: top and isinstance(i, Page) and bool(i.file.generated_by),
    )


def _children(item: StructureItem) -> list[StructureItem] | None:
    return item.children if isinstance(item, Section) else None


def on_nav(nav: Navigation, *, config: MkDocsConfig, **kwargs: Any) -> Navigation:
    """Folders before notes at every level of a generated navigation (Obsidian's order), the
    pages the site generates after the notes; folder names escaped, as page titles are
    (hooks/wikilinks.py)."""
    if config.nav is not None:
        return nav
    nav.items = _reorder(nav.items)
    # Depth first, in the new order: what previous/next links follow.
    nav.pages = [item for item in leaves(nav.items, children=_children) if isinstance(item, Page)]
    link_neighbours(nav.pages)
    return nav


def on_page_content(html_text: str, *, page: Page, **kwargs: Any) -> str:
    """Wrap the content in a ``<div>`` carrying the note's ``cssclasses``."""
    classes = css_classes(page.meta)
    if not classes:
        return html_text
    return f'<div class="{html.escape(" ".join(classes))}">\n{html_text}\n</div>'
