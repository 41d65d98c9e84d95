"""The print-all handout over built sites: the knowledge base, and a vault with every kind of
anchor (blocks, footnotes, tags, embeds, obsidian:// links) printed whole and split by folder."""

from __future__ import annotations

import datetime as dt
import json
import re
import subprocess
from pathlib import Path
from urllib.parse import unquote, urlsplit

import pytest
from bs4 import BeautifulSoup
from mkdocs.commands.build import build
from mkdocs.config import load_config
from mkdocs.config.defaults import MkDocsConfig

from nonlinear.site.sitecheck import broken_links

ROOT = Path(__file__).resolve().parents[2]
pytestmark = pytest.mark.site


def _soup(path: Path) -> BeautifulSoup:
    return BeautifulSoup(path.read_text(encoding="utf-8"), "lxml")


def _printed(site: Path, url: str = "print_page/") -> BeautifulSoup:
    return _soup(site / unquote(url) / "index.html")


def _fragment_targets_exist(page: BeautifulSoup) -> list[str]:
    """Same-page links whose target id is missing, and ids used twice."""
    ids = [str(tag["id"]) for tag in page.find_all(id=True)]
    problems = [f"duplicate id {i}" for i in sorted({i for i in ids if ids.count(i) > 1})]
    known = set(ids)
    for a in page.select('a[href^="#"]'):
        fragment = str(a["href"])[1:]
        if fragment and fragment not in known and unquote(fragment) not in known:
            problems.append(f"#{fragment}")
    return problems


def test_the_handout_prints_every_note_once_in_navigation_order(real_site: Path) -> None:
    printed = _printed(real_site)
    sections = printed.select("section.nl-print-note")
    urls = [str(s["data-url"]) for s in sections]
    graph = json.loads((real_site / "graph.json").read_text(encoding="utf-8"))
    notes = {node["url"].removeprefix("./") for node in graph["nodes"]}
    assert len(urls) == len(set(urls))
    # Every published note, the notebooks' pages included (the vault keeps them as notes).
    assert set(urls) == notes
    assert sum(url.startswith("notebooks/") for url in urls) >= 3
    for generated in ("tags/", "graph/", "how-to-cite/", "changelog/", "print_page/"):
        assert generated not in urls
    # The sidebar's order: the home page first, folders before the notes at the top.
    assert urls[0] == ""
    assert urls.index("Activations/ReLU/") < urls.index("About/")


def test_cover_names_title_version_date_licence_and_address(real_site: Path) -> None:
    cover = _printed(real_site).select_one("section.nl-print-cover")
    assert cover is not None
    text = cover.get_text(" ", strip=True)
    head = subprocess.run(
        ["git", "log", "-1", "--format=%h %cs"],
        cwd=ROOT,
        capture_output=True,
        text=True,
        check=True,
    ).stdout.split()
    assert head[0] in text
    when = dt.date.fromisoformat(head[1])
    assert f"of {when.day} {when:%B} {when.year}" in text
    assert text.startswith("Nonlinear: a knowledge base")
    licence = cover.select_one('a[rel="license"]')
    assert licence is not None
    assert licence.get_text() == "CC-BY-4.0"
    assert "https://nonlinear-kb.github.io/nonlinear/" in text
    assert re.search(r"\b34 notes, 53 figures\b|\b\d+ notes, \d+ figures\b", text)


def test_each_note_has_its_number_title_and_address(real_site: Path) -> None:
    sections = _printed(real_site).select("section.nl-print-note")
    for number, section in enumerate(sections, start=1):
        h1 = section.find("h1")
        assert h1 is not None, section["id"]
        label = h1.select_one(".nl-print-note__number")
        assert label is not None
        assert label.get_text() == str(number)
        address = h1.find_next_sibling()
        assert address is not None
        assert "nl-print-note__url" in address.get("class", [])
        assert (
            address.get_text() == "https://nonlinear-kb.github.io/nonlinear/" + section["data-url"]
        )


def test_figures_are_numbered_per_note_not_all_figure_one(real_site: Path) -> None:
    printed = _printed(real_site)
    labels = []
    for number, section in enumerate(printed.select("section.nl-print-note"), start=1):
        found = [s.get_text() for s in section.select("figcaption > .nl-print-figure")]
        assert found == [f"Figure {number}.{n}." for n in range(1, len(found) + 1)]
        assert len(found) == len(section.select("figcaption"))
        labels += found
    assert len(labels) >= 50
    assert len(set(labels)) == len(labels)
    assert "Figure 1:" not in printed.get_text()


