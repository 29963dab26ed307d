"""Find a region, town, center or host by any common spelling, in Russian or English:
«пенза», "Penza", «Лермонтовская», «ХМАО», and misspellings of them («Пинза»).

Region names go through the reference matcher first (official names, abbreviations such
as «ХМАО», romanisations); everything else is scored by rapidfuzz's WRatio against
normalised names (lower case, ё as е, Latin romanisations folded), so a word inside a long
name («Лермонтовская» in a library's name) and a letter or two wrong both still match.
"""

from __future__ import annotations

from dataclasses import dataclass

import pandas as pd
from rapidfuzz import fuzz, process

from rcnet_data.core import columns
from rcnet_data.core import reference as ref

KINDS = ("region", "town", "center", "host")  # also the order of equal scores
CAPITAL = "(capital)"  # marks a region's row whose name is its capital's
MIN_SCORE = 75  # below this a match is more often wrong than right (checked on misspellings)
MIN_QUERY = 2  # characters
SHORT_QUERY = 5  # characters: shorter queries are scored as whole words, not inside longer names
HIT_COLUMNS = ["kind", "region_code", "city", "center_id", "text", "score"]


@dataclass(frozen=True)
class SearchIndex:
    """Every searchable name, normalised, with what it points to."""

    keys: list[str]
    targets: pd.DataFrame  # per key: kind, region_code, city, center_id, text (the name as written)

    @classmethod
    def build(cls, centers: pd.DataFrame) -> SearchIndex:
        rows: list[tuple[str, str, str, str, str]] = []
        regions = ref.regions()
        for code in regions.index:
            # A region is found by its capital too: «пенза» offers Пензенская область as well as the town.
            capitals = [regions.at[code, "capital_ru"], regions.at[code, "capital_en"]]
            names = ref.region_index().display_names(code)
            rows += [("region", code, "", "", name) for name in names]
            rows += [
                ("region", code, "", CAPITAL, name) for name in dict.fromkeys(capitals) if name and name not in names
            ]
        domestic = centers[centers[columns.NETWORK] == columns.DOMESTIC]
        for code, city in domestic[[columns.REGION_CODE, columns.CITY]].drop_duplicates().itertuples(index=False):
            for name in {city, ref.town_in(code, city, "en"), ref.town_in(code, city, "ru")}:
                rows.append(("town", code, city, "", name))
        for kind, column in (("center", columns.NAME), ("host", columns.HOST)):
            named = domestic[[column, columns.REGION_CODE, columns.CITY, columns.CENTER_ID]].drop_duplicates(
                subset=[column]
            )
            rows += [(kind, code, city, center, name) for name, code, city, center in named.itertuples(index=False)]
        targets = pd.DataFrame(rows, columns=["kind", "region_code", "city", "center_id", "text"])
        targets = targets[targets["text"].astype(bool)].reset_index(drop=True)
        return cls([ref.normalise_name(text) for text in targets["text"]], targets)

    def find(self, query: str, limit: int = 8) -> pd.DataFrame:
        """The best matches, best first, one per place: kind, region_code, city, center_id,
        text (the name that matched) and score (0–100)."""
        key = ref.normalise_name(query)
        if len(key) < MIN_QUERY:
            return pd.DataFrame(columns=HIT_COLUMNS)
        found = []
        try:
            code = ref.region_code(query)
            found.append(
                {"kind": "region", "region_code": code, "city": "", "center_id": "", "text": str(query), "score": 100.0}
            )
        except ref.UnknownName:
            pass
        # A few letters match inside almost any long name: short queries are compared whole.
        # Several words are found in any order («областная библиотека Лермонтова»).
        words = len(key.split()) > 1
        scorer = fuzz.token_set_ratio if words else fuzz.WRatio if len(key) >= SHORT_QUERY else fuzz.ratio
        matches = process.extract(key, self.keys, scorer=scorer, limit=limit * 25, score_cutoff=MIN_SCORE)
        for matched, score, position in matches:
            # A short name is not found inside a long query («Ая» in «Лермонтовская»), and in
            # a long name the query must match a word of it, not letters across words
            # («Пинза» is not «Колпина»).
            if len(matched) < len(key) * 0.6 and fuzz.ratio(key, matched) < MIN_SCORE:
                continue
            if not words and len(matched) > len(key) * 1.5:
                score = max(fuzz.token_set_ratio(key, matched), max(fuzz.ratio(key, word) for word in matched.split()))
                if score < MIN_SCORE:
                    continue
            target = self.targets.iloc[position].to_dict()
            if target["center_id"] == CAPITAL:  # the region found by its capital: offered right after the town
                target["center_id"], score = "", score - 1
            found.append({**target, "score": float(score)})
        if not found:
            return pd.DataFrame(columns=HIT_COLUMNS)
        hits = pd.DataFrame(found)
        hits["rank"] = hits["kind"].map({kind: i for i, kind in enumerate(KINDS)})
        hits = hits.sort_values(["score", "rank"], ascending=[False, True], kind="stable")
        # One line per place: a region once, a town once, a center once (by name or host).
        place = (
            hits["kind"].where(hits["kind"] != "host", "center")
            + "|"
            + hits["region_code"]
            + "|"
            + hits["city"].where(hits["kind"] != "region", "")
            + "|"
            + hits["center_id"]
        )
        return hits[~place.duplicated()].head(limit)[HIT_COLUMNS].reset_index(drop=True)


# --- a region from what a person types ----------------------------------------------------------
CLEAR_LEAD = 5  # points: a misspelling names a region only when no other region comes this close


def _region_spellings() -> tuple[dict[str, str], list[tuple[str, str]]]:
    """Capitals (normalised, Russian and English) -> region code; and every region name and
    capital without words like «область» (what a misspelling is compared with) -> code."""
    return ref.derived("search.region_spellings", _build_region_spellings)


def _build_region_spellings() -> tuple[dict[str, str], list[tuple[str, str]]]:
    capitals: dict[str, str] = {}
    cores: list[tuple[str, str]] = []
    regions = ref.regions()
    for code in regions.index:
        for capital in (regions.at[code, "capital_ru"], regions.at[code, "capital_en"]):
            if capital:
                capitals.setdefault(ref.normalise_name(capital), code)
        for name in [
            *ref.region_index().display_names(code),
            regions.at[code, "capital_ru"],
            regions.at[code, "capital_en"],
        ]:
            if name:
                key = ref.normalise_name(name)
                cores.append((ref.name_core(key) or key, code))
    return capitals, cores


def find_region(text: str) -> str:
    """The code of the region a person means: its name written any common way («Пензенская
    обл.», "Penza Oblast", «ХМАО»), its capital («Пенза», "Penza") or a misspelling of either
    («Пинза», «Пинзенская область»). Raises `reference.UnknownName` (with suggestions) when
    nothing fits or two regions fit about as well."""
    try:
        return ref.region_code(text)
    except ref.UnknownName as unknown:
        error = unknown
    key = ref.normalise_name(text)
    capitals, cores = _region_spellings()
    if key in capitals:
        return capitals[key]
    query = ref.name_core(key) or key
    if len(query) >= MIN_QUERY:
        close = process.extract(query, [core for core, _ in cores], scorer=fuzz.ratio, limit=20, score_cutoff=MIN_SCORE)
        best: dict[str, float] = {}
        for _, score, position in close:
            code = cores[position][1]
            best[code] = max(best.get(code, 0.0), score)
        ranked = sorted(best.items(), key=lambda item: -item[1])
        if ranked and (len(ranked) == 1 or ranked[0][1] - ranked[1][1] >= CLEAR_LEAD):
            return ranked[0][0]
    raise error
