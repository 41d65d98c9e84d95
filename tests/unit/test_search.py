"""The search index tuning: names, notebook and minor-section weights (nonlinear.site.search)."""

from __future__ import annotations

import copy
from typing import Any

import pytest

from nonlinear.site.search import (
    KEYS_FIELD,
    NAMES_FIELD,
    NOTEBOOK_FIELD,
    SearchPage,
    SearchTuning,
    name_key,
    parse_tuning,
    tune_index,
)

INDEX: dict[str, Any] = {
    "config": {
        "lang": ["en"],
        "separator": "[\\s\\-]+",
        "pipeline": ["stopWordFilter"],
        "fields": {"title": {"boost": 1000.0}, "text": {"boost": 1.0}},
    },
    "docs": [
        {"location": "Activations/SiLU/", "title": "SiLU", "text": "x sigma(x)"},
        {"location": "Activations/SiLU/#references", "title": "References", "text": "Swish"},
        {"location": "Activations/SiLU/#definition", "title": "Definition", "text": "..."},
        {"location": "notebooks/gallery/", "title": "Gallery", "text": "...", "boost": 2},
        {"location": "notebooks/gallery/#silu", "title": "SiLU", "text": "..."},
        {"location": "Other/", "title": "Other", "text": "..."},
        {"location": "Other/#revisions", "title": " <code>Revisions</code> ", "text": "..."},
    ],
}
PAGES = {
    "Activations/SiLU/": SearchPage(("SiLU", "Swish", "SiLU (Swish)", "Sigmoid Linear Unit")),
    "notebooks/gallery/": SearchPage(("Gallery",), notebook=True),
}


@pytest.mark.parametrize(
    ("name", "key"),
    [
        ("SiLU (Swish)", "siluswish"),
        ("ReLU-6", "relu6"),
        ("Kaiming initialization", "kaiminginitialization"),
        ("Ｆｕｌｌ＿width", "fullwidth"),  # NFKC folds full-width letters; "_" goes
        ("Zero-centred activations", "zerocentredactivations"),
        ("Café", "café"),
    ],
)
def test_name_key(name: str, key: str) -> None:
    assert name_key(name) == key


def test_tune_index_adds_names_and_weights_without_touching_the_input() -> None:
    before = copy.deepcopy(INDEX)
    tuned = tune_index(INDEX, PAGES, SearchTuning())
    assert before == INDEX
    assert tuned["config"]["fields"][NAMES_FIELD] == {"boost": 1000.0}
    assert tuned["config"]["fields"]["title"] == {"boost": 1000.0}
    docs = {d["location"]: d for d in tuned["docs"]}
    assert docs["Activations/SiLU/"][NAMES_FIELD] == [
        "silu",
        "swish",
        "siluswish",
        "sigmoidlinearunit",
        "sigmoid",
        "linear",
        "unit",
    ]
    assert docs["Activations/SiLU/"][KEYS_FIELD] == [
        "silu",
        "swish",
        "siluswish",
        "sigmoidlinearunit",
    ]
    assert KEYS_FIELD not in tuned["config"]["fields"]  # not indexed: read by the worker
    assert "boost" not in docs["Activations/SiLU/"]
    assert NAMES_FIELD not in docs["Activations/SiLU/#definition"]  # names: the page's entry only
    assert docs["Activations/SiLU/#references"]["boost"] == 0.2
    assert docs["Other/#revisions"]["boost"] == 0.2  # markup and case ignored
    assert docs["notebooks/gallery/"][NOTEBOOK_FIELD] is True
    assert docs["notebooks/gallery/"]["boost"] == 2  # the page's own boost stays
    assert NOTEBOOK_FIELD not in docs["notebooks/gallery/#silu"]
    assert NOTEBOOK_FIELD not in docs["Activations/SiLU/"]
    assert NOTEBOOK_FIELD not in tuned["config"]["fields"]
    assert NAMES_FIELD not in docs["Other/"]  # a page the hook did not see keeps its entry
    assert [d["location"] for d in tuned["docs"]] == [d["location"] for d in INDEX["docs"]]


def test_tuning_from_mkdocs_yml() -> None:
    tuning = parse_tuning({"minor_boost": 1, "minor_sections": ["Quellen", " Verlauf "]})
    assert tuning == SearchTuning(1.0, frozenset({"quellen", "verlauf"}))
    assert parse_tuning(None) == SearchTuning()


@pytest.mark.parametrize(
    ("settings", "message"),
    [
        ({"boost": 2}, "unknown key 'boost'; use one of"),
        ({"minor_boost": 0}, "minor_boost: 0 is not a positive number"),
        ({"minor_boost": "low"}, "minor_boost: 'low' is not a positive number"),
        ({"minor_boost": True}, "minor_boost: True is not a positive number"),
        ({"notebook_boost": 0.5}, "unknown key 'notebook_boost'"),
        ({"minor_sections": "References"}, "must be a list of headings"),
        (["References"], "must be a mapping"),
    ],
)
def test_tuning_errors_say_what_to_write(settings: object, message: str) -> None:
    with pytest.raises(ValueError, match=message):
        parse_tuning(settings)
