"""Citing over built sites: meta tags on every note, the cite box, "How to cite", changelog.

The knowledge base is checked against git asked independently (``git log --follow``); a
small vault in a fresh repository, with known commit dates, a rename, an unpublished note and
HTML-ish titles, is built with and without a ``CITATION.cff`` next to it.
"""

from __future__ import annotations

import json
import os
import re
import shutil
import subprocess
import xml.etree.ElementTree as ET
from pathlib import Path
from urllib.parse import unquote

import pytest
from bs4 import BeautifulSoup
from mkdocs.commands.build import build
from mkdocs.config import load_config

from nonlinear.notebooks.vault_outputs import read_manifest
from nonlinear.site.cite import find_citation_file

ROOT = Path(__file__).resolve().parents[2]
DOCS = ROOT / "docs"
pytestmark = pytest.mark.site
ATOM = "{http://www.w3.org/2005/Atom}"


def _soup(path: Path) -> BeautifulSoup:
    return BeautifulSoup(path.read_text(encoding="utf-8"), "lxml")


def _meta(html: BeautifulSoup, name: str) -> list[str]:
    return [str(tag["content"]) for tag in html.find_all("meta", attrs={"name": name})]


def _note_pages(site: Path) -> list[tuple[str, Path]]:
    """(src_uri, built page) of every published note, from the graph.json the build wrote.

    The notebooks' pages kept in the vault by ``make notebooks`` (listed in its manifest) are
    generated: the build publishes them from the notebooks, not from their committed copy.
    """
    graph = json.loads((site / "graph.json").read_text(encoding="utf-8"))
    generated, _ = read_manifest(DOCS)
    return [
        (node["id"], site / unquote(node["url"]) / "index.html")
        for node in graph["nodes"]
        if node["id"].endswith(".md") and node["id"] not in generated
    ]


def _git_date(*args: str, cwd: Path = DOCS) -> str:
    out = subprocess.run(
        ["git", "log", *args], cwd=cwd, capture_output=True, text=True, check=True
    ).stdout.split()
    return out[-1] if out else ""


def test_every_note_of_the_knowledge_base_carries_citation_meta_tags(real_site: Path) -> None:
    pages = _note_pages(real_site)
    assert len(pages) >= 30
    assert all(page.exists() for _, page in pages)
    for src_uri, page in pages:
        html = _soup(page)
        canonical = html.find("link", rel="canonical")
        assert canonical is not None, page
        h1 = html.select_one("article h1")
        assert h1 is not None
        title = h1.get_text(strip=True).removesuffix("¶")
        assert _meta(html, "citation_title") == [title], page
        assert _meta(html, "DC.title") == [title], page
        assert _meta(html, "citation_author") == ["The Nonlinear authors"], page
        assert _meta(html, "DC.creator") == ["The Nonlinear authors"], page
        assert _meta(html, "citation_public_url") == [canonical["href"]], page
        assert _meta(html, "DC.identifier") == [canonical["href"]], page
        publisher = _meta(html, "citation_publisher")
        assert publisher == _meta(html, "DC.publisher") == _meta(html, "DCTERMS.isPartOf")
        assert publisher[0].startswith("Nonlinear")
        assert _meta(html, "DC.rights") == ["CC-BY-4.0"]
        last = _git_date("-1", "--format=%cs", "--", src_uri)
        first = _git_date("--follow", "--diff-filter=A", "--format=%cs", "--", src_uri)
        if not last:  # not committed yet
            continue
        assert _meta(html, "citation_publication_date") == [first.replace("-", "/")], page
        assert _meta(html, "citation_online_date") == [last.replace("-", "/")], page
        assert _meta(html, "DCTERMS.created") == [first], page
        assert _meta(html, "DCTERMS.modified") == [last], page


