"""Frontmatter is untrusted input: read once, validated, reported at its line, fail closed."""

from __future__ import annotations

import pytest

from nonlinear.vault.diagnostics import Diagnostic
from nonlinear.vault.engine import Engine
from nonlinear.vault.frontmatter import Frontmatter, read_frontmatter, split_frontmatter
from nonlinear.vault.index import SourceNote
from nonlinear.vault.paths import SrcUri


def slugify(value: str, separator: str) -> str:
    return value.lower().replace(" ", separator)


def read(block: str) -> Frontmatter:
    """The properties of a note whose frontmatter block holds *block* (starting on line 2)."""
    return split_frontmatter(f"---\n{block}---\nbody\n").frontmatter


def problems(fm: Frontmatter) -> list[tuple[int, int, str]]:
    return [(p.line, p.col, p.kind) for p in fm.problems]


def test_attachments_only_withheld_notes_use_are_withheld_with_them() -> None:
    notes = {
        "index.md": "![[shared.png]] [[Secret]]\n",
        "Secret.md": (
            "---\npublish: false\nup: '[[plan.pdf]]'\n---\n"
            "![[secret.png]] ![[shared.png]] [notes](files/notes.txt) ![[twin.png]]\n"
            "![[My chart.png]]\n"
        ),
        "Public.md": "no links\n",
        "Html.md": "<p><img src='../img/My%20chart.png?v=1' alt='c'></p>\n",
    }
    attachments = [
        "shared.png",
        "secret.png",
        "plan.pdf",
        "files/notes.txt",
        "unused.png",
        "a/twin.png",
        "b/twin.png",
        "img/My chart.png",
    ]
    engine = Engine.build(
        [SourceNote(SrcUri(uri), text) for uri, text in notes.items()],
        attachments,
        slugify,
        {uri: uri.removesuffix(".md") + "/" for uri in notes} | {a: a for a in attachments},
    )
    # A property link, an embed, a Markdown link and every candidate of an ambiguous embed;
    # not what a published note shows (a link, or an address in its raw HTML), nor a file
    # no note names.
    assert engine.withheld_attachments() == [
        "a/twin.png",
        "b/twin.png",
        "files/notes.txt",
        "plan.pdf",
        "secret.png",
    ]


@pytest.mark.parametrize(
    ("block", "line"),
    [
        ("title: Draft: not ready\npublish: false\n", 2),  # the example
        ("publish: false\ntags: [a, b\n", 3),  # an unclosed list: where it opened
        ('publish: false\naliases: ["x\n', 3),  # an unclosed quote: where it opened
        ("publish: false\n\ttitle: tab\n", 3),  # a tab for indentation
        ("publish: false\ntitle: *nowhere\n", 3),  # an undefined alias
        ("publish: false\nkey: value\n  bad: indent\n", 4),  # a stray indented line
    ],
)
def test_unreadable_frontmatter_withholds_the_note_and_reports_its_line(
    block: str, line: int
) -> None:
    fm = read(block)
    assert fm.publish is False
    assert fm.readable is False
    assert [(p.line, p.kind) for p in fm.problems] == [(line, "bad-frontmatter")]
    assert "withheld" in fm.problems[0].message


def test_unreadable_frontmatter_keeps_nothing_and_its_body_is_the_body() -> None:
    split = split_frontmatter("---\ntitle: Draft: not ready\n---\n\nThe body.\n")
    assert split.frontmatter.title is None
    assert split.meta == {}
    assert (split.body, split.body_line) == ("The body.\n", 5)


