"""Consequences of a Tier 3 (list C) placement — 22 U.S.C. 7107(a), (c)-(f), docs/LAW.md §5-6.

For each Tier 3 government the President makes one of four determinations (d1-d4) 45 to 90
days after the report; the restrictions fall on the next fiscal year. The engine lists what
the law of the report year provided, who decides, and the deadlines, computed from the
recorded release date where the record has one and otherwise from the statutory due date.
Where the record holds the actual determination it is shown; otherwise it says so.
"""

from __future__ import annotations

from dataclasses import dataclass, field
from datetime import date, timedelta
from typing import TYPE_CHECKING, Any

from tiptiers.documents import DeterminationYear, PresidentialDetermination
from tiptiers.law import citations as cite
from tiptiers.law.decision import Flag, Step, TraceStep
from tiptiers.law.params import month_day_text
from tiptiers.law.versions import (
    DETERMINATION_WINDOW_DAYS,
    REPORT_DUE,
    SANCTIONS_FROM_REPORT,
    TRADE_AGREEMENT_CONDITION,
    at_least,
    report_due_date,
    version_for,
)
from tiptiers.model import Record, Tier

if TYPE_CHECKING:
    from tiptiers.law.assessment import Assessment

MDBS = ("IBRD", "IDA", "IFC", "IDB", "ADB", "IIC", "AfDB", "AfDF", "EBRD", "MIGA")


@dataclass(frozen=True)
class Determination:
    code: str
    name: str
    citation: str
    effect: str


@dataclass(frozen=True)
class Deadline:
    event: str
    date: date
    citation: str
    basis: str


#: The columns of :meth:`Consequences.to_rows`.
CONSEQUENCE_COLUMNS = (
    "iso3",
    "name",
    "year",
    "version",
    "tier",
    "applies",
    "part",
    "code",
    "title",
    "date",
    "citation",
    "text",
)


