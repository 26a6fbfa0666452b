"""Checking a tier claim against the published record.

Every answer comes from :meth:`Record.lookup` and :meth:`Record.history`: a placement is
never guessed, carried forward or inferred. A country-year the record lacks is
``not_in_record`` unless the year's list for the claimed tier is complete, in which case the
list's silence contradicts the claim ("the record's 2024 Tier 3 list is complete and does
not name Vietnam"). A move is checked against the previous report in the record.

Where an earlier year of a move, stay or run falls in the years the report ranked a joint
government (:class:`~tiptiers.model.JointEntity`: Serbia and Montenegro, 2003-2006), the
member is compared with that government's placement, and the explanation says so ("Serbia
was upgraded in 2007" is compared with Serbia and Montenegro's 2006 placement).
"""

from __future__ import annotations

from collections.abc import Callable
from dataclasses import dataclass, replace
from typing import Any

from tiptiers.errors import year_span
from tiptiers.law.versions import WATCH_LIST_EXISTS
from tiptiers.model import (
    JointEntity,
    Lookup,
    Presence,
    Record,
    Tier,
    classify_change,
    entity_exists,
    joint_entity,
)

SUPPORTED, CONTRADICTED, NOT_IN_RECORD, UNCLEAR = (
    "supported",
    "contradicted",
    "not_in_record",
    "unclear",
)
WATCH_LIST_FIRST_REPORT = WATCH_LIST_EXISTS.first_in_force()  # Pub. L. 108-193


@dataclass(frozen=True)
class Verdict:
    verdict: str
    explanation: str
    facts: dict[str, Any]


@dataclass(frozen=True)
class TierQuestion:
    """What a tier claim asserts, resolved to a country and years."""

    kind: str  # tier, move, remained, no_longer, streak
    iso3: str
    year: int
    tier: Tier | None
    move: str | None = None
    from_tier: Tier | None = None
    negated: bool = False
    streak: int | None = None
    since: int | None = None


def _status(record: Record, iso3: str, tier: Tier, year: int, name: str) -> tuple[bool | None, str]:
    """Whether ``iso3`` was on ``tier`` in ``year``: True, False, or None (unknown), with why."""
    look = record.lookup(iso3, year)
    if look.presence is Presence.OUT_OF_RECORD:
        return None, look.note
    if look.tier is not None:
        return look.tier == tier, ""
    if tier is Tier.T2WL and year < WATCH_LIST_FIRST_REPORT:
        return False, f"there was no Watch List before the {WATCH_LIST_FIRST_REPORT} report"
    cov = record.coverage[year]
    if cov.complete[tier]:
        if short := _short_of_printed(record, year, tier):
            return None, f"{name} is not in the record's {year} {tier.label} list, but {short}"
        return False, (
            f"the record's {year} {tier.label} list is complete and does not name {name}"
            if look.presence is not Presence.NOT_RANKED
            else look.note.rstrip(".")
        )
    return None, look.note


def _short_of_printed(record: Record, year: int, tier: Tier) -> str:
    """Why a list the record calls complete cannot settle a claim: it holds fewer countries
    than the report printed for that tier (or, where the tier's count was not printed, the
    year's lists, all marked complete, hold fewer countries than the printed total beyond what
    the printed tier counts explain), so the country it does not name may be the one missing.
    '' where the printed counts agree or none are known."""
    cov = record.coverage[year]
    held = record.counts(year)[tier]
    printed = cov.printed.get(tier)
    if printed is not None:
        return (
            f"that list has {held} of the {printed} countries the report printed, so the one "
            "missing may be it"
            if held < printed
            else ""
        )
    total = cov.printed_total
    if total is None or cov.partial_tiers():  # a shortfall the partial lists account for
        return ""
    counts = record.counts(year)
    every = sum(counts.values())
    known_short = sum(max(0, n - counts[t]) for t, n in cov.printed.items())
    if total - every - known_short > 0:
        return (
            f"the record's {year} lists hold {every} countries where the report printed {total}, "
            "so it may be one of those missing"
        )
    return ""


def _label(look: Lookup) -> str:
    if look.tier is not None:
        return look.tier.label
    if look.presence is Presence.NOT_RANKED:
        return "not ranked by the report"
    if look.presence is Presence.OFF_WATCH_LIST:
        return "Tier 1 or Tier 2 (missing from our record, which it was)"
    return "missing from our record"


