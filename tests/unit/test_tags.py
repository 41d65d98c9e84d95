"""Obsidian #tags: found outside code, merged with frontmatter tags, rendered as chips.

Also ==highlights== (pymdownx.mark, configured in mkdocs.yml): checked here because the
same "never inside code" rule applies.
"""

from __future__ import annotations

import re

import markdown
import pytest
from pymdownx.slugs import slugify

from nonlinear.site.math import MathExtension
from nonlinear.vault.callouts import CalloutExtension
from nonlinear.vault.comments import CommentExtension
from nonlinear.vault.tags import (
    TagExtension,
    TagUrlBuilder,
    find_tags,
    frontmatter_tags,
    is_tag_name,
    merge_tags,
    tag_anchor,
)


def render(source: str, build_url: TagUrlBuilder | None = None) -> str:
    """Render with the site's extensions that tags and highlights interact with."""
    md = markdown.Markdown(
        extensions=[
            CommentExtension(),
            CalloutExtension(),
            TagExtension(build_url=build_url),
            MathExtension(),
            "admonition",
            "attr_list",
            "md_in_html",
            "toc",
            "pymdownx.superfences",
            "pymdownx.highlight",
            "pymdownx.mark",
        ],
        extension_configs={"pymdownx.highlight": {"use_pygments": False}},
    )
    return md.convert(source)


def names(text: str) -> list[str]:
    return [tag.name for tag in find_tags(text)]


@pytest.mark.parametrize(
    ("text", "expected"),
    [
        ("#meeting", ["meeting"]),
        ("A note about #meeting today", ["meeting"]),
        ("#inbox/to-read and #a/b/c", ["inbox/to-read", "a/b/c"]),
        ("#y1984 but not #1984", ["y1984"]),
        ("#2024-review", ["2024-review"]),
        ("snake #with_underscore", ["with_underscore"]),
        ("emoji #🚀 and #café and #日本語", ["🚀", "café", "日本語"]),
        ("ends at punctuation: #tag, #other. #third!", ["tag", "other", "third"]),
        ("(#paren) a#b x#y", []),
        ("escaped \\#not-a-tag", []),
        ("https://example.org/page#fragment and <https://x.org/#frag>", []),
        ("[link](Note.md#heading) [[Note#Heading]] [[#Local]]", []),
        ("# Heading\n## Sub heading", []),
        ("## Heading with #tag", ["tag"]),
        ("## Heading { #custom-id }", []),
        ('<span title=" #not">x</span>', []),
        ("&#35; entity", []),
        ("`#code` #prose", ["prose"]),
        ("```\n#in-fence\n```\n#after", ["after"]),
        ("~~~\n#in-tilde\n~~~", []),
        ("````\n```\n#nested\n```\n````", []),
        ("para\n\n    #indented-code\n", []),
        ("$#math$ $$\n#display\n$$", []),
        ("<!-- #html-comment -->", []),
        ("%% #obsidian-comment %%", []),
        ("#a #A #a", ["a", "A", "a"]),
    ],
)
def test_find_tags(text: str, expected: list[str]) -> None:
    assert names(text) == expected


def test_find_tags_positions() -> None:
    tags = find_tags("first line\n  see #here")
    assert [(t.name, t.line, t.col, t.start) for t in tags] == [("here", 2, 7, 17)]


@pytest.mark.parametrize(
    ("name", "valid"),
    [("a", True), ("y1984", True), ("1984", False), ("", False), ("/", False), ("1/2", True)],
)
def test_is_tag_name(name: str, valid: bool) -> None:
    assert is_tag_name(name) is valid


@pytest.mark.parametrize(
    ("value", "expected"),
    [
        (None, []),
        (["activation", "activation/rectifier"], ["activation", "activation/rectifier"]),
        ("a, b c", ["a", "b", "c"]),
        (["#hashed", None, 42, ""], ["hashed", "42"]),
        ("single", ["single"]),
        (7, ["7"]),
    ],
)
def test_frontmatter_tags(value: object, expected: list[str]) -> None:
    assert frontmatter_tags(value) == expected


