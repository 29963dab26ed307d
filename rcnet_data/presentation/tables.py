"""Tables for people: translated headers and values, the most telling column first, numbers
and dates in the language's format (through a pandas Styler, so columns still sort by their
real values)."""

from __future__ import annotations

import pandas as pd
from pandas.io.formats.style import Styler

from rcnet_data.core import columns
from rcnet_data.presentation import i18n
from rcnet_data.presentation.i18n import t

# Tables longer than this are shown without a Styler: formatting every cell of a long
# table costs more than the table itself (dates then show as ISO, numbers as the grid does).
STYLE_LIMIT = 2_000
SHARES = "shares"  # DataFrame.attrs key: the columns holding shares of 1, shown as percentages


def with_shares(frame: pd.DataFrame, *labels: str) -> pd.DataFrame:
    """Mark columns as shares of 1 (0.726): a grid shows them as «72,6 %», a CSV as 72,6%,
    an XLSX as the number with a percent format; the values stay numbers that sort."""
    frame.attrs[SHARES] = [*frame.attrs.get(SHARES, []), *labels]
    return frame


def share_columns(frame: pd.DataFrame) -> list[str]:
    return [label for label in frame.attrs.get(SHARES, []) if label in frame.columns]


def coverage_table(coverage: pd.DataFrame, lang: str) -> pd.DataFrame:
    column_names = {
        t("region", lang): i18n.region_names(coverage.index, lang),
        t("centers", lang): coverage["centers"].to_numpy(),
        t("per_100k", lang): coverage["per_100k"].round(i18n.PER_100K_DIGITS).to_numpy(),
    }
    if "coverage" in coverage:
        column_names[t("coverage_metric", lang)] = coverage["coverage"].round(i18n.SHARE_DIGITS + 2).to_numpy()
    column_names |= {
        t("towns_with_center", lang): coverage["towns_with_center"].to_numpy(),
        t("openings_in_period", lang): coverage["openings_in_period"].to_numpy(),
        t("events_in_period", lang): coverage["events_in_period"].to_numpy(),
        t("federal_district", lang): [i18n.district_name(d, lang, short=True) for d in coverage["federal_district"]],
        t("population", lang): coverage["population"].to_numpy(),
    }
    table = pd.DataFrame(column_names).sort_values(t("centers", lang), ascending=False, kind="stable")
    return with_shares(table, t("coverage_metric", lang))


def centers_table(centers: pd.DataFrame, lang: str) -> pd.DataFrame:
    return pd.DataFrame(
        {
            t("name", lang): centers[columns.NAME].to_numpy(),
            t("town", lang): [
                place_label(*values, lang, with_region=False)
                for values in zip(
                    centers[columns.NETWORK],
                    centers[columns.COUNTRY],
                    centers[columns.REGION_CODE],
                    centers[columns.CITY],
                )
            ],
            t("opened_on", lang): centers[columns.OPENED_ON].dt.date.to_numpy(),
            t("kind", lang): [t(k, lang) for k in centers[columns.KIND]],
            t("host", lang): centers[columns.HOST].to_numpy(),
            t("host_type", lang): [t(h, lang) for h in centers[columns.HOST_TYPE]],
            t("region", lang): [
                name if code else ""
                for code, name in zip(
                    centers[columns.REGION_CODE], i18n.region_names(centers[columns.REGION_CODE], lang)
                )
            ],
            t("closed_on", lang): centers[columns.CLOSED_ON].dt.date.to_numpy(),
            t("source", lang): [source_label(s, lang) for s in centers[columns.SOURCE]],
        }
    )


def source_label(source: str, lang: str) -> str:
    """Where a row came from: a link or file as stored, «демо» for the demo registry's rows,
    «(новостная заметка без адреса)» for a published figure whose news item has no address."""
    if source == columns.DEMO_SOURCE:
        return t("demo_source", lang)
    if source == columns.NEWS_EXCERPT_SOURCE:
        return t("source_news_excerpt", lang)
    return source


