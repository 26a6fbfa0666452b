"""The engine's sentences over the whole record read as sentences, and its two ways of
reasoning about a placement agree (issue 12): ``explain`` over the published record and
``evaluate`` over assessment facts must reach the same Tier 3 on the same history."""

from __future__ import annotations

import re

from tiptiers.countries import resolve
from tiptiers.law import citations as cite
from tiptiers.law.assessment import parse_assessment
from tiptiers.law.decision import ClockStatus, Decision
from tiptiers.law.evaluate import evaluate_assessment
from tiptiers.law.explain import clock, explain
from tiptiers.law.lists import reporting_period
from tiptiers.law.versions import WATCH_LIST_EXISTS, at_least
from tiptiers.model import Tier
from tiptiers.record import packaged_record

DOUBLED = re.compile(r"[.;:,]\)?[.;:,]|\.\)\.")
SOURCE = re.compile(r"\(source: (?:[^()]|\([^()]*\))*\)")  # quoted from the data, as it is


def doubled(text: str) -> bool:
    """Doubled punctuation in the engine's own words (a source quoted, an ellipsis, aside)."""
    return bool(DOUBLED.search(SOURCE.sub("(source)", text).replace("...", "…")))


def test_no_clock_sentence_has_doubled_punctuation() -> None:
    record = packaged_record()
    bad = []
    for year in (*record.years, record.last_year + 1):
        if year < 2004:
            continue
        for e in clock(record, year):
            texts = [e.state.reason, *(f.message for f in e.flags)]
            bad += [f"{e.iso3} {year}: {t}" for t in texts if doubled(t)]
    assert not bad, bad[:3]


def test_no_explanation_has_doubled_punctuation() -> None:
    record = packaged_record()
    bad = []
    for iso3 in record.countries:
        for year in record.years:
            d = explain(record, iso3, year)
            texts = [s.explanation for s in d.trace] + [f.message for f in d.flags]
            bad += [f"{iso3} {year}: {t}" for t in texts if doubled(t)]
    assert not bad, bad[:3]


def _facts(iso3: str, year: int, found: str) -> dict[str, object]:
    """Facts that put a government on list C ("C"), or on list B meeting a Watch List test
    with no waiver granted ("B"), under the law of ``year``."""
    data: dict[str, object] = {"country": iso3, "report_year": year, "fully_complies": False}
    if found == "C":
        return {**data, "making_significant_efforts": False}
    data |= {
        "making_significant_efforts": True,
        "victims_very_significant_or_significantly_increasing": True,
        "no_evidence_of_increasing_efforts_vs_prior_year": False,
    }
    if at_least(year, "V2019"):
        start, _ = reporting_period(year)
        data |= {
            "taking_proportional_concrete_actions": False,
            "concrete_actions": [{"description": "a prosecution", "date": start.isoformat()}],
        }
    else:
        data["efforts_rest_on_commitments"] = False
    if at_least(year, "V2008"):
        data["waiver"] = {"granted": False}
    return data


def _grounds(d: Decision) -> set[str]:
    """The sections the decisive step of a decision rests on."""
    decisive = [s for s in d.trace if s.outcome][-1]
    return set(decisive.citation.split("; "))


def test_explain_and_evaluate_agree_on_every_published_tier_3() -> None:
    """For every Tier 3 placement in the record, the grounds ``explain`` names are exactly
    the grounds on which ``evaluate`` reaches Tier 3 over the same history — a finding of
    no significant efforts (list C), or the automatic downgrade of a list-B government on
    the Watch List tests with no waiver — and both say the same of whether the downgrade
    was mandatory (where it was, Tier 3 was forced whatever the finding, and ``explain``
    names the clock). Where the clock is undetermined or the re-listing cap leaves the tier
    open, ``explain`` may name no more than list C and the clock's open question."""
    record = packaged_record()
    disagreements = []
    n = 0
    for p in record:
        if p.tier is not Tier.T3 or p.year > record.last_year:
            continue
        n += 1
        c = resolve(p.iso3)
        d = explain(record, p.iso3, p.year, c.name, c.kind)
        named = _grounds(d)
        reached: set[str] = set()
        for found in ("C", "B") if WATCH_LIST_EXISTS.at(p.year) else ("C",):
            a = parse_assessment(_facts(p.iso3, p.year, found))
            e = evaluate_assessment(a, record, p.iso3, c.kind)
            if e.tier is not Tier.T3:
                continue
            reached |= _grounds(e)
            settled = d.watch_list.status is not ClockStatus.UNDETERMINED
            if found == "B" and settled and e.watch_list.mandatory != d.watch_list.mandatory:
                disagreements.append(
                    f"{p.iso3} {p.year}: mandatory {d.watch_list.mandatory} (explain)"
                    f" vs {e.watch_list.mandatory} (evaluate)"
                )
        status = d.watch_list.status
        if status in (ClockStatus.UNDETERMINED, ClockStatus.RELISTING_BARRED):
            ok = named <= reached | {cite.LISTS["C"], cite.RELISTING}
        elif status is ClockStatus.DOWNGRADE_MANDATORY:
            # forced whatever the finding: explain names the clock, which evaluate reaches
            ok = named == {cite.DOWNGRADE} <= reached
        else:
            ok = named == reached
        if not ok:
            disagreements.append(
                f"{p.iso3} {p.year} ({d.watch_list.status.value}): explain names"
                f" {sorted(named)}, evaluate reaches Tier 3 on {sorted(reached)}"
            )
    assert n > 300
    assert not disagreements, f"{len(disagreements)} of {n}: {disagreements[:5]}"
