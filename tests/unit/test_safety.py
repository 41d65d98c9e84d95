"""Script URLs and event handlers written with Markdown syntax: rendered inert and reported."""

from __future__ import annotations

import pytest

from nonlinear.site.backlinks import render_snippet
from nonlinear.site.cite import parse_citation_cff
from nonlinear.site.math import MathExtension, latex_to_mathml
from nonlinear.vault import safety
from nonlinear.vault.engine import render_note
from nonlinear.vault.links import scan_note
from nonlinear.vault.safety import find_unsafe_file_markup, unsafe_url, url_scheme

EXTENSIONS = ("attr_list", "md_in_html", "footnotes", "tables")


@pytest.mark.parametrize(
    ("url", "scheme"),
    [
        ("javascript:alert(1)", "javascript"),
        ("JAVASCRIPT:alert(1)", "javascript"),
        ("JaVaScRiPt:alert(1)", "javascript"),
        ("  javascript:alert(1)", "javascript"),  # leading spaces are dropped
        ("\x01javascript:alert(1)", "javascript"),  # and control characters
        ("java\tscript:alert(1)", "javascript"),  # a tab or newline anywhere is removed
        ("java\nscript:alert(1)", "javascript"),
        ("jav&#x09;ascript:alert(1)", "javascript"),  # character references are decoded
        ("jav&Tab;ascript:alert(1)", "javascript"),
        ("&#106;avascript:alert(1)", "javascript"),
        ("javascript&colon;alert(1)", "javascript"),
        ("vbscript:msgbox(1)", "vbscript"),
        ("livescript:x", "livescript"),
        ("data:text/html;base64,PHNjcmlwdD4=", "data"),
        ("DATA:text/html,<script>alert(1)</script>", "data"),
        ("data:image/svg+xml,<svg onload=alert(1)>", "data"),  # not in an image: unsafe
        ("file:///etc/passwd", "file"),
        ("FILE://server/share", "file"),
    ],
)
def test_unsafe_urls_are_found_however_written(url: str, scheme: str) -> None:
    assert unsafe_url(url) == scheme


@pytest.mark.parametrize(
    "url",
    [
        "https://example.org/javascript:x",
        "http://example.org",
        "mailto:a@example.org",
        "obsidian://open?vault=v",
        "zotero://select/items/1",
        "Notes/ReLU.md",
        "ReLU.md#javascript:x",
        "#javascript:alert(1)",
        "./javascript:alert(1)",  # a relative path to a file named so
        "javascript%3Aalert(1)",  # a browser does not decode %3A in a scheme: a relative path
        "java\\script:alert(1)",
        "",
    ],
)
def test_safe_urls_are_left_alone(url: str) -> None:
    assert unsafe_url(url) is None


def test_data_images_are_safe_only_as_images() -> None:
    png = "data:image/png;base64,iVBORw0KGgo="
    svg = "data:image/svg+xml;base64,PHN2Zz4="
    assert unsafe_url(png, image=True) is None
    assert unsafe_url(svg, image=True) is None  # an <img> runs no script of an SVG
    assert unsafe_url(png) == "data"
    assert unsafe_url("data:text/html,x", image=True) == "data"
    assert url_scheme("data:image/png,x") == "data"


SOURCE = """\
# Title {onclick="alert(1)"}

[a](javascript:alert(2)) [b](jav&#x09;ascript:alert(3)) [c](<JAVASCRIPT:alert(4)>)
![d](javascript:alert(5)) ![e](data:image/png;base64,iVBORw0KGgo=) [ok](https://example.org)
[f][ref] ![g][img] [h](data:text/html;base64,PHNjcmlwdD4=) [i](file:///etc/passwd)
`[code](javascript:alert(6))` and *x*{ onmouseover="alert(7)" .klass }

Paragraph.
{: onload="alert(8)" data-x="1" }

[ref]: vbscript:msgbox(9)
[img]: javascript:alert(10)
"""


def test_the_scanner_reports_each_unsafe_link_and_attribute_at_its_place() -> None:
    found = [(u.line, u.col, u.what, u.detail) for u in scan_note(SOURCE).unsafe]
    assert found == [
        (1, 9, "attribute", "onclick"),
        (3, 1, "url", "javascript"),
        (3, 26, "url", "javascript"),
        (3, 57, "url", "javascript"),
        (4, 1, "url", "javascript"),
        (5, 20, "url", "data"),
        (5, 60, "url", "file"),
        (6, 38, "attribute", "onmouseover"),
        (9, 1, "attribute", "onload"),
        (11, 1, "url", "vbscript"),
        (12, 1, "url", "javascript"),
    ]


