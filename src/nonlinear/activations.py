"""NumPy activation functions and their derivatives, mirroring ``torch.nn.functional``.

This module is the numerical core the notebooks plot and the vault documents; it knows
nothing about MkDocs. Every function takes an array-like, converts it once with
:func:`numpy.asarray` and returns a new array:

* float32 stays float32 and float64 stays float64 (any NumPy floating dtype is kept);
  integers and booleans are promoted to float64; the shape is kept, a Python scalar gives
  a 0-d array; the input is never modified.
* Names, keyword names and defaults follow ``torch.nn.functional`` (``relu``,
  ``leaky_relu(x, negative_slope=0.01)``, ``gelu(x, approximate="none")``, ...).
* Every elementwise ``f`` has ``f_grad(x, **same params)``, the elementwise derivative
  df/dx. At kinks it returns the value PyTorch's autograd returns (``relu_grad(0) == 0``,
  ``elu_grad(0) == alpha``, ``hardswish_grad(3) == 1``, ...). The derivative at nan is nan.
* No input raises a NumPy ``RuntimeWarning`` (overflow, invalid, divide) under NumPy's
  default error state, ±inf and nan included: positive arguments are never exponentiated,
  unused ``where`` branches see clamped arguments, and ``inf * 0`` is avoided by clamping
  ±inf to the largest finite value where the limit is then produced by the arithmetic.
  At ±inf the functions return the mathematical limits (where PyTorch sometimes gives nan),
  and nan propagates.

Parameters (slopes, ``alpha``, bounds) must be finite and representable in the input's dtype;
invalid ones raise ``ValueError``.
NumPy has no ``erf``: the exact GELU evaluates :func:`math.erfc` element by element (the
standard normal CDF as ``erfc(-x / sqrt 2) / 2`` is accurate in the left tail), which is
much slower than the other functions.
"""

from __future__ import annotations

import math
from typing import Any, Literal, TypeAlias

import numpy as np
import numpy.typing as npt

__all__ = [
    "GELU_KAPPA",
    "GELU_TANH_BETA",
    "SELU_ALPHA",
    "SELU_SCALE",
    "celu",
    "celu_grad",
    "crelu",
    "elu",
    "elu_grad",
    "gelu",
    "gelu_grad",
    "hardsigmoid",
    "hardsigmoid_grad",
    "hardswish",
    "hardswish_grad",
    "hardtanh",
    "hardtanh_grad",
    "leaky_relu",
    "leaky_relu_grad",
    "mish",
    "mish_grad",
    "prelu",
    "prelu_grad",
    "relu",
    "relu6",
    "relu6_grad",
    "relu_grad",
    "rrelu",
    "rrelu_grad",
    "rrelu_slopes",
    "selu",
    "selu_grad",
    "sigmoid",
    "sigmoid_grad",
    "silu",
    "silu_grad",
    "softplus",
    "softplus_grad",
    "softsign",
    "softsign_grad",
    "tanh",
    "tanh_grad",
]

FloatArray: TypeAlias = npt.NDArray[np.floating[Any]]
"""What every function returns: a float array of the input's float dtype."""

RngLike: TypeAlias = np.random.Generator | int | None
"""A NumPy generator, a seed for :func:`numpy.random.default_rng`, or None (fresh entropy)."""

SELU_ALPHA = 1.6732632423543772848170429916717
"""SELU alpha of Klambauer et al. (2017), as ATen's ``SELU_ALPHA``."""

SELU_SCALE = 1.0507009873554804934193349852946
"""SELU lambda (scale) of Klambauer et al. (2017), as ATen's ``SELU_SCALE``."""

GELU_TANH_BETA = math.sqrt(2.0 / math.pi)
"""sqrt(2/pi) of the tanh approximation of GELU (ATen's ``kBeta``, 0.7978845608028654)."""

GELU_KAPPA = 0.044715
"""Cubic coefficient of the tanh approximation of GELU (ATen's ``kKappa``)."""

_INV_SQRT2 = 1.0 / math.sqrt(2.0)
_INV_SQRT_2PI = 1.0 / math.sqrt(2.0 * math.pi)
# Beyond |x| = 50 the Gaussian density underflows to 0 in float64 (already at 38.6), and
# beyond 1e3 the logistic of the GELU-tanh argument is exactly 0 or 1 in both float dtypes;
# clamping there keeps x**2 and x**3 finite without changing any result.
_PHI_CLAMP = 50.0
_TANH_GELU_CLAMP = 1.0e3


# --------------------------------------------------------------------------------------
# Helpers
# --------------------------------------------------------------------------------------


def _as_float(x: npt.ArrayLike) -> tuple[FloatArray, tuple[int, ...]]:
    """Convert once: keep float dtypes, promote integers and booleans to float64.

    Returns:
        The values as an array of at least one dimension (ufuncs turn 0-d results into
        NumPy scalars, which cannot serve as ``out=`` buffers; a 0-d input becomes a
        1-element view), and the input's shape to restore with :func:`_done`.

    Raises:
        TypeError: For complex, object, string or other non-real input.
    """
    a = np.asarray(x)
    shape = a.shape
    if a.dtype.kind in "biu":
        a = a.astype(np.float64)
    elif a.dtype.kind != "f":
        raise TypeError(f"activations take real numbers; got an array of dtype {a.dtype}")
    if a.ndim == 0:
        a = a.reshape(1)
    return a, shape


def _done(y: Any, dtype: np.dtype[Any], shape: tuple[int, ...]) -> FloatArray:
    """Return ``y`` as an ndarray of ``dtype`` and the input's ``shape``."""
    return np.asarray(y, dtype=dtype).reshape(shape)


def _finite(name: str, value: float, dtype: np.dtype[Any] | None = None) -> float:
    """Check a scalar parameter is finite (in ``dtype`` too, if given); return it as a float.

    A parameter beyond the dtype's range (``1e39`` for float32) would become inf when cast,
    with an overflow warning; it is rejected instead. Values that underflow to 0 in the
    dtype are accepted, so callers test zero on the cast value.
    """
    v = float(value)
    if not math.isfinite(v):
        raise ValueError(f"{name} must be a finite number, got {value!r}")
    if dtype is not None and abs(v) > float(np.finfo(dtype).max):
        raise ValueError(f"{name}={value!r} is out of range for {dtype} input")
    return v


