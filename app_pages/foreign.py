"""Foreign network: centers abroad on a world map, by country, and countries over time."""

import streamlit as st

from rcnet_data.core import analytics
from rcnet_data.presentation import headline, i18n, ui, views
from rcnet_data.presentation.i18n import t


def foreign() -> None:
    current, reg = ui.page_frame("foreign")
    lang, as_of = current.lang, current.as_of

    size = analytics.network_size(reg.centers, as_of)
    cards = headline.by_key(headline.network(reg.centers, as_of, lang))
    ui.metrics([cards["foreign_centers"], cards["countries"]])
    if size.foreign_centers == 0:
        st.info(t("no_foreign_yet", lang, date=i18n.fmt_date(as_of, lang)))
    ui.chart(
        views.foreign_map(reg, as_of, lang, current.presenter),
        t("alt_map", lang, n=size.foreign_centers) + " " + t("geonames_credit", lang),
    )
    if size.foreign_centers == 0:
        ui.end_page()
        return

    left, right = st.columns([3, 2])
    with left:
        ui.section(t("foreign_table", lang))
        display = views.foreign_display(reg, as_of, lang)
        ui.table(display, lang, height=460)
        ui.downloads(display, "rcnet-foreign", lang)
    with right:
        ui.chart(
            views.countries_chart(reg, as_of, lang, current.presenter),
            f"{t('chart_countries_over_time', lang)}: {i18n.counted('n_countries', size.countries, lang)}",
        )
    ui.end_page()


ui.run(foreign)
