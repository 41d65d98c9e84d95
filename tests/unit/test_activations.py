"""Unit tests for ``nonlinear.activations``: values, torch kink conventions, limits, dtypes.

Expected values are computed by hand with the :mod:`math` module (independent of the NumPy
code paths under test) or taken from the subject-matter reference (PyTorch 2.13 values).
Every test runs with ``filterwarnings = error``, so any NumPy ``RuntimeWarning`` fails it.
"""

from __future__ import annotations

import inspect
import math
import warnings
from collections.abc import Callable
from typing import Any

import numpy as np
import pytest

from nonlinear import activations as act

E = math.e
LAM = 1.0507009873554804934193349852946
ALP = 1.6732632423543772848170429916717
BETA = math.sqrt(2.0 / math.pi)


def phi_cdf(x: float) -> float:
    return 0.5 * math.erfc(-x / math.sqrt(2.0))


def sig(x: float) -> float:
    return 1.0 / (1.0 + math.exp(-x)) if x >= 0 else math.exp(x) / (1.0 + math.exp(x))


def gelu_tanh_ref(x: float) -> float:
    return 0.5 * x * (1.0 + math.tanh(BETA * (x + 0.044715 * x**3)))


# Elementwise functions: name -> keyword arguments that make them callable as f(x, **kw).
ELEMENTWISE: dict[str, dict[str, Any]] = {
    "relu": {},
    "leaky_relu": {},
    "rrelu": {},
    "prelu": {"weight": 0.25},
    "elu": {},
    "selu": {},
    "celu": {},
    "relu6": {},
    "gelu": {},
    "silu": {},
    "mish": {},
    "softplus": {},
    "sigmoid": {},
    "tanh": {},
    "hardtanh": {},
    "hardsigmoid": {},
    "hardswish": {},
    "softsign": {},
    "logsigmoid": {},
    "softshrink": {},
    "hardshrink": {},
    "tanhshrink": {},
    "threshold": {"threshold": 0.5, "value": -1.0},
    "squared_relu": {},
}
# Every callable taking x first: f and f_grad for all of the above, plus gelu-tanh variants.
CALLS: list[tuple[str, dict[str, Any]]] = [
    (name + suffix, kw) for name, kw in ELEMENTWISE.items() for suffix in ("", "_grad")
] + [("gelu", {"approximate": "tanh"}), ("gelu_grad", {"approximate": "tanh"})]
CALL_IDS = [f"{n}{'-' + str(kw) if kw else ''}" for n, kw in CALLS]


def fn(name: str) -> Callable[..., np.ndarray]:
    f: Callable[..., np.ndarray] = getattr(act, name)
    return f


# --- values ----------------------------------------------------------------------------

