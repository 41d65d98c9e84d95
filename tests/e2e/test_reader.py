"""A reader's path through the built site, in headless Chromium.

Every test also asserts that the page logged no console error and that no request left
127.0.0.1 (the site must work offline and leak nothing to third parties).
"""

from __future__ import annotations

import re
from urllib.parse import unquote

import pytest
from playwright.sync_api import Page, expect

from .conftest import PageWatch, screenshot

pytestmark = [pytest.mark.browser, pytest.mark.site]

RELU = "Activations/ReLU/"


def _clean(watch: PageWatch) -> None:
    assert watch.console_errors == []
    assert watch.external_requests == []
    assert watch.failed_requests == []


def test_relu_note_renders_math_figures_and_follows_a_wiki_link(
    page: tuple[Page, PageWatch], site_url: str
) -> None:
    pg, watch = page
    pg.goto(site_url + RELU)
    expect(pg.locator("article h1").first).to_have_text("ReLU")

    # Math is MathML typeset at build time: present at once, with a real size.
    formula = pg.locator("article math").first
    expect(formula).to_be_visible()
    box = formula.bounding_box()
    assert box is not None
    assert box["width"] > 40
    assert box["height"] > 10

    # The generated figure is loaded (not a broken image) and captioned.
    figure = pg.locator("article figure img[src*='figures/relu.svg']").first
    expect(figure).to_be_visible()
    assert pg.evaluate("(img) => img.naturalWidth", figure.element_handle()) > 100
    screenshot(pg, "relu-desktop-light")

    pg.locator("article a.wikilink", has_text="Leaky ReLU").first.click()
    # navigation.tracking may add the anchor of the section in view (on a slow machine the
    # scroll position of the previous page can still be there when the new one is shown).
    pg.wait_for_url(re.compile(r"Activations/Leaky-ReLU/(#[\w-]*)?$"))  # no %20
    expect(pg.locator("article h1").first).to_have_text("Leaky ReLU")

    # Backlinks: the page we came from is listed under "Linked from", with its context.
    backlinks = pg.locator("section.nl-backlinks")
    expect(backlinks).to_contain_text("Linked from")
    expect(backlinks.locator("a", has_text=re.compile(r"^ReLU$"))).to_have_count(1)
    _clean(watch)


def test_hovering_a_wiki_link_shows_a_preview(page: tuple[Page, PageWatch], site_url: str) -> None:
    pg, watch = page
    pg.goto(site_url + RELU)
    link = pg.locator("article a.wikilink", has_text="Leaky ReLU").first
    link.scroll_into_view_if_needed()
    link.hover()
    tooltip = pg.locator(".md-tooltip2")
    expect(tooltip.first).to_be_visible(timeout=10_000)
    expect(tooltip.first).to_contain_text("Leaky ReLU")
    screenshot(pg, "relu-preview")
    _clean(watch)


def test_graph_page_nodes_are_links(page: tuple[Page, PageWatch], site_url: str) -> None:
    pg, watch = page
    pg.goto(site_url + "graph/")
    nodes = pg.locator("article svg.nl-graph a")
    assert nodes.count() >= 30
    screenshot(pg, "graph-desktop")
    node = pg.locator(
        "article svg.nl-graph a", has=pg.locator("text", has_text=re.compile(r"^GELU$"))
    )
    node.first.click()
    pg.wait_for_url(re.compile(r"Activations/GELU/(#[\w-]*)?$"))
    expect(pg.locator("article h1").first).to_have_text("GELU")
    _clean(watch)


def test_dark_mode_toggle_and_phone_width(page: tuple[Page, PageWatch], site_url: str) -> None:
    pg, watch = page
    pg.goto(site_url + RELU)
    scheme = "document.body.getAttribute('data-md-color-scheme')"
    before = pg.evaluate(scheme)
    pg.locator("form[data-md-component='palette'] label:visible").first.click()
    after = pg.evaluate(scheme)
    assert {before, after} == {"default", "slate"}
    screenshot(pg, "relu-desktop-dark")
    pg.set_viewport_size({"width": 390, "height": 844})
    pg.reload()
    # The article fits the phone's width: nothing forces horizontal scrolling.
    overflow = pg.evaluate("document.documentElement.scrollWidth - window.innerWidth")
    assert overflow <= 1
    screenshot(pg, "relu-phone-dark")
    _clean(watch)