def test_knowledge_base_has_how_to_cite_changelog_and_feed(real_site: Path) -> None:
    cite = _soup(real_site / "how-to-cite" / "index.html")
    assert cite.select_one(".nl-cite--work pre.nl-cite__bibtex") is not None
    assert (real_site / "CITATION.cff").read_bytes() == (ROOT / "CITATION.cff").read_bytes()
    changelog = _soup(real_site / "changelog" / "index.html")
    entries = changelog.select("ul.nl-changelog > li")
    assert len(entries) >= 5
    feed = ET.parse(real_site / "changelog.xml").getroot()
    assert len(feed.findall(f"{ATOM}entry")) == min(len(entries), 50)
    # Pages the site generates cite nothing; an executed notebook cites its notebook at HEAD.
    for page in ("tags", "graph", "print_page", "how-to-cite", "changelog"):
        assert _soup(real_site / page / "index.html").select_one("details.nl-cite") is None
    notebook = _soup(real_site / "notebooks" / "activation-gallery" / "index.html")
    pinned = notebook.select_one("details.nl-cite .nl-cite__revision a")
    assert pinned is not None
    assert str(pinned["href"]).endswith("/notebooks/activation-gallery.ipynb")
    # The feed is announced on every note, for feed readers given any page's address.
    relu = _soup(real_site / "Activations" / "ReLU" / "index.html")
    link = relu.find("link", rel="alternate", type="application/atom+xml")
    assert link is not None
    assert link["href"] == "../../changelog.xml"


# A vault in a repository of its own: every date and every change is known.
CFF = """\
cff-version: 1.2.0
title: "Tiny <KB> & Co"
authors:
  - family-names: Lovelace
    given-names: Ada
  - name: "Group & Co"
license: CC-BY-4.0
url: "https://example.org/tiny/"
repository-code: "https://git.example.org/me/tiny"
"""
HTMLISH = 'A <b>bold</b> & "quoted" title'


def _git(repo: Path, *args: str, when: str) -> str:
    env = {
        **os.environ,
        "GIT_AUTHOR_DATE": when,
        "GIT_COMMITTER_DATE": when,
        "GIT_CONFIG_GLOBAL": os.devnull,
        "GIT_CONFIG_NOSYSTEM": "1",
    }
    return subprocess.run(
        ["git", "-c", "user.name=T", "-c", "user.email=t@e.org", *args],
        cwd=repo,
        check=True,
        capture_output=True,
        text=True,
        env=env,
    ).stdout


def _commit(repo: Path, message: str, when: str) -> str:
    _git(repo, "add", "-A", when=when)
    _git(repo, "commit", "-q", "-m", message, when=when)
    return _git(repo, "rev-parse", "HEAD", when=when).strip()


def _write(path: Path, text: str) -> None:
    path.parent.mkdir(parents=True, exist_ok=True)
    path.write_text(text, encoding="utf-8")


def _make_repository(repo: Path, *, citation: bool) -> dict[str, str]:
    vault = repo / "vault"
    home = "---\ntitle: Home\n---\nHome of the tiny vault. See [[{}]] and [[First]].\n"
    _write(vault / "index.md", home.format("Old name"))
    _write(
        vault / "Notes" / "First.md", f"---\ntitle: '{HTMLISH.replace(chr(39), '')}'\n---\nOne.\n"
    )
    _write(vault / "Old name.md", "A note that will move.\n")
    _write(vault / "Secret.md", "---\npublish: false\n---\nPrivate.\n")
    _write(vault / "Gone.md", "Soon removed.\n")
    if citation:
        _write(repo / "CITATION.cff", CFF)
    _write(
        repo / "mkdocs.yml",
        f"""\
site_name: Tiny site
site_url: https://example.org/tiny/
repo_url: https://git.example.org/me/tiny
edit_uri: edit/main/vault/
docs_dir: vault
theme:
  name: material
  custom_dir: {ROOT / "overrides"}
hooks:
  - {ROOT / "hooks" / "wikilinks.py"}
  - {ROOT / "hooks" / "citing.py"}
markdown_extensions:
  - toc:
      permalink: true
  - attr_list
  - md_in_html
  - tables
""",
    )
    _git(repo, "init", "-q", when="2026-01-01T09:00:00+00:00")
    hashes = {"one": _commit(repo, "Start <the> vault", "2026-01-02T09:00:00+00:00")}
    _write(
        vault / "Notes" / "First.md", f"---\ntitle: '{HTMLISH.replace(chr(39), '')}'\n---\nTwo.\n"
    )
    (vault / "Gone.md").unlink()
    hashes["two"] = _commit(repo, "Edit First, drop Gone", "2026-02-03T10:00:00+00:00")
    (vault / "Old name.md").rename(vault / "Notes" / "New name.md")
    _write(vault / "index.md", home.format("New name"))
    hashes["three"] = _commit(repo, "Move Old name", "2026-03-04T11:00:00+00:00")
    _write(vault / "Secret.md", "---\npublish: false\n---\nStill private.\n")
    hashes["four"] = _commit(repo, "Private edit", "2026-04-05T12:00:00+00:00")
    return hashes