@dataclass(frozen=True)
class Consequences:
    """What the law of one report year provided for one government on Tier 3."""

    iso3: str
    name: str
    year: int
    version: str
    tier: Tier | None
    applies: bool
    summary: str
    restrictions: tuple[str, ...] = ()
    exceptions: tuple[str, ...] = ()
    determinations: tuple[Determination, ...] = ()
    deadlines: tuple[Deadline, ...] = ()
    decider: str = ""
    fiscal_year: int | None = None
    recorded_determination: str = ""
    other: tuple[str, ...] = ()
    flags: tuple[Flag, ...] = field(default=())
    actual: tuple[PresidentialDetermination, ...] = ()
    document: DeterminationYear | None = None

    def to_dict(self) -> dict[str, Any]:
        return {
            "iso3": self.iso3,
            "name": self.name,
            "year": self.year,
            "version": self.version,
            "tier": self.tier.value if self.tier else None,
            "applies": self.applies,
            "summary": self.summary,
            "restrictions": list(self.restrictions),
            "exceptions": list(self.exceptions),
            "determinations": [
                {"code": d.code, "name": d.name, "citation": d.citation, "effect": d.effect}
                for d in self.determinations
            ],
            "deadlines": [
                {
                    "event": d.event,
                    "date": d.date.isoformat(),
                    "citation": d.citation,
                    "basis": d.basis,
                }
                for d in self.deadlines
            ],
            "decider": self.decider,
            "fiscal_year": self.fiscal_year,
            "recorded_determination": self.recorded_determination,
            "determination_brief": self.determination_brief,
            "actual_determinations": [d.to_dict() for d in self.actual],
            "determination_document": self.document.to_dict() if self.document else None,
            "other": list(self.other),
            "flags": [f.to_dict() for f in self.flags],
        }

    @property
    def determination_brief(self) -> str:
        """The determination on record in a few words, for a table of many governments:
        what each row determined, or where the record's document does not name it."""
        if self.actual:
            return "; ".join(d.describe() for d in self.actual)
        doc = self.document
        if doc is None:
            return "no determination on record"
        if doc.complete:
            return f"not named in {doc.short_name}"
        if doc.document.value == "partial":
            return f"not seen in the part of {doc.short_name} on record"
        return f"no text of {doc.short_name} on record"

    def summary_row(self) -> dict[str, Any]:
        """One row of a year's Tier 3 list as CSV: the government, whether the consequences
        applied, the fiscal year and the window of the President's determination."""
        return {
            "iso3": self.iso3,
            "name": self.name,
            "year": self.year,
            "version": self.version,
            "applies": self.applies,
            "fiscal_year": self.fiscal_year,
            "earliest_determination": self.deadlines[0].date.isoformat() if self.deadlines else "",
            "latest_determination": self.deadlines[1].date.isoformat() if self.deadlines else "",
            "recorded_determination": self.recorded_determination,
            "pd_number": self.document.pd_number if self.document else "",
            "pd_date": self.document.pd_date if self.document else "",
            "document_seen": self.document.document.value if self.document else "",
            "determination_codes": "; ".join(d.code for d in self.actual),
            "determination_brief": self.determination_brief,
        }

    def to_rows(self) -> list[dict[str, Any]]:
        """The consequences as CSV rows (the columns of :data:`CONSEQUENCE_COLUMNS`): the
        summary first, then one row per restriction, exception, determination, deadline,
        other consequence and flag."""
        d = self.to_dict()
        head = {k: d[k] for k in ("iso3", "name", "year", "version", "tier", "applies")}
        rows = [{**head, "part": "summary", "text": d["summary"]}]
        rows += [{**head, "part": "restriction", "text": t} for t in d["restrictions"]]
        rows += [{**head, "part": "exception", "text": t} for t in d["exceptions"]]
        rows += [
            {
                **head,
                "part": "determination",
                "code": x["code"],
                "title": x["name"],
                "citation": x["citation"],
                "text": x["effect"],
            }
            for x in d["determinations"]
        ]
        rows += [
            {
                **head,
                "part": "deadline",
                "title": x["event"],
                "date": x["date"],
                "citation": x["citation"],
                "text": x["basis"],
            }
            for x in d["deadlines"]
        ]
        if d.get("decider"):
            rows.append({**head, "part": "decider", "text": d["decider"]})
        if d.get("recorded_determination"):
            rows.append(
                {**head, "part": "recorded_determination", "text": d["recorded_determination"]}
            )
        rows += [
            {
                **head,
                "part": "actual_determination",
                "code": x.code,
                "title": x.document,
                "date": x.pd_date,
                "citation": x.citation,
                "text": x.describe(),
            }
            for x in self.actual
        ]
        rows += [{**head, "part": "other", "text": t} for t in d["other"]]
        rows += [
            {**head, "part": "flag", "code": x["code"], "title": x["title"], "text": x["message"]}
            for x in d["flags"]
        ]
        return rows


def determinations(year: int) -> tuple[Determination, ...]:
    """The four determinations of 7107(d)(1)-(4) as the law of ``year`` wrote them."""
    exchange = at_least(year, "V2003")
    d1 = (
        "(A)(i) no nonhumanitarian, nontrade-related assistance to the government for the next"
        " fiscal year"
        + (
            "; or (A)(ii), if it received none in the previous fiscal year, none next year and no"
            " U.S. funding for its officials' participation in educational and cultural exchange"
            " programs"
            if exchange
            else ""
        )
        + "; and (B) U.S. Executive Directors at the multilateral development banks and the IMF"
        " vote against and use best efforts to deny loans and other funds, except humanitarian,"
        " trade-related and basic-human-needs development aid that bypasses the government"
    )
    return (
        Determination("d1", "withholding", "22 U.S.C. 7107(d)(1)", d1),
        Determination(
            "d2",
            "already restricted",
            "22 U.S.C. 7107(d)(2)",
            "the country already faces multiple, broad-based restrictions imposed in significant"
            " part for human rights abuses, comparable to d1 (they must be described)",
        ),
        Determination(
            "d3",
            "subsequent compliance",
            "22 U.S.C. 7107(d)(3)",
            "the Secretary has determined that the government has since come into compliance or"
            " is making significant efforts",
        ),
        Determination(
            "d4",
            "national-interest waiver",
            "22 U.S.C. 7107(d)(4)",
            "providing the assistance"
            + (
                " (bilateral, exchange funding and/or multilateral)"
                if exchange
                else " (bilateral and/or multilateral)"
            )
            + " would promote the purposes of the Act or is otherwise in the U.S. national"
            " interest; full or partial (7107(d)(5)), and mandatory where needed to avoid"
            " significant adverse effects on vulnerable populations, including women and"
            " children",
        ),
    )


