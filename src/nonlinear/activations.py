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
    "geglu",
    "geglu_vjp",
    "gelu",
    "gelu_grad",
    "glu",
    "glu_vjp",
    "hardshrink",
    "hardshrink_grad",
    "hardsigmoid",
    "hardsigmoid_grad",
    "hardswish",
    "hardswish_grad",
    "hardtanh",
    "hardtanh_grad",
    "leaky_relu",
    "leaky_relu_grad",
    "log_softmax",
    "log_softmax_vjp",
    "logsigmoid",
    "logsigmoid_grad",
    "maxout",
    "maxout_vjp",
    "mish",
    "mish_grad",
    "prelu",
    "prelu_grad",
    "reglu",
    "reglu_vjp",
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
    "softmax",
    "softmax_vjp",
    "softmin",
    "softmin_vjp",
    "softplus",
    "softplus_grad",
    "softshrink",
    "softshrink_grad",
    "softsign",
    "softsign_grad",
    "squared_relu",
    "squared_relu_grad",
    "swiglu",
    "swiglu_vjp",
    "tanh",
    "tanh_grad",
    "tanhshrink",
    "tanhshrink_grad",
    "threshold",
    "threshold_grad",
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


# --------------------------------------------------------------------------------------
# More elementwise functions of torch.nn.functional
# --------------------------------------------------------------------------------------


def logsigmoid(x: npt.ArrayLike) -> FloatArray:
    r"""Logarithm of the logistic sigmoid, $\log\sigma(x) = -\operatorname{softplus}(-x)$.

    Computed as ``min(x, 0) - log1p(exp(-|x|))``, which never exponentiates a positive
    number: exact in both tails (``log(sigmoid(x))`` returns ``-inf`` for x below about
    -745 in float64 instead of ``x``). Torch: ``torch.nn.functional.logsigmoid(input)``.

    Args:
        x: Input values.

    Returns:
        The activation elementwise, in ``(-inf, 0]`` (``-inf`` at ``-inf``, 0 at ``+inf``).
    """
    a, shape = _as_float(x)
    t = _neg_exp_abs(a)
    np.log1p(t, out=t)
    np.subtract(np.minimum(a, a.dtype.type(0)), t, out=t)
    return _done(t, a.dtype, shape)


def logsigmoid_grad(x: npt.ArrayLike) -> FloatArray:
    r"""Derivative of :func:`logsigmoid`: $1 - \sigma(x) = \sigma(-x)$.

    Args:
        x: Input values.

    Returns:
        The derivative elementwise (1 at ``-inf``, 0 at ``+inf``, nan at nan).
    """
    a, shape = _as_float(x)
    return _done(_sigmoid(np.negative(a)), a.dtype, shape)


def _lambd(name: str, lambd: float, dtype: np.dtype[Any], *, non_negative: bool) -> float:
    value = _finite("lambd", lambd, dtype)
    if non_negative and value < 0.0:
        raise ValueError(f"{name}: lambd must not be negative, got {lambd!r}")
    return value


def softshrink(x: npt.ArrayLike, lambd: float = 0.5) -> FloatArray:
    r"""Soft shrinkage (soft thresholding, Donoho 1995).

    ``x - lambd if x > lambd; x + lambd if x < -lambd; 0 otherwise``, i.e.
    $\operatorname{sign}(x)\max\{\lvert x\rvert - \lambda, 0\}$, the proximal operator of
    $\lambda\lvert x\rvert$. Torch: ``torch.nn.functional.softshrink(input, lambd=0.5)``.

    Args:
        x: Input values.
        lambd: Threshold ``lambda >= 0`` (finite).

    Returns:
        The activation elementwise (nan stays nan).

    Raises:
        ValueError: If ``lambd`` is negative or not finite (torch raises ``RuntimeError``).
    """
    a, shape = _as_float(x)
    lam = a.dtype.type(_lambd("softshrink", lambd, a.dtype, non_negative=True))
    y = np.abs(a)
    y -= lam
    np.maximum(y, a.dtype.type(0), out=y)  # nan stays nan
    np.copysign(y, a, out=y)
    np.copyto(y, a.dtype.type(0), where=y == 0)  # no -0.0 inside the dead zone
    return _done(y, a.dtype, shape)


