"""MkDocs hook: search that knows aliases, puts notes before notebooks and minor sections last.

Thin: ``nonlinear.site.search`` decides. Material's search plugin writes
``search/search_index.json`` in its ``on_post_build``; this hook runs just before it (priority
100) and adds each note's names and the weights to the plugin's entries and fields, so the
index is written once (reading it back and writing it again cost a transient 20 MB and 0.05 s
CPU on the 2,000-note bench vault).
``overrides/main.html`` points Material at ``workers/nonlinear-search.js``, which runs
Material's own worker and puts exact title or alias matches first.
"""

from __future__ import annotations

from dataclasses import dataclass, field
from typing import TYPE_CHECKING, Any

from mkdocs.exceptions import PluginError
from mkdocs.plugins import event_priority

from nonlinear.site.redirects import aliases_of
from nonlinear.site.search import (
    SearchPage,
    SearchTuning,
    material_search_index,
    parse_tuning,
    tune_entries,
    tune_fields,
)

if TYPE_CHECKING:
    from mkdocs.config.defaults import MkDocsConfig
    from mkdocs.structure.pages import Page


@dataclass
class BuildState:
    """Per-build state: MkDocs keeps hook modules loaded across `mkdocs serve` rebuilds."""

    tuning: SearchTuning = field(default_factory=SearchTuning)
    pages: dict[str, SearchPage] = field(default_factory=dict)


_STATE = BuildState()


def on_config(config: MkDocsConfig, **kwargs: Any) -> MkDocsConfig:
    """Read ``extra: nonlinear: search:``; start with no pages."""
    global _STATE  # noqa: PLW0603 - one fresh state per build
    _STATE = BuildState()
    try:
        _STATE.tuning = parse_tuning((config.extra.get("nonlinear") or {}).get("search"))
    except ValueError as error:
        raise PluginError(f"mkdocs.yml: {error}") from error
    return config


def on_page_context(context: dict[str, Any], *, page: Page, **kwargs: Any) -> dict[str, Any]:
    """Remember each page's names (title, aliases) and whether it is a notebook."""
    names = (page.title or page.file.name, *aliases_of(page.meta))
    # A notebook's page: a vault's own .ipynb, or the note `make notebooks` keeps for one of
    # ours (notebooks/<name>.ipynb.md, which [[<name>.ipynb]] links resolve to).
    notebook = page.file.src_uri.removesuffix(".md").endswith(".ipynb")
    _STATE.pages[page.url] = SearchPage(names, notebook=notebook)
    return context


@event_priority(100)  # before Material's search plugin writes the index
def on_post_build(*, config: MkDocsConfig, **kwargs: Any) -> None:
    """Add names and weights to the index Material's search plugin is about to write."""
    index = material_search_index(config.plugins)
    if index is not None:
        tune_entries(index.entries, _STATE.pages, _STATE.tuning)
        index.config["fields"] = tune_fields(index.config.get("fields") or {})  # its own copy
