"""make serve's WSGI layer: own pages, HTML rewritten, everything else untouched."""

from __future__ import annotations

from collections.abc import Iterable, Iterator
from typing import Any

import pytest

from nonlinear.serve.wsgi import Response, html_middleware, request_path, site_file


class Body:
    """An app's body that says whether it was closed (PEP 3333: the server must close it)."""

    def __init__(self, chunks: list[bytes]) -> None:
        self.chunks = chunks
        self.closed = False

    def __iter__(self) -> Iterator[bytes]:
        return iter(self.chunks)

    def close(self) -> None:
        self.closed = True


def make_app(kind: str, chunks: list[bytes], body: list[Body]) -> Any:
    def app(environ: dict[str, Any], start_response: Any) -> Iterable[bytes]:
        total = str(sum(len(c) for c in chunks))
        start_response("200 OK", [("Content-Type", kind), ("Content-Length", total)])
        body.append(Body(chunks))
        return body[-1]

    return app


def call(app: Any, path: str) -> tuple[str, dict[str, str], bytes]:
    started: dict[str, Any] = {}

    def start_response(status: str, headers: list[tuple[str, str]], exc_info: Any = None) -> None:
        started["status"], started["headers"] = status, dict(headers)

    # WSGI gives the path as the Latin-1 decoding of its UTF-8 bytes.
    environ = {"PATH_INFO": path.encode("utf-8").decode("latin-1")}
    data = b"".join(app(environ, start_response))
    return started["status"], started["headers"], data


def test_html_pages_are_rewritten_with_their_length_and_closed() -> None:
    bodies: list[Body] = []
    app = make_app("text/html; charset=utf-8", [b"<p>caf\xc3\xa9 ", b"\xff</p>"], bodies)
    seen: list[str] = []

    def rewrite(path: str, page: str) -> str:
        seen.append(path)
        return page.replace("<p>", "<p>[panel] ")

    status, headers, data = call(
        html_middleware(app, answer=lambda _: None, rewrite=rewrite), "/kb/Straße/"
    )
    assert status == "200 OK"
    assert data == b"<p>[panel] caf\xc3\xa9 \xff</p>"  # a byte that is not UTF-8 is kept
    assert headers["Content-Length"] == str(len(data))
    assert seen == ["/kb/Straße/"]
    assert bodies[0].closed


def test_other_files_pass_untouched_and_streamed() -> None:
    bodies: list[Body] = []
    app = make_app("text/css", [b"a{}", b"b{}"], bodies)
    wrapped = html_middleware(app, answer=lambda _: None, rewrite=lambda p, t: pytest.fail(t))
    status, headers, data = call(wrapped, "/assets/x.css")
    assert (status, headers["Content-Length"], data) == ("200 OK", "6", b"a{}b{}")
    assert not bodies[0].closed  # the server closes what it streams, not the middleware


def test_own_answers_are_sent_instead_of_the_site_and_never_cached() -> None:
    bodies: list[Body] = []
    app = make_app("text/html", [b"site"], bodies)

    def answer(path: str) -> Response | None:
        return Response("503 Service Unavailable", "text/html", "é") if path == "/x" else None

    status, headers, data = call(html_middleware(app, answer=answer, rewrite=lambda p, t: t), "/x")
    assert status == "503 Service Unavailable"
    assert headers == {
        "Content-Type": "text/html; charset=utf-8",
        "Content-Length": "2",
        "Cache-Control": "no-store",
    }
    assert data == "é".encode()
    assert bodies == []  # the site was not asked


def test_request_path_is_decoded_as_utf8() -> None:
    assert request_path({"PATH_INFO": "/Stra\xc3\x9fe/"}) == "/Straße/"
    assert request_path({}) == ""


@pytest.mark.parametrize(
    ("path", "mount", "expected"),
    [
        ("/kb/", "/kb/", "index.html"),
        ("/kb/Activations/ReLU/", "/kb/", "Activations/ReLU/index.html"),
        ("/kb/graph.json", "/kb/", "graph.json"),
        ("/kb/a/../b/", "/kb/", "b/index.html"),
        ("/other/page/", "/kb/", "other/page/index.html"),
        ("/", "/", "index.html"),
        ("/../../etc/", "/", "etc/index.html"),
    ],
)
def test_site_file_maps_a_request_to_the_built_file(path: str, mount: str, expected: str) -> None:
    assert site_file(path, mount) == expected
