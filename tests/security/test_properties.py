"""Frontmatter and properties of a hostile vault, through the real MkDocs build.

Issue 8 items 1, 2, 3 and 11, issue 9's "properties are the vault's data": a note whose
properties cannot be read, or whose ``publish`` is not plainly ``true``/``false``, is withheld
and reported at its line; wrong types are reported and ignored; properties named like Material
page settings change nothing; the public link report names no withheld note.
"""

from __future__ import annotations

import json

import pytest

from .conftest import Built, audit, built_site, read, soup_of

WITHHELD_SENTINELS = (
    "SENTINEL-DRAFT-BODY",
    "SENTINEL-LISTED-TITLE",
    "SENTINEL-LISTED-BODY",
    "SENTINEL-QUOTED-BODY",
    "SENTINEL-YES-BODY",
    "SENTINEL-UNCLOSED-BODY",
    "SENTINEL-FUSED-BODY",
    "SENTINEL-PATH",  # the path, title and alias of a withheld note no published note links to
    "SENTINEL-ALIAS",
    "Draft: not ready",  # the unreadable note's title
    "secret, plans",
    "SENTINEL-DRAFT-FIGURE",  # an image only a withheld note embeds
    "SENTINEL-LISTED-ATTACHMENT",  # a file only a withheld note links to
)


site = built_site("frontmatter")


def test_nothing_withheld_reaches_any_file_and_nothing_runs(site: Built) -> None:
    audit(site, WITHHELD_SENTINELS)
    for name in ("Draft", "Listed", "Quoted", "Yes", "Unclosed", "Fused"):
        assert not (site.site / name).exists()


def test_attachments_only_withheld_notes_use_are_withheld(site: Built) -> None:
    assert not (site.site / "draft-figure.svg").exists()
    assert not (site.site / "private" / "listed-notes.txt").exists()
    # Embedded by the home page as well as by a withheld note: published, and shown.
    assert (site.site / "shared-figure.svg").is_file()
    assert soup_of(site.site, "index.html").find("img", src="shared-figure.svg") is not None
    assert site.has_message("draft-figure.svg", "only withheld notes use")


@pytest.mark.parametrize(
    ("where", "kind"),
    [
        ("Draft.md:2:13:", "bad-frontmatter"),  # title: Draft: not ready
        ("Unclosed.md:3:7:", "bad-frontmatter"),  # the list left open on line 3
        ("Fused.md:1:1:", "bad-frontmatter"),  # the block is never closed: '---' runs on
        ("Listed.md:3:10:", "bad-property"),  # publish: [false]
        ("Quoted.md:2:10:", "bad-property"),  # publish: "false"
        ("Yes.md:2:10:", "bad-property"),  # publish: no
        ("Types.md:2:8:", "bad-property"),  # title: [a, b]
        ("Types.md:3:12:", "bad-property"),  # permalink: [x, y]
        ("Types.md:4:10:", "bad-property"),  # aliases: {a: b}
        ("Types.md:5:22:", "bad-property"),  # a cssclass holding markup
        ("Types.md:6:14:", "bad-property"),  # a tag holding markup
    ],
)
def test_each_problem_is_reported_at_its_line(site: Built, where: str, kind: str) -> None:
    assert site.has_message(where, kind), "\n".join(site.messages)


def test_wrong_types_are_ignored_not_shown(site: Built) -> None:
    page = soup_of(site.site, "Types/index.html")
    assert page.title is not None
    assert page.title.get_text() == "Types - frontmatter"  # the file name, not "['a', 'b']"
    assert not (site.site / "['x', 'y']").exists()
    assert not any("['x', 'y']" in str(p) for p in site.site.rglob("*"))
    assert "fine" in read(site.site, "tags/index.html")


def test_properties_named_like_theme_settings_are_data(site: Built) -> None:
    # template:, icon:, status:, search:, subtitle:, author: change nothing; the build did not
    # crash on the missing template or icon, and the page is still in the search index.
    page = read(site.site, "Theme/index.html")
    assert "Theme body" in page
    assert "SENTINEL-SUBTITLE" not in page
    assert "md-status" not in page
    index = json.loads(read(site.site, "search/search_index.json"))
    assert any(doc["location"].startswith("Theme/") for doc in index["docs"])
    # Documented keys act: hide: [navigation] hides the sidebar, the description is the
    # meta description, as text.
    soup = soup_of(site.site, "Theme/index.html")
    sidebar = soup.select_one(".md-sidebar--primary")
    assert sidebar is not None
    assert sidebar.has_attr("hidden")
    meta = soup.find("meta", attrs={"name": "description"})
    assert meta is not None
    assert meta["content"] == '"><img src=x onerror=alert(1)>'
    # An author: property is data: no author meta tag (another vault's site names no author).
    assert soup.find("meta", attrs={"name": "author"}) is None
    assert "svg onload" not in read(site.site, "Theme/index.html")


def test_the_public_link_report_names_no_withheld_note(site: Built) -> None:
    report = json.loads(read(site.site, "link-report.json"))
    assert "unpublished" not in report["counts"]
    rows = {row["raw"]: row for row in report["links"]}
    for name in ("Draft", "Listed", "Quoted", "Yes", "Unclosed", "Fused"):
        assert rows[f"[[{name}]]"]["status"] == "unresolved"
        assert rows[f"[[{name}]]"]["target"] is None
    # Links written in withheld notes are not in it; the build log has the whole story.
    assert {row["source"] for row in report["links"]} <= {"index.md", "Theme.md", "Types.md"}
    assert site.has_message("index.md:3:", "[[Draft]]", "withheld until its properties")
    assert site.has_message("index.md:3:", "[[Yes]]", "withheld until its properties")


def test_a_link_to_a_withheld_note_looks_like_a_link_to_nothing(site: Built) -> None:
    soup = soup_of(site.site, "index.html")
    broken = {span.get_text(): span["title"] for span in soup.select(".wikilink--broken")}
    assert broken["Draft"] == "No note or file named 'Draft'"
    assert not any("publish" in title for title in broken.values())
