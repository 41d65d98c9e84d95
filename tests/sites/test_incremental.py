"""An incremental rebuild (``make serve``) equals a clean build, byte for byte, after any edit.

Builds run in one process, as under ``mkdocs serve``: the hooks see ``on_startup`` with
``command="serve"`` and keep each page's results between builds (hooks/incremental.py), and the
build runs in hooks/serve.py's guard, which writes only the files that changed into the same
site folder, and removes those a build no longer makes (nonlinear.serve.output). After
each edit of the vault the incremental build is compared with a clean build of the same vault
(``command="build"``: nothing kept) on every file of the site. The summary line of the
incremental build also shows that pages were really kept (otherwise the test proves nothing).
"""

from __future__ import annotations

import difflib
import logging
import re
import shutil
from collections.abc import Callable, Iterator
from pathlib import Path

import mkdocs.commands.serve as serve_command
import pytest
from fontTools.ttLib import TTFont
from mkdocs.commands.build import build
from mkdocs.config import load_config

pytestmark = pytest.mark.site

ROOT = Path(__file__).resolve().parents[2]
SERVE_URL = "http://127.0.0.1:8000/kb/"
SVG = '<svg xmlns="http://www.w3.org/2000/svg" width="9" height="9"/>'

VAULT = {
    "index.md": "# Home\n\nStart with [[Alpha]], then [[Gamma#Details]].\n",
    "Notes/Alpha.md": (
        "---\ntags: [greek]\naliases: [First letter]\n---\n"
        "Alpha links to [[Beta]] and shows its part:\n\n![[Beta#Part]]\n\n"
        "A formula $x^2 + 1 \\in \\mathbb{R}$ and a figure ![[pic.svg]].\n\n"
        "A paragraph to link to. ^blk\n\n#letters are tagged inline.\n"
    ),
    "Notes/Beta.md": (
        "## Part\n\nBeta's part links to [[Gamma]].\n\n## Other\n\nMore text. %%hidden%%\n"
    ),
    "Notes/Gamma.md": "---\ntitle: Gamma ray\n---\n## Details\n\nGamma links back to [[Alpha]].\n",
    "Notes/Delta.md": (
        "Delta links to [[Alpha#^blk]] and to [[Epsilon]], not there yet.\n\n"
        "Its formula $\\notacommand x$ has a problem, and so has [this link](nowhere/else.md).\n\n"
        "MkDocs reports [an absolute link](/elsewhere) and [an anchor](#nowhere) itself.\n"
    ),
    "Other/Zeta.md": "---\ntags: [leaf]\n---\nZeta is a leaf.\n\nIt links to [[Delta]].\n",
    "img/pic.svg": SVG,
}


def _edit(path: Path, old: str, new: str) -> None:
    text = path.read_text(encoding="utf-8")
    assert old in text, (path, old)
    path.write_text(text.replace(old, new, 1), encoding="utf-8")


class Builder:
    """Builds the vault incrementally (kept results) and cleanly, and compares the two."""

    def __init__(self, root: Path) -> None:
        self.vault = root / "vault"
        self.incremental = root / "site-incremental"
        self.root = root
        self.clean_builds = 0

    def build(self, site: Path, *, incremental: bool) -> list[str]:
        """Build into *site*; return the warnings the build logged (problems, in order)."""
        config = load_config(
            str(ROOT / "mkdocs.yml"),
            docs_dir=str(self.vault),
            site_dir=str(site),
            strict=False,
        )
        config.plugins.on_startup(command="serve" if incremental else "build", dirty=False)
        config.site_url = SERVE_URL  # as mkdocs serve sets it
        warnings = _Warnings()
        logging.getLogger("mkdocs").addHandler(warnings)
        try:
            if incremental:
                # The build mkdocs serve calls: hooks/serve.py's guard, which writes into the
                # site folder only the files that changed, once the build has finished.
                serve_command.build(config, serve_url=SERVE_URL)
            else:
                build(config, serve_url=SERVE_URL)
        finally:
            logging.getLogger("mkdocs").removeHandler(warnings)
        return warnings.lines

    def compare(self) -> None:
        """Build incrementally, then cleanly, and assert both sites are identical."""
        told = self.build(self.incremental, incremental=True)
        self.clean_builds += 1
        clean = self.root / f"site-clean-{self.clean_builds}"
        # Kept pages report their problems again (make serve's problems panel needs them).
        assert told == self.build(clean, incremental=False)
        assert _tree(self.incremental) == _tree(clean)
        for rel in sorted(_tree(clean)):
            a = (self.incremental / rel).read_bytes()
            b = (clean / rel).read_bytes()
            if a != b:
                diff = difflib.unified_diff(
                    b.decode("utf-8", "replace").splitlines(),
                    a.decode("utf-8", "replace").splitlines(),
                    "clean/" + rel,
                    "incremental/" + rel,
                    lineterm="",
                    n=1,
                )
                pytest.fail("\n".join(list(diff)[:60]))
        shutil.rmtree(clean)


