"""Plain-language citations of the record's sources.

Every placement carries a ``source`` string written for programs and auditors
(``andrewheiss/scorecard-diplomacy:criminalization-cho-tiers_jk_2015-08-10.dta``,
``web:ecoi.net (2019 TIP Report: Albania, USDOS narrative, document 2010750)``,
``factbook/factbook.json:world/xx.json (CIA World Factbook, world entry, commit 0a949ded)``).
:func:`cite` turns one into a :class:`Citation` a reader can follow: a title, a publisher,
a year and a link. Nothing is added that the string, ``docs/DATA.md`` or the record's
provenance does not say: a year or a link the source string does not give stays empty.

The codes stay what programs read (the ``source`` column of the JSON and CSV); pages,
explanations and the report's profiles print the citation. :func:`row_source` adds what a
reader needs to cite one placement: the report year's official page (the primary document)
and the country's narrative where its address is known, beside the compilation; how the row
was compiled and its trust level in words; and the per-row flags of :data:`PROVENANCE_FLAGS`
(tier read from the next report, year inferred, another source disagrees). Pure: no I/O.

>>> c = cite("andrewheiss/scorecard-diplomacy:tiers_2015.csv")
>>> c.publisher, c.year, c.url
('Andrew Heiss, Scorecard Diplomacy data (GitHub)', 2015, 'https://github.com/andrewheiss/scorecard-diplomacy')
>>> cite("web:ecoi.net (2019 TIP Report: Albania, USDOS narrative, document 2010750)").short()
'ecoi.net, 2019 TIP Report: Albania, U.S. Department of State narrative, document 2010750 (2019)'
"""

from __future__ import annotations

import re
from collections.abc import Mapping
from dataclasses import dataclass
from functools import lru_cache
from typing import Any, NamedTuple

from tiptiers.model import fold

__all__ = [
    "PROVENANCE_FLAGS",
    "Citation",
    "CountrySources",
    "Disagreement",
    "ReportAddress",
    "RowSource",
    "cite",
    "row_source",
]


@dataclass(frozen=True)
class Citation:
    """A source as a reader cites it; ``code`` is the record's own string."""

    code: str
    title: str
    publisher: str
    year: int | None = None
    url: str = ""

    def short(self) -> str:
        """One line for a sentence: publisher, title and year."""
        year = f" ({self.year})" if self.year else ""
        return f"{self.publisher}, {self.title}{year}"

    def to_dict(self) -> dict[str, object]:
        return {
            "code": self.code,
            "title": self.title,
            "publisher": self.publisher,
            "year": self.year,
            "url": self.url,
        }


# The repositories of docs/DATA.md ("Sources used in the main file"), by repository and file.
_SCORECARD = "Andrew Heiss, Scorecard Diplomacy data (GitHub)"
_REPOSITORIES: dict[str, tuple[str, str]] = {
    "andrewheiss/scorecard-diplomacy": (
        _SCORECARD,
        "https://github.com/andrewheiss/scorecard-diplomacy",
    ),
    "benjaminleroy/sure2018": (
        "Benjamin LeRoy, CMU SURE 2018 student project (GitHub)",
        "https://github.com/benjaminleroy/sure2018",
    ),
    "factbook/factbook.json": (
        "CIA, The World Factbook (factbook.json archive, GitHub)",
        "https://github.com/factbook/factbook.json",
    ),
}
_FILES: dict[str, tuple[str, int | None]] = {
    "criminalization-cho-tiers_jk_2015-08-10.dta": (
        "Judith Kelley's merged tier file behind the book Scorecard Diplomacy",
        2015,
    ),
    "kelley_simmons_ajps_2014_replication.dta": (
        "Kelley and Simmons, replication data of their 2014 AJPS article",
        2014,
    ),
    "tiers_2015.csv": ("Tier placements of the 2015 report", 2015),
    "country_summary_data.csv": ("Country summary data (tiers of the 2016 and 2017 reports)", 2018),
}
_SITES = {
    "state.gov": "U.S. Department of State",
    "usembassy.gov": "U.S. Embassy",
}
_USDOS = re.compile(r"\bUSDOS\b")
_DATE = re.compile(r"\b((?:19|20)\d\d)-\d\d-\d\d\b")
_YEAR = re.compile(r"\b(20[0-3]\d)\b")
_ECOI_DOC = re.compile(r"document (\d{5,8})\b")
#: The label of a published reporting cycle's placements (tiptiers.queries.layers).
_CYCLE = re.compile(r"^cycle (\d+): (.+) \((\d{4})\)$")


