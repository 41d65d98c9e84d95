"""Jinja templates compiled by earlier builds, kept under ``.cache/jinja/`` for the next one.

Where it sits: every ``mkdocs build`` starts a new Jinja environment and compiles each theme
template it renders (Material's ``base.html``, its partials, our overrides) from source: about
60 templates and 0.4 s CPU before the first page is written, the same in every build until a
template changes. ``hooks/speed.py`` gives the build's environment a bytecode cache on disk
(under ``mkdocs serve``, ``hooks/incremental.py`` keeps one in memory instead).

Jinja checks each entry against a digest of the template's source (after our loader rewrote
it), so an edited template is compiled again. What else decides the compiled code is the
environment's syntax and code-generation settings: they name the folder, so an environment set
up otherwise never reads another's code. A folder that cannot be written only means nothing is
kept.
"""

from __future__ import annotations

import contextlib
import hashlib
import os
from pathlib import Path

import jinja2

__all__ = ["KEPT", "disk_bytecode_cache"]

KEPT = 400
"""Compiled templates kept per folder, the most recently used first (a theme has about 60)."""


def disk_bytecode_cache(folder: Path, env: jinja2.Environment) -> jinja2.BytecodeCache | None:
    """A bytecode cache for *env* under *folder*, or None when *folder* cannot be made.

    Args:
        folder: The cache's parent folder (``.cache/jinja``); one subfolder per set of
            settings (:func:`settings_key`).
        env: The environment the cache is for.
    """
    target = folder / settings_key(env)
    try:
        target.mkdir(parents=True, exist_ok=True)
    except OSError:
        return None
    _prune(target, KEPT)
    return _KeptBytecodeCache(str(target))


def settings_key(env: jinja2.Environment) -> str:
    """A digest of what besides a template's source decides its compiled code."""
    autoescape = env.autoescape
    finalize = env.finalize
    parts = (
        jinja2.__version__,
        env.block_start_string,
        env.block_end_string,
        env.variable_start_string,
        env.variable_end_string,
        env.comment_start_string,
        env.comment_end_string,
        str(env.line_statement_prefix),
        str(env.line_comment_prefix),
        str(env.trim_blocks),
        str(env.lstrip_blocks),
        env.newline_sequence,
        str(env.keep_trailing_newline),
        str(env.optimized),
        str(env.is_async),
        _name(autoescape) if callable(autoescape) else str(autoescape),
        _name(finalize) if finalize is not None else "",
        _name(env.code_generator_class),
        ",".join(sorted(env.extensions)),
    )
    return hashlib.sha256("\0".join(parts).encode()).hexdigest()[:20]


def _name(obj: object) -> str:
    return f"{getattr(obj, '__module__', '?')}.{getattr(obj, '__qualname__', type(obj).__name__)}"


class _KeptBytecodeCache(jinja2.FileSystemBytecodeCache):
    """Jinja's file cache (which writes each entry whole, through a temporary file) that
    touches an entry when it is read, so that pruning keeps the templates in use."""

    def load_bytecode(self, bucket: jinja2.bccache.Bucket) -> None:
        super().load_bytecode(bucket)
        if bucket.code is not None:
            with contextlib.suppress(OSError):
                os.utime(self._get_cache_filename(bucket))


def _prune(folder: Path, kept: int) -> None:
    """Remove all but the *kept* most recently used entries of *folder*."""
    with contextlib.suppress(OSError):
        entries = [entry for entry in os.scandir(folder) if entry.name.endswith(".cache")]
        if len(entries) <= kept:
            return
        entries.sort(key=lambda entry: entry.stat().st_mtime, reverse=True)
        for entry in entries[kept:]:
            with contextlib.suppress(OSError):
                os.unlink(entry.path)
