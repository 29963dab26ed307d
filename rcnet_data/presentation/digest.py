"""What changed since the last meeting, for people: the summary in sentences, the cards, the
tables, the map of the period's openings and the command's JSON. The digest's PDF and PPTX
(presentation.digest_files) are made from the same functions.

The page, the slide, the JSON, the PDF and the PPTX all take their numbers from one
`core.changes.Changes` through the functions here, so each says the same.
"""

from __future__ import annotations

from dataclasses import dataclass
from datetime import timedelta

import numpy as np
import pandas as pd
import plotly.graph_objects as go

from rcnet_data.core import columns
from rcnet_data.core.changes import Changes
from rcnet_data.presentation import figures, geometry, i18n, style, tables
from rcnet_data.presentation.headline import Headline
from rcnet_data.presentation.i18n import t

MAP_PX = (1000, 560)
ROWS = 15  # centers, regions and hosts listed in the digest


# --- words ----------------------------------------------------------------------------------
def period_text(changes: Changes, lang: str) -> str:
    """The days counted and the two days compared, exactly: «Период: 2 ноября 2026 г. – 1
    декабря 2026 г.; «до» — сеть на 1 ноября 2026 г., «после» — на 1 декабря 2026 г.»"""
    return t(
        "changes_period",
        lang,
        first=i18n.fmt_date(changes.since + timedelta(days=1), lang),
        since=i18n.fmt_date(changes.since, lang),
        until=i18n.fmt_date(changes.until, lang),
    )


def summary(changes: Changes, lang: str) -> list[str]:
    """The period in sentences, with the language's plurals: «За период открыто 23 центра в
    11 регионах; закрыто 2; мероприятий — 412; без мероприятий — 7 регионов.»"""
    opened = t("changes_opened", lang, n=len(changes.opened))
    if not changes.region and changes.opened_regions:
        opened += " " + t("changes_in_regions", lang, n=changes.opened_regions)
    parts = [
        opened,
        t("changes_closed", lang, n=len(changes.closed)),
        t("changes_events", lang, n=changes.events_total),
    ]
    if not changes.region:
        parts.append(t("changes_quiet", lang, regions=i18n.counted("n_regions", len(changes.quiet), lang)))
    elif len(changes.quiet):
        parts.append(t("changes_region_quiet", lang))
    sentences = [t("changes_sentence", lang, parts="; ".join(parts))]
    if len(changes.edited):
        kinds = changes.edited["change"].value_counts()
        sentences.append(
            t(
                "changes_edits",
                lang,
                moved=i18n.fmt_int(int(kinds.get("moved", 0)), lang),
                renamed=i18n.fmt_int(int(kinds.get("renamed", 0)), lang),
            )
        )
    if len(changes.milestones):
        sentences.append(
            t(
                "changes_milestones",
                lang,
                published=i18n.fmt_int(len(changes.milestones), lang),
                holds=i18n.fmt_int(int(changes.milestones["holds"].sum()), lang),
            )
        )
    return sentences


def headlines(changes: Changes, lang: str) -> list[Headline]:
    """The period's four cards: opened, closed, events, regions without an event."""
    with_center = len(changes.regions[changes.regions["centers_after"] > 0])
    return [
        Headline(
            "opened",
            t("changes_card_opened", lang),
            i18n.fmt_int(len(changes.opened), lang),
            len(changes.opened),
            detail=""
            if changes.region
            else t("changes_in_regions", lang, n=changes.opened_regions)
            if len(changes.opened)
            else "",
        ),
        Headline(
            "closed", t("changes_card_closed", lang), i18n.fmt_int(len(changes.closed), lang), len(changes.closed)
        ),
        Headline(
            "events", t("changes_card_events", lang), i18n.fmt_int(changes.events_total, lang), changes.events_total
        ),
        Headline(
            "quiet",
            t("changes_card_quiet", lang),
            i18n.fmt_int(len(changes.quiet), lang),
            len(changes.quiet),
            detail=t("changes_of_regions_with_centers", lang, n=with_center),
        ),
    ]


# --- tables for people ----------------------------------------------------------------------
def region_link(code: str, lang: str) -> str | None:
    """The address of a region's page (relative, so it works under any host and path)."""
    return f"./region?region={code}&lang={lang}" if code else None


def _where(frame: pd.DataFrame, lang: str) -> tuple[list[str], list[str]]:
    """A center's region (its country abroad) and its town, in the reader's language."""
    regions, towns = [], []
    for network, country, code, city in zip(
        frame[columns.NETWORK], frame[columns.COUNTRY], frame[columns.REGION_CODE], frame[columns.CITY]
    ):
        if network == columns.FOREIGN:
            regions.append(i18n.country_name(country, lang))
            towns.append(i18n.city_name(country, city, lang))
        else:
            regions.append(i18n.region_name(code, lang))
            towns.append(i18n.town_name(code, city, lang))
    return regions, towns


