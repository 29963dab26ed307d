"""Presenter mode as a slideshow, in AppTest and as pure functions:
six slides, each with its content; next, back and exit; the slide in the URL; the slide
a page opens on; type sized for a projector."""

from __future__ import annotations

import json

import pytest
from streamlit.testing.v1 import AppTest

from rcnet_data.presentation import slides, style
from rcnet_data.storage.registry import load_registry_from_database
from tests.conftest import run_app

AS_OF = "2024-05-16"


pytestmark = pytest.mark.usefixtures("fresh_caches")


def run(page: str | None = None, **params) -> AppTest:
    return run_app(page, **params)


def heading(app: AppTest) -> str:
    return next(m.value for m in app.markdown if "class='rcnet-slide-title'" in m.value)


def charts(app: AppTest) -> list[dict]:
    return [json.loads(element.proto.spec) for element in app.get("plotly_chart")]


def slide_param(app: AppTest) -> str | None:
    value = app.query_params.get("slide")
    return value[0] if isinstance(value, list) else value


@pytest.mark.parametrize(
    ("number", "title", "plots"),
    [
        (1, "Сеть сегодня", 0),
        (2, "Рост сети и опубликованные данные", 1),
        (3, "Центры в регионах России", 1),
        (4, "Центры за рубежом", 1),
        (5, "Регионы с наибольшим числом центров", 1),
        (6, "Последние мероприятия", 0),
        (7, "Сеть месяц за месяцем", 1),
        (8, "Что изменилось с 16 апреля 2024", 0),
    ],
)
def test_each_slide_shows_its_content(number, title, plots):
    app = run(presenter="1", slide=str(number), as_of=AS_OF)
    assert title in heading(app)
    assert f"Слайд {number} из {len(slides.SLIDES)}" in heading(app) and "16 мая 2024" in heading(app)
    assert len(charts(app)) == plots
    assert not app.title  # no page title, sidebar or tables: the slide is the screen
    if number == 1:
        values = {m.label: m.value for m in app.metric}
        assert values["Центров за рубежом"] == "63" and values["Стран"] == "35"
    if number == 8:  # what changed in the month before: four cards and the sentence
        assert [m.label for m in app.metric] == [
            "Открыто центров",
            "Закрыто центров",
            "Мероприятий за период",
            "Регионов без мероприятий",
        ]
        assert any("За период открыт" in m.value for m in app.markdown)
    if number == 6:
        table = next(m.value for m in app.markdown if "<table class='rcnet-slide-events'>" in m.value)
        assert table.count("<tr>") == slides.EVENT_ROWS and "2024" in table


def test_growth_slide_carries_the_published_figures():
    [growth] = charts(run(presenter="1", slide="2", as_of=AS_OF))
    names = {trace.get("name") for trace in growth["data"]}
    assert "Опубликованные данные" in names
    assert "height" not in growth["layout"]  # the slide's box sets the height
    for axis in ("xaxis", "yaxis"):
        assert growth["layout"][axis]["tickfont"]["size"] >= 20
        assert growth["layout"][axis]["tickfont"]["color"] == style.INK


def test_next_back_and_exit_change_the_slide_and_the_url():
    app = run(presenter="1")
    app.button(key="slide_next").click().run()
    assert "Рост сети" in heading(app) and slide_param(app) == "2"
    app.button(key="slide_next").click().run()
    app.button(key="slide_previous").click().run()
    assert slide_param(app) == "2"
    app.button(key="slide_exit").click().run()
    assert app.title[0].value == "Обзор" and "presenter" not in app.query_params


def test_first_and_last_slides_disable_the_way_past_the_end():
    app = run(presenter="1", slide="1")
    assert app.button(key="slide_previous").disabled
    app = run(presenter="1", slide=str(len(slides.SLIDES)))
    assert app.button(key="slide_next").disabled


@pytest.mark.parametrize("value", ["0", "99", "-3", "zwei", "2.7"])
def test_a_slide_number_out_of_range_is_clamped(value):
    app = run(presenter="1", slide=value)
    assert "Слайд " in heading(app)


@pytest.mark.parametrize(("page", "slide"), [("domestic", 3), ("foreign", 4), ("events", 6), ("growth", 2)])
def test_presenter_mode_opens_on_the_slide_of_its_page(page, slide):
    app = run(page)
    app.toggle(key="w_presenter").set_value(True).run()
    assert f"Слайд {slide} из {len(slides.SLIDES)}" in heading(app)


def test_a_chosen_region_is_named_on_the_regions_slide():
    app = run(presenter="1", slide="5", region="RU-PNZ", as_of=AS_OF)
    assert "Пензенская область" in heading(app)
    [bars] = charts(app)
    assert "RU-PNZ" in bars["data"][0]["customdata"]
    colours = bars["data"][0]["marker"]["color"]
    assert colours[bars["data"][0]["customdata"].index("RU-PNZ")] == style.VERMILLION


def test_english_slides():
    app = run(presenter="1", slide="4", lang="en")
    assert "Centers abroad" in heading(app) and "Slide 4 of 8" in heading(app)


def test_for_slide_makes_every_axis_large_and_dark():
    figure = {
        "layout": {"height": 400, "title": {"text": "x"}, "xaxis": {}, "yaxis2": {"title": {"text": "y"}}},
        "data": [{"type": "bar"}],
    }
    made = slides.for_slide(figure)
    assert "height" not in made["layout"] and "title" not in made["layout"]
    assert made["layout"]["xaxis"]["tickfont"] == {"size": style.SLIDE_FONT_SIZE, "color": style.INK}
    assert made["layout"]["yaxis2"]["title"]["font"]["size"] == style.SLIDE_FONT_SIZE >= 20
    assert figure["layout"]["height"] == 400  # the page's own figure is left as it was


def test_slide_views_are_kept_per_data_version():
    reg = load_registry_from_database()
    first = slides.growth_slide(reg, reg.centers["opened_on"].max().date(), "ru")
    assert slides.growth_slide(reg, reg.centers["opened_on"].max().date(), "ru") is first


def test_the_time_lapse_slide_plays_in_the_browser_in_large_type():
    [figure] = charts(run(presenter="1", slide="7", as_of=AS_OF))
    assert len(figure["frames"]) == (2024 - 2009) * 12 + 5 + 1  # every month to the date, and the date
    assert figure["layout"]["updatemenus"][0]["buttons"][0]["label"] == "▶ Пуск"
    for frame in figure["frames"]:
        assert all(note["font"]["size"] >= 20 for note in frame["layout"]["annotations"])


def test_the_url_bound_covers_every_slide():
    from rcnet_data.presentation.filters import BOUNDS

    assert BOUNDS["slide"].high == len(slides.SLIDES)
