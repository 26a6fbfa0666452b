"""The docstring examples of the web modules (``make test`` collects only tests/)."""

from __future__ import annotations

import doctest

import pytest

from tiptiers.web import pages, responses


@pytest.mark.parametrize("module", [responses, pages])
def test_docstring_examples(module: object) -> None:
    result = doctest.testmod(module, optionflags=doctest.ELLIPSIS)  # type: ignore[arg-type]
    assert result.attempted > 0 and result.failed == 0
