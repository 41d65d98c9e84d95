"""A vault's files never replace the files the site serves itself (issue 8, a sibling of 9).

MkDocs lets a ``docs_dir`` file replace a theme file of the same path, so a vault holding
``assets/javascripts/reading.js`` would swap the script every page loads; a vault file named
like a file the build writes (``404.html``, ``graph.json``, ``search/search_index.json``, a
generated page) would replace it or be replaced, and a folder named like one
(``sitemap.xml/``) crashed the build with ``IsADirectoryError``. Each is reported and left out.
"""

from __future__ import annotations

import json

import pytest

from .conftest import Built, audit, built_site, read

site = built_site("sitefiles")

LEFT_OUT = (
    "assets/javascripts/reading.js",
    "assets/javascripts/Portable.js",  # another letter case: one file on macOS or Windows
    "404.html",
    "graph.json",
    "search/search_index.json",
    "graph/index.html",
    "sitemap.xml/pic.png",
)


def test_no_vault_file_replaces_the_site_s_own(site: Built) -> None:
    audit(
        site,
        [
            "SENTINEL-SCRIPT",
            "SENTINEL-404",
            "SENTINEL-GRAPH",
            "SENTINEL-SEARCH",
        ],
    )
    assert "Cite this page" in read(site.site, "assets/javascripts/reading.js")
    assert (site.site / "sitemap.xml").is_file()
    assert json.loads(read(site.site, "graph.json"))["nodes"]
    assert "Note" in read(site.site, "search/search_index.json")


@pytest.mark.parametrize("src_uri", LEFT_OUT)
def test_each_is_reported_with_its_name(site: Built, src_uri: str) -> None:
    assert site.has_message(f"{src_uri}:1:1: url-collision:", "left out"), "\n".join(site.messages)


def test_the_vault_s_other_files_are_published(site: Built) -> None:
    assert read(site.site, "assets/javascripts/mine.js") == 'console.log("mine, kept")\n'
    assert (site.site / "assets/pictures/diagram.png").is_file()
    assert 'src="../assets/pictures/diagram.png"' in read(site.site, "Note/index.html")


def test_the_theme_s_files_are_no_link_targets(site: Built) -> None:
    # As in Obsidian, a link resolves into the vault only: not into the theme's assets.
    page = read(site.site, "index.html")
    assert "assets/images/favicon.png" not in page.split('class="md-content"')[1]
    assert site.has_message("index.md:5:", "unresolved-link", "[[favicon.png]]")
    assert site.has_message("index.md:5:", "missing-embed", "![[favicon.png]]")
    assert site.has_message("index.md:5:", "unresolved-link", "[[reading.css]]")
