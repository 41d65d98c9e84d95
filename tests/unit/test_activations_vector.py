"""Tests of the functions added in issue 13: shrinkage, threshold, logsigmoid, squared ReLU,
and the vector functions (softmax family, gated linear units, maxout) with their VJPs.

Expected values come from closed forms evaluated with :mod:`math`, from central finite
differences of the forward functions, or from PyTorch 2.13 (CPU, float64, autograd) where a
convention (a kink, a nan) is what is being tested; those values are written out by hand here,
no torch is imported. ``filterwarnings = error`` turns any NumPy RuntimeWarning into a failure.
"""

from __future__ import annotations

import math
from collections.abc import Callable
from typing import Any

import numpy as np
import pytest

from nonlinear import activations as act

INF = math.inf
NAN = math.nan


def _sig(x: float) -> float:
    return 1.0 / (1.0 + math.exp(-x)) if x >= 0 else math.exp(x) / (1.0 + math.exp(x))


# x - tanh(x) = sum c_k x^k, the Taylor series to x^17 (the reference for small x).
TANH_SERIES = [
    (3, 1 / 3),
    (5, -2 / 15),
    (7, 17 / 315),
    (9, -62 / 2835),
    (11, 1382 / 155925),
    (13, -21844 / 6081075),
    (15, 929569 / 638512875),
    (17, -6404582 / 10854718875),
]


def _phi(x: float) -> float:
    return 0.5 * math.erfc(-x / math.sqrt(2.0))


# --- elementwise: values and torch's derivative at kinks --------------------------------

VALUES: list[tuple[str, dict[str, Any], float, float]] = [
    ("logsigmoid", {}, 0.0, -math.log(2.0)),
    ("logsigmoid", {}, 2.0, -math.log1p(math.exp(-2.0))),
    ("logsigmoid", {}, -800.0, -800.0),  # log(sigmoid(-800)) would be log(0) = -inf
    ("logsigmoid", {}, 40.0, -math.exp(-40.0)),
    ("logsigmoid", {}, -INF, -INF),
    ("logsigmoid", {}, INF, 0.0),
    ("softshrink", {}, 2.0, 1.5),
    ("softshrink", {}, -2.0, -1.5),
    ("softshrink", {}, 0.3, 0.0),
    ("softshrink", {}, 0.5, 0.0),
    ("softshrink", {"lambd": 1.0}, -3.0, -2.0),
    ("softshrink", {"lambd": 0.0}, -3.0, -3.0),
    ("softshrink", {}, INF, INF),
    ("softshrink", {}, -INF, -INF),
    ("hardshrink", {}, 0.5, 0.0),
    ("hardshrink", {}, 0.6, 0.6),
    ("hardshrink", {}, -0.6, -0.6),
    ("hardshrink", {"lambd": -1.0}, 0.2, 0.2),  # torch accepts a negative lambd: identity
    ("hardshrink", {}, -INF, -INF),
    ("tanhshrink", {}, 1.0, 1.0 - math.tanh(1.0)),
    ("tanhshrink", {}, -2.5, -2.5 - math.tanh(-2.5)),
    # Small inputs: x - tanh(x) ~ x^3 / 3, computed without cancellation.
    ("tanhshrink", {}, 1e-3, 1e-9 / 3 - 2e-15 / 15 + 17e-21 / 315),
    ("tanhshrink", {}, 1e-8, 1e-24 / 3),
    ("tanhshrink", {}, 0.09, sum(c * 0.09**k for k, c in TANH_SERIES)),
    ("tanhshrink", {}, -0.3, -0.3 - math.tanh(-0.3)),
    ("tanhshrink", {}, INF, INF),
    ("threshold", {"threshold": 1.0, "value": -3.0}, 1.0, -3.0),
    ("threshold", {"threshold": 1.0, "value": -3.0}, 1.5, 1.5),
    ("threshold", {"threshold": 0.0, "value": 0.0}, -2.0, 0.0),
    ("threshold", {"threshold": 1.0, "value": -3.0}, -INF, -3.0),
    ("squared_relu", {}, 3.0, 9.0),
    ("squared_relu", {}, -3.0, 0.0),
    ("squared_relu", {}, 1e200, INF),  # the correctly rounded square, without a warning
]


@pytest.mark.parametrize(("name", "kw", "x", "expected"), VALUES)
def test_new_elementwise_values(name: str, kw: dict[str, Any], x: float, expected: float) -> None:
    got = getattr(act, name)(x, **kw)
    assert got.shape == ()
    assert float(got) == pytest.approx(expected, rel=1e-13, abs=0.0)


