"""Real vaults, built as `make site VAULT=…` builds them (mkdocs.vault.yml, not strict).

Each fixture under tests/sites/vaults/ has the shape of a kind of vault people keep; each test
asserts the site's home page, its own name, no broken internal reference, and the exact list
of problems the build prints.
"""

from __future__ import annotations

import os
import shutil
from pathlib import Path

import pytest

from nonlinear.site.sitecheck import broken_links

HERE = Path(__file__).resolve().parent
VAULTS = HERE / "vaults"
pytestmark = pytest.mark.site


def copy_vault(name: str, tmp_path: Path) -> Path:
    """A fresh copy of a fixture vault (tests add what git cannot hold: .git, links)."""
    vault = tmp_path / name
    shutil.copytree(VAULTS / name, vault, symlinks=True)
    return vault


def site_text(site: Path) -> str:
    return "\n".join(
        path.read_bytes().decode("utf-8", "replace") for path in site.rglob("*") if path.is_file()
    )


@pytest.fixture
def hidden_vault(tmp_path: Path) -> Path:
    """hidden-and-excluded, plus a git repository, symbolic links and unreadable notes."""
    vault = copy_vault("hidden-and-excluded", tmp_path)
    (vault / ".git").mkdir()
    (vault / ".git" / "HEAD").write_text("ref: refs/heads/main\n", "utf-8")
    (vault / ".git" / "index").write_bytes(b"DIRC\x00\x00\x00\x02 SENTINEL-GIT")
    outside = tmp_path / "outside"
    outside.mkdir()
    (outside / "Leak.md").write_text("SENTINEL-OUTSIDE [[Journal 📓]]\n", "utf-8")
    (outside / "leak.png").write_bytes(b"\x89PNG SENTINEL-OUTSIDE-IMAGE")
    os.symlink(outside, vault / "Shared")
    os.symlink(outside / "Leak.md", vault / "Leak.md")
    os.symlink(vault / "Journal 📓.md", vault / "🌱 Seeds" / "Journal twin.md")
    (vault / "Old export.md").write_bytes("Caf\u00e9 notes SENTINEL-LATIN1\n".encode("latin-1"))
    (vault / "Attachment.md").write_bytes(b"\x89PNG\r\n\x1a\n\x00\x00 SENTINEL-BINARY")
    return vault


def test_hidden_templates_excluded_links_and_unreadable_notes_stay_out(
    hidden_vault: Path, tmp_path: Path, build_vault
) -> None:
    built = build_vault(hidden_vault, tmp_path / "site")
    outside = tmp_path / "outside"
    unresolved = "matches no note; create the note or correct the name"
    assert built.problems == [
        # The files the build does not read, each named, at the first byte it cannot read.
        "Attachment.md:3:1: encoding: binary data (a NUL byte), not a Markdown note; the file "
        "is left out. Remove it or give it another extension than .md",
        f"Leak.md:1:1: symlink: a symbolic link to '{outside / 'Leak.md'}', outside the vault; "
        "not followed (1 file left out: text from outside the vault is never published). "
        "Move or copy the files into the vault to publish them",
        "Old export.md:1:4: encoding: not UTF-8 text (byte 0xe9 cannot be read); the note is "
        "left out. Save it again as UTF-8 (Obsidian writes UTF-8)",
        f"Shared:1:1: symlink: a symbolic link to '{outside}', outside the vault; not followed "
        "(2 files left out: text from outside the vault is never published). Move or copy the "
        "files into the vault to publish them",
        "🌱 Seeds/Journal twin.md:1:1: symlink: a symbolic link to 'Journal 📓.md' inside the "
        "vault; not followed (1 file left out: the target is published at its own path only). "
        "Move or copy the files into the vault to publish them",
        # Links into what Obsidian leaves out resolve nowhere (no problem is reported *inside*
        # the trash, the templates, the excluded files or .github).
        f"Journal 📓.md:3:30: unresolved-link: [[Diary]] {unresolved}",
        f"Journal 📓.md:3:41: unresolved-link: [[Daily]] {unresolved}",
        f"Journal 📓.md:3:52: unresolved-link: [[Old idea]] {unresolved}",
        f"Journal 📓.md:3:66: unresolved-link: [[Sketch.excalidraw]] {unresolved}",
        # A vault that is a git repository: [[index]] is not .git/index.
        f"🌱 Seeds/Idea ✨.md:6:37: unresolved-link: [[index]] {unresolved}",
    ]
    assert not built.aborted
    assert built.infos[-2] == (
        "10 problems: 5 unresolved-link, 3 symlink, 2 encoding; STRICT=1 fails on them"
    )
    site = built.site
    text = site_text(site)
    for sentinel in (
        "SENTINEL-TRASH",
        "SENTINEL-GITHUB",
        "SENTINEL-TEMPLATE",
        "SENTINEL-PRIVATE",
        "SENTINEL-EXCALIDRAW",
        "SENTINEL-GIT",
        "SENTINEL-OUTSIDE",
        "SENTINEL-LATIN1",
        "SENTINEL-BINARY",
        "{{title}}",
    ):
        assert sentinel not in text, sentinel
    for gone in (".git", ".trash", ".github", ".obsidian", "_meta", "Private", "Shared"):
        assert not (site / gone).exists(), gone
    assert (site / "Journal 📓" / "index.html").is_file()
    assert (site / "🌱 Seeds" / "Idea ✨" / "index.html").is_file()
    assert "<title>Journal 📓 - hidden-and-excluded</title>" in (
        site / "Journal 📓" / "index.html"
    ).read_text("utf-8")
    # Readme.md (any case) is the home page; its own URL still leads there.
    home = (site / "index.html").read_text("utf-8")
    assert "<title>Welcome 👋 - hidden-and-excluded</title>" in home
    assert 'url=../"' in (site / "Readme" / "index.html").read_text("utf-8")
    assert [str(f) for f in broken_links(site)] == []


def test_strict_turns_the_problems_into_a_failure(
    hidden_vault: Path, tmp_path: Path, build_vault
) -> None:
    built = build_vault(hidden_vault, tmp_path / "site", strict=True)
    assert built.aborted
    assert len(built.problems) == 10
