"""Assessment facts for one country and report year, as a pydantic model: the findings
that 22 U.S.C. 7106-7107 leave to the Secretary of State (docs/LAW.md §2.2).

All judgments are the Secretary of State's; the engine takes them as inputs and computes
only what the statute makes mechanical. A fact may be left out (None): the engine then
answers ``undetermined`` naming it, if the decision needs it. A fact that the governing
statute version does not know is rejected, and so are contradictory facts.

The model's JSON Schema states these rules too (:func:`_assessment_rules`: the facts of each
statute version by report year, the tier codes and the categories and waivers each tier
allows), so that whatever the schema allows is read. The rules a JSON Schema cannot state —
they compare two values: a prior placement's year with the report year, two prior
placements of one year, a reporting period's start with its end and with the report — are
not refused: :meth:`Assessment.conflicts` names them, and the decision is ``undetermined``
with a blocking ``CONFLICTING_FACTS`` flag naming what to change (docs/LAW.md §2.2).
"""

from __future__ import annotations

import datetime
from collections import Counter
from datetime import date
from typing import Any, Literal

from pydantic import BaseModel, ConfigDict, Field, field_validator, model_validator

from tiptiers.errors import BadInput, InvalidTier
from tiptiers.law.versions import (
    COUNTING_STARTS,
    FIRST_REPORT_YEAR,
    SANCTIONS_FROM_REPORT,
    at_least,
    report_due_date,
    version_for,
)
from tiptiers.model import Tier

# Concurrent data may cover another span than April 1 to March 31 (7107(b)(1), docs/LAW.md
# E12), but within this many years before the report: not a limit of the statute, a bound
# on what can still be "concurrent" with a yearly report.
_PERIOD_WINDOW_YEARS = 2  # not statute: a bound on input, see above

PolicyOrPattern = Literal[
    "trafficking",
    "trafficking_in_government_funded_programs",
    "forced_labor_in_government_affiliated_sectors",
    "sexual_slavery_in_government_camps",
    "child_soldiers",
]


class _Strict(BaseModel):
    model_config = ConfigDict(extra="forbid", frozen=True)


class Waiver(_Strict):
    """A Watch List waiver of 7107(b)(2)(D)(ii) and its three prongs (docs/LAW.md §4.4)."""

    granted: bool | None = Field(None, description="Whether a waiver was granted this year")
    written_plan_exists: bool | None = Field(
        None, description="Prong 1: a written plan to begin significant efforts exists"
    )
    plan_would_constitute_significant_efforts: bool | None = Field(
        None, description="Prong 2: the plan, if carried out, would be significant efforts"
    )
    sufficient_resources_devoted: bool | None = Field(
        None, description="Prong 3: the government is devoting sufficient resources to it"
    )
    credible_evidence_reported_to_SFRC_HFAC: bool | None = Field(
        None, description="The credible evidence was reported to the two foreign committees"
    )
    decider: Literal["President", "Secretary of State"] | None = Field(
        None, description="Who decided (E14: delegated to the Secretary on 2010-09-20)"
    )


class ConcreteAction(_Strict):
    """An action of 7102(5) ("concrete actions"), dated, that a finding rests on."""

    description: str = Field(description="What the government did")
    date: datetime.date = Field(description="When (must fall in the reporting period, E12)")


PRIOR_TIERS = ("1", "2", "2WL", "3", "special_case", "not_ranked")
Category = Literal["(i)", "(ii)", "(iii)"]
#: The special watch list categories of 7107(b)(2)(A) a year's tier allows: (i) Tier 1 after
#: list B, (ii) list B after Tier 3, (iii) the Tier 2 Watch List.
CATEGORIES_OF_TIER = {"1": ("(i)",), "2": ("(ii)",), "2WL": ("(ii)", "(iii)")}
LAST_REPORT = 2100  # not statute: a bound on input


