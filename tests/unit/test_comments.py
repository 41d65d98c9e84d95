"""Obsidian %%comments%%: removed everywhere except inside code, math and HTML comments."""

from __future__ import annotations

import markdown
import pytest

from nonlinear.site.math import MathExtension
from nonlinear.vault.codeblocks import Region, is_protected, prose_segments, scan_regions
from nonlinear.vault.comments import CommentExtension, comment_diagnostics, strip_comments


def render(source: str) -> tuple[str, markdown.Markdown]:
    """Render with the site's extensions that matter for comments (code, math, toc)."""
    md = markdown.Markdown(
        extensions=[
            CommentExtension(),
            MathExtension(),
            "toc",
            "pymdownx.superfences",
            "pymdownx.highlight",
        ],
        extension_configs={"pymdownx.highlight": {"use_pygments": False}},
    )
    return md.convert(source), md


# ---- strip_comments: the text pass ------------------------------------------------------------


@pytest.mark.parametrize(
    ("source", "expected"),
    [
        ("a %%hidden%% b", "a  b"),
        ("a %%one%% b %%two%% c", "a  b  c"),
        ("%%\nblock\n%%\n", "\n"),
        ("para one %%starts\n\nspans paragraphs\n\nends%% para two", "para one  para two"),
        ("- a %%x\n- b%%\n- c", "- a \n- c"),
        ("no comment here", "no comment here"),
        ("100% sure, 50% done", "100% sure, 50% done"),
        ("%%%%", ""),
    ],
)
def test_strip_comments(source: str, expected: str) -> None:
    assert strip_comments(source).text == expected


@pytest.mark.parametrize(
    "source",
    [
        "`x %% y %% z`",
        "``a `%%` b``",
        "```r\nx %% 3\ny %% 4\n```",
        "~~~\n%%\nnot a comment\n%%\n~~~",
        "````md\n```\n%% inner %%\n```\n````",
        "para\n\n    indented %% code %%\n",
        "$a %% b$ and $c %% d$",
        "$$\nx %% y\n$$",
        "<!-- %% html comment %% -->",
        "> ```\n> %% quoted fence %%\n> ```",
        "- item\n\n  ```\n  %% fence in a list %%\n  ```",
    ],
)
def test_comment_syntax_inside_code_math_and_html_comments_is_text(source: str) -> None:
    stripped = strip_comments(source)
    assert stripped.text == source
    assert stripped.comments == ()


def test_unclosed_fence_protects_the_rest() -> None:
    source = "```\n%% a\n%% b\n"
    assert strip_comments(source).text == source


def test_unclosed_comment_hides_the_rest_and_is_reported() -> None:
    source = "Intro\n\nSee %%draft\nmore\n"
    assert strip_comments(source).text == "Intro\n\nSee "
    diagnostics = [str(d) for d in comment_diagnostics(source, "Notes/A.md", first_line=4)]
    assert diagnostics == [
        "Notes/A.md:6:5: unclosed-comment: '%%' opens a comment that never closes, so the rest "
        "of the note is hidden; add the closing '%%', or put a literal '%%' in backticks"
    ]


def test_closed_comments_are_not_reported() -> None:
    assert comment_diagnostics("a %%b%% `%%`", "A.md") == []


# ---- rendered through Python-Markdown ----------------------------------------------------------


