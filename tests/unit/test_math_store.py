"""Formulas converted by an earlier build are reused (nonlinear.site.math_store, math)."""

from __future__ import annotations

from pathlib import Path

import pytest

from nonlinear.site import math, math_store
from nonlinear.site.math import MathResult, latex_to_mathml


@pytest.fixture(autouse=True)
def _fresh_build() -> None:
    math.begin_build({})


def test_results_survive_a_round_trip_through_the_file(tmp_path: Path) -> None:
    path = math_store.store_path(tmp_path / "math")
    formulas = [("x^2", False), (r"\frac{1}{2}", True), (r"\foo", False), ("{", False)]
    for latex, display in formulas:
        latex_to_mathml(latex, display=display)
    used, new = math.end_build()
    assert new
    assert set(used) == set(formulas)
    math_store.save(path, used)
    assert math_store.load(path) == used
    assert used[(r"\foo", False)].problems, "a formula's problems are kept too"


def test_a_known_result_is_used_without_converting_and_nothing_is_new() -> None:
    marked = MathResult("<math>kept</math>", ())
    math.begin_build({("x^3", False): marked})
    assert latex_to_mathml("x^3", display=False) is marked
    used, new = math.end_build()
    assert used == {("x^3", False): marked}
    assert not new
    latex_to_mathml("x^3", display=True)  # another key: converted
    assert math.end_build()[1]


def test_the_file_is_named_after_the_converter(
    tmp_path: Path, monkeypatch: pytest.MonkeyPatch
) -> None:
    before = math_store.store_path(tmp_path)
    assert before == math_store.store_path(tmp_path)
    copy = tmp_path / "math.py"
    copy.write_text(Path(math.__file__).read_text(encoding="utf-8") + "\n# changed\n")
    monkeypatch.setattr(math, "__file__", str(copy))
    assert math_store.store_path(tmp_path) != before


@pytest.mark.parametrize("text", ["", "not json", "{}", '[["x", false]]', "[[1, 2, 3, 4, 5]]"])
def test_a_file_it_did_not_write_is_ignored(tmp_path: Path, text: str) -> None:
    path = tmp_path / "m.json"
    path.write_text(text, encoding="utf-8")
    assert math_store.load(path) == {}
    assert math_store.load(tmp_path / "missing.json") == {}
