"""The print-all handout: anchors rewritten, figures numbered, cover, contents, large vaults."""

from __future__ import annotations

import datetime as dt
import re
from urllib.parse import unquote

import pytest
from bs4 import BeautifulSoup

from nonlinear.site.handout import (
    Cover,
    HandoutNote,
    HandoutPlan,
    assign_notes,
    licence_url,
    note_keys,
    plan_handouts,
    render_handout,
    render_handout_index,
    rewrite_note_html,
)

TARGETS = {
    "": ("print_page/", "home"),
    "Activations/ReLU/": ("print_page/", "activations-relu"),
    "Activations/Leaky ReLU/": ("print_page/", "activations-leaky-relu"),
    "Daily/2024-01-01/": ("print_page/daily/", "daily-2024-01-01"),
}


def rewrite(html: str, page_url: str = "Activations/ReLU/", handout: str = "print_page/") -> str:
    key = TARGETS[page_url][1]
    out, _ = rewrite_note_html(
        html, key=key, page_url=page_url, handout_url=handout, targets=TARGETS, number="2"
    )
    return out


def test_note_keys_are_unique_readable_slugs() -> None:
    keys = note_keys(
        [
            "",
            "Activations/Leaky%20ReLU/",
            "activations/leaky-relu/",
            "日本語 ✨/",
            "a--b/",
            "x.html",
        ]
    )
    assert keys == {
        "": "home",
        "Activations/Leaky%20ReLU/": "activations-leaky-relu",
        "activations/leaky-relu/": "activations-leaky-relu-2",
        "日本語 ✨/": "日本語",
        "a--b/": "a-b",
        "x.html": "x",
    }
    assert not any("--" in key for key in keys.values())


