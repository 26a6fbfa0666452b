"""Whatever the text, check_text answers or raises a one-line TiptiersError: never a traceback,
and never a claim whose offsets fall outside the text."""

from __future__ import annotations

import time

from hypothesis import HealthCheck, given, settings
from hypothesis import strategies as st

from tiptiers.countries import registry
from tiptiers.errors import TiptiersError
from tiptiers.news import check_text
from tiptiers.record import packaged_record

WORDS = [
    "Belarus", "North Korea", "Congo", "Georgia", "Chad", "Minsk", "U.S.", "the", "was", "were",
    "not", "downgraded", "upgraded", "to", "on", "Tier 3", "Tier 2 Watch List", "watch list",
    "lowest tier", "remained", "kept", "which", "includes", "alongside", ",", ";", "—", "(", ")",
    "and", "it", "them", "there", "last year", "in 2016", "the 2017 report", "since 2003",
    "for a third straight year", "sanctions", "aid", "waive", "humanitarian", "trafficking",
    ".", "?", "\n\n", "<p>", "</p>", "&nbsp;", "June 27, 2017", "Ministry of", "'s", "no longer",
]  # fmt: skip


@settings(max_examples=150, deadline=None, suppress_health_check=[HealthCheck.too_slow])
@given(
    st.lists(st.sampled_from(WORDS), min_size=0, max_size=60), st.none() | st.integers(1990, 2110)
)
def test_any_mix_of_tip_words_is_answered_or_refused_in_one_line(
    words: list[str], year: int | None
) -> None:
    text = " ".join(words)
    try:
        result = check_text(text, packaged_record(), registry(), year)
    except TiptiersError as exc:
        assert "\n" not in exc.message and exc.message
        return
    for c in result.claims:
        assert 0 <= c.sentence_start <= c.start <= c.end <= c.sentence_end <= len(text)
        assert c.verdict in ("supported", "contradicted", "not_in_record", "unclear")
        assert c.explanation


def test_a_long_list_of_countries_is_not_slow() -> None:
    names = ", ".join(c.common_name for c in registry()) + " and Iran"
    text = f"The 2017 trafficking report placed {names} on Tier 3, {names}, alongside {names}."
    start = time.perf_counter()
    result = check_text(text * 3, packaged_record(), registry())
    assert time.perf_counter() - start < 5.0
    assert len(result.claims) >= len(registry())
