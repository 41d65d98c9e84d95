"""Raw HTML in a note is rendered as written, as MkDocs does, and reported (README: no
sanitize_html setting). Every start tag that can run a script is an unsafe-html warning at its
line; text that only looks like HTML (code, a wiki link's text) is neither run nor reported.
"""

from __future__ import annotations

from .conftest import Built, built_site, read

site = built_site("rawhtml")


def test_each_active_tag_is_reported_at_its_line(site: Built) -> None:
    assert site.has_message("index.md:3:27:", "unsafe-html", "onerror")
    assert site.has_message("index.md:6:1:", "unsafe-html", "<script>")
    reported = {m.split(": unsafe-html")[0] for m in site.messages if ": unsafe-html:" in m}
    assert reported == {"nonlinear: index.md:3:27", "nonlinear: index.md:6:1"}


def test_raw_html_is_rendered_as_written_and_lookalikes_stay_text(site: Built) -> None:
    page = read(site.site, "index.html")
    assert '<img src="missing.png" onerror="alert(1)">' in page
    assert "&lt;script&gt;in code&lt;/script&gt;" in page
    assert "&lt;b onclick=alert(3)&gt;" in page