def _placed(record: Record, iso3: str, year: int, name: str) -> str:
    """'Cuba was Tier 2 Watch List in the 2016 report' or what the record says instead."""
    look = record.lookup(iso3, year)
    if look.tier is not None:
        return f"{name} was {look.tier.label} in the {year} report"
    if look.presence is Presence.NOT_RANKED:
        return f"{name} was not in the {year} report"
    if look.presence is Presence.OFF_WATCH_LIST:
        return f"{name} was neither on the Watch List nor on Tier 3 in the {year} report"
    return look.note.rstrip(".")


def _placed_why(record: Record, iso3: str, year: int, name: str, why: str) -> str:
    """``_placed``, then the record's reason (': ...') where it gives one."""
    return _placed(record, iso3, year, name) + (f": {why}" if why else "")


def _ranked_as(iso3: str, year: int, name: str) -> tuple[str, str]:
    """Whose placement stands for ``iso3`` in ``year``, with the name to print: the joint
    government for its member in a year the report ranked that government, and not the member
    on its own (:class:`~tiptiers.model.JointEntity`; docs/PANEL.md), else ``iso3`` itself.

    >>> _ranked_as("SRB", 2006, "Serbia"), _ranked_as("SRB", 2007, "Serbia")
    (('SCG', 'Serbia and Montenegro'), ('SRB', 'Serbia'))
    """
    j = joint_entity(iso3)
    if j is not None and not entity_exists(iso3, year) and j.ranked(year):
        return j.iso3, j.name
    return iso3, name


def _compared(iso3: str, name: str, years: list[int]) -> str:
    """The sentence that says a claim about a member is compared with its joint government's
    placement in ``years`` (the years of them the report ranked the joint government), or ''.

    >>> _compared("MNE", "Montenegro", [2006, 2007])[:60]
    'The 2006 report ranked Montenegro as part of one government,'
    """
    j = joint_entity(iso3)
    joint = [y for y in years if _ranked_as(iso3, y, name)[0] != iso3]
    if j is None or not joint:
        return ""
    span = year_span(joint)
    many = len(joint) > 1
    return (
        f"The {span} report{'s' if many else ''} ranked {name} as part of one government,"
        f" {j.name} ({j.iso3}), so the claim is compared with {j.name}'s {span}"
        f" placement{'s' if many else ''}. "
    )


def _runs(record: Record, iso3: str, tier: Tier) -> list[tuple[int, int]]:
    """Consecutive report years on ``tier`` as (first, last)."""
    years = [p.year for p in record.history(iso3) if p.tier == tier]
    runs: list[tuple[int, int]] = []
    for y in years:
        prev = record.previous_year(y)
        if runs and prev == runs[-1][1]:
            runs[-1] = (runs[-1][0], y)
        else:
            runs.append((y, y))
    return runs


def context(record: Record, iso3: str, tier: Tier, year: int) -> str:
    """Where the country stood on ``tier`` nearest to ``year``: 'Tier 3 until 2014'."""
    runs = _runs(record, iso3, tier)
    if not runs:
        return f"never {tier.label} in the record"
    before = [r for r in runs if r[1] < year]
    after = [r for r in runs if r[0] > year]
    parts: list[str] = []
    if before:
        a, b = before[-1]
        parts.append(f"{tier.label} until {b}" if a != b else f"{tier.label} in {b}")
    if after:
        a, b = after[0]
        parts.append(("again " if before else "") + (f"from {a}" if a != b else f"in {a}"))
        if not before:
            parts[-1] = f"{tier.label} {parts[-1]}"
    if not parts:
        inside = [r for r in runs if r[0] <= year <= r[1]]
        a, b = inside[0] if inside else runs[0]
        return f"{tier.label} {a}–{b}" if a != b else f"{tier.label} in {a}"
    return "; ".join(parts)


def _run_start(record: Record, iso3: str, year: int) -> str:
    """Where the country was before its current run: 'Tier 3 until 2014'."""
    current = record.get(iso3, year)
    if current is None:
        return ""
    for p in reversed([p for p in record.history(iso3) if p.year < year]):
        if p.tier != current.tier:
            return f"{p.tier.label} until {p.year}"
    return ""


def _years_on(record: Record, iso3: str, tier: Tier) -> str:
    years = [p.year for p in record.history(iso3) if p.tier == tier]
    return year_span(years) if years else ""


def _move_words(kind: str) -> str:
    return {
        "upgrade": "an upgrade",
        "downgrade": "a downgrade",
        "unchanged": "no change",
        "to_special_case": "a move to Special Case",
        "from_special_case": "a return from Special Case to the ranked tiers",
    }.get(kind, kind)


