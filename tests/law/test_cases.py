"""The legislation cases: YAML files under ``tests/law/cases/``, run against the law engine.

Each case is a full sentence stating a legal outcome (``name``), the real history it
reproduces where there is one (``event``), the docs/LAW.md rules it covers (``covers``), one
input block (``explain``, ``evaluate``, ``clock``, ``reject``, ``consequences``,
``sanctions`` or ``memo``) and what the engine must answer (``expect``). The format is
described in ``tests/law/cases/README.md``.

Everything here is pure: cases run on the packaged record (``packaged_record()``), never a
database. :func:`exercised_rules` tells ``test_coverage_of_rules.py`` which trace rule ids
each case makes the engine emit.
"""

from __future__ import annotations

import re
from collections.abc import Iterator, Mapping
from dataclasses import dataclass
from functools import cache
from pathlib import Path
from typing import Any

import pytest
import yaml

from tiptiers.api import assessed_country
from tiptiers.countries import resolve
from tiptiers.errors import TiptiersError
from tiptiers.law.assessment import parse_assessment
from tiptiers.law.decision import Decision
from tiptiers.law.evaluate import evaluate_assessment
from tiptiers.law.explain import clock, explain
from tiptiers.law.sanctions import Consequences, consequences, sanctions, sanctions_summary
from tiptiers.model import Placement, Record, Tier
from tiptiers.record import packaged_record

CASES_DIR = Path(__file__).with_name("cases")
KINDS = ("explain", "evaluate", "clock", "reject", "consequences", "sanctions", "memo")
CASE_KEYS = {"name", "event", "covers", "expect", "xfail", "note", *KINDS}
DECISION_KEYS = {
    "version",
    "tier",
    "published_tier",
    "statutory_list",
    "categories",
    "missing",
    "watch_list",
    "downgrade_mandatory",
    "citations",
    "flags",
    "flags_include",
    "rules",
    "trace_contains",
    "trace_lacks",
    "summary_contains",
    "summary_lacks",
    "not_needed",
    "waiver_year",
    "waiver_limit",
}
WATCH_LIST_KEYS = {
    "status",
    "consecutive_years",
    "waiver_years_used",
    "streak_years",
    "listed_since",
    "waiver_basis",
}


@dataclass(frozen=True)
class Case:
    """One legislation case as read from its YAML file."""

    file: str
    index: int
    data: Mapping[str, Any]

    @property
    def name(self) -> str:
        return str(self.data["name"])

    @property
    def kind(self) -> str:
        (kind,) = [k for k in KINDS if k in self.data]
        return kind

    @property
    def params(self) -> Any:
        return self.data[self.kind]

    @property
    def expect(self) -> Mapping[str, Any]:
        return self.data.get("expect") or {}

    @property
    def covers(self) -> list[str]:
        return [str(c) for c in self.data.get("covers", [])]

    @property
    def xfail(self) -> str | None:
        return self.data.get("xfail")

    @property
    def id(self) -> str:
        return f"{Path(self.file).stem}-{self.index + 1:02d}"


@cache
def load_cases() -> tuple[Case, ...]:
    """Every case of every YAML file under ``cases/``, in file order."""
    out: list[Case] = []
    for path in sorted(CASES_DIR.glob("*.yaml")):
        items = yaml.safe_load(path.read_text(encoding="utf-8"))
        assert isinstance(items, list), f"{path.name}: a case file is a YAML list of cases"
        out.extend(Case(path.name, i, item) for i, item in enumerate(items))
    return tuple(out)


# -- running a case ---------------------------------------------------------------------
def tier_code(value: Any) -> str:
    """A tier as written in a case file ('2WL', '3', 'special_case', 'undetermined')."""
    return "undetermined" if value is None else str(value)


