"""nonlinear.vault.report: ways out that work, and a public report that names no withheld note."""

from __future__ import annotations

import json

import pytest
from markdown.extensions.toc import slugify

from nonlinear.vault.index import SourceNote, VaultIndex
from nonlinear.vault.paths import SrcUri
from nonlinear.vault.report import check_links, json_for_html, json_for_html_chunks, report_json
from nonlinear.vault.resolve import Resolver


def test_ambiguous_hint_never_suggests_the_ambiguous_name() -> None:
    vault = {
        "folder/Linker.md": "see [[Same]]",
        "folder/Same.md": "",
        "other/Same.md": "",
    }
    index = VaultIndex.build([SourceNote(SrcUri(u), t) for u, t in vault.items()], slugify)
    check = check_links(index, Resolver(index, slugify))
    assert [str(d) for d in check.diagnostics] == [
        "folder/Linker.md:1:5: ambiguous-link: [[Same]] matches 2 files: 'folder/Same.md', "
        "'other/Same.md'; linked to 'folder/Same.md' (in the folder of 'folder/Linker.md'); "
        "write [[folder/Same]] or [[other/Same]]"
    ]


def test_the_public_report_names_no_withheld_note() -> None:
    # link-report.json is published with the site: a link to a withheld note reads as a link
    # to nothing (as on its page), and links written in withheld notes are not in it at all.
    vault = {
        "index.md": "[[Secret plan]] [[Drafts/Unreadable]] [[Nowhere]] [[Fine]]",
        "Fine.md": "",
        "Secret plan.md": "---\npublish: false\ntitle: Codename X\n---\n[[Fine]] [[Hidden link]]",
        "Drafts/Unreadable.md": "---\ntitle: Draft: not ready\n---\n[[Fine]]",
    }
    index = VaultIndex.build([SourceNote(SrcUri(u), t) for u, t in vault.items()], slugify)
    check = check_links(index, Resolver(index, slugify))
    text = report_json(check.records)
    report = json.loads(text)
    assert report["counts"] == {"resolved": 1, "unresolved": 3}
    assert [(row["raw"], row["status"], row["target"]) for row in report["links"]] == [
        ("[[Secret plan]]", "unresolved", None),
        ("[[Drafts/Unreadable]]", "unresolved", None),
        ("[[Nowhere]]", "unresolved", None),
        ("[[Fine]]", "resolved", "Fine.md"),
    ]
    # Only the link text the published page shows names the notes; never a path or a title.
    for secret in ("Secret plan.md", "Drafts/Unreadable.md", "Codename X", "Hidden link"):
        assert secret not in text
    # The build log still says what happened (these messages are logged, not published).
    assert "which has 'publish: false'" in str(check.diagnostics[0])


def test_json_for_html_writes_no_markup_and_reads_back_exactly() -> None:
    payload = {"title": "<img src=x onerror=alert(1)> & </script>", "n": 1}
    text = json_for_html(payload)
    assert not {"<", ">", "&"} & set(text)
    assert json.loads(text) == payload


def test_a_name_no_link_can_reach_is_named_with_the_way_out() -> None:
    # '#' in a link starts a heading: [[Note #1]] is the heading '1' of 'Note '. Obsidian
    # forbids '#', '^', '|', '[' and ']' in names, but files made elsewhere may hold them; the
    # hint named the file as if writing it again would work.
    vault = {"Linker.md": "see [[Note #1]] [[Pipe a|b]]", "Note #1.md": "", "Pipe a|b.md": ""}
    index = VaultIndex.build([SourceNote(SrcUri(u), t) for u, t in vault.items()], slugify)
    check = check_links(index, Resolver(index, slugify))
    assert [str(d) for d in check.diagnostics] == [
        "Linker.md:1:5: unresolved-link: [[Note #1]] matches no note; 'Note #1' holds '#', "
        "which a link reads as syntax (no link can reach it; Obsidian forbids # ^ | [ ] in "
        "names): rename that note",
        "Linker.md:1:17: unresolved-link: [[Pipe a|b]] matches no note; 'Pipe a|b' holds '|', "
        "which a link reads as syntax (no link can reach it; Obsidian forbids # ^ | [ ] in "
        "names): rename that note",
    ]


def test_two_names_that_differ_only_in_unicode_form_are_told_to_be_renamed() -> None:
    nfc, nfd = "Caf\u00e9", "Cafe\u0301"
    vault = {"Linker.md": f"see [[{nfc}]]", f"{nfc}.md": "", f"{nfd}.md": ""}
    index = VaultIndex.build([SourceNote(SrcUri(u), t) for u, t in vault.items()], slugify)
    check = check_links(index, Resolver(index, slugify))
    [message] = [str(d) for d in check.diagnostics if d.kind == "ambiguous-link"]
    assert message.endswith(
        "rename one of the files whose names differ only in how their accents are encoded "
        "(Unicode NFC and NFD; macOS and Windows see one file)"
    )
    assert "write [[" not in message


@pytest.mark.parametrize("size", [0, 1, 2, 499, 500, 501, 1001])
def test_json_in_pieces_is_the_same_text(size: int) -> None:
    rows = [{"z": i, "a": "<&>" * (i % 3), "é": [i, None, True]} for i in range(size)]
    payload = {"version": 1, "links": rows, "counts": {"b": 2, "a": 1}, "problems": ["x<y"]}
    whole = json_for_html(payload)
    assert "".join(json_for_html_chunks(payload)) == whole
    lazy = {**payload, "links": (dict(row) for row in rows)}  # a generator: consumed in batches
    assert "".join(json_for_html_chunks(lazy, batch=7)) == whole
    assert json.loads(whole)["links"] == rows
