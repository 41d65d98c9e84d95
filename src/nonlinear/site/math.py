"""Build-time math: ``$…$`` and ``$$…$$`` become MathML while Markdown is rendered.

Where it sits: a Python-Markdown extension (:class:`MathExtension`) that replaces
``pymdownx.arithmatex``. ``hooks/reading.py`` registers one instance in ``on_config`` and, after
each page is rendered (``on_page_content``), drains the problems it collected and logs them as
``path:line:col: math-error: …`` diagnostics (:func:`math_diagnostics`).

Why MathML and not KaTeX: both were rendered in headless Chromium for the formulas of the
knowledge base (ReLU, GELU, SELU ``cases``, softplus, ``\\operatorname``, ``\\mathbb``,
``\\tfrac``, ``\\sqrt``). latex2mathml plus the small repairs in :func:`_repair` and the
STIX Two Math font renders them cleanly with no JavaScript, no Node.js at build time and no
typesetting delay; KaTeX looked slightly better but needs Node.js for build-time rendering or
a client-side script (a visible delay) and ~20 font files.

Obsidian's (and pandoc's) rules for inline math decide what a ``$`` means:

* an opening ``$`` is not followed by a space, a closing ``$`` is not preceded by a space and
  not followed by a digit, so ``costs $5 and $6`` stays prose;
* ``\\$`` is a literal dollar sign;
* nothing inside code is math: the inline processor runs right after backticks (priority 189.9,
  as arithmatex does), so code spans are already atomic, and fenced code is stashed earlier.
"""

from __future__ import annotations

import functools
import re
import unicodedata
import xml.etree.ElementTree as ET
from collections.abc import Iterable, Sequence
from dataclasses import dataclass
from html import escape, unescape
from typing import TYPE_CHECKING

from markdown.blockprocessors import BlockProcessor
from markdown.extensions import Extension
from markdown.inlinepatterns import InlineProcessor

from nonlinear.vault.safety import unsafe_message, unsafe_url

if TYPE_CHECKING:
    from markdown import Markdown
    from markdown.blockparser import BlockParser

__all__ = [
    "MathExtension",
    "MathProblem",
    "MathResult",
    "begin_build",
    "end_build",
    "latex_to_mathml",
    "latex_to_text",
    "locate",
    "math_diagnostics",
    "math_characters",
    "mathml_to_text",
]

_MATHML_NS = "http://www.w3.org/1998/Math/MathML"
_NS = "{" + _MATHML_NS + "}"
ET.register_namespace("", _MATHML_NS)

RE_INLINE_MATH = re.compile(
    r"""
    (?<![\\$])          # not an escaped dollar, not the second dollar of $$
    (?P<delim>\$\$?)    # $ (inline) or $$ (display written inside a paragraph)
    (?![\s$])           # the opening dollar is not followed by a space
    (?P<tex>(?:\\.|[^\\$])+?)   # escaped characters, or anything but dollar and backslash
    (?<![\s\\])         # the closing dollar is not preceded by a space
    (?P=delim)
    (?![\d$])           # ... and not followed by a digit ("$5 and $6")
    """,
    re.VERBOSE | re.DOTALL,
)
RE_ESCAPED_DOLLAR = r"\\\$"
# A line that opens display math: `$$` at the start of a line (after optional indentation),
# either alone (closed on a later line) or closed at the end of the same line. A line such as
# `$$x$$ and more text` is left to the inline pattern.
RE_DISPLAY_OPEN = re.compile(
    r"^[ ]{0,3}\$\$(?:(?:(?!\$\$).)*|.*\$\$[ \t]*)$",
    re.MULTILINE,
)
RE_DISPLAY = re.compile(
    r"""
    ^[ ]{0,3}\$\$       # the opening $$ at the start of a line
    (?P<tex>(?:(?!\$\$).)*?)  # the LaTeX, over any number of lines, without $$
    \$\$[ \t]*$         # the closing $$ at the end of a line
    """,
    re.VERBOSE | re.DOTALL | re.MULTILINE,
)
# latex2mathml passes an unknown command through as the text of an <mi>.
RE_COMMAND_TEXT = re.compile(r"\\[A-Za-z]+")
# Multi-letter operator names (\operatorname{ReLU}, \max, \erf written as \operatorname{erf}).
RE_WORD = re.compile(r"[A-Za-z]{2,}")
_PRIMES = frozenset("′″‴")
_VARIANT_NAMES = {
    "double-struck": "DOUBLE-STRUCK",
    "bold": "BOLD",
    "italic": "ITALIC",
    "bold-italic": "BOLD ITALIC",
    "script": "SCRIPT",
    "fraktur": "FRAKTUR",
    "sans-serif": "SANS-SERIF",
    "monospace": "MONOSPACE",
}


