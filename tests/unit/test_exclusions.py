"""Which files of the folder are the vault: hidden, templates, Excluded files, links, encodings."""

from __future__ import annotations

import json
import os
from pathlib import Path

import pytest

from nonlinear.vault.diagnostics import Diagnostic, problem_kind, problems_summary
from nonlinear.vault.exclusions import (
    ExclusionRules,
    check_active_file,
    check_notebook,
    decode_note,
    parse_ignore_filters,
    site_file_clash,
    site_file_problem,
    site_owned_files,
    symlinked,
)
from nonlinear.vault.obsidian_config import load_obsidian_config


def rules(*filters: str, templates: tuple[str, ...] = ()) -> ExclusionRules:
    parsed, problems = parse_ignore_filters(filters)
    assert problems == []
    return ExclusionRules(templates, parsed)


@pytest.mark.parametrize(
    ("src_uri", "expected"),
    [
        ("Notes/a.md", None),
        (".git/index", ("hidden", ".git")),
        (".obsidian/app.json", ("hidden", ".obsidian")),
        (".trash/old.md", ("hidden", ".trash")),
        ("Notes/.drafts/x.md", ("hidden", ".drafts")),
        (".hidden.md", ("hidden", ".hidden.md")),
        ("Meta/Templates/Daily.md", ("templates", "Meta/Templates")),
        ("meta/templates/Daily.md", ("templates", "Meta/Templates")),  # any case, as the app
        ("Meta/Templates.md", None),  # a note named like the folder is a note
        ("Private/diary.md", ("excluded", "Private/")),
        ("private/diary.md", ("excluded", "Private/")),
        ("Notes/Private/x.md", None),  # a plain entry is a prefix of the whole path
        ("Drafts/old one.md", ("excluded", "Drafts/old")),
        ("Archive/2019/x.md", ("excluded", "/\\d{4}/")),
    ],
)
def test_what_obsidian_leaves_out(src_uri: str, expected: tuple[str, str] | None) -> None:
    vault = rules("Private/", "Drafts/old", "/\\d{4}/", templates=("Meta/Templates",))
    assert vault.reason(src_uri) == expected


def test_bad_or_dangerous_expressions_are_reported_and_skipped() -> None:
    filters, problems = parse_ignore_filters(["/(a+)+$/", "/[unclosed/", "", "/", "Keep/"])
    assert [f.text for f in filters] == ["/", "Keep/"]
    assert [str(p) for p in problems] == [
        ".obsidian/app.json:1:1: obsidian-config: excluded-files entry '/(a+)+$/' is skipped: "
        "a quantified group that repeats; write a path prefix such as 'Private/' or a simpler "
        "/expression/",
        ".obsidian/app.json:1:1: obsidian-config: excluded-files entry '/[unclosed/' is skipped: "
        "not a valid expression (unterminated character set at position 0); write a path "
        "prefix such as 'Private/' or a simpler /expression/",
    ]


def test_templates_folders_come_from_both_plugins(tmp_path: Path) -> None:
    (tmp_path / ".obsidian" / "plugins" / "templater-obsidian").mkdir(parents=True)
    (tmp_path / ".obsidian" / "templates.json").write_text(
        json.dumps({"folder": "/Meta/Templates/"}), "utf-8"
    )
    (tmp_path / ".obsidian" / "plugins" / "templater-obsidian" / "data.json").write_text(
        json.dumps({"templates_folder": "_templater", "command_timeout": 5}), "utf-8"
    )
    config, problems = load_obsidian_config(tmp_path)
    assert config.template_folders == ("Meta/Templates", "_templater")
    assert problems == []


def test_unreadable_settings_are_reported_not_a_crash(tmp_path: Path) -> None:
    (tmp_path / ".obsidian").mkdir()
    (tmp_path / ".obsidian" / "app.json").write_bytes(b'{"strictLineBreaks": \xff}')
    config, problems = load_obsidian_config(tmp_path)
    assert config.strict_line_breaks is False
    assert [(p.src_uri, p.kind) for p in problems] == [(".obsidian/app.json", "obsidian-config")]
    assert "cannot be read" in problems[0].message


def test_settings_behind_a_link_out_of_the_vault_are_not_read(tmp_path: Path) -> None:
    outside = tmp_path / "outside.json"
    outside.write_text('{"strictLineBreaks": true}', "utf-8")
    vault = tmp_path / "vault"
    (vault / ".obsidian").mkdir(parents=True)
    (vault / ".obsidian" / "app.json").symlink_to(outside)
    config, problems = load_obsidian_config(vault)
    assert config.strict_line_breaks is False
    assert [str(p) for p in problems] == [
        ".obsidian/app.json:1:1: obsidian-config: is a link to a file outside the vault; "
        "not read, defaults used"
    ]


