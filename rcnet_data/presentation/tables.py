"""Tables for people: translated headers and values, numbers and dates in the language's
format (via a pandas Styler, so columns still sort by their real values)."""

from __future__ import annotations

import pandas as pd
from pandas.io.formats.style import Styler

from rcnet_data.core import columns as C
from rcnet_data.presentation import i18n
from rcnet_data.presentation.i18n import t


def coverage_table(coverage: pd.DataFrame, lang: str) -> pd.DataFrame:
    return pd.DataFrame(
        {
            t("region", lang): [i18n.region_name(c, lang) for c in coverage.index],
            t("federal_district", lang): [i18n.district_name(d, lang, short=True) for d in coverage["federal_district"]],
            t("centers", lang): coverage["centers"].to_numpy(),
            t("per_100k", lang): coverage["per_100k"].to_numpy(),
            t("towns_with_center", lang): coverage["towns_with_center"].to_numpy(),
            t("openings_in_period", lang): coverage["openings_in_period"].to_numpy(),
            t("events_in_period", lang): coverage["events_in_period"].to_numpy(),
            t("population", lang): coverage["population"].to_numpy(),
        }
    ).sort_values(t("centers", lang), ascending=False, kind="stable")


def centers_table(centers: pd.DataFrame, lang: str) -> pd.DataFrame:
    return pd.DataFrame(
        {
            t("name", lang): centers[C.NAME].to_numpy(),
            t("kind", lang): [t(k, lang) for k in centers[C.KIND]],
            t("host", lang): centers[C.HOST].to_numpy(),
            t("host_type", lang): [t(h, lang) for h in centers[C.HOST_TYPE]],
            t("town", lang): [i18n.town_name(r, c, lang) for r, c in zip(centers[C.REGION_CODE], centers[C.CITY])],
            t("region", lang): [i18n.region_name(r, lang) if r else "" for r in centers[C.REGION_CODE]],
            t("opened_on", lang): centers[C.OPENED_ON].dt.date.to_numpy(),
            t("closed_on", lang): centers[C.CLOSED_ON].dt.date.to_numpy(),
            t("source", lang): centers[C.SOURCE].to_numpy(),
        }
    )


def place_label(network: str, country: str, region: str, city: str, lang: str) -> str:
    if network == C.FOREIGN:
        name = i18n.country_name(country, lang)
        return f"{city}, {name}" if city else name
    region_name = i18n.region_name(region, lang)
    town = i18n.town_name(region, city, lang) if city else ""
    return f"{town}, {region_name}" if town else region_name


def events_table(events: pd.DataFrame, lang: str) -> pd.DataFrame:
    """Events with date, place, host, type, title and link (host from `analytics.with_hosts`)."""
    return pd.DataFrame(
        {
            t("date", lang): events[C.DATE].dt.date.to_numpy(),
            t("place", lang): [place_label(*values, lang) for values in
                               zip(events[C.NETWORK], events[C.COUNTRY], events[C.REGION_CODE], events[C.CITY])],  # fmt: skip
            t("host", lang): events[C.HOST].to_numpy() if C.HOST in events else "",
            t("event_type", lang): [t(e, lang) for e in events[C.EVENT_TYPE]],
            t("title", lang): events[C.TITLE].to_numpy(),
            t("link", lang): events[C.URL].to_numpy(),
        }
    )


def foreign_table(by_country: pd.DataFrame, lang: str) -> pd.DataFrame:
    return pd.DataFrame(
        {
            t("country", lang): [i18n.country_name(c, lang) for c in by_country[C.COUNTRY]],
            t("centers", lang): by_country["centers"].to_numpy(),
            t("city", lang): by_country["cities"].to_numpy(),
            t("hosts", lang): by_country["hosts"].to_numpy(),
            t("first_opened", lang): by_country["first_opened"].dt.date.to_numpy(),
        }
    )


