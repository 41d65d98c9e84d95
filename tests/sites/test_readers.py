"""What a reader sees in the built knowledge base: backlink snippets, math, figure alternatives."""

from __future__ import annotations

import json
import re
from pathlib import Path

import pytest
from bs4 import BeautifulSoup, NavigableString, Tag
from fontTools.ttLib import TTFont

from nonlinear.site.backlinks import SHOWN
from nonlinear.site.figure_captions import svg_info
from nonlinear.site.fonts import math_font_characters

pytestmark = pytest.mark.site
ROOT = Path(__file__).resolve().parents[2]

# Raw source a snippet must never show: code ticks, wiki brackets, LaTeX commands or dollars,
# a table row's pipes, emphasis stars.
RE_RAW = re.compile(r"`|\[\[|\]\]|\\[A-Za-z]|\$|^\s*\||\|\s*$|\*\*")
# What a formula left out of a sentence leaves behind: "the minimum of is about at ."
RE_HOLE = re.compile(
    r"\b(?:of|at|about|by|to)\s+(?:is|at|of|about|and|to|[.,;:])(?=\s|$)"  # "of is", "at ."
    r"|\s[.,;:](?=\s|$)"  # a stop after a space
)


def _pages(site: Path) -> list[Path]:
    return sorted(p for p in site.rglob("index.html") if "print_page" not in p.parts)


def _prose(element: Tag) -> str:
    """The text of *element* outside formulas and code."""
    parts = []
    for node in element.descendants:
        if isinstance(node, NavigableString) and not node.find_parent(["math", "code"]):
            parts.append(str(node))
    return "".join(parts)


def test_backlink_snippets_are_rendered_text_on_every_page(real_site: Path) -> None:
    seen = 0
    for path in _pages(real_site):
        html = BeautifulSoup(path.read_text(encoding="utf-8"), "lxml")
        for snippet in html.select(".nl-backlinks__snippet"):
            seen += 1
            prose = _prose(snippet)
            assert not RE_RAW.search(prose), (path.relative_to(real_site), prose)
            for math in snippet.select("math"):
                assert math.get("class") == ["math-inline"]
    assert seen > 200  # every note is linked from somewhere


def test_relu_backlinks_are_compact_and_keep_formulas_whole(real_site: Path) -> None:
    html = BeautifulSoup(
        (real_site / "Activations/ReLU/index.html").read_text(encoding="utf-8"), "lxml"
    )
    section = html.select_one("section.nl-backlinks")
    assert section is not None
    shown = section.select(":scope > ul.nl-backlinks__list > li")
    more = section.select("details.nl-backlinks__more li")
    assert len(shown) == SHOWN
    assert len(shown) + len(more) >= 20
    summary = section.select_one("details.nl-backlinks__more > summary")
    assert summary is not None
    assert str(len(more)) in summary.get_text()
    # The SiLU note's snippet once read "… gma(\beta x)$ …": now formulas are MathML.
    silu = next(li for li in section.select("li") if li.a and li.a.get_text() == "SiLU")
    snippet = silu.select_one(".nl-backlinks__snippet")
    assert snippet is not None
    assert snippet.select("math")
    assert "gma" not in _prose(snippet)
    # The comparison table's row became the cell with its column.
    table = next(li for li in section.select("li") if li.a and li.a.get_text().startswith("Compar"))
    assert table.select_one(".nl-backlinks__snippet").get_text() == "Function: ReLU"


def test_every_figure_has_a_text_alternative_of_its_own(real_site: Path) -> None:
    seen = 0
    for path in _pages(real_site):
        html = BeautifulSoup(path.read_text(encoding="utf-8"), "lxml")
        for figure in html.select("figure.nl-figure"):
            seen += 1
            img, caption = figure.img, figure.select_one(".nl-figure__caption")
            assert img is not None
            assert caption is not None
            alt = str(img.get("alt", ""))
            name = str(img["src"]).rsplit("/", 1)[-1].removesuffix(".svg")
            svg = (real_site / "figures" / f"{name}.svg").read_text(encoding="utf-8")
            info = svg_info(svg)
            where = (path.relative_to(real_site), name)
            # The figure's own description, which says what it shows; never the caption again.
            assert info.description, where
            assert alt == info.description, where
            assert alt != " ".join(caption.get_text().split()), where
            assert not RE_HOLE.search(alt), (where, alt)
    assert seen > 40


def test_the_math_font_is_cut_to_what_the_formulas_use(real_site: Path) -> None:
    (font_file,) = (real_site / "assets/fonts").glob("STIXTwoMath-Regular.*.woff2")
    full = ROOT / "overrides/assets/fonts/STIXTwoMath-Regular.woff2"
    assert font_file.stat().st_size < full.stat().st_size / 3
    cmap = TTFont(font_file).getBestCmap()
    available = TTFont(full).getBestCmap()
    used: set[str] = set()
    for path in _pages(real_site):
        for math in BeautifulSoup(path.read_text(encoding="utf-8"), "lxml").select("math"):
            used |= set(math.get_text())
    needed = {c for c in math_font_characters(used) if ord(c) in available}
    assert len(used) > 80
    assert sorted(c for c in needed if ord(c) not in cmap) == []


def test_the_download_line_of_figures_stays_out_of_the_search_index(real_site: Path) -> None:
    index = (real_site / "search/search_index.json").read_text(encoding="utf-8")
    assert "PNG (200 dpi)" not in index
    assert "Stable URL" not in index


def test_the_search_index_holds_each_notes_names_and_their_field(real_site: Path) -> None:
    """hooks/search.py tunes the index Material writes: names, their field, minor sections."""
    index = json.loads((real_site / "search/search_index.json").read_text(encoding="utf-8"))
    assert index["config"]["fields"]["names"] == index["config"]["fields"]["title"]
    relu = next(d for d in index["docs"] if d["location"] == "Activations/ReLU/")
    assert relu["name_keys"][:2] == ["relu", "rectifiedlinearunit"]
    assert "rectifier" in relu["names"]
    minor = [d for d in index["docs"] if d["title"] in {"References", "Revisions"}]
    assert minor
    assert all(d["boost"] < 1 for d in minor)
