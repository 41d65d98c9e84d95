"""Reading features over the real built knowledge base: offline, links, cite, math, figures."""

from __future__ import annotations

import json
import logging
import os
import re
import subprocess
from pathlib import Path
from urllib.parse import quote, urlsplit

import pytest
import yaml
from bs4 import BeautifulSoup
from mkdocs.commands.build import build
from mkdocs.config import load_config
from mkdocs.exceptions import Abort

from nonlinear.notebooks.vault_outputs import read_manifest
from nonlinear.site.sitecheck import broken_links, external_assets, page_weight
from nonlinear.vault.paths import slug_path

ROOT = Path(__file__).resolve().parents[2]
DOCS = ROOT / "docs"
pytestmark = pytest.mark.site

# Reviewed exceptions: hosts named in Material's script bundle on code paths this site never
# takes. unpkg.com: the ResizeObserver polyfill (every supported browser has ResizeObserver)
# and Mermaid (loaded only for `.mermaid` blocks: test_no_mermaid_blocks). api.github.com: the
# repository facts, fetched only for `data-md-component="source"`, which our
# overrides/partials/source.html drops (external_assets reports it if it comes back).
ALLOW = [
    ("assets/javascripts/bundle.*.min.js", "unpkg.com"),
    ("assets/javascripts/bundle.*.min.js", "api.github.com"),
]


def site_url() -> str:
    class _Loader(yaml.SafeLoader):
        pass

    # mkdocs.yml uses !ENV tags; only their default values matter here.
    _Loader.add_constructor("!ENV", lambda loader, node: loader.construct_sequence(node)[-1])
    _Loader.add_multi_constructor("tag:yaml.org,2002:python/", lambda *a: None)
    config = yaml.load((ROOT / "mkdocs.yml").read_text(encoding="utf-8"), Loader=_Loader)
    return str(config["site_url"])


def note_pages() -> list[tuple[str, str]]:
    """(src_uri, built page) of every Markdown note an author wrote in the vault.

    The notebooks' pages kept in the vault for Obsidian (``make notebooks``, listed in its
    manifest) are generated, not authored: they are left out.
    """
    generated, _ = read_manifest(DOCS)
    pages = []
    for path in sorted(DOCS.rglob("*.md")):
        rel = path.relative_to(DOCS)
        if any(part.startswith(".") for part in rel.parts) or rel.as_posix() in generated:
            continue
        folder = slug_path(rel.as_posix())  # the URL rule: Activations/Leaky-ReLU/
        pages.append((rel.as_posix(), f"{folder}/index.html" if folder else "index.html"))
    return pages


def soup(site: Path, page: str) -> BeautifulSoup:
    return BeautifulSoup((site / page).read_text(encoding="utf-8"), "lxml")


def test_nothing_is_loaded_from_a_third_party(real_site: Path) -> None:
    assert [str(f) for f in external_assets(real_site, allow=ALLOW)] == []


def test_no_mermaid_blocks(real_site: Path) -> None:
    for page in real_site.rglob("*.html"):
        assert not soup(real_site, str(page.relative_to(real_site))).select(".mermaid"), page


def test_every_internal_link_and_anchor_resolves(real_site: Path) -> None:
    site_path = urlsplit(site_url()).path or "/"
    assert [str(f) for f in broken_links(real_site, site_path=site_path)] == []


@pytest.mark.parametrize(("src_uri", "page"), note_pages())
def test_every_note_has_a_cite_box(real_site: Path, src_uri: str, page: str) -> None:
    html = soup(real_site, page)
    box = html.select_one("details.nl-cite")
    assert box is not None, f"{page} has no cite box"
    assert box.summary is not None
    assert box.summary.get_text(strip=True) == "Cite this page"
    text = box.get_text()
    assert site_url() + quote(page.removesuffix("index.html")) in text
    # The version is the file's last commit when git knows the file: the box links the
    # note's source at that commit and offers "cite this version" next to the living page.
    log = subprocess.run(
        ["git", "log", "-1", "--format=%H", "--", src_uri],
        cwd=DOCS,
        capture_output=True,
        text=True,
        check=False,
    ).stdout.strip()
    if log:
        revision = box.select_one(".nl-cite__revision a")
        assert revision is not None
        assert revision.get_text() == log[:7]
        assert str(revision["href"]).endswith(f"/blob/{log}/docs/{quote(src_uri)}")
        assert f"version {log[:7]}" in text
        assert box.select_one(".nl-cite__version") is not None
        assert len(box.select(".nl-accessed")) == 4  # the pinned APA and plain need none
        assert html.select_one(".md-source-file") is not None  # Material's "last update"
    else:
        assert len(box.select(".nl-accessed")) == 3


