"""Growth: openings per year or month, the cumulative curve, domestic against foreign, by
federal district, the share of residents within reach year by year, the network on any
date, and a projection to a target."""

import streamlit as st

from rcnet_data.core import analytics, columns
from rcnet_data.presentation import headline, i18n, ui, views
from rcnet_data.presentation.filters import FREQUENCIES, date_bounds
from rcnet_data.presentation.i18n import t


def growth() -> None:
    current, reg = ui.page_frame("growth")
    lang, as_of, presenter = current.lang, current.as_of, current.presenter
    with st.sidebar:
        ui.widget(
            st.radio,
            "freq",
            t("frequency", lang),
            options=list(FREQUENCIES),
            format_func=lambda f: t("freq_year" if f == "YS" else "freq_month", lang),
            horizontal=True,
        )
        low, high = date_bounds("on", current)
        if low < high:
            ui.widget(st.slider, "on", t("network_on_date", lang), format="DD.MM.YYYY")
        else:
            current.on = high
        ui.widget(st.number_input, "target", t("projection_target", lang))
        ui.widget(st.slider, "km", t("gap_distance", lang), help=t("gap_distance_help", lang))

    if analytics.network_size(reg.centers, as_of).domestic_centers == 0:
        st.info(t("no_openings_yet", lang, date=i18n.fmt_date(as_of, lang)))
        ui.end_page()
        return
    ui.chart(
        views.openings_chart(reg, as_of, current.freq, columns.NETWORK, lang, presenter), t("chart_openings", lang)
    )
    ui.chart(*views.growth_chart(reg, as_of, lang, presenter))

    left, right = st.columns(2)
    with left:
        ui.chart(views.domestic_vs_foreign_chart(reg, as_of, lang, presenter), t("domestic_vs_foreign", lang))
    with right:
        ui.chart(
            views.openings_chart(reg, as_of, current.freq, columns.FEDERAL_DISTRICT, lang, presenter),
            t("chart_by_district", lang),
        )

    km = current.km
    series = views.coverage_series(reg, as_of, km)
    ui.chart(
        views.coverage_chart(reg, as_of, km, lang, presenter),
        f"{t('chart_coverage_over_time', lang, km=km)}: {i18n.fmt_percent(series['coverage'].iloc[-1], lang)}. "
        + t("coverage_method", lang, km=km),
    )

    ui.chart_on_demand(
        t("timelapse_open", lang),
        lambda: views.timelapse(reg, as_of, lang, presenter),
        t("timelapse_caption", lang),
        key="timelapse",
    )

    ui.section(f"{t('network_on_date', lang)}: {i18n.fmt_date(current.on, lang)}")
    ui.metrics(headline.network(reg.centers, current.on, lang)[:4])
    with ui.map_on_demand(t("network_map_open", lang), "growth_map") as opened:
        if opened:
            deck, count = views.network_on_date_map(reg, current.on, lang, current.basemap)
            alt = t("alt_map", lang, n=count)
            ui.deck(deck, alt, "growth_map", 460, table=lambda: views.centers_display(reg, current.on, lang))
            ui.legend(views.network_on_date_legend(reg, current.on, lang))
            st.caption(alt)

    ui.section(t("projection", lang))
    projection = views.projection(reg, as_of, current.target)
    st.markdown(i18n.describe_projection(projection, lang))
    ui.chart(
        views.projection_chart(reg, as_of, current.target, lang, presenter),
        t("projection_method", lang, years=i18n.counted("n_years", projection.window_years, lang)),
    )
    ui.end_page()


ui.run(growth)
