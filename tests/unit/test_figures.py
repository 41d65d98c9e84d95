"""nonlinear.notebooks.figures: the house style and the deterministic save."""

from __future__ import annotations

from pathlib import Path

import matplotlib as mpl

mpl.use("Agg")  # before pyplot: tests never open windows

import matplotlib.pyplot as plt
import numpy as np
import pytest
from PIL import Image

from nonlinear.notebooks import figures


def _draw() -> plt.Figure:
    """A figure with the features that make SVGs vary: text, clip paths, markers, a legend."""
    rng = np.random.default_rng(0)
    with figures.style():
        fig, ax = plt.subplots()
        x = figures.grid()
        ax.plot(x, np.maximum(x, 0), label="$f(x)$")
        ax.plot(*figures.split_at_jumps(x, (x > 0).astype(float)), "--", label="$f'(x)$")
        ax.plot([0], [0], "o")
        ax.hist(rng.normal(size=200), bins=20, alpha=0.3)
        ax.set_title("ReLU and its derivative")
        ax.legend()
    return fig


def test_two_saves_of_the_same_figure_are_byte_identical(tmp_path: Path) -> None:
    first = figures.save(_draw(), "relu", directory=tmp_path / "a")
    second = figures.save(_draw(), "relu", directory=tmp_path / "b")
    assert first.svg.read_bytes() == second.svg.read_bytes()
    assert first.png.read_bytes() == second.png.read_bytes()


def test_save_writes_svg_and_png_at_200_dpi_without_dates(tmp_path: Path) -> None:
    saved = figures.save(_draw(), "relu", directory=tmp_path)
    assert (saved.svg.name, saved.png.name) == ("relu.svg", "relu.png")
    svg = saved.svg.read_text(encoding="utf-8")
    assert "<dc:date>" not in svg
    assert "Matplotlib v" not in svg  # no software version: stable across upgrades of the cache
    assert "CC BY 4.0" in svg
    assert "<title>ReLU and its derivative</title>" in svg
    with Image.open(saved.png) as image:
        assert image.info["dpi"] == pytest.approx((200, 200), abs=0.01)
        assert "Software" not in image.info
        assert "CC BY 4.0" in image.info["Copyright"]
        assert image.getpixel((2, 2))[:3] == (255, 255, 255)  # opaque white background


def test_save_closes_the_figure(tmp_path: Path) -> None:
    fig = _draw()
    figures.save(fig, "relu", directory=tmp_path)
    assert fig.number not in plt.get_fignums()


def test_save_uses_the_folder_from_the_environment(
    tmp_path: Path, monkeypatch: pytest.MonkeyPatch
) -> None:
    monkeypatch.setenv(figures.FIGURES_DIR_ENV, str(tmp_path / "out"))
    saved = figures.save(_draw(), "elu")
    assert saved.svg == tmp_path / "out" / "elu.svg"
    assert saved.png.is_file()


def test_without_the_environment_figures_go_to_a_temporary_folder(
    monkeypatch: pytest.MonkeyPatch,
) -> None:
    monkeypatch.delenv(figures.FIGURES_DIR_ENV, raising=False)
    assert figures.figures_dir().name == "nonlinear-figures"
    assert Path.cwd() not in figures.figures_dir().parents


@pytest.mark.parametrize("name", ["ReLU", "relu.svg", "", "../relu", "a b"])
def test_save_rejects_names_that_are_not_plain_file_names(tmp_path: Path, name: str) -> None:
    fig = _draw()
    with pytest.raises(ValueError, match="lowercase"):
        figures.save(fig, name, directory=tmp_path)
    plt.close(fig)


