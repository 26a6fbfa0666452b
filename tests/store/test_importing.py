"""Parsing import files (no database): the export CSV and a report's Tier Placements page."""

from __future__ import annotations

import pytest

from tiptiers.errors import BadInput, ImportRejected
from tiptiers.importing import (
    ParsedImport,
    last_report_year,
    parse_csv,
    parse_import,
    parse_tier_text,
)
from tiptiers.model import Placement, Roles, Tier

HEADINGS = "TIER 1, TIER 2, TIER 2 WATCH LIST, TIER 3 or SPECIAL CASES"


def problems(exc: pytest.ExceptionInfo[ImportRejected]) -> list[tuple[int, str]]:
    return exc.value.problems


# -- CSV ----------------------------------------------------------------------------------------
def test_csv_in_the_export_format() -> None:
    text = (
        "iso3,country,year,tier,source,waiver,auto_downgrade,flag_basis,"
        "sanctions_full_waiver,role_origin,role_transit,role_destination\n"
        "CHN,China,2019,3,TIP 2019,,true,,,true,true,true\n"
        "PRK,\"Korea, North\",2019,3,TIP 2019,,,,false,true,,\n"
        "CHN,China,2018,2WL,TIP 2018,true,,x,,true,true,true\n"
    )
    parsed = parse_csv(text, "export.csv")
    assert parsed == ParsedImport(
        "export.csv",
        (
            Placement("CHN", 2019, Tier.T3, "TIP 2019", None, True, "", None),
            Placement("PRK", 2019, Tier.T3, "TIP 2019", None, None, "", False),
            Placement("CHN", 2018, Tier.T2WL, "TIP 2018", True, None, "x", None),
        ),
        {"CHN": Roles(True, True, True), "PRK": Roles(True, None, None)},
        frozenset({2018, 2019}),
    )


def test_csv_minimal_columns_names_and_aliases() -> None:
    text = "\ufeffCountry,Year,Tier\nNorth Korea,2020,Tier 3\nCôte d’Ivoire,2020,Tier 2 Watch List\n"
    parsed = parse_csv(text, "mine.csv")
    assert parsed.placements == (
        Placement("PRK", 2020, Tier.T3, "mine.csv"),  # no source column: the file is the source
        Placement("CIV", 2020, Tier.T2WL, "mine.csv"),
    )
    assert parsed.roles == {}
    assert parsed.years == {2020}


def test_csv_bad_lines_are_all_reported_with_their_line_numbers() -> None:
    text = (
        "iso3,country,year,tier,waiver\n"  # 1
        "CHN,China,2019,3,\n"  # 2 good
        "XXX,,2019,3,\n"  # 3 unknown code
        ",Chna,2019,3,\n"  # 4 unknown name, with a suggestion
        "FRA,Germany,2019,1,\n"  # 5 code and name disagree
        "USA,,19,1,\n"  # 6 bad year
        "GBR,,2019,4,\n"  # 7 unknown tier
        "CHN,,2019,2,\n"  # 8 duplicate of line 2
        "IND,,2019,2,maybe\n"  # 9 bad flag
        "\n"  # 10 blank: skipped
        ",,,,\n"  # 11 empty: skipped
        "JPN,,,,\n"  # 12 no year, no tier
        '"multi\nline",,2019,1,\n'  # 13-14 a name spanning two lines
        "DEU,,1999,Tier 5,\n"  # 15 two problems on one line
    )
    with pytest.raises(ImportRejected) as info:
        parse_csv(text, "bad.csv")
    last = last_report_year()
    assert problems(info) == [
        (3, "Unknown country 'XXX'. No name, alias or ISO code matches it; search the registry for one that does."),
        (4, "Unknown country 'Chna'. Did you mean: China?"),
        (5, "iso3 FRA is France, but country says 'Germany'"),
        (6, f"bad year '19': a report year is a number from 2001 to {last}"),
        (7, "unknown tier '4': use 1, 2, 2WL, 3 or special_case"),
        (8, "duplicate: China 2019 is already on line 2"),
        (9, "bad waiver 'maybe': use true, false or leave it empty"),
        (12, "no year"),
        (12, "no tier"),
        (13, "Unknown country 'multi line'. No name, alias or ISO code matches it; search the registry for one that does."),
        (15, f"bad year '1999': a report year is a number from 2001 to {last}"),
        (15, "unknown tier 'Tier 5': use 1, 2, 2WL, 3 or special_case"),
    ]
    assert info.value.message.startswith("bad.csv: 12 bad lines, nothing imported: line 3: ")


