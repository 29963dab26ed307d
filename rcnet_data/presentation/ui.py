"""What every page shares: filters kept in the session and the URL, the sidebar, navigation
in the chosen language, the demo notice, presenter mode, downloads, and cached results.

This is the only module of rcnet_data that imports Streamlit; everything it shows comes
from the pure modules (analytics, figures, maps, tables, exports), which are tested
without it.
"""

from __future__ import annotations

import html
import logging
from collections.abc import Callable
from datetime import date
from pathlib import Path

import pandas as pd
import streamlit as st
from sqlalchemy.exc import SQLAlchemyError

from rcnet_data import settings
from rcnet_data.core import columns as C
from rcnet_data.core import reference as ref
from rcnet_data.core.readers import TableReadError
from rcnet_data.presentation import exports, headline, i18n, slides, tables, views
from rcnet_data.presentation import style as S
from rcnet_data.presentation.filters import BOUNDS, Filters, date_bounds
from rcnet_data.presentation.i18n import t
from rcnet_data.storage.registry import Registry, load_registry_from_database

LOG = logging.getLogger("rcnet.ui")
PAGE_ICON = "📚"  # an emoji, not a Material icon: those fetch a web font
PAGES = {  # page key -> script (paths relative to dashboard.py, as Streamlit wants them)
    "overview": "dashboard.py",
    "domestic": "pages/1_domestic.py",
    "foreign": "pages/2_foreign.py",
    "growth": "pages/3_growth.py",
    "events": "pages/4_events.py",
    "region": "pages/5_region.py",
    "data": "pages/6_data.py",
    "quality": "pages/7_quality.py",
    "compare": "pages/8_compare.py",
}
STORE = "rcnet_filters"
CURRENT_PAGE = "rcnet_page"
MAP_PAGES = ("domestic", "growth", "region")
DATED_PAGES = ("overview", "domestic", "foreign", "growth", "region", "compare")  # pages that show the network on a date
DATE_FORMAT = i18n.PLOTLY_DATE_INPUT


# --- filters: session, URL and widgets -------------------------------------------------------
def filters() -> Filters:
    """This session's filters: from the URL on a session's first page, then kept in the session."""
    if STORE not in st.session_state:
        st.session_state[STORE] = Filters.from_params({k: st.query_params.get(k) for k in st.query_params})
    return st.session_state[STORE]


def _store(name: str) -> None:
    value = st.session_state.get(f"w_{name}")
    if value is None:  # a single-choice control clicked off: keep the last choice
        return
    setattr(filters(), name, tuple(value) if isinstance(value, list) else value)
    if name == "presenter" and value:  # the slideshow opens on the slide of the page it was started from
        filters().slide = slides.SLIDE_OF_PAGE.get(st.session_state.get(CURRENT_PAGE, ""), 1)
    filters().cleaned()


def widget(factory, name: str, label: str, **kwargs):
    """A sidebar widget bound to a filter; its value is kept across pages and in the URL.

    Each run the widget is given the filter's value, clamped to the widget's bounds (from
    `filters.BOUNDS` and `filters.date_bounds`): Streamlit drops or keeps a widget's state
    as pages change, and a stored value outside new bounds must never raise. The filter
    changes only when the user changes the widget (on_change)."""
    current = filters()
    value = getattr(current, name)
    if isinstance(value, date):
        low, high = date_bounds(name, current)
        kwargs.setdefault("min_value", low)
        kwargs.setdefault("max_value", high)
        if factory is st.date_input:
            kwargs.setdefault("format", DATE_FORMAT)
    elif name in BOUNDS:
        bounds = BOUNDS[name]
        kind = type(value)
        kwargs.setdefault("min_value", kind(bounds.low))
        kwargs.setdefault("max_value", kind(bounds.high))
        kwargs.setdefault("step", kind(bounds.step))
    if "min_value" in kwargs and value is not None:
        value = min(max(value, kwargs["min_value"]), kwargs["max_value"])
        setattr(current, name, value)  # the clamped value is the filter: header, widget and figures agree
    key = f"w_{name}"
    st.session_state[key] = list(value) if isinstance(value, tuple) else value
    factory(label, key=key, on_change=_store, args=(name,), **kwargs)
    return getattr(current, name)


