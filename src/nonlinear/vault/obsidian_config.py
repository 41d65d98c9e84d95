"""Vault settings from ``.obsidian/app.json``, and note-level display properties.

Where it sits: Obsidian keeps per-vault settings in ``<vault>/.obsidian/app.json``; the site
should behave like the app without the author copying settings into ``mkdocs.yml``
(reference (d) item 8). ``hooks/obsidian.py`` calls :func:`load_obsidian_config` in
``on_config`` with the vault folder and the ``extra: nonlinear:`` mapping of ``mkdocs.yml``,
whose keys override the file. The engine may read the same :class:`ObsidianConfig` for link
formats, the attachment folder and excluded files.

Settings read (keys as Obsidian writes them; absent keys take Obsidian's defaults):

* ``strictLineBreaks`` (default false): with it off, a single newline is a line break in
  Reading view; the site then enables Python-Markdown's ``nl2br``.
* ``newLinkFormat`` (``shortest`` | ``relative`` | ``absolute``, default ``shortest``).
* ``useMarkdownLinks`` (default false).
* ``attachmentFolderPath`` (default ``/``, the vault root; ``./`` means next to the note).
* ``userIgnoreFilters`` (default none): "Excluded files", paths or ``/regex/`` patterns.

And the templates folder, from the core Templates plugin (``.obsidian/templates.json``,
``"folder"``) and from Templater (``.obsidian/plugins/templater-obsidian/data.json``,
``"templates_folder"``): templates are not notes to publish (``nonlinear.vault.exclusions``).

Also here: :func:`css_classes`, the frontmatter ``cssclasses`` property (Obsidian adds those
classes to the note's view; the site adds them to a wrapper around the page content).

Pure functions: file text in, values and diagnostics out; nothing is logged or raised for
content problems.
"""

from __future__ import annotations

import json
import re
from collections.abc import Mapping
from dataclasses import dataclass, replace
from pathlib import Path
from typing import Final, Literal, cast

from nonlinear.vault.diagnostics import Located

__all__ = [
    "APP_JSON",
    "LinkFormat",
    "ObsidianConfig",
    "OfmDiagnostic",
    "OfmKind",
    "css_classes",
    "load_obsidian_config",
    "parse_app_json",
]

APP_JSON: Final = ".obsidian/app.json"
"""Where Obsidian keeps the settings, relative to the vault root."""

TEMPLATE_SETTINGS: Final = (
    (".obsidian/templates.json", "folder"),
    (".obsidian/plugins/templater-obsidian/data.json", "templates_folder"),
)
"""Where the templates plugins keep their folder: (settings file, key)."""

LinkFormat = Literal["shortest", "relative", "absolute"]

OfmKind = Literal["obsidian-config", "unclosed-comment"]
"""Problems found by the Obsidian-syntax features (config, comments)."""


class OfmDiagnostic(Located[OfmKind]):
    """A problem found by the Obsidian syntax features; always logged as a warning."""

    __slots__ = ()


_LINK_FORMATS: Final = ("shortest", "relative", "absolute")


@dataclass(frozen=True, slots=True)
class ObsidianConfig:
    """The vault settings that change how notes are read (Obsidian's defaults)."""

    strict_line_breaks: bool = False
    """CommonMark line breaks if true; otherwise a single newline is a ``<br>``."""
    new_link_format: LinkFormat = "shortest"
    """How Obsidian writes new links; tells how authors' links are meant to resolve."""
    use_markdown_links: bool = False
    """Whether Obsidian writes ``[text](path.md)`` instead of ``[[wikilinks]]``."""
    attachment_folder_path: str = "/"
    """Default folder for attachments: ``/`` the root, ``./`` beside the note, or a path."""
    user_ignore_filters: tuple[str, ...] = ()
    """Excluded files: path prefixes, or ``/regex/`` patterns."""
    template_folders: tuple[str, ...] = ()
    """Folders of the templates plugins (vault paths without slashes at the ends)."""


# app.json key -> (field name, expected JSON type(s))
_KEYS: Final[dict[str, tuple[str, type | tuple[type, ...]]]] = {
    "strictLineBreaks": ("strict_line_breaks", bool),
    "newLinkFormat": ("new_link_format", str),
    "useMarkdownLinks": ("use_markdown_links", bool),
    "attachmentFolderPath": ("attachment_folder_path", str),
    "userIgnoreFilters": ("user_ignore_filters", list),
}

# extra: nonlinear: keys in mkdocs.yml that override app.json (snake_case, like the fields).
_OVERRIDES: Final = {field for field, _ in _KEYS.values()}


def parse_app_json(
    text: str, src_uri: str = APP_JSON
) -> tuple[ObsidianConfig, list[OfmDiagnostic]]:
    """Read Obsidian's ``app.json``.

    Unknown keys are ignored (the file holds many UI settings). A key with a value of the
    wrong type keeps its default and is reported.

    Args:
        text: The file's content.
        src_uri: Path of the file relative to the vault, for diagnostics.

    Returns:
        The settings, and ``obsidian-config`` diagnostics for values that were ignored.
    """
    try:
        data = json.loads(text) if text.strip() else {}
    except json.JSONDecodeError as error:
        return ObsidianConfig(), [
            OfmDiagnostic(
                src_uri,
                error.lineno,
                error.colno,
                "obsidian-config",
                f"not valid JSON ({error.msg}); Obsidian's defaults are used. Fix the file "
                "or let Obsidian rewrite it (change any setting in the app)",
            )
        ]
    if not isinstance(data, dict):
        return ObsidianConfig(), [
            _diagnostic(src_uri, "the file must hold a JSON object; Obsidian's defaults are used")
        ]
    return _apply(ObsidianConfig(), data, src_uri, key_names="json")


