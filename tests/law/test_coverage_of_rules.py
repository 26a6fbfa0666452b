"""Every rule has a legislation case: the engine's trace rule ids, its exceptions, its flags,
and the rules of docs/LAW.md (sections 1 to 8), each checked against the cases of
``tests/law/cases/``.

The engine's rule ids are read from its source (every ``TraceStep("...")`` in
``tiptiers/law/*.py``) plus the labelled exceptions of ``tiers.EXCEPTIONS``, so a new rule
without a case fails here. The docs/LAW.md checklist below is written by hand from the
specification; a case names what it covers in its ``covers`` list.
"""

from __future__ import annotations

import importlib.util
import re
import sys
from pathlib import Path
from types import ModuleType

import tiptiers.law
from tiptiers.law.exceptions import EXCEPTIONS

LAW_DIR = Path(tiptiers.law.__file__).parent
TRACE_STEP = re.compile(r'TraceStep\(\s*"([a-z][a-z0-9_]*)"')
FLAG = re.compile(r'Flag\(\s*"([A-Z][A-Z0-9_]*)"')

# docs/LAW.md, rule by rule: the tag a case puts in `covers`, and where the rule is written.
RULES_MD: dict[str, str] = {
    # §1 statute versions and the report years they govern
    "versions.V2000": "§1, §4.2 TVPA 2000 governs the 2001-2003 reports",
    "versions.V2003": "§1, §4.3 TVPRA 2003 governs 2004-2005: special watch list",
    "versions.V2005": "§1, §4.3 TVPRA 2005 governs 2006-2008: no tier-logic change",
    "versions.V2008": "§1, §4.4 TVPRA 2008 governs 2009-2018: automatic downgrade, 2-year waiver",
    "versions.V2019": "§1, §4.5 the 2019 laws govern 2019-2020",
    "versions.V2021": "§1, §4.6 FY2021 NDAA governs 2021 on: June 30 deadline, V2019 logic",
    "versions.boundary": "§1 a version first governs the June report after its enactment",
    # §2.2 facts and §4.1 the common skeleton
    "undetermined.missing_fact": "§2.2 a missing fact gives undetermined naming it",
    "lists.A": "§4.1 7107(b)(1)(A) fully complies: list A, Tier 1",
    "lists.B": "§4.1 7107(b)(1)(B) significant efforts: list B, Tier 2",
    "lists.C": "§4.1 7107(b)(1)(C) neither: list C, Tier 3",
    "not_ranked.special_case": "§4.1 Special Case: not ranked",
    "not_ranked.standards_not_applicable": "§4.1 standards not applicable: not ranked",
    "territory": "§2.2 entity_kind territory assessed as if a country",
    "guards.concrete_actions": "§4.1, §4.5 from V2019 lists A/B rest only on concrete actions",
    "guards.reporting_period": "§6 reporting period April 1 - March 31 (7107(b)(1))",
    "guards.proof_of_failure": "§3.3(B) 7107(b)(3)(B) policy or pattern as proof of failure",
    "criteria.existence": "§3.2 a cited 7106(b) criterion must exist in the governing version",
    # the special watch list, 7107(b)(2)(A)
    "swl.i": "§4.1 category (i): upgraded from list B to list A",
    "swl.ii": "§4.1 category (ii): upgraded from list C to list B",
    "swl.iii.I.absolute": "§4.3 (iii)(I) absolute number of victims (to 2018)",
    "swl.iii.I.estimated": "§4.5 (iii)(I) estimated number and no proportional concrete actions",
    "swl.iii.II": "§4.3, §4.5 (iii)(II) no evidence of increasing efforts",
    "swl.iii.III": "§4.3 (iii)(III) commitments, V2003-V2008 only",
    "swl.iii.none": "§4.1 a list-B government meeting no (iii) test is Tier 2",
    # the clock, 7107(b)(2)(D)
    "clock.none_before_2009": "§4.3 no automatic consequence of the watch list before 2009",
    "clock.counting_starts_2009": "§4.4 only reports after 2008-12-23 count",
    "clock.counting": "§4.4 streak below 2: no waiver needed",
    "clock.streak_broken_by_tier2": "§4.4, E5 a Tier 2 year breaks the streak",
    "clock.streak_restarts_after_tier3": "§4.4, E5 a new streak may start after Tier 3",
    "clock.exit_upward": "§4.4 leaving the Watch List upward stops the clock",
    "downgrade.automatic": "§4.4 7107(b)(2)(D)(i) automatic downgrade to list C",
    "downgrade.not_forced": "§7 ex. 2 Tier 3 while a waiver was available is not mandatory",
    "undetermined.not_needed": "§2.2 a missing fact every value of which gives one tier",
    "readings.agree": "§8 an undetermined clock whose every reading gives one tier",
    "downgrade.max_four_years": "§4.4 at most 4 consecutive watch-list years (2 + 2)",
    "downgrade.max_three_years": "§4.5 at most 3 consecutive watch-list years (2 + 1)",
    "waiver.granted": "§4.4 7107(b)(2)(D)(ii) waiver with all prongs keeps the Watch List",
    "waiver.missing_prong": "§4.4 a waiver prong not found: undetermined naming it",
    "waiver.prong_fails": "§4.4 a waiver prong false: no valid waiver",
    "waiver.not_granted": "§4.4 waiver not granted: Tier 3",
    "waiver.none_left": "§4.4 waiver asked for with none left: Tier 3",
    "waiver.two_years": "§4.4 MAX_WAIVER_YEARS = 2 to 2018",
    "waiver.one_year": "§4.5 MAX_WAIVER_YEARS = 1 from 2019",
    "relisting.F": "§4.5 step 4, 7107(b)(2)(F) re-listing cap, no waiver past it",
    "relisting.first_year_allowed": "§4.5 (F) allows 1 consecutive year after the Tier 3",
    "record.gap_not_guessed": "issue 3 / E5 a year missing from the record is not guessed",
    # §5-§6 consequences
    "consequences.none_before_2003": "§5 7107(c) determinations only for reports from 2003",
    "consequences.determinations": "§5 7107(d) d1-d4",
    "consequences.deadlines_release_date": "§5 7107(c) 45-90 days from the report's submission: its recorded release date",
    "consequences.exchange_element": "§5 exchange programs in (d)(1)(A)(ii), believed 2003",
    "consequences.deadlines_june1": "§6 45-90 days from the June 1 due date",
    "consequences.deadlines_june30": "§6 June 30 due date from the 2021 report",
    "consequences.fiscal_year": "§6 sanctions fall on the next fiscal year (from October 1)",
    "consequences.recorded_determination": "issue 3: show the recorded determination",
    "consequences.not_tier3": "§5 only list C governments face 7107(d)",
    "consequences.trade": "§5 trade: 19 U.S.C. 4205(b)(6) from the 2015 report",
    # bad input
    "reject.contradiction": "issue 3: contradictory facts rejected naming both fields",
    "conflict.facts": "§2.2 facts a schema cannot check against one another: undetermined",
    "reject.unknown_fact": "§2.2 a fact the governing version does not know is rejected",
    "reject.year_before_2001": "§1 no version governs a report before 2001",
    "reject.malformed": "issue 3: malformed assessments rejected in one line",
    "reject.unknown_country": "issue 3: an unknown country is rejected",
    # §7 worked examples
    **{f"example.{n}": f"§7 worked example {n}" for n in range(1, 8)},
    # §8 ambiguities
    **{f"E{n}": f"§8 ambiguity E{n}" for n in range(1, 17)},
}

