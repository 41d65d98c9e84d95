"""Citing: CITATION.cff, the page citation in its two forms, meta tags, the "How to cite" page."""

from __future__ import annotations

import datetime as dt
from html.parser import HTMLParser
from pathlib import Path

import pytest

from nonlinear.site.cite import (
    CitationMeta,
    PageCitation,
    SourceLinks,
    citation_meta_tags,
    find_citation_file,
    how_to_cite_markdown,
    page_citation,
    parse_citation_cff,
    read_citation,
    render_cite_html,
    work_citations,
)
from nonlinear.site.history import Revision

ROOT = Path(__file__).resolve().parents[2]
CFF = """\
cff-version: 1.2.0
message: "Please cite
  as below."
title: "Nonlinear: a knowledge base"
authors:
  - name: "The Nonlinear authors"
  - family-names: Lovelace
    given-names: Ada King
license: CC-BY-4.0
version: 0.1.0
date-released: "2026-11-27"
url: "https://example.org/kb/"
repository-code: "https://github.com/o/r"
doi: 10.5281/zenodo.1
keywords: [a, b]
"""
META = CitationMeta(
    title="Nonlinear: a knowledge base",
    authors=("The Nonlinear authors", "Lovelace, A. K."),
    license="CC-BY-4.0",
    version="0.1.0",
    year=2026,
    released=dt.date(2026, 11, 27),
    url="https://example.org/kb/",
    repository="https://github.com/o/r",
    keywords=("a", "b"),
    doi="10.5281/zenodo.1",
    message="Please cite as below.",
)
REV = Revision("abc1234" + "0" * 33, dt.datetime(2026, 11, 20, 9, 30, tzinfo=dt.UTC))
FIRST = Revision("f" * 40, dt.datetime(2026, 1, 5, tzinfo=dt.UTC))
HEAD = Revision("e" * 40, dt.datetime(2027, 3, 4, tzinfo=dt.UTC))
SOURCE = "https://github.com/o/r/blob/" + REV.commit + "/docs/Activations/ReLU.md"
URL = "https://example.org/kb/Activations/ReLU/"


def test_parse_citation_cff() -> None:
    assert parse_citation_cff(CFF) == META


def test_parse_the_repository_citation_file() -> None:
    meta = parse_citation_cff((ROOT / "CITATION.cff").read_text(encoding="utf-8"))
    assert meta.title.startswith("Nonlinear")
    assert meta.authors
    assert meta.license == "CC-BY-4.0"
    assert meta.repository.startswith("https://")


@pytest.mark.parametrize("text", ["- a list", "authors: []", "", "title: [unclosed"])
def test_parse_rejects_files_without_title(text: str) -> None:
    with pytest.raises(ValueError, match=r"title|YAML"):
        parse_citation_cff(text)


def test_citation_file_is_looked_for_next_to_the_vault_only(tmp_path: Path) -> None:
    vault = tmp_path / "project" / "vault"
    vault.mkdir(parents=True)
    (tmp_path / "CITATION.cff").write_text("title: too far\n", encoding="utf-8")
    assert find_citation_file(vault) is None  # two levels up is someone else's
    (tmp_path / "project" / "CITATION.cff").write_text("title: p\n", encoding="utf-8")
    assert find_citation_file(vault) == tmp_path / "project" / "CITATION.cff"
    (vault / "CITATION.cff").write_text("title: v\n", encoding="utf-8")
    assert find_citation_file(vault) == vault / "CITATION.cff"


def test_read_citation_gives_the_file_and_its_data_or_names_the_file(tmp_path: Path) -> None:
    assert read_citation(tmp_path) is None
    cff = tmp_path / "CITATION.cff"
    cff.write_text(CFF, encoding="utf-8")
    assert read_citation(tmp_path) == (cff, META)
    cff.write_text("authors: []\n", encoding="utf-8")
    with pytest.raises(ValueError, match=r"^Cannot read the citation data in '.*CITATION.cff': "):
        read_citation(tmp_path)
    cff.write_bytes(b"title: \xff\xfe\n")
    with pytest.raises(ValueError, match="utf-8"):
        read_citation(tmp_path)


@pytest.mark.parametrize(
    ("repository", "edit_uri", "expected"),
    [
        (
            "https://github.com/o/r",
            "edit/main/docs/",
            "https://github.com/o/r/blob/c1/docs/A%20b.md",
        ),
        (
            "https://gitlab.com/o/r/",
            "-/edit/main/docs/",
            "https://gitlab.com/o/r/-/blob/c1/docs/A%20b.md",
        ),
        ("https://github.com/o/r", "", "https://github.com/o/r/blob/c1/docs/A%20b.md"),
    ],
)
def test_source_links_follow_the_host(repository: str, edit_uri: str, expected: str) -> None:
    links = SourceLinks.from_config(repository, edit_uri)
    assert links is not None
    assert links.source("c1", "docs/A b.md") == expected
    assert links.commit("c1") == expected.split("blob/", maxsplit=1)[0] + "commit/c1"
    # A notebook page names its source relative to the vault: ../notebooks/x.ipynb.
    assert links.source("c1", "docs/../notebooks/x.ipynb").endswith("/blob/c1/notebooks/x.ipynb")


