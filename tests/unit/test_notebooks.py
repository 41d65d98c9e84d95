"""nonlinear.notebooks.run: cache keys, execution errors, the page converter, stored notebooks."""

from __future__ import annotations

import json
import re
import shutil
from pathlib import Path
from typing import Any

import pytest

from nonlinear.notebooks import run as notebooks
from nonlinear.notebooks.figures import FIGURE_MIME
from nonlinear.notebooks.run import CellFailure, ExecutedNotebook, NotebookError

ROOT = Path(__file__).resolve().parents[2]
FIXTURES = ROOT / "tests" / "fixtures" / "notebooks"

# Every figure named in the shared contract (docs embed them as ![[<name>.svg]]).
ACTIVATION_FIGURES = [
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
]
COMPARISON_FIGURES = [
    "compare-rectifiers",
    "compare-smooth",
    "compare-saturating",
    "compare-derivatives",
    "gelu-approximations",
    "vanishing-gradients",
    "relu-sparsity",
]


# --- cache key -------------------------------------------------------------------------------

VERSIONS = {"python": "3.11.9", "numpy": "2.4.6", "matplotlib": "3.11.2"}


def test_cache_key_is_stable_for_equal_inputs() -> None:
    key = notebooks.cache_key(b"{}", VERSIONS)
    assert key == notebooks.cache_key(b"{}", dict(reversed(VERSIONS.items())))
    assert re.fullmatch(r"[0-9a-f]{64}", key)


@pytest.mark.parametrize(
    ("notebook", "versions"),
    [
        pytest.param(b'{"cells": []}', VERSIONS, id="notebook edited"),
        pytest.param(b"{}", {**VERSIONS, "numpy": "2.5.0"}, id="numpy upgraded"),
        pytest.param(b"{}", {**VERSIONS, "matplotlib": "3.12"}, id="matplotlib upgraded"),
        pytest.param(b"{}", {**VERSIONS, "python": "3.12.1"}, id="python upgraded"),
        pytest.param(b"{}", {**VERSIONS, "scipy": "1.0"}, id="version added"),
    ],
)
def test_cache_key_changes_with_any_input(notebook: bytes, versions: dict[str, str]) -> None:
    assert notebooks.cache_key(notebook, versions) != notebooks.cache_key(b"{}", VERSIONS)


def test_cache_key_does_not_confuse_moved_bytes() -> None:
    # Bytes moved from the notebook into a version string must not give the same key.
    a = notebooks.cache_key(b"ab", {"x": "c"})
    b = notebooks.cache_key(b"a", {"x": "bc"})
    assert a != b


def test_recorded_modules_are_checked_by_content(tmp_path: Path) -> None:
    package = tmp_path / "nonlinear"
    (package / "notebooks").mkdir(parents=True)
    (package / "__init__.py").write_text("", encoding="utf-8")
    (package / "notebooks" / "figures.py").write_text("DPI = 200\n", encoding="utf-8")
    (package / "engine.py").write_text("x = 1\n", encoding="utf-8")
    loaded = [str(package / "__init__.py"), str(package / "notebooks" / "figures.py")]
    recorded = notebooks.record_dependencies(loaded, package)
    assert list(recorded) == ["__init__.py", "notebooks/figures.py"]
    assert notebooks.dependencies_current(recorded, package)
    # A module the run did not load may change freely.
    (package / "engine.py").write_text("x = 2\n", encoding="utf-8")
    assert notebooks.dependencies_current(recorded, package)
    # A loaded one may not: edited, removed or renamed.
    (package / "notebooks" / "figures.py").write_text("DPI = 300\n", encoding="utf-8")
    assert not notebooks.dependencies_current(recorded, package)
    (package / "notebooks" / "figures.py").write_text("DPI = 200\n", encoding="utf-8")
    assert notebooks.dependencies_current(recorded, package)
    (package / "notebooks" / "figures.py").rename(package / "notebooks" / "style.py")
    assert not notebooks.dependencies_current(recorded, package)
    # A module outside the package is recorded by its full path.
    outside = tmp_path / "elsewhere.py"
    outside.write_text("y = 1\n", encoding="utf-8")
    assert list(notebooks.record_dependencies([str(outside)], package)) == [
        outside.resolve().as_posix()
    ]


