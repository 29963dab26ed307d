"""Colour classes for maps of the regions: a few bins with round edges, as Our World in Data
draws them, shared by the choropleth, the tile grid and the slides, so one region has one
colour everywhere.

Binned colours read better than a continuous scale when one region (Tyumen, Moscow) is far
above the rest: every class is named in the legend, and the top one is open-ended («≥ 80»),
so nothing is silently capped.
"""

from __future__ import annotations

import math
from dataclasses import dataclass
from functools import cached_property

import numpy as np
import pandas as pd
from plotly.colors import get_colorscale, sample_colorscale

from rcnet_data.presentation import i18n, style

POSITIVE_CLASSES = 5  # plus a class for zero where there are zeros: 5-6 in all
NICE_STEPS = (1, 1.5, 2, 2.5, 3, 4, 5, 6, 8, 10)


@dataclass(frozen=True)
class Classes:
    """Class edges: class k holds values in [edges[k], edges[k+1]); the last is open-ended.
    `zero` says whether class 0 is the value 0 alone (no center)."""

    edges: tuple[float, ...]
    zero: bool
    integer: bool

    def index(self, values) -> np.ndarray:
        """The class of each value (NaN counts as the lowest)."""
        array = np.nan_to_num(np.asarray(values, dtype=float), nan=0.0)
        if not self.zero:
            return np.clip(np.searchsorted(self.edges, array, side="right") - 1, 0, len(self.edges) - 1)
        # Zero alone is class 0; any positive value is in class 1 or above.
        above = np.maximum(np.searchsorted(self.edges[1:], array, side="right"), 1)
        return np.clip(np.where(array > 0, above, 0), 0, len(self.edges) - 1)

    @cached_property
    def colours(self) -> list[str]:
        """One colour per class: the zero class pale grey, the rest along the sequential scale."""
        positive = len(self.edges) - (1 if self.zero else 0)
        shades = [min(0.2 + 0.8 * k / max(positive - 1, 1), 1.0) for k in range(positive)]
        colours = [style.rgb_to_hex(c) for c in sample_colorscale(get_colorscale(style.TILE_SCALE), shades)]
        return ([style.ZERO_COLOUR] if self.zero else []) + colours

    def labels(self, lang: str) -> list[str]:
        """«0», «1–9», «10–19», «≥ 80» (or «0,5–1» for decimals), one per class."""
        labels = []
        for k, low in enumerate(self.edges):
            if self.zero and k == 0:
                labels.append(self._number(0, lang))
                continue
            if k == len(self.edges) - 1:
                labels.append(f"≥ {self._number(low, lang)}")
                continue
            high = self.edges[k + 1]
            if self.integer:
                top = high - 1
                labels.append(
                    self._number(low, lang) if top <= low else f"{self._number(low, lang)}–{self._number(top, lang)}"
                )
            else:
                labels.append(f"{self._number(low, lang)}–{self._number(high, lang)}")
        return labels

    def _number(self, value: float, lang: str) -> str:
        return i18n.fmt_int(value, lang) if self.integer else i18n.fmt_float(value, lang, 2)

    def text_colours(self) -> list[str]:
        """Per class, the label colour (ink or white) that stands out most from its fill by
        WCAG's contrast ratio: the middle classes of cividis are greys that ink reads badly on."""
        return [style.readable_on(colour) for colour in self.colours]


def nice(value: float, up: bool = True) -> float:
    """The nearest round number (1, 1.5, 2, 2.5, 3, 4, 5, 6, 8 × 10^k) above (or below) a value."""
    if value <= 0:
        return 0.0
    exponent = math.floor(math.log10(value))
    candidates = [step * 10**e for e in (exponent - 1, exponent, exponent + 1) for step in NICE_STEPS]
    candidates = sorted(c for c in candidates if (c >= value if up else c <= value))
    return float(candidates[0] if up else candidates[-1])


def class_breaks(values: pd.Series, integer: bool = True, count: int = POSITIVE_CLASSES) -> Classes:
    """Round class edges at the quantiles of the positive values; zero gets a class of its
    own when some region has none."""
    array = np.asarray(pd.to_numeric(values, errors="coerce"), dtype=float)
    array = array[np.isfinite(array)]
    positive = array[array > 0]
    zero = bool((array == 0).any()) or len(positive) == 0
    low = 1.0 if integer else (nice(positive.min(), up=False) if len(positive) else 0.0)
    edges = [0.0] if zero else []
    edges.append(low)
    if len(positive):
        for q in np.linspace(0, 1, count + 1)[1:-1]:
            cut = nice(float(np.quantile(positive, q)))
            if integer:
                cut = max(math.ceil(cut), 1)
            if cut > edges[-1]:
                edges.append(cut)
    return Classes(tuple(dict.fromkeys(edges)), zero, integer)
