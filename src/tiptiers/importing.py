"""Read import files into placements, checking every line first; no database here.

Defines :class:`ParsedImport` and three parsers:

* :func:`parse_csv` — the export format (``tiptiers export``): a header with ``iso3`` or
  ``country``, ``year`` and ``tier``; the other export columns are optional.
* :func:`parse_tier_text` — the plain text of a report's "Tier Placements" page: headings
  ``TIER 1``, ``TIER 2``, ``TIER 2 WATCH LIST``, ``TIER 3``, ``SPECIAL CASES``, each
  followed by the report's country names.
* :func:`parse_import` — either of them, chosen by the file name and the text.

and :func:`plan_import`: what an import would change in a record, year by year (rows added,
removed and changed), which ``tiptiers import --dry-run`` shows and which decides whether a
``--replace`` needs ``--yes``.

Every line is checked and every problem collected before anything is returned: a file with
any bad line raises :class:`~tiptiers.errors.ImportRejected` listing ``(line, why)`` for
each, line numbers counted from 1. Writing is :meth:`tiptiers.store.Store.import_parsed`.
"""

from __future__ import annotations

import csv
import io
import re
from collections.abc import Mapping
from dataclasses import dataclass, field
from datetime import date
from typing import Any

from tiptiers.errors import BadInput, ImportRejected, InvalidTier, UnknownCountry, year_span
from tiptiers.model import Country, Placement, Record, Roles, Tier, fold, joint_entity

FIRST_REPORT_YEAR = 2001
ROLE_COLUMNS = ("role_origin", "role_transit", "role_destination")
BOOL_COLUMNS = ("waiver", "auto_downgrade", "sanctions_full_waiver", *ROLE_COLUMNS)
KNOWN_COLUMNS = ("iso3", "country", "year", "tier", "source", "flag_basis", *BOOL_COLUMNS)
HEADINGS = "TIER 1, TIER 2, TIER 2 WATCH LIST, TIER 3 or SPECIAL CASES"
_MAX_NAME_PARTS = 3  # "Congo, Democratic Republic of the" is 2 comma-separated parts


@dataclass(frozen=True)
class ParsedImport:
    """A checked import file: its placements, the roles it states, and the years it covers."""

    source_name: str
    placements: tuple[Placement, ...]
    roles: Mapping[str, Roles] = field(default_factory=dict)
    years: frozenset[int] = frozenset()

    def __len__(self) -> int:
        return len(self.placements)


def last_report_year() -> int:
    """The latest year an import may name: next year (a report may be entered early)."""
    return date.today().year + 1


def _bad_year(value: object) -> str:
    return (
        f"bad year '{value}': a report year is a number from {FIRST_REPORT_YEAR} "
        f"to {last_report_year()}"
    )


def _year(value: str) -> int | None:
    v = value.strip()
    if not re.fullmatch(r"\d{4}", v):
        return None
    y = int(v)
    return y if FIRST_REPORT_YEAR <= y <= last_report_year() else None


def _resolve(text: str) -> Country:
    from tiptiers.countries import registry

    return registry().resolve(text)


def _get(iso3: str) -> Country:
    from tiptiers.countries import registry

    return registry().get(iso3)


def _bool(value: str, column: str) -> tuple[bool | None, str | None]:
    v = value.strip().lower()
    if v in ("", "na", "none", "null"):
        return None, None
    if v in ("true", "t", "yes", "y", "1"):
        return True, None
    if v in ("false", "f", "no", "n", "0"):
        return False, None
    return None, f"bad {column} '{value.strip()}': use true, false or leave it empty"


def _one_line(problems: list[tuple[int, str]]) -> list[tuple[int, str]]:
    """Problems as one-line texts (a quoted CSV field may hold a line break)."""
    return [(n, " ".join(why.split())) for n, why in problems]