VALUES: list[tuple[str, dict[str, Any], float, float]] = [
    ("relu", {}, -2.0, 0.0),
    ("relu", {}, 0.0, 0.0),
    ("relu", {}, 3.5, 3.5),
    ("relu", {}, math.inf, math.inf),
    ("relu", {}, -math.inf, 0.0),
    ("leaky_relu", {}, -2.0, -0.02),
    ("leaky_relu", {}, 3.0, 3.0),
    ("leaky_relu", {}, -math.inf, -math.inf),
    ("leaky_relu", {"negative_slope": 0.2}, -5.0, -1.0),
    ("leaky_relu", {"negative_slope": 0.0}, -math.inf, 0.0),
    # torch's where-form, not max(x, s*x): they differ for s > 1.
    ("leaky_relu", {"negative_slope": 2.0}, -3.0, -6.0),
    ("leaky_relu", {"negative_slope": 2.0}, 3.0, 3.0),
    ("leaky_relu", {"negative_slope": -0.5}, -4.0, 2.0),
    ("rrelu", {}, -1.0, -11.0 / 48.0),
    ("rrelu", {}, 2.0, 2.0),
    ("rrelu", {"lower": 0.1, "upper": 0.3}, -1.0, -0.2),
    ("prelu", {"weight": 0.25}, -2.0, -0.5),
    ("prelu", {"weight": [0.5]}, -2.0, -1.0),
    ("prelu", {"weight": 0.25}, 2.0, 2.0),
    ("elu", {}, -1.0, math.exp(-1.0) - 1.0),
    ("elu", {}, 2.0, 2.0),
    ("elu", {}, -math.inf, -1.0),
    ("elu", {"alpha": 2.0}, -1.0, 2.0 * (math.exp(-1.0) - 1.0)),
    ("elu", {"alpha": 2.0}, 0.5, 0.5),
    ("elu", {"alpha": 0.5}, -math.inf, -0.5),
    ("elu", {"alpha": -1.0}, -1.0, -(math.exp(-1.0) - 1.0)),
    ("elu", {}, -1e-10, math.expm1(-1e-10)),
    ("selu", {}, 1.0, LAM),
    ("selu", {}, -1.0, LAM * ALP * (math.exp(-1.0) - 1.0)),
    ("selu", {}, -math.inf, -LAM * ALP),
    ("celu", {}, -1.0, math.exp(-1.0) - 1.0),
    ("celu", {"alpha": 2.0}, -1.0, 2.0 * (math.exp(-0.5) - 1.0)),
    ("celu", {"alpha": 2.0}, -math.inf, -2.0),
    ("celu", {"alpha": 0.5}, 3.0, 3.0),
    ("relu6", {}, -1.0, 0.0),
    ("relu6", {}, 3.0, 3.0),
    ("relu6", {}, 7.0, 6.0),
    ("relu6", {}, math.inf, 6.0),
    ("gelu", {}, 1.0, phi_cdf(1.0)),
    ("gelu", {}, 1.0, 0.8413447460685429),
    ("gelu", {}, -1.0, -0.15865525393145707),
    ("gelu", {}, -math.inf, 0.0),
    ("gelu", {}, math.inf, math.inf),
    ("gelu", {"approximate": "tanh"}, 1.0, gelu_tanh_ref(1.0)),
    ("gelu", {"approximate": "tanh"}, -2.0, gelu_tanh_ref(-2.0)),
    ("gelu", {"approximate": "tanh"}, 0.5, gelu_tanh_ref(0.5)),
    ("gelu", {"approximate": "tanh"}, -math.inf, 0.0),
    ("gelu", {"approximate": "tanh"}, 1e300, 1e300),
    ("silu", {}, 1.0, 1.0 / (1.0 + math.exp(-1.0))),
    ("silu", {}, -2.0, -2.0 * sig(-2.0)),
    ("silu", {}, -math.inf, 0.0),
    ("silu", {}, math.inf, math.inf),
    ("mish", {}, 1.0, math.tanh(math.log1p(E))),
    ("mish", {}, -1.0, -math.tanh(math.log1p(math.exp(-1.0)))),
    ("mish", {}, -math.inf, 0.0),
    ("softplus", {}, 0.0, math.log(2.0)),
    ("softplus", {}, -40.0, math.log1p(math.exp(-40.0))),
    ("softplus", {}, 5.0, math.log1p(math.exp(5.0))),
    # threshold is strict: at beta*x == 20 the log formula, just above it x itself.
    ("softplus", {}, 20.0, 20.0 + math.log1p(math.exp(-20.0))),
    ("softplus", {}, 20.5, 20.5),
    ("softplus", {"beta": 2.0}, 1.0, math.log1p(math.exp(2.0)) / 2.0),
    ("softplus", {"beta": 2.0}, 10.5, 10.5),
    ("softplus", {"beta": 2.0, "threshold": 5.0}, 2.4, math.log1p(math.exp(4.8)) / 2.0),
    ("softplus", {"beta": 2.0, "threshold": 5.0}, 2.6, 2.6),
    ("softplus", {}, -math.inf, 0.0),
    ("softplus", {}, math.inf, math.inf),
    ("sigmoid", {}, 0.0, 0.5),
    ("sigmoid", {}, 2.0, 1.0 / (1.0 + math.exp(-2.0))),
    ("sigmoid", {}, -40.0, math.exp(-40.0) / (1.0 + math.exp(-40.0))),
    ("sigmoid", {}, -1e4, 0.0),
    ("sigmoid", {}, 1e4, 1.0),
    ("tanh", {}, 0.5, math.tanh(0.5)),
    ("tanh", {}, -math.inf, -1.0),
    ("hardtanh", {}, -2.0, -1.0),
    ("hardtanh", {}, 0.5, 0.5),
    ("hardtanh", {}, 2.0, 1.0),
    ("hardtanh", {"min_val": -2.0, "max_val": 3.0}, 2.5, 2.5),
    ("hardtanh", {"min_val": -2.0, "max_val": 3.0}, -5.0, -2.0),
    ("hardsigmoid", {}, -3.0, 0.0),
    ("hardsigmoid", {}, 0.0, 0.5),
    ("hardsigmoid", {}, 1.5, 0.75),
    ("hardsigmoid", {}, 3.0, 1.0),
    ("hardswish", {}, -3.0, 0.0),
    ("hardswish", {}, -1.5, -0.375),
    ("hardswish", {}, 1.0, 2.0 / 3.0),
    ("hardswish", {}, 3.0, 3.0),
    ("hardswish", {}, 10.0, 10.0),
    ("hardswish", {}, -math.inf, 0.0),
    ("softsign", {}, 1.0, 0.5),
    ("softsign", {}, -3.0, -0.75),
    ("softsign", {}, math.inf, 1.0),
    ("softsign", {}, -math.inf, -1.0),
]


@pytest.mark.parametrize(("name", "kw", "x", "expected"), VALUES)
def test_value_matches_hand_computed_reference(
    name: str, kw: dict[str, Any], x: float, expected: float
) -> None:
    got = fn(name)(x, **kw)
    assert got.shape == ()
    assert float(got) == pytest.approx(expected, rel=1e-14, abs=0.0)


# --- derivatives: PyTorch's value at kinks, hand values elsewhere -----------------------