class PriorPlacement(_Strict):
    """A placement of an earlier report, overriding the record for that year."""

    model_config = ConfigDict(json_schema_extra=lambda s: _prior_rules(s))

    year: int = Field(ge=FIRST_REPORT_YEAR, le=LAST_REPORT, description="The earlier report year")
    tier: str = Field(
        description="1, 2, 2WL, 3, special_case, or not_ranked (no placement at all that"
        " year); a tier's label ('Tier 2 Watch List') is read as its code",
        json_schema_extra={"enum": list(PRIOR_TIERS)},
    )
    watch_list_categories: list[Category] | None = Field(
        None,
        description="Special watch list categories of 7107(b)(2)(A) that year: (i) Tier 1"
        " after list B, (ii) list B after Tier 3, (iii) the Tier 2 Watch List; inferred from"
        " the tiers where left out",
    )
    waiver_used: bool | None = Field(
        None,
        description="For a Watch List year that needed a waiver (the third counted year on):"
        " whether one was granted. true on a year that needed none is rejected; false means"
        " the year is deemed Tier 3 (7107(b)(2)(D)(i))",
    )

    @field_validator("tier", mode="before")
    @classmethod
    def _tier_code(cls, value: Any) -> Any:
        """A tier code, label or alias as its code ('Tier 2 Watch List' is '2WL')."""
        if value == "not_ranked" or not isinstance(value, str | int):
            return value
        try:
            return Tier.parse(str(value)).value
        except InvalidTier as exc:
            raise ValueError(f"{exc.message.rstrip('.')}, or not_ranked") from None

    @model_validator(mode="after")
    def _consistent(self) -> PriorPlacement:
        if self.waiver_used is not None and self.tier != "2WL":
            raise ValueError(
                f"{self.year}: waiver_used is given for tier {self.tier}, but a Watch List"
                " waiver is only for a Tier 2 Watch List year"
            )
        allowed = CATEGORIES_OF_TIER.get(self.tier, ())
        wrong = [c for c in self.watch_list_categories or () if c not in allowed]
        if wrong:
            raise ValueError(
                f"{self.year}: category {wrong[0]} is not possible for tier {self.tier}"
                " ((i) is Tier 1, (ii) Tier 2 or the Watch List, (iii) the Watch List)"
            )
        return self


class ReportingPeriod(_Strict):
    """The span of "concurrent data" where it differs from April 1 to March 31 (7107(b)(1);
    docs/LAW.md E12)."""

    start: date = Field(description="First day of the period")
    end: date = Field(description="Last day of the period")
    reason: str = Field(min_length=1, description="Why the concurrent data cover this span")


class CriterionFinding(_Strict):
    """A finding on one criterion of serious and sustained efforts (7106(b)), with its
    evidence, cited in the decision's trace (docs/LAW.md §3.2)."""

    criterion: int = Field(ge=1, description="The 7106(b) criterion number (1 to 12)")
    finding: str = Field(min_length=1, description="What the Secretary found")
    evidence: str = Field(min_length=1, description="The credible information it rests on")


