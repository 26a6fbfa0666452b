"""Read a Presidential Determination under 22 U.S.C. 7107(d) (TVPA section 110(d); docs/LAW.md
§5) as the Federal Register or the White House prints it, into rows of the determinations
record.

Pure: the text and a name resolver in, a :class:`ParsedDetermination` out; the CLI reads the
file and writes the rows. Each paragraph of the document is classified by the section it
acts under: (d)(1)(A)(i) withholding (``d1``), (d)(1)(A)(ii) withholding with exchange
funding (``d2``), the (d)(1)(B) instruction to vote against loans (``other``), a (d)(4) waiver
of all programs (``d4``) or of part of them (``d3``: exchange funding, (d)(1)(B) only, or
named programs), and the separate paragraph for governments not treated as countries under
the Act (``other``). A text that stops early (an excerpt) is parsed as far as it goes, and
the result says where it stops.
"""

from __future__ import annotations

import re
from collections.abc import Callable
from dataclasses import dataclass, field

from tiptiers.documents import PresidentialDetermination
from tiptiers.errors import BadInput

_MONTHS = {
    m: i
    for i, m in enumerate(
        (
            "january",
            "february",
            "march",
            "april",
            "may",
            "june",
            "july",
            "august",
            "september",
            "october",
            "november",
            "december",
        ),
        start=1,
    )
}
_PARAGRAPH = re.compile(
    r"(?=(?:As provided (?:for )?in|Consistent with) section 110\(d\)"
    r"|Make the determination provided in section 110\(d\)"
    r"|Determine, consistent with section 110\(d\)"
    r"|In addition, with respect to)"
)
_PD_NUMBER = re.compile(r"Presidential\s+Determination\s+No\.?\s*(\d{4})\s*[-–—]\s*(\d+)", re.I)
_DATE = re.compile(
    r"\b(January|February|March|April|May|June|July|August|September|October|"
    r"November|December)\s+(\d{1,2}),\s+(\d{4})"
)
_URL_DATE = re.compile(r"/(\d{4})/(\d{2})/(\d{2})/")
_FISCAL_YEAR = re.compile(r"\b(?:Fiscal Year \(FY\)|FY|Fiscal Year)\s*(\d{4})", re.I)
_END = re.compile(r"\[\.\.\. ?excerpt ends\]|\[\.\.\.\]", re.I)
MDB_DETAIL = (
    "110(d)(1)(B): US Executive Directors at MDBs and IMF to vote against loans (except"
    " humanitarian, trade-related, basic-needs aid not run by the government)"
)


@dataclass(frozen=True)
class ParsedDetermination:
    """What a determination text holds: its number, date and fiscal year, the rows, where
    the text stops (``''`` for a whole text) and the names it could not resolve."""

    pd_number: str
    pd_date: str
    fiscal_year: int
    rows: tuple[PresidentialDetermination, ...]
    complete: bool
    stops_at: str = ""
    unresolved: tuple[str, ...] = field(default=())

    @property
    def report_year(self) -> int:
        return self.fiscal_year - 1


def _clean(text: str) -> str:
    text = text.replace("’", "'").replace("‘", "'").replace("“", '"').replace("”", '"')
    text = text.replace("*", "").replace("\u00a0", " ")
    text = re.sub(r"-\s*\n\s*", "-", text)
    return " ".join(text.split())


def _split_names(text: str) -> list[str]:
    """'A, B (X, Y), and the C' -> ['A', 'B (X, Y)', 'C'] (commas in brackets kept)."""
    parts, depth, cur = [], 0, ""
    for ch in text:
        depth += ch == "("
        depth -= ch == ")"
        if ch == "," and depth == 0:
            parts.append(cur)
            cur = ""
        else:
            cur += ch
    parts.append(cur)
    out = []
    for p in parts:
        for q in re.split(r"\s+and\s+(?![^(]*\))", p.strip()):
            q = re.sub(
                r"^(?:and\s+)?(?:the\s+)?(?:governments?\s+of\s+)?(?:the\s+)?",
                "",
                q.strip(),
                flags=re.I,
            )
            q = q.strip(" ;:.")
            if q:
                out.append(q)
    return out


def _names_after(para: str, start: str, stop: str) -> list[str]:
    m = re.search(start + r"(.*?)" + stop, para, re.I | re.S)
    return _split_names(m.group(1)) if m else []


