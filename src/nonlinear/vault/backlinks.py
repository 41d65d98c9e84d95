"""Backlinks: for each note, the published notes that link to it, with a plain-text snippet.

Built once from the link records (reverse edges of the index), so a page's backlinks are one
dictionary lookup — never a scan of all notes per page.
"""

from __future__ import annotations

import re
from collections.abc import Iterable, Mapping, Sequence
from dataclasses import dataclass

from nonlinear.vault.index import VaultIndex
from nonlinear.vault.links import RE_WIKILINK, parse_inner
from nonlinear.vault.paths import SrcUri
from nonlinear.vault.report import LinkRecord

RE_MDLINK = re.compile(r"!?\[([^\]]*)\]\([^)]*\)")
RE_LINE_MARKUP = re.compile(
    r"^[ \t]*(?:>[ \t]?)*(?:#{1,6}[ \t]+|[-*+][ \t]+(?:\[.\][ \t]+)?|\d+[.)][ \t]+)?"
)
# Emphasis, strike, highlight, code; "_" only at word edges (x_y_z stays as is, as in Markdown).
RE_EMPHASIS = re.compile(r"(?:(\*{1,3}|~~|==|`+)|(?<!\w)(_{1,3}))(?=\S)(.+?)(?<=\S)(?:\1|\2)(?!\w)")
RE_TAGS = re.compile(r"<[^>]+>")
RE_SPACES = re.compile(r"\s+")
RE_PROPERTY_KEY = re.compile(r"^([^\s#:-][^:]*):")
SNIPPET_CHARS = 160


@dataclass(frozen=True, slots=True)
class Backlink:
    """A published note linking to another one."""

    source: SrcUri
    title: str
    snippet: str
    """Plain text of the line around the (first) link."""


def plain_text(line: str) -> str:
    """Reduce one Markdown line to plain text (links to their text, markup removed)."""
    text = RE_LINE_MARKUP.sub("", line, count=1)
    text = RE_WIKILINK.sub(lambda m: parse_inner(m.group("inner")).text, text)
    text = RE_MDLINK.sub(lambda m: m.group(1), text)
    text = RE_TAGS.sub("", text)
    for _ in range(2):
        text = RE_EMPHASIS.sub(lambda m: m.group(3), text)
    text = re.sub(r"(?:^|\s)\^[A-Za-z0-9_-]+\s*$", "", text)
    return RE_SPACES.sub(" ", text).strip()


def snippet(line: str, col: int, limit: int = SNIPPET_CHARS) -> str:
    """Plain text of *line*, cut to about *limit* characters around column *col*."""
    if len(line) > limit * 2:
        start = max(0, col - 1 - limit // 2)
        line = line[start : start + limit * 2]
        prefix = "… " if start else ""
    else:
        prefix = ""
    text = plain_text(line)
    if len(text) > limit:
        text = text[: limit - 1].rstrip() + "…"
    return prefix + text


def property_snippet(head: Sequence[str], line: int) -> str:
    """``key: value`` for a link in the properties: ``up: Parent``, ``related: C > Intro``.

    The key is on the link's line or, for a list item, on the nearest line above it.
    """
    text = head[line - 1]
    key_line = next((head[i] for i in range(line - 1, 0, -1) if RE_PROPERTY_KEY.match(head[i])), "")
    key = RE_PROPERTY_KEY.match(key_line)
    value = text.split(":", 1)[1] if text is key_line else text
    shown = plain_text(value.strip().removeprefix("- ")).replace('"', "").replace("'", "")
    return f"{key.group(1)}: {shown}" if key else shown


def build_backlinks(
    index: VaultIndex, records: Iterable[LinkRecord]
) -> Mapping[SrcUri, tuple[Backlink, ...]]:
    """Reverse the resolved links of published notes: target → backlinks sorted by title.

    A source appears once per target (its first link gives the snippet); self-links are left out.
    """
    found: dict[SrcUri, dict[SrcUri, Backlink]] = {}
    for record in records:
        target = record.target
        if target is None or target == record.source:
            continue  # notebooks and attachments get backlinks too (notebooks are pages)
        per_target = found.setdefault(target, {})
        if record.source in per_target:
            continue
        note = index.notes[record.source]
        line = record.link.line
        if line < note.body_line:
            text = property_snippet(note.head, line)
        else:
            lines = note.body_lines(line, line)
            text = snippet(lines[0], record.link.col) if lines else ""
        per_target[record.source] = Backlink(record.source, note.title, text)
    return {
        target: tuple(sorted(links.values(), key=lambda b: (b.title.casefold(), b.source)))
        for target, links in found.items()
    }
