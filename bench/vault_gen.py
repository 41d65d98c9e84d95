"""Synthetic Obsidian vault with a known link graph (for ground-truth tests and benchmarks).

``generate(folder, n)`` writes ``n`` notes under ``folder`` and returns the links a correct
engine must render, as (source src_uri, target src_uri, anchor) triples in document order.
The vault mixes every link form (bare names, ``.md``, vault paths, ``./``/``../`` relative paths,
aliases, ``#heading`` with punctuation, ``#^block`` ids, alias fallback, table-escaped pipes),
names with spaces, ``&``, ``%``, ``?``, parentheses, emoji and CJK, duplicate basenames (always
linked by path, so a strict build stays clean) and decoy links inside inline code, fences,
indented code, math and HTML comments that must never become links.

Two variants for the benchmarks (``bench/bench_vault.py``): ``style="bridge"`` writes only what
mkdocs-obsidian-bridge also resolves (unique names, ``[[Name]]``, ``[[Name|text]]``,
``[[Name#Section A]]``, root paths; decoys in backticks only; no tables, aliases, block ids or
relative paths), so both tools must produce the same links; ``style="emoji"`` gives every note a
name with emoji (and CJK in some), as a real vault of ~6,600 notes did, and is meant to be used
with many links per note.

Run ``python bench/vault_gen.py OUT N [SEED]`` to write one.
"""

from __future__ import annotations

import posixpath
import random
import sys
from dataclasses import dataclass, field
from pathlib import Path

EMOJI_SHAPES = (
    "🧠 Idea {i}",
    "📚 Reading {i}",
    "✅ Task {i} done",
    "🌱 Seedling {i}",
    "日本語のノート {i} 🎌",
    "Café ☕ {i}",
    "🔥 Hot take {i}?",
    "Q&A 💬 {i}",
)
NAME_SHAPES = (
    "Note {i}",
    "Topic ({i})",
    "Q&A {i}",
    "100% sure {i}",
    "Why {i}?",
    "Emoji ✨ {i}",
    "日本語 {i}",
    "Café {i}",
    "dash-name_{i}",
)
FOLDERS = ("", "Alpha", "Alpha/Deep", "Beta", "Gamma space", "Delta & co")
DECOYS = (
    "Inline `[[Decoy {i}]]` code.",
    "```\nx = data[[{i}]]\n[[Decoy {i}]]\n```",
    "~~~~\n[[Decoy {i}]]\n~~~~",
    "    [[Decoy {i}]] indented",
    "Math $a_{{[[Decoy {i}]]}}$ inline.",
    "$$\n[[Decoy {i}]]\n$$",
    "<!-- [[Decoy {i}]] -->",
)


@dataclass(slots=True)
class GenNote:
    """One generated note and what it links to."""

    src_uri: str
    name: str
    block: str
    alias: str | None
    body: list[str] = field(default_factory=list)


Edge = tuple[str, str, str | None]


def _link_text(
    rng: random.Random, source: GenNote, target: GenNote, unique: bool
) -> tuple[str, str | None]:
    """A random written form of a link from *source* to *target* and the anchor it renders."""
    rel = posixpath.relpath(target.src_uri[:-3], posixpath.dirname(source.src_uri) or ".")
    path = target.src_uri[:-3]
    if "/" not in path and not unique:
        path = ("./" + rel) if not rel.startswith("..") else rel  # a bare name would be ambiguous
    forms: list[tuple[str, str | None]] = [
        (f"[[{path}]]", None),
        (f"[[{path}|shown {target.block}]]", None),
        (f"[[{path}#Section A]]", "section-a"),
        (f"[[{path}#Part 1 Basics|basics]]", "part-1-basics"),
        (f"[[{path}#Part 1: Basics#Detail]]", "detail"),
        (f"[[{path}#^{target.block}]]", "^" + target.block),
    ]
    if not rel.startswith(".."):
        rel = "./" + rel
    forms.append((f"[[{rel}]]", None))
    if unique:
        forms += [
            (f"[[{target.name}]]", None),
            (f"[[{target.name}.md]]", None),
            (f"[[{target.name.upper()}]]", None),
            (f"[[{target.name}#section a|lower]]", "section-a"),
        ]
        if target.alias:
            forms.append((f"[[{target.alias}]]", None))
    return rng.choice(forms)


def _bridge_link_text(rng: random.Random, target: GenNote) -> tuple[str, str | None]:
    """A link form that Obsidian, our engine and mkdocs-obsidian-bridge resolve alike."""
    path = target.src_uri[:-3]
    forms: list[tuple[str, str | None]] = [
        (f"[[{target.name}]]", None),
        (f"[[{target.name}|shown {target.block}]]", None),
        (f"[[{target.name}#Section A]]", "section-a"),
        (f"[[{target.name}#Section A|part]]", "section-a"),
        (f"[[{path}]]", None),
    ]
    return rng.choice(forms)