def sync_url() -> None:
    params = filters().to_params()
    if dict(st.query_params) != params:
        st.query_params.from_dict(params)


# --- data ----------------------------------------------------------------------------------
def registry() -> Registry:
    """The registry the app shows, read through the shared database (created from the
    bundled data, or RCNET_DATA_DIR, on first run); cached until an import changes it.
    When it cannot be read, a viewer gets one sentence (the log has the details, for the
    administrator); a signed-in editor also sees what failed, never with a password."""
    try:
        return load_registry_from_database()
    except (TableReadError, SQLAlchemyError, OSError, RuntimeError) as exc:
        LOG.exception("the registry cannot be read")
        lang = filters().lang
        st.error(t("registry_unavailable", lang))
        if editor():
            detail = exc.text(lang) if isinstance(exc, TableReadError) else str(exc).splitlines()[0]
            st.caption(plain(redacted_text(detail)))
        st.stop()


def redacted_text(text: str) -> str:
    """A message fit for an editor's screen: any URL's password hidden."""
    import re

    from rcnet_data.storage import db

    return re.sub(r"[a-z+]+://\S+", lambda found: db.redacted(found.group(0)), text)


def run(page_function: Callable[[], None]) -> None:
    """Run a page; anything it did not foresee is logged with its traceback for the
    administrator and shown to the reader as one sentence, never as a traceback (a forged
    widget value sent over the websocket included). Streamlit's own stop and rerun pass."""
    try:
        page_function()
    except Exception:
        LOG.exception("page %s failed", st.session_state.get(CURRENT_PAGE, "?"))
        st.error(t("page_failed", filters().lang))


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
    return report.region_report_pdf(made, map_png, chart_png) if kind == "pdf" else report.region_report_pptx(made, map_png)


def region_report_buttons(reg: Registry, code: str, as_of: date, lang: str, km: int, sites: int) -> None:
    """PDF and PPTX of the region's report, side by side; built only when clicked."""
    from rcnet_data.presentation.report import file_name

    left, right, _ = st.columns([1, 1, 3])
    for column, kind, mime in ((left, "pdf", "application/pdf"), (right, "pptx", exports.PPTX_MIME)):
        column.download_button(t(f"report_{kind}", lang),
                               lambda kind=kind: region_report_file(reg.signature, code, as_of, lang, km, sites, kind),
                               file_name=file_name(code, as_of, lang, kind), mime=mime, key=f"report_{kind}")  # fmt: skip


