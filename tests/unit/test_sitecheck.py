"""Built-site checks over small synthetic sites."""

from __future__ import annotations

from pathlib import Path

import pytest

from nonlinear.site.sitecheck import broken_links, external_assets, page_weight, scan_html


def write(site: Path, files: dict[str, str]) -> Path:
    for name, text in files.items():
        path = site / name
        path.parent.mkdir(parents=True, exist_ok=True)
        path.write_text(text, encoding="utf-8")
    return site


@pytest.mark.parametrize(
    "html",
    [
        '<script src="https://cdn.jsdelivr.net/npm/katex/katex.js"></script>',
        '<link rel="stylesheet" href="https://fonts.googleapis.com/css?family=Roboto">',
        '<link rel="preconnect" href="https://fonts.gstatic.com">',
        '<img src="//example.org/a.png">',
        '<img srcset="a.png 1x, https://example.org/b.png 2x">',
        '<iframe src="https://www.youtube.com/embed/x"></iframe>',
        '<video poster="https://example.org/p.jpg"></video>',
        '<div style="background: url(https://example.org/bg.png)"></div>',
        "<style>@import 'https://example.org/x.css';</style>",
        '<svg><image href="https://example.org/i.png"/></svg>',
        '<a href="https://github.com/x" data-md-component="source">repo</a>',
    ],
)
def test_external_assets_in_html_are_found(tmp_path: Path, html: str) -> None:
    site = write(tmp_path, {"index.html": f"<html><body>\n{html}\n</body></html>"})
    findings = external_assets(site)
    assert len(findings) == 1
    assert findings[0].kind == "external-asset"
    assert str(findings[0]).startswith("index.html:2:")


@pytest.mark.parametrize(
    "html",
    [
        '<a href="https://arxiv.org/abs/1606.08415">paper</a>',  # a link, not an asset
        '<link rel="canonical" href="https://example.org/page/">',
        '<link rel="stylesheet" href="assets/site.css">',
        '<img src="figures/relu.svg">',
        '<img src="data:image/png;base64,AAAA">',
    ],
)
def test_links_and_local_assets_are_fine(tmp_path: Path, html: str) -> None:
    site = write(tmp_path, {"index.html": html, "assets/site.css": "", "figures/relu.svg": ""})
    assert external_assets(site) == []


def test_css_and_script_files(tmp_path: Path) -> None:
    site = write(
        tmp_path,
        {
            "a.css": "body{}\n@font-face{src:url('https://fonts.gstatic.com/x.woff2')}",
            "b.css": "@font-face{src:url(../fonts/x.woff2)}",
            "c.js": 'fetch("https://api.github.com/repos/x/y")',
            "d.js": 'const doc = "https://example.org/docs"; // not an asset host',
        },
    )
    found = [str(f) for f in external_assets(site)]
    assert len(found) == 2
    assert found[0].startswith("a.css:2:")
    assert found[1].startswith("c.js:1:")
    assert "api.github.com" in found[1]


def test_allow_list_accepts_reviewed_exceptions(tmp_path: Path) -> None:
    site = write(tmp_path, {"assets/bundle.min.js": "x='https://unpkg.com/mermaid'"})
    assert external_assets(site, allow=[("assets/bundle.*.js", "unpkg.com")]) == []
    assert len(external_assets(site, allow=[("other.js", "unpkg.com")])) == 1


def test_broken_links(tmp_path: Path) -> None:
    site = write(
        tmp_path,
        {
            "index.html": (
                '<h2 id="top">T</h2>\n'
                '<a href="Notes/A%20B/">ok</a> <a href="Notes/A%20B/#part">ok anchor</a>\n'
                '<a href="#top">ok self</a> <a href="missing/">bad</a>\n'
                '<a href="Notes/A%20B/#nope">bad anchor</a> <img src="fig.svg">\n'
                '<a href="/kb/Notes/A%20B/">root-relative ok</a> <a href="/elsewhere/">bad</a>\n'
                '<a href="mailto:x@y.z">mail</a> <a href="https://e.org/#x">external</a>\n'
                '<a href="../../up.html">above root</a> <a href="#">top of page</a>'
            ),
            "Notes/A B/index.html": '<p id="part">P</p><a href="../../">home</a>',
        },
    )
    found = [str(f) for f in broken_links(site, site_path="/kb/")]
    assert found == [
        "index.html:3:28: broken-link: <a href='missing/'> matches no file of the site",
        "index.html:4:1: broken-link: <a href='Notes/A%20B/#nope'> points at #nope, "
        "which is no id in Notes/A B/index.html",
        "index.html:4:44: broken-link: <img src='fig.svg'> matches no file of the site",
        "index.html:5:49: broken-link: <a href='/elsewhere/'> is outside the site path /kb/",
        "index.html:7:1: broken-link: <a href='../../up.html'> points above the site root",
    ]


def test_fragments_match_ids_as_written_then_decoded(tmp_path: Path) -> None:
    # HTML tries the fragment as written, then percent-decoded (print-site writes such ids).
    site = write(
        tmp_path,
        {
            "index.html": (
                '<section id="a%20b"></section><h2 id="c d">C</h2>\n'
                '<a href="#a%20b">raw</a> <a href="#c%20d">decoded</a> <a href="#e%20f">bad</a>'
            )
        },
    )
    found = [str(f) for f in broken_links(site, site_path="/")]
    assert found == [
        "index.html:2:55: broken-link: <a href='#e%20f'> points at #e f, "
        "which is no id in index.html"
    ]


def test_scan_html_collects_ids_and_a_names() -> None:
    _, ids, source = scan_html('<h2 id="x">X</h2><a name="legacy"></a><input name="q">')
    assert ids == {"x", "legacy"}
    assert source is None


def test_page_weight(tmp_path: Path) -> None:
    site = write(
        tmp_path,
        {
            "p/index.html": (
                '<link rel="stylesheet" href="../s.css"><script src="../j.js"></script>'
                '<img src="../i.svg"><link rel="canonical" href="https://e.org/">'
                '<style>@font-face{src:url("../g.woff2")}</style>'
            ),
            "s.css": "@font-face{src:url(f.woff2)}",
            "j.js": "x" * 10,
            "i.svg": "y" * 7,
            "f.woff2": "z" * 100,
            "g.woff2": "m" * 50,
        },
    )
    weight = page_weight(site, "p/index.html")
    assert (weight.css, weight.js, weight.images, weight.fonts) == (28, 10, 7, 150)
    assert weight.total == weight.html + 195


def test_svg_xlink_links_are_checked(tmp_path: Path) -> None:
    site = write(
        tmp_path,
        {"index.html": '<svg><a xlink:href="gone/"><circle r="1"/></a></svg>'},
    )
    assert [str(f) for f in broken_links(site)] == [
        "index.html:1:6: broken-link: <a xlink:href='gone/'> matches no file of the site"
    ]
