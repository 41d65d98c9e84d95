"""Figures drawn by the notebooks: one house style and a deterministic ``save``.

Where it sits: the notebooks in ``notebooks/`` import this module, draw with Matplotlib and call
:func:`save`. At build time ``hooks/notebooks.py`` runs them (see :mod:`nonlinear.notebooks.run`)
with ``NONLINEAR_FIGURES_DIR`` pointing into the notebook cache; the hook then publishes every
file written there as ``figures/<name>.svg`` and ``figures/<name>.png``.

Deterministic output: two builds must give byte-identical files, so that the cache, the site
and any diff of it stay quiet. The SVG backend otherwise varies in three places, all fixed here:
element ids (seeded by ``svg.hashsalt``), the ``dc:date`` metadata (``Date: None``) and the
Matplotlib version in ``Creator``/``Software`` (replaced by our own credit). Fonts are drawn as
paths (``svg.fonttype: path``), so no reader needs DejaVu Sans installed.

Light and dark pages: a figure is an ``<img>``, so it cannot follow Material's palette toggle.
Every figure has an opaque white background with near-black text; on the dark (slate) palette it
reads as a white card. A transparent background would need mid-grey text, which has too little
contrast on either background.

Colours come from the Okabe–Ito palette, which stays distinguishable with the common forms of
colour blindness; every curve also differs in line style, so a greyscale print still works.
"""

from __future__ import annotations

import os
import tempfile
from collections.abc import Iterator, Mapping
from contextlib import contextmanager
from dataclasses import dataclass
from pathlib import Path
from typing import TYPE_CHECKING, Any, Final

import matplotlib as mpl
import numpy as np
import numpy.typing as npt
from matplotlib.rcsetup import cycler

# The marker a saved figure leaves, and the figures folder setting, live where the build can
# read them without importing Matplotlib; re-exported here for the notebooks.
from nonlinear.notebooks.describe import describe, plain_label
from nonlinear.notebooks.marker import FIGURE_MIME, FIGURES_DIR_ENV, read_marker
from nonlinear.notebooks.marker import RE_FIGURE_NAME as _RE_NAME

if TYPE_CHECKING:
    from matplotlib.figure import Figure
    from matplotlib.typing import RcKeyType

__all__ = [
    "COLOURS",
    "CREDIT",
    "DPI",
    "FIGURES_DIR_ENV",
    "FIGURE_MIME",
    "LINESTYLES",
    "STYLE",
    "X_RANGE",
    "SavedFigure",
    "figures_dir",
    "grid",
    "kinks",
    "read_marker",
    "save",
    "split_at_jumps",
    "style",
]

DPI: Final = 200
"""Resolution of the PNG copy of every figure."""

X_RANGE: Final = (-4.0, 4.0)
"""The x-range shared by the activation figures (wide enough for every kink but ReLU-6's)."""

CREDIT: Final = "Nonlinear (https://github.com/nonlinear-kb/nonlinear)"
LICENCE: Final = "CC BY 4.0 (https://creativecommons.org/licenses/by/4.0/)"

# Okabe & Ito (2008), "Color Universal Design"; black is left for text and axes.
COLOURS: Final[Mapping[str, str]] = {
    "blue": "#0072B2",
    "vermillion": "#D55E00",
    "bluish_green": "#009E73",
    "reddish_purple": "#CC79A7",
    "orange": "#E69F00",
    "sky_blue": "#56B4E9",
    "yellow": "#F0E442",
}
"""Colour-blind-safe colours, in the order the comparison figures use them."""

LINESTYLES: Final = ("-", "--", "-.", ":", (0, (5, 1, 1, 1, 1, 1)), (0, (1, 3)))
"""Line styles paired with :data:`COLOURS`, so curves differ in more than hue."""

_TEXT = "#1a1a1a"
_GRID = "#d9d9d9"

