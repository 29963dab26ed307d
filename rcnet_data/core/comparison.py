"""Regions side by side over time: open centers, centers per 100,000 residents and the share
of residents within reach of a center, with their federal districts' and the country's
averages to read them against."""

from __future__ import annotations

import pandas as pd

from rcnet_data.core import analytics, columns
from rcnet_data.core import coverage as cov
from rcnet_data.core import reference as ref

NATIONAL = "national"
COLUMNS = ["date", "series", "kind", "centers", "per_100k", "coverage"]


def compare_regions(centers: pd.DataFrame, reach: cov.Reach, codes: list[str], days) -> pd.DataFrame:
    """Long rows (date, series, kind, centers, per_100k, coverage): one series per chosen
    region (kind "region"), one per federal district of theirs ("district:CODE", kind
    "district") and the country ("national"). A district's or the country's `centers` is
    its average per region; its per-100k and coverage are of its whole population."""
    regions = ref.regions()
    domestic = centers[centers[columns.NETWORK] == columns.DOMESTIC]
    districts = sorted({regions.at[code, "federal_district"] for code in codes})
    rows = []
    for day in pd.DatetimeIndex(days):
        counts = (
            analytics.open_centers(domestic, day)[columns.REGION_CODE]
            .value_counts()
            .reindex(regions.index, fill_value=0)
        )
        reached = reach.by_region(day)
        groups = [(code, "region", [code]) for code in codes]
        groups += [
            (f"district:{d}", "district", list(regions.index[regions["federal_district"] == d])) for d in districts
        ]
        groups.append((NATIONAL, "national", list(regions.index)))
        for series, kind, members in groups:
            population = int(regions.loc[members, "population"].sum())
            opened = int(counts.loc[members].sum())
            rows.append(
                {
                    "date": day,
                    "series": series,
                    "kind": kind,
                    "centers": opened if kind == "region" else opened / len(members),
                    "per_100k": opened / population * 100_000,
                    "coverage": float(reached.loc[members, "covered_residents"].sum() / population),
                }
            )
    return pd.DataFrame(rows, columns=COLUMNS)