# --- page frame ------------------------------------------------------------------------------
# Presenter mode: a full-screen slide. Header, body and footer share the screen's height,
# so a slide never scrolls at 1280×720 or 1920×1080; the body's chart stretches to fill it.
SLIDE_HEAD_PX = 78
SLIDE_FOOT_PX = 92
SLIDE_CSS = f"""
<style>
[data-testid="stSidebar"], [data-testid="stSidebarCollapsedControl"], [data-testid="stHeader"],
[data-testid="stToolbar"], [data-testid="stElementToolbar"], [data-testid="stDecoration"] {{ display: none !important; }}
[data-testid="stMainBlockContainer"] {{ padding: 12px 32px 0 32px !important; max-width: 100% !important; }}
[data-testid="stMainBlockContainer"] > [data-testid="stVerticalBlock"] {{ gap: 0 !important; }}
.rcnet-slide-head {{ height: {SLIDE_HEAD_PX}px; display: flex; align-items: baseline; justify-content: space-between;
  gap: 24px; color: {S.INK}; overflow: hidden; }}
.rcnet-slide-title {{ font-size: clamp(30px, 4.4vh, 52px) !important; line-height: 1.15; padding: 0 !important;
  margin: 0; white-space: nowrap; overflow: hidden; text-overflow: ellipsis; }}
.rcnet-slide-head span {{ font-size: clamp(18px, 2.4vh, 28px); color: {S.INK}; white-space: nowrap; }}
div:has(> .st-key-slide_body), .st-key-slide_body {{
  height: calc(100vh - {SLIDE_HEAD_PX + SLIDE_FOOT_PX + 24}px) !important; min-height: 0; flex: 0 0 auto !important; }}
.st-key-slide_body [data-testid="stPlotlyChart"] {{ height: 100% !important; }}
.st-key-slide_body [data-testid="stMetricValue"] {{ font-size: clamp(64px, 10vh, 128px) !important; line-height: 1.1;
  color: {S.INK}; }}
.st-key-slide_body [data-testid="stMetricLabel"] p {{ font-size: clamp(20px, 3vh, 34px) !important; color: {S.INK}; }}
.st-key-slide_body [data-testid="stMetric"] {{ padding: 2vh 0; }}
.rcnet-slide-events {{ width: 100%; border-collapse: collapse; font-size: clamp(20px, 2.8vh, 32px); color: {S.INK}; }}
.rcnet-slide-events td {{ padding: 1.1vh 12px; border-bottom: 1px solid {S.LIGHT_GREY}; vertical-align: top; }}
.rcnet-slide-events td.when {{ white-space: nowrap; width: 1%; }}
.rcnet-slide-events td.where {{ width: 30%; }}
.rcnet-slide-empty {{ font-size: 28px; }}
/* The footer is pinned to the bottom of the screen: buttons, then one line of notes. */
.st-key-slide_foot {{ position: fixed; left: 32px; right: 32px; bottom: 34px; height: 52px; align-items: center;
  flex-wrap: nowrap !important; background: white; z-index: 10; }}
.st-key-slide_foot [data-testid="stElementContainer"]:has(iframe) {{ display: none; }}
.st-key-slide_foot button p {{ font-size: 20px !important; }}
.rcnet-slide-note {{ position: fixed; left: 32px; right: 32px; bottom: 6px; height: 24px; font-size: 15px; color: {S.INK}; white-space: nowrap; overflow: hidden; text-overflow: ellipsis; }}
.rcnet-slide-keys {{ font-size: 15px; color: {S.INK}; white-space: nowrap; }}
</style>
"""
# Arrow keys and PageUp/PageDown (what presentation clickers send) press the slide buttons;
# Esc presses the way out. One listener per browser tab, on the app's document.
SLIDE_KEYS_JS = """
<script>
const app = window.parent;
if (!app.rcnetSlideKeys) {
  app.rcnetSlideKeys = true;
  app.document.addEventListener("keydown", (event) => {
    const target = event.target;
    if (target && (target.tagName === "INPUT" || target.tagName === "TEXTAREA" || target.isContentEditable)) return;
    const action = {ArrowRight: "next", PageDown: "next", ArrowDown: "next", " ": "next",
                    ArrowLeft: "previous", PageUp: "previous", ArrowUp: "previous", Escape: "exit"}[event.key];
    const button = action && app.document.querySelector(`.st-key-slide_${action} button`);
    if (button && !button.disabled) { event.preventDefault(); button.click(); }
  });
}
</script>
"""
# Metric labels wrap instead of ending in «…»; numbers line up.
BASE_CSS = """
<style>
[data-testid="stMetricValue"] { font-variant-numeric: tabular-nums; }
[data-testid="stMetricLabel"] p { white-space: normal !important; overflow: visible !important;
  text-overflow: clip !important; }
[data-testid="stMetricLabel"] > div { overflow: visible !important; }
.rcnet-legend span { display: inline-block; margin-right: 1rem; }
.rcnet-legend i { display: inline-block; width: 0.9rem; height: 0.9rem; border-radius: 50%;
  margin-right: 0.35rem; vertical-align: -0.1rem; }
.rcnet-legend i.square { border-radius: 2px; }
.rcnet-legend i.line { height: 0.25rem; border-radius: 0; vertical-align: 0.2rem; }
.rcnet-legend i.ring { box-sizing: border-box; }
</style>
"""