def _year(text: str) -> int | None:
    """The first full date's year in ``text``, else its first year (a report's or a page's)."""
    m = _DATE.search(text) or _YEAR.search(text)
    return int(m.group(1)) if m else None


def _parenthesis(text: str) -> tuple[str, str]:
    """``head (inside) ...`` as (head, inside); no parenthesis: (text, "")."""
    i = text.find(" (")
    if i < 0:
        return text.strip(), ""
    depth, j = 0, i + 1
    for j in range(i + 1, len(text)):
        depth += {"(": 1, ")": -1}.get(text[j], 0)
        if depth == 0:
            break
    return text[:i].strip(), text[i + 2 : j].strip()


def _plain(text: str) -> str:
    return _USDOS.sub("U.S. Department of State", text).strip().rstrip(".;")


def _site_name(domain: str) -> str:
    for suffix, name in _SITES.items():
        if domain == suffix or domain.endswith("." + suffix):
            return name if domain == suffix or suffix != "usembassy.gov" else f"{name} ({domain})"
    return domain


@lru_cache(maxsize=4096)
def cite(code: str) -> Citation:
    """The citation of one ``source`` string of the record (the first source where it
    names several)."""
    text = code.split(" | ")[0].strip()
    if not text:
        return Citation(code, "no source given", "the record")
    if text.startswith("web:"):
        return _web(code, text[4:])
    if text.startswith("github:"):
        return _github(code, text[7:])
    cycle = _CYCLE.match(text)
    if cycle:  # a team's shadow placements, never a repository of the record
        number, name, year = cycle.groups()
        return Citation(code, name, f"tiptiers reporting cycle {number}", int(year))
    return _repository(code, text)


def _web(code: str, text: str) -> Citation:
    head, inside = _parenthesis(text)
    address = head.split()[0] if head else ""
    domain, _, path = address.partition("/")
    url = f"https://{domain}/{path}" if path and "." in domain else ""
    doc = _ECOI_DOC.search(inside)
    if not url and domain == "ecoi.net" and doc:
        url = f"https://www.ecoi.net/en/document/{doc.group(1)}.html"
    title = _plain(inside) if inside else "web page"
    title = title.strip('"').replace('", "', ": ")
    title = title[:1].upper() + title[1:]
    return Citation(code, title, _site_name(domain) or "web page", _year(inside), url)


def _github(code: str, text: str) -> Citation:
    head, inside = _parenthesis(text)
    repo, _, rest = head.partition(":")
    path, _, commit = rest.partition("@")
    url = f"https://github.com/{repo}"
    if path:
        url += f"/blob/{commit or 'HEAD'}/{path}"
    title = _plain(inside.split(";")[0]) if inside else path or repo
    return Citation(code, title, f"{repo} (GitHub)", _year(inside), url)


def _repository(code: str, text: str) -> Citation:
    head = _parenthesis(text)[0]
    repo, _, path = head.partition(":")
    publisher, url = _REPOSITORIES.get(repo, (f"{repo} (GitHub)", f"https://github.com/{repo}"))
    file = path.split("@")[0].rsplit("/", 1)[-1]
    if repo == "factbook/factbook.json":
        entry = "world entry" if file == "xx.json" else "country entry"
        title = f"The World Factbook, {entry} (trafficking in persons)"
        return Citation(code, title, publisher, None, url)
    title, year = _FILES.get(file, (file or repo, None))
    return Citation(code, title, publisher, year, url)


# -- what a reader can cite for one placement (issue 23, item 1; issue 24, per-row flags) ----
class ReportAddress(NamedTuple):
    """The official address of a report year on a State Department site (report_urls.csv).

    ``status``: ``seen_as_result`` (a stored page's own address), ``printed_in_page``
    (printed in a page or a repository file) or ``pattern_only`` (inferred from the
    archive's address scheme, never seen: linked with that caveat)."""

    year: int
    url: str
    status: str
    narratives: tuple[str, ...] = ()  # confirmed addresses of country narratives


class Disagreement(NamedTuple):
    """Another source gives this country-year a different tier (PROVENANCE.md's
    disagreements; disagreements.csv). The record keeps ``record_tier``."""

    iso3: str
    year: int
    record_tier: str
    other_tier: str
    other_source: str
    note: str


#: The per-row provenance flags a researcher filters on: their names in the API's JSON and
#: the panel (docs/DATA.md).
PROVENANCE_FLAGS: tuple[str, ...] = ("tier_from_next_report", "year_inferred", "source_disagrees")

