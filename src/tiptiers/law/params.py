"""The statute's dated numbers and switches (22 U.S.C. 7107; docs/LAW.md), as a lawyer writes them: one YAML file per
parameter under ``law/parameters/`` (description, values by first report year, unit,
bounds, the section and a reference link), read through the generated module
:mod:`tiptiers.law.parameter_values` so that start-up never imports PyYAML.

:func:`spec_from_source` checks one parameter file (the build script, :mod:`tiptiers.law.versions`
at import, and the tests call it);
:func:`coerce` checks one value against its parameter (a scenario calls it). Both raise
:class:`ParameterError` naming the field that was wrong.
"""

from __future__ import annotations

import re
from collections.abc import Mapping
from dataclasses import dataclass
from typing import Any

from tiptiers.documents import MONTH_NAMES as MONTH_NAMES
from tiptiers.errors import TiptiersError

# What a parameter's values are: a count (of years), a report year, a switch (in force or
# not), a month-day (a due date), a pair of day counts (a window), or a text.
KINDS = ("count", "year", "switch", "month_day", "day_range", "text")
# The years a parameter's step may start (first_report.yaml holds the statute's first report).
YEAR_BOUNDS = (2001, 2100)  # not statute: bounds of a year key


class ParameterError(TiptiersError, ValueError):
    """A parameter file or a scenario value that the law cannot take; ``field`` names it."""

    http_status = 422


@dataclass(frozen=True)
class Reference:
    title: str
    href: str

    def to_dict(self) -> dict[str, str]:
        return {"title": self.title, "href": self.href}


@dataclass(frozen=True)
class ParameterSpec:
    """One statute parameter: what it means, its values by first report year, its source."""

    name: str
    description: str
    label: str
    unit: str
    kind: str
    nullable: bool
    citation: str
    note: str
    reference: tuple[Reference, ...]
    values: tuple[tuple[int, Any], ...]
    minimum: int | None = None
    maximum: int | None = None

    def to_dict(self) -> dict[str, Any]:
        return {
            "name": self.name,
            "label": self.label,
            "description": self.description,
            "unit": self.unit,
            "kind": self.kind,
            "nullable": self.nullable,
            "minimum": self.minimum,
            "maximum": self.maximum,
            "citation": self.citation,
            "note": self.note,
            "reference": [r.to_dict() for r in self.reference],
            "values": {str(y): _jsonable(v) for y, v in self.values},
        }


def _jsonable(v: Any) -> Any:
    return list(v) if isinstance(v, tuple) else v


def _text(data: Mapping[str, Any], key: str, where: str) -> str:
    value = data.get(key)
    if not isinstance(value, str) or not value.strip():
        raise ParameterError(
            f"{where}.{key}: a non-empty text is required.", field=f"{where}.{key}"
        )
    return value.strip()


def coerce(
    spec_kind: str,
    raw: Any,
    field: str,
    *,
    minimum: int | None = None,
    maximum: int | None = None,
    nullable: bool = False,
) -> Any:
    """``raw`` as a value of a parameter of kind ``spec_kind``; ParameterError naming
    ``field`` if it cannot be one.

    >>> coerce("count", 1, "max_waiver_years", minimum=0)
    1
    >>> coerce("month_day", "06-30", "report_due")
    (6, 30)
    >>> coerce("count", -1, "parameters.max_waiver_years.2009", minimum=0)
    Traceback (most recent call last):
    ...
    tiptiers.law.params.ParameterError: parameters.max_waiver_years.2009: -1 is below the least possible value, 0.
    """
    if raw is None:
        if nullable:
            return None
        raise ParameterError(
            f"{field}: a value is required (this rule cannot be switched off).", field=field
        )
    if spec_kind in ("count", "year"):
        if isinstance(raw, float) and raw.is_integer():  # JSON's 2.0 is the number 2
            raw = int(raw)
        if isinstance(raw, bool) or not isinstance(raw, int):
            raise ParameterError(f"{field}: {raw!r} is not a whole number.", field=field)
        if minimum is not None and raw < minimum:
            raise ParameterError(
                f"{field}: {raw} is below the least possible value, {minimum}.", field=field
            )
        if maximum is not None and raw > maximum:
            raise ParameterError(
                f"{field}: {raw} is above the greatest possible value, {maximum}.", field=field
            )
        return raw
    if spec_kind == "switch":
        if not isinstance(raw, bool):
            raise ParameterError(f"{field}: {raw!r} is not true or false.", field=field)
        return raw
    if spec_kind == "month_day":
        parts = str(raw).split("-")
        if len(parts) != 2 or not all(p.isdigit() for p in parts):  # not statute: MM-DD
            raise ParameterError(f"{field}: {raw!r} is not a month-day such as 06-30.", field=field)
        month, day = int(parts[0]), int(parts[1])
        if not (1 <= month <= 12 and 1 <= day <= 31):
            raise ParameterError(f"{field}: {raw!r} is not a month-day such as 06-30.", field=field)
        return (month, day)
    if spec_kind == "day_range":
        if isinstance(raw, (list, tuple)):  # JSON's 45.0 is the number 45
            raw = [int(x) if isinstance(x, float) and x.is_integer() else x for x in raw]
        if (
            not isinstance(raw, (list, tuple))
            or len(raw) != 2  # not statute: a window is a pair of day counts
            or not all(isinstance(x, int) and not isinstance(x, bool) for x in raw)
            or min(raw) < 0
        ):
            raise ParameterError(
                f"{field}: {raw!r} is not a window of days such as [45, 90].", field=field
            )
        # the window between two day counts, given in either order ([90, 45] is [45, 90]):
        # the JSON Schema of a scenario cannot compare the two, so both orders are read
        return (min(raw), max(raw))
    if spec_kind == "text":
        if not isinstance(raw, str) or not raw.strip():
            raise ParameterError(f"{field}: a non-empty text is required.", field=field)
        return raw.strip()
    raise ParameterError(f"{field}: unknown kind {spec_kind!r}.", field=field)


