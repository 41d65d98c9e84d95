"""The math font, cut down to the characters the site's formulas use.

Where it sits: the site ships STIX Two Math (``overrides/assets/fonts``, 254 KB as WOFF2) so
that formulas look the same everywhere. A page with math downloads it whole before its
formulas settle, which Lighthouse counts against every note: on a throttled phone, FCP 4.2 s
and LCP 7 s on ReLU with the font, 2.3 s and 3 s without it. The formulas of a whole site use
a few hundred characters, so ``hooks/reading.py`` reads them from every rendered page
(:func:`nonlinear.site.math.math_characters`) and, before the site is written, puts a subset
in the site instead of the font: about 60 KB for this knowledge base, drawn pixel for pixel as
the full font, the same bytes for the same characters in every build.

The subset is served at a name made from its bytes (:func:`content_addressed`:
``STIXTwoMath-Regular.<digest>.woff2``), and each page names it in its own ``<head>``: a
browser that cached the subset of an older build never uses it for a page whose formulas need
more glyphs, because that page asks for another file.

What the subset keeps besides the characters seen:

* each Latin and Greek letter's *mathematical italic* form: a browser draws a one-letter
  ``<mi>x</mi>`` with U+1D465, not with "x" (MathML Core's ``text-transform: math-auto``);
* √, which draws ``<msqrt>`` without appearing in the text;
* a small base (ASCII, Greek, Latin-1 and the main operator blocks), so that a formula the
  collection missed still finds its glyphs;
* every OpenType layout feature and the MATH table, so stretchy brackets, radicals of every
  size and script-size glyph variants stay (fontTools keeps the glyphs they reach).

Under ``mkdocs serve`` the characters come from every page too (a page kept from the last
build still passes ``on_page_content``), and the hook reuses the last subset while they do not
change.
"""

from __future__ import annotations

import contextlib
import hashlib
import io
import os
import posixpath
import sys
import unicodedata
from collections.abc import Iterable
from importlib import metadata
from pathlib import Path

from nonlinear.site.disk_cache import Worker, store, worker_input

__all__ = [
    "BASE_CHARACTERS",
    "cached_subset_font",
    "content_addressed",
    "math_font_characters",
    "subset_font",
]

DIGEST_LENGTH = 10
"""Hex digits of SHA-256 in a content-addressed name (40 bits: no two subsets collide)."""

BASE_CHARACTERS: frozenset[str] = frozenset(
    [chr(c) for c in range(0x20, 0x7F)]  # ASCII
    + list("±×÷¬·¯°")  # Latin-1 signs
    + [chr(c) for c in range(0x391, 0x3CA)]  # Greek
    + list("ϑϕϖϵϰϱ")  # Greek symbol forms
    + [chr(c) for c in range(0x2032, 0x2038)]  # primes
    + [chr(c) for c in range(0x2061, 0x2065)]  # invisible operators
    + [chr(c) for c in range(0x2190, 0x21A0)]  # arrows
    + [chr(c) for c in range(0x2200, 0x2300)]  # mathematical operators (√ among them)
)
"""Kept in every subset, whatever the formulas use."""


def _italic(char: str) -> str | None:
    """The mathematical italic form of a Latin or Greek letter (``x`` → U+1D465), if any."""
    if char == "h":
        return "\u210e"  # PLANCK CONSTANT: Unicode's italic h lives outside the block
    try:
        name = unicodedata.name(char)
    except ValueError:
        return None
    for script in ("LATIN ", "GREEK "):
        if name.startswith(script):
            # "LATIN SMALL LETTER X" → "MATHEMATICAL ITALIC SMALL X"
            rest = name.removeprefix(script).replace("LETTER ", "")
            try:
                return unicodedata.lookup("MATHEMATICAL ITALIC " + rest)
            except KeyError:
                return None
    return None


def math_font_characters(used: Iterable[str]) -> set[str]:
    """The characters a subset keeps: *used*, the base, and the italic forms of letters."""
    keep = set(used) | BASE_CHARACTERS
    keep |= {italic for char in list(keep) if (italic := _italic(char)) is not None}
    return keep


def subset_font(font: bytes, characters: Iterable[str]) -> bytes:
    """Return *font* (WOFF2) reduced to *characters*, with every layout feature and the MATH
    table, as WOFF2.

    Args:
        font: The font file's bytes.
        characters: What to keep (see :func:`math_font_characters`).

    Returns:
        The subset font's bytes.
    """
    from fontTools import subset  # noqa: PLC0415 - only for a production build
    from fontTools.ttLib import TTFont  # noqa: PLC0415

    options = subset.Options()
    options.layout_features = ["*"]
    options.name_IDs = ["*"]
    options.name_languages = ["*"]
    options.notdef_outline = True
    options.flavor = "woff2"
    # The source's timestamp is kept: the same characters give the same bytes in every build.
    loaded = TTFont(io.BytesIO(font), recalcTimestamp=False)
    subsetter = subset.Subsetter(options=options)
    subsetter.populate(unicodes=sorted({ord(c) for c in characters if len(c) == 1}))
    subsetter.subset(loaded)
    out = io.BytesIO()
    loaded.flavor = "woff2"
    loaded.save(out)
    return out.getvalue()