def place_label(network: str, country: str, region: str, city: str, lang: str, with_region: bool = True) -> str:
    """A place in the reader's language: «Вьентьян, Лаос» / "Vientiane, Laos"; «Пенза,
    Пензенская область» / "Penza, Penza Oblast"."""
    if network == columns.FOREIGN:
        name = i18n.country_name(country, lang)
        town = i18n.city_name(country, city, lang) if city else ""
        return f"{town}, {name}" if town else name
    town = i18n.town_name(region, city, lang) if city else ""
    if not with_region:
        return town
    region_name = i18n.region_name(region, lang)
    if not region:
        return town or t("domestic", lang)  # an event of the whole country
    return f"{town}, {region_name}" if town and town != region_name else region_name  # «Москва», not «Москва, Москва»


def events_table(events: pd.DataFrame, lang: str) -> pd.DataFrame:
    """Events with title, date, place, type, host and link (host from `analytics.with_hosts`)."""
    return pd.DataFrame(
        {
            t("title", lang): events[columns.TITLE].to_numpy(),
            t("date", lang): events[columns.DATE].dt.date.to_numpy(),
            t("place", lang): [
                place_label(*values, lang)
                for values in zip(
                    events[columns.NETWORK], events[columns.COUNTRY], events[columns.REGION_CODE], events[columns.CITY]
                )
            ],
            t("event_type", lang): [t(e, lang) for e in events[columns.EVENT_TYPE]],
            t("host", lang): events[columns.HOST].to_numpy() if columns.HOST in events else "",
            t("link", lang): events[columns.URL].to_numpy(),
        }
    )


def foreign_table(by_country: pd.DataFrame, lang: str) -> pd.DataFrame:
    return pd.DataFrame(
        {
            t("country", lang): [i18n.country_name(c, lang) for c in by_country[columns.COUNTRY]],
            t("centers", lang): by_country["centers"].to_numpy(),
            t("city", lang): [
                ", ".join(i18n.city_name(country, city, lang) for city in cities.split(", "))
                for country, cities in zip(by_country[columns.COUNTRY], by_country["cities"])
            ],
            t("first_opened", lang): by_country["first_opened"].dt.date.to_numpy(),
            t("hosts", lang): by_country["hosts"].to_numpy(),
        }
    )


def scope_label(scope: str, lang: str) -> str:
    """domestic, foreign, region:NAME or district:CODE in the reader's language."""
    if scope in (columns.DOMESTIC, columns.FOREIGN):
        return t(scope, lang)
    kind, _, name = scope.partition(":")
    if kind == "district":
        return i18n.district_name(name, lang, short=True)
    try:
        from rcnet_data.core import reference as ref

        return i18n.region_name(ref.region_code(name), lang)
    except ValueError:
        return name


def milestones_table(check: pd.DataFrame, lang: str) -> pd.DataFrame:
    return pd.DataFrame(
        {
            "✓": ["✓" if h else "✗" for h in check["holds"]],
            t("date", lang): pd.to_datetime(check["date"]).dt.date.to_numpy(),
            t("network", lang): [scope_label(s, lang) for s in check["scope"]],
            t("published", lang): [
                f"{t('bound_' + b, lang)} {i18n.fmt_int(v, lang)}" for b, v in zip(check["bound"], check["published"])
            ],
            t("registry", lang): check["registry"].to_numpy(),
            # The source's site (its whole address behind the link); a news excerpt without
            # an address says so, with no link.
            t("source", lang): [source_site(s) or source_label(s, lang) for s in check["source"]],
            t("link", lang): [source_url(s) for s in check["source"]],
        }
    )


def source_url(source: str) -> str | None:
    """A source written as an address without its scheme («prlib.ru/en/news/1298639») as a
    link; None for a source that is not an address."""
    text = str(source or "").strip()
    if text.startswith(("http://", "https://")):
        return text
    host = text.split("/", 1)[0]
    return f"https://{text}" if "." in host and " " not in text and not text.startswith("(") else None