GRADS: list[tuple[str, dict[str, Any], float, float]] = [
    # kinks, PyTorch 2.13 autograd values
    ("relu_grad", {}, 0.0, 0.0),
    ("leaky_relu_grad", {}, 0.0, 0.01),
    ("leaky_relu_grad", {"negative_slope": 0.3}, 0.0, 0.3),
    ("rrelu_grad", {}, 0.0, 11.0 / 48.0),
    ("prelu_grad", {"weight": 0.4}, 0.0, 0.4),
    ("elu_grad", {}, 0.0, 1.0),
    ("elu_grad", {"alpha": 1.5}, 0.0, 1.5),
    ("selu_grad", {}, 0.0, LAM * ALP),
    ("celu_grad", {}, 0.0, 1.0),
    ("celu_grad", {"alpha": 2.0}, 0.0, 1.0),
    ("relu6_grad", {}, 0.0, 0.0),
    ("relu6_grad", {}, 6.0, 0.0),
    ("hardtanh_grad", {}, -1.0, 0.0),
    ("hardtanh_grad", {}, 1.0, 0.0),
    ("hardtanh_grad", {"min_val": -2.0, "max_val": 3.0}, 3.0, 0.0),
    ("hardsigmoid_grad", {}, -3.0, 0.0),
    ("hardsigmoid_grad", {}, 3.0, 0.0),
    ("hardswish_grad", {}, -3.0, 0.0),
    ("hardswish_grad", {}, 3.0, 1.0),
    # softplus threshold is strict: sigma(20) at the threshold, 1 just above.
    ("softplus_grad", {}, 20.0, sig(20.0)),
    ("softplus_grad", {}, 20.0001, 1.0),
    ("softplus_grad", {"beta": 2.0}, 10.0, sig(20.0)),
    ("softplus_grad", {"beta": 2.0}, 10.001, 1.0),
    # smooth functions at 0
    ("gelu_grad", {}, 0.0, 0.5),
    ("gelu_grad", {"approximate": "tanh"}, 0.0, 0.5),
    ("silu_grad", {}, 0.0, 0.5),
    ("mish_grad", {}, 0.0, 0.6),
    ("softplus_grad", {}, 0.0, 0.5),
    ("sigmoid_grad", {}, 0.0, 0.25),
    ("tanh_grad", {}, 0.0, 1.0),
    ("softsign_grad", {}, 0.0, 1.0),
    ("hardswish_grad", {}, 0.0, 0.5),
    ("hardsigmoid_grad", {}, 0.0, 1.0 / 6.0),
    # away from kinks
    ("relu_grad", {}, 2.0, 1.0),
    ("relu_grad", {}, -2.0, 0.0),
    ("leaky_relu_grad", {"negative_slope": 2.0}, -1.0, 2.0),
    ("elu_grad", {"alpha": 2.0}, -1.0, 2.0 * math.exp(-1.0)),
    ("elu_grad", {}, 1.0, 1.0),
    ("selu_grad", {}, 1.0, LAM),
    ("selu_grad", {}, -1.0, LAM * ALP * math.exp(-1.0)),
    ("celu_grad", {"alpha": 2.0}, -1.0, math.exp(-0.5)),
    ("relu6_grad", {}, 3.0, 1.0),
    ("hardswish_grad", {}, 1.0, 5.0 / 6.0),
    ("hardswish_grad", {}, -2.0, -1.0 / 6.0),
    ("gelu_grad", {}, 1.0, phi_cdf(1.0) + math.exp(-0.5) / math.sqrt(2 * math.pi)),
    (
        "gelu_grad",
        {"approximate": "tanh"},
        1.0,
        0.5 * (1 + math.tanh(BETA * 1.044715))
        + 0.5 * (1 - math.tanh(BETA * 1.044715) ** 2) * BETA * (1 + 3 * 0.044715),
    ),
    ("silu_grad", {}, 1.0, sig(1.0) * (1 + 1.0 * (1 - sig(1.0)))),
    (
        "mish_grad",
        {},
        1.0,
        math.tanh(math.log1p(E)) + (1 - math.tanh(math.log1p(E)) ** 2) * sig(1.0),
    ),
    ("sigmoid_grad", {}, 2.0, sig(2.0) * sig(-2.0)),
    # the tails keep their relative accuracy (sigma(1 - sigma) would give 0 in float32)
    ("sigmoid_grad", {}, 20.0, math.exp(-20.0) / (1 + math.exp(-20.0)) ** 2),
    ("sigmoid_grad", {}, -40.0, math.exp(-40.0) / (1 + math.exp(-40.0)) ** 2),
    ("tanh_grad", {}, 0.5, 1 - math.tanh(0.5) ** 2),
    ("tanh_grad", {}, 20.0, 4 * math.exp(-40.0) / (1 + math.exp(-40.0)) ** 2),
    ("softsign_grad", {}, -3.0, 1.0 / 16.0),
    ("softplus_grad", {"beta": 3.0}, 0.5, sig(1.5)),
]


@pytest.mark.parametrize(("name", "kw", "x", "expected"), GRADS)
def test_derivative_matches_torch_convention_and_hand_values(
    name: str, kw: dict[str, Any], x: float, expected: float
) -> None:
    assert float(fn(name)(x, **kw)) == pytest.approx(expected, rel=1e-14, abs=0.0)


# --- limits at ±inf (reference table: mathematical limits, not torch's nan) ------------