@dataclass(frozen=True, slots=True)
class MathResult:
    """The MathML of one formula and what went wrong converting it."""

    html: str
    """``<math>…</math>``, or a ``<code class="math-error">`` holding the source on failure."""
    problems: tuple[str, ...]
    """Messages about unsupported LaTeX (empty when the formula converted cleanly)."""
    unsafe: tuple[str, ...] = ()
    """Messages about ``\\href`` targets removed for their scheme (``javascript:``...)."""


@dataclass(frozen=True, slots=True)
class MathProblem:
    """A formula that did not convert cleanly, as seen while rendering one page."""

    latex: str
    """The LaTeX source between the dollars."""
    message: str
    """What is wrong and how to fix it."""
    kind: str = "math-error"
    """``math-error``, or ``unsafe-url`` for an ``\\href`` the page does not follow."""


_KNOWN: dict[tuple[str, bool], MathResult] = {}
"""Formulas converted by an earlier build (:mod:`nonlinear.site.math_store`): not converted
again."""
_USED: dict[tuple[str, bool], MathResult] = {}
"""Every formula asked for since :func:`begin_build`, with its result."""


def begin_build(known: dict[tuple[str, bool], MathResult]) -> None:
    """Start a build: *known* results are used as they are; :func:`end_build` lists the rest."""
    _KNOWN.clear()
    _KNOWN.update(known)
    _USED.clear()


def end_build() -> tuple[dict[tuple[str, bool], MathResult], bool]:
    """Every formula asked for since :func:`begin_build`, and whether any was not known."""
    return dict(_USED), any(key not in _KNOWN for key in _USED)


def latex_to_mathml(latex: str, *, display: bool) -> MathResult:
    """Convert LaTeX to MathML that renders well in browsers (MathML Core).

    Pure, so remembered: a formula quoted in several notes, and again in the backlink snippets
    of every note they link to, is converted once per build process (the knowledge base: 1,956
    conversions of 800 formulas, 0.37 s -> 0.15 s CPU), and a warm build converts only the
    formulas no earlier build did (:func:`begin_build`; 0.15 s -> 0.01 s, latex2mathml not even
    imported).

    Args:
        latex: The formula, without its ``$`` delimiters.
        display: Block (``$$``) rather than inline math.

    Returns:
        The MathML and the problems found. Unknown commands are kept visible (``\\foo``) and
        reported; a formula that cannot be parsed at all is shown as code and reported.
    """
    key = (latex, display)
    result = _KNOWN.get(key)
    if result is None:
        result = _convert(latex, display)
    _USED[key] = result
    return result


@functools.lru_cache(maxsize=8192)
def _convert(latex: str, display: bool) -> MathResult:
    """:func:`latex_to_mathml` without the results of earlier builds."""
    import latex2mathml.converter  # noqa: PLC0415 - only on a miss: 15 ms of imports

    try:
        latex = _alignments_as_arrays(latex)
        raw = latex2mathml.converter.convert(latex, display="block" if display else "inline")
        # A stray alignment "&" comes out unescaped (a literal "\\&" comes out "&#x00026;"):
        # escape it and mark it, to report it.
        raw = raw.replace("<mi>&</mi>", f'<mi {_STRAY}="">&amp;</mi>')
        root = ET.fromstring(raw)
    except Exception as error:  # latex2mathml raises many exception types on bad input
        detail = type(error).__name__ if not str(error) else f"{type(error).__name__}: {error}"
        message = f"cannot parse ${latex}$ ({detail}); check braces and environments"
        html = f'<code class="math-error" title="{escape(message)}">{escape(latex)}</code>'
        return MathResult(html=html, problems=(message,))
    problems = _repair(root)
    unsafe = _drop_unsafe_hrefs(root)
    root.set("class", "math-display" if display else "math-inline")
    html = ET.tostring(root, encoding="unicode", short_empty_elements=False)
    return MathResult(html=html, problems=tuple(problems), unsafe=tuple(unsafe))