def test_alt_text_describes_the_figure_and_can_be_given(tmp_path: Path) -> None:
    described = figures.save(_draw(), "a", directory=tmp_path)
    assert described.alt.startswith("ReLU and its derivative. Line chart against x")
    assert "f(x) is 0 from x = −4 to x = 0, then rises to 4 at x = 4." in described.alt
    assert "f′(x) is 0 from x = −4 to x = 0, then jumps to 1 at x = 0" in described.alt
    assert (
        "Bar chart: 18 bars for x from −2.4 to 2; the tallest, 22, at x = 0.352." in described.alt
    )
    assert figures.save(_draw(), "b", directory=tmp_path, alt="Two lines").alt == "Two lines"
    fig, _ = plt.subplots()
    assert figures.save(fig, "untitled", directory=tmp_path).alt == ""


def test_title_and_description_are_in_the_files_metadata(tmp_path: Path) -> None:
    saved = figures.save(_draw(), "relu", directory=tmp_path, alt='Lines & "bars" <x>')
    svg = saved.svg.read_text(encoding="utf-8")
    assert "<title>ReLU and its derivative</title>" in svg
    assert '<dc:description>Lines &amp; "bars" &lt;x&gt;</dc:description>' in svg
    with Image.open(saved.png) as png:
        info = dict(png.info)
    assert info["Title"] == "ReLU and its derivative"
    assert info["Description"] == 'Lines & "bars" <x>'


def test_saved_figure_displays_as_svg_and_marks_itself_for_the_page(tmp_path: Path) -> None:
    saved = figures.save(_draw(), "relu", directory=tmp_path)
    bundle = saved._repr_mimebundle_()
    assert str(bundle["image/svg+xml"]).startswith("<?xml")
    name, alt = figures.read_marker(bundle) or ("", "")
    assert (name, alt) == ("relu", saved.alt)
    assert alt.startswith("ReLU and its derivative. Line chart")


@pytest.mark.parametrize(
    ("data", "expected"),
    [
        ({figures.FIGURE_MIME: {"name": "tanh", "alt": "Tanh"}}, ("tanh", "Tanh")),
        ({figures.FIGURE_MIME: '{"name": "tanh", "alt": "Tanh"}'}, ("tanh", "Tanh")),
        ({figures.FIGURE_MIME: {"name": "tanh"}}, ("tanh", "tanh")),
        ({figures.FIGURE_MIME: {"name": "../x"}}, None),
        ({"text/plain": "tanh"}, None),
    ],
)
def test_read_marker(data: dict[str, object], expected: tuple[str, str] | None) -> None:
    assert figures.read_marker(data) == expected


def test_grid_hits_the_kinks_exactly() -> None:
    x = figures.grid()
    assert (x[0], x[-1]) == (-4.0, 4.0)
    for kink in (0.0, 1.0, -1.0, 3.0, -3.0):
        assert kink in x
    assert 6.0 in figures.grid(-2, 8)


def test_split_at_jumps_breaks_steps_only() -> None:
    x = np.array([-2.0, -1.0, 0.0, 1.0, 2.0])
    y = np.array([0.0, 0.0, 0.0, 1.0, 1.0])
    xs, ys = figures.split_at_jumps(x, y)
    assert np.isnan(ys).sum() == 1
    assert np.isnan(xs[3])
    assert np.isnan(ys[3])
    smooth_x, smooth_y = figures.split_at_jumps(x, x / 50)  # steps of 0.02
    assert not np.isnan(smooth_y).any()
    assert np.array_equal(smooth_x, x)


def test_palette_is_okabe_ito_and_style_is_light() -> None:
    assert figures.COLOURS["blue"] == "#0072B2"
    assert figures.STYLE["figure.facecolor"] == "white"
    assert len(figures.LINESTYLES) >= 5


def test_kinks_report_the_value_taken_at_each_jump() -> None:
    x = figures.grid()
    step = (x > 0).astype(float)  # like relu_grad: 0 at the kink itself
    assert figures.kinks(x, step) == [(0.0, 0.0, 1.0)]
    steps_at_ones = np.where(np.abs(x) < 1, 1.0, 0.0)  # like hardtanh_grad: 0 at ±1
    assert figures.kinks(x, steps_at_ones) == [(-1.0, 0.0, 1.0), (1.0, 0.0, 1.0)]
    assert figures.kinks(x, np.tanh(x)) == []
