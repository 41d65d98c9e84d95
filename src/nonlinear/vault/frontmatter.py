"""Frontmatter of a note: its properties, read once, validated, and never trusted.

The block is found as MkDocs finds it (a ``---`` line, YAML, a ``---`` or ``...`` line, then
leading blank lines dropped), with one difference: a closing ``---`` at the very end of the file
(no newline after it) also ends the block, as in Obsidian. MkDocs would render such a block,
``publish: false`` included, as text; the engine hands MkDocs its own reading instead
(``hooks/wikilinks.py`` replaces ``page.meta`` and the Markdown), so both always agree.

A vault is untrusted input, so the properties are read defensively:

* YAML that cannot be read (a syntax error such as ``title: Draft: not ready``, an unclosed
  bracket or quote, an undefined ``*alias``) is a ``bad-frontmatter`` problem at the line of
  the error. Nothing in the block can be trusted then, not even a ``publish: false`` it may
  hold, so the note is **withheld** (fail closed) until the block is fixed. Its body is never
  shown as text. So is a block opened and never closed (``---`` fused to the next line, or
  missing) when any line of the note could be its ``publish`` property; without one, such a
  block is reported and shown as text, as Obsidian shows it. (A single value no safe
  constructor builds, ``!!python/object``, is a ``bad-property`` of that key: the rest of the
  block was read.)
* Every property the engine or the theme acts on has a type (:data:`TEXT_PROPERTIES`,
  :data:`LIST_PROPERTIES`, ``publish``); a value of the wrong type is a ``bad-property``
  problem at its line and is ignored. A ``publish`` that is not plainly ``true``/``false``
  (``[false]``, ``"no"``, an empty value, a second ``publish`` key, ``Publish:``) withholds the
  note.
* Every other property is the vault's data: it is kept (:attr:`Frontmatter.properties`) but it
  acts on nothing, whatever its name (``template``, ``icon``, ``status``...). Only
  :meth:`Frontmatter.theme_meta` reaches the theme.

Scalars of text properties are taken as written (``title: no`` is ``"no"``, a date stays the
text ``2024-01-01``), as Obsidian reads YAML 1.2, not as PyYAML's YAML 1.1 types.
"""

from __future__ import annotations

import re
from collections.abc import Mapping
from dataclasses import dataclass, field
from typing import Any, Final, Literal

import yaml

from nonlinear.vault.tags import RE_TAG_NAME, is_tag_name

# libyaml's loader when PyYAML was built with it (several times faster), else the pure one.
_LOADER: type[yaml.SafeLoader] = getattr(yaml, "CSafeLoader", yaml.SafeLoader)

# MkDocs' YAML_RE, plus what Obsidian also reads as properties: an empty block ("---" twice)
# and a closing fence at the very end of the file.
RE_FRONTMATTER = re.compile(r"^-{3}[ \t]*\n(.*?\n)?(?:\.{3}|-{3})[ \t]*(?:\n|\Z)", re.DOTALL)
# An opening fence that no closing fence matched: what follows is the note's text (as in
# Obsidian), unless it looks like properties someone forgot to close.
RE_OPENING_FENCE = re.compile(r"-{3}[ \t]*\n")
# A "name: value" line (a property, as written at the top of a block).
RE_PROPERTY_LINE = re.compile(r"[A-Za-z_][\w .-]*:(?:[ \t]|$)")
# A publish property anywhere in the file, any letter case.
RE_PUBLISH_LINE = re.compile(r"^[ \t]*publish[ \t]*:", re.IGNORECASE | re.MULTILINE)

PropertyKind = Literal["bad-frontmatter", "bad-property"]

TEXT_PROPERTIES: Final = ("title", "description", "permalink")
"""Properties read as one piece of text."""
LIST_PROPERTIES: Final = ("aliases", "tags", "cssclasses", "cssclass", "hide")
"""Properties read as a list of text (a single text is a one-item list)."""
KNOWN_PROPERTIES: Final = frozenset({"publish", *TEXT_PROPERTIES, *LIST_PROPERTIES})

HIDE_VALUES: Final = ("navigation", "toc", "footer", "path", "tags", "feedback")
"""What ``hide:`` may hide (Material's page-level switches)."""

# A CSS class name (what cssclasses may hold).
RE_CSS_CLASS: Final = re.compile(r"-?[_a-zA-Z][_a-zA-Z0-9-]*")

_NULL_TAG: Final = "tag:yaml.org,2002:null"
_BOOL_TAG: Final = "tag:yaml.org,2002:bool"
_YAML12_BOOLEANS: Final = {
    "true": True,
    "True": True,
    "TRUE": True,
    "false": False,
    "False": False,
    "FALSE": False,
}