def record_for(params: Mapping[str, Any]) -> Record:
    """The packaged record, or a copy with ``record_overrides`` ({ISO3: {year: tier|null}})
    for hypothetical published histories, and ``release_dates`` ({year: ISO date|null}) for
    a report whose release date the record lacks or has otherwise."""
    base = packaged_record()
    overrides = params.get("record_overrides") or {}
    dates = params.get("release_dates") or {}
    if not overrides and not dates:
        return base
    placements = dict(base.placements)
    for iso3, years in overrides.items():
        for year, tier in years.items():
            key = (str(iso3), int(year))
            if tier is None:
                placements.pop(key, None)
            else:
                placements[key] = Placement(key[0], key[1], Tier.parse(str(tier)), "case")
    coverage = [
        c._replace(release_date=dates[c.year] and str(dates[c.year])) if c.year in dates else c
        for c in base.coverage.values()
    ]
    return Record.build(placements.values(), coverage, base.roles, base.determinations)


def assessment_data(facts: Mapping[str, Any]) -> dict[str, Any]:
    """Case facts as an assessment: ``prior_placements`` may be written {year: tier} or
    {year: {tier, waiver_used}}."""
    data = dict(facts)
    prior = data.get("prior_placements")
    if isinstance(prior, Mapping):
        rows = []
        for year, v in prior.items():
            row = dict(v) if isinstance(v, Mapping) else {"tier": v}
            rows.append(
                {"year": int(year), **{k: str(x) if k == "tier" else x for k, x in row.items()}}
            )
        data["prior_placements"] = rows
    return data


def run_explain(params: Mapping[str, Any]) -> Decision:
    c = resolve(str(params["country"]))
    return explain(record_for(params), c.iso3, int(params["year"]), c.name, c.kind)


def run_evaluate(facts: Mapping[str, Any]) -> Decision:
    a = parse_assessment(assessment_data(facts))
    c = assessed_country(a)
    return evaluate_assessment(a, packaged_record(), c.iso3, c.kind)


def decisions_of(case: Case) -> Iterator[Decision]:
    """The decisions a case makes the engine produce (for rule coverage)."""
    if case.kind == "explain":
        yield run_explain(case.params)
    elif case.kind == "evaluate":
        yield run_evaluate(case.params)
    elif case.kind == "memo":
        for iso3 in case.expect:
            yield run_explain({"country": iso3, "year": case.params["year"]})


def exercised_rules(case: Case) -> set[str]:
    """The trace rule ids the engine emits for a case."""
    return {s.rule for d in decisions_of(case) for s in d.trace}


# -- checking the answers ---------------------------------------------------------------
def flag_codes(d: Decision | Consequences) -> set[str]:
    """Flags as written in case files: 'E7' (informational) or 'E7!' (blocking)."""
    return {f.code + ("!" if f.blocking else "") for f in d.flags}


def check_watch_list(d: Decision, want: Mapping[str, Any], where: str) -> None:
    assert set(want) <= WATCH_LIST_KEYS, (
        f"{where}: unknown watch_list keys {set(want) - WATCH_LIST_KEYS}"
    )
    wl = d.watch_list
    got = {
        "status": wl.status.value,
        "consecutive_years": wl.consecutive_years,
        "waiver_years_used": wl.waiver_years_used,
        "streak_years": list(wl.streak_years),
        "listed_since": wl.listed_since,
        "waiver_basis": [w.basis for w in wl.waiver_years],
    }
    for key, value in want.items():
        assert got[key] == value, (
            f"{where}: watch_list.{key} is {got[key]!r}, expected {value!r} ({wl.reason})"
        )


