"""Real vaults, built as `make site VAULT=…` builds them (mkdocs.vault.yml, not strict).

Each fixture under tests/sites/vaults/ has the shape of a kind of vault people keep; each test
asserts the site's home page, its own name, no broken internal reference, and the exact list
of problems the build prints.
"""

from __future__ import annotations

import json
import os
import shutil
from pathlib import Path

import pytest
from bs4 import BeautifulSoup

from nonlinear.site.sitecheck import broken_links

HERE = Path(__file__).resolve().parent
VAULTS = HERE / "vaults"
pytestmark = pytest.mark.site


def copy_vault(name: str, tmp_path: Path) -> Path:
    """A fresh copy of a fixture vault (tests add what git cannot hold: .git, links)."""
    vault = tmp_path / name
    shutil.copytree(VAULTS / name, vault, symlinks=True)
    return vault


def site_text(site: Path) -> str:
    return "\n".join(
        path.read_bytes().decode("utf-8", "replace") for path in site.rglob("*") if path.is_file()
    )


@pytest.fixture
def hidden_vault(tmp_path: Path) -> Path:
    """hidden-and-excluded, plus a git repository, symbolic links and unreadable notes."""
    vault = copy_vault("hidden-and-excluded", tmp_path)
    (vault / ".git").mkdir()
    (vault / ".git" / "HEAD").write_text("ref: refs/heads/main\n", "utf-8")
    (vault / ".git" / "index").write_bytes(b"DIRC\x00\x00\x00\x02 SENTINEL-GIT")
    outside = tmp_path / "outside"
    outside.mkdir()
    (outside / "Leak.md").write_text("SENTINEL-OUTSIDE [[Journal 📓]]\n", "utf-8")
    (outside / "leak.png").write_bytes(b"\x89PNG SENTINEL-OUTSIDE-IMAGE")
    os.symlink(outside, vault / "Shared")
    os.symlink(outside / "Leak.md", vault / "Leak.md")
    os.symlink(vault / "Journal 📓.md", vault / "🌱 Seeds" / "Journal twin.md")
    (vault / "Old export.md").write_bytes("Caf\u00e9 notes SENTINEL-LATIN1\n".encode("latin-1"))
    (vault / "Attachment.md").write_bytes(b"\x89PNG\r\n\x1a\n\x00\x00 SENTINEL-BINARY")
    # Notebooks mkdocs-jupyter would render: one cut short, one saved in another encoding.
    (vault / "Cut short.ipynb").write_text('{"cells": [{"source": "SENTINEL-NB"', "utf-8")
    (vault / "Old.ipynb").write_bytes('{"cells": [], "x": "\u00e9 SENTINEL-NB2"}'.encode("latin-1"))
    return vault