class Assessment(_Strict):
    """The facts about one government for one report (docs/LAW.md §2.2)."""

    model_config = ConfigDict(json_schema_extra=lambda s: _assessment_rules(s))

    country: str = Field(description="Name, alias, ISO2 or ISO3 of the country")
    report_year: int = Field(
        le=2100, description="The report year (the June report), 2001 or later"
    )
    entity_kind: Literal["country", "territory", "not_assessed"] = Field(
        "country", description="A country, a territory assessed as if one (E2), or not assessed"
    )
    standards_applicable: bool = Field(
        True, description="Origin, transit or destination for victims of severe forms"
    )
    special_case: bool = Field(False, description="Not ranked: a Special Case (E1)")
    special_case_reason: str | None = Field(None, description="Why it is not ranked")
    fully_complies: bool | None = Field(None, description="Meets 7106(a)(1)-(4): list A")
    making_significant_efforts: bool | None = Field(
        None, description="Significant efforts under 7107(b)(3): list B"
    )
    efforts_rest_on_commitments: bool | None = Field(
        None, description="Watch List (iii)(III); V2003-V2008 only"
    )
    victims_very_significant_or_significantly_increasing: bool | None = Field(
        None, description="Watch List (iii)(I): absolute (to 2018) or estimated (2019+) number"
    )
    taking_proportional_concrete_actions: bool | None = Field(
        None, description="Watch List (iii)(I) second limb; V2019+"
    )
    no_evidence_of_increasing_efforts_vs_prior_year: bool | None = Field(
        None, description="Watch List (iii)(II)"
    )
    government_policy_or_pattern: list[PolicyOrPattern] | None = Field(
        None, description="Proof of failure, 7107(b)(3)(B); V2019+"
    )
    concrete_actions: list[ConcreteAction] | None = Field(
        None, description="Concrete actions a list A/B finding rests on; V2019+"
    )
    criteria_relied_on: list[int] | None = Field(
        None, description="Numbers of the 7106(b) criteria the finding relied on"
    )
    waiver: Waiver | None = Field(
        None, description="This year's Watch List waiver, 7107(b)(2)(D)(ii); V2008+"
    )
    prior_placements: list[PriorPlacement] | None = Field(
        None, description="Earlier placements; the recorded history is used where absent"
    )
    history: Literal["record", "assessment_only"] = Field(
        "record",
        description="'record': the published record gives every earlier year prior_placements"
        " does not; 'assessment_only': no recorded history (a hypothetical country, or a"
        " what-if), a year not given is off the Watch List and off Tier 3",
    )
    reporting_period: ReportingPeriod | None = Field(
        None, description="The reporting period where concurrent data differ; V2019+"
    )
    criteria_findings: list[CriterionFinding] | None = Field(
        None, description="Findings per 7106(b) criterion with evidence, cited in the trace"
    )
    prior_fy_assistance_received: bool | None = Field(
        None,
        description="Nonhumanitarian, nontrade-related assistance received in the previous"
        " fiscal year: decides 7107(d)(1)(A)(i) or (ii) for Tier 3 (E13); V2003+",
    )
    determination: Literal["d1", "d2", "d3", "d4"] | None = Field(
        None,
        description="The presidential determination actually made for a Tier 3 government"
        " (7107(d)(1)-(4)); only for reports that trigger one (7107(c))",
    )
    determination_scope: Literal["full", "partial"] | None = Field(
        None, description="For d4: a full or partial waiver (7107(d)(5))"
    )
    evidence: dict[str, str] | None = Field(None, description="Free references per fact")

    @model_validator(mode="after")
    def _consistent(self) -> Assessment:
        if self.fully_complies is True and self.making_significant_efforts is False:
            raise ValueError(
                "contradictory facts: fully_complies is true but making_significant_efforts"
                " is false (a government that fully complies makes significant efforts)"
            )
        return self

    def _scope_check(self, source: str) -> None:
        """7107(d)(5): only a national-interest waiver (d4) is full or partial."""
        scope = self.determination_scope
        if scope is None or self.determination == "d4":
            return
        given = (
            f"with determination {self.determination}"
            if self.determination
            else "without a determination"
        )
        raise BadInput(
            f"{source}: determination_scope '{scope}' is given {given}, but only a"
            " national-interest waiver (d4, 7107(d)(4)-(5)) is full or partial: remove"
            " determination_scope or set determination: d4",
            field="determination_scope",
        )

    def conflicts(self) -> list[tuple[str, str]]:
        """The facts that contradict one another, as (field, what to change): rules a JSON
        Schema cannot state, so not refused but answered ``undetermined`` (docs/LAW.md §2.2).

        >>> Assessment(country="FRA", report_year=2012, prior_placements=[
        ...     {"year": 2012, "tier": "2"}]).conflicts()[0][1][:62]
        'prior_placements for [2012] are not earlier than report_year 2'
        """
        out = []
        years = [p.year for p in self.prior_placements or ()]
        late = sorted({y for y in years if y >= self.report_year})
        if late:
            out.append(
                (
                    "prior_placements",
                    f"prior_placements for {late} are not earlier than report_year"
                    f" {self.report_year}: remove them or change report_year",
                )
            )
        twice = sorted(y for y, n in Counter(years).items() if n > 1)  # linear: 50,000 fit a body
        if twice:
            out.append(
                (
                    "prior_placements",
                    f"prior_placements give {twice} more than once: give each year once",
                )
            )
        period = self._period_problem()
        if period:
            out.append(("reporting_period", period))
        return out

    def _period_problem(self) -> str | None:
        """7107(b)(1): the reporting period is the year before the report; concurrent data
        for another span (docs/LAW.md E12) must still end by the report and stay near it."""
        period = self.reporting_period
        if period is None or not at_least(self.report_year, "V2019"):
            return None
        if period.end <= period.start:
            return (
                f"reporting_period: {period.start.isoformat()} to {period.end.isoformat()}"
                " does not end after it starts: give its first day as start and its last"
                " as end"
            )
        due = report_due_date(self.report_year)
        window = due.replace(year=due.year - _PERIOD_WINDOW_YEARS)
        wrong = []
        if period.end > due:
            wrong.append(f"ends after the {self.report_year} report was due ({due.isoformat()})")
        if period.end.replace(year=period.end.year - _PERIOD_WINDOW_YEARS) > period.start:
            wrong.append("spans more than two years")
        elif period.start < window:
            wrong.append(f"begins before {window.isoformat()}")
        if not wrong:
            return None
        return (
            f"reporting_period: {period.start.isoformat()} to"
            f" {period.end.isoformat()} {' and '.join(wrong)}; the reporting period of"
            " 7107(b)(1) is the year before the report (April 1 to March 31): give the span"
            " the concurrent data cover, within the two years before the report"
        )

    def _waiver_years(self) -> list[int]:
        return [p.year for p in self.prior_placements or () if p.waiver_used is not None]

    def version_check(self, source: str = "assessment") -> None:
        """Reject facts the governing version does not know (docs/LAW.md §2.2 'version'),
        a determination scope without a d4 waiver, and a reporting period that is not the
        report's."""
        self._scope_check(source)
        v = version_for(self.report_year)
        problems = []
        for field, since, until in VERSIONED_FACTS:
            if getattr(self, field) is not None and not _knows(self.report_year, since, until):
                span = f"{since}" + (f" to before {until}" if until else " on")
                problems.append(f"'{field}' (a fact of {span})")
        if self.determination is not None and not SANCTIONS_FROM_REPORT.at(self.report_year):
            first = SANCTIONS_FROM_REPORT.first_in_force()
            problems.append(f"'determination' (7107(c): only reports from {first} trigger one)")
        late = [y for y in self._waiver_years() if not COUNTING_STARTS.at(y)]
        if late:
            problems.append(
                f"waiver_used in prior_placements {late} (no Watch List waiver before the"
                f" {COUNTING_STARTS.first_in_force()} report)"
            )
        if problems:
            raise BadInput(
                f"{source}: the {self.report_year} report is governed by {v.id}, which does not"
                " know "
                + ", ".join(problems)
                + (": remove it" if len(problems) == 1 else ": remove them")
                + " or change report_year."
            )


