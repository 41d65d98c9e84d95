"""hooks/notebooks.py in a real MkDocs build: pages, figures, cache, failures, foreign vaults."""

from __future__ import annotations

import logging
import shutil
from pathlib import Path

import pytest
from bs4 import BeautifulSoup
from mkdocs.commands.build import build
from mkdocs.config import load_config
from mkdocs.exceptions import Abort

from nonlinear.notebooks import run as notebooks

ROOT = Path(__file__).resolve().parents[2]
FIXTURES = ROOT / "tests" / "fixtures" / "notebooks"

pytestmark = pytest.mark.site

CONFIG = f"""\
site_name: Notebook fixture
site_url: https://example.org/
use_directory_urls: true
theme: mkdocs
plugins:
  - mkdocs-jupyter:
      include: ["*.ipynb"]
      execute: false
      allow_errors: false
hooks:
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
    # The cache key covers the library's sources; pin them, as other work may edit the
    # package between the two builds (the key's sensitivity is tested in tests/unit).
    sources = notebooks.library_sources()
    monkeypatch.setattr(notebooks, "library_sources", lambda: sources)
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