# amsmath's alignment environments, which MathJax renders in Obsidian and latex2mathml does not
# (aligned) or numbers (align): with an optional position ([t]) or column count ({2}).
RE_ALIGNMENT = re.compile(
    r"\\begin\{(?P<env>aligned|alignedat|align\*?|alignat\*?|split|gathered|gather\*?)\}"
    r"(?:\[[a-z]\])?(?:\{\d+\})?(?P<body>.*?)\\end\{(?P=env)\}",
    re.DOTALL,
)
_STRAY = "data-nl-stray"
"""Marks an alignment ``&`` that latex2mathml left outside any table, until it is reported."""
# An alignment mark: "&", not an escaped "\&".
RE_AMPERSAND = re.compile(r"(?<!\\)&")
RE_ROW_BREAK = re.compile(r"\\\\(?:\[[^\]]*\])?")


def _alignments_as_arrays(latex: str) -> str:
    """Write amsmath's alignment environments as the arrays they lay out.

    ``aligned``, ``align``, ``alignat``, ``split`` (and starred forms) pair right- and
    left-aligned columns at each ``&``; ``gather``/``gathered`` centre one column. No equation
    numbers (Obsidian shows none); ``\\nonumber``/``\\notag`` are dropped.
    """

    def array(match: re.Match[str]) -> str:
        env, body = match["env"], match["body"]
        body = re.sub(r"\\no(?:number|tag)\b", "", body)
        if env.startswith("gather"):
            spec = "c"
        else:
            rows = RE_ROW_BREAK.split(body)
            columns = max(len(RE_AMPERSAND.findall(row)) for row in rows) + 1
            spec = ("rl" * columns)[:columns]
        return f"\\begin{{array}}{{{spec}}}{body}\\end{{array}}"

    return RE_ALIGNMENT.sub(array, latex) if "\\begin" in latex else latex


def _drop_unsafe_hrefs(root: ET.Element) -> list[str]:
    """Remove ``href`` attributes (``\\href{url}{x}``) whose URL could run a script.

    MathML lets any element be a link; ``\\href{javascript:…}{x}`` must not become one. The
    formula still shows ``x``.
    """
    found: list[str] = []
    for element in root.iter():
        for name in [n for n in element.attrib if n.rsplit("}", 1)[-1].lower() == "href"]:
            scheme = unsafe_url(element.attrib[name])
            if scheme is not None:
                del element.attrib[name]
                found.append(f"\\href{{{scheme}:…}}: {unsafe_message(scheme)}")
    return found


def _repair(root: ET.Element) -> list[str]:
    """Fix latex2mathml output for MathML Core (Chromium, Firefox, Safari) and find problems."""
    problems: list[str] = []
    for element in root.iter():
        tag = element.tag.removeprefix(_NS)
        text = element.text or ""
        if tag in {"mi", "mo"} and RE_COMMAND_TEXT.fullmatch(text):
            problems.append(
                f"unknown LaTeX command {text}; use \\operatorname{{{text[1:]}}} for an "
                "operator name or a supported command"
            )
        elif tag == "mi" and _STRAY in element.attrib:
            del element.attrib[_STRAY]
            problems.append(
                "'&' outside an array, cases or alignment environment; "
                "use \\begin{aligned} … \\end{aligned}"
            )
        elif tag == "mi" and text in _OPERATOR_IDENTIFIERS:
            # latex2mathml writes \\sim, \\pm, \\setminus, \\iff, \\perp as identifiers: no
            # space around them ("z~x"). They are relations and binary operators.
            element.tag = _NS + "mo"
            element.text = _OPERATOR_IDENTIFIERS[text]
        elif tag == "mo" and RE_WORD.fullmatch(text):
            # \operatorname{ReLU} and \max arrive as <mo>: an operator gets spacing on both
            # sides ("ReLU (x)"); a multi-letter <mi> is upright with TeX's tight spacing.
            element.tag = _NS + "mi"
        elif tag in {"mi", "mn"} and "mathvariant" in element.attrib:
            # MathML Core ignores mathvariant except "normal": map to Unicode math letters.
            variant = element.attrib["mathvariant"]
            mapped = _math_alphanumeric(text, variant)
            if mapped is not None:
                element.text = mapped
                del element.attrib["mathvariant"]
    _flatten_primes(root)
    _mark_prefix_signs(root)
    _space_operator_names(root)
    _fix_fences_and_spaces(root)
    return list(dict.fromkeys(problems))  # each problem once per formula