def milestones_table(check: pd.DataFrame, lang: str) -> pd.DataFrame:
    scope = {C.DOMESTIC: t("domestic", lang), C.FOREIGN: t("foreign", lang)}
    return pd.DataFrame(
        {
            t("date", lang): pd.to_datetime(check["date"]).dt.date.to_numpy(),
            t("network", lang): [scope.get(s, s.removeprefix("region:")) for s in check["scope"]],
            t("published", lang): [f"{t('bound_' + b, lang)} {i18n.fmt_int(v, lang)}"
                                   for b, v in zip(check["bound"], check["published"])],  # fmt: skip
            t("registry", lang): check["registry"].to_numpy(),
            "✓": ["✓" if h else "✗" for h in check["holds"]],
            t("source", lang): check["source"].to_numpy(),
        }
    )


def gaps_table(gaps: pd.DataFrame, lang: str) -> pd.DataFrame:
    return pd.DataFrame(
        {
            t("town", lang): gaps["name_ru" if lang == "ru" else "name_en"].where(
                gaps["name_ru" if lang == "ru" else "name_en"] != "", gaps["name_en"]).to_numpy(),  # fmt: skip
            t("population", lang): gaps["population"].to_numpy(),
            t("distance_km", lang): gaps["distance_km"].round(1).to_numpy(),
            t("nearest_center", lang): gaps["nearest_center"].to_numpy(),
        }
    )


def styled(table: pd.DataFrame, lang: str) -> Styler:
    """Integers with the language's thousands separator, decimals with its decimal mark,
    dates as 26.11.2026 or 26 Nov 2026."""
    formats = {}
    for column in table.columns:
        values = table[column]
        if pd.api.types.is_integer_dtype(values):
            formats[column] = lambda v: i18n.fmt_int(v, lang)
        elif pd.api.types.is_float_dtype(values):
            formats[column] = lambda v: i18n.fmt_float(v, lang, 2)
        elif values.map(lambda v: hasattr(v, "isoformat")).any():
            formats[column] = lambda v: i18n.fmt_date(v, lang, short=True) if pd.notna(v) else ""
    return table.style.format(formats, na_rep="")


def history_table(history: pd.DataFrame, lang: str) -> pd.DataFrame:
    return pd.DataFrame(
        {
            "#": history["id"].to_numpy(),
            t("when", lang): [i18n.fmt_date(v, lang, short=True) + pd.Timestamp(v).strftime(" %H:%M")
                              for v in history["started_at"]],  # fmt: skip
            t("who", lang): history["user_name"].to_numpy(),
            t("file", lang): history["file_name"].to_numpy(),
            t("table_kind", lang): [t(v, lang) for v in history["table_name"]],
            t("added", lang): history["added"].to_numpy(),
            t("updated", lang): history["updated"].to_numpy(),
            t("unchanged", lang): history["unchanged"].to_numpy(),
            t("rejected", lang): history["rejected"].to_numpy(),
            t("undone", lang): ["" if pd.isna(v) else i18n.fmt_date(v, lang, short=True) for v in history["undone_at"]],
            "SHA-256": history["sha256"].to_numpy(),
        }
    )


def quality_table(quality: pd.DataFrame, lang: str) -> pd.DataFrame:
    return pd.DataFrame(
        {
            t("region", lang): [i18n.region_name(c, lang) for c in quality.index],
            t("federal_district", lang): [i18n.district_name(d, lang, short=True) for d in quality["federal_district"]],
            t("centers", lang): quality["centers"].to_numpy(),
            t("completeness", lang): quality["completeness"].to_numpy(),
            t("no_coordinates", lang): quality["no_coordinates"].to_numpy(),
            t("no_host", lang): quality["no_host"].to_numpy(),
            t("no_address", lang): quality["no_address"].to_numpy(),
            t("far", lang): quality["far"].to_numpy(),
            t("shared_point", lang): quality["shared_point"].to_numpy(),
            t("events_in_period", lang): quality["events_in_period"].to_numpy(),
        }
    ).sort_values([t("completeness", lang), t("events_in_period", lang)], kind="stable")