def source_site(source: str) -> str:
    """The site of an address («prlib.ru»), or "" for a source that is not one."""
    url = source_url(source)
    return url.split("//", 1)[1].split("/", 1)[0].removeprefix("www.") if url else ""


def gaps_table(gaps: pd.DataFrame, lang: str, code: str | None = None) -> pd.DataFrame:
    """Towns far from any center, largest first: the town, how far, its residents, and the
    nearest center with its town, and its region when that is another one (Земетчино's
    nearest center is in Моршанск, Тамбовская область)."""
    names = gaps["name_ru" if lang == "ru" else "name_en"]
    regions = gaps["nearest_region"] if "nearest_region" in gaps else pd.Series("", index=gaps.index)
    return pd.DataFrame(
        {
            t("town", lang): names.where(names != "", gaps["name_en"]).to_numpy(),
            t("distance_km", lang): gaps["distance_km"].round(1).to_numpy(),
            t("population", lang): gaps["population"].to_numpy(),
            t("nearest_center", lang): gaps["nearest_center"].to_numpy(),
            t("nearest_center_town", lang): [
                _nearest_place(region, town, code, lang) for region, town in zip(regions, gaps["nearest_town"])
            ],
        }
    )


def _nearest_place(region: str, town: str, own: str | None, lang: str) -> str:
    if not town:
        return ""
    name = i18n.town_name(region or own, town, lang)
    return f"{name}, {i18n.region_name(region, lang)}" if region and region != own else name


def styled(table: pd.DataFrame, lang: str) -> Styler | pd.DataFrame:
    """Integers with the language's group separator, decimals with its decimal mark, dates
    as 26.11.2026 or 26 Nov 2026 (Babel). Long tables come back unstyled (STYLE_LIMIT)."""
    if len(table) > STYLE_LIMIT:
        return table
    formats = {}
    shares = share_columns(table)
    for column in table.columns:
        values = table[column]
        if column in shares:
            formats[column] = lambda v: i18n.fmt_percent(v, lang) if pd.notna(v) else ""
        elif pd.api.types.is_integer_dtype(values):
            formats[column] = lambda v: i18n.fmt_int(v, lang)
        elif pd.api.types.is_float_dtype(values):
            # Every decimal rcnet shows (per 100,000, km, averages, %) has one decimal.
            formats[column] = lambda v: i18n.fmt_fixed(v, lang, 1) if pd.notna(v) else ""
        elif values.map(lambda v: hasattr(v, "isoformat")).any():
            formats[column] = lambda v: i18n.fmt_date(v, lang, short=True) if pd.notna(v) else ""
    return table.style.format(formats, na_rep="")


PREVIEW_ROWS = 20


def as_read(raw) -> pd.DataFrame:
    """The first rows of a file as the reader read them, under the file's own headers."""
    present = [column for column in raw.frame.columns if column in raw.headers]
    return raw.frame[present].head(PREVIEW_ROWS).rename(columns=raw.header_of)


def removed_rows_table(stored: pd.DataFrame, ids: list[str], table: str, lang: str) -> pd.DataFrame:
    """The stored rows an import would remove, as the pages list centers or events, with their ids."""
    key = columns.ID_COLUMN[table]
    rows = stored[stored[key].isin(set(ids))]
    shown = centers_table(rows, lang) if table == columns.TABLE_CENTERS else events_table(rows, lang)
    shown.insert(0, t("id", lang), rows[key].to_numpy())
    return shown


