"""Reading an article: which report it is about, its sentences, its HTML, its country names."""

from __future__ import annotations

import pytest

from tiptiers.countries import registry
from tiptiers.news.mentions import finder_for
from tiptiers.news.text import read_document, split_sentences
from tiptiers.news.year import infer_year


def year_of(text: str, given: int | None = None) -> tuple[int | None, str]:
    r = infer_year(read_document(text), given)
    return r.year, r.how


@pytest.mark.parametrize(
    ("text", "expected"),
    [
        ("The 2017 Trafficking in Persons report downgraded China.", (2017, "stated")),
        ("In its 2019 TIP report, the department ...", (2019, "stated")),
        (
            "The 2011 edition of the State Department's Trafficking in Persons Report is out.",
            (2011, "stated"),
        ),
        # the main report is the one named most; a tie goes to the later one
        ("The 2017 report differs from the 2016 report.", (2017, "stated")),
        (
            "WASHINGTON, June 27, 2017 (Reuters) - This year's report names 23 countries.",
            (2017, "dateline"),
        ),
        # before June the latest report was the previous year's
        ("BANGKOK, March 3, 2016 - Police rescued 40 trafficking victims.", (2015, "dateline")),
        ("Officials spoke about trafficking; no year anywhere.", (None, "none")),
        # a month and year set off as a dateline dates the article as a full date does
        (
            "Reuters, June 2014 -- Thailand was downgraded to Tier 3 in the latest trafficking"
            " report.",
            (2014, "dateline"),
        ),
        ("BANGKOK, May 2014 — Thailand stayed on the Watch List.", (2013, "dateline")),
        ("Sept. 2015\n\nMalaysia was upgraded in the trafficking report.", (2015, "dateline")),
        ("By A. Reporter | JULY 2019\nThe trafficking report is out.", (2019, "dateline")),
        # ... but a month and year in a sentence is not the article's date
        ("In March 2013, the government passed a trafficking law.", (None, "none")),
        ("The law (passed March 2013) targets trafficking.", (None, "none")),
    ],
)
def test_the_report_year_is_stated_dated_or_unknown(
    text: str, expected: tuple[int | None, str]
) -> None:
    assert year_of(text) == expected


def test_a_month_only_dateline_is_explained_like_a_full_date() -> None:
    june = infer_year(read_document("Reuters, June 2014 -- Thailand was downgraded to Tier 3."))
    assert june.describe() == "2014, from the article's date “June 2014”"
    assert (june.start, june.end) == (9, 18)
    may = infer_year(read_document("BANGKOK, May 2014 — Thailand stayed on the Watch List."))
    assert may.describe() == (
        "2013, from the article's date “May 2014” (before June: the latest report then was the"
        " previous year's)"
    )


def test_a_month_only_dateline_gives_the_claims_their_year() -> None:
    from tiptiers.news import check_text
    from tiptiers.record import packaged_record

    result = check_text(
        "Reuters, June 2014 -- Thailand was downgraded to Tier 3 in the latest trafficking report.",
        packaged_record(),
        registry(),
    )
    assert [(c.country and c.country["iso3"], c.year, c.verdict) for c in result.claims] == [
        ("THA", 2014, "supported")
    ]


def test_a_given_year_wins_and_a_2022_world_cup_is_not_a_report() -> None:
    assert year_of("The 2017 report named Qatar, host of the 2022 World Cup.", 2018) == (
        2018,
        "given",
    )
    assert year_of("Qatar, host of the 2022 World Cup, was upgraded in the 2017 report.") == (
        2017,
        "stated",
    )


def test_html_publication_metadata_dates_the_article() -> None:
    html = (
        '<html><head><meta property="article:published_time" content="2021-07-01T14:00:00Z">'
        "</head><body><p>Malaysia fell to Tier 3 in the annual trafficking report.</p></body></html>"
    )
    assert year_of(html) == (2021, "dateline")


def test_sentences_keep_abbreviations_and_split_on_blank_lines() -> None:
    text = (
        "Headline without a period\n\nThe U.S. State Department ranked St. Lucia on Tier 2. Mr. Smith"
        " said no. It was\nwrapped across lines."
    )
    assert [s.text for s in split_sentences(text)] == [
        "Headline without a period",
        "The U.S. State Department ranked St. Lucia on Tier 2.",
        "Mr. Smith said no.",
        "It was\nwrapped across lines.",
    ]


def test_windows_line_ends_still_end_a_paragraph() -> None:
    text = "Headline without a period\r\n\r\nBody text here.\r\n"
    assert [s.text for s in split_sentences(text)] == [
        "Headline without a period",
        "Body text here.",
    ]


def test_html_text_drops_script_style_and_head_and_maps_offsets_back() -> None:
    html = (
        "<html><head><title>Tier 3</title><style>p{}</style></head><body><script>x='Tier 3'</script>"
        "<p>Cuba&nbsp;fell.</p><p>Iran stayed.</p></body></html>"
    )
    doc = read_document(html)
    assert doc.is_html
    assert doc.text == "Cuba fell.\n\nIran stayed."
    start, end = doc.source_span(doc.text.index("Iran"), doc.text.index("Iran") + 4)
    assert html[start:end] == "Iran"
    start, end = doc.source_span(0, len("Cuba fell"))
    assert html[start:end] == "Cuba&nbsp;fell"


def roles(text: str) -> list[tuple[str, str | None, str]]:
    return [(m.text, m.iso3, m.role) for m in finder_for(tuple(registry())).find(text)]


def test_names_aliases_and_look_alikes() -> None:
    assert roles("North Korea, Burma (Myanmar), the DRC, Swaziland and Côte d’Ivoire") == [
        ("North Korea", "PRK", "country"),
        ("Burma", "MMR", "country"),
        ("Myanmar", "MMR", "country"),
        ("DRC", "COD", "country"),
        ("Swaziland", "SWZ", "country"),
        ("Côte d’Ivoire", "CIV", "country"),
    ]
    assert roles(
        "Officials in Atlanta, Georgia, and Georgia Gov. Brian Kemp spoke about the report."
    ) == [
        ("Georgia", "GEO", "us_state"),
        ("Georgia", "GEO", "us_state"),
    ]
    assert roles("The basketball star Michael Jordan and a coach, Chad Smith, spoke about it.") == [
        ("Jordan", "JOR", "person"),
        ("Chad", "TCD", "person"),
    ]
    assert roles(
        "the Ministry of Foreign Affairs of Belarus, Qatar Airways, Latin America, the Niger Delta"
    ) == [
        ("Belarus", "BLR", "org"),
        ("Qatar", "QAT", "org"),
        ("Niger", "NER", "place"),
    ]
    assert roles("Guinea-Bissau, Equatorial Guinea, Papua New Guinea, Guinea, Niger, Nigeria") == [
        ("Guinea-Bissau", "GNB", "country"),
        ("Equatorial Guinea", "GNQ", "country"),
        ("Papua New Guinea", "PNG", "country"),
        ("Guinea", "GIN", "country"),
        ("Niger", "NER", "country"),
        ("Nigeria", "NGA", "country"),
    ]
    assert roles("Chad Drops To Lowest Tier As Jordan Holds Steady") == [
        ("Chad", "TCD", "country"),
        ("Jordan", "JOR", "country"),
    ]
    assert roles("Minsk said; Kuwait City; Congo; chad; turkey") == [
        ("Minsk", "BLR", "capital"),
        ("Kuwait City", "KWT", "capital"),
        ("Congo", None, "country"),
    ]