def centers_changed_table(frame: pd.DataFrame, day_column: str, lang: str) -> pd.DataFrame:
    """Opened or closed centers: the day, name, region (country abroad), town, host, kind,
    and a link to the region's page."""
    regions, towns = _where(frame, lang)
    return pd.DataFrame(
        {
            t(day_column, lang): frame[day_column].dt.date.to_numpy(),
            t("name", lang): frame[columns.NAME].to_numpy(),
            t("region", lang): regions,
            t("town", lang): towns,
            t("host", lang): frame[columns.HOST].to_numpy(),
            t("kind", lang): [t(k, lang) for k in frame[columns.KIND]],
            t("region_page", lang): [region_link(c, lang) for c in frame[columns.REGION_CODE]],
        }
    )


EDIT_FIELD_LABELS = {
    columns.NAME: "name",
    columns.HOST: "host",
    columns.REGION_CODE: "region",
    columns.CITY: "town",
    columns.ADDRESS: "address",
    columns.LAT: "lat",
    columns.LON: "lon",
}


def edited_table(changes: Changes, centers: pd.DataFrame, lang: str) -> pd.DataFrame:
    """The centers moved or renamed in the period: what they were and what they are."""
    edited = changes.edited
    named = centers.set_index(columns.CENTER_ID)
    rows = named.loc[edited[columns.CENTER_ID]] if len(edited) else named.iloc[:0]

    def fields(values: dict) -> str:
        return "; ".join(
            f"{t(EDIT_FIELD_LABELS[field], lang)}: "
            + ((i18n.region_name(value, lang) if field == columns.REGION_CODE else value) or "—")
            for field, value in values.items()
        )

    return pd.DataFrame(
        {
            t("changes_edit_day", lang): pd.to_datetime(edited["at"]).dt.date.to_numpy(),
            t("name", lang): rows[columns.NAME].to_numpy(),
            t("region", lang): i18n.region_names(rows[columns.REGION_CODE], lang),
            t("changes_edit_kind", lang): [t("changes_" + kind, lang) for kind in edited["change"]],
            t("changes_was", lang): [fields(v) for v in edited["before"]],
            t("changes_is", lang): [fields(v) for v in edited["after"]],
            t("region_page", lang): [region_link(c, lang) for c in rows[columns.REGION_CODE]],
        }
    )


def regions_table(changes: Changes, lang: str) -> pd.DataFrame:
    """Each region before and after, the biggest movers first; the headers carry the dates."""
    table = changes.regions
    before, after = i18n.fmt_date(changes.since, lang, short=True), i18n.fmt_date(changes.until, lang, short=True)
    km = changes.km
    frame = pd.DataFrame(
        {
            t("region", lang): i18n.region_names(table.index, lang),
            t("changes_centers_on", lang, day=before): table["centers_before"].to_numpy(),
            t("changes_centers_on", lang, day=after): table["centers_after"].to_numpy(),
            t("changes_change", lang): table["change"].to_numpy(),
            t("changes_per_100k_on", lang, day=before): table["per_100k_before"].round(i18n.PER_100K_DIGITS).to_numpy(),
            t("changes_per_100k_on", lang, day=after): table["per_100k_after"].round(i18n.PER_100K_DIGITS).to_numpy(),
            t("changes_reach_on", lang, km=km, day=before): table["coverage_before"].to_numpy(),
            t("changes_reach_on", lang, km=km, day=after): table["coverage_after"].to_numpy(),
            t("changes_rank_on", lang, day=before): table["rank_before"].to_numpy(),
            t("changes_rank_on", lang, day=after): table["rank_after"].to_numpy(),
            t("events_in_period", lang): table["events"].to_numpy(),
            t("region_page", lang): [region_link(c, lang) for c in table.index],
        }
    )
    return tables.with_shares(
        frame, t("changes_reach_on", lang, km=km, day=before), t("changes_reach_on", lang, km=km, day=after)
    )


