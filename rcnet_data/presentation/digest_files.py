"""The digest of what changed, as PDF and PPTX, with the region report's machinery (fpdf2
with DejaVu Sans, python-pptx, the map through kaleido and Debian's Chromium). Kept apart
from presentation.digest so that a page never loads the document builders."""

from __future__ import annotations

import io
from datetime import date

import numpy as np
import pandas as pd
from pptx import Presentation
from pptx.util import Inches, Pt

from rcnet_data.core.changes import Changes
from rcnet_data.presentation import exports, i18n, report, tables
from rcnet_data.presentation.digest import (
    MAP_PX,
    ROWS,
    headlines,
    openings_map_alt,
    openings_map_figure,
    period_text,
    sections,
    summary,
    title,
)
from rcnet_data.presentation.i18n import t


def map_png(changes: Changes, lang: str) -> bytes:
    return report.png(openings_map_figure(changes, lang), MAP_PX)


def _rows(frame: pd.DataFrame, lang: str, limit: int = ROWS) -> tuple[list[str], list[list[str]]]:
    """A table for people as text cells, in the language's formats (links left out)."""
    shown = frame.drop(columns=[c for c in (t("region_page", lang), t("link", lang)) if c in frame.columns])
    shares = set(tables.share_columns(frame))
    rows = []
    for values in shown.head(limit).itertuples(index=False):
        cells = []
        for header, value in zip(shown.columns, values):
            cells.append(_cell(value, header in shares, lang))
        rows.append(cells)
    return list(shown.columns), rows


def _cell(value, share: bool, lang: str) -> str:
    if value is None or (not isinstance(value, str) and pd.isna(value)):
        return "—"
    if share:
        return i18n.fmt_percent(value, lang)
    if isinstance(value, date):
        return i18n.fmt_date(value, lang, short=True)
    if isinstance(value, bool | np.bool_):
        return str(value)
    if isinstance(value, int | np.integer):
        return i18n.fmt_int(int(value), lang)
    if isinstance(value, float | np.floating):
        return i18n.fmt_float(value, lang, i18n.PER_100K_DIGITS)
    return str(value)


# What a page of A4 or a slide leaves out of the regions' before-and-after (the page, the
# JSON and the downloads have every column): the rates and the ranks.
PRINTED_COLUMNS = {"regions": (0, 1, 2, 3, 6, 7, 10)}
TABLE_PT = 8  # type of the digest's tables (A4, up to seven columns)
SLIDE_ROWS = 10  # rows of a table on a slide
SLIDE_TABLE_PT = 12


def printed(section, lang: str, limit: int) -> tuple[list[str], list[list[str]]]:
    """A section's table as printed: its first `limit` rows, the regions without their rates
    and ranks, the events' counts by type in one column («Выставка 4, Квест 2»)."""
    header, rows = _rows(section.table, lang, limit)
    if section.key == "events":
        kinds = header[2:]
        return header[:2] + [t("changes_by_type", lang)], [
            row[:2] + [", ".join(f"{kind} {n}" for kind, n in zip(kinds, row[2:]) if n != "0")] for row in rows
        ]
    keep = PRINTED_COLUMNS.get(section.key)
    if keep:
        header, rows = [header[i] for i in keep], [[row[i] for i in keep] for row in rows]
    return header, rows


def widths(header: list[str], rows: list[list[str]], total: float) -> tuple[float, ...]:
    """Column widths in proportion to what each column holds: its longest cell (a long
    title counts less than its length, it wraps) and its header's longest word."""
    weights = []
    for index, name in enumerate(header):
        cells = [len(row[index]) for row in rows] or [0]
        longest_word = max((len(word) for word in name.split()), default=4)
        weights.append(min(max(max(cells), longest_word, 11), 36))
    scale = total / sum(weights)
    return tuple(round(w * scale, 1) for w in weights)