LIMITS: list[tuple[str, dict[str, Any], float, float, float, float]] = [
    # name, kw, f(-inf), f(+inf), f'(-inf), f'(+inf)
    ("gelu", {}, 0.0, math.inf, 0.0, 1.0),
    ("gelu", {"approximate": "tanh"}, 0.0, math.inf, 0.0, 1.0),
    ("silu", {}, 0.0, math.inf, 0.0, 1.0),
    ("mish", {}, 0.0, math.inf, 0.0, 1.0),
    ("hardswish", {}, 0.0, math.inf, 0.0, 1.0),
    ("softsign", {}, -1.0, 1.0, 0.0, 0.0),
    ("elu", {}, -1.0, math.inf, 0.0, 1.0),
    ("elu", {"alpha": 2.0}, -2.0, math.inf, 0.0, 1.0),
    ("celu", {"alpha": 0.5}, -0.5, math.inf, 0.0, 1.0),
    ("selu", {}, -LAM * ALP, math.inf, 0.0, LAM),
    ("softplus", {}, 0.0, math.inf, 0.0, 1.0),
    ("softplus", {"beta": 0.5}, 0.0, math.inf, 0.0, 1.0),
    ("sigmoid", {}, 0.0, 1.0, 0.0, 0.0),
    ("tanh", {}, -1.0, 1.0, 0.0, 0.0),
    ("relu6", {}, 0.0, 6.0, 0.0, 0.0),
    ("hardtanh", {}, -1.0, 1.0, 0.0, 0.0),
    ("hardsigmoid", {}, 0.0, 1.0, 0.0, 0.0),
    ("relu", {}, 0.0, math.inf, 0.0, 1.0),
    ("leaky_relu", {}, -math.inf, math.inf, 0.01, 1.0),
    ("rrelu", {}, -math.inf, math.inf, 11.0 / 48.0, 1.0),
    ("prelu", {"weight": 0.25}, -math.inf, math.inf, 0.25, 1.0),
    ("prelu", {"weight": 0.0}, 0.0, math.inf, 0.0, 1.0),
]


@pytest.mark.parametrize("dtype", [np.float32, np.float64])
@pytest.mark.parametrize(("name", "kw", "f_lo", "f_hi", "g_lo", "g_hi"), LIMITS)
def test_limits_at_infinity(
    name: str,
    kw: dict[str, Any],
    f_lo: float,
    f_hi: float,
    g_lo: float,
    g_hi: float,
    dtype: type[np.floating[Any]],
) -> None:
    x = np.array([-np.inf, np.inf], dtype=dtype)
    tol = 1e-6 if dtype is np.float32 else 1e-15
    f = fn(name)(x, **kw)
    g = fn(name + "_grad")(x, **kw)
    np.testing.assert_allclose(f, np.array([f_lo, f_hi]), rtol=tol, atol=0)
    np.testing.assert_allclose(g, np.array([g_lo, g_hi]), rtol=tol, atol=0)


# --- constants -------------------------------------------------------------------------


def test_selu_constants_to_full_precision() -> None:
    assert act.SELU_ALPHA == 1.6732632423543772
    assert act.SELU_SCALE == 1.0507009873554805
    assert float("1.6732632423543772848170429916717") == act.SELU_ALPHA
    assert float("1.0507009873554804934193349852946") == act.SELU_SCALE
    assert float(act.selu(-np.inf)) == pytest.approx(-1.7580993408473766, rel=2.3e-16)
    assert float(act.selu_grad(0.0)) == pytest.approx(1.7580993408473766, rel=2.3e-16)


def test_gelu_tanh_constants() -> None:
    assert act.GELU_TANH_BETA == 0.7978845608028654
    assert act.GELU_KAPPA == 0.044715


def test_rrelu_eval_slope_is_the_mean_of_the_bounds() -> None:
    assert float(act.rrelu_grad(-1.0)) == 0.22916666666666666


def test_selu_has_the_zero_mean_unit_variance_fixed_point() -> None:
    # E[selu(z)] = 0 and Var = 1 for z ~ N(0, 1), by trapezoidal quadrature on [-12, 12].
    z = np.linspace(-12.0, 12.0, 240_001)
    w = np.exp(-0.5 * z * z) / math.sqrt(2 * math.pi)
    y = act.selu(z)
    mean = float(np.trapezoid(y * w, z))
    second = float(np.trapezoid(y * y * w, z))
    assert abs(mean) < 1e-9
    assert second == pytest.approx(1.0, abs=1e-9)


def test_gelu_exact_and_tanh_differ_detectably() -> None:
    x = np.linspace(-5.0, 5.0, 100_001)
    diff = np.abs(act.gelu(x) - act.gelu(x, approximate="tanh"))
    assert diff.max() == pytest.approx(4.73e-4, rel=0.01)
    assert x[diff.argmax()] == pytest.approx(-2.70, abs=0.01)


def test_gelu_left_tail_keeps_relative_accuracy() -> None:
    # Phi(-8) = 6.220960574271785e-16; 1 + erf(x/sqrt 2) would lose 1.8 % here (PyTorch).
    # Rounding x/sqrt 2 alone moves erfc by ~1e-14 relative this far out.
    assert float(act.gelu(-8.0)) == pytest.approx(-8.0 * 6.220960574271785e-16, rel=1e-13)


