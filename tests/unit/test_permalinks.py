"""Permalinks: a note's ``permalink`` property chooses its URL (Obsidian Publish)."""

from __future__ import annotations

import importlib.util
import sys
from pathlib import Path

import pytest
from markdown.extensions.toc import slugify

from nonlinear.vault.engine import Engine
from nonlinear.vault.index import SourceNote, VaultIndex
from nonlinear.vault.paths import SrcUri
from nonlinear.vault.permalinks import (
    GENERATED_FILES,
    GENERATED_PAGES,
    Move,
    move_for,
    path_dest_uri,
    plan_home,
    plan_permalinks,
)


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
        ("'Leaky ReLU'", "Leaky-ReLU/index.html", "Leaky-ReLU/"),  # the URL rule
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
        ("'//'", "is empty"),
        # Pages and files the site generates (issue 8 item 9): never replaced, never a crash.
        ("graph", "is taken by 'graph', which the site generates"),
        ("Tags", "is taken by 'tags', which the site generates"),
        ("print_page/part", "is taken by 'print_page', which the site generates"),
        ("sitemap.xml", "is taken by 'sitemap.xml', which the site generates"),
        ("404.html/x", "is taken by '404.html', which the site generates"),
        ("graph.json", "is taken by 'graph.json', which the site generates"),
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


def test_permalink_slash_is_the_home_page() -> None:
    moves, problems = plan({"Start here.md": note("/")})
    assert problems == []
    assert moves == {"Start here.md": Move("index.html", "./")}
    moves, _ = plan({"Start here.md": note("/")}, directory_urls=False)
    assert moves == {"Start here.md": Move("index.html", "index.html")}


def home(
    vault: dict[str, str], setting: str | None = None, *, readme_at_root: bool = True
) -> tuple[str | None, dict[str, str], list[str]]:
    """The home note, the URLs after every move, and the problems (as Engine.build plans)."""
    notes = [SourceNote(SrcUri(u), t) for u, t in vault.items()]
    urls = {u: u.removesuffix(".md") + "/" for u in vault}
    for uri in ("index.md", "README.md"):
        if uri in urls and (uri == "index.md" or readme_at_root):
            urls[uri] = "./"  # as MkDocs serves them
    engine = Engine.build(notes, [], slugify, urls, home_page=setting)
    return engine.home, dict(engine.urls), [str(d) for d in engine.diagnostics]


@pytest.mark.parametrize(
    ("vault", "setting", "expected"),
    [
        # 1. index.md, in any letter case; it wins over everything below.
        ({"index.md": "", "README.md": "", "S.md": note("/")}, "S.md", "index.md"),
        ({"Index.md": "", "Readme.md": ""}, None, "Index.md"),
        # 2. permalink: / wins over the setting and a README (README.md moves to README/).
        ({"README.md": "", "S.md": note("/"), "T.md": ""}, "T.md", "S.md"),
        # 3. the home_page setting (Publish's "Homepage file"), any case, .md optional.
        ({"README.md": "", "Docs/Start.md": ""}, "docs/start", "Docs/Start.md"),
        # 4. README.md, any case, at the root only.
        ({"README.md": "", "Docs/Readme.md": ""}, None, "README.md"),
        ({"readme.md": "", "A.md": ""}, None, "readme.md"),
        # 5. none: a page is generated.
        ({"A.md": "", "Docs/README.md": ""}, None, None),
        ({"index.md": "---\npublish: false\n---\n", "A.md": ""}, None, None),
    ],
)
def test_the_home_page_is_chosen_in_order(
    vault: dict[str, str], setting: str | None, expected: str | None
) -> None:
    chosen, urls, problems = home(vault, setting)
    assert chosen == expected
    # Only case 1 has a permalink that cannot be home: index.md holds the root.
    refused = ["S.md:3:1: bad-permalink"] if expected == "index.md" and "S.md" in vault else []
    assert [p.split(": permalink")[0] for p in problems] == refused
    if expected is not None:
        assert urls[expected] == "./"
        assert sorted(u for u, url in urls.items() if url == "./") == [expected]