def _fmax(a: FloatArray) -> Any:
    """The largest finite value of ``a``'s dtype (used to clamp ±inf)."""
    return np.finfo(a.dtype).max


def _propagate_nan(g: FloatArray, a: FloatArray) -> FloatArray:
    """Set ``g`` to nan wherever ``a`` is nan (piecewise-constant derivatives)."""
    np.copyto(g, a, where=np.isnan(a))
    return g


def _indicator_grad(a: FloatArray, inside: npt.NDArray[np.bool_], value: float) -> FloatArray:
    """``value`` where ``inside`` is true, 0 elsewhere, nan at nan; dtype of ``a``."""
    g = np.zeros_like(a)
    np.copyto(g, a.dtype.type(value), where=inside)
    return _propagate_nan(g, a)


def _neg_exp_abs(a: FloatArray, scale: float = 1.0) -> FloatArray:
    """``exp(-scale * |a|)``: never exponentiates a positive number (0 at ±inf)."""
    e = np.abs(a)
    if scale != 1.0:
        # exp(-800) is 0 in every float dtype; clamping first keeps scale * |x| finite.
        np.minimum(e, a.dtype.type(800.0 / scale), out=e)
        e *= a.dtype.type(scale)
    np.negative(e, out=e)
    np.exp(e, out=e)
    return e


def _sigmoid(a: FloatArray) -> FloatArray:
    """Stable logistic: ``1/(1+e)`` for x >= 0 and ``e/(1+e)`` for x < 0, e = exp(-|x|)."""
    e = _neg_exp_abs(a)
    num = np.where(a >= 0, a.dtype.type(1), e)
    e += 1
    np.divide(num, e, out=num)
    return num


def _sigmoid_slope(a: FloatArray, scale: float = 1.0) -> FloatArray:
    """``sigma'(s*x) = sigma(s*x) * sigma(-s*x) = e/(1+e)**2`` with e = exp(-|s*x|).

    Exact in both tails (``sigma(1 - sigma)`` loses all relative accuracy for large x).
    """
    e = _neg_exp_abs(a, scale)
    d = e + 1
    np.multiply(d, d, out=d)
    np.divide(e, d, out=e)
    return e


def _softplus_unit(a: FloatArray) -> FloatArray:
    """``ln(1 + e^x) = max(x, 0) + log1p(exp(-|x|))`` (no overflow, exact tails)."""
    t = _neg_exp_abs(a)
    np.log1p(t, out=t)
    t += np.maximum(a, 0)
    return t


def _phi_cdf(a64: npt.NDArray[np.float64]) -> npt.NDArray[np.float64]:
    """Standard normal CDF ``erfc(-x/sqrt 2)/2`` via :func:`math.erfc`, element by element.

    ``map`` over a list is the fastest plain-Python vectorisation measured (about 1.7x
    ``np.frompyfunc``); the left tail keeps full relative accuracy.
    """
    arg = np.multiply(a64, -_INV_SQRT2)
    cdf = np.fromiter(map(math.erfc, arg.ravel().tolist()), dtype=np.float64, count=arg.size)
    cdf *= 0.5
    return cdf.reshape(a64.shape)


def _tanh_gelu_clamp(a: FloatArray) -> Any:
    """Clamp for x in GELU-tanh: 1e3, or less where x**3 would overflow (float16)."""
    cube_root = float(np.finfo(a.dtype).max) ** (1.0 / 3.0)
    return a.dtype.type(min(_TANH_GELU_CLAMP, cube_root / 2.0))


def _to_float64(a: FloatArray) -> npt.NDArray[np.float64]:
    """``a`` in float64 for :func:`math.erfc`; long doubles are clamped to float64's range."""
    if a.dtype.itemsize > 8:
        f64max = np.finfo(np.float64).max
        return np.clip(a, -f64max, f64max).astype(np.float64)
    return a.astype(np.float64, copy=False)


def _leaky(a: FloatArray, slope: float) -> FloatArray:
    """``x if x > 0 else slope * x`` for a finite scalar slope, without ``inf * 0``."""
    s = a.dtype.type(slope)
    if s == 0:  # also a slope that underflows to 0 in float32
        # where(x > 0, x, 0 * x) with the limit 0 at -inf; maximum propagates nan.
        return np.maximum(a, s)
    if abs(slope) > 1.0:
        # |s * x| can exceed the float range only for |s| > 1 and x near the largest float;
        # IEEE's correctly rounded ±inf is then the answer, so the overflow flag is expected.
        with np.errstate(over="ignore"):
            y = np.multiply(a, s)
        np.copyto(y, a, where=a > 0)
        return y
    y = np.multiply(a, s)
    if slope > 0.0:
        # For 0 < s <= 1, max(x, s*x) is the where-form exactly, in one fused pass.
        np.maximum(y, a, out=y)
    else:
        np.copyto(y, a, where=a > 0)
    return y


def _leaky_array(a: FloatArray, slopes: FloatArray) -> FloatArray:
    """``x if x > 0 else slopes * x`` with broadcast slopes (zero slopes give 0 at -inf)."""
    y = np.zeros(np.broadcast_shapes(a.shape, slopes.shape), dtype=a.dtype)
    # Zero slopes are skipped (0 * -inf); slopes above 1 may overflow to a correct ±inf.
    with np.errstate(over="ignore"):
        np.multiply(a, slopes, out=y, where=slopes != 0)
    np.copyto(y, a, where=(a > 0) | np.isnan(a))
    return y


def _slopes_grad(a: FloatArray, slopes: FloatArray | float) -> FloatArray:
    """``1 if x > 0 else slope`` (torch takes the slope at 0), nan at nan."""
    s = np.asarray(slopes, dtype=a.dtype)
    g = np.empty(np.broadcast_shapes(a.shape, s.shape), dtype=a.dtype)
    g[...] = s
    np.copyto(g, a.dtype.type(1), where=a > 0)
    return _propagate_nan(g, a)


# --------------------------------------------------------------------------------------
# Rectifiers
# --------------------------------------------------------------------------------------


def relu(x: npt.ArrayLike) -> FloatArray:
    r"""Rectified linear unit.

    ``g(z) = max{0, z}``, i.e. $\max\{0, x\}$. Torch: ``torch.nn.functional.relu``.

    Args:
        x: Input values.

    Returns:
        ``max(x, 0)`` elementwise (nan stays nan).
    """
    a, shape = _as_float(x)
    return _done(np.maximum(a, a.dtype.type(0)), a.dtype, shape)


