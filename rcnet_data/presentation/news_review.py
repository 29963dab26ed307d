"""News items' proposed events for people: the review table an editor accepts, corrects or
drops rows in, the command's lines, and the file of accepted rows the ordinary import reads
(so a proposal is validated, logged and undoable like any row of a spreadsheet)."""

from __future__ import annotations

import pandas as pd

from rcnet_data.core import columns
from rcnet_data.core.news_events import Proposal, Reason
from rcnet_data.presentation import i18n, registry_export
from rcnet_data.presentation.i18n import t

KEEP = "keep"
# What an editor may correct in a proposal; the review table adds how sure and why, and the
# columns it keeps as they are (the address, the id, the source).
EDITABLE_FIELDS = [
    columns.DATE,
    columns.END_DATE,
    columns.TITLE,
    columns.EVENT_TYPE,
    columns.NETWORK,
    columns.COUNTRY,
    columns.REGION_CODE,
    columns.CITY,
    columns.CENTER_ID,
    columns.PARTICIPANTS,
]
EDITABLE = [KEEP, *EDITABLE_FIELDS]
REVIEW_COLUMNS = [
    KEEP,
    "status",
    "confidence",
    *EDITABLE_FIELDS,
    columns.URL,
    "reasons",
    columns.EVENT_ID,
    columns.SOURCE,
    columns.NOTE,
]


STATUSES = ("new", "duplicate", "similar", "imported")


def found_text(made: list[Proposal], lang: str) -> str:
    """How many items were read, and how many of each status: the counts add up to the total."""
    counts = {status: i18n.fmt_int(sum(p.status == status for p in made), lang) for status in STATUSES}
    return t("news_found", lang, n=len(made), **counts)


def reason_text(reason: Reason, lang: str) -> str:
    """One reason as a reader reads it: «регион: «Пензенской» (название региона)»."""
    how = t(f"news_how_{reason.how}", lang)
    words = f" «{reason.words}»" if reason.words and lang == "ru" else f' "{reason.words}"' if reason.words else ""
    return f"{t('news_field_' + reason.field, lang)}:{words} ({how})"


def review_table(made: list[Proposal]) -> pd.DataFrame:
    """One row per proposal, new ones ticked: the editor unticks, corrects and imports."""
    rows = []
    for proposal in made:
        rows.append(
            {
                KEEP: proposal.status == "new",
                "status": proposal.status,
                "confidence": proposal.confidence,
                **{key: proposal.event[key] for key in REVIEW_COLUMNS if key in proposal.event},
                "reasons": proposal.reasons,
            }
        )
    frame = pd.DataFrame(rows, columns=REVIEW_COLUMNS)
    for day in (columns.DATE, columns.END_DATE):
        frame[day] = pd.to_datetime(frame[day]).dt.date
    frame[columns.PARTICIPANTS] = frame[columns.PARTICIPANTS].astype("Int64")
    return frame


def for_people(frame: pd.DataFrame, lang: str) -> pd.DataFrame:
    """The review table with its status and reasons in the reader's language."""
    shown = frame.copy()
    shown["status"] = [t(f"news_status_{status}", lang) for status in shown["status"]]
    shown["reasons"] = ["; ".join(reason_text(r, lang) for r in reasons) for reasons in shown["reasons"]]
    return shown


def kept_events(edited: pd.DataFrame) -> list[dict]:
    """The rows the editor kept, with her corrections, as events."""
    kept = edited[edited[KEEP].fillna(False).astype(bool)]
    return [{column: row.get(column) for column in columns.EVENT_COLUMNS} for _, row in kept.iterrows()]


def import_file(events: list[dict], lang: str = "en") -> bytes:
    """The events as a CSV the importer reads, checks and writes as one logged import: the
    registry's own export (registry_export), so in Russian its headers and values are the
    staff's («Дата», «Тип»: «Квест») and the preview speaks the reader's language."""
    frame = pd.DataFrame(events, columns=columns.EVENT_COLUMNS)
    for day in (columns.DATE, columns.END_DATE):
        frame[day] = pd.to_datetime(frame[day], errors="coerce")
    frame[columns.PARTICIPANTS] = pd.to_numeric(frame[columns.PARTICIPANTS], errors="coerce").astype("Int64")
    text = [c for c in columns.EVENT_COLUMNS if c not in (columns.DATE, columns.END_DATE, columns.PARTICIPANTS)]
    frame[text] = frame[text].fillna("").astype(str)
    return registry_export.file_bytes(frame, columns.TABLE_EVENTS, lang, "csv")


def proposal_lines(made: list[Proposal], lang: str = "en") -> list[str]:
    """The command's text: one line per item (status, date, type, place, center, how sure,
    title), then its reasons indented."""
    lines = []
    for proposal in made:
        event = proposal.event
        place = event[columns.REGION_CODE] or event[columns.COUNTRY] or "?"
        city = f"/{event[columns.CITY]}" if event[columns.CITY] else ""
        day = event[columns.DATE].isoformat() if event[columns.DATE] else "????-??-??"
        status = proposal.status + (f" of {proposal.duplicate_of}" if proposal.duplicate_of else "")
        lines.append(
            f"{status:<10} {day} {event[columns.EVENT_TYPE]:<15} {place}{city:<24} "
            f"{event[columns.CENTER_ID] or '-':<10} {i18n.fmt_float(proposal.confidence, lang, 2):>5}  "
            f"{event[columns.TITLE][:70]}  [{proposal.item.origin}]"
        )
        lines += [f"    {reason_text(reason, lang)}" for reason in proposal.reasons]
    return lines
