"""Figures for slides: caption, downloads, stable URL and licence around figure images."""

from __future__ import annotations

import xml.etree.ElementTree as ET

import markdown
import pytest

from nonlinear.site.figure_captions import (
    FigureExtension,
    FigureInfo,
    FigureLinks,
    svg_info,
    wrap_figures,
)
from nonlinear.site.math import MathExtension

LINKS = FigureLinks(
    site_url="https://example.org/kb/",
    credit="Nonlinear",
    license_name="CC BY 4.0",
    license_url="https://creativecommons.org/licenses/by/4.0/",
)


def render(source: str) -> str:
    """Render Markdown images (standing in for the engine's <img>) with the figure processor."""
    return markdown.Markdown(extensions=[FigureExtension(LINKS)]).convert(source)


def test_image_with_italic_caption_line() -> None:
    html = render("![relu](../figures/relu.svg)\n*ReLU and its derivative.*")
    assert html == (
        '<figure class="nl-figure" id="figure-relu">'
        '<img alt="ReLU and its derivative." decoding="async" loading="lazy" '
        'src="../figures/relu.svg" />'
        '<figcaption><span class="nl-figure__caption">ReLU and its derivative.</span>'
        '<span class="nl-figure__meta" data-search-exclude="">Download '
        '<a download="relu.svg" href="../figures/relu.svg">SVG</a> · '
        '<a download="relu.png" href="../figures/relu.png">PNG (200 dpi)</a> · '
        'Stable URL <code class="nl-figure__url">https://example.org/kb/figures/relu.svg</code>'
        " · Figure: Nonlinear, "
        '<a href="https://creativecommons.org/licenses/by/4.0/" rel="license">CC BY 4.0</a>'
        "</span></figcaption></figure>"
    )


def test_a_site_without_a_licence_setting_credits_no_one() -> None:
    # Another vault's figures: no credit and no licence of ours (mkdocs.vault.yml sets none).
    html = markdown.Markdown(extensions=[FigureExtension(FigureLinks(site_url=""))]).convert(
        "![](figures/chart.svg)"
    )
    assert html.endswith(
        'Stable URL <code class="nl-figure__url">figures/chart.svg</code></span></figcaption>'
        "</figure>"
    )
    assert "license" not in html
    assert "Figure:" not in html


def test_caption_in_the_next_paragraph_is_consumed_and_keeps_links() -> None:
    html = render("![](figures/gelu.svg)\n\n*GELU. From the [gallery](nb.md).*\n\nNext paragraph.")
    assert html.count("<figure") == 1
    assert (
        '<span class="nl-figure__caption">GELU. From the <a href="nb.md">gallery</a>.</span>'
        in html
    )
    assert html.endswith("<p>Next paragraph.</p>")
    assert "<em>" not in html
    # The image gets the caption as alt text when it had none.
    assert 'alt="GELU. From the gallery."' in html


@pytest.mark.parametrize(
    ("source", "caption"),
    [
        ("![Histogram of outputs](figures/relu-sparsity.svg)", "Histogram of outputs"),
        ("![relu-sparsity.svg](figures/relu-sparsity.svg)", "Relu sparsity"),
        ("![](figures/compare-smooth.svg)", "Compare smooth"),
    ],
)
def test_caption_falls_back_to_alt_then_name(source: str, caption: str) -> None:
    html = render(source)
    assert f'<span class="nl-figure__caption">{caption}</span>' in html


@pytest.mark.parametrize(
    "source",
    [
        "![x](images/photo.svg)",  # not in figures/
        "![x](figures/relu.png)",  # PNG twins are not figures
        "Text ![x](figures/relu.svg) inline in a sentence.",
        "![x](figures/relu.svg) and text after",
    ],
)
def test_other_images_are_left_alone(source: str) -> None:
    assert "<figure" not in render(source)


def test_paragraph_after_unrelated_emphasis_is_kept() -> None:
    html = render("![](figures/tanh.svg)\n\n*Emphasis* then more text.")
    assert "<p><em>Emphasis</em> then more text.</p>" in html
    assert '<span class="nl-figure__caption">Tanh</span>' in html


