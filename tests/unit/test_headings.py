"""nonlinear.site.headings: the title becomes the first heading of a note without one."""

from __future__ import annotations

import pytest

from nonlinear.site.headings import title_heading


@pytest.mark.parametrize(
    ("content", "title", "expected"),
    [
        ("<p>x</p>", "ReLU", "<h1>ReLU</h1>\n<p>x</p>"),
        ("<p>x</p>", "A <b> & C", "<h1>A &lt;b&gt; &amp; C</h1>\n<p>x</p>"),
        ('<h1 id="t">Own</h1><p>x</p>', "ReLU", '<h1 id="t">Own</h1><p>x</p>'),
        ("<H1>Own</H1>", "ReLU", "<H1>Own</H1>"),
        ("<header>h</header><h2>s</h2>", "T", "<h1>T</h1>\n<header>h</header><h2>s</h2>"),
        ("", "Empty", "<h1>Empty</h1>\n"),
    ],
)
def test_title_heading(content: str, title: str, expected: str) -> None:
    assert title_heading(content, title) == expected