@pytest.mark.parametrize(
    ("html", "expected"),
    [
        # Headings, block ids, footnotes: every id, on any element.
        ('<h2 id="formulation">F</h2>', '<h2 id="activations-relu--formulation">F</h2>'),
        ('<p id="^block">B</p>', '<p id="activations-relu--^block">B</p>'),
        (
            '<sup id="fnref:1"><a class="footnote-ref" href="#fn:1">1</a></sup>',
            '<sup id="activations-relu--fnref:1"><a class="footnote-ref" '
            'href="#activations-relu--fn:1">1</a></sup>',
        ),
        ('<a href="#">top</a>', '<a href="#">top</a>'),
        # Another note of the handout: its section, or a heading in it.
        ('<a href="../Leaky%20ReLU/">L</a>', '<a href="#activations-leaky-relu">L</a>'),
        (
            '<a class="wikilink" href="../Leaky%20ReLU/#formulation">L</a>',
            '<a class="wikilink" href="#activations-leaky-relu--formulation">L</a>',
        ),
        ('<a href="../../">Home</a>', '<a href="#home">Home</a>'),
        ('<a href="../../index.html">Home</a>', '<a href="#home">Home</a>'),
        ('<a href="./#x">self</a>', '<a href="#activations-relu--x">self</a>'),
        # A note printed in another handout of a split vault.
        (
            '<a href="../../Daily/2024-01-01/#morning">D</a>',
            '<a href="daily/#daily-2024-01-01--morning">D</a>',
        ),
        # Pages that are not printed (tags index, graph) and files: rebased to the handout.
        ('<a href="../../tags/#tag:relu">#relu</a>', '<a href="../tags/#tag:relu">#relu</a>'),
        ('<img src="../../figures/relu.svg" alt="a">', '<img src="../figures/relu.svg" alt="a">'),
        (
            '<img srcset="../../f/a.png 1x, ../../f/b%20c.png 2x">',
            '<img srcset="../f/a.png 1x, ../f/b%20c.png 2x">',
        ),
        (
            '<a download href="../../figures/relu.png">PNG</a>',
            '<a download href="../figures/relu.png">PNG</a>',
        ),
        # Links with a scheme stay as they are, classes included.
        (
            '<a class="obsidian-uri" href="obsidian://open?vault=v&amp;file=a" title="Opens">o</a>',
            '<a class="obsidian-uri" href="obsidian://open?vault=v&amp;file=a" title="Opens">o</a>',
        ),
        ('<a href="https://arxiv.org/abs/1">x</a>', '<a href="https://arxiv.org/abs/1">x</a>'),
        ('<a href="mailto:a@b.org">m</a>', '<a href="mailto:a@b.org">m</a>'),
        # Tabs and ARIA: ids, names and references move together.
        (
            '<input id="__tabbed_1_1" name="__tabbed_1" type="radio"><label for="__tabbed_1_1">',
            '<input id="activations-relu--__tabbed_1_1" name="activations-relu--__tabbed_1" '
            'type="radio"><label for="activations-relu--__tabbed_1_1">',
        ),
        (
            '<section aria-labelledby="t u">',
            '<section aria-labelledby="activations-relu--t activations-relu--u">',
        ),
        # Inline SVG references.
        (
            "<svg><linearGradient id='g'/><rect fill='url(#g)'/><use href=\"#g\"/></svg>",
            "<svg><linearGradient id='activations-relu--g'/>"
            "<rect fill='url(#activations-relu--g)'/><use href=\"#activations-relu--g\"/></svg>",
        ),
        # Not tags: comments, scripts, styles, escaped text in code.
        ('<!-- <a href="#x"> -->', '<!-- <a href="#x"> -->'),
        (
            "<script>var a = \"<a href='#x'>\";</script>",
            "<script>var a = \"<a href='#x'>\";</script>",
        ),
        ('<code>&lt;a href="#x"&gt;</code>', '<code>&lt;a href="#x"&gt;</code>'),
        # Untouched attributes keep their exact text.
        ("<p class=\"a\" data-x='1'>t</p>", "<p class=\"a\" data-x='1'>t</p>"),
        # MathML's form is an operator's (prefix, infix, postfix), not a form's id.
        (
            '<math><mo stretchy="false" form="prefix">(</mo><mi>x</mi></math>',
            '<math><mo stretchy="false" form="prefix">(</mo><mi>x</mi></math>',
        ),
        # A form control's form and list are ids.
        (
            '<input form="f" list="l"><datalist id="l"></datalist><button form="f">',
            '<input form="activations-relu--f" list="activations-relu--l">'
            '<datalist id="activations-relu--l"></datalist><button form="activations-relu--f">',
        ),
        # An image map and its map, a popover and its button, microdata's itemref.
        (
            '<img src="../../f/m.png" usemap="#m"><map name="m"></map>',
            '<img src="../f/m.png" usemap="#activations-relu--m">'
            '<map name="activations-relu--m"></map>',
        ),
        (
            '<button popovertarget="tip">?</button><div id="tip" popover>t</div>',
            '<button popovertarget="activations-relu--tip">?</button>'
            '<div id="activations-relu--tip" popover>t</div>',
        ),
        (
            '<div itemscope itemref="a b">',
            '<div itemscope itemref="activations-relu--a activations-relu--b">',
        ),
        # A name that is a key of its own.
        ('<meta name="author" content="A">', '<meta name="author" content="A">'),
    ],
)
def test_rewrite_keeps_every_reference_working(html: str, expected: str) -> None:
    assert rewrite(html) == expected


def test_figures_are_numbered_by_note() -> None:
    html = (
        '<figure><img src="a.svg"><figcaption>First</figcaption></figure>'
        "<p>text</p><figure><figcaption class='c'>Second</figcaption></figure>"
    )
    out, count = rewrite_note_html(
        html, key="k", page_url="p/", handout_url="print_page/", targets={}, number="7"
    )
    assert count == 2
    assert re.findall(r"Figure \d+\.\d+\.", out) == ["Figure 7.1.", "Figure 7.2."]
    assert '<figcaption><span class="nl-print-figure">Figure 7.1.</span> First' in out


def test_rewrite_is_linear_on_hostile_markup() -> None:
    # Unclosed tags, long attribute runs, stray quotes: no backtracking blow-up.
    hostile = "<a " + " x" * 20000 + ' href="#y' + "<p id=" * 5000 + "'" * 1000
    out, _ = rewrite_note_html(
        hostile, key="k", page_url="p/", handout_url="print_page/", targets={}, number="1"
    )
    assert len(out) >= len(hostile)


def _note(
    src_uri: str, title: str, url: str, html: str, folder: tuple[str, ...] = ()
) -> HandoutNote:
    return HandoutNote(src_uri, title, url, html, folder)


