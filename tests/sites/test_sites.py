"""Whole fixture vaults built strictly in-process with the engine hook."""

from __future__ import annotations

import hashlib
import json
import logging
import os
import socket
import subprocess
import sys
import threading
import urllib.request
from pathlib import Path
from urllib.parse import unquote, urlsplit

import pytest
from bs4 import BeautifulSoup
from mkdocs.commands.build import build
from mkdocs.config import load_config
from mkdocs.exceptions import Abort

HERE = Path(__file__).resolve().parent
pytestmark = pytest.mark.site


def vault_hash(folder: Path) -> str:
    digest = hashlib.sha256()
    for path in sorted(folder.rglob("*")):
        digest.update(str(path.relative_to(folder)).encode())
        if path.is_file():
            digest.update(path.read_bytes())
    return digest.hexdigest()


def build_site(name: str, site_dir: Path) -> Path:
    os.environ.setdefault("NO_MKDOCS_2_WARNING", "1")
    config = load_config(str(HERE / name / "mkdocs.yml"), site_dir=str(site_dir), strict=True)
    build(config)
    return site_dir


def target_of(page: Path, href: str, site: Path) -> tuple[Path, str]:
    parts = urlsplit(href)
    assert not parts.scheme, href
    target = (page.parent / unquote(parts.path)).resolve() if parts.path else page
    if target.is_dir():
        target = target / "index.html"
    assert target.is_relative_to(site.resolve()), href
    return target, unquote(parts.fragment)


@pytest.fixture(scope="module")
def forms(tmp_path_factory: pytest.TempPathFactory) -> Path:
    docs = HERE / "vault-forms" / "docs"
    before = vault_hash(docs)
    first = build_site("vault-forms", tmp_path_factory.mktemp("forms-1"))
    second = build_site("vault-forms", tmp_path_factory.mktemp("forms-2"))
    # Two builds in one process: hook state must not leak from the first into the second.
    for name in ("index.html", "graph.json", "link-report.json", "Notes/Target-Note/index.html"):
        assert (first / name).read_bytes() == (second / name).read_bytes(), name
    assert vault_hash(docs) == before, "the build wrote into the vault"
    return first


def test_every_wikilink_and_embed_points_at_a_built_file_and_anchor(forms: Path) -> None:
    checked = 0
    for page in forms.rglob("*.html"):
        soup = BeautifulSoup(page.read_text(encoding="utf-8"), "html.parser")
        for a in soup.select("a.wikilink"):
            target, anchor = target_of(page, str(a["href"]), forms)
            assert target.exists(), (page, a["href"])
            if anchor and target.suffix == ".html":
                ids = BeautifulSoup(target.read_text(encoding="utf-8"), "html.parser")
                assert ids.find(id=anchor) is not None, (page, a["href"])
            checked += 1
        for media in soup.select(".wikilink-embed"):
            target, _ = target_of(page, str(media["src"]), forms)
            assert target.exists(), (page, media["src"])
    assert checked >= 30


def test_no_broken_links_and_decoys_stay_text(forms: Path) -> None:
    soup = BeautifulSoup((forms / "index.html").read_text(encoding="utf-8"), "html.parser")
    assert soup.select(".wikilink--broken") == []
    texts = [a.get_text() for a in soup.select("a.wikilink")]
    for decoy in ("Not A Link", "Hidden", "Comment", "Tilde fence", "Indented code", "0"):
        assert decoy not in texts
    code = " ".join(c.get_text() for c in soup.find_all("code"))
    assert "[[Tilde fence]]" in code
    assert "[[Indented code]]" in code


def test_special_names_get_urls_a_person_can_type(forms: Path) -> None:
    soup = BeautifulSoup((forms / "index.html").read_text(encoding="utf-8"), "html.parser")
    hrefs = {a.get_text(): a["href"] for a in soup.select("a")}
    # No %20: the URL rule (nonlinear.vault.paths.slug_path) writes every name for typing.
    assert hrefs["C++ & Rust 100% ?"] == "Special/C-plus-plus-and-Rust-100-percent/"
    assert hrefs["日本語 ✨"] == "Special/%E6%97%A5%E6%9C%AC%E8%AA%9E/"  # 日本語/
    assert hrefs["a note with a hash"] == "Special/C-notes/"
    assert (forms / "Special" / "C-notes" / "index.html").exists()


def test_unpublished_note_never_leaks(forms: Path) -> None:
    assert not (forms / "Other").exists()
    for path in forms.rglob("*"):
        if path.is_file():
            assert b"TOP SECRET" not in path.read_bytes(), path
    graph = json.loads((forms / "graph.json").read_text(encoding="utf-8"))
    assert "Other/Secret.md" not in {n["id"] for n in graph["nodes"]}


def test_graph_and_link_report(forms: Path) -> None:
    graph = json.loads((forms / "graph.json").read_text(encoding="utf-8"))
    ids = {n["id"] for n in graph["nodes"]}
    assert ids == {
        "index.md",
        "Notes/Target Note.md",
        "Notes/Sub/Deep.md",
        "Notes/Sub/Sibling.md",
        "Special/C++ & Rust 100% ?.md",
        "Special/日本語 ✨.md",
        "Special/C# notes.md",
    }
    assert {"source": "Notes/Sub/Deep.md", "target": "Notes/Sub/Sibling.md"} in graph["edges"]
    report = json.loads((forms / "link-report.json").read_text(encoding="utf-8"))
    assert report["counts"] == {"alias": 1, "resolved": 33}
    markdown = [row for row in report["links"] if row["syntax"] == "markdown"]
    assert [(r["source"], r["line"], r["raw"], r["target"]) for r in markdown] == [
        ("index.md", 15, "[a note with a hash](Special/C%23%20notes.md)", "Special/C# notes.md")
    ]
    alias = [row for row in report["links"] if row["status"] == "alias"]
    assert alias == [
        {
            "source": "index.md",
            "line": 4,
            "col": 78,
            "raw": "[[Tgt]]",
            "kind": "link",
            "syntax": "wiki",
            "status": "alias",
            "target": "Notes/Target Note.md",
            "anchor": None,
        }
    ]


