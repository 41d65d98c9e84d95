"""MkDocs hook: under ``mkdocs serve`` the author's preview never stops.

Thin: what the author sees is made by :mod:`nonlinear.serve.problems`. Active only when
``on_startup`` says ``command="serve"``; any other build (``make site``, tests) pays one flag
test per event. Under serve:

* Content problems never stop the preview: ``make serve`` runs ``mkdocs serve --no-strict``, so
  a page with ``[[No Such Note]]`` is rebuilt with the faded link. (A bare ``mkdocs serve``
  keeps ``strict: true`` from mkdocs.yml; strict mode only objects after the whole site is
  written, and the guard below takes such a build as finished.)
* Every build runs in a guard: the ``build`` that ``mkdocs serve`` calls (the first build too)
  and the rebuild callable of its server (which also reloads mkdocs.yml). The build's writes
  are staged (:mod:`nonlinear.serve.output`): only the files that changed are written, and only
  once the build has finished, so the browser reads the last good site until then, and keeps
  it when the build fails. The failure (a broken mkdocs.yml, a failing notebook cell, a crash)
  is shown on top of every page, or as a page of its own when no build has finished yet, and
  the pages reload by themselves when a save fixes it. MkDocs alone would leave the browser on
  the old page, waiting, with the error only in the terminal. (With a plugin that may read the
  site folder while it builds, or with ``NONLINEAR_INCREMENTAL=0``, the folder is moved aside
  instead and every build writes the whole site.)
* The warnings of each build are collected; every served page gets a panel listing its note's
  problems as ``line:col: kind: message`` and a link to ``/__problems__/``, the vault-wide list.
  Both are added to the HTML as it is served (:mod:`nonlinear.serve.wsgi`), so the built files
  are exactly those of a plain build.
"""

from __future__ import annotations

import contextlib
import functools
import logging
import os
import shutil
import threading
import traceback
from collections.abc import Callable, Iterator
from contextlib import contextmanager
from dataclasses import dataclass, field
from pathlib import Path
from typing import TYPE_CHECKING, Any

import mkdocs.utils
from mkdocs.exceptions import Abort, MkDocsException
from mkdocs.plugins import event_priority, get_plugin_logger
from mkdocs.structure.files import File
from watchdog.observers.polling import PollingObserver

from nonlinear.serve import incremental
from nonlinear.serve.cache import config_chain
from nonlinear.serve.output import StagedSite, staged_site
from nonlinear.serve.problems import (
    GENERATION_PATH,
    PROBLEMS_PATH,
    Problem,
    collect,
    count,
    inject,
    reload_script,
    render_failure,
    render_page,
    render_panel,
    render_problems_list,
)
from nonlinear.serve.wsgi import Response, html_middleware, site_file

if TYPE_CHECKING:
    from mkdocs.config.defaults import MkDocsConfig
    from mkdocs.livereload import LiveReloadServer
    from mkdocs.structure.pages import Page

log = get_plugin_logger("nonlinear")


class _Collector(logging.Handler):
    """Keeps the warnings and errors MkDocs and the plugins log during one build."""

    def __init__(self) -> None:
        super().__init__(logging.WARNING)
        self.warnings: list[str] = []
        self.errors: list[str] = []

    def emit(self, record: logging.LogRecord) -> None:
        """Keep the message (errors apart: they explain a build that could not finish)."""
        message = record.getMessage()
        (self.errors if record.levelno >= logging.ERROR else self.warnings).append(message)


@dataclass
class _Build:
    """What the build in progress has told us."""

    pages: dict[str, str] = field(default_factory=dict)
    """``dest_uri`` → ``src_uri`` of every page written."""
    urls: dict[str, str] = field(default_factory=dict)
    """``src_uri`` → page URL (relative to the site root)."""
    finished: bool = False
    """``on_post_build`` ran: the site is complete (only strict mode can still object)."""


@dataclass
class _Serve:
    """State of the ``mkdocs serve`` process (kept across builds, unlike the other hooks')."""

    active: bool = False
    real_build: Callable[..., None] | None = None
    mount: str = "/"
    site_dir: str | None = None
    generation: int = 0
    """Number of builds so far, finished or not (served pages made here poll it)."""
    problems: tuple[Problem, ...] = ()
    """The problems of the last finished build (the pages on disk are that build's)."""
    pages: dict[str, str] = field(default_factory=dict)
    urls: dict[str, str] = field(default_factory=dict)
    has_site: bool = False
    failure: tuple[str, ...] | None = None
    """What the last build reported when it could not finish; ``None`` when it finished."""
    build: _Build = field(default_factory=_Build)
    collector: _Collector | None = None
    cleaner: threading.Thread | None = None
    """Removes the previous site after a build (joined before the next one)."""
    output: StagedSite = field(default_factory=StagedSite)
    """The site folder, written only where a build changed it."""
    unstaged: str | None = None
    """Why builds are not staged (a plugin that may read the site folder), once told."""


