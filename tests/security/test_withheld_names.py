"""A withheld note named like a page the site generates lends that page nothing.

The site generates its home page (``index.md``, when the vault has no published home), the
graph, the tags index and the print-all handout under fixed names. A ``publish: false`` note of
the same name was published in full as that page: its title, body and tags reached the home
page, the navigation, the search index and every page's header.
"""

from __future__ import annotations

from .conftest import Built, audit, built_site, soup_of

site = built_site("withheld-names")
NAMES = ("index", "graph", "tags", "print_page", "how-to-cite", "changelog")


def test_nothing_of_the_withheld_notes_reaches_any_file(site: Built) -> None:
    sentinels = [
        f"SENTINEL-{part}-{name}"
        for part in ("TITLE", "ALIAS", "HEADING", "BODY")
        for name in NAMES
    ]
    audit(site, [*sentinels, "sentineltag"])


def test_the_site_s_own_pages_are_generated(site: Built) -> None:
    home = soup_of(site.site, "index.html")
    assert home.select_one("article h1").get_text() == "withheld-names"
    assert "Visible" in home.get_text()
    assert "Graph of notes" in soup_of(site.site, "graph/index.html").get_text()
    assert (site.site / "tags/index.html").is_file()
    assert "Visible" in soup_of(site.site, "print_page/index.html").get_text()
