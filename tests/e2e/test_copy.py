"""A copy of the site served at another address: previews and instant navigation still work.

The site is built for one address (its ``site_url``); a teacher serves a copy with
``python -m http.server`` on another port, under another path. Material only previews and
instantly loads links listed in sitemap.xml, whose addresses are the published ones;
``overrides/assets/javascripts/portable.js`` makes them the copy's own. Opened from disk, the
copy says how to serve it.
"""

from __future__ import annotations

import re
from collections.abc import Iterator

import pytest
from playwright.sync_api import Browser, Page, expect

from .conftest import BuiltSite, PageWatch, _running, _serve, screenshot

pytestmark = [pytest.mark.browser, pytest.mark.site]

RELU = "Activations/ReLU/"


@pytest.fixture(scope="session")
def root_copy_url(built_site: BuiltSite) -> Iterator[str]:
    """The same files served from their own folder on another port: ``python -m http.server``
    run inside the copy."""
    server, url = _serve(built_site.folder)
    with _running(server):
        yield url


@pytest.fixture(params=["copy_url", "root_copy_url"])
def copy(request: pytest.FixtureRequest, site_url: str) -> str:
    """Each way of serving a copy; none is the address the site was built for."""
    url = str(request.getfixturevalue(request.param))
    assert url != site_url
    return url


def _clean(watch: PageWatch) -> None:
    assert watch.console_errors == []
    assert watch.external_requests == []
    assert watch.failed_requests == []


def test_hover_previews_work_on_a_copy(page: tuple[Page, PageWatch], copy: str) -> None:
    pg, watch = page
    pg.goto(copy + RELU)
    link = pg.locator("article a.wikilink", has_text="Leaky ReLU").first
    link.scroll_into_view_if_needed()
    link.hover()
    tooltip = pg.locator(".md-tooltip2")
    expect(tooltip.first).to_be_visible(timeout=10_000)
    expect(tooltip.first).to_contain_text("Leaky ReLU")
    # The preview is the copy's page, fetched from the copy, never from the published site.
    screenshot(pg, "copy-preview" if "classroom" in copy else "copy-root-preview")
    _clean(watch)


def test_instant_navigation_works_on_a_copy(page: tuple[Page, PageWatch], copy: str) -> None:
    pg, watch = page
    pg.goto(copy + RELU)
    # A full page load would forget this; Material's instant navigation keeps the document.
    pg.evaluate("window.__stayed = true")
    pg.locator("article a.wikilink", has_text="Leaky ReLU").first.click()
    pg.wait_for_url(re.compile(re.escape(copy) + r"Activations/Leaky-ReLU/(#[\w-]*)?$"))
    expect(pg.locator("article h1").first).to_have_text("Leaky ReLU")
    assert pg.evaluate("window.__stayed === true")
    # And the next page previews its links too.
    link = pg.locator("article a.wikilink", has_text="ReLU").first
    link.scroll_into_view_if_needed()
    link.hover()
    expect(pg.locator(".md-tooltip2").first).to_be_visible(timeout=10_000)
    _clean(watch)


def test_nothing_is_patched_at_the_published_address(
    page: tuple[Page, PageWatch], site_url: str
) -> None:
    pg, watch = page
    pg.goto(site_url + RELU)
    assert pg.evaluate("window.__nonlinearPortable === true")
    native = "DOMParser.prototype.parseFromString.toString().includes('[native code]')"
    assert pg.evaluate(native)
    _clean(watch)


def test_a_copy_opened_from_disk_says_how_to_serve_it(
    browser: Browser, built_site: BuiltSite
) -> None:
    context = browser.new_context(viewport={"width": 1280, "height": 900})
    try:
        pg = context.new_page()
        pg.goto((built_site.folder / "Activations" / "ReLU" / "index.html").as_uri())
        note = pg.locator(".nl-file-copy")
        expect(note).to_be_visible()
        expect(note).to_contain_text("python3 -m http.server 8000")
        screenshot(pg, "copy-from-disk")
    finally:
        context.close()