def changes_table(changes: list, table: str, lang: str) -> pd.DataFrame:
    """An edit's changes: the field, its stored value and the new one, as the reader reads them."""

    def shown(column: str, value) -> str:
        if value is None:
            return ""
        if column == columns.REGION_CODE:
            return i18n.region_name(value, lang)
        if column == columns.COUNTRY:
            return i18n.country_name(value, lang)
        if column in columns.CHOICES:
            return t(value, lang)
        if hasattr(value, "isoformat"):
            return i18n.fmt_date(value, lang, short=True)
        if isinstance(value, float):
            return i18n.fmt_float(value, lang, 6)
        return str(value)

    header = columns.EXPORT_HEADERS_RU[table] if lang == "ru" else {c: c for c in columns.COLUMNS[table]}
    return pd.DataFrame(
        {
            t("edit_field", lang): [header[c.column] for c in changes],
            t("edit_before", lang): [shown(c.column, c.before) for c in changes],
            t("edit_after", lang): [shown(c.column, c.after) for c in changes],
        }
    )


def change_lines(changes: list, table: str, lang: str) -> list[str]:
    """An edit's changes as sentences: «Наименование: «было» → «станет»» (empty: «—»)."""
    frame = changes_table(changes, table, lang)
    field, before, after = frame.columns
    return [f"{row[field]}: «{row[before] or '—'}» → «{row[after] or '—'}»" for _, row in frame.iterrows()]


def history_table(history: pd.DataFrame, lang: str) -> pd.DataFrame:
    return pd.DataFrame(
        {
            "#": history["id"].to_numpy(),
            t("when", lang): [
                f"{i18n.fmt_date(v, lang, short=True)} {pd.Timestamp(v):%H:%M}" for v in history["started_at"]
            ],
            t("who", lang): [
                t("seed_user", lang) if seed else name for name, seed in zip(history["user_name"], history["is_seed"])
            ],
            t("file", lang): history["file_name"].to_numpy(),
            t("table_kind", lang): [t(v, lang) for v in history["table_name"]],
            t("added", lang): history["added"].to_numpy(),
            t("updated", lang): history["updated"].to_numpy(),
            t("unchanged", lang): history["unchanged"].to_numpy(),
            t("rejected", lang): history["rejected"].to_numpy(),
            t("removed", lang): history["removed"].to_numpy(),
            t("undone", lang): ["" if pd.isna(v) else i18n.fmt_date(v, lang, short=True) for v in history["undone_at"]],
            "SHA-256": history["sha256"].to_numpy(),
        }
    )


def quality_table(quality: pd.DataFrame, lang: str) -> pd.DataFrame:
    return pd.DataFrame(
        {
            t("region", lang): i18n.region_names(quality.index, lang),
            t("completeness", lang): quality["completeness"].to_numpy(),
            t("centers", lang): quality["centers"].to_numpy(),
            t("no_coordinates", lang): quality["no_coordinates"].to_numpy(),
            t("no_host", lang): quality["no_host"].to_numpy(),
            t("no_address", lang): quality["no_address"].to_numpy(),
            t("far", lang): quality["far"].to_numpy(),
            t("shared_point", lang): quality["shared_point"].to_numpy(),
            t("events_in_period", lang): quality["events_in_period"].to_numpy(),
            t("federal_district", lang): [i18n.district_name(d, lang, short=True) for d in quality["federal_district"]],
        }
    ).sort_values([t("completeness", lang), t("events_in_period", lang)], kind="stable")


def suspicious_table(suspicious: pd.DataFrame, lang: str) -> pd.DataFrame:
    """Centers whose point lies outside their region or is shared: name first, then where."""
    return pd.DataFrame(
        {
            t("name", lang): suspicious[columns.NAME].to_numpy(),
            t("region", lang): i18n.region_names(suspicious[columns.REGION_CODE], lang),
            t("town", lang): [
                i18n.town_name(r, c, lang) for r, c in zip(suspicious[columns.REGION_CODE], suspicious[columns.CITY])
            ],
            t("outside_by_km", lang): suspicious["distance_km"].to_numpy(),
            t("lies_in", lang): [
                name if code else t("no_region", lang)
                for code, name in zip(suspicious["located_in"], i18n.region_names(suspicious["located_in"], lang))
            ],
            t("shared_point", lang): ["✓" if v else "" for v in suspicious["shared_point"]],
            t("lat", lang): suspicious[columns.LAT].to_numpy(),
            t("lon", lang): suspicious[columns.LON].to_numpy(),
        }
    )


