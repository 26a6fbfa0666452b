"""Fixtures of the analysis tests: the packaged record and registry, a small record built
from placements, and a runner for the CLI that reads the packaged record (never the
user's database)."""

from __future__ import annotations

from collections.abc import Callable, Iterable
from pathlib import Path

import pytest

from tiptiers.countries import Registry, registry
from tiptiers.model import TIERS, Placement, Record, Tier, YearCoverage
from tiptiers.record import packaged_record


@pytest.fixture(scope="session")
def record() -> Record:
    return packaged_record()


@pytest.fixture(scope="session")
def reg() -> Registry:
    return registry()


def build(
    rows: Iterable[tuple[str, int, str]], years: Iterable[int], partial: Iterable[int] = ()
) -> Record:
    """A record from (iso3, year, tier) rows; every year complete unless in ``partial``
    (then only its Watch List and Tier 3 lists are complete)."""
    part = set(partial)
    cov = [
        YearCoverage(
            y,
            {t: (y not in part or t in (Tier.T2WL, Tier.T3)) for t in TIERS},
        )
        for y in years
    ]
    return Record.build((Placement(i, y, Tier.parse(t)) for i, y, t in rows), cov)


@pytest.fixture(scope="session")
def make_record() -> Callable[..., Record]:
    """The :func:`build` helper, for tests that need a small record of their own."""
    return build


CliRunner = Callable[..., tuple[int, str, str]]


@pytest.fixture
def cli(
    monkeypatch: pytest.MonkeyPatch, capsys: pytest.CaptureFixture[str], tmp_path: Path
) -> CliRunner:
    """Run ``tiptiers ARGS`` through ``tiptiers.cli.main`` on the packaged record:
    returns (exit code, stdout, stderr)."""
    from tiptiers import api
    from tiptiers.cli import main

    monkeypatch.delenv("TIPTIERS_DATABASE_URL", raising=False)
    monkeypatch.setenv("XDG_DATA_HOME", str(tmp_path / "xdg-data"))
    monkeypatch.setenv("COLUMNS", "120")
    monkeypatch.setattr(api, "record", packaged_record)

    def run(*args: str) -> tuple[int, str, str]:
        capsys.readouterr()
        code = main(list(args))
        out, err = capsys.readouterr()
        return code, out, err

    return run
