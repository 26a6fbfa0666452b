"""Fixtures of the report tests: one small report (three country profiles) of the packaged
record, built once per session as content, HTML, page layout and PDF, and the folder
``test-output/report/`` where tests leave PNGs for a person to look at."""

from __future__ import annotations

from pathlib import Path
from typing import Any

import pytest

from tiptiers.countries import Registry
from tiptiers.model import Record
from tiptiers.report.document import (
    ReportContent,
    content_layout,
    gather,
    layout_to_pdf,
    render_html,
)

YEAR = 2017  # a partial year of the record: 184 of 187 ranked countries
PROFILES = ("CHN", "USA", "MMR")
OUTPUT = Path(__file__).resolve().parents[2] / "test-output" / "report"


@pytest.fixture(scope="session")
def content(record: Record, reg: Registry) -> ReportContent:
    return gather(record, reg, YEAR, list(PROFILES))


@pytest.fixture(scope="session")
def html(content: ReportContent) -> str:
    return render_html(content, "screen")


@pytest.fixture(scope="session")
def layout(content: ReportContent) -> Any:
    """The print rendering laid out in pages by WeasyPrint (a ``weasyprint.Document``)."""
    return content_layout(content)


@pytest.fixture(scope="session")
def pdf(layout: Any) -> bytes:
    return layout_to_pdf(layout)


@pytest.fixture(scope="session")
def output_dir() -> Path:
    OUTPUT.mkdir(parents=True, exist_ok=True)
    return OUTPUT
