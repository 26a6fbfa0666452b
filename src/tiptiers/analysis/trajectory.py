"""A country's path through the tiers as runs, and the longest Watch List runs of all.

:func:`trajectory` cuts a country's years, from its first placement to the record's last
report, into runs of the same tier ("Watch List 2009–2012 (4 years), Tier 3 2013") and
runs of years the record lacks, which stay gaps: a run never crosses a gap, and nothing is
carried forward. It also says how long the country has held its current tier.
:func:`longest_watch_list_runs` ranks the longest unbroken Watch List runs in the record
(22 U.S.C. 7107(b)(2)(A); the clock of 7107(b)(2)(D) counts them from the 2009 report).
Pure: no I/O.
"""

from __future__ import annotations

from dataclasses import dataclass
from typing import Any

from tiptiers.analysis.base import Registry, Tabular
from tiptiers.model import Country, Presence, Record, Tier

GAP_WORDS: dict[str, str] = {
    Presence.NOT_PUBLISHED.value: Presence.NOT_PUBLISHED.words,
    Presence.OFF_WATCH_LIST.value: "missing from our record (Tier 1 or 2, or not ranked)",
    Presence.NOT_RANKED.value: Presence.NOT_RANKED.words,
}


@dataclass(frozen=True)
class Run:
    """Consecutive report years in one tier (``tier`` set) or one kind of gap (``tier``
    None; ``presence`` says what the record knows: not_published, off_watch_list, not_ranked)."""

    tier: Tier | None
    start: int
    end: int
    presence: str = Presence.PUBLISHED.value
    note: str = ""

    @property
    def years(self) -> int:
        return self.end - self.start + 1

    @property
    def is_gap(self) -> bool:
        return self.tier is None

    @property
    def label(self) -> str:
        if self.tier is not None:
            return "Watch List" if self.tier is Tier.T2WL else self.tier.label
        return GAP_WORDS.get(self.presence, self.presence)

    def text(self) -> str:
        """'Watch List 2009–2012 (4 years)', 'Tier 3 2013'.

        >>> Run(Tier.T2WL, 2009, 2012).text(), Run(Tier.T3, 2013, 2013).text()
        ('Watch List 2009–2012 (4 years)', 'Tier 3 2013')
        """
        if self.years == 1:
            return f"{self.label} {self.start}"
        return f"{self.label} {self.start}–{self.end} ({self.years} years)"

    def to_dict(self) -> dict[str, Any]:
        return {
            "tier": self.tier.value if self.tier else None,
            "presence": self.presence,
            "from": self.start,
            "to": self.end,
            "years": self.years,
            "text": self.text(),
            "note": self.note,
        }


@dataclass(frozen=True)
class Trajectory(Tabular):
    """A country's runs, its current tier and how long it has held it."""

    country: Country
    runs: tuple[Run, ...]
    record_last_year: int

    @property
    def placed(self) -> tuple[Run, ...]:
        return tuple(r for r in self.runs if not r.is_gap)

    @property
    def current(self) -> Run | None:
        """The run of the country's latest placement."""
        return self.placed[-1] if self.placed else None

    @property
    def last_change_year(self) -> int | None:
        """The year of the last change of tier the record shows; None if it never changed
        or if a gap just before the current run hides when it changed."""
        cur = self.current
        if cur is None:
            return None
        i = self.runs.index(cur)
        if i == 0 or self.runs[i - 1].is_gap:
            return None
        return cur.start

    @property
    def years_since_last_change(self) -> int | None:
        """Years from the last change to the latest placement (0: it changed that year)."""
        cur, last = self.current, self.last_change_year
        return None if cur is None or last is None else cur.end - last

    def change_sentence(self) -> str:
        cur = self.current
        if cur is None:
            return f"{self.country.common_name} has no placement in the record."
        i = self.runs.index(cur)
        if cur.end != self.record_last_year:
            held = f"{cur.label} {_span(cur)}, its latest placement in the record"
        elif cur.years > 1:
            held = f"{cur.label} since {cur.start}"
        else:
            held = f"{cur.label} in {cur.start}"
        if i == 0:
            return (
                f"{self.country.common_name}: {held}, unchanged since its first placement in the record."
            )
        prev = self.runs[i - 1]
        if prev.is_gap:
            return (
                f"{self.country.common_name}: {held}; the record lacks {_span(prev)} before it, so when"
                " the tier last changed is not known."
            )
        n = cur.end - cur.start
        ago = "that year" if n == 0 else f"{n} year{'s' if n != 1 else ''} before {cur.end}"
        return (
            f"{self.country.common_name}: {held}; the last change was {prev.label} to {cur.label} in"
            f" {cur.start} ({ago})."
        )

    def longest_watch_list_run(self) -> Run | None:
        wl = [r for r in self.runs if r.tier is Tier.T2WL]
        return max(wl, key=lambda r: (r.years, -r.start)) if wl else None

    def text(self) -> str:
        return ", ".join(r.text() for r in self.runs)

    def to_dict(self) -> dict[str, Any]:
        cur = self.current
        longest = self.longest_watch_list_run()
        return {
            "iso3": self.country.iso3,
            "name": self.country.name,
            "common_name": self.country.common_name,
            "runs": [r.to_dict() for r in self.runs],
            "text": self.text(),
            "current_tier": cur.tier.value if cur and cur.tier else None,
            "current_since": cur.start if cur else None,
            "latest_placement": cur.end if cur else None,
            "years_in_current_tier": cur.years if cur else None,
            "last_change_year": self.last_change_year,
            "years_since_last_change": self.years_since_last_change,
            "change": self.change_sentence(),
            "longest_watch_list_run": longest.to_dict() if longest else None,
        }

    def to_rows(self) -> list[dict[str, Any]]:
        """One row per run (the CSV form)."""
        return [
            {
                "iso3": self.country.iso3,
                "name": self.country.name,
                "common_name": self.country.common_name,
                **r.to_dict(),
            }
            for r in self.runs
        ]