GRADS: list[tuple[str, dict[str, Any], float, float]] = [
    # PyTorch 2.13 autograd at the kinks: 0 at ±lambd and at the threshold.
    ("softshrink_grad", {}, 0.5, 0.0),
    ("softshrink_grad", {}, -0.5, 0.0),
    ("softshrink_grad", {}, 0.0, 0.0),
    ("softshrink_grad", {}, 0.7, 1.0),
    ("softshrink_grad", {}, -2.0, 1.0),
    ("hardshrink_grad", {}, 0.5, 0.0),
    ("hardshrink_grad", {}, -0.5, 0.0),
    ("hardshrink_grad", {}, -0.51, 1.0),
    ("threshold_grad", {"threshold": 1.0, "value": -3.0}, 1.0, 0.0),
    ("threshold_grad", {"threshold": 1.0, "value": -3.0}, 2.0, 1.0),
    ("squared_relu_grad", {}, 0.0, 0.0),
    ("squared_relu_grad", {}, 2.5, 5.0),
    ("logsigmoid_grad", {}, 0.0, 0.5),
    ("logsigmoid_grad", {}, 1.0, 0.2689414213699951),  # torch, = sigmoid(-1)
    ("logsigmoid_grad", {}, -1.0, 0.7310585786300049),
    ("logsigmoid_grad", {}, -INF, 1.0),
    ("logsigmoid_grad", {}, INF, 0.0),
    ("tanhshrink_grad", {}, 0.5, 0.2135522670340726),  # torch, = tanh(0.5)^2
    ("tanhshrink_grad", {}, INF, 1.0),
]


@pytest.mark.parametrize(("name", "kw", "x", "expected"), GRADS)
def test_new_elementwise_derivatives(
    name: str, kw: dict[str, Any], x: float, expected: float
) -> None:
    assert float(getattr(act, name)(x, **kw)) == pytest.approx(expected, rel=1e-15, abs=0.0)


def test_softshrink_is_the_proximal_operator_of_the_l1_norm() -> None:
    # prox(v) = argmin_x (x - v)^2 / 2 + lambda |x|: minimize on a fine grid.
    grid = np.linspace(-4.0, 4.0, 80_001)
    for v in (-3.0, -0.7, -0.2, 0.0, 0.45, 1.3, 2.9):
        best = grid[np.argmin(0.5 * (grid - v) ** 2 + 0.7 * np.abs(grid))]
        assert float(act.softshrink(v, lambd=0.7)) == pytest.approx(best, abs=1e-4)


def test_softshrink_has_no_negative_zero_in_its_dead_zone() -> None:
    y = act.softshrink(np.array([-0.4, -0.0, 0.3]))
    assert not np.signbit(y).any()


def test_logsigmoid_is_minus_softplus_of_minus_x() -> None:
    x = np.linspace(-30.0, 30.0, 601)
    # softplus switches to x above its threshold (20 by default); move the switch away.
    exact = -act.softplus(-x, threshold=1e6)
    np.testing.assert_allclose(act.logsigmoid(x), exact, rtol=1e-13, atol=0)


@pytest.mark.parametrize(
    ("call", "message"),
    [
        (lambda: act.softshrink(1.0, lambd=-0.1), "lambd must not be negative"),
        (lambda: act.softshrink_grad(1.0, lambd=math.nan), "lambd must be a finite number"),
        (lambda: act.hardshrink(1.0, lambd=math.inf), "lambd must be a finite number"),
        (lambda: act.threshold(1.0, math.inf, 0.0), "threshold must be a finite number"),
        (lambda: act.threshold_grad(1.0, 0.0, math.nan), "value must be a finite number"),
    ],
)
def test_invalid_elementwise_parameters(call: Callable[[], object], message: str) -> None:
    with pytest.raises(ValueError, match=message):
        call()


# --- vector functions: values ---------------------------------------------------------------


def _softmax_ref(v: list[float]) -> list[float]:
    m = max(v)
    e = [math.exp(t - m) for t in v]
    return [t / sum(e) for t in e]


@pytest.mark.parametrize(
    "row", [[1.0, 2.0, 3.0], [0.0], [-1.5, 0.25, 7.0, 2.0], [1000.0, 999.0, -1000.0]]
)
def test_softmax_family_matches_the_closed_form(row: list[float]) -> None:
    p = _softmax_ref(row)
    np.testing.assert_allclose(act.softmax(row), p, rtol=1e-14, atol=1e-300)
    m = max(row)
    log_sum = math.log(sum(math.exp(t - m) for t in row))
    np.testing.assert_allclose(act.log_softmax(row), [(t - m) - log_sum for t in row], rtol=1e-14)
    np.testing.assert_allclose(act.softmin(row), _softmax_ref([-t for t in row]), rtol=1e-14)


