"""rcnet entry point and home page: the network at a glance (run: streamlit run dashboard.py)."""

import streamlit as st

from rcnet_data.core import analytics as A
from rcnet_data.presentation import figures, i18n, tables, ui
from rcnet_data.presentation.filters import GROWTH_START
from rcnet_data.presentation.i18n import t


def overview() -> None:
    current, reg = ui.page_frame("overview")
    lang, as_of = current.lang, current.as_of

    size = A.network_size(reg.centers, as_of)
    last, previous = A.openings_comparison(reg.centers, as_of)
    cols = st.columns(5)
    ui.size_metrics(size, lang, cols)
    cols[4].metric(t("openings_12m", lang), i18n.fmt_int(last, lang), delta=i18n.fmt_signed(last - previous, lang),
                   help=f"{t('openings_12m_help', lang)} {t('vs_previous', lang)}: {i18n.fmt_int(previous, lang)}")  # fmt: skip

    check = ui.milestones(reg.signature)
    if size.domestic_centers + size.foreign_centers == 0:
        st.info(t("no_openings_yet", lang, date=i18n.fmt_date(as_of, lang)))
    else:
        curve = ui.growth(reg.signature, GROWTH_START, as_of)
        shown = check[check["date"] <= as_of.isoformat()]
        ui.chart(figures.growth_figure(curve, shown, lang, current.presenter), figures.growth_alt_text(curve, lang))

    left, right = st.columns(2)
    with left:
        st.subheader(t("latest_events", lang))
        latest = A.with_hosts(A.latest_events(reg.events, as_of, 10), reg.centers)
        ui.table(tables.events_table(latest, lang), lang, t("nothing_found", lang))
    with right:
        st.subheader(t("milestones_table", lang))
        ui.table(tables.milestones_table(check, lang), lang)
        st.caption(t("milestones_caption", lang, holds=int(check["holds"].sum()), total=len(check)))

    st.download_button(t("export_slides", lang), lambda: ui.slides(reg.signature, as_of, lang),
                       file_name=f"rcnet-{as_of.isoformat()}-{lang}.pptx",
                       mime="application/vnd.openxmlformats-officedocument.presentationml.presentation",
                       key="slides", type="primary")  # fmt: skip
    ui.end_page()


overview()