@dataclass(frozen=True, slots=True, order=True)
class PropertyProblem:
    """A problem of a note's frontmatter, at its file line and column."""

    line: int
    col: int
    kind: PropertyKind
    message: str


@dataclass(frozen=True, slots=True)
class Frontmatter:
    """The properties of a note: what the engine acts on, validated, and the rest as data."""

    title: str | None = None
    """``title``: the page title instead of the file name."""
    aliases: tuple[str, ...] = ()
    """``aliases``: other names a bare ``[[alias]]`` may use; old URLs kept as redirects."""
    cssclasses: tuple[str, ...] = ()
    """``cssclasses`` (and the older ``cssclass``): classes for the page, valid CSS names only."""
    tags: tuple[str, ...] = ()
    """``tags``: valid Obsidian tag names, without ``#``."""
    description: str | None = None
    """``description`` (Obsidian Publish): the page's meta description."""
    hide: tuple[str, ...] = ()
    """``hide``: parts of the page the theme leaves out (:data:`HIDE_VALUES`)."""
    publish: bool = True
    """``false`` (or anything but a plain ``true``/``false``) keeps the note out of the site."""
    permalink: str | None = None
    """``permalink`` (Obsidian Publish): the site path to serve the note at."""
    properties: Mapping[str, Any] = field(default_factory=dict)
    """Every property that could be read, as YAML gives it: the vault's data, acting on nothing."""
    problems: tuple[PropertyProblem, ...] = ()
    """What could not be read, at its file line."""
    readable: bool = True
    """Whether the YAML block could be read at all (when not, the note is withheld)."""
    publish_readable: bool = True
    """Whether every ``publish`` property was a plain checkbox (when not, the note is withheld)."""

    def theme_meta(self) -> dict[str, Any]:
        """The page metadata handed to MkDocs and the theme: the documented keys, validated.

        ``title`` is not among them (the hook sets ``page.title``, escaped); every other
        property stays data, so ``template:``, ``icon:``, ``status:`` or ``search:`` in a note
        change nothing.
        """
        meta: dict[str, Any] = {}
        if self.description is not None:
            meta["description"] = self.description
        if self.tags:
            meta["tags"] = list(self.tags)
        if self.hide:
            meta["hide"] = list(self.hide)
        if self.aliases:
            meta["aliases"] = list(self.aliases)
        if self.cssclasses:
            meta["cssclasses"] = list(self.cssclasses)
        return meta


@dataclass(frozen=True, slots=True)
class SplitNote:
    """A note's text cut into its frontmatter and its body."""

    meta: Mapping[str, Any]
    """The properties that could be read (empty without frontmatter)."""
    body: str
    """The Markdown to render (the frontmatter block and the blank lines after it removed)."""
    body_line: int
    """1-based line number in the file of the body's first line."""
    frontmatter: Frontmatter = field(default_factory=Frontmatter)
    """The validated properties."""


def split_frontmatter(text: str) -> SplitNote:
    """Split a note into its frontmatter and body, and read the properties.

    Args:
        text: The whole file.

    Returns:
        The properties (validated), the body, and where it starts. Never raises on content.
    """
    match = RE_FRONTMATTER.match(text)
    if match is None:
        return SplitNote({}, text, 1, _unclosed(text))
    rest = text[match.end() :]
    body = rest.lstrip("\n")
    body_line = text[: len(text) - len(body)].count("\n") + 1
    if not match.end() or text[match.end() - 1] != "\n":
        body_line = text.count("\n") + 2  # the fence ended the file: an empty body after it
    frontmatter = read_yaml(match.group(1) or "")
    return SplitNote(frontmatter.properties, body, body_line, frontmatter)


def _unclosed(text: str) -> Frontmatter:
    """What a note without a frontmatter block says, when it opens one it never closes.

    Obsidian shows such a block as text, and so does the site; but it is reported when it looks
    like properties (its first line is ``name: value``), and the note is withheld (fail closed)
    when any line of it could be a ``publish`` property: ``---`` fused to the next text, a
    fence of two dashes, or a missing one must not publish a note that says
    ``publish: false``.
    """
    if RE_OPENING_FENCE.match(text) is None:
        return Frontmatter()
    after = text.partition("\n")[2]
    first = next((line for line in after.split("\n") if line.strip()), "")
    publish = RE_PUBLISH_LINE.search(after) is not None
    if not publish and RE_PROPERTY_LINE.match(first) is None:
        return Frontmatter()  # a thematic break at the top of the note
    message = "the properties opened on this line are never closed (a line '---' must end them)"
    if not publish:
        return Frontmatter(
            problems=(
                PropertyProblem(
                    1, 1, "bad-frontmatter", message + "; they are shown as the note's text"
                ),
            )
        )
    return Frontmatter(
        publish=False,
        readable=False,
        publish_readable=False,
        problems=(
            PropertyProblem(
                1,
                1,
                "bad-frontmatter",
                message + "; the note is withheld from the site until they are, since they "
                "may say 'publish: false'",
            ),
        ),
    )