def softshrink_grad(x: npt.ArrayLike, lambd: float = 0.5) -> FloatArray:
    """Derivative of :func:`softshrink`: ``1 if |x| > lambd else 0`` (torch: 0 at ±lambd).

    Args:
        x: Input values.
        lambd: As for :func:`softshrink`.

    Returns:
        The derivative elementwise; nan at nan.

    Raises:
        ValueError: If ``lambd`` is negative or not finite.
    """
    a, shape = _as_float(x)
    lam = a.dtype.type(_lambd("softshrink", lambd, a.dtype, non_negative=True))
    return _done(_indicator_grad(a, np.abs(a) > lam, 1.0), a.dtype, shape)


def hardshrink(x: npt.ArrayLike, lambd: float = 0.5) -> FloatArray:
    r"""Hard shrinkage (hard thresholding): ``x if |x| > lambd else 0``.

    $x\,\mathbf{1}[\lvert x\rvert > \lambda]$. Torch:
    ``torch.nn.functional.hardshrink(input, lambd=0.5)``, which also accepts a negative
    ``lambd`` (every input then passes unchanged); so does this function.

    Args:
        x: Input values.
        lambd: Threshold (finite).

    Returns:
        The activation elementwise (nan stays nan).

    Raises:
        ValueError: If ``lambd`` is not finite.
    """
    a, shape = _as_float(x)
    lam = a.dtype.type(_lambd("hardshrink", lambd, a.dtype, non_negative=False))
    y = a.copy()
    np.copyto(y, a.dtype.type(0), where=np.abs(a) <= lam)
    return _done(y, a.dtype, shape)


def hardshrink_grad(x: npt.ArrayLike, lambd: float = 0.5) -> FloatArray:
    """Derivative of :func:`hardshrink`: ``1 if |x| > lambd else 0`` (torch: 0 at ±lambd).

    Args:
        x: Input values.
        lambd: As for :func:`hardshrink`.

    Returns:
        The derivative elementwise; nan at nan.

    Raises:
        ValueError: If ``lambd`` is not finite.
    """
    a, shape = _as_float(x)
    lam = a.dtype.type(_lambd("hardshrink", lambd, a.dtype, non_negative=False))
    return _done(_indicator_grad(a, np.abs(a) > lam, 1.0), a.dtype, shape)


# x - tanh(x) = x^3/3 - 2x^5/15 + 17x^7/315 - 62x^9/2835 + ...: below |x| = 0.1 the series
# to x^15 is exact to rounding (the next term is below 1e-16 relative), where the
# difference x - tanh(x) would lose three or more digits to cancellation.
_TANHSHRINK_SERIES = (
    1.0 / 3.0,
    -2.0 / 15.0,
    17.0 / 315.0,
    -62.0 / 2835.0,
    1382.0 / 155925.0,
    -21844.0 / 6081075.0,
    929569.0 / 638512875.0,
)
_TANHSHRINK_SMALL = 0.1


def tanhshrink(x: npt.ArrayLike) -> FloatArray:
    r"""Tanh shrinkage: $x - \tanh x$.

    Small inputs use the Taylor series (no cancellation), larger ones the difference.
    Torch: ``torch.nn.functional.tanhshrink(input)``.

    Args:
        x: Input values.

    Returns:
        The activation elementwise (``±inf`` at ``±inf``).
    """
    a, shape = _as_float(x)
    y = np.tanh(a)
    np.subtract(a, y, out=y)
    small = np.abs(a) < a.dtype.type(_TANHSHRINK_SMALL)
    if small.any():
        xs = a[small]
        x2 = xs * xs
        series = np.full_like(xs, _TANHSHRINK_SERIES[-1])
        for c in reversed(_TANHSHRINK_SERIES[:-1]):
            series *= x2
            series += a.dtype.type(c)
        series *= x2
        series *= xs
        y[small] = series
    return _done(y, a.dtype, shape)


