"""Read a Presidential Determination under 22 U.S.C. 7107(d) (TVPA section 110(d); docs/LAW.md
§5) as the Federal Register or the White House prints it, into rows of the determinations
record.

Pure: the text and a name resolver in, a :class:`ParsedDetermination` out; the CLI reads the
file and writes the rows. Each paragraph of the document is classified by the section it
acts under, by the statute's name (:data:`tiptiers.documents.DETERMINATION_CODES`):
(d)(1)(A)(i) withholding (``d1A_i``), (d)(1)(A)(ii) withholding with exchange funding
(``d1A_ii``), the (d)(1)(B) instruction to vote against loans (``other``), a (d)(4) waiver of
all programs (``d4_full``) or of part of them (``d4_partial``: exchange funding, (d)(1)(B)
only, or named programs), and the separate paragraph for governments not treated as countries under
the Act (``other``). A text that stops early (an excerpt) is parsed as far as it goes, and
the result says where it stops.
"""

from __future__ import annotations

import re
from collections.abc import Callable, Iterable
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
_PARTIAL_WAIVER = re.compile(
    r", I determine that a partial waiver of the restriction described in section"
    r" (110\(d\)\(1\)\(A\)\((?:i|ii)\)) of the Act to allow (?:for )?"
)
#: The longest government name a determination prints is under 100 characters; a longer
#: "name" is not looked up (it is reported, cut, as unresolved).
MAX_NAME_LENGTH = 200
SHOWN = 80  # not statute: characters of an unresolved name repeated in the error
#: Names read from one text: a determination names a few dozen governments. Past this the
#: text is refused (bounded work and a bounded answer on any input).
MAX_NAMES = 1000
#: Seconds of reading before a text is refused (checked between names and paragraphs).
TIME_BUDGET = 20.0
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


_NAME_BREAK = re.compile(r"[(),]|\s+and\s+")
_NAME_PREFIX = re.compile(
    r"^(?:and\s+)?(?:the\s+)?(?:governments?\s+of\s+)?(?:the\s+)?", flags=re.I
)


def _split_names(text: str) -> list[str]:
    """'A, B (X, Y), and the C' -> ['A', 'B (X, Y)', 'C'] (commas and 'and' in brackets kept).

    One pass over the text (a list of 200 kB reads in a few milliseconds): a comma or an
    'and' outside brackets ends a name.

    >>> _split_names("Burma, the People's Republic of China (PRC), Cuba and the DPRK")
    ['Burma', "People's Republic of China (PRC)", 'Cuba', 'DPRK']
    >>> _split_names("Macau (Special Administrative Region of the PRC, and more) and Iran")
    ['Macau (Special Administrative Region of the PRC, and more)', 'Iran']
    """
    parts: list[str] = []
    depth, start = 0, 0
    for m in _NAME_BREAK.finditer(text):
        mark = m.group()
        if mark == "(":
            depth += 1
        elif mark == ")":
            depth = max(0, depth - 1)
        elif depth == 0:
            parts.append(text[start : m.start()])
            start = m.end()
    parts.append(text[start:])
    out = []
    for q in parts:
        q = _NAME_PREFIX.sub("", q.strip()).strip(" ;:.")
        if q:
            out.append(q)
    return out


