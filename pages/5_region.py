"""Region: one region's figures and rank, its centers, openings, recent events, and the
largest towns farther than N km from any center."""

from datetime import date

import streamlit as st

from rcnet_data.core import analytics as A
from rcnet_data.core import columns as C
from rcnet_data.core import coverage as gaps
from rcnet_data.presentation import figures, i18n, maps, tables, ui
from rcnet_data.presentation.i18n import t


def region() -> None:
    current, reg = ui.page_frame("region")
    lang, as_of = current.lang, current.as_of
    ui.place_filters(lang)
    ui.period_filters(lang)
    with st.sidebar:
        ui.widget(st.slider, "km", t("gap_distance", lang), min_value=5, max_value=300, step=5)
    code = current.region
    if not code:
        st.info(t("choose_region", lang))
        ui.end_page()
        return
    st.header(i18n.region_name(code, lang))

    table = ui.coverage(reg.signature, as_of, current.start, current.end)
    row = table.loc[code]
    cols = st.columns(5)
    cols[0].metric(t("centers", lang), i18n.fmt_int(row["centers"], lang), help=t("rank_of", lang, rank=row["rank_centers"]))
    cols[1].metric(t("per_100k", lang), i18n.fmt_float(row["per_100k"], lang, 2),
                   help=t("rank_of", lang, rank=row["rank_per_100k"]))  # fmt: skip
    cols[2].metric(t("rank", lang), t("rank_of", lang, rank=row["rank_centers"]))
    cols[3].metric(t("towns_with_center", lang), i18n.fmt_int(row["towns_with_center"], lang))
    cols[4].metric(t("events_in_period", lang), i18n.fmt_int(row["events_in_period"], lang))

    centers = A.open_centers(A.filter_centers(reg.centers, C.DOMESTIC, region=code), as_of)
    far = gaps.coverage_gaps(reg.centers, code, current.km, as_of)
    left, right = st.columns([3, 2])
    with left:
        alt = t("alt_map", lang, n=i18n.fmt_int(len(centers), lang))
        st.pydeck_chart(maps.region_deck(centers, code, far, lang, current.basemap), height=480, key="region_map",
                        alt=alt)  # fmt: skip
        ui.legend(maps.legend_items(lang, current.km))
        st.caption(alt + " " + t("geonames_credit", lang))
    with right:
        st.subheader(t("gap_towns", lang, km=current.km))
        if far.empty:
            st.success(t("no_gaps", lang, km=current.km))
        else:
            gap_display = tables.gaps_table(far, lang)
            st.dataframe(tables.styled(gap_display, lang), hide_index=True, width="stretch")
            ui.downloads(gap_display, f"rcnet-gaps-{code}", lang)

    st.subheader(t("region_centers", lang))
    display = tables.centers_table(centers, lang)
    st.dataframe(tables.styled(display, lang), hide_index=True, width="stretch", height=320)
    ui.downloads(display, f"rcnet-centers-{code}", lang)

    left, right = st.columns(2)
    with left:
        openings = A.openings_by_period(A.filter_centers(reg.centers, C.DOMESTIC, region=code), "YS", None,
                                        start=date(2008, 1, 1), end=as_of)  # fmt: skip
        ui.chart(figures.openings_figure(openings, lang, "YS", None, current.presenter,
                                         title=t("chart_region_openings", lang)), t("chart_region_openings", lang))  # fmt: skip
    with right:
        st.subheader(t("recent_events", lang))
        recent = A.with_hosts(A.search_events(reg.events, current.start, current.end, region=code), reg.centers)
        st.dataframe(tables.styled(tables.events_table(recent.head(50), lang), lang), hide_index=True,
                     width="stretch", height=360,
                     column_config={t("link", lang): st.column_config.LinkColumn(display_text="↗")})  # fmt: skip
    ui.end_page()


region()
