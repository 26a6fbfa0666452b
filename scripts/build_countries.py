"""Generate src/tiptiers/data/countries.csv, the country registry tiptiers ships.

Inputs, and what each one decides:

* ``src/tiptiers/data/placements.csv`` (the record): which countries there are (every ISO3
  it places) and each one's ``name``, exactly as the record prints it.
* pycountry: ISO 3166-1 alpha-2 and numeric codes, and its name, official name and common
  name, which become aliases where they differ from the names already given.
* ``scripts/countries_overrides.csv`` (written by hand): common name, extra aliases,
  Correlates of War state number, State Department regional bureau, kind (country or
  territory), and the ISO codes pycountry lacks (Kosovo, XK, which has no numeric code).

pycountry is slow to import, so tiptiers reads only the generated CSV at run time. The
output is checked by building a :class:`tiptiers.countries.Registry` from it, which refuses
any name or alias that would name two countries. Names in ``AMBIGUOUS`` (pycountry calls
the Republic of the Congo just "Congo") are never aliases.

Usage::

    python scripts/build_countries.py          # (re)write countries.csv
    python scripts/build_countries.py --check  # exit 1 if countries.csv is out of date
"""

from __future__ import annotations

import argparse
import csv
import io
import sys
from pathlib import Path

import pycountry

from tiptiers.countries import (
    ALIAS_SEPARATOR,
    COLUMNS,
    KINDS,
    Registry,
    lookup_key,
    name_key,
    parse_countries_csv,
)
from tiptiers.model import JOINT_ENTITIES
from tiptiers.queries import REGIONS

ROOT = Path(__file__).resolve().parent.parent
PLACEMENTS = ROOT / "src" / "tiptiers" / "data" / "placements.csv"
OVERRIDES = Path(__file__).resolve().parent / "countries_overrides.csv"
OUTPUT = ROOT / "src" / "tiptiers" / "data" / "countries.csv"
OVERRIDE_COLUMNS = (
    "iso3",
    "common_name",
    "aliases",
    "cow_code",
    "region",
    "kind",
    "iso2",
    "numeric",
)

# Names that mean more than one country the report ranks: never an alias of either.
AMBIGUOUS = frozenset(lookup_key(n) for n in ("Congo", "Korea"))


class BuildError(Exception):
    pass


def record_names(path: Path = PLACEMENTS) -> dict[str, str]:
    """ISO3 -> the one name the record prints for it (a joint government, printed under its
    members' rows, by its own name: tiptiers.model.JOINT_ENTITIES)."""
    names: dict[str, str] = {j.iso3: j.name for j in JOINT_ENTITIES}
    with path.open(encoding="utf-8", newline="") as f:
        for line, row in enumerate(csv.DictReader(f), start=2):
            iso3, name = row["iso3"].strip(), row["country"].strip()
            if names.setdefault(iso3, name) != name:
                raise BuildError(
                    f"{path.name} line {line}: {iso3} is '{name}' here but '{names[iso3]}' before"
                )
    return names


def read_overrides(path: Path = OVERRIDES) -> dict[str, dict[str, str]]:
    with path.open(encoding="utf-8", newline="") as f:
        reader = csv.DictReader(f)
        if tuple(reader.fieldnames or ()) != OVERRIDE_COLUMNS:
            raise BuildError(f"{path.name}: columns must be {','.join(OVERRIDE_COLUMNS)}")
        out: dict[str, dict[str, str]] = {}
        for line, row in enumerate(reader, start=2):
            if None in row or None in row.values():
                raise BuildError(f"{path.name} line {line}: wrong number of fields")
            iso3 = row["iso3"]
            if iso3 in out:
                raise BuildError(f"{path.name} line {line}: {iso3} given twice")
            if row["region"] not in REGIONS:
                raise BuildError(f"{path.name} line {line}: region must be one of {list(REGIONS)}")
            if row["kind"] not in KINDS:
                raise BuildError(f"{path.name} line {line}: kind must be one of {KINDS}")
            if row["cow_code"] and not row["cow_code"].isdigit():
                raise BuildError(f"{path.name} line {line}: cow_code must be a number")
            out[iso3] = row
    return out


