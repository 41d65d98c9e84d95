"""Vault settings (.obsidian/app.json), cssclasses, and hooks/obsidian.py in a real build."""

from __future__ import annotations

import json
import logging
from pathlib import Path

import pytest
from bs4 import BeautifulSoup
from mkdocs.commands.build import build
from mkdocs.config import load_config
from mkdocs.exceptions import Abort

from nonlinear.vault.obsidian_config import (
    ObsidianConfig,
    css_classes,
    load_obsidian_config,
    parse_app_json,
)

ROOT = Path(__file__).resolve().parents[2]

# ---- app.json --------------------------------------------------------------------------------


def test_defaults_are_obsidians() -> None:
    assert parse_app_json("{}") == (ObsidianConfig(), [])
    assert parse_app_json("") == (ObsidianConfig(), [])
    assert ObsidianConfig() == ObsidianConfig(
        strict_line_breaks=False,
        new_link_format="shortest",
        use_markdown_links=False,
        attachment_folder_path="/",
        user_ignore_filters=(),
    )


def test_all_settings_are_read_and_unknown_keys_ignored() -> None:
    text = json.dumps(
        {
            "strictLineBreaks": True,
            "newLinkFormat": "absolute",
            "useMarkdownLinks": True,
            "attachmentFolderPath": "attachments",
            "userIgnoreFilters": ["Templates/", "/draft/", 3],
            "showLineNumber": True,
        }
    )
    assert parse_app_json(text) == (
        ObsidianConfig(
            strict_line_breaks=True,
            new_link_format="absolute",
            use_markdown_links=True,
            attachment_folder_path="attachments",
            user_ignore_filters=("Templates/", "/draft/"),
        ),
        [],
    )


def test_invalid_json_keeps_defaults_with_a_located_diagnostic() -> None:
    config, diagnostics = parse_app_json('{\n  "strictLineBreaks": tru\n}')
    assert config == ObsidianConfig()
    assert [str(d) for d in diagnostics] == [
        ".obsidian/app.json:2:23: obsidian-config: not valid JSON (Expecting value); "
        "Obsidian's defaults are used. Fix the file or let Obsidian rewrite it "
        "(change any setting in the app)"
    ]


@pytest.mark.parametrize(
    ("text", "message"),
    [
        (
            '{"strictLineBreaks": "yes"}',
            "'strictLineBreaks' should be true or false, not \"yes\"; the default is used",
        ),
        (
            '{"newLinkFormat": "nearest"}',
            "'newLinkFormat' is \"nearest\"; expected one of shortest, relative, absolute; "
            "'shortest' is used",
        ),
        ('{"userIgnoreFilters": "x"}', "'userIgnoreFilters' should be a list of strings, not "
         '"x"; the default is used'),
        ("[1]", "the file must hold a JSON object; Obsidian's defaults are used"),
    ],
)  # fmt: skip
def test_bad_values_are_reported_and_skipped(text: str, message: str) -> None:
    config, diagnostics = parse_app_json(text)
    assert config == ObsidianConfig()
    assert [str(d) for d in diagnostics] == [f".obsidian/app.json:1:1: obsidian-config: {message}"]


def test_load_reads_the_vault_file_and_applies_overrides(tmp_path: Path) -> None:
    assert load_obsidian_config(tmp_path) == (ObsidianConfig(), [])
    (tmp_path / ".obsidian").mkdir()
    (tmp_path / ".obsidian" / "app.json").write_text(
        '{"strictLineBreaks": true, "newLinkFormat": "relative"}', encoding="utf-8"
    )
    config, diagnostics = load_obsidian_config(
        tmp_path, {"strict_line_breaks": False, "validation": {"x": "warn"}}
    )
    assert diagnostics == []
    assert config == ObsidianConfig(strict_line_breaks=False, new_link_format="relative")
    config, diagnostics = load_obsidian_config(tmp_path, {"strict_line_breaks": "no"})
    assert config.strict_line_breaks is True
    assert [str(d) for d in diagnostics] == [
        "mkdocs.yml:1:1: obsidian-config: 'strict_line_breaks' should be true or false, "
        'not "no"; the default is used'
    ]


def test_the_vaults_own_settings_parse_cleanly() -> None:
    path = ROOT / "docs" / ".obsidian" / "app.json"
    if not path.is_file():
        pytest.skip("the vault has no .obsidian/app.json")
    _, diagnostics = parse_app_json(path.read_text(encoding="utf-8"))
    assert diagnostics == []


# ---- cssclasses ------------------------------------------------------------------------------


