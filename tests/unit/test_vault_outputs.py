"""The vault copies of the notebooks' outputs: planned, checked, written; never authored files."""

from __future__ import annotations

import json
from pathlib import Path

import pytest

from nonlinear.notebooks.figures import FIGURE_MIME
from nonlinear.notebooks.run import ExecutedNotebook
from nonlinear.notebooks.vault_outputs import (
    MANIFEST,
    Output,
    check_vault,
    page_src_uri,
    plan_outputs,
    read_manifest,
    write_vault,
)


def _notebook(tmp_path: Path, stem: str, figures: dict[str, bytes]) -> ExecutedNotebook:
    """An executed notebook in a fake cache entry: a title cell and one output per figure."""
    entry = tmp_path / "cache" / stem
    (entry / "figures").mkdir(parents=True)
    outputs = []
    paths = []
    for name, data in figures.items():
        for suffix in (".svg", ".png"):
            path = entry / "figures" / (name + suffix)
            path.write_bytes(data if suffix == ".svg" else b"PNG" + data)
            paths.append(path)
        outputs.append(
            {
                "output_type": "display_data",
                "metadata": {},
                "data": {FIGURE_MIME: {"name": name, "alt": f"The {name} curve"}},
            }
        )
    cells = [
        {"cell_type": "markdown", "metadata": {}, "source": f"# The {stem} notebook\n\nIt draws."},
        {
            "cell_type": "code",
            "metadata": {},
            "execution_count": 1,
            "source": "draw()",
            "outputs": outputs,
        },
    ]
    executed = entry / "notebook.ipynb"
    executed.write_text(json.dumps({"cells": cells, "nbformat": 4}), encoding="utf-8")
    source = tmp_path / "notebooks" / f"{stem}.ipynb"
    return ExecutedNotebook(
        source, f"notebooks/{stem}.ipynb", executed, tuple(sorted(paths)), from_cache=True
    )


def _plan(tmp_path: Path, figures: dict[str, bytes]) -> dict[str, Output]:
    notebook = _notebook(tmp_path, "gallery", figures)
    return plan_outputs([notebook], {path.name: path for path in notebook.figures})


@pytest.fixture
def vault(tmp_path: Path) -> Path:
    folder = tmp_path / "vault"
    folder.mkdir()
    (folder / "Note.md").write_text("![[a.svg]]\n", encoding="utf-8")
    return folder


def _messages(vault: Path, outputs: dict[str, Output]) -> list[str]:
    return [str(problem) for problem in check_vault(outputs, vault)]


def test_the_plan_holds_each_svg_each_notebook_note_and_the_manifest(tmp_path: Path) -> None:
    outputs = _plan(tmp_path, {"a": b"<svg>a</svg>", "b": b"<svg>b</svg>"})
    assert list(outputs) == [
        MANIFEST,
        "figures/a.svg",
        "figures/b.svg",
        "notebooks/gallery.ipynb.md",
    ]  # no PNG: the pages show the SVGs; the PNGs are downloads on the site only
    assert outputs["figures/a.svg"] == Output(b"<svg>a</svg>", "notebooks/gallery.ipynb")
    note = outputs["notebooks/gallery.ipynb.md"].data.decode("utf-8")
    assert note.startswith(
        '---\ntitle: "The gallery notebook"\npermalink: "notebooks/gallery"\n---\n'
        "%% Generated from notebooks/gallery.ipynb by `make notebooks`: edit the notebook, then "
        "run `make notebooks`. Changes made here are overwritten. %%\n"
    )
    # Figure links are relative to the note, so Obsidian and MkDocs both find the copy.
    assert "![The a curve](../figures/a.svg)" in note
    manifest = json.loads(outputs[MANIFEST].data)
    assert manifest["files"] == {
        "figures/a.svg": "notebooks/gallery.ipynb",
        "figures/b.svg": "notebooks/gallery.ipynb",
        "notebooks/gallery.ipynb.md": "notebooks/gallery.ipynb",
    }


def test_page_src_uri_keeps_the_notebook_name_so_obsidian_resolves_the_link(
    tmp_path: Path,
) -> None:
    # [[gallery.ipynb]]: no file has that name, so Obsidian (and our resolver) try ".md".
    assert page_src_uri(_notebook(tmp_path, "gallery", {})) == "notebooks/gallery.ipynb.md"


def test_an_empty_vault_lacks_every_output_and_names_the_command(
    tmp_path: Path, vault: Path
) -> None:
    outputs = _plan(tmp_path, {"a": b"<svg>a</svg>"})
    assert _messages(vault, outputs) == [
        "figures/a.svg:1:1: stale-output: notebooks/gallery.ipynb produces this file but the "
        "vault has no copy, so Obsidian cannot show it; run `make notebooks` and commit what "
        "it writes",
        "notebooks/gallery.ipynb.md:1:1: stale-output: notebooks/gallery.ipynb produces this "
        "file but the vault has no copy, so Obsidian cannot show it; run `make notebooks` and "
        "commit what it writes",
    ]


def test_written_copies_pass_the_check_and_a_second_write_changes_nothing(
    tmp_path: Path, vault: Path
) -> None:
    outputs = _plan(tmp_path, {"a": b"<svg>a</svg>"})
    result = write_vault(outputs, vault)
    assert result.written == (MANIFEST, "figures/a.svg", "notebooks/gallery.ipynb.md")
    assert (vault / "figures" / "a.svg").read_bytes() == b"<svg>a</svg>"
    assert not (vault / "figures" / "a.png").exists()
    assert _messages(vault, outputs) == []
    again = write_vault(outputs, vault)
    assert (again.written, again.removed, again.unchanged) == ((), (), 3)
    assert (vault / "Note.md").read_text(encoding="utf-8") == "![[a.svg]]\n"