_SERVE = _Serve()


def on_startup(*, command: str, **kwargs: Any) -> None:
    """Under ``mkdocs serve``, guard every build (the first one runs right after this event)."""
    if command != "serve":
        return
    import mkdocs.commands.serve as serve_command  # noqa: PLC0415  (only needed under serve)

    _SERVE.active = True
    if _SERVE.real_build is None:
        # serve.py calls the `build` it imported from mkdocs.commands.build: replace that name
        # in serve.py only (`mkdocs build` never sees the guard).
        _SERVE.real_build = serve_command.__dict__["build"]
        serve_command.__dict__["build"] = _guarded_build


def on_shutdown(**kwargs: Any) -> None:
    """Give ``mkdocs serve`` its own ``build`` back."""
    if _SERVE.real_build is not None:
        import mkdocs.commands.serve as serve_command  # noqa: PLC0415

        serve_command.__dict__["build"] = _SERVE.real_build
        _SERVE.real_build = None
    _SERVE.active = False


def on_page_context(context: dict[str, Any], *, page: Page, **kwargs: Any) -> dict[str, Any]:
    """Remember which note each page shows (for the panel) and where it is served."""
    if _SERVE.active:
        _SERVE.build.pages[page.file.dest_uri] = page.file.src_uri
        _SERVE.build.urls[page.file.src_uri] = page.url
    return context


@event_priority(-100)  # after every other plugin: the site is complete
def on_post_build(*, config: MkDocsConfig, **kwargs: Any) -> None:
    """Mark the build as finished (an abort after this is strict mode's, on a complete site)."""
    if _SERVE.active:
        _SERVE.build.finished = True


def on_serve(
    server: LiveReloadServer, *, config: MkDocsConfig, builder: Callable[..., None], **kwargs: Any
) -> LiveReloadServer:
    """Guard the rebuilds (mkdocs.yml is reloaded there) and decorate the served pages."""
    if not _SERVE.active:
        return server
    _SERVE.mount = server.mount_path
    _poll_faster(server)
    if config.config_file_path:  # MkDocs watches mkdocs.yml, not the files it inherits from
        for inherited in config_chain(Path(config.config_file_path).resolve())[1:]:
            server.watch(str(inherited), recursive=False)
    server.builder = functools.partial(_guarded_builder, server.builder)
    app = server.get_app()
    assert app is not None  # LiveReloadServer sets its app in __init__
    server.set_app(html_middleware(app, answer=_answer, rewrite=_decorate))
    return server


POLL_SECONDS = 0.25
"""How often the file watcher looks for a save (MkDocs polls every 0.5 s: on average a quarter
of a second of every save-to-page delay; each poll is a stat of every watched file)."""
SETTLE_SECONDS = 0.03
"""How long the server waits after a change for more before it builds. MkDocs waits 0.1 s,
but its polling watcher reports every change one save makes (a temporary file renamed over the
note, a folder's time) from the same poll, within milliseconds: a longer wait only delays the
page."""


def _poll_faster(server: LiveReloadServer) -> None:
    """Make MkDocs' polling watcher look twice as often (before it starts), and build sooner
    once it has seen a save."""
    observer = server.observer
    if not isinstance(observer, PollingObserver) or observer.is_alive():
        return
    server.build_delay = min(server.build_delay, SETTLE_SECONDS)
    # The observer gives its timeout to the emitters it creates (config.watch paths are
    # scheduled after this event); the ones already made (docs_dir, mkdocs.yml) get it here.
    observer._timeout = POLL_SECONDS
    for emitter in observer.emitters:
        emitter._timeout = POLL_SECONDS


# -- the guard ---------------------------------------------------------------------------------


def _start_collecting() -> tuple[_Collector, bool]:
    if _SERVE.collector is not None:
        return _SERVE.collector, False
    _SERVE.collector = _Collector()
    logging.getLogger("mkdocs").addHandler(_SERVE.collector)
    return _SERVE.collector, True


def _stop_collecting() -> None:
    if _SERVE.collector is not None:
        logging.getLogger("mkdocs").removeHandler(_SERVE.collector)
        _SERVE.collector = None


def _guarded_builder(original: Callable[..., None], config: MkDocsConfig | None = None) -> None:
    """The server's rebuild: load mkdocs.yml and build (guarded), never raising."""
    collector, owned = _start_collecting()
    try:
        original(config)
    except Exception as error:  # loading mkdocs.yml failed: no build ran
        _failed(error, collector)
    finally:
        if owned:
            _stop_collecting()


