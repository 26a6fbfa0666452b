"""Claims about what a Tier 3 placement costs, checked against the law of the report's year.

The statute (22 U.S.C. 7107(c)-(d), read through :mod:`tiptiers.law.sanctions` and the dated
parameters of :mod:`tiptiers.law.versions`) gives the answers:

- ``aid``: a Tier 3 government may lose nonhumanitarian, nontrade-related assistance for the
  next fiscal year (7107(d)(1)(A)) — never humanitarian or trade-related aid (7102(10)), never
  automatically (the President makes one of four determinations, 7107(c)-(d)), and only for
  reports from 2003 on (7107(c));
- ``exchange``: U.S. funding for officials' educational and cultural exchange programs
  (7107(d)(1)(A)(ii)), from the 2004 report (TVPRA 2003);
- ``multilateral``: U.S. opposition to loans at the multilateral development banks and the
  IMF (7107(d)(1)(B));
- ``waiver``: the President may waive in whole or in part (7107(d)(4)-(5));
- ``trade``: from the 2015 report, no fast-track for trade agreements with Tier 3 countries
  (19 U.S.C. 4205(b)(6)); no trade sanctions at all;
- ``scope``: the consequences fall on Tier 3 only, never on the Watch List or Tier 2;
- ``country``: "Belarus now faces sanctions" — true where the record has it on Tier 3.

Extraction is by patterns over the clauses of a sentence; checking is pure and reads the
law modules only when a claim needs them.
"""

from __future__ import annotations

import re
from bisect import bisect_left
from dataclasses import dataclass
from typing import Any

from tiptiers.documents import RESTRICTION_CODES, WAIVER_CODES
from tiptiers.model import Record, Tier
from tiptiers.news.bounds import NO_DEADLINE, Deadline
from tiptiers.news.lexicon import TierPhrase, lazy
from tiptiers.news.mentions import Mention
from tiptiers.news.verdict import CONTRADICTED, NOT_IN_RECORD, SUPPORTED, UNCLEAR, Verdict

AID, EXCHANGE, MULTILATERAL, WAIVER, TRADE, SCOPE, COUNTRY, DECIDED = (
    "aid",
    "exchange",
    "multilateral",
    "waiver",
    "trade",
    "scope",
    "country",
    "decided",
)


@dataclass(frozen=True)
class ConsequenceDraft:
    topic: str
    tier: Tier | None  # the tier the sentence attaches the consequence to
    negated: bool
    qualifiers: tuple[str, ...]  # automatic, all, humanitarian, trade, secretary, assumed_tier
    span: tuple[int, int]  # absolute offsets of the clause
    effective_year: int | None = None  # "sanctions starting in 2003"
    mention: Mention | None = None


