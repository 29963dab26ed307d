"""The time-lapse as Chromium draws it on the Growth page (presenter slide 7 is checked the same
way in the slideshow's walk, test_slideshow_browser): played, then
paused at several moments, the month and count written on the map, the published figures
beside them and the regions' colours all belong to the month the slider stands on, counted
here from the registry, not taken from the figure."""

from __future__ import annotations

import pandas as pd
import pytest

from rcnet_data.presentation import i18n
from rcnet_data.storage.registry import load_registry
from tests.browser.test_browser import open_page

pytestmark = pytest.mark.browser

STATE = """(root) => {
  const gd = root.querySelector('.js-plotly-plot');
  const frame = gd._transitionData._frames[gd.layout.sliders[0].active];
  return {active: gd.layout.sliders[0].active,
          texts: [...gd.querySelectorAll('.annotation-text')].map(e => e.textContent),
          drawn: gd.data.filter(t => t.fill === 'toself').map(t => t.fillcolor),
          frame: frame.data.map(d => d.fillcolor)};
}"""


def months_shown() -> pd.DatetimeIndex:
    """The months the time-lapse plays: each month's first day from January 2009, then today."""
    today = pd.Timestamp.today().normalize()
    months = pd.date_range("2009-01-01", today, freq="MS")
    return months if months[-1] == today else months.append(pd.DatetimeIndex([today]))


def check_paused_state(chart, registry, months: pd.DatetimeIndex, pauses: list[int]) -> list[int]:
    """Play, pause after each wait, and check what is drawn against the slider's month."""
    play, pause = chart.locator(".updatemenu-button").nth(0), chart.locator(".updatemenu-button").nth(1)
    domestic = registry.centers[registry.centers["network"] == "domestic"]
    seen = []
    for wait_ms in pauses:
        play.click()
        chart.page.wait_for_timeout(wait_ms)
        pause.click()
        chart.page.wait_for_timeout(600)
        state = chart.evaluate(STATE)
        month = months[state["active"]]
        open_then = ((domestic["opened_on"] <= month) & ~(domestic["closed_on"] <= month)).sum()
        assert (
            state["texts"][0]
            == f"{i18n.fmt_month(month, 'ru')}: {i18n.counted('n_centers_in_russia', int(open_then), 'ru')}"
        )
        for text in state["texts"][1:]:  # only figures published by then
            for line in text.split("Опубликованные данные (")[1:]:
                published_month = line.split(")")[0]
                assert any(i18n.fmt_month(m, "ru") == published_month for m in months[: state["active"] + 1]), line
        assert state["drawn"] == state["frame"], month  # the colours drawn are that month's
        seen.append(state["active"])
    return seen


@pytest.mark.slow
def test_the_time_lapse_draws_the_month_its_slider_shows(server, page):
    page.set_viewport_size({"width": 1280, "height": 900})
    open_page(page, f"{server.url}/growth", "Рост сети")
    # The time-lapse waits behind its expander until a reader opens it (its frames are heavy).
    assert page.locator(".st-key-timelapse").count() == 0, "the time-lapse was sent before it was asked for"
    page.locator(".st-key-open_timelapse summary").click()
    chart = page.locator('.st-key-timelapse [data-testid="stPlotlyChart"]')
    chart.scroll_into_view_if_needed()
    chart.locator(".annotation-text").first.wait_for(timeout=30_000)
    seen = check_paused_state(chart, load_registry(), months_shown(), [700, 2200, 4000])
    # Paused at different months, none of them the last (each Play starts from the first
    # month; on a loaded machine two pauses may land on the same month).
    assert len(set(seen)) >= 2 and min(seen) > 0 and max(seen) < len(months_shown()) - 1
