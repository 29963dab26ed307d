"""Headline figures: one model, made in one place, shown by every artefact.

The Overview's cards, the Growth page's network on a date, presenter mode's first slide,
the overview deck's first slide, and the Region page's cards with the region report's
headline all take their figures from here, so a number is counted and written the same way
wherever a user reads it.
"""

from __future__ import annotations

from dataclasses import dataclass
from datetime import date

import pandas as pd

from rcnet_data.core import analytics
from rcnet_data.core import reference as ref
from rcnet_data.presentation import i18n
from rcnet_data.presentation.i18n import t


@dataclass(frozen=True)
class Headline:
    """One headline figure: what it counts, its value as written, and the number itself."""

    key: str
    label: str
    value: str  # as the language writes it: «1 749», «72,6 %», «85 из 85»
    number: float | None  # the figure itself (tests and the artefact harness compare it)
    detail: str = ""  # a rank or the count behind a share: «место 5 из 85», «412 000 жителей»
    help: str = ""  # how it is counted, for a card's tooltip
    delta: str | None = None  # a change, for a card's arrow (+12)
    short: str = ""  # the label on a narrow card («На 100 000», «В пределах 50 км»)

    @property
    def card_label(self) -> str:
        return self.short or self.label

    def with_detail(self) -> str:
        """The value with its detail in brackets, as reports print it: «12 (место 5 из 85)»."""
        return f"{self.value} ({self.detail})" if self.detail else self.value


def regions_total() -> int:
    """The regions the reference holds: the 85 the library counted in 2018–2020, and any
    subject regions_extra.csv adds."""
    return len(ref.regions())


def network(centers: pd.DataFrame, as_of: date, lang: str) -> list[Headline]:
    """The network on a date: centers in Russia and abroad, countries, regions covered, and
    the openings in the 12 months up to the date against the 12 before."""
    size = analytics.network_size(centers, as_of)
    last, previous = analytics.openings_comparison(centers, as_of)
    total = regions_total()
    return [
        Headline(
            "domestic_centers",
            t("domestic_centers", lang),
            i18n.fmt_int(size.domestic_centers, lang),
            size.domestic_centers,
        ),
        Headline(
            "foreign_centers",
            t("foreign_centers", lang),
            i18n.fmt_int(size.foreign_centers, lang),
            size.foreign_centers,
        ),
        Headline("countries", t("countries", lang), i18n.fmt_int(size.countries, lang), size.countries),
        Headline(
            "regions_covered",
            t("regions_covered", lang),
            f"{i18n.fmt_int(size.regions_covered, lang)} {t('regions_of', lang, n=total)}",
            size.regions_covered,
        ),
        Headline(
            "openings_12m",
            t("openings_12m", lang),
            i18n.fmt_int(last, lang),
            last,
            help=f"{t('openings_12m_help', lang)} {t('vs_previous', lang)}: {i18n.fmt_int(previous, lang)}",
            delta=i18n.fmt_signed(last - previous, lang),
        ),
    ]


def region(row: pd.Series, lang: str, km: int) -> list[Headline]:
    """A region's figures from its row of the coverage table (views.coverage): centers,
    centers per 100,000 residents and the share of residents within `km` of a center, each
    with its rank among the regions, and the events of the period."""
    total = regions_total()
    has = row["centers"] > 0
    known = pd.notna(row["population"])  # a subject of regions_extra.csv may have no population data

    def rank(column: str) -> str:
        return t("rank_place", lang, rank=int(row[column]), total=total) if has and pd.notna(row[column]) else ""

    # Unknown population: the card says «н/д» (a long sentence would be cut to «нет да…» on
    # a card) and its detail says why; never a number made of no data.
    residents = i18n.counted("n_residents", row["covered_residents"], lang) if known else t("no_population_data", lang)
    no_data = t("no_data_short", lang)
    rank_of_centers = t("rank_of", lang, rank=int(row["rank_centers"]), total=total) if has else "—"
    return [
        Headline("centers", t("centers", lang), i18n.fmt_int(row["centers"], lang), int(row["centers"])),
        Headline(
            "rank",
            t("rank", lang),
            rank_of_centers,
            int(row["rank_centers"]) if has else None,
            help=t("rank_help", lang, metric=t("centers", lang), total=total),
        ),
        Headline(
            "per_100k",
            t("per_100k", lang),
            i18n.fmt_per_100k(row["per_100k"], lang) if known else no_data,
            float(row["per_100k"]) if known else None,
            rank("rank_per_100k") if known else t("no_population_data", lang),
            t("rank_help", lang, metric=t("per_100k", lang), total=total),
            short=t("per_100k_short", lang),
        ),
        Headline(
            "coverage",
            t("coverage_share", lang, km=km),
            i18n.fmt_percent(row["coverage"], lang) if known else no_data,
            float(row["coverage"]) if known else None,
            ", ".join(part for part in (residents, rank("rank_coverage")) if part),
            t("coverage_method", lang, km=km),
            short=t("coverage_share_short", lang, km=km),
        ),
        Headline(
            "events_in_period",
            t("events_in_period", lang),
            i18n.fmt_int(row["events_in_period"], lang),
            int(row["events_in_period"]),
        ),
    ]


def by_key(headlines: list[Headline]) -> dict[str, Headline]:
    return {h.key: h for h in headlines}


def extra_regions_note(codes, lang: str) -> str | None:
    """What a map and its figures cannot show for subjects the bundled reference does not
    hold (regions_extra.csv): no boundary ships for them, so their centers are points only;
    without population data their share and rate per 100,000 are not counted."""
    extra = [code for code in codes if code in ref.extra_region_codes()]
    if not extra:
        return None
    names = ", ".join(i18n.region_names(extra, lang))
    text = t("no_boundary_note", lang, regions=names)
    unknown = [code for code in extra if pd.isna(ref.regions().at[code, "population"])]
    if unknown:
        text += " " + t("no_population_note", lang, regions=", ".join(i18n.region_names(unknown, lang)))
    return text