def start_page(page: str) -> Filters:
    """Set up a page: config, sidebar (language, presenter mode, navigation, the date)."""
    if settings.current().profile_dir:
        from pyinstrument import Profiler

        st.session_state["rcnet_profiler"] = Profiler(interval=0.0005)
        st.session_state["rcnet_profiler"].start()
        st.session_state["rcnet_profiled_page"] = page
    st.set_page_config(page_title=f"{t('page_' + page, filters().lang)} · rcnet", page_icon=PAGE_ICON,
                       layout="wide", initial_sidebar_state="auto")  # fmt: skip
    follow_region_pick()
    st.session_state[CURRENT_PAGE] = page
    current = filters()
    st.markdown(BASE_CSS, unsafe_allow_html=True)
    with st.sidebar:
        widget(st.segmented_control, "lang", t("language", current.lang), options=list(i18n.LANGS),
               format_func=i18n.LANGUAGE_NAMES.get, selection_mode="single")  # fmt: skip
        lang = current.lang
        widget(st.toggle, "presenter", t("presenter_mode", lang))
        search_box(lang)
        for key, script in PAGES.items():
            st.page_link(script, label=t("page_" + key, lang), query_params=current.to_params())
        st.divider()
        st.subheader(t("filters", lang))
        if page in DATED_PAGES:
            widget(st.date_input, "as_of", t("as_of", lang), help=t("as_of_help", lang))
        if page in MAP_PAGES:
            widget(st.toggle, "basemap", t("online_basemap", lang), help=t("online_basemap_help", lang))
    return current


def end_page() -> None:
    """Write the final state to the URL."""
    _stop_profile()
    sync_url()


def _stop_profile() -> None:
    profiler = st.session_state.pop("rcnet_profiler", None)
    if profiler is not None and profiler.is_running:
        profiler.stop()
        path = (settings.current().profile_dir or Path(".")) / f"{st.session_state.get('rcnet_profiled_page', 'page')}.txt"
        path.parent.mkdir(parents=True, exist_ok=True)
        path.write_text(profiler.output_text(unicode=False, color=False), encoding="utf-8")


def place_filters(lang: str) -> None:
    """Federal district and region selectors (the region list follows the district)."""
    current = filters()
    with st.sidebar:
        districts = [""] + list(ref.federal_districts().index)
        widget(st.selectbox, "district", t("federal_district", lang), options=districts,
               format_func=lambda c: i18n.district_name(c, lang) if c else t("all_districts", lang))  # fmt: skip
        regions = ref.regions()
        if current.district:
            regions = regions[regions["federal_district"] == current.district]
        codes = sorted(regions.index, key=lambda c: i18n.region_name(c, lang))
        if current.region and current.region not in codes:
            current.region = ""
        widget(st.selectbox, "region", t("region", lang), options=[""] + codes,
               format_func=lambda c: i18n.region_name(c, lang) if c else t("all_regions", lang))  # fmt: skip


def period_filters(lang: str, clip_to_as_of: bool = True) -> tuple[date, date]:
    """The period's two dates, one under the other so each shows in full; returns the
    period the page uses (ending no later than the as-of date where the page is dated)."""
    current = filters()
    with st.sidebar:
        st.caption(t("period", lang))
        widget(st.date_input, "start", t("period_from", lang))
        widget(st.date_input, "end", t("period_to", lang))
    return current.period() if clip_to_as_of else (current.start, current.end)


def period_caption(start: date, end: date, lang: str, clipped: bool = False) -> None:
    text = t("period_caption", lang, start=i18n.fmt_date(start, lang), end=i18n.fmt_date(end, lang))
    if clipped:
        text += " " + t("period_clipped", lang, end=i18n.fmt_date(end, lang))
    st.caption(text)


def demo_banner(reg: Registry, lang: str) -> None:
    """Say plainly when the registry is demo data: a one-line notice (a footer line in
    presenter mode), with the number of published rows it carries."""
    if reg.is_demo:
        known, known_events = reg.known_counts
        text = t("demo_banner", lang, known=i18n.counted("n_centers", known, lang),
                 known_events=i18n.counted("n_events", known_events, lang))  # fmt: skip
        if filters().presenter:
            st.markdown(f"<div class='rcnet-demo-footer'>{t('demo_footer', lang)}</div>", unsafe_allow_html=True)
        else:
            st.caption("⚠️ " + text)
    if reg.rejected_rows:
        st.error(t("data_rejected", lang, n=reg.rejected_rows))


def _go_to_slide(step: int) -> None:
    current = filters()
    current.slide = min(max(current.slide + step, 1), len(slides.SLIDES))


def _leave_slideshow() -> None:
    filters().presenter = False


