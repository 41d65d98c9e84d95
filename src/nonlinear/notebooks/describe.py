"""A text alternative for a figure, written from what it draws.

Where it sits: :func:`nonlinear.notebooks.figures.save` calls :func:`describe` for every
figure a notebook saves without an explicit ``alt``, stores the text in the SVG's metadata
(``dc:description``) and in the notebook's figure marker; the site uses it as the image's
``alt`` on the notes and notebook pages that show the figure
(:mod:`nonlinear.site.figure_captions`). A caption says what a figure means; this says what it
shows, for a reader who cannot see it: "GELU and its derivative. Line chart of value against
x, from −4 to 4, two curves. f(x) is close to 0 from x = −4 to x = −2.45, then falls to a
minimum of −0.17 at x = −0.75, then rises to 4 at x = 4. …"

Formulas in titles, axis labels and legends (Matplotlib's mathtext, ``$f\\,'(x)$``) become
plain text through :func:`nonlinear.site.math.latex_to_text`, the same words the site uses.
"""

from __future__ import annotations

import itertools
import re
from typing import TYPE_CHECKING, Any

import numpy as np
import numpy.typing as npt

from nonlinear.site.math import latex_to_text

if TYPE_CHECKING:
    from matplotlib.axes import Axes
    from matplotlib.figure import Figure
    from matplotlib.patches import Rectangle

__all__ = ["describe", "plain_label"]

_RUNS_SHOWN = 5
"""A curve with more monotone pieces than this is summarised by its extremes."""


def describe(fig: Figure) -> str:
    """A text alternative for a figure, written from what it draws.

    Each panel is named by its title, its axes by their labels, and each labelled curve is
    described by its shape: where it is flat, where it rises or falls, and between which
    values, its jumps, or (for a curve with many turns) its extremes. Bars are described as a
    histogram by their range and tallest bar. Labels written in Matplotlib's mathtext become
    plain text (``$f\\,'(x)$`` → ``f′(x)``). The caption next to the figure says what it
    means; this says what it shows, for a reader who cannot see it.

    Args:
        fig: The figure, before it is saved.

    Returns:
        Sentences of plain text.
    """
    panels = [ax for ax in fig.axes if ax.get_visible() and _has_content(ax)]
    sentences: list[str] = []
    if len(panels) > 1:
        sentences.append(f"{_count(len(panels))} panels.")
    for index, ax in enumerate(panels):
        prefix = _panel_name(panels, index) if len(panels) > 1 else ""
        sentences.append(_describe_axes(ax, prefix))
    return " ".join(s for s in sentences if s)


def _has_content(ax: Axes) -> bool:
    return bool(_curves(ax) or _bars(ax) or ax.images or ax.collections)


def _count(n: int) -> str:
    words = ("No", "One", "Two", "Three", "Four", "Five", "Six")
    return words[n] if n < len(words) else str(n)


def _panel_name(panels: list[Axes], index: int) -> str:
    """ "Left"/"Right" for a row of two, else "Panel 2"."""
    if len(panels) == 2:
        first, second = (ax.get_position() for ax in panels)
        if abs(first.y0 - second.y0) < 0.05:
            left = 0 if first.x0 < second.x0 else 1
            return "Left" if index == left else "Right"
        top = 0 if first.y0 > second.y0 else 1
        return "Top" if index == top else "Bottom"
    return f"Panel {index + 1}"


def plain_label(label: str) -> str:
    """Matplotlib text (mathtext between dollars) as plain text: ``"$f\\,'(x)$"`` → ``"f′(x)"``."""
    parts = re.split(r"(?<!\\)\$(.+?)(?<!\\)\$", label)
    out = [
        latex_to_text(part) if k % 2 else part.replace("\\$", "$") for k, part in enumerate(parts)
    ]
    return " ".join("".join(out).split())


