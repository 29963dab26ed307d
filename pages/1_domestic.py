"""Domestic network: every center on a map, regional coverage as a tile grid and a table."""

import streamlit as st

from rcnet_data.core import analytics as A
from rcnet_data.core import columns as C
from rcnet_data.presentation import figures, i18n, maps, tables, ui
from rcnet_data.presentation.i18n import t


def domestic() -> None:
    current, reg = ui.page_frame("domestic")
    lang, as_of = current.lang, current.as_of
    ui.place_filters(lang)
    ui.period_filters(lang)
    with st.sidebar:
        ui.widget(st.radio, "view", t("map_view", lang), options=list(ui.MAP_VIEWS),
                  format_func=lambda v: t("view_" + v, lang), horizontal=True)  # fmt: skip
        ui.widget(st.selectbox, "metric", t("metric", lang), options=list(figures.METRICS),
                  format_func=lambda m: t(m, lang))  # fmt: skip
        ui.widget(st.number_input, "threshold", t("threshold", lang), min_value=0.0, max_value=100.0, step=0.5)

    shown = A.open_centers(A.filter_centers(reg.centers, C.DOMESTIC, current.district, current.region), as_of)
    st.metric(t("domestic_centers", lang), i18n.fmt_int(len(shown), lang))
    deck = maps.centers_deck(shown, lang, current.view, current.region or None, current.basemap)
    alt = t("alt_map", lang, n=i18n.fmt_int(len(shown), lang))
    st.pydeck_chart(deck, on_select=ui.region_picker("domestic_map", "deck"), selection_mode="single-object",
                    key="domestic_map", height=560 if not current.presenter else 700, alt=alt)  # fmt: skip
    ui.legend(maps.legend_items(lang))
    st.caption(alt + " " + t("geonames_credit", lang))

    table = ui.coverage(reg.signature, as_of, current.start, current.end)
    in_district = A.regions_of_district(table, current.district)
    highlight = set(in_district.index) if current.district else None
    left, right = st.columns([3, 2])
    with left:
        fig = figures.tile_grid_figure(table, current.metric, lang, current.threshold, current.region or None,
                                       highlight, current.presenter)  # fmt: skip
        ui.chart(fig, figures.tiles_alt_text(table, current.metric, lang), key="tiles",
                 on_select=ui.region_picker("tiles", "plotly"))  # fmt: skip
    with right:
        st.subheader(t("coverage_table", lang))
        no_center, below = A.coverage_gap_counts(in_district, current.threshold)
        level = i18n.fmt_float(current.threshold, lang)
        st.markdown(t("gaps_summary", lang, none=no_center, below=below, level=level) if current.threshold
                    else t("gaps_none_only", lang, none=no_center))  # fmt: skip
        display = tables.coverage_table(in_district, lang)
        st.dataframe(tables.styled(display, lang), hide_index=True, width="stretch", height=520)
        ui.downloads(display, "rcnet-coverage", lang)
    ui.end_page()


domestic()