def _build(repo: Path, site: Path) -> Path:
    os.environ.setdefault("NO_MKDOCS_2_WARNING", "1")
    build(load_config(str(repo / "mkdocs.yml"), site_dir=str(site), strict=True))
    return site


@pytest.fixture(scope="module")
def cited(tmp_path_factory: pytest.TempPathFactory) -> tuple[Path, dict[str, str]]:
    repo = tmp_path_factory.mktemp("cited-repo")
    hashes = _make_repository(repo, citation=True)
    return _build(repo, tmp_path_factory.mktemp("cited-site")), hashes


def test_meta_tags_are_escaped_and_dated_from_git(cited: tuple[Path, dict[str, str]]) -> None:
    site, _ = cited
    page = site / "Notes" / "First" / "index.html"
    raw = page.read_text(encoding="utf-8")
    assert 'content="A <b>' not in raw  # escaped in the attribute
    html = _soup(page)
    title = HTMLISH.replace("'", "")
    assert _meta(html, "citation_title") == [title]
    assert _meta(html, "citation_author") == ["Lovelace, A.", "Group & Co"]
    assert _meta(html, "citation_publication_date") == ["2026/01/02"]
    assert _meta(html, "citation_online_date") == ["2026/02/03"]
    assert _meta(html, "citation_publisher") == ["Tiny <KB> & Co"]
    assert _meta(html, "citation_public_url") == ["https://example.org/tiny/Notes/First/"]
    moved = _soup(site / "Notes" / "New-name" / "index.html")  # the URL rule: no %20
    # First published under its old name, last revised by the move.
    assert _meta(moved, "citation_publication_date") == ["2026/01/02"]
    assert _meta(moved, "DCTERMS.modified") == ["2026-03-04"]


def test_cite_box_links_the_source_at_the_revision_shown(
    cited: tuple[Path, dict[str, str]],
) -> None:
    site, hashes = cited
    box = _soup(site / "Notes" / "First" / "index.html").select_one("details.nl-cite")
    assert box is not None
    revision = box.select_one(".nl-cite__revision a")
    assert revision is not None
    source = f"https://git.example.org/me/tiny/blob/{hashes['two']}/vault/Notes/First.md"
    assert revision["href"] == source
    assert revision.get_text() == hashes["two"][:7]
    version = box.select_one(".nl-cite__version pre.nl-cite__bibtex-version")
    assert version is not None
    assert f"url          = {{{source}}}" in version.get_text()
    assert "date         = {2026-02-03}" in version.get_text()
    living = box.select_one(".nl-cite__living pre.nl-cite__apa")
    assert living is not None
    assert living.get_text().startswith("Lovelace, A., & Group & Co. (2026, February 3). ")