_ORDINARY = frozenset("∞∅∂∇")
_OPERATOR_IDENTIFIERS = {"~": "∼", "±": "±", "∓": "∓", "⧵": "∖", "⟺": "⟺", "⟂": "⊥"}
_CLOSING = frozenset(")]}|⟩‖")
_SIGNS = frozenset("−+±∓")


def _mark_prefix_signs(root: ET.Element) -> None:
    """Space signs and symbols as TeX does.

    latex2mathml writes a flat ``<mrow>``, so a browser spaces the minus of ``(-\\infty, 0)``
    as a binary operator and ``\\infty`` as an operator: make such a sign a prefix operator
    and ``\\infty`` an identifier.
    """
    for parent in root.iter():
        previous: ET.Element | None = None
        for child in parent:
            text = child.text or ""
            if child.tag == _NS + "mo" and text in _ORDINARY:
                child.tag = _NS + "mi"
            elif child.tag == _NS + "mo" and text in _SIGNS:
                after_operator = (
                    previous is not None
                    and previous.tag == _NS + "mo"
                    and (previous.text or "") not in _CLOSING
                )
                if previous is None or after_operator:
                    child.set("form", "prefix")
            previous = child


_THIN = "0.1667em"
# TeX's named spaces (MathML 3); MathML Core knows only lengths.
_NAMED_SPACES = {
    "veryverythinmathspace": 1,
    "verythinmathspace": 2,
    "thinmathspace": 3,
    "mediummathspace": 4,
    "thickmathspace": 5,
    "verythickmathspace": 6,
    "veryverythickmathspace": 7,
}
_OPENING = frozenset("([{⟨⌈⌊")
_FENCE_CLOSING = frozenset(")]}⟩⌉⌋")
_SCRIPTS = frozenset({"msub", "msup", "msubsup", "munder", "mover", "munderover"})
# Elements whose children are a row of atoms (MathML's inferred mrow).
_ROWS = frozenset(
    {"math", "mrow", "mstyle", "msqrt", "mtd", "menclose", "mpadded", "mphantom", "merror"}
)
_ORD_TAGS = frozenset({"mi", "mn", "mtext", "mfrac", "msqrt", "mroot", "menclose", "mtable"})
# Operators TeX treats as ordinary symbols: no space around "2/π".
_ORDINARY_OPERATORS = frozenset("/∕")


def _local(element: ET.Element) -> str:
    return element.tag.removeprefix(_NS)


def _is_operator_name(element: ET.Element) -> bool:
    """``\\tanh``, ``\\operatorname{erf}``, ``\\max``, also with scripts (``\\tanh^2``)."""
    tag = _local(element)
    if tag == "mi":
        text = element.text or ""
        return len(text) >= 2 and text.isalpha()
    return tag in _SCRIPTS and len(element) > 0 and _is_operator_name(element[0])


def _is_ordinary(element: ET.Element) -> bool:
    """An atom TeX spaces as Ord: a letter, number, fraction, root, scripted ordinary …"""
    tag = _local(element)
    if tag in _ORD_TAGS:
        return True
    if tag in _SCRIPTS:
        return len(element) > 0 and _is_ordinary(element[0])
    if tag in {"mrow", "mstyle"}:
        return len(element) > 0 and _is_ordinary(element[0])
    return False


def _space_operator_names(root: ET.Element) -> None:
    """Space function names as TeX does: ``\\tanh u`` is "tanh u", not "tanhu".

    latex2mathml writes ``<mi>tanh</mi><mi>u</mi>``, which browsers set without a gap. After
    an operator name comes U+2061 FUNCTION APPLICATION (what screen readers announce as
    "of"), with TeX's thin space when an ordinary atom follows (``\\tanh u``, ``\\log 2``)
    and none before a bracket (``\\tanh(x)``); before it, a thin space when it follows an
    ordinary atom or a closing bracket (``x\\tanh(x)`` is "x tanh(x)", not "xtanh(x)").
    """
    for parent in list(root.iter()):
        if _local(parent) not in _ROWS:
            continue  # in <msup><mi>tanh</mi><mn>2</mn></msup> the 2 is a script, not an argument
        children = list(parent)
        for index, child in enumerate(children):
            if not _is_operator_name(child):
                continue
            before = children[index - 1] if index > 0 else None
            following = [c for c in children[index + 1 :] if _local(c) != "mspace"]
            after = following[0] if following else None
            spaced = index + 1 < len(children) and _local(children[index + 1]) == "mspace"
            position = list(parent).index(child)
            if after is not None and not (_local(after) == "mo" and after.text == "\u2061"):
                opening = _local(after) == "mo" and (after.text or "") in _OPENING
                fenced = (
                    _local(after) == "mrow" and len(after) > 0 and (after[0].text or "") in _OPENING
                )
                if opening or fenced or _is_ordinary(after) or _is_operator_name(after):
                    # The author's own space (\\, or \\!) replaces TeX's thin space.
                    space = "0" if opening or fenced or spaced else _THIN
                    apply = ET.Element(_NS + "mo", {"lspace": "0", "rspace": space})
                    apply.text = "\u2061"
                    parent.insert(position + 1, apply)
            if before is not None and (
                _is_ordinary(before)
                or (_local(before) == "mo" and (before.text or "") in _CLOSING)
            ):
                parent.insert(position, ET.Element(_NS + "mspace", {"width": _THIN}))