def _guarded_build(config: MkDocsConfig, **kwargs: Any) -> None:
    """MkDocs' build, keeping the last good site when it cannot finish; never raising."""
    assert _SERVE.real_build is not None
    collector, owned = _start_collecting()
    site = Path(config.site_dir)
    _SERVE.site_dir = str(site)
    if _SERVE.cleaner is not None:
        _SERVE.cleaner.join()  # the build before last, still being removed
        _SERVE.cleaner = None
    staged = _stageable(config)
    aside = site.with_name(site.name + ".last-good")
    # `mkdocs serve --dirty` writes only the pages whose source changed: the others stay.
    dirty = bool(kwargs.get("dirty"))
    if staged:
        _SERVE.output.begin(site, prune=not dirty)
    elif not dirty:
        shutil.rmtree(aside, ignore_errors=True)
        if site.is_dir():
            site.rename(aside)
        site.mkdir(parents=True, exist_ok=True)
    _SERVE.build = _Build()
    try:
        with _writes_to(_SERVE.output) if staged else contextlib.nullcontext():
            _SERVE.real_build(config, **kwargs)
    except Exception as error:
        if not _SERVE.build.finished:
            if staged:
                still_good = _SERVE.output.abort()  # False: the files went straight in
                _SERVE.has_site = _SERVE.has_site and still_good
            elif not dirty:
                _put_back(site, aside)
            _failed(error, collector)
            return
    finally:
        if owned:
            _stop_collecting()
    if staged:
        log.debug("site folder: %s", _SERVE.output.commit())
    elif not dirty:
        # Removing a whole site takes a while on some file systems (hundreds of folders): not
        # while the browser waits for the new pages.
        _SERVE.cleaner = threading.Thread(target=shutil.rmtree, args=(aside, True), daemon=True)
        _SERVE.cleaner.start()
    _SERVE.problems = collect(collector.warnings)
    _SERVE.pages, _SERVE.urls = _SERVE.build.pages, _SERVE.build.urls
    _SERVE.has_site, _SERVE.failure = True, None
    _SERVE.generation += 1
    if _SERVE.problems:
        files = len({p.src_uri for p in _SERVE.problems if p.src_uri is not None})
        log.info(
            "%s in %s, shown on their pages and at %s",
            count(len(_SERVE.problems), "problem"),
            count(files, "file"),
            (config.site_url or "/") + PROBLEMS_PATH,
        )


def _put_back(site: Path, aside: Path) -> None:
    """The build failed: the site moved aside before it is the site again (if there was one)."""
    shutil.rmtree(site, ignore_errors=True)
    if aside.is_dir():
        aside.rename(site)
    else:
        site.mkdir(parents=True, exist_ok=True)
        _SERVE.has_site = False


# Plugins known to write the site only through MkDocs' functions, never reading it back while
# the build runs; the hooks next to this one are ours and do the same.
_STAGEABLE_PLUGINS = frozenset(
    {
        "material.plugins.search.plugin.SearchPlugin",
        "material.plugins.tags.plugin.TagsPlugin",
        "mkdocs.contrib.search.SearchPlugin",
    }
)


def _stageable(config: MkDocsConfig) -> bool:
    """Whether this build's writes can be staged: incremental rebuilds are on, and no plugin
    may read the site folder while the build runs (it would read the last build's files)."""
    if not incremental():
        return False
    ours = Path(__file__).resolve().parent
    for name, plugin in config.plugins.items():
        module_file = getattr(plugin, "__file__", None)
        if module_file is not None and Path(module_file).resolve().parent == ours:
            continue
        kind = type(plugin)
        if f"{kind.__module__}.{kind.__qualname__}" in _STAGEABLE_PLUGINS:
            continue
        if _SERVE.unstaged != name:
            _SERVE.unstaged = name
            log.info(
                "serve: the plugin %r may read the site folder while it builds, so every rebuild "
                "writes the whole site (slower than writing only what changed)",
                name,
            )
        return False
    return True


def _same_file(source: str, path: str) -> bool:
    return os.path.exists(path) and os.path.samefile(source, path)


