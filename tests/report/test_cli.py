"""The commands map, chart and report: files written, bad input refused with one line and
exit code 2, and nothing half-written left behind."""

from __future__ import annotations

from pathlib import Path

import pytest

from tiptiers.cli import main
from tiptiers.model import Record
from tiptiers.report import document


def run(capsys: pytest.CaptureFixture[str], *args: str) -> tuple[int, str, str]:
    code = main([str(a) for a in args])
    out, err = capsys.readouterr()
    return code, out, err


def test_map_writes_svg(tmp_path: Path, capsys: pytest.CaptureFixture[str]) -> None:
    target = tmp_path / "map.svg"
    code, out, err = run(capsys, "map", "2017", "-o", target)
    assert (code, err) == (0, "")
    assert out == f"Wrote {target}\n"
    assert target.read_text(encoding="utf-8").startswith("<svg")


def test_chart_compares_countries_as_html(
    tmp_path: Path, capsys: pytest.CaptureFixture[str]
) -> None:
    target = tmp_path / "chart.html"
    code, _, err = run(capsys, "chart", "China", "--compare", "Russia", "-o", target)
    assert (code, err) == (0, "")
    page = target.read_text(encoding="utf-8")
    assert "vegaEmbed(" in page and "China and Russia" in page


def test_report_quiet_writes_only_the_report(
    tmp_path: Path, capsys: pytest.CaptureFixture[str]
) -> None:
    out_dir = tmp_path / "out"
    code, out, err = run(
        capsys, "report", "2017", "-o", out_dir, "--countries", "China, United States", "-q"
    )
    assert (code, err) == (0, "")
    assert out == f"Wrote {out_dir / 'tip-report-2017.html'}\n"
    assert sorted(p.name for p in tmp_path.iterdir()) == ["out"]  # no staging left over
    assert [p.name for p in out_dir.iterdir()] == ["tip-report-2017.html"]
    html = (out_dir / "tip-report-2017.html").read_text(encoding="utf-8")
    assert 'id="country-CHN"' in html and 'id="country-USA"' in html
    assert 'id="country-RUS"' not in html


@pytest.mark.parametrize(
    ("args", "message"),
    [
        (["report", "2099"], "No report for 2099 in the record: it covers 2001–2025."),
        (["report", "2017", "--countries", "China,Chna"], "Unknown country 'Chna'."),
        (["report", "2017", "--format", "pdf", "--countries", ","], "--countries names no"),
        (["map", "1999"], "No report for 1999 in the record"),
        (["chart", "Chna"], "Unknown country 'Chna'."),
    ],
)
def test_bad_input_is_one_line_and_exit_2_with_nothing_written(
    tmp_path: Path, capsys: pytest.CaptureFixture[str], args: list[str], message: str
) -> None:
    target = tmp_path / ("out" if args[0] == "report" else "x.svg")
    code, _, err = run(capsys, *args, "-o", target)
    assert code == 2
    assert err.startswith("tiptiers: ") and message in err
    assert err.count("\n") == 1 and "Traceback" not in err
    assert list(tmp_path.iterdir()) == []


@pytest.mark.parametrize("where", ["parent-is-a-file", "target-is-a-file", "system-refuses"])
def test_unwritable_output_is_refused_before_any_work(
    tmp_path: Path, capsys: pytest.CaptureFixture[str], where: str
) -> None:
    a_file = tmp_path / "a-file"
    a_file.write_text("x")
    target = {
        "parent-is-a-file": a_file / "out",
        "target-is-a-file": a_file,
        "system-refuses": Path("/proc/tiptiers-report-test"),  # refused even for root
    }[where]
    code, _, err = run(capsys, "report", "2017", "-o", target, "-q", "--countries", "CHN")
    assert code == 2 and err.count("\n") == 1 and str(target.parent) in err
    assert sorted(p.name for p in tmp_path.iterdir()) == ["a-file"]


def test_a_failure_while_building_leaves_nothing_half_written(
    tmp_path: Path, record: Record, monkeypatch: pytest.MonkeyPatch
) -> None:
    existing = tmp_path / "existing"
    existing.mkdir()
    (existing / "keep.txt").write_text("mine")

    def broken(content: object) -> bytes:
        raise RuntimeError("WeasyPrint fell over")

    monkeypatch.setattr(document, "content_to_pdf", broken)
    for out_dir in (existing, tmp_path / "new"):
        with pytest.raises(RuntimeError):
            document.write_report(2017, out_dir, "both", ["CHN"], record=record)
    assert sorted(p.name for p in tmp_path.iterdir()) == ["existing"]
    assert [p.name for p in existing.iterdir()] == ["keep.txt"]


