"""The formula gallery: every formula of the vault and its notebooks, converted and checked.

Each formula is found as the site finds it (Python-Markdown with our math extension, so code
stays code), converted to MathML, and checked for the spacing rules TeX follows and browsers
do not apply by themselves: function application after an operator name, brackets as
prefix/postfix operators, "/" as an ordinary symbol, primes at full size, no named spaces.
Known cases are then asserted one by one on the MathML.
"""

from __future__ import annotations

import json
import xml.etree.ElementTree as ET
from pathlib import Path

import markdown
import pytest

from nonlinear.site.math import MathExtension, latex_to_mathml, latex_to_text

ROOT = Path(__file__).resolve().parents[2]
NS = "{http://www.w3.org/1998/Math/MathML}"
ROWS = {"math", "mrow", "mstyle", "msqrt", "mtd", "menclose", "mpadded", "mphantom"}
OPENING = set("([{⟨⌈⌊")
CLOSING = set(")]}⟩⌉⌋")
PRIMES = set("′″‴")


class _Recorder(MathExtension):
    """The site's math extension, remembering every formula it converts."""

    def __init__(self) -> None:
        super().__init__()
        self.seen: list[tuple[str, bool]] = []

    def convert(self, latex: str, *, display: bool) -> str:
        self.seen.append((latex, display))
        return super().convert(latex, display=display)


def _vault_formulas() -> list[tuple[str, str, bool]]:
    """(where, latex, display) of every formula in docs/ and in the notebooks' Markdown."""
    sources: list[tuple[str, str]] = []
    for path in sorted((ROOT / "docs").rglob("*.md")):
        sources.append((path.relative_to(ROOT).as_posix(), path.read_text(encoding="utf-8")))
    for path in sorted((ROOT / "notebooks").glob("*.ipynb")):
        cells = json.loads(path.read_text(encoding="utf-8"))["cells"]
        for k, cell in enumerate(cells):
            if cell["cell_type"] == "markdown":
                text = "".join(cell["source"])
                sources.append((f"{path.relative_to(ROOT).as_posix()}[{k}]", text))
    found: list[tuple[str, str, bool]] = []
    for where, text in sources:
        recorder = _Recorder()
        md = markdown.Markdown(
            extensions=[recorder, "pymdownx.superfences", "tables", "admonition", "footnotes"]
        )
        md.convert(text)
        found.extend((where, latex, display) for latex, display in recorder.seen)
        assert recorder.drain() == [], where  # every formula converts cleanly
    return found


FORMULAS = _vault_formulas()


def _local(element: ET.Element) -> str:
    return element.tag.removeprefix(NS)


def _is_name(element: ET.Element) -> bool:
    text = element.text or ""
    return _local(element) == "mi" and len(text) >= 2 and text.isalpha()


def _problems(root: ET.Element) -> list[str]:
    """Spacing rules every converted formula must follow."""
    found = []
    for parent in root.iter():
        kids = list(parent)
        for index, kid in enumerate(kids):
            tag, text = _local(kid), kid.text or ""
            after = kids[index + 1] if index + 1 < len(kids) else None
            applied = after is not None and (
                _local(after) in {"mi", "mn"} or (after.text or "") in OPENING
            )
            if _local(parent) in ROWS and _is_name(kid) and applied:
                found.append(f"{text} applied without U+2061")
            if tag == "mspace" and not kid.get("width", "").endswith("em"):
                found.append(f"mspace width {kid.get('width')!r}")
            script = kid[-1].text if tag in {"msup", "msubsup"} and len(kid) else ""
            if script and set(script) <= PRIMES:
                found.append("prime set as a superscript")
            if tag == "mo" and text in OPENING | CLOSING and "form" not in kid.attrib:
                found.append(f"bracket {text} without form")
            if tag == "mi" and text in {"~", "±", "∓"}:
                found.append(f"operator {text} set as an identifier")
            if tag == "mo" and text == "/" and kid.get("lspace") != "0":
                found.append("'/' spaced as a binary operator")
    return found


def test_the_gallery_holds_the_whole_vault() -> None:
    assert len(FORMULAS) > 300
    assert sum(display for _, _, display in FORMULAS) > 30


@pytest.mark.parametrize("where", sorted({w.split("[")[0] for w, _, _ in FORMULAS}))
def test_every_formula_follows_the_spacing_rules(where: str) -> None:
    failures = []
    for source, latex, display in FORMULAS:
        if source.split("[")[0] != where:
            continue
        result = latex_to_mathml(latex, display=display)
        problems = [*result.problems, *_problems(ET.fromstring(result.html))]
        if not latex_to_text(latex).strip():
            problems.append("no plain text")  # an alt text or snippet can always say it
        if problems:
            failures.append((latex, problems))
    assert failures == []


def _mathml(latex: str) -> ET.Element:
    return ET.fromstring(latex_to_mathml(latex, display=False).html)


def _row(latex: str) -> list[tuple[str, str, dict[str, str]]]:
    """The top row of a formula as (tag, text, attributes)."""
    row = _mathml(latex)[0]
    return [(_local(k), k.text or "", dict(k.attrib)) for k in row]


