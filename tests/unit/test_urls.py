"""The URL rule: URLs a person can type from a slide (no %20), the same for any vault."""

from __future__ import annotations

import pytest
from markdown.extensions.toc import slugify

from nonlinear.vault.engine import Engine
from nonlinear.vault.index import SourceNote, VaultIndex
from nonlinear.vault.paths import SrcUri, slug_path, slug_segment
from nonlinear.vault.permalinks import Move, plan_urls


@pytest.mark.parametrize(
    ("name", "slug"),
    [
        ("Leaky ReLU", "Leaky-ReLU"),  # spaces become hyphens, letter case stays
        ("ReLU", "ReLU"),
        ("Weight initialization", "Weight-initialization"),
        ("GELU (tanh approximation)", "GELU-tanh-approximation"),
        ("C++ & Rust 100% ?", "C-plus-plus-and-Rust-100-percent"),
        ("C# notes", "C-notes"),
        ("Bayes' rule", "Bayes-rule"),
        ("Python 3.11", "Python-3.11"),
        ("v1.0 ...", "v1.0"),
        ("2024-03-01", "2024-03-01"),
        ("snake_case name", "snake_case-name"),
        ("A - B", "A-B"),
        ("🌱 Seeds", "Seeds"),
        ("How to grow tomatoes 🍅", "How-to-grow-tomatoes"),
        ("日本語 ✨", "日本語"),
        ("Café", "Café"),
        ("Cafe\u0301", "Café"),  # NFD from macOS: one URL
        ("🍅", "🍅"),  # nothing but symbols: kept, so the note still has a name
        ("🍅 🥕", "🍅-🥕"),
    ],
)
def test_slug_segment(name: str, slug: str) -> None:
    assert slug_segment(name) == slug


@pytest.mark.parametrize(
    ("src_uri", "path"),
    [
        ("Activations/Leaky ReLU.md", "Activations/Leaky-ReLU"),
        ("Daily notes/2024-01-02.md", "Daily-notes/2024-01-02"),
        ("🌱 Seeds/Idea ✨.md", "Seeds/Idea"),
        ("Concepts/index.md", "Concepts"),
        ("Docs/README.md", "Docs"),
        ("index.md", ""),
        ("notebooks/activation-gallery.ipynb.md", "notebooks/activation-gallery.ipynb"),
    ],
)
def test_slug_path(src_uri: str, path: str) -> None:
    assert slug_path(src_uri) == path


def plan(
    vault: dict[str, str], others: dict[str, str] | None = None, *, directory_urls: bool = True
) -> tuple[dict[str, Move], list[str]]:
    index = VaultIndex.build([SourceNote(SrcUri(u), t) for u, t in vault.items()], slugify)
    if directory_urls:
        urls = {u: u.removesuffix(".md").replace(" ", "%20") + "/" for u in vault}
    else:
        urls = {u: u.removesuffix(".md").replace(" ", "%20") + ".html" for u in vault}
    result = plan_urls(
        index.notes.values(), {**urls, **(others or {})}, directory_urls=directory_urls
    )
    return dict(result.moves), [str(d) for d in result.diagnostics]


def test_notes_move_to_their_typed_url_and_the_others_stay() -> None:
    moves, problems = plan({"Activations/Leaky ReLU.md": "", "Activations/ReLU.md": ""})
    assert moves == {
        "Activations/Leaky ReLU.md": Move(
            "Activations/Leaky-ReLU/index.html", "Activations/Leaky-ReLU/"
        )
    }
    assert problems == []
    moves, _ = plan({"A b.md": ""}, directory_urls=False)
    assert moves == {"A b.md": Move("A-b.html", "A-b.html")}


def test_two_notes_with_one_url_are_told_apart_and_reported() -> None:
    vault = {"C++ notes.md": "", "C plus plus notes.md": "", "Relu.md": "", "ReLU.md": ""}
    moves, problems = plan(vault)
    # "ReLU" and "Relu" keep their URLs (one folder on a case-insensitive host: the later one
    # moves); of the two C++ notes, the first in path order keeps the URL.
    assert moves == {
        "C plus plus notes.md": Move("C-plus-plus-notes/index.html", "C-plus-plus-notes/"),
        "C++ notes.md": Move("C-plus-plus-notes-2/index.html", "C-plus-plus-notes-2/"),
        "Relu.md": Move("Relu-2/index.html", "Relu-2/"),
    }
    assert problems == [
        "C++ notes.md:1:1: url-collision: its URL 'C-plus-plus-notes/' is the URL of "
        "'C plus plus notes.md'; it is served at 'C-plus-plus-notes-2/' instead (rename one of "
        "the notes to choose their URLs)",
        "Relu.md:1:1: url-collision: its URL 'Relu/' is the URL of 'ReLU.md'; it is served at "
        "'Relu-2/' instead (rename one of the notes to choose their URLs)",
    ]
    # Deterministic: the same vault, listed in another order, plans the same.
    again, _ = plan(dict(reversed(list(vault.items()))))
    assert again == moves


def test_a_note_never_takes_an_attachment_or_a_generated_file() -> None:
    vault = {"assets/diagram svg.md": "", "assets/diagram.svg.md": "", "sitemap.xml.md": ""}
    moves, problems = plan(vault, {"assets/diagram.svg": "assets/diagram.svg"})
    assert moves["assets/diagram.svg.md"] == Move(
        "assets/diagram.svg-2/index.html", "assets/diagram.svg-2/"
    )
    assert moves["sitemap.xml.md"] == Move("sitemap.xml-2/index.html", "sitemap.xml-2/")
    assert [p.split(": url-collision: ")[0] for p in problems] == [
        "assets/diagram.svg.md:1:1",
        "sitemap.xml.md:1:1",
    ]
    assert "taken by a file the site generates" in problems[1]


