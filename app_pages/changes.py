"""What changed since the last meeting: the centers opened, closed, moved and renamed, each
region before and after, the period's events (and the regions with none), the published
figures of the period, in sentences and tables, with the digest as PDF and PPTX."""

import streamlit as st

from rcnet_data.presentation import digest, ui, views
from rcnet_data.presentation.i18n import t


def changes() -> None:
    current, reg = ui.page_frame("changes")
    lang = current.lang
    ui.meeting_filters(lang)
    with st.sidebar:
        ui.widget(st.slider, "km", t("gap_distance", lang), help=t("gap_distance_help", lang))
    since, until, km = current.since, current.as_of, current.km
    found = views.changes(reg, since, until, km)
    st.caption(digest.period_text(found, lang))
    with st.container(key="changes_summary"):  # in larger type (base.css)
        for sentence in digest.summary(found, lang):
            st.markdown(ui.plain(sentence))
    ui.metrics(digest.headlines(found, lang))
    ui.changes_digest_buttons(reg, since, until, km, lang)
    figure, alt = views.changes_map(reg, since, until, km, lang)
    sections = views.changes_tables(reg, since, until, km, lang)
    ui.section(t("changes_map_title", lang))
    ui.chart(figure, alt, key="changes_map", table=sections[0].table)  # what the map draws: the openings
    for section in sections:
        ui.section(section.heading)
        if ui.table(section.table, lang, section.empty, height=min(35 * (len(section.table) + 1) + 3, 420)):
            ui.downloads(section.table, f"rcnet-changes-{section.key}", lang)
    ui.pin_to_url("since", "as_of")  # a meeting's link shows the same two days tomorrow
    ui.end_page()


ui.run(changes)