# -- CSV --------------------------------------------------------------------------------
def parse_csv(text: str, source_name: str) -> ParsedImport:
    """Placements from a CSV in the export format; raises ImportRejected listing bad lines.

    Required columns: ``iso3`` or ``country`` (a name or alias; both may be given and must
    agree), ``year`` and ``tier`` (a code or label). Optional: ``source`` (without the
    column, the file name is the source), ``waiver``, ``auto_downgrade``, ``flag_basis``,
    ``sanctions_full_waiver``, ``role_origin``, ``role_transit``, ``role_destination``.
    Other columns are ignored.
    """
    reader = csv.reader(io.StringIO(text.removeprefix("\ufeff"), newline=""))
    try:
        header = next(reader, None)
    except csv.Error as exc:
        raise ImportRejected(source_name, [(1, f"not a CSV file ({exc})")]) from None
    if header is None or not any(h.strip() for h in header):
        raise ImportRejected(
            source_name, [(1, "empty file: expected a header with iso3 or country, year and tier")]
        )
    columns = [h.strip().lower() for h in header]
    missing = [c for c in ("year", "tier") if c not in columns]
    if "iso3" not in columns and "country" not in columns:
        missing.insert(0, "iso3 or country")
    if missing:
        raise ImportRejected(
            source_name,
            [(1, f"the header lacks {', '.join(missing)}: it needs iso3 or country, year, tier")],
        )
    index = {c: columns.index(c) for c in KNOWN_COLUMNS if c in columns}

    problems: list[tuple[int, str]] = []
    placements: list[Placement] = []
    roles: dict[str, Roles] = {}
    roles_line: dict[str, int] = {}
    seen: dict[tuple[str, int], int] = {}
    seen_tier: dict[tuple[str, int], tuple[Tier | None, Country | None]] = {}
    line = 1  # the last physical line read so far
    while True:
        start = line + 1
        try:
            row = next(reader, None)
        except csv.Error as exc:
            problems.append((start, f"unreadable CSV ({exc})"))
            break
        if row is None:
            break
        line = reader.line_num
        if not any(cell.strip() for cell in row):
            continue
        if len(row) > len(columns) and any(cell.strip() for cell in row[len(columns) :]):
            problems.append((start, f"{len(row)} fields, but the header has {len(columns)}"))
            continue
        if len(row) < len(columns):
            problems.append(
                (
                    start,
                    f"{len(row)} field{'s' if len(row) != 1 else ''}, but the header has"
                    f" {len(columns)}: the line is cut short (is the file complete?)",
                )
            )
            continue

        def cell(name: str, row: list[str] = row) -> str:
            i = index.get(name)
            return row[i].strip() if i is not None and i < len(row) else ""

        why: list[str] = []
        country = _csv_country(cell("iso3"), cell("country"), why)
        year_text = cell("year")
        year = _year(year_text)
        if not year_text:
            why.append("no year")
        elif year is None:
            why.append(_bad_year(year_text))
        tier: Tier | None = None
        tier_text = cell("tier")
        if not tier_text:
            why.append("no tier")
        else:
            try:
                tier = Tier.parse(tier_text)
            except InvalidTier:
                why.append(f"unknown tier '{tier_text}': use 1, 2, 2WL, 3 or special_case")
        flags: dict[str, bool | None] = {}
        for name in BOOL_COLUMNS:
            flags[name], bad = _bool(cell(name), name)
            if bad:
                why.append(bad)
        folded_twice = False
        if country is not None and year is not None:
            country, member = _as_ranked(country, year)
            key = (country.iso3, year)
            if key in seen:
                earlier_tier, earlier_member = seen_tier[key]
                given = member or earlier_member
                why_dup = _joint_duplicate(country, year, given, tier, earlier_tier, seen[key])
                if why_dup:
                    why.append(why_dup)
                else:
                    folded_twice = True  # the joint government's one placement, given again
            else:
                seen[key], seen_tier[key] = start, (tier, member)
        row_roles = Roles(flags["role_origin"], flags["role_transit"], flags["role_destination"])
        if country is not None and row_roles.known:
            before = roles.get(country.iso3)
            if before is not None and before != row_roles:
                why.append(f"roles of {country.name} differ from line {roles_line[country.iso3]}")
        if why:
            problems.extend((start, w) for w in why)
            continue
        assert country is not None and year is not None and tier is not None
        if folded_twice:
            continue
        if row_roles.known and country.iso3 not in roles:
            roles[country.iso3] = row_roles
            roles_line[country.iso3] = start
        placements.append(
            Placement(
                iso3=country.iso3,
                year=year,
                tier=tier,
                source=cell("source") if "source" in index else source_name,
                waiver=flags["waiver"],
                auto_downgrade=flags["auto_downgrade"],
                flag_basis=cell("flag_basis"),
                sanctions_full_waiver=flags["sanctions_full_waiver"],
            )
        )
    if text.rstrip(" \t") and not text.rstrip(" \t").endswith(("\n", "\r")):
        problems.append(
            (
                line,
                "the file ends in the middle of a line (no line break after the last row):"
                " it may be cut short; if it is complete, end it with a line break",
            )
        )
    if not problems and not placements:
        problems.append((1, "no placements: the file has a header and no rows"))
    if problems:
        raise ImportRejected(source_name, _one_line(problems))
    return ParsedImport(
        source_name=source_name,
        placements=tuple(placements),
        roles=roles,
        years=frozenset(p.year for p in placements),
    )