def test_broken_link_aborts_strict_build_with_exact_location(
    tmp_path: Path, caplog: pytest.LogCaptureFixture
) -> None:
    caplog.set_level(logging.INFO)
    with pytest.raises(Abort):
        build_site("vault-broken", tmp_path)
    messages = [r.getMessage() for r in caplog.records if r.levelno == logging.WARNING]
    assert messages == [
        # get_plugin_logger("nonlinear") prefixes "nonlinear: "; the rest is path:line:col.
        "nonlinear: index.md:5:11: unresolved-link: [[Leaky Rel]] matches no note; "
        "did you mean 'Leaky ReLU'?"
    ]


def test_bad_validation_level_is_a_plugin_error_naming_the_setting(
    tmp_path: Path, caplog: pytest.LogCaptureFixture
) -> None:
    config = (HERE / "vault-forms" / "mkdocs.yml").read_text(encoding="utf-8")
    config = config.replace("docs_dir: docs", f"docs_dir: {HERE / 'vault-forms' / 'docs'}")
    config = config.replace("hooks:\n  - ../../../hooks/", f"hooks:\n  - {HERE.parents[1]}/hooks/")
    config = config.replace("alias-link: info", "alias-link: loud")
    (tmp_path / "mkdocs.yml").write_text(config, encoding="utf-8")
    loaded = load_config(str(tmp_path / "mkdocs.yml"), site_dir=str(tmp_path / "site"))
    # MkDocs logs the PluginError and aborts the build.
    with pytest.raises(Abort):
        build(loaded)
    errors = [r.getMessage() for r in caplog.records if r.levelno == logging.ERROR]
    assert errors == [
        "mkdocs.yml: extra.nonlinear.validation.alias-link: 'loud' is not a level; "
        "use one of: warn, info, ignore"
    ]


def test_serving_never_writes_into_the_vault(tmp_path: Path) -> None:
    docs = HERE / "vault-forms" / "docs"
    before = vault_hash(docs)
    with socket.socket() as probe:
        probe.bind(("127.0.0.1", 0))
        port = probe.getsockname()[1]
    env = {**os.environ, "NO_MKDOCS_2_WARNING": "1"}
    server = subprocess.Popen(
        [
            sys.executable,
            "-m",
            "mkdocs",
            "serve",
            "--no-livereload",
            "-f",
            str(HERE / "vault-forms" / "mkdocs.yml"),
            "-a",
            f"127.0.0.1:{port}",
        ],
        env=env,
        cwd=tmp_path,
        stdout=subprocess.DEVNULL,
        stderr=subprocess.DEVNULL,
    )
    try:
        page = ""
        for _ in range(600):  # poll until the first build is served (or the server died)
            if server.poll() is not None:
                break
            try:
                with urllib.request.urlopen(f"http://127.0.0.1:{port}/forms/", timeout=1) as r:
                    page = r.read().decode("utf-8")
                break
            except OSError:
                threading.Event().wait(0.2)
        assert 'class="wikilink"' in page
    finally:
        server.terminate()
        server.wait(timeout=30)
    assert vault_hash(docs) == before, "serving wrote into the vault"


def test_a_note_with_a_permalink_is_served_there_and_its_path_url_redirects(
    tmp_path: Path,
) -> None:
    docs = tmp_path / "docs"
    (docs / "Deep").mkdir(parents=True)
    (docs / "index.md").write_text("Start at [[R]] or [its section](Deep/R.md#part).\n", "utf-8")
    (docs / "Deep" / "R.md").write_text(
        "---\npermalink: functions/relu\n---\n# R\n\n## Part\n\nBack [[index|home]].\n", "utf-8"
    )
    hooks = HERE.parents[1] / "hooks"
    (tmp_path / "mkdocs.yml").write_text(
        "site_name: P\nsite_url: https://example.org/p/\nstrict: true\n"
        "theme: {name: material, font: false}\n"
        f"hooks: [{hooks / 'wikilinks.py'}, {hooks / 'redirects.py'}]\n"
        "markdown_extensions: [toc, attr_list, md_in_html]\n"
        "validation: {unrecognized_links: warn, anchors: warn}\n",
        "utf-8",
    )
    os.environ.setdefault("NO_MKDOCS_2_WARNING", "1")
    site = tmp_path / "site"
    build(load_config(str(tmp_path / "mkdocs.yml"), site_dir=str(site), strict=True))
    page = site / "functions" / "relu" / "index.html"
    soup = BeautifulSoup(page.read_text("utf-8"), "html.parser")
    assert soup.select_one("link[rel=canonical]")["href"] == "https://example.org/p/functions/relu/"
    assert soup.select_one("article a.wikilink")["href"] == "../../"
    home = BeautifulSoup((site / "index.html").read_text("utf-8"), "html.parser")
    assert [a["href"] for a in home.select("article p a")] == [
        "functions/relu/",
        "functions/relu/#part",
    ]
    old = (site / "Deep" / "R" / "index.html").read_text("utf-8")
    assert 'http-equiv="refresh" content="0; url=../../functions/relu/"' in old
    sitemap = (site / "sitemap.xml").read_text("utf-8")
    assert "https://example.org/p/functions/relu/" in sitemap
    assert "Deep/R/" not in sitemap
