"""What a page can be set to, and the bounds of every control, in one place.

The filters live in the session and in the URL, so a copied link reproduces a view. Any
value, from a link, an old session or a stored widget, is cleaned against the same bounds
the widgets use (`BOUNDS`, `date_bounds`): out-of-range values are clamped, unknown codes
dropped, garbage replaced by the default. No page ever sees a value its widget would
refuse, so no widget raises.
"""

from __future__ import annotations

import math
from dataclasses import asdict, dataclass, field, fields
from datetime import date, timedelta

import pandas as pd

from rcnet_data.core import columns
from rcnet_data.core import reference as ref
from rcnet_data.presentation import i18n

FIRST_DAY = date(2008, 1, 1)  # the first regional center (Komi, 2008) and the earliest date a control offers
GROWTH_START = date(2009, 1, 1)  # growth charts start with the library's first full year
MAP_VIEWS = ("points", "density")
COVERAGE_VIEWS = ("choropleth", "tiles")
FREQUENCIES = ("YS", "MS")
METRICS = ("centers", "per_100k", "coverage", "openings_in_period", "events_in_period")
MAX_TEXT = 200  # words typed into a search box
MAX_COMPARE = 6  # regions compared side by side


def today() -> date:
    return date.today()


# The previous meeting, as the changes page offers it: the same day a month or a quarter
# ago, the end of last year, the same day a year ago; or any day ("custom").
MEETINGS = ("month", "quarter", "year_start", "year", "custom")


def meeting_day(preset: str, until: date) -> date:
    """The day of the previous meeting a preset names, counted back from `until`."""
    if preset == "year_start":
        return date(until.year - 1, 12, 31)
    months = {"month": 1, "quarter": 3, "year": 12}[preset]
    return (pd.Timestamp(until) - pd.DateOffset(months=months)).date()


@dataclass(frozen=True)
class NumberBounds:
    low: float
    high: float
    step: float
    snap: bool = False  # a slider can only stand on its steps; a typed number keeps its value


# Numeric controls: the widget takes its min, max and step from here, and so does cleaning.
BOUNDS: dict[str, NumberBounds] = {
    "threshold": NumberBounds(0.0, 100.0, 0.5, snap=True),
    "target": NumberBounds(1, 100_000, 100),
    "km": NumberBounds(5, 300, 5, snap=True),
    "slide": NumberBounds(1, 8, 1, snap=True),  # presenter mode: the slides of slides.SLIDES
    "sites": NumberBounds(1, 30, 1, snap=True),
}


