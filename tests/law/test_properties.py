"""Property-based tests of the law engine over random histories (hypothesis).

One synthetic country ("XXA") gets random placements for the reports of 2001-2025 in a
record whose every list is complete (so a missing row means "not ranked"). Over those
histories:

- no government stays on the Watch List longer than its version allows: when the clock
  before a report says the downgrade is mandatory or the re-listing cap bars the Watch List,
  no facts and no waiver get a Watch List placement; and in histories the engine itself
  decides year by year, a streak never exceeds 2 years plus the waiver years of the law;
- a waiver never extends past the re-listing cap of 7107(b)(2)(F);
- no decision depends on today's date (the law modules never ask for it, and the answers
  are equal under two faked dates);
- replaying the same history twice gives the same trace;
- a country-year the record does not hold is never given a tier.
"""

from __future__ import annotations

import ast
import datetime as dt
from collections.abc import Callable, Iterator
from contextlib import ExitStack, contextmanager
from pathlib import Path
from typing import Any
from unittest import mock

from hypothesis import HealthCheck, assume, example, given, settings
from hypothesis import strategies as st

import tiptiers.law
from tiptiers.law import explain as explain_module
from tiptiers.law.assessment import Assessment, parse_assessment
from tiptiers.law.decision import ClockStatus
from tiptiers.law.tiers import evaluate
from tiptiers.law.versions import MAX_WAIVER_YEARS, WATCH_LIST_YEARS_BEFORE_DOWNGRADE, at_least
from tiptiers.law.watchlist import clock_before, streak_broken
from tiptiers.model import Lookup, Placement, Presence, Record, Tier, YearCoverage

ISO = "XXA"
FIRST, LAST = 2001, 2025
YEARS = range(FIRST, LAST + 1)
SETTINGS = settings(max_examples=120, deadline=None, suppress_health_check=[HealthCheck.too_slow])

# Watch List years are drawn more often than the rest, so that streaks, waivers and the
# re-listing cap are met; None is a year in which the country was not ranked.
TIER_CHOICES: list[Tier | None] = [
    Tier.T2WL,
    Tier.T2WL,
    Tier.T2WL,
    Tier.T2WL,
    Tier.T2,
    Tier.T2,
    Tier.T3,
    Tier.T3,
    Tier.T1,
    Tier.SPECIAL_CASE,
    None,
]
tiers = st.sampled_from(TIER_CHOICES)
histories = st.lists(tiers, min_size=len(YEARS), max_size=len(YEARS)).map(
    lambda ts: dict(zip(YEARS, ts, strict=True))
)
report_years = st.integers(2009, LAST)
maybe_bool = st.sampled_from([True, False, None])
waivers = st.one_of(
    st.none(),
    st.fixed_dictionaries(
        {
            "granted": maybe_bool,
            "written_plan_exists": maybe_bool,
            "plan_would_constitute_significant_efforts": maybe_bool,
            "sufficient_resources_devoted": maybe_bool,
            "credible_evidence_reported_to_SFRC_HFAC": maybe_bool,
        }
    ),
)
FULL_WAIVER = {
    "granted": True,
    "written_plan_exists": True,
    "plan_would_constitute_significant_efforts": True,
    "sufficient_resources_devoted": True,
    "credible_evidence_reported_to_SFRC_HFAC": True,
}


def complete_coverage(years: range = YEARS) -> list[YearCoverage]:
    return [YearCoverage(y, dict.fromkeys(Tier, True)) for y in years]


def record_of(history: dict[int, Tier | None]) -> Record:
    placements = [Placement(ISO, y, t, "hypothesis") for y, t in history.items() if t is not None]
    return Record.build(placements, complete_coverage())


def lookup_before(record: Record, year: int) -> Callable[[int], Lookup]:
    """The record's lookup, blind to the assessed report and after (as evaluate_assessment)."""

    def lookup(y: int) -> Lookup:
        if y >= year:
            return Lookup(ISO, y, Presence.OUT_OF_RECORD, None, "after the assessed report")
        return record.lookup(ISO, y)

    return lookup