def test_a_readme_that_is_not_home_keeps_a_url_of_its_own() -> None:
    _, urls, problems = home({"README.md": "", "S.md": note("/")})
    assert problems == []
    assert urls == {"README.md": "README/", "S.md": "./"}


def test_a_home_page_setting_naming_nothing_is_reported() -> None:
    chosen, _, problems = home(
        {"readme.md": "", "Secret.md": "---\npublish: false\n---\n"}, "Secret"
    )
    assert chosen == "readme.md"
    assert problems == [
        "mkdocs.yml:1:1: home-page: home_page 'Secret' names no published note; give the note's "
        "vault path (Folder/Note.md). The home page is chosen without it"
    ]


def test_plan_home_reads_only_published_urls() -> None:
    index = VaultIndex.build([SourceNote(SrcUri("A.md"), "")], slugify)
    assert plan_home(index.notes, {"A.md": "A/"}).home is None
    assert plan_home(index.notes, {"A.md": "./"}).home == "A.md"


def test_every_page_a_hook_generates_is_known_to_the_planner() -> None:
    # The hooks name their generated pages; a permalink or an alias must never take them.
    hooks = Path(__file__).resolve().parents[2] / "hooks"
    names = {
        "obsidian.py": ["TAGS_PAGE"],
        "reading.py": ["GRAPH_PAGE"],
        "citing.py": ["CITE_PAGE", "CHANGELOG_PAGE", "FEED"],
        "handout.py": ["PRINT_PAGE"],
    }
    for hook, constants in names.items():
        spec = importlib.util.spec_from_file_location(f"_hook_{hook[:-3]}", hooks / hook)
        assert spec is not None
        assert spec.loader is not None
        module = importlib.util.module_from_spec(spec)
        sys.modules[spec.name] = module  # its dataclasses look their module up
        try:
            spec.loader.exec_module(module)
        finally:
            del sys.modules[spec.name]
        for constant in constants:
            value = getattr(module, constant)
            assert value.removesuffix(".md") in (*GENERATED_PAGES, *GENERATED_FILES), value


@pytest.mark.parametrize(
    ("value", "inside"),
    [
        ("index.html", "index.html"),  # the home page's file
        ("Index.HTML/x", "index.html"),
        ("A/index.html", "A/index.html"),  # another page's file
        ("pic.png/x", "pic.png"),  # an attachment
        ("assets/images/favicon.png/x", "assets/images/favicon.png"),  # a theme file
    ],
)
def test_a_permalink_inside_a_file_of_the_site_is_refused(value: str, inside: str) -> None:
    # The site cannot make a folder where it writes a file: the build crashed with
    # FileExistsError writing the home page.
    vault = {"index.md": "home", "A.md": "", "N.md": note(value)}
    index = VaultIndex.build([SourceNote(SrcUri(u), t) for u, t in vault.items()], slugify)
    urls = {
        "index.md": "./",
        "A.md": "A/",
        "N.md": "N/",
        "pic.png": "pic.png",
        "assets/images/favicon.png": "assets/images/favicon.png",
    }
    result = plan_permalinks(index.notes.values(), urls)
    assert dict(result.moves) == {}
    assert [str(d) for d in result.diagnostics] == [
        f"N.md:3:1: bad-permalink: permalink '{value}' is inside '{inside}', a file of the "
        "site; the note keeps its URL 'N/' (choose another permalink or remove it)"
    ]


def test_a_permalink_longer_than_a_file_name_is_cut_to_fit() -> None:
    # It crashed the build with "File name too long" writing the page.
    moves, problems = plan({"N.md": note("p" * 300 + "/x")})
    assert problems == []
    assert moves == {"N.md": Move("p" * 240 + "/x/index.html", "p" * 240 + "/x/")}