def test_the_page_renders_them_inert_and_the_engine_reports_them() -> None:
    rendered = render_note({"Page.md": SOURCE}, "Page.md", extensions=EXTENSIONS)
    html = rendered.html
    outside_code = html.replace("<code>[code](javascript:alert(6))</code>", "")
    for needle in ("javascript:", "vbscript:", "data:text", "file:", " on", "alert("):
        assert needle not in outside_code, needle
    assert "<h1>Title</h1>" in html
    assert '<span class="link--unsafe" title="Not followed: a javascript address">a</span>' in html
    assert '<span class="link--unsafe" title="Not followed: a javascript address">d</span>' in html
    assert '<img alt="e" src="data:image/png;base64,iVBORw0KGgo=" />' in html
    assert '<a href="https://example.org">ok</a>' in html
    assert '<em class="klass">x</em>' in html  # the class stays, the handler goes
    assert '<p data-x="1">Paragraph.</p>' in html
    assert "<code>[code](javascript:alert(6))</code>" in html  # code is text
    kinds = [(d.line, d.kind) for d in rendered.diagnostics]
    assert kinds == [
        (1, "unsafe-attribute"),
        (3, "unsafe-url"),
        (3, "unsafe-url"),
        (3, "unsafe-url"),
        (4, "unsafe-url"),
        (5, "unsafe-url"),
        (5, "unsafe-url"),
        (6, "unsafe-attribute"),
        (9, "unsafe-attribute"),
        (11, "unsafe-url"),
        (12, "unsafe-url"),
    ]


def test_an_unsafe_link_in_an_embedded_note_is_inert_on_the_host_page() -> None:
    vault = {"Host.md": "![[Leaf]]\n", "Leaf.md": "[x](javascript:alert(1)){onclick=y}\n"}
    rendered = render_note(vault, "Host.md", extensions=EXTENSIONS)
    assert "javascript:" not in rendered.html
    assert "onclick" not in rendered.html
    assert [(d.src_uri, d.col, d.kind) for d in rendered.diagnostics] == [
        ("Leaf.md", 1, "unsafe-url"),
        ("Leaf.md", 25, "unsafe-attribute"),
    ]


def test_math_href_with_a_script_url_is_dropped_and_reported() -> None:
    result = latex_to_mathml(
        r"\href{jav&#x09;ascript:alert(1)}{x} + \href{https://a.org}{y}", display=False
    )
    assert "javascript" not in result.html.lower()
    assert 'href="https://a.org"' in result.html
    assert len(result.unsafe) == 1
    assert result.problems == ()
    extension = MathExtension()
    extension.convert(r"\href{javascript:alert(1)}{x}", display=False)
    assert [p.kind for p in extension.drain()] == ["unsafe-url"]
    # A backlink snippet keeps such a formula as text.
    snippet = render_snippet([("text", "see "), ("math", r"\href{javascript:alert(1)}{x}")])
    assert "<math" not in snippet


@pytest.mark.parametrize(
    "source",
    [
        "<javascript:alert(1)>",  # CommonMark's autolink; raw HTML for Python-Markdown
        "<javascript://%0aalert(1)>",  # Python-Markdown's autolink (scheme://)
        "<DATA:text/html,x>",
        "<file:///etc/passwd>",
    ],
)
def test_unsafe_autolinks_are_text(source: str) -> None:
    rendered = render_note({"Page.md": f"see {source} here"}, "Page.md", extensions=EXTENSIONS)
    url = source[1:-1]
    assert rendered.html.startswith('<p>see <span class="link--unsafe" title="Not followed: a ')
    assert f">{url}</span> here</p>" in rendered.html
    assert [(d.col, d.kind) for d in rendered.diagnostics] == [(5, "unsafe-url")]


def test_safe_autolinks_stay_links() -> None:
    rendered = render_note({"Page.md": "<https://example.org>"}, "Page.md", extensions=EXTENSIONS)
    assert rendered.html == '<p><a href="https://example.org">https://example.org</a></p>'
    assert rendered.diagnostics == ()


RAW = """\
Text <img src=x onerror=alert(1)> and `<script>code</script>` in code.

<div>
<a href="JaVa&#x09;Script:alert(2)">x</a>
<script>alert(3)</script>
</div>
<!-- <script>in a comment</script> -->

```
<svg onload=alert(4)>
```

<iframe srcdoc="<b>x</b>"></iframe> <img src="data:image/png;base64,AA"> <a href="https://x">ok</a>
<iframe src="https://www.youtube.com/embed/x"></iframe> <meta http-equiv="refresh" content="0">
$<b onclick=x>$ <object data="x.swf"></object>
"""


