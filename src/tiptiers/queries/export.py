"""The whole record, one row per country-year, in the export format (``tiptiers export``)."""

from __future__ import annotations

from collections.abc import Iterable, Sequence
from typing import Any

from tiptiers.model import (
    PLACEMENT_FIELDS,
    Record,
    Roles,
)
from tiptiers.queries import Registry


def export_rows(record: Record, registry: Registry) -> Iterable[dict[str, Any]]:
    """The whole record, one row per country-year, in the export format."""
    for p in record:
        roles = record.roles.get(p.iso3, Roles())
        yield {
            "iso3": p.iso3,
            "country": registry.get(p.iso3).name,
            "year": p.year,
            "tier": p.tier.value,
            "source": p.source,
            "waiver": _b(p.waiver),
            "auto_downgrade": _b(p.auto_downgrade),
            "flag_basis": p.flag_basis,
            "sanctions_full_waiver": _b(p.sanctions_full_waiver),
            "role_origin": _b(roles.origin),
            "role_transit": _b(roles.transit),
            "role_destination": _b(roles.destination),
        }


EXPORT_COLUMNS: Sequence[str] = (
    "iso3",
    "country",
    *PLACEMENT_FIELDS[1:],
    "role_origin",
    "role_transit",
    "role_destination",
)


def _b(v: bool | None) -> str:
    return "" if v is None else ("true" if v else "false")