def facts(year: int, intent: str, waiver: dict[str, Any] | None = None) -> Assessment:
    """Assessment facts for a report year: 'wl' (list B meeting a Watch List test),
    'b' (list B meeting none), 'a' (list A) or 'c' (list C)."""
    data: dict[str, Any] = {"country": "FRA", "report_year": year}
    v2019 = at_least(year, "V2019")
    if intent == "a":
        data["fully_complies"] = True
    else:
        data["fully_complies"] = False
        data["making_significant_efforts"] = intent != "c"
    if v2019 and intent != "c":
        data["concrete_actions"] = [{"description": "act", "date": dt.date(year, 1, 15)}]
    if intent in ("wl", "b") and at_least(year, "V2003"):
        data["victims_very_significant_or_significantly_increasing"] = intent == "wl"
        data["no_evidence_of_increasing_efforts_vs_prior_year"] = False
        if v2019:
            data["taking_proportional_concrete_actions"] = False
        else:
            data["efforts_rest_on_commitments"] = False
    if waiver is not None and at_least(year, "V2008"):
        data["waiver"] = waiver
    return parse_assessment(data)


def cap_years(year: int) -> int:
    """The most consecutive Watch List years the law of ``year`` allows (2 + waivers)."""
    return WATCH_LIST_YEARS_BEFORE_DOWNGRADE.require(year) + MAX_WAIVER_YEARS.require(year)


# -- the clock's shortcut for a country off the Watch List agrees with the full replay ----
@SETTINGS
@given(history=histories, year=st.integers(2002, LAST))
def test_a_broken_streak_is_off_the_clock_under_every_reading(
    history: dict[int, Tier | None], year: int
) -> None:
    """clock() skips a country whose last report put it on Tier 1, 2 or 3 without replaying
    it: the replay must then say off_list (or no_clock, before 7107(b)(2)(D) counted)."""
    lookup = lookup_before(record_of(history), year)
    if streak_broken(year, lookup):
        state, _ = clock_before(year, lookup)
        assert state.status in (ClockStatus.OFF_LIST, ClockStatus.NO_CLOCK)


# -- no country stays on the Watch List longer than its version allows -------------------
@SETTINGS
@given(history=histories, year=report_years, waiver=waivers)
def test_no_watch_list_year_when_the_clock_forbids_it(
    history: dict[int, Tier | None], year: int, waiver: dict[str, Any] | None
) -> None:
    """If the clock before a report says the downgrade is mandatory or the re-listing cap
    bars the Watch List, facts that would put the country on the Watch List, with any
    waiver, never give the Watch List."""
    lookup = lookup_before(record_of(history), year)
    state, _ = clock_before(year, lookup)
    d = evaluate(facts(year, "wl", waiver), ISO, lookup)
    if state.status in (ClockStatus.DOWNGRADE_MANDATORY, ClockStatus.RELISTING_BARRED):
        assert d.tier is not Tier.T2WL, (state.reason, [s.explanation for s in d.trace])
    if d.tier is Tier.T2WL:
        # an undetermined clock gives the Watch List only where every state it may be in does
        states = state.possible()
        assert states, state.reason
        for st in states:
            assert st.consecutive_years + 1 <= cap_years(year), st.reason
            assert st.status in (
                ClockStatus.OFF_LIST,
                ClockStatus.COUNTING,
                ClockStatus.WAIVER_NEEDED,
            )


@SETTINGS
@given(
    prefix=st.lists(tiers, min_size=8, max_size=8),
    intents=st.lists(st.sampled_from(["wl", "wl", "wl", "b", "a", "c"]), min_size=17, max_size=17),
    waiver_draws=st.lists(waivers, min_size=17, max_size=17),
)
def test_engine_decided_histories_respect_the_watch_list_limit(
    prefix: list[Tier | None], intents: list[str], waiver_draws: list[dict[str, Any] | None]
) -> None:
    """Letting the engine decide every report from 2009 on (with random facts and waivers),
    a Watch List streak never exceeds 2 years plus the waiver years of the law in force, and
    the clock's consecutive years never exceed 2 plus the waiver years of the law of the
    streak's last year."""
    decided: dict[int, Tier | None] = dict(zip(range(FIRST, 2009), prefix, strict=True))
    for year, intent, waiver in zip(range(2009, LAST + 1), intents, waiver_draws, strict=True):

        def lookup(y: int, upto: int = year) -> Lookup:
            if y < FIRST or y >= upto:
                return Lookup(ISO, y, Presence.OUT_OF_RECORD, None, "outside")
            t = decided.get(y)
            if t is None:
                return Lookup(ISO, y, Presence.NOT_RANKED, None, "not ranked")
            return Lookup(ISO, y, Presence.PUBLISHED, Placement(ISO, y, t), "")

        d = evaluate(facts(year, intent, waiver), ISO, lookup)
        state = d.watch_list
        if state.consecutive_years:
            assert state.consecutive_years <= cap_years(year - 1), state.reason
        if d.tier is Tier.T2WL:
            assert state.consecutive_years + 1 <= cap_years(year), state.reason
        if d.tier is None:
            break  # undetermined: the engine would not guess, so the history stops here
        decided[year] = d.tier


