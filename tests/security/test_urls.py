"""Script URLs written with Markdown syntax are shown as text and reported (issue 8 item 8).

Links, images, reference definitions, attribute lists and ``\\href`` in math, with the
obfuscations a browser still reads as a script (case, a tab or an entity inside the scheme,
leading spaces). A ``data:image/…`` image and ordinary links are kept.
"""

from __future__ import annotations

import pytest

from .conftest import Built, audit, built_site, soup_of

site = built_site("urls")


def test_nothing_runs_anywhere(site: Built) -> None:
    audit(site)
    # The only "javascript:" left is text a reader sees: an autolink's URL, shown as written.
    for path in site.site.rglob("*.html"):
        soup = soup_of(site.site, str(path.relative_to(site.site)))
        for span in soup.select(".link--unsafe"):
            span.decompose()
        assert "javascript:" not in str(soup).lower(), path
        assert "vbscript:" not in str(soup).lower(), path


@pytest.mark.parametrize(
    ("where", "kind"),
    [
        ("index.md:3:1:", "unsafe-url"),  # javascript:
        ("index.md:3:30:", "unsafe-url"),  # jav&#x09;ascript:
        ("index.md:3:63:", "unsafe-url"),  # JAVASCRIPT:
        ("index.md:4:1:", "unsafe-url"),  # an image
        ("index.md:4:46:", "unsafe-url"),  # data:text/html
        ("index.md:5:46:", "unsafe-url"),  # vbscript:
        ("index.md:5:71:", "unsafe-url"),  # file:
        ("index.md:6:1:", "unsafe-url"),  # leading space
        ("index.md:6:31:", "unsafe-url"),  # &#106;avascript:
        ("index.md:6:66:", "unsafe-url"),  # an autolink
        ("index.md:8:15:", "unsafe-attribute"),  # {onclick=...} on a heading
        ("index.md:11:1:", "unsafe-attribute"),  # {: onmouseover=...} on a paragraph
        ("index.md:13:7:", "unsafe-url"),  # \href in math
        ("index.md:17:1:", "unsafe-url"),  # the reference definition
        ("Leaf.md:1:10:", "unsafe-url"),  # in an embedded note: reported where written
        ("Leaf.md:1:43:", "unsafe-attribute"),
    ],
)
def test_each_is_reported_at_its_place(site: Built, where: str, kind: str) -> None:
    assert site.has_message(where, kind), "\n".join(site.messages)


def test_their_text_stays_and_safe_links_are_kept(site: Built) -> None:
    page = soup_of(site.site, "index.html")
    unsafe = [span.get_text() for span in page.select("article .link--unsafe")]
    expected = ["click", "tab", "upper", "image", "reference", "html", "vb", "file", "space"]
    assert unsafe[: len(expected) + 2] == [*expected, "entity", "javascript:alert(9)"]
    assert "leaf link" in unsafe
    pixel = page.find("img", alt="pixel")
    assert pixel is not None
    assert pixel["src"].startswith("data:image/png;base64,")
    assert page.find("a", href="https://example.org") is not None
    heading = page.find("h2", id="attributes")
    assert heading is not None
    assert not any(name.startswith("on") for name in heading.attrs)
    paragraph = page.find("p", attrs={"data-note": "kept"})
    assert paragraph is not None
    assert not any(name.startswith("on") for name in paragraph.attrs)
    math = page.select("article math")
    assert math
    assert "x" in math[0].get_text()
