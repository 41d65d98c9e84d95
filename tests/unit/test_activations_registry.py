"""The activation registry agrees with the functions it describes, and renders correctly.

Flags are checked against the functions themselves (limits at ±inf, monotonicity on a grid,
the mean under a standard normal, jumps of the derivative), so a wrong flag fails here.
"""

from __future__ import annotations

import dataclasses
import inspect
import math
import re
from typing import Any

import numpy as np
import pytest

from nonlinear import activations as act
from nonlinear.registry import REGISTRY, Activation, Reference, comparison_table, get

ACTIVATION_NOTES = {
    "ReLU",
    "Leaky ReLU",
    "Randomized Leaky ReLU",
    "ELU and SELU",
    "Concatenated ReLU (CReLU)",
    "ReLU-6",
    "PReLU",
    "CELU",
    "GELU",
    "SiLU",
    "Mish",
    "Softplus",
    "Sigmoid",
    "Tanh",
    "Hardtanh",
    "Hard Sigmoid",
    "Hard Swish",
    "Softsign",
    "LogSigmoid",
    "Shrinkage functions",
    "Threshold",
    "Squared ReLU",
    "Softmax",
    "GLU",
    "Maxout",
}
NAMES = [
    "relu",
    "leaky_relu",
    "rrelu",
    "prelu",
    "elu",
    "selu",
    "celu",
    "relu6",
    "crelu",
    "gelu",
    "silu",
    "mish",
    "softplus",
    "sigmoid",
    "tanh",
    "hardtanh",
    "hardsigmoid",
    "hardswish",
    "softsign",
    "logsigmoid",
    "softshrink",
    "hardshrink",
    "tanhshrink",
    "threshold",
    "squared_relu",
    "softmax",
    "log_softmax",
    "softmin",
    "glu",
    "reglu",
    "geglu",
    "swiglu",
    "maxout",
]
VECTOR = ["softmax", "log_softmax", "softmin", "glu", "reglu", "geglu", "swiglu", "maxout"]
ELEMENTWISE = [n for n in NAMES if n != "crelu" and n not in VECTOR]


def entry(name: str) -> Activation:
    return REGISTRY[name]


def f(name: str, x: Any) -> np.ndarray:
    a = entry(name)
    y: np.ndarray = a.fn(x, **a.params)
    return y


def g(name: str, x: Any) -> np.ndarray:
    a = entry(name)
    assert a.grad is not None
    y: np.ndarray = a.grad(x, **a.params)
    return y


# --- structure ----------------------------------------------------------------------------


def test_registry_holds_every_function_once_in_order() -> None:
    assert list(REGISTRY) == NAMES
    for name, a in REGISTRY.items():
        assert a.name == name
        assert a.fn is getattr(act, name)


def test_registry_is_read_only() -> None:
    with pytest.raises(TypeError):
        REGISTRY["relu"] = REGISTRY["tanh"]  # type: ignore[index]
    with pytest.raises(dataclasses.FrozenInstanceError):
        REGISTRY["relu"].year = 1999  # type: ignore[misc]


@pytest.mark.parametrize("name", NAMES)
def test_grad_is_the_matching_function(name: str) -> None:
    a = entry(name)
    if name == "crelu":
        assert a.grad is None
        assert a.vjp is None
        assert not a.elementwise
    elif name in VECTOR:
        assert a.grad is None
        assert a.vjp is getattr(act, name + "_vjp")
        assert not a.elementwise
    else:
        assert a.grad is getattr(act, name + "_grad")
        assert a.vjp is None
        assert a.elementwise


def test_notes_are_the_vault_contract_names() -> None:
    assert {a.note for a in REGISTRY.values()} == ACTIVATION_NOTES
    assert entry("elu").note == entry("selu").note == "ELU and SELU"


@pytest.mark.parametrize("name", NAMES)
def test_params_are_the_signature_defaults(name: str) -> None:
    a = entry(name)
    sig = inspect.signature(a.fn)
    defaults = {p.name: p.default for p in sig.parameters.values() if p.default is not p.empty}
    extra = {  # values where the signature has none
        "prelu": {"weight": 0.25},  # nn.PReLU's initial weight
        "threshold": {"threshold": 1.0, "value": -0.5},  # torch has no defaults: the figure's
        "maxout": {"pool_size": 2},
    }.get(name, {})
    assert dict(a.params) == defaults | extra
    if a.vjp is not None:
        vsig = inspect.signature(a.vjp)
        assert list(vsig.parameters)[:2] == ["x", "grad_output"]
        vdefaults = {
            p.name: p.default for p in vsig.parameters.values() if p.default is not p.empty
        }
        assert vdefaults == defaults
    if a.grad is not None:
        gsig = inspect.signature(a.grad)
        gdefaults = {
            p.name: p.default for p in gsig.parameters.values() if p.default is not p.empty
        }
        assert gdefaults == defaults