def _classify(para: str) -> list[tuple[str, str, list[str]]]:
    """(code, detail, names) for one paragraph of the document."""
    fy = r"\s+(?:for|during)\s+(?:Fiscal Year|FY)"
    if para.startswith("In addition"):
        names = _names_after(para, r"with respect to (?:the )?Governments? of ", r",\s*consistent")
        return [
            (
                "other",
                'separate "In addition" paragraph (not treated as a country under the Act):'
                " no nonhumanitarian, nontrade-related assistance as described in 110(d)(1)(A) and"
                " MDB/IMF vote-against as in 110(d)(1)(B); exchange-program funding still permitted",
                names,
            )
        ]
    if re.match(r"(?:As provided (?:for )?in) section 110\(d\)\(1\)\(A\)\(i\)\s", para):
        return [("d1", "", _names_after(para, r"assistance to (?:the )?governments? of ", fy))]
    if re.match(r"(?:As provided (?:for )?in) section 110\(d\)\(1\)\(A\)\(ii\)", para):
        return [("d2", "", _names_after(para, r"employees of,? (?:the )?governments? of ", fy))]
    if re.match(r"(?:As provided (?:for )?in) section 110\(d\)\(1\)\(B\)", para):
        return [
            ("other", MDB_DETAIL, _names_after(para, r"\)\s*for (?:the )?governments? of ", fy))
        ]
    old = re.match(r"Make the determination provided in section 110\(d\)\(1\)\(A\)\((i|ii)\)", para)
    if old:
        code = "d1" if old.group(1) == "i" else "d2"
        return [(code, "", _names_after(para, r"with respect to ", r",\s*not to provide"))]
    if para.startswith("Determine, consistent with section 110(d)(4)"):
        names = _names_after(para, r"with respect to ", r",\s*that")
        if re.search(r"that provision .{0,80}of all programs", para):
            detail = (
                "110(d)(4): all programs, projects, or activities under 110(d)(1)(A) and"
                " 110(d)(1)(B)"
            )
            return [("d4", detail, names)]
        return []
    if not para.startswith("Consistent with section 110(d)(4)"):
        return []
    promote = r"\s+would promote"
    if "provision of all" in para:
        names = _names_after(para, r"of the Act (?:to|with respect to) ", promote)
        detail = (
            "110(d)(4): all nonhumanitarian, nontrade-related programs, activities and exchange"
            " funding under 110(d)(1)(A) and 110(d)(1)(B)"
        )
        return [("d4", detail, names)]
    if re.search(r"providing the assistance described in section 110\(d\)\(1\)\(B\)", para):
        names = _names_after(para, r"110\(d\)\(1\)\(B\) of the Act to ", promote)
        return [
            ("d3", "110(d)(4): waiver of 110(d)(1)(B) only (MDB/IMF assistance allowed)", names)
        ]
    if re.search(r"partial waiver with respect to", para):
        names = _names_after(para, r"partial waiver with respect to ", r"\s+to allow")
        return [
            (
                "d3",
                "110(d)(4) partial waiver: funding for educational and cultural exchange programs"
                " allowed",
                names,
            )
        ]
    m = re.search(
        r"with respect to (.*?), I determine that a partial waiver of the restriction"
        r" described in section (110\(d\)\(1\)\(A\)\((?:i|ii)\)) of the Act to allow"
        r" (?:for )?(.*?)(?:\s+would promote|$)",
        para,
    )
    if m:
        return [
            (
                "d3",
                f"110(d)(4) partial waiver of {m.group(2)} restriction to allow {m.group(3)}",
                _split_names(m.group(1)),
            )
        ]
    return []


def parse_determination(
    text: str, resolve: Callable[[str], str | None], *, source: str = ""
) -> ParsedDetermination:
    """Parse a Presidential Determination's text; ``resolve`` maps a government's name as
    printed to its ISO3 code (None if unknown). Raises BadInput, one line, for a text that
    is not a determination under 7107(d) or that gives no PD number or fiscal year."""
    raw = text
    flat = _clean(text)
    if not (
        re.search(r"Presidential\s+Determination", flat, re.I)
        and re.search(r"Trafficking\s+in\s+Persons", flat, re.I)
        and re.search(r"section 110\(d\)", flat)
    ):
        raise BadInput(
            "not a Presidential Determination under 22 U.S.C. 7107(d): the text does not read"
            " 'Presidential Determination ... Trafficking in Persons' with paragraphs under"
            " section 110(d); give the Federal Register or White House text."
        )
    num = _PD_NUMBER.search(flat)
    if not num:
        raise BadInput(
            "the determination's number ('Presidential Determination No. YYYY-NN') is not in the text."
        )
    pd_number = f"{num.group(1)}-{num.group(2)}"
    fym = _FISCAL_YEAR.search(flat)
    if not fym:
        raise BadInput("the fiscal year ('Fiscal Year (FY) YYYY') is not in the text.")
    fiscal_year = int(fym.group(1))
    pd_date = ""
    dm = re.search(r"No\.?\s*\d{4}\s*[-–—]\s*\d+\s+of\s+" + _DATE.pattern, flat)
    if dm:
        pd_date = (
            f"{int(dm.group(3)):04d}-{_MONTHS[dm.group(1).lower()]:02d}-{int(dm.group(2)):02d}"
        )
    else:
        um = _URL_DATE.search(raw)
        if um:
            pd_date = f"{um.group(1)}-{um.group(2)}-{um.group(3)}"
    body = flat
    ended = _END.search(body)
    if ended:
        body = body[: ended.start()]
    complete = ended is None and bool(
        re.search(r"You are (?:hereby )?authorized and directed", body)
    )
    rows: list[PresidentialDetermination] = []
    unresolved: list[str] = []
    last = ""
    for para in _PARAGRAPH.split(body):
        para = para.strip()
        if not para:
            continue
        for code, detail, names in _classify(para):
            for name in names:
                iso3 = resolve(name)
                if iso3 is None:
                    unresolved.append(name)
                    continue
                rows.append(
                    PresidentialDetermination(
                        fiscal_year,
                        fiscal_year - 1,
                        pd_number,
                        pd_date,
                        name,
                        iso3,
                        code,
                        detail,
                        source,
                        complete,
                    )
                )
            if names:
                last = para[:60]
    stops = (
        ""
        if complete
        else (f"after the paragraph beginning '{last}...'" if last else "before any paragraph")
    )
    return ParsedDetermination(
        pd_number, pd_date, fiscal_year, tuple(rows), complete, stops, tuple(unresolved)
    )
