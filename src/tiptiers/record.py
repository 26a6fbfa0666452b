"""Read the packaged record into a validated :class:`Record`: placements.csv, coverage.csv,
report_releases.csv (release dates, printed counts), determinations.csv and
determination_years.csv (the Presidential Determinations of 22 U.S.C. 7107(d)).

This is the one place that parses the shipped data files. The store seeds its database
from here; tests use it directly. Problems fail loudly with the file and line.
"""

from __future__ import annotations

import csv
import io
import os
from collections.abc import Iterable, Mapping
from datetime import date
from functools import cache
from typing import TYPE_CHECKING

from tiptiers.errors import BadInput
from tiptiers.model import (
    JOINT_ENTITIES,
    Determinations,
    Placement,
    Record,
    Roles,
    Tier,
    YearCoverage,
    joint_entity,
)

if TYPE_CHECKING:  # loaded by the parsers that make them (a query of placements needs none)
    from tiptiers.documents import DeterminationYear, PresidentialDetermination, ReportRelease
    from tiptiers.sources import Disagreement, ReportAddress

PLACEMENT_COLUMNS = (
    "country",
    "iso3",
    "year",
    "tier",
    "auto_downgrade",
    "waiver",
    "source",
    "flag_basis",
    "sanctions_full_waiver",
    "role_origin",
    "role_transit",
    "role_destination",
)
COVERAGE_TIER_COLUMNS = {
    Tier.T1: "tier_1",
    Tier.T2: "tier_2",
    Tier.T2WL: "tier_2wl",
    Tier.T3: "tier_3",
    Tier.SPECIAL_CASE: "special_case",
}


DATA_DIR = os.path.join(os.path.dirname(os.path.abspath(__file__)), "data")


def data_text(name: str) -> str:
    """The text of a packaged data file (read from the package directory: the package is
    installed as files, and this avoids importlib.resources' start-up cost)."""
    with open(os.path.join(DATA_DIR, name), encoding="utf-8") as f:
        return f.read()


def parse_bool(value: str | None) -> bool | None:
    """'true'/'false' as in the CSV; '' is unknown (None)."""
    v = (value or "").strip().lower()
    if v in ("", "na", "none"):
        return None
    if v in ("true", "1", "yes", "t"):
        return True
    if v in ("false", "0", "no", "f"):
        return False
    raise ValueError(f"not a true/false value: {value!r}")


def parse_placement_rows(
    rows: Iterable[Mapping[str, str]], source_name: str = "placements.csv"
) -> tuple[list[Placement], dict[str, Roles]]:
    """Placements and country roles from CSV rows; raises BadInput on the first bad line.

    A member's row in a year the report ranked its joint government (Serbia's and
    Montenegro's rows for 2003-2006, which sources coding today's countries repeat) is read as
    that government's one placement (``SCG``): the first such row gives it, a second with the
    same tier is the same placement given again, a second with another tier is refused
    (:class:`~tiptiers.model.JointEntity`; docs/DATA.md).
    """
    placements: list[Placement] = []
    roles: dict[str, Roles] = {}
    joint_seen: dict[tuple[str, int], Tier] = {}
    for line, row in enumerate(rows, start=2):
        try:
            given = row["iso3"].strip().upper()
            iso3, year = _ranked_iso3(given, int(row["year"])), int(row["year"])
            if iso3 != given and (iso3, year) in joint_seen:
                if joint_seen[(iso3, year)] is not Tier.parse(row["tier"]):
                    raise ValueError(
                        f"{given} {year} has another tier than the row before it, but the "
                        f"{year} report ranked one government, {iso3}"
                    )
                continue
            p = Placement(
                iso3=iso3,
                year=int(row["year"]),
                tier=Tier.parse(row["tier"]),
                source=(row.get("source") or "").strip(),
                waiver=parse_bool(row.get("waiver")),
                auto_downgrade=parse_bool(row.get("auto_downgrade")),
                flag_basis=(row.get("flag_basis") or "").strip(),
                sanctions_full_waiver=parse_bool(row.get("sanctions_full_waiver")),
            )
            r = Roles(
                parse_bool(row.get("role_origin")),
                parse_bool(row.get("role_transit")),
                parse_bool(row.get("role_destination")),
            )
        except Exception as exc:
            why = getattr(exc, "message", None) or str(exc)
            raise BadInput(f"{source_name} line {line}: {why}") from None
        placements.append(p)
        if iso3 != given:
            joint_seen[(iso3, year)] = p.tier
        if r.known and given not in roles:
            roles[given] = r
    return placements, roles


