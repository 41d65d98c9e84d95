"""Obsidian's line breaks with a switch: nl2br's output for vault notes, CommonMark otherwise."""

from __future__ import annotations

import markdown
import pytest

from nonlinear.site.math import MathExtension
from nonlinear.vault.linebreaks import LineBreakExtension

SOURCES = [
    "one\ntwo",
    "- item one\n  goes on\n- item two",
    "> quoted\n> on two lines",
    "`code`\nafter code, *emphasis*\n[link](x.md)",
    "two trailing spaces  \nstill a hard break",
    "```\nfenced\ncode\n```",
    "$a$\n$b$",
    "| a | b |\n| - | - |\n| 1 | 2 |",
]


def render(source: str, *, active: bool) -> str:
    """Render with our switchable extension, the switch fixed to ``active``."""
    md = markdown.Markdown(
        extensions=[LineBreakExtension(lambda: active), MathExtension(), "fenced_code", "tables"]
    )
    return md.convert(source)


def render_stock(source: str, *, nl2br: bool) -> str:
    """Render with Python-Markdown's own nl2br, or without it."""
    extensions: list[object] = [MathExtension(), "fenced_code", "tables"]
    if nl2br:
        extensions.insert(0, "nl2br")
    return markdown.Markdown(extensions=extensions).convert(source)  # type: ignore[arg-type]


@pytest.mark.parametrize("source", SOURCES)
def test_on_it_renders_as_nl2br(source: str) -> None:
    assert render(source, active=True) == render_stock(source, nl2br=True)


@pytest.mark.parametrize("source", SOURCES)
def test_off_it_renders_as_commonmark(source: str) -> None:
    assert render(source, active=False) == render_stock(source, nl2br=False)


def test_the_switch_is_asked_at_render_time() -> None:
    switch = {"on": True}
    md = markdown.Markdown(extensions=[LineBreakExtension(lambda: switch["on"])])
    assert md.convert("a\nb") == "<p>a<br />\nb</p>"
    md.reset()
    switch["on"] = False
    assert md.convert("a\nb") == "<p>a\nb</p>"
    md.reset()
    # A hard break written in Markdown (two trailing spaces) stays, whatever the switch says.
    assert md.convert("a  \nb") == "<p>a<br />\nb</p>"