@pytest.mark.parametrize("name", ELEMENTWISE)
def test_grad_at_zero_is_grad_of_zero(name: str) -> None:
    a = entry(name)
    assert a.grad_at_zero is not None
    assert float(g(name, 0.0)) == pytest.approx(a.grad_at_zero, rel=1e-15, abs=0.0)


@pytest.mark.parametrize("name", ["crelu", *VECTOR])
def test_functions_that_are_not_elementwise_have_no_grad_at_zero(name: str) -> None:
    assert entry(name).grad_at_zero is None
    assert not entry(name).monotonic  # not defined for vector functions: flagged "no"


@pytest.mark.parametrize("name", NAMES)
def test_text_fields_are_filled(name: str) -> None:
    a = entry(name)
    for text in (a.title, a.latex, a.latex_grad, a.range_latex, a.cost, a.torch):
        assert text.strip()
    assert "|" not in a.latex  # the table cell must not need escaping inside math
    assert "$" not in a.latex
    assert "torch" in a.torch
    assert a.year == a.origin.year
    assert a.origin is (a.introduced_by or a.reference)
    assert a.smooth == (a.differentiability == "Cinf")


# --- flags checked against the functions ----------------------------------------------------

GRID = np.linspace(-12.0, 12.0, 48_001)


@pytest.mark.parametrize("name", ["crelu", *ELEMENTWISE])
def test_boundedness_flags_match_the_limits(name: str) -> None:
    if name == "crelu":
        y = act.crelu(np.array([-np.inf, np.inf]))
        lows, highs = np.array([y.min()]), np.array([y.max()])
    else:
        y = f(name, np.array([-np.inf, np.inf]))
        lows, highs = y[:1], y[1:]
    assert entry(name).bounded_below == bool(np.isfinite(lows).all())
    assert entry(name).bounded_above == bool(np.isfinite(highs).all())


@pytest.mark.parametrize("name", ELEMENTWISE)
def test_monotonic_flag_matches_a_fine_grid(name: str) -> None:
    non_decreasing = bool(np.all(np.diff(f(name, GRID)) >= 0))
    assert entry(name).monotonic == non_decreasing


def test_crelu_is_not_monotonic() -> None:
    assert not entry("crelu").monotonic


@pytest.mark.parametrize("name", ELEMENTWISE)
def test_zero_centred_flag_matches_the_gaussian_mean(name: str) -> None:
    w = np.exp(-0.5 * GRID * GRID) / math.sqrt(2 * math.pi)
    mean = float(np.trapezoid(f(name, GRID) * w, GRID))
    assert entry(name).zero_centred == (abs(mean) < 1e-8), f"E[{name}(z)] = {mean}"


@pytest.mark.parametrize("name", ELEMENTWISE)
def test_c0_exactly_when_the_derivative_jumps(name: str) -> None:
    # Kinks sit on the grid (0, ±1, ±3, 6 are multiples of the step): a jump in f' shows up
    # as a large change between neighbours; continuous derivatives change by O(step).
    jump = float(np.max(np.abs(np.diff(g(name, GRID)))))
    kinked = entry(name).differentiability in {"C0", "jump"}
    assert kinked == (jump > 0.05), f"max jump {jump}"


@pytest.mark.parametrize("name", ELEMENTWISE)
def test_jump_exactly_when_the_function_itself_jumps(name: str) -> None:
    step = float(np.max(np.abs(np.diff(f(name, GRID)))))
    assert (entry(name).differentiability == "jump") == (step > 0.05), f"max step {step}"


@pytest.mark.parametrize("name", VECTOR)
def test_vector_bounds_match_extreme_inputs(name: str) -> None:
    a = entry(name)
    rng = np.random.default_rng(5)
    x = rng.standard_normal((200, 8)) * 1e3
    y = a.fn(x, **a.params)
    # Bounded flags promise a finite bound; unbounded ones must reach far past any small one.
    assert a.bounded_below == bool(np.min(y) >= -1.0)
    assert a.bounded_above == bool(np.max(y) <= 1.0)


@pytest.mark.parametrize("name", ["elu", "celu", "softsign", "squared_relu"])
def test_c1_functions_have_a_second_derivative_jump(name: str) -> None:
    h = 1e-4
    left = (g(name, -h) - g(name, -2 * h)) / h
    right = (g(name, 2 * h) - g(name, h)) / h
    assert abs(float(right - left)) > 0.5


# --- lookup --------------------------------------------------------------------------------