def test_csv_conflicting_roles_for_one_country() -> None:
    text = (
        "iso3,year,tier,role_origin,role_transit,role_destination\n"
        "CHN,2019,3,true,true,true\n"
        "CHN,2018,3,,,\n"
        "CHN,2017,3,true,false,true\n"
    )
    with pytest.raises(ImportRejected) as info:
        parse_csv(text, "r.csv")
    assert problems(info) == [(4, "roles of China differ from line 2")]


@pytest.mark.parametrize(
    ("text", "why"),
    [
        ("", "empty file: expected a header with iso3 or country, year and tier"),
        ("\n\n", "empty file: expected a header with iso3 or country, year and tier"),
        (
            "name,year,tier\nChina,2019,3\n",
            "the header lacks iso3 or country: it needs iso3 or country, year, tier",
        ),
        (
            "iso3,tier\nCHN,3\n",
            "the header lacks year: it needs iso3 or country, year, tier",
        ),
        ("iso3,year,tier\n", "no placements: the file has a header and no rows"),
    ],
)
def test_csv_without_the_needed_header(text: str, why: str) -> None:
    with pytest.raises(ImportRejected) as info:
        parse_csv(text, "h.csv")
    assert problems(info) == [(1, why)]


def test_csv_with_too_many_fields() -> None:
    with pytest.raises(ImportRejected) as info:
        parse_csv("iso3,year,tier\nCHN,2019,3,extra\nCHN,2018,3,\n", "f.csv")
    assert problems(info) == [(2, "4 fields, but the header has 3")]


# -- the Tier Placements page ---------------------------------------------------------------------
PAGE = """\
TIER PLACEMENTS

TIER 1
Australia\tCanada\tFrance
Korea, South      Netherlands

TIER 2:
Cote d'Ivoire, Ghana, Brazil
Congo, Democratic Republic of the
Bahamas, The
tier 2 watch list
Algeria
Côte d’Ivoire
Tier 3:
Korea, North
Burma, Iran
special cases
Libya
Somalia
"""


def test_tier_page() -> None:
    # Côte d'Ivoire appears twice (line 8 and 13): fix the page first
    page = PAGE.replace("Côte d’Ivoire\n", "Armenia\n")
    parsed = parse_tier_text(page, 2024, "tip2024.txt")
    got = [(p.iso3, p.tier) for p in parsed.placements]
    assert got == [
        ("AUS", Tier.T1),
        ("CAN", Tier.T1),
        ("FRA", Tier.T1),
        ("KOR", Tier.T1),
        ("NLD", Tier.T1),
        ("CIV", Tier.T2),
        ("GHA", Tier.T2),
        ("BRA", Tier.T2),
        ("COD", Tier.T2),
        ("BHS", Tier.T2),
        ("DZA", Tier.T2WL),
        ("ARM", Tier.T2WL),
        ("PRK", Tier.T3),
        ("MMR", Tier.T3),
        ("IRN", Tier.T3),
        ("LBY", Tier.SPECIAL_CASE),
        ("SOM", Tier.SPECIAL_CASE),
    ]
    assert {p.year for p in parsed.placements} == {2024}
    assert {p.source for p in parsed.placements} == {"tip2024.txt"}
    assert parsed.years == {2024}
    assert parsed.roles == {}


def test_tier_page_names_on_the_heading_line() -> None:
    parsed = parse_tier_text("Tier 3: Korea, North, Iran\nTIER 1: Chile", 2024, "p.txt")
    assert [(p.iso3, p.tier) for p in parsed.placements] == [
        ("PRK", Tier.T3),
        ("IRN", Tier.T3),
        ("CHL", Tier.T1),
    ]


def test_tier_page_bad_lines_are_all_reported() -> None:
    page = (
        "Freedonia\n"  # 1 before any heading
        "TIER 1\n"  # 2
        "Australia\n"  # 3
        "Narnia\n"  # 4 unknown
        "TIER 4\n"  # 5 unknown heading
        "Chile\n"  # 6 under a bad heading: checked, not kept
        "Chna\n"  # 7 unknown, with a suggestion
        "TIER 2\n"  # 8
        "Australia\n"  # 9 duplicate
        "Korea, North, Atlantis\n"  # 10 one unknown part
        "Ghana,  Togo, Qqqq Zzzz\n"  # 11 one unknown part
    )
    with pytest.raises(ImportRejected) as info:
        parse_tier_text(page, 2024, "p.txt")
    assert problems(info) == [
        (1, f"'Freedonia' comes before any tier heading ({HEADINGS})"),
        (4, "Unknown country 'Narnia'. Did you mean: Armenia?"),
        (5, f"unknown tier heading 'TIER 4': use {HEADINGS}"),
        (7, "Unknown country 'Chna'. Did you mean: China?"),
        (9, "duplicate: Australia is already listed on line 3"),
        (10, "Unknown country 'Atlantis'. Did you mean: Albania?"),
        (11, "Unknown country 'Qqqq Zzzz'. No name, alias or ISO code matches it; search the registry for one that does."),
    ]