def test_gelu_float32_left_tail_is_not_flushed_to_zero() -> None:
    # PyTorch float32 returns -0.0 at -6 (1 + erf cancels); the true value is -5.9e-9.
    got = act.gelu(np.float32(-6.0))
    assert got.dtype == np.float32
    assert float(got) == pytest.approx(-6.0 * 0.5 * math.erfc(6.0 / math.sqrt(2)), rel=1e-6)


# --- dtype, shape, 0-d, empty, no mutation ----------------------------------------------


@pytest.mark.parametrize(("name", "kw"), CALLS, ids=CALL_IDS)
@pytest.mark.parametrize("dtype", [np.float32, np.float64, np.float16, np.longdouble])
def test_float_dtype_and_shape_are_kept(
    name: str, kw: dict[str, Any], dtype: type[np.floating[Any]]
) -> None:
    x = np.linspace(-4, 4, 24, dtype=dtype).reshape(2, 3, 4)
    y = fn(name)(x, **kw)
    assert isinstance(y, np.ndarray)
    assert y.dtype == dtype
    assert y.shape == (2, 3, 4)


@pytest.mark.parametrize(("name", "kw"), CALLS, ids=CALL_IDS)
@pytest.mark.parametrize(
    "value",
    [np.array([-2, 0, 3], dtype=np.int64), np.array([-2, 0, 3], dtype=np.int8), [-2, 0, 3]],
)
def test_integers_promote_to_float64(name: str, kw: dict[str, Any], value: Any) -> None:
    y = fn(name)(value, **kw)
    assert y.dtype == np.float64
    expected = fn(name)(np.array([-2.0, 0.0, 3.0]), **kw)
    np.testing.assert_array_equal(y, expected)


@pytest.mark.parametrize(("name", "kw"), CALLS, ids=CALL_IDS)
def test_bools_promote_to_float64(name: str, kw: dict[str, Any]) -> None:
    y = fn(name)(np.array([True, False]), **kw)
    assert y.dtype == np.float64
    np.testing.assert_array_equal(y, fn(name)(np.array([1.0, 0.0]), **kw))


@pytest.mark.parametrize(("name", "kw"), CALLS, ids=CALL_IDS)
@pytest.mark.parametrize(
    ("scalar", "dtype"),
    [(0.5, np.float64), (-2, np.float64), (True, np.float64), (np.float32(-1.5), np.float32)],
)
def test_scalars_give_zero_d_arrays(
    name: str, kw: dict[str, Any], scalar: Any, dtype: type[np.floating[Any]]
) -> None:
    y = fn(name)(scalar, **kw)
    assert isinstance(y, np.ndarray)
    assert y.shape == ()
    assert y.dtype == dtype
    same = fn(name)(np.array([scalar], dtype=dtype), **kw)
    np.testing.assert_array_equal(y.reshape(1), same)


@pytest.mark.parametrize(("name", "kw"), CALLS, ids=CALL_IDS)
@pytest.mark.parametrize("shape", [(0,), (3, 0), (0, 2, 5)])
@pytest.mark.parametrize("dtype", [np.float32, np.float64])
def test_empty_arrays(
    name: str, kw: dict[str, Any], shape: tuple[int, ...], dtype: type[np.floating[Any]]
) -> None:
    y = fn(name)(np.zeros(shape, dtype=dtype), **kw)
    assert y.shape == shape
    assert y.dtype == dtype


@pytest.mark.parametrize(("name", "kw"), CALLS, ids=CALL_IDS)
@pytest.mark.parametrize("dtype", [np.float32, np.float64])
def test_input_is_never_modified(
    name: str, kw: dict[str, Any], dtype: type[np.floating[Any]]
) -> None:
    x = np.array([-np.inf, -1e4, -3.0, -1.0, -0.0, 0.0, 0.5, 3.0, 6.0, 25.0, np.inf, np.nan])
    x = x.astype(dtype)
    before = x.copy()
    y = fn(name)(x, **kw)
    assert y is not x
    assert not np.shares_memory(x, y)
    np.testing.assert_array_equal(x, before)
    # Zero-d input too (it is viewed as 1-element internally).
    x0 = np.array(-1.0, dtype=dtype)
    fn(name)(x0, **kw)
    assert float(x0) == -1.0


@pytest.mark.parametrize(("name", "kw"), CALLS, ids=CALL_IDS)
def test_strided_input_gives_the_same_result(name: str, kw: dict[str, Any]) -> None:
    base = np.linspace(-5, 5, 40).reshape(4, 10)
    view = base[::2, ::3].T
    np.testing.assert_array_equal(fn(name)(view, **kw), fn(name)(view.copy(), **kw))


@pytest.mark.parametrize(("name", "kw"), CALLS, ids=CALL_IDS)
def test_complex_input_is_rejected(name: str, kw: dict[str, Any]) -> None:
    with pytest.raises(TypeError, match="real numbers"):
        fn(name)(np.array([1 + 2j]), **kw)