def test_math_is_mathml_without_scripts(real_site: Path) -> None:
    pages_with_math = 0
    for _, page in note_pages():
        html = soup(real_site, page)
        if html.select("math"):
            pages_with_math += 1
        assert not html.select(".arithmatex"), page
        for script in html.select("script[src]"):
            assert not re.search(r"mathjax|katex", script["src"], re.IGNORECASE), page
    assert pages_with_math >= 10
    css = (real_site / "assets/stylesheets/reading.css").read_text(encoding="utf-8")
    assert '"STIX Two Math", math' in css
    # The font ships, cut to the formulas' characters under a name made from its bytes
    # (nonlinear.site.fonts, test_readers.py), declared in each page's head.
    (font_file,) = (real_site / "assets/fonts").glob("STIXTwoMath-Regular.*.woff2")
    font = font_file.read_bytes()
    assert font.startswith(b"wOF2")
    assert len(font) > 20_000
    assert "SIL OPEN FONT LICENSE" in (real_site / "assets/fonts/STIXTwoMath-OFL.txt").read_text(
        encoding="utf-8"
    )


def test_no_note_shows_raw_tex(real_site: Path) -> None:
    """Math that the Markdown math syntax did not take (``$a = $ b``: a space before the
    closing dollar) reaches the reader as raw TeX; no note's prose may show a dollar sign
    or a TeX command outside code and rendered math."""
    raw: list[str] = []
    for src_uri, page in note_pages():
        article = soup(real_site, page).select_one("article")
        assert article is not None, page
        for tag in article.select("code, pre, math, script, style, svg"):
            tag.decompose()
        for text in article.find_all(string=True):
            if "$" in text or re.search(r"\\[A-Za-z]{2,}", text):
                raw.append(f"{src_uri}: {text.strip()[:80]}")
    assert raw == []


def test_figures_are_ready_for_slides(real_site: Path) -> None:
    figures = 0
    for _, page in note_pages():
        html = soup(real_site, page)
        for img in html.select('img[src$=".svg"]'):
            if "figures/" not in img["src"]:
                continue
            figures += 1
            figure = img.find_parent("figure")
            assert figure is not None, (page, img["src"])
            assert "nl-figure" in figure["class"]
            caption = figure.select_one("figcaption .nl-figure__caption")
            assert caption is not None, (page, img["src"])
            assert caption.get_text(strip=True), (page, img["src"])
            links = {a.get_text(): a["href"] for a in figure.select(".nl-figure__meta a")}
            assert links["SVG"] == img["src"]
            assert links["PNG (200 dpi)"] == img["src"].removesuffix(".svg") + ".png"
            assert links["CC BY 4.0"].startswith("https://creativecommons.org/licenses/by/4.0")
            name = img["src"].rsplit("/", 1)[-1]
            assert figure.select_one(".nl-figure__url").get_text() == site_url() + "figures/" + name
    if not any((real_site / "figures").glob("*.svg")):
        pytest.fail("the built site has no figures/*.svg: the notebooks drew nothing")
    assert figures > 0


def test_graph_page_draws_every_published_note(real_site: Path) -> None:
    html = soup(real_site, "graph/index.html")
    svg = html.select_one("svg.nl-graph")
    assert svg is not None
    graph_file = real_site / "graph.json"
    if graph_file.exists():
        graph = json.loads(graph_file.read_text(encoding="utf-8"))
        assert len(svg.select("a.nl-graph__node")) == len(graph["nodes"])
        groups = {n["group"] or "(top level)" for n in graph["nodes"]}
        legend = [li.get_text(strip=True) for li in html.select("ul.nl-graph-legend li")]
        assert sorted(legend) == sorted(groups)


def test_notes_have_local_graph_and_backlinks(real_site: Path) -> None:
    html = soup(real_site, "Activations/ReLU/index.html")
    local = html.select_one("details.nl-local-graph svg.nl-graph")
    assert local is not None
    current = local.select_one('a[aria-current="page"]')
    assert current is not None
    label = current.select_one("text")
    assert label is not None
    assert label.get_text() == "ReLU"
    backlinks = html.select(".nl-backlinks li a")
    assert backlinks, "ReLU is linked from many notes"


