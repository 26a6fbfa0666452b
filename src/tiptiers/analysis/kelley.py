"""A second source for the determinations of 22 U.S.C. 7107(d): Kelley & Simmons' coding of
the full Presidential Determinations for the 2003-2011 reports, shown beside what the texts on
record say and never merged into them.

The PD texts the record holds for FY2005-FY2021 are partial (the openings only), so for most
Tier 3 governments of those years the record cannot tell restrictions applied from waivers.
Kelley & Simmons coded the whole texts (the replication data of their AJPS article, one row per
Tier 3 government and report year). Their variables are the source's own: ``fullwaiver`` (1 a
full waiver under 7107(d)(4)), ``d3`` (1 a 7107(d)(3) finding of subsequent compliance) and
``d1ai``, ``d1aii``, ``d1b`` (the restrictions of 7107(d)(1)(A)(i), (A)(ii) and (B)). What the
values 0, 1 and 2 of the last three mean is not documented with the data; it is worked out here
by reproducing the counts Judith Kelley published from the same coding (*Scorecard Diplomacy*,
2017, Figure 3.12: full waivers including (d)(3) findings, partial waivers, sanctioned):

- ``fullwaiver = 1`` → full waiver; ``d3 = 1`` → subsequent compliance (the figure counts both
  as "full waiver*");
- otherwise a restriction variable coded 0 or 1 → partial waiver (part of the restrictions
  waived; 0 where the whole of one restriction is waived, 1 where part of it);
- otherwise (every restriction variable coded is 2) → sanctioned.

North Korea is not in the source; the figure counts it as sanctioned every year, and so does
the reproduction (:data:`NOT_IN_SOURCE`). This reading reproduces the published counts exactly
for 2003, 2004, 2005 and 2010; where it does not, :data:`FIGURE_DIFFERENCES` says what differs
and why (a test checks both). Pure: no I/O.
"""

from __future__ import annotations

from collections import Counter
from collections.abc import Callable, Iterable, Mapping
from dataclasses import dataclass
from typing import Any, NamedTuple

SOURCE = (
    "Kelley & Simmons, AJPS replication data (kelley_simmons_ajps_2014_replication.dta):"
    " their coding of the Presidential Determinations, 2003-2011 reports"
)
FIGURE = "Kelley, Scorecard Diplomacy (2017), Figure 3.12"

#: The source's restriction variables, in its order.
RESTRICTIONS = ("d1ai", "d1aii", "d1b")

#: Outcome categories of the figure, and which outcomes of the reading each counts.
FIGURE_ROWS: dict[str, tuple[str, ...]] = {
    "Full waiver*": ("full_waiver", "subsequent_compliance"),
    "Partial waiver": ("partial_waiver",),
    "Sanctioned": ("sanctioned",),
}

#: Tier 3 governments the figure counts that the source does not code, with the outcome it
#: gives them.
NOT_IN_SOURCE: dict[str, str] = {"PRK": "sanctioned"}

#: Where the reproduction differs from the published figure, per report year: what differs,
#: and why it cannot be reproduced from the source.
FIGURE_DIFFERENCES: dict[int, str] = {
    2006: "The figure counts 13 governments, one full waiver more than the source codes: the"  # not statute: a year of the figure
    " source has 11 governments and North Korea 12, the record's Tier 3 count for 2006.",
    2007: "One government the source codes as restricted with nothing waived (Cuba, Burma or"  # not statute: a year of the figure
    " North Korea; Burma's 7107(d)(1)(A)(i) restriction is coded 2) is a partial waiver in the"
    " figure; the source does not say which.",
    2008: "As in 2007: one government the source codes as restricted with nothing waived"  # not statute: a year of the figure
    " (Cuba, Burma, Syria or North Korea; Burma's and Syria's 7107(d)(1)(A)(i) restrictions are"
    " coded 2) is a partial waiver in the figure.",
    2009: "The figure counts 16 governments, one partial waiver fewer than the source's 16"  # not statute: a year of the figure
    " and North Korea (17, the record's Tier 3 count for 2009).",
    2011: "The figure counts 24 governments, one sanctioned government more than the source's"  # not statute: a year of the figure
    " 22 and North Korea (23, the record's Tier 3 count for 2011).",
    2012: "After the source's last report year (2011): nothing to reproduce from. The PD text"  # not statute: a year of the figure
    " on record (FY2013, partial) names 7 full waivers, as the figure counts; it stops before"
    " the partial waivers.",
    2013: "After the source's last report year (2011): nothing to reproduce from. The PD text"  # not statute: a year of the figure
    " on record (FY2014, partial) names 12 full waivers, as the figure counts; it stops before"
    " the partial waivers.",
}


