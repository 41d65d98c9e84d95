"""Facts about every activation in :mod:`nonlinear.activations`, in one table.

The registry is the single source the vault and the notebooks draw from: the note that
documents each function, its formula and derivative in LaTeX, defaults, range, value of
the derivative at 0, shape flags, cost, and the primary reference. ``REGISTRY`` is keyed
by the function name in :mod:`nonlinear.activations`; :func:`comparison_table` renders
the Markdown table embedded in ``docs/Comparison of activation functions.md``.

Conventions:

* Flags describe the function at its default parameters (PReLU with ``nn.PReLU``'s
  initial weight 0.25).
* ``zero_centred`` means ``E[f(z)] = 0`` for ``z ~ N(0, 1)``: true for the odd functions
  and for SELU (by construction), false otherwise.
* ``monotonic`` means non-decreasing on the whole real line.
* ``differentiability`` is ``"C0"`` (kinks), ``"C1"`` (continuous derivative) or
  ``"Cinf"`` (smooth); ``smooth`` is true exactly for ``"Cinf"``.
* ``reference`` is the source whose definition the library follows (the usual citation);
  ``introduced_by`` is an earlier source that first used the function, when there is one.
  ``year`` is the year the function was introduced: ``introduced_by``'s year if given, else
  the reference's.

References come from the project's subject-matter reference
(``/work/shared/reference/activations.md``); the few it does not give (sigmoid, tanh,
hardtanh) are marked in :attr:`Reference.note`.
"""

from __future__ import annotations

import difflib
import unicodedata
from collections.abc import Callable, Iterable, Mapping
from dataclasses import dataclass, field
from types import MappingProxyType
from typing import Any, Literal

from nonlinear import activations as act

__all__ = [
    "REGISTRY",
    "Activation",
    "Reference",
    "comparison_rows",
    "comparison_table",
    "get",
]

ReferenceKind = Literal["conference", "journal", "preprint", "chapter", "thesis", "manuscript"]
"""How a reference was published; decides the APA pattern and the BibTeX entry type."""

Differentiability = Literal["jump", "C0", "C1", "Cinf"]
"""``"jump"``: f itself is discontinuous; ``"C0"``: continuous with kinks; ``"C1"``; ``"Cinf"``."""


@dataclass(frozen=True, slots=True)
class Reference:
    """A bibliographic reference.

    Attributes:
        authors: Authors as ``"Last, F. M."``, in order.
        year: Publication year.
        title: Title in the paper's own capitalization.
        venue: Proceedings, journal, series or institution (``"arXiv"`` for preprints).
        kind: Publication type.
        arxiv: arXiv identifier (``"1606.08415"``), if any.
        doi: DOI without the resolver (``"10.1109/ICCV.2015.123"``), if any.
        pages: Page range with an en dash (``"807–814"``), if known.
        volume: Journal volume or proceedings volume, if relevant.
        publisher: Publisher, if relevant.
        editors: Editors of a collected volume as ``"G. B. Orr"``, for chapters.
        note: What was and was not verified, or other remarks.
        origin: Whether the reference introduced the function. False for the commonly
            cited source of a function that is older or whose origin is unverified; the
            comparison table marks those with a dagger.
    """

    authors: tuple[str, ...]
    year: int
    title: str
    venue: str
    kind: ReferenceKind
    arxiv: str | None = None
    doi: str | None = None
    pages: str | None = None
    volume: str | None = None
    publisher: str | None = None
    editors: tuple[str, ...] = ()
    note: str | None = None
    origin: bool = True

    @property
    def url(self) -> str | None:
        """A stable link: the DOI resolver if there is a DOI, else the arXiv abstract."""
        if self.doi:
            return f"https://doi.org/{self.doi}"
        if self.arxiv:
            return f"https://arxiv.org/abs/{self.arxiv}"
        return None

    def short(self) -> str:
        """Short author-year citation: ``Nair & Hinton (2010)``, ``He et al. (2015)``."""
        surnames = [a.split(",")[0] for a in self.authors]
        if len(surnames) == 1:
            who = surnames[0]
        elif len(surnames) == 2:
            who = f"{surnames[0]} & {surnames[1]}"
        else:
            who = f"{surnames[0]} et al."
        return f"{who} ({self.year})"

    def apa(self) -> str:
        """The reference in APA 7 style, as Markdown (``*...*`` marks italics).

        Returns:
            One line, e.g. ``Barron, J. T. (2017). *Continuously Differentiable Exponential
            Linear Units* (arXiv:1704.07483). arXiv. https://doi.org/...``.
        """
        head = f"{_apa_authors(self.authors)} ({self.year})."
        pages = f"pp. {self.pages}" if self.pages else ""
        match self.kind:
            case "journal":
                vol = f", *{self.volume}*" if self.volume else ""
                pg = f", {self.pages}" if self.pages else ""
                body = f"{self.title}. *{self.venue}*{vol}{pg}."
            case "conference":
                body = f"{self.title}. In *{self.venue}*" + (f" ({pages})." if pages else ".")
                if self.publisher:
                    body += f" {self.publisher}."
            case "chapter":
                eds = ""
                if self.editors:
                    label = "Ed." if len(self.editors) == 1 else "Eds."
                    eds = f"{_and_join(self.editors)} ({label}), "
                body = f"{self.title}. In {eds}*{self.venue}*" + (f" ({pages})." if pages else ".")
                if self.publisher:
                    body += f" {self.publisher}."
            case "preprint":
                body = f"*{self.title}*" + (f" (arXiv:{self.arxiv})" if self.arxiv else "")
                body += f". {self.venue}."
            case "thesis":
                body = f"*{self.title}* [Doctoral dissertation, {self.venue}]."
            case "manuscript":
                body = f"*{self.title}* [Unpublished manuscript]. {self.venue}."
        url = self.url
        if self.kind == "preprint" and self.arxiv and not self.doi:
            # arXiv registers DataCite DOIs for every paper; APA prefers them.
            url = f"https://doi.org/10.48550/arXiv.{self.arxiv}"
        return f"{head} {body}" + (f" {url}" if url else "")

    @property
    def bibtex_key(self) -> str:
        """``<first author's surname><year><first title word of 4+ letters>``, ASCII."""
        surname = _ascii(self.authors[0].split(",")[0]).lower()
        words = [_ascii(w).lower() for w in self.title.split()]
        word = next((w for w in words if len(w) >= 4), words[0] if words else "")
        return f"{surname}{self.year}{word}"

    def bibtex(self) -> str:
        """The reference as a BibTeX entry (title braced to keep its capitalization)."""
        entry: str
        fields: list[tuple[str, str]] = [
            ("author", " and ".join(self.authors)),
            ("title", "{" + self.title + "}"),
        ]
        match self.kind:
            case "journal":
                entry = "article"
                fields.append(("journal", self.venue))
                if self.volume:
                    fields.append(("volume", self.volume))
            case "conference":
                entry = "inproceedings"
                fields.append(("booktitle", self.venue))
                if self.volume:
                    fields.append(("volume", self.volume))
            case "chapter":
                entry = "incollection"
                fields.append(("booktitle", self.venue))
                if self.editors:
                    fields.append(("editor", " and ".join(self.editors)))
            case "preprint":
                entry = "misc"
                fields.append(("howpublished", self.venue))
            case "thesis":
                entry = "phdthesis"
                fields.append(("school", self.venue))
            case "manuscript":
                entry = "unpublished"
                fields.append(("note", f"Unpublished manuscript, {self.venue}"))
        if self.publisher:
            fields.append(("publisher", self.publisher))
        fields.append(("year", str(self.year)))
        if self.pages:
            fields.append(("pages", self.pages.replace("–", "--")))
        if self.doi:
            fields.append(("doi", self.doi))
        if self.arxiv:
            fields += [("eprint", self.arxiv), ("archiveprefix", "arXiv")]
        body = ",\n".join(f"  {name} = {{{value}}}" for name, value in fields)
        return f"@{entry}{{{self.bibtex_key},\n{body}\n}}"


