"""Plain-language citations of the record's sources.

Every placement carries a ``source`` string written for programs and auditors
(``andrewheiss/scorecard-diplomacy:criminalization-cho-tiers_jk_2015-08-10.dta``,
``web:ecoi.net (2019 TIP Report: Albania, USDOS narrative, document 2010750)``,
``factbook/factbook.json:world/xx.json (CIA World Factbook, world entry, commit 0a949ded)``).
:func:`cite` turns one into a :class:`Citation` a reader can follow: a title, a publisher,
a year and a link. Nothing is added that the string, ``docs/DATA.md`` or the record's
provenance does not say: a year or a link the source string does not give stays empty.

The codes stay what programs read (the ``source`` column of the JSON and CSV); pages,
explanations and the report's profiles print the citation. Pure: no I/O.

>>> c = cite("andrewheiss/scorecard-diplomacy:tiers_2015.csv")
>>> c.publisher, c.year, c.url
('Andrew Heiss, Scorecard Diplomacy data (GitHub)', 2015, 'https://github.com/andrewheiss/scorecard-diplomacy')
>>> cite("web:ecoi.net (2019 TIP Report: Albania, USDOS narrative, document 2010750)").short()
'ecoi.net, 2019 TIP Report: Albania, U.S. Department of State narrative, document 2010750 (2019)'
"""

from __future__ import annotations

import re
from dataclasses import dataclass
from functools import lru_cache

__all__ = ["Citation", "cite"]


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