def test_hidden_templates_excluded_links_and_unreadable_notes_stay_out(
    hidden_vault: Path, tmp_path: Path, build_vault
) -> None:
    built = build_vault(hidden_vault, tmp_path / "site")
    outside = tmp_path / "outside"
    unresolved = "matches no note; create the note or correct the name"
    assert built.problems == [
        # The files the build does not read, each named, at the first byte it cannot read.
        "Attachment.md:3:1: encoding: binary data (a NUL byte), not a Markdown note; the file "
        "is left out. Remove it or give it another extension than .md",
        "Cut short.ipynb:1:36: bad-notebook: not a notebook: invalid JSON (Expecting ',' "
        "delimiter); the file is left out. Open and save it again in Jupyter",
        f"Leak.md:1:1: symlink: a symbolic link to '{outside / 'Leak.md'}', outside the vault; "
        "not followed (1 file left out: text from outside the vault is never published). "
        "Move or copy the files into the vault to publish them",
        "Old export.md:1:4: encoding: not UTF-8 text (byte 0xe9 cannot be read); the note is "
        "left out. Save it again as UTF-8 (Obsidian writes UTF-8)",
        "Old.ipynb:1:21: encoding: not UTF-8 text (byte 0xe9 cannot be read); the note is left "
        "out. Save it again as UTF-8 (Obsidian writes UTF-8)",
        f"Shared:1:1: symlink: a symbolic link to '{outside}', outside the vault; not followed "
        "(2 files left out: text from outside the vault is never published). Move or copy the "
        "files into the vault to publish them",
        "🌱 Seeds/Journal twin.md:1:1: symlink: a symbolic link to 'Journal 📓.md' inside the "
        "vault; not followed (1 file left out: the target is published at its own path only). "
        "Move or copy the files into the vault to publish them",
        # Links into what Obsidian leaves out resolve nowhere (no problem is reported *inside*
        # the trash, the templates, the excluded files or .github).
        f"Journal 📓.md:3:30: unresolved-link: [[Diary]] {unresolved}",
        f"Journal 📓.md:3:41: unresolved-link: [[Daily]] {unresolved}",
        f"Journal 📓.md:3:52: unresolved-link: [[Old idea]] {unresolved}",
        f"Journal 📓.md:3:66: unresolved-link: [[Sketch.excalidraw]] {unresolved}",
        # A vault that is a git repository: [[index]] is not .git/index.
        f"🌱 Seeds/Idea ✨.md:6:37: unresolved-link: [[index]] {unresolved}",
    ]
    assert not built.aborted
    assert built.infos[-2] == (
        "12 problems: 5 unresolved-link, 3 encoding, 3 symlink, 1 bad-notebook; "
        "STRICT=1 fails on them"
    )
    site = built.site
    text = site_text(site)
    for sentinel in (
        "SENTINEL-TRASH",
        "SENTINEL-GITHUB",
        "SENTINEL-TEMPLATE",
        "SENTINEL-PRIVATE",
        "SENTINEL-EXCALIDRAW",
        "SENTINEL-GIT",
        "SENTINEL-OUTSIDE",
        "SENTINEL-LATIN1",
        "SENTINEL-BINARY",
        "SENTINEL-NB",
        "{{title}}",
    ):
        assert sentinel not in text, sentinel
    for gone in (".git", ".trash", ".github", ".obsidian", "_meta", "Private", "Shared"):
        assert not (site / gone).exists(), gone
    # URLs a person can type: "Journal 📓.md" is served at Journal/, "🌱 Seeds/Idea ✨.md" at
    # Seeds/Idea/; the old addresses lead there.
    assert (site / "Journal" / "index.html").is_file()
    assert (site / "Seeds" / "Idea" / "index.html").is_file()
    assert 'url=../Journal/"' in (site / "Journal 📓" / "index.html").read_text("utf-8")
    assert 'url=../../Seeds/Idea/"' in (site / "🌱 Seeds" / "Idea ✨" / "index.html").read_text(
        "utf-8"
    )
    assert "<title>Journal 📓 - hidden-and-excluded</title>" in (
        site / "Journal" / "index.html"
    ).read_text("utf-8")
    # Readme.md (any case) is the home page; its own URL still leads there.
    home = (site / "index.html").read_text("utf-8")
    assert "<title>Welcome 👋 - hidden-and-excluded</title>" in home
    assert 'url=../"' in (site / "Readme" / "index.html").read_text("utf-8")
    # ... and comes first in the navigation, as index.md would.
    nav = page(site, "Journal/index.html").select("nav.md-nav--primary > ul > li > a")
    assert nav[0].get_text(strip=True) == "Welcome 👋"
    assert [str(f) for f in broken_links(site)] == []


def test_strict_turns_the_problems_into_a_failure(
    hidden_vault: Path, tmp_path: Path, build_vault
) -> None:
    built = build_vault(hidden_vault, tmp_path / "site", strict=True)
    assert built.aborted
    assert len(built.problems) == 12


def report(site: Path) -> dict[str, object]:
    return json.loads((site / "link-report.json").read_text("utf-8"))


def page(site: Path, rel: str) -> BeautifulSoup:
    return BeautifulSoup((site / rel).read_text("utf-8"), "html.parser")


def test_a_personal_vault_daily_notes_templates_clippings_properties(
    tmp_path: Path, build_vault
) -> None:
    built = build_vault(copy_vault("personal", tmp_path), tmp_path / "site")
    site = built.site
    missing = "matches no note; create the note or correct the name"
    assert built.problems == [
        # People not written yet, linked from properties (author:, owner:) and the text.
        f"Clippings/How to grow tomatoes 🍅.md:3:10: unresolved-link: [[Jane Doe]] {missing}",
        f"Daily/2024-03-01.md:9:12: unresolved-link: [[Jane Doe]] {missing}",
        "Daily/2024-03-02.md:9:18: ambiguous-link: [[Notes]] matches 2 files: 'Daily/Notes.md', "
        "'Projects/Notes.md'; linked to 'Daily/Notes.md' (in the folder of "
        "'Daily/2024-03-02.md'); write [[Daily/Notes]] or [[Projects/Notes]]",
        f"Projects/Project Apollo.md:6:9: unresolved-link: [[Jane Doe]] {missing}",
    ]
    assert report(site)["counts"] == {"alias": 1, "ambiguous": 1, "resolved": 11, "unresolved": 3}
    assert [str(f) for f in broken_links(site)] == []
    # No home note: a generated home lists the top folders and their notes; the templates
    # folder is neither published nor listed.
    home = page(site, "index.html")
    assert home.title is not None
    assert home.title.get_text() == "personal"
    assert home.select_one("h1#home").get_text() == "personal"
    folders = [li.strong.get_text() for li in home.select(".nl-home__folders li")]
    assert folders == ["Clippings", "Daily", "Projects"]
    assert not (site / "Templates").exists()
    # Unwritten notes are faded text, never a dead link; the image embed is served.
    daily = page(site, "Daily/2024-03-01/index.html")
    assert [s.get_text() for s in daily.select(".wikilink--broken")] == ["Jane Doe"]
    assert daily.select_one("img.wikilink-embed")["width"] == "300"
    # Code in a link's text, and a block id before a continuation line.
    apollo = page(site, "Projects/Project-Apollo/index.html")
    code_link = apollo.select_one("article a.wikilink code")
    assert code_link is not None
    assert code_link.get_text() == "hasTag"
    assert apollo.select_one('li[id="^ord2"]') is not None
    assert apollo.find("a", href="#^ord2") is not None