def test_every_anchor_of_the_handout_resolves(real_site: Path) -> None:
    printed = _printed(real_site)
    assert _fragment_targets_exist(printed) == []
    assert len(printed.select('section.nl-print-note a[href^="#"]')) > 300
    # Nothing of the handout goes through the site-wide check unseen.
    site_path = urlsplit("https://nonlinear-kb.github.io/nonlinear/").path
    assert [str(f) for f in broken_links(real_site, site_path=site_path)] == []


def test_print_styles_load_on_the_print_page_only(real_site: Path) -> None:
    assert not (real_site / "css" / "print-site.css").exists()
    assert not (real_site / "js" / "print-site.js").exists()
    pages = list(real_site.rglob("*.html"))
    assert len(pages) > 100
    loading = []
    for page in pages:
        html = page.read_text(encoding="utf-8")
        assert "print-site.css" not in html, page
        assert "print-site.js" not in html, page
        if "handout.css" in html:
            loading.append(page.relative_to(real_site).as_posix())
    assert loading == ["print_page/index.html"]
    link = _printed(real_site).select_one('article link[rel="stylesheet"]')
    assert link is not None
    assert (real_site / "print_page" / str(link["href"])).resolve().is_file()


def test_the_handout_is_not_in_the_search_index(real_site: Path) -> None:
    index = json.loads((real_site / "search" / "search_index.json").read_text(encoding="utf-8"))
    assert not [d["location"] for d in index["docs"] if d["location"].startswith("print_page/")]


# A vault with every kind of anchor a note can hold, built with the project's mkdocs.yml.
VAULT = {
    "index.md": (
        "Start at [[A]], a block [[B#^blk]], a heading [[B#Section two]] and a list item "
        "[[A#^item]]. A footnote[^1]. #topic\n\n"
        "[Open in the app](obsidian://open?vault=v&file=A)\n\n[^1]: The footnote.\n"
    ),
    "A.md": (
        "Paragraph with an id. ^para\n\n- item one ^item\n- item two\n\n"
        "See [[B#^blk]], [[#Local heading]] and [[Daily/2024-01-02#Evening]].\n\n"
        "## Local heading\n\nText with #tag/nested and a footnote[^n].\n\n[^n]: Another one.\n"
    ),
    "B.md": "## Section two\n\nBlock text. ^blk\n\n![[A#^item]]\n\nBack to [[index|home]].\n",
    "Daily/2024-01-01.md": "Morning. Read [[A#Local heading]].\n\n## Evening\n\nDone. ^done\n",
    "Daily/2024-01-02.md": "See [[2024-01-01#^done]].\n\n## Evening\n\nQuiet.\n",
    "Projects/P.md": (
        "---\ntitle: 'Plan <b>&</b> co'\n---\n"
        "Plan from [[Daily/2024-01-01#Evening]] and [[B#^blk]]. #topic\n"
    ),
}


def _build_vault(
    tmp_path: Path,
    monkeypatch: pytest.MonkeyPatch,
    max_notes: int | None,
    built: list[MkDocsConfig] | None = None,
) -> Path:
    vault = tmp_path / "vault"
    for name, text in VAULT.items():
        (vault / name).parent.mkdir(parents=True, exist_ok=True)
        (vault / name).write_text(text, encoding="utf-8")
    monkeypatch.setenv("NONLINEAR_NOTEBOOKS", "")  # another vault: no notebooks
    monkeypatch.setenv("NO_MKDOCS_2_WARNING", "1")
    site = tmp_path / "site"
    config = load_config(
        str(ROOT / "mkdocs.yml"), docs_dir=str(vault), site_dir=str(site), strict=True
    )
    if max_notes is not None:
        config.extra["nonlinear"]["print"] = {"max_notes": max_notes}
    build(config)
    if built is not None:
        built.append(config)
    return site


def _assert_anchors_work(site: Path, handouts: list[str]) -> None:
    for url in handouts:
        assert _fragment_targets_exist(_printed(site, url)) == [], url
    site_path = urlsplit("https://nonlinear-kb.github.io/nonlinear/").path
    assert [str(f) for f in broken_links(site, site_path=site_path)] == []