_CLAUSE_SPLIT = lazy(
    r";|,\s+(?=(?:although|though|but|while|whereas|unless|and\s+(?:the|a|its|their|can|may|could)|"
    r"as\s+well\s+as|which)\b)|\s+(?=(?:unless|although|though|but)\s)|\s+(?=or\s+waive)",
    re.IGNORECASE,
)
_AID = lazy(r"\b(?:aid|assistance|funding)\b", re.IGNORECASE)
_SANCTION = lazy(
    r"\b(?:sanctions?|penalt(?:y|ies)|restrictions|punitive\s+measures|cut-?off)\b", re.IGNORECASE
)
_EXCHANGE = lazy(
    r"\bexchange\s+programs?\b|\bcultural\s+exchanges?\b|\beducational\s+(?:and\s+cultural\s+)?exchanges?\b",
    re.IGNORECASE,
)
_MULTI = lazy(
    r"\bWorld\s+Bank\b|\bInternational\s+Monetary\s+Fund\b|\bIMF\b|\bmultilateral\b|"
    r"\bdevelopment\s+banks?\b|\binternational\s+(?:financial|lending)\s+institutions?\b",
    re.IGNORECASE,
)
_WAIVE = lazy(r"\bwaiv(?:e|es|ed|er|ers|ing)\b|\bnational[-\s]interest\b", re.IGNORECASE)
_FAST_TRACK = lazy(r"\bfast[-\s]track\b|\btrade\s+promotion\s+authority\b", re.IGNORECASE)
_TRADE_SANCTION = lazy(
    r"\btrade\s+(?:sanctions|embargo(?:es)?|restrictions|bans?)\b|\bembargo(?:es)?\b", re.IGNORECASE
)
_LOSS = lazy(
    r"\b(?:los[et]|losing|loss|cut|cuts|withh[eo]ld\w*|den(?:y|ies|ied|ial)|suspen\w*|halt\w*|"
    r"end(?:s|ed|ing)?|restrict(?:s|ed|ing)?|bar(?:s|red|ring)?|bans?|banned|block\w*|fac(?:e|es|ed|ing)|"
    r"risk\w*|subject|trigger\w*|carr(?:y|ies|ied)|bring\w*|result\w*|lead\w*|mean\w*|expos\w*|"
    r"jeopardi[sz]\w*|entail\w*|incur\w*|impos\w*|accompan\w*|cost\w*|penali[sz]\w*|sanctioned|"
    r"ineligible|include\w*|apply|applies|applied|withdraw\w*|forfeit\w*|opposition|oppos\w*|"
    r"vote\w*\s+against|stand\s+to|takes?\s+effect|took\s+effect|kicks?\s+in)\b",
    re.IGNORECASE,
)
_OTHER_CAUSE = lazy(
    r"\b(?:nuclear|terror\w*|missiles?|Ukraine|invasion|elections?|Magnitsky|already\s+under|"
    r"existing|separate(?:ly)?|unrelated|import\s+bans?|Withhold\s+Release|customs|tariffs?|"
    r"human\s+rights\s+abuses)\b",
    re.IGNORECASE,
)
_ANAPHOR = lazy(
    r"\b(?:those|such|these|they|them|the\s+(?:ranking|designation|listing|penalties|sanctions)|"
    r"that\s+ranking|countries\s+there|governments\s+there)\b",
    re.IGNORECASE,
)
_NEGATION = lazy(
    r"\b(?:no|not|never|cannot|can['’]t|won['’]t|n['’]t|free\s+(?:of|from)|exempt|spared|without)\b",
    re.IGNORECASE,
)
# "assistance that is not humanitarian or trade-related" describes the aid, it negates nothing
_NOT_EXCEPTION = lazy(
    r"\b(?:not|other\s+than|except(?:\s+for)?|excluding)\s+(?:for\s+)?(?:(?:humanitarian|trade[-\s]related|"
    r"trade|or|and|,)\s*)+",
    re.IGNORECASE,
)
# Funding that is part of another topic ("funding for exchange programs") is not aid.
_TOPIC_FUNDING = lazy(
    r"\b(?:funding|funds|assistance)\s+for\s+[^,;.]*?exchange[^,;.]*|\bloans?\b[^,;.]*",
    re.IGNORECASE,
)
_HUMANITARIAN = lazy(r"(?<![-\w])(?<!non\s)humanitarian\b", re.IGNORECASE)
_HUMANITARIAN_EXCEPTED = lazy(
    r"\b(?:except|excluding|other\s+than|not|but\s+not|apart\s+from|besides|outside)\s+"
    r"(?:for\s+)?(?:\w+\s+){0,2}humanitarian",
    re.IGNORECASE,
)
_ALL_AID = lazy(
    r"\ball\s+(?:(?:U\.S\.|American|foreign|federal|U\.S)\s+)*(?:aid|assistance|funding)\b",
    re.IGNORECASE,
)
_AUTOMATIC = lazy(
    r"\b(?:automatic(?:ally)?|mandatory|immediately|must\s+lose|will\s+lose)\b(?!\s+downgrade)",
    re.IGNORECASE,
)
_PRESIDENT = lazy(r"\b(?:president|White\s+House|administration)\b", re.IGNORECASE)
_SECRETARY = lazy(
    r"\b(?:secretary\s+of\s+state|State\s+Department|the\s+department)\b", re.IGNORECASE
)
_EFFECTIVE = lazy(
    r"\b(?:starting|beginning|from|after|as\s+of|effective)\s+(?:in\s+)?((?:19|20)\d\d)\b",
    re.IGNORECASE,
)
_NEXT_REPORT = lazy(
    r"\b(?:with|from|in|starting\s+with|beginning\s+with)\s+next\s+year['’]s\s+report",
    re.IGNORECASE,
)
NEXT_YEAR = -1  # effective_year marker: the report after this one
_WATCH_LIST_WAIVER = lazy(r"downgrad|watch\s*list", re.IGNORECASE)
#: A clause that says what was decided (not what the law allows): "Biden waived the sanctions
#: for most of the Tier 3 countries", "sanctions were imposed on Burma and Cuba".
_DECIDED_WAIVED = lazy(
    r"\b(?:waived|exempted|spared|granted\s+(?:(?:full|partial|national[-\s]interest)\s+)?waivers?)\b",
    re.IGNORECASE,
)
_DECIDED_IMPOSED = lazy(r"\b(?:imposed|applied|enforced)\b", re.IGNORECASE)
_QUANTIFIER = lazy(
    r"\b(?P<q>most|all|every|some|none|several|half|a\s+majority)\s+of\s+(?:the\s+)?(?:\w+\s+){0,3}?"
    r"(?:countries|nations|governments|states)\b",
    re.IGNORECASE,
)
_COUNTRY_SUBJECT = lazy(
    r"\s*(?:(?:now|also|thus|as\s+a\s+result|so)\s*,?\s+)?(?:which\s+)?(?:(?:now|also|thus|could|"
    r"can|may|might|will|would|therefore|potentially|still|already|is|are|was|were|has|have|"
    r"had|been)\s+)*(?:face[sd]?|facing|risk(?:s|ed)?|los[et]s?|losing|is\s+subject|are\s+subject|"
    r"becomes?\s+subject|stands?\s+to\s+lose)\b",
    re.IGNORECASE,
)


