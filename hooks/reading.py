"""MkDocs hook: reading — math, figures, graphs, backlinks.

Thin: every decision lives in ``nonlinear.site.math``, ``nonlinear.site.figure_captions``,
``nonlinear.site.fonts`` and ``nonlinear.site.graph_layout``; templates in ``overrides/partials/``
render what ``on_page_context`` puts in ``context["reading"]``. Runs after hooks/wikilinks.py, whose
``context["nonlinear"]`` (backlinks and graph) it reads. Citing (cite box, meta tags, last
update) is hooks/citing.py. The math font:

* ``on_page_content``: note the characters of each page's formulas;
* ``on_env`` (every page rendered, nothing written yet): replace the font among the site's
  files with its subset, named by its bytes (``STIXTwoMath-Regular.<digest>.woff2``);
* ``on_page_context``: give its path to ``partials/nonlinear-head.html``, which declares the
  ``@font-face`` in the page itself, so a page always asks for the subset built with it.
"""

from __future__ import annotations

from dataclasses import dataclass, field
from pathlib import Path
from typing import TYPE_CHECKING, Any

from mkdocs.plugins import event_priority, get_plugin_logger
from mkdocs.structure.files import File

from nonlinear.site import graph_layout
from nonlinear.site.backlinks import arrange_backlinks
from nonlinear.site.figure_captions import (
    RE_FIGURE_SRC,
    SVG_HEAD,
    FigureExtension,
    FigureInfo,
    FigureLinks,
    svg_info,
)
from nonlinear.site.fonts import cached_subset_font, content_addressed, math_font_characters
from nonlinear.site.headings import plain_title, title_heading
from nonlinear.site.math import MathExtension, math_characters, math_diagnostics

if TYPE_CHECKING:
    from jinja2 import Environment
    from mkdocs.config.defaults import MkDocsConfig
    from mkdocs.structure.files import Files
    from mkdocs.structure.pages import Page

log = get_plugin_logger("nonlinear")


GRAPH_PAGE = "graph.md"
LAYOUT_CACHE = ".cache/graph-layout"
FONT_CACHE = ".cache/math-font"
GRAPH_MARKDOWN = """---
title: Graph of notes
hide:
  - toc
---
Every published note is a dot, coloured by its folder; a line joins two notes when one links to
the other. Select a dot to open its note; on a phone, scroll the drawing. The same data is in
`graph.json` at the site root.
"""


@dataclass
class BuildState:
    """Per-build state: MkDocs keeps hook modules loaded across `mkdocs serve` rebuilds."""

    math: MathExtension = field(default_factory=MathExtension)
    math_characters: set[str] = field(default_factory=set)
    """Every character the formulas of the pages' content show (``on_page_content``)."""
    math_font: str | None = None
    """Where the math font's subset is in the site (``on_env``); ``None`` without the font."""
    math_font_keeps: frozenset[str] = frozenset()
    """The characters the subset was cut to."""
    math_missed: set[str] = field(default_factory=set)
    """Formula characters a written page shows outside its content (a backlink snippet's
    formula that its own note does not render) and the subset lacks."""
    figures: dict[str, FigureInfo] = field(default_factory=dict)
    """Title and description of each figure, read from the figure files in on_files."""
    graph: graph_layout.VaultGraph | None = None
    graph_url: str | None = None
    graph_page: dict[str, Any] | None = None
    """The graph page's ``reading`` context while it renders. At 5,000 notes its drawing is
    6 MB of text, and a template context lives on until the collector's next full round (the
    theme's context has reference cycles), so :func:`on_post_page` takes the drawing out."""
    layout_cache: Path | None = None
    """Where a big graph's layout is kept between builds (git-ignored ``.cache/``)."""
    font_cache: Path | None = None
    """Where the math font's subsets are kept between builds (git-ignored ``.cache/``)."""


_STATE = BuildState()
MATH_FONT = "assets/fonts/STIXTwoMath-Regular.woff2"
"""The math font (overrides/); a build replaces it in the site with its subset, renamed."""
# Subsets already made, by source font and characters: `mkdocs serve` rebuilds (about 1-2 s
# a subset) only when the formulas' characters change. A pure function's results.
_SUBSETS: dict[tuple[int, frozenset[str]], bytes] = {}


def on_config(config: MkDocsConfig, **kwargs: Any) -> MkDocsConfig:
    """Register the math and figure extensions."""
    global _STATE  # noqa: PLW0603 - one fresh state per build
    _STATE = BuildState()
    site_url = config.site_url or ""
    settings = config.extra.get("nonlinear") or {}
    if config.config_file_path:  # next to mkdocs.yml, as the notebooks' cache; never the vault
        here = Path(config.config_file_path).resolve().parent
        _STATE.layout_cache = here / LAYOUT_CACHE
        _STATE.font_cache = here / FONT_CACHE
    config.markdown_extensions.append(_STATE.math)  # type: ignore[arg-type]  # instances work
    credit = settings.get("figures") or {}
    links = FigureLinks(
        site_url=site_url,
        credit=str(credit.get("credit", "")),
        license_name=str(credit.get("license", "")),
        license_url=str(credit.get("license_url", "")),
        figures=_STATE.figures,
    )
    config.markdown_extensions.append(FigureExtension(links))  # type: ignore[arg-type]
    return config