def test_block_footnote_tag_and_app_links_survive_one_handout(
    tmp_path: Path, monkeypatch: pytest.MonkeyPatch
) -> None:
    site = _build_vault(tmp_path, monkeypatch, None)
    printed = _printed(site)
    _assert_anchors_work(site, ["print_page/"])
    sections = {str(s["data-url"]): s for s in printed.select("section.nl-print-note")}
    assert set(sections) == {
        "",
        "A/",
        "B/",
        "Daily/2024-01-01/",
        "Daily/2024-01-02/",
        "Projects/P/",
    }
    home = sections[""]
    hrefs = [str(a["href"]) for a in home.select("a")]
    # In the sidebar's order: home, folders first, then the notes at the top.
    assert [s["id"] for s in sections.values()] == [
        "home",
        "daily-2024-01-01",
        "daily-2024-01-02",
        "projects-p",
        "a",
        "b",
    ]
    # Notes, a heading, blocks (a paragraph, a list item) and footnotes, all on the page.
    for href in ("#a", "#b--^blk", "#b--section-two", "#a--^item", "#home--fn:1"):
        assert href in hrefs
        assert printed.find(id=href[1:]) is not None, href
    footnote = printed.find(id="home--fn:1")
    assert footnote is not None
    assert footnote.select_one('a[href="#home--fnref:1"]') is not None
    assert printed.find(id="home--fnref:1") is not None
    # A title that looks like HTML is printed as text, in the contents and the heading.
    plan = sections["Projects/P/"].find("h1")
    assert plan is not None
    assert plan.get_text() == "4 Plan <b>&</b> co"
    assert "Plan <b>&</b> co" in [a.get_text() for a in printed.select("nav.nl-print-toc a")]
    assert "Plan <b>" not in (site / "print_page" / "index.html").read_text(encoding="utf-8")
    # Tags lead to the site's tags index (not printed), rebased to the handout's address.
    tag = home.select_one("a.tag, a[href*='tags/']")
    assert tag is not None
    assert str(tag["href"]).startswith("../tags/#")
    # An obsidian:// link stays a link to the app, marked as such.
    app = home.select_one("a.obsidian-uri")
    assert app is not None
    assert str(app["href"]).startswith("obsidian://")


def test_a_large_vault_is_printed_by_folder_with_links_across_handouts(
    tmp_path: Path, monkeypatch: pytest.MonkeyPatch
) -> None:
    built: list[MkDocsConfig] = []
    site = _build_vault(tmp_path, monkeypatch, 3, built)
    index = _printed(site)
    handouts = [str(a["href"]) for a in index.select(".nl-print-index__list a")]
    assert handouts == ["daily/", "projects/", "notes-at-the-top-of-the-vault/"]
    urls = ["print_page/" + h for h in handouts]
    _assert_anchors_work(site, urls)
    daily = _printed(site, urls[0])
    assert [str(s["data-url"]) for s in daily.select("section.nl-print-note")] == [
        "Daily/2024-01-01/",
        "Daily/2024-01-02/",
    ]
    # A link from a daily note to note A reaches A's section on the other handout.
    first = daily.select("section.nl-print-note")[0]
    across = [str(a["href"]) for a in first.select("a") if "notes-at-the-top" in str(a["href"])]
    assert across
    assert all(h.startswith("../notes-at-the-top-of-the-vault/#") for h in across)
    # Only the list of handouts is in the navigation, last.
    nav = [a.get_text(strip=True) for a in index.select("nav.md-nav--primary a.md-nav__link")]
    assert nav[-1] == "Print all notes"
    assert not any(label.startswith("Print:") for label in nav)
    # Once written, a handout page lets its notes' copies go: a big vault's handouts are not
    # all held in memory until the build ends.
    hook = built[0].plugins["hooks/handout.py"]
    pages = [hook._STATE.files.src_uris[f"print_page/{h.rstrip('/')}.md"].page for h in handouts]
    assert all(page.content is not None for page in pages)
    assert not any("nl-print-note" in page.content for page in pages)
    assert all(page.content.count(hook.MARKER) == 1 for page in pages)
    assert "nl-print-note" in (site / "print_page" / "daily" / "index.html").read_text("utf-8")