def test_search_finds_the_dying_relu_note(page: tuple[Page, PageWatch], site_url: str) -> None:
    pg, watch = page
    pg.goto(site_url)
    box = pg.locator("input.md-search__input")
    box.click()
    # Type key by key as a reader does: Material reads the query on keyup, and
    # fill() sends only an input event, which races the search worker becoming ready.
    box.press_sequentially("dying", delay=20)
    results = pg.locator(".md-search-result__item")
    expect(results.first).to_be_visible(timeout=15_000)
    titles = " ".join(results.all_inner_texts())
    assert "Dying ReLU" in titles
    screenshot(pg, "search-dying")
    _clean(watch)


def test_every_wiki_link_on_the_relu_note_points_at_a_page_that_loads(
    page: tuple[Page, PageWatch], site_url: str
) -> None:
    pg, watch = page
    pg.goto(site_url + RELU)
    hrefs = pg.eval_on_selector_all(
        "article a.wikilink", "(links) => links.map((a) => a.href.split('#')[0])"
    )
    assert len(hrefs) >= 10
    for href in sorted(set(hrefs)):
        response = pg.request.get(href)
        assert response.status == 200, unquote(href)
    assert pg.locator("article .wikilink--broken").count() == 0
    _clean(watch)


def test_local_graph_more_link_opens_the_graph_page_at_the_note(
    page: tuple[Page, PageWatch], site_url: str
) -> None:
    pg, watch = page
    pg.goto(site_url + RELU)
    box = pg.locator("details.nl-local-graph")
    box.locator("summary").click()
    expect(box.locator("ul.nl-graph-legend li").first).to_be_visible()
    more = box.locator("a.nl-graph-more__count")
    expect(more).to_have_text(re.compile(r"^\+\d+ more$"))
    screenshot(pg, "relu-local-graph")
    anchor = unquote((more.get_attribute("href") or "").split("#", 1)[1])
    assert anchor.startswith("nl-node-")
    more.click()
    # Instant navigation; navigation.tracking may rewrite the hash to a section in view.
    pg.wait_for_url(re.compile(r"graph/(#[\w-]*)?$"))
    # The note the reader came from is marked, drawn larger, inside the zoomed view.
    marked = pg.locator("svg.nl-graph a.nl-graph__node--target")
    expect(marked).to_have_count(1)
    assert marked.get_attribute("id") == anchor
    expect(marked.locator("title")).to_have_text("ReLU")
    radius = pg.evaluate(
        "() => getComputedStyle(document.querySelector('a.nl-graph__node--target circle')).r"
    )
    assert radius == "10px"
    target_box = marked.locator("circle").bounding_box()
    svg_box = pg.locator("article svg.nl-graph").bounding_box()
    assert target_box is not None
    assert svg_box is not None
    assert svg_box["x"] <= target_box["x"] <= svg_box["x"] + svg_box["width"]
    screenshot(pg, "graph-at-relu")
    _clean(watch)


def test_graph_page_is_readable_at_phone_width(page: tuple[Page, PageWatch], site_url: str) -> None:
    pg, watch = page
    pg.set_viewport_size({"width": 390, "height": 844})
    pg.goto(site_url + "graph/")
    box = pg.locator("article .nl-graph-box--global")
    expect(box).to_be_visible()
    # Labels keep their size (the box scrolls instead of shrinking the drawing).
    scrolls = pg.evaluate(
        "() => { const b = document.querySelector('.nl-graph-box--global');"
        " return [b.scrollWidth, b.clientWidth]; }"
    )
    assert scrolls[0] > scrolls[1]
    label = pg.locator("article svg.nl-graph a text").first.bounding_box()
    assert label is not None
    assert label["height"] >= 10
    legend = pg.locator("article ul.nl-graph-legend li")
    assert legend.count() >= 2
    legend_box = legend.first.bounding_box()
    assert legend_box is not None
    assert legend_box["height"] >= 12
    screenshot(pg, "graph-phone")
    _clean(watch)


def test_the_comparison_table_fits_a_desktop_column(
    page: tuple[Page, PageWatch], site_url: str
) -> None:
    """All ten columns show at 1280 px: no column, not even the last (Paper), hides behind a
    sideways scroll (Material's 5rem minimum per column made the table 81 px too wide)."""
    pg, watch = page
    pg.goto(site_url + "Comparison-of-activation-functions/")
    wrap = pg.locator("article .md-typeset__scrollwrap").first
    expect(wrap).to_be_visible()
    assert pg.locator("article table").first.locator("th").count() >= 8
    assert wrap.evaluate("w => w.scrollWidth - w.clientWidth") <= 1
    wrap.scroll_into_view_if_needed()
    screenshot(pg, "comparison-table-1280")
    _clean(watch)