def check(record: Record, q: TierQuestion, name: str) -> Verdict:
    """The verdict on one resolved tier claim.

    A claim about Serbia or Montenegro in a year the report ranked them as one government
    (Serbia and Montenegro, 2003-2006: :data:`tiptiers.model.JOINT_ENTITIES`) is checked
    against that government's placement, and the explanation says so; so is the earlier year
    of a move, stay or run across the split (:func:`_ranked_as`)."""
    j = joint_entity(q.iso3)
    if (
        j is not None
        and q.iso3 != j.iso3
        and j.ranked(q.year)
        and q.kind == "tier"
        and record.get(j.iso3, q.year) is not None
    ):
        v = check(record, replace(q, iso3=j.iso3), j.name)
        said = f"The {q.year} report ranked {name} as part of one government, {j.name} ({j.iso3}). "
        return replace(v, explanation=said + v.explanation)
    if j is not None and q.iso3 == j.iso3 and q.year > j.last_year and q.year in record.coverage:
        return _check_members(record, q, j)
    facts: dict[str, Any] = {"year": q.year}
    if q.year not in record.coverage:
        return Verdict(
            NOT_IN_RECORD,
            record.lookup(q.iso3, q.year).note,
            facts,
        )
    look = record.lookup(q.iso3, q.year)
    facts.update({"tier": look.tier.value if look.tier else None, "presence": look.presence.value})
    prev_year = record.previous_year(q.year)
    if prev_year is not None:
        prev_iso3 = _ranked_as(q.iso3, prev_year, name)[0]
        prev = record.lookup(prev_iso3, prev_year)
        facts.update(
            {
                "previous_year": prev_year,
                "previous_tier": prev.tier.value if prev.tier else None,
            }
        )
        if prev_iso3 != q.iso3:
            facts["previous_iso3"] = prev_iso3
    if q.kind == "move":
        return _check_move(record, q, name, facts)
    if q.kind == "remained":
        return _check_remained(record, q, name, facts)
    if q.kind == "no_longer":
        return _check_no_longer(record, q, name, facts)
    if q.kind == "streak":
        return _check_streak(record, q, name, facts)
    return _check_tier(record, q, name, facts)


def _check_members(record: Record, q: TierQuestion, j: JointEntity) -> Verdict:
    """A claim that names a joint government (Serbia and Montenegro) in a report after it
    split: the report ranked no such government that year, but it ranked its members apart,
    so the claim is read as one about each member. It stands or falls only where every
    member's verdict agrees; otherwise it is unclear, with each member's answer."""
    said = (
        f"The {q.year} report ranked no government of {j.name}: the reports of"
        f" {j.first_year}–{j.last_year} ranked it as one, and from {j.last_year + 1} the report"
        f" ranks {' and '.join(j.member_names)} apart, so the claim is read as one about each."
    )
    results = {
        n: check(record, replace(q, iso3=m), n)
        for m, n in zip(j.members, j.member_names, strict=True)
    }
    each = " ".join(
        f"{n}: {v.explanation}" if v.explanation.endswith(".") else f"{n}: {v.explanation}."
        for n, v in results.items()
    )
    verdicts = {v.verdict for v in results.values()}
    facts: dict[str, Any] = {"year": q.year, "members": list(j.members)}
    if len(verdicts) == 1:
        return Verdict(verdicts.pop(), f"{said} {each}", facts)
    return Verdict(UNCLEAR, f"{said} The members' answers differ. {each}", facts)


def _check_tier(record: Record, q: TierQuestion, name: str, facts: dict[str, Any]) -> Verdict:
    assert q.tier is not None
    on, why = _status(record, q.iso3, q.tier, q.year, name)
    if on is None:
        return Verdict(NOT_IN_RECORD, why, facts)
    placed = _placed(record, q.iso3, q.year, name)
    if q.negated:
        if on:
            return Verdict(CONTRADICTED, f"{placed}.", facts)
        return Verdict(SUPPORTED, f"{placed}" + (f"; {why}." if why else "."), facts)
    if on:
        return Verdict(SUPPORTED, f"{placed}.", facts)
    detail = why if why else ""
    if q.tier is Tier.T2WL and q.year < WATCH_LIST_FIRST_REPORT and not detail:
        detail = f"there was no Watch List before the {WATCH_LIST_FIRST_REPORT} report"
    ctx = context(record, q.iso3, q.tier, q.year)
    text = f"{placed} ({ctx})" if not detail else f"{placed}: {detail} ({ctx})"
    return Verdict(CONTRADICTED, text + ".", facts)