@pytest.mark.parametrize(
    ("source", "expected"),
    [
        ("This is an %%inline%% comment.", "<p>This is an  comment.</p>"),
        (
            "First\n\n%%\nA block comment\n\nover two paragraphs\n%%\n\nLast",
            "<p>First</p>\n<p>Last</p>",
        ),
        (
            "- one %%hidden\n- two%%\n- three",
            "<ul>\n<li>one </li>\n<li>three</li>\n</ul>",
        ),
        ("`a %%b%%`", "<p><code>a %%b%%</code></p>"),
        (
            "```r\nx %% 2\n```",
            '<pre class="highlight"><code class="language-r">x %% 2</code></pre>',
        ),
        (
            "~~~\n%%keep%%\n~~~",
            '<pre class="highlight"><code>%%keep%%</code></pre>',
        ),
        (
            "````\n```\n%%keep%%\n```\n````",
            '<pre class="highlight"><code>```\n%%keep%%\n```</code></pre>',
        ),
        (
            "text\n\n    %%keep%%\n",
            '<p>text</p>\n<pre class="highlight"><code>%%keep%%</code></pre>',
        ),
        ("<!-- %%keep%% -->", "<!-- %%keep%% -->"),
    ],
)
def test_render(source: str, expected: str) -> None:
    html, _ = render(source)
    assert html == expected


@pytest.mark.parametrize("source", ["$a %%b%% c$", "$$\nx %%y%% z\n$$"])
def test_math_is_left_to_the_math_renderer(source: str) -> None:
    plain = markdown.Markdown(extensions=[MathExtension()]).convert(source)
    html, _ = render(source)
    assert html == plain


def test_comment_never_reaches_the_table_of_contents() -> None:
    html, md = render("## Visible %%secret%%\n\n%%\n## Hidden heading\n%%\n\n## Next")
    assert "secret" not in html
    assert "Hidden" not in html
    tokens = md.toc_tokens  # type: ignore[attr-defined]
    assert [(t["id"], t["name"]) for t in tokens] == [("visible", "Visible"), ("next", "Next")]


# ---- the region scanner itself -----------------------------------------------------------------


@pytest.mark.parametrize(
    ("source", "kinds"),
    [
        ("`a` b", ["code_span"]),
        ("``a ` b``", ["code_span"]),
        ("`unmatched", []),
        ("```\ncode\n```\n", ["fence"]),
        ("~~~~\n~~~\n~~~~\n", ["fence"]),
        ("```\nunclosed", ["fence"]),
        ("``` not a fence ``` text", ["code_span"]),
        ("para\n\n    code\n", ["indented_code"]),
        ("para\n    lazy continuation\n", []),
        ("- item\n\n    continuation\n", []),
        ("- item\n\n        code in item\n", ["indented_code"]),
        ("$x$ and $$y$$", ["math_inline", "math_block"]),
        ("costs $5 and $6", []),
        ("$ not math $", []),
        ("\\$x$", []),
        ("<!-- c -->", ["html_comment"]),
        ("%%c%%", ["comment"]),
        ("\\`not code`", []),
        # unmatched openers are remembered, matched ones still found after them
        ("`a `b` c", ["code_span"]),
        ("``x` `` y ``", ["code_span"]),
        ("`` no\n\n`` yes ``", ["code_span"]),
        ("<!-- x --> <!-- y", ["html_comment"]),
        ("<!-- a <!-- b", []),
        ("$$ a $$ b $$", ["math_block"]),
    ],
)
def test_scan_regions_kinds(source: str, kinds: list[str]) -> None:
    assert [r.kind for r in scan_regions(source)] == kinds


def test_scan_regions_frontmatter_is_opt_in() -> None:
    source = "---\ntags: [a]\n---\n%%c%%"
    assert [r.kind for r in scan_regions(source, frontmatter=True)] == ["frontmatter", "comment"]
    assert scan_regions(source, frontmatter=True)[1].start == source.index("%%")
    assert [r.kind for r in scan_regions(source)] == ["comment"]


def test_region_helpers() -> None:
    text = "a `b` c %%d%% e"
    regions = scan_regions(text)
    assert regions == [Region("code_span", 2, 5), Region("comment", 8, 13)]
    assert [is_protected(regions, i) for i in (0, 2, 4, 5, 8, 12, 13)] == [
        False,
        True,
        True,
        False,
        True,
        True,
        False,
    ]
    assert [text[s:e] for s, e in prose_segments(text, regions)] == ["a ", " c ", " e"]
