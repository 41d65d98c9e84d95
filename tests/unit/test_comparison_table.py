"""The comparison page's table is exactly what the registry generates, and the updater works.

``docs/Comparison of activation functions.md`` holds the output of
``nonlinear.registry.comparison_table()`` between ``<!-- BEGIN GENERATED: comparison_table -->``
and ``<!-- END GENERATED -->``. ``scripts/update_generated.py`` rewrites that block; these tests
read ``docs/`` but never write to it (the updater is exercised on copies in ``tmp_path``).
"""

from __future__ import annotations

import difflib
import importlib.util
import sys
from pathlib import Path
from types import ModuleType

import pytest

ROOT = Path(__file__).resolve().parents[2]
PAGE = ROOT / "docs" / "Comparison of activation functions.md"
SCRIPT = ROOT / "scripts" / "update_generated.py"
HOW_TO_FIX = (
    "regenerate it with `.venv/bin/python scripts/update_generated.py` "
    "(it rewrites the block between the markers), then review and commit the note"
)


def _load_script() -> ModuleType:
    spec = importlib.util.spec_from_file_location("update_generated", SCRIPT)
    assert spec is not None
    assert spec.loader is not None
    module = importlib.util.module_from_spec(spec)
    sys.modules[spec.name] = module  # dataclasses look their module up while being created
    spec.loader.exec_module(module)
    return module


updater = _load_script()


# --- the page --------------------------------------------------------------------------------


def test_the_page_has_exactly_one_comparison_table_block() -> None:
    blocks = updater.find_blocks(PAGE.read_text(encoding="utf-8"))
    assert [b.name for b in blocks] == ["comparison_table"], (
        f"{PAGE.name} must hold one '<!-- BEGIN GENERATED: comparison_table -->' ... "
        "'<!-- END GENERATED -->' block"
    )


def test_the_table_on_the_page_is_the_generated_one() -> None:
    from nonlinear.registry import comparison_table  # noqa: PLC0415

    (block,) = updater.find_blocks(PAGE.read_text(encoding="utf-8"))
    on_page = block.body.strip("\n")
    generated = comparison_table().strip("\n")
    diff = "\n".join(
        difflib.unified_diff(
            on_page.splitlines(),
            generated.splitlines(),
            "on the page",
            "comparison_table()",
            lineterm="",
        )
    )
    assert on_page == generated, (
        f"docs/{PAGE.name}:{block.line}: the generated table is out of date with "
        f"nonlinear.registry.comparison_table(); {HOW_TO_FIX}.\n{diff}"
    )


def test_the_block_keeps_blank_lines_around_the_table() -> None:
    # Without them Markdown reads the table as part of the HTML comment block.
    (block,) = updater.find_blocks(PAGE.read_text(encoding="utf-8"))
    assert block.body.startswith("\n"), HOW_TO_FIX
    assert block.body.endswith("\n\n"), HOW_TO_FIX


# --- the updater -----------------------------------------------------------------------------

NOTE = """\
Intro.

<!-- BEGIN GENERATED: table -->
old
<!-- END GENERATED -->

Middle.

<!-- BEGIN GENERATED: other -->

<!-- END GENERATED -->
End.
"""


def test_find_blocks_reports_names_bodies_and_lines() -> None:
    blocks = updater.find_blocks(NOTE)
    assert [(b.name, b.body, b.line) for b in blocks] == [
        ("table", "old\n", 3),
        ("other", "\n", 9),
    ]


def test_replace_blocks_rewrites_only_the_bodies() -> None:
    new = updater.replace_blocks(NOTE, {"table": lambda: "| a |\n", "other": lambda: "B"})
    assert new == (
        "Intro.\n\n"
        "<!-- BEGIN GENERATED: table -->\n\n| a |\n\n<!-- END GENERATED -->\n\n"
        "Middle.\n\n"
        "<!-- BEGIN GENERATED: other -->\n\nB\n\n<!-- END GENERATED -->\n"
        "End.\n"
    )


def test_replace_blocks_is_idempotent() -> None:
    generators = {"table": lambda: "| a |", "other": lambda: "B"}
    once = updater.replace_blocks(NOTE, generators)
    assert updater.replace_blocks(once, generators) == once


def test_text_without_blocks_is_unchanged() -> None:
    text = "No markers here.\n<!-- an ordinary comment -->\n"
    assert updater.replace_blocks(text, {}) == text


def test_an_unknown_block_name_is_an_error_listing_the_known_ones() -> None:
    with pytest.raises(KeyError, match=r"unknown generated block 'table'; known blocks: other"):
        updater.replace_blocks(NOTE, {"other": lambda: "B"})


def test_main_check_reports_stale_blocks_and_update_fixes_them(
    tmp_path: Path, monkeypatch: pytest.MonkeyPatch, capsys: pytest.CaptureFixture[str]
) -> None:
    (tmp_path / "Sub").mkdir()
    note = tmp_path / "Sub" / "Note.md"
    note.write_text(NOTE, encoding="utf-8")
    (tmp_path / "Plain.md").write_text("Nothing generated.\n", encoding="utf-8")
    monkeypatch.setattr(
        updater, "default_generators", lambda: {"table": lambda: "T", "other": lambda: "O"}
    )

    assert updater.main(["--check", "--docs", str(tmp_path)]) == 1
    assert note.read_text(encoding="utf-8") == NOTE  # --check writes nothing
    assert capsys.readouterr().out == "Sub/Note.md: generated block stale\n"

    assert updater.main(["--docs", str(tmp_path)]) == 0
    assert capsys.readouterr().out == "Sub/Note.md: generated block updated\n"
    assert [b.body for b in updater.find_blocks(note.read_text(encoding="utf-8"))] == [
        "\nT\n\n",
        "\nO\n\n",
    ]

    assert updater.main(["--check", "--docs", str(tmp_path)]) == 0
    assert capsys.readouterr().out == ""