def test_a_stale_copy_is_reported_and_rewritten(tmp_path: Path, vault: Path) -> None:
    write_vault(_plan(tmp_path / "old", {"a": b"<svg>old</svg>"}), vault)
    outputs = _plan(tmp_path / "new", {"a": b"<svg>new</svg>"})
    assert _messages(vault, outputs) == [
        "figures/a.svg:1:1: stale-output: differs from what notebooks/gallery.ipynb produces "
        "now; run `make notebooks` and commit what it writes"
    ]
    assert write_vault(outputs, vault).written == ("figures/a.svg",)
    assert _messages(vault, outputs) == []


def test_an_output_no_notebook_produces_is_reported_and_deleted(
    tmp_path: Path, vault: Path
) -> None:
    write_vault(_plan(tmp_path / "old", {"a": b"<svg>a</svg>", "gone": b"<svg>g</svg>"}), vault)
    outputs = _plan(tmp_path / "new", {"a": b"<svg>a</svg>"})
    assert _messages(vault, outputs) == [
        "figures/gone.svg:1:1: stale-output: no notebook produces this file any more (was "
        "from notebooks/gallery.ipynb); run `make notebooks`, which deletes it, and commit "
        "the deletion",
        # The notebook's note no longer shows the figure either.
        "notebooks/gallery.ipynb.md:1:1: stale-output: differs from what "
        "notebooks/gallery.ipynb produces now; run `make notebooks` and commit what it writes",
    ]
    result = write_vault(outputs, vault)
    assert result.removed == ("figures/gone.svg",)
    assert result.written == (MANIFEST, "notebooks/gallery.ipynb.md")
    assert not (vault / "figures" / "gone.svg").exists()
    assert _messages(vault, outputs) == []


def test_an_authored_file_in_the_way_is_never_overwritten(tmp_path: Path, vault: Path) -> None:
    (vault / "figures").mkdir()
    (vault / "figures" / "a.svg").write_bytes(b"<svg>drawn by hand</svg>")
    outputs = _plan(tmp_path, {"a": b"<svg>a</svg>"})
    authored = (
        "figures/a.svg:1:1: stale-output: notebooks/gallery.ipynb produces a file of this "
        "name, but this one was not written by `make notebooks` (the vault's "
        ".nonlinear-outputs.json does not list it), so it is never overwritten: rename the "
        "figure in the notebook, or move this file elsewhere"
    )
    assert _messages(vault, outputs)[0] == authored
    result = write_vault(outputs, vault)
    assert [str(problem) for problem in result.refused] == [authored]
    assert result.written == ()
    # Nothing at all was written: not the other outputs, not the manifest.
    assert (vault / "figures" / "a.svg").read_bytes() == b"<svg>drawn by hand</svg>"
    assert sorted(p.relative_to(vault).as_posix() for p in vault.rglob("*")) == [
        "Note.md",
        "figures",
        "figures/a.svg",
    ]


def test_an_identical_file_is_adopted_without_a_write(tmp_path: Path, vault: Path) -> None:
    (vault / "figures").mkdir()
    (vault / "figures" / "a.svg").write_bytes(b"<svg>a</svg>")
    outputs = _plan(tmp_path, {"a": b"<svg>a</svg>"})
    result = write_vault(outputs, vault)
    assert result.refused == ()
    assert "figures/a.svg" not in result.written
    assert _messages(vault, outputs) == []


def test_the_manifest_is_checked_when_nothing_else_differs(tmp_path: Path, vault: Path) -> None:
    outputs = _plan(tmp_path, {"a": b"<svg>a</svg>"})
    write_vault(outputs, vault)
    (vault / MANIFEST).write_text("{not json", encoding="utf-8")
    [message] = _messages(vault, outputs)
    assert message.startswith(".nonlinear-outputs.json:1:1: stale-output: is not valid JSON (")
    assert message.endswith("; run `make notebooks` and commit what it writes")
    (vault / MANIFEST).unlink()
    assert _messages(vault, outputs) == [
        ".nonlinear-outputs.json:1:1: stale-output: does not list the files the notebooks "
        "produce now; run `make notebooks` and commit what it writes"
    ]
    write_vault(outputs, vault)
    assert _messages(vault, outputs) == []


@pytest.mark.parametrize(
    "listed", ["../outside.svg", "/etc/passwd", "figures//a.svg", "", "figures/../../x"]
)
def test_a_hand_edited_manifest_cannot_reach_outside_the_vault(
    tmp_path: Path, vault: Path, listed: str
) -> None:
    outside = tmp_path / "outside.svg"
    outside.write_bytes(b"keep me")
    (vault / MANIFEST).write_text(json.dumps({"files": {listed: "x"}}), encoding="utf-8")
    assert read_manifest(vault) == ({}, None)
    write_vault(_plan(tmp_path, {"a": b"<svg>a</svg>"}), vault)
    assert outside.read_bytes() == b"keep me"


def test_a_deleted_output_folder_is_removed_when_empty(tmp_path: Path, vault: Path) -> None:
    write_vault(_plan(tmp_path / "old", {"a": b"<svg>a</svg>"}), vault)
    nothing = plan_outputs([], {})
    write_vault(nothing, vault)
    assert not (vault / "figures").exists()
    assert not (vault / "notebooks").exists()
    assert (vault / "Note.md").is_file()