def relu_grad(x: npt.ArrayLike) -> FloatArray:
    r"""Derivative of :func:`relu`: ``1 if x > 0 else 0`` ($\mathbf{1}[x>0]$; torch: 0 at 0).

    Args:
        x: Input values.

    Returns:
        The derivative elementwise; nan at nan.
    """
    a, shape = _as_float(x)
    return _done(_indicator_grad(a, a > 0, 1.0), a.dtype, shape)


def leaky_relu(x: npt.ArrayLike, negative_slope: float = 0.01) -> FloatArray:
    r"""Leaky ReLU (Maas et al., 2013).

    ``f(x) = x if x > 0 else negative_slope * x``, i.e. $\max\{0,x\} + s\min\{0,x\}$.
    Torch: ``torch.nn.functional.leaky_relu(input, negative_slope=0.01)``.

    Args:
        x: Input values.
        negative_slope: Slope ``s`` for ``x <= 0`` (finite).

    Returns:
        The activation elementwise.

    Raises:
        ValueError: If ``negative_slope`` is not finite.
    """
    a, shape = _as_float(x)
    s = _finite("negative_slope", negative_slope, a.dtype)
    return _done(_leaky(a, s), a.dtype, shape)


def leaky_relu_grad(x: npt.ArrayLike, negative_slope: float = 0.01) -> FloatArray:
    """Derivative of :func:`leaky_relu`: ``1 if x > 0 else negative_slope`` (torch: s at 0).

    Args:
        x: Input values.
        negative_slope: Slope for ``x <= 0``.

    Returns:
        The derivative elementwise; nan at nan.

    Raises:
        ValueError: If ``negative_slope`` is not finite.
    """
    a, shape = _as_float(x)
    s = _finite("negative_slope", negative_slope, a.dtype)
    return _done(_slopes_grad(a, s), a.dtype, shape)


def _rng(rng: RngLike) -> np.random.Generator:
    """A generator from a generator, a seed or None."""
    if isinstance(rng, np.random.Generator):
        return rng
    return np.random.default_rng(rng)


def _check_bounds(
    lower: float, upper: float, dtype: np.dtype[Any] | None = None
) -> tuple[float, float]:
    lo = _finite("lower", lower, dtype)
    hi = _finite("upper", upper, dtype)
    if lo > hi:
        raise ValueError(f"rrelu: lower ({lower!r}) must not be greater than upper ({upper!r})")
    return lo, hi


def rrelu_slopes(
    shape: tuple[int, ...],
    lower: float = 1.0 / 8.0,
    upper: float = 1.0 / 3.0,
    rng: RngLike = None,
    dtype: npt.DTypeLike = np.float64,
) -> FloatArray:
    """Draw the per-element RReLU training slopes ``a ~ U(lower, upper)``.

    This is exactly the draw :func:`rrelu` and :func:`rrelu_grad` make in training mode
    (one ``rng.uniform(lower, upper, size=shape)`` call, cast to ``dtype``), so a generator
    in the same state, or the same integer seed, reproduces their slopes.

    Args:
        shape: Shape of the input.
        lower: Lower bound of the uniform distribution.
        upper: Upper bound of the uniform distribution.
        rng: Generator, seed, or None for fresh entropy.
        dtype: Float dtype of the returned slopes.

    Returns:
        An array of slopes of the given shape and dtype.

    Raises:
        ValueError: If a bound is not finite or ``lower > upper``.
    """
    dt = np.dtype(dtype)
    lo, hi = _check_bounds(lower, upper, dt if dt.kind == "f" else None)
    return _rng(rng).uniform(lo, hi, size=shape).astype(dt, copy=False)


def rrelu(
    x: npt.ArrayLike,
    lower: float = 1.0 / 8.0,
    upper: float = 1.0 / 3.0,
    training: bool = False,
    rng: RngLike = None,
) -> FloatArray:
    r"""Randomized leaky ReLU (Xu et al., 2015), with PyTorch's slope convention.

    Evaluation (``training=False``, the default): leaky ReLU with the fixed slope
    ``(lower + upper) / 2`` (11/48 for the defaults). Training: ``f(x) = x if x > 0 else
    a * x`` with ``a ~ U(lower, upper)`` drawn independently for every element from
    ``rng`` (see :func:`rrelu_slopes`; a slope is drawn for every element, whatever its
    sign). Torch: ``torch.nn.functional.rrelu(input, lower=1/8, upper=1/3,
    training=False)``; ``rng`` is our addition.

    Args:
        x: Input values.
        lower: Lower bound of the slope.
        upper: Upper bound of the slope.
        training: Sample slopes (True) or use their mean (False).
        rng: Generator or seed for the training slopes; None means
            ``np.random.default_rng()``. Pass the same seed to :func:`rrelu_grad` to get
            the derivative for the same slopes.

    Returns:
        The activation elementwise.

    Raises:
        ValueError: If a bound is not finite or ``lower > upper``.
    """
    a, shape = _as_float(x)
    lo, hi = _check_bounds(lower, upper, a.dtype)
    if not training:
        return _done(_leaky(a, (lo + hi) / 2.0), a.dtype, shape)
    slopes = rrelu_slopes(a.shape, lo, hi, rng, a.dtype)
    return _done(_leaky_array(a, slopes), a.dtype, shape)


def rrelu_grad(
    x: npt.ArrayLike,
    lower: float = 1.0 / 8.0,
    upper: float = 1.0 / 3.0,
    training: bool = False,
    rng: RngLike = None,
) -> FloatArray:
    """Derivative of :func:`rrelu`: ``1 if x > 0 else slope``.

    In evaluation mode the slope is ``(lower + upper) / 2`` (also at 0, as torch). In
    training mode the slopes are drawn exactly as :func:`rrelu` draws them, so
    ``rrelu(x, training=True, rng=7)`` and ``rrelu_grad(x, training=True, rng=7)`` (or two
    generators in the same state) refer to the same slopes; with ``rng=None`` the slopes are
    fresh and unrelated to any earlier forward call.

    Args:
        x: Input values.
        lower: Lower bound of the slope.
        upper: Upper bound of the slope.
        training: Sampled slopes (True) or their mean (False).
        rng: Generator or seed, as for :func:`rrelu`.

    Returns:
        The derivative elementwise; nan at nan.

    Raises:
        ValueError: If a bound is not finite or ``lower > upper``.
    """
    a, shape = _as_float(x)
    lo, hi = _check_bounds(lower, upper, a.dtype)
    if not training:
        return _done(_slopes_grad(a, (lo + hi) / 2.0), a.dtype, shape)
    slopes = rrelu_slopes(a.shape, lo, hi, rng, a.dtype)
    return _done(_slopes_grad(a, slopes), a.dtype, shape)