def _ascii(text: str) -> str:
    """Letters and digits of ``text`` with accents stripped (for BibTeX keys)."""
    decomposed = unicodedata.normalize("NFKD", text)
    return "".join(c for c in decomposed if c.isascii() and c.isalnum())


def _and_join(names: tuple[str, ...]) -> str:
    if len(names) <= 2:
        return " & ".join(names)
    return ", ".join(names[:-1]) + ", & " + names[-1]


def _apa_authors(authors: tuple[str, ...]) -> str:
    """APA 7 author list: ``A``, ``A, & B``, ``A, B, & C`` (up to 20 names)."""
    if len(authors) == 1:
        return authors[0]
    return ", ".join(authors[:-1]) + ", & " + authors[-1]


@dataclass(frozen=True, slots=True)
class Activation:
    """One activation function and what the vault says about it.

    Attributes:
        name: Function name in :mod:`nonlinear.activations` (``"relu"``).
        note: Vault note that documents it (``"ELU and SELU"``).
        title: Display name (``"SELU"``).
        fn: The function.
        grad: Its elementwise derivative, None when not elementwise (crelu and the
            vector functions).
        params: Keyword defaults for ``fn(x, **params)`` and ``grad(x, **params)``: the
            signature's defaults, plus ``weight=0.25`` (``nn.PReLU``'s init) for prelu.
        latex: One-line LaTeX formula of f, without ``$`` and without ``|`` or ``\\\\``
            (safe in a Markdown table cell).
        latex_grad: LaTeX of the derivative (may use ``cases``).
        range_latex: LaTeX of the range (in terms of the parameters where they matter).
        grad_at_zero: ``grad(0.0, **params)`` (PyTorch's value at a kink), None for crelu.
        differentiability: ``"C0"``, ``"C1"`` or ``"Cinf"`` at the defaults.
        smooth: Infinitely differentiable (``differentiability == "Cinf"``).
        monotonic: Non-decreasing everywhere.
        zero_centred: ``E[f(z)] = 0`` for standard normal ``z``.
        bounded_below: Has a finite lower bound.
        bounded_above: Has a finite upper bound.
        cost: Short description of the work per element.
        year: Year the function was introduced: that of :attr:`introduced_by` if given,
            else that of :attr:`reference`.
        reference: The primary reference.
        torch: The PyTorch equivalent.
        see_also: Further references worth citing.
        introduced_by: An earlier source that first used the function, when
            :attr:`reference` (the definition followed) is not the origin.
        vjp: For vector functions (softmax, the gated linear units, maxout), the
            vector-Jacobian product ``vjp(x, grad_output, **params)``; None otherwise.
    """

    name: str
    note: str
    title: str
    fn: Callable[..., Any]
    grad: Callable[..., Any] | None
    params: Mapping[str, Any] = field(hash=False)
    latex: str
    latex_grad: str
    range_latex: str
    grad_at_zero: float | None
    differentiability: Differentiability
    smooth: bool
    monotonic: bool
    zero_centred: bool
    bounded_below: bool
    bounded_above: bool
    cost: str
    year: int
    reference: Reference
    torch: str
    see_also: tuple[Reference, ...] = ()
    introduced_by: Reference | None = None
    vjp: Callable[..., Any] | None = None

    def __post_init__(self) -> None:
        """Check the fields that restate each other."""
        if self.smooth != (self.differentiability == "Cinf"):
            raise ValueError(f"{self.name}: smooth must be true exactly for Cinf")
        if self.year != self.origin.year:
            raise ValueError(
                f"{self.name}: year must be the year of introduced_by, or of the reference"
            )
        if "|" in self.latex or "\\\\" in self.latex:
            raise ValueError(f"{self.name}: latex must not hold '|' or '\\\\' (table cells)")

    @property
    def origin(self) -> Reference:
        """The earliest source the registry knows: :attr:`introduced_by` or the reference."""
        return self.introduced_by or self.reference

    @property
    def elementwise(self) -> bool:
        """Whether ``fn`` acts elementwise (everything but crelu and the vector functions)."""
        return self.grad is not None

    @property
    def wikilink(self) -> str:
        """Obsidian link to the note, aliased to the title when they differ."""
        if self.title == self.note:
            return f"[[{self.note}]]"
        return f"[[{self.note}|{self.title}]]"


# --------------------------------------------------------------------------------------
# References (from the project's reference file unless ``note`` says otherwise)
# --------------------------------------------------------------------------------------