def _where(mark: yaml.Mark | None) -> tuple[int, int]:
    """File line and column of a position in the YAML (which starts on the file's line 2)."""
    if mark is None:
        return 2, 1
    return mark.line + 2, mark.column + 1


def _yaml_error(error: Exception, source: str) -> tuple[int, int, str]:
    """File line, column and a one-line description of a YAML syntax error.

    PyYAML marks where it noticed the problem. For a bracket or quote left open that is the
    end of the block; the line where the unclosed construct began is the one to fix then.
    """
    problem_mark = getattr(error, "problem_mark", None)
    context_mark = getattr(error, "context_mark", None)
    problem = str(getattr(error, "problem", None) or str(error).split("\n", 1)[0])
    context = getattr(error, "context", None)
    at = problem_mark
    if context and context_mark is not None:
        problem = f"{problem} {context} begun on line {_where(context_mark)[0]}"
        if problem_mark is None or problem_mark.index >= len(source.rstrip()):
            at = context_mark  # ran off the end: point at what was left open
    line, col = _where(at)
    return line, col, problem


def _kind_of(node: yaml.Node) -> str:
    if isinstance(node, yaml.SequenceNode):
        return "a list"
    if isinstance(node, yaml.MappingNode):
        return "a set of nested properties"
    return "a value"


def read_yaml(source: str) -> Frontmatter:
    """Read a frontmatter block's YAML (the text between the fences) into validated properties.

    Args:
        source: The YAML text; its first line is line 2 of the file.

    Returns:
        The properties; problems carry file lines. Never raises on content.
    """
    loader = _LOADER(source)
    try:
        try:
            node = loader.get_single_node()
            if isinstance(node, yaml.MappingNode):
                loader.flatten_mapping(node)  # "<<: *base" merge keys, as PyYAML's mappings do
        except Exception as error:  # any failure of the parser is content
            line, col, problem = _yaml_error(error, source)
            return Frontmatter(
                publish=False,
                readable=False,
                publish_readable=False,
                problems=(
                    PropertyProblem(
                        line,
                        col,
                        "bad-frontmatter",
                        f"the properties cannot be read ({problem}); the note is withheld "
                        "from the site until they can, since they may say 'publish: false' "
                        "(a value holding ': ' or starting with a special character needs "
                        'quotes: title: "Draft: not ready")',
                    ),
                ),
            )
        if node is None:
            return Frontmatter()  # an empty block: no properties
        if not isinstance(node, yaml.MappingNode):
            line, col = _where(node.start_mark)
            return Frontmatter(
                problems=(
                    PropertyProblem(
                        line,
                        col,
                        "bad-frontmatter",
                        f"the properties must be 'name: value' lines, not {_kind_of(node)}; "
                        "they are ignored",
                    ),
                ),
            )
        return _read_mapping(loader, node)
    finally:
        loader.dispose()