def _check_move(record: Record, q: TierQuestion, name: str, facts: dict[str, Any]) -> Verdict:
    prev_year = record.previous_year(q.year)
    if prev_year is None:
        return Verdict(
            UNCLEAR,
            f"The {q.year} report is the first in the record: there is no earlier report for"
            f" {name} to have moved from.",
            facts,
        )
    v = _move(record, q, name, facts, prev_year)
    said = _compared(q.iso3, name, [prev_year])
    return replace(v, explanation=said + v.explanation) if said else v


def _move(
    record: Record, q: TierQuestion, name: str, facts: dict[str, Any], prev_year: int
) -> Verdict:
    prev_iso3, prev_name = _ranked_as(q.iso3, prev_year, name)
    cur = record.lookup(q.iso3, q.year)
    prev = record.lookup(prev_iso3, prev_year)
    target_ok: bool | None = None
    why = ""
    if q.tier is not None:
        target_ok, why = _status(record, q.iso3, q.tier, q.year, name)
    if q.from_tier is not None and not q.negated:
        was_there, why_from = _status(record, prev_iso3, q.from_tier, prev_year, prev_name)
        if was_there is False:
            return Verdict(
                CONTRADICTED,
                _placed_why(
                    record, prev_iso3, prev_year, prev_name, why_from if prev.tier is None else ""
                )
                + f", so {'it' if prev_iso3 == q.iso3 else name} did not move from"
                + f" {q.from_tier.label} in {q.year}.",
                facts,
            )
    if cur.tier is None or prev.tier is None:
        if target_ok is False and not q.negated:
            return Verdict(
                CONTRADICTED,
                _placed_why(record, q.iso3, q.year, name, why) + ".",
                facts,
            )
        missing = cur if cur.tier is None else prev
        return Verdict(
            NOT_IN_RECORD,
            f"The record cannot say whether {name} moved in {q.year}: {missing.note}",
            facts,
        )
    actual = classify_change(prev.tier, cur.tier)
    claimed = q.move or ""
    happened = actual == claimed and (q.tier is None or cur.tier == q.tier)
    from_ok = q.from_tier is None or prev.tier == q.from_tier
    was = f"{prev_name}, {prev_year}" if prev_iso3 != q.iso3 else f"{prev_year}"
    story = (
        f"{name} went from {prev.tier.label} ({was}) to {cur.tier.label} ({q.year}):"
        f" {_move_words(actual)}"
    )
    if actual == "unchanged" and prev_iso3 != q.iso3:
        story = (
            f"{name} was {cur.tier.label} in the {q.year} report, as {prev_name} was in the"
            f" {prev_year} report: no change"
        )
    elif actual == "unchanged":
        story = (
            f"{name} was {cur.tier.label} in both the {prev_year} and {q.year} reports: no change"
        )
        before = _run_start(record, q.iso3, q.year)
        if before:
            story += f" ({before})"
    if q.negated:
        if happened:
            return Verdict(CONTRADICTED, f"{story}.", facts)
        return Verdict(SUPPORTED, f"{story}.", facts)
    if happened and from_ok:
        return Verdict(SUPPORTED, f"{story}.", facts)
    if happened and not from_ok and q.from_tier is not None:
        return Verdict(CONTRADICTED, f"{story}, not from {q.from_tier.label}.", facts)
    if actual == claimed and q.tier is not None:
        return Verdict(
            CONTRADICTED, f"{story}, but to {cur.tier.label}, not {q.tier.label}.", facts
        )
    extra = ""
    if q.tier is not None and cur.tier != q.tier and actual != "unchanged":
        extra = f" ({context(record, q.iso3, q.tier, q.year)})"
    return Verdict(CONTRADICTED, f"{story}{extra}.", facts)


def _check_remained(record: Record, q: TierQuestion, name: str, facts: dict[str, Any]) -> Verdict:
    assert q.tier is not None
    prev_year = record.previous_year(q.year)
    now, why_now = _status(record, q.iso3, q.tier, q.year, name)
    if now is False:
        return Verdict(
            CONTRADICTED,
            _placed_why(record, q.iso3, q.year, name, why_now)
            + f" ({context(record, q.iso3, q.tier, q.year)}).",
            facts,
        )
    if prev_year is None:
        if now:
            return Verdict(
                UNCLEAR,
                f"{name} was {q.tier.label} in the {q.year} report, the first in the record:"
                " there is no earlier report to have stayed from.",
                facts,
            )
        return Verdict(NOT_IN_RECORD, why_now, facts)
    v = _stayed(record, q, name, facts, prev_year, now, why_now)
    said = _compared(q.iso3, name, [prev_year])
    return replace(v, explanation=said + v.explanation) if said else v