def test_changelog_and_feed_name_only_published_notes(cited: tuple[Path, dict[str, str]]) -> None:
    site, hashes = cited
    page = _soup(site / "changelog" / "index.html")
    entries = page.select("ul.nl-changelog > li")
    assert [li["id"] for li in entries] == [
        f"rev-{hashes[n][:7]}" for n in ("three", "two", "one")
    ]  # "Private edit" touched an unpublished note only
    text = page.get_text()
    assert "Secret" not in text
    assert "Start <the> vault" in text
    assert "renamed from “Old name”" in text
    assert "1 note removed" in text
    first = entries[-1]
    # The note added as "Old name.md" is listed under the name and URL it has now.
    names = sorted(a.get_text() for a in first.select("ul a:not([href^='https'])"))
    assert names == sorted(["Home", "New name", HTMLISH.replace("'", "")])
    hrefs = sorted(str(a["href"]) for a in first.select("ul a:not([href^='https'])"))
    assert hrefs == ["../", "../Notes/First/", "../Notes/New-name/"]
    feed_bytes = (site / "changelog.xml").read_bytes()
    assert b"Secret" not in feed_bytes
    feed = ET.fromstring(feed_bytes)
    assert [e.findtext(f"{ATOM}id") for e in feed.findall(f"{ATOM}entry")] == [
        f"https://example.org/tiny/changelog/#rev-{hashes[n][:7]}" for n in ("three", "two", "one")
    ]
    assert (site / "CITATION.cff").read_text(encoding="utf-8") == CFF
    assert (site / "how-to-cite" / "index.html").exists()


def test_search_index_leaves_the_changelog_out(cited: tuple[Path, dict[str, str]]) -> None:
    site, _ = cited
    index = json.loads((site / "search" / "search_index.json").read_text(encoding="utf-8"))
    locations = {doc["location"] for doc in index["docs"]}
    assert not any(loc.startswith("changelog/") for loc in locations)
    assert any(loc.startswith("how-to-cite/") for loc in locations)


def test_without_citation_data_nothing_of_it_leaks(tmp_path: Path) -> None:
    repo = tmp_path / "repo"
    repo.mkdir()
    _make_repository(repo, citation=False)
    site = _build(repo, tmp_path / "site")
    for missing in ("how-to-cite", "changelog", "changelog.xml", "CITATION.cff"):
        assert not (site / missing).exists(), missing
    for page in site.rglob("*.html"):
        html = _soup(page)
        assert html.select_one("details.nl-cite") is None, page
        assert _meta(html, "citation_author") == [], page
        assert html.find("link", type="application/atom+xml") is None, page
    first = _soup(site / "Notes" / "First" / "index.html")
    # Reference managers still get the title, the dates and the site's own name.
    assert _meta(first, "citation_publisher") == ["Tiny site"]
    assert _meta(first, "citation_publication_date") == ["2026/01/02"]


def test_copied_citation_file_of_the_knowledge_base_is_not_used_by_another_vault(
    tmp_path: Path,
) -> None:
    # The knowledge base's own file sits next to docs/; a vault elsewhere never reads it.
    vault = tmp_path / "somewhere" / "vault"
    shutil.copytree(ROOT / "tests" / "sites" / "vault-forms" / "docs", vault)
    assert find_citation_file(vault) is None
    assert find_citation_file(DOCS) == ROOT / "CITATION.cff"


@pytest.mark.parametrize(
    "cff",
    [
        "authors: []\n",  # no title
        'title: "never closed\nauthors: [\n',  # not YAML
    ],
)
def test_an_unreadable_citation_file_is_reported_and_the_site_built_without_it(
    tmp_path: Path, build_vault, cff: str
) -> None:
    # A vault's CITATION.cff is its data like a note: a broken one is a content problem
    # (STRICT=1 fails on it), not the end of the build, which stopped with no site before.
    vault = tmp_path / "vault"
    vault.mkdir()
    (vault / "Note.md").write_text("A note.\n", encoding="utf-8")
    (vault / "CITATION.cff").write_text(cff, encoding="utf-8")
    built = build_vault(vault, tmp_path / "site")
    assert not built.aborted
    assert len(built.problems) == 1, built.problems
    assert re.match(
        r"CITATION\.cff:1:1: bad-citation: Cannot read the citation data in '.*CITATION\.cff': ",
        built.problems[0],
    )
    assert "the site is built without citation data" in built.problems[0]
    assert (built.site / "Note/index.html").is_file()
    assert not (built.site / "how-to-cite").exists()
    assert "citation_author" not in (built.site / "Note/index.html").read_text("utf-8")
    strict = build_vault(vault, tmp_path / "strict", strict=True)
    assert strict.aborted
