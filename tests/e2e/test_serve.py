"""The author's loop under ``make serve``, in headless Chromium: the preview never stops.

A real ``mkdocs serve --no-strict`` process (the command ``make serve`` runs) serves a copy of
the project (mkdocs.yml, hooks, theme overrides) with a small vault in a temporary folder, so
the test can edit notes and break mkdocs.yml. Every wait is on what the page shows, with long
timeouts: a rebuild on a loaded 2-core CI machine takes seconds.
"""

from __future__ import annotations

import os
import shutil
import signal
import socket
import subprocess
import sys
import time
import urllib.error
import urllib.request
from collections.abc import Iterator
from contextlib import contextmanager
from dataclasses import dataclass
from pathlib import Path

import pytest
from playwright.sync_api import Browser, Page, expect

from .conftest import ROOT, screenshot

pytestmark = [pytest.mark.browser, pytest.mark.site]

REBUILD = 120_000  # ms: a save, the watcher, a rebuild and a reload on a slow machine
ALPHA = """---
tags: [demo]
---
Alpha links to [[Beta]].

A second paragraph.
"""
BETA = "Beta is linked from [[Alpha]].\n"
INDEX = "# Home\n\nStart at [[Alpha]].\n"


@dataclass
class Served:
    """A running ``mkdocs serve`` over a temporary project."""

    url: str
    project: Path
    log: Path

    @property
    def vault(self) -> Path:
        return self.project / "docs"


def _free_port() -> int:
    with socket.socket() as sock:
        sock.bind(("127.0.0.1", 0))
        return int(sock.getsockname()[1])


def _wait_until_served(url: str, process: subprocess.Popen[bytes], log: Path) -> None:
    """Wait for the first answer: a page, or the page saying the site could not be built."""
    deadline = time.monotonic() + 180
    while time.monotonic() < deadline:
        if process.poll() is not None:
            pytest.fail(f"mkdocs serve exited:\n{log.read_text(encoding='utf-8')}")
        try:
            with urllib.request.urlopen(url, timeout=5) as response:
                if response.status == 200:
                    return
        except urllib.error.HTTPError as error:
            if error.code == 503:
                return
        except OSError:
            pass
        time.sleep(0.5)
    pytest.fail(f"mkdocs serve did not answer:\n{log.read_text(encoding='utf-8')}")


def _project(tmp_path: Path) -> Path:
    """A copy of the project's configuration, hooks and theme, with a three-note vault."""
    project = tmp_path / "project"
    project.mkdir()
    for name in ("mkdocs.yml", "mkdocs.base.yml", "CITATION.cff"):
        shutil.copy2(ROOT / name, project / name)
    for folder in ("hooks", "overrides"):
        shutil.copytree(ROOT / folder, project / folder)
    for watched in ("notebooks", "src/nonlinear"):  # mkdocs.yml watches them
        (project / watched).mkdir(parents=True)
    vault = project / "docs"
    (vault / "Notes").mkdir(parents=True)
    (vault / "index.md").write_text(INDEX, encoding="utf-8")
    (vault / "Notes" / "Alpha.md").write_text(ALPHA, encoding="utf-8")
    (vault / "Notes" / "Beta.md").write_text(BETA, encoding="utf-8")
    return project


@contextmanager
def _serve(project: Path, log: Path) -> Iterator[Served]:
    """``mkdocs serve --no-strict``, as ``make serve`` runs it, on *project*."""
    port = _free_port()
    env = {
        **os.environ,
        "NO_MKDOCS_2_WARNING": "1",
        "NONLINEAR_VAULT": str(project / "docs"),
        "NONLINEAR_NOTEBOOKS": "",
        "SITE_URL": "https://example.org/kb/",  # served under /kb/, as the real site is
        "PYTHONDONTWRITEBYTECODE": "1",
    }
    mkdocs = Path(sys.executable).with_name("mkdocs")
    with log.open("wb") as out:
        process = subprocess.Popen(
            [str(mkdocs), "serve", "--no-strict", "--dev-addr", f"127.0.0.1:{port}"],
            cwd=project,
            env=env,
            stdout=out,
            stderr=subprocess.STDOUT,
            start_new_session=True,
        )
    url = f"http://127.0.0.1:{port}/kb/"
    try:
        _wait_until_served(url, process, log)
        yield Served(url, project, log)
    finally:
        os.killpg(process.pid, signal.SIGINT)
        try:
            process.wait(timeout=30)
        except subprocess.TimeoutExpired:
            os.killpg(process.pid, signal.SIGKILL)
            process.wait()


@pytest.fixture
def served(tmp_path: Path) -> Iterator[Served]:
    """``mkdocs serve --no-strict`` on a copy of the project with a three-note vault."""
    with _serve(_project(tmp_path), tmp_path / "serve.log") as running:
        yield running


def _edit(path: Path, old: str, new: str) -> None:
    text = path.read_text(encoding="utf-8")
    assert old in text
    path.write_text(text.replace(old, new), encoding="utf-8")


def _open(browser: Browser, width: int, scheme: str) -> Page:
    context = browser.new_context(
        viewport={"width": width, "height": 900},
        color_scheme=scheme,  # type: ignore[arg-type]
    )
    return context.new_page()


