"""The pattern table of the claim grammar: each pattern is one shape of English that ties a
country (group) to a tier, written over the sentence template of :mod:`tiptiers.news.tokens`
("downgraded §G to §T", "§G remained on the §T", "§T, which includes §G", ...), with the way
its verb is read (``kind``). Patterns compile on first use. Pure.
"""

from __future__ import annotations

import re
from dataclasses import dataclass
from functools import cache

from tiptiers.news import lexicon as lx


@dataclass(frozen=True)
class Pattern:
    name: str
    regex: re.Pattern[str]
    kind: str  # how the verb group is read: verb, list, company, exit, avoid, tierless, as_did


@cache
def patterns() -> tuple[Pattern, ...]:
    A, V, N, P, D = lx.AUX, lx.ADV, lx.NEG, lx.PREP, lx.DET
    verbs_active = rf"{lx.DOWN}|{lx.UP}|{lx.KEEP_ACTIVE}|{lx.PLACE}"
    verbs_subject = rf"{lx.DOWN}|{lx.UP}|{lx.KEEP}|{lx.PLACE}|{lx.BE}"
    tail = r"(?: (?:ranking|rating|status|category|list|designation|label|countries|country|nations|nation|governments?))?"
    from_ = r"(?:from (?:the )?§T(?P<f>\d+) )?"
    from2 = r"(?: from (?:the )?§T(?P<f2>\d+))?"
    steps = r"(?:(?:one|two|three|a|several) (?:places?|levels?|notches?|tiers?|rungs?|spots?|steps?) )?"
    owner = r"(?:§G\d+ 's (?:[a-z-]+ ){1,2})?"  # "Nicaragua's neighbour Honduras"
    members = (
        r"(?:(?:the |a |an )?(?:(?:only|lone|sole|first|last|other|[0-9]+|[a-z-]+) ){0,3}"
        r"(?:countries|country|nations|nation|governments|government|states?|jurisdictions?) "
        r"(?:(?:ranked|placed|listed|rated) )?(?:on|in|at) )?"
    )
    specs = [
        (
            "verb_first",
            rf"(?P<pre>(?:(?:{N}|did|does|do|has|have|had|was|were|is|are) )*)(?P<v>{verbs_active}) (?:(?:{V}) )*(?:the )?(?:governments? of (?:the )?)?{owner}§G(?P<g>\d+) (?:(?:'s )?government )?(?:(?:{V}) )*{steps}{from_}(?P<p>{P}|off|out of) {D}§T(?P<t>\d+){tail}{from2}",
            "verb",
        ),
        (
            "subject_first",
            rf"§G(?P<g>\d+) (?:(?:'s )?(?:[a-z-]+ ){{0,2}}(?:government|authorities|junta|regime|leadership) )?(?P<aux>(?:(?:{A}|{V}|{N}) )*)(?:(?P<v>{verbs_subject}) )?(?P<aux2>(?:(?:{V}|{N}) )*){steps}(?:, )?{from_}(?:(?P<p>{P}|among|one of|part of) )?(?:(?:among|one of|part of) )?{members}{D}§T(?P<t>\d+){tail}{from2}",
            "verb",
        ),
        (
            "tier_then_list",
            rf"§T(?P<t>\d+) (?:(?:countries|nations|governments|list|category|group|ranking|designation) )?(?:, )?(?:(?:which|that|where) )?(?:(?:{V}|now|currently|this year) )*(?:include[sd]?|including|comprises?|comprising|such as|like|among them|namely|:|—|(?:is|are|was|were) (?:made up of |home to )?|features?|consists? of|contains?|covers?|lists?) (?:(?:the|of|countries|nations|governments|such as|like) )*(?:(?:{V}) )*§G(?P<g>\d+)",
            "list",
        ),
        (
            "countries_on_tier",
            rf"(?:countries|nations|governments|states) (?:(?:ranked|placed|listed|rated|that are|which are) )?(?:on|in|at) (?:the )?§T(?P<t>\d+) (?:(?:{V}|now|currently) )*(?:include[sd]?|including|are|were|such as|like|:) (?:the )?§G(?P<g>\d+)",
            "list",
        ),
        (
            "tier_adjective",
            r"(?<!from )§T(?P<t>\d+) (?:(?:countries|nations|governments|members|states) )?(?:(?:such as|like|including) )?§G(?P<g>\d+)",
            "list",
        ),
        (
            "alongside_after",
            r"§T(?P<t>\d+) (?:(?:, )?(?:[a-z']+ ){0,1}(?:like|with)|(?:(?:[a-z']+|'s|§Y\d+|§d|§n|,|§G\d+(?= [a-z])) ){0,8}?(?:alongside|along with|joining|together with|as well as)) (?:the likes of |fellow |(?:[a-z-]+ ){0,2})§G(?P<g>\d+)",
            "company",
        ),
        (
            "alongside_before",
            rf"(?:alongside|along with|joining|together with|like) (?:the likes of )?§G(?P<g>\d+) (?:(?:{V}) )*(?:among|on|in|at) (?:the )?§T(?P<t>\d+)",
            "company",
        ),
        (
            "joined",
            rf"§G(?P<a>\d+) (?:(?:{A}|{V}|{N}) )*join(?:s|ed|ing)? (?:the likes of )?§G(?P<g>\d+) (?:(?:{V}) )*(?:on|in|at|among) {D}§T(?P<t>\d+)",
            "company",
        ),
        (
            "as_did",
            r", (?:as|so) (?:were|was|did|does|do|have|had|has|is|are) (?:(?:also|too) )?§G(?P<g>\d+)",
            "as_did",
        ),
        (
            "did_the_same",
            r"(?:, |and |; )§G(?P<g>\d+) (?:(?:also|too) )?(?:did|does|has done|followed suit|did likewise|went the same way)\b(?! (?:not|n't))",
            "as_did",
        ),
        (
            # "Ghana was not placed on Tier 3, but Iran was", "...; Ghana was not": the
            # elliptical clause says its own polarity
            "ellipsis_polarity",
            r"(?:, |; |and |but |while |whereas |as )§G(?P<g>\d+) (?:(?:also|still) )?(?:was|were|did|does|do|is|are|has|have|had)(?P<n> not| n't)?(?: (?:either|too|also))?(?= [.;,]|$)",
            "polarity",
        ),
        (
            "among_group",
            rf"§G(?P<g>\d+) (?:(?:{A}|{V}) )*among (?:the )?(?:[0-9a-z-]+ ){{0,2}}(?:entrants|countries|nations|governments|newcomers|additions|members|states) (?:(?P<v>demoted|downgraded|upgraded|promoted|dropped|relegated|added|placed|listed|ranked|named) )?(?:(?:on|to|in|onto|into) (?:the )?§T(?P<t>\d+))?",
            "among",
        ),
        (
            # "Chad is one of 14 countries, among them A and B, that are not doing enough"
            "member_of_group_that",
            rf"§G(?P<g>\d+) (?:(?:{A}|{V}) )*(?:among|one of|part of) (?:a |the )?(?:group of |list of )?(?:[0-9a-z-]+ ){{0,2}}(?:countries|nations|governments|states) (?:, (?:(?!§T)[^ ]+ ){{1,12}}?, )?(?:that|which|who) (?:(?:{A}|{V}) )*(?:(?:placed|ranked|listed|rated) )?(?:(?:on|in|at) )?(?:the )?§T(?P<t>\d+)",
            "verb",
        ),
        (
            # "Afghanistan and Sudan improved their rating"
            "improved_rating",
            rf"§G(?P<g>\d+) (?:(?:{A}|{V}) )*(?P<v>improved|raised|lifted|lowered|worsened) (?:its|their) (?:[a-z-]+ )?(?:rating|ranking|standing|grade|tier placement)s?\b",
            "tierless_noun",
        ),
        (
            # "the U.S. rewarded it with an upgrade", "handed Qatar a downgrade"
            "noun_move_given",
            r"(?:rewarded|rewards|punished|punishes|handed|hands|gave|gives|granted|grants) (?:the )?§G(?P<g>\d+) (?:with )?(?:a |an )?(?:[a-z-]+ )?(?P<v>upgrade|downgrade|promotion|demotion)\b",
            "tierless_noun",
        ),
        (
            # "Nigeria's elevated ranking from the Watch List to Tier 2"
            "possessive_rise",
            r"§G(?P<g>\d+) 's (?P<v>elevated|improved|upward|higher|lower|lowered|downward|worsened) (?:ranking|rating|status|standing|placement|position)(?: from (?:a |the )?§T(?P<f>\d+)(?: (?:status|ranking|rating))?)?(?: (?:to|into) (?:a |the )?(?:proper )?§T(?P<t>\d+))?",
            "tierless_noun",
        ),
        (
            # "..., where Qatar ranked last year"
            "where_ranked",
            rf"§T(?P<t>\d+) (?:(?:category|list|tier|group|ranking) )?, where §G(?P<g>\d+) (?:(?:{A}|{V}) )*(?:ranked|placed|sat|stood|was|were|spent|had been|has been)\b",
            "verb",
        ),
        (
            "noun_move_with",
            r"§G(?P<g>\d+) (?:[a-z-]+ ){0,2}(?:with|gets|got|given|receives|received|earns|earned|wins|won|suffers|suffered|hit with) (?:a |an )?(?:(?:surprise|rare|sudden|long-awaited) )?(?P<v>upgrade|downgrade|demotion|promotion)\b",
            "tierless_noun",
        ),
        (
            "participle",
            r", (?P<v>falling|dropping|sliding|slipping|sinking|tumbling|rising|climbing|moving|jumping) (?:back |down |up )?(?:from (?:the )?§T(?P<f>\d+) )?(?:to|into|onto) (?:the )?§T(?P<t>\d+)",
            "ellipsis",
        ),
        (
            # "Bahrain retained its Tier 1 position", "... by retaining its Tier 1 status"
            "keeps_its_tier",
            rf"§G(?P<g>\d+) (?:(?!§[GT])[^ ]+ ){{0,12}}?(?P<v>{lx.KEEP}) (?:its|their) (?:(?:[a-z-]+|'s) ){{0,2}}§T(?P<t>\d+) (?:ranking|rating|status|position|placement|classification|designation|spot|grade|listing)",
            "verb",
        ),
        (
            # "Bahrain has maintained its rating among the Tier 2 countries"
            "keeps_its_rating",
            rf"§G(?P<g>\d+) (?:(?:{A}|{V}) )*(?P<v>{lx.KEEP}) (?:its|their) (?:(?:[a-z-]+|'s) ){{0,3}}?(?:ranking|rating|status|position|placement|classification|designation|spot|grade|listing) (?:among|in|at|on|as) (?:the |a )?§T(?P<t>\d+)",
            "verb",
        ),
        (
            # "Malaysia has also been downgraded (Tier 3)"
            "move_paren_tier",
            rf"§G(?P<g>\d+) (?P<aux>(?:(?:{A}|{V}|{N}) )*)(?P<v>{lx.DOWN}|{lx.UP}) \( (?:(?:to|into) )?(?:the )?§T(?P<t>\d+) \)",
            "verb",
        ),
        (
            "possessive_tier",
            rf"§G(?P<g>\d+) 's (?:(?:{V}|new|current|continued|continuing|latest|renewed|recent|unchanged|longstanding|long-standing|lowly) )*(?:(?:placement|ranking|position|spot|status|rating|listing|designation) )?(?:(?:on|in|at|as) )?(?:the |a )?§T(?P<t>\d+)",
            "verb",
        ),
        (
            "possessive_move",
            rf"§G(?P<g>\d+) 's (?:(?:new|recent|latest|automatic|surprise|sudden|expected) )*(?P<v>downgrade|upgrade|demotion|promotion|drop|fall|relegation|return)(?: from (?:the )?§T(?P<f>\d+))?(?: (?:to|into|onto) (?:the )?§T(?P<t>\d+))?{from2}",
            "verb",
        ),
        (
            "possessive_rank_verb",
            rf"§G(?P<g>\d+) 's (?:ranking|rating|status|position|placement) (?:(?:{A}|{V}) )*(?P<v>{lx.DOWN}|{lx.UP}|{lx.KEEP}) (?:from (?:the )?§T(?P<f>\d+) (?:§Y\d+ )?)?(?:(?:to|at|on|in) )?(?:the )?§T(?P<t>\d+)",
            "verb",
        ),
        (
            "noun_move",
            rf"(?P<v>downgrade|upgrade|demotion|promotion|relegation)s? (?:of|for) (?:the )?§G(?P<g>\d+)(?: from (?:the )?§T(?P<f>\d+))?(?: (?:to|into|onto) (?:the )?§T(?P<t>\d+))?{from2}",
            "verb",
        ),
        (
            # "Colombia has lost its Tier 1 ranking"
            "lost_its_tier",
            rf"§G(?P<g>\d+) (?P<aux>(?:(?:{A}|{V}|{N}) )*)(?P<v>lost|loses|lose|forfeited|forfeits|surrendered) (?:its|their) (?:[a-z-]+ )?§T(?P<x>\d+)",
            "exit",
        ),
        (
            "exit_subject",
            rf"§G(?P<g>\d+) (?P<aux>(?:(?:{A}|{V}|{N}) )*)(?P<v>{lx.EXIT}) (?:the )?§T(?P<x>\d+)(?: (?:to|into|onto|and into|and onto) {D}§T(?P<t>\d+))?",
            "exit",
        ),
        (
            "exit_active",
            r"(?P<v>remov(?:e|es|ed|ing)|t(?:ake|akes|ook|aken|aking)|lift(?:s|ed)?|mov(?:e|es|ed)|dropp?(?:s|ed)?|struck) (?:the )?§G(?P<g>\d+) (?:off|from|out of) (?:(?:the|its|their|a|an|[a-z-]+|'s) ){0,3}§T(?P<t>\d+)",
            "exit",
        ),
        (
            "avoid",
            rf"§G(?P<g>\d+) (?:(?:{A}|{V}) )*(?P<v>{lx.AVOID}) (?:(?:a|an|another|the) )?(?:(?:automatic|threatened|expected|possible|feared|widely expected) )*(?:downgrade|drop|demotion|fall|relegation)(?: (?:to|into) (?:the )?§T(?P<t>\d+))?",
            "avoid",
        ),
        (
            "avoid_tier",
            rf"§G(?P<g>\d+) (?:(?:{A}|{V}) )*(?P<v>{lx.AVOID}) (?:the )?§T(?P<t>\d+)",
            "avoid_tier",
        ),
        (
            "tierless_active",
            rf"(?P<pre>(?:(?:{N}|did|does|do) )*)(?P<v>downgrad(?:e|es|ed|ing)|upgrad(?:e|es|ed|ing)|demot(?:e|es|ed|ing)|promot(?:e|es|ed|ing)) (?:the )?(?:governments? of )?§G(?P<g>\d+)(?! (?:(?:{V}) )*(?:from|to|into|onto|on|in) (?:the )?§T)(?! 's)",
            "tierless",
        ),
        (
            "tierless_passive",
            rf"§G(?P<g>\d+) (?P<aux>(?:(?:{A}|{V}|{N}) )*)(?P<v>downgraded|upgraded|demoted|promoted)(?: from (?:the )?§T(?P<f>\d+))?(?! (?:(?:{V}) )*(?:to|into|onto) )(?! (?:the )?§G)",
            "tierless",
        ),
        (
            "apposition",
            rf"^§G(?P<g>\d+) (?:(?:{V}|long|already|still|itself|also|now) )*(?:(?:a|an|another|one of the|the only|the lone|among the|on|in|at|on the|in the|at the) )(?:(?:fellow|other|perennial) )?§T(?P<t>\d+)",
            "verb",
        ),
        (
            "ellipsis",
            rf"(?:, )?(?:and|but) (?:(?:{V}) )*(?P<v>{lx.KEEP}|{lx.BE}|{lx.DOWN}|{lx.UP}) (?:(?:{V}) )*(?:(?P<p>{P}) )?{D}§T(?P<t>\d+)",
            "ellipsis",
        ),
    ]
    # No unbounded run of words: a run such as "not not not ..." or "also also ..." is read
    # at most _RUN words long, so each match costs the same however long the sentence
    # (an unbounded run made one hostile sentence cost time quadratic in its length).
    bounded = [(name, rx.replace(" )*", f" ){{0,{_RUN}}}"), kind) for name, rx, kind in specs]
    return tuple(Pattern(name, re.compile(rx), kind) for name, rx, kind in bounded)


#: The most words of one kind (auxiliaries, adverbs, adjectives) a pattern reads in a row.
_RUN = 6  # not statute: English puts at most four or five such words together
