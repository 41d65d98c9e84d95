"""MkDocs hook: who the site is — its name, and a "not found" page that works at any address.

Thin: ``nonlinear.site.identity`` decides. Events:

* ``on_config``: ``mkdocs.vault.yml`` (``make site VAULT=…``) names the site ``{vault}``: the
  vault folder's name goes there, as Obsidian names a vault after its folder. The name is
  handed to the theme escaped, as ``Markup`` (Material prints ``config.site_name`` unescaped in
  the header, ``<title>`` and the not-found page, and a folder may be named ``<svg onload=…>``);
  code that writes text takes it back with ``plain_title``.
* ``on_template_context`` for ``404.html``: a server answers every missing address with this
  one page, so MkDocs writes its links from the root (``/`` or the path of ``site_url``), which
  breaks as soon as the site is served under another path. Here its links start from the site
  root instead, and ``overrides/404.html`` finds that root in the reader's browser.
"""

from __future__ import annotations

from pathlib import Path
from typing import TYPE_CHECKING, Any

from markupsafe import escape

from nonlinear.site.identity import site_path, vault_site_name

if TYPE_CHECKING:
    from mkdocs.config.defaults import MkDocsConfig
    from mkdocs.utils.templates import TemplateContext


def on_config(config: MkDocsConfig, **kwargs: Any) -> MkDocsConfig:
    """Name a site whose configuration says ``{vault}`` after the vault folder."""
    config.site_name = escape(vault_site_name(Path(config.docs_dir), config.site_name))
    return config


def on_template_context(
    context: TemplateContext, *, template_name: str, config: MkDocsConfig, **kwargs: Any
) -> TemplateContext:
    """Links of the not-found page start from the site root, wherever it is served."""
    if template_name == "404.html":
        context["base_url"] = "."
        context["nonlinear_root"] = site_path(config.site_url)  # type: ignore[typeddict-unknown-key]
    return context
