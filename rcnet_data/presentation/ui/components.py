"""What pages lay out: charts, maps, tables, metric cards, legends, downloads, and the
region report's buttons. Each takes what the pure modules made (figures, decks, tables for
people) and shows it with its accessible name."""

from __future__ import annotations

import logging
from collections.abc import Callable, Iterator
from contextlib import contextmanager
from datetime import date

import pandas as pd
import streamlit as st

from rcnet_data.core import columns
from rcnet_data.presentation import exports, figures, i18n, plotly_locale, tables
from rcnet_data.presentation.i18n import t
from rcnet_data.presentation.ui.source import registry
from rcnet_data.presentation.ui.state import filters, phone
from rcnet_data.presentation.ui.text import plain
from rcnet_data.storage.registry import Registry

LOG = logging.getLogger("rcnet.ui")

PHONE_MAP_HEIGHT = 440  # px: a map on a phone leaves room for its legend on the screen
PHONE_COLUMN_PX = 190  # px: the widest a table's column gets on a phone
KEPT_OPEN = "rcnet_kept_open_"  # + an expander's key: whether the reader left it open
TABLES_KEPT = 256  # tables whose element is kept for reruns (ten pages, a few filter sets each)


@st.cache_data(show_spinner=False, max_entries=32)
def pptx_deck(signature: tuple, as_of: date, lang: str) -> bytes:
    """The overview deck (made when its button is clicked): the same builder as `deck`."""
    return exports.overview_deck(registry(), as_of, lang)


@st.cache_data(show_spinner=False, max_entries=16)
def region_report_file(signature: tuple, code: str, as_of: date, lang: str, km: int, sites: int, kind: str) -> bytes:
    """A region's report as PDF or PPTX (made when its button is clicked, kept per data version)."""
    from rcnet_data.presentation import report

    made = report.region_report(registry(), code, as_of, lang, km, sites)
    map_png, chart_png = report.region_images(made)
    return (
        report.region_report_pdf(made, map_png, chart_png)
        if kind == "pdf"
        else report.region_report_pptx(made, map_png)
    )


@st.cache_data(show_spinner=False, max_entries=16)
def changes_digest_file(signature: tuple, since: date, until: date, km: int, lang: str, kind: str) -> bytes:
    """The digest of what changed as PDF or PPTX (made when its button is clicked): the
    same builder as `python -m rcnet_data changes --out`."""
    from rcnet_data.presentation import digest_files, views

    reg = registry()
    return digest_files.digest_file(views.changes(reg, since, until, km), reg, lang, kind)


def changes_digest_buttons(reg: Registry, since: date, until: date, km: int, lang: str) -> None:
    """PDF and PPTX of the digest, side by side; built only when clicked."""
    from rcnet_data.presentation import digest_files, views

    found = views.changes(reg, since, until, km)
    left, right, _ = st.columns([1, 1, 1])
    for column, kind, mime in ((left, "pdf", exports.PDF_MIME), (right, "pptx", exports.PPTX_MIME)):
        with column:
            download(
                t(f"changes_{kind}", lang),
                lambda kind=kind: changes_digest_file(reg.signature, since, until, km, lang, kind),
                digest_files.file_name(found, lang, kind),
                mime,
                f"changes_{kind}",
            )


def download(label: str, make: Callable[[], bytes], file_name: str, mime: str, key: str, primary: bool = False) -> None:
    """A download button whose file is made when it is clicked. It never reruns the page:
    a click that reran it would register the button anew and revoke the file being asked
    for, so under load the download failed ("Deferred file not found") with no file."""
    st.download_button(
        label,
        make,
        file_name=file_name,
        mime=mime,
        key=key,
        on_click="ignore",
        type="primary" if primary else "secondary",
    )


def region_report_buttons(reg: Registry, code: str, as_of: date, lang: str, km: int, sites: int) -> None:
    """PDF and PPTX of the region's report, side by side; built only when clicked."""
    from rcnet_data.presentation.report import file_name

    left, right, _ = st.columns([1, 1, 3])
    for column, kind, mime in ((left, "pdf", exports.PDF_MIME), (right, "pptx", exports.PPTX_MIME)):
        with column:
            download(
                t(f"report_{kind}", lang),
                lambda kind=kind: region_report_file(reg.signature, code, as_of, lang, km, sites, kind),
                file_name(code, as_of, lang, kind),
                mime,
                f"report_{kind}",
            )