def test_local_graph_ranks_neighbours_and_counts_the_rest(real_site: Path) -> None:
    graph = json.loads((real_site / "graph.json").read_text(encoding="utf-8"))
    nodes = {n["id"]: n for n in graph["nodes"]}
    out: dict[str, set[str]] = {}
    for e in graph["edges"]:
        out.setdefault(e["source"], set()).add(e["target"])
    centre = "Activations/ReLU.md"
    near = set(out.get(centre, set())) | {s for s, ts in out.items() if centre in ts}
    near.discard(centre)
    html = soup(real_site, "Activations/ReLU/index.html")
    box = html.select_one("details.nl-local-graph")
    assert box is not None
    svg = box.select_one("svg.nl-graph")
    assert svg is not None
    drawn = {a.select_one("title").get_text() for a in svg.select("a")}
    direct = {nodes[n]["title"] for n in near}
    shown = direct & drawn
    # Every note linked both ways with ReLU is drawn (they rank first).
    mutual = {nodes[n]["title"] for n in near if n in out and centre in out[n] and n in out[centre]}
    assert mutual <= shown
    more = box.select_one(".nl-graph-more")
    assert more is not None
    hidden = len(direct) - len(shown)
    if hidden:
        count = more.select_one("a.nl-graph-more__count")
        assert count is not None
        assert count.get_text(strip=True) == f"+{hidden} more"
        assert f"({len(shown)} of {len(direct)} shown)" in " ".join(more.get_text().split())
        href = count["href"]
        assert isinstance(href, str)
        _path, _, anchor = href.partition("#")
        assert anchor, "the +K more link opens the graph page at this note"
        page = soup(real_site, "graph/index.html")
        target = page.find(id=anchor)
        assert target is not None
        assert target.select_one("title").get_text() == "ReLU"
    legend = [li.get_text(strip=True) for li in box.select("ul.nl-graph-legend li")]
    groups = {nodes[n]["group"] or "(top level)" for n in nodes if nodes[n]["title"] in drawn}
    assert sorted(legend) == sorted(groups)


def test_report_page_weight(real_site: Path, capsys: pytest.CaptureFixture[str]) -> None:
    # Not a budget: printed for the record (pytest -s shows it), with a sanity bound.
    for page in ("Activations/ReLU/index.html", "graph/index.html"):
        weight = page_weight(real_site, page)
        with capsys.disabled():
            print(
                f"\n{page}: html {weight.html / 1024:.0f} KB, css {weight.css / 1024:.0f} KB, "
                f"js {weight.js / 1024:.0f} KB, fonts {weight.fonts / 1024:.0f} KB, "
                f"images {weight.images / 1024:.0f} KB, total {weight.total / 1024:.0f} KB"
            )
        assert weight.total < 3 * 1024 * 1024


def test_unknown_latex_fails_a_strict_build_with_its_position(
    tmp_path: Path, caplog: pytest.LogCaptureFixture
) -> None:
    # A one-note vault built with the repository's configuration (all hooks).
    vault = tmp_path / "vault"
    vault.mkdir()
    (vault / "index.md").write_text(
        "---\ntags: [x]\n---\nSee $\\erf(x)$ and\n\n$$\n\\frac{1}{2} + \\foo\n$$\n",
        encoding="utf-8",
    )
    os.environ.setdefault("NO_MKDOCS_2_WARNING", "1")
    config = load_config(
        str(ROOT / "mkdocs.yml"),
        site_dir=str(tmp_path / "site"),
        docs_dir=str(vault),
        strict=True,
    )
    with caplog.at_level(logging.WARNING, logger="mkdocs"), pytest.raises(Abort):
        build(config)
    messages = [r.getMessage() for r in caplog.records if "math-error" in r.getMessage()]
    assert messages == [
        "nonlinear: index.md:4:6: math-error: unknown LaTeX command \\erf; use \\operatorname{erf} "
        "for an operator name or a supported command",
        "nonlinear: index.md:7:1: math-error: unknown LaTeX command \\foo; use \\operatorname{foo} "
        "for an operator name or a supported command",
    ]