class _Warnings(logging.Handler):
    def __init__(self) -> None:
        super().__init__(logging.WARNING)
        self.lines: list[str] = []

    def emit(self, record: logging.LogRecord) -> None:
        self.lines.append(record.getMessage())


def _tree(site: Path) -> set[str]:
    return {p.relative_to(site).as_posix() for p in site.rglob("*") if p.is_file()}


@pytest.fixture
def builder(tmp_path: Path, monkeypatch: pytest.MonkeyPatch) -> Iterator[Builder]:
    monkeypatch.setenv("NO_MKDOCS_2_WARNING", "1")
    monkeypatch.setenv("NONLINEAR_NOTEBOOKS", "")
    vault = tmp_path / "vault"
    for rel, text in VAULT.items():
        (vault / rel).parent.mkdir(parents=True, exist_ok=True)
        (vault / rel).write_text(text, encoding="utf-8")
    made = Builder(tmp_path)
    yield made
    config = load_config(
        str(ROOT / "mkdocs.yml"), docs_dir=str(vault), site_dir=str(tmp_path / "teardown")
    )
    config.plugins.on_shutdown()  # the hooks drop what they kept


def _made(caplog: pytest.LogCaptureFixture) -> dict[str, tuple[int, int]]:
    """Kept and made counts of the last incremental build's summary line."""
    lines = [r.getMessage() for r in caplog.records if "incremental: " in r.getMessage()]
    assert lines, "the incremental build logged no summary"
    found = re.findall(r"(\w+) (\d+) kept/(\d+) made", lines[-1])
    return {name: (int(kept), int(made)) for name, kept, made in found}


Edit = Callable[[Path], None]


def _body(vault: Path) -> None:
    _edit(vault / "Notes/Beta.md", "Beta's part links", "Beta's edited part links")


def _leaf(vault: Path) -> None:
    _edit(vault / "Other/Zeta.md", "Zeta is a leaf", "Zeta is still a leaf")


def _title(vault: Path) -> None:
    _edit(vault / "Notes/Gamma.md", "title: Gamma ray", "title: Gamma burst")


def _add(vault: Path) -> None:
    (vault / "Notes/Epsilon.md").write_text("Epsilon is new; see [[Zeta]].\n", encoding="utf-8")


def _remove(vault: Path) -> None:
    (vault / "Other/Zeta.md").unlink()


def _rename(vault: Path) -> None:
    (vault / "Notes/Beta.md").rename(vault / "Notes/Bravo.md")
    _edit(vault / "Notes/Alpha.md", "[[Beta]]", "[[Bravo]]")


def _broken(vault: Path) -> None:
    _edit(vault / "Notes/Gamma.md", "back to [[Alpha]]", "back to [[Alpha]] and [[No Such Note]]")


def _embedded(vault: Path) -> None:
    _edit(vault / "Notes/Beta.md", "## Part\n\n", "## Part\n\nA new first line of the part.\n\n")


def _tags(vault: Path) -> None:
    _edit(vault / "Notes/Alpha.md", "tags: [greek]", "tags: [greek, first]")
    _edit(vault / "Notes/Alpha.md", "#letters are", "#alphabet and #letters are")


def _missing_heading(vault: Path) -> None:
    _edit(vault / "Notes/Delta.md", "[[Epsilon]]", "[[Gamma#Origin]]")