# -- a waiver never extends past the (F) cap ----------------------------------------------
@st.composite
def capped_histories(
    draw: st.DrawFn, earliest_tier3: int = 2010
) -> tuple[dict[int, Tier | None], int]:
    """A streak of 2+ counted Watch List years, then Tier 3 (from ``earliest_tier3``), then
    1+ Watch List years, then a report from 2019 on: the shape 7107(b)(2)(F) caps."""
    streak = draw(st.integers(2, 5))
    start = draw(st.integers(max(2009, earliest_tier3 - streak), 2021))
    tier3 = draw(st.integers(1, 3))
    relisted = draw(st.integers(1, 4))
    year = start + streak + tier3 + relisted
    assume(2019 <= year <= LAST)
    history: dict[int, Tier | None] = {y: draw(tiers) for y in range(FIRST, start - 1)}
    history[start - 1] = draw(st.sampled_from([Tier.T1, Tier.T2, Tier.T3]))
    y = start
    for tier, n in ((Tier.T2WL, streak), (Tier.T3, tier3), (Tier.T2WL, relisted)):
        for _ in range(n):
            history[y] = tier
            y += 1
    for later in range(year, LAST + 1):
        history[later] = draw(tiers)
    return history, year


@SETTINGS
@given(case=capped_histories(), waiver=waivers)
def test_no_waiver_extends_past_the_relisting_cap(
    case: tuple[dict[int, Tier | None], int], waiver: dict[str, Any] | None
) -> None:
    """After a full streak followed by Tier 3 and a return to the Watch List, no waiver
    gives another Watch List year (whichever reading of 7107(b)(2)(F) the case turns on)."""
    history, year = case
    lookup = lookup_before(record_of(history), year)
    d = evaluate(facts(year, "wl", waiver or FULL_WAIVER), ISO, lookup)
    assert d.tier is not Tier.T2WL, d.watch_list.reason


@SETTINGS
@given(case=capped_histories(earliest_tier3=2019), waiver=waivers)
def test_the_relisting_cap_bars_under_every_reading_after_a_2019_tier3(
    case: tuple[dict[int, Tier | None], int], waiver: dict[str, Any] | None
) -> None:
    """Where the Tier 3 came under the 2019 law, every reading of (F) bars another Watch List
    year (unless the automatic downgrade already forbids it), and the cap says so."""
    history, year = case
    lookup = lookup_before(record_of(history), year)
    state, _ = clock_before(year, lookup)
    assert state.status in (ClockStatus.RELISTING_BARRED, ClockStatus.DOWNGRADE_MANDATORY), (
        state.reason
    )
    d = evaluate(facts(year, "wl", waiver or FULL_WAIVER), ISO, lookup)
    assert d.tier is not Tier.T2WL
    if state.status is ClockStatus.RELISTING_BARRED:
        assert "relisting_cap" in [s.rule for s in d.trace]


# -- the decision never depends on today's date ---------------------------------------------
CLOCK_CALLS = {"today", "now", "utcnow", "time", "monotonic", "perf_counter", "localtime"}