def tanhshrink_grad(x: npt.ArrayLike) -> FloatArray:
    r"""Derivative of :func:`tanhshrink`: $\tanh^2 x$ (= $1 - \operatorname{sech}^2 x$).

    Args:
        x: Input values.

    Returns:
        The derivative elementwise (1 at ±inf, nan at nan).
    """
    a, shape = _as_float(x)
    t = np.tanh(a)
    t *= t
    return _done(t, a.dtype, shape)


def threshold(x: npt.ArrayLike, threshold: float, value: float) -> FloatArray:
    r"""Threshold: ``x if x > threshold else value``.

    $x$ above the threshold and the constant ``value`` at or below it; with
    ``threshold=0, value=0`` it is ReLU. Torch:
    ``torch.nn.functional.threshold(input, threshold, value)`` (no defaults), computed as
    ``value if x <= threshold else x``, so nan stays nan.

    Args:
        x: Input values.
        threshold: The threshold (finite).
        value: The output at or below the threshold (finite).

    Returns:
        The activation elementwise.

    Raises:
        ValueError: If ``threshold`` or ``value`` is not finite.
    """
    a, shape = _as_float(x)
    th = a.dtype.type(_finite("threshold", threshold, a.dtype))
    v = a.dtype.type(_finite("value", value, a.dtype))
    y = a.copy()
    np.copyto(y, v, where=a <= th)
    return _done(y, a.dtype, shape)


def threshold_grad(x: npt.ArrayLike, threshold: float, value: float) -> FloatArray:
    """Derivative of :func:`threshold`: ``1 if x > threshold else 0`` (0 at the threshold).

    Args:
        x: Input values.
        threshold: As for :func:`threshold`.
        value: As for :func:`threshold` (it does not change the derivative).

    Returns:
        The derivative elementwise; nan at nan.

    Raises:
        ValueError: If ``threshold`` or ``value`` is not finite.
    """
    a, shape = _as_float(x)
    th = a.dtype.type(_finite("threshold", threshold, a.dtype))
    _finite("value", value, a.dtype)
    return _done(_indicator_grad(a, a > th, 1.0), a.dtype, shape)


def squared_relu(x: npt.ArrayLike) -> FloatArray:
    r"""Squared ReLU of the Primer architecture (So et al., 2021): $\max\{0, x\}^2$.

    Not in ``torch.nn.functional``; equivalent to ``torch.square(F.relu(x))``.
    Beyond ``sqrt`` of the largest float the square is ``+inf`` (the correctly rounded
    result; the overflow is expected and not reported).

    Args:
        x: Input values.

    Returns:
        The activation elementwise, in ``[0, inf]``.
    """
    a, shape = _as_float(x)
    y = np.maximum(a, a.dtype.type(0))
    with np.errstate(over="ignore"):
        np.multiply(y, y, out=y)
    return _done(y, a.dtype, shape)


def squared_relu_grad(x: npt.ArrayLike) -> FloatArray:
    r"""Derivative of :func:`squared_relu`: $2\max\{0, x\}$ (continuous, 0 at 0).

    Args:
        x: Input values.

    Returns:
        The derivative elementwise; nan at nan.
    """
    a, shape = _as_float(x)
    y = np.maximum(a, a.dtype.type(0))
    with np.errstate(over="ignore"):
        y *= a.dtype.type(2)
    return _done(y, a.dtype, shape)


# --------------------------------------------------------------------------------------
# Vector functions: softmax family, gated linear units, maxout
# --------------------------------------------------------------------------------------
#
# These act along one axis (``dim``, as torch names it), so their derivative is a Jacobian,
# not a number per element. Each has ``<name>_vjp(x, grad_output, dim=-1)``, the
# vector-Jacobian product ``grad_output @ J`` that backpropagation needs: exactly what torch
# autograd stores in ``x.grad`` after ``y.backward(grad_output)``.