NOTES = [
    _note(
        "index.md", "Home", "", '<h1>Home</h1>\n<p>See <a href="Activations/ReLU/">ReLU</a>.</p>'
    ),
    _note(
        "Activations/ReLU.md",
        "ReLU <max>",
        "Activations/ReLU/",
        '<h1>ReLU &lt;max&gt;</h1>\n<h2 id="f">F</h2>\n<p id="^b">x<sup id="fnref:1">'
        '<a href="#fn:1">1</a></sup></p><figure><figcaption>Plot</figcaption></figure>'
        '<div class="footnote"><ol><li id="fn:1">n <a href="#fnref:1">↩</a></li></ol></div>'
        '<p><a href="../Leaky%20ReLU/#f">L</a> <a href="../../tags/#tag:a">#a</a></p>',
        ("Activations",),
    ),
    _note(
        "Activations/Leaky ReLU.md",
        "Leaky ReLU",
        "Activations/Leaky%20ReLU/",
        '<h1>Leaky ReLU</h1><h2 id="f">F</h2><p><a href="../ReLU/#%5Eb">block</a></p>'
        "<figure><figcaption>One</figcaption></figure><figure><figcaption>Two</figcaption></figure>",
        ("Activations",),
    ),
]
COVER = Cover(
    title="Nonlinear <KB>",
    url="https://example.org/kb/",
    version="abc1234",
    version_url="https://git.example.org/r/commit/abc1234",
    date=dt.date(2026, 11, 27),
    licence="CC-BY-4.0",
    citation="The authors. (2026). Nonlinear.",
)


def _render() -> tuple[BeautifulSoup, object]:
    targets = {
        "": ("print_page/", "home"),
        "Activations/ReLU/": ("print_page/", "activations-relu"),
        "Activations/Leaky ReLU/": ("print_page/", "activations-leaky-relu"),
    }
    rendered = render_handout(
        NOTES,
        url="print_page/",
        cover=COVER,
        site_url="https://example.org/kb/",
        targets=targets,
        stylesheet="../assets/stylesheets/handout.css",
    )
    return BeautifulSoup(rendered.html, "html.parser"), rendered


def test_every_link_of_the_handout_reaches_an_id_on_it() -> None:
    soup, _ = _render()
    ids = [str(tag["id"]) for tag in soup.find_all(id=True)]
    assert len(ids) == len(set(ids)), "ids must stay unique on one page"
    fragments = [str(a["href"])[1:] for a in soup.select('a[href^="#"]')]
    assert len(fragments) == 8  # contents 3, notes 5
    for fragment in fragments:
        assert fragment in ids or unquote(fragment) in ids, fragment
    # The tags index is not printed: its link goes to the site's page.
    assert soup.select_one('a[href="../tags/#tag:a"]') is not None


def test_cover_contents_and_sections() -> None:
    soup, rendered = _render()
    cover = soup.select_one("section.nl-print-cover")
    assert cover is not None
    text = cover.get_text(" ", strip=True)
    for part in (
        "Nonlinear <KB>",
        "abc1234 of 27 November 2026",
        "CC-BY-4.0",
        "https://example.org/kb/",
        "3 notes, 3 figures",
        "Cite as The authors. (2026). Nonlinear.",
    ):
        assert part in text, part
    licence = cover.select_one('a[rel="license"]')
    assert licence is not None
    assert licence["href"] == "https://creativecommons.org/licenses/by/4.0/"
    assert cover.select_one('a[href="https://git.example.org/r/commit/abc1234"]') is not None
    toc = [a.get_text() for a in soup.select("nav.nl-print-toc a")]
    assert toc == ["Home", "ReLU <max>", "Leaky ReLU"]
    assert [li.get("value") for li in soup.select("nav.nl-print-toc li[value]")] == ["1", "2", "3"]
    sections = soup.select("section.nl-print-note")
    assert [s["id"] for s in sections] == ["home", "activations-relu", "activations-leaky-relu"]
    assert [s["data-url"] for s in sections] == [
        "",
        "Activations/ReLU/",
        "Activations/Leaky%20ReLU/",
    ]
    relu = sections[1]
    h1 = relu.find("h1")
    assert h1 is not None
    assert h1.get_text() == "2 ReLU <max>"
    url = h1.find_next_sibling()
    assert url is not None
    assert "nl-print-note__url" in url["class"]
    assert url.get_text() == "https://example.org/kb/Activations/ReLU/"
    assert relu.select_one(".nl-print-note__folder").get_text() == "Activations"
    assert [s.get_text() for s in soup.select(".nl-print-figure")] == [
        "Figure 2.1.",
        "Figure 3.1.",
        "Figure 3.2.",
    ]
    assert rendered.figures == 3
    assert soup.select_one('link[rel="stylesheet"]')["href"] == "../assets/stylesheets/handout.css"
    assert [e.title for e in rendered.toc] == ["Home", "Activations"]
    assert [c.anchor for c in rendered.toc[1].children] == [
        "activations-relu",
        "activations-leaky-relu",
    ]