def test_a_publish_docs_vault_permalinks_and_no_index(tmp_path: Path, build_vault) -> None:
    vault = copy_vault("publish-docs", tmp_path)
    built = build_vault(vault, tmp_path / "site", site_name="Widget docs")
    site = built.site
    kept = (
        "it still names the note in links and search (rename or remove the alias if an old "
        "URL must work)"
    )
    assert built.problems == [
        "Getting started/Install.md:10:18: unresolved-link: [[Getting started/Troubleshooting]] "
        "matches no note; create the note or correct the name",
        # A permalink or alias that would take a page or file the site generates.
        "Reference/Graph.md:2:1: bad-permalink: permalink 'graph' is taken by 'graph', which the "
        "site generates; the note keeps its URL 'Reference/Graph/' (choose another permalink "
        "or remove it)",
        "Reference/API/Funcs.md:3:1: bad-alias: alias 'assets/diagram.svg' keeps no old URL: "
        f"'assets/diagram.svg/' would replace 'assets/diagram.svg', which the site has; {kept}",
        "Start here.md:3:1: bad-alias: alias 'tags' keeps no old URL: 'tags/' is a page "
        f"already; {kept}",
        "Start here.md:3:1: bad-alias: alias 'sitemap.xml' keeps no old URL: 'sitemap.xml/' "
        f"would replace 'sitemap.xml', which the site has; {kept}",
        "Start here.md:3:1: bad-alias: alias 'print_page' keeps no old URL: 'print_page/' is a "
        f"page already; {kept}",
    ]
    assert report(site)["counts"] == {"resolved": 10, "unresolved": 1}
    assert [str(f) for f in broken_links(site)] == []
    # permalink: / is the home page; the site has the name it was given.
    home = page(site, "index.html")
    assert home.title is not None
    assert home.title.get_text() == "Widget toolkit - Widget docs"
    assert home.select_one("article h1").get_text().startswith("Widget toolkit")
    # Permalinks serve the notes; their path URLs and the aliases (Publish's full old paths)
    # lead there; the generated pages are the site's own.
    for rel in ("install/index.html", "reference/settings/index.html", "api/funcs/index.html"):
        assert (site / rel).is_file(), rel
    assert 'url=../../install/"' in (site / "Getting started/Setup/index.html").read_text("utf-8")
    assert 'url=../../api/funcs/"' in (site / "Reference/Functions/index.html").read_text("utf-8")
    assert 'url=../"' in (site / "Start here/index.html").read_text("utf-8")
    assert "Graph of notes" in (site / "graph/index.html").read_text("utf-8")
    assert (site / "Reference/Graph/index.html").is_file()
    assert (site / "sitemap.xml").is_file()
    assert "Print" in (site / "print_page/index.html").read_text("utf-8")
    # strictLineBreaks from .obsidian/app.json: one newline is no line break here.
    assert home.select_one("article p br") is None


def test_generated_pages_follow_the_notes_in_the_sidebar(tmp_path: Path, build_vault) -> None:
    vault = tmp_path / "vault"
    (vault / "Zoo").mkdir(parents=True)
    # Lower-case names sort among graph.md and tags.md (MkDocs sorts by path).
    for name in ("apple", "hedge", "zebra"):
        (vault / f"{name}.md").write_text(f"{name} links to [[Note]].\n", encoding="utf-8")
    (vault / "Zoo/Note.md").write_text("A note in a folder.\n", encoding="utf-8")
    built = build_vault(vault, tmp_path / "site")
    assert built.problems == []
    nav = page(built.site, "hedge/index.html").select("nav.md-nav--primary > ul > li")
    titles = [" ".join(li.find(["a", "label"]).get_text(" ", strip=True).split()) for li in nav]
    # The generated home page, the folder, the notes, then the pages the site makes.
    assert titles == [
        "Home",
        "Zoo",
        "apple",
        "hedge",
        "zebra",
        "Graph of notes",
        "Tags",
        "Print all notes",
    ]
    # Previous and next follow the sidebar.
    links = page(built.site, "zebra/index.html")
    assert links.select_one('link[rel="prev"]')["href"] == "../hedge/"
    assert links.select_one('link[rel="next"]')["href"] == "../graph/"


