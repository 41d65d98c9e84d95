"""The problems panel, the vault-wide list and the failure banner of ``make serve``."""

from __future__ import annotations

import pytest
from bs4 import BeautifulSoup

from nonlinear.serve.problems import (
    Problem,
    collect,
    inject,
    parse_problem,
    reload_script,
    render_failure,
    render_page,
    render_panel,
    render_problems_list,
)
from nonlinear.vault.diagnostics import Diagnostic


def _text(html: str, selector: str) -> list[str]:
    return [el.get_text() for el in BeautifulSoup(html, "html.parser").select(selector)]


@pytest.mark.parametrize(
    ("message", "problem"),
    [
        (
            "nonlinear: Activations/ReLU.md:12:5: unresolved-link: [[X]] matches no note",
            Problem("Activations/ReLU.md", 12, 5, "unresolved-link", "[[X]] matches no note"),
        ),
        (
            "ReLU.md:3:1: math-error: unknown LaTeX command \\foo; use \\operatorname{foo}",
            Problem(
                "ReLU.md",
                3,
                1,
                "math-error",
                "unknown LaTeX command \\foo; use \\operatorname{foo}",
            ),
        ),
        (
            "nonlinear: Deep/Folder With Spaces/Ünï.md:40:12: unclosed-comment: %% never closed",
            Problem(
                "Deep/Folder With Spaces/Ünï.md", 40, 12, "unclosed-comment", "%% never closed"
            ),
        ),
        (
            "Doc file 'Notes/A.md' contains a link 'b.md', but the target is not found among "
            "documentation files.",
            Problem(
                "Notes/A.md",
                None,
                None,
                "mkdocs",
                "contains a link 'b.md', but the target is not found among documentation files.",
            ),
        ),
        (
            "nonlinear: figures/relu.svg: replaced by the file the notebooks generate",
            Problem(
                None,
                None,
                None,
                "warning",
                "nonlinear: figures/relu.svg: replaced by the file the notebooks generate",
            ),
        ),
        (
            "notebooks/x.ipynb: cell 2 (counted from 0), line 3: notebook-error: boom",
            Problem(
                None,
                None,
                None,
                "warning",
                "notebooks/x.ipynb: cell 2 (counted from 0), line 3: notebook-error: boom",
            ),
        ),
    ],
)
def test_warnings_are_read_back_into_located_problems(message: str, problem: Problem) -> None:
    assert parse_problem(message) == problem


def test_a_diagnostic_round_trips_through_its_log_line() -> None:
    diagnostic = Diagnostic("Notes/a b.md", 7, 3, "ambiguous-link", "[[Dup]] matches 2 notes")
    problem = parse_problem(f"nonlinear: {diagnostic}")
    assert (problem.src_uri, problem.line, problem.col, problem.kind, problem.message) == (
        diagnostic.src_uri,
        diagnostic.line,
        diagnostic.col,
        diagnostic.kind,
        diagnostic.message,
    )
    assert str(problem) == "7:3: ambiguous-link: [[Dup]] matches 2 notes"


def test_collect_sorts_by_file_and_position_and_keeps_each_problem_once() -> None:
    problems = collect(
        [
            "b.md:9:1: unresolved-link: late",
            "a build-wide warning",
            "b.md:2:4: missing-heading: early",
            "b.md:2:4: missing-heading: early",
            "a.md:5:1: missing-embed: first file",
        ]
    )
    assert [str(p) for p in problems] == [
        "5:1: missing-embed: first file",
        "2:4: missing-heading: early",
        "9:1: unresolved-link: late",
        "warning: a build-wide warning",
    ]