def load_obsidian_config(
    vault_dir: Path, overrides: Mapping[str, object] | None = None
) -> tuple[ObsidianConfig, list[OfmDiagnostic]]:
    """Read ``<vault>/.obsidian/app.json`` (if present) and apply overrides.

    Args:
        vault_dir: The vault's root folder (MkDocs' ``docs_dir``).
        overrides: Settings from ``mkdocs.yml`` (``extra: nonlinear:``) with snake_case
            names (``strict_line_breaks: true``); other keys are ignored.

    Returns:
        The settings and the diagnostics about ignored values.
    """
    config = ObsidianConfig()
    diagnostics: list[OfmDiagnostic] = []
    text = _read_setting(vault_dir, APP_JSON, diagnostics)
    if text is not None:
        config, problems = parse_app_json(text)
        diagnostics.extend(problems)
    folders: list[str] = []
    for src_uri, key in TEMPLATE_SETTINGS:
        text = _read_setting(vault_dir, src_uri, diagnostics)
        try:
            data = json.loads(text) if text and text.strip() else {}
        except json.JSONDecodeError:
            continue  # a plugin's own file: the plugin reports it; no folder is excluded
        value = data.get(key) if isinstance(data, dict) else None
        if isinstance(value, str) and value.strip().strip("/"):
            folders.append(value.strip().strip("/"))
    config = replace(config, template_folders=tuple(dict.fromkeys(folders)))
    if overrides:
        chosen = {key: value for key, value in overrides.items() if key in _OVERRIDES}
        config, more = _apply(config, chosen, "mkdocs.yml", key_names="field")
        diagnostics.extend(more)
    return config, diagnostics


def _read_setting(vault_dir: Path, src_uri: str, diagnostics: list[OfmDiagnostic]) -> str | None:
    """The text of a settings file, or ``None`` when it is absent or unreadable (reported).

    A settings file reached through a symbolic link that leaves the vault is not read: the
    build never reads outside the vault it publishes.
    """
    path = vault_dir / src_uri
    if not path.is_file():
        return None
    if not path.resolve().is_relative_to(vault_dir.resolve()):
        diagnostics.append(
            _diagnostic(src_uri, "is a link to a file outside the vault; not read, defaults used")
        )
        return None
    try:
        return path.read_bytes().decode("utf-8-sig")
    except (OSError, UnicodeDecodeError) as error:
        diagnostics.append(
            _diagnostic(src_uri, f"cannot be read ({error}); Obsidian's defaults are used")
        )
        return None


def _apply(
    config: ObsidianConfig,
    data: Mapping[str, object],
    src_uri: str,
    *,
    key_names: Literal["json", "field"],
) -> tuple[ObsidianConfig, list[OfmDiagnostic]]:
    """Return ``config`` updated from ``data``, skipping (and reporting) bad values."""
    changes: dict[str, object] = {}
    diagnostics: list[OfmDiagnostic] = []
    by_field = {field: (key, kind) for key, (field, kind) in _KEYS.items()}
    for key, value in data.items():
        if key_names == "json":
            if key not in _KEYS:
                continue
            field, kind = _KEYS[key]
        else:
            field, kind = key, by_field[key][1]
        if not isinstance(value, kind):
            diagnostics.append(
                _diagnostic(
                    src_uri,
                    f"'{key}' should be {_kind_name(kind)}, not {json.dumps(value)}; "
                    "the default is used",
                )
            )
            continue
        if field == "new_link_format" and value not in _LINK_FORMATS:
            diagnostics.append(
                _diagnostic(
                    src_uri,
                    f"'{key}' is {json.dumps(value)}; expected one of "
                    f"{', '.join(_LINK_FORMATS)}; 'shortest' is used",
                )
            )
            continue
        if field == "user_ignore_filters":
            items = cast("list[object]", value)
            changes[field] = tuple(item for item in items if isinstance(item, str))
        else:
            changes[field] = value
    return replace(config, **changes), diagnostics  # type: ignore[arg-type]


def _kind_name(kind: type | tuple[type, ...]) -> str:
    names = {bool: "true or false", str: "a string", list: "a list of strings"}
    return names[kind] if isinstance(kind, type) else "a valid value"


def _diagnostic(src_uri: str, message: str) -> OfmDiagnostic:
    return OfmDiagnostic(src_uri, 1, 1, "obsidian-config", message)


RE_CSS_CLASS: Final = re.compile(r"-?[_a-zA-Z][_a-zA-Z0-9-]*")


def css_classes(meta: Mapping[str, object]) -> tuple[str, ...]:
    """CSS classes a note asks for in its frontmatter.

    Obsidian reads ``cssclasses`` (a list, or one string), and the older ``cssclass``.
    Names that are not valid CSS identifiers are dropped, so frontmatter cannot inject
    markup.

    Args:
        meta: The note's frontmatter (``page.meta``).

    Returns:
        The class names, in order, each once.
    """
    names: list[str] = []
    for key in ("cssclasses", "cssclass"):
        value = meta.get(key)
        if isinstance(value, str):
            names.extend(value.replace(",", " ").split())
        elif isinstance(value, list | tuple):
            names.extend(str(item) for item in value if item is not None)
    return tuple(dict.fromkeys(name for name in names if RE_CSS_CLASS.fullmatch(name)))
