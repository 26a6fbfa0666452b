"""The country registry: names, aliases, codes, regions, and the generated CSV."""

from __future__ import annotations

import subprocess
import sys
from pathlib import Path

import pytest

from tiptiers.countries import Registry, lookup_key, parse_countries_csv, registry, resolve
from tiptiers.errors import UnknownCountry
from tiptiers.model import Country
from tiptiers.queries import REGIONS
from tiptiers.record import packaged_names

ROOT = Path(__file__).resolve().parent.parent

ALIASES = {
    "North Korea": "PRK",
    "DPRK": "PRK",
    "Democratic People's Republic of Korea": "PRK",
    "South Korea": "KOR",
    "Republic of Korea": "KOR",
    "Burma": "MMR",
    "Myanmar": "MMR",
    "Ivory Coast": "CIV",
    "Côte d'Ivoire": "CIV",
    "Congo-Brazzaville": "COG",
    "Republic of the Congo": "COG",
    "DRC": "COD",
    "Congo-Kinshasa": "COD",
    "DR Congo": "COD",
    "Democratic Republic of the Congo": "COD",
    "Macedonia": "MKD",
    "North Macedonia": "MKD",
    "Swaziland": "SWZ",
    "Eswatini": "SWZ",
    "Czechia": "CZE",
    "Türkiye": "TUR",
    "Turkiye": "TUR",
    "Cape Verde": "CPV",
    "Cabo Verde": "CPV",
    "East Timor": "TLS",
    "Gambia": "GMB",
    "The Gambia": "GMB",
    "Bahamas": "BHS",
    "The Bahamas": "BHS",
    "Kyrgyzstan": "KGZ",
    "Slovakia": "SVK",
    "Laos": "LAO",
    "Lao PDR": "LAO",
    "Russian Federation": "RUS",
    "Syria": "SYR",
    "Syrian Arab Republic": "SYR",
    "Iran": "IRN",
    "Islamic Republic of Iran": "IRN",
    "Vietnam": "VNM",
    "Viet Nam": "VNM",
    "Moldova": "MDA",
    "Republic of Moldova": "MDA",
    "Tanzania": "TZA",
    "United Republic of Tanzania": "TZA",
    "Bolivia": "BOL",
    "Venezuela": "VEN",
    "Micronesia": "FSM",
    "Federated States of Micronesia": "FSM",
    "Brunei Darussalam": "BRN",
    "UAE": "ARE",
    "UK": "GBR",
    "Britain": "GBR",
    "Great Britain": "GBR",
    "US": "USA",
    "USA": "USA",
    "U.S.": "USA",
    "America": "USA",
    "United States of America": "USA",
    "Saint Lucia": "LCA",
    "St Lucia": "LCA",
    "Saint Vincent and the Grenadines": "VCT",
    "St Vincent": "VCT",
    "Hong Kong SAR": "HKG",
    "Macao": "MAC",
    "Curaçao": "CUW",
    "Taiwan": "TWN",
    "PRC": "CHN",
    "People's Republic of China": "CHN",
    "Guinea": "GIN",
    "Kosovo": "XKX",
    "Antigua & Barbuda": "ATG",
}


def test_every_country_of_the_record_by_its_record_name(reg: Registry) -> None:
    names = packaged_names()
    assert len(names) == 190  # 189 countries and territories, and Serbia and Montenegro
    assert {c.iso3 for c in reg} == set(names)
    assert len(reg) == 190
    for iso3, name in names.items():
        assert reg.get(iso3).name == name
        assert reg.resolve(name).iso3 == iso3


@pytest.mark.parametrize(("text", "iso3"), sorted(ALIASES.items()))
def test_alias_resolves(text: str, iso3: str) -> None:
    assert resolve(text).iso3 == iso3


@pytest.mark.parametrize(
    "text",
    [
        "CIV",
        "civ",
        "CI",
        "ci",
        "Cote d'Ivoire",
        "Côte d’Ivoire",
        "cote d ivoire",
        "COTE DIVOIRE",
        "  côte-d'ivoire  ",
    ],
)
def test_codes_case_accents_and_punctuation(text: str) -> None:
    assert resolve(text).iso3 == "CIV"


