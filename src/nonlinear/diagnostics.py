"""Diagnostics: content problems as ``path:line:col: kind: message`` values, and their levels.

The library returns :class:`Diagnostic` values; the hook logs them at the level configured under
``extra: nonlinear: validation:`` in mkdocs.yml (``warn`` fails ``mkdocs build --strict``).
"""

from __future__ import annotations

from collections.abc import Mapping
from dataclasses import dataclass
from typing import Literal, get_args

Kind = Literal[
    "unresolved-link",
    "ambiguous-link",
    "missing-heading",
    "missing-block",
    "missing-embed",
    "embed-cycle",
    "alias-link",
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
}


@dataclass(frozen=True, slots=True, order=True)
class Diagnostic:
    """One problem in a note, located for an editor to jump to."""

    src_uri: str
    line: int
    col: int
    kind: Kind
    message: str

    def __str__(self) -> str:
        return f"{self.src_uri}:{self.line}:{self.col}: {self.kind}: {self.message}"


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
