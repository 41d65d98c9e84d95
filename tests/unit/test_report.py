"""nonlinear.vault.report: the way out of an ambiguous link names links that are not ambiguous."""

from __future__ import annotations

from markdown.extensions.toc import slugify

from nonlinear.vault.index import SourceNote, VaultIndex
from nonlinear.vault.paths import SrcUri
from nonlinear.vault.report import check_links
from nonlinear.vault.resolve import Resolver


def test_ambiguous_hint_never_suggests_the_ambiguous_name() -> None:
    vault = {
        "folder/Linker.md": "see [[Same]]",
        "folder/Same.md": "",
        "other/Same.md": "",
    }
    index = VaultIndex.build([SourceNote(SrcUri(u), t) for u, t in vault.items()], slugify)
    check = check_links(index, Resolver(index, slugify))
    assert [str(d) for d in check.diagnostics] == [
        "folder/Linker.md:1:5: ambiguous-link: [[Same]] matches 2 files: 'folder/Same.md', "
        "'other/Same.md'; linked to 'folder/Same.md' (nearest to 'folder/Linker.md'); "
        "write [[folder/Same]] or [[other/Same]]"
    ]