def test_the_law_never_asks_for_todays_date() -> None:
    """No module of law/ calls date.today(), datetime.now(), time.time() or the like, nor
    imports the time module: every rule is looked up by report year."""
    offenders = []
    for path in sorted(Path(tiptiers.law.__file__).parent.glob("*.py")):
        tree = ast.parse(path.read_text(encoding="utf-8"))
        for node in ast.walk(tree):
            if (
                isinstance(node, ast.Call)
                and isinstance(node.func, ast.Attribute)
                and node.func.attr in CLOCK_CALLS
            ):
                offenders.append(f"{path.name}:{node.lineno} .{node.func.attr}()")
            if isinstance(node, ast.Import | ast.ImportFrom):
                names = [a.name for a in node.names]
                module = getattr(node, "module", None) or ""
                if "time" in names or module == "time":
                    offenders.append(f"{path.name}:{node.lineno} imports time")
    assert not offenders, offenders


@contextmanager
def frozen_today(day: dt.date) -> Iterator[None]:
    """Make date.today() and datetime.now() return ``day`` wherever law/ could reach them."""

    class FrozenDate(dt.date):
        @classmethod
        def today(cls) -> FrozenDate:
            return cls(day.year, day.month, day.day)

    class FrozenDateTime(dt.datetime):
        @classmethod
        def now(cls, tz: dt.tzinfo | None = None) -> FrozenDateTime:
            return cls(day.year, day.month, day.day, 12, 0, tzinfo=tz)

    import importlib
    import pkgutil

    with ExitStack() as stack:
        for info in pkgutil.iter_modules(tiptiers.law.__path__):
            module = importlib.import_module(f"tiptiers.law.{info.name}")
            if getattr(module, "date", None) is dt.date:
                stack.enter_context(mock.patch.object(module, "date", FrozenDate))
            if getattr(module, "datetime", None) is dt.datetime:
                stack.enter_context(mock.patch.object(module, "datetime", FrozenDateTime))
        yield


def replay(history: dict[int, Tier | None]) -> list[dict[str, Any]]:
    """Every year of a history explained, and a Watch List assessment evaluated, as JSON."""
    record = record_of(history)
    out = []
    for year in YEARS:
        out.append(explain_module.explain(record, ISO, year).to_dict())
        if year >= 2004:
            lookup = lookup_before(record, year)
            out.append(evaluate(facts(year, "wl", FULL_WAIVER), ISO, lookup).to_dict())
    return out


@settings(max_examples=25, deadline=None)
@given(history=histories)
def test_decisions_do_not_depend_on_todays_date(history: dict[int, Tier | None]) -> None:
    """The same history gives the same decisions whether 'today' is in 1999 or 2090."""
    with frozen_today(dt.date(1999, 1, 1)):
        early = replay(history)
    with frozen_today(dt.date(2090, 6, 30)):
        late = replay(history)
    assert early == late


# -- replaying the same history twice gives the same trace ---------------------------------
@settings(max_examples=40, deadline=None)
@given(history=histories)
def test_replaying_a_history_twice_gives_the_same_trace(
    history: dict[int, Tier | None],
) -> None:
    """Two replays of one history, each on a freshly built record, give equal JSON traces."""
    first = replay(history)
    second = replay(dict(history))
    assert first == second
    assert all(d["trace_version"] == 1 for d in first)


# -- a year the record does not hold is never guessed ----------------------------------------
def with_gap(history: dict[int, Tier | None], gap: int) -> Record:
    """The history's record with ``gap`` unpublished: no row, and every list of that year
    partial, so the record cannot say where the country stood."""
    coverage = [YearCoverage(y, dict.fromkeys(Tier, y != gap)) for y in YEARS]
    placements = [Placement(ISO, y, t) for y, t in history.items() if t is not None and y != gap]
    return Record.build(placements, coverage)


@SETTINGS
@given(history=histories, year=st.integers(2004, LAST), gap=st.integers(FIRST, LAST))
def test_an_unpublished_year_is_never_guessed(
    history: dict[int, Tier | None], year: int, gap: int
) -> None:
    """Where the record lacks a country-year, its explanation is undetermined naming the
    placement; and a later decision that the gap could affect is given only if it is the
    same whatever the country's tier was in the missing year (a completion for which the
    engine itself answers undetermined contradicts nothing)."""
    record = with_gap(history, gap)
    d = explain_module.explain(record, ISO, gap)
    assert d.tier is None and d.missing == ("placement",)
    assume(gap < year)
    got = evaluate(facts(year, "wl", FULL_WAIVER), ISO, lookup_before(record, year)).tier
    if got is None:
        return
    for tier in (Tier.T1, Tier.T2, Tier.T2WL, Tier.T3, Tier.SPECIAL_CASE):
        completed = record_of({**history, gap: tier})
        other = evaluate(facts(year, "wl", FULL_WAIVER), ISO, lookup_before(completed, year))
        if other.tier is None:
            continue  # that completion is itself ambiguous (E5-E7): no tier to contradict
        assert other.tier is got, (
            f"with {gap} unknown the engine says {got} for {year}, but with {gap} on"
            f" {tier.label} it says {other.outcome}: {other.watch_list.reason}"
        )