def _as_ranked(country: Country, year: int) -> tuple[Country, Country | None]:
    """The government the report ranked for ``country`` in ``year``, and the member it was
    given as: a member of a joint entity (Serbia, Montenegro) in a year the report ranked the
    joint government (2003-2006) is that government (Serbia and Montenegro, SCG), as sources
    that code today's countries repeat its one placement on both (docs/DATA.md)."""
    j = joint_entity(country.iso3)
    if j is None or country.iso3 == j.iso3 or not j.ranked(year):
        return country, None
    return _get(j.iso3), country


def _joint_duplicate(
    country: Country,
    year: int,
    member: Country | None,
    tier: Tier | None,
    earlier_tier: Tier | None,
    earlier_line: int,
) -> str:
    """Why a second row of the same government and year is refused ('' where it is a joint
    government's one placement given again, on a member's row, with the same tier)."""
    j = joint_entity(country.iso3)
    if j is None or member is None:
        return f"duplicate: {country.name} {year} is already on line {earlier_line}"
    if tier is not None and tier is earlier_tier:
        return ""
    given = member.name if member is not None else country.name
    return (
        f"{given} {year} is {tier.label if tier else 'not a tier'}, but line {earlier_line} "
        f"gives {earlier_tier.label if earlier_tier else 'another tier'}: the {year} report "
        f"ranked one government, {j.name} ({j.iso3})"
    )


def _csv_country(iso3: str, name: str, why: list[str]) -> Country | None:
    if not iso3 and not name:
        why.append("no iso3 or country")
        return None
    by_code: Country | None = None
    if iso3:
        try:
            by_code = _get(iso3.upper())
        except UnknownCountry:
            try:  # not a code: a name in the iso3 column is still clear
                by_code = _resolve(iso3)
            except UnknownCountry as exc:
                why.append(exc.message)
                return None
    if name:
        try:
            by_name = _resolve(name)
        except UnknownCountry as exc:
            why.append(exc.message)
            return None
        if by_code is not None and by_name.iso3 != by_code.iso3:
            why.append(f"iso3 {by_code.iso3} is {by_code.name}, but country says '{name}'")
            return None
        return by_name
    return by_code


# -- the "Tier Placements" page --------------------------------------------------------------
_HEADING_START = re.compile(r"^\s*(tier|special)\b", re.IGNORECASE)
_INLINE = re.compile(r"^\s*((?:tier|special)\b[^:]*):\s*(\S.*)$", re.IGNORECASE)
_CHUNKS = re.compile(r"\t+| {2,}")
_TITLES = {"tier placements", "tier placement"}


def _heading(text: str) -> Tier:
    """The tier a heading line names (raises InvalidTier)."""
    return Tier.parse(text.strip().rstrip(":").strip())


