"""rcnet entry point and home page: the network at a glance (run: streamlit run dashboard.py)."""

import streamlit as st

from rcnet_data.core import analytics as A
from rcnet_data.presentation import exports, i18n, ui, views
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

    if size.domestic_centers + size.foreign_centers == 0:
        st.info(t("no_openings_yet", lang, date=i18n.fmt_date(as_of, lang)))
    else:
        ui.chart(*views.growth_chart(reg, as_of, lang, current.presenter))

    left, right = st.columns(2)
    with left:
        st.subheader(t("latest_events", lang))
        ui.table(views.latest_events_table(reg, as_of, lang), lang, t("nothing_found", lang))
    with right:
        st.subheader(t("milestones_table", lang))
        check = views.milestones(reg)
        ui.table(views.milestones_table(reg, lang), lang)
        st.caption(t("milestones_caption", lang, holds=int(check["holds"].sum()), total=len(check)))

    st.download_button(t("export_slides", lang), lambda: ui.pptx_deck(reg.signature, as_of, lang),
                       file_name=f"rcnet-{as_of.isoformat()}-{lang}.pptx",
                       mime=exports.PPTX_MIME,
                       key="slides", type="primary")  # fmt: skip
    ui.end_page()


ui.run(overview)
