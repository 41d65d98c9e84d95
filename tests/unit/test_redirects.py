"""Redirect pages keep a renamed note's old URL working (nonlinear.site.redirects)."""

from __future__ import annotations

from pathlib import Path

import pytest

from nonlinear.site.redirects import (
    PublishedNote,
    Redirect,
    SkippedAlias,
    alias_line,
    aliases_of,
    occupied_in,
    old_url,
    plan_redirects,
    render_redirect,
    typed_url,
)

LEAKY = PublishedNote("Activations/Leaky ReLU.md", "Activations/Leaky%20ReLU/", ("Leaky Relu",))


@pytest.mark.parametrize(
    ("src_uri", "alias", "directory_urls", "expected"),
    [
        ("Activations/ReLU.md", "Rectifier", True, "Activations/Rectifier/"),
        ("Activations/ReLU.md", "Rectifier", False, "Activations/Rectifier.html"),
        ("Activations/ReLU.md", "Old/ReLU", True, "Old/ReLU/"),  # a vault path: from the root
        ("Activations/ReLU.md", "/Old/ReLU.md", True, "Old/ReLU/"),
        ("ReLU.md", "Rectified Linear Unit", True, "Rectified Linear Unit/"),
        ("a/b/Note.md", "../Moved", True, "../Moved/"),  # outside the site: skipped
        ("Notes/Cafe\u0301.md", "Cafe\u0301 old", True, "Notes/Caf\u00e9 old/"),  # NFC
    ],
)
def test_old_url(src_uri: str, alias: str, directory_urls: bool, expected: str) -> None:
    note = PublishedNote(src_uri, "x/", (alias,))
    assert old_url(note, alias, directory_urls=directory_urls) == expected


def test_plan_one_redirect_per_alias_sorted_by_path() -> None:
    relu = PublishedNote("Activations/ReLU.md", "Activations/ReLU/", ("Rectifier", "Old/ReLU"))
    redirects, skipped = plan_redirects([relu, LEAKY], ["Activations/ReLU/"])
    assert redirects == [
        Redirect("Activations/Leaky Relu/index.html", "Activations/Leaky Relu/", LEAKY),
        # The old name as today's URL rule writes it, for a reader who types it.
        Redirect("Activations/Leaky-Relu/index.html", "Activations/Leaky-Relu/", LEAKY),
        Redirect("Activations/Rectifier/index.html", "Activations/Rectifier/", relu),
        Redirect("Old/ReLU/index.html", "Old/ReLU/", relu),
    ]
    assert skipped == []


def test_an_alias_never_replaces_a_page_or_another_notes_redirect() -> None:
    relu = PublishedNote("Activations/ReLU.md", "Activations/ReLU/", ("relu", "Unit"))
    elu = PublishedNote("Activations/ELU.md", "Activations/ELU/", ("Unit", "../../outside"))
    # "relu" is the ReLU page itself modulo case: a case-insensitive host would clash.
    redirects, skipped = plan_redirects([relu, elu], ["Activations/ReLU/", "Activations/ELU/"])
    assert [r.path for r in redirects] == ["Activations/Unit/index.html"]
    assert redirects[0].target == elu  # notes are planned in src_uri order: deterministic
    assert skipped == [
        SkippedAlias("Activations/ELU.md", "../../outside", "it points outside the site"),
        SkippedAlias(
            "Activations/ReLU.md",
            "relu",
            "'Activations/relu/' differs from the note's own URL only in letter case",
            own=True,
        ),
        SkippedAlias("Activations/ReLU.md", "Unit", "'Activations/ELU.md' has the same alias"),
    ]
    assert str(skipped[0]) == (
        "Activations/ELU.md: redirect: alias '../../outside' gets no page: "
        "it points outside the site"
    )


def test_taken_urls_are_compared_decoded() -> None:
    redirects, skipped = plan_redirects([LEAKY], ["Activations/Leaky%20Relu/"])
    assert [r.url for r in redirects] == ["Activations/Leaky-Relu/"]
    assert [s.alias for s in skipped] == ["Leaky Relu"]


def test_the_typed_form_never_takes_a_page_or_an_alias_as_written() -> None:
    # "Old-Name" is a note's alias as written: the other note's "Old Name" keeps only its own.
    first = PublishedNote("A.md", "A/", ("Old Name",))
    second = PublishedNote("B.md", "B/", ("Old-Name",))
    redirects, skipped = plan_redirects([first, second], ["A/", "B/", "Taken-page/"])
    assert [(r.url, r.target.src_uri) for r in redirects] == [
        ("Old Name/", "A.md"),
        ("Old-Name/", "B.md"),
    ]
    assert skipped == []
    page_note = PublishedNote("C.md", "C/", ("Taken page",))
    redirects, _ = plan_redirects([page_note], ["C/", "Taken-page/"])
    assert [r.url for r in redirects] == ["Taken page/"]


@pytest.mark.parametrize(
    ("url", "typed"),
    [
        ("Activations/Leaky Relu/", "Activations/Leaky-Relu/"),
        ("Daily notes/Old day/", "Daily-notes/Old-day/"),
        ("C++ & Rust/", "C-plus-plus-and-Rust/"),
        ("ReLU/", "ReLU/"),
    ],
)
def test_typed_url(url: str, typed: str) -> None:
    assert typed_url(url) == typed
    assert (
        typed_url(url.removesuffix("/") + ".html", directory_urls=False)
        == typed.removesuffix("/") + ".html"
    )


def test_a_redirect_keeps_the_section_of_the_old_address() -> None:
    redirect = Redirect("Activations/Leaky ReLU/index.html", "Activations/Leaky ReLU/", LEAKY)
    page = render_redirect(redirect, site_url="", title="Leaky ReLU")
    assert (
        '<script>location.replace(new URL("../../Activations/Leaky%20ReLU/", location.href)'
        ".href.split('#')[0] + location.hash)</script>"
    ) in page


