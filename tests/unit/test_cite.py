"""Cite this page: CITATION.cff parsing, the three formats, git revisions."""

from __future__ import annotations

import datetime as dt
import subprocess
from pathlib import Path

import pytest

from nonlinear.site.cite import (
    CitationMeta,
    PageCitation,
    Revision,
    git_revisions,
    page_citation,
    parse_citation_cff,
    render_cite_html,
)

ROOT = Path(__file__).resolve().parents[2]
CFF = """\
cff-version: 1.2.0
title: "Nonlinear: a knowledge base"
authors:
  - name: "The Nonlinear authors"
  - family-names: Lovelace
    given-names: Ada King
license: CC-BY-4.0
version: 0.1.0
date-released: "2026-11-27"
"""
META = CitationMeta(
    title="Nonlinear: a knowledge base",
    authors=("The Nonlinear authors", "Lovelace, A. K."),
    license="CC-BY-4.0",
    version="0.1.0",
    year=2026,
)


def test_parse_citation_cff() -> None:
    assert parse_citation_cff(CFF) == META


def test_parse_the_repository_citation_file() -> None:
    meta = parse_citation_cff((ROOT / "CITATION.cff").read_text(encoding="utf-8"))
    assert meta.title.startswith("Nonlinear")
    assert meta.authors
    assert meta.license == "CC-BY-4.0"


@pytest.mark.parametrize("text", ["- a list", "authors: []", ""])
def test_parse_rejects_files_without_title(text: str) -> None:
    with pytest.raises(ValueError, match="title"):
        parse_citation_cff(text)


def _citation(revision: Revision | None, head: Revision | None = None) -> PageCitation:
    return page_citation(
        META,
        title="ReLU",
        url="https://example.org/kb/Activations/ReLU/",
        revision=revision,
        head=head,
        today=dt.date(2030, 1, 2),
    )


REV = Revision("abc1234", dt.date(2026, 11, 20))


def test_bibtex() -> None:
    assert _citation(REV).bibtex() == (
        "@misc{nonlinearReLU2026,\n"
        "  title        = {{ReLU}},\n"
        "  author       = {{The Nonlinear authors} and {Lovelace, A. K.}},\n"
        "  howpublished = {Nonlinear: a knowledge base},\n"
        "  year         = {2026},\n"
        "  url          = {https://example.org/kb/Activations/ReLU/},\n"
        "  note         = {Version abc1234. Licence CC-BY-4.0},\n"
        "  urldate      = {\x00accessed\x00}\n"
        "}"
    )


def test_apa_and_plain_hold_every_part() -> None:
    citation = _citation(REV)
    apa = citation.apa()
    assert apa.startswith("The Nonlinear authors, & Lovelace, A. K. (2026, November 20). ReLU. ")
    assert "(version abc1234)" in apa
    assert apa.endswith("from https://example.org/kb/Activations/ReLU/")
    plain = citation.plain()
    for part in (
        "“ReLU”",
        "2026",
        "abc1234",
        "https://example.org/kb/Activations/ReLU/",
        "CC-BY-4.0",
    ):
        assert part in plain


def test_generated_page_takes_the_repository_revision() -> None:
    citation = _citation(None, head=Revision("fff0000", dt.date(2027, 3, 4)))
    assert (citation.version, citation.year, citation.updated) == ("fff0000", 2027, None)


def test_without_git_the_build_year_and_unversioned() -> None:
    citation = _citation(None)
    assert (citation.version, citation.year) == ("unversioned", 2030)


def test_html_escapes_and_holds_access_date_placeholders() -> None:
    meta = CitationMeta("A <b> & C", ("X",), "CC-BY-4.0", "", 2026)
    citation = page_citation(
        meta, title="<T>", url="https://e.org/", revision=REV, head=None, today=dt.date.today()
    )
    html = render_cite_html(citation)
    assert "<b>" not in html
    assert "&lt;T&gt;" in html
    assert html.count('class="nl-accessed"') == 3
    assert '<span class="nl-accessed" data-format="apa">[DATE]</span>' in html
    assert html.count("<pre") == 3
    assert "\x00" not in html


def _git(cwd: Path, *args: str) -> None:
    subprocess.run(
        ["git", "-c", "user.name=T", "-c", "user.email=t@e.org", *args],
        cwd=cwd,
        check=True,
        capture_output=True,
    )


def test_git_revisions_of_a_small_repository(tmp_path: Path) -> None:
    docs = tmp_path / "docs"
    (docs / "Sub dir").mkdir(parents=True)
    (docs / "a.md").write_text("a", encoding="utf-8")
    (docs / "Sub dir" / "é b.md").write_text("b", encoding="utf-8")
    (tmp_path / "outside.md").write_text("o", encoding="utf-8")
    _git(tmp_path, "init", "-q")
    _git(tmp_path, "add", ".")
    _git(tmp_path, "commit", "-q", "-m", "one")
    (docs / "a.md").write_text("a2", encoding="utf-8")
    _git(tmp_path, "commit", "-q", "-am", "two")
    revisions, head = git_revisions(docs)
    assert head is not None
    assert set(revisions) == {"a.md", "Sub dir/é b.md"}
    assert revisions["a.md"].commit == head.commit
    assert revisions["Sub dir/é b.md"].commit != head.commit
    assert revisions["a.md"].date == head.date


def test_git_revisions_outside_a_repository(tmp_path: Path) -> None:
    assert git_revisions(tmp_path) == ({}, None)