def test_library_sources_cover_every_module_of_the_installed_package() -> None:
    sources = notebooks.library_sources()
    assert {"__init__.py", "notebooks/figures.py", "notebooks/run.py", "vault/index.py"} <= set(
        sources
    )
    assert all(name.endswith(".py") for name in sources)


def test_runtime_versions_name_python_numpy_and_matplotlib() -> None:
    assert set(notebooks.runtime_versions()) == {"python", "numpy", "matplotlib"}


# --- where the notebooks are -----------------------------------------------------------------


def test_notebooks_folder_defaults_to_notebooks_next_to_the_config(tmp_path: Path) -> None:
    assert notebooks.notebooks_folder(tmp_path, {}) is None  # no folder: a plain vault
    (tmp_path / "notebooks").mkdir()
    assert notebooks.notebooks_folder(tmp_path, {}) == tmp_path / "notebooks"
    assert notebooks.notebooks_folder(tmp_path, {"NONLINEAR_NOTEBOOKS": ""}) is None
    (tmp_path / "other").mkdir()
    assert notebooks.notebooks_folder(tmp_path, {"NONLINEAR_NOTEBOOKS": "other"}) == (
        tmp_path / "other"
    )


def test_notebooks_folder_set_to_a_missing_folder_is_an_error(tmp_path: Path) -> None:
    with pytest.raises(NotebookError, match="NONLINEAR_NOTEBOOKS='nope' is not a folder"):
        notebooks.notebooks_folder(tmp_path, {"NONLINEAR_NOTEBOOKS": "nope"})


def test_find_notebooks_sorts_and_ignores_other_files(tmp_path: Path) -> None:
    for name in ("b.ipynb", "a.ipynb", "notes.md"):
        (tmp_path / name).write_text("{}", encoding="utf-8")
    (tmp_path / ".ipynb_checkpoints").mkdir()
    (tmp_path / ".ipynb_checkpoints" / "a-checkpoint.ipynb").write_text("{}", encoding="utf-8")
    assert [p.name for p in notebooks.find_notebooks(tmp_path)] == ["a.ipynb", "b.ipynb"]


# --- execution (starts real kernels; a few seconds each) -------------------------------------


def test_failing_cell_names_the_notebook_the_cell_and_the_line(tmp_path: Path) -> None:
    with pytest.raises(NotebookError) as caught:
        notebooks.run_notebooks(
            [FIXTURES / "failing.ipynb"], root=ROOT, cache_dir=tmp_path / "cache"
        )
    assert caught.value.failures == (
        CellFailure(
            label="tests/fixtures/notebooks/failing.ipynb",
            cell_index=2,
            line=3,
            error="ZeroDivisionError",
            message="division by zero",
            source_line="x / y",
        ),
    )
    assert str(caught.value).startswith(
        "tests/fixtures/notebooks/failing.ipynb: cell 2 (counted from 0), line 3: "
        "notebook-error: ZeroDivisionError: division by zero\n    > x / y\n"
    )
    # Nothing half-done is cached, so the next build tries again.
    assert [p.name for p in (tmp_path / "cache").iterdir()] == []