def test_notes_mkdocs_would_drop_as_conflicting_are_kept(tmp_path: Path, build_vault) -> None:
    # MkDocs serves index.md, README.md and a folder's namesake X.md at one address, and drops
    # all but one ("Excluding 'README.md' ... because it conflicts with 'index.md'"). In
    # Obsidian each is a note: all are published, a README beside an index.md at README/, and
    # a real clash of URLs (a folder note X.md beside X/index.md) is told apart and reported.
    vault = tmp_path / "Folder notes"
    notes = {
        "index.md": "# Home\n\n[[/README]] [[Sub/README]] [[Sub/index]] [[Projects]]\n",
        "README.md": "# About this vault\n\nSENTINEL-ROOT-README\n",
        "Sub/index.md": "# Sub\n\n[[Sub/README|readme]]\n",
        "Sub/README.md": "# Sub readme\n\nSENTINEL-SUB-README\n",
        "Projects.md": "# Projects\n\nSENTINEL-FOLDER-NOTE [[Projects/index]]\n",
        "Projects/index.md": "# Projects index\n\nSENTINEL-PROJECTS-INDEX\n",
    }
    for uri, text in notes.items():
        (vault / uri).parent.mkdir(parents=True, exist_ok=True)
        (vault / uri).write_text(text, "utf-8")
    built = build_vault(vault, tmp_path / "site")
    site = built.site
    assert built.problems == [
        "Projects/index.md:1:1: url-collision: its URL 'Projects/' is the URL of 'Projects.md'; "
        "it is served at 'Projects-2/' instead (rename one of the notes to choose their URLs)"
    ]
    text = site_text(site)
    for sentinel in (
        "SENTINEL-ROOT-README",
        "SENTINEL-SUB-README",
        "SENTINEL-FOLDER-NOTE",
        "SENTINEL-PROJECTS-INDEX",
    ):
        assert sentinel in text
    assert "SENTINEL-ROOT-README" in (site / "README/index.html").read_text("utf-8")
    assert "SENTINEL-SUB-README" in (site / "Sub/README/index.html").read_text("utf-8")
    assert "SENTINEL-FOLDER-NOTE" in (site / "Projects/index.html").read_text("utf-8")
    assert "SENTINEL-PROJECTS-INDEX" in (site / "Projects-2/index.html").read_text("utf-8")
    assert report(site)["counts"] == {"resolved": 6}
    assert [str(f) for f in broken_links(site)] == []


def test_a_moved_note_s_old_address_is_no_alias_problem(tmp_path: Path, build_vault) -> None:
    # A note served elsewhere than its path (a URL collision, a folder named like a file of
    # the site) is reported once, as url-collision; its old address, which cannot become a
    # redirect, is not reported again as an alias it does not have.
    vault = tmp_path / "Moved"
    notes = {
        "index.md": "# Home\n\n[[Case]] [[case]] [[sitemap.xml/Inside]]\n",
        "Case.md": "# Upper\n",
        "case.md": "# Lower\n",
        "sitemap.xml/Inside.md": "# Inside\n",
    }
    for uri, text in notes.items():
        (vault / uri).parent.mkdir(parents=True, exist_ok=True)
        (vault / uri).write_text(text, "utf-8")
    built = build_vault(vault, tmp_path / "site")
    assert [p.split(": url-collision: ")[0] for p in built.problems] == [
        "case.md:1:1",
        "sitemap.xml/Inside.md:1:1",
    ]
    assert (built.site / "case-2/index.html").is_file()
    assert (built.site / "sitemap.xml-2/Inside/index.html").is_file()
    assert [str(f) for f in broken_links(built.site)] == []


def test_a_vault_folder_s_name_is_text_wherever_the_site_prints_it(
    tmp_path: Path, build_vault
) -> None:
    # The site is named after the folder, which anyone who hands over a vault chooses:
    # Material prints config.site_name unescaped in the header, <title> and the 404 page.
    name = "<svg onload=alert(1)> R&D's notes"
    vault = tmp_path / name
    vault.mkdir()
    (vault / "Note.md").write_text("A note.\n", "utf-8")
    built = build_vault(vault, tmp_path / "site")
    assert built.problems == []
    for rel in ("index.html", "Note/index.html", "404.html", "graph/index.html"):
        soup = page(built.site, rel)
        assert soup.find("svg", attrs={"onload": True}) is None, rel
        assert not [el for el in soup.find_all(True) if any(a.startswith("on") for a in el.attrs)]
        topic = soup.select_one(".md-header__topic .md-ellipsis")
        assert topic is not None
        assert topic.get_text(strip=True) == name, rel
    home = page(built.site, "index.html")
    assert home.title is not None
    assert home.title.get_text() == name
    assert home.select_one("article h1").get_text() == name  # the generated home page
