"""MkDocs hook: which files of the folder are the vault, and one summary of every problem.

Thin: the rules live in ``nonlinear.vault.exclusions``. Events:

* ``on_config``: read the vault's exclusion settings (``.obsidian/``) and start counting every
  warning of the build by kind.
* ``on_files`` (first of all handlers): drop what Obsidian leaves out — hidden files and
  folders, the templates folder, the vault's *Excluded files*, what MkDocs' ``exclude_docs``
  excludes — and what the build must not read: symbolic links and notes that are not UTF-8
  text (each reported as ``path:line:col: kind: message``). Nothing dropped here is published
  or indexed, so no link resolves into it and no problem inside it is reported.
* ``on_post_build`` (last): one line counting the build's problems by kind; ``--strict`` (the
  knowledge base, or ``STRICT=1`` for another vault) fails on them.
"""

from __future__ import annotations

import logging
from collections import Counter
from dataclasses import dataclass, field
from pathlib import Path
from typing import TYPE_CHECKING, Any

from mkdocs.exceptions import PluginError
from mkdocs.plugins import event_priority, get_plugin_logger
from mkdocs.structure.files import File, InclusionLevel, set_exclusions

from nonlinear.vault.diagnostics import Diagnostic, Kind, Level, parse_levels, problem_kind
from nonlinear.vault.diagnostics import problems_summary as summary_line
from nonlinear.vault.exclusions import (
    ExclusionRules,
    check_active_file,
    check_notebook,
    decode_note,
    parse_ignore_filters,
    site_file_clash,
    site_file_problem,
    site_owned_files,
    symlinked,
    theme_static_files,
    unlisted_files,
)
from nonlinear.vault.note_texts import NOTE_TEXTS
from nonlinear.vault.obsidian_config import load_obsidian_config
from nonlinear.vault.safety import ACTIVE_FILE_SUFFIXES

if TYPE_CHECKING:
    from mkdocs.config.defaults import MkDocsConfig
    from mkdocs.structure.files import Files
    from mkdocs.structure.nav import Navigation

log = get_plugin_logger("nonlinear")
PREFIX = "nonlinear: "  # what get_plugin_logger puts before our messages


class ProblemCounter(logging.Handler):
    """Counts the warnings of one build by kind (what ``--strict`` fails on)."""

    def __init__(self) -> None:
        super().__init__(logging.WARNING)
        self.kinds: Counter[str] = Counter()

    def emit(self, record: logging.LogRecord) -> None:
        """Count one warning under the kind its ``path:line:col: kind:`` message names."""
        self.kinds[problem_kind(record.getMessage().removeprefix(PREFIX))] += 1


@dataclass(slots=True)
class BuildState:
    """Per-build state: MkDocs keeps hook modules loaded across `mkdocs serve` rebuilds."""

    rules: ExclusionRules = field(default_factory=ExclusionRules)
    levels: dict[Kind, Level] = field(default_factory=dict)
    counter: ProblemCounter = field(default_factory=ProblemCounter)


_STATE = BuildState()
_MKDOCS = logging.getLogger("mkdocs")


def _not_a_conflict(record: logging.LogRecord) -> bool:
    """Drop MkDocs' "Excluding 'README.md' ... because it conflicts with 'index.md'": on_files
    lists such a note again, and the URL planner reports a real clash of addresses."""
    return "because it conflicts with" not in record.getMessage()


_FILES_LOG = logging.getLogger("mkdocs.structure.files")
if not any(getattr(f, "__name__", "") == _not_a_conflict.__name__ for f in _FILES_LOG.filters):
    _FILES_LOG.addFilter(_not_a_conflict)


def on_config(config: MkDocsConfig, **kwargs: Any) -> MkDocsConfig:
    """Read the exclusion settings of the vault; count this build's warnings from now on."""
    global _STATE  # noqa: PLW0603 - one fresh state per build
    _MKDOCS.removeHandler(_STATE.counter)
    _STATE = BuildState()
    NOTE_TEXTS.forget()
    _MKDOCS.addHandler(_STATE.counter)
    settings = (config.extra.get("nonlinear") or {}).get("validation")
    try:
        _STATE.levels = parse_levels(settings)
    except ValueError as error:
        raise PluginError(f"mkdocs.yml: {error}") from error
    # Problems of app.json itself are reported once, by hooks/obsidian.py.
    obsidian, _ = load_obsidian_config(Path(config.docs_dir))
    filters, problems = parse_ignore_filters(obsidian.user_ignore_filters)
    for problem in problems:
        log.warning("%s", problem)
    _STATE.rules = ExclusionRules(obsidian.template_folders, filters)
    return config


