"""The content lint: mojibake anywhere, and the required parts of an activation note."""

from __future__ import annotations

from pathlib import Path

import pytest

from nonlinear.lint import lint_note, parse_note

# A byte-exact copy of the original seed note (/work/shared/seed/ReLU.md), kept in the repo
# so the test cannot pass silently when the shared folder is missing.
SEED = Path(__file__).resolve().parents[1] / "fixtures" / "seed" / "ReLU.md"

GOOD_ACTIVATION_NOTE = """\
---
activation: relu
aliases: [Rectifier]
tags: [activation]
---
ReLU keeps positive inputs and zeroes the rest.

## Definition

$$
f(x) = \\max\\{0, x\\}
$$

## Figure

![[relu.svg]]

## References

- He, K., et al. (2015). *Delving Deep into Rectifiers.* ICCV 2015. arXiv:1502.01852.
"""


def lines(note: str, src_uri: str = "Activations/ReLU.md") -> list[str]:
    return [str(d) for d in lint_note(src_uri, note)]


def test_seed_note_mojibake_is_reported_at_its_line_and_column() -> None:
    text = SEED.read_bytes().decode("utf-8")
    assert lines(text) == [
        "Activations/ReLU.md:11:15: mojibake: 'Â\\xa0' is UTF-8 text that was decoded as "
        "Latin-1 and saved again; replace 'Â\\xa0' with a space"
    ]


def test_seed_note_as_an_activation_note_lacks_figure_and_checkable_references() -> None:
    text = "---\nactivation: relu\n---\n" + SEED.read_bytes().decode("utf-8")
    assert [(d.line, d.col, d.kind) for d in lint_note("ReLU.md", text)] == [
        (2, 1, "missing-figure"),  # it embeds a pasted .png, not the generated relu.svg
        (14, 15, "mojibake"),  # three frontmatter lines moved it down
        (41, 1, "unverifiable-references"),  # four web pages, no primary source
    ]


def test_clean_activation_note_has_no_diagnostics() -> None:
    assert lines(GOOD_ACTIVATION_NOTE) == []


@pytest.mark.parametrize(
    ("text", "expected"),
    [
        # cp1252 reading of E2 80 99 (right single quote)
        ("It doesnâ€™t", ["x.md:1:9: mojibake: 'â€™' is UTF-8 text that was decoded as Latin-1 "
                         "and saved again; replace 'â€™' with '’'"]),
        # Latin-1 reading of C3 A9 (é), on the second line
        ("ok\ncafÃ©", ["x.md:2:4: mojibake: 'Ã©' is UTF-8 text that was decoded as Latin-1 "
                       "and saved again; replace 'Ã©' with 'é'"]),
        # the no-break space whose second byte became an ordinary space
        ("a Â b", ["x.md:1:3: mojibake: 'Â ' is UTF-8 text that was decoded as Latin-1 and "
                   "saved again; replace 'Â ' with a space"]),
        # a 4-byte sequence (U+1F600) read as Latin-1/cp1252
        ("smile ðŸ˜€", ["x.md:1:7: mojibake: 'ðŸ˜€' is UTF-8 text that was decoded as Latin-1 "
                        "and saved again; replace 'ðŸ˜€' with '😀'"]),
    ],
)  # fmt: skip
def test_mojibake_sequences_are_reported_with_their_repair(text: str, expected: list[str]) -> None:
    assert lines(text, "x.md") == expected


@pytest.mark.parametrize(
    "text",
    [
        "Bélisle, naïve café, Über, Straße, Hochreiter’s “quotes” — fine",
        # "Â" before a space IS reported (a lost no-break space); before a letter it is not
        "Accented capitals: Âge, Ârea",
        "Greek and maths: σ(x), λα ≈ 1.7581, ∂f/∂x, ℝ",
        "é¡ is not valid UTF-8 when re-encoded",  # E9 A1 lacks its third byte
    ],
)
def test_correct_unicode_is_not_mojibake(text: str) -> None:
    assert lines(text, "x.md") == []


def test_mojibake_in_code_blocks_is_still_reported() -> None:
    # A garbled character in a code sample is copied by readers as-is, so it is reported too.
    assert [d.line for d in lint_note("x.md", "```\nprint('â€™')\n```\n")] == [2]


def _without(part: str) -> str:
    assert part in GOOD_ACTIVATION_NOTE
    return GOOD_ACTIVATION_NOTE.replace(part, "")