@pytest.mark.parametrize("scale", [1000.0, 1e4])
@pytest.mark.parametrize("dtype", [np.float32, np.float64])
def test_softmax_is_stable_for_large_inputs(scale: float, dtype: type[np.floating[Any]]) -> None:
    x = np.array([[scale, -scale, 0.0, scale - 1.0], [-scale, -scale, -scale, -scale + 2.0]])
    x = x.astype(dtype)
    for name in ("softmax", "log_softmax", "softmin"):
        y = getattr(act, name)(x)
        assert y.dtype == dtype
        assert np.isfinite(y).all()
    p = act.softmax(x)
    np.testing.assert_allclose(p.sum(axis=-1), 1.0, rtol=1e-6)
    e = 1.0 / (1.0 + math.exp(-1.0))
    np.testing.assert_allclose(p[0], [e, 0.0, 0.0, 1.0 - e], rtol=2e-6, atol=0)
    # log_softmax keeps the far tail that softmax rounds to 0: -2 * scale + log-sum-exp.
    lse = scale + math.log1p(math.exp(-1.0))
    ls = act.log_softmax(x)
    assert float(ls[0, 1]) == pytest.approx(-scale - lse, rel=1e-6)


def test_masked_positions_give_exactly_zero() -> None:
    x = np.array([[1.0, -INF, 2.0, -INF], [-INF, 0.5, -INF, -INF]])
    p = act.softmax(x)
    assert (p[x == -INF] == 0.0).all()
    np.testing.assert_allclose(p[0, [0, 2]], _softmax_ref([1.0, 2.0]), rtol=1e-15)
    assert p[1, 1] == 1.0
    assert (act.log_softmax(x)[x == -INF] == -INF).all()
    g = np.arange(8.0).reshape(2, 4)
    assert (act.softmax_vjp(x, g)[x == -INF] == 0.0).all()
    # softmin masks with +inf
    assert (act.softmin(-x)[x == -INF] == 0.0).all()


@pytest.mark.parametrize(
    "row",
    [[NAN, 0.0, 1.0], [INF, 0.0, 1.0], [-INF, -INF, -INF]],
    ids=["nan", "plus-inf", "all-masked"],
)
def test_undefined_slices_are_nan_throughout_like_torch(row: list[float]) -> None:
    x = np.array([row, [0.0, 1.0, 2.0]])
    for name in ("softmax", "log_softmax"):
        y = getattr(act, name)(x)
        assert np.isnan(y[0]).all()
        assert np.isfinite(y[1]).all()
        vjp = getattr(act, name + "_vjp")(x, np.ones_like(x))
        assert np.isnan(vjp[0]).all()
        assert np.isfinite(vjp[1]).all()


def test_softmin_of_minus_inf_is_nan_like_torch() -> None:
    assert np.isnan(act.softmin([1.0, 2.0, -INF])).all()


@pytest.mark.parametrize("dim", [0, 1, -1, -2])
def test_softmax_normalizes_along_dim(dim: int) -> None:
    x = np.random.default_rng(3).standard_normal((3, 4)) * 5
    np.testing.assert_allclose(act.softmax(x, dim=dim).sum(axis=dim), 1.0, rtol=1e-14)
    moved = np.moveaxis(x, dim, -1)
    np.testing.assert_allclose(
        np.moveaxis(act.softmax(moved), -1, dim), act.softmax(x, dim=dim), rtol=1e-15
    )


def test_softmax_on_empty_and_integer_input() -> None:
    assert act.softmax(np.zeros((3, 0))).shape == (3, 0)
    assert act.softmax(np.zeros((0, 4))).shape == (0, 4)
    y = act.softmax(np.array([1, 2, 3]))
    assert y.dtype == np.float64
    np.testing.assert_allclose(y, _softmax_ref([1.0, 2.0, 3.0]), rtol=1e-15)


# --- gated linear units ----------------------------------------------------------------------

GATES: dict[str, Callable[[float], float]] = {
    "glu": _sig,
    "reglu": lambda b: max(b, 0.0),
    "geglu": lambda b: b * _phi(b),
    "swiglu": lambda b: b * _sig(b),
}


@pytest.mark.parametrize("name", sorted(GATES))
def test_gated_units_gate_the_first_half_with_the_second(name: str) -> None:
    x = np.array([[1.5, -2.0, 0.5, -0.7], [3.0, 0.25, -4.0, 2.0]])
    y = getattr(act, name)(x)
    assert y.shape == (2, 2)
    for i in range(2):
        for j in range(2):
            a, b = x[i, j], x[i, j + 2]
            assert float(y[i, j]) == pytest.approx(a * GATES[name](b), rel=1e-14, abs=1e-300)