NAIR_2010 = Reference(
    authors=("Nair, V.", "Hinton, G. E."),
    year=2010,
    title="Rectified Linear Units Improve Restricted Boltzmann Machines",
    venue="Proceedings of the 27th International Conference on Machine Learning (ICML 2010)",
    kind="conference",
    pages="807–814",
    origin=False,
)
GLOROT_2011 = Reference(
    authors=("Glorot, X.", "Bordes, A.", "Bengio, Y."),
    year=2011,
    title="Deep Sparse Rectifier Neural Networks",
    venue=(
        "Proceedings of the 14th International Conference on Artificial Intelligence and "
        "Statistics (AISTATS 2011)"
    ),
    kind="conference",
    pages="315–323",
    volume="15",
    publisher="PMLR",
    note="pages from secondary citations",
)
MAAS_2013 = Reference(
    authors=("Maas, A. L.", "Hannun, A. Y.", "Ng, A. Y."),
    year=2013,
    title="Rectifier Nonlinearities Improve Neural Network Acoustic Models",
    venue="Proceedings of the 30th International Conference on Machine Learning (ICML 2013)",
    kind="conference",
    volume="30",
    note=(
        "usually cited as the ICML 2013 Workshop on Deep Learning for Audio, Speech and "
        "Language Processing; workshop status unverified"
    ),
)
XU_2015 = Reference(
    authors=("Xu, B.", "Wang, N.", "Chen, T.", "Li, M."),
    year=2015,
    title="Empirical Evaluation of Rectified Activations in Convolutional Network",
    venue="arXiv",
    kind="preprint",
    arxiv="1505.00853",
)
HE_2015 = Reference(
    authors=("He, K.", "Zhang, X.", "Ren, S.", "Sun, J."),
    year=2015,
    title=(
        "Delving Deep into Rectifiers: Surpassing Human-Level Performance on ImageNet "
        "Classification"
    ),
    venue="Proceedings of the IEEE International Conference on Computer Vision (ICCV 2015)",
    kind="conference",
    arxiv="1502.01852",
    pages="1026–1034",
    publisher="IEEE",
    note="DOI and last page unverified, so the DOI is left out",
)
CLEVERT_2016 = Reference(
    authors=("Clevert, D.-A.", "Unterthiner, T.", "Hochreiter, S."),
    year=2016,
    title="Fast and Accurate Deep Network Learning by Exponential Linear Units (ELUs)",
    venue="International Conference on Learning Representations (ICLR 2016)",
    kind="conference",
    arxiv="1511.07289",
)
KLAMBAUER_2017 = Reference(
    authors=("Klambauer, G.", "Unterthiner, T.", "Mayr, A.", "Hochreiter, S."),
    year=2017,
    title="Self-Normalizing Neural Networks",
    venue="Advances in Neural Information Processing Systems 30 (NIPS 2017)",
    kind="conference",
    arxiv="1706.02515",
    pages="971–980",
)
BARRON_2017 = Reference(
    authors=("Barron, J. T.",),
    year=2017,
    title="Continuously Differentiable Exponential Linear Units",
    venue="arXiv",
    kind="preprint",
    arxiv="1704.07483",
)
KRIZHEVSKY_2010 = Reference(
    authors=("Krizhevsky, A.",),
    year=2010,
    title="Convolutional Deep Belief Networks on CIFAR-10",
    venue="University of Toronto",
    kind="manuscript",
    note=(
        "manuscript dated August 2010, not consulted: title, author and date confirmed by "
        "the libraries that cite it for relu6, its reason for the cap only by secondary accounts"
    ),
    origin=False,
)
FUKUSHIMA_1969 = Reference(
    authors=("Fukushima, K.",),
    year=1969,
    title="Visual Feature Extraction by a Multilayered Network of Analog Threshold Elements",
    venue="IEEE Transactions on Systems Science and Cybernetics",
    kind="journal",
    doi="10.1109/TSSC.1969.300225",
    pages="322–333",
    volume="5",
    note=(
        "analog threshold elements whose output is the rectified weighted input; "
        "Householder (1941) had used a rectified response in a mathematical theory of nerve nets"
    ),
)
COURBARIAUX_2015 = Reference(
    authors=("Courbariaux, M.", "Bengio, Y.", "David, J.-P."),
    year=2015,
    title=("BinaryConnect: Training Deep Neural Networks with Binary Weights during Propagations"),
    venue="Advances in Neural Information Processing Systems 28 (NIPS 2015)",
    kind="conference",
    arxiv="1511.00363",
    pages="3123–3131",
    note="hard sigmoid max(0, min(1, (x + 1) / 2)), slope 1/2; Keras used slope 0.2",
)
ELLIOTT_1993 = Reference(
    authors=("Elliott, D. L.",),
    year=1993,
    title="A Better Activation Function for Artificial Neural Networks",
    venue="Institute for Systems Research, University of Maryland",
    kind="manuscript",
    note=(
        "technical report ISR TR 93-8 (the number of its file in the University of "
        "Maryland's repository, DRUM handle 1903/5355); x / (1 + |x|), later named softsign"
    ),
)
GOODFELLOW_2016 = Reference(
    authors=("Goodfellow, I.", "Bengio, Y.", "Courville, A."),
    year=2016,
    title="Deep Feedforward Networks",
    venue="Deep Learning",
    kind="chapter",
    pages="164–223",
    publisher="MIT Press",
    note=(
        "chapter 6; writes the logistic log-likelihood with softplus (log-sigmoid); "
        "not the origin of the function, which is as old as logistic regression"
    ),
    origin=False,
)
DONOHO_1995 = Reference(
    authors=("Donoho, D. L.",),
    year=1995,
    title="De-noising by Soft-Thresholding",
    venue="IEEE Transactions on Information Theory",
    kind="journal",
    doi="10.1109/18.382009",
    pages="613–627",
    volume="41",
)
DONOHO_JOHNSTONE_1994 = Reference(
    authors=("Donoho, D. L.", "Johnstone, I. M."),
    year=1994,
    title="Ideal Spatial Adaptation by Wavelet Shrinkage",
    venue="Biometrika",
    kind="journal",
    doi="10.1093/biomet/81.3.425",
    pages="425–455",
    volume="81",
    note="hard and soft thresholding of wavelet coefficients",
)
PASZKE_2019 = Reference(
    authors=(
        "Paszke, A.",
        "Gross, S.",
        "Massa, F.",
        "Lerer, A.",
        "Bradbury, J.",
        "Chanan, G.",
        "Killeen, T.",
        "Lin, Z.",
        "Gimelshein, N.",
        "Antiga, L.",
        "Desmaison, A.",
        "Köpf, A.",
        "Yang, E.",
        "DeVito, Z.",
        "Raison, M.",
        "Tejani, A.",
        "Chilamkurthy, S.",
        "Steiner, B.",
        "Fang, L.",
        "Bai, J.",
        "Chintala, S.",
    ),
    year=2019,
    title="PyTorch: An Imperative Style, High-Performance Deep Learning Library",
    venue="Advances in Neural Information Processing Systems 32 (NeurIPS 2019)",
    kind="conference",
    arxiv="1912.01703",
    pages="8024–8035",
    note="tanhshrink is documented by PyTorch (and Lua Torch before it); no paper introduces it",
    origin=False,
)
MCCULLOCH_PITTS_1943 = Reference(
    authors=("McCulloch, W. S.", "Pitts, W."),
    year=1943,
    title="A Logical Calculus of the Ideas Immanent in Nervous Activity",
    venue="Bulletin of Mathematical Biophysics",
    kind="journal",
    doi="10.1007/BF02478259",
    pages="115–133",
    volume="5",
    note="the all-or-none threshold unit; torch's threshold passes x above the threshold",
    origin=False,
)
ROSENBLATT_1958 = Reference(
    authors=("Rosenblatt, F.",),
    year=1958,
    title=(
        "The Perceptron: A Probabilistic Model for Information Storage and Organization in "
        "the Brain"
    ),
    venue="Psychological Review",
    kind="journal",
    doi="10.1037/h0042519",
    pages="386–408",
    volume="65",
)
SO_2021 = Reference(
    authors=("So, D. R.", "Mańke, W.", "Liu, H.", "Dai, Z.", "Shazeer, N.", "Le, Q. V."),
    year=2021,
    title="Primer: Searching for Efficient Transformers for Language Modeling",
    venue="Advances in Neural Information Processing Systems 34 (NeurIPS 2021)",
    kind="conference",
    arxiv="2109.08668",
)
BRIDLE_1990 = Reference(
    authors=("Bridle, J. S.",),
    year=1990,
    title=(
        "Probabilistic Interpretation of Feedforward Classification Network Outputs, with "
        "Relationships to Statistical Pattern Recognition"
    ),
    venue="Neurocomputing: Algorithms, Architectures and Applications",
    kind="chapter",
    doi="10.1007/978-3-642-76153-9_28",
    pages="227–236",
    publisher="Springer",
    editors=("F. Fogelman Soulié", "J. Hérault"),
    note="NATO ASI Series F, vol. 68; the normalized exponential as a network output",
)
BRIDLE_1990_NIPS = Reference(
    authors=("Bridle, J. S.",),
    year=1990,
    title=(
        "Training Stochastic Model Recognition Algorithms as Networks can Lead to Maximum "
        "Mutual Information Estimation of Parameters"
    ),
    venue="Advances in Neural Information Processing Systems 2 (NIPS 1989)",
    kind="conference",
    pages="211–217",
    note=(
        "uses the name 'softmax', as does the Neurocomputing chapter of the same year; "
        "which came first is not settled"
    ),
)
DAUPHIN_2017 = Reference(
    authors=("Dauphin, Y. N.", "Fan, A.", "Auli, M.", "Grangier, D."),
    year=2017,
    title="Language Modeling with Gated Convolutional Networks",
    venue="Proceedings of the 34th International Conference on Machine Learning (ICML 2017)",
    kind="conference",
    arxiv="1612.08083",
    pages="933–941",
    volume="70",
    publisher="PMLR",
)
SHAZEER_2020 = Reference(
    authors=("Shazeer, N.",),
    year=2020,
    title="GLU Variants Improve Transformer",
    venue="arXiv",
    kind="preprint",
    arxiv="2002.05202",
)
GOODFELLOW_2013 = Reference(
    authors=("Goodfellow, I. J.", "Warde-Farley, D.", "Mirza, M.", "Courville, A.", "Bengio, Y."),
    year=2013,
    title="Maxout Networks",
    venue="Proceedings of the 30th International Conference on Machine Learning (ICML 2013)",
    kind="conference",
    arxiv="1302.4389",
    pages="1319–1327",
    volume="28",
    publisher="PMLR",
)
SHANG_2016 = Reference(
    authors=("Shang, W.", "Sohn, K.", "Almeida, D.", "Lee, H."),
    year=2016,
    title=(
        "Understanding and Improving Convolutional Neural Networks via Concatenated "
        "Rectified Linear Units"
    ),
    venue="Proceedings of the 33rd International Conference on Machine Learning (ICML 2016)",
    kind="conference",
    arxiv="1603.05201",
    pages="2217–2225",
    volume="48",
    publisher="PMLR",
)
HENDRYCKS_2016 = Reference(
    authors=("Hendrycks, D.", "Gimpel, K."),
    year=2016,
    title="Gaussian Error Linear Units (GELUs)",
    venue="arXiv",
    kind="preprint",
    arxiv="1606.08415",
    doi="10.48550/arXiv.1606.08415",
)
ELFWING_2018 = Reference(
    authors=("Elfwing, S.", "Uchibe, E.", "Doya, K."),
    year=2018,
    title=(
        "Sigmoid-Weighted Linear Units for Neural Network Function Approximation in "
        "Reinforcement Learning"
    ),
    venue="Neural Networks",
    kind="journal",
    arxiv="1702.03118",
    doi="10.1016/j.neunet.2017.12.012",
    pages="3–11",
    volume="107",
    note="volume and pages unverified",
    origin=False,  # the GELU paper (2016) had already named x·σ(x) SiLU
)
RAMACHANDRAN_2017 = Reference(
    authors=("Ramachandran, P.", "Zoph, B.", "Le, Q. V."),
    year=2017,
    title="Searching for Activation Functions",
    venue="arXiv",
    kind="preprint",
    arxiv="1710.05941",
)
MISRA_2019 = Reference(
    authors=("Misra, D.",),
    year=2019,
    title="Mish: A Self Regularized Non-Monotonic Activation Function",
    venue="arXiv",
    kind="preprint",
    arxiv="1908.08681",
    note="also presented at the British Machine Vision Conference (BMVC 2020)",
)
DUGAS_2001 = Reference(
    authors=("Dugas, C.", "Bengio, Y.", "Bélisle, F.", "Nadeau, C.", "Garcia, R."),
    year=2001,
    title="Incorporating Second-Order Functional Knowledge for Better Option Pricing",
    venue="Advances in Neural Information Processing Systems 13 (NIPS 2000)",
    kind="conference",
    note="commonly cited origin of softplus as a unit; unverified",
    origin=False,
)
RUMELHART_1986 = Reference(
    authors=("Rumelhart, D. E.", "Hinton, G. E.", "Williams, R. J."),
    year=1986,
    title="Learning Representations by Back-Propagating Errors",
    venue="Nature",
    kind="journal",
    doi="10.1038/323533a0",
    pages="533–536",
    volume="323",
    note=(
        "not in the project reference file: the backpropagation paper, trained with the "
        "logistic unit; the logistic function itself is far older"
    ),
    origin=False,
)
LECUN_1998 = Reference(
    authors=("LeCun, Y.", "Bottou, L.", "Orr, G. B.", "Müller, K.-R."),
    year=1998,
    title="Efficient BackProp",
    venue="Neural Networks: Tricks of the Trade",
    kind="chapter",
    doi="10.1007/3-540-49430-8_2",
    pages="9–50",
    publisher="Springer",
    editors=("G. B. Orr", "K.-R. Müller"),
    note=(
        "not in the project reference file: recommends tanh-like, zero-centred units over "
        "the logistic; not the origin of tanh"
    ),
    origin=False,
)
COLLOBERT_2004 = Reference(
    authors=("Collobert, R.",),
    year=2004,
    title="Large Scale Machine Learning",
    venue="Université Paris VI",
    kind="thesis",
    note="not in the project reference file; attribution of hardtanh unverified",
    origin=False,
)
HOWARD_2019 = Reference(
    authors=(
        "Howard, A.",
        "Sandler, M.",
        "Chu, G.",
        "Chen, L.-C.",
        "Chen, B.",
        "Tan, M.",
        "Wang, W.",
        "Zhu, Y.",
        "Pang, R.",
        "Vasudevan, V.",
        "Le, Q. V.",
        "Adam, H.",
    ),
    year=2019,
    title="Searching for MobileNetV3",
    venue=("Proceedings of the IEEE/CVF International Conference on Computer Vision (ICCV 2019)"),
    kind="conference",
    arxiv="1905.02244",
    publisher="IEEE",
)
GLOROT_2010 = Reference(
    authors=("Glorot, X.", "Bengio, Y."),
    year=2010,
    title="Understanding the Difficulty of Training Deep Feedforward Neural Networks",
    venue=(
        "Proceedings of the 13th International Conference on Artificial Intelligence and "
        "Statistics (AISTATS 2010)"
    ),
    kind="conference",
    pages="249–256",
    volume="9",
    publisher="PMLR",
    note="studies softsign networks and credits softsign to Bergstra et al. (2009)",
    origin=False,
)