STYLE: Final[Mapping[RcKeyType, Any]] = {
    "figure.figsize": (6.4, 4.0),
    "figure.dpi": 100,
    "figure.facecolor": "white",
    "savefig.facecolor": "white",
    # Constrained layout fits labels while drawing; savefig.bbox "tight" would draw twice.
    "figure.constrained_layout.use": True,
    "axes.facecolor": "white",
    "axes.edgecolor": _TEXT,
    "axes.labelcolor": _TEXT,
    "axes.titlesize": 13,
    "axes.titleweight": "bold",
    "axes.labelsize": 11,
    "axes.grid": True,
    "axes.spines.top": False,
    "axes.spines.right": False,
    "axes.prop_cycle": cycler(color=list(COLOURS.values())),
    "grid.color": _GRID,
    "grid.linewidth": 0.6,
    "lines.linewidth": 2.0,
    "text.color": _TEXT,
    "xtick.color": _TEXT,
    "ytick.color": _TEXT,
    "legend.frameon": True,
    "legend.framealpha": 0.9,
    "legend.edgecolor": _GRID,
    "legend.fontsize": 10,
    "font.family": "DejaVu Sans",
    "font.size": 11,
    "mathtext.fontset": "dejavusans",
    # Determinism: fixed ids, glyphs as paths (no font lookup by the reader).
    "svg.hashsalt": "nonlinear",
    "svg.fonttype": "path",
}
"""Matplotlib settings shared by every figure (apply with :func:`style`)."""


@dataclass(frozen=True, slots=True)
class SavedFigure:
    """The two files :func:`save` wrote for one figure.

    In a notebook it displays as the SVG (Jupyter), and it also leaves a :data:`FIGURE_MIME`
    output naming the figure, which the site's page converter turns into an image link.
    """

    name: str
    """File name without extension, e.g. ``"relu"``."""
    svg: Path
    """The SVG file."""
    png: Path
    """The PNG file, at :data:`DPI`."""
    alt: str
    """Alternative text for the image on the site."""

    def _repr_mimebundle_(
        self, include: object = None, exclude: object = None
    ) -> dict[str, object]:
        """Return the IPython display data: our marker, the SVG for Jupyter, and plain text."""
        return {
            FIGURE_MIME: {"name": self.name, "alt": self.alt},
            "image/svg+xml": self.svg.read_text(encoding="utf-8"),
            "text/plain": f"{self.name}.svg and {self.name}.png in {self.svg.parent}",
        }


def figures_dir() -> Path:
    """Return the folder figures are saved into, creating it.

    Returns:
        ``$NONLINEAR_FIGURES_DIR`` when set (the build sets it), else ``nonlinear-figures`` in
        the system's temporary folder, so running a notebook by hand never writes into the
        repository.
    """
    configured = os.environ.get(FIGURES_DIR_ENV)
    folder = Path(configured) if configured else Path(tempfile.gettempdir()) / "nonlinear-figures"
    folder.mkdir(parents=True, exist_ok=True)
    return folder


@contextmanager
def style() -> Iterator[None]:
    """Apply :data:`STYLE` inside a ``with`` block (Matplotlib's ``rc_context``).

    Notebooks may instead call ``matplotlib.rcParams.update(figures.STYLE)`` once at the top.
    """
    with mpl.rc_context(dict(STYLE)):
        yield


def grid(lo: float = X_RANGE[0], hi: float = X_RANGE[1], step: float = 0.01) -> npt.NDArray[Any]:
    """Return sample points from ``lo`` to ``hi`` that hit every multiple of ``step`` exactly.

    Kinks sit at round numbers (0, ±1, ±3, 6); sampling them exactly keeps each corner sharp
    instead of cutting it with a chord.

    Args:
        lo: First point; rounded to a multiple of ``step``.
        hi: Last point; rounded to a multiple of ``step``.
        step: Spacing.

    Returns:
        A float64 array, ascending.
    """
    first, last = round(lo / step), round(hi / step)
    return np.arange(first, last + 1, dtype=np.float64) * step


def split_at_jumps(
    x: npt.ArrayLike, y: npt.ArrayLike, max_step: float = 0.05
) -> tuple[npt.NDArray[Any], npt.NDArray[Any]]:
    """Insert a gap (NaN) wherever ``y`` jumps, so a discontinuous curve is not drawn joined.

    A derivative such as ReLU's steps from 0 to 1 at the origin; plotted naively the step
    becomes a vertical line that reads as part of the graph.

    Args:
        x: Sample points, ascending.
        y: Values at ``x``.
        max_step: A change between neighbours larger than this counts as a jump.

    Returns:
        ``(x, y)`` with a NaN point between the two samples of each jump.
    """
    xs = np.asarray(x, dtype=np.float64)
    ys = np.asarray(y, dtype=np.float64)
    jumps = np.flatnonzero(np.abs(np.diff(ys)) > max_step) + 1
    return np.insert(xs, jumps, np.nan), np.insert(ys, jumps, np.nan)