def _vector_input(name: str, x: npt.ArrayLike, dim: int) -> tuple[FloatArray, int]:
    """Convert ``x`` (at least 1-d) and normalize ``dim``; a clear error otherwise."""
    a = np.asarray(x)
    if a.dtype.kind in "biu":
        a = a.astype(np.float64)
    elif a.dtype.kind != "f":
        raise TypeError(f"activations take real numbers; got an array of dtype {a.dtype}")
    if a.ndim == 0:
        raise ValueError(f"{name}: input must have at least 1 dimension; pass np.atleast_1d(x)")
    if not isinstance(dim, int | np.integer) or not -a.ndim <= dim < a.ndim:
        raise ValueError(
            f"{name}: dim={dim!r} is out of range for an input with {a.ndim} dimension(s); "
            f"use an integer from {-a.ndim} to {a.ndim - 1}"
        )
    return a, int(dim) % a.ndim


def _grad_like(name: str, a: FloatArray, grad_output: npt.ArrayLike, shape: tuple[int, ...]) -> Any:
    """``grad_output`` as an array of ``a``'s dtype and the output's ``shape``."""
    g = np.asarray(grad_output)
    if g.dtype.kind not in "biuf":
        raise TypeError(f"{name}: grad_output must be real numbers, got dtype {g.dtype}")
    if g.shape != shape:
        raise ValueError(
            f"{name}: grad_output has shape {g.shape}, but the output has shape {shape}; "
            "pass one gradient per output element"
        )
    return g.astype(a.dtype, copy=False)


def _shifted(a: FloatArray, dim: int) -> tuple[FloatArray, npt.NDArray[np.bool_]]:
    """``x - max(x)`` along ``dim``, and a mask of the slices that have no finite maximum.

    Slices holding a nan or a ``+inf``, or only ``-inf``, have no finite maximum; torch
    returns nan for all of their entries. They are shifted to 0 here (so that no warning is
    raised) and the callers write nan over them.
    """
    m = np.max(a, axis=dim, keepdims=True, initial=-np.inf)
    bad = ~np.isfinite(m)
    m = np.where(bad, a.dtype.type(0), m)
    z = np.subtract(a, m, where=~bad, out=np.zeros_like(a))
    return z, bad


def _softmax(a: FloatArray, dim: int) -> FloatArray:
    z, bad = _shifted(a, dim)
    np.exp(z, out=z)  # every exponent is <= 0: no overflow; -inf gives exactly 0
    z /= np.sum(z, axis=dim, keepdims=True)  # the maximum contributes 1: no division by 0
    np.copyto(z, a.dtype.type(np.nan), where=np.broadcast_to(bad, z.shape))
    return z


def softmax(x: npt.ArrayLike, dim: int = -1) -> FloatArray:
    r"""Softmax along ``dim``: $\operatorname{softmax}(x)_i = e^{x_i} / \sum_j e^{x_j}$.

    Computed as ``exp(x - max x) / sum(exp(x - max x))`` (no overflow for any finite
    input; a ``-inf`` entry, a masked position, gives exactly 0). A slice containing nan or
    ``+inf``, or only ``-inf``, gives nan throughout, as torch does.
    Torch: ``torch.nn.functional.softmax(input, dim=-1)``.

    Args:
        x: Input values, at least 1-d.
        dim: The axis to normalize over.

    Returns:
        Probabilities along ``dim`` (each slice sums to 1), same shape and float dtype.

    Raises:
        ValueError: For a 0-d input or a ``dim`` out of range.
    """
    a, d = _vector_input("softmax", x, dim)
    return _softmax(a, d)


def softmax_vjp(x: npt.ArrayLike, grad_output: npt.ArrayLike, dim: int = -1) -> FloatArray:
    r"""Vector-Jacobian product of :func:`softmax`: $y \odot (g - \langle g, y\rangle)$.

    With $y = \operatorname{softmax}(x)$ the Jacobian is $\operatorname{diag}(y) - y y^\top$.

    Args:
        x: The softmax input.
        grad_output: The gradient with respect to the output (same shape as ``x``).
        dim: As for :func:`softmax`.

    Returns:
        The gradient with respect to ``x`` (0 at masked ``-inf`` entries).

    Raises:
        ValueError: As :func:`softmax`, or if ``grad_output`` has the wrong shape.
    """
    a, d = _vector_input("softmax_vjp", x, dim)
    g = _grad_like("softmax_vjp", a, grad_output, a.shape)
    y = _softmax(a, d)
    inner = np.sum(g * y, axis=d, keepdims=True)
    out: FloatArray = y * (g - inner)
    return out