def _heading(vault: Path) -> None:
    # Only Gamma changes, yet Delta's link to the heading is no longer broken: the page whose
    # Markdown did not change must be rendered again because its link resolves differently.
    _edit(vault / "Notes/Gamma.md", "## Details", "## Origin\n\nFrom space.\n\n## Details")


def _alias_resolves(vault: Path) -> None:
    # Gamma's broken [[No Such Note]] now reaches Delta by its new alias.
    text = (vault / "Notes/Delta.md").read_text(encoding="utf-8")
    (vault / "Notes/Delta.md").write_text("---\naliases: [No Such Note]\n---\n" + text, "utf-8")


def _alias(vault: Path) -> None:
    _edit(vault / "Notes/Alpha.md", "aliases: [First letter]", "aliases: [First letter, A]")


def _formula(vault: Path) -> None:
    # A character no formula showed (outside the font's base): a new subset, at a new URL that
    # every page names, made from the characters of the pages kept as well (Alpha's ℝ).
    _edit(vault / "Other/Zeta.md", "a leaf.", "a leaf: $\\aleph_0$.")


def _config(vault: Path) -> None:
    (vault / ".obsidian").mkdir(exist_ok=True)
    (vault / ".obsidian" / "app.json").write_text('{"strictLineBreaks": true}', encoding="utf-8")


def _math_font(site: Path) -> str:
    """The math font the site ships (its name holds a digest of its bytes)."""
    (font,) = (site / "assets/fonts").glob("STIXTwoMath-Regular.*.woff2")
    return font.relative_to(site).as_posix()


def _changed(site: Path, before: dict[str, bytes]) -> set[str]:
    return {rel for rel in _tree(site) if (site / rel).read_bytes() != before.get(rel)}


def test_every_kind_of_edit_rebuilds_to_the_clean_build(
    builder: Builder, caplog: pytest.LogCaptureFixture
) -> None:
    caplog.set_level(logging.INFO)
    builder.compare()  # nothing kept yet
    builder.compare()  # nothing changed: everything kept
    assert {name: made for name, (_, made) in _made(caplog).items()} == {
        "markdown": 0,
        "templates": 0,
        "search": 0,
        "print": 0,
    }
    _leaf(builder.vault)  # a note nothing links to or embeds: only its own page is made again
    builder.compare()  # (and the print page around the handout, which holds every note)
    made = _made(caplog)
    assert (made["markdown"][1], made["templates"][1], made["print"][1]) == (1, 2, 1)
    assert made["markdown"][0] >= 6

    site = builder.incremental
    before = {rel: (site / rel).read_bytes() for rel in _tree(site)}
    _body(builder.vault)
    builder.compare()
    # Beta itself, Alpha (embeds the part) and Gamma (its backlink snippet quotes the line);
    # Alpha's Markdown is made again, Gamma's only gets a new template around it; and the
    # print page.
    pages = {rel for rel in _changed(site, before) if rel.endswith("/index.html")}
    assert pages == {
        "Notes/Beta/index.html",
        "Notes/Alpha/index.html",
        "Notes/Gamma/index.html",
        "print_page/index.html",
    }
    assert "search/search_index.json" in _changed(site, before)
    made = _made(caplog)
    assert (made["markdown"][1], made["templates"][1]) == (2, 4)

    math_font = _math_font(site)
    edits: list[Edit] = [
        _embedded,
        _title,
        _add,
        _broken,
        _tags,
        _missing_heading,
        _heading,
        _alias_resolves,
        _alias,
        _formula,
        _remove,
        _rename,
        _config,
    ]
    for edit in edits:
        edit(builder.vault)
        builder.compare()
        made = _made(caplog)
        assert sum(kept for kept, _ in made.values()) > 0 or edit is _config, edit
        if edit is _formula:  # one page made again, every page's template names a new font
            assert made["markdown"][1] == 1
            assert made["templates"][0] == 0
            font = _math_font(site)
            assert font != math_font
            assert {ord("\u2135"), ord("\u211d")} <= set(TTFont(site / font).getBestCmap())
        math_font = _math_font(site)
        if edit is _add:  # the new note, and Delta whose [[Epsilon]] now resolves
            assert made["markdown"] == (8, 2)