def test_the_vault_s_own_graph_page_keeps_the_graph_url() -> None:
    moves, problems = plan({"graph.md": "", "Graph view.md": ""})
    assert "graph.md" not in moves
    assert problems == []


def test_the_engine_links_to_the_typed_url() -> None:
    vault = {"Deep Folder/Leaky ReLU.md": "", "Home.md": "see [[Leaky ReLU]]"}
    urls = {u: u.removesuffix(".md").replace(" ", "%20") + "/" for u in vault}
    engine = Engine.build([SourceNote(SrcUri(u), t) for u, t in vault.items()], [], slugify, urls)
    assert engine.urls["Deep Folder/Leaky ReLU.md"] == "Deep-Folder/Leaky-ReLU/"
    assert engine.media_url("Home.md", "Deep Folder/Leaky ReLU.md") == "../Deep-Folder/Leaky-ReLU/"


def test_a_collision_names_the_urls_as_a_reader_reads_them() -> None:
    _, problems = plan({"Clippings/Straße.md": "", "Clippings/🌱 Straße.md": ""})
    assert problems == [
        "Clippings/🌱 Straße.md:1:1: url-collision: its URL 'Clippings/Straße/' is the URL of "
        "'Clippings/Straße.md'; it is served at 'Clippings/Straße-2/' instead (rename one of "
        "the notes to choose their URLs)"
    ]


def test_a_note_in_a_folder_named_like_a_file_of_the_site_gets_a_folder_of_its_own() -> None:
    # The site cannot make a folder where it writes a file ('sitemap.xml', an attachment 'x-y')
    # or generates one ('print_page/'): the folder's name gets the number, every note in it
    # moves alike, and the plan ends (it looped forever numbering the note's own name).
    vault = {
        "sitemap.xml/Inside.md": "",
        "sitemap.xml/Other.md": "",
        "print_page/Part.md": "",
        "x y/Note.md": "",
        "search/search_index.json/Deep.md": "",
        "graph/Fine.md": "",  # a folder beside the graph page: no clash
    }
    moves, problems = plan(vault, {"x-y": "x-y"})
    assert moves == {
        "sitemap.xml/Inside.md": Move("sitemap.xml-2/Inside/index.html", "sitemap.xml-2/Inside/"),
        "sitemap.xml/Other.md": Move("sitemap.xml-2/Other/index.html", "sitemap.xml-2/Other/"),
        "print_page/Part.md": Move("print_page-2/Part/index.html", "print_page-2/Part/"),
        "x y/Note.md": Move("x-y-2/Note/index.html", "x-y-2/Note/"),
        "search/search_index.json/Deep.md": Move(
            "search/search_index.json-2/Deep/index.html", "search/search_index.json-2/Deep/"
        ),
    }
    assert [p.split(": url-collision: ")[0] for p in problems] == [
        "print_page/Part.md:1:1",
        "search/search_index.json/Deep.md:1:1",
        "sitemap.xml/Inside.md:1:1",
        "sitemap.xml/Other.md:1:1",
        "x y/Note.md:1:1",
    ]
    assert problems[-1] == (
        "x y/Note.md:1:1: url-collision: its URL 'x-y/Note/' is inside 'x-y', which the site "
        "writes as a file or generates; it is served at 'x-y-2/Note/' instead (rename the "
        "folder to choose its URL)"
    )


def test_a_note_in_a_folder_named_like_a_page_s_file_moves_too() -> None:
    # 'index.html/' beside the home page's index.html, 'A/index.html/' beside A's page.
    # A note named 'index.html.md' would need its own folder where A's page is a file.
    vault = {
        "index.md": "",
        "A.md": "",
        "index.html/N.md": "",
        "A/index.html/M.md": "",
        "A/index.html.md": "",
    }
    moves, problems = plan(vault, {"index.md": "./"})
    assert moves["index.html/N.md"] == Move("index.html-2/N/index.html", "index.html-2/N/")
    assert moves["A/index.html/M.md"] == Move("A/index.html-2/M/index.html", "A/index.html-2/M/")
    assert moves["A/index.html.md"] == Move("A/index.html-2/index.html", "A/index.html-2/")
    assert [p.split(": url-collision: ")[0] for p in problems] == [
        "A/index.html.md:1:1",
        "A/index.html/M.md:1:1",
        "index.html/N.md:1:1",
    ]
    assert "its URL 'A/index.html/' is the path of a file of the site" in problems[0]


def test_a_name_too_long_once_written_is_cut_to_fit_a_file_system() -> None:
    # '&' becomes 'and': a 250-byte name wrote a 500-byte folder name, and the build crashed
    # with "File name too long". Cut at a character boundary; a numbered twin still fits.
    long_name = "a&" * 125 + ".md"
    segment = slug_path(long_name)
    assert len(segment.encode()) <= 240
    assert segment.startswith("a-and-a-and")
    accented = "é" * 126  # 252 bytes, kept as letters
    assert len(slug_segment(accented).encode()) <= 240
    assert slug_segment(accented) == "é" * 120
    moves, _ = plan({long_name: "", "a&" * 124 + "a& b.md": ""})
    assert all(len(part.encode()) <= 255 for m in moves.values() for part in m.url.split("/"))