def _prelu_weight(a: FloatArray, shape: tuple[int, ...], weight: npt.ArrayLike) -> FloatArray:
    """Shape a PReLU weight for broadcasting like torch: 1 element, or C along axis 1."""
    w = np.asarray(weight)
    if w.dtype.kind not in "biuf":
        raise ValueError(f"prelu: weight must be real numbers, got dtype {w.dtype}")
    if w.ndim > 1:
        raise ValueError(
            f"prelu: weight must be a scalar or a 1-D array, got shape {w.shape}; "
            "pass weight.ravel() for a per-channel weight"
        )
    w64 = w.astype(np.float64)
    if not np.all(np.abs(w64) <= float(np.finfo(a.dtype).max)):  # also false for nan
        raise ValueError(f"prelu: weight must be finite and within the range of {a.dtype}")
    w = w64.astype(a.dtype)
    if w.size == 1:
        return w.reshape(())
    if len(shape) < 2:
        raise ValueError(
            f"prelu: a weight with {w.size} elements needs an input of at least 2 dimensions "
            f"with {w.size} channels along axis 1, got an input of shape {shape}; "
            "use a 1-element weight for inputs with fewer than 2 dimensions"
        )
    if w.size != a.shape[1]:
        raise ValueError(
            f"prelu: weight has {w.size} elements but the input has {a.shape[1]} channels "
            f"along axis 1 (shape {a.shape}); pass 1 element or one per channel"
        )
    return w.reshape((w.size,) + (1,) * (a.ndim - 2))


def prelu(x: npt.ArrayLike, weight: npt.ArrayLike) -> FloatArray:
    r"""Parametric ReLU (He et al., 2015).

    ``f(x) = x if x > 0 else a * x`` with a learned slope ``a``, i.e.
    $\max\{0,x\} + a\min\{0,x\}$. Torch: ``torch.nn.functional.prelu(input, weight)``
    (``nn.PReLU`` initialises ``a = 0.25``).

    Args:
        x: Input values; for a per-channel weight, shape ``(N, C, ...)``.
        weight: One element (shared slope) or ``C`` elements applied along axis 1, as
            torch does; inputs with fewer than 2 dimensions accept only one element.

    Returns:
        The activation elementwise, in the dtype of ``x``.

    Raises:
        ValueError: If the weight has the wrong number of elements or dimensions, or is
            not finite.
    """
    a, shape = _as_float(x)
    w = _prelu_weight(a, shape, weight)
    return _done(_leaky_array(a, w), a.dtype, shape)


def prelu_grad(x: npt.ArrayLike, weight: npt.ArrayLike) -> FloatArray:
    """Derivative of :func:`prelu` with respect to ``x``: ``1 if x > 0 else a`` (a at 0).

    Args:
        x: Input values.
        weight: The weight, as for :func:`prelu`.

    Returns:
        The derivative elementwise; nan at nan.

    Raises:
        ValueError: As :func:`prelu`.
    """
    a, shape = _as_float(x)
    w = _prelu_weight(a, shape, weight)
    return _done(_slopes_grad(a, w), a.dtype, shape)


def _scaled_nonpositive(a: FloatArray, input_scale: float) -> FloatArray:
    """``min(x, 0) * input_scale`` for ``input_scale > 0``, kept finite.

    The argument is clamped at ``-800 / input_scale`` first: ``exp`` and ``expm1`` of
    anything below -800 are already 0 and -1, and the product can no longer overflow.
    """
    t = np.minimum(a, a.dtype.type(0))
    if input_scale != 1.0:
        floor = min(800.0 / input_scale, float(_fmax(a)))
        np.maximum(t, a.dtype.type(-floor), out=t)
        t *= a.dtype.type(input_scale)
    return t


def _elu_core(a: FloatArray, alpha: float, input_scale: float = 1.0) -> FloatArray:
    """``x if x > 0 else alpha * expm1(x * input_scale)`` with the exp argument <= 0."""
    t = _scaled_nonpositive(a, input_scale)
    np.expm1(t, out=t)
    if alpha != 1.0:
        t *= a.dtype.type(alpha)
    if 0.0 <= alpha <= 1.0 and input_scale == 1.0:
        # alpha*(e^x - 1) >= x for x <= 0 when 0 <= alpha <= 1, so a max replaces the where.
        np.maximum(t, a, out=t)
    else:
        np.copyto(t, a, where=a > 0)
    return t


def _elu_grad_core(
    a: FloatArray, neg_factor: float, input_scale: float = 1.0, pos: float = 1.0
) -> FloatArray:
    """``pos if x > 0 else neg_factor * exp(x * input_scale)`` (torch: left branch at 0)."""
    t = _scaled_nonpositive(a, input_scale)
    np.exp(t, out=t)
    if neg_factor != 1.0:
        t *= a.dtype.type(neg_factor)
    np.copyto(t, a.dtype.type(pos), where=a > 0)
    return t


def elu(x: npt.ArrayLike, alpha: float = 1.0) -> FloatArray:
    r"""Exponential linear unit (Clevert et al., 2016).

    ``f(x) = x if x > 0 else alpha * (exp(x) - 1)``, i.e.
    $\max\{0,x\} + \alpha(e^{\min\{0,x\}} - 1)$; range $(-\alpha, \infty)$.
    Torch: ``torch.nn.functional.elu(input, alpha=1.0)``.

    Args:
        x: Input values.
        alpha: Saturation value for large negative inputs (finite).

    Returns:
        The activation elementwise (``-alpha`` at ``-inf``).

    Raises:
        ValueError: If ``alpha`` is not finite.
    """
    a, shape = _as_float(x)
    al = _finite("alpha", alpha, a.dtype)
    return _done(_elu_core(a, al), a.dtype, shape)


