"""Domestic network: the 85 regions coloured by a metric (a map of the regions or a tile
grid), every center on a map, and the regions in a table."""

import streamlit as st

from rcnet_data.core import analytics as A
from rcnet_data.core import columns as C
from rcnet_data.presentation import figures, i18n, maps, tables, ui
from rcnet_data.presentation.filters import COVERAGE_VIEWS, MAP_VIEWS, METRICS
from rcnet_data.presentation.i18n import t


def domestic() -> None:
    current, reg = ui.page_frame("domestic")
    lang, as_of = current.lang, current.as_of
    ui.place_filters(lang)
    start, end = ui.period_filters(lang)
    with st.sidebar:
        ui.widget(st.radio, "coverage_view", t("coverage_view", lang), options=list(COVERAGE_VIEWS),
                  format_func=lambda v: t("view_" + v, lang), horizontal=True)  # fmt: skip
        ui.widget(st.selectbox, "metric", t("metric", lang), options=list(METRICS),
                  format_func=lambda m: figures.metric_label(m, lang, current.km))  # fmt: skip
        if current.metric == "coverage":
            ui.widget(st.slider, "km", t("gap_distance", lang), help=t("gap_distance_help", lang))
        ui.widget(st.number_input, "threshold", t("threshold", lang))
        ui.widget(st.radio, "view", t("map_view", lang), options=list(MAP_VIEWS),
                  format_func=lambda v: t("view_" + v, lang), horizontal=True)  # fmt: skip

    table = ui.coverage(reg.signature, as_of, start, end, current.km)
    in_district = A.regions_of_district(table, current.district)
    highlight = set(in_district.index) if current.district else None
    shown = A.open_centers(A.filter_centers(reg.centers, C.DOMESTIC, current.district, current.region), as_of)
    cols = st.columns(3)
    cols[0].metric(t("domestic_centers", lang), i18n.fmt_int(len(shown), lang))
    no_center, below = A.coverage_gap_counts(in_district, current.threshold)
    cols[1].metric(t("regions_covered", lang), f"{len(in_district) - no_center} {t('regions_of', lang, n=len(in_district))}")
    national = (in_district["covered_residents"].sum() / in_district["population"].sum()) if len(in_district) else None
    cols[2].metric(t("coverage_share_short", lang, km=current.km), i18n.fmt_percent(national, lang),
                   help=t("coverage_method", lang, km=current.km))  # fmt: skip
    ui.period_caption(start, end, lang, current.period_clipped())

    if current.coverage_view == "choropleth":
        fig = figures.choropleth_figure(table, current.metric, lang, current.km, current.region or None, highlight,
                                        current.presenter)  # fmt: skip
        alt = figures.tiles_alt_text(table, current.metric, lang, "alt_choropleth", current.km)
    else:
        fig = figures.tile_grid_figure(table, current.metric, lang, current.threshold, current.region or None,
                                       highlight, current.presenter, current.km)  # fmt: skip
        alt = figures.tiles_alt_text(table, current.metric, lang, km=current.km)
    ui.chart(fig, alt, key="regions_map", on_select=ui.region_picker("regions_map", "plotly"))
    if current.metric == "coverage":
        st.caption(t("coverage_method", lang, km=current.km))

    if shown.empty:
        st.info(t("no_centers_network", lang, date=i18n.fmt_date(as_of, lang)))
    deck = maps.centers_deck(shown, lang, current.view, current.region or None, current.basemap)
    alt = t("alt_map", lang, n=len(shown))
    st.pydeck_chart(deck, on_select=ui.region_picker("domestic_map", "deck"), selection_mode="single-object",
                    key="domestic_map", height=560 if not current.presenter else 700, alt=alt)  # fmt: skip
    ui.legend(maps.legend_items(lang, current.view, centers=shown))
    st.caption(alt + " " + t("geonames_credit", lang))

    st.subheader(t("coverage_table", lang))
    level = i18n.fmt_float(current.threshold, lang)
    none_text = i18n.counted("n_regions", no_center, lang)
    st.markdown(t("gaps_summary", lang, none=none_text, below=i18n.counted("n_regions", below, lang), level=level)
                if current.threshold else t("gaps_none_only", lang, none=none_text))  # fmt: skip
    display = tables.coverage_table(in_district, lang)
    ui.table(display, lang, height=520)
    ui.downloads(display, "rcnet-coverage", lang)
    ui.end_page()


domestic()
