"""hooks/notebooks.py in a real MkDocs build: pages, figures, cache, failures, foreign vaults."""

from __future__ import annotations

import json
import logging
import os
import shutil
import subprocess
import sys
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
"""


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
    site = tmp_path / "site"
    with caplog.at_level(logging.INFO, logger="mkdocs.plugins.nonlinear"):
        _build(project, site)
    assert (site / "figures" / "fixture-abs.svg").is_file()
    assert (site / "figures" / "fixture-abs.png").is_file()
    page = BeautifulSoup((site / "notebooks" / "ok" / "index.html").read_text("utf-8"), "lxml")
    assert page.title is not None
    assert page.title.string is not None
    assert page.title.string.startswith("Fixture figure")
    image = page.select_one("img[alt='Absolute value']")
    assert image is not None
    assert image["src"] == "../../figures/fixture-abs.svg"  # relative, resolved by MkDocs
    assert "done" in page.get_text()
    # Lean: no JupyterLab CSS inlined (mkdocs-jupyter would add ~575 KB per page).
    assert len((site / "notebooks" / "ok" / "index.html").read_bytes()) < 60_000
    # Figures and cache stay out of docs/; the cache lives next to mkdocs.yml.
    assert not (project / "docs" / "figures").exists()
    assert list((project / ".cache" / "notebooks").glob("ok-*"))
    assert "notebooks: 1 executed, 0 from cache, 2 figure files" in caplog.text

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
    assert not (project / ".cache").exists()


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
    _build(project, tmp_path / "site")  # runs the notebook: fills the cache
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
        ROOT / "mkdocs.yml",
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