def _names_after(para: str, start: str, stop: str) -> list[str]:
    """The names between the first match of ``start`` and the next of ``stop`` (linear:
    each pattern is searched once, not once per place the other could begin)."""
    first = re.search(start, para, re.I | re.S)
    if first is None:
        return []
    end = re.compile(stop, re.I | re.S).search(para, first.end())
    return _split_names(para[first.end() : end.start()]) if end else []


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
        return [("d1A_i", "", _names_after(para, r"assistance to (?:the )?governments? of ", fy))]
    if re.match(r"(?:As provided (?:for )?in) section 110\(d\)\(1\)\(A\)\(ii\)", para):
        return [("d1A_ii", "", _names_after(para, r"employees of,? (?:the )?governments? of ", fy))]
    if re.match(r"(?:As provided (?:for )?in) section 110\(d\)\(1\)\(B\)", para):
        return [
            ("other", MDB_DETAIL, _names_after(para, r"\)\s*for (?:the )?governments? of ", fy))
        ]
    old = re.match(r"Make the determination provided in section 110\(d\)\(1\)\(A\)\((i|ii)\)", para)
    if old:
        code = "d1A_i" if old.group(1) == "i" else "d1A_ii"
        return [(code, "", _names_after(para, r"with respect to ", r",\s*not to provide"))]
    if para.startswith("Determine, consistent with section 110(d)(4)"):
        names = _names_after(para, r"with respect to ", r",\s*that")
        if re.search(r"that provision .{0,80}of all programs", para):
            detail = (
                "110(d)(4): all programs, projects, or activities under 110(d)(1)(A) and"
                " 110(d)(1)(B)"
            )
            return [("d4_full", detail, names)]
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
        return [("d4_full", detail, names)]
    if re.search(r"providing the assistance described in section 110\(d\)\(1\)\(B\)", para):
        names = _names_after(para, r"110\(d\)\(1\)\(B\) of the Act to ", promote)
        return [
            ("d4_partial", "110(d)(4): waiver of 110(d)(1)(B) only (MDB/IMF assistance allowed)", names)
        ]
    if re.search(r"partial waiver with respect to", para):
        names = _names_after(para, r"partial waiver with respect to ", r"\s+to allow")
        return [
            (
                "d4_partial",
                "110(d)(4) partial waiver: funding for educational and cultural exchange programs"
                " allowed",
                names,
            )
        ]
    # "with respect to NAMES, I determine that a partial waiver of the restriction described
    # in section 110(d)(1)(A)(i|ii) of the Act to allow WHAT would promote": each part found
    # by one search from where the one before ended (linear on any text).
    waiver = _PARTIAL_WAIVER.search(para)
    if waiver is None:
        return []
    names_start = para.rfind("with respect to ", 0, waiver.start())
    if names_start < 0:
        return []
    allowed = para[waiver.end() :]
    ends = re.search(r"\s+would promote", allowed)
    return [
        (
            "d4_partial",
            f"110(d)(4) partial waiver of {waiver.group(1)} restriction to allow"
            f" {allowed[: ends.start()] if ends else allowed}",
            _split_names(para[names_start + len("with respect to ") : waiver.start()]),
        )
    ]


def name_candidates(name: str) -> list[str]:
    """The forms of a printed government name to look up, in order: as printed, without a
    closing bracket, and the bracket's content ('Macau (Special Administrative Region of
    the PRC)' -> also 'Macau'). None for a name too long to be one (:data:`MAX_NAME_LENGTH`).

    >>> name_candidates("the People's Republic of China (PRC)")
    ["the People's Republic of China (PRC)", "the People's Republic of China", 'PRC']
    >>> name_candidates("Macau (Special Administrative Region of the PRC (China))")[1:]
    ['Macau']
    >>> name_candidates("(" * 5000)
    []
    """
    if len(name) > MAX_NAME_LENGTH:
        return []
    out = [name]
    stripped = name.rstrip()
    if stripped.endswith(")"):
        first, last = stripped.find("("), stripped.rfind("(")
        if first >= 0:
            out.append(stripped[:first].rstrip())
            inner = stripped[last + 1 : -1]
            if ")" not in inner:
                out.append(inner)
    return [c for c in out if c.strip()]


