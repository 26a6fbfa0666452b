"""tiptiers — the U.S. Trafficking in Persons Report tier system as software.

The record of published placements since 2001, the statute (22 U.S.C. 7106-7107) as code,
and the answers built on them. ``import tiptiers`` is light: its public names (the API, the
model) load on first use (PEP 562 ``__getattr__``), and the database, the CLI and the web
stack only when used.

>>> import tiptiers
>>> tiptiers.resolve("Myanmar").iso3
'MMR'
"""

from __future__ import annotations

from tiptiers.version import __version__ as __version__

# typing.TYPE_CHECKING without importing typing (a few ms): mypy treats the name alike.
TYPE_CHECKING = False
if TYPE_CHECKING:  # for mypy and IDEs; at run time the names load on first use (__getattr__)
    from typing import Any

    from tiptiers.api import (
        audit,
        backtest,
        changes,
        check_news,
        clock,
        consequences,
        country_determinations,
        evaluate,
        explain,
        forecast,
        history,
        longest_watch_list_runs,
        panel,
        placements,
        record,
        regions,
        report_html,
        report_pdf,
        resolve,
        sanctions,
        sanctions_applied,
        trajectory,
        transitions,
        use_database,
        write_chart,
        write_map,
        write_panel,
        write_sanctions_chart,
    )
    from tiptiers.errors import TiptiersError
    from tiptiers.model import Country, Placement, Record, Tier

__all__ = [
    "Country",
    "Placement",
    "Record",
    "Tier",
    "TiptiersError",
    "audit",
    "backtest",
    "changes",
    "check_news",
    "clock",
    "consequences",
    "country_determinations",
    "evaluate",
    "explain",
    "forecast",
    "history",
    "longest_watch_list_runs",
    "panel",
    "placement_sources",
    "placements",
    "record",
    "regions",
    "report_html",
    "report_pdf",
    "resolve",
    "sanctions",
    "sanctions_applied",
    "trajectory",
    "transitions",
    "use_database",
    "write_chart",
    "write_map",
    "write_panel",
    "write_sanctions_chart",
]


#: Where each public name lives: importing them all eagerly (the API, the record, the model)
#: cost ``import tiptiers`` several times a bare interpreter's start-up (issue 17).
_HOMES: dict[str, str] = {
    **dict.fromkeys(("Country", "Placement", "Record", "Tier"), "tiptiers.model"),
    "TiptiersError": "tiptiers.errors",
}


if not TYPE_CHECKING:  # hidden from mypy, so that a misspelt name is still an error

    def __getattr__(name: str) -> Any:
        """PEP 562: import a public name's module on first use, then keep the name here."""
        if name not in __all__:
            raise AttributeError(f"module 'tiptiers' has no attribute {name!r}")
        import importlib

        value = getattr(importlib.import_module(_HOMES.get(name, "tiptiers.api")), name)
        globals()[name] = value
        return value

    def __dir__() -> list[str]:
        return sorted({*globals(), *__all__})
