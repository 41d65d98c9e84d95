"""Backlink snippets: readable text cut from the link's block, and the compact "Linked from"."""

from __future__ import annotations

import pytest
from bs4 import BeautifulSoup
from markdown.extensions.toc import slugify

from nonlinear.site.backlinks import arrange_backlinks, render_snippet
from nonlinear.vault import backlinks as backlinks_module
from nonlinear.vault.backlinks import Span, plain_text, snippet
from nonlinear.vault.engine import Engine
from nonlinear.vault.index import SourceNote
from nonlinear.vault.paths import SrcUri


def build(vault: dict[str, str]) -> Engine:
    notes = [SourceNote(SrcUri(uri), text) for uri, text in vault.items()]
    urls = {uri: uri.removesuffix(".md") + "/" for uri in vault}
    return Engine.build(notes, [], slugify, urls)


def spans_of(vault: dict[str, str], target: str) -> dict[str, list[tuple[str, str]]]:
    return {b["title"]: b["spans"] for b in build(vault).backlinks(target)}


def test_math_is_never_cut_and_stays_math() -> None:
    # The SiLU note's line that once gave "gma(\beta x)$ ... approaches ReLU".
    text = (
        "Swish was proposed as $f_\\beta(x) = x\\,\\sigma(\\beta x)$ with a trainable or fixed "
        "$\\beta$. With $\\beta = 1$ it is SiLU; as $\\beta \\to \\infty$ it approaches [[ReLU]]; "
        "with $\\beta = 0$ it is the linear function $x / 2$. When people say Swish they mean "
        "SiLU, and more words follow to make the line long enough to be cut."
    )
    # From the start of the link's sentence; formulas whole; cut after a word.
    assert spans_of({"SiLU.md": text, "ReLU.md": ""}, "ReLU.md")["SiLU"] == [
        ("text", "… With "),
        ("math", "\\beta = 1"),
        ("text", " it is SiLU; as "),
        ("math", "\\beta \\to \\infty"),
        ("text", " it approaches "),
        ("link", "ReLU"),
        ("text", "; with "),
        ("math", "\\beta = 0"),
        ("text", " it is the linear function "),
        ("math", "x / 2"),
        ("text", ". When people say Swish they mean SiLU, and more words follow to …"),
    ]


def test_code_spans_are_code_without_backticks() -> None:
    vault = {
        "A.md": "Call `nonlinear.activations.softsign` or see [[B]] for ``a `tick` here``.",
        "B.md": "",
    }
    assert spans_of(vault, "B.md")["A"] == [
        ("text", "Call "),
        ("code", "nonlinear.activations.softsign"),
        ("text", " or see "),
        ("link", "B"),
        ("text", " for "),
        ("code", "a `tick` here"),
        ("text", "."),
    ]


@pytest.mark.parametrize(
    ("row", "expected"),
    [
        (
            "| [[ReLU]] | $\\max\\{0, x\\}$ | [0, ∞) | Nair & Hinton (2010) |",
            [("text", "Function: "), ("link", "ReLU")],
        ),
        (
            "| ReLU | $\\max\\{0, x\\}$ | [0, ∞) | [[ReLU\\|Nair & Hinton]] (2010) |",
            [("text", "Paper: "), ("link", "Nair & Hinton"), ("text", " (2010)")],
        ),
        (  # no pipes at the row's edges; a pipe inside code stays in its cell
            "ReLU | `a|b` and [[ReLU]] | x | y",
            [("text", "Formula: "), ("code", "a|b"), ("text", " and "), ("link", "ReLU")],
        ),
    ],
)
def test_a_table_is_reduced_to_the_cell_with_its_column(
    row: str, expected: list[tuple[str, str]]
) -> None:
    table = (
        f"Intro line.\n\n| Function | Formula | Range | Paper |\n| --- | --- | --- | --- |\n{row}\n"
    )
    if not row.startswith("|"):  # no edge pipes anywhere: with them on the separator only,
        # Python-Markdown counts six cells there against four in the header (no table)
        table = table.replace(
            "| Function | Formula | Range | Paper |", "Function | Formula | Range | Paper"
        ).replace("| --- | --- | --- | --- |", "--- | --- | --- | ---")
    assert spans_of({"T.md": table, "ReLU.md": ""}, "ReLU.md")["T"] == expected


def test_a_column_header_with_math_stays_math() -> None:
    table = "| value | gate $g(b)$ |\n| --- | --- |\n| $a$ | $\\Phi(b)$ ([[GELU]]) |\n"
    assert spans_of({"T.md": table, "GELU.md": ""}, "GELU.md")["T"] == [
        ("text", "gate "),
        ("math", "g(b)"),
        ("text", ": "),
        ("math", "\\Phi(b)"),
        ("text", " ("),
        ("link", "GELU"),
        ("text", ")"),
    ]


