"""Errors that tiptiers raises, one class per concept.

Every error carries a one-line ``message`` fit to show a user as it is: what was wrong
and what to do. Front ends turn them into exit code 2 (CLI) or a 4xx JSON body (API);
no traceback ever reaches a user for one of these.
"""

from __future__ import annotations

from collections.abc import Sequence


class TiptiersError(Exception):
    """Base class: an input problem a user can fix. ``http_status`` is the API's answer;
    ``field``, where one is known, names the input that was wrong (the API sends it).

    >>> BadInput("assessment: country: Field required", field="country").to_dict()["field"]
    'country'
    """

    http_status = 400
    field: str | None = None

    def __init__(self, message: str, field: str | None = None) -> None:
        super().__init__(message)
        self.message = message
        if field is not None:
            self.field = field

    def to_dict(self) -> dict[str, object]:
        body: dict[str, object] = {"error": type(self).__name__, "message": self.message}
        if self.field is not None:
            body["field"] = self.field
        return body


class UnknownCountry(TiptiersError):
    """A name, alias or code that the registry cannot resolve.

    >>> str(UnknownCountry("Chna", ["China"]))
    "Unknown country 'Chna'. Did you mean: China?"
    """

    http_status = 404

    def __init__(self, query: str, suggestions: Sequence[str] = ()) -> None:
        self.query = query
        self.suggestions = list(suggestions)
        hint = (
            f" Did you mean: {', '.join(self.suggestions)}?"
            if self.suggestions
            else " No name, alias or ISO code matches it; search the registry for one that does."
        )
        super().__init__(f"Unknown country '{query}'.{hint}")

    def to_dict(self) -> dict[str, object]:
        return {**super().to_dict(), "query": self.query, "suggestions": self.suggestions}


def year_span(years: Sequence[int]) -> str:
    """Say which years a list covers, compactly.

    >>> year_span([2001, 2002, 2003, 2005])
    '2001–2003, 2005'
    """
    ys = sorted(set(years))
    if not ys:
        return "none"
    runs: list[str] = []
    start = prev = ys[0]
    for y in [*ys[1:], None]:
        if y is not None and y == prev + 1:
            prev = y
            continue
        runs.append(str(start) if start == prev else f"{start}–{prev}")
        if y is not None:
            start = prev = y
    return ", ".join(runs)


class YearNotInRecord(TiptiersError):
    """A report year that the record does not cover at all."""

    http_status = 404

    def __init__(self, year: int, covered: Sequence[int]) -> None:
        self.year = year
        self.covered = sorted(covered)
        super().__init__(
            f"No report for {year} in the record: it covers {year_span(self.covered)}."
        )

    def to_dict(self) -> dict[str, object]:
        return {**super().to_dict(), "year": self.year, "covered": self.covered}


class InvalidTier(TiptiersError):
    """A tier code or label that is none of 1, 2, 2WL, 3, special_case."""

    http_status = 422

    def __init__(self, value: str) -> None:
        self.value = value
        super().__init__(
            f"Unknown tier '{value}': use one of 1, 2, 2WL, 3, special_case "
            "(or 'Tier 2 Watch List', 'Special Case')."
        )


class InvalidRegion(TiptiersError):
    """A regional bureau name or code that does not exist (a bad value, as a bad tier)."""

    http_status = 422

    def __init__(self, value: str, choices: Sequence[str]) -> None:
        self.value = value
        self.choices = list(choices)
        super().__init__(f"Unknown region '{value}': use one of {', '.join(self.choices)}.")


class InvalidRange(TiptiersError):
    """A year range that is empty, reversed or outside the record."""

    http_status = 422


class RangeNotInRecord(InvalidRange):
    """A year range that holds no report of the record, or not enough: outside it, reversed
    or too short (404, as a year the record does not hold). Its JSON names it
    ``InvalidRange``, as before.

    >>> RangeNotInRecord("The year range is reversed.").to_dict()["error"]
    'InvalidRange'
    """

    http_status = 404

    def to_dict(self) -> dict[str, object]:
        return {**super().to_dict(), "error": "InvalidRange"}


class BadInput(TiptiersError):
    """Input that cannot be read: a malformed file, an unreadable text, a contradiction."""

    http_status = 422


class NeedsConfirmation(BadInput):
    """A change that would remove what is on record, refused until confirmed (``--yes``);
    ``details`` say what would go, a line each, for the CLI to show before the error."""

    def __init__(self, message: str, details: Sequence[str] = ()) -> None:
        super().__init__(message)
        self.details = list(details)


class ImportRejected(TiptiersError):
    """An import file with bad lines. Nothing was written.

    >>> e = ImportRejected("f.csv", [(3, "unknown tier 'X'"), (7, "duplicate country-year")])
    >>> print(e.message)
    f.csv: 2 bad lines, nothing imported: line 3: unknown tier 'X'; line 7: duplicate country-year
    """

    http_status = 422

    def __init__(self, source: str, problems: Sequence[tuple[int, str]]) -> None:
        self.source = source
        self.problems = list(problems)
        shown = "; ".join(f"line {n}: {why}" for n, why in self.problems[:20])
        more = f"; and {len(self.problems) - 20} more" if len(self.problems) > 20 else ""
        n = len(self.problems)
        super().__init__(
            f"{source}: {n} bad line{'s' if n != 1 else ''}, nothing imported: {shown}{more}"
        )

    def to_dict(self) -> dict[str, object]:
        return {
            **super().to_dict(),
            "problems": [{"line": n, "problem": why} for n, why in self.problems],
        }


class YearExists(TiptiersError):
    """An import would overwrite a year that is already in the database."""

    http_status = 409


class StoreError(TiptiersError):
    """The database cannot be reached or is not a tiptiers database."""

    http_status = 503
