"""hooks/notebooks.py in a real MkDocs build: pages, figures, cache, failures, foreign vaults,
and the vault's committed copies of the outputs (written by ``make notebooks``, checked by the
build, never written by it)."""

from __future__ import annotations

import importlib.util
import json
import logging
import os
import shutil
import subprocess
import sys
from collections.abc import Callable
from pathlib import Path

import pytest
from bs4 import BeautifulSoup
from mkdocs.commands.build import build
from mkdocs.config import load_config
from mkdocs.exceptions import Abort

ROOT = Path(__file__).resolve().parents[2]
FIXTURES = ROOT / "tests" / "fixtures" / "notebooks"

pytestmark = pytest.mark.site

CONFIG = f"""\
site_name: Notebook fixture
site_url: https://example.org/
use_directory_urls: true
theme: mkdocs
hooks:
  - {ROOT / "hooks" / "jupyter.py"}
  - {ROOT / "hooks" / "notebooks.py"}
  - {ROOT / "hooks" / "wikilinks.py"}
"""


def _script_main() -> Callable[[list[str]], int]:
    """``scripts/notebook_outputs.py`` (what ``make notebooks`` runs), loaded as a module."""
    spec = importlib.util.spec_from_file_location(
        "notebook_outputs", ROOT / "scripts" / "notebook_outputs.py"
    )
    assert spec is not None
    assert spec.loader is not None
    module = importlib.util.module_from_spec(spec)
    spec.loader.exec_module(module)
    main: Callable[[list[str]], int] = module.main
    return main


def make_notebooks(project: Path) -> int:
    """Run ``make notebooks`` for a test project: write its vault's copies."""
    return _script_main()(["--project", str(project), "--vault", str(project / "docs")])


def _snapshot(folder: Path) -> dict[str, tuple[bytes, int]]:
    """Every file under ``folder`` with its bytes and modification time."""
    return {
        path.relative_to(folder).as_posix(): (path.read_bytes(), path.stat().st_mtime_ns)
        for path in sorted(folder.rglob("*"))
        if path.is_file()
    }


def _site(tmp_path: Path, *notebooks: str) -> Path:
    """A project with one note and the given fixture notebooks; returns its folder."""
    project = tmp_path / "project"
    (project / "docs").mkdir(parents=True)
    (project / "docs" / "index.md").write_text("# Home\n\nSee the figure.\n", encoding="utf-8")
    (project / "mkdocs.yml").write_text(CONFIG, encoding="utf-8")
    if notebooks:
        (project / "notebooks").mkdir()
    for name in notebooks:
        shutil.copy(FIXTURES / name, project / "notebooks" / name)
    return project


def _build(project: Path, site: Path) -> None:
    build(load_config(str(project / "mkdocs.yml"), site_dir=str(site), strict=True))


def test_notebook_becomes_a_page_and_its_figures_are_published(
    tmp_path: Path, monkeypatch: pytest.MonkeyPatch, caplog: pytest.LogCaptureFixture
) -> None:
    monkeypatch.delenv("NONLINEAR_NOTEBOOKS", raising=False)
    project = _site(tmp_path, "ok.ipynb")
    assert make_notebooks(project) == 0
    vault = _snapshot(project / "docs")
    site = tmp_path / "site"
    with caplog.at_level(logging.INFO, logger="mkdocs.plugins.nonlinear"):
        _build(project, site)
    assert (site / "figures" / "fixture-abs.svg").is_file()
    assert (site / "figures" / "fixture-abs.png").is_file()
    page = BeautifulSoup((site / "notebooks" / "ok" / "index.html").read_text("utf-8"), "lxml")
    assert page.title is not None
    assert page.title.string is not None
    assert page.title.string.startswith("Fixture figure")
    # The figure's text alternative is written from what it draws (nonlinear.notebooks.describe).
    image = page.select_one("img[src$='fixture-abs.svg']")
    assert image is not None
    assert image["alt"] == (
        "Absolute value. Line chart against x, from −1 to 1. The curve falls from 1 at "
        "x = −1 to a minimum of 0 at x = 0, then rises to 1 at x = 1."
    )
    assert image["src"] == "../../figures/fixture-abs.svg"  # relative, resolved by MkDocs
    assert "done" in page.get_text()
    # Lean: no JupyterLab CSS inlined (mkdocs-jupyter would add ~575 KB per page).
    assert len((site / "notebooks" / "ok" / "index.html").read_bytes()) < 60_000
    # The build wrote nothing into the vault (its copies are make notebooks' work); the cache
    # lives next to mkdocs.yml.
    assert _snapshot(project / "docs") == vault
    assert sorted(vault) == [
        ".nonlinear-outputs.json",
        "figures/fixture-abs.svg",
        "index.md",
        "notebooks/ok.ipynb.md",
    ]
    assert list((project / ".cache" / "notebooks").glob("ok-*"))
    assert "notebooks: 0 executed, 1 from cache, 2 figure files" in caplog.text

    # A second build in the same process (as `mkdocs serve` does) takes everything from the cache.
    caplog.clear()
    with caplog.at_level(logging.INFO, logger="mkdocs.plugins.nonlinear"):
        _build(project, tmp_path / "site2")
    assert "notebooks: 0 executed, 1 from cache, 2 figure files" in caplog.text
    for name in ("fixture-abs.svg", "fixture-abs.png"):
        assert (site / "figures" / name).read_bytes() == (
            tmp_path / "site2" / "figures" / name
        ).read_bytes()


