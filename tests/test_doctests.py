"""The examples in the core's docstrings run (``make test`` collects only ``tests/``, so they
are run from here: a docstring that drifts from the code fails)."""

from __future__ import annotations

import doctest
import importlib

import pytest

MODULES = (
    "tiptiers",
    "tiptiers.api",
    "tiptiers.errors",
    "tiptiers.model",
    "tiptiers.queries",
    "tiptiers.countries",
    "tiptiers.law.versions",
    "tiptiers.law.standards",
    "tiptiers.law.decision",
    "tiptiers.news.check",
)


@pytest.mark.parametrize("name", MODULES)
def test_docstring_examples(name: str) -> None:
    module = importlib.import_module(name)
    result = doctest.testmod(module, optionflags=doctest.ELLIPSIS)
    assert result.failed == 0
    assert result.attempted > 0
