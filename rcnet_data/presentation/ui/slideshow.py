"""Presenter mode: one full-screen slide with its title and number, back, next and exit
(keys too), and the demo notice as one line. Its CSS and key script are files of this
package (slideshow.css, slide_keys.html)."""

from __future__ import annotations

import html
from functools import cache
from pathlib import Path
from string import Template

import streamlit as st

from rcnet_data.presentation import headline, i18n, slides, style
from rcnet_data.presentation.filters import Filters
from rcnet_data.presentation.i18n import t
from rcnet_data.presentation.ui.state import callback, filters
from rcnet_data.storage.registry import Registry

HERE = Path(__file__).resolve().parent
SLIDE_HEAD_PX = 78
SLIDE_FOOT_PX = 92


@cache
def slide_css() -> str:
    return Template((HERE / "slideshow.css").read_text(encoding="utf-8")).substitute(
        ink=style.INK,
        light_grey=style.LIGHT_GREY,
        head_px=SLIDE_HEAD_PX,
        body_offset=SLIDE_HEAD_PX + SLIDE_FOOT_PX + 24,
    )


@cache
def slide_keys_js() -> str:
    return (HERE / "slide_keys.html").read_text(encoding="utf-8")


@callback
def _go_to_slide(step: int) -> None:
    current = filters()
    current.slide = min(max(current.slide + step, 1), len(slides.SLIDES))


@callback
def _leave_slideshow() -> None:
    filters().presenter = False


def slideshow(current: Filters, reg: Registry) -> None:
    """Presenter mode: one full-screen slide, a header with its title and number, and a
    footer with back, next and exit (keys too) and the demo notice as one line."""
    lang, as_of, number = current.lang, current.as_of, current.slide
    key = slides.slide_key(number)
    st.markdown(slide_css(), unsafe_allow_html=True)
    title = slides.slide_title(number, lang, current.region, current.since)
    counter = t("slide_counter", lang, n=number, total=len(slides.SLIDES))
    st.markdown(
        f"<div class='rcnet-slide-head'><div class='rcnet-slide-title' role='heading' aria-level='1'>"
        f"{html.escape(title)}</div>"
        f"<span>{html.escape(i18n.fmt_date(as_of, lang))} · {counter}</span></div>",
        unsafe_allow_html=True,
    )
    config = {"displayModeBar": False, "responsive": True}
    with st.container(key="slide_body"):
        if key == "headline":
            cards = headline.network(reg.centers, as_of, lang)
            for row in (cards[:3], cards[3:]):
                for column, card in zip(st.columns(3), row):
                    column.metric(card.label, card.value)
        elif key == "events":
            st.markdown(slides.events_slide(reg, as_of, lang), unsafe_allow_html=True)
        elif key == "changes":
            cards, sentence, opened = slides.changes_slide(reg, current.since, as_of, current.km, lang)
            for column, card in zip(st.columns(len(cards)), cards):
                column.metric(card.label, card.value)
            st.markdown(f"<p class='rcnet-slide-summary'>{html.escape(sentence)}</p>", unsafe_allow_html=True)
            if opened:
                st.markdown(opened, unsafe_allow_html=True)
        else:
            builders = {
                "growth": slides.growth_slide,
                "choropleth": slides.choropleth_slide,
                "foreign": slides.foreign_slide,
                "timelapse": slides.timelapse_slide,
            }
            if key == "regions":
                figure, alt = slides.regions_slide(reg, as_of, lang, current.region)
            else:
                figure, alt = builders[key](reg, as_of, lang)
            st.plotly_chart(figure, height="stretch", config=config, alt=alt, key=f"slide_chart_{key}")
    with st.container(key="slide_foot", horizontal=True, vertical_alignment="center", gap="medium"):
        st.button(
            t("slide_previous", lang), key="slide_previous", on_click=_go_to_slide, args=(-1,), disabled=number <= 1
        )
        st.button(
            t("slide_next", lang),
            key="slide_next",
            on_click=_go_to_slide,
            args=(1,),
            type="primary",
            disabled=number >= len(slides.SLIDES),
        )
        st.button(t("slide_exit", lang), key="slide_exit", on_click=_leave_slideshow)
        st.markdown(f"<div class='rcnet-slide-keys'>{html.escape(t('slide_keys', lang))}</div>", unsafe_allow_html=True)
        st.iframe(slide_keys_js(), height=1)  # the page is ours (no user text): keys for the slides
    # The demo notice: one line under the buttons, never a box. (What the chart shows is its
    # accessible name; as a visible line it would not fit a 1280-pixel screen with the notice.)
    note = html.escape(t("demo_footer", lang)) if reg.is_demo else ""
    st.markdown(f"<div class='rcnet-slide-note'>{note}</div>", unsafe_allow_html=True)