def test_a_paragraph_over_several_lines_is_one_snippet() -> None:
    vault = {
        "N.md": "GELU is $x\\,\n\\Phi(x)$, and the\n[[ReLU]] family\nends here.\n\nNext paragraph.",
        "ReLU.md": "",
    }
    assert spans_of(vault, "ReLU.md")["N"] == [
        ("text", "GELU is "),
        ("math", "x\\, \\Phi(x)"),  # lines are joined with a space
        ("text", ", and the "),
        ("link", "ReLU"),
        ("text", " family ends here."),
    ]


@pytest.mark.parametrize(
    ("source", "text"),
    [
        ("- **Bold** and ==marked== [[B|the B]] ^block1", "Bold and marked the B"),
        ("> [!note]- Folded callout with [[B]]", "Folded callout with B"),
        ("> [!note] A title\n> The body names [[B]].", "The body names B."),
        ("1. [ ] task about [B](B.md) %%hidden%% <span>tag</span>", "task about B tag"),
        ("## Heading with [[B#Part]]", "Heading with B > Part"),
        (
            "Escaped \\*stars\\* and a footnote[^1] before [[B]].",
            "Escaped *stars* and a footnote before B.",
        ),
        ("[^1]: The footnote cites [[B]].", "The footnote cites B."),
        (": A definition that links [[B]].", "A definition that links B."),
    ],
)
def test_markup_is_removed(source: str, text: str) -> None:
    vault = {"A.md": source, "B.md": "## Part"}
    [link] = build(vault).backlinks("B.md")
    assert link["snippet"] == text


def test_long_blocks_are_cut_at_words_around_the_link() -> None:
    words = " ".join(f"word{i}" for i in range(80))
    vault = {"A.md": f"{words} [[B]] {words}", "B.md": ""}
    [link] = build(vault).backlinks("B.md")
    text = link["snippet"]
    assert text.startswith("… word")
    assert text.endswith(" …")
    assert " B " in text
    assert 120 <= len(text) <= 175
    assert all(w.startswith("word") or w in {"…", "B"} for w in text.split())


def test_the_sentence_of_the_link_starts_the_snippet_when_it_fits() -> None:
    first = "An opening sentence that is long enough to push the link past the budget. " * 3
    vault = {"A.md": first + "Then [[B]] is named here.", "B.md": ""}
    [link] = build(vault).backlinks("B.md")
    assert link["snippet"].startswith("… Then B is named here.")


def test_a_cut_never_starts_with_the_end_of_what_was_left_out() -> None:
    text = (
        "Softsign is mainly of interest as a cheaper, slower-saturating alternative to tanh. "
        "It is available in the major frameworks (`torch.nn.Softsign`, "
        "`tf.keras.activations.softsign`), but it is rarely the default in modern "
        "architectures, where [[B]]-like functions dominate hidden layers and tanh remains "
        "the usual bounded choice."
    )
    [link] = build({"A.md": text, "B.md": ""}).backlinks("B.md")
    assert link["snippet"].startswith("… but it is rarely the default")


def test_mutual_links_are_marked() -> None:
    vault = {"A.md": "[[B]]", "B.md": "[[A]]", "C.md": "[[B]]"}
    assert {b["title"]: b["mutual"] for b in build(vault).backlinks("B.md")} == {
        "A": True,
        "C": False,
    }


def test_plain_text_keeps_formulas_as_source() -> None:
    assert plain_text("- see `x` and $y^2$ in [[N|n]]") == "see x and $y^2$ in n"


def test_snippet_without_link_starts_at_the_beginning() -> None:
    assert snippet("just words", 0) == (Span("text", "just words"),)


def test_render_snippet_escapes_text_and_renders_math_and_code() -> None:
    html = render_snippet(
        [
            ("text", "a <b> & "),
            ("math", "x^2"),
            ("code", "f(<x>)"),
            ("link", "ReLU"),
            ("math", "\\foo"),
        ]
    )
    soup = BeautifulSoup(html, "html.parser")
    assert html.startswith("a &lt;b&gt; &amp; <math")
    assert soup.find("math").find("msup") is not None
    assert [c.get_text() for c in soup.find_all("code")] == ["f(<x>)", "\\foo"]
    assert soup.find("strong").get_text() == "ReLU"