def slideshow(current: Filters, reg: Registry) -> None:
    """Presenter mode: one full-screen slide, a header with its title and number, and a
    footer with back, next and exit (keys too) and the demo notice as one line."""
    lang, as_of, number = current.lang, current.as_of, current.slide
    key = slides.slide_key(number)
    st.markdown(SLIDE_CSS, unsafe_allow_html=True)
    title = slides.slide_title(number, lang, current.region)
    counter = t("slide_counter", lang, n=number, total=len(slides.SLIDES))
    st.markdown(f"<div class='rcnet-slide-head'><div class='rcnet-slide-title' role='heading' aria-level='1'>"
                f"{html.escape(title)}</div>"
                f"<span>{html.escape(i18n.fmt_date(as_of, lang))} · {counter}</span></div>",
                unsafe_allow_html=True)  # fmt: skip
    config = {"displayModeBar": False, "responsive": True}
    with st.container(key="slide_body"):
        if key == "headline":
            cards = headline.network(reg.centers, as_of, lang)
            for row in (cards[:3], cards[3:]):
                for column, card in zip(st.columns(3), row):
                    column.metric(card.label, card.value)
        elif key == "events":
            st.markdown(slides.events_slide(reg, as_of, lang), unsafe_allow_html=True)
        else:
            builders = {"growth": slides.growth_slide, "choropleth": slides.choropleth_slide,
                        "foreign": slides.foreign_slide, "timelapse": slides.timelapse_slide}  # fmt: skip
            if key == "regions":
                figure, alt = slides.regions_slide(reg, as_of, lang, current.region)
            else:
                figure, alt = builders[key](reg, as_of, lang)
            st.plotly_chart(figure, height="stretch", config=config, alt=alt, key=f"slide_chart_{key}")
    with st.container(key="slide_foot", horizontal=True, vertical_alignment="center", gap="medium"):
        st.button(t("slide_previous", lang), key="slide_previous", on_click=_go_to_slide, args=(-1,),
                  disabled=number <= 1)  # fmt: skip
        st.button(t("slide_next", lang), key="slide_next", on_click=_go_to_slide, args=(1,), type="primary",
                  disabled=number >= len(slides.SLIDES))  # fmt: skip
        st.button(t("slide_exit", lang), key="slide_exit", on_click=_leave_slideshow)
        st.markdown(f"<div class='rcnet-slide-keys'>{html.escape(t('slide_keys', lang))}</div>", unsafe_allow_html=True)
        st.iframe(SLIDE_KEYS_JS, height=1)  # the page is ours (no user text): keys for the slides
    # The demo notice: one line under the buttons, never a box. (What the chart shows is its
    # accessible name; as a visible line it would not fit a 1280-pixel screen with the notice.)
    note = html.escape(t("demo_footer", lang)) if reg.is_demo else ""
    st.markdown(f"<div class='rcnet-slide-note'>{note}</div>", unsafe_allow_html=True)


def page_frame(page: str, dated: bool = True, banner: bool = True) -> tuple[Filters, Registry]:
    """What every page opens with: sidebar, registry, title (with the date), demo notice."""
    current = start_page(page)
    reg = registry()
    if current.presenter:
        slideshow(current, reg)
        end_page()
        st.stop()
    heading(page, current.lang, current.as_of if dated else None)
    if banner:
        demo_banner(reg, current.lang)
    return current, reg


def heading(page: str, lang: str, as_of: date | None = None) -> None:
    st.title(t("page_" + page, lang))
    if as_of is not None:
        st.caption(f"{t('as_of', lang)}: {i18n.fmt_date(as_of, lang)}")


def deck(deck, alt: str, key: str, height: int = 520, on_select=None) -> None:
    """A pydeck map with alt text (its accessible name, and a caption under it)."""
    if on_select:
        st.pydeck_chart(deck, on_select=on_select, selection_mode="single-object", key=key, height=height, alt=alt)
    else:
        st.pydeck_chart(deck, key=key, height=height, alt=alt)


def chart(figure, alt: str, key: str | None = None, on_select=None) -> None:
    """A plotly chart with alt text (the accessible name, and a caption for every reader);
    PNG export from its toolbar."""
    config = {"displaylogo": False, "toImageButtonOptions": {"format": "png", "scale": 2}}
    if on_select:
        st.plotly_chart(figure, key=key, on_select=on_select, selection_mode="points", config=config, alt=alt)
    else:
        st.plotly_chart(figure, key=key, config=config, alt=alt)
    st.caption(alt)


