"""Why a country's placement changed between two reports, in one sentence with the section
of 22 U.S.C. 7107 that explains it (docs/LAW.md, "The tiers" and "The Watch List clock").

A move between ranked tiers is explained by the law engine's decision for the new
placement (:func:`change_reason`); a change in whether the record lists the country at all
is explained by the record (:func:`listing_change_reason`). The annual report prints both;
the wording lives here so that every front end says the same.
"""

from __future__ import annotations

from tiptiers.law import citations as cite
from tiptiers.law.decision import Decision
from tiptiers.model import Change, Record, Tier


def change_reason(d: Decision, ch: Change) -> tuple[str, str]:
    """One sentence on why a country moved between two ranked placements, and the section
    it cites. ``d`` is the law engine's decision for the new placement (``ch.year``).

    The first rule that applies, in this order:

    - to Tier 3 by the automatic downgrade after the Watch List years the statute allows,
      22 U.S.C. 7107(b)(2)(D)(i);
    - to Tier 3 at the Secretary's discretion (list C without the automatic downgrade),
      7107(b)(1)(C);
    - to Tier 3 because the re-listing cap bars another Watch List year, 7107(b)(2)(F);
    - to Tier 3 otherwise: list C, 7107(b)(1)(C);
    - onto the Watch List: the step of the decision that put it there (a waiver,
      7107(b)(2)(D)(ii); a Watch List finding, 7107(b)(2)(A)(iii); ...), else the special
      watch list, 7107(b)(2)(A)(iii);
    - off the Watch List by an upgrade that ends the clock: the decision's own step;
    - to Tier 1: list A, 7107(b)(1)(A);
    - to Tier 2: list B, 7107(b)(1)(B), from Tier 1 or off the Watch List.
    """
    steps = {s.rule: s for s in d.trace}
    before, now = ch.previous, ch.current
    if now is Tier.T3 and "automatic_downgrade" in steps:
        return (
            f"Automatic downgrade: before this report it was {d.watch_list.reason}.",
            cite.DOWNGRADE,
        )
    if now is Tier.T3 and "tier3_waiver_not_granted" in steps:
        step = steps["tier3_waiver_not_granted"]
        return ("Not forced by the clock: " + lower_first(step.explanation), step.citation)
    if now is Tier.T3 and "relisting_cap" in steps:
        return (
            "Re-listing cap: " + lower_first(steps["relisting_cap"].explanation),
            cite.RELISTING,
        )
    if now is Tier.T3:
        return (
            "Found to be neither meeting the minimum standards nor making significant efforts"
            " (list C).",
            cite.LISTS["C"],
        )
    if now is Tier.T2WL:
        for rule in ("automatic_downgrade", "relisting_cap", "waiver", "watch_list"):
            if rule in steps:
                s = steps[rule]
                lead = (
                    "Up from Tier 3 to the Watch List: "
                    if before is Tier.T3
                    else "Onto the Watch List: "
                )
                return lead + lower_first(s.explanation), s.citation
        return (
            "Placed on the special watch list (list B with a Watch List finding).",
            cite.WATCH_LIST,
        )
    if "clock_exit_upgrade" in steps:
        s = steps["clock_exit_upgrade"]
        return s.explanation, s.citation
    if now is Tier.T1:
        return ("Found to fully meet the minimum standards (list A).", cite.LISTS["A"])
    if now is Tier.T2 and before is Tier.T1:
        return (
            "No longer found to fully meet the minimum standards, but making significant"
            " efforts (list B).",
            cite.LISTS["B"],
        )
    if now is Tier.T2 and before is Tier.T2WL:
        return (
            "Off the Watch List: significant efforts without a Watch List finding (list B).",
            cite.LISTS["B"],
        )
    if now is Tier.T2:
        return ("Found to be making significant efforts (list B).", cite.LISTS["B"])
    return (d.summary, d.citations[-1] if d.citations else "")


def listing_change_reason(record: Record, ch: Change) -> str:
    """Why a country entered, left or was missing from a report's lists (a change that is
    not a move between ranked tiers). Special Cases are State Department practice, not one
    of the statute's lists (7107(b)(1)), so no section is cited."""
    if ch.kind == "unpublished":
        missing = ch.previous_year if ch.previous is None else ch.year
        return record.lookup(ch.iso3, missing or ch.year).note
    if ch.kind == "newly_ranked":
        return f"Not in the {ch.previous_year} report's lists; ranked in {ch.year}."
    if ch.kind == "no_longer_listed":
        return f"In the {ch.previous_year} report; not in any {ch.year} list."
    if ch.kind == "to_special_case":
        return "Not ranked this year: a Special Case (State practice, not a statutory list)."
    if ch.kind == "from_special_case":
        return "Ranked again after a Special Case year."
    if ch.kind == "newly_listed":
        return "Listed for the first time, as a Special Case."
    return ""


def lower_first(text: str) -> str:
    """A sentence to follow a colon: its first letter in lower case, unless it starts an
    acronym.

    >>> lower_first("A waiver was granted.")
    'a waiver was granted.'
    >>> lower_first("US assistance")
    'US assistance'
    """
    if len(text) > 1 and text[1].isupper():
        return text
    return text[:1].lower() + text[1:]