def _clauses(sentence: str) -> list[tuple[int, int]]:
    out: list[tuple[int, int]] = []
    start = 0
    for m in _CLAUSE_SPLIT.finditer(sentence):
        out.append((start, m.start()))
        start = m.end()
    out.append((start, len(sentence)))
    return [(a, b) for a, b in out if sentence[a:b].strip()]


def extract_consequences(
    sentence: str,
    base: int,
    tiers: list[TierPhrase],
    mentions: list[Mention],
    previous_tiers: list[TierPhrase],
    tip_context: bool,
    deadline: Deadline = NO_DEADLINE,
) -> list[ConsequenceDraft]:
    """Consequence claims of one sentence (offsets: sentence-relative tiers, absolute mentions).

    Linear in the sentence: a clause looks only at the countries in it or just before it, and
    ``deadline`` is checked once per clause."""
    if not (
        _SANCTION.search(sentence)
        or _AID.search(sentence)
        or _WAIVE.search(sentence)
        or _EXCHANGE.search(sentence)
        or _MULTI.search(sentence)
        or _FAST_TRACK.search(sentence)
    ):
        return []
    if not tip_context or sentence.rstrip().endswith("?"):
        return []
    tip_tiers = [t for t in tiers if t.tier is not None]
    context_tier: Tier | None = None
    assumed = False
    if tip_tiers:
        context_tier = Tier.T3 if any(t.tier is Tier.T3 for t in tip_tiers) else tip_tiers[0].tier
    elif _ANAPHOR.search(sentence) and any(t.tier is not None for t in previous_tiers):
        prev = [t for t in previous_tiers if t.tier is not None]
        context_tier = Tier.T3 if any(t.tier is Tier.T3 for t in prev) else prev[0].tier
    has_sanction_words = bool(_SANCTION.search(sentence)) or bool(
        re.search(r"non-?humanitarian|\b(?:aid|assistance)\b", sentence, re.IGNORECASE)
    )
    out: list[ConsequenceDraft] = []
    effective = None
    eff = _EFFECTIVE.search(sentence)
    if eff:
        effective = int(eff.group(1))
    elif _NEXT_REPORT.search(sentence):
        effective = NEXT_YEAR
    watch_list_waiver = bool(_WATCH_LIST_WAIVER.search(sentence)) and not has_sanction_words
    countries = [m for m in mentions if m.usable and m.iso3 is not None]
    starts = [m.start - base for m in countries]
    for a, b in _clauses(sentence):
        deadline.check()
        clause = sentence[a:b]
        span = (base + a, base + b)
        other_cause = bool(_OTHER_CAUSE.search(clause))
        decided = _decided(sentence, a, b, base, countries, has_sanction_words, effective)
        if decided and not other_cause:
            out.extend(decided)
            continue
        subject = _country_subject(sentence, a, b, base, countries, starts)
        tier = context_tier
        quals: list[str] = []
        if tier is None:
            if subject is None and not has_sanction_words:
                continue
            if subject is None:
                tier, assumed = Tier.T3, True
        if assumed:
            quals.append("assumed_tier")
        negated = bool(_NEGATION.search(_NOT_EXCEPTION.sub(" ", clause)))
        has_waive = bool(_WAIVE.search(clause))
        loss = _LOSS.search(_WAIVE.sub(" ", clause))
        aid_words = bool(_AID.search(_TOPIC_FUNDING.sub(" ", clause)) or _SANCTION.search(clause))
        if subject is not None and aid_words and loss and not other_cause:
            out.append(ConsequenceDraft(COUNTRY, Tier.T3, negated, (), span, effective, subject))
            continue
        if _FAST_TRACK.search(clause):
            out.append(ConsequenceDraft(TRADE, tier, False, ("fast_track",), span, effective))
        if _EXCHANGE.search(clause) and not other_cause:
            out.append(ConsequenceDraft(EXCHANGE, tier, negated, tuple(quals), span, effective))
        if _MULTI.search(clause) and not other_cause:
            out.append(ConsequenceDraft(MULTILATERAL, tier, negated, tuple(quals), span, effective))
        if aid_words and loss and not other_cause and not _FAST_TRACK.search(clause):
            q = list(quals)
            if _HUMANITARIAN.search(clause) and not _HUMANITARIAN_EXCEPTED.search(clause):
                q.append("humanitarian")
            if (
                _ALL_AID.search(clause)
                and "humanitarian" not in q
                and not re.search(r"all\s+non", clause, re.IGNORECASE)
            ):
                q.append("all")
            if _AUTOMATIC.search(clause):
                q.append("automatic")
            if _TRADE_SANCTION.search(clause):
                q.append("trade")
            topic = AID if tier is Tier.T3 else SCOPE
            out.append(ConsequenceDraft(topic, tier, negated, tuple(q), span, effective))
        if has_waive and has_sanction_words and not watch_list_waiver and not other_cause:
            q = list(quals)
            if _SECRETARY.search(clause) and not _PRESIDENT.search(clause):
                q.append("secretary")
            out.append(ConsequenceDraft(WAIVER, tier, negated, tuple(q), span, effective))
    return out


