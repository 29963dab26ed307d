"""Search: one box on every page finds a region, town, center or host
by any common spelling, misspelt too, and opens the place."""

from __future__ import annotations

import json

import pytest
from streamlit.testing.v1 import AppTest

from rcnet_data.core import reference as ref
from rcnet_data.core import search
from rcnet_data.core.search import SearchIndex
from tests.conftest import assert_ran, run_app


@pytest.fixture(scope="module")
def index(bundled):
    """The search index of the bundled registry: what a user searches on a fresh install."""
    return SearchIndex.build(bundled.centers)


pytestmark = pytest.mark.usefixtures("fresh_caches")


@pytest.mark.parametrize(
    ("query", "kind", "code", "city"),
    [
        ("пенза", "town", "RU-PNZ", "Пенза"),
        ("Penza", "region", "RU-PNZ", ""),
        ("ПЕНЗА", "town", "RU-PNZ", "Пенза"),
        ("Пинза", "town", "RU-PNZ", "Пенза"),  # one letter wrong
        ("Пензенская обл.", "region", "RU-PNZ", ""),
        ("ХМАО", "region", "RU-KHM", ""),
        ("Екатеринбур", "town", "RU-SVE", "Екатеринбург"),  # a letter missing
        ("Екатеринбург", "town", "RU-SVE", "Екатеринбург"),
        ("Yekaterinburg", "town", "RU-SVE", "Екатеринбург"),
        ("Tatarstn", "region", "RU-TA", ""),
        ("Нижний Новгород", "town", "RU-NIZ", "Нижний Новгород"),
        ("Кузнецк", "town", "RU-PNZ", "Кузнецк"),
    ],
)
def test_the_first_result_is_the_place_meant(index, query, kind, code, city):
    hits = index.find(query)
    assert len(hits), query
    first = hits.iloc[0]
    assert (first["kind"], first["region_code"], first["city"]) == (kind, code, city), hits.head(3).to_dict("records")


def test_a_word_of_a_hosts_name_finds_the_center(index):
    hits = index.find("Лермонтовская")
    # Centers and hosts first; the town of Lermontov (Stavropol Krai, which has a center) may follow.
    assert len(hits) and hits["kind"].iloc[0] in {"center", "host"} and set(hits["kind"]) <= {"center", "host", "town"}
    assert "RU-PNZ" in set(hits["region_code"])  # the Lermontov regional library in Penza
    assert all("Лермонтов" in text for text in hits["text"])


def test_a_misspelling_never_drags_in_lookalikes(index):
    hits = index.find("Пинза")
    # The town, then its region (found by its capital); not «Колпина», which shares letters across words.
    assert list(zip(hits["kind"], hits["region_code"], hits["city"])) == [
        ("town", "RU-PNZ", "Пенза"),
        ("region", "RU-PNZ", ""),
    ]


@pytest.mark.parametrize("query", ["пенза", "Пинза", "Penza", "Красноярск"])
def test_a_capital_offers_its_region_too(index, query):
    hits = index.find(query)
    assert "region" in set(hits["kind"]), hits.to_dict("records")


@pytest.mark.parametrize(
    ("text", "code"),
    [
        ("Пенза", "RU-PNZ"),
        ("Пинза", "RU-PNZ"),
        ("Пинзенская область", "RU-PNZ"),
        ("Моксва", "RU-MOW"),
        ("Тамбов", "RU-TAM"),
    ],
)
def test_a_region_is_found_by_its_capital_and_by_misspellings(text, code):
    assert search.find_region(text) == code


def test_a_misspelling_close_to_two_regions_is_refused_with_suggestions():
    with pytest.raises(ref.UnknownName) as refused:
        search.find_region("Кроснаярский край")
    assert "Красноярский край" in refused.value.suggestions


@pytest.mark.parametrize("query", ["", " ", "я", "zzqqxxvv", "!!!", "ыыыыыыыы"])
def test_nothing_sensible_finds_nothing(index, query):
    assert index.find(query).empty


def test_results_are_one_per_place(index):
    hits = index.find("Пенза")
    places = list(zip(hits["kind"].replace("host", "center"), hits["region_code"], hits["city"], hits["center_id"]))
    assert len(places) == len(set(places))


def run(page: str | None = None, **params) -> AppTest:
    return run_app(page, **params)


@pytest.mark.parametrize("page", [None, "domestic", "events", "quality"])
def test_the_box_is_on_every_page_and_a_town_opens_its_region(page):
    app = run(page)
    app.text_input(key="rcnet_search").set_value("Пинза").run()
    first = next(b for b in app.button if b.key == "search_hit_0")
    assert "Пенза — Пензенская область" in first.label
    first.click().run()
    assert_ran(app)
    assert app.header[0].value == "Пензенская область"
    assert app.text_input(key="rcnet_search").value == ""


def test_a_center_opens_its_region_with_the_center_ringed():
    app = run()
    app.text_input(key="rcnet_search").set_value("областная библиотека Лермонтова").run()
    hit = next(b for b in app.button if (b.key or "").startswith("search_hit_") and "Пенз" in b.label)
    hit.click().run()
    assert app.header[0].value == "Пензенская область"
    assert any("обведён кольцом" in info.value and "Лермонтова" in info.value for info in app.info)
    deck = json.loads(app.get("deck_gl_json_chart")[0].proto.json)
    [ring] = [layer for layer in deck["layers"] if layer["id"] == "highlight"]
    assert len(ring["data"]) == 1


def test_nothing_found_says_so_in_the_readers_language():
    app = run(lang="en")
    app.text_input(key="rcnet_search").set_value("zzqqxxvv").run()
    assert any("Nothing found for «zzqqxxvv»" in caption.value for caption in app.sidebar.caption)
