"""Obsidian callouts rendered as Material admonitions (golden HTML)."""

from __future__ import annotations

import markdown
import pytest

from nonlinear.site.math import MathExtension
from nonlinear.vault.callouts import (
    CALLOUT_TYPES,
    CalloutExtension,
    CalloutHead,
    parse_callout_head,
)
from nonlinear.vault.comments import CommentExtension
from nonlinear.vault.tags import TagExtension

# Material's admonition types (docs: Reference > Admonitions > Supported types).
MATERIAL_TYPES = {
    "note", "abstract", "info", "tip", "success", "question", "warning", "failure", "danger",
    "bug", "example", "quote",
}  # fmt: skip


def render(source: str) -> str:
    """Render with the extensions of the site's mkdocs.yml that callouts interact with."""
    md = markdown.Markdown(
        extensions=[
            CommentExtension(),
            CalloutExtension(),
            TagExtension(),
            MathExtension(),
            "admonition",
            "pymdownx.details",
            "pymdownx.superfences",
            "pymdownx.highlight",
            "attr_list",
            "md_in_html",
            "toc",
        ],
        extension_configs={"pymdownx.highlight": {"use_pygments": False}},
    )
    return md.convert(source)


@pytest.mark.parametrize(
    ("source", "expected"),
    [
        pytest.param(
            "> [!info] Read this\n> Body text.",
            '<div class="admonition info" data-callout="info">\n'
            '<p class="admonition-title">Read this</p>\n'
            "<p>Body text.</p>\n"
            "</div>",
            id="title-and-body",
        ),
        pytest.param(
            "> [!tip]\n> Body.",
            '<div class="admonition tip" data-callout="tip">\n'
            '<p class="admonition-title">Tip</p>\n'
            "<p>Body.</p>\n"
            "</div>",
            id="default-title",
        ),
        pytest.param(
            "> [!tip] Title-only callout",
            '<div class="admonition tip" data-callout="tip">\n'
            '<p class="admonition-title">Title-only callout</p>\n'
            "</div>",
            id="title-only",
        ),
        pytest.param(
            "> [!faq]- Are callouts foldable?\n> Yes.",
            '<details class="question" data-callout="faq">\n'
            "<summary>Are callouts foldable?</summary>\n"
            "<p>Yes.</p>\n"
            "</details>",
            id="folded-alias",
        ),
        pytest.param(
            "> [!faq]+\n> Yes.",
            '<details class="question" data-callout="faq" open="open">\n'
            "<summary>Faq</summary>\n"
            "<p>Yes.</p>\n"
            "</details>",
            id="open-fold-default-title",
        ),
        pytest.param(
            "> [!WARNING] Loud\n> x",
            '<div class="admonition warning" data-callout="warning">\n'
            '<p class="admonition-title">Loud</p>\n'
            "<p>x</p>\n"
            "</div>",
            id="case-insensitive",
        ),
        pytest.param(
            "> [!my-custom]\n> x",
            '<div class="admonition note" data-callout="my-custom">\n'
            '<p class="admonition-title">My-custom</p>\n'
            "<p>x</p>\n"
            "</div>",
            id="unknown-type-is-note",
        ),
        pytest.param(
            "> [!info|left] Meta\n> x",
            '<div class="admonition info" data-callout="info">\n'
            '<p class="admonition-title">Meta</p>\n'
            "<p>x</p>\n"
            "</div>",
            id="metadata-ignored",
        ),
        pytest.param(
            "> [!todo] Steps\n> - one\n> - two",
            '<div class="admonition todo" data-callout="todo">\n'
            '<p class="admonition-title">Steps</p>\n'
            "<ul>\n<li>one</li>\n<li>two</li>\n</ul>\n"
            "</div>",
            id="list-without-blank-line",
        ),
        pytest.param(
            "> [!question] Can callouts be nested?\n"
            "> > [!todo] Yes!, they can.\n"
            "> > > [!example]  You can even use multiple layers of nesting.",
            '<div class="admonition question" data-callout="question">\n'
            '<p class="admonition-title">Can callouts be nested?</p>\n'
            '<div class="admonition todo" data-callout="todo">\n'
            '<p class="admonition-title">Yes!, they can.</p>\n'
            '<div class="admonition example" data-callout="example">\n'
            '<p class="admonition-title">You can even use multiple layers of nesting.</p>\n'
            "</div>\n"
            "</div>\n"
            "</div>",
            id="nested-three-levels",
        ),
        pytest.param(
            "> [!note] A\n> first\n>\n> second",
            '<div class="admonition note" data-callout="note">\n'
            '<p class="admonition-title">A</p>\n'
            "<p>first</p>\n"
            "<p>second</p>\n"
            "</div>",
            id="paragraphs",
        ),
        pytest.param(
            "Before\n> [!note] A\n> body",
            "<p>Before</p>\n"
            '<div class="admonition note" data-callout="note">\n'
            '<p class="admonition-title">A</p>\n'
            "<p>body</p>\n"
            "</div>",
            id="paragraph-before-in-same-block",
        ),
        pytest.param(
            "> [!example] Code\n>\n> ```python\n> print('> [!note] not a callout')\n> ```",
            '<div class="admonition example" data-callout="example">\n'
            '<p class="admonition-title">Code</p>\n'
            '<pre class="highlight"><code class="language-python">'
            "print('&gt; [!note] not a callout')</code></pre>\n"
            "</div>",
            id="fence-in-body",
        ),
        pytest.param(
            "> [!note] Hidden %%draft%% part\n> %%secret%%Shown",
            '<div class="admonition note" data-callout="note">\n'
            '<p class="admonition-title">Hidden  part</p>\n'
            "<p>Shown</p>\n"
            "</div>",
            id="comments-inside",
        ),
        pytest.param(
            "> Just a quote\n> [!note] later line",
            "<blockquote>\n<p>Just a quote\n[!note] later line</p>\n</blockquote>",
            id="plain-blockquote",
        ),
        pytest.param(
            "> [!note]not a title separator",
            "<blockquote>\n<p>[!note]not a title separator</p>\n</blockquote>",
            id="needs-space-before-title",
        ),
    ],
)
def test_callout_html(source: str, expected: str) -> None:
    assert render(source) == expected