def test_merge_tags_is_case_insensitive_with_first_seen_casing() -> None:
    assert merge_tags(["Activation", "relu"], ["activation", "ReLU", "new", "NEW"]) == [
        "Activation",
        "relu",
        "new",
    ]


def test_tag_anchor_matches_material_defaults() -> None:
    slug = slugify(case="lower")
    assert tag_anchor("Activation", slug) == "tag:activation"
    assert tag_anchor("Activation/Rectifier", slug) == "tag:activationrectifier"
    assert (
        tag_anchor("Activation/Rectifier", slug, hierarchy_separator="/")
        == "tag:activation/rectifier"
    )
    assert tag_anchor("Two Words", slug, separator="_", template="t-{slug}") == "t-two_words"


# ---- rendering -----------------------------------------------------------------------------------


@pytest.mark.parametrize(
    ("source", "expected"),
    [
        ("A #tag here", '<p>A <span class="tag">#tag</span> here</p>'),
        (
            "#draft #idea",
            '<p><span class="tag">#draft</span> <span class="tag">#idea</span></p>',
        ),
        ("# Heading", '<h1 id="heading">Heading</h1>'),
        ("#123 a#b \\#c", "<p>#123 a#b #c</p>"),
        ("`#code`", "<p><code>#code</code></p>"),
        ("```\n#fence\n```", '<pre class="highlight"><code>#fence</code></pre>'),
        ("## Title { #custom }", '<h2 id="custom">Title</h2>'),
        (
            "*#em*  **x #strong**",
            '<p><em>#em</em>  <strong>x <span class="tag">#strong</span></strong></p>',
        ),
        ('<b title=" #attr">b</b>', '<p><b title=" #attr">b</b></p>'),
        ("#a&b", '<p><span class="tag">#a</span>&amp;b</p>'),
        ("[see #x](u.md)", '<p><a href="u.md">see #x</a></p>'),
    ],
)
def test_render_tags(source: str, expected: str) -> None:
    assert render(source) == expected


def test_render_tag_links_with_the_injected_url() -> None:
    html = render("See #Activation/ReLU", build_url=lambda name: f"../tags/#tag:{name.lower()}")
    assert html == (
        '<p>See <a class="tag" href="../tags/#tag:activation/relu">#Activation/ReLU</a></p>'
    )


def test_tag_text_is_escaped() -> None:
    html = render("#a<b>", build_url=lambda name: f'x"{name}')
    assert html == '<p><a class="tag" href="x&quot;a">#a</a><b></p>'


@pytest.mark.parametrize(
    "source",
    [
        "Intro #one, then `#two` and #three.\n\n- #four\n- x#five\n\n> [!note] #six\n> #seven",
        "#alpha #1984 #y1984\n\n## Heading #eight\n\n```\n#no\n```\n\n%% #hidden %%\n#nine",
        "$#m$ and #ten/eleven and \\#esc and [x](#frag) and <!-- #c -->",
    ],
)
def test_scanner_and_renderer_agree(source: str) -> None:
    rendered = re.findall(r'<span class="tag">#([^<]*)</span>', render(source))
    assert rendered == names(source)


# ---- ==highlights== ------------------------------------------------------------------------------


@pytest.mark.parametrize(
    ("source", "expected"),
    [
        ("==marked==", "<p><mark>marked</mark></p>"),
        ("a ==two words== b", "<p>a <mark>two words</mark> b</p>"),
        ("if a == b and c == d", "<p>if a == b and c == d</p>"),
        ("`x ==y==`", "<p><code>x ==y==</code></p>"),
        ("```\n==no==\n```", '<pre class="highlight"><code>==no==</code></pre>'),
        ("$a == b$", None),
    ],
)
def test_highlight(source: str, expected: str | None) -> None:
    html = render(source)
    if expected is None:
        assert "<mark>" not in html
    else:
        assert html == expected
