"""Region: one region's figures and rank, its centers, openings, recent events, and the
largest towns farther than N km from any center."""

import streamlit as st

from rcnet_data.core import analytics as A
from rcnet_data.core import columns as C
from rcnet_data.core import coverage as cov
from rcnet_data.presentation import figures, i18n, maps, tables, ui
from rcnet_data.presentation.filters import FIRST_DAY
from rcnet_data.presentation.i18n import t


def region() -> None:
    current, reg = ui.page_frame("region")
    lang, as_of = current.lang, current.as_of
    ui.place_filters(lang)
    start, end = ui.period_filters(lang)
    with st.sidebar:
        ui.widget(st.slider, "km", t("gap_distance", lang), help=t("gap_distance_help", lang))
    code = current.region
    if not code:
        st.info(t("choose_region", lang))
        ui.end_page()
        return
    st.header(i18n.region_name(code, lang))
    ui.period_caption(start, end, lang, current.period_clipped())

    table = ui.coverage(reg.signature, as_of, start, end)
    row = table.loc[code]
    has_centers = row["centers"] > 0
    cols = st.columns(5)
    cols[0].metric(t("centers", lang), i18n.fmt_int(row["centers"], lang))
    cols[1].metric(t("rank", lang), t("rank_of", lang, rank=row["rank_centers"]) if has_centers else "—",
                   help=t("rank_help", lang, metric=t("centers", lang)))  # fmt: skip
    cols[2].metric(t("per_100k_short", lang), i18n.fmt_fixed(row["per_100k"], lang, 2),
                   help=t("per_100k", lang) + ". " + (t("rank_of", lang, rank=row["rank_per_100k"]) if has_centers else ""))  # fmt: skip
    cols[3].metric(t("towns_with_center_short", lang), i18n.fmt_int(row["towns_with_center"], lang),
                   help=t("towns_with_center", lang))  # fmt: skip
    cols[4].metric(t("events_in_period", lang), i18n.fmt_int(row["events_in_period"], lang))

    centers = A.open_centers(A.filter_centers(reg.centers, C.DOMESTIC, region=code), as_of)
    far = cov.coverage_gaps(reg.centers, code, current.km, as_of)
    left, right = st.columns([3, 2])
    with left:
        if centers.empty:
            st.info(t("no_centers_yet", lang, date=i18n.fmt_date(as_of, lang)))
        alt = t("alt_map", lang, n=len(centers))
        st.pydeck_chart(maps.region_deck(centers, code, far, lang, current.basemap), height=480, key="region_map",
                        alt=alt)  # fmt: skip
        ui.legend(maps.legend_items(lang, "points", current.km))
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
    if ui.table(tables.styled(display, lang), t("no_centers_yet", lang, date=i18n.fmt_date(as_of, lang)), height=320):
        ui.downloads(display, f"rcnet-centers-{code}", lang)

    left, right = st.columns(2)
    with left:
        openings = A.openings_by_period(A.filter_centers(reg.centers, C.DOMESTIC, region=code), "YS", None,
                                        start=FIRST_DAY, end=as_of)  # fmt: skip
        if openings.empty:
            st.info(t("no_centers_yet", lang, date=i18n.fmt_date(as_of, lang)))
        else:
            ui.chart(figures.openings_figure(openings, lang, "YS", None, current.presenter,
                                             title=t("chart_region_openings", lang)), t("chart_region_openings", lang))  # fmt: skip
    with right:
        st.subheader(t("recent_events", lang))
        recent = A.with_hosts(A.search_events(reg.events, start, end, region=code), reg.centers)
        ui.table(tables.styled(tables.events_table(recent.head(50), lang), lang),
                 t("no_region_events", lang, start=i18n.fmt_date(start, lang), end=i18n.fmt_date(end, lang)),
                 height=360, column_config={t("link", lang): st.column_config.LinkColumn(display_text="↗")})  # fmt: skip
    ui.end_page()


region()