def _log_softmax(a: FloatArray, dim: int) -> FloatArray:
    z, bad = _shifted(a, dim)
    lse = np.log(np.sum(np.exp(z), axis=dim, keepdims=True))  # the sum is >= 1
    z -= lse
    np.copyto(z, a.dtype.type(np.nan), where=np.broadcast_to(bad, z.shape))
    return z


def log_softmax(x: npt.ArrayLike, dim: int = -1) -> FloatArray:
    r"""Logarithm of :func:`softmax`: $x_i - \log\sum_j e^{x_j}$ (log-sum-exp).

    Computed as ``(x - m) - log(sum(exp(x - m)))`` with ``m = max x``: finite for every
    finite input (``log(softmax(x))`` gives ``-inf`` once a probability underflows).
    Torch: ``torch.nn.functional.log_softmax(input, dim=-1)``.

    Args:
        x: Input values, at least 1-d.
        dim: The axis to normalize over.

    Returns:
        Log-probabilities along ``dim`` (``-inf`` at ``-inf`` entries; nan throughout a
        slice with nan, ``+inf`` or only ``-inf``).

    Raises:
        ValueError: For a 0-d input or a ``dim`` out of range.
    """
    a, d = _vector_input("log_softmax", x, dim)
    return _log_softmax(a, d)


def log_softmax_vjp(x: npt.ArrayLike, grad_output: npt.ArrayLike, dim: int = -1) -> FloatArray:
    r"""Vector-Jacobian product of :func:`log_softmax`: $g - \operatorname{softmax}(x)\sum_j g_j$.

    Args:
        x: The log-softmax input.
        grad_output: The gradient with respect to the output (same shape as ``x``).
        dim: As for :func:`log_softmax`.

    Returns:
        The gradient with respect to ``x``.

    Raises:
        ValueError: As :func:`log_softmax`, or if ``grad_output`` has the wrong shape.
    """
    a, d = _vector_input("log_softmax_vjp", x, dim)
    g = _grad_like("log_softmax_vjp", a, grad_output, a.shape)
    y = _softmax(a, d)
    out: FloatArray = g - y * np.sum(g, axis=d, keepdims=True)
    return out


def softmin(x: npt.ArrayLike, dim: int = -1) -> FloatArray:
    r"""Softmin along ``dim``: $\operatorname{softmax}(-x)$, largest weight on the smallest entry.

    Torch: ``torch.nn.functional.softmin(input, dim=-1)``; a ``+inf`` entry is the masked
    position here (exactly 0), and a ``-inf`` entry makes the slice nan.

    Args:
        x: Input values, at least 1-d.
        dim: The axis to normalize over.

    Returns:
        Probabilities along ``dim``.

    Raises:
        ValueError: For a 0-d input or a ``dim`` out of range.
    """
    a, d = _vector_input("softmin", x, dim)
    return _softmax(np.negative(a), d)


def softmin_vjp(x: npt.ArrayLike, grad_output: npt.ArrayLike, dim: int = -1) -> FloatArray:
    r"""Vector-Jacobian product of :func:`softmin`: $-y \odot (g - \langle g, y\rangle)$.

    Args:
        x: The softmin input.
        grad_output: The gradient with respect to the output (same shape as ``x``).
        dim: As for :func:`softmin`.

    Returns:
        The gradient with respect to ``x``.

    Raises:
        ValueError: As :func:`softmin`, or if ``grad_output`` has the wrong shape.
    """
    a, d = _vector_input("softmin_vjp", x, dim)
    g = _grad_like("softmin_vjp", a, grad_output, a.shape)
    y = _softmax(np.negative(a), d)
    inner = np.sum(g * y, axis=d, keepdims=True)
    out: FloatArray = y * (inner - g)
    return out


# --- gated linear units -----------------------------------------------------------------

