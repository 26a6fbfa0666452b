"""Assessment facts for one country and report year, as a pydantic model: the findings
that 22 U.S.C. 7106-7107 leave to the Secretary of State (docs/LAW.md §2.2).

All judgments are the Secretary of State's; the engine takes them as inputs and computes
only what the statute makes mechanical. A fact may be left out (None): the engine then
answers ``undetermined`` naming it, if the decision needs it. A fact that the governing
statute version does not know is rejected, and so are contradictory facts.
"""

from __future__ import annotations

from datetime import date
from typing import Any, Literal

from pydantic import BaseModel, ConfigDict, Field, model_validator

from tiptiers.errors import BadInput
from tiptiers.law.versions import at_least, version_for

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
    """A Watch List waiver of 7107(b)(2)(D)(ii) and its three prongs."""

    granted: bool | None = None
    written_plan_exists: bool | None = None
    plan_would_constitute_significant_efforts: bool | None = None
    sufficient_resources_devoted: bool | None = None
    credible_evidence_reported_to_SFRC_HFAC: bool | None = None
    decider: Literal["President", "Secretary of State"] | None = None


class ConcreteAction(_Strict):
    """An action of 7102(5) ("concrete actions"), dated, that a finding rests on."""

    description: str
    date: date


class PriorPlacement(_Strict):
    """A placement of an earlier report, overriding the record for that year."""

    year: int
    tier: str
    waiver_used: bool | None = None


class Assessment(_Strict):
    """The facts about one government for one report (docs/LAW.md §2.2)."""

    country: str = Field(description="Name, alias, ISO2 or ISO3 of the country")
    report_year: int = Field(
        le=2100, description="The report year (the June report), 2001 or later"
    )
    entity_kind: Literal["country", "territory", "not_assessed"] = "country"
    standards_applicable: bool = Field(
        True, description="Origin, transit or destination for victims of severe forms"
    )
    special_case: bool = False
    special_case_reason: str | None = None
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
    waiver: Waiver | None = None
    prior_placements: list[PriorPlacement] | None = Field(
        None, description="Earlier placements; the recorded history is used where absent"
    )
    evidence: dict[str, str] | None = Field(None, description="Free references per fact")

    @model_validator(mode="after")
    def _consistent(self) -> Assessment:
        years = [p.year for p in self.prior_placements or ()]
        late = sorted({y for y in years if y >= self.report_year})
        if late:
            raise ValueError(
                f"prior_placements for {late} are not earlier than report_year {self.report_year}"
            )
        twice = sorted({y for y in years if years.count(y) > 1})
        if twice:
            raise ValueError(f"prior_placements give {twice} more than once")
        if self.fully_complies is True and self.making_significant_efforts is False:
            raise ValueError(
                "contradictory facts: fully_complies is true but making_significant_efforts"
                " is false (a government that fully complies makes significant efforts)"
            )
        return self

    def version_check(self, source: str = "assessment") -> None:
        """Reject facts the governing version does not know (docs/LAW.md §2.2 'version')."""
        v = version_for(self.report_year)
        problems = []

        def unknown(field: str, since: str, until: str | None = None) -> None:
            value = getattr(self, field)
            if value is None:
                return
            if not at_least(self.report_year, since) or (
                until is not None and at_least(self.report_year, until)
            ):
                span = f"{since}" + (f" to before {until}" if until else " on")
                problems.append(f"'{field}' (a fact of {span})")

        unknown("efforts_rest_on_commitments", "V2003", "V2019")
        unknown("victims_very_significant_or_significantly_increasing", "V2003")
        unknown("no_evidence_of_increasing_efforts_vs_prior_year", "V2003")
        unknown("taking_proportional_concrete_actions", "V2019")
        unknown("government_policy_or_pattern", "V2019")
        unknown("concrete_actions", "V2019")
        unknown("waiver", "V2008")
        if problems:
            raise BadInput(
                f"{source}: the {self.report_year} report is governed by {v.id}, which does not"
                " know "
                + ", ".join(problems)
                + (": remove it" if len(problems) == 1 else ": remove them")
                + " or change report_year."
            )


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