def test_two_figures_in_a_row_and_inside_a_list() -> None:
    root = ET.fromstring(
        "<div><p><img src='figures/a.svg'/></p><p><img src='figures/b.svg'/></p>"
        "<ul><li><p><img src='../figures/c.svg'/></p></li></ul></div>"
    )
    assert wrap_figures(root, LINKS) == 3
    assert [f.get("id") for f in root.iter("figure")] == ["figure-a", "figure-b", "figure-c"]


def test_relative_stable_url_without_site_url() -> None:
    root = ET.fromstring("<div><p><img src='figures/a.svg'/></p></div>")
    wrap_figures(root, FigureLinks(site_url=""))
    code = root.find(".//code")
    assert code is not None
    assert code.text == "figures/a.svg"


def test_a_figure_ends_its_line() -> None:
    # print-site rewrites heading ids line by line: a heading glued to </figure> kept its id.
    html = render("![](figures/relu.svg)\n*Caption.*\n\n## Properties\n")
    assert "</figure>\n<h2" in html


DESCRIBED = FigureLinks(
    site_url="",
    figures={
        "mish": FigureInfo(
            title="Mish and its derivative",
            description="Line chart. f(x) falls to a minimum of −0.309 at x = −1.19.",
        )
    },
)


def render_with(source: str, links: FigureLinks) -> str:
    """Render with the site's math extension too, so captions hold MathML."""
    md = markdown.Markdown(extensions=[MathExtension(), FigureExtension(links)])
    return md.convert(source)


def _img(html: str) -> ET.Element:
    root = ET.fromstring(f"<div>{html}</div>")
    img = root.find(".//img")
    assert img is not None
    return img


def test_a_figure_reserves_its_box_and_loads_lazily() -> None:
    links = FigureLinks(site_url="", figures={"relu": FigureInfo(size=(461, 346))})
    img = _img(render_with("![](figures/relu.svg)", links))
    assert (img.get("width"), img.get("height")) == ("461", "346")
    assert (img.get("loading"), img.get("decoding")) == ("lazy", "async")


def test_the_figures_own_description_is_its_alt_not_the_caption() -> None:
    source = "![mish.svg](figures/mish.svg)\n\n*Mish; the minimum of $f$ is about $-0.309$.*"
    html = render_with(source, DESCRIBED)
    assert _img(html).get("alt") == ("Line chart. f(x) falls to a minimum of −0.309 at x = −1.19.")
    assert "<math" in html  # the caption keeps its formulas


def test_without_a_description_the_alt_is_the_caption_with_its_math_in_words() -> None:
    source = (
        "![](figures/mish.svg)\n\n*Mish $f(x)$ and $f'(x)$; the minimum of $f$ is about "
        "$-0.309$ at $x \\approx -1.192$.*"
    )
    alt = _img(render_with(source, LINKS)).get("alt")
    assert alt == "Mish f(x) and f′(x); the minimum of f is about −0.309 at x ≈ −1.192."


def test_an_authors_alt_is_kept_and_a_notebook_page_is_captioned_by_the_title() -> None:
    authored = render_with("![Two curves](figures/mish.svg)", DESCRIBED)
    assert _img(authored).get("alt") == "Two curves"
    assert '<span class="nl-figure__caption">Two curves</span>' in authored
    # A notebook page writes the description as the Markdown alt: not an author's caption.
    description = DESCRIBED.figures["mish"].description
    notebook = render_with(f"![{description}](figures/mish.svg)", DESCRIBED)
    assert _img(notebook).get("alt") == description
    assert '<span class="nl-figure__caption">Mish and its derivative</span>' in notebook


@pytest.mark.parametrize(
    ("svg", "info"),
    [
        (
            "<svg><title>GELU &amp; tanh</title><metadata><dc:title>x</dc:title>"
            "<dc:description>Two\n  curves &lt;here&gt;</dc:description></metadata>",
            FigureInfo("GELU & tanh", "Two curves <here>"),
        ),
        ("<svg><desc>A drawing</desc></svg>", FigureInfo(None, "A drawing")),
        ("<svg><g/></svg>", FigureInfo(None, None)),
        (
            '<svg width="460.8pt" viewBox="0 0 460.8 345.6" xmlns="http://www.w3.org/2000/svg">',
            FigureInfo(None, None, (461, 346)),
        ),
        ('<svg viewBox="0 0 0 10">', FigureInfo(None, None, None)),
    ],
)
def test_svg_info_reads_title_and_description(svg: str, info: FigureInfo) -> None:
    assert svg_info(svg) == info
