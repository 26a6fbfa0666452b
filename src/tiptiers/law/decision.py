"""What the law engine answers: a :class:`Decision` that explains itself, citing the
sections of 22 U.S.C. 7106-7107 it applied (docs/LAW.md §4; the flags E1-E16 are §8).

Every decision carries the tier (or ``undetermined`` with the missing facts), the statute
version, the Watch List state, a flag for every ambiguity met, and a trace: each step with
its rule id, its citation and one plain-English sentence. ``Decision.to_dict()`` is the
versioned JSON form of the trace (``trace_version``).
"""

from __future__ import annotations

from dataclasses import dataclass, field
from enum import StrEnum
from typing import Any

from tiptiers.law.citations import url as _section_url
from tiptiers.model import Tier

TRACE_VERSION = 1


class ClockStatus(StrEnum):
    """Where a country stands on the Watch List clock before a report."""

    NO_CLOCK = "no_clock"  # the law of that year had no automatic downgrade (before 2009)
    OFF_LIST = "off_list"  # not on the Watch List in the previous report
    COUNTING = "counting"  # another Watch List year is within the counted years
    WAIVER_NEEDED = "waiver_needed"  # another Watch List year needs a waiver still available
    DOWNGRADE_MANDATORY = "downgrade_mandatory"  # no waiver can keep it on the Watch List
    RELISTING_BARRED = "relisting_barred"  # 7107(b)(2)(F): may not be on the Watch List again
    UNDETERMINED = "undetermined"  # the record does not settle the clock

    @property
    def words(self) -> str:
        """The status in a reader's words (tiptiers.glossary.STATUS_WORDS)."""
        return CLOCK_STATUS_WORDS[self]


#: Where a country stands on the Watch List clock before a report, in a reader's words
#: (22 U.S.C. 7107(b)(2)(D)-(F)). "Downgrade mandatory" said of a country that was then
#: upgraded reads as an accusation: what the law required was that it leave the Watch List,
#: up or down.
CLOCK_STATUS_WORDS: dict[ClockStatus, str] = {
    ClockStatus.NO_CLOCK: "no clock (the law of that year had none)",
    ClockStatus.OFF_LIST: "not on the Watch List",
    ClockStatus.COUNTING: "may stay on the Watch List",
    ClockStatus.WAIVER_NEEDED: "may stay on the Watch List only with a waiver",
    ClockStatus.DOWNGRADE_MANDATORY: "could not stay on the Watch List",
    ClockStatus.RELISTING_BARRED: "could not return to the Watch List",
    ClockStatus.UNDETERMINED: "not settled by the record",
}


# docs/LAW.md section 8: the ambiguities the engine surfaces instead of choosing silently.
AMBIGUITIES: dict[str, str] = {
    "E1": "Special Case / not ranked: how a year outside the tiers affects a Watch List streak",
    "E2": "Non-country entity assessed 'as if' a country; the statute speaks of countries",
    "E3": "Category (ii) without (iii): Watch List label for a Tier 3 to Tier 2 upgrade",
    "E4": "Which list counts for the automatic downgrade: a streak including a (i)/(ii) year",
    "E5": "Streak breakers: whether a Special Case year breaks or pauses a streak",
    "E6": "Transition 2018-2019: do pre-2019 waiver years count against the 1-year cap?",
    "E7": "Re-listing cap (F): where the country goes, which re-entries, reach-back",
    "E8": "Proof of failure (the 2019 law) coexisting with a list A/B finding",
    "E9": "Waiver prongs vs merit: State adds 'if the country merits the Watch List'",
    "E10": "Conflicting history data between sources",
    "E11": "Stale cross-references in 7107(c), 7107(e) and 7107(b)(3)",
    "E12": "Evidence timing (the 2019 law): concrete actions outside the reporting period",
    "E13": "Sanctions choice: (d)(1)(A)(i) or (ii), and mandatory waivers for vulnerable people",
    "E14": "Who decides: the President, or the Secretary by delegation",
    "E15": "Version boundary: the laws of January 8 and 9, 2019 govern the same report",
    "E16": "Criteria existence: a 7106(b) clause cited before it existed",
}