def table(frame: pd.DataFrame, lang: str, empty: str | None = None, height: int | None = None,
          hidden: tuple[str, ...] = ()) -> bool:
    """A table in the language's formats, its key columns wide enough to read and links as
    links; or, when it is empty, one sentence saying what is empty and why (never an empty
    grid). Returns whether a table was shown."""
    if len(frame) == 0:
        st.info(empty or t("empty_table", lang))
        return False
    config: dict = {label: st.column_config.Column(width=width) for label, width in tables.column_widths(lang).items()
                    if label in frame.columns}  # fmt: skip
    if t("link", lang) in frame.columns:
        config[t("link", lang)] = st.column_config.LinkColumn(display_text="↗", width=55)
    config |= {column: None for column in hidden}
    kwargs = {"height": height} if height else {}
    st.dataframe(tables.styled(frame, lang), hide_index=True, width="stretch", column_config=config, **kwargs)
    return True


def metrics(headlines: list, columns: list | None = None) -> None:
    """Headline figures (presentation.headline) as a row of metric cards: the value, its
    detail (a rank, the count behind a share) and how it is counted in the card's help."""
    cols = columns or st.columns(len(headlines))
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
        st.download_button(t("download_csv", lang), lambda: exports.to_csv_bytes(rows(), lang), file_name=f"{name}.csv",
                           mime="text/csv", key=f"csv_{name}")  # fmt: skip
    with right:
        st.download_button(t("download_xlsx", lang), lambda: exports.to_xlsx_bytes(rows(), name),
                           file_name=f"{name}.xlsx", key=f"xlsx_{name}",
                           mime="application/vnd.openxmlformats-officedocument.spreadsheetml.sheet")  # fmt: skip


GOTO_REGION = "rcnet_goto_region"


def _picked_region(state, kind: str) -> str:
    """The region code a click on a chart or map selected, or ""."""
    if kind == "plotly":
        points = state.selection.points if state else []
        if not points:
            return ""
        data = points[0].get("customdata", "")
        code = data[0] if isinstance(data, list | tuple) and data else data
        return str(code or points[0].get("location", ""))
    objects = (state.selection.objects or {}) if state else {}
    for layer in objects.values():
        if layer and layer[0].get("region_code"):
            return layer[0]["region_code"]
    return ""


SEARCH = "rcnet_search"


def _open_place(code: str, center: str) -> None:
    """A search result clicked: its region page opens (with the center highlighted)."""
    current = filters()
    current.region, current.center = code, center
    st.session_state[SEARCH] = ""
    st.session_state[GOTO_REGION] = True


def found_center(center: pd.Series, lang: str) -> None:
    """The center a search opened the region page for, named above its map (ringed on it)."""
    town = i18n.town_name(center[C.REGION_CODE], center[C.CITY], lang)
    st.info(t("found_center", lang, name=plain(center[C.NAME]), host=plain(center[C.HOST]), town=plain(town),
              opened=i18n.fmt_date(center[C.OPENED_ON], lang)))  # fmt: skip


def search_box(lang: str) -> None:
    """One box on every page: a region, town, center or host by any common spelling; each
    result opens its region's page. Without a readable registry it is left out (the page
    itself says what is wrong)."""
    try:
        reg = load_registry_from_database()
    except (TableReadError, SQLAlchemyError, OSError, RuntimeError):
        return
    query = st.text_input(t("search_places", lang), key=SEARCH, placeholder=t("search_placeholder", lang),
                          max_chars=100)  # fmt: skip
    if not query.strip():
        return
    hits = views.search_hits(reg, query.strip(), lang)
    if hits.empty:
        st.caption(t("search_nothing", lang, query=plain(query.strip())))
    for index, hit in enumerate(hits.itertuples()):
        # A label holds registry text (a center's name): button labels are markdown, so it is escaped.
        st.button(plain(hit.label), key=f"search_hit_{index}", on_click=_open_place, args=(hit.region_code, hit.center_id),
                  width="stretch")  # fmt: skip


def region_picker(key: str, kind: str):
    """An on_select callback: a click on a region (choropleth, tile or map point) opens the
    region page. It runs before the script, the one moment Streamlit lets the page change."""

    def pick() -> None:
        code = _picked_region(st.session_state.get(key), kind)
        if code in ref.regions().index:
            filters().region = code
            st.session_state[GOTO_REGION] = True

    return pick