def events_table(changes: Changes, lang: str) -> pd.DataFrame:
    """The period's events by region (abroad in one row) and type, the busiest first."""
    counts = changes.by_region_type
    if counts.empty:
        return pd.DataFrame()
    wide = counts.pivot_table(
        index=columns.REGION_CODE, columns=columns.EVENT_TYPE, values="events", aggfunc="sum", fill_value=0
    )
    kinds = [kind for kind in columns.EVENT_TYPES if kind in wide.columns]
    wide = wide[kinds]
    wide["total"] = wide.sum(axis=1)
    wide = wide.sort_values("total", ascending=False, kind="stable")
    frame = pd.DataFrame(
        {t("region", lang): [i18n.region_name(c, lang) if c else t("foreign", lang) for c in wide.index]}
    )
    frame[t("changes_events_total", lang)] = wide["total"].to_numpy()
    for kind in kinds:
        frame[t(kind, lang)] = wide[kind].to_numpy().astype(int)
    return frame


def quiet_table(changes: Changes, lang: str) -> pd.DataFrame:
    """Regions with a center and no event in the period: a coordinator's list, with the
    day of each region's last event before it."""
    quiet = changes.quiet
    return pd.DataFrame(
        {
            t("region", lang): i18n.region_names(quiet.index, lang),
            t("changes_centers_on", lang, day=i18n.fmt_date(changes.until, lang, short=True)): quiet[
                "centers"
            ].to_numpy(),
            t("changes_last_event", lang): [None if pd.isna(d) else d.date() for d in quiet["last_event"]],
            t("region_page", lang): [region_link(c, lang) for c in quiet.index],
        }
    )


def hosts_table(changes: Changes, lang: str) -> pd.DataFrame:
    hosts = changes.busiest_hosts
    regions, towns = _where(hosts, lang)  # a center abroad: its country and city
    return pd.DataFrame(
        {
            t("host", lang): hosts[columns.HOST].to_numpy(),
            t("region", lang): regions,
            t("town", lang): towns,
            t("changes_events_total", lang): hosts["events"].to_numpy(),
        }
    )


def milestones_table(changes: Changes, lang: str) -> pd.DataFrame:
    return tables.milestones_table(changes.milestones, lang) if len(changes.milestones) else pd.DataFrame()


# --- the map of the period's openings -------------------------------------------------------
def openings_map_figure(changes: Changes, lang: str) -> go.Figure:
    """Russia's regions as plain shapes (Albers, as the time-lapse draws them: no tiles, no
    WebGL, so it exports anywhere), the regions where a center opened in the period filled,
    and each domestic center opened as a point."""
    rings, (x0, y0, x1, y1) = geometry.projected_rings()
    opened = changes.opened[changes.opened[columns.NETWORK] == columns.DOMESTIC].dropna(
        subset=[columns.LAT, columns.LON]
    )
    touched = set(opened[columns.REGION_CODE])
    fig = go.Figure()
    for chosen, colour, name in (
        ([c for c in rings if c not in touched], style.ZERO_COLOUR, t("changes_map_other", lang)),
        ([c for c in rings if c in touched], style.SKY, t("changes_map_opened_regions", lang)),
    ):
        fig.add_trace(figures.region_shapes(chosen, colour, showlegend=bool(chosen), name=name, hoverinfo="skip"))
    if len(opened):
        x, y = geometry.albers(opened[columns.LON].to_numpy(), opened[columns.LAT].to_numpy())
        fig.add_trace(
            go.Scatter(
                x=np.asarray(x) / 1000,
                y=np.asarray(y) / 1000,
                mode="markers",
                name=t("changes_map_opened", lang),
                marker={"color": style.VERMILLION, "size": 10, "line": {"color": "white", "width": 1.5}},
                text=[f"{name} — {town}" for name, town in zip(opened[columns.NAME], _where(opened, lang)[1])],
                hoverinfo="text",
            )
        )
    fig.update_xaxes(visible=False, range=[x0 / 1000, x1 / 1000], showgrid=False)
    fig.update_yaxes(visible=False, range=[y0 / 1000, y1 / 1000], scaleanchor="x", scaleratio=1, showgrid=False)
    fig.update_layout(
        plot_bgcolor="white",
        paper_bgcolor="white",
        dragmode=False,
        height=MAP_PX[1],
        margin={"l": 0, "r": 0, "t": 10, "b": 0},
        font={"family": style.FONT_FAMILY, "size": style.FONT_SIZE, "color": style.INK},
        separators=i18n.plotly_separators(lang),
        legend={"orientation": "h", "x": 0, "y": 1.0, "yanchor": "bottom", "bgcolor": "rgba(255,255,255,0.85)"},
    )
    return fig


def openings_map_alt(changes: Changes, lang: str) -> str:
    opened = changes.opened
    domestic = int((opened[columns.NETWORK] == columns.DOMESTIC).sum())
    return t(
        "changes_map_alt",
        lang,
        centers=i18n.counted("n_centers", domestic, lang),
        in_regions=t("changes_in_regions", lang, n=changes.opened_regions),
        abroad=i18n.fmt_int(len(opened) - domestic, lang),
    )