def consequences(record: Record, iso3: str, year: int, name: str | None = None) -> Consequences:
    """What a Tier 3 placement in the report of ``year`` meant under the law of that year
    (22 U.S.C. 7107(a), (c), (d)); for other tiers, says that none apply."""
    record.check_year(year)
    v = version_for(year)
    who = name or iso3
    look = record.lookup(iso3, year)
    tier = look.tier

    def none_apply(why: str) -> Consequences:
        return Consequences(iso3, who, year, v.id, tier, False, why)

    if tier is not Tier.T3:
        why = (
            f"{who} was on {tier.label} in the {year} report: the Tier 3 consequences of"
            f" {cite.DETERMINATIONS} do not apply."
            if tier is not None
            else look.note + " The record cannot say whether Tier 3 consequences applied."
        )
        return none_apply(why)
    if not SANCTIONS_FROM_REPORT.at(year):
        return none_apply(
            f"{who} was on Tier 3 in {year}, but {cite.NOTICE} requires the presidential"
            " determinations only for reports submitted on or after January 1, 2003: the"
            f" {year} report triggered none. The policy of {cite.POLICY} still stood: no"
            " nonhumanitarian, nontrade-related assistance to such a government."
        )
    cov = record.coverage.get(year)
    if cov is not None and cov.release_date:
        base = date.fromisoformat(cov.release_date)
        basis = f"from the recorded release date {base.isoformat()}"
    else:
        base = report_due_date(year)
        due = month_day_text(REPORT_DUE.require(year))
        basis = (
            f"from the statutory due date ({due}, {REPORT_DUE.citation}); the record has no"
            " release date for this report"
        )
    earliest, latest = DETERMINATION_WINDOW_DAYS.require(year)
    deadlines = (
        Deadline(
            "earliest presidential determination",
            base + timedelta(days=earliest),
            cite.NOTICE,
            basis,
        ),
        Deadline(
            "latest presidential determination",
            base + timedelta(days=latest),
            cite.NOTICE,
            basis,
        ),
        Deadline(
            f"restrictions apply: fiscal year {year + 1} begins",
            date(year, 10, 1),
            "22 U.S.C. 7107(d)(1)(A)",
            "the fiscal year after the report",
        ),
    )
    restrictions = [
        "No nonhumanitarian, nontrade-related foreign assistance to the government for the next"
        " fiscal year (7107(d)(1)(A)(i)).",
        "The U.S. votes against and works to deny loans and other uses of funds at the"
        " multilateral development banks (" + ", ".join(MDBS) + ") and the IMF"
        " (7107(d)(1)(B), (d)(6)).",
    ]
    flags = [
        Flag(
            "E13",
            "Whether (d)(1)(A)(i) or (ii) applies depends on whether the government received"
            " nonhumanitarian, nontrade-related assistance in the previous fiscal year, which the"
            " record does not hold; a waiver is mandatory where needed to protect vulnerable"
            " populations, a judgment.",
        ),
        Flag(
            "E14",
            "Sanctions determinations remain the President's; only Watch List waivers were"
            " delegated to the Secretary of State (2010-09-20).",
        ),
    ]
    if at_least(year, "V2019"):
        # Pub. L. 115-427 renumbered 7102(8) as 7102(10) in 2019: before, the reference was right
        flags.append(
            Flag(
                "E11",
                "7107(e) still cites 7102(8), renumbered 7102(10) in 2019; read as the definition"
                " of nonhumanitarian, nontrade-related assistance.",
            )
        )
    if at_least(year, "V2003"):
        restrictions.insert(
            1,
            "If it received no such assistance in the previous fiscal year: none next year and no"
            " U.S. funding for its officials' or employees' participation in educational and"
            " cultural exchange programs (7107(d)(1)(A)(ii); the exchange element believed added"
            " in 2003, not verified).",
        )
    exceptions = (
        "Humanitarian and trade-related assistance are outside the sanction by definition"
        " (22 U.S.C. 7102(10)).",
        "At the development banks: humanitarian aid, trade-related aid, and development aid that"
        " meets basic human needs, is not administered by the government and confers no benefit"
        " on it (7107(d)(1)(B)).",
        "The President may waive in whole or in part (d4, 7107(d)(5)) and may waive a d1"
        " determination later at any time (7107(f)).",
    )
    actual, document, recorded = determination_on_record(record, iso3, year, who)
    other = []
    if TRADE_AGREEMENT_CONDITION.at(year):
        other.append(
            "Trade: fast-track procedures do not apply to a trade agreement with a Tier 3"
            " country of the most recent report, unless the President reports concrete actions"
            " (19 U.S.C. 4205(b)(6))."
        )
    return Consequences(
        iso3,
        who,
        year,
        v.id,
        tier,
        True,
        f"{who} was on Tier 3 in the {year} report: the President was to notify Congress of"
        f" one of the four determinations of 7107(d) {earliest} to {latest} days after the"
        f" report, for fiscal year {year + 1}.",
        tuple(restrictions),
        exceptions,
        determinations(year),
        deadlines,
        "the President (7107(c), (d)); not delegated",
        year + 1,
        recorded,
        tuple(other),
        tuple(flags),
        actual,
        document,
    )