@pytest.mark.parametrize(
    ("meta", "expected"),
    [
        ({}, ()),
        ({"cssclasses": ["wide", "no-title"]}, ("wide", "no-title")),
        ({"cssclasses": "wide, tall"}, ("wide", "tall")),
        ({"cssclass": "legacy", "cssclasses": ["wide", "legacy"]}, ("wide", "legacy")),
        ({"cssclasses": ['x" onclick="y', "ok", "1bad", None]}, ("ok",)),
    ],
)
def test_css_classes(meta: dict[str, object], expected: tuple[str, ...]) -> None:
    assert css_classes(meta) == expected


# ---- the hook in a real MkDocs build ---------------------------------------------------------

NOTE = """---
tags: [Project/Alpha, shared]
cssclasses: [wide]
---
First line
second line with #Inline and #project/alpha and #SHARED.

%% secret-comment-text %%

> [!faq]- Why?
> Because #in-callout.

`#not-a-tag` and ==marked==
"""


def make_site(
    tmp_path: Path,
    *,
    app_json: str | None = '{"strictLineBreaks": false}',
    extra: str = "",
    pages: dict[str, str] | None = None,
    hooks: tuple[str, ...] = ("obsidian.py",),
) -> Path:
    """Write a small vault and mkdocs.yml using hooks/obsidian.py; return the config path."""
    docs = tmp_path / "docs"
    (docs / "Notes").mkdir(parents=True)
    (docs / "index.md").write_text("Home\n", encoding="utf-8")
    (docs / "Notes" / "A.md").write_text(NOTE, encoding="utf-8")
    for name, text in (pages or {}).items():
        (docs / name).write_text(text, encoding="utf-8")
    if app_json is not None:
        (docs / ".obsidian").mkdir()
        (docs / ".obsidian" / "app.json").write_text(app_json, encoding="utf-8")
    config = tmp_path / "mkdocs.yml"
    config.write_text(
        f"""site_name: Test
theme: {{name: material}}
plugins: [search, {{tags: {{tags_hierarchy: true}}}}]
hooks: [{", ".join(str(ROOT / "hooks" / hook) for hook in hooks)}]
markdown_extensions: [admonition, pymdownx.details, pymdownx.superfences, pymdownx.mark,
  attr_list, md_in_html, toc]
{extra}
""",
        encoding="utf-8",
    )
    return config


def build_site(config: Path, tmp_path: Path, *, strict: bool = True) -> Path:
    site = tmp_path / "site"
    build(load_config(str(config), site_dir=str(site), strict=strict))
    return site


@pytest.mark.site
def test_build_with_obsidian_defaults(tmp_path: Path) -> None:
    site = build_site(make_site(tmp_path), tmp_path)
    page = (site / "Notes" / "A" / "index.html").read_text(encoding="utf-8")
    # strictLineBreaks false: one newline is a line break
    assert "First line<br />\nsecond line" in page
    # inline tags link to the generated tags index, by Material's anchors
    assert '<a class="tag" href="../../tags/#tag:project/alpha">#project/alpha</a>' in page
    assert '<a class="tag" href="../../tags/#tag:inline">#Inline</a>' in page
    index = (site / "tags" / "index.html").read_text(encoding="utf-8")
    for anchor in ("tag:project/alpha", "tag:inline", "tag:shared", "tag:in-callout"):
        assert f'id="{anchor}"' in index
    assert "not-a-tag" not in index
    # frontmatter first, then inline tags, case-insensitively once, first casing kept
    mapping = json.loads((site / "tags.json").read_text(encoding="utf-8"))
    (item,) = [m for m in mapping["mappings"] if m["item"]["url"] == "Notes/A/"]
    assert sorted(item["tags"]) == ["Inline", "Project/Alpha", "in-callout", "shared"]  # sorted
    # comments reach neither the page nor the search index
    search = (site / "search" / "search_index.json").read_text(encoding="utf-8")
    assert "secret-comment-text" not in page
    assert "secret-comment-text" not in search
    # callout, highlight, cssclasses
    assert '<details class="question" data-callout="faq">' in page
    assert "<mark>marked</mark>" in page
    assert '<div class="wide">' in page


@pytest.mark.site
@pytest.mark.parametrize(
    ("app_json", "extra", "breaks"),
    [
        ('{"strictLineBreaks": true}', "", False),
        (None, "", True),
        ('{"strictLineBreaks": true}', "extra: {nonlinear: {strict_line_breaks: false}}", True),
        ('{"strictLineBreaks": false}', "extra: {nonlinear: {strict_line_breaks: true}}", False),
    ],
)
def test_strict_line_breaks_setting(
    tmp_path: Path, app_json: str | None, extra: str, breaks: bool
) -> None:
    site = build_site(make_site(tmp_path, app_json=app_json, extra=extra), tmp_path)
    page = (site / "Notes" / "A" / "index.html").read_text(encoding="utf-8")
    assert ("First line<br />\nsecond line" in page) is breaks