@pytest.mark.parametrize(("name", "kw"), CALLS, ids=CALL_IDS)
def test_float32_agrees_with_float64(name: str, kw: dict[str, Any]) -> None:
    # Kinks are avoided (x never lands exactly on 0, ±1, ±3, 6 in float32).
    x64 = np.linspace(-9.95, 9.95, 400)
    ref = fn(name)(x64, **kw)
    got = fn(name)(x64.astype(np.float32), **kw).astype(np.float64)
    np.testing.assert_allclose(got, ref, rtol=2e-6, atol=2e-6)


# --- no warnings, nan propagation --------------------------------------------------------


def _specials(dtype: type[np.floating[Any]]) -> np.ndarray:
    info = np.finfo(dtype)
    values = [
        -np.inf,
        -info.max,
        -1e30,
        -1e4,
        -800.0,
        -100.0,
        -20.0,
        -3.0,
        -1.0,
        -info.tiny,
        -info.smallest_subnormal,
        -0.0,
        0.0,
        info.smallest_subnormal,
        info.tiny,
        1.0,
        3.0,
        6.0,
        20.0,
        100.0,
        800.0,
        1e4,
        1e30,
        info.max,
        np.inf,
        np.nan,
    ]
    with warnings.catch_warnings():
        warnings.simplefilter("ignore")  # building the table: 1e30 overflows float32 to inf
        return np.array(values, dtype=object).astype(dtype)


@pytest.mark.parametrize(("name", "kw"), CALLS, ids=CALL_IDS)
@pytest.mark.parametrize("dtype", [np.float32, np.float64, np.float16, np.longdouble])
def test_no_runtime_warning_for_any_special_value(
    name: str, kw: dict[str, Any], dtype: type[np.floating[Any]]
) -> None:
    x = _specials(dtype)
    with warnings.catch_warnings():
        warnings.simplefilter("error")
        y = fn(name)(x, **kw)
    # nan in, nan out (f and derivative); nothing else becomes nan.
    np.testing.assert_array_equal(np.isnan(y), np.isnan(x))


@pytest.mark.parametrize(
    ("name", "kw"),
    [
        ("leaky_relu", {"negative_slope": 3.0}),
        ("leaky_relu", {"negative_slope": 0.0}),
        ("leaky_relu", {"negative_slope": -0.5}),
        ("prelu", {"weight": 5.0}),
        ("prelu", {"weight": 0.0}),
        ("rrelu", {"lower": 0.0, "upper": 4.0, "training": True, "rng": 3}),
        ("elu", {"alpha": 3.0}),
        ("elu", {"alpha": 0.0}),
        ("elu", {"alpha": -1.0}),
        ("celu", {"alpha": 0.01}),
        ("celu", {"alpha": 100.0}),
        ("softplus", {"beta": 1e3}),
        ("softplus", {"beta": 1e-3}),
        ("softplus", {"beta": -2.0}),
        ("softplus", {"threshold": -5.0}),
        ("hardtanh", {"min_val": 0.0, "max_val": 0.0}),
        # tiny parameters underflow to 0 in float32 (found by Hypothesis: 0 * inf)
        ("leaky_relu", {"negative_slope": 1e-300}),
        ("prelu", {"weight": 1e-300}),
        ("rrelu", {"lower": 0.0, "upper": 1e-300, "training": True, "rng": 1}),
        ("elu", {"alpha": 1e-300}),
        ("softplus", {"beta": 1e30}),
        ("hardtanh", {"min_val": -1e-300, "max_val": 1e-300}),
    ],
)
@pytest.mark.parametrize("suffix", ["", "_grad"])
@pytest.mark.parametrize("dtype", [np.float32, np.float64])
def test_no_runtime_warning_with_unusual_parameters(
    name: str, kw: dict[str, Any], suffix: str, dtype: type[np.floating[Any]]
) -> None:
    x = _specials(dtype)
    with warnings.catch_warnings():
        warnings.simplefilter("error")
        y = fn(name + suffix)(x, **kw)
    np.testing.assert_array_equal(np.isnan(y), np.isnan(x))


@pytest.mark.parametrize("x", [1e4, -1e4])
def test_sigmoid_does_not_overflow_at_large_magnitudes(x: float) -> None:
    with warnings.catch_warnings():
        warnings.simplefilter("error")
        assert float(act.sigmoid(x)) == (1.0 if x > 0 else 0.0)
        assert float(act.sigmoid_grad(x)) == 0.0


def test_np_error_state_is_left_alone() -> None:
    before = np.geterr()
    act.selu(np.array([np.finfo(np.float64).max]))
    act.leaky_relu(np.array([-np.inf]), negative_slope=2.0)
    assert np.geterr() == before


# --- parameters and errors ---------------------------------------------------------------

TORCH_DEFAULTS: dict[str, dict[str, Any]] = {
    "leaky_relu": {"negative_slope": 0.01},
    "rrelu": {"lower": 1 / 8, "upper": 1 / 3, "training": False, "rng": None},
    "elu": {"alpha": 1.0},
    "celu": {"alpha": 1.0},
    "gelu": {"approximate": "none"},
    "softplus": {"beta": 1.0, "threshold": 20.0},
    "hardtanh": {"min_val": -1.0, "max_val": 1.0},
    "crelu": {"axis": -1},
    "softshrink": {"lambd": 0.5},
    "hardshrink": {"lambd": 0.5},
}