def test_get_returns_entries_and_suggests_close_names() -> None:
    assert get("gelu") is REGISTRY["gelu"]
    with pytest.raises(KeyError, match="did you mean 'leaky_relu'"):
        get("leaky_rellu")
    with pytest.raises(KeyError, match="no activation named 'xyz'") as info:
        get("xyz")
    assert "did you mean" not in str(info.value)


def test_inconsistent_entries_are_rejected() -> None:
    good = entry("relu")
    with pytest.raises(ValueError, match="smooth"):
        dataclasses.replace(good, smooth=True)
    with pytest.raises(ValueError, match="year"):
        dataclasses.replace(good, year=1990)
    with pytest.raises(ValueError, match="year"):  # ReLU's year is its origin's, 1969
        dataclasses.replace(good, year=good.reference.year)
    with pytest.raises(ValueError, match="latex"):
        dataclasses.replace(good, latex=r"\lvert x| ")


# --- references -----------------------------------------------------------------------------


def test_apa_conference_paper() -> None:
    assert entry("relu").reference.apa() == (
        "Nair, V., & Hinton, G. E. (2010). Rectified Linear Units Improve Restricted "
        "Boltzmann Machines. In *Proceedings of the 27th International Conference on "
        "Machine Learning (ICML 2010)* (pp. 807–814)."
    )


def test_apa_preprint_uses_the_arxiv_doi() -> None:
    assert entry("celu").reference.apa() == (
        "Barron, J. T. (2017). *Continuously Differentiable Exponential Linear Units* "
        "(arXiv:1704.07483). arXiv. https://doi.org/10.48550/arXiv.1704.07483"
    )


def test_apa_journal_article() -> None:
    assert entry("silu").reference.apa() == (
        "Elfwing, S., Uchibe, E., & Doya, K. (2018). Sigmoid-Weighted Linear Units for Neural "
        "Network Function Approximation in Reinforcement Learning. *Neural Networks*, *107*, "
        "3–11. https://doi.org/10.1016/j.neunet.2017.12.012"
    )


def test_apa_chapter_names_the_editors() -> None:
    apa = entry("tanh").reference.apa()
    assert "In G. B. Orr & K.-R. Müller (Eds.), *Neural Networks: Tricks of the Trade*" in apa
    assert apa.endswith("(pp. 9–50). Springer. https://doi.org/10.1007/3-540-49430-8_2")


def test_apa_lists_twelve_authors_with_ampersand_before_the_last() -> None:
    apa = entry("hardswish").reference.apa()
    assert apa.startswith("Howard, A., Sandler, M., Chu, G., Chen, L.-C., Chen, B.,")
    assert "Le, Q. V., & Adam, H. (2019). Searching for MobileNetV3." in apa


def test_short_citations() -> None:
    assert entry("relu").reference.short() == "Nair & Hinton (2010)"
    assert entry("prelu").reference.short() == "He et al. (2015)"
    assert entry("mish").reference.short() == "Misra (2019)"


def _balanced(text: str) -> bool:
    depth = 0
    for c in text:
        depth += {"{": 1, "}": -1}.get(c, 0)
        if depth < 0:
            return False
    return depth == 0


@pytest.mark.parametrize("name", NAMES)
def test_bibtex_entries_are_well_formed(name: str) -> None:
    ref = entry(name).reference
    bib = ref.bibtex()
    assert _balanced(bib)
    m = re.match(r"@(\w+)\{([a-z0-9]+),\n", bib)
    assert m is not None, bib
    assert m.group(2) == ref.bibtex_key
    assert m.group(2).startswith(ref.authors[0].split(",")[0].lower()[:3])
    assert f"year = {{{ref.year}}}" in bib
    assert "title = {{" + ref.title + "}}" in bib
    assert " and ".join(ref.authors) in bib
    if ref.arxiv:
        assert f"eprint = {{{ref.arxiv}}}" in bib
    if ref.doi:
        assert f"doi = {{{ref.doi}}}" in bib
    if ref.pages:
        assert "--" in bib
        assert "–" not in bib.split("pages = ")[1].split("\n")[0]


def test_bibtex_entry_types_and_ascii_keys() -> None:
    assert entry("silu").reference.bibtex().startswith("@article{elfwing2018sigmoidweighted,")
    assert entry("gelu").reference.bibtex().startswith("@misc{hendrycks2016gaussian,")
    assert entry("prelu").reference.bibtex().startswith("@inproceedings{he2015delving,")
    assert entry("relu6").reference.bibtex().startswith("@unpublished{krizhevsky2010")
    assert entry("hardtanh").reference.bibtex().startswith("@phdthesis{collobert2004large,")
    accented = Reference(
        authors=("Bélisle, F.",), year=2001, title="Öko Test", venue="V", kind="journal"
    )
    assert accented.bibtex_key == "belisle2001test"


