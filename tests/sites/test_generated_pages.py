"""Vault settings apply to the vault's notes only, not to the pages the build generates.

The vault keeps Obsidian's *Strict line breaks* off (one newline is a line break). The
notebook pages, the tags index, the graph page and any other page a hook generates are our own
text with soft-wrapped lines: they must not break mid-sentence, on screen or in print.
"""

from __future__ import annotations

from pathlib import Path
from urllib.parse import quote

import pytest
import yaml
from bs4 import BeautifulSoup, Tag

from nonlinear.notebooks.vault_outputs import read_manifest

ROOT = Path(__file__).resolve().parents[2]
DOCS = ROOT / "docs"
pytestmark = pytest.mark.site


def _frontmatter(path: Path) -> dict[str, object]:
    text = path.read_text(encoding="utf-8")
    if not text.startswith("---\n"):
        return {}
    end = text.find("\n---", 4)
    loaded = yaml.safe_load(text[4:end]) if end > 0 else None
    return loaded if isinstance(loaded, dict) else {}


def authored_note_urls() -> set[str]:
    """Site-relative URLs of the notes an author wrote (a permalink wins over the path).

    The notebooks' pages kept in the vault (``make notebooks``, listed in its manifest) are
    generated: they are not among them.
    """
    generated, _ = read_manifest(DOCS)
    urls = set()
    for path in DOCS.rglob("*.md"):
        rel = path.relative_to(DOCS)
        if any(part.startswith(".") for part in rel.parts) or rel.as_posix() in generated:
            continue
        permalink = _frontmatter(path).get("permalink")
        if isinstance(permalink, str) and permalink.strip("/"):
            urls.add(quote(permalink.strip("/")) + "/")
            continue
        stem = rel.with_suffix("").as_posix()
        urls.add("" if stem == "index" else quote(stem.removesuffix("/index")) + "/")
    return urls


def generated_pages(site: Path) -> dict[str, BeautifulSoup]:
    """Every page of the built site that no vault note produced (redirects and 404 aside)."""
    notes = authored_note_urls()
    pages = {}
    for path in sorted(site.rglob("index.html")):
        url = path.parent.relative_to(site).as_posix()
        url = "" if url == "." else quote(url) + "/"
        html = path.read_text(encoding="utf-8")
        if url in notes or 'http-equiv="refresh"' in html:
            continue
        pages[url] = BeautifulSoup(html, "lxml")
    return pages


def prose_breaks(element: Tag) -> list[str]:
    """The text around every ``<br>`` in ``element`` outside code."""
    found = []
    for br in element.select("br"):
        if br.find_parent(["pre", "code"]) is None:
            parent = br.parent
            found.append(parent.get_text(" ", strip=True)[:80] if parent else "")
    return found


def test_generated_pages_have_no_line_breaks_in_their_prose(real_site: Path) -> None:
    pages = generated_pages(real_site)
    # The test must see the pages the issue names, or it proves nothing.
    for expected in ("tags/", "graph/", "print_page/"):
        assert expected in pages, sorted(pages)
    assert any(url.startswith("notebooks/") for url in pages), sorted(pages)
    for url, html in pages.items():
        if url == "print_page/":
            continue  # it holds every note too: checked section by section below
        article = html.select_one("article")
        assert article is not None, url
        assert prose_breaks(article) == [], url


def test_the_print_page_keeps_generated_sections_free_of_line_breaks(real_site: Path) -> None:
    printed = BeautifulSoup(
        (real_site / "print_page" / "index.html").read_text(encoding="utf-8"), "lxml"
    )
    # Each printed page is a section that names the page's URL (nonlinear.site.handout).
    sections = {
        section.get("data-url"): section for section in printed.select("section.nl-print-note")
    }
    checked = 0
    for url in generated_pages(real_site):
        section = sections.get(url)
        if section is not None:
            checked += 1
            assert prose_breaks(section) == [], url
    assert checked >= 1  # the notebooks are printed


def test_vault_notes_keep_obsidian_line_breaks(tmp_path: Path) -> None:
    """The setting still applies to a vault note: one newline, one ``<br>``."""
    from mkdocs.commands.build import build  # noqa: PLC0415
    from mkdocs.config import load_config  # noqa: PLC0415

    docs = tmp_path / "docs"
    (docs / ".obsidian").mkdir(parents=True)
    (docs / ".obsidian" / "app.json").write_text('{"strictLineBreaks": false}', encoding="utf-8")
    (docs / "index.md").write_text("# Home\n\nfirst line\nsecond line\n", encoding="utf-8")
    (tmp_path / "mkdocs.yml").write_text(
        "site_name: Breaks\nsite_url: https://example.org/\ntheme: material\n"
        "plugins:\n  - search\n  - tags\n"
        f"hooks:\n  - {ROOT / 'hooks' / 'obsidian.py'}\n",
        encoding="utf-8",
    )
    site = tmp_path / "site"
    build(load_config(str(tmp_path / "mkdocs.yml"), site_dir=str(site), strict=True))
    home = BeautifulSoup((site / "index.html").read_text(encoding="utf-8"), "lxml")
    assert [p.get_text() for p in home.select("p") if p.select("br")] == ["first line\nsecond line"]
    tags = BeautifulSoup((site / "tags" / "index.html").read_text(encoding="utf-8"), "lxml")
    assert tags.select("p br") == []
    assert "with\nthe notes" in tags.get_text()  # the generated text is soft-wrapped there