def test_arrange_shows_mutual_links_first_and_collapses_the_rest() -> None:
    links = [
        {"title": f"N{i:02}", "url": f"N{i}/", "spans": [("text", f"s{i}")], "mutual": i in {7, 9}}
        for i in range(10)
    ]
    arranged = arrange_backlinks(links, shown=4)
    assert [b["title"] for b in arranged.shown] == ["N07", "N09", "N00", "N01"]
    assert [b["title"] for b in arranged.more] == ["N02", "N03", "N04", "N05", "N06", "N08"]
    assert arranged.total == 10
    assert arranged.shown[0]["snippet_html"] == "s7"
    assert arranged.more[0]["snippet_html"] == "s2"


def test_arrange_shows_all_when_only_one_would_be_collapsed() -> None:
    links = [{"title": str(i), "url": "", "spans": []} for i in range(5)]
    assert (len(arrange_backlinks(links, shown=4).shown), arrange_backlinks(links, 4).more) == (
        5,
        (),
    )


def test_a_wiki_link_whose_text_looks_like_html_keeps_it_as_text() -> None:
    # The page shows a wiki link's text escaped, so the snippet shows it too (it was emptied
    # as if it were a tag); raw HTML in the text around it is still removed.
    text = "See <b>also</b> [[<img src=x onerror=alert(1)>]] and [[Other|<i>o</i>]] here"
    start = text.index("[[<img")
    spans = snippet(text, start, link_end=text.index("]]", start) + 2)
    assert spans == (
        Span("text", "See also "),
        Span("link", "<img src=x onerror=alert(1)>"),
        Span("text", " and <i>o</i> here"),
    )
    html = render_snippet((s.kind, s.text) for s in spans)
    assert "<strong>&lt;img src=x onerror=alert(1)&gt;</strong>" in html
    assert BeautifulSoup(html, "html.parser").find("img") is None


def test_any_kind_of_space_separates_words_and_is_shown_as_one_space() -> None:
    text = "one\u00a0two\tthree  [[X]]\u2003four"
    link = text.index("[[")
    spans = snippet(text, link, link_end=link + len("[[X]]"))
    assert spans == (Span("text", "one two three "), Span("link", "X"), Span("text", " four"))
    # Cut on the same words: the link's neighbours fill the budget, whole words only.
    cut = snippet(text, link, 12, link_end=link + len("[[X]]"))
    assert cut == (Span("text", "… three "), Span("link", "X"), Span("text", " four"))


def test_text_around_a_formula_and_code_is_joined_into_one_span_each() -> None:
    text = "a `c` b $x$ [[X]] d e"
    link = text.index("[[")
    assert snippet(text, link, link_end=link + 5) == (
        Span("text", "a "),
        Span("code", "c"),
        Span("text", " b "),
        Span("math", "x"),
        Span("text", " "),
        Span("link", "X"),
        Span("text", " d e"),
    )


def test_a_header_cell_keeps_its_escaped_pipe_and_code() -> None:
    table = "| Name \\| alias | `a|b` gate |\n| --- | --- |\n| x | see [[ReLU]] |\n"
    assert spans_of({"T.md": table, "ReLU.md": ""}, "ReLU.md")["T"] == [
        ("code", "a|b"),
        ("text", " gate: see "),
        ("link", "ReLU"),
    ]
    table = table.replace("| x | see", "| see [[ReLU]] \\| x | y")
    assert spans_of({"T.md": table, "ReLU.md": ""}, "ReLU.md")["T"] == [
        ("text", "Name | alias: see "),
        ("link", "ReLU"),
        ("text", " | x"),
    ]


def test_make_serve_keeps_every_snippet_between_rebuilds(monkeypatch: pytest.MonkeyPatch) -> None:
    # Each rebuild asks for every page's snippets again, in the same order: with fewer kept
    # than the vault has, the least recently used one is always the next asked for.
    vault = {f"N{i}.md": f"Note {i} says [[Hub]] in its own words." for i in range(40)}
    vault["Hub.md"] = "The hub."
    cut: list[str] = []
    real_atoms = backlinks_module._atoms

    def counted(text: str, offset: int, link_end: int | None) -> object:
        cut.append(text)
        return real_atoms(text, offset, link_end)

    monkeypatch.setattr(backlinks_module, "_atoms", counted)
    try:
        for kept, second_time in ((8, 40), (1 << 16, 0)):
            backlinks_module.keep_snippets(kept)
            first = build(vault).backlinks("Hub.md")
            cut.clear()
            assert build(vault).backlinks("Hub.md") == first  # a rebuild: a new engine
            assert len(cut) == second_time
    finally:
        backlinks_module.keep_snippets()