@pytest.mark.parametrize(
    ("block", "published", "reported"),
    [
        ("publish: false\n", False, False),
        ("publish: true\n", True, False),
        ("publish: False\n", False, False),
        ("publish: TRUE\n", True, False),
        ("title: x\n", True, False),  # no publish property: published
        ("publish: [false]\n", False, True),  # the example
        ("publish: [true]\n", False, True),
        ('publish: "false"\n', False, True),
        ('publish: "true"\n', False, True),  # text, not a checkbox: fail closed
        ("publish: no\n", False, True),  # YAML 1.1's boolean, text for Obsidian
        ("publish: yes\n", False, True),
        ("publish: off\n", False, True),
        ("publish:\n", False, True),
        ("publish: 0\n", False, True),
        ("publish: {a: b}\n", False, True),
        ("Publish: false\n", False, True),  # not Obsidian's property, but it may mean it
        ("PUBLISH: true\n", True, True),
        ("publish: true\npublish: false\n", False, True),  # repeated: either may be meant
        ("publish: false\npublish: true\n", False, True),
        ("publish: !!bool false\n", False, False),
    ],
)
def test_publish_is_true_only_when_plainly_true(
    block: str, *, published: bool, reported: bool
) -> None:
    fm = read(block)
    assert fm.publish is published
    assert bool(fm.problems) is reported
    assert all(p.kind == "bad-property" for p in fm.problems)


def test_wrong_types_are_reported_at_their_line_and_ignored() -> None:
    fm = read(
        "title: [a, b]\n"
        "permalink: [x, y]\n"
        "aliases: {a: b}\n"
        "tags: [ok, [nested], 'two words', '#hash', '1984']\n"
        "cssclasses: [wide, '<b>', 3]\n"
        "description: {x: 1}\n"
        "hide: [toc, sidebar]\n"
    )
    assert (fm.title, fm.permalink, fm.aliases, fm.description) == (None, None, (), None)
    assert fm.tags == ("ok", "hash")
    assert fm.cssclasses == ("wide",)
    assert fm.hide == ("toc",)
    assert problems(fm) == [
        (2, 8, "bad-property"),  # title
        (3, 12, "bad-property"),  # permalink
        (4, 10, "bad-property"),  # aliases
        (5, 12, "bad-property"),  # [nested]
        (5, 22, "bad-property"),  # two words
        (5, 44, "bad-property"),  # 1984
        (6, 20, "bad-property"),  # <b>
        (6, 27, "bad-property"),  # 3
        (7, 14, "bad-property"),  # description
        (8, 13, "bad-property"),  # sidebar
    ]
    messages = " ".join(p.message for p in fm.problems)
    assert "'title' must be text, not a list" in messages
    assert "'permalink' must be text, not a list" in messages


@pytest.mark.parametrize(
    ("block", "title"),
    [
        ("title: no\n", "no"),  # YAML 1.1 would make it False
        ("title: 2024-01-01\n", "2024-01-01"),  # a date stays the text written
        ("title: 1e3\n", "1e3"),
        ("title: 'Quoted: yes'\n", "Quoted: yes"),
        ("title: '  '\n", None),
        ("title:\n", None),
        ("title: null\n", None),
    ],
)
def test_text_properties_are_taken_as_written(block: str, title: str | None) -> None:
    fm = read(block)
    assert fm.title == title
    assert not fm.problems


def test_list_properties_accept_a_single_text() -> None:
    fm = read("aliases: Swish\ntags: a, b c\ncssclasses: wide narrow\n")
    assert (fm.aliases, fm.tags, fm.cssclasses) == (("Swish",), ("a", "b", "c"), ("wide", "narrow"))


def test_every_property_is_kept_as_data_and_only_documented_ones_reach_the_theme() -> None:
    fm = read(
        "template: evil.html\n"
        "icon: trees\n"
        "status: new\n"
        "search: {exclude: true}\n"
        "subtitle: Sub\n"
        "author: Someone\n"
        "hide: [navigation]\n"
        "description: About\n"
        "tags: [a]\n"
        "title: T\n"
    )
    assert fm.properties["template"] == "evil.html"
    assert fm.properties["search"] == {"exclude": True}
    assert fm.theme_meta() == {"description": "About", "tags": ["a"], "hide": ["navigation"]}
    assert not fm.problems


def test_a_value_no_safe_constructor_builds_is_ignored_and_reported() -> None:
    fm = read("a: !!python/object:os.system x\npublish: false\n")
    assert fm.publish is False
    assert "a" not in fm.properties
    assert problems(fm) == [(2, 4, "bad-property")]
    assert "\n" not in fm.problems[0].message


def test_a_repeated_property_is_reported() -> None:
    fm = read("title: A\ntitle: B\n")
    assert fm.title == "A"
    assert problems(fm) == [(3, 1, "bad-property")]