def test_source_links_need_a_web_repository() -> None:
    assert SourceLinks.from_config("", "edit/main/docs/") is None
    assert SourceLinks.from_config("git@github.com:o/r.git") is None


def _citation(
    revision: Revision | None = REV, head: Revision | None = None, source: str | None = SOURCE
) -> PageCitation:
    return page_citation(
        META,
        title="ReLU",
        url=URL,
        revision=revision,
        first=FIRST if revision else None,
        head=head,
        source_url=source,
        today=dt.date(2030, 1, 2),
    )


def test_bibtex_of_the_living_page_has_the_full_date_and_urldate() -> None:
    assert _citation().bibtex() == (
        "@misc{nonlinearReLU2026,\n"
        "  title        = {{ReLU}},\n"
        "  author       = {{The Nonlinear authors} and {Lovelace, A. K.}},\n"
        "  howpublished = {Nonlinear: a knowledge base},\n"
        "  year         = {2026},\n"
        "  month        = nov,\n"
        "  date         = {2026-11-20},\n"
        "  version      = {abc1234},\n"
        f"  url          = {{{URL}}},\n"
        "  urldate      = {\x00accessed\x00},\n"
        "  note         = {Licence CC-BY-4.0}\n"
        "}"
    )


def test_bibtex_of_this_version_points_at_the_source_at_its_commit() -> None:
    entry = _citation().bibtex("version")
    assert entry.startswith("@misc{nonlinearReLU2026abc1234,\n")
    assert f"  url          = {{{SOURCE}}},\n" in entry
    assert "  date         = {2026-11-20},\n" in entry
    assert "  urldate      = {\x00accessed\x00},\n" in entry
    assert f"Source of {URL} at this revision" in entry


def test_bibtex_escapes_tex_specials() -> None:
    citation = page_citation(
        CitationMeta("R&D 100% #1", ("A_B",), "", "", None),
        title="x^2 {y} ~ $z$ \\",
        url=URL,
        revision=REV,
        today=dt.date(2030, 1, 1),
    )
    entry = citation.bibtex()
    assert r"{{x\textasciicircum{}2 \{y\} \textasciitilde{} \$z\$ \textbackslash{}}}" in entry
    assert r"{R\&D 100\% \#1}" in entry
    assert r"{{A\_B}}" in entry


def test_apa_has_a_period_after_the_authors() -> None:
    apa = _citation().apa()
    assert apa == (
        "The Nonlinear authors, & Lovelace, A. K. (2026, November 20). ReLU. In Nonlinear: a "
        f"knowledge base (version abc1234). Retrieved \x00accessed\x00, from {URL}"
    )
    group = page_citation(
        CitationMeta("W", ("World Health Organization",), "", "", None),
        title="T",
        url=URL,
        revision=REV,
        today=dt.date(2030, 1, 1),
    )
    assert group.apa().startswith("World Health Organization. (2026, November 20). T. ")


def test_apa_of_this_version_needs_no_retrieval_date() -> None:
    assert _citation().apa("version") == (
        "The Nonlinear authors, & Lovelace, A. K. (2026, November 20). ReLU (Version abc1234) "
        f"[Source file]. In Nonlinear: a knowledge base. {SOURCE}"
    )


def test_plain_text_in_both_forms() -> None:
    living = _citation().plain()
    assert living == (
        "“ReLU”, The Nonlinear authors, Lovelace, A. K., Nonlinear: a knowledge base, "
        f"20 November 2026, version abc1234, {URL} (CC-BY-4.0, accessed \x00accessed\x00)"
    )
    version = _citation().plain("version")
    assert "version abc1234 of 20 November 2026" in version
    assert SOURCE in version
    assert "accessed" not in version


def test_generated_page_takes_the_repository_revision() -> None:
    citation = _citation(None, head=HEAD, source=None)
    assert (citation.revision, citation.year, citation.updated) == (HEAD, 2027, None)
    assert not citation.versioned
    assert "version eeeeeee" in citation.apa()


def test_without_git_there_is_no_date_and_no_version() -> None:
    citation = _citation(None, source=SOURCE)
    assert citation.year == 2030
    assert citation.source_url is None  # no revision: nothing to pin
    assert "(n.d.)" in citation.apa()
    assert "version" not in citation.bibtex()
    assert "version" not in citation.plain()


def _tags(html: str) -> list[tuple[str, dict[str, str | None]]]:
    found: list[tuple[str, dict[str, str | None]]] = []

    class Parser(HTMLParser):
        def handle_starttag(self, tag: str, attrs: list[tuple[str, str | None]]) -> None:
            found.append((tag, dict(attrs)))

    Parser().feed(html)
    return found