def deck(
    deck,
    alt: str,
    key: str,
    height: int = 520,
    on_select=None,
    table: pd.DataFrame | Callable[[], pd.DataFrame] | None = None,
) -> None:
    """A pydeck map with alt text (its accessible name), lower on a phone; behind it, one
    click away, the table of what it draws («Показать таблицей»): a canvas says nothing to
    a screen reader, and a keyboard cannot click a point."""
    height = min(height, PHONE_MAP_HEIGHT) if phone() else height
    if on_select:
        st.pydeck_chart(deck, on_select=on_select, selection_mode="single-object", key=key, height=height, alt=alt)
    else:
        st.pydeck_chart(deck, key=key, height=height, alt=alt)
    if table is not None:
        _as_table(table, key)


def chart(
    figure,
    alt: str,
    key: str | None = None,
    on_select=None,
    table: pd.DataFrame | Callable[[], pd.DataFrame] | None = None,
) -> None:
    """A plotly chart with alt text (the accessible name, and a caption for every reader),
    its toolbar in the reader's language with PNG export; behind it, its data as a table
    (what the figure draws, `figures.figure_table`, unless the page gives a better one)."""
    lang = filters().lang
    config = plotly_locale.chart_config(lang)
    if on_select:
        st.plotly_chart(figure, key=key, on_select=on_select, selection_mode="points", config=config, alt=alt)
    else:
        st.plotly_chart(figure, key=key, config=config, alt=alt)
    st.caption(alt)
    _as_table((lambda: figures.figure_table(figure, lang)) if table is None else table, key or slug(alt))


def chart_on_demand(label: str, build: Callable[[], object], alt: str, key: str) -> None:
    """A heavy chart behind a closed expander, made and sent only once it is opened (as
    «Показать таблицей» is): a page's first view stays quick, and a reader who wants the
    chart is one click from it. The time-lapse's frames cost the browser more than the
    rest of its page together."""
    with on_demand(label, f"open_{key}") as opened:
        if opened:
            chart(build(), alt, key=key)


@contextmanager
def on_demand(label: str, key: str, remember: bool = False) -> Iterator[bool]:
    """An expander whose content the page makes and sends only once it is open
    (on_change="rerun" makes Streamlit rerun when it is toggled): inside, whether it is.
    With `remember`, a reader's choice holds for the session: Streamlit forgets a widget
    that a page did not draw, so the choice is kept beside it and the expander drawn open
    again when the reader comes back to the page."""
    kept = f"{KEPT_OPEN}{key}"
    expanded = remember and key not in st.session_state and bool(st.session_state.get(kept))
    expander = st.expander(label, expanded=expanded, key=key, on_change="rerun")
    if remember:
        st.session_state[kept] = bool(expander.open)
    if not expander.open:
        yield False
        return
    with expander:
        yield True


@contextmanager
def map_on_demand(label: str, key: str) -> Iterator[bool]:
    """A map below a page's first screen, behind an expander the session remembers:
    mounting a deck.gl map costs the browser more than the rest of the page (measured in
    docs/benchmarks.md), so a page opens quickly, and a reader who opens the map keeps it
    open on later visits."""
    with on_demand(label, f"open_{key}", remember=True) as opened:
        yield opened


def slug(text: str) -> str:
    """A key made from a text (a chart shown without one): its letters and digits."""
    return "".join(c if c.isalnum() else "-" for c in text.lower())[:40]


def _as_table(frame: pd.DataFrame | Callable[[], pd.DataFrame], key: str) -> None:
    """«Показать таблицей»: the chart's or map's rows behind an on-demand expander, so a page
    costs nothing more until a reader opens it."""
    lang = filters().lang
    with on_demand(t("show_as_table", lang), f"as_table_{key}") as opened:
        if opened:
            rows = frame() if callable(frame) else frame
            if table(rows, lang, height=min(35 * (len(rows) + 1) + 3, 400)):
                downloads(rows, f"rcnet-{key}", lang)


def table(
    frame: pd.DataFrame, lang: str, empty: str | None = None, height: int | None = None, hidden: tuple[str, ...] = ()
) -> bool:
    """A table in the language's formats, its key columns wide enough to read and links as
    links; or, when it is empty, one sentence saying what is empty and why (never an empty
    grid). Returns whether a table was shown."""
    if len(frame) == 0:
        st.info(empty or t("empty_table", lang))
        return False
    narrow = phone()  # on a phone the telling columns share the screen: a title, then its date
    config: dict = {
        label: st.column_config.Column(width=min(width, PHONE_COLUMN_PX) if narrow else width)
        for label, width in tables.column_widths(lang).items()
        if label in frame.columns
    }
    if t("link", lang) in frame.columns:
        config[t("link", lang)] = st.column_config.LinkColumn(display_text="↗", width=55)
    if t("region_page", lang) in frame.columns:  # a region's page, opened from a row
        config[t("region_page", lang)] = st.column_config.LinkColumn(display_text=t("open_region", lang), width=110)
    config |= {column: None for column in hidden}
    _styled_dataframe(frame, lang, config, height)
    return True


