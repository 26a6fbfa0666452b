"""The REST API under ``/api/v1``: the record and the law's answers as JSON or CSV.

One router per resource, each a module of this package with a module-level ``router``:
:mod:`~tiptiers.web.rest.countries` (search, a country's history, its explanations,
consequences and trajectory), :mod:`~tiptiers.web.rest.years` (a report's placements,
changes, clock, Tier 3 list and regions; the coverage; a published cycle's placements
beside the official ones), :mod:`~tiptiers.web.rest.sources` (the published cycles as
record sources, a country's placement in each), :mod:`~tiptiers.web.rest.law`
(evaluate, the assessment schema), :mod:`~tiptiers.web.rest.analysis` (audit, transitions,
Watch List runs, forecast, backtest), :mod:`~tiptiers.web.rest.research` (the researcher's
panel as a download), :mod:`~tiptiers.web.rest.scenarios` (statute scenarios replayed over
the record) and :mod:`~tiptiers.web.rest.news` (the news claim check) and :mod:`~tiptiers.web.rest.cycles`
(reporting cycles, with token authentication). :mod:`~tiptiers.web.rest.common` holds what they share: the ``StateDep`` dependency
that hands an endpoint the app's :class:`~tiptiers.web.state.WebState`, the ``ReplyDep``
dependency that answers from its memo (:class:`~tiptiers.web.rest.common.Reply`), the
parameters and the error descriptions.

Every endpoint parses its parameters, asks the core (:mod:`tiptiers.api`,
:mod:`tiptiers.queries`, :mod:`tiptiers.law`) and returns the same JSON the CLI prints with
``--format json``. Lists also come as CSV, with the CLI's columns, for ``?format=csv`` or
``Accept: text/csv``. Serialised bodies are kept in the app's memo, so a repeated request
costs a dict look-up. Errors are raised as :class:`tiptiers.errors.TiptiersError` and written
as JSON by the handlers of :mod:`tiptiers.web.app`; a core error about one query or body
value (an unknown tier, region, kind or country, a bad range) is answered 422 naming it in
``field``.

To add a resource: write a module with ``router = APIRouter(tags=[...])`` and its endpoints
(taking ``reply: ReplyDep``, or ``state: StateDep`` where it answers in its own formats), and
name the module in :data:`RESOURCES`.
"""

from __future__ import annotations

from importlib import import_module

from fastapi import APIRouter

from tiptiers.web.rest.common import PREFIX

#: The modules of this package whose ``router`` is served under /api/v1, in the order their
#: endpoints are listed in the OpenAPI schema.
RESOURCES = (
    "countries",
    "years",
    "sources",
    "determinations",
    "law",
    "scenarios",
    "analysis",
    "research",
    "news",
    "cycles",
)


def api_router() -> APIRouter:
    """The ``/api/v1`` endpoints: every resource's router under one prefix."""
    router = APIRouter(prefix=PREFIX)
    for name in RESOURCES:
        module = import_module(f"{__name__}.{name}")
        router.include_router(module.router)
    return router