class KSRow(NamedTuple):
    """One Tier 3 government in one report year, as Kelley & Simmons code it (None: blank in
    the source)."""

    report_year: int
    iso3: str
    name_in_source: str
    fullwaiver: int | None
    d3: int | None
    d1ai: int | None
    d1aii: int | None
    d1b: int | None

    @property
    def codes(self) -> str:
        """The source's coded variables, e.g. 'fullwaiver=1;d1ai=0;d1b=0'."""
        names = ("fullwaiver", "d3", *RESTRICTIONS)
        return ";".join(f"{n}={v}" for n, v in zip(names, self[3:], strict=True) if v is not None)

    @property
    def outcome(self) -> str:
        """The reading of the module's docstring: full_waiver, subsequent_compliance,
        partial_waiver or sanctioned.

        >>> KSRow(2008, "DZA", "Algeria", 1, None, 0, None, 0).outcome
        'full_waiver'
        >>> KSRow(2003, "SDN", "Sudan", None, None, None, 2, 1).outcome
        'partial_waiver'
        >>> KSRow(2003, "CUB", "Cuba", None, None, None, 2, None).outcome
        'sanctioned'
        """
        if self.fullwaiver == 1:
            return "full_waiver"
        if self.d3 == 1:
            return "subsequent_compliance"
        coded = [v for v in (self.d1ai, self.d1aii, self.d1b) if v is not None]
        if any(v in (0, 1) for v in coded):
            return "partial_waiver"
        if coded:
            return "sanctioned"
        raise ValueError(f"{self.iso3} {self.report_year}: no variable coded")


def parse_rows(rows: Iterable[Mapping[str, str]]) -> list[KSRow]:
    """The source's CSV rows (report_year, iso3, name_in_source, fullwaiver, d3, d1ai, d1aii,
    d1b; blank = not coded), checked."""

    def num(v: str | None) -> int | None:
        v = (v or "").strip()
        return int(v) if v else None

    out = [
        KSRow(
            int(r["report_year"]),
            r["iso3"].strip(),
            r["name_in_source"].strip(),
            num(r.get("fullwaiver")),
            num(r.get("d3")),
            num(r.get("d1ai")),
            num(r.get("d1aii")),
            num(r.get("d1b")),
        )
        for r in rows
    ]
    keys = Counter((r.report_year, r.iso3) for r in out)
    dup = [k for k, n in keys.items() if n > 1]
    if dup:
        raise ValueError(f"Kelley & Simmons rows repeated: {dup}")
    for r in out:
        r.outcome  # noqa: B018 - raises on a row with nothing coded
    return out


def parse_figure(rows: Iterable[Mapping[str, str]]) -> dict[int, dict[str, int]]:
    """The published counts (one CSV row per category, one column per report year), by year."""
    out: dict[int, dict[str, int]] = {}
    for r in rows:
        category = r["Waiver"]
        if category not in FIGURE_ROWS:
            raise ValueError(f"Unknown row of the figure: {category!r}")
        for k, v in r.items():
            if k != "Waiver":
                out.setdefault(int(k), {})[category] = int(v)
    return out


def panel_source(rows: Iterable[KSRow]) -> dict[tuple[int, str], tuple[str, str]]:
    """The panel's second source: (outcome, the source's codes) by (report year, iso3)."""
    return {(r.report_year, r.iso3): (r.outcome, r.codes) for r in rows}


@dataclass(frozen=True)
class FigureYear:
    """One report year: the counts the reading gives and the published ones."""

    year: int
    governments: int  # coded by the source
    reproduced: dict[str, int] | None  # None: the source does not cover the year
    published: dict[str, int]
    difference: str  # '' where they agree

    @property
    def agrees(self) -> bool:
        return self.reproduced == self.published

    def to_dict(self) -> dict[str, Any]:
        return {
            "year": self.year,
            "governments_in_source": self.governments,
            "reproduced": self.reproduced,
            "published": self.published,
            "agrees": self.agrees,
            "difference": self.difference,
        }


def reproduce_figure(
    rows: Iterable[KSRow],
    figure: Mapping[int, Mapping[str, int]],
    reading: Callable[[KSRow], str] | None = None,
) -> list[FigureYear]:
    """Kelley's Figure 3.12 counted again from the source under the reading
    (:attr:`KSRow.outcome`, or ``reading`` to try another), year by year, with the published
    counts and, where they differ, :data:`FIGURE_DIFFERENCES`."""
    read = reading or (lambda r: r.outcome)
    by_year: dict[int, list[KSRow]] = {}
    for r in rows:
        by_year.setdefault(r.report_year, []).append(r)
    out = []
    for y in sorted(figure):
        mine = by_year.get(y)
        counts: dict[str, int] | None = None
        if mine:
            outcomes = Counter(read(r) for r in mine)
            coded = {r.iso3 for r in mine}
            outcomes.update(o for iso3, o in NOT_IN_SOURCE.items() if iso3 not in coded)
            counts = {cat: sum(outcomes[o] for o in kinds) for cat, kinds in FIGURE_ROWS.items()}
        published = dict(figure[y])
        out.append(
            FigureYear(
                y,
                len(mine or ()),
                counts,
                published,
                "" if counts == published else FIGURE_DIFFERENCES.get(y, "not explained"),
            )
        )
    return out


def figure_markdown(years: Iterable[FigureYear]) -> str:
    """The reproduction as a Markdown table (docs/PANEL.md repeats it; a test keeps it equal):
    per report year, the counts reproduced / published, and what differs."""
    lines = [
        "| report | governments coded | full waiver* | partial waiver | sanctioned | agrees |",
        "|---|---|---|---|---|---|",
    ]
    notes = []
    for y in years:
        cells = []
        for k in FIGURE_ROWS:
            mine = "–" if y.reproduced is None else str(y.reproduced[k])
            cells.append(f"{mine} / {y.published[k]}")
        lines.append(
            f"| {y.year} | {y.governments} | {' | '.join(cells)} | {'yes' if y.agrees else 'no'} |"
        )
        if y.difference:
            notes.append(f"- {y.year}: {y.difference}")
    return "\n".join([*lines, "", *notes]) + "\n"