def check_decision(d: Decision, want: Mapping[str, Any], where: str = "decision") -> None:
    """Compare a Decision with a case's expectations (only the keys the case gives)."""
    unknown = set(want) - DECISION_KEYS
    assert not unknown, f"{where}: unknown expectation keys {sorted(unknown)}"
    trace = "\n".join(f"  {s.rule} [{s.citation}] {s.explanation}" for s in d.trace)
    ctx = f"{where}: {d.iso3} {d.year}\n{trace}\nflags: {sorted(flag_codes(d))}"
    if "version" in want:
        assert d.version == want["version"], ctx
    if "tier" in want:
        assert d.outcome == tier_code(want["tier"]), (
            f"tier {d.outcome}, expected {want['tier']}\n{ctx}"
        )
    if "published_tier" in want:
        got = d.published.value if d.published else None
        assert got == want["published_tier"], ctx
    if "statutory_list" in want:
        assert d.statutory_list == want["statutory_list"], ctx
    if "categories" in want:
        assert list(d.categories) == list(want["categories"]), f"categories {d.categories}\n{ctx}"
    if "missing" in want:
        assert list(d.missing) == list(want["missing"]), f"missing {d.missing}\n{ctx}"
    if "watch_list" in want:
        check_watch_list(d, want["watch_list"], ctx)
    if "downgrade_mandatory" in want:
        got = d.watch_list.mandatory
        allowed = want["downgrade_mandatory"]
        allowed = allowed if isinstance(allowed, list) else [allowed]
        assert any(got is a for a in allowed), f"downgrade_mandatory {got}\n{ctx}"
    if "citations" in want:
        missing = [c for c in want["citations"] if c not in d.citations]
        assert not missing, f"citations {missing} not in the trace\n{ctx}"
    if "flags" in want:
        assert flag_codes(d) == set(want["flags"]), f"flags {sorted(flag_codes(d))}\n{ctx}"
    if "flags_include" in want:
        missing = set(want["flags_include"]) - flag_codes(d)
        assert not missing, f"flags {sorted(missing)} not raised\n{ctx}"
    if "rules" in want:
        got_rules = [s.rule for s in d.trace]
        assert got_rules == list(want["rules"]), f"rules {got_rules}\n{ctx}"
    text = " ".join(
        [s.explanation for s in d.trace] + [d.watch_list.reason] + [f.message for f in d.flags]
    )
    for fragment in want.get("trace_contains", ()):
        assert fragment in text, f"{fragment!r} not in the trace\n{ctx}"
    for fragment in want.get("trace_lacks", ()):
        assert fragment not in text, f"{fragment!r} should not be in the trace\n{ctx}"
    for fragment in want.get("summary_contains", ()):
        assert fragment in d.summary, f"{fragment!r} not in the summary {d.summary!r}\n{ctx}"
    for fragment in want.get("summary_lacks", ()):
        assert fragment not in d.summary, f"{fragment!r} in the summary {d.summary!r}\n{ctx}"
    if "not_needed" in want:
        assert list(d.not_needed) == list(want["not_needed"]), f"not_needed {d.not_needed}\n{ctx}"
    for key in ("waiver_year", "waiver_limit"):
        if key in want:
            assert getattr(d, key) == want[key], f"{key} {getattr(d, key)}\n{ctx}"


def check_clock(case: Case) -> None:
    entries = {
        e.iso3: e for e in clock(record_for(case.params), int(case.params["year"]), lambda c: c)
    }
    want = case.expect
    for iso3, fields in (want.get("countries") or {}).items():
        assert iso3 in entries, f"{iso3} is not on the {case.params['year']} clock"
        e = entries[iso3]
        got = {
            "status": e.status.value,
            "consecutive_years": e.state.consecutive_years,
            "waiver_years_used": e.state.waiver_years_used,
            "waivers_left": e.state.waivers_left,
            "listed_since": e.state.listed_since,
            "flags": flag_codes_of(e.flags),
        }
        for key, value in fields.items():
            value = set(value) if key == "flags" else value
            assert got[key] == value, (
                f"{iso3}: {key} is {got[key]!r}, expected {value!r} ({e.state.reason})"
            )
    for iso3 in want.get("absent", ()):
        assert iso3 not in entries, (
            f"{iso3} should not be on the clock: {entries[iso3].state.reason}"
        )
    if "count" in want:
        assert len(entries) == want["count"], sorted(entries)
    if "statuses" in want:
        counts: dict[str, int] = {}
        for e in entries.values():
            counts[e.status.value] = counts.get(e.status.value, 0) + 1
        assert counts == dict(want["statuses"]), counts


