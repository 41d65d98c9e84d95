"""MkDocs hook: mkdocs-jupyter, loaded only when the vault holds ``.ipynb`` files.

mkdocs-jupyter renders the notebooks kept inside a vault as pages, as they are stored (never
executed at build time; a stored error output is refused). Listed under ``plugins:`` it would
cost every build its imports (nbconvert, jupytext: about 0.7 s) and a jupytext read of every
``.md`` twice (about 8 ms per note), even for a vault without a single notebook. So this hook
creates the plugin only when ``on_files`` finds a ``.ipynb`` among the vault's files, and hands
it the events MkDocs would (``on_files``, ``on_pre_page``, ``on_post_page``, ``on_post_build``),
at the place of this hook in ``hooks:`` (first, so it sees the vault's files before the
notebooks hook adds its own pages).

Options: the plugin's own, under ``extra: nonlinear: jupyter:`` in mkdocs.yml, over
:data:`DEFAULTS`. Our notebooks (``notebooks/``) are not its business: ``hooks/notebooks.py``
executes them and publishes lean Markdown pages.
"""

from __future__ import annotations

from collections.abc import Mapping
from pathlib import PurePath
from typing import TYPE_CHECKING, Any

from mkdocs.exceptions import PluginError
from mkdocs.structure.files import InclusionLevel

if TYPE_CHECKING:
    from mkdocs.config.defaults import MkDocsConfig
    from mkdocs.structure.files import File, Files
    from mkdocs.structure.pages import Page

DEFAULTS: dict[str, Any] = {
    "include": ["*.ipynb"],
    "execute": False,
    "allow_errors": False,
    "include_requirejs": False,
}
"""mkdocs-jupyter's options for a vault's notebooks: rendered as stored, errors refused."""

# Reset in on_config: MkDocs keeps hook modules loaded across `mkdocs serve` rebuilds.
_STATE: dict[str, Any] = {"plugin": None, "options": dict(DEFAULTS)}


def on_config(config: MkDocsConfig, **kwargs: Any) -> MkDocsConfig:
    """Forget the previous build's plugin; read the options."""
    extra = config.extra.get("nonlinear")
    options = extra.get("jupyter") if isinstance(extra, Mapping) else None
    if options is not None and not isinstance(options, Mapping):
        raise PluginError(f"mkdocs.yml: extra.nonlinear.jupyter must be a mapping, not {options!r}")
    _STATE["plugin"] = None
    _STATE["options"] = {**DEFAULTS, **(options or {})}
    return config


def _vault_notebook(file: File) -> bool:
    """A ``.ipynb`` of the vault itself (not one a hook generated, not an excluded one)."""
    return (
        file.src_uri.endswith(".ipynb")
        and not file.generated_by
        and file.inclusion is not InclusionLevel.EXCLUDED
    )


def on_files(files: Files, *, config: MkDocsConfig) -> Files:
    """Create mkdocs-jupyter if the vault holds a notebook, and let it claim the notebooks."""
    if not any(_vault_notebook(file) for file in files):
        return files
    plugin = _load(config)
    _STATE["plugin"] = plugin
    plugin.on_pre_build(config)  # its cache bookkeeping starts there
    result: Files = plugin.on_files(files, config)
    return result


def on_pre_page(page: Page, *, config: MkDocsConfig, files: Files) -> Page:
    """Let mkdocs-jupyter render its notebook pages."""
    plugin = _STATE["plugin"]
    if plugin is None:
        return page
    result: Page = plugin.on_pre_page(page, config, files)
    return result


def on_post_page(output: str, *, page: Page, config: MkDocsConfig) -> str:
    """mkdocs-jupyter copies a notebook's source and data files next to its page."""
    plugin = _STATE["plugin"]
    if plugin is not None:
        plugin.on_post_page(output, page, config)
    return output


def on_post_build(*, config: MkDocsConfig) -> None:
    """mkdocs-jupyter evicts its stale cache entries."""
    plugin = _STATE["plugin"]
    if plugin is not None:
        plugin.on_post_build(config)


def _load(config: MkDocsConfig) -> Any:
    """Import and configure mkdocs-jupyter (only now: its imports are heavy)."""
    from mkdocs_jupyter.plugin import Plugin  # noqa: PLC0415  (lazy on purpose)

    class LeanPlugin(Plugin):  # type: ignore[misc]  # untyped third-party class
        """mkdocs-jupyter asking jupytext about a ``.md`` only when ``include`` matches it.

        Its own order reads every ``.md`` with jupytext first and matches ``include`` after;
        both must hold, so matching first gives the same answer without the read.
        """

        def should_include(self, file: File) -> bool:
            if file.abs_src_path and PurePath(file.abs_src_path).suffix == ".md":
                path = PurePath(file.abs_src_path)
                if not any(path.match(pattern) for pattern in self.config["include"]):
                    return False
            return bool(super().should_include(file))

    plugin = LeanPlugin()
    errors, _warnings = plugin.load_config(
        dict(_STATE["options"]), config_file_path=config.config_file_path
    )
    if errors:
        problems = "; ".join(f"{key}: {error}" for key, error in errors)
        raise PluginError(f"mkdocs.yml: extra.nonlinear.jupyter: {problems}")
    return plugin
