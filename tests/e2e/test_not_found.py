"""The "not found" page keeps its look and its links wherever the site is served.

A server answers every missing address with the site's 404.html (GitHub Pages does), so the
page is read at addresses of any depth, and the site itself may be served under any path:
here another vault, built as `make site VAULT=…` builds it (no site_url), served under
/deep/base/ and read at a missing address three folders down.
"""

from __future__ import annotations

import functools
import http.server
import os
import shutil
import threading
from collections.abc import Iterator
from pathlib import Path

import pytest
from mkdocs.commands.build import build
from mkdocs.config import load_config
from playwright.sync_api import Browser

from .conftest import CHROMIUM, ROOT, screenshot

PREFIX = "/deep/base/"
pytestmark = pytest.mark.browser


class _Pages(http.server.SimpleHTTPRequestHandler):
    """Serves the site under PREFIX; a miss gets 404.html with status 404, as GitHub Pages."""

    def __init__(self, *args: object, site: Path, **kwargs: object) -> None:
        self.site = site
        super().__init__(*args, directory=str(site), **kwargs)  # type: ignore[arg-type]

    def translate_path(self, path: str) -> str:
        if not path.startswith(PREFIX):
            return str(self.site / "__missing__")
        return super().translate_path("/" + path[len(PREFIX) :])

    def send_error(self, code: int, message: str | None = None, explain: str | None = None) -> None:
        if code != 404:
            super().send_error(code, message, explain)
            return
        body = (self.site / "404.html").read_bytes()
        self.send_response(404)
        self.send_header("Content-Type", "text/html; charset=utf-8")
        self.send_header("Content-Length", str(len(body)))
        self.end_headers()
        if self.command != "HEAD":
            self.wfile.write(body)

    def log_message(self, format: str, *args: object) -> None:
        """Keep the test output clean."""


@pytest.fixture(scope="module")
def vault_site(tmp_path_factory: pytest.TempPathFactory) -> Iterator[str]:
    """Another vault's site (no site_url) served under PREFIX on a loopback port."""
    vault = tmp_path_factory.mktemp("nf") / "Field notes"
    shutil.copytree(ROOT / "tests" / "sites" / "vaults" / "hidden-and-excluded", vault)
    site = tmp_path_factory.mktemp("nf-site")
    saved = {k: os.environ.get(k) for k in ("NONLINEAR_VAULT", "NONLINEAR_NOTEBOOKS")}
    os.environ.update({"NONLINEAR_VAULT": str(vault), "NONLINEAR_NOTEBOOKS": ""})
    os.environ.setdefault("NO_MKDOCS_2_WARNING", "1")
    try:
        build(load_config(str(ROOT / "mkdocs.vault.yml"), site_dir=str(site)))
    finally:
        for key, value in saved.items():
            if value is None:
                os.environ.pop(key, None)
            else:
                os.environ[key] = value
    handler = functools.partial(_Pages, site=site)
    server = http.server.ThreadingHTTPServer(("127.0.0.1", 0), handler)
    thread = threading.Thread(target=server.serve_forever, daemon=True)
    thread.start()
    try:
        yield f"http://127.0.0.1:{server.server_address[1]}{PREFIX}"
    finally:
        server.shutdown()
        server.server_close()


def test_not_found_page_loads_its_assets_and_links_under_any_path(
    browser: Browser, vault_site: str
) -> None:
    if not Path(CHROMIUM).exists():
        pytest.skip("no Chromium")
    context = browser.new_context(viewport={"width": 1280, "height": 900})
    page = context.new_page()
    errors: list[str] = []
    page.on("pageerror", lambda e: errors.append(str(e)))
    failed: list[str] = []
    page.on(
        "response", lambda r: r.status >= 400 and "/missing/" not in r.url and failed.append(r.url)
    )
    page.on("requestfailed", lambda r: failed.append(r.url))
    try:
        response = page.goto(vault_site + "missing/folder/page/")
        assert response is not None
        assert response.status == 404
        page.wait_for_load_state("networkidle")
        # Material's stylesheet applied: the header is fixed-height and sticky.
        assert (
            page.evaluate("getComputedStyle(document.querySelector('.md-header')).position")
            == "sticky"
        )
        assert page.locator("h1").first.inner_text() == "404 - Not found"
        # The logo leads to the site's root, the navigation to the notes, under /deep/base/.
        home = page.evaluate("document.querySelector('a.md-logo').href")
        assert home == vault_site
        journal = page.evaluate(
            "[...document.querySelectorAll('nav.md-nav--primary a')]"
            ".map(a => a.href).find(h => h.includes('Journal'))"
        )
        assert journal == vault_site + "Journal/"
        # Every stylesheet and script the page uses came from the site under /deep/base/.
        sheets = page.evaluate(
            "[...document.styleSheets].filter(s => s.href).map(s => [s.href, s.cssRules.length])"
        )
        assert sheets
        assert all(href.startswith(vault_site) and rules > 0 for href, rules in sheets), sheets
        scripts = page.evaluate("[...document.scripts].filter(s => s.src).map(s => s.src)")
        assert scripts
        assert all(src.startswith(vault_site) for src in scripts), scripts
        assert errors == []
        # What failed: the root probes (HEAD <folder>/404.html, deepest folder first) and what
        # the browser fetched ahead from the configured root ("/", no site_url) before the
        # probes moved the <base>; nothing under the site's own root.
        assert [u for u in failed if u.startswith(vault_site + "assets")] == []
        screenshot(page, "not-found-under-a-base-path")
        page.locator("a.md-header__button.md-logo").click()
        page.wait_for_load_state("networkidle")
        assert page.url == vault_site
        assert "Welcome" in page.locator("article").inner_text()
    finally:
        context.close()