def generate(
    folder: Path, n: int, seed: int = 0, links_per_note: int = 6, style: str = "mixed"
) -> list[Edge]:
    """Write a vault of *n* notes into *folder*; return the expected rendered links.

    Args:
        folder: The vault root (created if needed; must be empty or absent).
        n: Number of notes.
        seed: RNG seed (same seed, same vault).
        links_per_note: Links written per note (plus decoys).
        style: ``"mixed"`` (every link form and decoy), ``"bridge"`` (only what
            mkdocs-obsidian-bridge resolves too) or ``"emoji"`` (emoji in every name).

    Returns:
        (source src_uri, target src_uri, anchor) of every link, in document order per note.
    """
    if style not in ("mixed", "bridge", "emoji"):
        raise ValueError(f"unknown style {style!r}: mixed, bridge or emoji")
    bridge = style == "bridge"
    shapes = EMOJI_SHAPES if style == "emoji" else NAME_SHAPES
    rng = random.Random(seed)
    notes: list[GenNote] = []
    for i in range(n):
        where = FOLDERS[i % len(FOLDERS)]
        if n > 240:
            # Large vaults keep folders of about 40 notes, as real vaults grow: with Material's
            # navigation.prune a page then renders only its own folder's part of the nav.
            part = f"part {i // len(FOLDERS) // 40:02d}"
            where = posixpath.join(where, part) if where else part
        # Every 25th note shares the basename "Dup" with others (in different folders).
        name = "Dup" if i % 25 == 7 and not bridge else shapes[i % len(shapes)].format(i=i)
        if name == "Dup" and any(x.src_uri == posixpath.join(where, "Dup.md") for x in notes):
            name = f"Note {i}"
        uri = posixpath.join(where, name + ".md")
        alias = f"Alias {i}" if i % 7 == 0 and name != "Dup" and not bridge else None
        notes.append(GenNote(uri, name, f"b{i}", alias))
    name_count: dict[str, int] = {}
    for note in notes:
        key = note.name.casefold()
        name_count[key] = name_count.get(key, 0) + 1
        if note.alias:
            name_count[note.alias.casefold()] = name_count.get(note.alias.casefold(), 0) + 1
    edges: list[Edge] = []
    for note in notes:
        lines: list[str] = []
        for k in range(links_per_note):
            target = rng.choice(notes)
            unique = name_count[target.name.casefold()] == 1 and (
                target.alias is None or name_count[target.alias.casefold()] == 1
            )
            if bridge:
                text, anchor = _bridge_link_text(rng, target)
            else:
                text, anchor = _link_text(rng, note, target, unique)
            if k % 3 == 0 and not bridge:
                cell = text.replace("|", "\\|")
                lines.append(f"| link | note |\n| --- | --- |\n| {cell} | {k} |")
            else:
                lines.append(f"Paragraph {k} mentions {text} in passing.")
            edges.append((note.src_uri, target.src_uri, anchor))
            lines.append(rng.choice(DECOYS[:2] if bridge else DECOYS).format(i=k))
        note.body = lines
        alias_yaml = f"aliases: [{note.alias}]\n" if note.alias else ""
        block = "" if bridge else f" ^{note.block}"
        text = (
            f"---\n{alias_yaml}tags: [generated]\n---\n"
            f"Summary of {note.name}.{block}\n\n"
            "## Section A\n\n" + "\n\n".join(lines[: len(lines) // 2]) + "\n\n"
            "## Part 1: Basics\n\nBasics.\n\n### Detail\n\n"
            + "\n\n".join(lines[len(lines) // 2 :])
            + "\n"
        )
        path = folder / note.src_uri
        path.parent.mkdir(parents=True, exist_ok=True)
        path.write_text(text, encoding="utf-8")
    return edges


def main(argv: list[str]) -> int:
    """``vault_gen.py OUT N [SEED [STYLE [LINKS]]]``: write a vault, print its number of links."""
    if len(argv) < 2:
        print("usage: vault_gen.py OUT N [SEED [mixed|bridge|emoji [LINKS]]]", file=sys.stderr)
        return 2
    out, n = Path(argv[0]), int(argv[1])
    seed = int(argv[2]) if len(argv) > 2 else 0
    style = argv[3] if len(argv) > 3 else "mixed"
    links = int(argv[4]) if len(argv) > 4 else 6
    edges = generate(out, n, seed, links_per_note=links, style=style)
    print(f"{n} notes, {len(edges)} links written to {out}")
    return 0


if __name__ == "__main__":
    raise SystemExit(main(sys.argv[1:]))