_NEXT_REPORT = re.compile(r"read from the next report|tier read from the next", re.I)
_NAMED_REPORT = re.compile(
    r"(?<!or )\b(20[0-3]\d)\s+(?:TIP Report|Trafficking in Persons Report|TIP report|report)",
    re.I,
)
_INFERRED = re.compile(
    r"year inferred|matched (?:to|by) [^;)]*?(?:elimination|report)|year not printed"
    r"|taken as 20\d\d",
    re.I,
)
_STATE_PAGE = re.compile(r"(?:https?://)?((?:www\.)?state\.gov/reports/[^\s)\"';,]+)")


def tier_from_next_report(source: str, year: int) -> bool:
    """True where the row's tier was read from a later report ("remained on Tier 2" in the
    next year's narrative) or later news about it: the source says so, or the report it
    names first is a later one."""
    if _NEXT_REPORT.search(source):
        return True
    m = _NAMED_REPORT.search(source)
    return m is not None and int(m.group(1)) > year


def year_inferred(source: str) -> bool:
    """True where the source does not print the report year and it was inferred (from a
    document number, the data year a narrative reports, or by elimination)."""
    return bool(_INFERRED.search(source))


#: The trust level of each kind of source, in words (first match wins; docs/DATA.md).
_TRUST: tuple[tuple[str, str, str], ...] = (
    (
        "angeluslowcost",
        "low",
        "an unofficial mirror of the State Department's narrative",
    ),
    ("wiki", "low", "a Wikipedia-derived summary"),
    (
        "teomotun/",
        "high",
        "a transcription of the whole report, country section by country section",
    ),
    (
        "state.gov",
        "high",
        "the State Department's own country narrative or page",
    ),
    ("usembassy.gov", "high", "a U.S. embassy's copy of the State Department's text"),
    ("ecoi.net", "high", "a copy of the State Department's country narrative (ecoi.net)"),
    ("refworld", "high", "a copy of the State Department's country narrative (Refworld)"),
    ("unhcr", "high", "a copy of the State Department's country narrative (UNHCR archive)"),
    (
        "andrewheiss/scorecard-diplomacy",
        "high",
        "an academic dataset coded from the reports (Kelley; Kelley and Simmons)",
    ),
    (
        "factbook/",
        "high",
        "the CIA World Factbook's lists of the report's Watch List and Tier 3 countries",
    ),
    (
        "HAWKEYE",
        "medium-high",
        "a third party's transcription of the whole tier list, checked only in part",
    ),
    ("discerning-islam", "medium-high", "a web page giving the report's full tier lists"),
    ("gvnet.com", "medium-high", "a web page adapted from the report's tier lists"),
    (
        "benjaminleroy/sure2018",
        "medium",
        "a student project's tier file, which agrees with the academic file 2,054 of 2,067"
        " times",
    ),
    ("knowyourcountry", "medium", "a web list whose report year is not printed"),
)
_TRUST_DEFAULT = ("medium", "news or a government page naming the tier in a named report")
_TRUST_LOWER = {"high": "medium-high", "medium-high": "medium", "medium": "low", "low": "low"}


def trust_of(source: str) -> tuple[str, str]:
    """(level, what the source is): the level is high, medium-high, medium or low."""
    low = source.lower()
    for key, level, what in _TRUST:
        if key.lower() in low:
            return level, what
    return _TRUST_DEFAULT


def _slug(name: str) -> str:
    return "-".join(fold(name).split())


@dataclass(frozen=True)
class RowSource:
    """Where one placement comes from, for a reader who wants to cite it: the report (the
    primary document) and, where its address is known, the country's narrative, beside the
    compilation the row was taken from; how the row was compiled and how far to trust it,
    in words; and the flags a researcher filters on."""

    iso3: str
    year: int
    tier: str
    compiled_from: Citation
    report_url: str
    report_url_status: str  # seen_as_result, printed_in_page, pattern_only, or '' (none)
    narrative_url: str
    how: str
    trust: str  # high, medium-high, medium, low
    trust_words: str
    tier_from_next_report: bool
    year_inferred: bool
    disagreement: Disagreement | None

    @property
    def source_disagrees(self) -> bool:
        return self.disagreement is not None

    @property
    def report_title(self) -> str:
        return f"Trafficking in Persons Report {self.year} (U.S. Department of State)"

    @property
    def report_caveat(self) -> str:
        """'' or why the report's address may not open (never seen, may have moved)."""
        if self.report_url_status == "pattern_only":
            return "address inferred from the State Department's archive scheme, not seen"
        return ""

    def to_dict(self) -> dict[str, Any]:
        d = self.disagreement
        return {
            "iso3": self.iso3,
            "year": self.year,
            "tier": self.tier,
            "report": {
                "title": self.report_title,
                "url": self.report_url or None,
                "url_status": self.report_url_status or None,
                "caveat": self.report_caveat or None,
            },
            "narrative_url": self.narrative_url or None,
            "compiled_from": self.compiled_from.to_dict(),
            "how": self.how,
            "trust": self.trust,
            "trust_words": self.trust_words,
            "tier_from_next_report": self.tier_from_next_report,
            "year_inferred": self.year_inferred,
            "source_disagrees": self.source_disagrees,
            "disagreement": d._asdict() if d is not None else None,
        }