@pytest.mark.parametrize("name", [*sorted(ELEMENTWISE), "crelu"])
def test_keyword_names_and_defaults_mirror_torch(name: str) -> None:
    for f in (fn(name), getattr(act, name + "_grad", None)):
        if f is None:
            continue
        params = list(inspect.signature(f).parameters.values())
        assert params[0].name == "x"
        defaults = {p.name: p.default for p in params[1:] if p.default is not p.empty}
        assert defaults == TORCH_DEFAULTS.get(name, {})


@pytest.mark.parametrize(
    ("call", "message"),
    [
        (lambda: act.gelu(1.0, approximate="fast"), "approximate must be 'none' or 'tanh'"),
        (lambda: act.gelu_grad(1.0, approximate="erf"), "approximate must be 'none' or 'tanh'"),
        (lambda: act.prelu(np.ones(3), [0.1, 0.2, 0.3]), "at least 2 dimensions"),
        (lambda: act.prelu(1.0, [0.1, 0.2]), "at least 2 dimensions"),
        (lambda: act.prelu_grad(np.ones(3), [0.1, 0.2, 0.3]), "at least 2 dimensions"),
        (lambda: act.prelu(np.ones((2, 3)), [0.1, 0.2]), "2 elements but the input has 3"),
        (lambda: act.prelu(np.ones((2, 3)), np.ones((3, 1))), "scalar or a 1-D array"),
        (lambda: act.prelu(np.ones((2, 3)), [np.inf]), "finite"),
        (lambda: act.prelu(np.ones((2, 3)), ["a"]), "real numbers"),
        (lambda: act.hardtanh(1.0, min_val=2.0, max_val=1.0), "min_val"),
        (lambda: act.hardtanh_grad(1.0, max_val=np.nan), "max_val must be a finite number"),
        (lambda: act.rrelu(1.0, lower=0.5, upper=0.1), "lower"),
        (lambda: act.rrelu_grad(1.0, lower=0.5, upper=0.1, training=True), "lower"),
        (lambda: act.celu(1.0, alpha=0.0), "alpha must be positive"),
        (lambda: act.celu_grad(1.0, alpha=-1.0), "alpha must be positive"),
        (lambda: act.elu(1.0, alpha=np.inf), "alpha must be a finite number"),
        (lambda: act.leaky_relu(1.0, negative_slope=np.nan), "negative_slope"),
        (lambda: act.softplus(1.0, beta=0.0), "beta must be non-zero"),
        (lambda: act.softplus_grad(1.0, threshold=np.inf), "threshold"),
        (lambda: act.crelu(1.0), "at least 1 dimension"),
        # parameters that do not fit the input's float32 dtype
        (lambda: act.leaky_relu(np.float32(1), negative_slope=1e39), "out of range"),
        (lambda: act.prelu(np.ones((1, 2), np.float32), [1e39, 1.0]), "within the range"),
        (lambda: act.elu_grad(np.float32(1), alpha=-1e39), "out of range"),
        (lambda: act.celu(np.float32(1), alpha=1e-300), "1/alpha"),
        (lambda: act.softplus(np.float32(1), beta=1e-300), "non-zero in float32"),
        (lambda: act.hardtanh(np.float32(1), max_val=1e39), "out of range"),
        (lambda: act.rrelu(np.float32(1), upper=1e39, training=True), "out of range"),
        (lambda: act.rrelu_slopes((2,), upper=1e39, dtype=np.float32), "out of range"),
    ],
)
def test_invalid_arguments_raise_value_error(call: Callable[[], object], message: str) -> None:
    with pytest.raises(ValueError, match=message):
        call()


def test_crelu_axis_out_of_range_is_a_value_error() -> None:
    with pytest.raises(ValueError, match="axis"):
        act.crelu(np.ones((2, 3)), axis=2)


# --- PReLU ---------------------------------------------------------------------------------


def test_prelu_per_channel_weight_applies_along_axis_1() -> None:
    x = -np.arange(1.0, 25.0).reshape(2, 3, 4)
    w = np.array([0.1, 0.2, 0.3])
    y = act.prelu(x, w)
    np.testing.assert_allclose(y, x * w[None, :, None], rtol=1e-15)
    g = act.prelu_grad(x, w)
    np.testing.assert_array_equal(g, np.broadcast_to(w[None, :, None], x.shape))
    np.testing.assert_array_equal(act.prelu(-x, w), -x)
    np.testing.assert_array_equal(act.prelu_grad(-x, w), np.ones_like(x))


def test_prelu_on_2d_input_and_weight_dtype() -> None:
    x = np.array([[-1.0, -1.0], [2.0, -4.0]], dtype=np.float32)
    y = act.prelu(x, np.array([0.5, 0.25]))  # float64 weight, float32 input
    assert y.dtype == np.float32
    np.testing.assert_array_equal(y, np.array([[-0.5, -0.25], [2.0, -1.0]], dtype=np.float32))