def _describe_axes(ax: Axes, prefix: str) -> str:
    title, xlabel, ylabel = map(plain_label, (ax.get_title(), ax.get_xlabel(), ax.get_ylabel()))
    head = f"{prefix}: " if prefix else ""
    parts = [f"{head}{title}." if title else head.strip()]
    curves, bars = _curves(ax), _bars(ax)
    x_name = xlabel or "x"
    if curves:
        xs = np.concatenate([c[1] for c in curves])
        against = f" of {ylabel}" if ylabel else ""
        scale = " on a logarithmic scale" if ax.get_yscale() == "log" else ""
        count = "" if len(curves) == 1 else f", {_count(len(curves)).lower()} curves"
        parts.append(
            f"Line chart{against}{scale} against {x_name}, from {_number(np.nanmin(xs))} to "
            f"{_number(np.nanmax(xs))}{count}."
        )
        log = ax.get_yscale() == "log"
        for label, x, y in curves:
            parts.append(f"{label or 'The curve'} {_shape(x, y, x_name, log=log)}.")
    if bars:
        lefts = [b.get_x() for b in bars]
        rights = [b.get_x() + b.get_width() for b in bars]
        tallest = max(bars, key=lambda b: b.get_height())
        centre = tallest.get_x() + tallest.get_width() / 2
        scale = " on a logarithmic scale" if ax.get_yscale() == "log" else ""
        what = f" of {ylabel}" if ylabel else ""
        parts.append(
            f"Bar chart{what}{scale}: {len(bars)} bars for {x_name} from {_number(min(lefts))} "
            f"to {_number(max(rights))}; the tallest, {_number(tallest.get_height())}, at "
            f"{x_name} = {_number(centre)}."
        )
    if ax.images or any(type(c).__name__ in {"QuadMesh", "ContourSet"} for c in ax.collections):
        parts.append(f"A colour map over {x_name} and {ylabel or 'y'}.")
    for band in ax.collections:
        label = str(band.get_label())
        if "PolyCollection" in type(band).__name__ and not label.startswith("_"):
            parts.append(f"A shaded band: {plain_label(label)}.")
    legend = ax.get_legend()
    if legend is not None and not curves:
        names = [plain_label(t.get_text()) for t in legend.get_texts()]
        if names:
            parts.append("Legend: " + "; ".join(names) + ".")
    return " ".join(p for p in parts if p)


def _curves(ax: Axes) -> list[tuple[str, npt.NDArray[Any], npt.NDArray[Any]]]:
    """Labelled lines (and unlabelled ones with many points): no reference lines, no markers."""
    found = []
    for line in ax.get_lines():
        x = np.asarray(line.get_xdata(), dtype=np.float64)
        y = np.asarray(line.get_ydata(), dtype=np.float64)
        label = str(line.get_label())
        if x.size < 3 or not np.isfinite(y).any():
            continue  # axhline, axvline, marker dots
        shown = "" if label.startswith("_") else plain_label(label)
        if not shown and x.size < 10:
            continue
        found.append((shown, x, y))
    return found


def _bars(ax: Axes) -> list[Rectangle]:
    from matplotlib.patches import Rectangle  # noqa: PLC0415

    return [
        p
        for p in ax.patches
        if isinstance(p, Rectangle) and p.get_height() > 0 and p.get_width() > 0
    ]


def _shape(x: npt.NDArray[Any], y: npt.NDArray[Any], x_name: str, *, log: bool = False) -> str:
    """How a sampled curve goes, left to right, in words.

    On a logarithmic axis the shape is read from the logarithm (a curve that halves at every
    step falls steadily, it is not "close to 0"), and the values are said as they are.
    """
    if log:
        with np.errstate(divide="ignore", invalid="ignore"):
            y = np.where(y > 0, np.log10(np.where(y > 0, y, 1.0)), np.nan)

    def value(v: float) -> str:
        return _number(10.0**v) if log else _number(v)

    finite = np.isfinite(x) & np.isfinite(y)
    if finite.sum() < 2:
        return "no visible values"
    span = float(np.max(y[finite]) - np.min(y[finite])) or 1.0
    step = float(np.median(np.diff(x[finite]))) if finite.sum() > 2 else 0.0
    # A curve drawn with a gap (NaN, as figures.split_at_jumps leaves) or with one step far
    # steeper than the rest jumps there.
    steps = np.abs(np.diff(y))
    typical = float(np.nanmedian(steps)) if np.isfinite(steps).any() else 0.0
    steep = np.flatnonzero(steps > max(20 * typical, 0.05 * span)) + 1
    stretches: list[tuple[npt.NDArray[Any], npt.NDArray[Any]]] = []
    start = 0
    for cut in sorted({*np.flatnonzero(~finite).tolist(), *steep.tolist(), x.size}):
        if cut - start >= 2:
            stretches.append((x[start:cut], y[start:cut]))
        start = cut + 1 if cut < x.size and not finite[cut] else cut
    pieces: list[tuple[str, float, float, float, float]] = []
    jumps: dict[int, tuple[float, float]] = {}  # index in pieces -> (x of the jump, new value)
    for k, (sx, sy) in enumerate(stretches):
        if k:
            jumps[len(pieces)] = ((float(stretches[k - 1][0][-1]) + float(sx[0])) / 2, float(sy[0]))
        pieces.extend(_runs(sx, sy, span))
    if len(pieces) > _RUNS_SHOWN + len(jumps):
        values = np.where(finite, y, np.nan)
        low, high = int(np.nanargmin(values)), int(np.nanargmax(values))
        return (
            f"varies between a minimum of {value(y[low])} at {x_name} = {_at(x[low], step)} "
            f"and a maximum of {value(y[high])} at {x_name} = {_at(x[high], step)}"
        )
    words: list[str] = []
    for k, (kind, x0, y0, x1, y1) in enumerate(pieces):
        if k in jumps:
            where, landing = jumps[k]
            words.append(f"jumps to {value(landing)} at {x_name} = {_at(where, step)}")
        following = pieces[k + 1][0] if k + 1 < len(pieces) and k + 1 not in jumps else None
        if kind == "flat":
            middle = (y0 + y1) / 2
            stays = "is" if k == 0 else "stays"
            if abs(y1 - y0) < 1e-9 * span:
                level = f"at {value(middle)}" if k else value(middle)
            elif abs(middle) < 0.02 * span and not log:
                level = "close to 0"
            else:
                level = f"about {value(middle)}"
            words.append(f"{stays} {level} up to {x_name} = {_at(x1, step)}")
            continue
        verb = "rises" if kind == "rise" else "falls"
        turn = ""
        if following == ("fall" if kind == "rise" else "rise"):
            turn = "a maximum of " if kind == "rise" else "a minimum of "
        origin = f" from {value(y0)} at {x_name} = {_at(x0, step)}" if k == 0 else ""
        words.append(f"{verb}{origin} to {turn}{value(y1)} at {x_name} = {_at(x1, step)}")
    if pieces and pieces[0][0] == "flat":
        words[0] = words[0].replace(" up to ", f" from {x_name} = {_at(pieces[0][1], step)} to ")
    return ", then ".join(words)


