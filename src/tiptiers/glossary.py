"""The words a reader sees for the project's codes, and the glossary that explains each code.

The JSON, the CSV and the API keep the codes (``downgrade_mandatory``, ``d1``, ``V2021``,
``E7``, ``2WL``); every table, page and sentence a person reads says them in words, from
here, and the dashboard's glossary page (``/glossary``) lists every code with its meaning and
its section of the statute, each under an anchor (``/glossary#d1``) that the pages link to.

Pure: no files, no clock, no printing.
"""

from __future__ import annotations

from typing import NamedTuple

from tiptiers.law.decision import AMBIGUITIES, CLOCK_STATUS_WORDS, ClockStatus
from tiptiers.law.versions import VERSIONS
from tiptiers.tier import Tier

#: Where a country stands on the Watch List clock before a report, in a reader's words, by
#: status code (the words are law.decision's, which the engine's own sentences use too).
STATUS_WORDS: dict[str, str] = {
    **{s.value: w for s, w in CLOCK_STATUS_WORDS.items()},
    ClockStatus.NO_CLOCK.value: "no clock (before 2009)",
}


def status_words(status: str) -> str:
    """The clock status ``status`` (a code) in words; an unknown code is returned as is.

    >>> status_words("downgrade_mandatory")
    'could not stay on the Watch List'
    """
    return STATUS_WORDS.get(status, status)


def version_words(version_id: str) -> str:
    """A statute version id (``V2021``) in a reader's words; an unknown id as is.

    >>> version_words("V2000")
    'the TVPA as enacted (TVPA 2000, Div. A of Pub. L. 106-386)'
    """
    return next((v.plain for v in VERSIONS if v.id == version_id), version_id)


def what_happened(tier: Tier | None) -> str:
    """What the report did with a country that was on the Watch List before it, in words
    (beside what the clock required: "could not stay on the Watch List" and then "upgraded
    to Tier 2" is no downgrade).

    >>> what_happened(Tier.T2), what_happened(Tier.T3), what_happened(None)
    ('left the Watch List up, to Tier 2', 'downgraded to Tier 3', 'missing from our record')
    """
    if tier is None:
        return "missing from our record"
    return {
        Tier.T1: "left the Watch List up, to Tier 1",
        Tier.T2: "left the Watch List up, to Tier 2",
        Tier.T2WL: "stayed on the Watch List",
        Tier.T3: "downgraded to Tier 3",
        Tier.SPECIAL_CASE: "a Special Case (not ranked)",
    }[tier]


#: What the President determined for a Tier 3 government (22 U.S.C. 7107(d)(1)-(4)), by the
#: statute's code the law engine, the record and the API use (one definition each: docs/LAW.md
#: section 6; the record's finer codes name the clause or the scope).
DETERMINATION_WORDS: dict[str, str] = {
    "d1": "aid withheld",
    "d1A_i": "aid withheld",
    "d1A_ii": "aid and exchange funding withheld",
    "d1A": "aid withheld",
    "d2": "already under comparable restrictions",
    "d3": "found to have come into compliance",
    "d4": "national-interest waiver",
    "d4_full": "full national-interest waiver",
    "d4_partial": "partial national-interest waiver",
    "other": "another provision",
}


def determination_words(codes: tuple[str, ...] | list[str]) -> str:
    """The determination codes of one Presidential Determination paragraph in words.

    >>> determination_words(("d2", "other", "d3"))
    'already under comparable restrictions; another provision; found to have come into compliance'
    """
    return "; ".join(DETERMINATION_WORDS.get(c, c) for c in codes)


#: The Act's own numbering, which the Presidential Determinations cite, and the U.S. Code's.
SECTION_NOTE = (
    "Presidential Determinations cite the sections of the Trafficking Victims Protection Act"
    " itself: its section 110 is 22 U.S.C. 7107 and its section 108 is 22 U.S.C. 7106, so"
    " “110(d)(1)(B)” is the same provision as 22 U.S.C. 7107(d)(1)(B)."
)


class Term(NamedTuple):
    """One entry of the glossary: its anchor, the words a reader sees, the codes the data
    uses for it, what it means, and the statute it comes from (empty if none)."""

    slug: str
    term: str
    codes: tuple[str, ...]
    meaning: str
    statute: str = ""


class Section(NamedTuple):
    title: str
    terms: tuple[Term, ...]