def elu_grad(x: npt.ArrayLike, alpha: float = 1.0) -> FloatArray:
    """Derivative of :func:`elu`: ``1 if x > 0 else alpha * exp(x)`` (torch: alpha at 0).

    Args:
        x: Input values.
        alpha: As for :func:`elu`.

    Returns:
        The derivative elementwise; nan at nan.

    Raises:
        ValueError: If ``alpha`` is not finite.
    """
    a, shape = _as_float(x)
    al = _finite("alpha", alpha, a.dtype)
    return _done(_elu_grad_core(a, al), a.dtype, shape)


def selu(x: npt.ArrayLike) -> FloatArray:
    r"""Scaled exponential linear unit (Klambauer et al., 2017).

    ``f(x) = lambda * (x if x > 0 else alpha * (exp(x) - 1))`` with the fixed constants
    :data:`SELU_ALPHA` and :data:`SELU_SCALE`, i.e.
    $\lambda\big(\max\{0,x\} + \alpha(e^{\min\{0,x\}} - 1)\big)$; range
    $(-\lambda\alpha, \infty)$. Torch: ``torch.nn.functional.selu(input)``.

    Args:
        x: Input values.

    Returns:
        The activation elementwise.
    """
    a, shape = _as_float(x)
    y = _elu_core(a, SELU_ALPHA)
    # lambda * x exceeds the float range for x > fmax / lambda: ±inf is the rounded answer.
    with np.errstate(over="ignore"):
        y *= a.dtype.type(SELU_SCALE)
    return _done(y, a.dtype, shape)


def selu_grad(x: npt.ArrayLike) -> FloatArray:
    """Derivative of :func:`selu`: ``lambda if x > 0 else lambda * alpha * exp(x)``.

    Torch's value at 0 is ``lambda * alpha`` (about 1.7581).

    Args:
        x: Input values.

    Returns:
        The derivative elementwise; nan at nan.
    """
    a, shape = _as_float(x)
    return _done(_elu_grad_core(a, SELU_SCALE * SELU_ALPHA, pos=SELU_SCALE), a.dtype, shape)


def _celu_alpha(alpha: float, dtype: np.dtype[Any]) -> float:
    al = _finite("alpha", alpha, dtype)
    if al <= 0.0:
        raise ValueError(f"celu: alpha must be positive, got {alpha!r}")
    _finite("1/alpha", 1.0 / al, dtype)  # the input scale must fit the dtype too
    return al


def celu(x: npt.ArrayLike, alpha: float = 1.0) -> FloatArray:
    r"""Continuously differentiable ELU (Barron, 2017).

    ``f(x) = x if x > 0 else alpha * (exp(x / alpha) - 1)``, i.e.
    $\max\{0,x\} + \alpha(e^{\min\{0,x\}/\alpha} - 1)$; C1 for every ``alpha > 0``.
    Torch: ``torch.nn.functional.celu(input, alpha=1.0)``.

    Args:
        x: Input values.
        alpha: Positive, finite scale.

    Returns:
        The activation elementwise (``-alpha`` at ``-inf``).

    Raises:
        ValueError: If ``alpha`` is not a positive finite number.
    """
    a, shape = _as_float(x)
    al = _celu_alpha(alpha, a.dtype)
    return _done(_elu_core(a, al, 1.0 / al), a.dtype, shape)


def celu_grad(x: npt.ArrayLike, alpha: float = 1.0) -> FloatArray:
    """Derivative of :func:`celu`: ``1 if x > 0 else exp(x / alpha)`` (1 at 0).

    Args:
        x: Input values.
        alpha: As for :func:`celu`.

    Returns:
        The derivative elementwise; nan at nan.

    Raises:
        ValueError: If ``alpha`` is not a positive finite number.
    """
    a, shape = _as_float(x)
    al = _celu_alpha(alpha, a.dtype)
    return _done(_elu_grad_core(a, 1.0, 1.0 / al), a.dtype, shape)


def relu6(x: npt.ArrayLike) -> FloatArray:
    r"""ReLU capped at 6 (Krizhevsky, 2010).

    ``f(x) = min{max{0, x}, 6}``, i.e. $\min\{\max\{0,x\},6\}$.
    Torch: ``torch.nn.functional.relu6(input)``.

    Args:
        x: Input values.

    Returns:
        The activation elementwise.
    """
    return hardtanh(x, 0.0, 6.0)


def relu6_grad(x: npt.ArrayLike) -> FloatArray:
    """Derivative of :func:`relu6`: ``1 if 0 < x < 6 else 0`` (torch: 0 at 0 and 6).

    Args:
        x: Input values.

    Returns:
        The derivative elementwise; nan at nan.
    """
    return hardtanh_grad(x, 0.0, 6.0)


def crelu(x: npt.ArrayLike, axis: int = -1) -> FloatArray:
    r"""Concatenated ReLU (Shang et al., 2016): ``[relu(x), relu(-x)]`` along ``axis``.

    $\big[\max\{0,x\},\ \max\{0,-x\}\big]$; the output is twice as long along ``axis``
    and ``relu(x) - relu(-x)`` recovers ``x``. Not elementwise, so there is no
    ``crelu_grad``. Not in torch; equivalent to
    ``torch.cat((F.relu(x), F.relu(-x)), dim=axis)``.

    Args:
        x: Input values with at least one dimension.
        axis: Axis along which to concatenate (default: the last).

    Returns:
        The concatenation, in the dtype of ``x``.

    Raises:
        ValueError: For a 0-d input, or an axis out of range (``numpy.exceptions.AxisError``,
            a ``ValueError``).
    """
    a, shape = _as_float(x)
    if not shape:
        raise ValueError("crelu: input must have at least 1 dimension; pass np.atleast_1d(x)")
    zero = a.dtype.type(0)
    pos = np.maximum(a, zero)
    neg = np.negative(a)
    np.maximum(neg, zero, out=neg)
    return np.concatenate((pos, neg), axis=axis)


# --------------------------------------------------------------------------------------
# Smooth rectifiers
# --------------------------------------------------------------------------------------


def _check_approximate(approximate: str) -> Literal["none", "tanh"]:
    if approximate == "none":
        return "none"
    if approximate == "tanh":
        return "tanh"
    raise ValueError(f"gelu: approximate must be 'none' or 'tanh', got {approximate!r}")