def test_a_broken_link_shows_on_the_page_and_in_the_panel_until_it_is_fixed(
    browser: Browser, served: Served
) -> None:
    page = _open(browser, 1280, "light")
    page.goto(served.url + "Notes/Alpha/")
    article = page.locator("article")
    expect(article.locator("a.wikilink", has_text="Beta")).to_be_visible()
    expect(page.locator(".nl-problems")).to_have_count(0)  # a clean vault shows no panel

    # The author saves a link to a note that does not exist (line 6 of the file, column 16).
    note = served.vault / "Notes" / "Alpha.md"
    _edit(note, "A second paragraph.", "A second link [[No Such Note]] here.")
    # The page reloads by itself: the link is faded text, the panel names the line.
    broken = article.locator(".wikilink--broken", has_text="No Such Note")
    expect(broken).to_be_visible(timeout=REBUILD)
    assert float(broken.evaluate("e => getComputedStyle(e).opacity")) < 1
    assert broken.evaluate("e => e.tagName") == "SPAN"  # never a dead link
    items = page.locator(".nl-problems li")
    expect(items).to_have_count(1)
    expect(items.first).to_have_text(
        "6:15: unresolved-link: [[No Such Note]] matches no note; create the note or "
        "correct the name"
    )
    screenshot(page, "serve-problems-1280-light")

    # The vault-wide list has it under the note's path, with a link back to the note.
    page.locator(".nl-problems a", has_text="1 problem in the vault").click()
    expect(page.locator("article h1")).to_have_text("Problems")
    expect(page.locator("article h2")).to_have_text(["Notes/Alpha.md"])
    expect(page.locator("article li").first).to_contain_text("6:15: unresolved-link:")
    screenshot(page, "serve-problems-list-1280-light")
    page.locator("article h2 a").click()
    expect(page.locator(".nl-problems li")).to_have_count(1)

    # Fixed: the link works again and the problem is gone.
    _edit(note, "[[No Such Note]]", "[[Beta|to Beta]]")
    expect(article.locator("a.wikilink", has_text="to Beta")).to_be_visible(timeout=REBUILD)
    expect(page.locator(".nl-problems")).to_have_count(0)
    expect(article.locator(".wikilink--broken")).to_have_count(0)
    page.context.close()


def test_the_panel_reads_well_at_phone_width_and_in_dark_mode(
    browser: Browser, served: Served
) -> None:
    note = served.vault / "Notes" / "Beta.md"
    note.write_text(
        BETA + "\nSee [[Alpha#Nowhere]] and [[Gamma ray burst]] and [[Bet]].\n", encoding="utf-8"
    )
    for width, scheme in ((390, "light"), (390, "dark"), (1280, "dark")):
        page = _open(browser, width, scheme)
        page.goto(served.url + "Notes/Beta/")
        items = page.locator(".nl-problems li")
        expect(items).to_have_count(3, timeout=REBUILD)
        # A missing heading is a link to the note, drawn as broken.
        missing = page.locator("article a.wikilink--broken", has_text="Alpha > Nowhere")
        expect(missing).to_be_visible()
        panel = page.locator(".nl-problems").bounding_box()
        assert panel is not None
        assert panel["width"] <= width  # no sideways scrolling on a phone
        screenshot(page, f"serve-problems-{width}-{scheme}")
        page.context.close()


def test_a_build_that_cannot_finish_is_shown_over_the_last_good_page(
    browser: Browser, served: Served
) -> None:
    page = _open(browser, 1280, "light")
    page.goto(served.url + "Notes/Alpha/")
    expect(page.locator("article a.wikilink", has_text="Beta")).to_be_visible()

    config = served.project / "mkdocs.yml"
    good = config.read_text(encoding="utf-8")
    config.write_text(good + "\ntheme:\n  name: [unclosed\n", encoding="utf-8")
    banner = page.locator(".nl-serve--failure")
    expect(banner).to_be_visible(timeout=REBUILD)
    expect(banner).to_contain_text("The site could not be built")
    expect(banner.locator("pre")).to_contain_text("mkdocs.yml")
    # The last good page is still there under the banner.
    expect(page.locator("article a.wikilink", has_text="Beta")).to_be_visible()
    screenshot(page, "serve-build-failure-1280-light")

    config.write_text(good, encoding="utf-8")
    expect(banner).to_have_count(0, timeout=REBUILD)
    expect(page.locator("article a.wikilink", has_text="Beta")).to_be_visible()
    page.context.close()


def test_a_first_build_that_fails_is_a_page_until_a_save_fixes_it(
    browser: Browser, tmp_path: Path
) -> None:
    project = _project(tmp_path)
    base = project / "mkdocs.base.yml"
    good = base.read_text(encoding="utf-8")
    assert "      unresolved-link: warn\n" in good
    base.write_text(good.replace("unresolved-link: warn", "unresolved-link: loud"), "utf-8")
    with _serve(project, tmp_path / "serve.log") as running:
        page = _open(browser, 1280, "light")
        page.goto(running.url + "Notes/Alpha/")
        banner = page.locator(".nl-serve--failure")
        expect(banner).to_contain_text("There is no earlier build to show")
        expect(banner.locator("pre")).to_contain_text("'loud' is not a level")
        screenshot(page, "serve-first-build-failed-1280-light")
        # The fix is in the file mkdocs.yml inherits from, which MkDocs alone does not watch.
        base.write_text(good, encoding="utf-8")
        expect(page.locator("article", has_text="Alpha links to")).to_be_visible(timeout=REBUILD)
        expect(banner).to_have_count(0)
        page.context.close()