def _ranked_iso3(iso3: str, year: int) -> str:
    """The government the report ranked for ``iso3`` in ``year`` (a joint entity's code for
    its member in the years the report ranked the joint government, else ``iso3``)."""
    j = joint_entity(iso3)
    return j.iso3 if j is not None and j.ranked(year) else iso3


def parse_coverage_rows(rows: Iterable[Mapping[str, str]]) -> list[YearCoverage]:
    out = []
    for line, row in enumerate(rows, start=2):
        try:
            complete = {t: bool(parse_bool(row[col])) for t, col in COVERAGE_TIER_COLUMNS.items()}
            out.append(
                YearCoverage(
                    year=int(row["year"]),
                    complete=complete,
                    note=row.get("note", "").strip(),
                    release_date=(row.get("release_date") or "").strip() or None,
                )
            )
        except Exception as exc:
            raise BadInput(f"coverage.csv line {line}: {exc}") from None
    return out


RELEASE_COUNT_COLUMNS = {
    Tier.T1: "t1",
    Tier.T2: "t2",
    Tier.T2WL: "t2wl",
    Tier.T3: "t3",
    Tier.SPECIAL_CASE: "special",
}


def _iso_date(text: str, column: str) -> None:
    try:
        date.fromisoformat(text)
    except ValueError:
        raise ValueError(f"{column} {text!r} is not a date (YYYY-MM-DD)") from None


def _int(value: str | None) -> int | None:
    v = (value or "").strip()
    return int(v) if v else None


def parse_release_rows(rows: Iterable[Mapping[str, str]]) -> list[ReportRelease]:
    """Report release dates and printed counts (report_releases.csv)."""
    from tiptiers.documents import ReportRelease

    out = []
    for line, row in enumerate(rows, start=2):
        try:
            when = (row.get("release_date") or "").strip() or None
            if when is not None:
                _iso_date(when, "release_date")
            printed = {
                t: n
                for t, col in RELEASE_COUNT_COLUMNS.items()
                if (n := _int(row.get(col))) is not None
            }
            out.append(
                ReportRelease(
                    year=int(row["report_year"]),
                    release_date=when,
                    release_source=(row.get("release_source") or "").strip(),
                    countries_ranked=_int(row.get("countries_ranked")),
                    printed=printed,
                    counts_source=(row.get("counts_source") or "").strip(),
                    note=(row.get("note") or "").strip(),
                )
            )
        except Exception as exc:
            raise BadInput(f"report_releases.csv line {line}: {exc}") from None
    return out


def parse_determination_rows(
    rows: Iterable[Mapping[str, str]], source_name: str = "determinations.csv"
) -> list[PresidentialDetermination]:
    """Rows of determinations.csv (one government, one paragraph of a determination).

    The packaged file's ``provision`` column holds the statute's codes
    (:data:`~tiptiers.documents.DETERMINATION_CODES`); a file with the source's
    ``determination`` column instead (its own labels, not the statute's paragraph numbers) is
    read through :data:`~tiptiers.documents.SOURCE_LABELS`, so a copy of the source file reads
    as what it says.
    """
    from tiptiers.documents import DETERMINATION_CODES, SOURCE_LABELS, PresidentialDetermination

    out = []
    for line, row in enumerate(rows, start=2):
        try:
            if "provision" in row:
                code = row["provision"].strip()
                if code not in DETERMINATION_CODES:
                    raise ValueError(
                        f"provision {code!r} is not one of {', '.join(DETERMINATION_CODES)}"
                    )
            else:
                label = row["determination"].strip()
                if label not in SOURCE_LABELS:
                    raise ValueError(
                        f"determination {label!r} is not one of the source's labels "
                        f"{', '.join(SOURCE_LABELS)}"
                    )
                code = SOURCE_LABELS[label]
            pd_date = (row.get("pd_date") or "").strip()
            if pd_date:
                _iso_date(pd_date, "pd_date")
            out.append(
                PresidentialDetermination(
                    fiscal_year=int(row["fiscal_year"]),
                    report_year=int(row["report_year"]),
                    pd_number=(row.get("pd_number") or "").strip(),
                    pd_date=pd_date,
                    country=row["country"].strip(),
                    iso3=row["iso3"].strip().upper(),
                    code=code,
                    detail=(row.get("detail") or "").strip(),
                    source=(row.get("source") or "").strip(),
                    complete=bool(parse_bool(row.get("complete"))),
                )
            )
        except Exception as exc:
            raise BadInput(f"{source_name} line {line}: {exc}") from None
    return out


