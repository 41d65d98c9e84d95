"""Diagnostics: content problems as ``path:line:col: kind: message`` values, and their levels.

The library returns :class:`Diagnostic` values; the hook logs them at the level configured under
``extra: nonlinear: validation:`` in mkdocs.yml (``warn`` fails ``mkdocs build --strict``).
"""

from __future__ import annotations

import re
from collections import Counter
from collections.abc import Iterable, Mapping
from dataclasses import dataclass
from typing import Generic, Literal, TypeVar, get_args

Kind = Literal[
    "unresolved-link",
    "ambiguous-link",
    "missing-heading",
    "missing-block",
    "missing-embed",
    "embed-cycle",
    "alias-link",
    "bad-permalink",
    "bad-frontmatter",
    "bad-property",
    "unsafe-url",
    "unsafe-attribute",
    "unsafe-html",
    # Reported by hooks/notebooks.py (nonlinear.notebooks.vault_outputs): a vault copy of a
    # notebook's output is missing or stale. Listed here so that its level has one home.
    "stale-output",
    "symlink",
    "encoding",
    "home-page",
    "bad-alias",
    "url-collision",
    "bad-notebook",
    # A note nested past Python's recursion limit, shown as text (nonlinear.vault.markdown_ext).
    "too-deep",
    # A CITATION.cff that cannot be read (hooks/citing.py): the site has no citation data.
    "bad-citation",
]
Level = Literal["warn", "info", "ignore"]

KINDS: tuple[Kind, ...] = get_args(Kind)
LEVELS: tuple[Level, ...] = get_args(Level)
DEFAULT_LEVELS: Mapping[Kind, Level] = {
    "unresolved-link": "warn",
    "ambiguous-link": "warn",
    "missing-heading": "warn",
    "missing-block": "warn",
    "missing-embed": "warn",
    "embed-cycle": "warn",
    "alias-link": "info",
    "bad-permalink": "warn",
    "bad-frontmatter": "warn",
    "bad-property": "warn",
    "unsafe-url": "warn",
    "unsafe-attribute": "warn",
    "unsafe-html": "warn",
    "stale-output": "warn",
    "symlink": "warn",
    "encoding": "warn",
    "home-page": "warn",
    "bad-alias": "warn",
    "url-collision": "warn",
    "bad-notebook": "warn",
    "too-deep": "warn",
    "bad-citation": "warn",
}


KindT = TypeVar("KindT", bound=str)


@dataclass(frozen=True, slots=True, order=True)
class Located(Generic[KindT]):
    """One problem in a file, located for an editor to jump to.

    Every part of the library reports problems with this one type, printed
    ``path:line:col: kind: message``; each part has its own ``Literal`` of kinds
    (:data:`Diagnostic` for the engine's link kinds, ``LintDiagnostic`` for the content lint,
    ``OfmDiagnostic`` for the Obsidian syntax features).
    """

    src_uri: str
    """POSIX path relative to the vault root (``docs_dir``), e.g. ``Activations/ReLU.md``."""
    line: int
    """1-based line in the file (frontmatter included)."""
    col: int
    """1-based column, counted in characters."""
    kind: KindT
    """Short machine-readable name of the problem, e.g. ``unresolved-link``."""
    message: str
    """What is wrong and the way out."""

    def __str__(self) -> str:
        return f"{self.src_uri}:{self.line}:{self.col}: {self.kind}: {self.message}"


class Diagnostic(Located[Kind]):
    """A problem of the vault engine: its kinds have levels under ``extra.nonlinear.validation``."""

    # A subclass, not the alias Located[Kind]: calling a subscripted frozen slotted dataclass
    # makes typing set __orig_class__ on the instance, which such a class cannot take.
    __slots__ = ()


def parse_levels(settings: object, where: str = "extra.nonlinear.validation") -> dict[Kind, Level]:
    """Validate the per-kind levels from the configuration.

    Args:
        settings: The mapping under *where* (``None`` means all defaults).
        where: The setting's path, for error messages.

    Returns:
        A level for every kind, defaults filled in.

    Raises:
        ValueError: naming the bad setting and the accepted values.
    """
    levels: dict[Kind, Level] = dict(DEFAULT_LEVELS)
    if settings is None:
        return levels
    if not isinstance(settings, Mapping):
        raise ValueError(f"{where} must be a mapping of kind: level, got {settings!r}")
    for key, value in settings.items():
        if key not in KINDS:
            raise ValueError(
                f"{where}.{key}: unknown diagnostic kind; known kinds: {', '.join(KINDS)}"
            )
        if value not in LEVELS:
            raise ValueError(
                f"{where}.{key}: {value!r} is not a level; use one of: {', '.join(LEVELS)}"
            )
        levels[key] = value
    return levels


# "path:line:col: kind: message", the shape of every problem the build reports.
RE_LOCATED = re.compile(r"^(?P<path>.+?):(?P<line>\d+):(?P<col>\d+): (?P<kind>[a-z][a-z0-9-]*): ")


def problem_kind(message: str, *, default: str = "mkdocs") -> str:
    """The kind of a reported problem: the ``kind`` of ``path:line:col: kind: message``.

    Args:
        message: The message as logged (without a logger prefix).
        default: The kind of a message in another shape (MkDocs' own warnings).
    """
    match = RE_LOCATED.match(message)
    return match.group("kind") if match else default


def problems_summary(kinds: Iterable[str]) -> str:
    """One line counting the problems of a build by kind, most frequent first.

    >>> problems_summary(["unresolved-link", "symlink", "unresolved-link"])
    '3 problems: 2 unresolved-link, 1 symlink'
    """
    counts = Counter(kinds)
    total = sum(counts.values())
    if not total:
        return "no problems"
    ranked = sorted(counts.items(), key=lambda item: (-item[1], item[0]))
    parts = ", ".join(f"{n} {kind}" for kind, n in ranked)
    return f"{total} problem{'' if total == 1 else 's'}: {parts}"