GateName: TypeAlias = Literal["sigmoid", "relu", "gelu", "silu"]


def _halves(name: str, a: FloatArray, dim: int) -> tuple[FloatArray, FloatArray]:
    """Split ``a`` along ``dim`` into the value half and the gate half (first, second)."""
    n = a.shape[dim]
    if n % 2:
        raise ValueError(
            f"{name}: the input is split in two halves along dim {dim - a.ndim}, so its size "
            f"there must be even, got {n} (shape {a.shape}); the first half is the value, the "
            "second the gate"
        )
    value, gate = np.split(a, 2, axis=dim)
    return value, gate


def _gate(kind: GateName, b: FloatArray, approximate: str) -> tuple[FloatArray, FloatArray]:
    """The gate ``act(b)`` and its derivative ``act'(b)`` (torch's values at kinks)."""
    match kind:
        case "sigmoid":
            return sigmoid(b), sigmoid_grad(b)
        case "relu":
            return relu(b), relu_grad(b)
        case "gelu":
            return gelu(b, approximate), gelu_grad(b, approximate)
        case "silu":
            return silu(b), silu_grad(b)


def _glu_forward(
    name: str, kind: GateName, x: npt.ArrayLike, dim: int, approximate: str = "none"
) -> FloatArray:
    a, d = _vector_input(name, x, dim)
    if kind == "gelu":
        _check_approximate(approximate)
    value, b = _halves(name, a, d)
    gate, _ = _gate(kind, b, approximate)
    # An infinite value times a closed gate (0) has no limit: nan, as in torch, silently.
    with np.errstate(invalid="ignore", over="ignore"):
        out: FloatArray = np.multiply(value, gate)
    return out


def _glu_backward(
    name: str,
    kind: GateName,
    x: npt.ArrayLike,
    grad_output: npt.ArrayLike,
    dim: int,
    *,
    approximate: str = "none",
) -> FloatArray:
    a, d = _vector_input(name, x, dim)
    if kind == "gelu":
        _check_approximate(approximate)
    value, b = _halves(name, a, d)
    g = _grad_like(name, a, grad_output, value.shape)
    gate, slope = _gate(kind, b, approximate)
    with np.errstate(invalid="ignore", over="ignore"):
        d_value = g * gate
        d_gate = g * value
        if kind == "relu":
            # Torch masks with relu's step (a select, not a product): a closed gate gets
            # exactly 0 even when the value is infinite, and a nan gate lets g * a through.
            np.copyto(d_gate, a.dtype.type(0), where=b <= 0)
        else:
            d_gate *= slope
    return np.concatenate((d_value, d_gate), axis=d)


def glu(x: npt.ArrayLike, dim: int = -1) -> FloatArray:
    r"""Gated linear unit (Dauphin et al., 2017): $a \odot \sigma(b)$ for $x = [a, b]$.

    The input is split in two halves along ``dim``: the first half ``a`` is the value, the
    second ``b`` the gate, as in ``torch.nn.functional.glu(input, dim=-1)``.

    Args:
        x: Input values; the size along ``dim`` must be even.
        dim: The axis to split.

    Returns:
        ``a * sigmoid(b)``, half as long along ``dim``.

    Raises:
        ValueError: If the size along ``dim`` is odd (torch raises ``RuntimeError``), for a
            0-d input or a ``dim`` out of range.
    """
    return _glu_forward("glu", "sigmoid", x, dim)


def glu_vjp(x: npt.ArrayLike, grad_output: npt.ArrayLike, dim: int = -1) -> FloatArray:
    r"""Vector-Jacobian product of :func:`glu`: $[\,g\,\sigma(b),\ g\,a\,\sigma'(b)\,]$.

    Args:
        x: The glu input.
        grad_output: The gradient with respect to the output (half as long along ``dim``).
        dim: As for :func:`glu`.

    Returns:
        The gradient with respect to ``x`` (value half, then gate half).

    Raises:
        ValueError: As :func:`glu`, or if ``grad_output`` has the wrong shape.
    """
    return _glu_backward("glu_vjp", "sigmoid", x, grad_output, dim)


