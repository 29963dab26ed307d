"""Growth: openings per year or month, the cumulative curve, domestic against foreign, by
federal district, the network on any date, and a projection to a target."""

import streamlit as st

from rcnet_data.core import analytics as A
from rcnet_data.core import columns as C
from rcnet_data.presentation import figures, i18n, maps, ui
from rcnet_data.presentation.filters import FREQUENCIES, GROWTH_START, date_bounds
from rcnet_data.presentation.i18n import t


def growth() -> None:
    current, reg = ui.page_frame("growth")
    lang, as_of = current.lang, current.as_of
    with st.sidebar:
        ui.widget(st.radio, "freq", t("frequency", lang), options=list(FREQUENCIES),
                  format_func=lambda f: t("freq_year" if f == "YS" else "freq_month", lang), horizontal=True)  # fmt: skip
        low, high = date_bounds("on", current)
        if low < high:
            ui.widget(st.slider, "on", t("network_on_date", lang), format="DD.MM.YYYY")
        else:
            current.on = high
        ui.widget(st.number_input, "target", t("projection_target", lang))
        ui.widget(st.slider, "km", t("gap_distance", lang), help=t("gap_distance_help", lang))

    if A.network_size(reg.centers, as_of).domestic_centers == 0:
        st.info(t("no_openings_yet", lang, date=i18n.fmt_date(as_of, lang)))
        ui.end_page()
        return
    openings = A.openings_by_period(reg.centers, current.freq, C.NETWORK, end=as_of)
    ui.chart(figures.openings_figure(openings, lang, current.freq, C.NETWORK, current.presenter),
             t("chart_openings", lang))  # fmt: skip
    curve = ui.growth(reg.signature, GROWTH_START, as_of)
    check = ui.milestones(reg.signature)
    ui.chart(figures.growth_figure(curve, check[check["date"] <= as_of.isoformat()], lang, current.presenter),
             figures.growth_alt_text(curve, lang))  # fmt: skip

    left, right = st.columns(2)
    with left:
        ui.chart(figures.domestic_vs_foreign_figure(curve, lang, current.presenter), t("domestic_vs_foreign", lang))
    with right:
        by_district = A.openings_by_period(A.filter_centers(reg.centers, C.DOMESTIC), current.freq,
                                           C.FEDERAL_DISTRICT, end=as_of)  # fmt: skip
        ui.chart(figures.openings_figure(by_district, lang, current.freq, C.FEDERAL_DISTRICT, current.presenter,
                                         title=t("chart_by_district", lang)), t("chart_by_district", lang))  # fmt: skip

    st.subheader(f"{t('network_on_date', lang)}: {i18n.fmt_date(current.on, lang)}")
    size = A.network_size(reg.centers, current.on)
    ui.size_metrics(size, lang)
    on_date = A.open_centers(A.filter_centers(reg.centers, C.DOMESTIC), current.on)
    alt = t("alt_map", lang, n=len(on_date))
    st.pydeck_chart(maps.centers_deck(on_date, lang, "points", online_basemap=current.basemap), height=460,
                    key="growth_map", alt=alt)  # fmt: skip
    ui.legend(maps.legend_items(lang, "points"))
    st.caption(alt)

    km = current.km
    series = ui.coverage_over_time(reg.signature, as_of, km)
    ui.chart(figures.coverage_over_time_figure(series, lang, km, current.presenter),
             f"{t('chart_coverage_over_time', lang, km=km)}: {i18n.fmt_percent(series['coverage'].iloc[-1], lang)}. "
             + t("coverage_method", lang, km=km))  # fmt: skip

    st.subheader(t("projection", lang))
    projection = A.project_target(curve, current.target)
    st.markdown(i18n.describe_projection(projection, lang))
    ui.chart(figures.projection_figure(curve, projection, lang, current.presenter),
             t("projection_method", lang, years=i18n.counted("n_years", projection.window_years, lang)))  # fmt: skip
    ui.end_page()


growth()
