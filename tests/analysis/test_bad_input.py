"""Bad input to the analysis commands: exit code 2 and one line naming the problem.

Each case is pinned to its exact message, as a user sees it on stderr.
"""

from __future__ import annotations

from collections.abc import Callable

import pytest

REGION_CHOICES = (
    "AF (Africa), EAP (East Asia and Pacific), EUR (Europe and Eurasia), NEA (Near East),"
    " SCA (South and Central Asia), WHA (Western Hemisphere)"
)

CASES = [
    (
        ["audit", "--from", "2017", "--to", "2013"],
        "The year range is reversed: it starts in 2017 and ends in 2013.",
    ),
    (
        ["transitions", "--from", "2020", "--to", "2010"],
        "The year range is reversed: it starts in 2020 and ends in 2010.",
    ),
    (
        ["audit", "--from", "1990"],
        "The year range starts in 1990, outside the record: it covers 2001–2025.",
    ),
    (
        ["transitions", "--to", "2030"],
        "The year range ends in 2030, outside the record: it covers 2001–2025.",
    ),
    (
        ["transitions", "--from", "2013", "--to", "2013"],
        "The year range 2013–2013 is too short: it needs at least 2 report years.",
    ),
    (["audit", "--country", "Chna"], "Unknown country 'Chna'. Did you mean: China?"),
    (["trajectory", "Chna"], "Unknown country 'Chna'. Did you mean: China?"),
    (["transitions", "--region", "Mars"], f"Unknown region 'Mars': use one of {REGION_CHOICES}."),
    (["year", "2017", "--region", ""], f"Unknown region '': use one of {REGION_CHOICES}."),
    (["transitions", "--region", ""], f"Unknown region '': use one of {REGION_CHOICES}."),
    (
        ["audit", "--kind", "bribery"],
        "Unknown kind of finding 'bribery': use one of watch_list_over_limit,"
        " relisting_cap_exceeded, tier3_not_forced, mandatory_downgrade, clock_exit_upgrade,"
        " record_gap, ambiguity, determination_not_tier3, tier3_without_determination,"
        " determination_outside_window.",
    ),
    (["regions", "1999"], "No report for 1999 in the record: it covers 2001–2025."),
    (["trajectory"], "Give a COUNTRY, or --longest N for the longest Watch List runs."),
    (["trajectory", "--longest", "0"], "The number of runs must be at least 1, not 0."),
    (
        ["forecast", "2030"],
        "Cannot forecast 2030: a forecast needs the report before it and a move to learn from;"
        " with the record covering 2001–2025, forecasts run 2003–2026.",
    ),
    (
        ["forecast", "2017", "--backtest"],
        "--backtest scores every year: limit it with --from/--to, not YEAR.",
    ),
    (
        ["forecast", "--from", "2010"],
        "--from and --to go with --backtest; a forecast is for one YEAR.",
    ),
    (
        ["forecast", "--backtest", "--from", "2001"],
        "The backtest cannot start in 2001: each year scored needs two earlier reports, so with"
        " the record covering 2001–2025 a backtest runs 2003–2025.",
    ),
    (
        ["forecast", "--backtest", "--from", "2020", "--to", "2010"],
        "The year range is reversed: it starts in 2020 and ends in 2010.",
    ),
]


@pytest.mark.parametrize(("args", "message"), CASES, ids=[" ".join(a) for a, _ in CASES])
def test_bad_input_is_one_line_and_exit_2(
    cli: Callable[..., tuple[int, str, str]], args: list[str], message: str
) -> None:
    code, out, err = cli(*args)
    assert code == 2
    assert out == ""
    assert err == f"tiptiers: {message}\n"