def follow_region_pick() -> None:
    if st.session_state.pop(GOTO_REGION, False):
        st.switch_page(PAGES["region"], query_params=filters().to_params())


# --- editors ---------------------------------------------------------------------------------
EDITOR = "rcnet_editor"


def editor() -> str | None:
    """The editor signed in in this browser session (rights never cross sessions), checked
    against the current list of editors on every run: one removed from the secrets file
    loses their rights at the next click."""
    from rcnet_data.storage import auth

    name = st.session_state.get(EDITOR)
    if name:
        if name in auth.editors():
            return name
        st.session_state.pop(EDITOR, None)
    if auth.oidc_configured() and getattr(st.user, "is_logged_in", False):
        email = str(getattr(st.user, "email", "") or "").lower()
        # Only an address the provider has verified is an editor's: anyone can register an
        # unverified account with someone else's address at many providers.
        if email in auth.oidc_editors() and auth.email_verified(st.user.get("email_verified")):
            return email
    return None


SESSION_TOKEN = "rcnet_session"


def sign_in(lang: str, engine) -> str | None:
    """The sign-in box of the Data page; returns the editor's name once signed in."""
    from rcnet_data.storage import auth

    if not auth.editing_configured():
        st.info(t("editing_off", lang))
        return None
    for user, problem in auth.editor_problems():
        st.error(t("bad_hash", lang, user=plain(user), problem=problem))
    name = editor()
    if name:
        left, right = st.columns([3, 1])
        left.success(t("signed_in_as", lang, user=plain(name)))
        if right.button(t("sign_out", lang), key="sign_out"):
            st.session_state.pop(EDITOR, None)
            if auth.oidc_configured() and getattr(st.user, "is_logged_in", False):
                st.logout()  # it navigates away itself (through the provider's logout): no rerun to race it
            else:
                st.rerun()
        return name
    st.caption(t("sign_in_needed", lang))
    if auth.editors():
        session = st.session_state.setdefault(SESSION_TOKEN, __import__("secrets").token_hex(16))
        with st.form("sign_in_form"):
            user = st.text_input(t("user_name", lang), key="sign_in_user", max_chars=100)
            password = st.text_input(t("password", lang), type="password", key="sign_in_password", max_chars=200)
            if st.form_submit_button(t("sign_in", lang)):
                result = auth.sign_in(engine, user, password, session)
                if result.ok:
                    st.session_state[EDITOR] = user.strip()
                    st.rerun()
                elif result.wait_seconds:
                    st.error(t("too_many_attempts", lang, seconds=i18n.fmt_int(result.wait_seconds, lang)))
                else:
                    st.error(t("wrong_password", lang))
    if auth.oidc_configured():
        if getattr(st.user, "is_logged_in", False):
            email = str(getattr(st.user, "email", "") or "")
            unverified = email.lower() in auth.oidc_editors() and not auth.email_verified(st.user.get("email_verified"))
            st.warning(t("email_not_verified" if unverified else "not_an_editor", lang, user=plain(email)))
            if st.button(t("sign_out", lang), key="oidc_sign_out"):
                st.logout()
        elif (problem := auth.oidc_provider_problem()) is not None:
            LOG.warning("identity provider unreachable: %s", problem)
            st.warning(t("oidc_unreachable", lang))
        elif st.button(t("sign_in_oidc", lang), key="oidc"):
            st.login()
    return None


LIST_LIMIT = 50  # lines of a list shown on a page; the rest are counted


def plain_list(lines: list[str], lang: str) -> str:
    """Lines of user text as a markdown list, each escaped; past LIST_LIMIT, a count."""
    shown = [f"- {plain(line)}" for line in lines[:LIST_LIMIT]]
    if len(lines) > LIST_LIMIT:
        shown.append(f"- {t('and_more', lang, n=len(lines) - LIST_LIMIT)}")
    return "\n".join(shown)


MARKDOWN_SPECIAL = "\\`*_{}[]()#+-.!|<>~$"


def plain(text: str) -> str:
    """User text (a file name, a header, an e-mail) as text in Streamlit's markdown: every
    character that markdown would act on is escaped, so `![x](http://...)` shows as
    written and never becomes an image fetched from elsewhere."""
    return "".join("\\" + ch if ch in MARKDOWN_SPECIAL else ch for ch in str(text))
