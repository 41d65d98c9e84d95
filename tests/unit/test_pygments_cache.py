"""Pygments' style tables made once per style (nonlinear.site.pygments_cache): same output."""

from __future__ import annotations

from collections.abc import Iterator

import markdown
import pymdownx.highlight
import pytest
from pygments import highlight
from pygments.formatters.html import HtmlFormatter
from pygments.lexers import PythonLexer
from pygments.lexers import get_lexer_by_name as pygments_get_lexer_by_name
from pygments.util import ClassNotFound

from nonlinear.site import pygments_cache

CODE = 'def f(x: int) -> str:\n    """Doc."""\n    return f"{x!r}" + 0x1F  # note\n'
PAGE = f'Text.\n\n```python\n{CODE}```\n\n```python hl_lines="2" linenums="1"\n{CODE}```\n'
EXTENSIONS = ["pymdownx.highlight", "pymdownx.superfences", "pymdownx.inlinehilite"]


@pytest.fixture
def original() -> Iterator[None]:
    """Pygments as installed, put back whatever a test did."""
    HtmlFormatter._create_stylesheet = pygments_cache._ORIGINAL  # type: ignore[method-assign]
    pymdownx.highlight.get_lexer_by_name = pygments_get_lexer_by_name
    yield
    HtmlFormatter._create_stylesheet = pygments_cache._ORIGINAL  # type: ignore[method-assign]
    pymdownx.highlight.get_lexer_by_name = pygments_get_lexer_by_name
    pygments_cache._MADE.clear()
    pygments_cache._LEXERS.clear()


def _outputs() -> list[str]:
    out = [markdown.markdown(PAGE + "Inline `#!python x = 1`.\n", extensions=EXTENSIONS)]
    for style in ("default", "monokai", "friendly"):
        for prefix in ("", "p-"):
            for noclasses in (False, True):
                formatter = HtmlFormatter(style=style, classprefix=prefix, noclasses=noclasses)
                out.append(highlight(CODE, PythonLexer(), formatter))
                out.append(formatter.get_style_defs(".x"))
    return out


def test_shared_tables_write_the_same_html_and_css(original: None) -> None:
    before = _outputs()
    pygments_cache.share_stylesheets()
    assert pygments_cache.shared()
    first, again = _outputs(), _outputs()  # made, then reused
    assert first == before
    assert again == before
    # One entry per style and prefix (the naming method is the same for these formatters).
    assert {(style.__name__, prefix) for style, prefix, _ in pygments_cache._MADE} >= {
        ("DefaultStyle", ""),
        ("DefaultStyle", "p-"),
        ("MonokaiStyle", "p-"),
    }


def test_each_formatter_owns_its_tables(original: None) -> None:
    pygments_cache.share_stylesheets()
    one = HtmlFormatter(style="default")
    one.ttype2class.clear()
    one.class2style["zz-made-up"] = ("color: red", None, 0)
    two = HtmlFormatter(style="default")
    assert two.ttype2class
    assert "zz-made-up" not in two.class2style
    assert highlight(CODE, PythonLexer(), two) == highlight(
        CODE, PythonLexer(), HtmlFormatter(style="default")
    )


def test_a_subclass_naming_classes_its_own_way_gets_its_own_tables(original: None) -> None:
    class Upper(HtmlFormatter):
        def _get_css_class(self, ttype: object) -> str:
            return str(super()._get_css_class(ttype)).upper()

    expected = highlight(CODE, PythonLexer(), Upper())
    pygments_cache.share_stylesheets()
    HtmlFormatter()  # the base class's tables first
    assert highlight(CODE, PythonLexer(), Upper()) == expected
    assert 'class="K"' in expected


def test_lexers_found_by_name_are_new_lexers_of_the_same_class_with_the_options(
    original: None,
) -> None:
    for name in ("python", "PY3", "pycon", "text", "python"):
        mine = pygments_cache.get_lexer_by_name(name, stripnl=False)
        theirs = pygments_get_lexer_by_name(name, stripnl=False)
        assert type(mine) is type(theirs)
        assert mine.stripnl is theirs.stripnl is False
        assert mine is not pygments_cache.get_lexer_by_name(name, stripnl=False)
    for name in ("no-such-language", "no-such-language", ""):
        with pytest.raises(ClassNotFound, match="no lexer for alias"):
            pygments_cache.get_lexer_by_name(name)
    assert pygments_cache._LEXERS["no-such-language"] is None