def parse_determination(
    text: str,
    resolve: Callable[[str], str | None],
    *,
    source: str = "",
    budget: float | None = None,
    clock: Callable[[], float] | None = None,
) -> ParsedDetermination:
    """Parse a Presidential Determination's text; ``resolve`` maps a government's name as
    printed to its ISO3 code (None if unknown). Raises BadInput, one line, for a text that
    is not a determination under 7107(d) or that gives no PD number or fiscal year.

    Bounded work on any text: the reading is linear in the text's length, a government named
    twice in one paragraph is one row, and a text that names more than :data:`MAX_NAMES`
    governments or takes more than ``budget`` seconds by ``clock`` (the caller's: the law
    reads no clock; :data:`TIME_BUDGET` is the front ends') is refused."""
    started = clock() if clock is not None else 0.0

    def check_budget() -> None:
        if budget is not None and clock is not None and clock() - started > budget:
            raise BadInput(
                f"the text was not read in {budget:g} seconds: it is not a determination's"
                " text as the Federal Register or the White House prints it; nothing written."
            )

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
    unresolved: dict[str, None] = {}  # in order, once each
    seen: set[tuple[str, str, str]] = set()
    distinct: set[str] = set()
    last = ""
    for para in _PARAGRAPH.split(body):
        para = para.strip()
        check_budget()
        if not para:
            continue
        for code, detail, names in _classify(para):
            distinct.update(names)
            if len(distinct) > MAX_NAMES:
                raise BadInput(
                    f"the text names more than {MAX_NAMES:,} different governments: not a determination's"
                    " text as the Federal Register or the White House prints it; nothing"
                    " written."
                )
            for name in names:
                check_budget()
                iso3 = resolve(name) if len(name) <= MAX_NAME_LENGTH else None
                if iso3 is None:
                    shown = name if len(name) <= SHOWN else name[:SHOWN] + "…"
                    if shown not in unresolved:
                        unresolved[shown] = None
                    continue
                if (iso3, code, detail) in seen:  # "Chad and Chad": one row per paragraph
                    continue
                seen.add((iso3, code, detail))
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


@dataclass(frozen=True)
class DeterminationChange:
    """What recording a parsed determination would do to its fiscal year on record: the
    rows that would go (on record, not in the new text), the rows that would come, and the
    document before and after (``complete``, ``partial`` or ``not_found``). Replacing a
    year is the same kind of change as ``tiptiers import --replace``: one that removes rows,
    or puts part of a document in place of the whole, needs a confirmation."""

    fiscal_year: int
    removed: tuple[PresidentialDetermination, ...]
    added: tuple[PresidentialDetermination, ...]
    document_before: str
    document_after: str

    @property
    def less_of_the_document(self) -> bool:
        return self.document_before == "complete" and self.document_after != "complete"

    @property
    def needs_confirmation(self) -> bool:
        return bool(self.removed) or self.less_of_the_document

    def lines(self, most: int = 12) -> list[str]:
        """The change in a few lines: what would go (up to ``most`` rows named), what
        would come, and the document's coverage before and after."""
        out = [
            f"FY{self.fiscal_year}: {len(self.removed)} row(s) on record would be removed,"
            f" {len(self.added)} added; the document on record: {self.document_before}"
            f" -> {self.document_after}."
        ]
        for r in self.removed[:most]:
            out.append(
                f"  - {r.country} ({r.iso3}) {r.code}" + (f": {r.detail}" if r.detail else "")
            )
        if len(self.removed) > most:
            out.append(f"  ... and {len(self.removed) - most} more")
        return out

    def to_dict(self) -> dict[str, object]:
        return {
            "fiscal_year": self.fiscal_year,
            "removed": [r.to_dict() for r in self.removed],
            "added": len(self.added),
            "document_before": self.document_before,
            "document_after": self.document_after,
            "needs_confirmation": self.needs_confirmation,
        }


def determination_change(
    on_record: Iterable[PresidentialDetermination],
    document_before: str,
    parsed: ParsedDetermination,
) -> DeterminationChange:
    """The change of recording ``parsed`` over its fiscal year's rows ``on_record`` (a row
    stays when the new text gives its government the same determination; a new wording of
    its detail is not a removal).

    >>> old = PresidentialDetermination(2024, 2023, "2023-14", "", "Chad", "TCD", "d1A_i")
    >>> new = ParsedDetermination("2023-99", "", 2024, (), False, "before any paragraph")
    >>> change = determination_change([old], "complete", new)
    >>> change.needs_confirmation, len(change.removed), change.less_of_the_document
    (True, 1, True)
    """

    def key(r: PresidentialDetermination) -> tuple[str, str]:
        return (r.iso3, r.code)

    new_keys = {key(r) for r in parsed.rows}
    old = [r for r in on_record if r.fiscal_year == parsed.fiscal_year]
    old_keys = {key(r) for r in old}
    return DeterminationChange(
        parsed.fiscal_year,
        tuple(r for r in old if key(r) not in new_keys),
        tuple(r for r in parsed.rows if key(r) not in old_keys),
        document_before,
        "complete" if parsed.complete else "partial",
    )
