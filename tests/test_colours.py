"""The text colours rcnet sets itself meet WCAG 2.1 AA (4.5:1) on every background they stand
on, counted here from the colours, not taken from the comments beside them."""

from __future__ import annotations

import tomllib

import pytest

from rcnet_data.presentation import style
from tests.conftest import PROJECT_ROOT


def tinted(colour: str, background: str, alpha: float) -> str:
    """`colour` laid over `background` at `alpha`, as the browser composes a translucent fill."""
    over, under = style.hex_to_rgb(colour)[:3], style.hex_to_rgb(background)[:3]
    return "#" + "".join(f"{round(alpha * a + (1 - alpha) * b):02X}" for a, b in zip(over, under, strict=True))


def test_the_sidebar_background_is_the_themes():
    theme = tomllib.loads((PROJECT_ROOT / ".streamlit" / "config.toml").read_text(encoding="utf-8"))["theme"]
    assert theme["secondaryBackgroundColor"].upper() == style.SIDEBAR_BACKGROUND
    assert theme["primaryColor"].upper() == style.FOCUS


@pytest.mark.parametrize("background", [style.SIDEBAR_BACKGROUND, style.WHITE])
def test_muted_text_and_links_read_on_the_page_and_the_sidebar(background):
    assert style.contrast_ratio(style.MUTED_TEXT, background) >= 4.5
    assert style.contrast_ratio(style.FOCUS, background) >= 4.5


@pytest.mark.parametrize("background", [style.SIDEBAR_BACKGROUND, style.WHITE])
def test_a_chosen_option_reads_under_the_pointer(background):
    """The language switch's chosen option while the pointer rests on it (the moment after the
    click): Streamlit's primary colour falls short there, rcnet's darker blue does not."""
    hovered = tinted(style.FOCUS, background, style.SELECTED_TINT)
    assert style.contrast_ratio(style.SELECTED_TEXT, hovered) >= 4.5
    if background == style.SIDEBAR_BACKGROUND:
        assert style.contrast_ratio(style.FOCUS, hovered) < 4.5  # why the darker blue is needed