@pytest.mark.parametrize("name", NAMES)
def test_reference_facts_from_the_reference_file(name: str) -> None:
    expected: dict[str, tuple[str | None, str | None]] = {
        "rrelu": ("1505.00853", None),
        "prelu": ("1502.01852", None),  # the reference file leaves the DOI unverified
        "elu": ("1511.07289", None),
        "selu": ("1706.02515", None),
        "celu": ("1704.07483", None),
        "crelu": ("1603.05201", None),
        "gelu": ("1606.08415", "10.48550/arXiv.1606.08415"),
        "silu": ("1702.03118", "10.1016/j.neunet.2017.12.012"),
        "mish": ("1908.08681", None),
        "hardsigmoid": ("1905.02244", None),
        "hardswish": ("1905.02244", None),
    }
    ref = entry(name).reference
    if name in expected:
        assert (ref.arxiv, ref.doi) == expected[name]
    assert ref.authors
    assert all(re.fullmatch(r"[^,]+, (?:[A-Z]\.(?:-[A-Z]\.)? ?)+", a) for a in ref.authors)


# --- comparison table ------------------------------------------------------------------------

_UNESCAPED_PIPE = re.compile(r"(?<!\\)\|")


def _cells(line: str) -> list[str]:
    assert line.startswith("| ")
    assert line.endswith(" |")
    return [c.strip() for c in _UNESCAPED_PIPE.split(line)[1:-1]]


def test_comparison_table_has_one_row_per_activation() -> None:
    lines = comparison_table().splitlines()
    assert len(lines) == 2 + len(REGISTRY)
    header = _cells(lines[0])
    assert header == [
        "Function",
        "Formula",
        "Range",
        "$f'(0)$",
        "Smooth",
        "Monotonic",
        "Zero-centred",
        "Cost",
        "Year",
        "Paper",
    ]
    assert set(_cells(lines[1])) == {"---"}
    for line, a in zip(lines[2:], REGISTRY.values(), strict=True):
        cells = _cells(line)
        assert len(cells) == len(header), line
        assert cells[1] == f"${a.latex}$"
        assert cells[8] == str(a.year)
        assert a.reference.short() in cells[9]


def test_comparison_table_escapes_pipes_in_wikilinks() -> None:
    table = comparison_table()
    assert r"| [[ELU and SELU\|SELU]] |" in table
    assert r"| [[ELU and SELU\|ELU]] |" in table
    assert r"| [[ReLU-6\|ReLU6]] |" in table
    assert "| [[ReLU]] |" in table
    assert "[[ELU and SELU|SELU]]" not in table


def test_comparison_table_cells_render_flags_and_values() -> None:
    rows = {_cells(line)[0]: _cells(line) for line in comparison_table().splitlines()[2:]}
    assert rows["[[ReLU]]"][3:7] == ["0", "no", "yes", "no"]
    assert rows[r"[[ELU and SELU\|SELU]]"][3:7] == ["≈ 1.758", "no", "yes", "yes"]
    assert rows["[[CELU]]"][4] == "C¹ only"
    assert rows["[[GELU]]"][3:6] == ["0.5", "yes", "no"]
    assert rows[r"[[Concatenated ReLU (CReLU)\|CReLU]]"][3] == "—"
    assert rows["[[Hard Sigmoid]]"][3] == "≈ 0.1667"
    assert rows["[[GELU]]"][9] == (
        "[Hendrycks & Gimpel (2016)](https://doi.org/10.48550/arXiv.1606.08415)"
    )
    # Older than the usual reference: the introducing paper first, with its year.
    assert rows["[[ReLU]]"][8:] == [
        "1969",
        "[Fukushima (1969)](https://doi.org/10.1109/TSSC.1969.300225); Nair & Hinton (2010)",
    ]
    assert rows["[[Hard Sigmoid]]"][8] == "2015"
    assert rows["[[Hard Sigmoid]]"][9].startswith("[Courbariaux et al. (2015)]")
    assert rows["[[SiLU]]"][8] == "2016"
    assert rows["[[SiLU]]"][9].startswith("[Hendrycks & Gimpel (2016)]")
    assert rows["[[Softsign]]"][8:] == ["1993", "Elliott (1993); Glorot & Bengio (2010)"]
    # The logistic function is far older than its usual citation: a dagger, no origin given.
    assert rows["[[Sigmoid]]"][9].endswith(" †")


def test_comparison_table_is_deterministic_and_ends_with_newline() -> None:
    assert comparison_table() == comparison_table()
    assert comparison_table().endswith(" |\n")