def reglu(x: npt.ArrayLike, dim: int = -1) -> FloatArray:
    r"""ReGLU (Shazeer, 2020) on a split input: $a \odot \max\{0, b\}$ for $x = [a, b]$.

    As in :func:`glu`, the second half is passed through the activation and gates the first.
    Shazeer writes $\max(0, xW) \odot xV$ with two projections; code bases that fuse the
    projections differ on which half is activated (compare ``torch.chunk`` order in your
    code base before porting weights). Not in torch.

    Args:
        x: Input values; the size along ``dim`` must be even.
        dim: The axis to split.

    Returns:
        ``a * relu(b)``, half as long along ``dim``.

    Raises:
        ValueError: If the size along ``dim`` is odd, for a 0-d input or a bad ``dim``.
    """
    return _glu_forward("reglu", "relu", x, dim)


def reglu_vjp(x: npt.ArrayLike, grad_output: npt.ArrayLike, dim: int = -1) -> FloatArray:
    """Vector-Jacobian product of :func:`reglu` (``relu'(0) = 0`` as in torch).

    Args:
        x: The reglu input.
        grad_output: The gradient with respect to the output.
        dim: As for :func:`reglu`.

    Returns:
        The gradient with respect to ``x``: ``[g * relu(b), g * a * relu'(b)]``.

    Raises:
        ValueError: As :func:`reglu`, or if ``grad_output`` has the wrong shape.
    """
    return _glu_backward("reglu_vjp", "relu", x, grad_output, dim)


def geglu(x: npt.ArrayLike, dim: int = -1, approximate: str = "none") -> FloatArray:
    r"""GEGLU (Shazeer, 2020) on a split input: $a \odot \operatorname{gelu}(b)$, $x = [a, b]$.

    The second half is the gate, as in :func:`glu` and :func:`reglu`. ``approximate`` is
    passed to :func:`gelu` (Gemma uses the ``"tanh"`` form). Not in torch. A gate of
    ``-inf`` closes exactly (``gelu(-inf)`` is its limit 0 here, nan in torch), so its value
    gets 0 and its gradient 0 where torch would give nan.

    Args:
        x: Input values; the size along ``dim`` must be even.
        dim: The axis to split.
        approximate: ``"none"`` (exact GELU) or ``"tanh"``.

    Returns:
        ``a * gelu(b)``, half as long along ``dim``.

    Raises:
        ValueError: If the size along ``dim`` is odd, for a bad ``dim`` or ``approximate``.
    """
    return _glu_forward("geglu", "gelu", x, dim, approximate)


def geglu_vjp(
    x: npt.ArrayLike, grad_output: npt.ArrayLike, dim: int = -1, approximate: str = "none"
) -> FloatArray:
    """Vector-Jacobian product of :func:`geglu`: ``[g * gelu(b), g * a * gelu'(b)]``.

    Args:
        x: The geglu input.
        grad_output: The gradient with respect to the output.
        dim: As for :func:`geglu`.
        approximate: As for :func:`geglu`.

    Returns:
        The gradient with respect to ``x``.

    Raises:
        ValueError: As :func:`geglu`, or if ``grad_output`` has the wrong shape.
    """
    return _glu_backward("geglu_vjp", "gelu", x, grad_output, dim, approximate=approximate)


def swiglu(x: npt.ArrayLike, dim: int = -1) -> FloatArray:
    r"""SwiGLU (Shazeer, 2020) on a split input: $a \odot \operatorname{silu}(b)$, $x = [a, b]$.

    Swish with $\beta = 1$ (SiLU) gates the first half, as in :func:`glu`. PaLM and LLaMA
    use this feed-forward gate. Not in torch. As for :func:`geglu`, a ``-inf`` gate closes
    exactly (``silu(-inf) = 0`` here, nan in torch).

    Args:
        x: Input values; the size along ``dim`` must be even.
        dim: The axis to split.

    Returns:
        ``a * silu(b)``, half as long along ``dim``.

    Raises:
        ValueError: If the size along ``dim`` is odd, for a 0-d input or a bad ``dim``.
    """
    return _glu_forward("swiglu", "silu", x, dim)