def test_progress_is_reported_once_per_step(tmp_path: Path, record: Record) -> None:
    steps: list[str] = []
    document.write_report(
        2017, tmp_path, "html", ["CHN", "USA"], record=record, progress=steps.append
    )
    assert len(steps) == document.report_steps(2) + 1
    assert "Profile: China" in steps and steps[-1] == "HTML"


def test_a_refused_output_directory_is_one_line_without_quiet_too(
    capsys: pytest.CaptureFixture[str],
) -> None:
    """No empty line left by the progress bar ahead of the error."""
    code, out, err = run(capsys, "report", "2017", "-o", "/proc/tiptiers-report-test")
    assert (code, out) == (2, "")
    assert err.startswith("tiptiers: /proc") and err.count("\n") == 1, repr(err)


def test_a_failure_while_writing_is_one_line_without_quiet(
    tmp_path: Path, capsys: pytest.CaptureFixture[str], monkeypatch: pytest.MonkeyPatch
) -> None:
    import errno

    def full(content: object) -> bytes:
        raise OSError(errno.ENOSPC, "No space left on device")

    monkeypatch.setattr(document, "content_to_pdf", full)
    code, _, err = run(
        capsys, "report", "2017", "-o", tmp_path / "out", "-f", "pdf", "--countries", "CHN"
    )
    assert code == 2
    assert err == (
        f"tiptiers: {tmp_path / 'out'}: cannot write there (No space left on device);"
        " choose another output location.\n"
    )
    assert list(tmp_path.iterdir()) == []


def test_an_existing_directory_the_system_refuses_is_named_not_writable(
    capsys: pytest.CaptureFixture[str],
) -> None:
    """/proc exists: the error says it is not writable, not only the misleading ENOENT that
    creating an entry there gives (os.access lets root through)."""
    code, _, err = run(capsys, "report", "2017", "-o", "/proc", "-q")
    assert code == 2 and err.count("\n") == 1
    assert err.startswith("tiptiers: /proc: not writable"), err


def test_a_read_only_directory_is_refused_with_the_systems_reason_before_any_work(
    tmp_path: Path, capsys: pytest.CaptureFixture[str], monkeypatch: pytest.MonkeyPatch
) -> None:
    import errno
    import tempfile

    def read_only(*args: object, **kwargs: object) -> str:
        raise OSError(errno.EROFS, "Read-only file system")

    def no_work(*args: object, **kwargs: object) -> object:
        raise AssertionError("the report was gathered before the directory was checked")

    monkeypatch.setattr(tempfile, "mkdtemp", read_only)
    monkeypatch.setattr(document, "gather", no_work)
    code, _, err = run(capsys, "report", "2017", "-o", tmp_path / "out", "-q")
    assert code == 2
    assert err == (
        f"tiptiers: {tmp_path}: not writable (the system refused to create a file there:"
        " Read-only file system); choose another output location.\n"
    )


def test_a_regular_file_given_as_the_report_directory_is_refused(
    tmp_path: Path, capsys: pytest.CaptureFixture[str]
) -> None:
    a_file = tmp_path / "a-file"
    a_file.write_text("mine")
    code, _, err = run(capsys, "report", "2017", "-o", a_file)
    assert (code, err) == (2, f"tiptiers: {a_file}: exists and is not a directory.\n")
    assert a_file.read_text() == "mine"


LONG = "x" * 300


@pytest.mark.parametrize(
    "args",
    [
        ("map", "2017", "-o", f"{LONG}.svg"),
        ("chart", "China", "-o", f"{LONG}.svg"),
        ("report", "2017", "-o", LONG),
        ("export", "-o", f"{LONG}.csv"),
        ("export", "--panel", "-o", LONG),
        ("map", "2017", "-o", f"{LONG}/map.svg"),
    ],
)
def test_a_file_name_too_long_is_one_line(
    tmp_path: Path, capsys: pytest.CaptureFixture[str], args: tuple[str, ...]
) -> None:
    *command, name = args
    code, _, err = run(capsys, *command, tmp_path / name)
    assert code == 2
    assert err.count("\n") == 1 and "file name too long (30" in err, err
    assert "internal error" not in err
    assert list(tmp_path.iterdir()) == []


def test_a_name_just_under_the_limit_is_written(
    tmp_path: Path, capsys: pytest.CaptureFixture[str]
) -> None:
    target = tmp_path / ("m" * 251 + ".svg")  # 255 bytes: the temporary name must not grow it
    code, _, err = run(capsys, "map", "2017", "-o", target)
    assert (code, err) == (0, "")
    assert target.exists()