def _tanh_gelu_gate(xc: FloatArray) -> tuple[FloatArray, FloatArray]:
    """For clamped ``x``: ``(2u, sigma(2u))`` with ``u = sqrt(2/pi) (x + kappa x^3)``.

    ``(1 + tanh u) / 2 = sigma(2u)`` avoids the cancellation of ``1 + tanh u`` for u < 0.
    """
    t = np.multiply(xc, xc)
    t *= xc.dtype.type(GELU_KAPPA)
    t += 1
    t *= xc
    t *= xc.dtype.type(2.0 * GELU_TANH_BETA)
    return t, _sigmoid(t)


def gelu(x: npt.ArrayLike, approximate: str = "none") -> FloatArray:
    r"""Gaussian error linear unit (Hendrycks & Gimpel, 2016).

    Exact: ``f(x) = x * Phi(x)`` with ``Phi`` the standard normal CDF, $x\,\Phi(x)$.
    ``approximate="tanh"``: $\tfrac{x}{2}\big(1 + \tanh(\sqrt{2/\pi}(x + 0.044715x^3))\big)$,
    computed as ``x * sigmoid(2u)``. The two differ by up to 4.7e-4 (near x = -2.70).
    Torch: ``torch.nn.functional.gelu(input, approximate='none')``.

    The exact form calls :func:`math.erfc` once per element (NumPy has no ``erf``), so it
    is far slower than the tanh form; it is computed in float64 and cast back.

    Args:
        x: Input values.
        approximate: ``"none"`` (exact) or ``"tanh"``.

    Returns:
        The activation elementwise (0 at ``-inf``, ``+inf`` at ``+inf``).

    Raises:
        ValueError: If ``approximate`` is neither ``"none"`` nor ``"tanh"``.
    """
    a, shape = _as_float(x)
    mode = _check_approximate(approximate)
    # -inf would meet a zero CDF (inf * 0); the largest finite value gives the limit -0.
    xl = np.maximum(a, -_fmax(a))
    if mode == "none":
        x64 = _to_float64(xl)
        y64 = _phi_cdf(x64)
        y64 *= x64
        y = np.asarray(y64, dtype=a.dtype)
        if a.dtype.itemsize > 8:  # long double beyond float64's range: gelu(x) = x there
            np.copyto(y, a, where=a > np.finfo(np.float64).max)
        return _done(y, a.dtype, shape)
    lim = _tanh_gelu_clamp(a)
    _, gate = _tanh_gelu_gate(np.clip(xl, -lim, lim))
    gate *= xl
    return _done(gate, a.dtype, shape)


def gelu_grad(x: npt.ArrayLike, approximate: str = "none") -> FloatArray:
    r"""Derivative of :func:`gelu`.

    Exact: $\Phi(x) + x\,\varphi(x)$. Tanh form, with $u = \sqrt{2/\pi}(x + 0.044715x^3)$:
    $\sigma(2u) + 2x\,\sigma(2u)\,\sigma(-2u)\,\sqrt{2/\pi}(1 + 3\cdot0.044715x^2)$, which
    equals torch's $\tfrac12(1+\tanh u) + \tfrac{x}{2}(1-\tanh^2 u)\,u'$.

    Args:
        x: Input values.
        approximate: ``"none"`` (exact) or ``"tanh"``.

    Returns:
        The derivative elementwise (0 at ``-inf``, 1 at ``+inf``, nan at nan).

    Raises:
        ValueError: If ``approximate`` is neither ``"none"`` nor ``"tanh"``.
    """
    a, shape = _as_float(x)
    mode = _check_approximate(approximate)
    if mode == "none":
        x64 = _to_float64(a)
        cdf = _phi_cdf(x64)
        xc = np.clip(x64, -_PHI_CLAMP, _PHI_CLAMP)
        dens = np.multiply(xc, xc)
        dens *= -0.5
        np.exp(dens, out=dens)
        dens *= _INV_SQRT_2PI
        dens *= xc
        cdf += dens
        return _done(cdf, a.dtype, shape)
    lim = _tanh_gelu_clamp(a)
    xc = np.clip(a, -lim, lim)
    two_u, gate = _tanh_gelu_gate(xc)
    slope = np.multiply(xc, xc)
    slope *= a.dtype.type(3.0 * GELU_KAPPA)
    slope += 1
    slope *= a.dtype.type(2.0 * GELU_TANH_BETA)
    slope *= xc
    slope *= _sigmoid_slope(two_u)
    slope += gate
    return _done(slope, a.dtype, shape)


def silu(x: npt.ArrayLike) -> FloatArray:
    r"""Sigmoid-weighted linear unit / Swish with beta = 1 (Elfwing et al., 2018).

    ``f(x) = x * sigmoid(x)``, i.e. $x\,\sigma(x)$. Torch: ``torch.nn.functional.silu``.

    Args:
        x: Input values.

    Returns:
        The activation elementwise (0 at ``-inf``).
    """
    a, shape = _as_float(x)
    xl = np.maximum(a, -_fmax(a))  # -inf * sigmoid(-inf) would be inf * 0
    y = _sigmoid(xl)
    y *= xl
    return _done(y, a.dtype, shape)


def silu_grad(x: npt.ArrayLike) -> FloatArray:
    r"""Derivative of :func:`silu`: $\sigma(x) + x\,\sigma(x)\,\sigma(-x)$.

    Args:
        x: Input values.

    Returns:
        The derivative elementwise (0 at ``-inf``, 1 at ``+inf``, nan at nan).
    """
    a, shape = _as_float(x)
    fmax = _fmax(a)
    xc = np.clip(a, -fmax, fmax)
    g = _sigmoid_slope(xc)  # <= 1/4, so the product below cannot overflow
    g *= xc
    g += _sigmoid(xc)
    return _done(g, a.dtype, shape)


def mish(x: npt.ArrayLike) -> FloatArray:
    r"""Mish (Misra, 2019): ``f(x) = x * tanh(softplus(x))``, $x\tanh(\ln(1+e^x))$.

    Torch: ``torch.nn.functional.mish(input)``.

    Args:
        x: Input values.

    Returns:
        The activation elementwise (0 at ``-inf``).
    """
    a, shape = _as_float(x)
    xl = np.maximum(a, -_fmax(a))  # tanh(softplus(-inf)) = 0 would meet -inf
    y = _softplus_unit(xl)
    np.tanh(y, out=y)
    y *= xl
    return _done(y, a.dtype, shape)