@contextmanager
def _writes_to(output: StagedSite) -> Iterator[None]:
    """Route MkDocs' writes into the site folder to *output* while a build runs."""
    write_file, copy_file, clean_directory = (
        mkdocs.utils.write_file,
        mkdocs.utils.copy_file,
        mkdocs.utils.clean_directory,
    )
    file_copy = File.copy_file

    def staged_write(content: bytes, output_path: str) -> None:
        if output.owns(output_path):
            output.write(output_path, content)
        else:
            write_file(content, output_path)

    def staged_copy(source_path: str, output_path: str) -> None:
        if os.path.isdir(output_path):  # MkDocs accepts a folder to copy into
            output_path = os.path.join(output_path, os.path.basename(source_path))
        if output.owns(output_path):
            output.copy(source_path, output_path)
        else:
            copy_file(source_path, output_path)

    def staged_file_copy(file: File, dirty: bool = False) -> None:
        path = file.abs_dest_path
        if not output.owns(path):
            file_copy(file, dirty)
            return
        content = file._content  # the bytes or text of a generated file (None: a file on disk)
        if content is not None:
            output.write(path, content.encode("utf-8") if isinstance(content, str) else content)
        elif file.abs_src_path is not None and not _same_file(file.abs_src_path, path):
            output.copy(file.abs_src_path, path)
        # else: a plugin wrote the file straight into the site; the output finds it there

    def keep_site(directory: str) -> None:
        if not output.is_site(directory):  # the output removes what a build did not write
            clean_directory(directory)

    mkdocs.utils.write_file = staged_write
    mkdocs.utils.copy_file = staged_copy
    mkdocs.utils.clean_directory = keep_site
    File.copy_file = staged_file_copy  # type: ignore[method-assign,assignment]
    staged_site.set(output)
    try:
        yield
    finally:
        mkdocs.utils.write_file = write_file
        mkdocs.utils.copy_file = copy_file
        mkdocs.utils.clean_directory = clean_directory
        File.copy_file = file_copy  # type: ignore[method-assign]
        staged_site.set(None)


def _failed(error: Exception, collector: _Collector) -> None:
    """Remember what to show instead of the new site (the last good one stays)."""
    messages = list(dict.fromkeys(collector.errors))
    if not isinstance(error, Abort) or not messages:
        # MkDocs logged the errors behind an Abort; anything else (a broken mkdocs.yml, a
        # crash) speaks for itself, in the terminal too.
        if isinstance(error, MkDocsException):
            told = str(error).strip()
            messages.append(told)
            log.error("%s", told)
        else:
            messages.append("".join(traceback.format_exception_only(error)).rstrip())
            frame = traceback.extract_tb(error.__traceback__)[-1:]
            messages.extend(line.rstrip() for line in traceback.format_list(frame))
            log.error("the build crashed", exc_info=error)
    _SERVE.failure = tuple(m.rstrip() for m in messages)
    _SERVE.generation += 1
    shown = "on top of the last good build" if _SERVE.has_site else "instead of the site"
    log.error("the site could not be built: the browser shows why, %s; fix it and save", shown)


# -- what the server adds to the pages --------------------------------------------------------


def _answer(path: str) -> Response | None:
    """The build counter, the problems page, and the failure page before any build finished."""
    mount = _SERVE.mount
    if path == mount + GENERATION_PATH:
        return Response("200 OK", "text/plain", str(_SERVE.generation))
    if path in (mount + PROBLEMS_PATH, mount + PROBLEMS_PATH.rstrip("/")):
        return Response("200 OK", "text/html", _problems_page())
    if _SERVE.failure is not None and not _SERVE.has_site and path.startswith(mount):
        return Response("503 Service Unavailable", "text/html", _failed_page())
    return None


def _decorate(path: str, page: str) -> str:
    """The page with the failure banner (if the last build failed) and its problems panel."""
    src_uri = _SERVE.pages.get(site_file(path, _SERVE.mount))
    fragment = ""
    if _SERVE.failure is not None:
        fragment += render_failure(_SERVE.failure, last_good=_SERVE.has_site)
    if src_uri is not None:
        here = [p for p in _SERVE.problems if p.src_uri == src_uri]
        fragment += render_panel(here, len(_SERVE.problems), _SERVE.mount + PROBLEMS_PATH)
    return inject(page, fragment)


def _script() -> str:
    return reload_script(_SERVE.mount + GENERATION_PATH, _SERVE.generation)


def _template() -> str | None:
    if _SERVE.site_dir is None or not _SERVE.has_site:
        return None
    try:
        return (Path(_SERVE.site_dir) / "404.html").read_text(encoding="utf-8")
    except OSError:
        return None


def _problems_page() -> str:
    urls = {uri: _SERVE.mount + url for uri, url in _SERVE.urls.items()}
    content = render_problems_list(_SERVE.problems, urls)
    if _SERVE.failure is not None:
        content = render_failure(_SERVE.failure, last_good=_SERVE.has_site) + content
    return render_page("Problems", content, template=_template(), script=_script())


def _failed_page() -> str:
    content = render_failure(_SERVE.failure or (), last_good=False)
    return render_page("The site could not be built", content, template=None, script=_script())