def test_links_are_found_at_their_outermost_point(tmp_path: Path) -> None:
    outside = tmp_path / "outside"
    (outside / "sub").mkdir(parents=True)
    (outside / "sub" / "x.md").write_text("x", "utf-8")
    vault = tmp_path / "vault"
    (vault / "Notes").mkdir(parents=True)
    (vault / "Notes" / "real.md").write_text("r", "utf-8")
    (vault / "Out").symlink_to(outside)
    (vault / "Notes" / "twin.md").symlink_to(vault / "Notes" / "real.md")
    found = symlinked(vault, ["Notes/real.md", "Notes/twin.md", "Out/sub/x.md"])
    assert set(found) == {"Notes/twin.md", "Out/sub/x.md"}
    assert found["Out/sub/x.md"].src_uri == "Out"
    assert found["Out/sub/x.md"].inside is None
    assert found["Notes/twin.md"].inside == "Notes/real.md"
    assert str(found["Out/sub/x.md"].diagnostic(2)) == (
        f"Out:1:1: symlink: a symbolic link to '{outside}', outside the vault; not followed "
        "(2 files left out: text from outside the vault is never published). Move or copy "
        "the files into the vault to publish them"
    )


def test_a_vault_reached_through_a_link_is_still_the_vault(tmp_path: Path) -> None:
    (tmp_path / "real").mkdir()
    (tmp_path / "real" / "a.md").write_text("a", "utf-8")
    os.symlink(tmp_path / "real", tmp_path / "alias")
    assert symlinked(tmp_path / "alias", ["a.md"]) == {}


@pytest.mark.parametrize(
    ("data", "expected"),
    [
        (b"# Title\n", "# Title\n"),
        ("caf\u00e9 ✨\n".encode(), "caf\u00e9 ✨\n"),
        (b"\xef\xbb\xbfwith a BOM", "with a BOM"),
    ],
)
def test_utf8_notes_are_read(data: bytes, expected: str) -> None:
    assert decode_note("a.md", data) == expected


@pytest.mark.parametrize(
    ("data", "where", "what"),
    [
        (b"ok\ncaf\xe9 au lait\n", (2, 4), "not UTF-8 text (byte 0xe9 cannot be read)"),
        (b"\xef\xbb\xbfab\xff", (1, 3), "not UTF-8 text (byte 0xff cannot be read)"),
        ("\u00e9t\u00e9\n\u00e9\xff".encode("latin-1"), (1, 1), "not UTF-8 text (byte 0xe9"),
        (b"PK\x03\x04\x00\x00", (1, 5), "binary data (a NUL byte)"),
        ("line\n\u00e9\u00e9 \x00".encode(), (2, 4), "binary data (a NUL byte)"),
    ],
)
def test_unreadable_notes_are_located(data: bytes, where: tuple[int, int], what: str) -> None:
    problem = decode_note("Inbox/x.md", data)
    assert isinstance(problem, Diagnostic)
    assert (problem.src_uri, problem.line, problem.col, problem.kind) == (
        "Inbox/x.md",
        *where,
        "encoding",
    )
    assert problem.message.startswith(what)


def test_problems_are_counted_by_kind() -> None:
    messages = [
        "a.md:1:2: unresolved-link: [[x]] matches no note",
        "b: c.md:10:1: unresolved-link: [[y]] matches no note",
        "Doc file 'a.md' contains a link 'x.png', but the target is not found",
        "d.md:3:1: symlink: a symbolic link",
    ]
    kinds = [problem_kind(m) for m in messages]
    assert kinds == ["unresolved-link", "unresolved-link", "mkdocs", "symlink"]
    assert problems_summary(kinds) == "4 problems: 2 unresolved-link, 1 mkdocs, 1 symlink"
    assert problems_summary(["symlink"]) == "1 problem: 1 symlink"
    assert problems_summary([]) == "no problems"


@pytest.mark.parametrize(
    ("data", "expected"),
    [
        (b'{"cells": [], "nbformat": 4}', None),
        (b'{"cells": [', "x.ipynb:1:12: bad-notebook: not a notebook: invalid JSON"),
        (b"[1, 2]", "x.ipynb:1:1: bad-notebook: not a notebook: JSON without a list of 'cells'"),
        (b'{"cells": "no"}', "x.ipynb:1:1: bad-notebook: not a notebook: JSON without a list"),
        (b'{"cells": ["\xe9"]}', "x.ipynb:1:13: encoding: not UTF-8 text"),
    ],
)
def test_a_vault_notebook_must_be_readable(data: bytes, expected: str | None) -> None:
    problem = check_notebook("x.ipynb", data)
    if expected is None:
        assert problem is None
    else:
        assert str(problem).startswith(expected)