def parse_determination_year_rows(rows: Iterable[Mapping[str, str]]) -> list[DeterminationYear]:
    """Rows of determination_years.csv: per fiscal year, how much of the document was seen."""
    from tiptiers.documents import DeterminationYear, DocumentSeen

    out = []
    for line, row in enumerate(rows, start=2):
        try:
            out.append(
                DeterminationYear(
                    fiscal_year=int(row["fiscal_year"]),
                    report_year=int(row["report_year"]),
                    pd_number=(row.get("pd_number") or "").strip(),
                    pd_date=(row.get("pd_date") or "").strip(),
                    document=DocumentSeen(row["document"].strip()),
                    seen_until=(row.get("seen_until") or "").strip(),
                    note=(row.get("note") or "").strip(),
                )
            )
        except Exception as exc:
            raise BadInput(f"determination_years.csv line {line}: {exc}") from None
    return out


def _csv(name: str) -> csv.DictReader[str]:
    return csv.DictReader(io.StringIO(data_text(name)))


@cache
def packaged_releases() -> dict[int, ReportRelease]:
    """Each report's release date and printed counts, as shipped (cached per process)."""
    return {r.year: r for r in parse_release_rows(_csv("report_releases.csv"))}


@cache
def packaged_determinations() -> Determinations:
    """The Presidential Determinations shipped with tiptiers (cached per process)."""
    try:
        return Determinations.build(
            parse_determination_rows(_csv("determinations.csv")),
            parse_determination_year_rows(_csv("determination_years.csv")),
        )
    except ValueError as exc:
        raise BadInput(f"determinations.csv: {exc}") from None


def with_release_dates(
    coverage: Iterable[YearCoverage], releases: Mapping[int, ReportRelease]
) -> list[YearCoverage]:
    """Coverage rows with the release date filled in from ``releases`` where they have none,
    and the report's printed counts (what :meth:`Record.year_check` checks the year against)."""
    out = []
    for c in coverage:
        rel = releases.get(c.year)
        if rel is not None:
            c = c._replace(
                release_date=c.release_date or rel.release_date or None,
                printed=dict(rel.printed),
                printed_total=rel.countries_ranked,
            )
        out.append(c)
    return out


@cache
def packaged_record() -> Record:
    """The record shipped with tiptiers, validated (cached per process)."""
    text = data_text("placements.csv")
    placements, roles = parse_placement_rows(csv.DictReader(io.StringIO(text)))
    coverage = with_release_dates(parse_coverage_rows(_csv("coverage.csv")), packaged_releases())
    try:
        return Record.build(placements, coverage, roles, packaged_determinations())
    except ValueError as exc:
        raise BadInput(f"placements.csv: {exc}") from None


@cache
def packaged_names() -> dict[str, str]:
    """ISO3 -> the name the record's rows print (and each joint government's own name: its
    rows are printed under its members')."""
    out: dict[str, str] = {j.iso3: j.name for j in JOINT_ENTITIES}
    for row in csv.DictReader(io.StringIO(data_text("placements.csv"))):
        out.setdefault(row["iso3"], row["country"])
    return out


@cache
def packaged_report_addresses() -> dict[int, ReportAddress]:
    """Each report year's official address and its confirmed narrative addresses
    (report_urls.csv, as shipped; cached per process)."""
    from tiptiers.sources import ReportAddress

    out = {}
    for line, row in enumerate(_csv("report_urls.csv"), start=2):
        try:
            year = int(row["report_year"])
            examples = tuple(u.strip() for u in (row.get("narrative_examples") or "").split(";"))
            out[year] = ReportAddress(
                year,
                (row.get("report_url") or "").strip(),
                (row.get("report_url_status") or "").strip(),
                tuple(u for u in examples if u),
            )
        except (KeyError, ValueError) as exc:
            raise BadInput(f"report_urls.csv line {line}: {exc}") from None
    return out


@cache
def packaged_disagreements() -> dict[tuple[str, int], Disagreement]:
    """The country-years another source places differently (disagreements.csv, from the
    provenance's list of disagreements; cached per process)."""
    from tiptiers.sources import Disagreement

    out = {}
    for line, row in enumerate(_csv("disagreements.csv"), start=2):
        try:
            d = Disagreement(
                row["iso3"].strip().upper(),
                int(row["year"]),
                Tier.parse(row["record_tier"]).value,
                Tier.parse(row["other_tier"]).value,
                row["other_source"].strip(),
                row["note"].strip(),
            )
        except (KeyError, ValueError) as exc:
            raise BadInput(f"disagreements.csv line {line}: {exc}") from None
        out[(d.iso3, d.year)] = d
    return out