def plan_table(plan: pd.DataFrame, code: str, lang: str) -> pd.DataFrame:
    """Suggested next sites, best first: town, residents gained, covered so far, share."""
    return pd.DataFrame(
        {
            t("plan_rank", lang): plan["rank"].to_numpy(),
            t("town", lang): [i18n.town_name(code, n, lang) for n in plan["name_en"]],
            t("plan_gained_column", lang): plan["gained"].to_numpy(),
            t("plan_covered_column", lang): plan["covered"].to_numpy(),
            t("plan_share_column", lang): plan["share"].astype(float).to_numpy(),
            t("lat", lang): plan["lat"].to_numpy(),
            t("lon", lang): plan["lon"].to_numpy(),
        }
    ).pipe(with_shares, t("plan_share_column", lang))


# Widths (px) of the columns that carry the meaning, so that at 1280 px they are visible
# without scrolling sideways; other columns take what they need.
COLUMN_WIDTHS = {
    "title": 340,
    "name": 330,
    "host": 260,
    "place": 210,
    "town": 150,
    "region": 250,
    "date": 105,
    "opened_on": 105,
    "closed_on": 105,
    "first_opened": 105,
    "event_type": 120,
    "kind": 150,
    "country": 140,
    "distance_km": 110,
    "population": 105,
    "centers": 80,
    "published": 110,
    "registry": 75,
    "network": 105,
    "link": 55,
}


def column_widths(lang: str) -> dict[str, int]:
    """Column header (in the language) -> width in pixels; the ✓ column of the milestones is narrow."""
    return {t(key, lang): width for key, width in COLUMN_WIDTHS.items()} | {"✓": 40}


def comparison_table(latest: pd.DataFrame, lang: str, km: int) -> pd.DataFrame:
    """The compared regions and their references on the last date, one row each."""
    names = []
    for series, kind in zip(latest["series"], latest["kind"]):
        if kind == "region":
            names.append(i18n.region_name(series, lang))
        elif kind == "district":
            names.append(
                t("compare_district_average", lang, district=i18n.district_name(series.split(":", 1)[1], lang))
            )
        else:
            names.append(t("compare_national_average", lang))
    return pd.DataFrame(
        {
            t("region", lang): names,
            t("compare_centers", lang): latest["centers"].round(1).to_numpy(),
            t("per_100k", lang): latest["per_100k"].round(i18n.PER_100K_DIGITS).to_numpy(),
            t("coverage_share", lang, km=km): latest["coverage"].round(i18n.SHARE_DIGITS + 2).to_numpy(),
        }
    ).pipe(with_shares, t("coverage_share", lang, km=km))


def problem_lines(problems: list, lang: str) -> list[str]:
    """Problems (warnings before an import) as sentences: «Строка 2, Код = «ad-0001»: …»."""
    return [t("problem_line", lang, row=p.row, column=p.column, value=p.value, reason=p.text(lang)) for p in problems]


def rejected_rows_table(rejected: pd.DataFrame, lang: str) -> pd.DataFrame:
    """The rejected rows as the file had them, between the file's row number and the reasons,
    both headed in the reader's language (importer.PreparedImport.rejected_rows_frame)."""
    return rejected.rename(columns={"row": t("file_row", lang), "errors": t("row_errors", lang)})


def reasons_table(reasons: pd.DataFrame, lang: str) -> pd.DataFrame:
    """Rejected rows counted by reason (importer.PreparedImport.rejection_reasons)."""
    return pd.DataFrame(
        {
            t("reason", lang): reasons["reason"].to_numpy(),
            t("column", lang): reasons["column"].to_numpy(),
            t("rows", lang): reasons["rows"].to_numpy(),
        }
    )
