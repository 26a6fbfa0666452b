"""The Python API's research calls: the panel, its package, the sanctions applied and their
chart, each on the packaged record."""

from __future__ import annotations

from pathlib import Path

import pytest

import tiptiers
from tiptiers.errors import BadInput
from tiptiers.model import Record


def test_panel_as_a_dataframe(record: Record) -> None:
    frame = tiptiers.panel(2013, 2013, record=record).to_dataframe()
    china = frame[frame.iso3 == "CHN"].iloc[0]
    assert (china.tier, china.determination, china.pd_number) == ("3", "full_waiver", "2013-16")


def test_write_panel_with_chosen_formats(record: Record, tmp_path: Path) -> None:
    paths = tiptiers.write_panel(tmp_path / "p", "csv", start=2025, record=record)
    assert [p.name for p in paths] == ["tiptiers-panel.csv", "codebook.md", "datapackage.json"]


def test_sanctions_applied_and_a_country_s_history(record: Record) -> None:
    rows = tiptiers.sanctions_applied(2021, 2024, record=record).to_rows()
    assert [r["document"] for r in rows] == ["complete"] * 4
    burma = tiptiers.country_determinations("Burma", record=record)
    assert {g.year for g in burma} >= {2021, 2022, 2023, 2024}


def test_write_sanctions_chart(record: Record, tmp_path: Path) -> None:
    out = tiptiers.write_sanctions_chart(tmp_path / "a.svg", start=2020, record=record)
    assert out.read_text().lstrip().startswith("<svg")
    with pytest.raises(BadInput, match="no such directory"):
        tiptiers.write_sanctions_chart(tmp_path / "none" / "a.svg", record=record)
