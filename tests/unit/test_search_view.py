"""nonlinear.site.search_view: Material's search parser indexes the lighter view identically."""

from __future__ import annotations

import pytest
from material.plugins.search.plugin import Parser

from nonlinear.site.math import latex_to_mathml
from nonlinear.site.search_view import index_view


def _sections(page_html: str) -> list[tuple[str | None, str, str]]:
    """What Material's search plugin keeps of a page: each section's id, title and text."""
    parser = Parser()
    parser.feed(page_html)
    parser.close()
    return [(s.id, "".join(s.title).strip(), "".join(s.text).strip()) for s in parser.data]


FORMULAS = [
    ("a_{[[x]]}", False),
    (r"\mathrm{ReLU}(x) = \max(0, x)", False),
    (r"f(x) = \begin{cases} x & \text{if } x > 0 \\ \alpha e^x & \text{else} \end{cases}", True),
    (r"\frac{1}{1 + e^{-x}} \le 1 < \infty", True),
    (r"x \mathbin{\&} y, \; \lvert z \rvert", False),
    (r"\begin{aligned} a &= b \\ c &= d \end{aligned}", True),
]


@pytest.mark.parametrize(("latex", "display"), FORMULAS)
def test_a_formula_is_indexed_as_before_with_far_fewer_tags(latex: str, display: bool) -> None:
    formula = latex_to_mathml(latex, display=display).html
    page = (
        f"<h1 id='t'>Title {formula}</h1>\n<p>Before {formula} after.</p>\n"
        f"<h2 id='s'>Section {formula}</h2>\n<ul>\n<li>{formula}</li>\n</ul>\n"
        f'<div class="math-block">{formula}</div>\n<table><tr><td>{formula}</td></tr></table>\n'
    )
    view = index_view(page)
    assert _sections(view) == _sections(page)
    assert view.count("<") < page.count("<") // 2, "the view should be much lighter"
    assert view.count("<math") == page.count("<math")


def test_text_pieces_the_parser_collapses_leave_the_formula_as_written() -> None:
    # A piece of only white space: the parser turns it into one space, or drops it after a
    # space; joined with its neighbours it would stay as it is.
    formula = '<math display="inline"><mi>a</mi><mtext>  </mtext><mi>b</mi></math>'
    page = f"<p>x {formula} y</p>"
    assert index_view(page) == page


@pytest.mark.parametrize(
    "formula",
    [
        "<math><mi>a</math>",  # an element never closed
        "<math><mi>a</mo></math>",  # closed by another name
        "<math><mi>a</mi></mi></math>",  # closed twice
        '<math><mi data-search-exclude="">secret</mi></math>',  # the parser skips it
        "<math><mi>a</mi><script>b</script></math>",  # a script's text is never indexed
        "<math><!-- c --><mi>a</mi></math>",  # a comment
        '<math title="a>b"><mi>a</mi></math>',  # a ">" inside a quoted value
        "<math><mi class='q'>a</mi></math>",  # single quotes: not the plain form
        "<math><mi>a < b</mi></math>",  # a bare "<" in the text
    ],
)
def test_a_formula_that_is_not_plain_is_left_as_written(formula: str) -> None:
    page = f"<p>Before {formula} after.</p>"
    assert index_view(page) == page
    assert _sections(index_view(page)) == _sections(page)


def test_a_page_without_formulas_is_unchanged_and_plain_markup_is_kept() -> None:
    page = "<h2 id='a'>A</h2><p>Text <code>x</code> <sub>2</sub></p><pre><code>y\n</code></pre>"
    assert index_view(page) == page
    formula = latex_to_mathml("x^2", display=False).html
    view = index_view(f"<p>{formula}</p>")
    assert view.startswith('<p><math xmlns="http://www.w3.org/1998/Math/MathML"')
    assert view.endswith(">x2</math></p>")


def test_entities_in_a_formula_reach_the_index_as_before() -> None:
    formula = latex_to_mathml(r"a < b \land c > d \;\&\; e", display=False).html
    page = f"<p>{formula}</p>"
    assert "&" in formula
    assert _sections(index_view(page)) == _sections(page)
