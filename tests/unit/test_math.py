"""Build-time math: the Markdown extension, the MathML repairs and the diagnostics."""

from __future__ import annotations

import re
import xml.etree.ElementTree as ET

import markdown
import pytest

from nonlinear.site.math import (
    MathExtension,
    MathProblem,
    latex_to_mathml,
    locate,
    math_diagnostics,
)


def render(source: str) -> tuple[str, list[MathProblem]]:
    """Render Markdown with the math extension (plus what the site also uses)."""
    extension = MathExtension()
    md = markdown.Markdown(
        extensions=[extension, "admonition", "pymdownx.superfences", "pymdownx.details", "toc"]
    )
    html = md.convert(source)
    return html, list(extension.drain())


def maths(html: str) -> list[str]:
    """The display attribute of each <math> element, in order."""
    return re.findall(r'<math [^>]*display="(\w+)"', html)


@pytest.mark.parametrize(
    ("source", "expected"),
    [
        ("$x$", ["inline"]),
        ("a $x^2$ b $y$ c", ["inline", "inline"]),
        ("costs $5 and $6 today", []),  # closing $ followed by a digit: prose
        ("from $5 to $10", []),
        ("$ x$ and $x $ are not math", []),  # space after opening / before closing
        (r"escaped \$x\$ stays text", []),
        ("`$x$` is code", []),
        ("```\n$x$ and $$y$$\n```", []),
        ("    $x$ indented code", []),
        ("<!-- $x$ -->", []),
        ("$$x$$ inside a paragraph", ["block"]),
        ("$$\nx\n$$", ["block"]),
        ("Text before:\n$$\nx = 1\n$$\nText after.", ["block"]),
        ("$$\na\n\nb\n$$", ["block"]),  # a blank line inside display math
        ("!!! note\n    $$\\tfrac{1}{2}$$\n\n    and $x$", ["block", "inline"]),
        ("- item $x$\n- item\n\n    $$\n    y\n    $$", ["inline", "block"]),
        ("> quote $x$", ["inline"]),
        ("$a_1 * b_2 * c$", ["inline"]),  # no emphasis inside math
    ],
)
def test_what_becomes_math(source: str, expected: list[str]) -> None:
    html, problems = render(source)
    assert maths(html) == expected
    assert problems == []


def test_dollar_escape_renders_a_dollar() -> None:
    html, problems = render(r"It costs \$5.")
    assert html == "<p>It costs $5.</p>"
    assert problems == []


def test_code_keeps_dollars_verbatim() -> None:
    html, _ = render("`$x$`")
    assert html == "<p><code>$x$</code></p>"


def test_emphasis_characters_stay_in_math() -> None:
    html, _ = render("$a_1 * b_2 * c$")
    assert "<em>" not in html
    assert "<msub><mi>a</mi><mn>1</mn></msub>" in html


def test_text_around_display_math_stays_paragraphs() -> None:
    html, _ = render("Text before:\n$$\nx\n$$\nText after.")
    assert html.startswith('<p>Text before:</p>\n<div class="math-block"><math')
    assert html.endswith("<p>Text after.</p>")


@pytest.mark.parametrize(
    ("latex", "fragment"),
    [
        # \operatorname and \max: multi-letter identifiers, not operators (TeX spacing),
        # applied to their argument (U+2061, no space before a bracket).
        (
            r"\operatorname{ReLU}(x) = \max\{0, x\}",
            '<mi>ReLU</mi><mo lspace="0" rspace="0">\u2061</mo><mo stretchy',
        ),
        (r"\max\{0, x\}", "<mi>max</mi>"),
        # A prime right after the base, not a superscript of a superscript.
        ("f'(x)", '<mrow><mi>f</mi><mo lspace="0" rspace="0">′</mo></mrow>'),
        # MathML Core ignores mathvariant: Unicode math letters instead.
        (r"\mathbb{R}", "<mi>ℝ</mi>"),
        (r"\mathbb{1}", "<mn>𝟙</mn>"),
        # Unary minus and infinity spaced as TeX does.
        (r"(-\infty, 0)", '<mo form="prefix">−</mo><mi>∞</mi>'),
        (r"\tfrac{1}{2}", "<mfrac>"),
        (r"\sqrt{2}", "<msqrt>"),
        (r"\begin{cases} x & x > 0 \\ 0 & x \le 0 \end{cases}", '<mtd columnalign="left">'),
    ],
)
def test_mathml_repairs(latex: str, fragment: str) -> None:
    result = latex_to_mathml(latex, display=False)
    assert fragment in result.html
    assert result.problems == ()


def test_binary_minus_stays_binary() -> None:
    result = latex_to_mathml("a - b", display=False)
    assert 'form="prefix"' not in result.html


def test_display_flag() -> None:
    assert 'display="block"' in latex_to_mathml("x", display=True).html
    assert 'display="inline"' in latex_to_mathml("x", display=False).html


