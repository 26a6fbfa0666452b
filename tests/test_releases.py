"""Report release dates and the counts sources print: packaged, carried into the record's
coverage (where the 7107(c) window starts), and compared with the record's counts."""

from __future__ import annotations

import csv
import io
import json
from collections.abc import Callable

import pytest

from tiptiers.documents import ReportRelease
from tiptiers.errors import BadInput
from tiptiers.model import Record, Tier, YearCoverage
from tiptiers.queries.coverage import count_differences
from tiptiers.record import packaged_record, packaged_releases, parse_release_rows


def test_every_report_has_its_release_date() -> None:
    releases = packaged_releases()
    assert sorted(releases) == list(range(2001, 2026))
    assert releases[2017].release_date == "2017-06-27"
    assert releases[2025].release_date == "2025-09-29"
    rec = packaged_record()
    assert all(rec.coverage[y].release_date == releases[y].release_date for y in rec.years)


def test_a_bad_release_date_fails_loudly_with_its_line() -> None:
    with pytest.raises(BadInput, match=r"report_releases.csv line 2: .*2017-13-01"):
        parse_release_rows([{"report_year": "2017", "release_date": "2017-13-01"}])


def test_printed_counts_that_differ_are_listed_with_the_record_list_state() -> None:
    diffs = {(d.year, d.list): d for d in count_differences(packaged_record(), packaged_releases())}
    # 2001: sources print 23 Tier 3 governments, the record (as its source has it) 22.
    d = diffs[(2001, "3")]
    assert (d.printed, d.recorded, d.difference, d.complete) == (23, 22, -1, True)
    # 2017: the Watch List is partial in the record; the difference says so.
    assert diffs[(2017, "2WL")].complete is False
    # 2015's printed 31/89/44/23 match the record: nothing listed.
    assert not [k for k in diffs if k[0] == 2015]


def test_equal_counts_give_no_difference() -> None:
    cov = YearCoverage(2015, dict.fromkeys(Tier, True))
    from tiptiers.model import Placement

    rec = Record.build([Placement("CHN", 2015, Tier.T3)], [cov])
    same = {2015: ReportRelease(2015, printed={Tier.T3: 1}, countries_ranked=1)}
    other = {2015: ReportRelease(2015, printed={Tier.T3: 2})}
    assert count_differences(rec, same) == []
    assert [d.to_dict()["difference"] for d in count_differences(rec, other)] == [-1]


@pytest.fixture
def cli(capsys: pytest.CaptureFixture[str]) -> Callable[..., tuple[int, str, str]]:
    from tiptiers.cli import main

    def run(*args: str) -> tuple[int, str, str]:
        code = main(list(args))
        out, err = capsys.readouterr()
        return code, out, err

    return run


def test_info_shows_each_release_date(cli: Callable[..., tuple[int, str, str]]) -> None:
    code, out, _ = cli("info", "--format", "json")
    assert code == 0
    by_year = {c["year"]: c for c in json.loads(out)["coverage"]}
    assert by_year[2018]["release_date"] == "2018-06-28"
    code, out, _ = cli("info")
    assert code == 0 and "Released" in out and "2025-09-29" in out


@pytest.mark.parametrize("fmt", ["table", "json", "csv"])
def test_info_check_lists_the_differences(
    cli: Callable[..., tuple[int, str, str]], fmt: str
) -> None:
    code, out, err = cli("info", "--check", "--format", fmt)
    assert code == 0, err
    if fmt == "json":
        rows = json.loads(out)
        assert {"year": 2001, "list": "3", "printed": 23, "recorded": 22}.items() <= rows[0].items()
    elif fmt == "csv":
        rows = list(csv.DictReader(io.StringIO(out)))
        assert rows[0]["record_list_complete"] == "true" and rows[0]["difference"] == "-1"
    else:
        assert "Printed counts that differ" in out and "2001" in out