def test_iso_codes_of_every_country(reg: Registry) -> None:
    for c in reg:
        assert reg.resolve(c.iso3) is c
        assert reg.resolve(c.iso3.lower()) is c
        assert reg.resolve(c.iso2) is c
        assert reg.resolve(c.common_name) is c
        for alias in c.aliases:
            assert reg.resolve(alias) is c, alias


def test_no_name_alias_or_code_names_two_countries(reg: Registry) -> None:
    owner: dict[str, str] = {}
    for c in reg:
        for text in (c.iso3, c.iso2, c.name, c.common_name, *c.aliases):
            key = lookup_key(text)
            assert key, (c.iso3, text)
            assert owner.setdefault(key, c.iso3) == c.iso3, f"'{text}': {owner[key]} and {c.iso3}"


def test_colliding_aliases_are_refused() -> None:
    a = Country("AAA", "AA", "Aland", "Aland", ("Big Land",))
    b = Country("BBB", "BB", "Bland", "Bland", ("big-land",))
    with pytest.raises(ValueError, match="names both AAA and BBB"):
        Registry([a, b])
    with pytest.raises(ValueError, match="duplicate"):
        Registry([a, a])


def test_the_packaged_registry_passes_the_checks_it_skips_at_start_up() -> None:
    # registry() trusts the packaged CSV (checked=True) and indexes names on first use; built
    # with every check, the same countries are accepted and every name, alias and code
    # resolves alike, whether or not the name index was built first.
    countries = parse_countries_csv(ROOT.joinpath("src/tiptiers/data/countries.csv").read_text())
    checked = Registry(countries)
    for c in countries:
        for text in (c.iso3, c.iso2, c.iso3.lower(), f" {c.iso2} ", c.name, *c.aliases):
            lazy = Registry(countries, checked=True)
            assert lazy.resolve(text) == checked.resolve(text) == c, text


@pytest.mark.parametrize(
    ("text", "expected"),
    [
        ("Congo", {"Congo, Republic of the", "Congo, Democratic Republic of the"}),
        ("congo", {"Congo, Republic of the", "Congo, Democratic Republic of the"}),
        ("Korea", {"Korea, North", "Korea, South"}),
    ],
)
def test_ambiguous_names_raise_suggesting_each_country(text: str, expected: set[str]) -> None:
    with pytest.raises(UnknownCountry) as info:
        resolve(text)
    assert set(info.value.suggestions) == expected
    assert info.value.query == text


def test_unknown_country_message() -> None:
    with pytest.raises(UnknownCountry) as info:
        resolve("Chna")
    assert str(info.value) == "Unknown country 'Chna'. Did you mean: China?"
    assert info.value.message == "Unknown country 'Chna'. Did you mean: China?"


def test_nothing_like_it() -> None:
    with pytest.raises(UnknownCountry) as info:
        resolve("Atlantis Qzx")
    assert info.value.suggestions == []
    with pytest.raises(UnknownCountry):
        resolve("")


def test_misspellings_suggest_the_country(reg: Registry) -> None:
    assert reg.suggestions("Phillipines") == ["Philippines"]
    assert reg.suggestions("Untied States") == ["United States"]
    assert reg.suggestions("Kyrgystan") == ["Kyrgyz Republic"]
    assert set(reg.suggestions("Nigera")) == {"Nigeria", "Niger"}
    assert len(reg.suggestions("Guin", n=3)) == 3
    assert reg.suggestions("Guin", n=0) == []


def test_get_is_exact(reg: Registry) -> None:
    assert reg.get("PRK").name == "Korea, North"
    with pytest.raises(UnknownCountry):
        reg.get("North Korea")
    assert "PRK" in reg and "XXX" not in reg


def test_search(reg: Registry) -> None:
    assert [c.iso3 for c in reg.search("congo")] == ["COD", "COG"]
    assert [c.iso3 for c in reg.search("guinea")] == ["GIN", "GNB", "GNQ", "PNG"]
    assert reg.search("korea")[0].iso3 in {"PRK", "KOR"}
    assert {c.iso3 for c in reg.search("korea")} == {"PRK", "KOR"}
    assert reg.search("CIV")[0].iso3 == "CIV"
    assert reg.search("united")[:3] == [reg.get("ARE"), reg.get("GBR"), reg.get("USA")]
    assert [c.iso3 for c in reg.search("chna")] == ["CHN"]
    assert len(reg.search("a", limit=5)) == 5
    assert reg.search("zzzz") == []