def _stayed(
    record: Record,
    q: TierQuestion,
    name: str,
    facts: dict[str, Any],
    prev_year: int,
    now: bool | None,
    why_now: str,
) -> Verdict:
    """A stay on ``q.tier`` from ``prev_year`` to ``q.year``, ``now`` being the latter."""
    assert q.tier is not None
    prev_iso3, prev_name = _ranked_as(q.iso3, prev_year, name)
    before, why_before = _status(record, prev_iso3, q.tier, prev_year, prev_name)
    if before is False:
        return Verdict(
            CONTRADICTED,
            _placed_why(record, prev_iso3, prev_year, prev_name, why_before)
            + f", so {'it' if prev_iso3 == q.iso3 else name} did not stay on {q.tier.label}"
            + f" in {q.year}"
            + (f" ({_placed(record, q.iso3, q.year, name)})" if now is not None else "")
            + ".",
            facts,
        )
    if now and before:
        both = (
            f"{name} was {q.tier.label} in both the {prev_year} and {q.year} reports."
            if prev_iso3 == q.iso3
            else f"{name} was {q.tier.label} in the {q.year} report, as {prev_name} was in the"
            f" {prev_year} report."
        )
        return Verdict(SUPPORTED, both, facts)
    missing = why_now if now is None else why_before
    return Verdict(NOT_IN_RECORD, missing, facts)


def _check_no_longer(record: Record, q: TierQuestion, name: str, facts: dict[str, Any]) -> Verdict:
    """ "No longer on ``q.tier``" in ``q.year``: the country was on that tier in the report
    before (or, where that report did not rank it, the last report before that did) and is
    not on it in ``q.year``. A tier it left in an earlier report contradicts the claim, as
    does a tier it never held; a report before it that the record cannot speak to leaves the
    claim not in the record."""
    assert q.tier is not None
    now, why = _status(record, q.iso3, q.tier, q.year, name)
    if now is None:
        return Verdict(NOT_IN_RECORD, why, facts)
    if now:
        return Verdict(
            CONTRADICTED, f"{name} was still {q.tier.label} in the {q.year} report.", facts
        )
    placed = _placed(record, q.iso3, q.year, name)
    before = _last_ranked_before(record, q.iso3, q.year, name)
    if before is None:
        if record.previous_year(q.year) is None:
            return Verdict(
                UNCLEAR,
                f"The {q.year} report is the first in the record: there is no earlier report"
                f" for {name} to have been on {q.tier.label} in.",
                facts,
            )
        return Verdict(
            CONTRADICTED,
            f"{placed}, and no report before {q.year} in the record ranked it.",
            facts,
        )
    year, who, who_name, short = before
    said = _compared(q.iso3, name, [year])
    facts["last_ranked_year"] = year
    it = "it" if who == q.iso3 else who_name
    skipped = _skipped(record, q.iso3, year, q.year, name)
    if short:
        return Verdict(
            NOT_IN_RECORD,
            f"The record cannot say where {name} stood before {q.year}: it is in no list of"
            f" the {year} report, but {short}.",
            facts,
        )
    on, why_before = _status(record, who, q.tier, year, who_name)
    if on is None:
        return Verdict(
            NOT_IN_RECORD,
            f"{said}The record cannot say whether {it} was {q.tier.label} in the {year}"
            f" report{skipped}: {why_before}",
            facts,
        )
    if on:
        return Verdict(
            SUPPORTED,
            f"{said}{placed}; {it} was {q.tier.label} in the {year} report{skipped}.",
            facts,
        )
    ctx = context(record, who, q.tier, year)
    return Verdict(
        CONTRADICTED,
        f"{said}{placed}, but {_placed_why(record, who, year, who_name, why_before)}{skipped},"
        f" so {'it' if who == q.iso3 else name} did not leave {q.tier.label} in {q.year}"
        f" ({ctx}).",
        facts,
    )