#: The facts a statute version introduced (and, for one, removed): (field, since, until).
VERSIONED_FACTS: tuple[tuple[str, str, str | None], ...] = (
    ("efforts_rest_on_commitments", "V2003", "V2019"),
    ("victims_very_significant_or_significantly_increasing", "V2003", None),
    ("no_evidence_of_increasing_efforts_vs_prior_year", "V2003", None),
    ("taking_proportional_concrete_actions", "V2019", None),
    ("government_policy_or_pattern", "V2019", None),
    ("concrete_actions", "V2019", None),
    ("waiver", "V2008", None),
    ("reporting_period", "V2019", None),
    ("prior_fy_assistance_received", "V2003", None),
)


def _knows(report_year: int, since: str, until: str | None) -> bool:
    """Whether the law of ``report_year`` knows a fact of ``since`` to before ``until``."""
    return at_least(report_year, since) and not (until and at_least(report_year, until))


def _unknown_facts(report_year: int) -> list[str]:
    """The facts the law of ``report_year`` does not know (a determination included)."""
    out = [f for f, since, until in VERSIONED_FACTS if not _knows(report_year, since, until)]
    if not SANCTIONS_FROM_REPORT.at(report_year):
        out.append("determination")
    return out


def _assessment_rules(schema: dict[str, Any]) -> None:
    """The rules across facts that a JSON Schema can state, added to the model's schema:
    the facts each statute version knows (one branch per span of report years with the same
    facts, docs/LAW.md §2.2 'version'), a scope only with a d4 determination (7107(d)(5)), and
    no government that fully complies without significant efforts."""
    spans: list[tuple[int, int, list[str]]] = []
    for year in range(FIRST_REPORT_YEAR, LAST_REPORT + 1):
        unknown = _unknown_facts(year)
        if spans and spans[-1][2] == unknown:
            spans[-1] = (spans[-1][0], year, unknown)
        else:
            spans.append((year, year, unknown))
    versions = [
        {
            "title": f"The facts of the {version_for(lo).id} reports"
            + (f" ({lo}-{hi})" if hi > lo else f" ({lo})"),
            "properties": {
                "report_year": {"minimum": lo, "maximum": hi},
                **{f: {"type": "null"} for f in unknown},
            },
        }
        for lo, hi, unknown in spans
    ]
    schema["properties"]["report_year"]["minimum"] = FIRST_REPORT_YEAR
    schema["allOf"] = [
        {"anyOf": versions},
        {
            "title": "A scope only for a national-interest waiver (d4)",
            "anyOf": [
                {"properties": {"determination_scope": {"type": "null"}}},
                {"properties": {"determination": {"const": "d4"}}, "required": ["determination"]},
            ],
        },
        {
            "title": "A government that fully complies makes significant efforts",
            "anyOf": [
                {"properties": {"fully_complies": {"enum": [False, None]}}},
                {"properties": {"making_significant_efforts": {"enum": [True, None]}}},
            ],
        },
    ]