def kinks(
    x: npt.ArrayLike, y: npt.ArrayLike, max_step: float = 0.05
) -> list[tuple[float, float, float]]:
    """Locate the jumps of a sampled curve, for marking the value taken at each one.

    Every kink of the activations here sits at an integer (0, ±1, ±3, 6) and :func:`grid`
    samples integers exactly, so of the two samples around a jump the one nearer an integer
    is the kink; its value is the one the function takes there (PyTorch's convention).

    Args:
        x: Sample points, ascending.
        y: Values at ``x``.
        max_step: A change between neighbours larger than this counts as a jump.

    Returns:
        ``(x_kink, value_at_kink, value_on_the_other_side)`` per jump, left to right.
    """
    xs = np.asarray(x, dtype=np.float64)
    ys = np.asarray(y, dtype=np.float64)
    found = []
    for i in np.flatnonzero(np.abs(np.diff(ys)) > max_step):
        left, right = int(i), int(i) + 1
        at, other = (
            (left, right)
            if _off_integer(xs[left]) <= _off_integer(xs[right])
            else (
                right,
                left,
            )
        )
        found.append((float(xs[at]), float(ys[at]), float(ys[other])))
    return found


def _off_integer(value: float) -> float:
    """Distance from ``value`` to the nearest integer."""
    return abs(value - round(value))


def save(
    fig: Figure,
    name: str,
    *,
    alt: str | None = None,
    directory: str | os.PathLike[str] | None = None,
) -> SavedFigure:
    """Write ``<name>.svg`` and ``<name>.png`` (:data:`DPI` dpi), then close the figure.

    The output is byte-identical for identical figures: fixed SVG ids and no date or software
    version in the metadata. Closing the figure keeps a notebook that draws many figures under
    Matplotlib's open-figure limit; the returned value displays the SVG instead.

    Args:
        fig: The figure.
        name: File name without extension: lowercase letters, digits, ``_`` and ``-``.
        alt: Alternative text; by default :func:`nonlinear.notebooks.describe.describe` writes
            it from what the figure draws (curves, bars, panels, axis labels).
        directory: Target folder; defaults to :func:`figures_dir`.

    Returns:
        The paths written, and the alternative text. Both files carry the figure's title
        (its first axes title, else ``name``) and the alternative text in their metadata
        (SVG: ``<title>`` and Dublin Core ``description``), where the site reads them.

    Raises:
        ValueError: ``name`` is not a plain lowercase file name.
    """
    if not _RE_NAME.fullmatch(name):
        raise ValueError(
            f"figure name {name!r} must be lowercase letters, digits, '_' or '-', "
            "without extension (e.g. 'leaky_relu')"
        )
    folder = Path(directory) if directory is not None else figures_dir()
    folder.mkdir(parents=True, exist_ok=True)
    title = _title(fig, name)
    text = alt if alt is not None else describe(fig)
    svg, png = folder / f"{name}.svg", folder / f"{name}.png"
    svg_metadata = {
        "Title": title,
        "Description": text,
        "Date": None,
        "Creator": CREDIT,
        "Rights": LICENCE,
        "Format": "image/svg+xml",
        "Type": "StillImage",
    }
    png_metadata = {
        "Title": title,
        "Description": text,
        "Software": None,
        "Author": CREDIT,
        "Copyright": LICENCE,
    }
    with mpl.rc_context({"svg.hashsalt": STYLE["svg.hashsalt"], "svg.fonttype": "path"}):
        fig.savefig(svg, format="svg", metadata=svg_metadata)
        fig.savefig(png, format="png", dpi=DPI, metadata=png_metadata)
    # Closing through pyplot also forgets the figure in pyplot's registry (if it is there).
    import matplotlib.pyplot as plt  # noqa: PLC0415  (pyplot picks a backend on import)

    plt.close(fig)
    return SavedFigure(name=name, svg=svg, png=png, alt=text)


def _title(fig: Figure, name: str) -> str:
    """Return the suptitle or first non-empty axes title of ``fig`` as plain text, else ``name``."""
    titles = [ax.get_title() for ax in fig.axes]
    for title in (fig.get_suptitle(), *titles):
        if title.strip():
            return plain_label(title.strip())
    return name
