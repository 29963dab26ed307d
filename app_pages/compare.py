"""Compare regions: growth side by side, centers per 100,000 residents and the share of
residents within reach over time, against the federal districts' and Russia's averages."""

import streamlit as st

from rcnet_data.core import reference as ref
from rcnet_data.presentation import i18n, ui, views
from rcnet_data.presentation.filters import MAX_COMPARE
from rcnet_data.presentation.i18n import t


def compare() -> None:
    current, reg = ui.page_frame("compare")
    lang, as_of, km = current.lang, current.as_of, current.km
    with st.sidebar:
        codes = sorted(ref.regions().index, key=lambda c: i18n.region_name(c, lang))
        ui.widget(
            st.multiselect,
            "regions",
            t("compare_regions", lang),
            options=codes,
            max_selections=MAX_COMPARE,
            format_func=lambda c: i18n.region_pick_label(c, lang),
            accept_new_options=True,  # typed names, capitals and misspellings are matched (filters.known_region)
        )
        ui.widget(st.slider, "km", t("gap_distance", lang), help=t("gap_distance_help", lang))
    chosen = current.regions
    if not chosen:
        st.info(t("compare_choose", lang, n=MAX_COMPARE))
        ui.end_page()
        return
    for metric in ("centers", "per_100k", "coverage"):
        ui.chart(
            views.comparison_chart(reg, chosen, as_of, km, metric, lang, current.presenter),
            t("compare_title_" + metric, lang, km=km),
        )
    st.caption(t("compare_caption", lang))
    ui.table(views.comparison_table(reg, chosen, as_of, km, lang), lang)
    ui.end_page()


ui.run(compare)
