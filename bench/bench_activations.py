"""Benchmark: ``nonlinear.activations`` against the best plain-NumPy expression.

For each function the same input (10**7 float32 values by default, ``N(0, 3**2)`` so no
baseline expression overflows) is fed to our implementation and to one or more plain NumPy
expressions computing the same thing. Candidates run round-robin, best-of-N time per
candidate; the ratio compares ours with the fastest baseline measured in the same run. The
clock is the process CPU time by default (NumPy runs these on one thread, and CPU time is
far less disturbed than wall time on a busy shared machine); ``--clock wall`` switches.
Nothing is asserted: timings depend on the machine and its load. The max |diff| column
shows each baseline agrees with ours (they are the same function, not a different one).

Run: ``.venv/bin/python bench/bench_activations.py [--size N] [--repeat R] [--dtype D]``
(``make bench`` runs every ``bench/bench_*.py``).
"""

from __future__ import annotations

import argparse
import math
import time
from collections.abc import Callable
from dataclasses import dataclass

import numpy as np
import numpy.typing as npt

from nonlinear import activations as act

Array = npt.NDArray[np.floating]


@dataclass(frozen=True, slots=True)
class Case:
    """One function: our call and the plain-NumPy expressions it is compared with."""

    name: str
    ours: Callable[[Array], Array]
    baselines: dict[str, Callable[[Array], Array]]
    repeat_scale: float = 1.0  # fewer repeats for the slow exact GELU


def _erfc_map(z: Array) -> Array:
    return np.fromiter(map(math.erfc, z.ravel().tolist()), np.float64, count=z.size)


_ERFC_UFUNC = np.frompyfunc(math.erfc, 1, 1)
_C = math.sqrt(2.0 / math.pi)
_SQRT1_2 = 1.0 / math.sqrt(2.0)

CASES = [
    Case(
        "relu",
        act.relu,
        {
            "np.maximum(x, 0)": lambda x: np.maximum(x, 0),
            "x * (x > 0)": lambda x: x * (x > 0),
            "np.where(x > 0, x, 0)": lambda x: np.where(x > 0, x, 0),
        },
    ),
    Case(
        "leaky_relu",
        act.leaky_relu,
        {
            "np.where(x > 0, x, 0.01 * x)": lambda x: np.where(x > 0, x, 0.01 * x),
            "np.maximum(x, 0.01 * x)": lambda x: np.maximum(x, 0.01 * x),
        },
    ),
    Case(
        "elu",
        act.elu,
        {
            "np.where(x > 0, x, np.expm1(x))": lambda x: np.where(x > 0, x, np.expm1(x)),
            "np.where(x > 0, x, np.expm1(np.minimum(x, 0)))": lambda x: np.where(
                x > 0, x, np.expm1(np.minimum(x, 0))
            ),
        },
    ),
    Case(
        "gelu",
        act.gelu,
        {
            "0.5 * x * erfc(-x/sqrt2) via map+fromiter": lambda x: (
                0.5 * x * _erfc_map(-x * _SQRT1_2).reshape(x.shape)
            ).astype(x.dtype),
            "0.5 * x * erfc(-x/sqrt2) via frompyfunc": lambda x: (
                0.5 * x * _ERFC_UFUNC(-x * _SQRT1_2).astype(np.float64)
            ).astype(x.dtype),
        },
        repeat_scale=0.4,
    ),
    Case(
        "gelu(approximate='tanh')",
        lambda x: act.gelu(x, approximate="tanh"),
        {
            "0.5 * x * (1 + np.tanh(c * (x + 0.044715 * x**3)))": lambda x: (
                0.5 * x * (1 + np.tanh(_C * (x + 0.044715 * x**3)))
            ),
        },
    ),
    Case("sigmoid", act.sigmoid, {"1 / (1 + np.exp(-x))": lambda x: 1 / (1 + np.exp(-x))}),
    Case("tanh", act.tanh, {"np.tanh(x)": np.tanh}),
    Case("silu", act.silu, {"x / (1 + np.exp(-x))": lambda x: x / (1 + np.exp(-x))}),
    Case(
        "softplus",
        act.softplus,
        {
            "np.logaddexp(0, x)": lambda x: np.logaddexp(0, x),
            "np.log1p(np.exp(x))": lambda x: np.log1p(np.exp(x)),
        },
    ),
    Case(
        "hardswish",
        act.hardswish,
        {"x * np.clip(x + 3, 0, 6) / 6": lambda x: x * np.clip(x + 3, 0, 6) / 6},
    ),
]


def best_times(
    candidates: dict[str, Callable[[Array], Array]],
    x: Array,
    repeat: int,
    clock: Callable[[], float] = time.process_time,
) -> dict[str, float]:
    """Best-of-``repeat`` time of each candidate, run round-robin to share drift."""
    best = dict.fromkeys(candidates, math.inf)
    for _ in range(repeat):
        for label, f in candidates.items():
            start = clock()
            f(x)
            best[label] = min(best[label], clock() - start)
    return best


def main(argv: list[str] | None = None) -> None:
    """Run every case and print one table."""
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--size", type=int, default=10**7, help="number of values")
    parser.add_argument("--repeat", type=int, default=7, help="best of N runs")
    parser.add_argument("--dtype", default="float32", choices=["float32", "float64"])
    parser.add_argument("--only", nargs="*", help="function names to run (default: all)")
    parser.add_argument("--clock", default="cpu", choices=["cpu", "wall"])
    args = parser.parse_args(argv)
    clock = time.process_time if args.clock == "cpu" else time.perf_counter

    x = (np.random.default_rng(0).standard_normal(args.size) * 3).astype(args.dtype)
    print(
        f"activations vs plain NumPy: {args.size:,} {args.dtype} values ~ N(0, 9), "
        f"best of {args.repeat} (exact GELU: fewer), {args.clock} time, NumPy {np.__version__}"
    )
    head = f"{'function':<26} {'ours ms':>9} {'best base ms':>13} {'ratio':>6}  {'max|diff|':>9}"
    print(head + "  fastest baseline")
    print("-" * (len(head) + 40))
    for case in CASES:
        if args.only and case.name not in args.only:
            continue
        repeat = max(2, round(args.repeat * case.repeat_scale))
        ours = case.ours(x)
        diff = max(
            float(np.max(np.abs(ours.astype(np.float64) - b(x).astype(np.float64))))
            for b in case.baselines.values()
        )
        times = best_times({"ours": case.ours, **case.baselines}, x, repeat, clock)
        base_label = min(case.baselines, key=times.__getitem__)
        ratio = times["ours"] / times[base_label]
        print(
            f"{case.name:<26} {times['ours'] * 1e3:9.1f} {times[base_label] * 1e3:13.1f} "
            f"{ratio:6.2f}  {diff:9.1e}  {base_label}"
        )
    print("ratio = ours / fastest baseline (below 1: ours is faster; target: at most 1.2)")


if __name__ == "__main__":
    main()