# Other flags: findings about the record against the law, and the engine's own limits.
FINDINGS: dict[str, str] = {
    "OVER_LIMIT": "A published Watch List placement beyond what 7107(b)(2)(D) allows",
    "RELISTING_CAP_EXCEEDED": "A published Watch List placement barred by 7107(b)(2)(F)",
    "CLOCK_EXIT_UPGRADE": "Upgraded off the Watch List when the clock barred another year there",
    "CONFLICT": "Two exceptions claim the same case and neither overrides the other",
    "LAW_CURRENCY": "A report after the last one the statute versions were checked for",
    "DETERMINATION_WITHOUT_TIER3": "A 7107(d) determination given for a government not on Tier 3",
    "WAIVER_NOT_NEEDED": "A Watch List waiver recorded for a report that needed none",
    "CONFLICTING_FACTS": "Facts of an assessment that contradict one another: no tier decided",
}


@dataclass(frozen=True)
class TraceStep:
    """One step of the engine's reasoning: which rule, under which section, and why."""

    rule: str
    citation: str
    explanation: str
    outcome: str = ""

    @property
    def url(self) -> str | None:
        """The cited section's page (Cornell LII), where the citation is a section."""
        return _section_url(self.citation)

    def to_dict(self) -> dict[str, str | None]:
        return {
            "rule": self.rule,
            "citation": self.citation,
            "url": self.url,
            "explanation": self.explanation,
            "outcome": self.outcome,
        }


@dataclass(frozen=True)
class Flag:
    """An ambiguity (E1–E16) or a finding the engine met, with what it did about it.

    ``blocking`` flags made the result undetermined; the others record which reading the
    engine followed and that the other reading gives the same result.
    """

    code: str
    message: str
    blocking: bool = False

    @property
    def title(self) -> str:
        return AMBIGUITIES.get(self.code) or FINDINGS.get(self.code, self.code)

    def to_dict(self) -> dict[str, Any]:
        return {
            "code": self.code,
            "title": self.title,
            "message": self.message,
            "blocking": self.blocking,
        }


@dataclass(frozen=True)
class Step:
    """What one step of the decision procedure adds to the answer: trace steps and flags,
    and whether the answer stops there, undetermined, naming the facts it lacks."""

    trace: tuple[TraceStep, ...] = ()
    flags: tuple[Flag, ...] = ()
    stop: bool = False
    missing: tuple[str, ...] = ()


@dataclass(frozen=True)
class WaiverYear:
    year: int
    basis: str  # "stated" (a source in the record says so) or "implied" (by the placement)
    source: str = ""


@dataclass(frozen=True)
class WatchListState:
    """The Watch List clock as it stood before (or at) a report year."""

    status: ClockStatus
    consecutive_years: int = 0  # counted Watch List years immediately before the report
    streak_years: tuple[int, ...] = ()  # those years
    listed_since: int | None = None  # first year of the current run, counted or not
    waiver_years: tuple[WaiverYear, ...] = ()
    max_waiver_years: int | None = None
    years_before_downgrade: int | None = None
    reason: str = ""
    mandatory: bool | None = None  # for a Tier 3 placement: was the downgrade mandatory?
    # UNDETERMINED: the state under each reading of the statute or each placement a missing
    # year may have had (docs/LAW.md §8); a caller may find that they all lead to one tier
    readings: tuple[WatchListState, ...] = ()

    def possible(self) -> tuple[WatchListState, ...]:
        """Every settled state this one may stand for: itself, or its readings (flattened);
        empty where an undetermined state carries no readings."""
        if self.status is not ClockStatus.UNDETERMINED:
            return (self,)
        return tuple(s for r in self.readings for s in r.possible())

    @property
    def waiver_years_used(self) -> int:
        return len(self.waiver_years)

    @property
    def waivers_left(self) -> int | None:
        if self.max_waiver_years is None:
            return None
        return max(0, self.max_waiver_years - self.waiver_years_used)

    def summary(self) -> str:
        """A compact line: 'Watch List 2009–2012; waiver years 2011, 2012 (implied)'.

        >>> WatchListState(ClockStatus.COUNTING, 1, (2018,), 2018).summary()
        'Watch List 2018 (1 counted year)'
        """
        if not self.streak_years:
            if self.status is ClockStatus.UNDETERMINED:
                return "not settled by the record"
            if self.listed_since is not None:
                from tiptiers.law.versions import COUNTING_STARTS

                first = COUNTING_STARTS.first_in_force()
                return f"on the Watch List since {self.listed_since} (years before {first} do not count)"
            return ""
        ys = self.streak_years
        span = str(ys[0]) if len(ys) == 1 else f"{ys[0]}–{ys[-1]}"
        n = len(ys)
        text = f"Watch List {span} ({n} counted year{'s' if n != 1 else ''})"
        if self.listed_since is not None and self.listed_since < ys[0]:
            text += f", listed since {self.listed_since}"
        if self.waiver_years:
            kinds = {w.basis for w in self.waiver_years}
            basis = kinds.pop() if len(kinds) == 1 else "stated and implied"
            text += f"; waiver years {', '.join(str(w.year) for w in self.waiver_years)} ({basis})"
        return text

    def to_dict(self) -> dict[str, Any]:
        return {
            "status": self.status.value,
            "summary": self.summary(),
            "consecutive_years": self.consecutive_years,
            "streak_years": list(self.streak_years),
            "listed_since": self.listed_since,
            "waiver_years_used": self.waiver_years_used,
            "waiver_years": [
                {"year": w.year, "basis": w.basis, "source": w.source} for w in self.waiver_years
            ],
            "max_waiver_years": self.max_waiver_years,
            "waivers_left": self.waivers_left,
            "years_before_downgrade": self.years_before_downgrade,
            "downgrade_mandatory": self.mandatory,
            "reason": self.reason,
            "possible_statuses": sorted({s.status.value for s in self.possible()})
            if self.status is ClockStatus.UNDETERMINED
            else [],
        }