def _prior_rules(schema: dict[str, Any]) -> None:
    """The categories and the waiver each tier of a prior placement allows (7107(b)(2)(A),
    (D)(ii)), as one branch per tier; a waiver only from the first counted report."""
    first = COUNTING_STARTS.first_in_force()
    branches: list[dict[str, Any]] = []
    for tier in PRIOR_TIERS:
        allowed = CATEGORIES_OF_TIER.get(tier, ())
        items: dict[str, Any] = {"enum": list(allowed)} if allowed else {"not": {}}
        cats = {"anyOf": [{"type": "array", "items": items}, {"type": "null"}]}
        props = {"tier": {"const": tier}, "watch_list_categories": cats}
        branches.append({"properties": {**props, "waiver_used": {"type": "null"}}})
        if tier == "2WL":
            branches.append(
                {"properties": {**props, "year": {"minimum": first}}, "required": ["waiver_used"]}
            )
    schema["anyOf"] = branches


SHOWN_PROBLEMS = 6  # an error line names at most this many wrong fields


def parse_assessment(data: Any, source: str = "assessment") -> Assessment:
    """Validate one assessment; the problems become one BadInput line naming every field
    that is wrong (the first of them as its ``field``).

    >>> parse_assessment({})
    Traceback (most recent call last):
    ...
    tiptiers.errors.BadInput: assessment: country: Field required; report_year: Field required
    """
    from pydantic import ValidationError

    try:
        a = Assessment.model_validate(data)
    except ValidationError as exc:
        errors = exc.errors()
        locs = [".".join(str(p) for p in e["loc"]) for e in errors]
        msgs = [e["msg"].removeprefix("Value error, ") for e in errors]
        parts = [f"{loc}: {m}" if loc else m for loc, m in zip(locs, msgs, strict=True)]
        shown = "; ".join(parts[:SHOWN_PROBLEMS])
        more = f" (and {len(parts) - SHOWN_PROBLEMS} more)" if len(parts) > SHOWN_PROBLEMS else ""
        raise BadInput(f"{source}: {shown}{more}", field=locs[0] or None) from None
    a.version_check(source)
    return a


def assessment_schema() -> dict[str, Any]:
    """The JSON Schema of an assessment file."""
    return Assessment.model_json_schema()