def _fix_fences_and_spaces(root: ET.Element) -> None:
    """Brackets as prefix/postfix operators, "/" as an ordinary symbol, named spaces as ems.

    ``\\bigl(`` arrives as a stretchy ``<mo>`` in the middle of a row, which a browser spaces
    as an infix operator (the gap in "√(2/π) (x + …)"); TeX spaces it as an opening symbol.
    """
    for element in root.iter():
        tag = _local(element)
        text = element.text or ""
        if tag == "mo" and "form" not in element.attrib:
            if text in _OPENING:
                element.set("form", "prefix")
            elif text in _FENCE_CLOSING:
                element.set("form", "postfix")
            elif text in _ORDINARY_OPERATORS:
                element.set("lspace", "0")
                element.set("rspace", "0")
        elif tag == "mspace":
            width = element.get("width", "")
            name = width.removeprefix("negative")
            if name in _NAMED_SPACES:
                sign = "-" if width.startswith("negative") else ""
                element.set("width", f"{sign}{_NAMED_SPACES[name] / 18:.4f}em")


def _math_alphanumeric(text: str, variant: str) -> str | None:
    """``"R", "double-struck"`` → ``"ℝ"``; None when Unicode has no such character."""
    style = _VARIANT_NAMES.get(variant)
    if style is None or not text:
        return None
    out = []
    for char in text:
        kind = "DIGIT" if char.isdigit() else "CAPITAL" if char.isupper() else "SMALL"
        name = unicodedata.name(char, "").rsplit(" ", 1)[-1]
        if kind == "DIGIT":
            name = unicodedata.name(char, "").removeprefix("DIGIT ")
        candidates = (f"MATHEMATICAL {style} {kind} {name}", f"{style} {kind} {name}")
        for candidate in candidates:
            try:
                out.append(unicodedata.lookup(candidate))
                break
            except KeyError:
                continue
        else:
            return None
    return "".join(out)


def _flatten_primes(root: ET.Element) -> None:
    """``f'`` arrives as ``<msup><mi>f</mi><mi>′</mi></msup>``: the prime glyph is already raised,
    so a superscript puts it far too high and sets it in script size (tiny). Write it as base
    followed by the prime at full size. ``f_{\\tanh}'`` arrives as ``<msubsup>``: it becomes
    ``<msub>`` of the primed base, "f′" with "tanh" below."""
    for parent in list(root.iter()):
        for index, child in enumerate(list(parent)):
            tag = _local(child)
            prime_at = {"msup": 1, "msubsup": 2}.get(tag)
            if prime_at is None or len(child) != prime_at + 1:
                continue
            mark = child[prime_at]
            if not mark.text or not set(mark.text) <= _PRIMES or len(mark):
                continue
            row = ET.Element(_NS + "mrow")
            row.append(child[0])
            prime = ET.SubElement(row, _NS + "mo", {"lspace": "0", "rspace": "0"})
            prime.text = mark.text
            if tag == "msubsup":
                replacement = ET.Element(_NS + "msub")
                replacement.extend([row, child[1]])
            else:
                replacement = row
            parent.remove(child)
            parent.insert(index, replacement)


