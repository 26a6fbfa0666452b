"""The import graph of ``tiptiers`` has no cycle.

Every ``import`` that runs counts, also the ones inside a function that keep start-up light:
a cycle through a lazy import is still two modules that cannot be understood, tested or
moved one without the other (``report.document`` once read the database through
``tiptiers.api``, which builds reports through ``report.document``). So does an import under
``if TYPE_CHECKING:``: it never runs, but a reader still needs the other module to read
this one (``store.read`` once named the ``Store`` of ``store.db``, which calls it; it now
takes the ``Database`` of ``store.engine``, beneath both). The graph is grimp's, the engine
of import-linter.
"""

from __future__ import annotations

import grimp


def cycles(graph: grimp.ImportGraph) -> list[tuple[str, ...]]:
    """Each cycle of ``graph`` as (a, b, ..., a), through every direct import a -> b."""
    found: set[tuple[str, ...]] = set()
    for a in graph.modules:
        for b in graph.find_modules_directly_imported_by(a):
            back = graph.find_shortest_chain(importer=b, imported=a)
            if back:
                found.add((a, *back))
    return sorted(found)


def test_the_package_imports_without_a_cycle() -> None:
    graph = grimp.build_graph("tiptiers", cache_dir=None, exclude_type_checking_imports=False)
    assert len(graph.modules) > 50  # the whole package was read
    found = cycles(graph)
    assert not found, "import cycles:\n" + "\n".join(" -> ".join(c) for c in found)


CORE = (
    "tiptiers.model",
    "tiptiers.queries",
    "tiptiers.law",
    "tiptiers.analysis",
    "tiptiers.news",
    "tiptiers.cycle.core",
)
OUTSIDE_THE_CORE = (
    "tiptiers.api",
    "tiptiers.store",
    "tiptiers.record",
    "tiptiers.cli",
    "tiptiers.web",
    "tiptiers.report",
    "tiptiers.cycle.service",
    "tiptiers.cycle.tables",
)


def _within(graph: grimp.ImportGraph, names: tuple[str, ...]) -> set[str]:
    return {m for m in graph.modules if any(m == n or m.startswith(n + ".") for n in names)}


def test_the_core_reaches_no_front_end_store_or_api() -> None:
    """The core is pure (docs/ARCHITECTURE.md): no chain of imports leads from it to the
    database, the files of the record, the Python API or a front end, not even to name a
    type."""
    graph = grimp.build_graph("tiptiers", cache_dir=None, exclude_type_checking_imports=False)
    outside = _within(graph, OUTSIDE_THE_CORE)
    leaks = [
        chain
        for c in sorted(_within(graph, CORE))
        for o in sorted(outside)
        if (chain := graph.find_shortest_chain(importer=c, imported=o))
    ]
    assert not leaks, "\n".join(" -> ".join(chain) for chain in leaks)


def test_a_cycle_is_found() -> None:
    graph = grimp.ImportGraph()
    graph.add_import(importer="p.report", imported="p.api")
    graph.add_import(importer="p.api", imported="p.model")
    graph.add_import(importer="p.api", imported="p.report")
    assert cycles(graph) == [("p.api", "p.report", "p.api"), ("p.report", "p.api", "p.report")]
