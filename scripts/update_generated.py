"""Rewrite the generated blocks of the vault's notes from the library that generates them.

Some note content is produced by code rather than written by hand, so that it cannot drift
from the code: the table of ``docs/Comparison of activation functions.md``, which
``nonlinear.registry.comparison_table()`` renders from the activation registry, and each
activation note's own rows of it (``comparison_rows`` with the function names as arguments:
``<!-- BEGIN GENERATED: comparison_rows softmax log_softmax -->``). In a note such
a block sits between two marker lines (HTML comments, invisible in Obsidian and on the site)::

    <!-- BEGIN GENERATED: comparison_table -->

    | ... the generated Markdown ... |

    <!-- END GENERATED -->

Usage (from the repository root)::

    .venv/bin/python scripts/update_generated.py          # rewrite stale blocks in docs/
    .venv/bin/python scripts/update_generated.py --check  # only report; exit 1 if any is stale

``tests/unit/test_comparison_table.py`` fails when a block is stale and names this script.
This is a developer tool run by hand (like ``--update-golden``); the build never rewrites notes.
"""

from __future__ import annotations

import argparse
import re
import sys
from collections.abc import Callable, Mapping
from dataclasses import dataclass
from pathlib import Path
from typing import Final

ROOT: Final = Path(__file__).resolve().parent.parent
DOCS: Final = ROOT / "docs"

RE_BLOCK: Final = re.compile(
    r"""
    (?P<begin> ^<!--[ ]BEGIN[ ]GENERATED:[ ](?P<name>[A-Za-z_][A-Za-z0-9_]*)
               (?P<args> (?:[ ][A-Za-z0-9_]+)* )      # optional arguments, e.g. function names
               [ ]-->[ \t]*\n )
    (?P<body> .*? )                                   # the generated text, possibly empty
    (?P<end> ^<!--[ ]END[ ]GENERATED[ ]-->[ \t]*$ )   # first END after the BEGIN
    """,
    re.VERBOSE | re.MULTILINE | re.DOTALL,
)


@dataclass(frozen=True, slots=True)
class Block:
    """One generated block found in a note."""

    name: str
    """The generator's name after ``BEGIN GENERATED:``, e.g. ``comparison_table``."""
    body: str
    """The text between the two marker lines, as stored (surrounding blank lines included)."""
    line: int
    """1-based line of the ``BEGIN`` marker."""
    args: tuple[str, ...] = ()
    """Words after the name, passed to the generator (``comparison_rows relu gelu``)."""


def find_blocks(text: str) -> list[Block]:
    """Return every generated block of ``text`` in order.

    Args:
        text: A note's full text.

    Returns:
        The blocks, each with its name, stored body and the line of its ``BEGIN`` marker.
    """
    return [
        Block(m["name"], m["body"], text.count("\n", 0, m.start()) + 1, tuple(m["args"].split()))
        for m in RE_BLOCK.finditer(text)
    ]


def render_body(content: str) -> str:
    """Lay out generated Markdown between the markers: one blank line on each side.

    The blank lines matter: without them Markdown would read the table as part of the HTML
    comment block.
    """
    return "\n" + content.strip("\n") + "\n\n"


def replace_blocks(text: str, generators: Mapping[str, Callable[..., str]]) -> str:
    """Return ``text`` with the body of every generated block replaced by fresh output.

    Args:
        text: A note's full text.
        generators: Generator functions by block name.

    Returns:
        The new text (equal to ``text`` when every block is up to date).

    Raises:
        KeyError: A block names a generator that ``generators`` does not have; the message
            lists the known names.
    """

    def fresh(match: re.Match[str]) -> str:
        name = match["name"]
        if name not in generators:
            known = ", ".join(sorted(generators)) or "(none)"
            raise KeyError(f"unknown generated block {name!r}; known blocks: {known}")
        args = match["args"].split()
        return match["begin"] + render_body(generators[name](*args)) + match["end"]

    return RE_BLOCK.sub(fresh, text)


def default_generators() -> dict[str, Callable[..., str]]:
    """The generators the vault uses, by block name."""
    from nonlinear.registry import (  # noqa: PLC0415 (slow import, only here)
        comparison_rows,
        comparison_table,
    )

    return {"comparison_table": comparison_table, "comparison_rows": comparison_rows}


def main(argv: list[str] | None = None) -> int:
    """Rewrite (or with ``--check`` only report) stale generated blocks under ``docs/``."""
    parser = argparse.ArgumentParser(description=__doc__.split("\n", 1)[0])
    parser.add_argument("--check", action="store_true", help="report stale blocks, write nothing")
    parser.add_argument("--docs", type=Path, default=DOCS, help="vault folder (default: docs/)")
    args = parser.parse_args(argv)
    generators = default_generators()
    stale: list[str] = []
    for path in sorted(args.docs.rglob("*.md")):
        text = path.read_text(encoding="utf-8")
        if not find_blocks(text):
            continue
        new = replace_blocks(text, generators)
        if new == text:
            continue
        stale.append(path.relative_to(args.docs).as_posix())
        if not args.check:
            path.write_text(new, encoding="utf-8", newline="\n")
    verb = "stale" if args.check else "updated"
    for uri in stale:
        print(f"{uri}: generated block {verb}")
    return 1 if args.check and stale else 0


if __name__ == "__main__":
    sys.exit(main())