def parse_tier_text(text: str, year: int, source_name: str) -> ParsedImport:
    """Placements for ``year`` from the text of a report's "Tier Placements" page.

    Headings (any case, optional colon): ``TIER 1``, ``TIER 2``, ``TIER 2 WATCH LIST``,
    ``TIER 3``, ``SPECIAL CASES``; ``TIER 1: A, B`` also works. Under each, country names
    one per line, or several separated by commas, tabs or runs of two or more spaces. A line
    is first resolved whole ("Korea, North" is one name), then split. The page title "TIER
    PLACEMENTS" and blank lines are skipped. Raises ImportRejected listing every bad line,
    or BadInput for a bad ``year``.
    """
    if not isinstance(year, int) or not FIRST_REPORT_YEAR <= year <= last_report_year():
        raise BadInput(f"{source_name}: {_bad_year(year)}; nothing imported.")
    problems: list[tuple[int, str]] = []
    found: list[tuple[int, Tier, Country]] = []
    seen: dict[str, int] = {}
    tiers: dict[str, Tier] = {}
    folded: dict[str, Country] = {}  # joint governments given as a member's name
    tier: Tier | None = None  # the current heading's tier
    bad_heading = False  # under a heading that names no tier: check names, keep none
    for line_no, raw in enumerate(text.removeprefix("\ufeff").splitlines(), start=1):
        line = raw.strip()
        if not line:
            continue
        names_text = line
        if _HEADING_START.match(line):
            if fold(line) in _TITLES:
                continue
            inline = _INLINE.match(line)
            head = inline.group(1).strip() if inline else line
            try:
                tier, bad_heading = _heading(head), False
            except InvalidTier:
                problems.append((line_no, f"unknown tier heading '{head}': use {HEADINGS}"))
                tier, bad_heading = None, True
            if inline is None:
                continue
            names_text = inline.group(2).strip()
        elif tier is None and not bad_heading:
            problems.append((line_no, f"'{line}' comes before any tier heading ({HEADINGS})"))
            continue
        countries, unknown = _split_names(names_text)
        problems.extend((line_no, msg) for msg in unknown)
        if tier is None:
            continue
        for c in countries:
            c, member = _as_ranked(c, year)
            if c.iso3 in seen:
                member = member or folded.get(c.iso3)
                if member is None:
                    problems.append(
                        (line_no, f"duplicate: {c.name} is already listed on line {seen[c.iso3]}")
                    )
                else:
                    why = _joint_duplicate(c, year, member, tier, tiers[c.iso3], seen[c.iso3])
                    if why:
                        problems.append((line_no, why))
                continue
            seen[c.iso3], tiers[c.iso3] = line_no, tier
            if member is not None:
                folded[c.iso3] = member
            found.append((line_no, tier, c))
    if not problems and not found:
        problems.append((1, f"no country names found: expected {HEADINGS}, each followed by names"))
    if problems:
        raise ImportRejected(source_name, _one_line(sorted(problems, key=lambda p: p[0])))
    placements = tuple(Placement(c.iso3, year, t, source=source_name) for _, t, c in found)
    return ParsedImport(source_name, placements, {}, frozenset({year}))


def _try(text: str) -> Country | None:
    try:
        return _resolve(text)
    except UnknownCountry:
        return None


def _split_names(text: str) -> tuple[list[Country], list[str]]:
    """The countries a line names, and a message for each part that names none."""
    whole = _try(text)
    if whole is not None:
        return [whole], []
    countries: list[Country] = []
    unknown: list[str] = []
    for chunk in (c.strip() for c in _CHUNKS.split(text)):
        if not chunk:
            continue
        c = _try(chunk)
        if c is not None:
            countries.append(c)
            continue
        parts = [p.strip() for p in chunk.split(",")]
        parts = [p for p in parts if p]
        got: list[Country] = []
        missed: list[str] = []
        i = 0
        while i < len(parts):
            for j in range(min(len(parts), i + _MAX_NAME_PARTS), i, -1):
                c = _try(", ".join(parts[i:j]))
                if c is not None:
                    got.append(c)
                    i = j
                    break
            else:
                missed.append(parts[i])
                i += 1
        if not got:
            missed = [chunk]
        countries.extend(got)
        for name in missed:
            try:
                _resolve(name)
            except UnknownCountry as exc:
                unknown.append(exc.message)
    return countries, unknown


# -- either ----------------------------------------------------------------------------------
def parse_import(text: str, source_name: str, year: int | None = None) -> ParsedImport:
    """Parse an import file: a CSV in the export format, or (with ``year``) a tier page.

    A file named ``*.csv``, or whose first non-blank line has a ``tier`` column and a comma,
    is read as CSV; anything else needs ``year`` and is read as a "Tier Placements" page.
    """
    first = next((ln for ln in text.removeprefix("\ufeff").splitlines() if ln.strip()), "")
    looks_csv = "," in first and "tier" in [h.strip().lower() for h in first.split(",")]
    if source_name.lower().endswith(".csv") or looks_csv:
        return parse_csv(text, source_name)
    if year is None:
        raise BadInput(
            f"{source_name}: not a CSV in the export format; to import a report's Tier "
            "Placements page, give its year (--year YEAR)."
        )
    return parse_tier_text(text, year, source_name)


# -- what an import would change ---------------------------------------------------------------
#: A replace that removes more rows than this (or every row of a year) needs confirming.
FEW_ROWS = 5