def test_raw_html_that_can_run_a_script_is_reported_at_its_place() -> None:
    rendered = render_note({"Page.md": "---\ntitle: T\n---\n" + RAW}, "Page.md")
    found = [(d.line, d.col, d.kind, d.message.split(" can run")[0]) for d in rendered.diagnostics]
    assert found == [
        (4, 6, "unsafe-html", "raw HTML <img src=x onerror=alert(1)>"),
        (7, 1, "unsafe-html", 'raw HTML <a href="JaVa&#x09;Script:alert(2)">'),
        (8, 1, "unsafe-html", "raw HTML <script>"),
        (16, 1, "unsafe-html", 'raw HTML <iframe srcdoc="<b>x</b>">'),
        (17, 57, "unsafe-html", 'raw HTML <meta http-equiv="refresh" content="0">'),
        (18, 17, "unsafe-html", 'raw HTML <object data="x.swf">'),
    ]
    # Reported, not rewritten: raw HTML is rendered as written (see the README).
    assert "<img src=x onerror=alert(1)>" in rendered.html


def test_unpublished_notes_raw_html_is_not_reported() -> None:
    rendered = render_note(
        {"Page.md": "x", "Hidden.md": "---\npublish: false\n---\n<script>x</script>\n"},
        "Page.md",
    )
    assert rendered.diagnostics == ()


def test_markup_in_a_wiki_links_text_is_text_not_raw_html() -> None:
    vault = {"T.md": "x", "Page.md": "[[T|<img src=x onerror=alert(1)>]] [x](<b onclick=y>)\n"}
    rendered = render_note(vault, "Page.md")
    assert "&lt;img src=x onerror=alert(1)&gt;" in rendered.html
    assert [d.kind for d in rendered.diagnostics if d.kind == "unsafe-html"] == []


def test_a_citation_files_script_address_is_dropped() -> None:
    text = (
        'cff-version: 1.2.0\ntitle: "T"\nauthors:\n  - name: "A"\n'
        'url: " JavaScript:alert(1)"\nrepository-code: "https://example.org/repo"\n'
    )
    meta = parse_citation_cff(text)
    assert (meta.url, meta.repository) == ("", "https://example.org/repo")


ACTIVE_FILE_MARKUP = [
    '<svg><script href="x.js"/></svg>',
    "<SVG><SCRIPT>alert(1)</SCRIPT></SVG>",
    '<svg onload="alert(1)"></svg>',
    "<svg/onload=alert(1)>",
    '<svg><g id="a"ONCLICK="x()"/></svg>',
    "<svg\nonmouseover=x>",
    "<p once>a valueless attribute named on…</p>",
    '<svg><a xlink:href="javascript:alert(1)"><text>x</text></a></svg>',
    '<svg><a href=" &#106;avascript:alert(1)">x</a></svg>',
    "<svg><a href=javascript:alert(1)>x</a></svg>",
    "<svg><a href==javascript:alert(1)>x</a></svg>",
    '<svg><use href="data:image/svg+xml;base64,PHN2Zz4="/></svg>',
    '<svg><image src="file:///etc/passwd"/></svg>',
    '<iframe srcdoc="&lt;script&gt;alert(1)&lt;/script&gt;"></iframe>',
    '<meta http-equiv="Refresh" content="0; url=javascript:alert(1)">',
    "<object data=x.swf></object>",
    "<BASE href=/evil/>",
    "<frameset><frame src=x></frameset>",
    '<svg><use xlink:href="#glyph"/><a href="#x">x</a></svg>',  # fragments only: nothing
    '<svg><use xlink:href="#glyph"/></svg><!-- <script> in a comment -->',
    "<svg><text>Based on the data: once, twice</text></svg>",
]


@pytest.mark.parametrize("text", ACTIVE_FILE_MARKUP)
def test_the_quick_test_before_parsing_a_file_never_hides_a_finding(
    text: str, monkeypatch: pytest.MonkeyPatch
) -> None:
    quick = [(u.offset, u.detail) for u in find_unsafe_file_markup(text)]
    monkeypatch.setattr(safety, "_may_be_active", lambda _text: True)
    assert quick == [(u.offset, u.detail) for u in find_unsafe_file_markup(text)]


def test_a_figure_with_only_fragment_links_is_not_parsed() -> None:
    figure = '<svg xmlns:xlink="http://www.w3.org/1999/xlink"><defs><path id="g"/></defs>'
    figure += '<g><use xlink:href="#g" x="1"/><use xlink:href = "#g"/></g></svg>'
    assert not safety._may_be_active(figure)
    assert safety._may_be_active(figure.replace('"#g" x', '"https://x/#g" x'))


@pytest.mark.parametrize(
    ("body", "kinds", "files"),
    [
        ("1 < 2 and <!-- a comment --> <3 <- arrows", [], set()),  # no start tag at all
        ("<!-- c -->\n<img src='p.png' onerror=x>", ["unsafe-html"], {"p.png"}),
        ("a<b>bold</b> <img src='q.png'>", [], {"q.png"}),
    ],
)
def test_raw_html_is_read_where_a_start_tag_opens(
    body: str, kinds: list[str], files: set[str]
) -> None:
    rendered = render_note({"Page.md": body}, "Page.md")
    assert [d.kind for d in rendered.diagnostics] == kinds
    assert set(rendered.engine.html_files) == files
