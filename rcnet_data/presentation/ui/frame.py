"""What every page opens and closes with: the navigation built from the page table, the
sidebar (language, presenter mode, search, the date), the title and the demo notice, and a
guard that turns anything unforeseen into one sentence."""

from __future__ import annotations

import json
import logging
import traceback
from collections.abc import Callable
from datetime import date
from functools import cache
from pathlib import Path
from string import Template

import streamlit as st

from rcnet_data import settings
from rcnet_data.presentation import i18n, streamlit_texts, style
from rcnet_data.presentation.filters import Filters
from rcnet_data.presentation.i18n import t
from rcnet_data.presentation.pages import PAGES, page
from rcnet_data.presentation.ui.search import search_box
from rcnet_data.presentation.ui.slideshow import slideshow
from rcnet_data.presentation.ui.source import registry
from rcnet_data.presentation.ui.state import CURRENT_PAGE, filters, follow_region_pick, sync_url, widget
from rcnet_data.storage.registry import Registry

LOG = logging.getLogger("rcnet.ui")
PAGE_ICON = "📚"  # an emoji, not a Material icon: those fetch a web font
HERE = Path(__file__).resolve().parent
PAGE_ERROR = "rcnet_page_error"


@cache
def base_css() -> str:
    return Template((HERE / "base.css").read_text(encoding="utf-8")).substitute(
        muted=style.MUTED_TEXT,
        focus=style.FOCUS,
        selected=style.SELECTED_TEXT,
        grid_download=streamlit_texts.RUSSIAN["Download as CSV"],
    )


def navigation():
    """Streamlit's navigation of the pages in the page table, titled in the reader's
    language (hidden in presenter mode); the entry script runs what it returns."""
    lang = filters().lang
    entries = [
        st.Page(p.script, title=t(p.title_key, lang), url_path=p.url_path or None, default=not p.url_path)
        for p in PAGES
    ]
    return st.navigation(entries, position="hidden" if filters().presenter else "sidebar")


def run(page_function: Callable[[], None]) -> None:
    """Run a page; anything it did not foresee is logged with its traceback for the
    administrator and shown to the reader as one sentence, never as a traceback (a forged
    widget value sent over the websocket included). Streamlit's own stop and rerun pass."""
    try:
        page_function()
    except Exception:
        LOG.exception("page %s failed", st.session_state.get(CURRENT_PAGE, "?"))
        st.session_state[PAGE_ERROR] = traceback.format_exc()  # server-side only: for the tests to show
        st.error(t("page_failed", filters().lang))


def start_page(key: str):
    """Set up a page: its title, the sidebar (language, presenter mode, the date and the
    basemap where the page table says the page has them). Returns the filters and the place
    in the sidebar for the search box, filled once the registry is read."""
    # A click that asked for another page (a region on a map, a search result) leaves now,
    # before anything is drawn or profiled here.
    follow_region_pick()
    if settings.current().profile_dir:
        from pyinstrument import Profiler

        st.session_state["rcnet_profiler"] = Profiler(interval=0.0005)
        st.session_state["rcnet_profiler"].start()
        st.session_state["rcnet_profiled_page"] = key
    described = page(key)
    st.set_page_config(
        page_title=f"{t(described.title_key, filters().lang)} · rcnet",
        page_icon=PAGE_ICON,
        layout="wide",
        initial_sidebar_state="auto",
    )
    st.session_state[CURRENT_PAGE] = key
    current = filters()
    st.markdown(base_css(), unsafe_allow_html=True)
    declare_language(current.lang)
    with st.sidebar:
        widget(
            st.segmented_control,
            "lang",
            t("language", current.lang),
            options=list(i18n.LANGS),
            format_func=i18n.LANGUAGE_NAMES.get,
            selection_mode="single",
        )
        lang = current.lang
        widget(st.toggle, "presenter", t("presenter_mode", lang))
        search_slot = st.container()
        st.divider()
        st.header(t("filters", lang), anchor=False)
        if described.dated:
            widget(st.date_input, "as_of", t("as_of", lang), help=t("as_of_help", lang))
        if described.maps:
            widget(st.toggle, "basemap", t("online_basemap", lang), help=t("online_basemap_help", lang))
    return current, search_slot


@cache
def frontend_texts_script(lang: str) -> str:
    exact, prefixes = streamlit_texts.frontend_texts(lang)
    return Template((HERE / "frontend_texts.html").read_text(encoding="utf-8")).substitute(
        lang=lang,
        exact=json.dumps(exact, ensure_ascii=False),
        prefixes=json.dumps(prefixes, ensure_ascii=False),
        sizes=json.dumps(streamlit_texts.file_size_words(lang), ensure_ascii=False),
    )


def declare_language(lang: str) -> None:
    """Tell the browser (and a screen reader) which language the page is in, since
    Streamlit's page always says lang="en", and put Streamlit's own English strings into
    it (presentation.streamlit_texts). The script holds only our constants, no user text."""
    code = lang if lang in i18n.LANGS else i18n.DEFAULT_LANG
    st.html(frontend_texts_script(code), unsafe_allow_javascript=True)


def section(text: str) -> None:
    """A section of a page under its title: a level-2 heading (headings go in order, h1 then
    h2, for a screen reader's outline), sized as a subheading by base.css."""
    st.header(text, anchor=False)


def end_page() -> None:
    """Write the final state to the URL."""
    _stop_profile()
    sync_url()


def _stop_profile() -> None:
    profiler = st.session_state.pop("rcnet_profiler", None)
    if profiler is not None and profiler.is_running:
        profiler.stop()
        path = (
            settings.current().profile_dir or Path(".")
        ) / f"{st.session_state.get('rcnet_profiled_page', 'page')}.txt"
        path.parent.mkdir(parents=True, exist_ok=True)
        path.write_text(profiler.output_text(unicode=False, color=False), encoding="utf-8")


def demo_banner(reg: Registry, lang: str) -> None:
    """Say plainly when the registry is demo data: a one-line notice (a footer line in
    presenter mode), with the number of published rows it carries."""
    if reg.is_demo:
        known, known_events = reg.known_counts
        text = t(
            "demo_banner",
            lang,
            known=i18n.counted("n_centers", known, lang),
            known_events=i18n.counted("n_events", known_events, lang),
        )
        if filters().presenter:
            st.markdown(f"<div class='rcnet-demo-footer'>{t('demo_footer', lang)}</div>", unsafe_allow_html=True)
        else:
            st.caption("⚠️ " + text)
    if reg.rejected_rows:
        st.error(t("data_rejected", lang, n=reg.rejected_rows))


def page_frame(key: str, banner: bool = True) -> tuple[Filters, Registry]:
    """What every page opens with: sidebar, registry, title (with the date where the page
    shows the network on a date), demo notice; in presenter mode, the slideshow instead."""
    current, search_slot = start_page(key)
    reg = registry()  # the one read of the data version in this run
    if not current.presenter:
        with search_slot:
            search_box(reg, current.lang)
    if current.presenter:
        slideshow(current, reg)
        end_page()
        st.stop()
    heading(key, current.lang, current.as_of if page(key).dated else None)
    if banner:
        demo_banner(reg, current.lang)
        if reg.is_empty:  # no chart of nothing: one sentence, and where the registry comes in
            st.info(t("registry_empty", current.lang))
            end_page()
            st.stop()
    return current, reg


def heading(key: str, lang: str, as_of: date | None = None) -> None:
    st.title(t(page(key).title_key, lang))
    if as_of is not None:
        st.caption(f"{t('as_of', lang)}: {i18n.fmt_date(as_of, lang)}")