def content_addressed(src_uri: str, data: bytes) -> str:
    """The path *src_uri* with a digest of *data* before its extension.

    ``assets/fonts/STIXTwoMath-Regular.woff2`` → ``assets/fonts/STIXTwoMath-Regular.<digest>.woff2``:
    other bytes get another name, so a cache (the browser's, a CDN's) can never answer with
    an older file, however long it keeps one.

    Args:
        src_uri: The file's path in the site (POSIX).
        data: The bytes served at the new path.

    Returns:
        The new path, in the same folder.
    """
    folder, name = posixpath.split(src_uri)
    stem, dot, extension = name.rpartition(".")
    if not dot or not stem:
        stem, extension = name, ""
    digest = hashlib.sha256(data).hexdigest()[:DIGEST_LENGTH]
    named = f"{stem}.{digest}.{extension}" if extension else f"{stem}.{digest}"
    return posixpath.join(folder, named)


SUBSET_FORMAT = "nonlinear-math-subset-1"
"""Part of every kept subset's key: change it when :func:`subset_font` changes its output."""

KEPT_SUBSETS = 32
"""Kept subsets at most (the most recently written; about 60 KB each): a test run's sites,
each with its own formulas, do not push out the subset of the site that is built again."""


def cached_subset_font(font: bytes, characters: Iterable[str], cache_dir: Path | None) -> bytes:
    """:func:`subset_font`, kept in ``cache_dir`` under a digest of everything it depends on.

    Cutting the font costs about 1 s of CPU (fontTools), the same in every build whose
    formulas use the same characters: a warm ``make site`` and most ``mkdocs serve`` rebuilds
    read the bytes back instead. The key is the source font's bytes, the characters kept,
    fontTools' version and :data:`SUBSET_FORMAT`; an entry that cannot be read is cut again
    and replaced, and a disk that cannot be written only means nothing is kept.

    Args:
        font: The font file's bytes.
        characters: What to keep (see :func:`math_font_characters`).
        cache_dir: Where subsets are kept (never a vault); None keeps nothing.

    Returns:
        The subset font's bytes, the same as :func:`subset_font` gives.

    A subset not kept yet is cut by a separate process (``python -m nonlinear.site.fonts``,
    :class:`~nonlinear.site.disk_cache.Worker`), which stores it here: fontTools and the
    font's decoded tables took 40 MB, which the build process then kept to its end (a first
    build of the 2,000-note bench vault peaked 20 MB higher than a later one). Should the
    worker fail, the font is cut here.
    """
    keep = sorted({c for c in characters if len(c) == 1})
    if cache_dir is None:
        return subset_font(font, keep)
    digest = hashlib.sha256()
    for part in (SUBSET_FORMAT, metadata.version("fonttools"), "".join(keep)):
        digest.update(part.encode("utf-8", "surrogatepass") + b"\0")
    digest.update(font)
    path = cache_dir / f"{digest.hexdigest()[:32]}.woff2"
    stored = _read_woff2(path)
    if stored is None:
        source = path.with_suffix(f".{os.getpid()}.source")
        with contextlib.suppress(OSError):
            source.parent.mkdir(parents=True, exist_ok=True)
            source.write_bytes(font)
            Worker(__name__, [str(source), "".join(keep), str(path)], path).wait()
            source.unlink(missing_ok=True)
        stored = _read_woff2(path)
    if stored is not None:
        return stored
    subset = subset_font(font, keep)
    store(path, subset, kept=KEPT_SUBSETS)
    return subset


def _read_woff2(path: Path) -> bytes | None:
    """The kept subset at *path*, or None when it is missing or cut short."""
    try:
        stored = path.read_bytes()
    except OSError:
        return None
    return stored if _whole_woff2(stored) else None


def _worker(argv: list[str]) -> int:
    """``python -m nonlinear.site.fonts INPUT``: cut one subset and keep it."""
    source, keep, path = worker_input(argv)
    subset = subset_font(Path(source).read_bytes(), keep)
    store(Path(path), subset, kept=KEPT_SUBSETS)
    return 0


def _whole_woff2(data: bytes) -> bool:
    """Whether *data* is a WOFF2 file as long as its header says (not cut short)."""
    return data[:4] == b"wOF2" and len(data) >= 12 and int.from_bytes(data[8:12]) == len(data)


if __name__ == "__main__":
    raise SystemExit(_worker(sys.argv[1:]))
