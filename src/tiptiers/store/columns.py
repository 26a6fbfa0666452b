"""Names shared by the schema and both readers, without importing SQLAlchemy.

:data:`SCHEMA_VERSION` is the version this tiptiers writes and reads; the ``*_COLUMNS``
tuples are the column order of the read queries; :func:`record_from_rows` builds the
:class:`~tiptiers.model.Record` from those rows, whichever driver fetched them, so the two
read paths cannot drift apart.
"""

from __future__ import annotations

from collections.abc import Iterable, Sequence
from typing import Any

from tiptiers.model import (
    PLACEMENT_FIELDS,
    Determinations,
    Placement,
    Record,
    Roles,
    Tier,
    YearCoverage,
    check_counts,
)

SCHEMA_VERSION = 1

TIER_CODES: tuple[str, ...] = tuple(t.value for t in Tier)

PLACEMENT_COLUMNS: tuple[str, ...] = PLACEMENT_FIELDS  # one row per Placement
COVERAGE_COLUMNS: tuple[str, ...] = (
    "year",
    "tier_1",
    "tier_2",
    "tier_2wl",
    "tier_3",
    "special_case",
    "note",
    "release_date",
)
COVERAGE_TIERS: tuple[Tier, ...] = (Tier.T1, Tier.T2, Tier.T2WL, Tier.T3, Tier.SPECIAL_CASE)
COUNTRY_COLUMNS: tuple[str, ...] = ("iso3", "origin", "transit", "destination")
DETERMINATION_COLUMNS: tuple[str, ...] = (
    "fiscal_year",
    "report_year",
    "pd_number",
    "pd_date",
    "country",
    "iso3",
    "determination",
    "detail",
    "source",
    "complete",
)
DETERMINATION_YEAR_COLUMNS: tuple[str, ...] = (
    "fiscal_year",
    "report_year",
    "pd_number",
    "pd_date",
    "document",
    "seen_until",
    "note",
)

SELECT_PLACEMENTS = f"SELECT {', '.join(PLACEMENT_COLUMNS)} FROM placements ORDER BY iso3, year"
SELECT_COVERAGE = f"SELECT {', '.join(COVERAGE_COLUMNS)} FROM coverage ORDER BY year"
SELECT_ROLES = (
    f"SELECT {', '.join(COUNTRY_COLUMNS)} FROM countries "
    "WHERE origin IS NOT NULL OR transit IS NOT NULL OR destination IS NOT NULL ORDER BY iso3"
)
SELECT_META = "SELECT schema_version, revision FROM meta WHERE id = 1"
# One country's or one year's rows (the primary key and placements_year index serve them).
SELECT_COUNTRY_PLACEMENTS = (
    f"SELECT {', '.join(PLACEMENT_COLUMNS)} FROM placements WHERE iso3 IN (:iso3, :joint)"
    " ORDER BY year, iso3"
)
# Each year's number of countries per tier: what one country's read checks each year's
# completeness by (Record.for_readers), without reading the other countries' rows.
SELECT_YEAR_COUNTS = "SELECT year, tier, COUNT(*) FROM placements GROUP BY year, tier"
SELECT_YEAR_PLACEMENTS = (
    f"SELECT {', '.join(PLACEMENT_COLUMNS)} FROM placements WHERE year = :year ORDER BY iso3"
)
SELECT_COUNTRY_ROLES = (
    f"SELECT {', '.join(COUNTRY_COLUMNS)} FROM countries WHERE iso3 = :iso3 AND"
    " (origin IS NOT NULL OR transit IS NOT NULL OR destination IS NOT NULL)"
)
SELECT_DETERMINATIONS = (
    f"SELECT {', '.join(DETERMINATION_COLUMNS)} FROM determinations ORDER BY fiscal_year, id"
)
SELECT_DETERMINATION_YEARS = (
    f"SELECT {', '.join(DETERMINATION_YEAR_COLUMNS)} FROM determination_years ORDER BY fiscal_year"
)


_TIER_BY_CODE: dict[str, Tier] = {t.value: t for t in Tier}
_BOOL: dict[Any, bool | None] = {None: None, 0: False, 1: True}  # True == 1


def _b(value: Any) -> bool | None:
    return _BOOL[value] if value in _BOOL else bool(value)


def determinations_from_rows(
    rows: Iterable[Sequence[Any]], year_rows: Iterable[Sequence[Any]]
) -> Determinations:
    """The determinations record from rows in the ``DETERMINATION*_COLUMNS`` order."""
    from tiptiers.documents import DeterminationYear, DocumentSeen, PresidentialDetermination

    return Determinations.build(
        (
            PresidentialDetermination(
                int(fy),
                int(ry),
                num or "",
                when or "",
                country,
                iso3,
                code,
                detail or "",
                source or "",
                bool(complete),
            )
            for fy, ry, num, when, country, iso3, code, detail, source, complete in rows
        ),
        (
            DeterminationYear(
                int(fy), int(ry), num or "", when or "", DocumentSeen(doc), until or "", note or ""
            )
            for fy, ry, num, when, doc, until, note in year_rows
        ),
    )


def record_from_rows(
    placement_rows: Iterable[Sequence[Any]],
    coverage_rows: Iterable[Sequence[Any]],
    role_rows: Iterable[Sequence[Any]],
    determinations: Determinations | None = None,
    year_counts: Iterable[Sequence[Any]] | None = None,
) -> Record:
    """The record from rows in the ``*_COLUMNS`` order (SQLite gives 0/1, PostgreSQL bools).
    ``year_counts`` ((year, tier, count) rows of the whole table, for a record of one
    country's rows) sets each year's check against the printed counts, which the record's
    own rows could not give (:meth:`Record.for_readers`)."""
    tiers, b = _TIER_BY_CODE, _BOOL
    placements = [
        Placement(
            iso3,
            int(year),
            tiers[tier] if tier in tiers else Tier(tier),
            source or "",
            b[waiver] if waiver in b else bool(waiver),
            b[auto_downgrade] if auto_downgrade in b else bool(auto_downgrade),
            flag_basis or "",
            b[sfw] if sfw in b else bool(sfw),
        )
        for iso3, year, tier, source, waiver, auto_downgrade, flag_basis, sfw in placement_rows
    ]
    coverage = [
        YearCoverage(
            year=int(row[0]),
            complete={t: bool(v) for t, v in zip(COVERAGE_TIERS, row[1:6], strict=True)},
            note=row[6] or "",
            release_date=row[7] or None,
        )
        for row in coverage_rows
    ]
    roles = {
        iso3: Roles(_b(origin), _b(transit), _b(destination))
        for iso3, origin, transit, destination in role_rows
    }
    # the printed counts of each report (packaged, not stored): Record.year_check reads them
    from tiptiers.record import packaged_releases, with_release_dates

    coverage = with_release_dates(coverage, packaged_releases())
    if year_counts is not None:
        counts: dict[int, dict[Tier, int]] = {}
        for year, tier, n in year_counts:
            code = tiers[tier] if tier in tiers else Tier(tier)
            counts.setdefault(int(year), {})[code] = int(n)
        coverage = [c._replace(check=check_counts(c, counts.get(c.year, {}))) for c in coverage]
    return Record.build(placements, coverage, roles, determinations)
