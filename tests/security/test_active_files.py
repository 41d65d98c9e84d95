"""HTML and SVG files of the vault that can run a script are reported (issue 8, a sibling).

The site copies a vault's files as they are; a reader who opens one (a link to it, its
address) runs its scripts on the site's own address. As with raw HTML in a note, each active
start tag is reported at its line (``STRICT=1`` fails on it); the file is published.
"""

from __future__ import annotations

import pytest

from .conftest import Built, built_site, read

site = built_site("active-files")


@pytest.mark.parametrize(
    ("where", "what"),
    [
        ("drawings/evil.svg:1:1:", "onload"),
        ("drawings/evil.svg:2:1:", "<script>"),
        ("page.html:3:1:", "onload"),
    ],
)
def test_each_active_tag_is_reported_at_its_line(site: Built, where: str, what: str) -> None:
    assert site.has_message(where, "unsafe-html", f"({what})", "when a reader opens this file")


def test_files_without_scripts_are_not_reported_and_all_are_published(site: Built) -> None:
    assert not site.has_message("plain.svg", "unsafe-html")
    assert read(site.site, "drawings/plain.svg").startswith("<svg")
    assert "A page kept in the vault." in read(site.site, "page.html")