def on_files(files: Files, *, config: MkDocsConfig) -> Files:
    """Read what each figure says about itself; add the graph page unless the vault has one.

    A figure's title and text alternative are in its SVG (the notebooks write them there,
    nonlinear.notebooks.figures.save); only the head of each file is read.
    """
    for file in files:
        match = RE_FIGURE_SRC.search(file.src_uri)
        if match is not None and file.abs_src_path:
            with open(file.abs_src_path, encoding="utf-8", errors="replace") as handle:
                _STATE.figures[match.group("name")] = svg_info(handle.read(SVG_HEAD))
    if files.get_file_from_path(GRAPH_PAGE) is None:
        graph_file = File.generated(config, GRAPH_PAGE, content=GRAPH_MARKDOWN)
        files.append(graph_file)
        _STATE.graph_url = graph_file.url
    return files


@event_priority(50)  # before hooks/obsidian.py wraps the content in the cssclasses <div>
def on_page_content(html: str, *, page: Page, **kwargs: Any) -> str:
    """Report the math problems of the page just rendered (warnings fail --strict).

    Notes follow Obsidian and have no ``# H1``: the title is the file name. Material adds
    that title as the page's ``<h1>`` in its template; here the same heading goes into the
    content, so the print-all page (which only sees content) gets every note's title too.
    """
    problems = _STATE.math.drain()
    if problems:
        source = page.file.content_string if not page.file.generated_by else page.markdown or ""
        for line in math_diagnostics(page.file.src_uri, source, problems):
            log.warning("%s", line)
    _STATE.math_characters |= math_characters(html)
    return title_heading(html, plain_title(page.title or page.file.name))


def on_env(env: Environment, *, config: MkDocsConfig, files: Files) -> Environment:
    """Every page is converted: the graph page is rendered first; put the math font's subset
    in the site, named by its bytes.

    A site without a formula ships no math font (no page would ever ask for it).
    """
    _render_graph_page_first(files)
    font = files.get_file_from_path(MATH_FONT)
    if font is None:
        return env
    files.remove(font)
    if not _STATE.math_characters:
        return env
    source = font.content_bytes
    keep = frozenset(math_font_characters(_STATE.math_characters))
    key = (hash(source), keep)
    if key not in _SUBSETS:
        _SUBSETS.clear()  # one subset is enough to keep
        _SUBSETS[key] = cached_subset_font(source, keep, _STATE.font_cache)
    subset = _SUBSETS[key]
    _STATE.math_font = content_addressed(MATH_FONT, subset)
    _STATE.math_font_keeps = keep
    files.append(File.generated(config, _STATE.math_font, content=subset))
    log.info(
        "math font: %d KB -> %d KB (%d characters in formulas)",
        len(source) // 1024,
        len(subset) // 1024,
        len(_STATE.math_characters),
    )
    return env


def _render_graph_page_first(files: Files) -> None:
    """Move the generated graph page to the front of the pages MkDocs renders (the navigation
    is made already, so only the order of rendering changes).

    Its drawing and the page around it are the largest texts a build makes (at 5,000 notes,
    17 MB while the page renders). Drawn last, they came on top of everything the other pages
    leave until the build ends (their search entries, the navigation memo's parts); drawn
    first, that memory is free again for those pages to use. Only the order of the search
    index's entries changes (Material adds them as pages are rendered).
    """
    graph = files.get_file_from_path(GRAPH_PAGE)
    if graph is None or graph.generated_by is None:
        return
    rest = [file for file in files if file is not graph]
    for file in rest:
        files.remove(file)
    for file in rest:
        files.append(file)


def on_page_context(
    context: dict[str, Any], *, page: Page, config: MkDocsConfig, **kwargs: Any
) -> dict[str, Any]:
    """Give the templates the local or global graph and the backlinks."""
    engine = context.get("nonlinear") or {}
    if _STATE.graph is None:  # the engine's graph is the same on every page: lay it out once
        _STATE.graph = graph_layout.VaultGraph.build(
            engine.get("graph") or {}, cache_dir=_STATE.layout_cache
        )
    base_url = context.get("base_url", "")
    reading: dict[str, Any] = {"graph_url": _STATE.graph_url, "math_font": _STATE.math_font}
    if page.file.src_uri == GRAPH_PAGE and _STATE.graph_url is not None:
        reading["graph_svg"] = _STATE.graph.global_svg(base_url=base_url)
        _STATE.graph_page = reading  # its drawing is let go once the page is written
        reading["graph_legend"] = _STATE.graph.legend()
    else:
        reading["local_graph"] = _STATE.graph.local(
            page.file.src_uri, base_url=base_url, title=plain_title(page.title or page.file.name)
        )
    reading["backlinks"] = arrange_backlinks(engine.get("backlinks") or [])
    context["reading"] = reading
    return context


def on_post_page(output: str, *, page: Page, **kwargs: Any) -> str:
    """Check that the subset has every character the formulas around the page's text show
    (its own formulas made the subset); let the global graph's drawing go once its page is
    rendered."""
    if _STATE.graph_page is not None:
        _STATE.graph_page.pop("graph_svg", None)
        _STATE.graph_page = None
    if _STATE.math_font is not None:
        content = page.content or ""
        at = output.find(content) if content else -1
        outside = output if at < 0 else output[:at] + output[at + len(content) :]
        _STATE.math_missed |= math_characters(outside) - _STATE.math_font_keeps
    return output


def on_post_build(*, config: MkDocsConfig, **kwargs: Any) -> None:
    """Say which formula characters the math font's subset lacks (normally none); wait for a
    graph layout still being computed (a vault with a graph page of its own never asked)."""
    if _STATE.graph is not None:
        _STATE.graph.layout.result()
        if _STATE.graph.layout.worker_error:
            log.info(
                "graph layout: computed in the build process (the separate one failed: %s)",
                _STATE.graph.layout.worker_error,
            )
    if _STATE.math_missed:
        log.info(
            "math font: %d characters shown only outside the pages' text are drawn with "
            "another font: %s",
            len(_STATE.math_missed),
            "".join(sorted(_STATE.math_missed)),
        )