def test_geglu_tanh_form() -> None:
    x = np.array([0.8, -1.3])
    expected = 0.8 * float(act.gelu(-1.3, approximate="tanh"))
    assert float(act.geglu(x, approximate="tanh")[0]) == pytest.approx(expected, rel=1e-15)
    with pytest.raises(ValueError, match="approximate"):
        act.geglu(x, approximate="erf")


@pytest.mark.parametrize("name", sorted(GATES))
def test_gated_units_reject_an_odd_size_clearly(name: str) -> None:
    with pytest.raises(ValueError, match=r"size there must be even, got 3 \(shape \(2, 3\)\)"):
        getattr(act, name)(np.zeros((2, 3)))
    with pytest.raises(ValueError, match="must be even"):
        getattr(act, name + "_vjp")(np.zeros(5), np.zeros(2))
    # dim chooses the split axis: shape (2, 3) splits fine along dim 0.
    assert getattr(act, name)(np.zeros((2, 3)), dim=0).shape == (1, 3)


@pytest.mark.parametrize("name", sorted(GATES))
@pytest.mark.parametrize("dtype", [np.float32, np.float64])
def test_gated_units_are_stable_and_keep_dtype(name: str, dtype: type[np.floating[Any]]) -> None:
    x = np.array([1000.0, -1e4, 2.0, 5.0, 1e4, -1000.0, -1e4, 1000.0], dtype=dtype)
    y = getattr(act, name)(x)
    assert y.dtype == dtype
    assert np.isfinite(y).all()
    # A closed gate (-inf, or far negative) gives exactly 0.
    closed = getattr(act, name)(np.array([3.0, -INF], dtype=dtype))
    assert float(closed[0]) == 0.0
    g = getattr(act, name + "_vjp")(x, np.ones(4, dtype=dtype))
    assert g.dtype == dtype
    assert g.shape == x.shape


def test_infinite_value_at_a_closed_gate_is_nan_like_torch() -> None:
    # torch: glu([-inf, -1e4]) = nan (inf * 0), with no warning here.
    assert np.isnan(act.glu([-INF, -1e4])).all()
    # torch masks reglu's gate with a select: d/d(gate) is exactly 0 at a closed gate.
    vjp = act.reglu_vjp([-INF, -1.0], [2.0])
    assert vjp[1] == 0.0


# --- maxout ----------------------------------------------------------------------------------


def test_maxout_takes_the_maximum_of_consecutive_groups() -> None:
    x = np.array([[1.0, 3.0, 3.0, 2.0, -1.0, -5.0], [0.0, -2.0, 4.0, 4.0, 7.0, 1.0]])
    np.testing.assert_array_equal(act.maxout(x, 2), [[3.0, 3.0, -1.0], [0.0, 4.0, 7.0]])
    np.testing.assert_array_equal(act.maxout(x, 3), [[3.0, 2.0], [4.0, 7.0]])
    np.testing.assert_array_equal(act.maxout(x, 6), [[3.0], [7.0]])
    np.testing.assert_array_equal(act.maxout(x, 1), x)
    np.testing.assert_array_equal(act.maxout(x.T, 2, dim=0), act.maxout(x, 2).T)


def test_maxout_vjp_routes_to_the_first_maximum_like_torch() -> None:
    # Values and gradients from torch: x.view(2, 2, 2).max(-1).values, backward(g).
    x = np.array([[1.0, 3.0, 3.0, 2.0], [NAN, 1.0, 2.0, 2.0]])
    g = np.array([[1.0, 2.0], [3.0, 4.0]])
    y = act.maxout(x, 2)
    np.testing.assert_array_equal(y, [[3.0, 3.0], [NAN, 2.0]])
    np.testing.assert_array_equal(
        act.maxout_vjp(x, g, 2), [[0.0, 1.0, 2.0, 0.0], [3.0, 0.0, 4.0, 0.0]]
    )
    # A nan wins its group wherever it is (torch: [[2, nan, 1, nan]] -> grad [[0, 1, 0, 1]]).
    np.testing.assert_array_equal(
        act.maxout_vjp([[2.0, NAN, 1.0, NAN]], [[1.0, 1.0]], 2), [[0.0, 1.0, 0.0, 1.0]]
    )


@pytest.mark.parametrize("pool_size", [0, -2, 4, 2.0, True])
def test_maxout_rejects_a_pool_size_that_does_not_divide(pool_size: Any) -> None:
    with pytest.raises(ValueError, match="pool_size"):
        act.maxout(np.zeros(6), pool_size)