def test_a_run_is_cached_and_reused_until_the_notebook_changes(tmp_path: Path) -> None:
    folder = tmp_path / "notebooks"
    folder.mkdir()
    shutil.copy(FIXTURES / "ok.ipynb", folder / "ok.ipynb")
    cache = tmp_path / "cache"

    (first,) = notebooks.run_notebooks([folder / "ok.ipynb"], root=tmp_path, cache_dir=cache)
    assert not first.from_cache
    assert first.label == "notebooks/ok.ipynb"
    assert [p.name for p in first.figures] == ["fixture-abs.png", "fixture-abs.svg"]
    executed = json.loads(first.executed.read_text(encoding="utf-8"))
    assert "".join(executed["cells"][3]["outputs"][0]["text"]) == "done\n"
    # The cell that asked the kernel for its modules is not part of the result.
    assert len(executed["cells"]) == 4
    # The committed notebook itself is left without outputs.
    stored = json.loads((folder / "ok.ipynb").read_text(encoding="utf-8"))
    assert all(cell.get("outputs", []) == [] for cell in stored["cells"])
    # The entry records the nonlinear modules the run imported, and only those.
    deps = json.loads((first.executed.parent / "deps.json").read_text(encoding="utf-8"))
    assert {"__init__.py", "notebooks/__init__.py", "notebooks/figures.py"} <= set(deps["modules"])
    assert "vault/index.py" not in deps["modules"]
    assert "notebooks/run.py" not in deps["modules"]

    (second,) = notebooks.run_notebooks([folder / "ok.ipynb"], root=tmp_path, cache_dir=cache)
    assert second.from_cache
    assert second.executed == first.executed
    assert second.figures == first.figures

    # Editing the notebook invalidates the entry; the old entry is dropped.
    stored["cells"][3]["source"] = 'print("changed")'
    (folder / "ok.ipynb").write_text(json.dumps(stored), encoding="utf-8")
    (third,) = notebooks.run_notebooks([folder / "ok.ipynb"], root=tmp_path, cache_dir=cache)
    assert not third.from_cache
    assert third.executed != first.executed
    assert [p.name for p in cache.iterdir()] == [third.executed.parent.name]


def test_an_edit_of_an_imported_module_runs_the_notebook_again(
    tmp_path: Path, monkeypatch: pytest.MonkeyPatch
) -> None:
    # The package itself is never edited: its files are read through source_digest, which
    # is made to report an edit of one module at a time.
    folder = tmp_path / "notebooks"
    folder.mkdir()
    shutil.copy(FIXTURES / "ok.ipynb", folder / "ok.ipynb")
    cache = tmp_path / "cache"
    (first,) = notebooks.run_notebooks([folder / "ok.ipynb"], root=tmp_path, cache_dir=cache)
    real = notebooks.source_digest

    def edited(module: str) -> None:
        monkeypatch.setattr(
            notebooks,
            "source_digest",
            lambda path: "edited" if path.as_posix().endswith(module) else real(path),
        )

    # The vault engine and the site: the notebook does not import them, the figures stay.
    edited("nonlinear/vault/index.py")
    (hit,) = notebooks.run_notebooks([folder / "ok.ipynb"], root=tmp_path, cache_dir=cache)
    assert hit.from_cache
    edited("nonlinear/site/graph_layout.py")
    assert notebooks.run_notebooks([folder / "ok.ipynb"], root=tmp_path, cache_dir=cache)[
        0
    ].from_cache
    # The figures module it imports: never trusted again, run anew, entry replaced.
    edited("nonlinear/notebooks/figures.py")
    (miss,) = notebooks.run_notebooks([folder / "ok.ipynb"], root=tmp_path, cache_dir=cache)
    assert not miss.from_cache
    assert miss.executed.parent == first.executed.parent  # same key: the entry is replaced
    assert [p.name for p in cache.iterdir()] == [miss.executed.parent.name]
    # An entry without its record (e.g. an older cache) is never trusted either.
    monkeypatch.setattr(notebooks, "source_digest", real)
    (miss.executed.parent / "deps.json").unlink()
    assert not notebooks.run_notebooks([folder / "ok.ipynb"], root=tmp_path, cache_dir=cache)[
        0
    ].from_cache


def test_figures_are_byte_identical_across_two_runs(tmp_path: Path) -> None:
    runs = [
        notebooks.run_notebooks([FIXTURES / "ok.ipynb"], root=ROOT, cache_dir=tmp_path / name)[0]
        for name in ("a", "b")
    ]
    assert not runs[1].from_cache
    for one, other in zip(runs[0].figures, runs[1].figures, strict=True):
        assert one.read_bytes() == other.read_bytes()