# --------------------------------------------------------------------------------------
# The registry
# --------------------------------------------------------------------------------------

_RECT = r"\max\{0,x\}"
_NEG = r"\min\{0,x\}"


def _entries() -> list[Activation]:
    lam_alpha = act.SELU_SCALE * act.SELU_ALPHA
    return [
        Activation(
            name="relu",
            note="ReLU",
            title="ReLU",
            fn=act.relu,
            grad=act.relu_grad,
            params=MappingProxyType({}),
            latex=_RECT,
            latex_grad=r"\begin{cases}1 & x>0\\ 0 & x\le 0\end{cases}",
            range_latex=r"[0,\infty)",
            grad_at_zero=0.0,
            differentiability="C0",
            smooth=False,
            monotonic=True,
            zero_centred=False,
            bounded_below=True,
            bounded_above=False,
            cost="1 comparison",
            year=1969,
            reference=NAIR_2010,
            torch="torch.nn.functional.relu",
            see_also=(GLOROT_2011,),
            introduced_by=FUKUSHIMA_1969,
        ),
        Activation(
            name="leaky_relu",
            note="Leaky ReLU",
            title="Leaky ReLU",
            fn=act.leaky_relu,
            grad=act.leaky_relu_grad,
            params=MappingProxyType({"negative_slope": 0.01}),
            latex=rf"{_RECT}+s\,{_NEG},\ s=0.01",
            latex_grad=r"\begin{cases}1 & x>0\\ s & x\le 0\end{cases}",
            range_latex=r"(-\infty,\infty)",
            grad_at_zero=0.01,
            differentiability="C0",
            smooth=False,
            monotonic=True,
            zero_centred=False,
            bounded_below=False,
            bounded_above=False,
            cost="1 comparison, 1 multiply",
            year=2013,
            reference=MAAS_2013,
            torch="torch.nn.functional.leaky_relu",
        ),
        Activation(
            name="rrelu",
            note="Randomized Leaky ReLU",
            title="RReLU",
            fn=act.rrelu,
            grad=act.rrelu_grad,
            params=MappingProxyType(
                {"lower": 1.0 / 8.0, "upper": 1.0 / 3.0, "training": False, "rng": None}
            ),
            latex=rf"{_RECT}+a\,{_NEG},\ a\sim\mathcal{{U}}(l,u)",
            latex_grad=(
                r"\begin{cases}1 & x>0\\ a & x\le 0\end{cases},\quad"
                r" a=\tfrac{l+u}{2}\ \text{in evaluation}"
            ),
            range_latex=r"(-\infty,\infty)",
            grad_at_zero=(1.0 / 8.0 + 1.0 / 3.0) / 2.0,
            differentiability="C0",
            smooth=False,
            monotonic=True,
            zero_centred=False,
            bounded_below=False,
            bounded_above=False,
            cost="1 comparison, 1 multiply (+1 uniform draw in training)",
            year=2015,
            reference=XU_2015,
            torch="torch.nn.functional.rrelu",
        ),
        Activation(
            name="prelu",
            note="PReLU",
            title="PReLU",
            fn=act.prelu,
            grad=act.prelu_grad,
            params=MappingProxyType({"weight": 0.25}),
            latex=rf"{_RECT}+a\,{_NEG},\ a\text{{ learned}}",
            latex_grad=r"\begin{cases}1 & x>0\\ a & x\le 0\end{cases}",
            range_latex=r"(-\infty,\infty)",
            grad_at_zero=0.25,
            differentiability="C0",
            smooth=False,
            monotonic=True,
            zero_centred=False,
            bounded_below=False,
            bounded_above=False,
            cost="1 comparison, 1 multiply",
            year=2015,
            reference=HE_2015,
            torch="torch.nn.functional.prelu",
        ),
        Activation(
            name="elu",
            note="ELU and SELU",
            title="ELU",
            fn=act.elu,
            grad=act.elu_grad,
            params=MappingProxyType({"alpha": 1.0}),
            latex=rf"{_RECT}+\alpha\,(e^{{{_NEG}}}-1)",
            latex_grad=r"\begin{cases}1 & x>0\\ \alpha e^{x} & x\le 0\end{cases}",
            range_latex=r"(-\alpha,\infty)",
            grad_at_zero=1.0,
            differentiability="C1",
            smooth=False,
            monotonic=True,
            zero_centred=False,
            bounded_below=True,
            bounded_above=False,
            cost="1 exp (expm1)",
            year=2016,
            reference=CLEVERT_2016,
            torch="torch.nn.functional.elu",
        ),
        Activation(
            name="selu",
            note="ELU and SELU",
            title="SELU",
            fn=act.selu,
            grad=act.selu_grad,
            params=MappingProxyType({}),
            latex=rf"\lambda\,\bigl({_RECT}+\alpha\,(e^{{{_NEG}}}-1)\bigr)",
            latex_grad=r"\lambda\begin{cases}1 & x>0\\ \alpha e^{x} & x\le 0\end{cases}",
            range_latex=r"(-\lambda\alpha,\infty)\approx(-1.7581,\infty)",
            grad_at_zero=lam_alpha,
            differentiability="C0",
            smooth=False,
            monotonic=True,
            zero_centred=True,
            bounded_below=True,
            bounded_above=False,
            cost="1 exp (expm1), 1 multiply",
            year=2017,
            reference=KLAMBAUER_2017,
            torch="torch.nn.functional.selu",
        ),
        Activation(
            name="celu",
            note="CELU",
            title="CELU",
            fn=act.celu,
            grad=act.celu_grad,
            params=MappingProxyType({"alpha": 1.0}),
            latex=rf"{_RECT}+\alpha\,(e^{{{_NEG}/\alpha}}-1)",
            latex_grad=r"\begin{cases}1 & x>0\\ e^{x/\alpha} & x\le 0\end{cases}",
            range_latex=r"(-\alpha,\infty)",
            grad_at_zero=1.0,
            differentiability="C1",
            smooth=False,
            monotonic=True,
            zero_centred=False,
            bounded_below=True,
            bounded_above=False,
            cost="1 exp (expm1), 1 division",
            year=2017,
            reference=BARRON_2017,
            torch="torch.nn.functional.celu",
        ),
        Activation(
            name="relu6",
            note="ReLU-6",
            title="ReLU6",
            fn=act.relu6,
            grad=act.relu6_grad,
            params=MappingProxyType({}),
            latex=rf"\min\{{{_RECT},6\}}",
            latex_grad=r"\begin{cases}1 & 0<x<6\\ 0 & \text{otherwise}\end{cases}",
            range_latex=r"[0,6]",
            grad_at_zero=0.0,
            differentiability="C0",
            smooth=False,
            monotonic=True,
            zero_centred=False,
            bounded_below=True,
            bounded_above=True,
            cost="2 comparisons",
            year=2010,
            reference=KRIZHEVSKY_2010,
            torch="torch.nn.functional.relu6",
        ),
        Activation(
            name="crelu",
            note="Concatenated ReLU (CReLU)",
            title="CReLU",
            fn=act.crelu,
            grad=None,
            params=MappingProxyType({"axis": -1}),
            latex=r"\bigl[\max\{0,x\},\ \max\{0,-x\}\bigr]",
            latex_grad=(
                r"\Bigl[\tfrac{\partial}{\partial x}\max\{0,x\},\ "
                r"\tfrac{\partial}{\partial x}\max\{0,-x\}\Bigr]"
                r"=\bigl[\mathbf{1}[x>0],\ -\mathbf{1}[x<0]\bigr]"
            ),
            range_latex=r"[0,\infty)^2",
            grad_at_zero=None,
            differentiability="C0",
            smooth=False,
            monotonic=False,
            zero_centred=False,
            bounded_below=True,
            bounded_above=False,
            cost="2 comparisons; doubles the output",
            year=2016,
            reference=SHANG_2016,
            torch="torch.cat((F.relu(x), F.relu(-x)), dim=-1)",
        ),
        Activation(
            name="gelu",
            note="GELU",
            title="GELU",
            fn=act.gelu,
            grad=act.gelu_grad,
            params=MappingProxyType({"approximate": "none"}),
            latex=r"x\,\Phi(x)",
            latex_grad=r"\Phi(x)+x\,\varphi(x)",
            range_latex=r"\approx[-0.1700,\infty)",
            grad_at_zero=0.5,
            differentiability="Cinf",
            smooth=True,
            monotonic=False,
            zero_centred=False,
            bounded_below=True,
            bounded_above=False,
            cost="1 erf (or 1 tanh), 2 multiplies",
            year=2016,
            reference=HENDRYCKS_2016,
            torch="torch.nn.functional.gelu",
        ),
        Activation(
            name="silu",
            note="SiLU",
            title="SiLU",
            fn=act.silu,
            grad=act.silu_grad,
            params=MappingProxyType({}),
            latex=r"x\,\sigma(x)",
            latex_grad=r"\sigma(x)\,\bigl(1+x\,(1-\sigma(x))\bigr)",
            range_latex=r"\approx[-0.2785,\infty)",
            grad_at_zero=0.5,
            differentiability="Cinf",
            smooth=True,
            monotonic=False,
            zero_centred=False,
            bounded_below=True,
            bounded_above=False,
            cost="1 exp, 1 division, 1 multiply",
            year=2016,
            reference=ELFWING_2018,
            torch="torch.nn.functional.silu",
            see_also=(RAMACHANDRAN_2017,),
            introduced_by=HENDRYCKS_2016,
        ),
        Activation(
            name="mish",
            note="Mish",
            title="Mish",
            fn=act.mish,
            grad=act.mish_grad,
            params=MappingProxyType({}),
            latex=r"x\,\tanh\bigl(\ln(1+e^{x})\bigr)",
            latex_grad=(
                r"\tanh(\operatorname{sp}(x))"
                r"+x\,\operatorname{sech}^2(\operatorname{sp}(x))\,\sigma(x)"
            ),
            range_latex=r"\approx[-0.3088,\infty)",
            grad_at_zero=0.6,
            differentiability="Cinf",
            smooth=True,
            monotonic=False,
            zero_centred=False,
            bounded_below=True,
            bounded_above=False,
            cost="1 exp, 1 log1p, 1 tanh, 1 multiply",
            year=2019,
            reference=MISRA_2019,
            torch="torch.nn.functional.mish",
        ),
        Activation(
            name="softplus",
            note="Softplus",
            title="Softplus",
            fn=act.softplus,
            grad=act.softplus_grad,
            params=MappingProxyType({"beta": 1.0, "threshold": 20.0}),
            latex=r"\tfrac{1}{\beta}\ln\bigl(1+e^{\beta x}\bigr)",
            latex_grad=r"\sigma(\beta x)",
            range_latex=r"(0,\infty)",
            grad_at_zero=0.5,
            differentiability="Cinf",
            smooth=True,
            monotonic=True,
            zero_centred=False,
            bounded_below=True,
            bounded_above=False,
            cost="1 exp, 1 log1p",
            year=2001,
            reference=DUGAS_2001,
            torch="torch.nn.functional.softplus",
            see_also=(GLOROT_2011,),
        ),
        Activation(
            name="sigmoid",
            note="Sigmoid",
            title="Sigmoid",
            fn=act.sigmoid,
            grad=act.sigmoid_grad,
            params=MappingProxyType({}),
            latex=r"\sigma(x)=\frac{1}{1+e^{-x}}",
            latex_grad=r"\sigma(x)\,\bigl(1-\sigma(x)\bigr)",
            range_latex=r"(0,1)",
            grad_at_zero=0.25,
            differentiability="Cinf",
            smooth=True,
            monotonic=True,
            zero_centred=False,
            bounded_below=True,
            bounded_above=True,
            cost="1 exp, 1 division",
            year=1986,
            reference=RUMELHART_1986,
            torch="torch.sigmoid",
        ),
        Activation(
            name="tanh",
            note="Tanh",
            title="Tanh",
            fn=act.tanh,
            grad=act.tanh_grad,
            params=MappingProxyType({}),
            latex=r"\tanh x=\frac{e^{x}-e^{-x}}{e^{x}+e^{-x}}",
            latex_grad=r"1-\tanh^2 x",
            range_latex=r"(-1,1)",
            grad_at_zero=1.0,
            differentiability="Cinf",
            smooth=True,
            monotonic=True,
            zero_centred=True,
            bounded_below=True,
            bounded_above=True,
            cost="1 tanh (about 2 exp)",
            year=1998,
            reference=LECUN_1998,
            torch="torch.tanh",
        ),
        Activation(
            name="hardtanh",
            note="Hardtanh",
            title="Hardtanh",
            fn=act.hardtanh,
            grad=act.hardtanh_grad,
            params=MappingProxyType({"min_val": -1.0, "max_val": 1.0}),
            latex=r"\min\{\max\{x,-1\},1\}",
            latex_grad=r"\begin{cases}1 & -1<x<1\\ 0 & \text{otherwise}\end{cases}",
            range_latex=r"[-1,1]",
            grad_at_zero=1.0,
            differentiability="C0",
            smooth=False,
            monotonic=True,
            zero_centred=True,
            bounded_below=True,
            bounded_above=True,
            cost="2 comparisons",
            year=2004,
            reference=COLLOBERT_2004,
            torch="torch.nn.functional.hardtanh",
        ),
        Activation(
            name="hardsigmoid",
            note="Hard Sigmoid",
            title="Hard Sigmoid",
            fn=act.hardsigmoid,
            grad=act.hardsigmoid_grad,
            params=MappingProxyType({}),
            latex=r"\min\{\max\{\tfrac{x}{6}+\tfrac{1}{2},0\},1\}",
            latex_grad=r"\begin{cases}\tfrac{1}{6} & -3<x<3\\ 0 & \text{otherwise}\end{cases}",
            range_latex=r"[0,1]",
            grad_at_zero=1.0 / 6.0,
            differentiability="C0",
            smooth=False,
            monotonic=True,
            zero_centred=False,
            bounded_below=True,
            bounded_above=True,
            cost="2 comparisons, 1 multiply-add",
            year=2015,
            reference=HOWARD_2019,
            torch="torch.nn.functional.hardsigmoid",
            introduced_by=COURBARIAUX_2015,
        ),
        Activation(
            name="hardswish",
            note="Hard Swish",
            title="Hard Swish",
            fn=act.hardswish,
            grad=act.hardswish_grad,
            params=MappingProxyType({}),
            latex=r"x\,\min\{\max\{\tfrac{x+3}{6},0\},1\}",
            latex_grad=(
                r"\begin{cases}0 & x\le -3\\ \tfrac{2x+3}{6} & -3<x<3\\ 1 & x\ge 3\end{cases}"
            ),
            range_latex=r"[-0.375,\infty)",
            grad_at_zero=0.5,
            differentiability="C0",
            smooth=False,
            monotonic=False,
            zero_centred=False,
            bounded_below=True,
            bounded_above=False,
            cost="2 comparisons, 2 multiplies",
            year=2019,
            reference=HOWARD_2019,
            torch="torch.nn.functional.hardswish",
        ),
        Activation(
            name="softsign",
            note="Softsign",
            title="Softsign",
            fn=act.softsign,
            grad=act.softsign_grad,
            params=MappingProxyType({}),
            latex=r"\frac{x}{1+\lvert x\rvert}",
            latex_grad=r"\frac{1}{(1+\lvert x\rvert)^2}",
            range_latex=r"(-1,1)",
            grad_at_zero=1.0,
            differentiability="C1",
            smooth=False,
            monotonic=True,
            zero_centred=True,
            bounded_below=True,
            bounded_above=True,
            cost="1 abs, 1 division",
            year=1993,
            reference=GLOROT_2010,
            torch="torch.nn.functional.softsign",
            introduced_by=ELLIOTT_1993,
        ),
        Activation(
            name="logsigmoid",
            note="LogSigmoid",
            title="LogSigmoid",
            fn=act.logsigmoid,
            grad=act.logsigmoid_grad,
            params=MappingProxyType({}),
            latex=r"\log\sigma(x)=-\ln\bigl(1+e^{-x}\bigr)",
            latex_grad=r"1-\sigma(x)=\sigma(-x)",
            range_latex=r"(-\infty,0)",
            grad_at_zero=0.5,
            differentiability="Cinf",
            smooth=True,
            monotonic=True,
            zero_centred=False,
            bounded_below=False,
            bounded_above=True,
            cost="1 exp, 1 log1p",
            year=2016,
            reference=GOODFELLOW_2016,
            torch="torch.nn.functional.logsigmoid",
        ),
        Activation(
            name="softshrink",
            note="Shrinkage functions",
            title="Softshrink",
            fn=act.softshrink,
            grad=act.softshrink_grad,
            params=MappingProxyType({"lambd": 0.5}),
            latex=r"\operatorname{sign}(x)\max\{\lvert x\rvert-\lambda,0\},\ \lambda=0.5",
            latex_grad=r"\begin{cases}1 & \lvert x\rvert>\lambda\\ 0 & \text{otherwise}\end{cases}",
            range_latex=r"(-\infty,\infty)",
            grad_at_zero=0.0,
            differentiability="C0",
            smooth=False,
            monotonic=True,
            zero_centred=True,
            bounded_below=False,
            bounded_above=False,
            cost="2 comparisons, 1 addition",
            year=1995,
            reference=DONOHO_1995,
            torch="torch.nn.functional.softshrink",
        ),
        Activation(
            name="hardshrink",
            note="Shrinkage functions",
            title="Hardshrink",
            fn=act.hardshrink,
            grad=act.hardshrink_grad,
            params=MappingProxyType({"lambd": 0.5}),
            latex=r"x\,\mathbf{1}[\lvert x\rvert>\lambda],\ \lambda=0.5",
            latex_grad=r"\begin{cases}1 & \lvert x\rvert>\lambda\\ 0 & \text{otherwise}\end{cases}",
            range_latex=r"(-\infty,-\lambda)\cup\{0\}\cup(\lambda,\infty)",
            grad_at_zero=0.0,
            differentiability="jump",
            smooth=False,
            monotonic=True,
            zero_centred=True,
            bounded_below=False,
            bounded_above=False,
            cost="2 comparisons",
            year=1994,
            reference=DONOHO_JOHNSTONE_1994,
            torch="torch.nn.functional.hardshrink",
        ),
        Activation(
            name="tanhshrink",
            note="Shrinkage functions",
            title="Tanhshrink",
            fn=act.tanhshrink,
            grad=act.tanhshrink_grad,
            params=MappingProxyType({}),
            latex=r"x-\tanh x",
            latex_grad=r"\tanh^2 x",
            range_latex=r"(-\infty,\infty)",
            grad_at_zero=0.0,
            differentiability="Cinf",
            smooth=True,
            monotonic=True,
            zero_centred=True,
            bounded_below=False,
            bounded_above=False,
            cost="1 tanh, 1 subtraction",
            year=2019,
            reference=PASZKE_2019,
            torch="torch.nn.functional.tanhshrink",
        ),
        Activation(
            name="threshold",
            note="Threshold",
            title="Threshold",
            fn=act.threshold,
            grad=act.threshold_grad,
            params=MappingProxyType({"threshold": 1.0, "value": -0.5}),
            latex=r"x\ \text{if}\ x>\theta\ \text{else}\ v,\ \theta=1,\ v=-0.5",
            latex_grad=r"\begin{cases}1 & x>\theta\\ 0 & x\le\theta\end{cases}",
            range_latex=r"\{v\}\cup(\theta,\infty)",
            grad_at_zero=0.0,
            differentiability="jump",
            smooth=False,
            monotonic=True,
            zero_centred=False,
            bounded_below=True,
            bounded_above=False,
            cost="1 comparison",
            year=1943,
            reference=MCCULLOCH_PITTS_1943,
            torch="torch.nn.functional.threshold",
            see_also=(ROSENBLATT_1958,),
        ),
        Activation(
            name="squared_relu",
            note="Squared ReLU",
            title="Squared ReLU",
            fn=act.squared_relu,
            grad=act.squared_relu_grad,
            params=MappingProxyType({}),
            latex=r"\max\{0,x\}^2",
            latex_grad=r"2\max\{0,x\}",
            range_latex=r"[0,\infty)",
            grad_at_zero=0.0,
            differentiability="C1",
            smooth=False,
            monotonic=True,
            zero_centred=False,
            bounded_below=True,
            bounded_above=False,
            cost="1 comparison, 1 multiply",
            year=2021,
            reference=SO_2021,
            torch="torch.square(F.relu(x))",
        ),
        Activation(
            name="softmax",
            note="Softmax",
            title="Softmax",
            fn=act.softmax,
            grad=None,
            params=MappingProxyType({"dim": -1}),
            latex=r"\frac{e^{x_i}}{\sum_j e^{x_j}}",
            latex_grad=r"J=\operatorname{diag}(y)-y\,y^{\top},\ y=\operatorname{softmax}(x)",
            range_latex=r"(0,1),\ \textstyle\sum_i y_i=1",
            grad_at_zero=None,
            differentiability="Cinf",
            smooth=True,
            monotonic=False,
            zero_centred=False,
            bounded_below=True,
            bounded_above=True,
            cost="1 exp per entry, 1 sum, 1 division",
            year=1990,
            reference=BRIDLE_1990,
            torch="torch.nn.functional.softmax",
            see_also=(BRIDLE_1990_NIPS,),
            vjp=act.softmax_vjp,
        ),
        Activation(
            name="log_softmax",
            note="Softmax",
            title="LogSoftmax",
            fn=act.log_softmax,
            grad=None,
            params=MappingProxyType({"dim": -1}),
            latex=r"x_i-\log\sum_j e^{x_j}",
            latex_grad=r"J=I-\mathbf{1}\,\operatorname{softmax}(x)^{\top}",
            range_latex=r"(-\infty,0)",
            grad_at_zero=None,
            differentiability="Cinf",
            smooth=True,
            monotonic=False,
            zero_centred=False,
            bounded_below=False,
            bounded_above=True,
            cost="1 exp per entry, 1 sum, 1 log",
            year=1990,
            reference=BRIDLE_1990,
            torch="torch.nn.functional.log_softmax",
            vjp=act.log_softmax_vjp,
        ),
        Activation(
            name="softmin",
            note="Softmax",
            title="Softmin",
            fn=act.softmin,
            grad=None,
            params=MappingProxyType({"dim": -1}),
            latex=r"\frac{e^{-x_i}}{\sum_j e^{-x_j}}",
            latex_grad=(
                r"J=-\bigl(\operatorname{diag}(y)-y\,y^{\top}\bigr),\ "
                r"y=\operatorname{softmin}(x)"
            ),
            range_latex=r"(0,1),\ \textstyle\sum_i y_i=1",
            grad_at_zero=None,
            differentiability="Cinf",
            smooth=True,
            monotonic=False,
            zero_centred=False,
            bounded_below=True,
            bounded_above=True,
            cost="1 exp per entry, 1 sum, 1 division",
            year=1990,
            reference=BRIDLE_1990,
            torch="torch.nn.functional.softmin",
            vjp=act.softmin_vjp,
        ),
        Activation(
            name="glu",
            note="GLU",
            title="GLU",
            fn=act.glu,
            grad=None,
            params=MappingProxyType({"dim": -1}),
            latex=r"a\odot\sigma(b),\ [a,b]=x",
            latex_grad=r"\bigl[\,g\odot\sigma(b),\ g\odot a\odot\sigma'(b)\,\bigr]",
            range_latex=r"(-\infty,\infty)",
            grad_at_zero=None,
            differentiability="Cinf",
            smooth=True,
            monotonic=False,
            zero_centred=False,
            bounded_below=False,
            bounded_above=False,
            cost="1 exp, 1 division, 1 multiply per output",
            year=2017,
            reference=DAUPHIN_2017,
            torch="torch.nn.functional.glu",
            vjp=act.glu_vjp,
        ),
        Activation(
            name="reglu",
            note="GLU",
            title="ReGLU",
            fn=act.reglu,
            grad=None,
            params=MappingProxyType({"dim": -1}),
            latex=r"a\odot\max\{0,b\},\ [a,b]=x",
            latex_grad=r"\bigl[\,g\odot\max\{0,b\},\ g\odot a\odot\mathbf{1}[b>0]\,\bigr]",
            range_latex=r"(-\infty,\infty)",
            grad_at_zero=None,
            differentiability="C0",
            smooth=False,
            monotonic=False,
            zero_centred=False,
            bounded_below=False,
            bounded_above=False,
            cost="1 comparison, 1 multiply per output",
            year=2020,
            reference=SHAZEER_2020,
            torch="a * torch.relu(b), with a, b = x.chunk(2, -1)",
            vjp=act.reglu_vjp,
        ),
        Activation(
            name="geglu",
            note="GLU",
            title="GEGLU",
            fn=act.geglu,
            grad=None,
            params=MappingProxyType({"dim": -1, "approximate": "none"}),
            latex=r"a\odot\operatorname{gelu}(b),\ [a,b]=x",
            latex_grad=(
                r"\bigl[\,g\odot\operatorname{gelu}(b),\ "
                r"g\odot a\odot\operatorname{gelu}'(b)\,\bigr]"
            ),
            range_latex=r"(-\infty,\infty)",
            grad_at_zero=None,
            differentiability="Cinf",
            smooth=True,
            monotonic=False,
            zero_centred=False,
            bounded_below=False,
            bounded_above=False,
            cost="1 erf (or tanh), 3 multiplies per output",
            year=2020,
            reference=SHAZEER_2020,
            torch="a * torch.nn.functional.gelu(b), with a, b = x.chunk(2, -1)",
            vjp=act.geglu_vjp,
        ),
        Activation(
            name="swiglu",
            note="GLU",
            title="SwiGLU",
            fn=act.swiglu,
            grad=None,
            params=MappingProxyType({"dim": -1}),
            latex=r"a\odot\operatorname{silu}(b),\ [a,b]=x",
            latex_grad=(
                r"\bigl[\,g\odot\operatorname{silu}(b),\ "
                r"g\odot a\odot\operatorname{silu}'(b)\,\bigr]"
            ),
            range_latex=r"(-\infty,\infty)",
            grad_at_zero=None,
            differentiability="Cinf",
            smooth=True,
            monotonic=False,
            zero_centred=False,
            bounded_below=False,
            bounded_above=False,
            cost="1 exp, 1 division, 2 multiplies per output",
            year=2020,
            reference=SHAZEER_2020,
            torch="a * torch.nn.functional.silu(b), with a, b = x.chunk(2, -1)",
            vjp=act.swiglu_vjp,
        ),
        Activation(
            name="maxout",
            note="Maxout",
            title="Maxout",
            fn=act.maxout,
            grad=None,
            params=MappingProxyType({"pool_size": 2, "dim": -1}),
            latex=r"\max_{j\le k} x_{i,j},\ k=\text{pool\_size}",
            latex_grad=r"\text{routes }g_i\text{ to the first arg-max of group }i",
            range_latex=r"(-\infty,\infty)",
            grad_at_zero=None,
            differentiability="C0",
            smooth=False,
            monotonic=False,
            zero_centred=False,
            bounded_below=False,
            bounded_above=False,
            cost="k − 1 comparisons per output",
            year=2013,
            reference=GOODFELLOW_2013,
            torch="torch.max(x.unflatten(-1, (-1, k)), dim=-1).values",
            vjp=act.maxout_vjp,
        ),
    ]


