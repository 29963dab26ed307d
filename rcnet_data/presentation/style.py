"""One colour scheme and type scale for every chart, map and slide.

Colours are the Okabe-Ito palette, distinguishable with the common colour-vision
deficiencies; the sequential scale (cividis) is readable in greyscale too.
"""

from __future__ import annotations

from rcnet_data.core import columns

BLUE = "#0072B2"
ORANGE = "#E69F00"
GREEN = "#009E73"
VERMILLION = "#D55E00"
PURPLE = "#CC79A7"
SKY = "#56B4E9"
YELLOW = "#F0E442"
BLACK = "#000000"
GREY = "#8C8C8C"
LIGHT_GREY = "#E6E8EC"
INK = "#1B2430"
# Text colours checked for WCAG 2.1 AA (4.5:1 for text) on white and on the sidebar's
# #F1F4F8: muted text 6.3:1 and 5.7:1, the focus ring and links 6.6:1 and 6.0:1.
MUTED_TEXT = "#5A616B"
FOCUS = "#0B5FA5"
# The chosen option of a segmented control (the sidebar's language switch): Streamlit writes
# it in the primary colour on a 20 % tint of it while the pointer rests on it, 4.4:1 on the
# sidebar; this darker blue is 5.6:1 there (6.2:1 on white's tint).
SELECTED_TEXT = "#094F8A"
SELECTED_TINT = 0.2  # the strongest tint Streamlit lays under the chosen option (hovered)
SIDEBAR_BACKGROUND = "#F1F4F8"  # .streamlit/config.toml's secondaryBackgroundColor
WHITE = "#FFFFFF"

NETWORK_COLOURS = {columns.DOMESTIC: BLUE, columns.FOREIGN: ORANGE}
KIND_COLOURS = {
    columns.KIND_BRANCH: PURPLE,
    columns.KIND_REGIONAL: GREEN,
    columns.KIND_RAC: BLUE,
    columns.KIND_FOREIGN: ORANGE,
}
# Eight federal districts, eight distinguishable colours.
DISTRICT_COLOURS = {
    "CFD": BLUE,
    "NWFD": SKY,
    "SFD": ORANGE,
    "NCFD": VERMILLION,
    "VFD": GREEN,
    "UFD": PURPLE,
    "SibFD": "#6B4C9A",
    "FEFD": BLACK,
}
SEQUENTIAL = "cividis"
# Tiles: light (few) to dark (many), so short labels stay readable on either end.
TILE_SCALE = "cividis_r"
ZERO_COLOUR = "#ECEEF1"  # the class of regions with none: pale grey, apart from the scale
GAP_COLOUR = VERMILLION  # regions without a center or below the per-capita level
MILESTONE_COLOUR = VERMILLION
PLAN_COLOUR = SKY  # suggested next sites: apart from the kinds of center and the far towns

FONT_FAMILY = "Inter, 'Segoe UI', Roboto, 'Helvetica Neue', Arial, sans-serif"
FONT_SIZE = 14
PRESENTER_FONT_SIZE = 22
SLIDE_FONT_SIZE = 22  # px: ticks and labels on a slide, legible at projector distance (at least 20)
TILE_LABEL = 12  # px: the smallest type on a map of the regions
TILE_LABEL_PRESENTER = 16


def hex_to_rgb(colour: str, alpha: int = 255) -> list[int]:
    colour = colour.lstrip("#")
    return [int(colour[i : i + 2], 16) for i in (0, 2, 4)] + [alpha]


def relative_luminance(colour: str) -> float:
    """WCAG 2.1's relative luminance of an sRGB colour ("#RRGGBB" or "rgb(…)")."""
    channels = [c / 255 for c in hex_to_rgb(rgb_to_hex(colour))[:3]]
    linear = [c / 12.92 if c <= 0.04045 else ((c + 0.055) / 1.055) ** 2.4 for c in channels]
    return 0.2126 * linear[0] + 0.7152 * linear[1] + 0.0722 * linear[2]


def contrast_ratio(first: str, second: str) -> float:
    """WCAG 2.1's contrast ratio of two colours, 1 to 21."""
    light, dark = sorted((relative_luminance(first), relative_luminance(second)), reverse=True)
    return (light + 0.05) / (dark + 0.05)


def readable_on(fill: str) -> str:
    """Ink or white, whichever has the higher contrast with the fill."""
    return INK if contrast_ratio(INK, fill) >= contrast_ratio(WHITE, fill) else WHITE


def rgb_to_hex(colour: str) -> str:
    """ "rgb(12, 34, 56)" (as plotly's colour scales give them) -> "#0C2238"."""
    if colour.startswith("#"):
        return colour.upper()
    red, green, blue = (int(float(v)) for v in colour[colour.index("(") + 1 : -1].split(",")[:3])
    return f"#{red:02X}{green:02X}{blue:02X}"