# --- the command's JSON ---------------------------------------------------------------------
CENTER_FIELDS = [
    columns.CENTER_ID,
    columns.NAME,
    columns.KIND,
    columns.NETWORK,
    columns.COUNTRY,
    columns.REGION_CODE,
    columns.CITY,
    columns.HOST,
]


def _records(frame: pd.DataFrame) -> list[dict]:
    import json

    return json.loads(frame.to_json(orient="records", force_ascii=False, date_format="iso"))


def _day(value) -> str | None:
    return None if pd.isna(value) else pd.Timestamp(value).date().isoformat()


def as_json(changes: Changes) -> dict:
    """What `python -m rcnet_data changes --json` prints: the same numbers as the page."""
    domestic = changes.events[changes.events[columns.NETWORK] == columns.DOMESTIC]
    regions = changes.regions.reset_index().rename(columns={"code": columns.REGION_CODE})
    return {
        "since": changes.since.date().isoformat(),
        "until": changes.until.date().isoformat(),
        "region": changes.region or None,
        "km": changes.km,
        "opened": [
            {**{f: row[f] for f in CENTER_FIELDS}, columns.OPENED_ON: _day(row[columns.OPENED_ON])}
            for _, row in changes.opened.iterrows()
        ],
        "closed": [
            {**{f: row[f] for f in CENTER_FIELDS}, columns.CLOSED_ON: _day(row[columns.CLOSED_ON])}
            for _, row in changes.closed.iterrows()
        ],
        "moved_or_renamed": [
            {
                columns.CENTER_ID: cid,
                "change": kind,
                "before": before,
                "after": after,
                "at": pd.Timestamp(at).isoformat(),
            }
            for cid, kind, before, after, at in changes.edited.itertuples(index=False)
        ],
        "events": {
            "total": changes.events_total,
            "domestic": len(domestic),
            "foreign": changes.events_total - len(domestic),
            "by_region": {k: int(v) for k, v in domestic.groupby(columns.REGION_CODE).size().items()},
            "by_type": {k: int(v) for k, v in changes.events.groupby(columns.EVENT_TYPE).size().items()},
            "by_region_and_type": _records(changes.by_region_type),
            "regions_without_events": [
                {columns.REGION_CODE: code, "centers": int(row["centers"]), "last_event": _day(row["last_event"])}
                for code, row in changes.quiet.iterrows()
            ],
            "busiest_hosts": _records(changes.busiest_hosts),
        },
        "regions": _records(regions),
        "milestones": _records(changes.milestones),
        "summary": {lang: " ".join(summary(changes, lang)) for lang in i18n.LANGS},
    }


def title(changes: Changes, lang: str) -> str:
    """«Что изменилось с 1 ноября 2026 г.» (with the region's name for one region)."""
    text = t("changes_title", lang, since=i18n.fmt_date(changes.since, lang))
    return f"{text}: {i18n.region_name(changes.region, lang)}" if changes.region else text


@dataclass(frozen=True)
class Section:
    key: str  # opened, closed, edited, regions, events, quiet, hosts, milestones
    heading: str
    table: pd.DataFrame  # for people
    empty: str  # what to say when the table is empty


def sections(changes: Changes, centers: pd.DataFrame, lang: str) -> list[Section]:
    """The tables of the page and the digest, in order."""
    found = [
        Section(
            "opened",
            t("changes_opened_title", lang),
            centers_changed_table(changes.opened, columns.OPENED_ON, lang),
            t("changes_none", lang),
        ),
        Section(
            "closed",
            t("changes_closed_title", lang),
            centers_changed_table(changes.closed, columns.CLOSED_ON, lang),
            t("changes_none", lang),
        ),
    ]
    if len(changes.edited):
        found.append(
            Section(
                "edited", t("changes_edited_title", lang), edited_table(changes, centers, lang), t("changes_none", lang)
            )
        )
    return found + [
        Section("regions", t("changes_regions_title", lang), regions_table(changes, lang), t("changes_none", lang)),
        Section("events", t("changes_events_title", lang), events_table(changes, lang), t("changes_no_events", lang)),
        Section("quiet", t("changes_quiet_title", lang), quiet_table(changes, lang), t("changes_no_quiet", lang)),
        Section("hosts", t("changes_hosts_title", lang), hosts_table(changes, lang), t("changes_no_hosts", lang)),
        Section(
            "milestones",
            t("changes_milestones_title", lang),
            milestones_table(changes, lang),
            t("changes_no_milestones", lang),
        ),
    ]