@dataclass(frozen=True)
class ImportResult:
    """What an import wrote.

    ``replaced`` counts the rows deleted from replaced years; ``new_years`` are the years
    added to the coverage table (with every list marked incomplete).
    """

    source_name: str
    years: tuple[int, ...]
    inserted: int
    replaced: int
    new_years: tuple[int, ...]
    revision: int

    def summary(self) -> str:
        """One line for a user, e.g. 'Imported 12 placements for 2024 from tier.txt.'"""
        n = self.inserted
        text = (
            f"Imported {n} placement{'s' if n != 1 else ''} for {year_span(self.years)} "
            f"from {self.source_name}"
        )
        if self.replaced:
            text += f", replacing {self.replaced} existing row{'s' if self.replaced != 1 else ''}"
        if self.new_years:
            text += (
                f"; {year_span(self.new_years)} added to the record with every list marked "
                "incomplete"
            )
        return text + "."

    def to_dict(self) -> dict[str, Any]:
        return {
            "source": self.source_name,
            "years": list(self.years),
            "inserted": self.inserted,
            "replaced": self.replaced,
            "new_years": list(self.new_years),
            "revision": self.revision,
            "message": self.summary(),
        }


@dataclass(frozen=True)
class YearPlan:
    """What an import would do to one report year: its rows before and after, and the
    countries added, removed and changed (another tier or flag)."""

    year: int
    before: int
    after: int
    added: tuple[str, ...] = ()
    removed: tuple[str, ...] = ()
    changed: tuple[str, ...] = ()

    def to_dict(self) -> dict[str, object]:
        return {
            "year": self.year,
            "before": self.before,
            "after": self.after,
            "added": list(self.added),
            "removed": list(self.removed),
            "changed": list(self.changed),
        }


@dataclass(frozen=True)
class ImportPlan:
    """What importing a file would change, year by year."""

    source_name: str
    years: tuple[YearPlan, ...]

    @property
    def existing_years(self) -> tuple[int, ...]:
        """The years the record already has rows for (an import needs --replace for them)."""
        return tuple(y.year for y in self.years if y.before)

    @property
    def removed(self) -> int:
        return sum(len(y.removed) for y in self.years)

    @property
    def emptied_years(self) -> tuple[int, ...]:
        """Years that have rows now and would have none."""
        return tuple(y.year for y in self.years if y.before and not y.after)

    def needs_confirmation(self) -> bool:
        """True if the import drops a year's rows or more than :data:`FEW_ROWS` rows."""
        return self.removed > FEW_ROWS or bool(self.emptied_years)

    def lines(self) -> list[str]:
        """The plan for a person: one line per year, then what it amounts to."""
        out = [f"{self.source_name}: what the import would change"]
        for y in self.years:
            parts = [f"{len(y.added)} added", f"{len(y.removed)} removed"]
            parts.append(f"{len(y.changed)} changed")
            gone = f" (removes {_names(y.removed)})" if y.removed else ""
            out.append(f"  {y.year}: {y.before} -> {y.after} rows; {', '.join(parts)}{gone}")
        return out

    def to_dict(self) -> dict[str, object]:
        return {
            "source": self.source_name,
            "years": [y.to_dict() for y in self.years],
            "removed": self.removed,
            "needs_confirmation": self.needs_confirmation(),
        }


def _names(iso3s: tuple[str, ...], most: int = 8) -> str:
    shown = ", ".join(iso3s[:most])
    return shown + (f" and {len(iso3s) - most} more" if len(iso3s) > most else "")


def plan_import(record: Record, parsed: ParsedImport) -> ImportPlan:
    """What importing ``parsed`` (with --replace where needed) would change in ``record``."""
    incoming: dict[int, dict[str, Placement]] = {y: {} for y in parsed.years}
    for p in parsed.placements:
        incoming.setdefault(p.year, {})[p.iso3] = p
    plans = []
    for year in sorted(incoming):
        new = incoming[year]
        old = {p.iso3: p for p in record.year(year)} if year in record.coverage else {}
        plans.append(
            YearPlan(
                year=year,
                before=len(old),
                after=len(new),
                added=tuple(sorted(set(new) - set(old))),
                removed=tuple(sorted(set(old) - set(new))),
                changed=tuple(sorted(i for i in set(old) & set(new) if _differs(old[i], new[i]))),
            )
        )
    return ImportPlan(parsed.source_name, tuple(plans))


def _differs(a: Placement, b: Placement) -> bool:
    """Another tier or flag (the source alone is not a change of the record)."""
    return (a.tier, a.waiver, a.auto_downgrade, a.flag_basis, a.sanctions_full_waiver) != (
        b.tier,
        b.waiver,
        b.auto_downgrade,
        b.flag_basis,
        b.sanctions_full_waiver,
    )
