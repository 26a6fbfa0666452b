"""Analysis over the record: the audit against the law, regions, transitions, trajectories
and the forecast — pure functions of a :class:`~tiptiers.model.Record` and the country
registry, each returning a typed result with ``to_dict()``, ``to_rows()`` and
``to_dataframe()`` (pandas is imported only when that is called).

>>> from tiptiers import analysis
>>> from tiptiers.countries import registry
>>> from tiptiers.record import packaged_record
>>> a = analysis.audit(packaged_record(), registry(), 2017, 2017, "China")
>>> [f.kind for f in a.findings]
['tier3_not_forced']
"""

from __future__ import annotations

from tiptiers.analysis.audit import Audit, Finding, audit
from tiptiers.analysis.backtest import Backtest, backtest
from tiptiers.analysis.forecast import Forecast, forecast
from tiptiers.analysis.regions import RegionTable, regions
from tiptiers.analysis.trajectory import (
    Trajectory,
    WatchListRuns,
    longest_watch_list_runs,
    trajectory,
)
from tiptiers.analysis.transitions import TransitionMatrix, transitions

__all__ = [
    "Audit",
    "Backtest",
    "Finding",
    "Forecast",
    "RegionTable",
    "Trajectory",
    "TransitionMatrix",
    "WatchListRuns",
    "audit",
    "backtest",
    "forecast",
    "longest_watch_list_runs",
    "regions",
    "trajectory",
    "transitions",
]
