"""The WSGI layer of ``make serve``: pages of its own, and served HTML rewritten on the way out.

``mkdocs serve`` serves the built site with a WSGI app of its own. ``hooks/serve.py`` wraps it
with :func:`html_middleware`: a few paths are answered by the hook itself (the vault-wide
problems page, the build counter the pages poll), and every HTML page the site sends passes
through a function that adds the problems panel, so the files on disk stay those of a plain
build. Everything else (stylesheets, scripts, images, MkDocs' live-reload requests) goes
through untouched, streamed as the app gives it.

Pure WSGI (PEP 3333): no MkDocs, testable with a stub app.
"""

from __future__ import annotations

import posixpath
from collections.abc import Callable, Iterable
from dataclasses import dataclass
from typing import Any

__all__ = ["Response", "StartResponse", "WsgiApp", "html_middleware", "request_path", "site_file"]

StartResponse = Callable[..., Any]
WsgiApp = Callable[[dict[str, Any], StartResponse], Iterable[bytes]]


@dataclass(frozen=True, slots=True)
class Response:
    """A page the middleware answers itself (never cached by the browser)."""

    status: str
    """``"200 OK"``, ``"503 Service Unavailable"``…"""
    kind: str
    """Its media type, without charset (``text/html``)."""
    text: str
    """The body (sent as UTF-8)."""


def request_path(environ: dict[str, Any]) -> str:
    """The request's path as text (WSGI hands it over as Latin-1-decoded bytes)."""
    raw: str = environ.get("PATH_INFO", "")
    return raw.encode("latin-1").decode("utf-8", "ignore")


def site_file(path: str, mount: str) -> str:
    """The file of the site a request path is served from (``a/b/`` → ``a/b/index.html``).

    Args:
        path: The request path (``/kb/Activations/ReLU/``).
        mount: Where the site is mounted (``/kb/``, or ``/``).

    Returns:
        The file's path relative to the site folder, normalised (``..`` resolved, no
        leading ``/``), to look up in a map of built pages.
    """
    rel = path[len(mount) :] if path.startswith(mount) else path.lstrip("/")
    if not rel or rel.endswith("/"):
        rel += "index.html"
    return posixpath.normpath("/" + rel).lstrip("/")


def html_middleware(
    app: WsgiApp,
    *,
    answer: Callable[[str], Response | None],
    rewrite: Callable[[str, str], str],
) -> WsgiApp:
    """Wrap *app*: answer some paths directly, and rewrite every HTML page it sends.

    Args:
        app: The server's own app.
        answer: Given the request path, a response to send instead of asking *app*, or
            ``None``.
        rewrite: Given the request path and an HTML page *app* sent (decoded as UTF-8, bytes
            that are not kept as they are), the page to send; ``Content-Length`` follows.

    Returns:
        The wrapped app.
    """

    def serve(environ: dict[str, Any], start_response: StartResponse) -> Iterable[bytes]:
        path = request_path(environ)
        own = answer(path)
        if own is not None:
            return _send(start_response, own)
        captured: dict[str, Any] = {}

        def capture(status: str, headers: list[tuple[str, str]], exc_info: Any = None) -> Any:
            captured["status"], captured["headers"] = status, headers
            return start_response(status, headers, exc_info) if exc_info else None

        result = app(environ, capture)
        status: str = captured.get("status", "500 Internal Server Error")
        headers: list[tuple[str, str]] = captured.get("headers", [])
        kind = next((v for k, v in headers if k.lower() == "content-type"), "")
        if not kind.startswith("text/html"):
            start_response(status, headers)
            return result
        try:
            body = b"".join(result)
        finally:
            close = getattr(result, "close", None)
            if close is not None:
                close()
        text = rewrite(path, body.decode("utf-8", "surrogateescape"))
        data = text.encode("utf-8", "surrogateescape")
        headers = [(k, v) for k, v in headers if k.lower() != "content-length"]
        start_response(status, [*headers, ("Content-Length", str(len(data)))])
        return [data]

    return serve


def _send(start_response: StartResponse, response: Response) -> list[bytes]:
    data = response.text.encode("utf-8")
    start_response(
        response.status,
        [
            ("Content-Type", f"{response.kind}; charset=utf-8"),
            ("Content-Length", str(len(data))),
            ("Cache-Control", "no-store"),
        ],
    )
    return [data]