@pytest.mark.parametrize(
    ("text", "expected"),
    [
        (_without("$$\nf(x) = \\max\\{0, x\\}\n$$\n"), [(2, 1, "missing-formula")]),
        (_without("![[relu.svg]]\n"), [(2, 1, "missing-figure")]),
        (
            GOOD_ACTIVATION_NOTE.replace("relu.svg", "Pasted image 1.png"),
            [(2, 1, "missing-figure")],
        ),
        (
            GOOD_ACTIVATION_NOTE.split("## References", maxsplit=1)[0],
            [(2, 1, "missing-references")],
        ),
        (
            GOOD_ACTIVATION_NOTE.replace(
                "He, K., et al. (2015). *Delving Deep into Rectifiers.* ICCV 2015. "
                "arXiv:1502.01852.",
                "https://example.org/a-blog-post-about-relu",
            ),
            [(18, 1, "unverifiable-references")],
        ),
        # a "## References" heading inside a code block does not count
        (
            GOOD_ACTIVATION_NOTE.replace("## References", "```\n## References\n```"),
            [(2, 1, "missing-references")],
        ),
        # "$$" and the embed inside a fenced block do not count either
        (
            GOOD_ACTIVATION_NOTE.replace("$$\nf(x)", "```\n$$\nf(x)")
            .replace("x\\}\n$$\n", "x\\}\n$$\n```\n")
            .replace("![[relu.svg]]", "```\n![[relu.svg]]\n```"),
            [(2, 1, "missing-figure"), (2, 1, "missing-formula")],
        ),
    ],
)
def test_activation_note_requirements(text: str, expected: list[tuple[int, int, str]]) -> None:
    assert [(d.line, d.col, d.kind) for d in lint_note("a.md", text)] == expected


@pytest.mark.parametrize(
    "reference",
    [
        "arXiv:1706.02515",
        "DOI 10.1016/j.neunet.2017.12.012",
        "Goodfellow, I., Bengio, Y., & Courville, A. (2016). *Deep Learning*. MIT Press.",
        "Maas, A. L., et al. (2013). Rectifier Nonlinearities. Proceedings of ICML 2013.",
        "Krizhevsky, A. (2010). Convolutional Deep Belief Networks on CIFAR-10. "
        "Unpublished manuscript.",
    ],
)
def test_checkable_references_are_accepted(reference: str) -> None:
    text = (
        GOOD_ACTIVATION_NOTE.split("## References", maxsplit=1)[0]
        + "## References\n\n- "
        + reference
    )
    assert lines(text) == []


def test_notes_without_activation_key_skip_the_activation_checks() -> None:
    assert lines("---\naliases: [Dead neurons]\ntags: [concept]\n---\nJust prose.\n") == []


@pytest.mark.parametrize(
    ("text", "expected"),
    [
        ("---\nactivation: [relu\n---\nx\n", (2, "frontmatter is not valid YAML")),
        ("---\nactivation: relu\n", (1, "never closed")),
        ("---\n- a\n- b\n---\n", (2, "must be a mapping")),
        ("---\nactivation: 3\n---\n$$\n", (2, "'activation:' must name a function")),
    ],
)
def test_bad_frontmatter_is_a_diagnostic_not_an_exception(
    text: str, expected: tuple[int, str]
) -> None:
    found = [d for d in lint_note("a.md", text) if d.kind == "bad-frontmatter"]
    assert len(found) == 1
    assert found[0].line == expected[0]
    assert expected[1] in found[0].message


def test_parse_note_reads_list_of_activations_and_sections() -> None:
    note = parse_note(
        "---\ntitle: X\nactivation: [elu, selu]\n---\n## Definition\n\nalpha = 1\n"
        "### Sub\n\nstill here\n## Figure\nnot here\n"
    )
    assert note.activations == ("elu", "selu")
    assert note.key_lines == {"title": 2, "activation": 3}
    assert note.section("Definition") == (5, "\nalpha = 1\n### Sub\n\nstill here")
    assert note.section("References") is None


@pytest.mark.parametrize(
    ("text", "expected"),
    [
        (
            "We initialise the weights; they stay normalised.",
            [
                "Note.md:1:4: spelling: 'initialise': the notes use Oxford spelling (-ize); "
                "write 'initialize'",
                "Note.md:1:38: spelling: 'normalised': the notes use Oxford spelling (-ize); "
                "write 'normalized'",
            ],
        ),
        (
            "Randomisation helps.",
            [
                "Note.md:1:1: spelling: 'Randomisation': the notes use Oxford spelling (-ize); "
                "write 'Randomization'",
            ],
        ),
    ],
)
def test_ise_spellings_are_reported_with_the_ize_form(text: str, expected: list[str]) -> None:
    assert lines(text, "Note.md") == expected


@pytest.mark.parametrize(
    "text",
    [
        "Oxford spelling: initialization, normalized, zero-centred, colour, analyse.",
        "Otherwise the noise is a compromise; exercise, surprise, advertise, precise, raise.",
        "Code is not prose: `normalise(x)` and `torch.quantise`.",
        "A link's destination is not prose: [paper](https://example.org/normalisation.pdf).",
        "A bare URL: https://example.org/optimisation and <https://example.org/initialise>.",
        "A wiki link's target is a file name: [[Normalisation notes]].",
        "```\nnormalise = True\n```",
    ],
)
def test_words_that_are_not_ise_verbs_in_prose_pass(text: str) -> None:
    assert [d for d in lint_note("Note.md", text) if d.kind == "spelling"] == []


def test_ise_names_in_frontmatter_aliases_are_alternative_names_not_prose() -> None:
    # Aliases keep British -ise names on purpose: readers link and search with them.
    note = "---\naliases:\n  - weight initialisation\n---\nText about initialization.\n"
    assert [d for d in lint_note("Note.md", note) if d.kind == "spelling"] == []
