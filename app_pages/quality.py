"""Data quality: completeness per region, suspicious coordinates, regions without events."""

import streamlit as st

from rcnet_data.core import quality
from rcnet_data.presentation import i18n, ui, views
from rcnet_data.presentation.i18n import t


def data_quality() -> None:
    current, reg = ui.page_frame("quality")
    lang = current.lang
    start, end = ui.period_filters(lang, clip_to_as_of=False)
    ui.period_caption(start, end, lang)

    table = views.quality_table(reg, start, end)
    totals = quality.totals(table)
    for column, key in zip(st.columns(len(totals)), totals):
        column.metric(t(key, lang), i18n.fmt_int(totals[key], lang))
    silent = quality.regions_without_events(table)
    st.markdown(
        t("regions_without_events", lang, n=len(silent))
        + (": " + ", ".join(i18n.region_name(code, lang) for code in silent) if silent else ".")
    )
    display = views.quality_display(reg, start, end, lang)
    ui.table(display, lang, height=480)
    ui.downloads(display, "rcnet-quality", lang)

    ui.section(t("suspicious", lang))
    suspicious = views.suspicious(reg)
    if suspicious.empty:
        st.success(t("no_suspicious", lang))
    else:
        ui.table(views.suspicious_display(reg, lang), lang)
    if ui.editor():  # a signed-in editor opens a flagged center's form on the Data page
        ui.region_edit_picker(views.centers_to_check(reg), lang, key="quality_edit")
    ui.end_page()


ui.run(data_quality)
