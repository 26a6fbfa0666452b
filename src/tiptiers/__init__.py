"""tiptiers — the U.S. Trafficking in Persons Report tier system as software.

The record of published placements since 2001, the statute (22 U.S.C. 7106-7107) as code,
and the answers built on them. ``import tiptiers`` is light: the database, the CLI and the
web stack load only when used.

>>> import tiptiers
>>> tiptiers.resolve("Myanmar").iso3
'MMR'
"""

from __future__ import annotations

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
from tiptiers.version import __version__ as __version__

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