REGISTRY: Mapping[str, Activation] = MappingProxyType({a.name: a for a in _entries()})
"""Every activation, keyed by its function name in :mod:`nonlinear.activations`."""


def get(name: str) -> Activation:
    """Look an activation up by function name, with a suggestion when it is unknown.

    Args:
        name: Function name, e.g. ``"leaky_relu"``.

    Returns:
        The registry entry.

    Raises:
        KeyError: If there is no such activation; the message suggests close names.
    """
    try:
        return REGISTRY[name]
    except KeyError:
        close = difflib.get_close_matches(name, REGISTRY, n=3)
        hint = f"; did you mean {', '.join(repr(c) for c in close)}?" if close else ""
        raise KeyError(f"no activation named {name!r}{hint}") from None


# --------------------------------------------------------------------------------------
# Comparison table
# --------------------------------------------------------------------------------------

_SMOOTHNESS = {"Cinf": "yes", "C1": "C¹ only", "C0": "no", "jump": "no (jumps)"}


def _cell(text: str) -> str:
    """Escape pipes for a Markdown table cell (Obsidian and Python-Markdown read ``\\|``)."""
    return text.replace("|", r"\|")


def _number(value: float | None) -> str:
    """Short display of a derivative value: exact when 4 significant digits suffice."""
    if value is None:
        return "—"
    short = f"{value:.4g}"
    return short if float(short) == value else f"≈ {short}"


