"""Markup in titles, file names, folder names, aliases, tags and embedded titles never runs.

Issue 8 items 6 and 7: the theme prints ``page.title`` (and folder names, tag names, the
description) unescaped in places; a generated ``[[…|title]]`` source link of an embed must not
end early on a ``]]`` in the title. Every text is shown as written, as text.
"""

from __future__ import annotations

import json

from .conftest import Built, audit, built_site, read, soup_of

site = built_site("markup")

TITLE = "<img src=x onerror=alert(1)></title><script>alert(9)</script>"
BRACKETED = "x]] <img src=y onerror=alert(7)> [[y|z"


def test_nothing_runs_anywhere(site: Built) -> None:
    audit(site)


def test_titles_are_shown_as_written_text(site: Built) -> None:
    page = soup_of(site.site, "Titled/index.html")
    assert page.title is not None
    assert page.title.get_text() == f"{TITLE} - markup"
    assert page.find("script", string="alert(9)") is None
    h1 = page.select_one("article h1")
    assert h1 is not None
    assert h1.get_text() == TITLE
    header = [t.get_text(strip=True) for t in page.select(".md-header__topic .md-ellipsis")]
    assert header[-1] == TITLE
    meta = page.find("meta", attrs={"name": "description"})
    assert meta is not None
    assert meta["content"] == '"><svg onload=alert(4)>'


def test_names_of_files_and_folders_are_text_in_the_navigation(site: Built) -> None:
    nav = soup_of(site.site, "index.html").select(".md-nav--primary .md-nav__link")
    shown = {link.get_text(" ", strip=True) for link in nav}
    assert "<svg onload=alert(2)>" in shown
    assert "<b onmouseover=alert(3)>folder" in shown
    assert TITLE in shown


def test_an_embedded_title_with_brackets_stays_one_link(site: Built) -> None:
    page = soup_of(site.site, "index.html")
    sources = [p.get_text() for p in page.select(".transclusion__source")]
    assert sources == [TITLE, BRACKETED, f"{BRACKETED} > Part", TITLE]
    for link in page.select(".transclusion__source a"):
        assert link["href"] in {"Titled/", "Bracketed/", "Bracketed/#part"}
    assert "Bracketed body." in page.get_text()


def test_search_index_and_graph_hold_the_titles_as_text(site: Built) -> None:
    index = json.loads(read(site.site, "search/search_index.json"))
    titles = {doc["title"] for doc in index["docs"]}
    assert "&lt;svg onload=alert(2)&gt;" in titles  # HTML the search box shows as text
    graph = json.loads(read(site.site, "graph.json"))
    assert TITLE in {node["title"] for node in graph["nodes"]}
    assert "<" not in read(site.site, "graph.json")


def test_a_tag_holding_markup_is_reported_and_left_out(site: Built) -> None:
    assert site.has_message("Titled.md:5:16:", "bad-property", "'<b onclick=alert(5)>'")
    tags = read(site.site, "tags/index.html")
    assert "ok-tag" in tags
    assert "fine-tag" in tags


def test_an_alias_holding_markup_gets_a_harmless_redirect(site: Built) -> None:
    redirect = site.site / "<i onmouseover=alert(6)>old name" / "index.html"
    assert redirect.exists()
    assert "../Titled/" in redirect.read_text(encoding="utf-8")


def test_the_cite_box_holds_the_citation_files_markup_as_text(site: Built) -> None:
    # The vault's CITATION.cff names the work and its author with markup and gives a
    # javascript: address: the cite box shows the text, and no link goes to that address.
    page = soup_of(site.site, "Titled/index.html")
    box = page.select_one(".nl-cite")
    assert box is not None
    assert "Markup <img src=x onerror=alert(11)> notes" in box.get_text()
    assert "<svg onload=alert(12)> Author" in box.get_text()