# --- figures across notebooks ----------------------------------------------------------------


def _executed(tmp_path: Path, label: str, *names: str) -> ExecutedNotebook:
    folder = tmp_path / label
    folder.mkdir()
    paths = []
    for name in names:
        (folder / name).write_bytes(b"")
        paths.append(folder / name)
    return ExecutedNotebook(
        tmp_path / f"{label}.ipynb", f"notebooks/{label}.ipynb", folder, tuple(paths), True
    )


def test_collect_figures_maps_file_names_to_files(tmp_path: Path) -> None:
    a = _executed(tmp_path, "a", "relu.png", "relu.svg")
    b = _executed(tmp_path, "b", "tanh.svg")
    assert notebooks.collect_figures([a, b]) == {
        "relu.png": a.figures[0],
        "relu.svg": a.figures[1],
        "tanh.svg": b.figures[0],
    }


def test_two_notebooks_drawing_the_same_figure_is_an_error(tmp_path: Path) -> None:
    a = _executed(tmp_path, "a", "relu.svg")
    b = _executed(tmp_path, "b", "relu.svg")
    with pytest.raises(NotebookError, match=r"notebooks/b.ipynb: notebook-error: DuplicateFigure"):
        notebooks.collect_figures([a, b])


# --- Markdown pages --------------------------------------------------------------------------


def _cell(kind: str, source: str, outputs: list[dict[str, Any]] | None = None, **meta: Any) -> Any:
    cell: dict[str, Any] = {"cell_type": kind, "source": source, "metadata": meta}
    if kind == "code":
        cell["outputs"] = outputs or []
    return cell


def _page(*cells: Any) -> str:
    return notebooks.to_markdown(
        {"cells": list(cells)}, title="Fallback", figure_href=lambda name: f"../figures/{name}"
    )


@pytest.mark.parametrize(
    ("cells", "expected"),
    [
        pytest.param(
            [_cell("markdown", "# Activation gallery\n\nOne figure per function.")],
            '---\ntitle: "Activation gallery"\n---\n\nOne figure per function.\n',
            id="first H1 becomes the title",
        ),
        pytest.param(
            [_cell("markdown", "Intro\n\n# Not a title")],
            '---\ntitle: "Fallback"\n---\n\nIntro\n\n# Not a title\n',
            id="H1 later in the cell stays",
        ),
        pytest.param(
            [_cell("code", "x = 1", [{"output_type": "stream", "name": "stdout", "text": "1\n"}])],
            '---\ntitle: "Fallback"\n---\n\n```python\nx = 1\n```\n\n```text\n1\n```\n',
            id="code and stream",
        ),
        pytest.param(
            [_cell("code", "s = '```'")],
            "---\ntitle: \"Fallback\"\n---\n\n````python\ns = '```'\n````\n",
            id="fence longer than backticks inside",
        ),
        pytest.param(
            [
                _cell(
                    "code",
                    "figures.save(fig, 'relu')",
                    [
                        {
                            "output_type": "execute_result",
                            "data": {
                                FIGURE_MIME: {"name": "relu", "alt": "ReLU [f and f']"},
                                "image/svg+xml": "<svg/>",
                                "text/plain": "relu.svg",
                            },
                        }
                    ],
                )
            ],
            "---\ntitle: \"Fallback\"\n---\n\n```python\nfigures.save(fig, 'relu')\n```\n\n"
            "![ReLU \\[f and f'\\]](../figures/relu.svg)\n",
            id="saved figure becomes an image link",
        ),
        pytest.param(
            [
                _cell("code", "import numpy", **{"tags": ["remove-input"]}),
                _cell(
                    "code",
                    "print(1)",
                    [{"output_type": "stream", "text": "1"}],
                    tags=["remove-output"],
                ),
                _cell("markdown", "hidden", tags=["remove-cell"]),
            ],
            '---\ntitle: "Fallback"\n---\n\n```python\nprint(1)\n```\n',
            id="tags hide parts",
        ),
        pytest.param(
            [
                _cell(
                    "code",
                    "display(Markdown('**a**'))",
                    [{"output_type": "display_data", "data": {"text/markdown": "**a**"}}],
                )
            ],
            '---\ntitle: "Fallback"\n---\n\n'
            "```python\ndisplay(Markdown('**a**'))\n```\n\n**a**\n",
            id="markdown output is copied",
        ),
        pytest.param(
            [
                _cell(
                    "code",
                    "'x'",
                    [{"output_type": "execute_result", "data": {"text/plain": "'x'"}}],
                )
            ],
            "---\ntitle: \"Fallback\"\n---\n\n```python\n'x'\n```\n\n```text\n'x'\n```\n",
            id="plain result is fenced",
        ),
    ],
)
def test_to_markdown(cells: list[Any], expected: str) -> None:
    assert _page(*cells) == expected


