"""Region: one region's figures and rank, how much of its population the centers reach, its
map, its centers, openings, recent events, the towns far from any center and where to
open next."""

import streamlit as st

from rcnet_data.core import columns, coverage
from rcnet_data.presentation import headline, i18n, maps, tables, ui, views
from rcnet_data.presentation.i18n import t


def region() -> None:
    current, reg = ui.page_frame("region")
    lang, as_of = current.lang, current.as_of
    ui.place_filters(lang)
    start, end = ui.period_filters(lang)
    with st.sidebar:
        ui.widget(st.slider, "km", t("gap_distance", lang), help=t("gap_distance_help", lang))
        ui.widget(st.slider, "sites", t("plan_count", lang))
    code = current.region
    if not code:
        # No region yet: the regions to choose from, a click on a tile opens one.
        st.info(t("choose_region", lang))
        figure, alt = views.regions_chart(
            reg, as_of, start, end, current.km, "centers", "tiles", lang, "", current.district, 0.0, current.presenter
        )
        ui.chart(figure, alt, key="region_tiles", on_select=ui.region_picker("region_tiles", "plotly"))
        ui.end_page()
        return
    km = current.km
    st.header(i18n.region_name(code, lang))
    ui.period_caption(start, end, lang, current.period_clipped())
    ui.region_report_buttons(reg, code, as_of, lang, km, current.sites)

    cards = headline.region(views.coverage(reg, as_of, start, end, km).loc[code], lang, km)
    ui.metrics(cards)

    centers = views.open_domestic(reg, as_of, "", code)
    if centers.empty:
        st.info(t("no_centers_yet", lang, date=i18n.fmt_date(as_of, lang)))
    alt = t("alt_map", lang, n=len(centers))
    found = views.highlighted_center(reg, code, current.center)
    if found is not None:
        ui.found_center(found, lang)
    display = tables.centers_table(centers, lang)
    ui.deck(
        views.region_map(reg, code, km, current.sites, as_of, lang, current.basemap, current.center, ui.phone()),
        alt,
        "region_map",
        520,
        table=display,
    )
    far, plan = views.gaps(reg, code, km, as_of), views.plan(reg, code, km, current.sites, as_of)
    towns_known = coverage.region_has_towns(code)
    ui.legend(
        maps.legend_items(
            lang, "points", km, centers, len(far), len(plan), towns=towns_known, outline=maps.has_boundary(code)
        )
    )
    st.caption(alt + " " + t("geonames_credit", lang))
    if note := headline.extra_regions_note([code], lang):
        st.caption(note)

    # Each table full width, one under the other: side by side, at 1280 px they hid their
    # telling columns (where the nearest center is, the events' dates).
    st.subheader(t("gap_towns", lang, km=km))
    if not towns_known:
        st.info(t("no_towns_known", lang))
    elif far.empty:
        st.success(t("no_gaps", lang, km=km))
    else:
        gap_display = tables.gaps_table(far, lang, code)
        ui.table(gap_display, lang)
        ui.downloads(gap_display, f"rcnet-gaps-{code}", lang)

    st.subheader(t("plan_title", lang, n=len(plan), km=km))
    if not towns_known:
        st.info(t("no_towns_known", lang))
    elif plan.empty:
        st.success(t("plan_nothing", lang, km=km))
    else:
        plan_display = tables.plan_table(plan, code, lang)
        ui.table(plan_display, lang, hidden=(t("lat", lang), t("lon", lang)))
        fewer = " " + t("plan_fewer", lang, asked=current.sites, km=km) if len(plan) < current.sites else ""
        st.caption(t("plan_method", lang, km=km) + fewer)
        ui.downloads(plan_display, f"rcnet-plan-{code}", lang)

    st.subheader(t("region_centers", lang))
    if ui.table(display, lang, t("no_centers_yet", lang, date=i18n.fmt_date(as_of, lang)), height=320):
        ui.downloads(display, f"rcnet-centers-{code}", lang)
    if ui.editor():  # a signed-in editor corrects or closes one of them (the one a search found first)
        ui.region_edit_picker(centers, lang, first=None if found is None else found[columns.CENTER_ID])

    figure = views.region_openings_chart(reg, code, as_of, lang, current.presenter)
    if figure is None:
        st.info(t("no_centers_yet", lang, date=i18n.fmt_date(as_of, lang)))
    else:
        ui.chart(figure, t("chart_region_openings", lang))
    st.subheader(t("recent_events", lang))
    ui.table(
        views.region_events_table(reg, code, start, end, lang),
        lang,
        t("no_region_events", lang, start=i18n.fmt_date(start, lang), end=i18n.fmt_date(end, lang)),
        height=360,
    )
    ui.end_page()


ui.run(region)
