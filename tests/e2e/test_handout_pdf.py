"""The print-all handout printed to PDF by Chromium, and the pages looked at.

A reader in dark mode prints the handout (Playwright's ``page.pdf`` is the browser's own
print); PDFium (pypdfium2) reads the text of every page and renders it small, so the test
sees what the paper shows: the cover, each note starting a page under its number, title and
address, figures numbered per note, white paper, and no page left half empty when the note
goes on (a figure too tall for the rest of a page used to leave half of it blank).
"""

from __future__ import annotations

import subprocess
from pathlib import Path

import pypdfium2 as pdfium
from playwright.sync_api import Browser

from .conftest import ARTIFACTS

ROOT = Path(__file__).resolve().parents[2]
WHITE = 245  # grey level above which a pixel counts as paper


def _lines(page: pdfium.PdfPage) -> list[str]:
    text = page.get_textpage().get_text_range()
    return [line.strip() for line in text.replace("\r", "").split("\n") if line.strip()]


def _lowest_ink(image: object) -> float:
    """How far down the page its content reaches, as a fraction of the page height."""
    from PIL import Image  # noqa: PLC0415  (Pillow comes with Matplotlib)

    assert isinstance(image, Image.Image)
    width, height = image.size
    pixels = image.load()
    assert pixels is not None
    for y in range(height - 1, -1, -1):
        if any(pixels[x, y] < WHITE for x in range(width)):  # type: ignore[operator]
            return y / height
    return 0.0


def test_printed_handout(browser: Browser, site_url: str) -> None:
    context = browser.new_context(color_scheme="dark", viewport={"width": 1280, "height": 900})
    page = context.new_page()
    # "load": the whole page parsed (networkidle alone may come while a long page still parses).
    page.goto(site_url + "print_page/", wait_until="load")
    page.wait_for_load_state("networkidle")
    notes = page.eval_on_selector_all(
        "section.nl-print-note",
        """sections => sections.map(s => ({
            url: s.querySelector('.nl-print-note__url').textContent,
            heading: s.querySelector('h1').textContent.trim(),
        }))""",
    )
    pdf = page.pdf(format="A4", print_background=True, prefer_css_page_size=True)
    context.close()
    ARTIFACTS.mkdir(parents=True, exist_ok=True)
    (ARTIFACTS / "handout.pdf").write_bytes(pdf)
    document = pdfium.PdfDocument(pdf)
    pages = [_lines(document[i]) for i in range(len(document))]
    assert len(notes) >= 30
    assert len(pages) > len(notes)

    # The cover: title, version (HEAD) with its date, licence and address.
    head = subprocess.run(
        ["git", "log", "-1", "--format=%h"], cwd=ROOT, capture_output=True, text=True, check=True
    ).stdout.strip()
    cover = " ".join(pages[0])
    for part in ("Nonlinear: a knowledge base", "Version", head, "Licence", "CC-BY-4.0", "Online"):
        assert part in cover, part
    assert site_url in cover

    # Every note starts a page of its own, its number and title first, its address right under.
    starts: list[int] = []
    index = 1
    for note in notes:
        while index < len(pages) and not (
            note["url"] in pages[index][:4] and note["heading"] in " ".join(pages[index][:3])
        ):
            index += 1
        assert index < len(pages), f"no page starts with {note['heading']!r}"
        starts.append(index)
        index += 1
    assert starts == sorted(set(starts))

    # Figures are numbered per note; "Figure 1:" for every figure is gone.
    text = "\n".join("\n".join(lines) for lines in pages)
    assert "Figure 1:" not in text
    assert "Figure 2.1." in text
    assert text.count("Figure ") >= 50

    # White paper in dark mode, and no page half empty while its note goes on (a wide table
    # once sent to a landscape page of its own left the page before it 20 % full).
    begins = set(starts)
    for number in range(len(pages)):
        pdf_page = document[number]
        image = pdf_page.render(scale=24 / 72).to_pil().convert("L")
        width, height = image.size
        corners = [image.getpixel((2, 2)), image.getpixel((width - 3, height - 3))]
        assert min(corners) >= WHITE, f"page {number + 1} is not printed on white"  # type: ignore[operator]
        last = number == len(pages) - 1
        if number < starts[0] or last or (number + 1) in begins:
            continue  # cover, contents, a note's last page, the handout's last page
        assert _lowest_ink(image) >= 0.5, f"page {number + 1} is half empty"