def _decided(
    sentence: str,
    a: int,
    b: int,
    base: int,
    countries: list[Mention],
    has_sanction_words: bool,
    effective: int | None,
) -> list[ConsequenceDraft]:
    """Claims of what the President decided: a waiver or a restriction, for the countries the
    clause names or for a share of the year's Tier 3 governments ("most of the ...")."""
    clause = sentence[a:b]
    if not has_sanction_words or _NEGATION.search(clause):
        return []
    if _DECIDED_WAIVED.search(clause):
        action = "waived"
    elif _DECIDED_IMPOSED.search(clause):
        action = "imposed"
    else:
        return []
    span = (base + a, base + b)
    named = list({m.iso3: m for m in countries if a <= m.start - base < b}.values())
    if named:
        return [
            ConsequenceDraft(DECIDED, Tier.T3, False, (action,), span, effective, m) for m in named
        ]
    q = _QUANTIFIER.search(clause)
    if q:
        share = q.group("q").lower().replace(" ", "_")
        return [ConsequenceDraft(DECIDED, Tier.T3, False, (action, share), span, effective)]
    return []


def _country_subject(
    sentence: str, a: int, b: int, base: int, countries: list[Mention], starts: list[int]
) -> Mention | None:
    """A country that the clause says will lose aid or face sanctions ("Belarus now faces").

    ``countries``: the sentence's usable country mentions, ``starts`` their sentence-relative
    starts (sorted)."""
    lo, hi = bisect_left(starts, a), bisect_left(starts, b)
    # "Malaysia, which now faces sanctions": the clause begins with 'which' after the country
    if lo > 0:
        m = countries[lo - 1]
        rel_end = m.end - base
        if (
            rel_end <= a
            and sentence[rel_end:a].strip(" ,") == ""
            and re.match(r"\s*which\b", sentence[a:b])
            and _COUNTRY_SUBJECT.match(sentence, a, b)
        ):
            return m
    for m in countries[lo:hi]:
        if _COUNTRY_SUBJECT.match(sentence, m.end - base, b):
            return m
    return None


# -- checking against the determinations on record ----------------------------------------
_SHARES = {"most": "most", "a_majority": "most", "all": "all", "every": "all", "some": "some",
           "several": "some", "half": "half", "none": "none"}  # fmt: skip


