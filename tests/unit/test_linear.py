"""Hostile sizes stay linear (issue 8 items 12-13), checked by counting work, never by timing.

Python-Markdown rebuilds a paragraph's text after every inline match, so a paragraph of N
links matched one by one costs O(N^2); the wiki-link processor renders a run of links in one
match, and finds inline comments once per text. These tests count matches and scans on
modest sizes; ``bench/bench_hostile.py`` measures the times on hostile ones.
"""

from __future__ import annotations

import markdown
import pytest
from hypothesis import HealthCheck, example, given, settings
from hypothesis import strategies as st

from nonlinear.vault import markdown_ext
from nonlinear.vault.engine import render_note
from nonlinear.vault.linebreaks import LineBreakExtension
from nonlinear.vault.markdown_ext import WikiLinkInlineProcessor

EXTENSIONS = ("attr_list", "md_in_html", "tables", "toc", "footnotes")
VAULT = {"T.md": "# T\n", "U V.md": "text\n"}


class Counter:
    def __init__(self) -> None:
        self.calls = 0


@pytest.fixture
def matches(monkeypatch: pytest.MonkeyPatch) -> Counter:
    """Counts the matches the wiki-link processor accepts (each costs a text rebuild)."""
    counter = Counter()
    original = WikiLinkInlineProcessor.handleMatch

    def counted(self: WikiLinkInlineProcessor, m: object, data: str) -> object:
        result = original(self, m, data)  # type: ignore[arg-type]
        if result[0] is not None:
            counter.calls += 1
        return result

    monkeypatch.setattr(WikiLinkInlineProcessor, "handleMatch", counted)
    return counter


@pytest.mark.parametrize(
    ("body", "accepted"),
    [
        (" ".join(["[[T]]"] * 3000), 1),
        ("[[T]] and " * 3000, 1),
        ("[[T]], [[U V|u]]; " * 1500, 1),
        ("[[T]]\n" * 3000, 1),  # no line-break extension here: a newline is inert text
        ("[[T]] *a* " * 100, 100),  # emphasis between links: one match per link, as before
    ],
)
def test_a_run_of_links_is_one_match(matches: Counter, body: str, accepted: int) -> None:
    rendered = render_note({**VAULT, "Page.md": body}, "Page.md", extensions=EXTENSIONS)
    assert rendered.html.count('<a class="wikilink"') == body.count("[[")
    assert matches.calls == accepted


def test_comments_are_found_once_per_text(monkeypatch: pytest.MonkeyPatch) -> None:
    scans = Counter()
    original = markdown_ext.inline_comment_spans

    def counted(data: str) -> list[tuple[int, int]]:
        scans.calls += 1
        return original(data)

    monkeypatch.setattr(markdown_ext, "inline_comment_spans", counted)
    body = "<!-- [[T]] -->" * 2000 + " [[T]]"
    rendered = render_note({**VAULT, "Page.md": body}, "Page.md", extensions=EXTENSIONS)
    assert rendered.html.count('<a class="wikilink"') == 1
    assert scans.calls == 1  # 2,001 matches asked about one text


def render(body: str, *, runs: bool, extensions: tuple[object, ...] = ()) -> str:
    """Render with runs of links in one match, or one match per link."""
    result = render_note({**VAULT, "Page.md": "x"}, "Page.md", extensions=EXTENSIONS)
    engine = result.engine
    engine.context.src_uri = "Page.md"
    md = markdown.Markdown(
        extensions=[
            *EXTENSIONS,
            *extensions,
            markdown_ext.WikiLinkExtension(lambda: engine.context),
        ]
    )
    md.inlinePatterns["nonlinear-wikilink"].runs = runs  # type: ignore[attr-defined]
    return md.convert(body)


PIECES = st.sampled_from(
    [
        "[[T]]", "[[U V|u]]", "[[Missing]]", "[[T#Head]]", "![[T.png]]", "[[T|`c`]]", " ", "\n",
        "  ", "word", ", ", "*", "**", "_", "`", "`x`", "<!--", "-->", "%%", "<b>", "</b>",
        "&amp;", "&", "==", "~~", "#tag", "\\", "\\*", "[", "]", "(", ")", "[a](T.md)", "{: .c }",
        "{", "}", "$", "$x$", "^", " ^id", "!", "|", "<https://a.b>", "[^1]", "\n\n", "> ",
    ]
)  # fmt: skip


@settings(max_examples=300, deadline=None, suppress_health_check=[HealthCheck.too_slow])
@given(st.lists(PIECES, min_size=1, max_size=30).map("".join))
@example("[[T]]{{: .c }")  # attr_list leaves an attribute without a value ("_:")
def test_runs_render_exactly_what_one_match_per_link_renders(body: str) -> None:
    assert render(body, runs=True) == render(body, runs=False)
    breaks = (LineBreakExtension(lambda: True),)
    assert render(body, runs=True, extensions=breaks) == render(body, runs=False, extensions=breaks)