def swiglu_vjp(x: npt.ArrayLike, grad_output: npt.ArrayLike, dim: int = -1) -> FloatArray:
    """Vector-Jacobian product of :func:`swiglu`: ``[g * silu(b), g * a * silu'(b)]``.

    Args:
        x: The swiglu input.
        grad_output: The gradient with respect to the output.
        dim: As for :func:`swiglu`.

    Returns:
        The gradient with respect to ``x``.

    Raises:
        ValueError: As :func:`swiglu`, or if ``grad_output`` has the wrong shape.
    """
    return _glu_backward("swiglu_vjp", "silu", x, grad_output, dim)


# --- maxout ------------------------------------------------------------------------------


def _pools(name: str, x: npt.ArrayLike, pool_size: int, dim: int) -> tuple[FloatArray, int]:
    """``x`` with ``dim`` moved last and split into ``(..., groups, pool_size)``."""
    a, d = _vector_input(name, x, dim)
    if isinstance(pool_size, bool) or not isinstance(pool_size, int | np.integer):
        raise ValueError(f"{name}: pool_size must be a positive integer, got {pool_size!r}")
    k = int(pool_size)
    n = a.shape[d]
    if k < 1 or n % k:
        raise ValueError(
            f"{name}: pool_size={pool_size!r} must be a positive divisor of the size along "
            f"dim {d - a.ndim}, which is {n}; the groups are {pool_size!r} consecutive entries"
        )
    moved = np.moveaxis(a, d, -1)
    return moved.reshape(*moved.shape[:-1], n // k, k), d


def maxout(x: npt.ArrayLike, pool_size: int, dim: int = -1) -> FloatArray:
    r"""Maxout (Goodfellow et al., 2013): the maximum of each group of ``pool_size`` entries.

    Along ``dim``, entries ``[0, k)``, ``[k, 2k)``, ... form the groups; the output is
    ``k`` times shorter there. $h_i = \max_{j} z_{i,j}$. Not in torch; equivalent to
    ``x.unflatten(dim, (-1, k)).max(dim=...).values`` (nan propagates).

    Args:
        x: Input values (typically the ``k`` linear pieces per unit, side by side).
        pool_size: ``k``, a positive divisor of the size along ``dim``.
        dim: The axis to pool over.

    Returns:
        The maxima, same dtype.

    Raises:
        ValueError: If ``pool_size`` does not divide the size along ``dim``, for a 0-d input
            or a bad ``dim``.
    """
    pools, d = _pools("maxout", x, pool_size, dim)
    return np.moveaxis(np.max(pools, axis=-1), -1, d)


def maxout_vjp(
    x: npt.ArrayLike, grad_output: npt.ArrayLike, pool_size: int, dim: int = -1
) -> FloatArray:
    """Vector-Jacobian product of :func:`maxout`: each group's gradient goes to its arg-max.

    On ties the first maximal entry gets it (torch's ``max(dim)`` indices); a nan counts as
    the maximum. The other entries of the group get exactly 0.

    Args:
        x: The maxout input.
        grad_output: The gradient with respect to the output.
        pool_size: As for :func:`maxout`.
        dim: As for :func:`maxout`.

    Returns:
        The gradient with respect to ``x``.

    Raises:
        ValueError: As :func:`maxout`, or if ``grad_output`` has the wrong shape.
    """
    pools, d = _pools("maxout_vjp", x, pool_size, dim)
    out_shape = np.moveaxis(np.empty(pools.shape[:-1], dtype=np.bool_), -1, d).shape
    a = pools  # same dtype as the input
    g = np.moveaxis(_grad_like("maxout_vjp", a, grad_output, out_shape), d, -1)
    winner = np.argmax(pools, axis=-1)[..., None]  # first maximum; nan wins, as in torch
    routed = np.zeros_like(pools)
    np.put_along_axis(routed, winner, g[..., None], axis=-1)
    routed = routed.reshape(*pools.shape[:-2], -1)
    return np.moveaxis(routed, -1, d)
