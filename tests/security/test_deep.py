"""A note nested past Python's recursion limit is shown as text and reported (issue 8).

Python-Markdown and toc recurse once per level: a list hundreds of levels deep, or emphasis
thousands of ``*`` deep, raised ``RecursionError`` and stopped the whole build.
"""

from __future__ import annotations

import pytest

from .conftest import Built, audit, built_site, soup_of

site = built_site("deep")


@pytest.mark.parametrize("name", ["Deep", "Stars"])
def test_the_note_is_shown_as_text_and_reported(site: Built, name: str) -> None:
    assert site.has_message(f"{name}.md:1:1: too-deep:", "shown as plain text")
    pre = soup_of(site.site, f"{name}/index.html").select_one("article pre.nl-too-deep")
    assert pre is not None


def test_the_rest_of_the_site_is_built(site: Built) -> None:
    audit(site)
    home = soup_of(site.site, "index.html")
    assert [a.get_text() for a in home.select("article a.wikilink")] == ["Deep", "Stars"]