def test_panel_lists_this_notes_problems_as_line_col_kind_message() -> None:
    here = [
        Problem("A.md", 4, 9, "unresolved-link", "[[No <Such> Note]] matches no note"),
        Problem("A.md", 7, 1, "missing-heading", "[[B#X]]: 'B.md' has no heading 'X'"),
    ]
    html = render_panel(here, 5, "/__problems__/")
    assert _text(html, ".nl-problems li") == [
        "4:9: unresolved-link: [[No <Such> Note]] matches no note",
        "7:1: missing-heading: [[B#X]]: 'B.md' has no heading 'X'",
    ]
    assert "<Such>" not in html  # escaped
    soup = BeautifulSoup(html, "html.parser")
    link = soup.select_one(".nl-problems a")
    assert link is not None
    assert (link["href"], link.get_text()) == ("/__problems__/", "5 problems in the vault")
    assert "2 problems in this note" in soup.get_text()


def test_panel_of_a_clean_note_points_to_the_others_and_a_clean_vault_shows_nothing() -> None:
    html = render_panel([], 1, "/m/__problems__/")
    assert _text(html, ".nl-problems li") == []
    assert "No problems in this note" in BeautifulSoup(html, "html.parser").get_text()
    assert _text(html, ".nl-problems a") == ["1 problem in the vault"]
    assert render_panel([], 0, "/__problems__/") == ""


def test_problems_list_groups_by_file_with_links_to_the_pages() -> None:
    problems = collect(
        [
            "Notes/B.md:3:1: unresolved-link: b",
            "Notes/A.md:1:2: unresolved-link: a",
            "a build-wide warning",
        ]
    )
    html = render_problems_list(problems, {"Notes/A.md": "/Notes/A/"})
    soup = BeautifulSoup(html, "html.parser")
    assert [h.get_text() for h in soup.select("h2")] == [
        "Notes/A.md",
        "Notes/B.md",
        "Not about one file",
    ]
    assert [a["href"] for a in soup.select("h2 a")] == ["/Notes/A/"]  # B has no page
    assert _text(html, "li") == [
        "1:2: unresolved-link: a",
        "3:1: unresolved-link: b",
        "warning: a build-wide warning",
    ]
    assert "3 problems in 2 files" in soup.get_text()
    assert "reported no problems" in render_problems_list((), {})


def test_failure_banner_shows_the_messages_escaped() -> None:
    html = render_failure(["Config value 'theme': <bad>", "second"], last_good=True)
    assert _text(html, "pre") == ["Config value 'theme': <bad>\nsecond"]
    assert "last build that finished" in html
    assert "no earlier build" in render_failure([], last_good=False)


@pytest.mark.parametrize(
    ("page", "expected"),
    [
        (
            '<html><body class="x"><div class="md-container"><article class="md-content__inner '
            'md-typeset"><h1>T</h1></article></div></body></html>',
            '<html><body class="x"><div class="md-container"><article class="md-content__inner '
            'md-typeset">[P]<h1>T</h1></article></div></body></html>',
        ),
        ("<html><BODY><p>x</p></BODY></html>", "<html><BODY>[P]<p>x</p></BODY></html>"),
        ("<p>fragment</p>", "[P]<p>fragment</p>"),
    ],
)
def test_inject_puts_the_panel_at_the_top_of_the_content(page: str, expected: str) -> None:
    assert inject(page, "[P]") == expected
    assert inject(page, "") == page


def test_page_made_from_the_sites_404_keeps_its_chrome() -> None:
    template = (
        "<html><head><title>404 - Site</title></head><body><header>H</header>"
        '<article class="md-content__inner md-typeset"><h1>404 - Not found</h1></article>'
        "<footer>F</footer></body></html>"
    )
    page = render_page("Problems", "<h1>Problems</h1>", template=template, script="<script/>")
    assert page == (
        "<html><head><title>Problems</title></head><body><header>H</header>"
        '<article class="md-content__inner md-typeset"><h1>Problems</h1></article>'
        "<footer>F</footer><script/></body></html>"
    )
    bare = render_page("Problems", "<h1>P</h1>", template=None, script="<script/>")
    assert bare.startswith("<!doctype html>")
    assert "<h1>P</h1><script/></body>" in bare


def test_reload_script_polls_the_generation_url_and_escapes_it() -> None:
    script = reload_script("/it's</script>/generation", 7)
    assert "var seen=7;" in script
    assert "</script>/generation" not in script
    assert "'/it\\'s\\x3c/script>/generation'" in script