def test_a_block_that_is_not_properties_is_reported_and_ignored() -> None:
    fm = read("- publish\n- false\n")
    assert fm.publish is True  # not properties Obsidian reads: nothing says publish: false
    assert problems(fm) == [(2, 1, "bad-frontmatter")]


def test_a_closing_fence_at_the_end_of_the_file_ends_the_block() -> None:
    split = split_frontmatter("---\npublish: false\n---")
    assert split.frontmatter.publish is False
    assert split.body == ""


def test_read_frontmatter_applies_the_same_rules_to_parsed_properties() -> None:
    fm = read_frontmatter({"aliases": "Swish", "cssclasses": ["wide"], "publish": [False]})
    assert (fm.aliases, fm.cssclasses, fm.publish) == (("Swish",), ("wide",), False)


def test_the_engine_reports_property_problems_and_withholds_unreadable_notes() -> None:
    notes = {
        "index.md": "[[Draft]] [[Listed]] [[Fine]]\n",
        "Draft.md": "---\ntitle: Draft: not ready\npublish: false\n---\nsecret\n",
        "Listed.md": "---\npublish: [false]\n---\nsecret\n",
        "Fine.md": "---\ntitle: [a, b]\n---\nfine\n",
    }
    engine = Engine.build(
        [SourceNote(SrcUri(uri), text) for uri, text in notes.items()],
        [],
        slugify,
        {uri: uri.removesuffix(".md") + "/" for uri in notes},
    )
    assert engine.unpublished() == ["Draft.md", "Listed.md"]
    found = [(d.src_uri, d.line, d.col, d.kind) for d in engine.diagnostics]
    assert ("Draft.md", 2, 13, "bad-frontmatter") in found
    assert ("Listed.md", 2, 10, "bad-property") in found
    assert ("Fine.md", 2, 8, "bad-property") in found
    assert engine.title_for("Fine.md") == "Fine"  # the wrong-typed title is ignored
    assert all(isinstance(d, Diagnostic) for d in engine.diagnostics)


@pytest.mark.parametrize(
    "text",
    [
        "---\npublish: false\n---secret\n",  # the closing fence runs into the text
        "---\npublish: false\n\nsecret\n",  # no closing fence at all
        "---\ntitle: Draft\npublish: false",  # the file ends inside the block
        "--- \npublish: false\nsecret\n",  # spaces after the opening fence
        "---\n# a comment\npublish: false\n--\nsecret\n",  # a comment first, a short fence
    ],
)
def test_a_block_never_closed_withholds_the_note_and_is_reported(text: str) -> None:
    split = split_frontmatter(text)
    assert split.frontmatter.publish is False
    assert split.frontmatter.readable is False
    assert [(p.line, p.col, p.kind) for p in split.frontmatter.problems] == [
        (1, 1, "bad-frontmatter")
    ]
    assert "never closed" in split.frontmatter.problems[0].message
    assert "withheld" in split.frontmatter.problems[0].message


def test_a_block_never_closed_without_publish_is_reported_and_shown_as_text() -> None:
    split = split_frontmatter("---\ntitle: Draft\ntags: [a]\n\nThe body.\n")
    assert split.frontmatter.publish is True  # nothing in the file can say publish: false
    assert (split.frontmatter.title, split.frontmatter.tags) == (None, ())
    assert [(p.line, p.kind) for p in split.frontmatter.problems] == [(1, "bad-frontmatter")]
    assert split.body == "---\ntitle: Draft\ntags: [a]\n\nThe body.\n"  # as Obsidian shows it


@pytest.mark.parametrize(
    "text",
    [
        "---\n\nA note that opens with a rule.\n",  # a thematic break, then a paragraph
        "---\nProse after a rule, with no property line\n",
        "---\n  indented: a code-like line, not a property\n",
        "----\npublish: false\n",  # four dashes: a rule, not a fence (as in Obsidian)
        "---\n---\n",  # an empty block, closed
    ],
)
def test_a_rule_at_the_top_is_not_an_unclosed_block(text: str) -> None:
    split = split_frontmatter(text)
    assert split.frontmatter.readable is True
    assert split.frontmatter.problems == ()
