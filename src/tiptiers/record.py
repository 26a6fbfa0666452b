"""Read the packaged record (placements.csv, coverage.csv) into a validated :class:`Record`.

This is the one place that parses the shipped data files. The store seeds its database
from here; tests use it directly. Problems fail loudly with the file and line.
"""

from __future__ import annotations

import csv
import io
import os
from collections.abc import Iterable, Mapping
from functools import cache

from tiptiers.errors import BadInput
from tiptiers.model import Placement, Record, Roles, Tier, YearCoverage

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
    """Placements and country roles from CSV rows; raises BadInput on the first bad line."""
    placements: list[Placement] = []
    roles: dict[str, Roles] = {}
    for line, row in enumerate(rows, start=2):
        try:
            p = Placement(
                iso3=row["iso3"].strip().upper(),
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
        if r.known and p.iso3 not in roles:
            roles[p.iso3] = r
    return placements, roles


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


@cache
def packaged_record() -> Record:
    """The record shipped with tiptiers, validated (cached per process)."""
    text = data_text("placements.csv")
    placements, roles = parse_placement_rows(csv.DictReader(io.StringIO(text)))
    coverage = parse_coverage_rows(csv.DictReader(io.StringIO(data_text("coverage.csv"))))
    try:
        return Record.build(placements, coverage, roles)
    except ValueError as exc:
        raise BadInput(f"placements.csv: {exc}") from None


@cache
def packaged_names() -> dict[str, str]:
    """ISO3 -> the name the record's rows print."""
    out: dict[str, str] = {}
    for row in csv.DictReader(io.StringIO(data_text("placements.csv"))):
        out.setdefault(row["iso3"], row["country"])
    return out