def test_render_redirect_points_relative_and_canonical() -> None:
    redirect = Redirect("Activations/Leaky Relu/index.html", "Activations/Leaky Relu/", LEAKY)
    page = render_redirect(redirect, site_url="https://example.org/kb/", title="Leaky <ReLU>")
    assert '<meta http-equiv="refresh" content="0; url=../../Activations/Leaky%20ReLU/">' in page
    assert '<link rel="canonical" href="https://example.org/kb/Activations/Leaky%20ReLU/">' in page
    assert '<a href="../../Activations/Leaky%20ReLU/">Leaky &lt;ReLU&gt;</a>' in page
    assert '<meta name="robots" content="noindex">' in page
    assert "canonical" not in render_redirect(redirect, site_url="", title="x")


def test_render_redirect_without_directory_urls() -> None:
    note = PublishedNote("Activations/ReLU.md", "Activations/ReLU.html", ("Old",))
    redirect = Redirect("Activations/Old.html", "Activations/Old.html", note)
    assert 'url=../Activations/ReLU.html"' in render_redirect(redirect, site_url="", title="R")


@pytest.mark.parametrize(
    ("meta", "expected"),
    [
        ({"aliases": ["A", "B"]}, ("A", "B")),
        ({"aliases": "Solo"}, ("Solo",)),
        ({"aliases": None}, ()),
        ({"aliases": ["", 2024, {"x": 1}]}, ("2024",)),
        ({"aliases": {"not": "a list"}}, ()),
        ({}, ()),
        (None, ()),
    ],
)
def test_aliases_of(meta: object, expected: tuple[str, ...]) -> None:
    assert aliases_of(meta) == expected


def built_site(tmp_path: Path) -> Path:
    site = tmp_path / "site"
    for rel in (
        "sitemap.xml",
        "404.html",
        "graph.json",
        "print_page/index.html",
        "assets/diagram.svg",
        "Notes/A/index.html",
        "search/search_index.json",
    ):
        (site / rel).parent.mkdir(parents=True, exist_ok=True)
        (site / rel).write_text("x", "utf-8")
    return site


@pytest.mark.parametrize(
    ("alias", "clash"),
    [
        ("sitemap.xml", "sitemap.xml"),  # would need a folder named like the sitemap
        ("/404.html", "404.html"),
        ("graph.json", "graph.json"),
        ("print_page", "print_page/index.html"),  # the handout: never silently replaced
        ("PRINT_PAGE", "print_page/index.html"),  # a case-insensitive host has one of them
        ("assets/diagram.svg", "assets/diagram.svg"),  # an attachment's name
        ("assets/diagram.svg/deeper", "assets/diagram.svg"),
        ("Notes/A", "Notes/A/index.html"),
        ("search", None),  # a page beside search/search_index.json is no clash
        ("assets", None),
        ("Old name", None),
    ],
)
@pytest.mark.parametrize("listed", [False, True], ids=["folder", "listed"])
def test_an_alias_never_replaces_a_file_of_the_built_site(
    tmp_path: Path, alias: str, clash: str | None, listed: bool
) -> None:
    # Before: 'sitemap.xml' crashed the build (FileExistsError), 'print_page' replaced the
    # handout silently. "listed": the site's files as make serve's staged build knows them,
    # while the folder still holds an older build (here: nothing).
    site = built_site(tmp_path)
    if listed:
        files = {p.relative_to(site).as_posix() for p in site.rglob("*") if p.is_file()}
        occupied = occupied_in(tmp_path / "empty", files)
    else:
        occupied = occupied_in(site)
    note = PublishedNote("Note.md", "Note/", (alias,))
    redirects, skipped = plan_redirects([note], ["Note/"], occupied=occupied)
    if clash is None:
        assert (redirects[0].url, skipped) == (old_url(note, alias), [])
    else:
        assert redirects == []
        url = old_url(note, alias)
        assert skipped == [
            SkippedAlias("Note.md", alias, f"'{url}' would replace '{clash}', which the site has")
        ]
        assert skipped[0].message() == (
            f"alias '{alias}' keeps no old URL: '{url}' would replace '{clash}', which the site "
            "has; it still names the note in links and search (rename or remove the alias if "
            "an old URL must work)"
        )


@pytest.mark.parametrize(
    ("text", "alias", "key", "line"),
    [
        ("---\ntitle: T\naliases:\n  - One\n  - Two\n---\nbody Two", "Two", "aliases", 5),
        ("---\naliases: [One, Two]\n---\n", "Two", "aliases", 2),
        ("---\naliases: Two\n---\n", "Two", "aliases", 2),
        ("---\ntags: [Two]\naliases:\n- Two\n---\n", "Two", "aliases", 4),
        ("---\npermalink: x\n---\n", "N.md", "permalink", 2),
        ("no properties", "Two", "aliases", 1),
    ],
)
def test_alias_line(text: str, alias: str, key: str, line: int) -> None:
    assert alias_line(text, alias, key) == line


def test_an_alias_longer_than_a_file_name_gets_no_page() -> None:
    note = PublishedNote("N.md", "N/", ("q" * 300, "Fine"))
    redirects, skipped = plan_redirects([note], ["N/"])
    # As written it cannot be a folder; as today's URL rule writes it (cut to fit), it can.
    assert [r.url for r in redirects] == ["Fine/", "q" * 240 + "/"]
    assert [(s.alias, s.reason) for s in skipped] == [
        ("q" * 300, "a part of it is longer than a file name may be (255 bytes)")
    ]