def _check_decision(
    draft: ConsequenceDraft, record: Record, year: int, name: str, facts: dict[str, Any]
) -> tuple[Verdict, str]:
    """A claim of what was decided, against the Presidential Determination on record for the
    report's Tier 3 list (7107(d)): "not checkable" where the year's document is partial or
    was not found, since a government it does not show may still be in it."""
    action = draft.qualifiers[0]
    citation = "22 U.S.C. 7107(d)(4)" if action == "waived" else "22 U.S.C. 7107(d)(1)"
    codes = WAIVER_CODES if action == "waived" else RESTRICTION_CODES
    done = "waived" if action == "waived" else "restricted"
    dy = record.determinations.for_report(year)
    if dy is None or dy.document.value == "not_found":
        return Verdict(
            NOT_IN_RECORD,
            f"Not checkable: the record holds no Presidential Determination on the {year}"
            " report's Tier 3 list.",
            facts,
        ), citation
    doc = dy.name
    facts.update({"determination": dy.short_name, "document": dy.document.value})
    partial = dy.document.value != "complete"
    rows = record.determinations.in_report_year(year)
    if draft.mention is not None and draft.mention.iso3:
        mine = [r for r in rows if r.iso3 == draft.mention.iso3]
        facts["codes"] = [r.code for r in mine]
        if any(r.code in codes for r in mine):
            return Verdict(SUPPORTED, f"{doc} {done} {name}: {mine[0].label}.", facts), citation
        said = "; ".join(sorted({r.label for r in mine}))
        if mine and all(r.code == "other" for r in mine):
            return Verdict(
                NOT_IN_RECORD,
                f"Not checkable: {doc}'s determination for {name} is recorded only as {said}.",
                facts,
            ), citation
        if mine:
            return Verdict(
                CONTRADICTED, f"{doc} did not: for {name} it gave {said}.", facts
            ), citation
        if partial:
            return Verdict(
                NOT_IN_RECORD,
                f"Not checkable: the part of {doc} on record does not name {name}, and the"
                f" document is {dy.document.value} ({dy.seen_until or 'not all seen'}).",
                facts,
            ), citation
        return Verdict(CONTRADICTED, f"{doc} names no determination for {name}.", facts), citation
    share = _SHARES.get(draft.qualifiers[1] if len(draft.qualifiers) > 1 else "", "")
    if partial or not share:
        return Verdict(
            NOT_IN_RECORD,
            f"Not checkable: {doc} is on record only in part ({dy.seen_until or 'not all seen'}),"
            " so the share of governments it covers is not known."
            if partial
            else "The claim's share of the governments is not one that can be counted.",
            facts,
        ), citation
    governments = {r.iso3 for r in rows}
    hit = {r.iso3 for r in rows if r.code in codes}
    n, k = len(governments), len(hit)
    facts.update({"governments": n, done: k})
    holds = {
        "most": k * 2 > n,
        "all": k == n and n > 0,
        "some": k > 0,
        "half": k * 2 == n,
        "none": k == 0,
    }[share]
    said = f"{doc} {done} {k} of the {n} governments it names."
    return Verdict(SUPPORTED if holds else CONTRADICTED, said, facts), citation


# -- checking against the law ------------------------------------------------------------
@dataclass(frozen=True)
class LawCheck:
    verdict: str
    explanation: str
    citation: str


