"""Events: what happened where, filtered by period, place, type and words in the title."""

import streamlit as st

from rcnet_data.core import columns
from rcnet_data.core import reference as ref
from rcnet_data.presentation import i18n, ui, views
from rcnet_data.presentation.i18n import t

TABLE_ROWS = 2000  # the newest events listed on the page; downloads carry them all


def events() -> None:
    current, reg = ui.page_frame("events")
    lang = current.lang
    ui.place_filters(lang)
    start, end = ui.period_filters(lang, clip_to_as_of=False)
    with st.sidebar:
        countries = [""] + sorted(ref.countries().index.drop("RU"), key=lambda c: i18n.country_name(c, lang))
        ui.widget(
            st.selectbox,
            "country",
            t("country", lang),
            options=countries,
            format_func=lambda c: i18n.country_name(c, lang) if c else t("all_countries", lang),
        )
        ui.widget(
            st.multiselect,
            "types",
            t("event_types", lang),
            options=list(columns.EVENT_TYPES),
            format_func=lambda e: t(e, lang),
        )
        ui.widget(st.text_input, "q", t("search", lang))
    ui.period_caption(start, end, lang)

    key = (start, end, current.region, current.country, current.types, current.q, current.district)
    found = views.found_events(reg, *key)
    st.metric(t("events", lang), i18n.fmt_int(len(found), lang))
    if found.empty:
        st.info(t("no_events_period", lang))
        ui.end_page()
        return
    st.caption(
        t("events_found", lang, n=len(found))
        + (
            " " + t("events_shown", lang, shown=i18n.fmt_int(TABLE_ROWS, lang), n=i18n.fmt_int(len(found), lang))
            if len(found) > TABLE_ROWS
            else ""
        )
    )
    ui.table(views.events_display(reg, key, lang, TABLE_ROWS), lang, height=420)
    ui.downloads(lambda: views.events_display(reg, key, lang, None), "rcnet-events", lang)

    left, right = st.columns(2)
    for column, by, title, empty in (
        (left, columns.REGION_CODE, "events_per_region", "no_domestic_events"),
        (right, columns.COUNTRY, "events_per_country", "no_foreign_events"),
    ):
        with column:
            figure = views.events_by_place_chart(reg, key, by, lang, current.presenter)
            if figure is None:
                st.info(t(empty, lang))
            else:
                ui.chart(figure, t(title, lang))
    ui.end_page()


ui.run(events)
