"""One converter per build, reset between pages (nonlinear.site.markdown_pool): same HTML."""

from __future__ import annotations

from collections.abc import Iterator

import markdown
import mkdocs.structure.pages
import pytest
from markdown.extensions import Extension
from markdown.preprocessors import Preprocessor

from nonlinear.site import markdown_pool
from nonlinear.site.markdown_pool import MarkdownPool
from nonlinear.site.math import MathExtension
from nonlinear.vault.callouts import CalloutExtension

EXTENSIONS: list[object] = [
    "toc",
    "admonition",
    "attr_list",
    "md_in_html",
    "footnotes",
    "tables",
    "def_list",
    "pymdownx.details",
    "pymdownx.superfences",
    "pymdownx.highlight",
    "pymdownx.inlinehilite",
    "pymdownx.tasklist",
]
CONFIGS = {"toc": {"permalink": True}, "pymdownx.tasklist": {"custom_checkbox": True}}

# Each document leaves state a reused converter must forget: footnotes, heading ids (a second
# "One" would become "one_1"), stashed HTML and code, references, abbreviations of a sort.
DOCUMENTS = [
    "# One\n\nText[^a] and [ref][r].\n\n[^a]: A footnote.\n[r]: https://example.org\n\n"
    '<div markdown="1">*inside*</div>\n\n```python\nx = 1\n```\n',
    "# One\n\nNo notes, [ref][r] undefined here.\n\n- [x] done\n- [ ] not\n\n"
    "Term\n:   Definition\n\n!!! note\n    Admonition.\n",
    "# Two {: #custom }\n\nA `#!python y = 2` span.\n\n??? tip\n    Details.\n\n"
    "| a | b |\n| - | - |\n| 1 | 2 |\n",
    "# One\n\nAgain[^b].\n\n[^b]: Another.\n\n> [!note] Callout\n> body $x^2$\n",
    "",
]


def _extensions() -> list[object]:
    return [*EXTENSIONS, CalloutExtension(), MathExtension()]


def test_a_reused_converter_writes_what_a_new_one_writes() -> None:
    extensions = _extensions()
    fresh = [
        (md.convert(doc), md.toc_tokens)  # type: ignore[attr-defined]
        for doc in DOCUMENTS * 2
        for md in [markdown.Markdown(extensions=extensions, extension_configs=CONFIGS)]
    ]
    pool = MarkdownPool()
    pooled = []
    for doc in DOCUMENTS * 2:
        md = pool.get(extensions=extensions, extension_configs=CONFIGS)
        pooled.append((md.convert(doc), md.toc_tokens))  # type: ignore[attr-defined]
    assert pooled == fresh
    assert pool.made == 1, "every page after the first reused the converter"
    assert "footnote" in fresh[0][0]
    assert "footnote" not in fresh[1][0]  # the documents test what they mean to
    assert fresh[1][1][0]["id"] == "one"  # not "one_1": no id is left from the first page


def test_a_converter_in_use_is_not_handed_out_again() -> None:
    pool = MarkdownPool()
    extensions = _extensions()
    first = pool.get(extensions=extensions, extension_configs=CONFIGS)
    nested = pool.get(extensions=extensions, extension_configs=CONFIGS)  # before first converts
    assert nested is not first
    nested.convert("inner")
    first.convert("outer")
    again = {id(pool.get(extensions=extensions, extension_configs=CONFIGS)) for _ in range(2)}
    assert again <= {id(first), id(nested)}
    assert pool.made == 2


class _Boom(Extension):
    """Raises on a document that holds BOOM (a conversion that fails half-way)."""

    def extendMarkdown(self, md: markdown.Markdown) -> None:
        md.preprocessors.register(_BoomLines(md), "boom", 100)


class _BoomLines(Preprocessor):
    def run(self, lines: list[str]) -> list[str]:
        if "BOOM" in lines:
            raise ValueError("boom")
        return lines


class _CatchAll(Extension):
    """Wraps ``md.convert`` like nonlinear.vault.markdown_ext: an error becomes a text."""

    def extendMarkdown(self, md: markdown.Markdown) -> None:
        convert = md.convert

        def caught(source: str) -> str:
            try:
                return convert(source)
            except ValueError:
                md.reset()
                return "caught"

        md.convert = caught  # type: ignore[method-assign]


def test_a_converter_whose_conversion_failed_is_never_reused() -> None:
    pool = MarkdownPool()
    extensions = ["footnotes", _Boom()]
    md = pool.get(extensions=extensions, extension_configs={})
    with pytest.raises(ValueError, match="boom"):
        md.convert("Text[^x].\n\n[^x]: Note.\n\nBOOM\n")
    again = pool.get(extensions=extensions, extension_configs={})
    assert again is not md
    assert again.convert("Plain.\n") == "<p>Plain.</p>"
    assert pool.get(extensions=extensions, extension_configs={}) is again


def test_a_failure_caught_by_a_wrapper_still_keeps_the_converter_out() -> None:
    """As nonlinear.vault.markdown_ext shows a note nested too deep as text: the wrapper made
    in extendMarkdown catches the error, the converter is left out all the same."""
    pool = MarkdownPool()
    extensions = [_Boom(), _CatchAll()]
    md = pool.get(extensions=extensions, extension_configs={})
    assert md.convert("BOOM") == "caught"
    assert pool.get(extensions=extensions, extension_configs={}) is not md


def test_converting_twice_frees_the_converter_once() -> None:
    pool = MarkdownPool()
    toc = ["toc"]
    md = pool.get(extensions=toc, extension_configs={})
    md.convert("a")
    md.convert("b")
    first = pool.get(extensions=toc, extension_configs={})
    second = pool.get(extensions=toc, extension_configs={})
    assert first is md
    assert second is not md


def test_different_extensions_or_settings_get_different_converters() -> None:
    pool = MarkdownPool()
    one, two = ["toc"], ["toc"]
    configs: dict[str, dict[str, object]] = {"toc": {"permalink": True}}
    a = pool.get(extensions=one, extension_configs=configs)
    a.convert("# A")
    b = pool.get(extensions=two, extension_configs=configs)
    b.convert("# B")
    c = pool.get(extensions=one, extension_configs={"toc": {"permalink": False}})
    c.convert("# C")
    assert len({id(a), id(b), id(c)}) == 3
    assert "headerlink" in a.convert("# A")
    assert "headerlink" not in c.convert("# C")
    # No settings at all: MkDocs passes a new empty dict for every page, still one converter.
    e = pool.get(extensions=two, extension_configs={})
    e.convert("# E")
    assert pool.get(extensions=two, extension_configs={}) is e
    one.append("tables")  # a list changed during the build gets a new converter
    d = pool.get(extensions=one, extension_configs=configs)
    assert d is not a
    assert "table" in d.parser.blockprocessors
    assert "table" not in a.parser.blockprocessors


def test_calls_other_than_mkdocs_are_not_pooled() -> None:
    pool = MarkdownPool()
    a = pool.get(extensions=["toc"], output_format="html")
    a.convert("x")
    b = pool.get(extensions=["toc"], output_format="html")
    assert a is not b
    assert pool.made == 0


@pytest.fixture
def restored() -> Iterator[None]:
    yield
    markdown_pool.uninstall()


def test_install_routes_mkdocs_pages_through_the_pool(restored: None) -> None:
    pool = MarkdownPool()
    markdown_pool.install(pool)
    module = mkdocs.structure.pages.markdown
    assert module.Markdown == pool.get
    assert module.treeprocessors is markdown.treeprocessors  # the rest is the module's own
    markdown_pool.uninstall()
    assert mkdocs.structure.pages.markdown is markdown