@dataclass
class Filters:
    """Everything a page can be set to; mirrored in the URL so a link reproduces the view."""

    lang: str = i18n.DEFAULT_LANG
    presenter: bool = False
    slide: int = 1  # presenter mode: which slide
    as_of: date = field(default_factory=today)
    start: date = field(default_factory=lambda: today() - timedelta(days=365))
    end: date = field(default_factory=today)
    district: str = ""
    region: str = ""
    regions: tuple[str, ...] = ()  # the comparison page's regions
    metric: str = "centers"
    coverage_view: str = "choropleth"
    threshold: float = 0.0
    view: str = "points"
    freq: str = "YS"
    on: date = field(default_factory=today)  # growth page: the network on this date
    target: int = 2000
    country: str = ""
    types: tuple[str, ...] = ()
    q: str = ""
    km: int = 50
    sites: int = 10  # the region page's suggested next sites
    center: str = ""  # a center to highlight on the region page (from search)
    basemap: bool = False  # an online basemap under the maps (needs the internet)
    meeting: str = "month"  # the changes page: the previous meeting (MEETINGS)
    since: date = field(default_factory=lambda: meeting_day("month", today()))  # the changes page: "before"

    @classmethod
    def from_params(cls, params: dict[str, str | None]) -> Filters:
        """Read URL parameters; anything malformed falls back to its default."""
        defaults = cls()
        values = {}
        for item in fields(cls):
            raw = params.get(item.name)
            if raw is None or not isinstance(raw, str) or raw == "":
                continue
            default = getattr(defaults, item.name)
            try:
                values[item.name] = _parse(raw, default)
            except (ValueError, OverflowError):
                continue
        return cls(**values).cleaned()

    def cleaned(self) -> Filters:
        """Clamp every value to its control's bounds and drop codes we do not know (an
        edited link or an old session must never break a page)."""
        if self.lang not in i18n.LANGS:
            self.lang = i18n.DEFAULT_LANG
        for name in ("as_of", "start", "end", "on", "since"):
            low, high = date_bounds(name, self)
            value = getattr(self, name)
            setattr(self, name, min(max(value, low), high) if isinstance(value, date) else high)
        if self.meeting not in MEETINGS:
            self.meeting = "month"
        if self.meeting != "custom":  # a preset counts back from the as-of date
            self.since = max(meeting_day(self.meeting, self.as_of), FIRST_DAY)
        if self.start > self.end:
            self.start, self.end = self.end, self.start
        for name, bounds in BOUNDS.items():
            setattr(self, name, clamp_number(getattr(self, name), bounds, type(getattr(Filters(), name))))
        if self.district not in ref.federal_districts().index:
            self.district = ""
        self.region = known_region(self.region)
        self.regions = tuple(dict.fromkeys(code for code in map(known_region, self.regions) if code))[:MAX_COMPARE]
        if self.country and self.country not in ref.countries().index:
            self.country = ""
        if self.metric not in METRICS:
            self.metric = "centers"
        if self.view not in MAP_VIEWS:
            self.view = "points"
        if self.coverage_view not in COVERAGE_VIEWS:
            self.coverage_view = "choropleth"
        if self.freq not in FREQUENCIES:
            self.freq = "YS"
        self.types = tuple(dict.fromkeys(v for v in self.types if v in columns.EVENT_TYPES))
        self.q = str(self.q)[:MAX_TEXT]
        self.center = str(self.center)[:100]
        return self

    def period(self) -> tuple[date, date]:
        """The chosen period, ending no later than the as-of date: a page "as of" a day
        never counts what happened after it. A period that would end after that day ends on
        it and keeps its length (the last 12 months before a past as-of date, not one day)."""
        if self.end <= self.as_of:
            return self.start, self.end
        months = (self.end.year - self.start.year) * 12 + self.end.month - self.start.month
        if self.start.day == self.end.day and months > 0:  # whole months (the default year): kept as months
            start = (pd.Timestamp(self.as_of) - pd.DateOffset(months=months)).date()
        else:
            start = self.as_of - (self.end - self.start)
        return max(start, FIRST_DAY), self.as_of

    def period_clipped(self) -> bool:
        return self.end > self.as_of

    def to_params(self, pinned: tuple[str, ...] = ()) -> dict[str, str]:
        """Only what differs from the defaults, so links stay short; `pinned` values always
        (a meeting's link must show the same two days tomorrow)."""
        defaults = asdict(Filters())
        params = {}
        for key, value in asdict(self).items():
            if value == defaults[key] and key not in pinned:
                continue
            if isinstance(value, bool):
                params[key] = "1" if value else "0"
            elif isinstance(value, date):
                params[key] = value.isoformat()
            elif isinstance(value, tuple | list):
                params[key] = ",".join(value)
            else:
                params[key] = str(value)
        return params


def date_bounds(name: str, filters: Filters | None = None) -> tuple[date, date]:
    """The first and last day a date control offers. The network-on-a-date control ends at
    the as-of date, so it follows that date down."""
    if name == "on":
        as_of = filters.as_of if filters is not None else today()
        return min(GROWTH_START, as_of), as_of
    if name == "since":  # the day compared with: no later than the as-of date
        return FIRST_DAY, filters.as_of if filters is not None else today()
    return FIRST_DAY, today()


def clamp_number(value, bounds: NumberBounds, kind: type = float):
    """A number inside its control's bounds, on its step (NaN and infinities give the low end)."""
    try:
        number = float(value)
    except (TypeError, ValueError):
        number = bounds.low
    if not math.isfinite(number):
        number = bounds.low
    number = min(max(number, bounds.low), bounds.high)
    if bounds.snap:
        number = min(bounds.low + round((number - bounds.low) / bounds.step) * bounds.step, bounds.high)
    return int(round(number)) if kind is int else float(number)


def known_region(value: str) -> str:
    """A region code from a code or any common spelling of a region; "" when unknown."""
    if not value:
        return ""
    if value in ref.regions().index:
        return value
    from rcnet_data.core.search import find_region

    try:
        return find_region(value)  # a name, a capital («Пенза») or a misspelling («Пинза»)
    except ValueError:
        return ""


def _parse(raw: str, default):
    if isinstance(default, bool):
        return raw.strip().lower() in ("1", "true", "yes", "on")
    if isinstance(default, date):
        return date.fromisoformat(raw.strip()[:10])
    if isinstance(default, int):
        return int(float(raw.strip()))
    if isinstance(default, float):
        return float(raw.strip().replace(",", "."))
    if isinstance(default, tuple):
        return tuple(v.strip() for v in raw.split(",") if v.strip())
    return raw