def _yes(flag: bool) -> str:
    return "yes" if flag else "no"


def _cite(ref: Reference) -> str:
    url = ref.url
    return f"[{ref.short()}]({url})" if url else ref.short()


def _paper(a: Activation) -> str:
    """The origin first, then the reference followed when it is a different source."""
    if a.introduced_by is not None:
        return f"{_cite(a.introduced_by)}; {_cite(a.reference)}"
    cite = _cite(a.reference)
    return cite if a.reference.origin else f"{cite} †"


def comparison_table() -> str:
    """Render every activation as one Markdown (Obsidian) table.

    Columns: function (wiki link to its note), formula, range, f'(0), smooth,
    monotonic, zero-centred, cost, year, paper. Pipes inside cells are escaped as ``\\|``
    (a wiki link with an alias becomes ``[[ELU and SELU\\|SELU]]``).

    Returns:
        The table, one row per registry entry in registry order, ending with a newline.
    """
    return _table(REGISTRY.values())


def comparison_rows(*names: str) -> str:
    """The comparison table restricted to ``names``, for a note's own comparison section.

    Args:
        names: Function names, in the order the rows should appear.

    Returns:
        The header and one row per name, exactly as in :func:`comparison_table`.

    Raises:
        KeyError: For an unknown name (with a suggestion, as :func:`get`).
        ValueError: If no name is given.
    """
    if not names:
        raise ValueError("comparison_rows needs at least one function name")
    return _table([get(name) for name in names])


def _table(entries: Iterable[Activation]) -> str:
    """The header and one row per entry (see :func:`comparison_table`)."""
    header = (
        "Function",
        "Formula",
        "Range",
        "$f'(0)$",
        "Smooth",
        "Monotonic",
        "Zero-centred",
        "Cost",
        "Year",
        "Paper",
    )
    rows = [header, ("---",) * len(header)]
    for a in entries:
        rows.append(
            (
                a.wikilink,
                f"${a.latex}$",
                f"${a.range_latex}$",
                _number(a.grad_at_zero),
                _SMOOTHNESS[a.differentiability],
                _yes(a.monotonic),
                _yes(a.zero_centred),
                a.cost,
                str(a.year),
                _paper(a),
            )
        )
    return "".join("| " + " | ".join(_cell(c) for c in row) + " |\n" for row in rows)