def test_tier_page_duplicate_across_headings_and_spellings() -> None:
    with pytest.raises(ImportRejected) as info:
        parse_tier_text(PAGE, 2024, "tip2024.txt")
    assert problems(info) == [(13, "duplicate: Cote d'Ivoire is already listed on line 8")]


def test_tier_page_with_no_names() -> None:
    with pytest.raises(ImportRejected) as info:
        parse_tier_text("TIER 1\n\nTIER 2\n", 2024, "e.txt")
    assert problems(info) == [
        (1, f"no country names found: expected {HEADINGS}, each followed by names")
    ]


@pytest.mark.parametrize("year", [1999, 2000, 3000])
def test_tier_page_bad_year(year: int) -> None:
    with pytest.raises(BadInput) as info:
        parse_tier_text("TIER 1\nChile\n", year, "p.txt")
    assert info.value.message == (
        f"p.txt: bad year '{year}': a report year is a number from 2001 to "
        f"{last_report_year()}; nothing imported."
    )


# -- choosing the parser -----------------------------------------------------------------------------
def test_parse_import_chooses_by_name_and_content() -> None:
    assert parse_import("iso3,year,tier\nCHN,2019,3\n", "x.txt").placements[0].iso3 == "CHN"
    with pytest.raises(ImportRejected, match="the header lacks"):
        parse_import("TIER 1\nChile\n", "named.csv", 2024)  # *.csv is always CSV
    assert parse_import("TIER 1\nChile\n", "page.txt", 2024).placements[0].iso3 == "CHL"
    with pytest.raises(BadInput, match=r"give its year \(--year YEAR\)"):
        parse_import("TIER 1\nChile\n", "page.txt")


# -- Serbia and Montenegro (issue 24) --------------------------------------------------------------
def test_a_member_of_the_joint_government_is_read_as_the_government_the_report_ranked() -> None:
    """Sources that code today's countries repeat the 2003-2006 placement of Serbia and
    Montenegro on Serbia and on Montenegro: the import keeps it once, as SCG (docs/DATA.md)."""
    text = (
        "country,iso3,year,tier\n"
        "Montenegro,MNE,2004,2WL\n"
        "Serbia,SRB,2004,2WL\n"
        "Serbia,SRB,2007,2\n"
        "Serbia and Montenegro,,2005,2\n"
        "Serbia,SRB,2005,2\n"
    )
    assert [(p.iso3, p.year, p.tier) for p in parse_csv(text, "t.csv").placements] == [
        ("SCG", 2004, Tier.T2WL),
        ("SRB", 2007, Tier.T2),
        ("SCG", 2005, Tier.T2),
    ]
    page = "TIER 2 WATCH LIST\nSerbia\nMontenegro\nTIER 2\nFrance\n"
    assert [p.iso3 for p in parse_tier_text(page, 2004, "p").placements] == ["SCG", "FRA"]


def test_members_that_disagree_on_the_joint_government_are_refused() -> None:
    text = "country,year,tier\nSerbia,2005,2\nMontenegro,2005,3\nSerbia and Montenegro,2006,2\n"
    text += "Serbia and Montenegro,2006,2\n"
    with pytest.raises(ImportRejected) as e:
        parse_csv(text, "t.csv")
    assert problems(e) == [
        (
            3,
            "Montenegro 2005 is Tier 3, but line 2 gives Tier 2: the 2005 report ranked one "
            "government, Serbia and Montenegro (SCG)",
        ),
        (5, "duplicate: Serbia and Montenegro 2006 is already on line 4"),
    ]
    with pytest.raises(ImportRejected) as e:
        parse_tier_text("TIER 2\nSerbia\nTIER 3\nMontenegro\n", 2005, "p")
    assert "ranked one government, Serbia and Montenegro (SCG)" in problems(e)[0][1]
