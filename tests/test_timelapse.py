"""The time-lapse on the Growth page: frames by month, played in the
browser, with region outlines, a running count and the published figures as they pass."""

from __future__ import annotations

import json

import pandas as pd
import pytest

from rcnet_data.core import analytics
from rcnet_data.core import reference as ref
from rcnet_data.presentation import figures
from tests.conftest import run_app

pytestmark = pytest.mark.usefixtures("fresh_caches")


def test_monthly_counts_match_the_registry_on_every_sampled_month(bundled):
    monthly = analytics.open_by_region_monthly(bundled.centers, "2009-01-01", "2024-05-16")
    assert list(monthly.columns) == list(ref.regions().index)
    assert monthly.index[0] == pd.Timestamp("2009-01-01") and monthly.index[-1] == pd.Timestamp("2024-05-16")
    domestic = bundled.centers[bundled.centers["network"] == "domestic"]
    for day in (monthly.index[0], pd.Timestamp("2016-03-01"), pd.Timestamp("2020-07-01"), monthly.index[-1]):
        expected = (
            analytics.open_centers(domestic, day)["region_code"].value_counts().reindex(monthly.columns, fill_value=0)
        )
        assert (monthly.loc[day] == expected).all(), day


def test_frames_carry_classes_count_and_published_figures(bundled):
    monthly = analytics.open_by_region_monthly(bundled.centers, "2009-01-01", "2024-05-16")
    check = analytics.milestone_check(bundled.centers, ref.published_milestones())
    fig = figures.timelapse_figure(monthly, check[check["date"] <= "2024-05-16"], "ru")
    frames = fig["frames"]
    assert len(frames) == len(monthly)
    first, last = frames[0]["layout"]["annotations"], frames[-1]["layout"]["annotations"]
    # Every frame carries both annotations, so none is left over from another month; in
    # January 2009 nothing was published yet, so the second is hidden and empty.
    assert (
        "янв. 2009" in first[0]["text"]
        and first[1]["visible"] is False
        and first[1]["text"].strip() == ""
        and fig["layout"]["annotations"][1]["visible"]
    )
    assert all(len(frame["layout"]["annotations"]) == 2 for frame in frames)
    assert (
        f"{monthly.iloc[-1].sum():,}".replace(",", "\u00a0") in last[0]["text"]
        or f"{monthly.iloc[-1].sum():,}".replace(",", " ") in last[0]["text"]
    )
    assert "более 1\u00a0600" in last[1]["text"] or "более 1 600" in last[1]["text"]  # May 2024, as it passes
    # December 2010 shows only what had been published by then (nothing of 2019 or 2024).
    december_2010 = frames[list(monthly.index).index(pd.Timestamp("2010-12-01"))]["layout"]["annotations"]
    assert "дек. 2010" in december_2010[0]["text"] and december_2010[1]["visible"] is False
    # The 85 regions as filled shapes (SVG, drawn in full each frame), white borders; then
    # the legend, regions without a center in early months in the zero class.
    regions = [trace for trace in fig["data"] if trace.get("fill") == "toself"]
    assert len(regions) == 85 and all(trace["line"]["color"] == "white" for trace in regions)
    legend = [trace["name"] for trace in fig["data"][85:]]
    assert legend[0] == "0"
    assert "map" not in fig["layout"]  # no web map: nothing to fetch, nothing drawn behind the slider
    # Each frame recolours the 85 regions with their class on that month.
    colours = {trace["name"]: trace["marker"]["color"] for trace in fig["data"][85:]}
    zero = colours["0"]
    first_fill = [update["fillcolor"] for update in frames[0]["data"]]
    assert len(frames[0]["traces"]) == 85 and first_fill.count(zero) == 85 - int((monthly.iloc[0] > 0).sum())
    # Played in the browser: a play button animating every frame, and a slider over them.
    play = fig["layout"]["updatemenus"][0]["buttons"][0]
    assert play["method"] == "animate" and play["args"][1]["frame"]["duration"] == figures.TIMELAPSE_FRAME_MS
    assert len(fig["layout"]["sliders"][0]["steps"]) == len(monthly)


def test_growth_page_shows_the_time_lapse_on_demand_and_stays_small():
    """Behind its expander the time-lapse costs the page nothing: it is made and sent once opened."""
    app = run_app("growth")
    specs = [json.loads(element.proto.spec) for element in app.get("plotly_chart")]
    assert [spec for spec in specs if spec.get("frames")] == []
    app.session_state["open_timelapse"] = True  # the expander opened, as a click on it does
    app.run()
    specs = [json.loads(element.proto.spec) for element in app.get("plotly_chart")]
    [timelapse] = [spec for spec in specs if spec.get("frames")]
    assert timelapse["layout"]["title"]["text"] == "Сеть месяц за месяцем"
    assert len(json.dumps(timelapse)) < 900_000  # outlines once, a colour per region per month: under 0.9 MB