@event_priority(100)  # before every other handler: nothing else sees a file left out here
def on_files(files: Files, *, config: MkDocsConfig) -> Files:
    """Drop the files that are not part of the vault; report links and unreadable notes."""
    vault = Path(config.docs_dir)
    # A note MkDocs dropped for having another's address (README.md beside index.md) is a
    # note in Obsidian: listed again, it gets an address of its own (plan_urls).
    for uri in unlisted_files(vault, (file.src_uri for file in files)):
        dropped = File(uri, config.docs_dir, config.site_dir, config.use_directory_urls)
        set_exclusions([dropped], config)
        files.append(dropped)
    found = [file for file in files if not file.generated_by]
    links = symlinked(vault, (file.src_uri for file in found))
    hidden: Counter[str] = Counter()
    problems: list[Diagnostic] = []
    theme = theme_static_files(config.theme.dirs)
    owned = site_owned_files(theme)
    for file in found:
        if file.src_uri in links:
            files.remove(file)
            continue
        reason = _STATE.rules.reason(file.src_uri)
        if reason is None and file.inclusion == InclusionLevel.EXCLUDED:
            reason = ("excluded", "exclude_docs")
        if reason is not None:
            hidden[_describe(*reason)] += 1
            files.remove(file)
            continue
        in_vault = file.src_dir == config.docs_dir  # not one of the theme's files
        if (
            in_vault
            and not file.is_documentation_page()
            and (clash := site_file_clash(file.src_uri, owned))
        ):
            problems.append(site_file_problem(file.src_uri, clash))
            _restore_theme_file(files, file, theme, config)
        else:
            found_problems, publish = _check_content(file, in_vault=in_vault)
            problems.extend(found_problems)
            if not publish:
                files.remove(file)
    per_link = Counter(link.src_uri for link in links.values())
    by_uri = {link.src_uri: link for link in links.values()}
    problems.extend(by_uri[uri].diagnostic(count) for uri, count in per_link.items())
    for problem in sorted(problems):
        level = _STATE.levels[problem.kind]
        if level == "warn":
            log.warning("%s", problem)
        elif level == "info":
            log.info("%s", problem)
    if hidden:
        total = sum(hidden.values())
        parts = ", ".join(f"{n} {why}" for why, n in sorted(hidden.items()))
        log.info("vault: %d files left out as Obsidian leaves them out: %s", total, parts)
    return files


def _check_content(file: File, *, in_vault: bool) -> tuple[list[Diagnostic], bool]:
    """The problems of a file's content, and whether it is published. A readable note's text
    is kept for the other on_files handlers, which take it instead of reading the file again."""
    lower = file.src_uri.lower()
    if file.is_documentation_page() and lower.endswith(".md"):
        text = decode_note(file.src_uri, file.content_bytes)
        if isinstance(text, Diagnostic):
            return [text], False
        NOTE_TEXTS.keep(file.src_uri, text)
    elif lower.endswith(".ipynb"):
        problem = check_notebook(file.src_uri, file.content_bytes)
        if problem is not None:
            return [problem], False
    elif in_vault and lower.endswith(ACTIVE_FILE_SUFFIXES):
        # HTML/SVG published as it is: its scripts would run on the site's address.
        return list(check_active_file(file.src_uri, file.content_bytes)), True
    return [], True


def _restore_theme_file(
    files: Files, file: File, theme: dict[str, str], config: MkDocsConfig
) -> None:
    """Drop a vault file that would replace a file the site serves, and put back the theme's
    own file, which MkDocs left out for it."""
    files.remove(file)
    if file.src_uri in theme:
        src_dir = theme[file.src_uri]
        files.append(File(file.src_uri, src_dir, config.site_dir, config.use_directory_urls))


def _describe(reason: str, cause: str) -> str:
    if reason == "hidden":
        return f"in hidden '{cause}'"
    if reason == "templates":
        return f"in the templates folder '{cause}'"
    if cause == "exclude_docs":
        return "excluded by mkdocs.yml's exclude_docs"
    return f"excluded by '{cause}' (Excluded files)"


def on_nav(nav: Navigation, **kwargs: Any) -> Navigation:
    """Drop the notes' texts: every on_files handler has taken them."""
    NOTE_TEXTS.forget()
    return nav


@event_priority(-100)  # after every other handler: all problems are known
def on_post_build(*, config: MkDocsConfig) -> None:
    """One line counting the build's problems by kind."""
    kinds = _STATE.counter.kinds
    _MKDOCS.removeHandler(_STATE.counter)
    if kinds:
        strict = "the build fails on them (strict)" if config.strict else "STRICT=1 fails on them"
        log.info("%s; %s", summary_line(kinds.elements()), strict)


def on_build_error(**kwargs: Any) -> None:
    """Stop counting when the build stops early."""
    NOTE_TEXTS.forget()
    _MKDOCS.removeHandler(_STATE.counter)


def on_shutdown(**kwargs: Any) -> None:
    """Stop counting (the end of `mkdocs serve`)."""
    _MKDOCS.removeHandler(_STATE.counter)