def test_failing_cell_fails_the_build_with_notebook_and_cell(
    tmp_path: Path, monkeypatch: pytest.MonkeyPatch, caplog: pytest.LogCaptureFixture
) -> None:
    monkeypatch.delenv("NONLINEAR_NOTEBOOKS", raising=False)
    project = _site(tmp_path, "ok.ipynb", "failing.ipynb")
    # PluginError is a BuildError: MkDocs logs it as an error and aborts, strict or not.
    with pytest.raises(Abort):
        _build(project, tmp_path / "site")
    errors = [r.getMessage() for r in caplog.records if r.levelno == logging.ERROR]
    assert errors == [
        "notebooks/failing.ipynb: cell 2 (counted from 0), line 3: "
        "notebook-error: ZeroDivisionError: division by zero\n"
        "    > x / y\n"
        "Run the notebook in Jupyter to debug it (cells are counted from 0, Markdown cells "
        "included); set NONLINEAR_NOTEBOOKS= (empty) to build without notebooks."
    ]


def test_a_plain_vault_builds_without_notebooks(
    tmp_path: Path, monkeypatch: pytest.MonkeyPatch
) -> None:
    # `make site VAULT=...` sets NONLINEAR_NOTEBOOKS empty; a folder of notes must build.
    monkeypatch.setenv("NONLINEAR_NOTEBOOKS", "")
    project = _site(tmp_path, "failing.ipynb")  # would fail if it ran
    _build(project, tmp_path / "site")
    assert (tmp_path / "site" / "index.html").is_file()
    assert not (tmp_path / "site" / "figures").exists()
    assert not (project / ".cache" / "notebooks").exists()  # no notebook was run


# --- heavy libraries only when needed; mkdocs-jupyter only for a vault's own .ipynb -----------

HEAVY = ("mkdocs_jupyter", "nbconvert", "jupytext", "nbclient", "jupyter_client", "matplotlib")

# Builds in a fresh interpreter and prints which heavy modules the build imported.
CHILD = """\
import json, sys
from mkdocs.commands.build import build
from mkdocs.config import load_config
build(load_config(sys.argv[1], site_dir=sys.argv[2], strict=True))
print(json.dumps(sorted(m for m in sys.argv[3].split(",") if m in sys.modules)))
"""


def _imported_by_build(config: Path, site: Path, env: dict[str, str]) -> list[str]:
    out = subprocess.run(
        [sys.executable, "-c", CHILD, str(config), str(site), ",".join(HEAVY)],
        check=True,
        capture_output=True,
        text=True,
        env={**os.environ, "NO_MKDOCS_2_WARNING": "1", **env},
        cwd=config.parent,
    )
    imported: list[str] = json.loads(out.stdout.strip().splitlines()[-1])
    return imported


def test_a_build_whose_notebooks_are_cached_imports_no_notebook_library(
    tmp_path: Path, monkeypatch: pytest.MonkeyPatch
) -> None:
    monkeypatch.delenv("NONLINEAR_NOTEBOOKS", raising=False)
    project = _site(tmp_path, "ok.ipynb")
    assert make_notebooks(project) == 0  # runs the notebook: fills the cache and the vault copies
    imported = _imported_by_build(project / "mkdocs.yml", tmp_path / "site2", {})
    assert imported == []
    assert (tmp_path / "site2" / "figures" / "fixture-abs.svg").is_file()