@pytest.mark.parametrize(
    ("src_uri", "clash"),
    [
        ("assets/javascripts/reading.js", "assets/javascripts/reading.js"),  # our script
        ("Assets/JavaScripts/Reading.js", "assets/javascripts/reading.js"),  # any case
        ("404.html", "404.html"),
        ("sitemap.xml", "sitemap.xml"),
        ("sitemap.xml/pic.png", "sitemap.xml"),  # a folder where the site writes a file
        ("search/search_index.json", "search/search_index.json"),
        ("graph.json", "graph.json"),
        ("link-report.json", "link-report.json"),
        ("tags.json", "tags.json"),
        ("index.html", "index.html"),  # the home page
        ("graph/index.html", "graph/index.html"),  # a generated page
        ("print_page/x.png", "print_page"),  # the handout's folder
        ("assets/javascripts/reading.js/x.png", "assets/javascripts/reading.js"),
    ],
)
def test_a_vault_file_never_replaces_a_file_the_site_serves(src_uri: str, clash: str) -> None:
    site_files = site_owned_files(["assets/javascripts/reading.js"])
    assert site_file_clash(src_uri, site_files) == clash
    problem = site_file_problem(src_uri, clash)
    assert (problem.src_uri, problem.line, problem.col, problem.kind) == (
        src_uri,
        1,
        1,
        "url-collision",
    )
    assert f"'{clash}'" in problem.message
    assert "left out" in problem.message


@pytest.mark.parametrize(
    "src_uri",
    [
        "assets/pic.png",  # an attachments folder named assets/ is common
        "assets/javascripts/mine.js",
        "search/notes.pdf",
        "graph/diagram.png",
        "CITATION.cff",  # the vault's own citation file is published (hooks/citing.py)
        "Notes/index.html",
        "sitemap.xml.bak",
    ],
)
def test_other_vault_files_are_the_vault_s(src_uri: str) -> None:
    assert site_file_clash(src_uri, site_owned_files(["assets/javascripts/reading.js"])) is None


def test_an_html_or_svg_file_that_can_run_a_script_is_reported_at_its_line() -> None:
    svg = b'<svg xmlns="http://www.w3.org/2000/svg">\n  <circle onclick="x()" r="5"/>\n</svg>\n'
    html = b"<html>\n<body>\n<p>ok</p><script>alert(1)</script>\n</body>\n</html>\n"
    found = [
        (d.src_uri, d.line, d.col, d.kind)
        for d in [*check_active_file("pic.svg", svg), *check_active_file("a/Page.HTML", html)]
    ]
    assert found == [("pic.svg", 2, 3, "unsafe-html"), ("a/Page.HTML", 3, 10, "unsafe-html")]
    assert "when a reader opens this file" in check_active_file("pic.svg", svg)[0].message
    # A drawing without scripts, and files no browser runs scripts in, are not reported.
    assert check_active_file("plain.svg", b'<svg><path d="M0 0"/></svg>') == []
    assert check_active_file("notes.txt", b"<script>alert(1)</script>") == []
    assert check_active_file("pic.png", b"\x89PNG <script>") == []


def test_an_active_file_is_scanned_once_per_content(monkeypatch: pytest.MonkeyPatch) -> None:
    """Every rebuild of `mkdocs serve` checks every file: unchanged bytes are not scanned again."""
    from nonlinear.vault import exclusions  # noqa: PLC0415

    scanned: list[int] = []
    scan = exclusions.find_unsafe_file_markup

    def counted(text: str) -> list:  # type: ignore[type-arg]
        scanned.append(len(text))
        return scan(text)

    monkeypatch.setattr(exclusions, "find_unsafe_file_markup", counted)
    svg = b"<svg>\n<g>\n<script>alert(1)</script></g></svg>\n"
    first = exclusions.check_active_file("figures/unique-name-1.svg", svg)
    again = exclusions.check_active_file("figures/unique-name-1.svg", bytes(svg))
    assert [(p.line, p.col, p.kind) for p in first] == [(3, 1, "unsafe-html")]
    assert again == first
    assert len(scanned) == 1
    edited = svg.replace(b"<g>", b"<g>\n")
    moved = exclusions.check_active_file("figures/unique-name-1.svg", edited)
    assert [(p.line, p.col) for p in moved] == [(4, 1)]
    assert exclusions.check_active_file("figures/unique-name-2.svg", svg)[0].src_uri == (
        "figures/unique-name-2.svg"
    )
    assert len(scanned) == 3
