"""Who a site is: the name another vault's site gets when its configuration names none.

Where it sits: ``mkdocs.vault.yml`` (``make site VAULT=…``) leaves ``site_name`` empty unless
``SITE_NAME`` is given: its ``site_name`` is ``{vault}``, which ``hooks/vault.py`` replaces by the
vault folder's name, as Obsidian names a vault after its folder. Nothing of the knowledge base's identity is inherited by another
vault: see the comments in ``mkdocs.base.yml``.
"""

from __future__ import annotations

import os
from pathlib import Path
from urllib.parse import urlsplit

__all__ = ["site_path", "vault_site_name"]


VAULT_NAME = "{vault}"
"""Stands for the vault folder's name in ``site_name``."""


def vault_site_name(vault: Path, configured: str) -> str:
    """The site's name, with :data:`VAULT_NAME` replaced by the vault folder's name.

    Args:
        vault: The vault folder (MkDocs' ``docs_dir``); ``.`` and links are resolved.
        configured: ``site_name`` from the configuration.

    Returns:
        ``"My vault"`` for ``{vault}`` and ``~/Obsidian/My vault/``; any other name as it is.
    """
    if VAULT_NAME not in configured:
        return configured
    folder = Path(os.path.realpath(vault)).name or "Vault"
    return configured.replace(VAULT_NAME, folder).strip() or folder


def site_path(site_url: str | None) -> str:
    """The path part of ``site_url``, ending in ``/`` (``/`` when there is none).

    >>> site_path("https://example.org/kb"), site_path(None)
    ('/kb/', '/')
    """
    path = urlsplit(site_url or "").path or "/"
    return path if path.endswith("/") else path + "/"
