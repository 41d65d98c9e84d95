"""Property-based tests (Hypothesis) for callouts, comments, tags and the region scanner.

Two promises: no Markdown text crashes them, and text inside code is never altered.
"""

from __future__ import annotations

import html

import markdown
from hypothesis import HealthCheck, example, given, settings
from hypothesis import strategies as st

from nonlinear.site.math import MathExtension
from nonlinear.vault.callouts import CalloutExtension, parse_callout_head
from nonlinear.vault.codeblocks import scan_regions
from nonlinear.vault.comments import CommentExtension, comment_diagnostics, strip_comments
from nonlinear.vault.tags import TagExtension, find_tags, is_tag_name

# Characters that make Markdown syntax, weighted in so that random text hits the edge cases.
SYNTAX = st.sampled_from(
    ["`", "```", "~~~", "%%", "$", "$$", "#", "\\", ">", "> [!note]", "[!tip]-", "- ",
     "    ", "\n", "\n\n", "==", "<!--", "-->", "{", "}", "/", "a", "1", "🚀", " "]
)  # fmt: skip
MARKDOWN_TEXT = st.lists(st.one_of(SYNTAX, st.text(max_size=5)), max_size=40).map("".join)

# Printable text for inside a code span: no backtick, no line break, no control characters
# (Markdown normalises tabs, \r and its own placeholder characters away before parsing).
CODE_TEXT = st.text(
    st.characters(blacklist_categories=["Cc", "Cs", "Zl", "Zp"], blacklist_characters="`"),
    min_size=1,
).filter(lambda t: t.strip())

SETTINGS = settings(max_examples=150, deadline=None, suppress_health_check=[HealthCheck.too_slow])


def render(source: str) -> str:
    md = markdown.Markdown(
        extensions=[
            CommentExtension(),
            CalloutExtension(),
            TagExtension(),
            MathExtension(),
            "admonition",
            "pymdownx.details",
            "pymdownx.superfences",
            "pymdownx.mark",
            "attr_list",
            "md_in_html",
            "toc",
            "nl2br",
        ]
    )
    return md.convert(source)


@SETTINGS
@given(MARKDOWN_TEXT)
def test_random_text_never_crashes(text: str) -> None:
    render(text)
    strip_comments(text)
    comment_diagnostics(text, "A.md")
    for line in text.split("\n"):
        parse_callout_head(line)


@SETTINGS
@given(MARKDOWN_TEXT)
def test_regions_are_ordered_disjoint_and_in_bounds(text: str) -> None:
    regions = scan_regions(text)
    previous_end = 0
    for region in regions:
        assert previous_end <= region.start < region.end <= len(text)
        previous_end = region.end


@SETTINGS
@given(MARKDOWN_TEXT)
def test_found_tags_are_valid_and_outside_regions(text: str) -> None:
    regions = scan_regions(text)
    for tag in find_tags(text):
        assert is_tag_name(tag.name)
        assert text[tag.start : tag.start + 1 + len(tag.name)] == f"#{tag.name}"
        assert not any(r.start <= tag.start < r.end for r in regions)


@SETTINGS
@given(MARKDOWN_TEXT)
def test_comment_removal_only_removes(text: str) -> None:
    stripped = strip_comments(text)
    kept = [r for r in scan_regions(text) if r.kind != "comment"]
    # Every protected region survives verbatim.
    for region in kept:
        assert text[region.start : region.end] in stripped.text
    assert len(stripped.text) == len(text) - sum(c.end - c.start for c in stripped.comments)


@SETTINGS
@given(CODE_TEXT)
@example("x %% y %%z")
@example("#tag and #a/b")
@example("==mark== $x$ [!note] <!-- c -->")
@example("%%unclosed")
def test_text_inside_backticks_is_never_altered(code: str) -> None:
    source = f"`{code}`"
    assert strip_comments(source).text == source
    assert find_tags(source) == []
    expected = html.escape(code.strip(), quote=False)
    assert render(source) == f"<p><code>{expected}</code></p>"


@SETTINGS
@given(st.lists(CODE_TEXT, min_size=1, max_size=5), st.sampled_from(["```", "~~~", "````"]))
@example(["%%", "#tag ==m==", "%%"], "```")
@example(["> [!note] quoted", "$$", "x %% y"], "~~~")
def test_text_inside_fences_is_never_altered(lines: list[str], fence: str) -> None:
    body = "\n".join(line.replace("~", "-") for line in lines)
    source = f"{fence}\n{body}\n{fence}\n"
    assert strip_comments(source).text == source
    assert find_tags(source) == []
    assert [r.kind for r in scan_regions(source)] == ["fence"]