def trajectory(record: Record, registry: Registry, country: str) -> Trajectory:
    """A country's runs of tiers and of gaps, from its first placement to the record's end.

    >>> from tiptiers.countries import registry
    >>> from tiptiers.record import packaged_record
    >>> t = trajectory(packaged_record(), registry(), "Russia")
    >>> [r.text() for r in t.runs[-2:]]
    ['Watch List 2004–2012 (9 years)', 'Tier 3 2013–2025 (13 years)']
    """
    c = registry.resolve(country)
    return Trajectory(c, _runs(record, c.iso3), record.last_year)


def _runs(record: Record, iso3: str) -> tuple[Run, ...]:
    history = record.history(iso3)
    if not history:
        return ()
    runs: list[Run] = []
    for y in record.years:
        if y < history[0].year:
            continue
        look = record.lookup(iso3, y)
        key_tier = look.tier
        presence = look.presence.value
        last = runs[-1] if runs else None
        if (
            last is not None
            and last.end == y - 1
            and last.tier == key_tier
            and last.presence == presence
        ):
            runs[-1] = Run(last.tier, last.start, y, last.presence, last.note)
        else:
            runs.append(Run(key_tier, y, y, presence, "" if key_tier else look.note))
    return tuple(runs)


def _span(r: Run) -> str:
    return str(r.start) if r.years == 1 else f"{r.start}–{r.end}"


@dataclass(frozen=True)
class WatchListRun:
    """One unbroken Watch List run, with what the record knows of either end."""

    country: Country
    run: Run
    before: str  # the tier (label) or gap just before the run; '' at the record's start
    after: str  # the tier (label) or gap just after it; 'ongoing' at the record's end

    @property
    def may_be_longer(self) -> bool:
        """True where a year the record lacks borders the run (it may extend into it)."""
        return any(
            side.startswith(GAP_WORDS[Presence.NOT_PUBLISHED.value])
            for side in (self.before, self.after)
        )

    def to_dict(self) -> dict[str, Any]:
        return {
            "iso3": self.country.iso3,
            "name": self.country.name,
            "common_name": self.country.common_name,
            "from": self.run.start,
            "to": self.run.end,
            "years": self.run.years,
            "before": self.before,
            "after": self.after,
            "may_be_longer": self.may_be_longer,
            "text": self.run.text(),
        }


@dataclass(frozen=True)
class WatchListRuns(Tabular):
    """The longest Watch List runs in the record, longest first; ``tied_beyond`` more runs
    are as long as the last one shown."""

    runs: tuple[WatchListRun, ...]
    top: int
    tied_beyond: int = 0

    def to_dict(self) -> dict[str, Any]:
        return {"top": self.top, "tied_beyond": self.tied_beyond, "runs": self.to_rows()}

    def to_rows(self) -> list[dict[str, Any]]:
        return [r.to_dict() for r in self.runs]


def longest_watch_list_runs(record: Record, registry: Registry, top: int = 10) -> WatchListRuns:
    """The ``top`` longest unbroken Watch List runs across the record, longest first, then
    earliest; runs as long as the last one shown are counted in ``tied_beyond``.

    >>> from tiptiers.countries import registry
    >>> from tiptiers.record import packaged_record
    >>> longest_watch_list_runs(packaged_record(), registry(), 1).runs[0].run.years >= 4
    True
    """
    if top < 1:
        from tiptiers.errors import BadInput

        raise BadInput(f"The number of runs must be at least 1, not {top}.")
    found: list[WatchListRun] = []
    for iso3 in record.countries:
        runs = _runs(record, iso3)
        c = registry.get(iso3)
        for i, r in enumerate(runs):
            if r.tier is not Tier.T2WL:
                continue
            before = runs[i - 1].label if i > 0 and runs[i - 1].end == r.start - 1 else ""
            after = runs[i + 1].label if i + 1 < len(runs) else "ongoing"
            found.append(WatchListRun(c, r, before, after))
    found.sort(key=lambda w: (-w.run.years, w.run.start, w.country.name))
    shown = found[:top]
    tied = sum(1 for w in found[top:] if shown and w.run.years == shown[-1].run.years)
    return WatchListRuns(tuple(shown), top, tied)