def mish_grad(x: npt.ArrayLike) -> FloatArray:
    r"""Derivative of :func:`mish`.

    $\tanh(\operatorname{sp}(x)) + x\,\operatorname{sech}^2(\operatorname{sp}(x))\,\sigma(x)$
    with $\operatorname{sp}$ the softplus and
    $\operatorname{sech}^2 y = 4e^{-2y}/(1+e^{-2y})^2$.

    Args:
        x: Input values.

    Returns:
        The derivative elementwise (0 at ``-inf``, 1 at ``+inf``, nan at nan).
    """
    a, shape = _as_float(x)
    lim = a.dtype.type(_TANH_GELU_CLAMP)  # beyond ±1e3 the result is exactly 0 or 1
    xc = np.clip(a, -lim, lim)
    sp = _softplus_unit(xc)
    sech2 = _sigmoid_slope(sp, 2.0)
    sech2 *= a.dtype.type(4)
    sech2 *= _sigmoid(xc)
    sech2 *= xc
    np.tanh(sp, out=sp)
    sp += sech2
    return _done(sp, a.dtype, shape)


def _softplus_params(beta: float, threshold: float, dtype: np.dtype[Any]) -> tuple[float, float]:
    b = _finite("beta", beta, dtype)
    if dtype.type(b) == 0:
        raise ValueError(f"softplus: beta must be non-zero in {dtype}, got {beta!r}")
    _finite("1/beta", 1.0 / b, dtype)  # the result is divided by beta
    return b, _finite("threshold", threshold, dtype)


def _softplus_scaled(a: FloatArray, beta: float) -> FloatArray:
    """``beta * x`` with x clamped so that the product cannot overflow."""
    bound = a.dtype.type(_fmax(a) / max(1.0, abs(beta)))
    z = np.clip(a, -bound, bound)
    z *= a.dtype.type(beta)
    return z


def softplus(x: npt.ArrayLike, beta: float = 1.0, threshold: float = 20.0) -> FloatArray:
    r"""Softplus with PyTorch's linear switch.

    ``f(x) = x if beta * x > threshold else log(1 + exp(beta * x)) / beta``, i.e.
    $\tfrac{1}{\beta}\ln(1 + e^{\beta x})$ (strict threshold, as torch). Computed as
    ``(max(z, 0) + log1p(exp(-|z|))) / beta`` with ``z = beta * x``.
    Torch: ``torch.nn.functional.softplus(input, beta=1.0, threshold=20.0)``.

    Args:
        x: Input values.
        beta: Non-zero, finite sharpness.
        threshold: Above ``beta * x > threshold`` the function returns ``x``.

    Returns:
        The activation elementwise.

    Raises:
        ValueError: If ``beta`` is zero or a parameter is not finite.
    """
    a, shape = _as_float(x)
    b, th = _softplus_params(beta, threshold, a.dtype)
    z = _softplus_scaled(a, b)
    above = z > a.dtype.type(th)
    # Entries above the threshold return x; capping them keeps the log formula small.
    np.minimum(z, a.dtype.type(abs(th) + 1.0), out=z)
    y = _softplus_unit(z)
    if b != 1.0:
        y /= a.dtype.type(b)
    np.copyto(y, a, where=above)
    return _done(y, a.dtype, shape)


def softplus_grad(x: npt.ArrayLike, beta: float = 1.0, threshold: float = 20.0) -> FloatArray:
    r"""Derivative of :func:`softplus`: ``1 if beta * x > threshold else sigmoid(beta * x)``.

    Args:
        x: Input values.
        beta: As for :func:`softplus`.
        threshold: As for :func:`softplus`.

    Returns:
        The derivative elementwise; nan at nan.

    Raises:
        ValueError: If ``beta`` is zero or a parameter is not finite.
    """
    a, shape = _as_float(x)
    b, th = _softplus_params(beta, threshold, a.dtype)
    z = _softplus_scaled(a, b)
    g = _sigmoid(z)
    np.copyto(g, a.dtype.type(1), where=z > a.dtype.type(th))
    return _done(g, a.dtype, shape)


# --------------------------------------------------------------------------------------
# Saturating functions
# --------------------------------------------------------------------------------------


def sigmoid(x: npt.ArrayLike) -> FloatArray:
    r"""Logistic sigmoid ``1 / (1 + exp(-x))``, $\sigma(x) = \frac{1}{1+e^{-x}}$.

    Computed without exponentiating positive numbers. Torch: ``torch.sigmoid(input)``.

    Args:
        x: Input values.

    Returns:
        The activation elementwise, in [0, 1].
    """
    a, shape = _as_float(x)
    return _done(_sigmoid(a), a.dtype, shape)


def sigmoid_grad(x: npt.ArrayLike) -> FloatArray:
    r"""Derivative of :func:`sigmoid`: $\sigma(x)\sigma(-x) = e^{-|x|}/(1+e^{-|x|})^2$.

    Args:
        x: Input values.

    Returns:
        The derivative elementwise (accurate in both tails; nan at nan).
    """
    a, shape = _as_float(x)
    return _done(_sigmoid_slope(a), a.dtype, shape)


def tanh(x: npt.ArrayLike) -> FloatArray:
    r"""Hyperbolic tangent, $\tanh x = \frac{e^x - e^{-x}}{e^x + e^{-x}}$.

    Torch: ``torch.tanh(input)``.

    Args:
        x: Input values.

    Returns:
        The activation elementwise, in [-1, 1].
    """
    a, shape = _as_float(x)
    return _done(np.tanh(a), a.dtype, shape)


def tanh_grad(x: npt.ArrayLike) -> FloatArray:
    r"""Derivative of :func:`tanh`: $\operatorname{sech}^2 x = 4e^{-2|x|}/(1+e^{-2|x|})^2$.

    The exponential form has no cancellation (``1 - tanh**2`` has) and no overflow
    (``1 / cosh(x)**2`` has).

    Args:
        x: Input values.

    Returns:
        The derivative elementwise; nan at nan.
    """
    a, shape = _as_float(x)
    g = _sigmoid_slope(a, 2.0)
    g *= a.dtype.type(4)
    return _done(g, a.dtype, shape)


