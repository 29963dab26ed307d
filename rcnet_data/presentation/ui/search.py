"""One search box on every page: a region, town, center or host by any common spelling (a
result opens its region's page), and a page by its name."""

from __future__ import annotations

import streamlit as st

from rcnet_data.presentation import views
from rcnet_data.presentation.i18n import t
from rcnet_data.presentation.ui.state import GOTO_PAGE, GOTO_REGION, callback, filters
from rcnet_data.presentation.ui.text import plain
from rcnet_data.storage.registry import Registry

SEARCH = "rcnet_search"


@callback
def _open_place(code: str, center: str) -> None:
    """A search result clicked: its region page opens (with the center highlighted)."""
    current = filters()
    current.region, current.center = code, center
    st.session_state[SEARCH] = ""
    st.session_state[GOTO_REGION] = True


@callback
def _open_page(key: str) -> None:
    """A page found by its name: it opens, with the filters as they are."""
    st.session_state[SEARCH] = ""
    st.session_state[GOTO_PAGE] = key


def search_box(reg: Registry, lang: str) -> None:
    """One box on every page: a region, town, center or host by any common spelling; each
    result opens its region's page."""
    query = st.text_input(
        t("search_places", lang), key=SEARCH, placeholder=t("search_placeholder", lang), max_chars=100
    )
    if not query.strip():
        return
    hits = views.search_hits(reg, query.strip(), lang)
    if hits.empty:
        st.caption(t("search_nothing", lang, query=plain(query.strip())))
    for index, hit in enumerate(hits.itertuples()):
        # A label holds registry text (a center's name): button labels are markdown, so it is escaped.
        opens_page = hit.kind == "page"
        st.button(
            plain(hit.label),
            key=f"search_hit_{index}",
            on_click=_open_page if opens_page else _open_place,
            args=(hit.page,) if opens_page else (hit.region_code, hit.center_id),
            width="stretch",
        )
