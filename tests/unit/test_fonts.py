"""The math font's subset (nonlinear.site.fonts): small, and every glyph a formula needs."""

from __future__ import annotations

import hashlib
import io
import subprocess
import sys
from pathlib import Path

import pytest
from fontTools.ttLib import TTFont

from nonlinear.site.fonts import (
    BASE_CHARACTERS,
    cached_subset_font,
    content_addressed,
    math_font_characters,
    subset_font,
)
from nonlinear.site.math import latex_to_mathml, math_characters

FONT = Path(__file__).resolve().parents[2] / "overrides/assets/fonts/STIXTwoMath-Regular.woff2"


def _load(data: bytes) -> TTFont:
    return TTFont(io.BytesIO(data))


def test_characters_include_the_italic_forms_browsers_draw_one_letter_identifiers_with() -> None:
    keep = math_font_characters({"x", "φ", "h", "∞"})
    assert {"x", "φ", "∞", "\U0001d465", "\U0001d711", "\u210e"} <= keep  # 𝑥, 𝜑, ℎ
    assert keep >= BASE_CHARACTERS
    assert "√" in keep  # <msqrt> draws it without it being in the text


def test_math_characters_are_the_text_of_the_mathml() -> None:
    html = latex_to_mathml(r"\tanh u \le \sqrt{2/\pi}", display=False).html
    assert math_characters(html) == set("tanhu≤2/π\u2061")


def test_math_characters_are_read_from_the_math_elements_of_a_page_only() -> None:
    page = "<p>Prose ß</p><math class='math-inline'><mi>x</mi><mo>&#x2212;</mo></math>&lt;"
    assert math_characters(page) == {"x", "−"}


def test_the_same_characters_give_the_same_bytes() -> None:
    keep = math_font_characters(set("x+1"))
    assert subset_font(FONT.read_bytes(), keep) == subset_font(FONT.read_bytes(), keep)


def test_a_kept_subset_is_the_same_bytes_and_is_read_back_for_the_same_characters(
    tmp_path: Path,
) -> None:
    full = FONT.read_bytes()
    keep = math_font_characters(set("x+1"))
    made = cached_subset_font(full, keep, tmp_path / "fonts")
    assert made == subset_font(full, keep)
    (entry,) = (tmp_path / "fonts").iterdir()
    assert entry.read_bytes() == made
    # Read back, not cut again: a valid WOFF2 put in its place is what comes out.
    other = subset_font(full, math_font_characters({"ℵ"}))  # outside the base set
    assert other != made
    entry.write_bytes(other)
    assert cached_subset_font(full, keep, tmp_path / "fonts") == other
    # Other characters or another source font are another entry.
    assert cached_subset_font(full, math_font_characters({"ℶ"}), tmp_path / "fonts") != other
    assert len(list((tmp_path / "fonts").iterdir())) == 2


def test_a_kept_subset_cut_short_or_unwritable_is_cut_again(tmp_path: Path) -> None:
    full = FONT.read_bytes()
    keep = math_font_characters(set("x"))
    made = cached_subset_font(full, keep, tmp_path)
    (entry,) = tmp_path.iterdir()
    entry.write_bytes(made[: len(made) // 2])
    assert cached_subset_font(full, keep, tmp_path) == made
    assert entry.read_bytes() == made  # replaced
    blocked = tmp_path / "file"
    blocked.write_text("not a folder", encoding="utf-8")
    assert cached_subset_font(full, keep, blocked / "fonts") == made


def test_the_subset_keeps_what_formulas_need_and_is_a_fraction_of_the_font() -> None:
    full = FONT.read_bytes()
    used = math_characters(
        latex_to_mathml(
            r"f(x) = \frac{x}{2}\left(1 + \operatorname{erf}(x)\right)", display=True
        ).html
    )
    small = subset_font(full, math_font_characters(used))
    assert len(small) < len(full) / 3
    font = _load(small)
    cmap = font.getBestCmap()
    available = _load(full).getBestCmap()
    missing = [c for c in math_font_characters(used) if ord(c) in available and ord(c) not in cmap]
    assert missing == []
    assert {ord(c) for c in used} <= set(cmap)
    # The MATH table, with the stretchy variants of "(" (\left( of any height) and of √.
    variants = font["MATH"].table.MathVariants
    vertical = dict(
        zip(variants.VertGlyphCoverage.glyphs, variants.VertGlyphConstruction, strict=True)
    )
    for char in "(√":
        construction = vertical[cmap[ord(char)]]
        assert construction.VariantCount > 1
        assert all(
            v.VariantGlyph in font.getGlyphOrder() for v in construction.MathGlyphVariantRecord
        )


@pytest.mark.parametrize(
    ("src_uri", "expected"),
    [
        ("assets/fonts/STIXTwoMath-Regular.woff2", "assets/fonts/STIXTwoMath-Regular.{}.woff2"),
        ("font.woff2", "font.{}.woff2"),
        ("a.b/c.tar.gz", "a.b/c.tar.{}.gz"),
        ("assets/LICENSE", "assets/LICENSE.{}"),
        ("assets/.hidden", "assets/.hidden.{}"),
    ],
)
def test_a_content_addressed_name_holds_the_digest_of_the_bytes(
    src_uri: str, expected: str
) -> None:
    digest = hashlib.sha256(b"subset").hexdigest()[:10]
    assert content_addressed(src_uri, b"subset") == expected.format(digest)


def test_other_bytes_get_another_name_and_the_same_bytes_the_same() -> None:
    one = subset_font(FONT.read_bytes(), math_font_characters(set("x")))
    two = subset_font(FONT.read_bytes(), math_font_characters(set("x\u2135")))  # ℵ
    name = "assets/fonts/STIXTwoMath-Regular.woff2"
    assert content_addressed(name, one) != content_addressed(name, two)
    assert content_addressed(name, one) == content_addressed(name, bytes(one))


def test_a_subset_not_kept_yet_is_cut_without_fonttools_in_the_build(tmp_path: Path) -> None:
    """The worker cuts it: the build process never imports fontTools (nor holds its memory)."""
    code = (
        "import sys; from pathlib import Path; from nonlinear.site.fonts import *\n"
        f"font = Path({str(FONT)!r}).read_bytes()\n"
        f"kept = Path({str(tmp_path)!r})\n"
        "made = cached_subset_font(font, math_font_characters(set('x')), kept)\n"
        "print(made[:4].decode(), 'fontTools' in sys.modules)\n"
    )
    run = subprocess.run([sys.executable, "-c", code], capture_output=True, text=True, check=True)
    assert run.stdout.split() == ["wOF2", "False"]
    assert [p.suffix for p in tmp_path.iterdir()] == [".woff2"]  # no input or source left
    assert (next(tmp_path.iterdir())).read_bytes() == subset_font(
        FONT.read_bytes(), math_font_characters(set("x"))
    )