def month_day_text(value: tuple[int, int]) -> str:
    """A ``month_day`` parameter as the statute writes it.

    >>> month_day_text((6, 30))
    'June 30'
    """
    month, day = value
    return f"{MONTH_NAMES[month - 1]} {day}"


def coerce_year(raw: Any, field: str) -> int:
    """A first report year (a key of ``values``): a whole number in 2001-2100."""
    year = raw
    # ASCII digits only, as the published schema's pattern says: str.isdigit() and int()
    # also take other scripts' digits ("२००९") and surrounding blanks (" 2009").
    if isinstance(raw, str) and re.fullmatch(r"[0-9]{4}", raw):
        year = int(raw)
    if isinstance(year, bool) or not isinstance(year, int):
        raise ParameterError(f"{field}: {raw!r} is not a report year.", field=field)
    low, high = YEAR_BOUNDS
    if not low <= year <= high:
        raise ParameterError(
            f"{field}: {year} is not a report year the law can govern ({low}-{high}).",
            field=field,
        )
    return year


def spec_from_source(name: str, data: Any) -> ParameterSpec:
    """Check one parameter file's content and build its :class:`ParameterSpec`."""
    if not isinstance(data, Mapping):
        raise ParameterError(f"{name}: the file must be a mapping.", field=name)
    meta = data.get("metadata")
    if not isinstance(meta, Mapping):
        raise ParameterError(f"{name}.metadata: required.", field=f"{name}.metadata")
    where = f"{name}.metadata"
    kind = _text(meta, "kind", where)
    if kind not in KINDS:
        raise ParameterError(
            f"{where}.kind: {kind!r} is not one of {', '.join(KINDS)}.", field=f"{where}.kind"
        )
    refs = meta.get("reference")
    if not isinstance(refs, list) or not refs:
        raise ParameterError(
            f"{where}.reference: at least one reference with a link is required.",
            field=f"{where}.reference",
        )
    reference = []
    for i, r in enumerate(refs):
        if not isinstance(r, Mapping):
            raise ParameterError(
                f"{where}.reference[{i}]: title and href required.", field=f"{where}.reference[{i}]"
            )
        href = _text(r, "href", f"{where}.reference[{i}]")
        if not href.startswith("https://"):
            raise ParameterError(
                f"{where}.reference[{i}].href: must be an https link.",
                field=f"{where}.reference[{i}].href",
            )
        reference.append(Reference(_text(r, "title", f"{where}.reference[{i}]"), href))
    minimum, maximum = meta.get("minimum"), meta.get("maximum")
    nullable = bool(meta.get("nullable", False))
    values = data.get("values")
    if not isinstance(values, Mapping) or not values:
        raise ParameterError(
            f"{name}.values: at least one value by first report year is required.",
            field=f"{name}.values",
        )
    steps = tuple(
        sorted(
            (
                coerce_year(y, f"{name}.values.{y}"),
                coerce(
                    kind,
                    v,
                    f"{name}.values.{y}",
                    minimum=minimum,
                    maximum=maximum,
                    nullable=nullable,
                ),
            )
            for y, v in values.items()
        )
    )
    return ParameterSpec(
        name=name,
        description=_text(data, "description", name),
        label=_text(meta, "label", where),
        unit=_text(meta, "unit", where),
        kind=kind,
        nullable=nullable,
        citation=_text(meta, "citation", where),
        note=str(meta.get("note") or "").strip(),
        reference=tuple(reference),
        values=steps,
        minimum=minimum,
        maximum=maximum,
    )