@st.cache_data(show_spinner=False, max_entries=TABLES_KEPT)
def _styled_dataframe(frame: pd.DataFrame, lang: str, config: dict, height: int | None) -> None:
    """The table's element, made once per table, language and layout: a rerun replays it.
    pandas' Styler formats every cell in Python each time Streamlit marshals it (0.1 s for
    the Events page's table, most of that page's warm rerun); Streamlit records the element
    a cached function shows and sends the recorded one on a hit (the key hashes the frame's
    values, so a table with other rows or a new data version is made anew)."""
    kwargs = {"height": height} if height else {}
    st.dataframe(
        tables.styled(frame, lang),
        hide_index=True,
        width="stretch",
        column_config=config,
        placeholder="",  # a missing value is an empty cell, never "None"
        **kwargs,
    )


def metrics(headlines: list, column_names: list | None = None) -> None:
    """Headline figures (presentation.headline) as a row of metric cards: the value, its
    detail (a rank, the count behind a share) and how it is counted in the card's help."""
    cols = column_names or st.columns(len(headlines))
    for column, card in zip(cols, headlines):
        help_text = ". ".join(part for part in (card.detail, card.help) if part) or None
        column.metric(card.card_label, card.value, delta=card.delta, help=help_text)


def legend(items: list[tuple[str, str, str]]) -> None:
    """A legend under a map: (label, colour, shape) with shape dot, square or line."""

    def swatch(colour: str, shape: str) -> str:
        style = f"border:3px solid {colour};background:transparent" if shape == "ring" else f"background:{colour}"
        return f"<i class='{shape}' style='{style}'></i>"

    spans = "".join(f"<span>{swatch(colour, shape)}{label}</span>" for label, colour, shape in items)
    st.markdown(f"<div class='rcnet-legend'>{spans}</div>", unsafe_allow_html=True)


def downloads(frame: pd.DataFrame | Callable[[], pd.DataFrame], name: str, lang: str) -> None:
    """CSV and XLSX of a table; formula-like cells are neutralised in both, and the CSV
    follows the language's spreadsheet conventions («;» and decimal commas in Russian).
    The files are built only when a button is clicked, so a large table costs nothing on
    each page run."""

    def rows() -> pd.DataFrame:
        return frame() if callable(frame) else frame

    left, right = st.columns(2)
    with left:
        download(
            t("download_csv", lang),
            lambda: exports.to_csv_bytes(rows(), lang),
            f"{name}.csv",
            exports.CSV_MIME,
            f"csv_{name}",
        )
    with right:
        download(
            t("download_xlsx", lang),
            lambda: exports.to_xlsx_bytes(rows(), name),
            f"{name}.xlsx",
            exports.XLSX_MIME,
            f"xlsx_{name}",
        )


def found_center(center: pd.Series, lang: str) -> None:
    """The center a search opened the region page for, named above its map (ringed on it)."""
    town = i18n.town_name(center[columns.REGION_CODE], center[columns.CITY], lang)
    st.info(
        t(
            "found_center",
            lang,
            name=plain(center[columns.NAME]),
            host=plain(center[columns.HOST]),
            town=plain(town),
            opened=i18n.fmt_date(center[columns.OPENED_ON], lang),
        )
    )


def table_choice(label: str, key: str, lang: str) -> str:
    """Centers or events, as a row of two choices."""
    return st.radio(
        label,
        list(columns.TABLE_KINDS),
        horizontal=True,
        key=key,
        format_func=lambda kind: t(kind if kind == columns.TABLE_CENTERS else "events", lang),
    )


def written(write: Callable, lang: str, what: str, refused=st.error):
    """Run a write to the registry and return its result; when the database refuses it (an
    import in between, no right, a damaged file: rcnet's own sentence) or fails, say so in
    one sentence and return None. `what` names the write in the server's log."""
    from sqlalchemy.exc import SQLAlchemyError

    from rcnet_data.core.messages import LocalisedError

    try:
        return write()
    except LocalisedError as exc:
        refused(exc.text(lang))
    except SQLAlchemyError:
        LOG.exception("%s failed", what)
        st.error(t("database_write_error", lang))
    return None