@pytest.mark.parametrize(
    "source",
    [
        "```\n> [!note] in a backtick fence\n```",
        "~~~\n> [!note] in a tilde fence\n~~~",
        "````\n```\n> [!note] in a 4-backtick fence\n```\n````",
        "Text\n\n    > [!note] in indented code\n",
        "`> [!note] inline code`",
        "<!--\n> [!note] in an HTML comment\n-->",
    ],
)
def test_no_callout_inside_code(source: str) -> None:
    html = render(source)
    assert "admonition" not in html
    assert "[!note]" in html


def test_math_in_title_and_body() -> None:
    html = render("> [!info] Where $x^2$ grows\n> $$\n> y = x\n> $$")
    title, _, body = html.partition("</p>")
    assert '<p class="admonition-title">Where <math' in title
    assert "<msup><mi>x</mi><mn>2</mn></msup>" in title
    assert '<div class="math-block"><math' in body


def test_links_and_tags_in_body() -> None:
    html = render("> [!note]\n> See [ReLU](ReLU.md) #activation")
    assert '<a href="ReLU.md">ReLU</a> <span class="tag">#activation</span>' in html


@pytest.mark.parametrize(
    ("line", "head"),
    [
        ("[!note]", CalloutHead("note", "note", "", "Note")),
        ("[!TLDR] Short", CalloutHead("tldr", "abstract", "", "Short")),
        ("[!cite]-", CalloutHead("cite", "quote", "-", "Cite")),
        ("[!error]+  Spaces around  ", CalloutHead("error", "danger", "+", "Spaces around")),
        ("[!Custom-Type] X", CalloutHead("custom-type", "note", "", "X")),
        ("[!note", None),
        ("[note]", None),
        ("[!] empty", None),
        ("text [!note]", None),
    ],
)
def test_parse_callout_head(line: str, head: CalloutHead | None) -> None:
    assert parse_callout_head(line) == head


def test_every_obsidian_type_and_alias_maps_onto_a_material_type() -> None:
    aliases = {
        "note": [],
        "abstract": ["summary", "tldr"],
        "info": [],
        "todo": [],
        "tip": ["hint", "important"],
        "success": ["check", "done"],
        "question": ["help", "faq"],
        "warning": ["caution", "attention"],
        "failure": ["fail", "missing"],
        "danger": ["error"],
        "bug": [],
        "example": [],
        "quote": ["cite"],
    }
    expected = {a: c for c, names in aliases.items() for a in (c, *names)}
    assert expected == CALLOUT_TYPES
    # todo is the one type Material styles as another (info); obsidian.css gives it its own look.
    assert set(CALLOUT_TYPES.values()) - MATERIAL_TYPES == {"todo"}
