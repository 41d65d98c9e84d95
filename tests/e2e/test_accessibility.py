"""Accessibility of the built site: axe-core in Chromium finds nothing serious or critical.

axe-core is vendored under tests/e2e/vendor/axe-core/ (with its licence) and injected into
each page after it has loaded; the site itself never ships it. The pages are the ones the
issue names (a long note with figures, formulas and code; the graph; the comparison table),
each at desktop and phone width in the light and the dark scheme.
"""

from __future__ import annotations

from collections.abc import Iterator
from pathlib import Path
from typing import Any
from urllib.parse import urlsplit

import pytest
from playwright.sync_api import Browser, Page, Route

from .conftest import screenshot

pytestmark = [pytest.mark.browser, pytest.mark.site]

AXE = Path(__file__).parent / "vendor" / "axe-core" / "axe.min.js"
PAGES = {
    "relu": "Activations/ReLU/",
    "gelu": "Activations/GELU/",
    "graph": "graph/",
    "comparison": "Comparison of activation functions/",
}
BLOCKING = {"serious", "critical"}


@pytest.fixture(params=[("light", 1280), ("light", 390), ("dark", 1280), ("dark", 390)])
def themed_page(request: pytest.FixtureRequest, browser: Browser) -> Iterator[Page]:
    """A page in one colour scheme and width that never leaves 127.0.0.1."""
    scheme, width = request.param
    context = browser.new_context(
        viewport={"width": width, "height": 900}, color_scheme=scheme, reduced_motion="reduce"
    )
    page = context.new_page()

    def _route(route: Route) -> None:
        host = urlsplit(route.request.url).hostname
        if route.request.url.startswith(("data:", "blob:")) or host == "127.0.0.1":
            route.continue_()
        else:
            route.abort()

    page.route("**/*", _route)
    try:
        yield page
    finally:
        context.close()


def _url(site_url: str, path: str, pg: Page) -> str:
    """The page's URL as the site writes it (the vault's URL rule may replace spaces)."""
    href = pg.evaluate(
        """(title) => { const a = [...document.querySelectorAll("a")]
            .find((x) => x.textContent.trim() === title); return a ? a.href : null; }""",
        "Comparison of activation functions",
    )
    return href if path.startswith("Comparison") and href else site_url + path


def run_axe(pg: Page) -> list[dict[str, Any]]:
    """Inject axe-core and return its violations (WCAG 2.x A and AA rules, best practices)."""
    pg.add_script_tag(path=str(AXE))
    result = pg.evaluate(
        """async () => axe.run(document, {
            resultTypes: ["violations"],
            runOnly: {type: "tag", values: ["wcag2a", "wcag2aa", "wcag21a", "wcag21aa",
                                            "wcag22aa", "best-practice"]},
        })"""
    )
    return list(result["violations"])


@pytest.mark.parametrize("name", list(PAGES))
def test_no_serious_or_critical_violations(themed_page: Page, site_url: str, name: str) -> None:
    pg = themed_page
    pg.goto(site_url)
    pg.goto(_url(site_url, PAGES[name], pg))
    pg.wait_for_load_state("networkidle")
    assert pg.locator("article.md-content__inner").count() == 1  # the page, not a redirect
    pg.evaluate("document.fonts.ready")
    # What is collapsed is checked too: the local graph, the other backlinks, the cite box.
    pg.evaluate("document.querySelectorAll('article details').forEach((d) => { d.open = true; })")
    pg.wait_for_timeout(100)  # one frame for the toggle handlers; not a timing assertion
    violations = run_axe(pg)
    blocking = [
        (v["id"], v["impact"], [n["target"] for n in v["nodes"][:3]])
        for v in violations
        if v["impact"] in BLOCKING
    ]
    width = pg.viewport_size["width"] if pg.viewport_size else 0
    scheme = pg.evaluate("document.body.getAttribute('data-md-color-scheme')")
    screenshot(pg, f"axe-{name}-{width}-{scheme}")
    assert blocking == []


def test_links_in_text_are_underlined_and_the_rest_keeps_materials_look(
    themed_page: Page, site_url: str
) -> None:
    pg = themed_page
    pg.goto(site_url + PAGES["relu"])
    decoration = pg.evaluate(
        """() => {
            const line = (el) => el ? getComputedStyle(el).textDecorationLine : null;
            return {
                prose: line(document.querySelector("article p a.wikilink")),
                figure: line(document.querySelector(".nl-figure__meta a")),
                nav: line(document.querySelector(".md-nav__link")),
                tag: line(document.querySelector(".md-tag")),
                permalink: line(document.querySelector("article .headerlink")),
            };
        }"""
    )
    assert decoration["prose"] == "underline"
    assert decoration["figure"] == "underline"
    assert decoration["nav"] == "none"
    assert decoration["permalink"] == "none"
    assert decoration["tag"] in {None, "none"}
