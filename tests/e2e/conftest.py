"""End-to-end fixtures: the knowledge base built once, served on 127.0.0.1, read in Chromium.

The browser is Debian's ``chromium`` driven by Playwright; no browser is ever downloaded.
Outside CI a machine without Chromium skips these tests and says so loudly in the summary;
in CI (``CI`` set) a missing browser is an error, because ``.ci/run`` installs it.
"""

from __future__ import annotations

import contextlib
import functools
import http.server
import os
import shutil
import threading
from collections.abc import Iterator
from dataclasses import dataclass, field
from pathlib import Path
from urllib.parse import urlsplit

import pytest
from mkdocs.commands.build import build
from mkdocs.config import load_config
from playwright.sync_api import Browser, Page, Route, sync_playwright

ROOT = Path(__file__).resolve().parents[2]
ARTIFACTS = ROOT / "test-artifacts" / "screenshots"
CHROMIUM = shutil.which("chromium") or "/usr/bin/chromium"
CHROMIUM_ARGS = [
    "--no-sandbox",
    "--disable-gpu",
    "--disable-quic",
    "--disable-background-networking",
    "--disable-component-update",
    "--no-first-run",
    "--disable-sync",
]
_SKIPPED: list[str] = []


def _browser_available() -> bool:
    return Path(CHROMIUM).exists()


class _QuietHandler(http.server.SimpleHTTPRequestHandler):
    def log_message(self, format: str, *args: object) -> None:
        """Keep the test output clean."""


@dataclass(frozen=True)
class BuiltSite:
    """The knowledge base built once, and the address its build took as ``site_url``."""

    folder: Path
    url: str


def _serve(directory: Path) -> tuple[http.server.ThreadingHTTPServer, str]:
    """Serve ``directory`` on an ephemeral loopback port (not started yet)."""
    handler = functools.partial(_QuietHandler, directory=str(directory))
    server = http.server.ThreadingHTTPServer(("127.0.0.1", 0), handler)
    return server, f"http://127.0.0.1:{server.server_address[1]}/"


@contextlib.contextmanager
def _running(server: http.server.ThreadingHTTPServer) -> Iterator[None]:
    thread = threading.Thread(target=server.serve_forever, daemon=True)
    thread.start()
    try:
        yield
    finally:
        server.shutdown()
        server.server_close()


@pytest.fixture(scope="session")
def built_site(tmp_path_factory: pytest.TempPathFactory) -> Iterator[BuiltSite]:
    """Build ``docs/`` strictly and serve it at the address the build took as ``site_url``.

    The port is bound first so that the site is built with ``site_url`` equal to the address
    it is served from: the published situation. :func:`copy_url` serves the same files
    elsewhere.
    """
    site_dir = tmp_path_factory.mktemp("e2e-site")
    server, url = _serve(site_dir)
    os.environ.setdefault("NO_MKDOCS_2_WARNING", "1")
    config = load_config(
        str(ROOT / "mkdocs.yml"), site_dir=str(site_dir), site_url=url, strict=True
    )
    build(config)
    with _running(server):
        yield BuiltSite(site_dir, url)


@pytest.fixture(scope="session")
def site_url(built_site: BuiltSite) -> str:
    """The site at its own (published) address."""
    return built_site.url


@pytest.fixture(scope="session")
def copy_url(built_site: BuiltSite, tmp_path_factory: pytest.TempPathFactory) -> Iterator[str]:
    """The same files as a classroom copy: another port, under ``/classroom/nonlinear/``.

    As a teacher would serve it: ``python -m http.server`` in a folder that holds the copy
    in a subfolder. Nothing in the files knows this address.
    """
    root = tmp_path_factory.mktemp("e2e-copy")
    (root / "classroom").mkdir()
    shutil.copytree(built_site.folder, root / "classroom" / "nonlinear")
    server, url = _serve(root)
    assert url != built_site.url
    with _running(server):
        yield url + "classroom/nonlinear/"


@dataclass
class PageWatch:
    """What a page did that a test may want to assert on."""

    console_errors: list[str] = field(default_factory=list)
    external_requests: list[str] = field(default_factory=list)
    failed_requests: list[str] = field(default_factory=list)


@pytest.fixture(scope="session")
def browser() -> Iterator[Browser]:
    """A headless Chromium, or a skip (loud, outside CI only) when there is none."""
    if not _browser_available():
        reason = f"no Chromium at {CHROMIUM}: browser tests NOT run (apt-get install chromium)"
        if os.environ.get("CI"):
            pytest.fail(reason)
        _SKIPPED.append(reason)
        pytest.skip(reason)
    with sync_playwright() as playwright:
        instance = playwright.chromium.launch(executable_path=CHROMIUM, args=CHROMIUM_ARGS)
        try:
            yield instance
        finally:
            instance.close()


@pytest.fixture
def page(browser: Browser, site_url: str) -> Iterator[tuple[Page, PageWatch]]:
    """A fresh page that records console errors and every request leaving 127.0.0.1."""
    context = browser.new_context(viewport={"width": 1280, "height": 900})
    page = context.new_page()
    watch = PageWatch()
    page.on("console", lambda m: m.type == "error" and watch.console_errors.append(m.text))
    page.on("pageerror", lambda e: watch.console_errors.append(str(e)))

    def _route(route: Route) -> None:
        host = urlsplit(route.request.url).hostname
        if route.request.url.startswith(("data:", "blob:")) or host == "127.0.0.1":
            route.continue_()
        else:
            watch.external_requests.append(route.request.url)
            route.abort()

    page.route("**/*", _route)
    page.on("requestfailed", lambda r: watch.failed_requests.append(r.url))
    try:
        yield page, watch
    finally:
        context.close()


def screenshot(page: Page, name: str) -> Path:
    """Save a screenshot of the viewport under test-artifacts/ (kept as a CI artefact)."""
    ARTIFACTS.mkdir(parents=True, exist_ok=True)
    path = ARTIFACTS / f"{name}.png"
    page.screenshot(path=str(path), full_page=False)
    return path


def pytest_terminal_summary(terminalreporter: pytest.TerminalReporter) -> None:
    """Say loudly that the browser tests did not run."""
    if _SKIPPED:
        terminalreporter.write_sep("!", "BROWSER TESTS SKIPPED", red=True, bold=True)
        terminalreporter.write_line(_SKIPPED[0], red=True)