def digest_pdf(changes: Changes, centers: pd.DataFrame, lang: str, demo: bool, image: bytes | None = None) -> bytes:
    """An A4 digest: title and period, the summary, the cards, the map of the openings, then
    each table (the first ROWS rows; the JSON and the page have them all)."""
    pdf = report.new_document(f"rcnet · {title(changes, lang)}", title(changes, lang))
    pdf.set_font(report.FONT, "B", 18)
    report.line(pdf, 9, title(changes, lang))
    pdf.set_font(report.FONT, size=10)
    report.line(pdf, 5, period_text(changes, lang))
    if demo:
        report.demo_line(pdf, lang)
    pdf.ln(2)
    pdf.set_font(report.FONT, size=11)
    for sentence in summary(changes, lang):
        report.line(pdf, 6, sentence)
    pdf.ln(2)
    report.pdf_table(
        pdf, [[card.label, card.with_detail()] for card in headlines(changes, lang)], (120, 70), header=None
    )
    pdf.ln(2)
    report.image_block(
        pdf, image if image is not None else map_png(changes, lang), MAP_PX, t("changes_map_title", lang)
    )
    report.line(pdf, 5, openings_map_alt(changes, lang))
    for section in sections(changes, centers, lang):
        report.heading(pdf, section.heading)
        if section.table.empty:
            report.line(pdf, 6, section.empty)
            continue
        header, rows = printed(section, lang, ROWS)
        report.pdf_table(pdf, rows, widths(header, rows, 190), header=header, size=TABLE_PT)
        if len(section.table) > ROWS:
            report.line(pdf, 5, t("changes_more_rows", lang, shown=ROWS, n=len(section.table)))
    pdf.ln(4)
    pdf.set_font(report.FONT, size=8)
    report.line(pdf, 4, report.sources_line(changes.until, lang, demo))
    return bytes(pdf.output())


def digest_pptx(changes: Changes, centers: pd.DataFrame, lang: str, demo: bool, image: bytes | None = None) -> bytes:
    """The same digest as slides: the summary, the map, then each table (titles in title
    placeholders, the sources in the notes)."""
    deck = Presentation()
    deck.slide_width, deck.slide_height = exports.SLIDE_W, exports.SLIDE_H
    notes = report.sources_line(changes.until, lang, demo)
    slide = exports.add_titled_slide(deck, title(changes, lang), notes, 32)
    box = slide.shapes.add_textbox(Inches(0.5), Inches(1.3), Inches(12.3), Inches(5.8)).text_frame
    box.word_wrap = True
    box.text = period_text(changes, lang)
    box.paragraphs[0].font.size = Pt(16)
    for sentence in summary(changes, lang):
        paragraph = box.add_paragraph()
        paragraph.text = sentence
        paragraph.font.size = Pt(24)
    for card in headlines(changes, lang):
        paragraph = box.add_paragraph()
        paragraph.text = f"{card.label}: {card.with_detail()}"
        paragraph.font.size = Pt(22)
    if demo:
        paragraph = box.add_paragraph()
        paragraph.text = t("demo_footer", lang)
        paragraph.font.size = Pt(14)
    slide = exports.add_titled_slide(deck, t("changes_map_title", lang), f"{openings_map_alt(changes, lang)}\n{notes}")
    picture = image if image is not None else map_png(changes, lang)
    slide.shapes.add_picture(io.BytesIO(picture), Inches(0.9), Inches(1.3), width=Inches(11.5))
    for section in sections(changes, centers, lang):
        slide = exports.add_titled_slide(deck, section.heading, notes)
        if section.table.empty:
            box = slide.shapes.add_textbox(Inches(0.5), Inches(1.4), Inches(12.3), Inches(1)).text_frame
            box.text = section.empty
            box.paragraphs[0].font.size = Pt(22)
            continue
        header, rows = printed(section, lang, SLIDE_ROWS)
        report.pptx_table(slide, header, rows, widths(header, rows, 12.3), size=SLIDE_TABLE_PT)
    buffer = io.BytesIO()
    deck.save(buffer)
    return buffer.getvalue()


def file_name(changes: Changes, lang: str, extension: str) -> str:
    region = f"-{changes.region}" if changes.region else ""
    return f"rcnet-changes{region}-{changes.since.date().isoformat()}-{changes.until.date().isoformat()}-{lang}.{extension}"


def digest_file(changes: Changes, reg, lang: str, kind: str, image: bytes | None = None) -> bytes:
    """The digest as "pdf" or "pptx" (the map drawn once when both are made: pass `image`)."""
    picture = image if image is not None else map_png(changes, lang)
    if kind == "pdf":
        return digest_pdf(changes, reg.centers, lang, reg.is_demo, picture)
    return digest_pptx(changes, reg.centers, lang, reg.is_demo, picture)