def build_rows() -> list[dict[str, str]]:
    names = record_names()
    overrides = read_overrides()
    missing = sorted(set(names) - set(overrides))
    extra = sorted(set(overrides) - set(names))
    if missing or extra:
        raise BuildError(
            f"{OVERRIDES.name} must have one row per country of the record: "
            f"missing {missing or 'none'}, not in the record {extra or 'none'}"
        )
    rows = []
    for iso3 in sorted(names):
        o = overrides[iso3]
        pc = pycountry.countries.get(alpha_3=iso3)
        if pc is None and not o["iso2"]:
            raise BuildError(f"{iso3} is not in pycountry: give its iso2 in {OVERRIDES.name}")
        iso2 = o["iso2"] or (pc.alpha_2 if pc is not None else "")
        numeric = o["numeric"] or (pc.numeric if pc is not None else "")
        name = names[iso3]
        common = o["common_name"] or name
        candidates: list[str | None] = []
        if pc is not None:
            candidates += [getattr(pc, a, None) for a in ("name", "official_name", "common_name")]
        candidates += o["aliases"].split(ALIAS_SEPARATOR)
        # An alias differing from a name only in case, accents or punctuation adds nothing;
        # one differing in spacing or a leading "The" ("Viet Nam", "Gambia") is kept for
        # display, though the registry would match it anyway.
        seen = {name_key(name), name_key(common)}
        aliases = []
        for alias in candidates:
            alias = (alias or "").strip()
            key = name_key(alias)
            if not key or key in seen or lookup_key(alias) in AMBIGUOUS:
                continue
            if ALIAS_SEPARATOR in alias:
                raise BuildError(f"{iso3}: alias '{alias}' contains '{ALIAS_SEPARATOR}'")
            seen.add(key)
            aliases.append(alias)
        rows.append(
            {
                "iso3": iso3,
                "iso2": iso2,
                "numeric": numeric,
                "name": name,
                "common_name": common,
                "aliases": ALIAS_SEPARATOR.join(aliases),
                "cow_code": o["cow_code"],
                "region": o["region"],
                "kind": o["kind"],
            }
        )
    return rows


def render(rows: list[dict[str, str]]) -> str:
    out = io.StringIO()
    writer = csv.DictWriter(out, fieldnames=COLUMNS, lineterminator="\n")
    writer.writeheader()
    writer.writerows(rows)
    text = out.getvalue()
    try:
        Registry(parse_countries_csv(text))  # refuses duplicates and colliding aliases
    except ValueError as exc:
        raise BuildError(f"generated countries.csv is invalid: {exc}") from None
    return text


def main(argv: list[str] | None = None) -> int:
    parser = argparse.ArgumentParser(description=__doc__.split("\n\n")[0])
    parser.add_argument(
        "--check", action="store_true", help="exit 1 if countries.csv is out of date"
    )
    args = parser.parse_args(argv)
    try:
        text = render(build_rows())
    except BuildError as exc:
        print(f"build_countries: {exc}", file=sys.stderr)
        return 2
    current = OUTPUT.read_text(encoding="utf-8") if OUTPUT.exists() else None
    if args.check:
        if current != text:
            print(
                f"{OUTPUT.relative_to(ROOT)} is out of date: run python scripts/build_countries.py",
                file=sys.stderr,
            )
            return 1
        print(f"{OUTPUT.relative_to(ROOT)} is up to date ({text.count(chr(10)) - 1} countries)")
        return 0
    if current == text:
        print(f"{OUTPUT.relative_to(ROOT)} unchanged")
    else:
        OUTPUT.write_text(text, encoding="utf-8")
        print(f"wrote {OUTPUT.relative_to(ROOT)} ({text.count(chr(10)) - 1} countries)")
    return 0


if __name__ == "__main__":
    sys.exit(main())