def determination_on_record(
    record: Record, iso3: str, year: int, who: str
) -> tuple[tuple[PresidentialDetermination, ...], DeterminationYear | None, str]:
    """What the President actually determined for a government on the Tier 3 list of the
    report of ``year`` (22 U.S.C. 7107(d); docs/LAW.md §5), as far as the record has seen the
    fiscal year's document: its rows, the document, and one paragraph saying so.

    A government a partial document does not name is "not seen in the part of PD ... on
    record", never "no sanctions"; only a complete document settles its absence. The
    Kelley & Simmons full-waiver flag (2001-2011) is added as corroboration where present.
    """
    dets = record.determinations
    doc = dets.for_report(year)
    rows = tuple(dets.of(iso3, year))
    parts: list[str] = []
    if rows:
        first = rows[0]
        name = doc.name if doc else first.document
        parts.append(
            f"{name} (fiscal year {first.fiscal_year}) for {who}: "
            + "; ".join(f"{r.describe()} ({r.citation})" for r in rows)
            + "."
        )
        if doc is not None and not doc.complete:
            parts.append(doc.partial_note())
    elif doc is not None:
        parts.append(doc.absence(who))
    else:
        parts.append(f"The record holds no Presidential Determination acting on the {year} report.")
    p = record.get(iso3, year)
    if p is not None and p.sanctions_full_waiver is True:
        parts.append(
            "Kelley & Simmons record a full presidential waiver of the sanctions (d4, full scope)."
        )
    elif p is not None and p.sanctions_full_waiver is False:
        parts.append(
            "Kelley & Simmons record no full presidential waiver; that does not say which"
            " determination was made: withholding (d1), already restricted (d2), subsequent"
            " compliance (d3) or a partial waiver (d4) — under d2 and d3 no sanction applied."
        )
    return rows, doc, " ".join(x for x in parts if x)


def sanctions(record: Record, year: int, names: dict[str, str] | None = None) -> list[Consequences]:
    """The consequences for every Tier 3 government of the report of ``year``."""
    names = names or {}
    return [
        consequences(record, p.iso3, year, names.get(p.iso3))
        for p in sorted(record.year(year), key=lambda p: names.get(p.iso3, p.iso3))
        if p.tier is Tier.T3
    ]