def test_notebook_markdown_links_figures_relative_to_the_page(tmp_path: Path) -> None:
    executed = tmp_path / "notebook.ipynb"
    figure = {FIGURE_MIME: {"name": "tanh", "alt": "Tanh"}}
    cells = [_cell("code", "save()", [{"output_type": "display_data", "data": figure}])]
    executed.write_text(json.dumps({"cells": cells}), encoding="utf-8")
    notebook = ExecutedNotebook(tmp_path / "gallery-page.ipynb", "x", executed, (), True)
    page = notebooks.notebook_markdown(
        notebook, src_uri="notebooks/gallery-page.ipynb", figures_uri="figures"
    )
    assert page.startswith('---\ntitle: "Gallery page"\n---\n')
    assert "![Tanh](../figures/tanh.svg)" in page


# --- the stored notebooks --------------------------------------------------------------------

STORED = sorted((ROOT / "notebooks").glob("*.ipynb")) + sorted(FIXTURES.glob("*.ipynb"))


@pytest.mark.parametrize("path", STORED, ids=lambda path: path.name)
def test_notebooks_are_stored_without_outputs(path: Path) -> None:
    content = json.loads(path.read_text(encoding="utf-8"))
    assert (content["nbformat"], content["metadata"]["kernelspec"]["name"]) == (4, "python3")
    for index, cell in enumerate(content["cells"]):
        if cell["cell_type"] == "code":
            assert cell["outputs"] == [], f"{path.name}: cell {index} has outputs"
            assert cell["execution_count"] is None, f"{path.name}: cell {index} was run"


def test_the_real_notebooks_exist() -> None:
    names = {path.name for path in (ROOT / "notebooks").glob("*.ipynb")}
    assert names == {
        "activation-gallery.ipynb",
        "comparisons.ipynb",
        "gradients-and-sparsity.ipynb",
        "vector-functions.ipynb",
    }


def test_every_figure_of_the_contract_is_drawn_by_the_real_notebooks(tmp_path: Path) -> None:
    # The slowest test: runs the three notebooks (concurrently) in a scratch cache.
    executed = notebooks.run_notebooks(
        notebooks.find_notebooks(ROOT / "notebooks"), root=ROOT, cache_dir=tmp_path
    )
    produced = set(notebooks.collect_figures(executed))
    expected = {
        f"{name}.{ext}"
        for name in ACTIVATION_FIGURES + COMPARISON_FIGURES
        for ext in ("svg", "png")
    }
    assert expected <= produced


def test_a_cell_that_runs_too_long_fails_with_its_index(tmp_path: Path) -> None:
    with pytest.raises(NotebookError) as caught:
        notebooks.run_notebooks([FIXTURES / "slow.ipynb"], root=ROOT, cache_dir=tmp_path, timeout=2)
    assert caught.value.failures == (
        CellFailure(
            "tests/fixtures/notebooks/slow.ipynb",
            2,
            None,
            "Timeout",
            "the cell ran longer than 2 s",
        ),
    )
