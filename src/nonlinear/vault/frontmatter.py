"""Frontmatter of a note: the YAML block MkDocs strips, read the way MkDocs reads it.

The split mirrors ``mkdocs.utils.meta.get_data`` (a ``---`` line, YAML, a ``---`` or ``...``
line, then leading blank lines dropped) so that line numbers in the index match the file and
the body we index is the very text MkDocs hands to ``on_page_markdown``.
"""

from __future__ import annotations

import re
from collections.abc import Mapping
from dataclasses import dataclass
from typing import Any

import yaml

# Same shape as MkDocs' YAML_RE: opening fence, the YAML (group 1), closing fence.
# libyaml's loader when PyYAML was built with it (several times faster), else the pure one.
_LOADER: type[yaml.SafeLoader] = getattr(yaml, "CSafeLoader", yaml.SafeLoader)

RE_FRONTMATTER = re.compile(r"^-{3}[ \t]*\n(.*?\n)(?:\.{3}|-{3})[ \t]*\n", re.DOTALL)


@dataclass(frozen=True, slots=True)
class Frontmatter:
    """The properties of a note the engine uses."""

    title: str | None = None
    """Frontmatter ``title``: the page title instead of the file name."""
    aliases: tuple[str, ...] = ()
    """Frontmatter ``aliases``: other names a bare ``[[alias]]`` may use."""
    cssclasses: tuple[str, ...] = ()
    """Frontmatter ``cssclasses``: classes for the page body."""
    publish: bool = True
    """Frontmatter ``publish``; ``false`` keeps the note out of the site entirely."""
    permalink: str | None = None
    """Frontmatter ``permalink`` (Obsidian Publish): the site path to serve the note at."""
    error: str | None = None
    """Why the YAML could not be read, if it could not (the note is then read as having none)."""


@dataclass(frozen=True, slots=True)
class SplitNote:
    """A note's text cut into its frontmatter and its body."""

    meta: Mapping[str, Any]
    """The parsed YAML mapping (empty without frontmatter)."""
    body: str
    """The Markdown MkDocs renders (frontmatter and the blank lines after it removed)."""
    body_line: int
    """1-based line number in the file of the body's first line."""


def split_frontmatter(text: str) -> SplitNote:
    """Split a note into its YAML frontmatter and body, as MkDocs does.

    Args:
        text: The whole file.

    Returns:
        The parsed mapping (empty if absent or not a mapping), the body, and where it starts.
    """
    match = RE_FRONTMATTER.match(text)
    if match is None:
        return SplitNote({}, text, 1)
    try:
        data = yaml.load(match.group(1), Loader=_LOADER)  # a safe loader
    except yaml.YAMLError:
        # MkDocs keeps the text as is when the YAML is invalid; so do we.
        return SplitNote({"__error__": "invalid YAML"}, text, 1)
    if not isinstance(data, dict):
        return SplitNote({}, text, 1)
    rest = text[match.end() :]
    body = rest.lstrip("\n")
    skipped = text[: len(text) - len(body)].count("\n")
    return SplitNote(data, body, skipped + 1)


def _strings(value: object) -> tuple[str, ...]:
    if value is None:
        return ()
    if isinstance(value, str):
        return (value,) if value.strip() else ()
    if isinstance(value, list | tuple):
        return tuple(str(v) for v in value if v is not None and str(v).strip())
    return (str(value),)


def read_frontmatter(meta: Mapping[str, Any]) -> Frontmatter:
    """Read the engine's properties from a parsed frontmatter mapping.

    Obsidian's list properties accept a single string too, so ``aliases: Swish`` is a one-item list.
    ``publish`` is false only for an explicit ``false`` (or ``"false"``/``"no"``).
    """
    if "__error__" in meta:
        return Frontmatter(error=str(meta["__error__"]))
    title = meta.get("title")
    publish_raw = meta.get("publish", True)
    publish = not (
        publish_raw is False
        or (isinstance(publish_raw, str) and publish_raw.strip().lower() in {"false", "no"})
    )
    return Frontmatter(
        title=str(title) if title is not None and str(title).strip() else None,
        aliases=_strings(meta.get("aliases")),
        cssclasses=_strings(meta.get("cssclasses")),
        publish=publish,
        permalink=str(permalink) if (permalink := meta.get("permalink")) is not None else None,
    )