def _read_mapping(loader: yaml.SafeLoader, node: yaml.MappingNode) -> Frontmatter:  # noqa: PLR0915
    problems: list[PropertyProblem] = []
    properties: dict[str, Any] = {}
    values: dict[str, yaml.Node] = {}
    seen: dict[str, int] = {}
    publish = True
    publish_readable = True

    def report(at: yaml.Node, message: str) -> None:
        line, col = _where(at.start_mark)
        problems.append(PropertyProblem(line, col, "bad-property", message))

    for key_node, value_node in node.value:
        if not isinstance(key_node, yaml.ScalarNode) or key_node.tag == _NULL_TAG:
            report(key_node, "a property name must be text; this property is ignored")
            continue
        key = key_node.value
        publish_like = key.strip().casefold() == "publish"
        if key in seen:
            report(
                key_node,
                f"'{key}' is set twice (first on line {seen[key]}); Obsidian refuses a repeated "
                "property, so remove one",
            )
            if not publish_like:
                continue
        seen.setdefault(key, _where(key_node.start_mark)[0])
        if publish_like:
            value = _checkbox(value_node)
            if key != "publish":
                report(
                    key_node,
                    f"'{key}' is not a property; did you mean 'publish'? "
                    + ("" if value is True else "The note is withheld until it is fixed"),
                )
            elif value is None:
                report(
                    value_node,
                    f"'publish' must be true or false, not {_describe(value_node)}; the note is "
                    "withheld until it is (write publish: false or publish: true)",
                )
            publish = publish and value is True
            publish_readable = publish_readable and value is not None
        elif key in TEXT_PROPERTIES:
            if _text(value_node) is not None:
                values[key] = value_node
            elif not _is_null(value_node):
                report(
                    value_node,
                    f"'{key}' must be text, not {_describe(value_node)}; it is ignored",
                )
        elif key in LIST_PROPERTIES:
            values[key] = value_node
        try:
            properties[key] = loader.construct_object(value_node, deep=True)
        except Exception as error:  # a value no constructor accepts is content
            problem = getattr(error, "problem", None) or str(error).split("\n", 1)[0]
            report(value_node, f"'{key}' cannot be read ({problem}); it is ignored")

    def text(key: str) -> str | None:
        found = values.get(key)
        value = _text(found) if found is not None else None
        return value if value and value.strip() else None

    def items(key: str, *, split: bool = False) -> list[tuple[str, yaml.Node]]:
        found = values.get(key)
        if found is None or _is_null(found):
            return []
        if isinstance(found, yaml.ScalarNode):
            parts = re.split(r"[,\s]+", found.value) if split else [found.value]
            return [(p, found) for p in parts if p.strip()]
        if isinstance(found, yaml.MappingNode):
            report(found, f"'{key}' must be a list, not {_describe(found)}; it is ignored")
            return []
        out: list[tuple[str, yaml.Node]] = []
        for item in found.value:
            if isinstance(item, yaml.ScalarNode):
                if not _is_null(item) and item.value.strip():
                    out.append((item.value, item))
            else:
                report(item, f"an item of '{key}' must be text, not {_describe(item)}; left out")
        return out

    aliases = [a.strip() for a, _ in items("aliases")]
    tags: list[str] = []
    for raw, at in items("tags", split=True):
        name = raw.strip().lstrip("#")
        if RE_TAG_NAME.fullmatch(name) and is_tag_name(name):
            tags.append(name)
        elif name:
            report(
                at,
                f"'{raw.strip()}' in 'tags' is not a tag (letters, digits, '_', '-', '/' and no "
                "spaces or other punctuation, not only digits); it is left out",
            )
    classes: list[str] = []
    for key in ("cssclasses", "cssclass"):
        for raw, at in items(key, split=True):
            if RE_CSS_CLASS.fullmatch(raw.strip()):
                classes.append(raw.strip())
            else:
                report(at, f"'{raw.strip()}' in '{key}' is not a CSS class name; it is left out")
    hide: list[str] = []
    for raw, at in items("hide"):
        if raw.strip() in HIDE_VALUES:
            hide.append(raw.strip())
        else:
            report(
                at,
                f"'{raw.strip()}' in 'hide' is not one of {', '.join(HIDE_VALUES)}; it is left out",
            )
    return Frontmatter(
        title=text("title"),
        aliases=tuple(dict.fromkeys(a for a in aliases if a)),
        cssclasses=tuple(dict.fromkeys(classes)),
        tags=tuple(dict.fromkeys(tags)),
        description=text("description"),
        hide=tuple(dict.fromkeys(hide)),
        publish=publish,
        publish_readable=publish_readable,
        permalink=text("permalink"),
        properties=properties,
        problems=tuple(sorted(problems)),
    )


def _is_null(node: yaml.Node) -> bool:
    return isinstance(node, yaml.ScalarNode) and node.tag == _NULL_TAG


def _text(node: yaml.Node) -> str | None:
    """The text of a scalar as written (``None`` for lists, mappings and empty values)."""
    if not isinstance(node, yaml.ScalarNode) or _is_null(node):
        return None
    return str(node.value)


def _checkbox(node: yaml.Node) -> bool | None:
    """A checkbox as Obsidian writes it: plain ``true`` or ``false`` (YAML 1.2's booleans, any of
    its three casings); ``None`` for anything else, ``yes``/``no``/``on``/``off`` included (YAML
    1.1 booleans, which Obsidian reads as text)."""
    if isinstance(node, yaml.ScalarNode) and node.tag == _BOOL_TAG and not node.style:
        return _YAML12_BOOLEANS.get(node.value)
    return None


def _describe(node: yaml.Node) -> str:
    if isinstance(node, yaml.ScalarNode):
        if _is_null(node):
            return "an empty value"
        shown = node.value if len(node.value) <= 40 else node.value[:40] + "…"
        return f"the text {shown!r}" if node.style or node.tag.endswith(":str") else repr(shown)
    return _kind_of(node)


def read_frontmatter(meta: Mapping[str, Any]) -> Frontmatter:
    """Read already-parsed properties (e.g. from a test or another reader) with the same rules.

    Args:
        meta: A mapping as YAML gives it.

    Returns:
        The validated properties (problems have line 2: no positions are known); no
        properties at all if *meta* holds values YAML cannot write.
    """
    try:
        source = yaml.safe_dump(dict(meta), allow_unicode=True, sort_keys=False)
    except yaml.YAMLError:
        return Frontmatter()
    return read_yaml(source)