@dataclass(frozen=True)
class Decision:
    """A tier decision (or an explanation of a published one), with its reasoning."""

    iso3: str
    year: int
    version: str
    tier: Tier | None
    statutory_list: str | None
    watch_list: WatchListState
    trace: tuple[TraceStep, ...]
    flags: tuple[Flag, ...] = ()
    missing: tuple[str, ...] = ()
    kind: str = "evaluation"  # "evaluation" (facts in) or "explanation" (published record)
    published: Tier | None = None
    categories: tuple[str, ...] = field(default=())  # special watch list categories met
    not_needed: tuple[str, ...] = ()  # facts left out that every value of gives this tier
    waiver_year: int | None = None  # this report's waiver year under 7107(b)(2)(D)(ii)
    waiver_limit: int | None = None  # the most waiver years the report's law allowed
    # undetermined where the statute's readings disagree: what each reading gives, in words
    readings: tuple[str, ...] = ()

    @property
    def undetermined(self) -> bool:
        return self.tier is None

    @property
    def outcome(self) -> str:
        return self.tier.value if self.tier is not None else "undetermined"

    @property
    def citations(self) -> list[str]:
        seen: dict[str, None] = {}
        for s in self.trace:
            for c in s.citation.split("; "):  # a step resting on two sections cites both
                if c:
                    seen.setdefault(c, None)
        return list(seen)

    @property
    def summary(self) -> str:
        """The trace's last decisive sentence; for an undetermined answer, that it is
        undetermined and what would settle it: the missing facts, each reading's answer and
        the open questions of the statute (docs/LAW.md §2.2, §8)."""
        if self.undetermined and self.trace and self.trace[-1].rule != "not_ranked":
            return self._undetermined_summary()
        decisive = [s for s in self.trace if s.outcome]
        return (decisive or list(self.trace))[-1].explanation if self.trace else ""

    def _undetermined_summary(self) -> str:
        parts = []
        if self.missing:
            parts.append("the facts that would settle it: " + ", ".join(self.missing))
        parts.extend(self.readings)
        parts.extend(f"{f.code}: {f.message.rstrip('.')}" for f in self.flags if f.blocking)
        if not parts:
            parts.append(self.trace[-1].explanation.rstrip("."))
        return "Undetermined: " + "; ".join(parts) + "."

    def to_dict(self) -> dict[str, Any]:
        return {
            "trace_version": TRACE_VERSION,
            "kind": self.kind,
            "iso3": self.iso3,
            "year": self.year,
            "version": self.version,
            "tier": self.outcome,
            "published_tier": self.published.value if self.published else None,
            "statutory_list": self.statutory_list,
            "watch_list_categories": list(self.categories),
            "undetermined": self.undetermined,
            "missing": list(self.missing),
            "not_needed": list(self.not_needed),
            "waiver": {"year": self.waiver_year, "limit": self.waiver_limit},
            "watch_list": self.watch_list.to_dict(),
            "flags": [f.to_dict() for f in self.flags],
            "trace": [s.to_dict() for s in self.trace],
            "readings": list(self.readings),
            "summary": self.summary,
        }
