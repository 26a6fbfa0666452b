"""The annual report (tiptiers.report.document): its HTML is valid, complete and
deterministic; its PDF opens, has page numbers and the expected text; the first PDF pages
are rendered to PNG under test-output/report/ for a person to look at."""

from __future__ import annotations

import re
import shutil
import subprocess
from collections import Counter
from collections.abc import Iterator
from html.parser import HTMLParser
from pathlib import Path
from typing import Any

import pytest

from tiptiers.countries import Registry
from tiptiers.model import Record
from tiptiers.report.document import (
    ReportContent,
    build_report_html,
    gather,
    render_html,
)

from .conftest import PROFILES, YEAR

VOID = {"area", "base", "br", "col", "embed", "hr", "img", "input", "link", "meta", "source", "wbr"}


class _Checker(HTMLParser):
    """Well-formedness as far as a report needs it: every element closed in order, ids
    unique, every internal link pointing at an id, nothing loaded from outside."""

    def __init__(self) -> None:
        super().__init__(convert_charrefs=True)
        self.stack: list[str] = []
        self.problems: list[str] = []
        self.ids: Counter[str] = Counter()
        self.links: list[str] = []
        self.placed: list[tuple[str, str]] = []
        self.in_svg = 0

    def handle_starttag(self, tag: str, attrs: list[tuple[str, str | None]]) -> None:
        a = dict(attrs)
        if a.get("id"):
            self.ids[a["id"] or ""] += 1
        href = a.get("href") or ""
        if href.startswith("#"):
            self.links.append(href[1:])
        for key in ("src", "href"):
            if key == "href" and tag == "a":
                continue  # a citation's link is followed by the reader, not loaded
            value = a.get(key) or ""
            if re.match(r"(https?:)?//", value):
                self.problems.append(f"external resource: {value}")
        if tag == "link":
            self.problems.append("a <link> element")
        if tag == "li" and "placed" in (a.get("class") or "").split():
            self.placed.append((a.get("data-iso3") or "", a.get("data-tier") or ""))
        if tag in VOID:
            return
        self.stack.append(tag)

    def handle_startendtag(self, tag: str, attrs: list[tuple[str, str | None]]) -> None:
        a = dict(attrs)
        if a.get("id"):
            self.ids[a["id"] or ""] += 1

    def handle_endtag(self, tag: str) -> None:
        if tag in VOID:
            return
        if not self.stack or self.stack[-1] != tag:
            self.problems.append(f"</{tag}> closes <{self.stack[-1] if self.stack else None}>")
            return
        self.stack.pop()


def _check(html: str) -> _Checker:
    checker = _Checker()
    checker.feed(html)
    checker.close()
    return checker


def test_html_is_well_formed_and_self_contained(html: str) -> None:
    c = _check(html)
    assert html.startswith("<!DOCTYPE html>")
    assert c.problems == []
    assert c.stack == []
    assert [i for i, n in c.ids.items() if n > 1] == []
    assert sorted(set(c.links) - set(c.ids)) == []
    assert "<style>" in html and "<svg" in html  # the styles and images are inline


def test_every_placed_country_appears_exactly_once_in_the_tier_lists(
    html: str, record: Record
) -> None:
    placed = _check(html).placed
    expected = {(p.iso3, p.tier.value) for p in record.year(YEAR)}
    assert len(placed) == len(expected) == len(record.year(YEAR))
    assert set(placed) == expected


def test_tier_lists_are_alphabetical_with_counts(content: ReportContent) -> None:
    from tiptiers.countries import name_key

    for tier, countries in content.by_tier:
        names = [name_key(c.name) for c in countries]
        assert names == sorted(names), tier
    assert content.counts == {
        t.value: n for t, n in {t: len(cs) for t, cs in content.by_tier}.items()
    }


def test_the_partial_year_caveat_is_shown(html: str, record: Record) -> None:
    from markupsafe import escape

    caveat = str(escape(record.coverage[YEAR].caveat()))
    assert caveat and html.count(caveat) >= 3  # cover, tier lists, changes


def test_regenerating_gives_byte_identical_html(html: str, record: Record, reg: Registry) -> None:
    again = render_html(gather(record, reg, YEAR, list(PROFILES)), "screen")
    assert again == html


def test_contents_sections_and_profiles(html: str) -> None:
    for anchor in (
        "cover",
        "contents",
        "placements",
        "map",
        "regions",
        "changes",
        "clock",
        "sanctions",
        "profiles",
        "methodology",
        "coverage",
        "notes",
    ):
        assert f'id="{anchor}"' in html, anchor
    for iso3 in PROFILES:
        assert html.count(f'id="country-{iso3}"') == 1
    assert html.count('class="profile"') == len(PROFILES)


def test_changes_carry_the_law_engines_reason(content: ReportContent) -> None:
    downgrades = {r.country.iso3: r for r in content.changes["downgrade"]}
    china = downgrades["CHN"]  # Watch List 2014-2016, Tier 3 in 2017 with a waiver left
    assert china.reason.startswith("Not forced by the clock")
    assert china.citation == "22 U.S.C. 7107(b)(1)(C); 22 U.S.C. 7107(b)(2)(D)(i)"
    assert all(r.reason and r.citation for r in content.changes["upgrade"])