def flag_codes_of(flags: Any) -> set[str]:
    return {f.code + ("!" if f.blocking else "") for f in flags}


def check_reject(case: Case) -> None:
    want = case.expect
    with pytest.raises(TiptiersError) as info:
        run_evaluate(case.params)
    assert type(info.value).__name__ == want.get("error", "BadInput"), repr(info.value)
    assert info.value.message == want["message"]
    assert "\n" not in info.value.message


def check_consequences(c: Consequences, want: Mapping[str, Any]) -> None:
    got = c.to_dict()
    ctx = f"{c.iso3} {c.year}: {c.summary}"
    for key in ("applies", "version", "fiscal_year", "decider"):
        if key in want:
            assert got[key] == want[key], f"{key} is {got[key]!r}\n{ctx}"
    if "tier" in want:
        assert tier_code(got["tier"]) == tier_code(want["tier"]), ctx
    if "deadlines" in want:
        dates = {d["event"]: d["date"] for d in got["deadlines"]}
        assert dates == dict(want["deadlines"]), f"deadlines {dates}\n{ctx}"
    if "deadline_basis_contains" in want:
        for d in got["deadlines"][:2]:
            assert want["deadline_basis_contains"] in d["basis"], d["basis"]
    if "determinations" in want:
        assert [d["code"] for d in got["determinations"]] == want["determinations"], ctx
    if "restrictions" in want:
        assert len(got["restrictions"]) == want["restrictions"], got["restrictions"]
    if "flags" in want:
        assert flag_codes(c) == set(want["flags"]), f"flags {sorted(flag_codes(c))}\n{ctx}"
    text = " ".join(
        [c.summary, c.recorded_determination, *c.restrictions, *c.exceptions, *c.other]
        + [f"{d.name}: {d.effect}" for d in c.determinations]
    )
    for fragment in want.get("text_contains", ()):
        assert fragment in text, f"{fragment!r} not in the consequences\n{text}"
    for fragment in want.get("text_lacks", ()):
        assert fragment not in text, f"{fragment!r} should not be in the consequences\n{text}"


def check_memo(case: Case) -> None:
    """A State waiver memo of docs/LAW.md section 7 example 6: each listed country needed a
    waiver, so the engine must show a streak of at least 2 before the memo's report (or say
    undetermined where the record lacks a year); from 2019, with the 1-year waiver, no listed
    country may be waived again for the same streak the next year."""
    year = int(case.params["year"])
    rec = packaged_record()
    for iso3, want in case.expect.items():
        d = run_explain({"country": iso3, "year": year})
        wl = d.watch_list
        where = f"{iso3} {year} (memo)"
        fields = dict(want)
        wl_want = {k: fields.pop(k) for k in list(fields) if k in WATCH_LIST_KEYS}
        check_watch_list(d, wl_want, where)
        check_decision(d, fields, where)
        if wl.status.value != "undetermined":
            assert wl.consecutive_years >= 2, f"{where}: a waiver needs a streak of 2 ({wl.reason})"
        if year >= 2019 and year + 1 in rec.coverage:
            nxt = explain(rec, iso3, year + 1)
            assert nxt.watch_list.status.value != "waiver_needed", (
                f"{iso3} {year + 1}: a second waiver for the same streak under the 1-year rule"
            )


