"""docs/ opened in Obsidian: every figure and notebook link resolves to a file of the vault.

A fresh clone is opened in Obsidian with no build: the figures (``![[relu.svg]]``) and the
executed notebooks (``[[activation-gallery.ipynb|…]]``) must be files of the vault, and each
link must reach the very file the site's resolver chose. The links come from the site's own
``link-report.json``; the resolution here is a separate, small implementation of Obsidian's
rules (``MetadataCache.getFirstLinkpathDest``: a path relative to the note with ``./`` or
``../``, a path from the vault root with ``/``, else a file name; ``.md`` may be left out;
case-insensitive), run on the files on disk only.
"""

from __future__ import annotations

import json
import posixpath
import re
from pathlib import Path
from urllib.parse import unquote

import pytest

from nonlinear.notebooks.run import collect_figures, find_notebooks, run_notebooks
from nonlinear.notebooks.vault_outputs import check_vault, plan_outputs
from nonlinear.vault.links import parse_wikilink

ROOT = Path(__file__).resolve().parents[2]
DOCS = ROOT / "docs"
pytestmark = pytest.mark.site

RE_MARKDOWN_DEST = re.compile(r"\]\(\s*<?(?P<dest>[^)\s>]+)")


def vault_files() -> list[str]:
    """What Obsidian sees: every file under docs/ except dot-files and dot-folders."""
    return sorted(
        path.relative_to(DOCS).as_posix()
        for path in DOCS.rglob("*")
        if path.is_file() and not any(p.startswith(".") for p in path.relative_to(DOCS).parts)
    )


def obsidian_destinations(linkpath: str, source: str, files: list[str]) -> list[str]:
    """The files Obsidian may open for ``linkpath`` written in ``source`` (best first)."""
    by_path = {f.casefold(): f for f in files}

    def exact(path: str) -> list[str]:
        for candidate in (path, path + ".md"):
            if candidate.casefold() in by_path:
                return [by_path[candidate.casefold()]]
        return []

    here = posixpath.dirname(source)
    if linkpath.startswith(("./", "../")):
        return exact(posixpath.normpath(posixpath.join(here, linkpath)))
    if "/" in linkpath:
        found = exact(linkpath.lstrip("/"))
        if found:
            return found
        tail = "/" + linkpath.lstrip("/").casefold()
        return [f for f in files if ("/" + f.casefold()).endswith((tail, tail + ".md"))]
    name = linkpath.casefold()
    named = [f for f in files if posixpath.basename(f).casefold() in (name, name + ".md")]
    # Several files of that name: Obsidian prefers the one beside the note.
    beside = [f for f in named if posixpath.dirname(f) == here]
    return beside + [f for f in named if f not in beside]


def written_target(link: dict[str, object]) -> tuple[str, bool]:
    """The path a link names, as written, and whether it is a Markdown link."""
    raw = str(link["raw"])
    if link["syntax"] == "wiki":
        parsed = parse_wikilink(raw.removeprefix("!"))
        assert parsed is not None, raw
        return parsed.target, False
    match = RE_MARKDOWN_DEST.search(raw)
    assert match is not None, raw
    return unquote(match["dest"].split("#", 1)[0]), True


@pytest.fixture(scope="module")
def report(real_site: Path) -> list[dict[str, object]]:
    links: list[dict[str, object]] = json.loads(
        (real_site / "link-report.json").read_text(encoding="utf-8")
    )["links"]
    return links


def test_every_figure_and_notebook_link_resolves_inside_the_vault_as_on_the_site(
    report: list[dict[str, object]],
) -> None:
    files = vault_files()
    on_disk = set(files)
    checked: dict[str, int] = {"figure": 0, "notebook": 0, "other": 0}
    for link in report:
        if link["source"] not in on_disk or link["status"] == "unresolved":
            continue
        target, markdown = written_target(link)
        if not target:
            continue  # [[#Heading]]: the note itself
        where = f"{link['source']}:{link['line']}:{link['col']}: {link['raw']}"
        found = []
        if markdown:  # read relative to the note first, as Obsidian and MkDocs do
            here = posixpath.dirname(str(link["source"]))
            beside = posixpath.normpath(posixpath.join(here, target))
            found = [beside] if beside in on_disk else []
        found = found or obsidian_destinations(target, str(link["source"]), files)
        assert found, f"{where}: Obsidian finds no file for it"
        assert found[0] == link["target"], f"{where}: Obsidian opens {found[0]}"
        kind = (
            "figure" if target.endswith(".svg") else "notebook" if ".ipynb" in target else "other"
        )
        checked[kind] += 1
    # The vault has figure embeds and notebook links: the test saw them.
    assert checked["figure"] > 0
    assert checked["notebook"] > 0


def test_every_figure_the_site_shows_is_a_file_of_the_vault(real_site: Path) -> None:
    published = sorted(p.name for p in (real_site / "figures").glob("*.svg"))
    assert published
    assert [name for name in published if not (DOCS / "figures" / name).is_file()] == []


def test_the_committed_copies_are_what_the_notebooks_produce_now(real_site: Path) -> None:
    # real_site ran the notebooks: this takes them from the cache.
    executed = run_notebooks(
        find_notebooks(ROOT / "notebooks"), root=ROOT, cache_dir=ROOT / ".cache" / "notebooks"
    )
    problems = check_vault(plan_outputs(executed, collect_figures(executed)), DOCS)
    assert [str(problem) for problem in problems] == []


def test_the_attachment_folder_obsidian_is_told_to_use_exists() -> None:
    settings = json.loads((DOCS / ".obsidian" / "app.json").read_text(encoding="utf-8"))
    folder = str(settings.get("attachmentFolderPath", "/"))
    if folder in ("/", "") or folder.startswith("./"):
        return  # the vault root, or beside each note: nothing to create
    assert (DOCS / folder).is_dir(), f"app.json names attachments folder {folder!r}, docs/ lacks it"