def check_consequence(
    draft: ConsequenceDraft,
    record: Record,
    year: int | None,
    name: str = "",
) -> tuple[Verdict, str]:
    """The verdict on a consequence claim and the citation it rests on."""
    from tiptiers.law.versions import (
        DETERMINATION_WINDOW_DAYS,
        FIRST_REPORT_YEAR,
        SANCTIONS_FROM_REPORT,
        TRADE_AGREEMENT_CONDITION,
        WATCH_LIST_EXISTS,
        at_least,
        version_for,
    )

    facts: dict[str, Any] = {}
    latest = record.last_year
    note = ""
    y = year
    effective = draft.effective_year
    if effective == NEXT_YEAR:
        effective = None if y is None else y + 1
    if effective is not None and (y is None or effective > y):
        note = f" (read for the {effective} report, as the text says)"
        y = effective
    if y is None:
        y = latest
        note = f" (no report year: read against the law of the {latest} report)"
    if y < FIRST_REPORT_YEAR:
        return Verdict(UNCLEAR, f"No TIP statute governs a {y} report.", facts), ""
    v = version_for(y)
    facts.update({"law_year": y, "version": v.id})
    law = f"Under the law of the {y} report ({v.id}, {v.law})"
    sanctions_apply = bool(SANCTIONS_FROM_REPORT.at(y))
    tier = draft.tier
    tier_label = tier.label if tier is not None else "that tier"
    quals = set(draft.qualifiers)
    assumed = (
        " The sentence names no tier; it is read as about Tier 3, the only tier with consequences."
        if "assumed_tier" in quals
        else ""
    )

    if draft.topic == DECIDED:
        return _check_decision(draft, record, y, name, facts)
    if draft.topic == COUNTRY:
        return _check_country(draft, record, year, name), "22 U.S.C. 7107(d)"

    if draft.topic == TRADE:
        if TRADE_AGREEMENT_CONDITION.at(y):
            return (
                Verdict(
                    SUPPORTED,
                    f"{law}, fast-track procedures do not apply to a trade agreement with a"
                    " Tier 3 country of the most recent report unless the President reports"
                    " concrete actions (19 U.S.C. 4205(b)(6), enacted June 29, 2015)." + note,
                    facts,
                ),
                "19 U.S.C. 4205(b)(6)",
            )
        return (
            Verdict(
                CONTRADICTED,
                "The fast-track bar for Tier 3 countries (19 U.S.C. 4205(b)(6)) dates from"
                f" June 29, 2015; the {y} report had no such consequence." + note,
                facts,
            ),
            "19 U.S.C. 4205(b)(6)",
        )

    if tier is not Tier.T3 and draft.topic in (AID, SCOPE, EXCHANGE, MULTILATERAL, WAIVER):
        if draft.negated:
            return (
                Verdict(
                    SUPPORTED,
                    f"A {tier_label} placement carries no sanctions: the consequences of 22"
                    " U.S.C. 7107(d) fall on Tier 3 (list C) governments only." + note,
                    facts,
                ),
                "22 U.S.C. 7107(d)",
            )
        extra = (
            f" There was no Watch List before the {WATCH_LIST_EXISTS.first_in_force()} report."
            if tier is Tier.T2WL and not WATCH_LIST_EXISTS.at(y)
            else ""
        )
        return (
            Verdict(
                CONTRADICTED,
                f"The consequences of 22 U.S.C. 7107(d) fall on Tier 3 (list C) governments"
                f" only; a {tier_label} placement carries none." + extra + note,
                facts,
            ),
            "22 U.S.C. 7107(d)",
        )

    if not sanctions_apply:
        return (
            Verdict(
                UNCLEAR,
                f"Reports before {SANCTIONS_FROM_REPORT.first_in_force()} triggered no sanctions:"
                " 22 U.S.C. 7107(c) applies the"
                f" presidential determinations to reports submitted from January 1, 2003, so the"
                f" {y} report carried none, though the policy of 7107(a) (no nonhumanitarian,"
                " nontrade-related assistance) stood." + note,
                facts,
            ),
            "22 U.S.C. 7107(c)",
        )

    if draft.topic == AID:
        problems: list[str] = []
        if draft.negated:
            problems.append(
                "a Tier 3 government does face possible sanctions: the President must make one"
                " of four determinations, the first of which withholds nonhumanitarian,"
                " nontrade-related assistance (22 U.S.C. 7107(d)(1))"
            )
        if "humanitarian" in quals or "all" in quals:
            problems.append(
                "humanitarian and trade-related assistance are outside the sanctions: only"
                " nonhumanitarian, nontrade-related assistance may be withheld (22 U.S.C."
                " 7102(10), 7107(d)(1)(A))"
            )
        if "automatic" in quals:
            low, high = DETERMINATION_WINDOW_DAYS.require(y)
            problems.append(
                "the sanctions are not automatic: the President makes one of four"
                f" determinations {low} to {high} days after the report (22 U.S.C. 7107(c), (d)) and"
                " may waive them in whole or in part (7107(d)(4)-(5))"
            )
        if "trade" in quals:
            problems.append(
                "there are no trade sanctions: trade-related assistance is excepted (22 U.S.C."
                " 7102(10)); the only trade consequence is the fast-track bar of 19 U.S.C."
                f" 4205(b)(6) from {TRADE_AGREEMENT_CONDITION.first_in_force()}"
            )
        if problems:
            text = "; ".join(problems)
            return (
                Verdict(CONTRADICTED, text[0].upper() + text[1:] + "." + assumed + note, facts),
                "22 U.S.C. 7107(d)",
            )
        return (
            Verdict(
                SUPPORTED,
                f"{law}, a Tier 3 government may lose nonhumanitarian, nontrade-related"
                f" assistance for fiscal year {y + 1} (22 U.S.C. 7107(d)(1)(A)), by one of four"
                " presidential determinations that can be waived (7107(d)(4))." + assumed + note,
                facts,
            ),
            "22 U.S.C. 7107(d)(1)",
        )

    if draft.topic == EXCHANGE:
        if not at_least(y, "V2003"):
            return (
                Verdict(
                    CONTRADICTED,
                    f"{law}, the sanctions had no exchange-program element: the funding bar of"
                    " 7107(d)(1)(A)(ii) first governed the 2004 report (TVPRA 2003; the"
                    " origin of this element is not verified)." + note,
                    facts,
                ),
                "22 U.S.C. 7107(d)(1)(A)(ii)",
            )
        if draft.negated:
            return (
                Verdict(
                    CONTRADICTED,
                    f"{law}, a Tier 3 government that received no nonhumanitarian,"
                    " nontrade-related assistance may lose U.S. funding for its officials'"
                    " educational and cultural exchange programs (7107(d)(1)(A)(ii))." + note,
                    facts,
                ),
                "22 U.S.C. 7107(d)(1)(A)(ii)",
            )
        return (
            Verdict(
                SUPPORTED,
                f"{law}, a Tier 3 government that received no nonhumanitarian, nontrade-related"
                " assistance may also lose U.S. funding for its officials' participation in"
                " educational and cultural exchange programs (22 U.S.C. 7107(d)(1)(A)(ii))."
                + assumed
                + note,
                facts,
            ),
            "22 U.S.C. 7107(d)(1)(A)(ii)",
        )

    if draft.topic == MULTILATERAL:
        text = (
            f"{law}, the U.S. Executive Directors at the multilateral development banks and the"
            " IMF are to vote against and work to deny loans to a Tier 3 government, except"
            " humanitarian, trade-related and basic-human-needs aid that bypasses it (22"
            " U.S.C. 7107(d)(1)(B))."
        )
        return (
            Verdict(CONTRADICTED if draft.negated else SUPPORTED, text + assumed + note, facts),
            "22 U.S.C. 7107(d)(1)(B)",
        )

    # waiver
    if "secretary" in quals:
        return (
            Verdict(
                UNCLEAR,
                "The waiver of 22 U.S.C. 7107(d)(4) is the President's; only Watch List waivers"
                " were delegated to the Secretary of State (2010). The text names the"
                " department." + note,
                facts,
            ),
            "22 U.S.C. 7107(d)(4)",
        )
    text = (
        f"{law}, the President may waive the Tier 3 restrictions in whole or in part when"
        " assistance would promote the purposes of the Act or is otherwise in the U.S. national"
        " interest (22 U.S.C. 7107(d)(4)-(5))."
    )
    return (
        Verdict(CONTRADICTED if draft.negated else SUPPORTED, text + assumed + note, facts),
        "22 U.S.C. 7107(d)(4)",
    )


def _check_country(draft: ConsequenceDraft, record: Record, year: int | None, name: str) -> Verdict:
    from tiptiers.law.sanctions import consequences

    assert draft.mention is not None and draft.mention.iso3 is not None
    if year is None:
        return Verdict(
            UNCLEAR,
            f"The article does not say which report it is about (give --year), so whether"
            f" {name} faced Tier 3 consequences cannot be checked.",
            {},
        )
    if year not in record.coverage:
        return Verdict(NOT_IN_RECORD, record.lookup(draft.mention.iso3, year).note, {})
    c = consequences(record, draft.mention.iso3, year, name)
    facts = {"year": year, "tier": c.tier.value if c.tier else None, "applies": c.applies}
    if c.applies:
        return Verdict(CONTRADICTED if draft.negated else SUPPORTED, c.summary, facts)
    if c.tier is None:
        return Verdict(NOT_IN_RECORD, c.summary, facts)
    if c.tier is Tier.T3:  # Tier 3 before 2003: no determinations
        return Verdict(UNCLEAR, c.summary, facts)
    return Verdict(SUPPORTED if draft.negated else CONTRADICTED, c.summary, facts)
