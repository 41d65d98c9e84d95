"""The vault's notes against the content lint and against the activation registry.

These tests read ``docs/`` (never write to it): every note passes the lint, every activation
note names functions of ``nonlinear.registry.REGISTRY``, every registered function has
exactly one note, and each note cites its function's primary source and states its defaults.
"""

from __future__ import annotations

import json
import math
import re
from collections.abc import Mapping
from pathlib import Path
from typing import Any

import pytest

from nonlinear.lint import NoteText, lint_note, parse_note

DOCS = Path(__file__).resolve().parents[2] / "docs"
NOTES = sorted(p for p in DOCS.rglob("*.md") if ".obsidian" not in p.relative_to(DOCS).parts)


def _uri(path: Path) -> str:
    return path.relative_to(DOCS).as_posix()


def _read(path: Path) -> NoteText:
    return parse_note(path.read_bytes().decode("utf-8"))


ACTIVATION_NOTES = [p for p in NOTES if _read(p).activations]


def _registry() -> Mapping[str, Any]:
    # Imported here, not at module level, so the lint tests above still run (and report)
    # while the registry is missing or broken.
    from nonlinear.registry import REGISTRY  # noqa: PLC0415

    return REGISTRY


def test_the_vault_has_notes() -> None:
    # Guards the parametrized tests below against silently running on an empty list.
    assert len(NOTES) >= 10
    assert len(ACTIVATION_NOTES) >= 5


@pytest.mark.parametrize("path", NOTES, ids=_uri)
def test_note_passes_the_content_lint(path: Path) -> None:
    diagnostics = lint_note(_uri(path), path.read_bytes().decode("utf-8"))
    assert [str(d) for d in diagnostics] == []


@pytest.mark.parametrize("path", ACTIVATION_NOTES, ids=_uri)
def test_activation_names_are_registered_and_point_back_to_the_note(path: Path) -> None:
    registry = _registry()
    for name in _read(path).activations:
        assert name in registry, f"{_uri(path)}: 'activation: {name}' is not in REGISTRY"
        assert registry[name].note == path.stem, (
            f"REGISTRY[{name!r}].note is {registry[name].note!r}, but the note is {path.stem!r}"
        )


def test_every_registered_function_has_exactly_one_note() -> None:
    declared: dict[str, list[str]] = {}
    for path in ACTIVATION_NOTES:
        for name in _read(path).activations:
            declared.setdefault(name, []).append(_uri(path))
    problems = {
        name: declared.get(name, []) for name in _registry() if len(declared.get(name, [])) != 1
    }
    assert problems == {}, "function -> notes declaring it (must be exactly one each)"


def _flatten(text: str) -> str:
    """Lower-case, without Markdown emphasis and with single spaces, for title matching."""
    return " ".join(re.sub(r"[*_`]", "", text).lower().split())


@pytest.mark.parametrize("path", ACTIVATION_NOTES, ids=_uri)
def test_references_name_the_registered_primary_source(path: Path) -> None:
    note = _read(path)
    section = note.section("References")
    assert section is not None, f"{_uri(path)} has no '## References'"
    text = _flatten(section[1])
    for name in note.activations:
        ref = _registry()[name].reference
        keys = [
            str(key).lower().removeprefix("arxiv:")
            for key in (ref.arxiv, ref.doi, ref.title)
            if key
        ]
        assert keys, f"REGISTRY[{name!r}].reference has no arXiv id, DOI or title"
        assert any(_flatten(key) in text for key in keys), (
            f"{_uri(path)}: References cite none of {keys} (the source of {name})"
        )


# Numbers as notes write them: 0.01, 20, -1, −1 (U+2212), 1/8, \frac{1}{3}, \tfrac13.
RE_NUMBER = re.compile(
    r"""
    (?P<sign> [-−] )? \s*
    (?:
        \\t?frac \s* \{ (?P<fn> \d+ ) \} \s* \{ (?P<fd> \d+ ) \}   # \frac{1}{8}
      | \\t?frac \s* (?P<sn> \d ) (?P<sd> \d )                    # \tfrac18
      | (?P<num> \d+ (?: \.\d+ )? ) (?: \s* / \s* (?P<den> \d+ ) )?   # 0.01, 1/8
    )
    """,
    re.VERBOSE,
)


def _numbers(text: str) -> list[float]:
    values: list[float] = []
    for m in RE_NUMBER.finditer(text):
        if m["fn"]:
            value = int(m["fn"]) / int(m["fd"])
        elif m["sn"]:
            value = int(m["sn"]) / int(m["sd"])
        else:
            value = float(m["num"]) / (int(m["den"]) if m["den"] else 1)
        values.append(value)
        if m["sign"]:  # "-1" may be minus one or "x - 1": keep both readings
            values.append(-value)
    return values


def _mentions(text: str, value: object) -> bool:
    if isinstance(value, bool):
        return str(value) in text
    if isinstance(value, int | float):
        return any(math.isclose(v, float(value), rel_tol=2e-3) for v in _numbers(text))
    return str(value) in text


def test_number_reader_understands_the_usual_notations() -> None:
    text = r"$s = 0.01$, $l = \tfrac18$, $u=\frac{1}{3}$, $m = −1$, threshold 20, 11/48"
    for value in (0.01, 0.125, 1 / 3, -1.0, 20, 11 / 48):
        assert _mentions(text, value), value
    for value in (0.02, -20, 0.5):
        assert not _mentions(text, value), value


@pytest.mark.parametrize("path", ACTIVATION_NOTES, ids=_uri)
def test_definition_states_the_default_parameters(path: Path) -> None:
    note = _read(path)
    section = note.section("Definition") or note.section("Formulation")
    assert section is not None, f"{_uri(path)} has no '## Definition'"
    missing = {
        f"{name}.{param}": default
        for name in note.activations
        for param, default in _registry()[name].params.items()
        if default is not None and not _mentions(section[1], default)
    }
    assert missing == {}, f"{_uri(path)}: '## Definition' does not state these defaults"


def test_map_of_content_links_to_every_activation_and_concept_note() -> None:
    moc = DOCS / "Concepts" / "Activation function.md"
    targets = set(re.findall(r"\[\[([^\]|#]+)", moc.read_text(encoding="utf-8")))
    expected = {p.stem for p in NOTES if p.parent.name in {"Activations", "Concepts"} and p != moc}
    assert expected - targets == set()


NOTEBOOKS = sorted((DOCS.parent / "notebooks").glob("*.ipynb"))


@pytest.mark.parametrize("path", NOTEBOOKS, ids=lambda p: p.name)
def test_notebook_text_passes_the_content_lint(path: Path) -> None:
    # The notebooks' Markdown cells are pages of the site too: same lint as the notes.
    cells = json.loads(path.read_text(encoding="utf-8"))["cells"]
    text = "\n\n".join("".join(c["source"]) for c in cells if c["cell_type"] == "markdown")
    assert text.strip()
    assert [str(d) for d in lint_note(f"notebooks/{path.name}", text)] == []