#: The CSV columns of :meth:`RowSource.to_rows`.
ROW_SOURCE_COLUMNS: tuple[str, ...] = (
    "iso3",
    "year",
    "tier",
    "report_url",
    "report_url_status",
    "narrative_url",
    "compiled_from",
    "compiled_from_url",
    "how",
    "trust",
    *PROVENANCE_FLAGS,
    "other_source",
    "other_tier",
)


def row_source(
    iso3: str,
    name: str,
    year: int,
    tier: str,
    source: str,
    addresses: Mapping[int, ReportAddress],
    disagreements: Mapping[tuple[str, int], Disagreement],
) -> RowSource:
    """The citation of one placement (see :class:`RowSource`); pure."""
    compiled = cite(source)
    nxt = tier_from_next_report(source, year)
    inferred = year_inferred(source)
    d = disagreements.get((iso3, year))
    level, what = trust_of(source)
    if inferred:
        level = _TRUST_LOWER[level]
    addr = addresses.get(year)
    narrative = ""
    m = _STATE_PAGE.search(source)
    if m:
        narrative = "https://" + m.group(1)
    elif compiled.url and any(
        h in compiled.url for h in ("state.gov/", "usembassy.gov/")
    ):
        narrative = compiled.url
    elif addr is not None:
        slug = f"/{_slug(name)}"
        narrative = next((u for u in addr.narratives if u.rstrip("/").endswith(slug)), "")
    how = [f"Taken from {compiled.short()}."]
    if nxt:
        how.append(
            f"The {year} tier was read from a later report or later news (for example a"
            " narrative saying the country 'remained on' its tier), not from the"
            f" {year} report itself."
        )
    if inferred:
        how.append(
            "The source does not print the report year; it was inferred (the source text"
            " says how), so the row is trusted one step less."
        )
    if d is not None:
        other = d.other_tier.replace("special_case", "Special Case")
        how.append(f"Another source, {d.other_source}, gives {other}: {d.note}.")
    url = addr.url if addr is not None else ""
    if url and not url.startswith("http"):
        url = "https://" + url
    return RowSource(
        iso3,
        year,
        tier,
        compiled,
        url,
        addr.status if addr is not None and url else "",
        narrative,
        " ".join(how),
        level,
        f"{level} trust: {what}" + (", report year inferred" if inferred else ""),
        nxt,
        inferred,
        d,
    )


@dataclass(frozen=True)
class CountrySources:
    """Every placement of one country with what a reader can cite for it
    (``tiptiers.sources(country)``, ``/api/v1/countries/X/sources``)."""

    iso3: str
    name: str
    rows: tuple[RowSource, ...]

    def to_dict(self) -> dict[str, Any]:
        return {
            "iso3": self.iso3,
            "name": self.name,
            "flags": list(PROVENANCE_FLAGS),
            "placements": [r.to_dict() for r in self.rows],
        }

    def to_rows(self) -> list[dict[str, Any]]:
        """One CSV row per placement, in :data:`ROW_SOURCE_COLUMNS`."""
        return [
            {
                "iso3": r.iso3,
                "year": r.year,
                "tier": r.tier,
                "report_url": r.report_url,
                "report_url_status": r.report_url_status,
                "narrative_url": r.narrative_url,
                "compiled_from": r.compiled_from.short(),
                "compiled_from_url": r.compiled_from.url,
                "how": r.how,
                "trust": r.trust,
                "tier_from_next_report": r.tier_from_next_report,
                "year_inferred": r.year_inferred,
                "source_disagrees": r.source_disagrees,
                "other_source": r.disagreement.other_source if r.disagreement else "",
                "other_tier": r.disagreement.other_tier if r.disagreement else "",
            }
            for r in self.rows
        ]