def _last_ranked_before(
    record: Record, iso3: str, year: int, name: str
) -> tuple[int, str, str, str] | None:
    """The last report before ``year`` that ranked the country (or its joint government, in
    the years the report ranked that: :func:`_ranked_as`), with whose placement stands for
    it there, that one's name, and '' or why the record cannot tell whether that report
    ranked it. A report the record knows did not rank it is passed over; one the record
    cannot speak to is returned (its tier is then unknown), as is one whose lists name it
    nowhere but hold fewer countries than the report printed (it may be the one missing:
    :func:`_short_of_printed`). None if no earlier report ranked it."""
    for y in reversed([y for y in record.years if y < year]):
        who, who_name = _ranked_as(iso3, y, name)
        if record.lookup(who, y).presence is not Presence.NOT_RANKED:
            return y, who, who_name, ""
        if who == iso3 and entity_exists(iso3, y):
            short = next(
                (
                    s.replace("that list", f"the record's {y} {t.label} list", 1)
                    for t in Tier
                    if (s := _short_of_printed(record, y, t))
                ),
                "",
            )
            if short:
                return y, who, who_name, short
    return None


def _skipped(record: Record, iso3: str, last: int, year: int, name: str) -> str:
    """' (the 2002 report did not rank it)' for the reports passed over between ``last``
    and ``year``, or ''."""
    between = [y for y in record.years if last < y < year]
    if not between:
        return ""
    many = len(between) > 1
    return f" (the {year_span(between)} report{'s' if many else ''} did not rank {name})"


def _check_streak(record: Record, q: TierQuestion, name: str, facts: dict[str, Any]) -> Verdict:
    assert q.tier is not None
    upto = [y for y in record.years if y <= q.year]
    if q.since is not None:
        years = [y for y in upto if y >= q.since]
        what = f"every report from {q.since} to {q.year}"
        if q.since < record.first_year:
            return Verdict(
                NOT_IN_RECORD,
                f"The record starts with the {record.first_year} report; it cannot check {q.since}.",
                facts,
            )
    else:
        n = q.streak or 1  # not statute: a claim of a run names at least one year
        if len(upto) < n:
            return Verdict(
                UNCLEAR,
                f"The record holds only {len(upto)} report(s) up to {q.year}; a {n}-year run"
                " cannot be checked.",
                facts,
            )
        years = upto[-n:]
        what = f"the {n} reports {years[0]}–{years[-1]}" if n > 1 else f"the {years[0]} report"
    facts["years"] = years
    said = _compared(q.iso3, name, years)
    unknown: list[str] = []
    for y in years:
        who, who_name = _ranked_as(q.iso3, y, name)
        on, why = _status(record, who, q.tier, y, who_name)
        if on is False:
            return Verdict(
                CONTRADICTED,
                said
                + _placed_why(record, who, y, who_name, why)
                + f", so not {q.tier.label} in {what}"
                + f" ({context(record, who, q.tier, y)}).",
                facts,
            )
        if on is None:
            unknown.append(why)
    if unknown:
        return Verdict(NOT_IN_RECORD, said + unknown[0], facts)
    return Verdict(SUPPORTED, f"{said}{name} was {q.tier.label} in {what}.", facts)


def check_without_year(record: Record, iso3: str, tier: Tier | None, name: str) -> Verdict:
    """A claim whose year is unknown: say so, and where the country stood on that tier."""
    base = "The article does not say which report it is about (give --year)"
    if tier is None:
        return Verdict(UNCLEAR, base + ".", {})
    on = _years_on(record, iso3, tier)
    where = (
        f"in the record, {name} was {tier.label} in {on}"
        if on
        else f"{name} was never {tier.label} in the record"
    )
    return Verdict(UNCLEAR, f"{base}; {where}.", {})


def check_ambiguous(
    results: dict[str, Verdict], mention: str, names: Callable[[str], str]
) -> Verdict:
    """A claim about 'Congo' or 'Korea': decided only if every reading agrees."""
    verdicts = {v.verdict for v in results.values()}
    joined = (
        "; ".join(f"{names(iso3)}: {v.explanation.rstrip('.')}" for iso3, v in results.items())
        + "."
    )
    if len(verdicts) == 1:
        only = next(iter(verdicts))
        return Verdict(
            only,
            f"‘{mention}’ names two countries, and the claim is {only.replace('_', ' ')} for"
            f" both. {joined}",
            {},
        )
    return Verdict(
        UNCLEAR,
        f"‘{mention}’ could mean either of two countries and the text does not say which. {joined}",
        {},
    )
