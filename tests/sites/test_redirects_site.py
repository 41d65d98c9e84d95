"""Old note URLs kept by aliases resolve, in the real built knowledge base."""

from __future__ import annotations

import re
from pathlib import Path
from urllib.parse import unquote


def _refresh_target(page: Path) -> Path:
    match = re.search(r'http-equiv="refresh" content="0; url=([^"]+)"', page.read_text("utf-8"))
    assert match is not None, page
    return (page.parent / unquote(match.group(1)) / "index.html").resolve()


def test_an_alias_url_leads_to_its_note(real_site: Path) -> None:
    # SiLU.md lists "Swish" in its aliases: /Activations/Swish/ must lead to the SiLU page.
    redirect = real_site / "Activations" / "Swish" / "index.html"
    assert _refresh_target(redirect) == (real_site / "Activations" / "SiLU" / "index.html")


def test_every_redirect_page_leads_to_a_page_that_exists(real_site: Path) -> None:
    redirects = [
        page
        for page in real_site.rglob("index.html")
        if 'http-equiv="refresh"' in page.read_text("utf-8")
    ]
    assert len(redirects) >= 20
    for page in redirects:
        target = _refresh_target(page)
        assert target.is_file(), f"{page.relative_to(real_site)} -> {target}"
        assert 'http-equiv="refresh"' not in target.read_text("utf-8")  # no redirect chains


def test_every_old_address_of_a_note_leads_to_its_typed_url(real_site: Path) -> None:
    # URLs a person can type from a slide: Activations/Leaky-ReLU/, and the address it had
    # before (Activations/Leaky%20ReLU/, a folder with a space on disk) still leads there.
    assert (real_site / "Activations" / "Leaky-ReLU" / "index.html").is_file()
    old = real_site / "Activations" / "Leaky ReLU" / "index.html"
    assert _refresh_target(old) == (real_site / "Activations" / "Leaky-ReLU" / "index.html")
    for page in real_site.rglob("index.html"):
        rel = page.relative_to(real_site).as_posix()
        if " " in rel and 'http-equiv="refresh"' not in page.read_text("utf-8"):
            raise AssertionError(f"{rel}: a page at an address with a space")