@pytest.mark.parametrize("weight", [0.2, [0.2], np.array([0.2]), np.float32(0.2)])
def test_prelu_single_weight_forms_agree(weight: Any) -> None:
    x = np.array([-1.0, 0.0, 2.0])
    np.testing.assert_allclose(act.prelu(x, weight), [-0.2, 0.0, 2.0], rtol=1e-7)
    np.testing.assert_allclose(act.prelu_grad(x, weight), [0.2, 0.2, 1.0], rtol=1e-7)


def test_prelu_zero_weight_is_relu_with_limit_at_minus_inf() -> None:
    x = np.array([[-np.inf, -1.0], [0.0, np.nan]])
    y = act.prelu(x, [0.0, 0.5])
    np.testing.assert_array_equal(y, [[0.0, -0.5], [0.0, np.nan]])


# --- RReLU ----------------------------------------------------------------------------------


def test_rrelu_eval_is_deterministic_leaky_relu() -> None:
    x = np.linspace(-3, 3, 13)
    np.testing.assert_array_equal(act.rrelu(x), act.leaky_relu(x, negative_slope=11 / 48))


def test_rrelu_training_uses_slopes_from_the_generator() -> None:
    x = np.linspace(-3, 3, 1001)
    slopes = act.rrelu_slopes(x.shape, rng=np.random.default_rng(42))
    y = act.rrelu(x, training=True, rng=np.random.default_rng(42))
    np.testing.assert_array_equal(y, np.where(x > 0, x, slopes * x))
    neg = x < 0
    assert np.all(slopes >= 1 / 8)
    assert np.all(slopes < 1 / 3)
    assert len(np.unique(slopes[neg])) == neg.sum()  # independent per element


def test_rrelu_grad_with_the_same_seed_matches_the_forward_slopes() -> None:
    x = np.linspace(-3, 3, 1001)
    y = act.rrelu(x, training=True, rng=7)
    g = act.rrelu_grad(x, training=True, rng=7)
    neg = x < 0
    # d/dx of slope * x is the slope, and y = slope * x on the negative side.
    np.testing.assert_allclose(y[neg], g[neg] * x[neg], rtol=1e-15)
    np.testing.assert_array_equal(g[~neg & (x > 0)], 1.0)
    assert float(act.rrelu_grad(0.0, training=True, rng=7)) == pytest.approx(
        float(act.rrelu_slopes((), rng=7))
    )


def test_rrelu_generators_in_the_same_state_give_the_same_output() -> None:
    a, b = np.random.default_rng(5), np.random.default_rng(5)
    x = -np.ones((4, 5), dtype=np.float32)
    ya = act.rrelu(x, training=True, rng=a)
    yb = act.rrelu(x, training=True, rng=b)
    assert ya.dtype == np.float32
    np.testing.assert_array_equal(ya, yb)
    # the generator advances: a second call draws new slopes
    assert not np.array_equal(act.rrelu(x, training=True, rng=a), ya)


def test_rrelu_training_without_rng_still_respects_bounds() -> None:
    x = -np.ones(500)
    y = act.rrelu(x, lower=0.2, upper=0.4, training=True)
    assert np.all((-y >= 0.2) & (-y <= 0.4))


def test_rrelu_training_with_equal_bounds_is_leaky_relu() -> None:
    x = np.linspace(-2, 2, 9)
    y = act.rrelu(x, lower=0.3, upper=0.3, training=True, rng=0)
    np.testing.assert_allclose(y, act.leaky_relu(x, 0.3), rtol=1e-15)


# --- CReLU -----------------------------------------------------------------------------------


def test_crelu_concatenates_along_the_last_axis() -> None:
    x = np.array([[-1.0, 2.0], [3.0, -4.0]])
    y = act.crelu(x)
    np.testing.assert_array_equal(y, [[0.0, 2.0, 1.0, 0.0], [3.0, 0.0, 0.0, 4.0]])


@pytest.mark.parametrize("dtype", [np.float32, np.float64])
@pytest.mark.parametrize("axis", [0, 1, -1, -2])
def test_crelu_doubles_the_axis_and_keeps_dtype(axis: int, dtype: type[np.floating[Any]]) -> None:
    x = np.linspace(-1, 1, 12, dtype=dtype).reshape(3, 4)
    y = act.crelu(x, axis=axis)
    expected_shape = list(x.shape)
    expected_shape[axis] *= 2
    assert y.shape == tuple(expected_shape)
    assert y.dtype == dtype
    pos, neg = np.split(y, 2, axis=axis)
    np.testing.assert_array_equal(pos - neg, x)


def test_crelu_promotes_integers_and_keeps_input() -> None:
    x = np.array([-2, 0, 5])
    y = act.crelu(x)
    assert y.dtype == np.float64
    np.testing.assert_array_equal(y, [0.0, 0.0, 5.0, 2.0, 0.0, 0.0])
    np.testing.assert_array_equal(x, [-2, 0, 5])


def test_crelu_empty_and_special_values() -> None:
    assert act.crelu(np.zeros((0, 3))).shape == (0, 6)
    with warnings.catch_warnings():
        warnings.simplefilter("error")
        y = act.crelu(np.array([-np.inf, np.inf, np.nan]))
    np.testing.assert_array_equal(y, [0.0, np.inf, np.nan, np.inf, 0.0, np.nan])