def test_clock_for_the_next_report_and_tier3_consequences(
    content: ReportContent, html: str
) -> None:
    assert content.clock_year == YEAR + 1
    must_go = {e["iso3"] for e in content.clock["downgrade_mandatory"]}
    assert {"ATG", "BOL", "LAO", "PAK"} <= must_go
    assert "waiver_needed" in content.clock
    tier3 = {s.iso3 for s in content.sanctions}
    assert tier3 == {p.iso3 for p in content.by_tier[3][1]}
    assert content.sanctions_common.applies
    assert "22 U.S.C. 7107(d)(4)" in html and "latest presidential determination" in html


def test_an_early_report_says_why_no_clock_and_no_determination(
    record: Record, reg: Registry
) -> None:
    """2002: no special watch list yet, and Tier 3 before 7107(c) applied; the sentences
    speak of the year, not of its first Tier 3 government."""
    early = gather(record, reg, 2002, [])
    assert early.clock == {} and "begins with the 2004 report" in early.clock_empty
    assert early.sanctions_summary.startswith("The record lists 19 governments on Tier 3")
    page = render_html(early, "screen")
    assert early.clock_empty in page and early.sanctions_summary in page


def test_methodology_is_generated_from_the_law(content: ReportContent, html: str) -> None:
    m = content.methodology
    assert m["version"].id == "V2008"
    assert [e["id"] for e in m["exceptions"]] == [
        "watch_list",
        "automatic_downgrade",
        "waiver",
        "relisting_cap",
    ]
    waiver = next(p for p in m["parameters"] if p["name"] == "max waiver years")
    assert waiver["value"] == "2"
    assert "William Wilberforce TVPRA 2008, Pub. L. 110-457 (in force)" in html
    assert "22 U.S.C. 7106(b)(12)" in html  # criteria of the 2005 law apply in 2017


def test_build_report_html_resolves_names_and_rejects_unknown_ones(record: Record) -> None:
    from tiptiers.errors import UnknownCountry, YearNotInRecord

    with pytest.raises(UnknownCountry):
        build_report_html(YEAR, ["Chna"], record=record)
    with pytest.raises(YearNotInRecord):
        build_report_html(1999, record=record)


def test_pdf_opens_with_page_numbers_and_the_expected_text(pdf: bytes, output_dir: Path) -> None:
    import io

    from pypdf import PdfReader

    reader = PdfReader(io.BytesIO(pdf))
    n = len(reader.pages)
    assert 15 <= n <= 45, n
    first = " ".join(reader.pages[0].extract_text().split())  # lines wrap on the cover
    # the cover is unmistakably a tiptiers document about the report, not the report itself
    assert f"tiptiers: the {YEAR} Trafficking in Persons Report in data" in first, first
    assert "NOT A PUBLICATION OF THE U.S. DEPARTMENT OF STATE" in first.upper()
    text = "\n".join(page.extract_text() for page in reader.pages)
    assert f"Page 2 of {n}" in text
    for needle in (
        "Tier placements",
        "Changes since 2016",
        "Watch List clock",
        "China",
        "Appendix A",
        "22 U.S.C. 7107(b)(2)(D)(i)",
        "Burma",
    ):
        assert needle in text, needle
    (output_dir / f"report-{YEAR}-small.pdf").write_bytes(pdf)


@pytest.mark.skipif(shutil.which("pdftoppm") is None, reason="poppler-utils not installed")
def test_first_pdf_pages_as_png_for_a_person_to_look_at(pdf: bytes, output_dir: Path) -> None:
    src = output_dir / f"report-{YEAR}-small.pdf"
    src.write_bytes(pdf)
    for old in output_dir.glob(f"report-{YEAR}-page-*.png"):
        old.unlink()
    subprocess.run(
        [
            "pdftoppm",
            "-png",
            "-r",
            "60",
            "-f",
            "1",
            "-l",
            "6",
            str(src),
            str(output_dir / f"report-{YEAR}-page"),
        ],
        check=True,
    )
    pages = sorted(output_dir.glob(f"report-{YEAR}-page-*.png"))
    assert len(pages) == 6
    assert all(p.read_bytes()[:4] == b"\x89PNG" for p in pages)


# -- audit of the 2017 report ------------------------------------------------------------
def test_flags_read_as_plain_english_with_the_cores_labels(
    content: ReportContent, html: str
) -> None:
    from tiptiers.law.decision import FINDINGS, Flag
    from tiptiers.report.document import flag_text

    upgrades = {r.country.iso3: r for r in content.changes["upgrade"]}
    for iso3 in ("SLB", "LKA"):  # Solomon Islands, Sri Lanka: off the Watch List past the clock
        (flag,) = upgrades[iso3].flags
        assert flag.startswith(FINDINGS["CLOCK_EXIT_UPGRADE"] + ". Placed on Tier 2"), flag
    for code in FINDINGS:  # internal codes never reach the reader
        assert code not in html, code
    # an ambiguity is its title: the code (E4) is for programs, in the JSON
    e4 = Flag("E4", "State's reading is followed.")
    assert flag_text(e4) == f"{e4.title}. State's reading is followed."


