"""Overview: the network at a glance on a date, its growth against the published figures,
the latest events and the published figures beside the registry's, and the overview deck."""

import streamlit as st

from rcnet_data.presentation import exports, headline, i18n, ui, views
from rcnet_data.presentation.i18n import t


def overview() -> None:
    current, reg = ui.page_frame("overview")
    lang, as_of = current.lang, current.as_of

    cards = headline.network(reg.centers, as_of, lang)
    ui.metrics(cards)

    found = headline.by_key(cards)
    if found["domestic_centers"].number + found["foreign_centers"].number == 0:
        st.info(t("no_openings_yet", lang, date=i18n.fmt_date(as_of, lang)))
    else:
        ui.chart(*views.growth_chart(reg, as_of, lang, current.presenter))

    # One table under the other: side by side, at 1280 px each hid its dates and sources.
    ui.section(t("latest_events", lang))
    ui.table(views.latest_events_table(reg, as_of, lang), lang, t("nothing_found", lang))
    ui.section(t("milestones_table", lang))
    check = views.milestones(reg)
    ui.table(views.milestones_table(reg, lang), lang)
    # On the demo the figures hold by construction: it is calibrated to them. Say so.
    st.caption(
        t("milestones_demo_caption", lang)
        if reg.is_demo
        else t("milestones_caption", lang, holds=int(check["holds"].sum()), total=len(check))
    )

    ui.download(
        t("export_slides", lang),
        lambda: ui.pptx_deck(reg.signature, as_of, lang),
        exports.deck_file_name(as_of, lang),
        exports.PPTX_MIME,
        "slides",
        primary=True,
    )
    ui.end_page()


ui.run(overview)