def test_the_knowledge_base_config_imports_no_notebook_library_for_a_plain_vault(
    tmp_path: Path,
) -> None:
    vault = tmp_path / "vault"
    vault.mkdir()
    (vault / "Note.md").write_text("A note linking [[Other]].\n", encoding="utf-8")
    (vault / "Other.md").write_text("The other note.\n", encoding="utf-8")
    imported = _imported_by_build(
        ROOT / "mkdocs.vault.yml",  # what `make site VAULT=` builds another vault with
        tmp_path / "site",
        {"NONLINEAR_VAULT": str(vault), "NONLINEAR_NOTEBOOKS": ""},
    )
    assert imported == []
    assert (tmp_path / "site" / "Note" / "index.html").is_file()


def _stored_notebook(text: str) -> str:
    """A notebook as Jupyter stores it after a run: one heading, one cell with its output."""
    return json.dumps(
        {
            "cells": [
                {"cell_type": "markdown", "id": "a", "metadata": {}, "source": ["# Stored\n"]},
                {
                    "cell_type": "code",
                    "execution_count": 1,
                    "id": "b",
                    "metadata": {},
                    "outputs": [{"name": "stdout", "output_type": "stream", "text": [text]}],
                    "source": ["print('hello')"],
                },
            ],
            "metadata": {
                "kernelspec": {"display_name": "Python 3", "language": "python", "name": "python3"}
            },
            "nbformat": 4,
            "nbformat_minor": 5,
        }
    )


def test_a_vault_notebook_is_rendered_by_mkdocs_jupyter_as_stored(
    tmp_path: Path, monkeypatch: pytest.MonkeyPatch
) -> None:
    monkeypatch.setenv("NONLINEAR_NOTEBOOKS", "")
    project = _site(tmp_path)
    (project / "docs" / "Lab").mkdir()
    (project / "docs" / "Lab" / "analysis.ipynb").write_text(
        _stored_notebook("hello from the vault\n"), encoding="utf-8"
    )
    # A note with Jupytext-looking frontmatter stays a note: include matches *.ipynb only.
    (project / "docs" / "Lab" / "note.md").write_text(
        "---\njupyter:\n  kernelspec:\n    language: python\n    name: python3\n---\n"
        "# A note\n\nPlain text.\n",
        encoding="utf-8",
    )
    site = tmp_path / "site"
    _build(project, site)
    page = (site / "Lab" / "analysis" / "index.html").read_text(encoding="utf-8")
    assert "hello from the vault" in page
    assert "jp-Notebook" in page  # mkdocs-jupyter's rendering, not a copy of the file
    note = (site / "Lab" / "note" / "index.html").read_text(encoding="utf-8")
    assert "Plain text." in note
    assert "jp-Notebook" not in note


def _warnings(caplog: pytest.LogCaptureFixture) -> list[str]:
    prefix = "nonlinear: "  # MkDocs' plugin logger names the plugin
    return [
        r.getMessage().removeprefix(prefix) for r in caplog.records if r.levelno == logging.WARNING
    ]


def test_without_the_vault_copies_the_strict_build_fails_and_names_the_command(
    tmp_path: Path, monkeypatch: pytest.MonkeyPatch, caplog: pytest.LogCaptureFixture
) -> None:
    monkeypatch.delenv("NONLINEAR_NOTEBOOKS", raising=False)
    project = _site(tmp_path, "ok.ipynb")
    with pytest.raises(Abort):
        _build(project, tmp_path / "site")
    missing = (
        "notebooks/ok.ipynb produces this file but the vault has no copy, so Obsidian cannot "
        "show it; run `make notebooks` and commit what it writes"
    )
    assert _warnings(caplog) == [
        f"figures/fixture-abs.svg:1:1: stale-output: {missing}",
        f"notebooks/ok.ipynb.md:1:1: stale-output: {missing}",
    ]
    assert not (project / "docs" / "figures").exists()  # the build never writes the vault