# Flags that no YAML case can reach, and the test that covers each instead.
FLAGS_TESTED_ELSEWHERE = {
    "CONFLICT": "test_cases.py::test_two_exceptions_claiming_one_case_are_reported",
}


def _runner() -> ModuleType:
    """The case runner (test_cases.py), loaded by path (tests are not a package)."""
    name = "tiptiers_law_case_runner"
    if name not in sys.modules:
        spec = importlib.util.spec_from_file_location(
            name, Path(__file__).with_name("test_cases.py")
        )
        assert spec and spec.loader
        module = importlib.util.module_from_spec(spec)
        sys.modules[name] = module
        spec.loader.exec_module(module)
    return sys.modules[name]


def engine_rule_ids() -> set[str]:
    """The trace rule ids the engine can emit: every TraceStep("...") in law/, plus the
    labelled exceptions of tiers.EXCEPTIONS (traced under their own ids)."""
    ids = {m for f in sorted(LAW_DIR.glob("*.py")) for m in TRACE_STEP.findall(f.read_text())}
    return ids | {e.id for e in EXCEPTIONS}


def engine_flag_codes() -> set[str]:
    return {m for f in sorted(LAW_DIR.glob("*.py")) for m in FLAG.findall(f.read_text())}


def test_the_engine_rule_ids_are_found() -> None:
    """The source scan finds the rules (so the coverage test below cannot pass vacuously)."""
    ids = engine_rule_ids()
    assert {"version", "statutory_list", "automatic_downgrade", "relisting_cap"} <= ids
    assert len(ids) >= 15
    assert {"E1", "E7", "E16"} <= engine_flag_codes()


def test_every_engine_rule_has_a_case() -> None:
    """Each trace rule id of the engine is emitted by at least one passing case."""
    runner = _runner()
    exercised: set[str] = set()
    for case in runner.load_cases():
        if not case.xfail:
            exercised |= runner.exercised_rules(case)
    missing = sorted(engine_rule_ids() - exercised)
    assert not missing, f"rule ids with no legislation case: {missing}"


def test_every_exception_has_an_evaluation_case() -> None:
    """Each labelled exception of the default logic decides at least one assessment case."""
    runner = _runner()
    exercised: set[str] = set()
    for case in runner.load_cases():
        if case.kind == "evaluate" and not case.xfail:
            exercised |= runner.exercised_rules(case)
    missing = sorted({e.id for e in EXCEPTIONS} - exercised)
    assert not missing, f"exceptions no assessment case exercises: {missing}"


def test_every_engine_flag_has_a_case() -> None:
    """Each flag code the engine can raise is expected by some case (or tested elsewhere)."""
    expected: set[str] = set()
    for case in _runner().load_cases():
        if case.xfail:
            continue
        want = case.expect
        for key in ("flags", "flags_include"):
            expected |= {f.rstrip("!") for f in want.get(key, ())}
        for fields in list((want.get("countries") or {}).values()) + list(want.values()):
            if isinstance(fields, dict):
                expected |= {f.rstrip("!") for f in fields.get("flags", ())}
    missing = sorted(engine_flag_codes() - expected - set(FLAGS_TESTED_ELSEWHERE))
    assert not missing, f"flags no case expects: {missing}"


def test_every_rule_of_rules_md_has_a_case() -> None:
    """Each rule of docs/LAW.md in the checklist is covered by a passing case."""
    covered = {t for c in _runner().load_cases() if not c.xfail for t in c.covers}
    missing = sorted(set(RULES_MD) - covered)
    assert not missing, "docs/LAW.md rules with no case: " + "; ".join(
        f"{t} ({RULES_MD[t]})" for t in missing
    )


def test_cases_cover_only_known_rules() -> None:
    """A case's `covers` tags are rules of the checklist (no typos that would cover nothing)."""
    unknown = {(c.id, t) for c in _runner().load_cases() for t in c.covers if t not in RULES_MD}
    assert not unknown, f"unknown covers tags: {sorted(unknown)}"