_SUPERSCRIPTS = str.maketrans("0123456789+-−=()n", "⁰¹²³⁴⁵⁶⁷⁸⁹⁺⁻⁻⁼⁽⁾ⁿ")
_SPACED = frozenset("=≈≠≤≥<>≪≫∈∉⊂⊆→←↦∼~≡+×·±∓")
RE_SPACE_BEFORE_PRIME = re.compile(r"\s+(?=[′″‴])")
_CONDITION_WORDS = ("if", "for", "when", "otherwise", "else")
_SIMPLE = re.compile(r"^[\w.′″‴]+$")


RE_MARKUP = re.compile(r"<[^>]*>")
RE_MATH_OPEN = re.compile(r"<math\b[^>]*>")


def math_characters(html: str) -> set[str]:
    """The characters the formulas of a page show: the text of its ``<math>`` elements.

    Args:
        html: A built page (or one formula's MathML), as this module writes MathML.

    Returns:
        The characters, entities decoded.
    """
    # Each element found by a search for its opening tag (a literal start, found fast) and a
    # plain search for its end, and one pass over the joined text: a lazy regex over each
    # element, and a pass per element, cost a make serve rebuild 80 ms.
    inner: list[str] = []
    opening = RE_MATH_OPEN.search(html)
    while opening is not None:
        end = html.find("</math>", opening.end())
        if end < 0:
            break
        inner.append(html[opening.end() : end])
        opening = RE_MATH_OPEN.search(html, end + 7)
    text = RE_MARKUP.sub("", "".join(inner))
    return set(unescape(text) if "&" in text else text)


def latex_to_text(latex: str) -> str:
    """A formula as plain text for an ``alt`` attribute or a search snippet.

    ``x\\,\\Phi(x)`` → ``x Φ(x)``, ``\\sqrt{2/\\pi}`` → ``√(2/π)``, ``f'(x)`` → ``f′(x)``,
    ``4.7 \\times 10^{-4}`` → ``4.7 × 10⁻⁴``. A formula that does not convert is returned as
    written, without its backslashes' commands guessed at.
    """
    import latex2mathml.converter  # noqa: PLC0415 - see _convert

    try:
        raw = latex2mathml.converter.convert(latex)
        root = ET.fromstring(raw.replace("<mi>&</mi>", "<mi>&amp;</mi>"))
    except Exception:  # latex2mathml raises many exception types on bad input  # noqa: BLE001
        return latex
    _repair(root)
    return mathml_to_text(root)


def mathml_to_text(element: ET.Element) -> str:
    """Linear plain text of a MathML element (see :func:`latex_to_text`)."""
    text = " ".join(_linear(element).split())
    text = RE_SPACE_BEFORE_PRIME.sub("", text)  # f\\,'(x): "f′(x)"
    return text.replace("( ", "(").replace(" )", ")")


def _linear(element: ET.Element) -> str:  # noqa: PLR0911 - one case per element kind
    tag = _local(element)
    kids = list(element)
    text = element.text or ""
    if tag in {"mi", "mn", "mtext", "ms"}:
        return text
    if tag == "mo":
        if text == "\u2061":
            return " " if element.get("rspace", "0") not in {"0", ""} else ""
        if text in _SPACED and element.get("form") != "prefix":
            return f" {text} "
        if text == ",":
            return ", "
        return text
    if tag == "mspace":
        return "" if element.get("width", "").startswith("-") else " "
    if tag in {"msup", "msub", "msubsup"} and kids:
        out = _linear(kids[0])
        if tag in {"msub", "msubsup"} and len(kids) > 1:
            sub = _linear(kids[1]).strip()
            out += "_" + (sub if _SIMPLE.match(sub) else f"({sub})")
        if tag != "msub" and len(kids) > 1:
            sup = _linear(kids[-1]).strip()
            plain = sup.replace(" ", "")
            if plain and all(c in "0123456789+-−=()n" for c in plain):
                out += plain.translate(_SUPERSCRIPTS)
            else:
                out += "^" + (sup if _SIMPLE.match(sup) else f"({sup})")
        return out
    if tag == "mfrac" and len(kids) == 2:
        top, bottom = (_linear(k).strip() for k in kids)
        top = top if _SIMPLE.match(top) else f"({top})"
        bottom = bottom if _SIMPLE.match(bottom) else f"({bottom})"
        return f"{top}/{bottom}"
    if tag in {"msqrt", "mroot"}:
        inner = _linear(kids[0]).strip() if tag == "mroot" and kids else _row(kids).strip()
        return "√" + (inner if _SIMPLE.match(inner) else f"({inner})")
    if tag in {"mover", "munder", "munderover"} and kids:
        return _linear(kids[0])
    if tag == "mtable":
        return "; ".join(_linear(row).strip() for row in kids)
    if tag == "mtr":
        cells = [_linear(cell).strip() for cell in kids]
        if len(cells) == 2 and cells[1] and not cells[1].startswith(_CONDITION_WORDS):
            return f"{cells[0]} if {cells[1]}"  # a case of \\begin{cases}
        return " ".join(cells)
    return _row(kids)