def test_unknown_command_is_reported_and_kept_visible() -> None:
    html, problems = render(r"We use $\erf(x)$ here.")
    assert r"<mi>\erf</mi>" in html
    assert problems == [
        MathProblem(
            r"\erf(x)",
            r"unknown LaTeX command \erf; use \operatorname{erf} for an operator name "
            "or a supported command",
        )
    ]


def test_unparsable_formula_is_reported_and_shown_as_code() -> None:
    result = latex_to_mathml(r"\frac{1}{", display=False)
    assert result.html.startswith('<code class="math-error"')
    assert len(result.problems) == 1
    assert result.problems[0].startswith(r"cannot parse $\frac{1}{$")


@pytest.mark.parametrize(
    ("latex", "columns"),
    [
        # The environments of amsmath that real vaults use (MathJax renders them in Obsidian):
        # each becomes a table of right- and left-aligned columns (gather: centred).
        (r"\begin{aligned} a &= b \\ c &= d \end{aligned}", ["right", "left"]),
        (r"\begin{aligned}[t] a &= b & c &= d \end{aligned}", ["right", "left"] * 2),
        (r"\begin{align*} f(x) &= x \\ &= y \nonumber \end{align*}", ["right", "left"]),
        (r"\begin{align} a &= b \notag \end{align}", ["right", "left"]),
        (r"\begin{split} a &= b \\ &\quad + c \end{split}", ["right", "left"]),
        (r"\begin{alignat}{2} a &= b &\quad c &= d \end{alignat}", ["right", "left"] * 2),
        (r"\begin{gather*} a = b \\ c = d \end{gather*}", ["center"]),
        (r"x = \left\{\begin{aligned} a &\text{ if } b \end{aligned}\right.", ["right", "left"]),
    ],
)
def test_alignment_environments_are_tables(latex: str, columns: list[str]) -> None:
    result = latex_to_mathml(latex, display=True)
    assert result.problems == ()
    root = ET.fromstring(result.html)
    row = root.find(".//{http://www.w3.org/1998/Math/MathML}mtr")
    assert row is not None
    cells = [cell.get("columnalign", "center") for cell in row]
    assert cells == columns
    assert "&amp;" not in result.html  # no stray alignment mark shown
    assert "(1)" not in result.html  # no equation numbers (Obsidian shows none)


def test_a_literal_ampersand_is_no_alignment_mark() -> None:
    result = latex_to_mathml(r"A \& B", display=False)
    assert result.problems == ()
    assert "<mi>&amp;</mi>" in result.html


def test_a_stray_ampersand_is_reported_once() -> None:
    result = latex_to_mathml(r"a &= b \\ c &= d", display=True)
    assert result.problems == (
        "'&' outside an array, cases or alignment environment; "
        "use \\begin{aligned} … \\end{aligned}",
    )


def test_unclosed_display_math_is_reported() -> None:
    html, problems = render("$$\nx = 1\n\nmore text")
    assert "<math" not in html
    assert problems == [
        MathProblem("$$", "display math opened with $$ is never closed; add a line $$")
    ]


def test_drain_forgets() -> None:
    extension = MathExtension()
    extension.convert(r"\foo", display=False)
    assert len(extension.drain()) == 1
    assert extension.drain() == []


def test_locate_gives_line_and_column() -> None:
    assert locate("ab\ncd $x$", "x") == (2, 5, 7)
    assert locate("nothing", "zzz") == (1, 1, 0)


def test_diagnostics_point_at_each_occurrence_in_order() -> None:
    source = "---\ntitle: T\n---\nA $\\foo$.\n\nB $\\foo$ again.\n"
    problems = [MathProblem(r"\foo", "unknown"), MathProblem(r"\foo", "unknown")]
    assert math_diagnostics("Activations/X.md", source, problems) == [
        "Activations/X.md:4:4: math-error: unknown",
        "Activations/X.md:6:4: math-error: unknown",
    ]


def test_diagnostic_for_formula_not_in_source_points_at_top() -> None:
    assert math_diagnostics("a.md", "text", [MathProblem("zz", "m")]) == ["a.md:1:1: math-error: m"]


def test_one_extension_serves_many_markdown_instances() -> None:
    # MkDocs makes a Markdown object per page with the same extension instance.
    extension = MathExtension()
    for _ in range(2):
        md = markdown.Markdown(extensions=[extension])
        assert maths(md.convert("$x$")) == ["inline"]
    assert extension.drain() == []


def test_diagnostics_of_block_math_reported_before_inline_are_sorted() -> None:
    source = "A $\\foo$.\n\n$$\n\\bar\n$$\n\nB $\\foo$.\n"
    problems = [MathProblem(r"\bar", "b"), MathProblem(r"\foo", "f"), MathProblem(r"\foo", "f")]
    assert math_diagnostics("n.md", source, problems) == [
        "n.md:1:4: math-error: f",
        "n.md:4:1: math-error: b",
        "n.md:7:4: math-error: f",
    ]