def determinations_note(record: Record, year: int) -> str:
    """One sentence on the document acting on the Tier 3 list of the report of ``year``: which
    PD, for which fiscal year, and how much of it the record has seen ('' if none applies)."""
    doc = record.determinations.for_report(year)
    if doc is None:
        return ""
    if doc.complete:
        return (
            f"The determinations are those of {doc.name} for fiscal year {doc.fiscal_year},"
            " whose whole text is on record."
        )
    if doc.document.value == "partial":
        return (
            f"The determinations are those of {doc.name} for fiscal year {doc.fiscal_year}, of"
            f" which only a part is on record (it stops at: {doc.seen_until}); a government"
            f" 'not seen in the part of {doc.short_name} on record' may have had any"
            " determination, and partial waivers in later paragraphs were not seen."
        )
    return (
        f"No text of {doc.name} for fiscal year {doc.fiscal_year} is on record"
        + (f": {doc.note.rstrip('.')}" if doc.note else "")
        + "."
    )


def sanctions_summary(year: int, items: list[Consequences]) -> str:
    """One sentence on what the Tier 3 list of the report of ``year`` set in motion under the
    law of that year (22 U.S.C. 7107(c)): the determination window and the fiscal year, or,
    before the 2003 report, that no determination was required.

    ``items`` is :func:`sanctions` of that year; the sentence is about all of them, never
    one country's.
    """
    if not items:
        return f"No Tier 3 government in the {year} record."
    n = len(items)
    govs = "one government" if n == 1 else f"{n} governments"
    first = items[0]
    if not first.applies:
        return (
            f"The record lists {govs} on Tier 3 in the {year} report, but {cite.NOTICE}"
            " requires the presidential determinations only for reports submitted on or after"
            f" January 1, 2003: the {year} report triggered none. The policy of {cite.POLICY}"
            " still stood: no nonhumanitarian, nontrade-related assistance to such a government."
        )
    earliest, latest = first.deadlines[0], first.deadlines[1]
    low, high = DETERMINATION_WINDOW_DAYS.require(year)
    return (
        f"The record lists {govs} on Tier 3 in the {year} report. Under the law of that year"
        f" ({version_for(year).plain}) the President notifies Congress of one of the four"
        f" determinations of 7107(d) for each between {earliest.date.isoformat()} and {latest.date.isoformat()}, {low} to"
        f" {high} days after the report ({cite.NOTICE}), counted {earliest.basis}; the"
        f" restrictions fall on fiscal year {first.fiscal_year}."
    )


# -- the determination an assessment gives (tiptiers.law.tiers) --------------------------
_DETERMINATIONS = {
    "d1": "withholding (7107(d)(1)): restrictions apply for the next fiscal year",
    "d2": "already restricted (7107(d)(2)): no new restriction; existing ones are comparable",
    "d3": "subsequent compliance (7107(d)(3)): no restriction applies",
    "d4": "a national-interest waiver (7107(d)(4))",
}


def determination_step(a: Assessment, tier: Tier | None) -> Step:
    """7107(c)-(d) (docs/LAW.md §5, E13) for an evaluated tier: for Tier 3, which withholding
    a d1 would be, from the assistance received in the previous fiscal year, and the
    determination made, where the assessment gives them; for another tier, a flag that no
    determination is made for it."""
    if a.determination is None and a.prior_fy_assistance_received is None:
        return Step()
    if tier is not Tier.T3:
        flag = Flag(
            "DETERMINATION_WITHOUT_TIER3",
            "The assessment gives a presidential determination or the previous fiscal"
            " year's assistance, but the tier is "
            + (tier.label if tier else "undetermined")
            + ": 7107(d) determinations are made only for Tier 3 governments.",
        )
        return Step((), (flag,))
    parts = []
    if a.prior_fy_assistance_received is not None:
        parts.append(
            "it received nonhumanitarian, nontrade-related assistance in the previous fiscal"
            " year, so a withholding is (d)(1)(A)(i): none for the next fiscal year"
            if a.prior_fy_assistance_received
            else "it received no nonhumanitarian, nontrade-related assistance in the previous"
            " fiscal year, so a withholding is (d)(1)(A)(ii): none next year and no funding of"
            " its officials' educational and cultural exchanges"
        )
    if a.determination is not None:
        scope = f", {a.determination_scope}" if a.determination_scope else ""
        parts.append(
            f"the determination made: {a.determination}, {_DETERMINATIONS[a.determination]}{scope}"
        )
    return Step(
        (TraceStep("determination", cite.DETERMINATIONS, "On Tier 3, " + "; ".join(parts) + "."),)
    )