def _row(kids: Iterable[ET.Element]) -> str:
    """Join a row; a brace that only opens cases is dropped, scripted atoms stay apart."""
    kids = list(kids)
    out: list[str] = []
    for index, kid in enumerate(kids):
        after = kids[index + 1] if index + 1 < len(kids) else None
        if _local(kid) == "mo" and kid.text == "{" and after is not None and _local(after) == "mtable":
            continue
        piece = _linear(kid)
        if out and ("_" in out[-1] or "^" in out[-1]) and piece[:1].isalnum():
            out.append(" ")  # p_1 p_2, not p_1p_2
        out.append(piece)
    return "".join(out)


def locate(markdown: str, latex: str, *, start: int = 0) -> tuple[int, int, int]:
    """Find a formula's source in a page's Markdown.

    Args:
        markdown: The page's Markdown as MkDocs read it (frontmatter removed).
        latex: The formula source.
        start: Offset to search from (to find the next occurrence of a repeated formula).

    Returns:
        ``(line, col, offset)``, 1-based line and column; ``(1, 1, start)`` when not found
        (the formula was produced by a transclusion or a hook, not written in this page).
    """
    offset = markdown.find(latex, start)
    if offset < 0:
        return 1, 1, start
    line = markdown.count("\n", 0, offset) + 1
    col = offset - (markdown.rfind("\n", 0, offset) + 1) + 1
    return line, col, offset


def math_diagnostics(
    src_uri: str, markdown: str, problems: Iterable[MathProblem], *, line_offset: int = 0
) -> list[str]:
    """Format the problems of one page as ``path:line:col: kind: message``.

    Args:
        src_uri: The page's ``src_uri``.
        markdown: The page's Markdown (to find line and column of each formula).
        problems: What the extension collected while rendering the page, in order.
        line_offset: Lines before ``markdown`` in the file (the YAML frontmatter).

    Returns:
        One formatted diagnostic per problem, sorted by position.
    """
    # Block math is converted before inline math, so problems do not arrive in page order:
    # the k-th problem about a formula is put at the k-th occurrence of its source.
    seen: dict[str, int] = {}
    located: list[tuple[int, int, str, str]] = []
    for problem in problems:
        nth = seen.get(problem.latex, 0)
        seen[problem.latex] = nth + 1
        offset = -1
        for _ in range(nth + 1):
            following = markdown.find(problem.latex, offset + 1)
            if following < 0:
                break
            offset = following
        line, col, _ = locate(markdown, problem.latex, start=max(offset, 0))
        located.append((line, col, problem.kind, problem.message))
    return [
        f"{src_uri}:{line + line_offset}:{col}: {kind}: {message}"
        for line, col, kind, message in sorted(located)
    ]


class MathInlineProcessor(InlineProcessor):
    """``$x$`` → inline MathML; ``$$x$$`` inside a paragraph → display MathML."""

    def __init__(self, pattern: str, extension: MathExtension, md: Markdown) -> None:
        """Initialise with the extension that collects problems."""
        super().__init__(pattern, md)
        self.extension = extension

    def handleMatch(  # type: ignore[override]  # noqa: N802 - Python-Markdown's name
        self, m: re.Match[str], data: str
    ) -> tuple[str, int, int]:
        """Stash the MathML as raw HTML so no later inline pattern touches it."""
        html = self.extension.convert(m.group("tex"), display=m.group("delim") == "$$")
        return self.md.htmlStash.store(html), m.start(0), m.end(0)


class EscapedDollarInlineProcessor(InlineProcessor):
    """``\\$`` → a literal ``$`` (Python-Markdown's own escapes do not include ``$``)."""

    def handleMatch(  # type: ignore[override]  # noqa: N802 - Python-Markdown's name
        self, m: re.Match[str], data: str
    ) -> tuple[str, int, int]:
        """Return the dollar as plain text."""
        return "$", m.start(0), m.end(0)