def test_maxout_keeps_dtype_and_is_stable() -> None:
    x = np.array([-INF, -1e4, 1e4, INF, -INF, -INF], dtype=np.float32)
    y = act.maxout(x, 2)
    assert y.dtype == np.float32
    np.testing.assert_array_equal(y, [-1e4, INF, -INF])


# --- vector-Jacobian products against finite differences ---------------------------------------

# name -> (forward, vjp, input shape, output shape, extra keywords)
VECTOR: dict[str, tuple[tuple[int, ...], tuple[int, ...], dict[str, Any]]] = {
    "softmax": ((3, 5), (3, 5), {}),
    "log_softmax": ((3, 5), (3, 5), {}),
    "softmin": ((3, 5), (3, 5), {}),
    "glu": ((3, 6), (3, 3), {}),
    "reglu": ((3, 6), (3, 3), {}),
    "geglu": ((3, 6), (3, 3), {}),
    "swiglu": ((3, 6), (3, 3), {}),
    "maxout": ((3, 6), (3, 2), {"pool_size": 3}),
}


def _jacobian_fd(f: Callable[[np.ndarray], np.ndarray], x: np.ndarray) -> np.ndarray:
    h = 1e-6
    cols = []
    for i in range(x.size):
        e = np.zeros(x.size)
        e[i] = h
        plus = f(x + e.reshape(x.shape))
        minus = f(x - e.reshape(x.shape))
        cols.append(((plus - minus) / (2 * h)).ravel())
    return np.stack(cols, axis=1)  # (outputs, inputs)


@pytest.mark.parametrize("dim", [-1, 0])
@pytest.mark.parametrize("name", sorted(VECTOR))
def test_vjp_is_grad_output_times_the_finite_difference_jacobian(name: str, dim: int) -> None:
    shape, out_shape, kw = VECTOR[name]
    if dim == 0:  # the same problem with the axes swapped
        shape, out_shape = shape[::-1], out_shape[::-1]
    rng = np.random.default_rng(7)
    x = rng.standard_normal(shape) * 2.0
    x[np.abs(x) < 0.05] += 0.2  # keep ReLU's kink and ties in maxout away from the stencil
    g = rng.standard_normal(out_shape)
    forward = getattr(act, name)
    jac = _jacobian_fd(lambda v: forward(v, dim=dim, **kw), x)
    expected = (g.ravel() @ jac).reshape(shape)
    if name == "maxout":
        got = act.maxout_vjp(x, g, dim=dim, **kw)
    else:
        got = getattr(act, name + "_vjp")(x, g, dim=dim, **kw)
    assert got.shape == x.shape
    np.testing.assert_allclose(got, expected, rtol=1e-6, atol=1e-7)


def test_softmax_vjp_closed_form() -> None:
    x = np.array([0.2, -1.0, 2.5])
    g = np.array([1.0, -2.0, 0.5])
    p = np.array(_softmax_ref(list(x)))
    jac = np.diag(p) - np.outer(p, p)
    np.testing.assert_allclose(act.softmax_vjp(x, g), g @ jac, rtol=1e-14)
    np.testing.assert_allclose(act.log_softmax_vjp(x, g), g - p * g.sum(), rtol=1e-14)


def test_vjp_rejects_a_grad_output_of_the_wrong_shape() -> None:
    with pytest.raises(ValueError, match=r"grad_output has shape \(3,\), but the output"):
        act.glu_vjp(np.zeros(4), np.zeros(3))
    with pytest.raises(ValueError, match="grad_output has shape"):
        act.softmax_vjp(np.zeros(4), np.zeros(3))


@pytest.mark.parametrize(
    "call",
    [
        lambda: act.softmax(1.0),
        lambda: act.log_softmax(np.zeros(3), dim=1),
        lambda: act.glu(np.zeros((2, 2)), dim=-3),
        lambda: act.maxout(np.zeros(4), 2, dim=2),
    ],
)
def test_vector_functions_need_an_axis(call: Callable[[], object]) -> None:
    with pytest.raises(ValueError, match=r"dim|at least 1 dimension"):
        call()


def test_vector_functions_never_modify_their_input() -> None:
    x = np.array([[1.0, -INF, 3.0, NAN], [1e4, -1e4, 0.5, 2.0]])
    before = x.copy()
    for name in ("softmax", "log_softmax", "softmin", "glu", "reglu", "geglu", "swiglu"):
        getattr(act, name)(x)
    act.maxout(x, 2)
    np.testing.assert_array_equal(x, before)