def _runs(
    x: npt.NDArray[Any], y: npt.NDArray[Any], span: float
) -> list[tuple[str, float, float, float, float]]:
    """Monotone pieces of one continuous stretch: ``(kind, x0, y0, x1, y1)``.

    A piece that moves less than 2 % of the curve's range counts as flat; a short flat piece
    inside a rise (or a fall) is part of it; a flat piece between a fall and a rise is a
    turning point, placed at its extreme value. Numerical wiggles are not turns.
    """
    steps = np.diff(y)
    signs = np.sign(np.where(np.abs(steps) > 1e-4 * span, steps, 0.0)).astype(int)
    edges = [0, *(np.flatnonzero(np.diff(signs)) + 1).tolist(), signs.size]
    width = float(x[-1] - x[0]) or 1.0
    pieces: list[list[Any]] = []
    for i0, i1 in itertools.pairwise(edges):
        change = float(y[i1] - y[i0])
        kind = "flat" if abs(change) < 0.02 * span else ("rise" if change > 0 else "fall")
        if pieces and pieces[-1][0] == kind:
            pieces[-1][2] = i1
        else:
            pieces.append([kind, i0, i1])
    changed = True
    while changed:
        changed = False
        for k in range(1, len(pieces) - 1):
            before, flat, after = pieces[k - 1], pieces[k], pieces[k + 1]
            if flat[0] != "flat" or float(x[flat[2]] - x[flat[1]]) > 0.2 * width:
                continue
            if before[0] == after[0]:
                before[2] = after[2]  # a pause inside one rise or fall
                del pieces[k : k + 2]
            else:  # a turning point: split the flat piece at its extreme
                segment = y[flat[1] : flat[2] + 1]
                extreme = np.argmin(segment) if before[0] == "fall" else np.argmax(segment)
                turn = flat[1] + int(extreme)
                before[2], after[1] = turn, turn
                del pieces[k]
            changed = True
            break
    return [(k, float(x[i0]), float(y[i0]), float(x[i1]), float(y[i1])) for k, i0, i1 in pieces]


def _at(value: float, step: float) -> str:
    """A position on the x axis: a round number when one is within a sampling step."""
    value = float(value)
    for digits in (0, 1, 2):
        rounded = round(value, digits)
        if step and abs(rounded - value) <= step / 2:
            return _number(rounded)
    return _number(value)


def _number(value: float) -> str:
    """A value as a reader says it: three significant digits, a true minus sign."""
    value = float(value)
    text = f"{value:.3g}"
    if "e" in text:
        mantissa, exponent = text.split("e")
        text = f"{mantissa} × 10^{int(exponent)}"
    if text in {"-0", "-0.0"}:
        text = "0"
    return text.replace("-", "−")