def test_small_vault_gets_one_handout() -> None:
    (plan,) = plan_handouts(["b.md", "A/x.md", "a.md"], max_notes=3)
    assert (plan.slug, plan.title) == ("", "")
    assert plan.members == ("A/x.md", "a.md", "b.md")  # folders first, as the sidebar


def test_large_vault_is_split_by_folder_into_parts() -> None:
    uris = [f"Daily/2024-01-{d:02d}.md" for d in range(1, 8)] + ["Projects/p.md", "Home.md"]
    uris += ["Projects/Sub/q.md"]
    plans = plan_handouts(uris, max_notes=3)
    assert [(p.slug, p.title, len(p.members)) for p in plans] == [
        ("daily-part-1-of-3", "Daily, part 1 of 3", 3),
        ("daily-part-2-of-3", "Daily, part 2 of 3", 3),
        ("daily-part-3-of-3", "Daily, part 3 of 3", 1),
        ("projects", "Projects", 2),
        ("notes-at-the-top-of-the-vault", "Notes at the top of the vault", 1),
    ]
    assert plans[3].members == ("Projects/Sub/q.md", "Projects/p.md")
    assert sorted(u for p in plans for u in p.members) == sorted(uris)


def test_handout_index_lists_the_handouts() -> None:
    html = render_handout_index(
        [
            ("print_page/daily/", "Daily", ["2024-01-01", "2024-12-31"]),
            ("print_page/p/", "P", ["x"]),
        ],
        url="print_page/",
        total=3,
        max_notes=2,
    )
    soup = BeautifulSoup(html, "html.parser")
    assert [a["href"] for a in soup.select("a")] == ["daily/", "p/"]
    assert "2 notes (2024-01-01 … 2024-12-31)" in soup.get_text()
    assert "1 note (x)" in soup.get_text()


@pytest.mark.parametrize(
    ("licence", "url"),
    [
        ("CC-BY-4.0", "https://creativecommons.org/licenses/by/4.0/"),
        ("CC-BY-NC-SA-4.0", "https://creativecommons.org/licenses/by-nc-sa/4.0/"),
        ("CC0-1.0", "https://creativecommons.org/publicdomain/zero/1.0/"),
        ("MIT", "https://spdx.org/licenses/MIT.html"),
        ("Text and figures CC BY 4.0 · code MIT", ""),
    ],
)
def test_licence_url(licence: str, url: str) -> None:
    assert licence_url(licence) == url


def test_assign_notes_groups_by_plan_and_keys_every_note_once() -> None:
    def note(uri: str, url: str) -> HandoutNote:
        return HandoutNote(src_uri=uri, title=uri, url=url, html="")

    notes = [
        note("index.md", ""),
        note("Daily/2024-01-01.md", "Daily/2024-01-01/"),
        note("Activations/Leaky ReLU.md", "Activations/Leaky%20ReLU/"),
        note("tags.md", "tags/"),  # no plan holds it: not printed
        note("Activations/ReLU.md", "Activations/ReLU/"),
    ]
    plans = [
        HandoutPlan("", "", ("index.md", "Activations/ReLU.md", "Activations/Leaky ReLU.md")),
        HandoutPlan("daily", "Daily", ("Daily/2024-01-01.md",)),
    ]
    assigned = assign_notes(notes, plans, {"": "print_page/", "daily": "print_page/daily/"})
    # Each handout's notes in the order given (navigation), not the plan's.
    assert [n.src_uri for n in assigned.groups[""]] == [
        "index.md",
        "Activations/Leaky ReLU.md",
        "Activations/ReLU.md",
    ]
    assert [n.src_uri for n in assigned.groups["daily"]] == ["Daily/2024-01-01.md"]
    assert assigned.targets == TARGETS  # unquoted URLs; keys as note_keys gives them
