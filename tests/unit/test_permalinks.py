"""Permalinks: a note's ``permalink`` property chooses its URL (Obsidian Publish)."""

from __future__ import annotations

import pytest
from markdown.extensions.toc import slugify

from nonlinear.vault.engine import Engine
from nonlinear.vault.index import SourceNote, VaultIndex
from nonlinear.vault.paths import SrcUri
from nonlinear.vault.permalinks import Move, move_for, path_dest_uri, plan_permalinks


def plan(
    vault: dict[str, str], *, directory_urls: bool = True
) -> tuple[dict[str, Move], list[str]]:
    index = VaultIndex.build([SourceNote(SrcUri(u), t) for u, t in vault.items()], slugify)
    urls = {u: u.removesuffix(".md") + "/" for u in vault}
    result = plan_permalinks(index.notes.values(), urls, directory_urls=directory_urls)
    return dict(result.moves), [str(d) for d in result.diagnostics]


def note(permalink: str) -> str:
    return f"---\ntitle: T\npermalink: {permalink}\n---\ntext\n"


@pytest.mark.parametrize(
    ("value", "dest", "url"),
    [
        ("relu", "relu/index.html", "relu/"),
        ("/functions/relu/", "functions/relu/index.html", "functions/relu/"),
        ("'Leaky ReLU'", "Leaky ReLU/index.html", "Leaky%20ReLU/"),
        ("日本語", "日本語/index.html", "%E6%97%A5%E6%9C%AC%E8%AA%9E/"),
    ],
)
def test_a_permalink_moves_the_note(value: str, dest: str, url: str) -> None:
    moves, problems = plan({"Deep/Folder/N.md": note(value)})
    assert problems == []
    assert moves == {"Deep/Folder/N.md": Move(dest, url)}


@pytest.mark.parametrize(
    ("src_uri", "directory_urls", "dest"),
    [
        ("A/B.md", True, "A/B/index.html"),
        ("A/index.md", True, "A/index.html"),
        ("Sub/README.md", True, "Sub/index.html"),
        ("A/B.md", False, "A/B.html"),
        ("Leaky ReLU.md", True, "Leaky ReLU/index.html"),
    ],
)
def test_path_dest_uri_is_where_mkdocs_writes_an_unmoved_note(
    src_uri: str, directory_urls: bool, dest: str
) -> None:
    assert path_dest_uri(src_uri, directory_urls=directory_urls) == dest


def test_without_directory_urls_a_permalink_is_an_html_file() -> None:
    assert move_for("functions/relu", directory_urls=False) == Move(
        "functions/relu.html", "functions/relu.html"
    )
    moves, _ = plan({"N.md": note("relu")}, directory_urls=False)
    assert moves == {"N.md": Move("relu.html", "relu.html")}


@pytest.mark.parametrize(
    ("value", "why"),
    [
        ("'/'", "is empty"),
        ("../outside", "must not contain '.', '..' or '//' segments"),
        ("a//b", "must not contain '.', '..' or '//' segments"),
        ("a/./b", "must not contain '.', '..' or '//' segments"),
        ("'relu?x=1'", "must be a plain site path (no '?', '#', '\\' or scheme)"),
        ("'relu#top'", "must be a plain site path (no '?', '#', '\\' or scheme)"),
        ("https://example.org/relu", "must be a plain site path (no '?', '#', '\\' or scheme)"),
    ],
)
def test_a_bad_permalink_is_reported_at_its_line_and_ignored(value: str, why: str) -> None:
    moves, problems = plan({"N.md": note(value)})
    assert moves == {}
    assert len(problems) == 1
    assert problems[0].startswith("N.md:3:1: bad-permalink: permalink ")
    assert f"{why}; the note keeps its URL 'N/'" in problems[0]


def test_a_permalink_never_takes_another_page_or_permalink() -> None:
    vault = {"A.md": note("B"), "B.md": "", "C.md": note("shared"), "D.md": note("shared")}
    moves, problems = plan(vault)
    assert moves == {"C.md": Move("shared/index.html", "shared/")}
    assert problems == [
        "A.md:3:1: bad-permalink: permalink 'B' is the URL of 'B.md'; the note keeps its URL "
        "'A/' (choose another permalink or remove it)",
        "D.md:3:1: bad-permalink: permalink 'shared' is the URL of 'C.md'; the note keeps its "
        "URL 'D/' (choose another permalink or remove it)",
    ]


def test_two_notes_may_swap_urls_with_permalinks() -> None:
    # A moving note frees its path URL: another note may take it.
    moves, problems = plan({"A.md": note("B"), "B.md": note("A")})
    assert problems == []
    assert moves == {"A.md": Move("B/index.html", "B/"), "B.md": Move("A/index.html", "A/")}


def test_unpublished_notes_do_not_move() -> None:
    moves, problems = plan({"N.md": "---\npublish: false\npermalink: x\n---\n"})
    assert (moves, problems) == ({}, [])


def test_links_and_backlinks_use_the_permalink_url() -> None:
    vault = {"Deep/R.md": note("relu"), "B.md": "see [[R]]", "Deep/C.md": "and [[R]]"}
    notes = [SourceNote(SrcUri(u), t) for u, t in vault.items()]
    urls = {u: u.removesuffix(".md") + "/" for u in vault}
    engine = Engine.build(notes, [], slugify, urls)
    assert engine.urls["Deep/R.md"] == "relu/"
    assert engine.media_url("B.md", "Deep/R.md") == "../relu/"
    assert engine.media_url("Deep/R.md", "Deep/C.md") == "../Deep/C/"
    assert {n["id"]: n["url"] for n in engine.graph()["nodes"]}["Deep/R.md"] == "relu/"