def test_function_application_before_an_argument_is_a_thin_space() -> None:
    assert _row(r"\tanh u") == [
        ("mi", "tanh", {}),
        ("mo", "\u2061", {"lspace": "0", "rspace": "0.1667em"}),
        ("mi", "u", {}),
    ]


def test_function_application_before_a_bracket_adds_no_space() -> None:
    row = _row(r"\tanh(x)")
    assert row[1] == ("mo", "\u2061", {"lspace": "0", "rspace": "0"})
    assert row[2][:2] == ("mo", "(")
    assert row[2][2]["form"] == "prefix"


def test_a_squared_function_name_applies_to_its_argument() -> None:
    row = _row(r"1 - \tanh^2 u")
    script = next(k for k in _mathml(r"1 - \tanh^2 u")[0] if _local(k) == "msup")
    assert [_local(k) for k in script] == ["mi", "mn"]  # nothing inserted inside the script
    assert [(t, x) for t, x, _ in row[-3:]] == [("msup", ""), ("mo", "\u2061"), ("mi", "u")]


def test_an_ordinary_atom_before_a_function_name_gets_a_thin_space() -> None:
    row = _row(r"x\tanh(\operatorname{softplus}(x))")
    assert [(t, x) for t, x, _ in row[:4]] == [
        ("mi", "x"),
        ("mspace", ""),
        ("mi", "tanh"),
        ("mo", "\u2061"),
    ]
    assert row[1][2] == {"width": "0.1667em"}
    assert ("mi", "softplus", {}) in row  # \operatorname: an upright name, not an operator


@pytest.mark.parametrize(
    ("latex", "operator"),
    [(r"z \sim x", "∼"), (r"a \pm b", "±"), (r"A \setminus B", "∖"), (r"p \iff q", "⟺")],
)
def test_relations_written_as_identifiers_become_operators(latex: str, operator: str) -> None:
    assert ("mo", operator) in [(t, x) for t, x, _ in _row(latex)]


def test_the_authors_own_space_replaces_the_thin_space() -> None:
    row = _row(r"\operatorname{erf}\!\left(\frac{x}{\sqrt{2}}\right)")
    assert row[1] == ("mo", "\u2061", {"lspace": "0", "rspace": "0"})
    assert row[2] == ("mspace", "", {"width": "-0.1667em"})  # \! as MathML Core reads it


def test_sqrt_then_a_big_bracket_has_no_stray_gap() -> None:
    row = _row(r"\sqrt{2/\pi}\,\bigl(x + 0.044715\,x^3\bigr)")
    assert row[0][0] == "msqrt"
    assert row[1] == ("mspace", "", {"width": "0.167em"})  # the \, written in the note
    opening = row[2]
    assert (opening[1], opening[2]["form"]) == ("(", "prefix")  # not an infix operator
    assert row[-1][2]["form"] == "postfix"
    slash = _mathml(r"\sqrt{2/\pi}").find(f".//{NS}mo")
    assert slash is not None
    assert (slash.text, slash.get("lspace"), slash.get("rspace")) == ("/", "0", "0")


@pytest.mark.parametrize(
    ("latex", "prime"),
    [("f'(x)", "′"), ("f''(x)", "″"), (r"\sigma'(x)", "′")],
)
def test_primes_follow_their_base_at_full_size(latex: str, prime: str) -> None:
    first = _mathml(latex)[0][0]
    assert _local(first) == "mrow"
    assert [(_local(k), k.text) for k in first][1] == ("mo", prime)


def test_a_primed_base_with_a_subscript_keeps_the_prime_beside_it() -> None:
    first = _mathml(r"f_{\tanh}'(x)")[0][0]
    assert _local(first) == "msub"
    base, sub = first
    assert [(_local(k), k.text) for k in base] == [("mi", "f"), ("mo", "′")]
    assert "".join(sub.itertext()) == "tanh"


@pytest.mark.parametrize(
    ("latex", "text"),
    [
        (r"x\,\Phi(x)", "x Φ(x)"),
        (r"\sqrt{2/\pi}", "√(2/π)"),
        ("f'(x)", "f′(x)"),
        (r"4.7 \times 10^{-4}", "4.7 × 10⁻⁴"),
        (r"x \approx -1.192", "x ≈ −1.192"),
        (r"\tanh^2 u", "tanh² u"),
        (r"\operatorname{relu}(-x)", "relu(−x)"),
        (r"\partial p_1/\partial t = p_1 p_2", "∂p_1/∂t = p_1 p_2"),
        (
            r"f(x) = \begin{cases} 1 & x > 0 \\ 0 & x < 0 \end{cases}",
            "f(x) = 1 if x > 0; 0 if x < 0",
        ),
        (r"\frac{1}{1+e^{-x}}", "1/(1 + e^(−x))"),
        (r"t \in [-6, 6]", "t ∈ [−6, 6]"),
        (r"\lvert x\rvert", "|x|"),
        (r"z \sim \mathcal{N}(0, 1)", "z ∼ 𝒩(0, 1)"),
        (r"\pm\lambda", "±λ"),
    ],
)
def test_latex_to_text(latex: str, text: str) -> None:
    assert latex_to_text(latex) == text
