"""Another vault's site is named after the vault, as Obsidian names a vault after its folder."""

from __future__ import annotations

from pathlib import Path

from nonlinear.site.identity import vault_site_name


def test_the_vault_folder_names_the_site(tmp_path: Path) -> None:
    vault = tmp_path / "Garden of ideas 🌱"
    vault.mkdir()
    assert vault_site_name(vault, "{vault}") == "Garden of ideas 🌱"
    assert vault_site_name(vault / "sub" / "..", "{vault}") == "Garden of ideas 🌱"
    assert vault_site_name(vault, "{vault} (public)") == "Garden of ideas 🌱 (public)"


def test_a_configured_name_is_kept(tmp_path: Path) -> None:
    assert vault_site_name(tmp_path, "My notes") == "My notes"


def test_a_link_to_the_vault_takes_the_vault_s_name(tmp_path: Path) -> None:
    (tmp_path / "Real name").mkdir()
    (tmp_path / "shortcut").symlink_to(tmp_path / "Real name")
    assert vault_site_name(tmp_path / "shortcut", "{vault}") == "Real name"