@pytest.mark.site
def test_the_vaults_own_tags_index_is_used(tmp_path: Path) -> None:
    own = "# All tags\n\n<!-- material/tags -->\n"
    site = build_site(make_site(tmp_path, pages={"Tag index.md": own}), tmp_path)
    assert not (site / "tags").exists()
    page = (site / "Notes" / "A" / "index.html").read_text(encoding="utf-8")
    assert '<a class="tag" href="../../Tag%20index/#tag:inline">#Inline</a>' in page


@pytest.mark.site
def test_unclosed_comment_fails_a_strict_build(
    tmp_path: Path, caplog: pytest.LogCaptureFixture
) -> None:
    config = make_site(tmp_path, pages={"Open.md": "---\ntitle: O\n---\nText\n\nsee %%oops\n"})
    with caplog.at_level(logging.WARNING), pytest.raises(Abort):
        build_site(config, tmp_path)
    assert (
        "Open.md:6:5: unclosed-comment: '%%' opens a comment that never closes, so the rest "
        "of the note is hidden; add the closing '%%', or put a literal '%%' in backticks"
    ) in caplog.text


@pytest.mark.site
def test_an_embedded_note_keeps_its_tags_and_its_comment_problem_to_itself(
    tmp_path: Path, caplog: pytest.LogCaptureFixture
) -> None:
    # With the engine's hook first, the obsidian hook is handed Host's text with Guest
    # transcluded; tags and problems must still be read from each note as written.
    pages = {
        "Host.md": "---\ntags: [host]\n---\n# Host\n\n![[Guest]]\n\nafter #hosttag\n",
        "Guest.md": "guest text #guesttag\n\nsee %%oops\n",
    }
    config = make_site(tmp_path, pages=pages, hooks=("wikilinks.py", "obsidian.py"))
    with caplog.at_level(logging.WARNING), pytest.raises(Abort):
        build_site(config, tmp_path)
    problems = [r.getMessage() for r in caplog.records if "unclosed-comment" in r.getMessage()]
    assert [p.split(": ", 2)[1] for p in problems] == ["Guest.md:3:5"]
    site = build_site(config, tmp_path, strict=False)
    mapping = json.loads((site / "tags.json").read_text(encoding="utf-8"))
    tags = {m["item"]["url"]: sorted(m["tags"]) for m in mapping["mappings"]}
    assert tags["Host/"] == ["host", "hosttag"]
    assert tags["Guest/"] == ["guesttag"]


@pytest.mark.site
@pytest.mark.parametrize("written_nav", [False, True])
def test_navigation_lists_folders_before_notes_unless_written(
    tmp_path: Path, written_nav: bool
) -> None:
    pages = {"Alpha.md": "a\n", "Zulu.md": "z\n"}
    extra = "nav: [Zulu.md, index.md, Notes/A.md, Alpha.md]" if written_nav else ""
    site = build_site(make_site(tmp_path, pages=pages, extra=extra), tmp_path)
    soup = BeautifulSoup((site / "index.html").read_text(encoding="utf-8"), "html.parser")
    primary = soup.select_one("nav.md-nav--primary > ul")
    assert primary is not None
    labels = [
        " ".join(item.find(["a", "label"]).get_text(" ", strip=True).split())
        for item in primary.find_all("li", recursive=False)
    ]
    if written_nav:
        assert labels == ["Zulu", "Home", "A", "Alpha"]
    else:
        assert labels == ["Home", "Notes", "Alpha", "Zulu", "Tags"]  # files in MkDocs order


@pytest.mark.site
def test_two_builds_in_one_process_do_not_share_state(tmp_path: Path) -> None:
    first = build_site(make_site(tmp_path / "one"), tmp_path / "one")
    second_config = make_site(
        tmp_path / "two", app_json='{"strictLineBreaks": true}', pages={"B.md": "#solo\n"}
    )
    second = build_site(second_config, tmp_path / "two")
    assert "<br />" in (first / "Notes" / "A" / "index.html").read_text(encoding="utf-8")
    page_a = (second / "Notes" / "A" / "index.html").read_text(encoding="utf-8")
    assert "First line<br />" not in page_a
    page_b = (second / "B" / "index.html").read_text(encoding="utf-8")
    assert '<a class="tag" href="../tags/#tag:solo">#solo</a>' in page_b
