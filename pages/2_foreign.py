"""Foreign network: centers abroad on a world map, by country, and countries over time."""

import streamlit as st

from rcnet_data.core import analytics as A
from rcnet_data.presentation import figures, i18n, tables, ui
from rcnet_data.presentation.filters import GROWTH_START
from rcnet_data.presentation.i18n import t


def foreign() -> None:
    current, reg = ui.page_frame("foreign")
    lang, as_of = current.lang, current.as_of

    size = A.network_size(reg.centers, as_of)
    cols = st.columns(2)
    cols[0].metric(t("foreign_centers", lang), i18n.fmt_int(size.foreign_centers, lang))
    cols[1].metric(t("countries", lang), i18n.fmt_int(size.countries, lang))
    if size.foreign_centers == 0:
        st.info(t("no_foreign_yet", lang, date=i18n.fmt_date(as_of, lang)))
    by_city = A.foreign_by_city(reg.centers, as_of)
    ui.chart(figures.foreign_map_figure(by_city, lang, current.presenter),
             t("alt_map", lang, n=size.foreign_centers) + " " + t("geonames_credit", lang))  # fmt: skip
    if size.foreign_centers == 0:
        ui.end_page()
        return

    left, right = st.columns([3, 2])
    with left:
        st.subheader(t("foreign_table", lang))
        display = tables.foreign_table(A.foreign_by_country(reg.centers, as_of), lang)
        ui.table(display, lang, height=460)
        ui.downloads(display, "rcnet-foreign", lang)
    with right:
        curve = ui.growth(reg.signature, GROWTH_START, as_of)
        ui.chart(figures.countries_over_time_figure(curve, lang, current.presenter),
                 f"{t('chart_countries_over_time', lang)}: {i18n.counted('n_countries', size.countries, lang)}")  # fmt: skip
    ui.end_page()


foreign()