def _hardtanh_bounds(min_val: float, max_val: float, dtype: np.dtype[Any]) -> tuple[float, float]:
    lo = _finite("min_val", min_val, dtype)
    hi = _finite("max_val", max_val, dtype)
    if lo > hi:
        raise ValueError(
            f"hardtanh: min_val ({min_val!r}) must not be greater than max_val ({max_val!r})"
        )
    return lo, hi


def hardtanh(x: npt.ArrayLike, min_val: float = -1.0, max_val: float = 1.0) -> FloatArray:
    r"""Hard tanh: ``min{max{x, min_val}, max_val}``, $\min\{\max\{x,m\},M\}$.

    Torch: ``torch.nn.functional.hardtanh(input, min_val=-1.0, max_val=1.0)``.

    Args:
        x: Input values.
        min_val: Lower clip value.
        max_val: Upper clip value (not below ``min_val``).

    Returns:
        The activation elementwise (nan stays nan).

    Raises:
        ValueError: If a bound is not finite or ``min_val > max_val``.
    """
    a, shape = _as_float(x)
    lo, hi = _hardtanh_bounds(min_val, max_val, a.dtype)
    y = np.maximum(a, a.dtype.type(lo))
    np.minimum(y, a.dtype.type(hi), out=y)
    return _done(y, a.dtype, shape)


def hardtanh_grad(x: npt.ArrayLike, min_val: float = -1.0, max_val: float = 1.0) -> FloatArray:
    """Derivative of :func:`hardtanh`: ``1 if min_val < x < max_val else 0``.

    Torch gives 0 at both clip points.

    Args:
        x: Input values.
        min_val: Lower clip value.
        max_val: Upper clip value.

    Returns:
        The derivative elementwise; nan at nan.

    Raises:
        ValueError: If a bound is not finite or ``min_val > max_val``.
    """
    a, shape = _as_float(x)
    lo, hi = _hardtanh_bounds(min_val, max_val, a.dtype)
    inside = (a > a.dtype.type(lo)) & (a < a.dtype.type(hi))
    return _done(_indicator_grad(a, inside, 1.0), a.dtype, shape)


def hardsigmoid(x: npt.ArrayLike) -> FloatArray:
    r"""Hard sigmoid of MobileNetV3 (Howard et al., 2019): ``relu6(x + 3) / 6``.

    $\min\{\max\{\frac{x}{6}+\frac12, 0\}, 1\}$. Torch: ``torch.nn.functional.hardsigmoid``.

    Args:
        x: Input values.

    Returns:
        The activation elementwise, in [0, 1].
    """
    a, shape = _as_float(x)
    y = np.add(a, a.dtype.type(3))
    np.maximum(y, a.dtype.type(0), out=y)
    np.minimum(y, a.dtype.type(6), out=y)
    y /= a.dtype.type(6)
    return _done(y, a.dtype, shape)


def hardsigmoid_grad(x: npt.ArrayLike) -> FloatArray:
    """Derivative of :func:`hardsigmoid`: ``1/6 if -3 < x < 3 else 0`` (0 at ±3, as torch).

    Returns the exact 1/6 of the dtype (torch's float64 backward returns the float32
    rounding of 1/6).

    Args:
        x: Input values.

    Returns:
        The derivative elementwise; nan at nan.
    """
    a, shape = _as_float(x)
    inside = (a > a.dtype.type(-3)) & (a < a.dtype.type(3))
    return _done(_indicator_grad(a, inside, 1.0 / 6.0), a.dtype, shape)


def hardswish(x: npt.ArrayLike) -> FloatArray:
    r"""Hard swish of MobileNetV3 (Howard et al., 2019): ``x * relu6(x + 3) / 6``.

    $x\min\{\max\{\frac{x+3}{6},0\},1\}$: 0 for x <= -3, ``x (x + 3) / 6`` between, x for
    x >= 3. Torch: ``torch.nn.functional.hardswish(input)``.

    Args:
        x: Input values.

    Returns:
        The activation elementwise (0 at ``-inf``).
    """
    a, shape = _as_float(x)
    three = a.dtype.type(3)
    xc = np.clip(a, -three, three)  # the middle formula on [-3, 3] has no inf * 0
    y = np.add(xc, three)
    y *= xc
    y /= a.dtype.type(6)
    np.copyto(y, a, where=a >= three)
    return _done(y, a.dtype, shape)


def hardswish_grad(x: npt.ArrayLike) -> FloatArray:
    """Derivative of :func:`hardswish`: ``0 if x <= -3; 1 if x >= 3; (2x + 3) / 6 otherwise``.

    These are torch's values at the kinks (0 at -3, 1 at 3).

    Args:
        x: Input values.

    Returns:
        The derivative elementwise; nan at nan.
    """
    a, shape = _as_float(x)
    three = a.dtype.type(3)
    xc = np.clip(a, -three, three)
    g = np.multiply(xc, a.dtype.type(2))
    g += three
    g /= a.dtype.type(6)
    np.copyto(g, a.dtype.type(0), where=a <= -three)
    np.copyto(g, a.dtype.type(1), where=a >= three)
    return _done(g, a.dtype, shape)


def softsign(x: npt.ArrayLike) -> FloatArray:
    r"""Softsign ``x / (1 + |x|)``, $\frac{x}{1+\lvert x\rvert}$.

    Torch: ``torch.nn.functional.softsign(input)`` (which gives nan at ±inf; we give ±1).

    Args:
        x: Input values.

    Returns:
        The activation elementwise, in [-1, 1].
    """
    a, shape = _as_float(x)
    fmax = _fmax(a)
    xc = np.clip(a, -fmax, fmax)  # inf / inf would be nan; fmax / (1 + fmax) is 1
    d = np.abs(xc)
    d += 1
    np.divide(xc, d, out=d)
    return _done(d, a.dtype, shape)


def softsign_grad(x: npt.ArrayLike) -> FloatArray:
    r"""Derivative of :func:`softsign`: $1/(1+\lvert x\rvert)^2$, computed as ``r * r``.

    Args:
        x: Input values.

    Returns:
        The derivative elementwise (0 at ±inf, nan at nan).
    """
    a, shape = _as_float(x)
    r = np.abs(a)
    r += 1
    np.reciprocal(r, out=r)
    r *= r
    return _done(r, a.dtype, shape)
