"""The math font's subset is served under a name made from its bytes, named by each page.

A browser keeps the font it loaded from an older build; when a new formula needs a glyph that
older subset lacks, the page must ask for another file, never the cached one
(hooks/reading.py, nonlinear.site.fonts.content_addressed).
"""

from __future__ import annotations

import hashlib
import re
from pathlib import Path
from urllib.parse import urljoin

import pytest
from fontTools.ttLib import TTFont

pytestmark = pytest.mark.site

RE_FONT_FACE = re.compile(r'@font-face\{font-family:"STIX Two Math";[^}]*src:url\("([^"]+)"\)')
ALEPH = "\u2135"  # ℵ: outside the subset's base, so only a formula that shows it brings it in


def _font_of(site: Path, page: str) -> Path:
    """The font file the page's own ``@font-face`` names (one, in its head)."""
    html = (site / page).read_text(encoding="utf-8")
    head = html.split("</head>", 1)[0]
    (url,) = RE_FONT_FACE.findall(head)
    return site / urljoin(page, url)


def test_a_new_formula_character_gives_the_font_a_new_url(tmp_path: Path, build_vault) -> None:
    vault = tmp_path / "vault"
    vault.mkdir()
    note = vault / "Sets.md"
    note.write_text("The size of a set: $|A| = n$.\n", encoding="utf-8")
    before = build_vault(vault, tmp_path / "before")
    note.write_text(f"The size of a set: $|A| = n$, and $\\aleph_0$ for {ALEPH}.\n", "utf-8")
    after = build_vault(vault, tmp_path / "after")
    fonts = []
    for built in (before, after):
        assert built.problems == []
        font = _font_of(built.site, "Sets/index.html")
        data = font.read_bytes()
        # The name holds the digest of the bytes served there, and it is the only math font.
        digest = hashlib.sha256(data).hexdigest()[:10]
        assert font.name == f"STIXTwoMath-Regular.{digest}.woff2"
        assert list(font.parent.glob("STIXTwoMath-Regular*")) == [font]
        # Every page names the same file.
        assert _font_of(built.site, "index.html") == font
        fonts.append((font.relative_to(built.site), TTFont(font).getBestCmap()))
    (old_url, old_cmap), (new_url, new_cmap) = fonts
    assert ord(ALEPH) not in old_cmap
    assert ord(ALEPH) in new_cmap
    assert old_url != new_url


def test_a_vault_without_formulas_ships_no_math_font(tmp_path: Path, build_vault) -> None:
    vault = tmp_path / "vault"
    vault.mkdir()
    (vault / "Plain.md").write_text("Prose only, $5 and $10 are prices.\n", encoding="utf-8")
    built = build_vault(vault, tmp_path / "site")
    assert built.problems == []
    assert list((built.site / "assets/fonts").glob("*.woff2")) == []
    for page in ("Plain/index.html", "index.html", "404.html"):
        assert "@font-face" not in (built.site / page).read_text(encoding="utf-8"), page
