"""Events: what happened where, filtered by period, place, type and words in the title."""

import streamlit as st

from rcnet_data.core import analytics as A
from rcnet_data.core import columns as C
from rcnet_data.core import reference as ref
from rcnet_data.presentation import figures, i18n, tables, ui
from rcnet_data.presentation.i18n import t

TABLE_ROWS = 2000  # the newest events listed on the page; downloads carry them all


def events() -> None:
    current, reg = ui.page_frame("events", dated=False)
    lang = current.lang
    ui.place_filters(lang)
    start, end = ui.period_filters(lang, clip_to_as_of=False)
    with st.sidebar:
        countries = [""] + sorted(ref.countries().index.drop("RU"), key=lambda c: i18n.country_name(c, lang))
        ui.widget(st.selectbox, "country", t("country", lang), options=countries,
                  format_func=lambda c: i18n.country_name(c, lang) if c else t("all_countries", lang))  # fmt: skip
        ui.widget(st.multiselect, "types", t("event_types", lang), options=list(C.EVENT_TYPES),
                  format_func=lambda e: t(e, lang))  # fmt: skip
        ui.widget(st.text_input, "q", t("search", lang))
    ui.period_caption(start, end, lang)

    found = A.search_events(reg.events, start, end, current.region or None, current.country or None,
                            list(current.types), current.q, district=current.district or None)  # fmt: skip
    st.metric(t("events", lang), i18n.fmt_int(len(found), lang))
    if found.empty:
        st.info(t("no_events_period", lang))
        ui.end_page()
        return
    st.caption(t("events_found", lang, n=len(found)) + (
        " " + t("events_shown", lang, shown=i18n.fmt_int(TABLE_ROWS, lang), n=i18n.fmt_int(len(found), lang))
        if len(found) > TABLE_ROWS else ""))  # fmt: skip
    display = tables.events_table(A.with_hosts(found.head(TABLE_ROWS), reg.centers), lang)
    ui.table(display, lang, height=420)
    ui.downloads(lambda: tables.events_table(A.with_hosts(found, reg.centers), lang), "rcnet-events", lang)

    left, right = st.columns(2)
    with left:
        per_region = A.events_by_region(found, start, end)
        if per_region.sum():
            ui.chart(figures.events_by_place_figure(per_region, lang, C.REGION_CODE, presenter=current.presenter,
                                                    title=t("events_per_region", lang)), t("events_per_region", lang))  # fmt: skip
        else:
            st.info(t("no_domestic_events", lang))
    with right:
        per_country = A.events_by_country(found, start, end)
        if per_country.sum():
            ui.chart(figures.events_by_place_figure(per_country, lang, C.COUNTRY, presenter=current.presenter,
                                                    title=t("events_per_country", lang)), t("events_per_country", lang))  # fmt: skip
        else:
            st.info(t("no_foreign_events", lang))
    ui.end_page()


events()
