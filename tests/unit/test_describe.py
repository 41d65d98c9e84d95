"""Text alternatives written from what a figure draws (nonlinear.notebooks.describe)."""

from __future__ import annotations

from collections.abc import Iterator

import matplotlib as mpl

mpl.use("Agg")  # before pyplot: tests never open windows

import matplotlib.pyplot as plt
import numpy as np
import pytest

from nonlinear.notebooks import figures
from nonlinear.notebooks.describe import describe, plain_label
from nonlinear.registry import REGISTRY


@pytest.fixture(autouse=True)
def _close() -> Iterator[None]:
    yield
    plt.close("all")


def gallery_figure(name: str) -> plt.Figure:
    """The activation gallery's drawing of one function (curve, derivative, kink dots)."""
    activation = REGISTRY[name]
    x = figures.grid()
    fig, ax = plt.subplots()
    ax.axhline(0, color="0.6")
    ax.axvline(0, color="0.6")
    dy = activation.grad(x, **activation.params)
    ax.plot(x, activation.fn(x, **activation.params), label="$f(x)$")
    ax.plot(*figures.split_at_jumps(x, dy), "--", label="$f\\,'(x)$")
    for x0, taken, other in figures.kinks(x, dy):
        ax.plot(x0, other, "o")
        ax.plot(x0, taken, "o")
    ax.set(title=f"{activation.title} and its derivative", xlabel="$x$", ylabel="value")
    ax.legend()
    return fig


@pytest.mark.parametrize(
    ("name", "expected"),
    [
        (
            "relu",
            "ReLU and its derivative. Line chart of value against x, from −4 to 4, two curves. "
            "f(x) is 0 from x = −4 to x = 0, then rises to 4 at x = 4. "
            "f′(x) is 0 from x = −4 to x = 0, then jumps to 1 at x = 0, "
            "then stays at 1 up to x = 4.",
        ),
        (
            # The minimum the Mish note's caption gives, which the old alt lost.
            "mish",
            "f(x) falls from −0.0726 at x = −4 to a minimum of −0.309 at x = −1.19, "
            "then rises to 4 at x = 4.",
        ),
        (
            "sigmoid",
            "f′(x) rises from 0.0177 at x = −4 to a maximum of 0.25 at x = 0, "
            "then falls to 0.0177 at x = 4.",
        ),
        (
            "hardswish",
            "f′(x) is 0 from x = −4 to x = −3, then jumps to −0.497 at x = −3, then rises to "
            "1.5 at x = 2.99, then jumps to 1 at x = 3, then stays at 1 up to x = 4.",
        ),
        (
            # A jump drawn without a gap is still a jump.
            "threshold",
            "f(x) is −0.5 from x = −4 to x = 1, then jumps to 1.01 at x = 1, "
            "then rises to 4 at x = 4.",
        ),
    ],
)
def test_curves_are_described_by_their_shape(name: str, expected: str) -> None:
    assert expected in describe(gallery_figure(name))


def test_a_curve_with_many_turns_is_summarised_by_its_extremes() -> None:
    fig, ax = plt.subplots()
    x = np.linspace(0, 20, 2001)
    ax.plot(x, np.sin(x) * np.exp(-x / 20), label="damped")
    ax.set(xlabel="t")
    assert describe(fig) == (
        "Line chart against t, from 0 to 20. damped varies between a minimum of −0.791 at "
        "t = 4.66 and a maximum of 0.926 at t = 1.52."
    )


def test_panels_bars_bands_and_log_scales() -> None:
    fig, (left, right) = plt.subplots(1, 2)
    left.bar([0, 1, 2], [3, 9, 4], width=1.0)
    left.set(title="Counts", xlabel="bin", ylabel="count")
    depth = np.arange(1, 31)
    right.plot(depth, 2.0**-depth, label="ReLU")
    right.fill_between(depth, 0.5**depth, 0.25**depth, label="spread")
    right.set_yscale("log")
    right.set(title="Gradient", xlabel="depth $L$", ylabel="size")
    text = describe(fig)
    assert text.startswith("Two panels. Left: Counts. Bar chart of count: 3 bars for bin from ")
    assert "the tallest, 9, at bin = 1." in text
    assert "Right: Gradient. Line chart of size on a logarithmic scale against depth L" in text
    assert "ReLU falls from 0.5 at depth L = 1 to 9.31 × 10^−10 at depth L = 30." in text
    assert text.endswith("A shaded band: spread.")


def test_reference_lines_and_marker_dots_are_not_curves() -> None:
    fig, ax = plt.subplots()
    ax.axhline(0)
    ax.plot([0], [1], "o")
    ax.plot([1, 2], [1, 2])
    assert describe(fig) == ""


@pytest.mark.parametrize(
    ("label", "text"),
    [
        ("$f\\,'(x)$", "f′(x)"),
        ("ReLU outputs for $z \\sim \\mathcal{N}(0, 1)$", "ReLU outputs for z ∼ 𝒩(0, 1)"),
        ("costs \\$5", "costs $5"),
        ("$\\mathrm{ReLU}(z)$", "ReLU(z)"),
    ],
)
def test_mathtext_labels_become_plain_text(label: str, text: str) -> None:
    assert plain_label(label) == text