class MathBlockProcessor(BlockProcessor):
    """Display math: ``$$`` on its own line(s), possibly over several lines and blank lines."""

    def __init__(self, parser: BlockParser, extension: MathExtension) -> None:
        """Initialise with the extension that collects problems."""
        super().__init__(parser)
        self.extension = extension

    def test(self, parent: ET.Element, block: str) -> bool:
        """A block holding a line that starts with ``$$``."""
        return RE_DISPLAY_OPEN.search(block) is not None

    def run(self, parent: ET.Element, blocks: list[str]) -> bool:
        """Split off the text before the math, join blocks until the closing ``$$``."""
        block = blocks.pop(0)
        opening = RE_DISPLAY_OPEN.search(block)
        assert opening is not None  # test() said so
        before, block = block[: opening.start()], block[opening.start() :]
        # Blank lines inside $$…$$ split it into several blocks: join them back.
        joined, taken = block, 0
        while RE_DISPLAY.match(joined) is None and taken < len(blocks):
            joined = f"{joined}\n\n{blocks[taken]}"
            taken += 1
        match = RE_DISPLAY.match(joined)
        if before.strip():
            self.parser.parseBlocks(parent, [before.rstrip("\n")])
        if match is None:
            # No closing $$ anywhere: report it, show the opening line as text, go on.
            self.extension.problems.append(
                MathProblem("$$", "display math opened with $$ is never closed; add a line $$")
            )
            first, _, rest = block.partition("\n")
            ET.SubElement(parent, "p").text = first
            if rest:
                blocks.insert(0, rest)
            return True
        del blocks[:taken]
        after = joined[match.end() :].lstrip("\n")
        if after:
            blocks.insert(0, after)
        html = self.extension.convert(match.group("tex").strip(), display=True)
        div = ET.SubElement(parent, "div", {"class": "math-block"})
        div.text = self.md.htmlStash.store(html)
        return True

    @property
    def md(self) -> Markdown:
        """The Markdown instance (for its HTML stash)."""
        return self.parser.md


class MathExtension(Extension):
    """Register the math processors and collect the problems of the page being rendered.

    One instance serves every page of a build (MkDocs creates a ``Markdown`` per page and calls
    :meth:`extendMarkdown` each time); the hook calls :meth:`drain` after each page.
    """

    def __init__(self, **kwargs: object) -> None:
        """Initialise with no problems collected."""
        super().__init__(**kwargs)
        self.problems: list[MathProblem] = []

    def extendMarkdown(self, md: Markdown) -> None:  # noqa: N802 - Python-Markdown's name
        """Register processors. Priorities:

        * inline math at 189.9: right after backticks (190), so code spans stay code and math
          is taken before escapes (180), links (160) and emphasis (60) can see ``_`` or ``*``;
        * ``\\$`` at 189.8: after math, so ``$\\$5$`` stays inside the formula;
        * display math at 75: after indented code (80) and before headings, lists and
          paragraphs, so it also works inside lists, blockquotes and callouts.
        """
        md.inlinePatterns.register(
            MathInlineProcessor(RE_INLINE_MATH.pattern, self, md), "nonlinear-math", 189.9
        )
        # InlineProcessor compiles with re.DOTALL | re.UNICODE; our pattern needs VERBOSE too.
        md.inlinePatterns["nonlinear-math"].compiled_re = re.compile(
            RE_INLINE_MATH.pattern, re.VERBOSE | re.DOTALL | re.UNICODE
        )
        md.inlinePatterns.register(
            EscapedDollarInlineProcessor(RE_ESCAPED_DOLLAR, md), "nonlinear-math-escape", 189.8
        )
        md.parser.blockprocessors.register(
            MathBlockProcessor(md.parser, self), "nonlinear-math-block", 75
        )

    def convert(self, latex: str, *, display: bool) -> str:
        """Convert one formula, remembering its problems."""
        result = latex_to_mathml(latex, display=display)
        self.problems.extend(MathProblem(latex, message) for message in result.problems)
        self.problems.extend(MathProblem(latex, m, "unsafe-url") for m in result.unsafe)
        return result.html

    def drain(self) -> Sequence[MathProblem]:
        """Return and forget the problems collected since the last call."""
        problems, self.problems = self.problems, []
        return problems


def makeExtension(**kwargs: object) -> MathExtension:  # noqa: N802 - Python-Markdown's name
    """Let ``markdown_extensions: [nonlinear.site.math]`` load the extension."""
    return MathExtension(**kwargs)