def _gap_history() -> dict[int, Tier | None]:
    """Watch List 2018, the 2019 row missing, Tier 3 2020, Watch List 2021: had 2019 been on
    the Watch List, the re-listing cap would bar 2022 under every reading."""
    history: dict[int, Tier | None] = dict.fromkeys(YEARS, Tier.T2)
    history.update({2018: Tier.T2WL, 2019: Tier.T2WL, 2020: Tier.T3, 2021: Tier.T2WL})
    return history


@SETTINGS
@example(history=_gap_history(), year=2022, gap=2019)
@given(history=histories, year=st.integers(2019, LAST), gap=st.integers(2009, LAST))
def test_the_relisting_cap_is_not_guessed_across_a_gap(
    history: dict[int, Tier | None], year: int, gap: int
) -> None:
    """A Watch List placement is allowed across a missing year only if no tier of that year
    would make the clock forbid it (the automatic downgrade or the re-listing cap)."""
    assume(gap < year)
    record = with_gap(history, gap)
    got = evaluate(facts(year, "wl", FULL_WAIVER), ISO, lookup_before(record, year)).tier
    if got is not Tier.T2WL:
        return
    for tier in (Tier.T1, Tier.T2, Tier.T2WL, Tier.T3, Tier.SPECIAL_CASE):
        completed = record_of({**history, gap: tier})
        state, _ = clock_before(year, lookup_before(completed, year))
        assert state.status not in (
            ClockStatus.DOWNGRADE_MANDATORY,
            ClockStatus.RELISTING_BARRED,
        ), (
            f"with {gap} unknown the engine allows the Watch List in {year}; with {gap} on {tier.label}: {state.reason}"
        )


# -- one question's shared passes change no answer ----------------------------------------
#: The facts a partial assessment may leave out (then settled, or named as missing).
DROPPABLE = (
    "making_significant_efforts",
    "victims_very_significant_or_significantly_increasing",
    "no_evidence_of_increasing_efforts_vs_prior_year",
    "taking_proportional_concrete_actions",
    "efforts_rest_on_commitments",
    "concrete_actions",
)


@SETTINGS
@given(
    history=histories,
    year=report_years,
    intent=st.sampled_from(["wl", "b", "a", "c"]),
    waiver=waivers,
    dropped=st.sets(st.sampled_from(DROPPABLE)),
    gap=st.one_of(st.none(), st.integers(2009, LAST)),
)
def test_shared_passes_give_the_answers_of_fresh_ones(
    history: dict[int, Tier | None],
    year: int,
    intent: str,
    waiver: dict[str, Any] | None,
    dropped: set[str],
    gap: int | None,
) -> None:
    """The passes one question shares (the clock read once, each set of facts answered
    once: tiers.Passes) give, for the answer and for every hint of what is missing, exactly
    what evaluating each afresh gives: the same tier, trace, flags and missing facts."""
    from tiptiers.law.evaluate import evaluate_assessment, passes_for, what_each_value_gives

    record = with_gap(history, gap) if gap is not None and gap < year else record_of(history)
    data = facts(year, intent, waiver).model_dump(exclude_none=True)
    a = parse_assessment({k: v for k, v in data.items() if k not in dropped})
    passes = passes_for(a, record, ISO)
    shared = evaluate_assessment(a, record, ISO, passes=passes)
    assert shared == evaluate_assessment(a, record, ISO)
    for fact in shared.missing:
        assert what_each_value_gives(a, record, ISO, fact, passes) == what_each_value_gives(
            a, record, ISO, fact
        )