def _versions() -> tuple[Term, ...]:
    return tuple(
        Term(
            v.id,
            v.plain[0].upper() + v.plain[1:],
            (v.id,),
            f"The statute that governed the reports from {v.first_report}"
            f" (enacted {v.enacted.isoformat()}). {v.summary}",
            "22 U.S.C. 7106-7107",
        )
        for v in VERSIONS
    )


def _ambiguities() -> tuple[Term, ...]:
    return tuple(
        Term(
            code,
            text,
            (code,),
            "A point where the statute can be read more than one way. tiptiers does not pick a"
            " reading silently: it works the answer out under every reading; where they agree"
            " the answer stands, where they differ it says the record or the law leaves it open.",
        )
        for code, text in AMBIGUITIES.items()
    )


def glossary() -> tuple[Section, ...]:
    """Every code a page, a table or a download uses, grouped, with its meaning."""
    return (
        Section(
            "Tiers",
            (
                Term(
                    "tier-1",
                    "Tier 1",
                    ("1",),
                    "The government fully meets the minimum standards for the elimination of"
                    " trafficking.",
                    "22 U.S.C. 7107(b)(1)(A)",
                ),
                Term(
                    "tier-2",
                    "Tier 2",
                    ("2",),
                    "The government does not fully meet the minimum standards but is making"
                    " significant efforts to do so.",
                    "22 U.S.C. 7107(b)(1)(B)",
                ),
                Term(
                    "tier-2wl",
                    "Tier 2 Watch List",
                    ("2WL",),
                    "Tier 2, and watched: many victims or a growing number, or no evidence of"
                    " increasing efforts, or a finding based on commitments for the next year."
                    " Years on it are counted by the Watch List clock.",
                    "22 U.S.C. 7107(b)(2)(A)",
                ),
                Term(
                    "tier-3",
                    "Tier 3",
                    ("3",),
                    "The government neither fully meets the minimum standards nor makes"
                    " significant efforts to do so. The President then decides whether to"
                    " withhold aid (see the determinations below).",
                    "22 U.S.C. 7107(b)(1)(C)",
                ),
                Term(
                    "special-case",
                    "Special Case",
                    ("special_case",),
                    "A country the report describes but does not place on a tier, usually"
                    " because war or the lack of a government made an assessment impossible.",
                ),
                Term(
                    "not-ranked",
                    "Not ranked by the report",
                    ("not_ranked",),
                    "The report of that year did not rank the country: every list of the year"
                    " is complete in the record and it is on none of them.",
                ),
                Term(
                    "missing",
                    "Missing from our record",
                    ("not_published", "out_of_record"),
                    "The report may have ranked the country, but the record tiptiers holds has"
                    " no row for it in that year (a list of that year is incomplete). A gap,"
                    " never filled in by guessing.",
                ),
            ),
        ),
        Section(
            "The Watch List clock",
            (
                Term(
                    "clock",
                    "Watch List clock",
                    (),
                    "Since the 2009 report, a country on the Tier 2 Watch List for two"
                    " consecutive years must leave it the next year, up to Tier 2 or Tier 1 or"
                    " down to Tier 3, unless a waiver keeps it there. The clock counts the"
                    " consecutive Watch List years before each report.",
                    "22 U.S.C. 7107(b)(2)(D)",
                ),
                Term(
                    "off_list",
                    STATUS_WORDS["off_list"].capitalize(),
                    ("off_list",),
                    "The country was not on the Tier 2 Watch List in the previous report, so"
                    " no clock runs.",
                ),
                Term(
                    "counting",
                    STATUS_WORDS["counting"].capitalize(),
                    ("counting",),
                    "Another Watch List year is allowed without a waiver.",
                    "22 U.S.C. 7107(b)(2)(D)(i)",
                ),
                Term(
                    "waiver_needed",
                    STATUS_WORDS["waiver_needed"].capitalize(),
                    ("waiver_needed",),
                    "The country has had its counted years; the President may still waive the"
                    " downgrade (a waiver year is left), otherwise it must leave the Watch List.",
                    "22 U.S.C. 7107(b)(2)(D)(ii)",
                ),
                Term(
                    "downgrade_mandatory",
                    STATUS_WORDS["downgrade_mandatory"].capitalize(),
                    ("downgrade_mandatory",),
                    "No waiver is left: the law barred another Watch List year. The country had"
                    " to leave the Watch List, either upgraded (to Tier 2 or Tier 1) or"
                    " downgraded to Tier 3. It does not mean the country was downgraded: the"
                    " pages say what the report then did.",
                    "22 U.S.C. 7107(b)(2)(D)(i)",
                ),
                Term(
                    "relisting_barred",
                    STATUS_WORDS["relisting_barred"].capitalize(),
                    ("relisting_barred",),
                    "A country that was on the Watch List for its counted years and was then"
                    " placed on Tier 3 may be on the Watch List for at most one consecutive"
                    " year after that, and no waiver can extend it (from the 2019 report). The"
                    " statute does not say where the country goes instead.",
                    "22 U.S.C. 7107(b)(2)(F)",
                ),
                Term(
                    "no_clock",
                    STATUS_WORDS["no_clock"].capitalize(),
                    ("no_clock",),
                    "The law before the 2009 report had no automatic downgrade.",
                ),
                Term(
                    "undetermined",
                    STATUS_WORDS["undetermined"].capitalize(),
                    ("undetermined",),
                    "The record lacks a year the clock needs, or the statute can be read two"
                    " ways that give different answers; the page says which.",
                ),
                Term(
                    "waiver-year",
                    "Waiver year",
                    ("waiver_years",),
                    "A year the President waived the automatic downgrade, keeping the country"
                    " on the Watch List: at most two in a row until the 2018 report, one since"
                    " 2019.",
                    "22 U.S.C. 7107(b)(2)(D)(ii)",
                ),
            ),
        ),
        Section(
            "What the President decides for Tier 3 (determinations)",
            (
                Term(
                    "pd",
                    "Presidential Determination (PD)",
                    ("PD",),
                    "The document, numbered by fiscal year (PD 2024-14), in which the President"
                    " tells Congress, 45 to 90 days after the report, what follows for each"
                    " Tier 3 government in the next fiscal year.",
                    "22 U.S.C. 7107(d)",
                ),
                Term(
                    "d1",
                    DETERMINATION_WORDS["d1"].capitalize(),
                    ("d1", "d1A_i", "d1A_ii", "d1A"),
                    "The United States withholds non-humanitarian, non-trade-related aid and"
                    " funding for exchange programs, and votes against loans at the World Bank"
                    " and the IMF, until the government complies.",
                    "22 U.S.C. 7107(d)(1)",
                ),
                Term(
                    "d2",
                    DETERMINATION_WORDS["d2"].capitalize(),
                    ("d2",),
                    "The country already faces broad restrictions, imposed largely for human"
                    " rights abuses, comparable to withholding.",
                    "22 U.S.C. 7107(d)(2)",
                ),
                Term(
                    "d3",
                    DETERMINATION_WORDS["d3"].capitalize(),
                    ("d3",),
                    "The Secretary of State has found that the government has since come into"
                    " compliance with the minimum standards, or is making significant efforts.",
                    "22 U.S.C. 7107(d)(3)",
                ),
                Term(
                    "d4",
                    DETERMINATION_WORDS["d4"].capitalize(),
                    ("d4", "d4_full", "d4_partial"),
                    "The aid continues, in whole or in part, because it would promote the"
                    " purposes of the Act or is otherwise in the national interest.",
                    "22 U.S.C. 7107(d)(4)",
                ),
                Term(
                    "other",
                    "Another provision",
                    ("other",),
                    "A paragraph of the determination that is none of the four above (for"
                    " example an exception for a program).",
                ),
                Term(
                    "section-110",
                    "Section 110 of the Act and 22 U.S.C. 7107",
                    ("110(d)", "108"),
                    SECTION_NOTE,
                    "22 U.S.C. 7107",
                ),
                Term(
                    "partial-document",
                    "Part of a determination seen",
                    ("not_seen", "partial"),
                    "Only part of that year's determination is on record. A government not"
                    " named in the part seen is not known to be unsanctioned: a waiver may be"
                    " in the part not seen.",
                ),
            ),
        ),
        Section("Versions of the statute", _versions()),
        Section("Readings of the statute left open", _ambiguities()),
    )


def term_anchor(code: str) -> str | None:
    """The glossary anchor of a code the data uses, or None if it has no entry.

    >>> term_anchor("d3"), term_anchor("V2021"), term_anchor("E7"), term_anchor("zzz")
    ('d3', 'V2021', 'E7', None)
    """
    for section in glossary():
        for t in section.terms:
            if code == t.slug or code in t.codes:
                return t.slug
    return None
