"""Golden files: tests/golden/<case>.md rendered by the engine must equal <case>.html.

Each case is rendered as ``Page.md`` of the vault in tests/golden/vault/ (plus a few attachment
names). Whitespace between tags is normalised; a failure prints a unified diff. Run
``pytest tests/golden --update-golden`` to rewrite the expected files, then review the diff.
"""

from __future__ import annotations

import difflib
import re
from pathlib import Path

import pytest

from nonlinear.vault.engine import render_note

HERE = Path(__file__).resolve().parent
VAULT = HERE / "vault"
ATTACHMENTS = ("assets/pixel.png", "assets/talk.mp3", "assets/clip.mp4", "assets/paper.pdf")
CASES = sorted(p.stem for p in HERE.glob("*.md"))


def normalise(html: str) -> str:
    html = re.sub(r">\s+<", "><", html.strip())
    return re.sub(r"\s+", " ", html)


def pretty(html: str) -> list[str]:
    return normalise(html).replace("><", ">\n<").splitlines()


def render_case(case: str) -> str:
    vault = {
        p.relative_to(VAULT).as_posix(): p.read_text(encoding="utf-8")
        for p in sorted(VAULT.rglob("*.md"))
    }
    vault["Page.md"] = (HERE / f"{case}.md").read_text(encoding="utf-8")
    result = render_note(vault, "Page.md", attachments=ATTACHMENTS)
    problems = "".join(f"<!-- {d} -->\n" for d in result.diagnostics if d.src_uri == "Page.md")
    return problems + result.html + "\n"


@pytest.mark.parametrize("case", CASES)
def test_golden(case: str, request: pytest.FixtureRequest) -> None:
    actual = render_case(case)
    expected_path = HERE / f"{case}.html"
    if request.config.getoption("--update-golden"):
        expected_path.write_text("\n".join(pretty(actual)) + "\n", encoding="utf-8")
        return
    assert expected_path.exists(), f"run pytest {HERE} --update-golden to create {case}.html"
    expected = expected_path.read_text(encoding="utf-8")
    if normalise(actual) != normalise(expected):
        diff = "\n".join(
            difflib.unified_diff(
                pretty(expected), pretty(actual), f"{case}.html", "rendered", lineterm=""
            )
        )
        pytest.fail(f"golden mismatch for {case}:\n{diff}", pytrace=False)