def check_case(case: Case) -> None:
    want = case.expect
    if case.kind in ("explain", "evaluate"):
        (d,) = decisions_of(case)
        check_decision(d, want, case.id)
    elif case.kind == "clock":
        check_clock(case)
    elif case.kind == "reject":
        check_reject(case)
    elif case.kind == "consequences":
        c = resolve(str(case.params["country"]))
        check_consequences(
            consequences(record_for(case.params), c.iso3, int(case.params["year"]), c.name), want
        )
    elif case.kind == "sanctions":
        year = int(case.params["year"])
        listed = sanctions(record_for(case.params), year)
        items = {c.iso3: c for c in listed}
        summary = sanctions_summary(year, listed)
        for text in want.get("summary_contains", ()):
            assert text in summary, summary
        assert not any(summary.startswith(c.iso3) or summary.startswith(c.name) for c in listed), (
            f"the year's summary is one government's: {summary}"
        )
        for iso3 in want.get("includes", ()):
            assert iso3 in items, f"{iso3} is not among the Tier 3 governments"
        for iso3 in want.get("excludes", ()):
            assert iso3 not in items, f"{iso3} should not be among the Tier 3 governments"
        if "count" in want:
            assert len(items) == want["count"], sorted(items)
        for c in items.values():
            check_consequences(c, want.get("each", {}))
    elif case.kind == "memo":
        check_memo(case)


# -- the tests --------------------------------------------------------------------------
def _params() -> list[Any]:
    return [
        pytest.param(
            c,
            id=c.id,
            marks=[pytest.mark.xfail(strict=True, reason=c.xfail)] if c.xfail else [],
        )
        for c in load_cases()
    ]


@pytest.mark.parametrize("case", _params())
def test_case(case: Case) -> None:
    """The engine answers each legislation case as the case says the law does."""
    check_case(case)


SENTENCE = re.compile(r"^[A-Z0-9].{30,}[.]$", re.S)


def test_cases_are_well_formed() -> None:
    """Every case names its outcome in a sentence, has one input block, covers a rule,
    and real-history cases name their event."""
    cases = load_cases()
    assert len(cases) >= 50
    names = [c.name for c in cases]
    assert len(set(names)) == len(names), "two cases share a name"
    for c in cases:
        assert set(c.data) <= CASE_KEYS, f"{c.id}: unknown keys {set(c.data) - CASE_KEYS}"
        assert [k for k in KINDS if k in c.data], f"{c.id}: no input block"
        assert len([k for k in KINDS if k in c.data]) == 1, f"{c.id}: several input blocks"
        assert SENTENCE.match(c.name), f"{c.id}: the name must be a full sentence: {c.name!r}"
        assert c.covers, f"{c.id}: covers no rule of docs/LAW.md"
        hypothetical = isinstance(c.params, Mapping) and c.params.get("record_overrides")
        if c.kind in ("explain", "clock", "memo", "consequences", "sanctions") and not hypothetical:
            assert c.data.get("event"), (
                f"{c.id}: a case on the record names the event it reproduces"
            )
        if c.kind in ("explain", "evaluate"):
            assert "tier" in c.expect and "rules" in c.expect, f"{c.id}: expect a tier and rules"


def test_two_exceptions_claiming_one_case_are_reported(monkeypatch: pytest.MonkeyPatch) -> None:
    """Default logic: two exceptions that both claim a case and neither overrides the other
    are an error the engine reports (a blocking CONFLICT flag), not a silent choice."""
    from tiptiers.law import exceptions, precedence

    rival = precedence.Exception_(
        "rival_waiver",
        "22 U.S.C. 7107(b)(2)(D)(ii)",
        ("automatic_downgrade",),
        exceptions.waiver_applies,
    )
    with pytest.raises(precedence.PrecedenceError, match="neither waiver nor rival_waiver"):
        precedence.derive_precedence((*exceptions.EXCEPTIONS, rival))  # refused before any case
    case = next(c for c in load_cases() if c.kind == "evaluate" and "waiver" in exercised_rules(c))
    assert run_evaluate(case.params).outcome == "2WL"
    monkeypatch.setattr(exceptions, "EXCEPTIONS", (*exceptions.EXCEPTIONS, rival))
    d = run_evaluate(case.params)
    assert d.undetermined
    assert "CONFLICT!" in flag_codes(d)
    conflict = next(f for f in d.flags if f.code == "CONFLICT")
    assert "waiver" in conflict.message and "rival_waiver" in conflict.message
