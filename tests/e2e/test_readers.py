"""The reading features in headless Chromium: the real search, the compact "Linked from".

Search runs Material's own worker (through overrides/assets/javascripts/workers/
nonlinear-search.js) on the built index, typed into the search box as a reader types.
"""

from __future__ import annotations

from typing import Any

import pytest
from playwright.sync_api import Page, expect

from .conftest import PageWatch, screenshot

pytestmark = [pytest.mark.browser, pytest.mark.site]

RELU = "Activations/ReLU/"
MINOR = {"Revisions", "References", "Related"}


def _clean(watch: PageWatch) -> None:
    assert watch.console_errors == []
    assert watch.external_requests == []
    assert watch.failed_requests == []


def search(pg: Page, query: str) -> list[dict[str, Any]]:
    """Type *query* into the search box; return each result's page title and visible sections

    (Material shows the first ten; the rest load as the reader scrolls).
    """
    box = pg.locator("input.md-search__input")
    box.click()
    box.fill("")
    box.press_sequentially(query, delay=20)
    expect(pg.locator(".md-search-result__item").first).to_be_visible(timeout=15_000)
    # Each keystroke re-renders the list: read it until two readings agree.
    previous: list[dict[str, Any]] = []
    for _ in range(40):
        current = pg.eval_on_selector_all(
            ".md-search-result__item",
            """items => items.map(item => ({
                title: item.querySelector(':scope > a h1').textContent.trim(),
                sections: [...item.querySelectorAll(':scope > a h2')]
                    .map(h => h.textContent.trim()),
            }))""",
        )
        if current and current == previous:
            return current
        previous = current
        pg.wait_for_timeout(250)
    return previous


@pytest.mark.parametrize(
    ("query", "first"),
    [
        ("swish", "SiLU"),  # an alias, not "Hard Swish"
        ("kaiming", "Weight initialization"),  # "Kaiming initialization" is an alias
        ("dead neurons", "Dying ReLU"),
        ("relu", "ReLU"),  # the note, not the notebook's "ReLU" section nor ReLU-6
        ("sparsity", "Sparse representations"),  # not the gradients-and-sparsity notebook
        ("batchnorm", "Batch normalization"),  # not ReLU's Revisions
    ],
)
def test_search_puts_the_right_note_first(
    page: tuple[Page, PageWatch], site_url: str, query: str, first: str
) -> None:
    pg, watch = page
    pg.goto(site_url)
    results = search(pg, query)
    assert results[0]["title"] == first, [r["title"] for r in results[:5]]
    _clean(watch)


def test_search_shows_no_administrative_section_near_the_top(
    page: tuple[Page, PageWatch], site_url: str
) -> None:
    pg, watch = page
    pg.goto(site_url)
    results = search(pg, "dead neurons")
    top = [title for result in results[:3] for title in [result["title"], *result["sections"]]]
    assert not MINOR & set(top), top
    screenshot(pg, "search-dead-neurons")
    _clean(watch)


def worker_results(pg: Page, query: str) -> list[str]:
    """Every result page's title for *query*, straight from the worker the site uses.

    The search box shows ten results and loads more as the reader scrolls; the worker's
    answer holds them all. It is the same worker (ours around Material's, from __config)
    and the same index the search box uses.
    """
    return pg.evaluate(
        """async (query) => {
            const config = JSON.parse(document.getElementById("__config").textContent);
            const index = await (await fetch(new URL("search/search_index.json",
                new URL(config.base + "/", location.href)))).json();
            const worker = new Worker(config.search);
            const ask = (message) => new Promise((resolve) => {
                worker.onmessage = (event) => resolve(event.data);
                worker.postMessage(message);
            });
            await ask({type: 0, data: {...index, options: {suggest: false}}});
            const result = await ask({type: 2, data: query});
            worker.terminate();
            return result.data.items.map((group) => {
                const page = group.find((item) => !item.location.includes("#")) || group[0];
                return page.title.replace(/<[^>]+>/g, "");
            });
        }""",
        query,
    )


