"""The annual report (tiptiers.report.document): its HTML is valid, complete and
deterministic; its PDF opens, has page numbers and the expected text; the first PDF pages
are rendered to PNG under test-output/report/ for a person to look at."""

from __future__ import annotations

import re
import shutil
import subprocess
from collections import Counter
from html.parser import HTMLParser
from pathlib import Path

import pytest

from tiptiers.countries import Registry
from tiptiers.law.explain import explain
from tiptiers.model import Change, Record, Tier
from tiptiers.report.document import (
    ReportContent,
    build_report_html,
    change_reason,
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
    assert china.reason.startswith("Discretionary downgrade")
    assert china.citation == "22 U.S.C. 7107(b)(1)(C)"
    assert all(r.reason and r.citation for r in content.changes["upgrade"])


def test_an_automatic_downgrade_is_named_as_such(record: Record) -> None:
    d = explain(record, "CHN", 2013, "China")
    reason, cite = change_reason(d, Change("CHN", 2013, 2012, Tier.T2WL, Tier.T3, "downgrade"))
    assert reason.startswith("Automatic downgrade: before this report it was on the Watch List")
    assert cite == "22 U.S.C. 7107(b)(2)(D)(i)"


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
    assert "V2008 (in force)" in html
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
    first = reader.pages[0].extract_text()
    assert "Trafficking in Persons Report" in first and str(YEAR) in first
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