def test_empty_search_lists_every_country_by_name(reg: Registry) -> None:
    everything = reg.search("")
    assert len(everything) == len(reg)
    assert everything[0].name == "Afghanistan"
    assert everything[-1].name == "Zimbabwe"


def test_regions(reg: Registry) -> None:
    for c in reg:
        assert c.region in REGIONS, c.iso3
    assert sum(len(reg.by_region(code)) for code in REGIONS) == len(reg)
    expected = {
        "USA": "WHA", "CAN": "WHA", "CUW": "WHA", "ABW": "WHA", "SXM": "WHA",
        "ISR": "NEA", "IRN": "NEA", "MAR": "NEA", "YEM": "NEA", "DZA": "NEA",
        "KAZ": "SCA", "KGZ": "SCA", "IND": "SCA", "MDV": "SCA", "AFG": "SCA",
        "HKG": "EAP", "MAC": "EAP", "TWN": "EAP", "TLS": "EAP",
        "SDN": "AF", "SSD": "AF", "MRT": "AF",
        "CYP": "EUR", "TUR": "EUR", "RUS": "EUR", "XKX": "EUR",
    }  # fmt: skip
    for iso3, region in expected.items():
        assert reg.get(iso3).region == region, iso3
    assert reg.get("PRK") in reg.by_region("eap")


def test_numeric_codes(reg: Registry) -> None:
    numerics = [c.numeric for c in reg if c.numeric is not None]
    assert all(len(n) == 3 and n.isdigit() for n in numerics)
    assert len(numerics) == len(set(numerics))
    assert [c.iso3 for c in reg if c.numeric is None] == ["XKX"]
    assert reg.by_numeric("004") == reg.get("AFG")
    assert reg.by_numeric("4") == reg.get("AFG")
    assert reg.by_numeric("408") == reg.get("PRK")
    assert reg.by_numeric("999") is None


def test_cow_codes_and_kinds(reg: Registry) -> None:
    known = {
        "USA": 2, "CHN": 710, "RUS": 365, "PRK": 731, "KOR": 732, "MMR": 775, "XKX": 347,
        "SSD": 626, "TLS": 860, "TWN": 713, "MNE": 341, "SRB": 345, "CZE": 316, "SVK": 317,
        "DEU": 255, "GBR": 200, "VNM": 816, "COD": 490, "COG": 484,
    }  # fmt: skip
    for iso3, cow in known.items():
        assert reg.get(iso3).cow_code == cow, iso3
    territories = {"HKG", "MAC", "ABW", "CUW", "SXM"}
    assert {c.iso3 for c in reg if c.kind == "territory"} == territories
    assert {c.iso3 for c in reg if c.cow_code is None} == territories
    # one COW state number per government, but Serbia continues the state of Serbia and
    # Montenegro (345); they never share a year (tests/analysis/test_panel.py)
    cows = [c.cow_code for c in reg if c.cow_code is not None and c.iso3 != "SCG"]
    assert len(cows) == len(set(cows))
    assert reg.get("SCG").cow_code == reg.get("SRB").cow_code == 345
    assert reg.get("TWN").kind == reg.get("XKX").kind == "country"


def test_common_names(reg: Registry) -> None:
    assert reg.get("PRK").common_name == "North Korea"
    assert reg.get("KOR").common_name == "South Korea"
    assert reg.get("COG").common_name == "Republic of the Congo"
    assert reg.get("COD").common_name == "Democratic Republic of the Congo"
    assert reg.get("MMR").common_name == "Burma"


def test_registry_is_cached_and_read_only(reg: Registry) -> None:
    assert registry() is reg
    with pytest.raises(AttributeError):
        reg.extra = 1  # type: ignore[attr-defined]


def test_runtime_does_not_import_pycountry() -> None:
    code = (
        "import sys, tiptiers.countries as m; m.resolve('DPRK'); "
        "sys.exit('pycountry' in sys.modules)"
    )
    assert subprocess.run([sys.executable, "-c", code], check=False).returncode == 0


def test_generated_csv_is_up_to_date() -> None:
    result = subprocess.run(
        [sys.executable, str(ROOT / "scripts" / "build_countries.py"), "--check"],
        capture_output=True,
        text=True,
        check=False,
    )
    assert result.returncode == 0, result.stderr