def test_notebook_pages_rank_below_the_notes_they_illustrate(
    page: tuple[Page, PageWatch], site_url: str
) -> None:
    pg, watch = page
    pg.goto(site_url)
    titles = worker_results(pg, "gelu")
    assert titles[0] == "GELU"
    notebooks = [t for t in titles if t in {"Activation gallery", "Comparing activation functions"}]
    assert notebooks, titles  # both have a GELU section: they are found, after the notes
    # Every note that mentions GELU comes before them (SiLU's and the comparison's do).
    assert titles.index(notebooks[0]) > titles.index("SiLU")
    assert titles.index(notebooks[0]) > titles.index("Comparison of activation functions")
    assert search(pg, "gelu")[0]["title"] == "GELU"  # the search box agrees
    _clean(watch)


@pytest.mark.parametrize("width", [1280, 390])
def test_linked_from_is_compact_and_cite_box_follows_it(
    page: tuple[Page, PageWatch], site_url: str, width: int
) -> None:
    pg, watch = page
    pg.set_viewport_size({"width": width, "height": 900})
    pg.goto(site_url + RELU)
    section = pg.locator("section.nl-backlinks")
    box = section.bounding_box()
    assert box is not None
    # 25 backlinks used to take about 3,600 px; now a few screens at most, on a phone too.
    assert box["height"] < (700 if width > 700 else 1400), box
    assert pg.locator("details.nl-backlinks__more").count() == 1
    expect(pg.locator("details.nl-backlinks__more li").first).to_be_hidden()
    pg.locator("details.nl-backlinks__more > summary").click()
    expect(pg.locator("details.nl-backlinks__more li").first).to_be_visible()
    # Nothing forces sideways scrolling at phone width.
    assert pg.evaluate("document.documentElement.scrollWidth - window.innerWidth") <= 1
    _clean(watch)


GELU = "Activations/GELU/"


def test_formulas_are_spaced_as_in_tex(page: tuple[Page, PageWatch], site_url: str) -> None:
    pg, watch = page
    pg.goto(site_url + GELU)
    pg.evaluate("document.fonts.ready")
    gaps = pg.evaluate(
        """() => {
            const em = (el) => parseFloat(getComputedStyle(el).fontSize);
            const out = {tanh: [], root: []};
            for (const name of document.querySelectorAll("article mi")) {
                const apply = name.nextElementSibling;
                const arg = apply && apply.nextElementSibling;
                if (name.textContent !== "tanh" || !arg || arg.tagName !== "mi") continue;
                out.tanh.push((arg.getBoundingClientRect().left
                    - name.getBoundingClientRect().right) / em(name));
            }
            for (const root of document.querySelectorAll("article msqrt")) {
                const next = root.nextElementSibling;
                if (!next) continue;
                const end = Math.max(...[...root.children].map(
                    (c) => c.getBoundingClientRect().right));
                out.root.push((next.getBoundingClientRect().left - end) / em(root));
            }
            return out;
        }"""
    )
    # "tanh u", not "tanhu": TeX's thin space (0.167em), give or take the glyphs' bearings.
    assert gaps["tanh"]
    assert min(gaps["tanh"]) > 0.1, gaps["tanh"]
    # "√(2/π) (x + …)": no more than the thin space written in the note after a root.
    assert gaps["root"]
    assert max(gaps["root"]) < 0.3, gaps["root"]
    _clean(watch)


def test_a_long_formula_scrolls_with_a_cue_on_a_phone(
    page: tuple[Page, PageWatch], site_url: str
) -> None:
    pg, watch = page
    pg.set_viewport_size({"width": 390, "height": 844})
    pg.goto(site_url + GELU)
    pg.evaluate("document.fonts.ready")
    wide = pg.locator(".math-block[tabindex='0']")
    expect(wide.first).to_be_attached()
    block = wide.first
    assert block.evaluate("b => b.scrollWidth > b.clientWidth")
    assert block.get_attribute("aria-label") == "Formula, scrolls sideways"
    # The cue: shadows drawn by the block's own background, at its edges.
    assert "radial-gradient" in block.evaluate("b => getComputedStyle(b).backgroundImage")
    block.scroll_into_view_if_needed()
    screenshot(pg, "gelu-phone-long-formula")
    block.focus()
    pg.keyboard.press("ArrowRight")
    pg.keyboard.press("ArrowRight")
    # The keyboard scrolls it (smoothly: wait for the movement, no timing assumed).
    pg.wait_for_function(
        "() => document.querySelector(\".math-block[tabindex='0']\").scrollLeft > 0"
    )
    # Nothing else on the page scrolls sideways.
    assert pg.evaluate("document.documentElement.scrollWidth - window.innerWidth") <= 1
    _clean(watch)