def test_a_stale_copy_is_reported_and_never_published(
    tmp_path: Path, monkeypatch: pytest.MonkeyPatch, caplog: pytest.LogCaptureFixture
) -> None:
    monkeypatch.delenv("NONLINEAR_NOTEBOOKS", raising=False)
    project = _site(tmp_path, "ok.ipynb")
    assert make_notebooks(project) == 0
    # The author changes the notebook and forgets `make notebooks`: the copies are stale.
    notebook = project / "notebooks" / "ok.ipynb"
    notebook.write_text(
        notebook.read_text(encoding="utf-8").replace("Absolute value", "Magnitude"),
        encoding="utf-8",
    )
    vault = _snapshot(project / "docs")
    with pytest.raises(Abort):
        _build(project, tmp_path / "strict")
    stale = "differs from what notebooks/ok.ipynb produces now; run `make notebooks`"
    assert _warnings(caplog) == [
        f"figures/fixture-abs.svg:1:1: stale-output: {stale} and commit what it writes",
        f"notebooks/ok.ipynb.md:1:1: stale-output: {stale} and commit what it writes",
    ]
    # Not strict (as `make serve`): the site shows what the notebook draws now, not the copy.
    site = tmp_path / "site"
    build(load_config(str(project / "mkdocs.yml"), site_dir=str(site), strict=False))
    published = (site / "figures" / "fixture-abs.svg").read_bytes()
    assert b"Magnitude" in published
    assert b"Absolute value" in vault["figures/fixture-abs.svg"][0]
    page = (site / "notebooks" / "ok" / "index.html").read_text(encoding="utf-8")
    assert "Magnitude" in page
    assert _snapshot(project / "docs") == vault  # still never written by the build
    # `make notebooks` brings the copies up to date; the strict build passes again.
    assert make_notebooks(project) == 0
    assert (project / "docs" / "figures" / "fixture-abs.svg").read_bytes() == published
    caplog.clear()
    _build(project, tmp_path / "fixed")
    assert _warnings(caplog) == []


def test_make_notebooks_never_overwrites_an_authored_file(
    tmp_path: Path, monkeypatch: pytest.MonkeyPatch, capsys: pytest.CaptureFixture[str]
) -> None:
    monkeypatch.delenv("NONLINEAR_NOTEBOOKS", raising=False)
    project = _site(tmp_path, "ok.ipynb")
    (project / "docs" / "figures").mkdir()
    mine = project / "docs" / "figures" / "fixture-abs.svg"
    mine.write_text("<svg>drawn by hand</svg>", encoding="utf-8")
    assert make_notebooks(project) == 1
    assert mine.read_text(encoding="utf-8") == "<svg>drawn by hand</svg>"
    assert not (project / "docs" / "notebooks").exists()
    err = capsys.readouterr().err
    assert "docs/figures/fixture-abs.svg:1:1: stale-output: notebooks/ok.ipynb produces" in err
    assert "nothing was written" in err


def test_the_check_can_be_switched_off_per_site(
    tmp_path: Path, monkeypatch: pytest.MonkeyPatch, caplog: pytest.LogCaptureFixture
) -> None:
    monkeypatch.delenv("NONLINEAR_NOTEBOOKS", raising=False)
    project = _site(tmp_path, "ok.ipynb")
    config = project / "mkdocs.yml"
    config.write_text(
        config.read_text(encoding="utf-8")
        + "extra:\n  nonlinear:\n    validation:\n      stale-output: ignore\n",
        encoding="utf-8",
    )
    _build(project, tmp_path / "site")  # strict, without copies: the owner opted out
    assert (tmp_path / "site" / "figures" / "fixture-abs.svg").is_file()
    assert _warnings(caplog) == []


def test_with_notebooks_off_the_committed_copies_are_published_as_they_are_and_said_so(
    tmp_path: Path, monkeypatch: pytest.MonkeyPatch, caplog: pytest.LogCaptureFixture
) -> None:
    monkeypatch.delenv("NONLINEAR_NOTEBOOKS", raising=False)
    project = _site(tmp_path, "ok.ipynb")
    assert make_notebooks(project) == 0
    monkeypatch.setenv("NONLINEAR_NOTEBOOKS", "")
    with caplog.at_level(logging.INFO, logger="mkdocs.plugins.nonlinear"):
        _build(project, tmp_path / "site")
    assert (
        "notebooks are off: the 2 notebook outputs committed in the vault "
        "(.nonlinear-outputs.json) are published as they are, not checked against the notebooks"
    ) in caplog.text
    assert (tmp_path / "site" / "figures" / "fixture-abs.svg").is_file()
