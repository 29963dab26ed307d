"""Domestic network: the 85 regions coloured by a metric (a map of the regions or a tile
grid), every center on a map, and the regions in a table."""

import streamlit as st

from rcnet_data.core import analytics
from rcnet_data.presentation import figures, headline, i18n, tables, ui, views
from rcnet_data.presentation.filters import COVERAGE_VIEWS, MAP_VIEWS, METRICS
from rcnet_data.presentation.i18n import t


def domestic() -> None:
    current, reg = ui.page_frame("domestic")
    lang, as_of = current.lang, current.as_of
    ui.place_filters(lang)
    start, end = ui.period_filters(lang)
    with st.sidebar:
        ui.widget(
            st.radio,
            "coverage_view",
            t("coverage_view", lang),
            options=list(COVERAGE_VIEWS),
            format_func=lambda v: t("view_" + v, lang),
            horizontal=True,
        )
        ui.widget(
            st.selectbox,
            "metric",
            t("metric", lang),
            options=list(METRICS),
            format_func=lambda m: figures.metric_label(m, lang, current.km),
        )
        if current.metric == "coverage":
            ui.widget(st.slider, "km", t("gap_distance", lang), help=t("gap_distance_help", lang))
        ui.widget(st.select_slider, "threshold", t("threshold", lang))
        ui.widget(
            st.radio,
            "view",
            t("map_view", lang),
            options=list(MAP_VIEWS),
            format_func=lambda v: t("view_" + v, lang),
            horizontal=True,
        )

    km, district, region = current.km, current.district, current.region
    table = analytics.regions_of_district(views.coverage(reg, as_of, start, end, km), district)
    shown = views.open_domestic(reg, as_of, district, region)
    no_center, below = analytics.coverage_gap_counts(table, current.threshold)
    cols = st.columns(3)
    cols[0].metric(t("domestic_centers", lang), i18n.fmt_int(len(shown), lang))
    cols[1].metric(t("regions_covered", lang), f"{len(table) - no_center} {t('regions_of', lang, n=len(table))}")
    cols[2].metric(
        t("coverage_share_short", lang, km=km),
        i18n.fmt_percent(analytics.share(table, "covered_residents", "population"), lang),
        help=t("coverage_method", lang, km=km),
    )
    ui.period_caption(start, end, lang, current.period_clipped())

    figure, alt = views.regions_chart(
        reg,
        as_of,
        start,
        end,
        km,
        current.metric,
        current.coverage_view,
        lang,
        region,
        district,
        current.threshold,
        current.presenter,
        ui.phone(),
    )
    ui.chart(figure, alt, key="regions_map", on_select=ui.region_picker("regions_map", "plotly"))
    if note := headline.extra_regions_note(table.index, lang):
        st.caption(note)
    if current.metric == "coverage":
        st.caption(t("coverage_method", lang, km=km))

    if shown.empty:
        st.info(t("no_centers_network", lang, date=i18n.fmt_date(as_of, lang)))
    with ui.map_on_demand(t("centers_map_open", lang), "domestic_map") as opened:
        if opened:
            deck, legend = views.centers_map(
                reg, as_of, district, region, current.view, lang, current.basemap, ui.phone()
            )
            alt = t("alt_map", lang, n=len(shown))
            ui.deck(
                deck,
                alt,
                "domestic_map",
                700 if current.presenter else 560,
                ui.region_picker("domestic_map", "deck"),
                table=lambda: tables.centers_table(shown, lang),
            )
            ui.legend(legend)
            st.caption(alt + " " + t("geonames_credit", lang))

    ui.section(t("coverage_table", lang))
    level = i18n.fmt_float(current.threshold, lang)
    none_text = i18n.counted("n_regions", no_center, lang)
    st.markdown(
        t("gaps_summary", lang, none=none_text, below=i18n.counted("n_regions", below, lang), level=level)
        if current.threshold
        else t("gaps_none_only", lang, none=none_text)
    )
    display = views.coverage_display(reg, as_of, start, end, km, district, lang)
    ui.table(display, lang, height=520)
    ui.downloads(display, "rcnet-coverage", lang)
    ui.end_page()


ui.run(domestic)