def test_cite_box_links_the_revision_and_offers_both_forms() -> None:
    html = render_cite_html(_citation())
    tags = _tags(html)
    links = [a["href"] for tag, a in tags if tag == "a"]
    assert links[0] == SOURCE
    assert "This page shows revision" in html
    assert "of 20 November 2026. First published 5 January 2026." in html
    labels = [a.get("for") for tag, a in tags if tag == "label"]
    assert labels == ["nl-cite-living", "nl-cite-version"]
    assert ">Cite the living page<" in html
    assert ">Cite this version<" in html
    assert html.count("<pre") == 6
    # A fixed revision needs no access date in APA or plain text; BibTeX keeps its urldate.
    assert html.count('class="nl-accessed"') == 4
    assert "\x00" not in html


def test_cite_box_without_a_source_offers_the_living_page_only() -> None:
    html = render_cite_html(_citation(source=None))
    assert "tabbed-set" not in html
    assert html.count("<pre") == 3


def test_cite_box_escapes_titles() -> None:
    meta = CitationMeta("A <b> & C", ("X",), "CC-BY-4.0", "", 2026)
    citation = page_citation(
        meta, title="<T>", url="https://e.org/", revision=REV, today=dt.date.today()
    )
    html = render_cite_html(citation)
    assert "<b>" not in html
    assert "&lt;T&gt;" in html
    assert html.count('class="nl-accessed"') == 3


def test_meta_tags_carry_every_field_and_escape_values() -> None:
    html = citation_meta_tags(
        title='A <b>bold</b> & "quoted" title',
        url=URL,
        publisher="Nonlinear",
        language="en",
        authors=("The Nonlinear authors", "Lovelace, A. K."),
        first=dt.date(2026, 1, 5),
        updated=dt.date(2026, 11, 20),
        license="CC-BY-4.0",
        container="Nonlinear",
    )
    tags = [(a["name"], a["content"]) for tag, a in _tags(html) if tag == "meta"]
    title = 'A <b>bold</b> & "quoted" title'
    assert tags == [
        ("citation_title", title),
        ("citation_author", "The Nonlinear authors"),
        ("citation_author", "Lovelace, A. K."),
        ("citation_publication_date", "2026/01/05"),
        ("citation_online_date", "2026/11/20"),
        ("citation_public_url", URL),
        ("citation_publisher", "Nonlinear"),
        ("citation_language", "en"),
        ("DC.title", title),
        ("DC.creator", "The Nonlinear authors"),
        ("DC.creator", "Lovelace, A. K."),
        ("DC.publisher", "Nonlinear"),
        ("DC.date", "2026-01-05"),
        ("DCTERMS.created", "2026-01-05"),
        ("DCTERMS.modified", "2026-11-20"),
        ("DC.identifier", URL),
        ("DC.type", "Text"),
        ("DC.format", "text/html"),
        ("DC.language", "en"),
        ("DC.rights", "CC-BY-4.0"),
        ("DCTERMS.isPartOf", "Nonlinear"),
    ]
    assert "<b>" not in html
    assert html.count("<meta") == len(tags)


def test_meta_tags_without_citation_data_or_git() -> None:
    html = citation_meta_tags(title="T", url="https://e.org/t/", publisher="My vault")
    names = [a["name"] for tag, a in _tags(html) if tag == "meta"]
    assert "citation_author" not in names
    assert "citation_publication_date" not in names
    assert "DC.rights" not in names
    assert {"citation_title", "citation_public_url", "citation_publisher"} <= set(names)


def test_whole_work_citations() -> None:
    works = work_citations(META, url="https://example.org/kb/")
    assert works["bibtex"].startswith("@misc{nonlinear2026,\n")
    assert "  date         = {2026-11-27},\n" in works["bibtex"]
    assert "  doi          = {10.5281/zenodo.1},\n" in works["bibtex"]
    assert works["apa"] == (
        "The Nonlinear authors, & Lovelace, A. K. (2026). Nonlinear: a knowledge base "
        "(Version 0.1.0). https://doi.org/10.5281/zenodo.1"
    )
    assert "version 0.1.0, 27 November 2026, https://example.org/kb/" in works["plain"]


def test_how_to_cite_page_holds_the_work_citations_and_the_file_data() -> None:
    markdown = how_to_cite_markdown(
        META,
        work_url="https://example.org/kb/",
        cff_href="../CITATION.cff",
        changelog_href="../changelog/",
        feed_href="../changelog.xml",
    )
    assert markdown.startswith('---\ntitle: "How to cite"\n---\n')
    assert "Please cite as below." in markdown
    assert '<a href="../CITATION.cff">' in markdown
    assert '<a href="../changelog/">changelog</a>' in markdown
    assert '<a href="../changelog.xml">Atom feed</a>' in markdown
    for value in ("0.1.0", "2026-11-27", "CC-BY-4.0", "https://github.com/o/r", "a, b"):
        assert value in markdown
    assert markdown.count("<pre") == 3
    without = how_to_cite_markdown(
        META, work_url="u", cff_href="c", changelog_href=None, feed_href=None
    )
    assert "changelog" not in without