INTERNAL = re.compile(
    r"UNVERIFIED|\bE\d{1,2}\b|the engine|\bV20\d\d\b|factbook/|scorecard-diplomacy|sure2018|web:|github:"
)


def test_readers_see_plain_citations_and_no_internal_words(html: str) -> None:
    """The profiles and appendices cite sources by title, publisher and year, and say no
    code a reader cannot look up (flag ids, statute version ids, source codes)."""
    text = re.sub(r"<(style|script)\b.*?</\1>|<svg\b.*?</svg>", "", html, flags=re.S)
    text = re.sub(r"<[^>]+>", " ", text)
    found = sorted({m.group(0) for m in INTERNAL.finditer(text)})
    assert found == [], found
    assert "Benjamin LeRoy, CMU SURE 2018 student project (GitHub)" in text


def test_region_table_shows_the_change_from_the_previous_report(
    content: ReportContent, record: Record, reg: Registry, html: str
) -> None:
    from tiptiers.analysis.regions import regions
    from tiptiers.model import TIERS

    table = regions(record, reg, YEAR)
    rows = {r["code"]: r for r in content.regions}
    assert list(rows) == [r.code for r in table.rows] + ["ALL"]
    for core in (*table.rows, table.total):
        deltas = [core.delta(t) for t in TIERS]
        assert rows[core.code]["deltas"] == [f"{d:+d}" if d else "" for d in deltas]
        assert rows[core.code]["counts"] == [core.counts[t] for t in TIERS]
    africa = rows["AF"]  # as `tiptiers regions 2017` prints it: Watch List "19 (+2)"
    assert (africa["counts"][2], africa["deltas"][2]) == (19, "+2")
    assert '19 <span class="delta">(+2)</span>' in html
    assert "with the change from the 2016 report in brackets" in html


def test_dated_parameters_print_whatever_their_shape() -> None:
    from tiptiers.report.document import _param_value

    assert _param_value((6, 30), "report_due") == "June 30"
    assert _param_value((45, 90), "determination_window_days") == "45–90"  # not "month 45"
    assert _param_value(None, "x") == "not in force"


def _flow(box: Any, tags: tuple[str, ...] = ()) -> Iterator[tuple[str, tuple[str, ...]]]:
    """(text, enclosing element tags) of each text box of a page's main flow, in order:
    running heads, page numbers and footnotes left out."""
    from weasyprint.formatting_structure import boxes  # type: ignore[import-untyped]

    if isinstance(box, boxes.MarginBox | boxes.FootnoteAreaBox):
        return
    tag = getattr(box, "element_tag", None)
    here = (*tags, tag) if tag else tags
    if isinstance(box, boxes.TextBox):
        if box.text.strip():
            yield box.text, here
        return
    for child in getattr(box, "children", ()):
        yield from _flow(child, here)


HEADINGS = {"h1", "h2", "h3", "h4"}


def test_no_heading_is_left_at_the_foot_of_a_pdf_page(layout: Any) -> None:
    """After the last heading of a page comes content of its own: a line of a list or a
    paragraph, or a body row of a table (a table's header row alone does not count)."""
    orphans = []
    for n, page in enumerate(layout.pages, 1):
        flow = list(_flow(page._page_box))
        marks = [i for i, (_, tags) in enumerate(flow) if HEADINGS & set(tags)]
        if not marks:
            continue
        after = flow[marks[-1] + 1 :]
        if not any(not (HEADINGS | {"thead"}) & set(tags) for _, tags in after):
            orphans.append((n, flow[marks[-1]][0]))
    assert orphans == []


def test_a_tier_list_stays_on_the_page_of_its_heading(content: ReportContent, pdf: bytes) -> None:
    import io

    from pypdf import PdfReader

    pages = [p.extract_text() for p in PdfReader(io.BytesIO(pdf)).pages]
    for tier, countries in content.by_tier:
        if not countries:
            continue
        heading = f"{tier.label} ({len(countries)})"
        (page,) = [t for t in pages if heading in t and "Tier placements" in t]
        assert countries[0].name in page and countries[-1].name in page, heading


def test_the_index_of_profiles_gives_each_profiles_page(pdf: bytes) -> None:
    import io

    from pypdf import PdfReader

    pages = [p.extract_text() for p in PdfReader(io.BytesIO(pdf)).pages]
    first_line = {}
    for n, text in enumerate(pages, 1):
        first_line.setdefault(text.split("\n", 1)[0].strip(), n)
    (index,) = [t for t in pages if "One page per country" in t]
    entries = dict(re.findall(r"(\S[^\n]*?)\s*\.{3,}\s*(\d+)", index))  # name ..... page
    assert set(entries) == {"Burma", "China", "United States"}, entries
    assert {name: int(n) for name, n in entries.items()} == {
        name: first_line[name] for name in entries
    }
