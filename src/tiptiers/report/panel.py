"""The researcher's panel as files: CSV, Parquet and Stata ``.dta``, a codebook, and a
Frictionless Data Package (``datapackage.json``) that describes them.

The rows and the codebook are the core's (:func:`tiptiers.analysis.panel.panel`,
:data:`~tiptiers.analysis.panel.PANEL_FIELDS`); this module only writes them. pyarrow
(Parquet) and pandas (Stata) are imported when those files are written, never at start-up.
:func:`write_panel` writes every file into a temporary directory beside the target and then
moves them into place, so a failure leaves no half-written package.
"""

from __future__ import annotations

import hashlib
import io
import json
import os
import shutil
import tempfile
from collections.abc import Callable, Sequence
from datetime import date
from pathlib import Path
from typing import Any

from tiptiers.analysis.panel import Panel
from tiptiers.analysis.panel_fields import PanelField
from tiptiers.citation import Citation
from tiptiers.errors import BadInput
from tiptiers.report.files import check_writable_dir, refused, unwritable

STEM = "tiptiers-panel"
FORMATS: tuple[str, ...] = ("csv", "parquet", "dta")
MEDIA_TYPES = {
    "csv": "text/csv",
    "parquet": "application/vnd.apache.parquet",
    "dta": "application/x-stata-dta",
    "json": "application/json",
    "md": "text/markdown",
}
CODEBOOK = "codebook.md"
DESCRIPTOR = "datapackage.json"
STATA_VERSION = 118  # Stata 14+: UTF-8 strings (Côte d'Ivoire, Curaçao)

#: Called with the name of each file as it is written.
FileProgress = Callable[[str], None]


def parse_formats(text: str | Sequence[str] | None) -> tuple[str, ...]:
    """The data formats asked for ('csv,parquet'); all of :data:`FORMATS` when None."""
    if text is None:
        return FORMATS
    items = text.split(",") if isinstance(text, str) else list(text)
    wanted = [x.strip().lower().lstrip(".") for x in items if x.strip()]
    bad = [x for x in wanted if x not in FORMATS]
    if bad or not wanted:
        raise BadInput(
            f"Unknown panel format '{', '.join(bad) or text}': use csv, parquet or dta,"
            " comma-separated."
        )
    return tuple(f for f in FORMATS if f in wanted)


# -- the data files --------------------------------------------------------------------------
def csv_text(p: Panel) -> str:
    """The panel as CSV: the codebook's columns; blank for missing, true/false for booleans."""
    from tiptiers import tabular

    return tabular.csv_text(p.rows, p.columns)


def parquet_bytes(p: Panel) -> bytes:
    """The panel as Parquet, typed by the codebook, each column described in its metadata."""
    import pyarrow as pa
    import pyarrow.parquet as pq

    types = {"string": pa.string(), "integer": pa.int32(), "boolean": pa.bool_()}
    fields = []
    arrays = []
    for f in p.fields:
        values = [r[f.name] for r in p.rows]
        if f.type == "date":
            kind = pa.date32()
            values = [date.fromisoformat(v) if v else None for v in values]
        else:
            kind = types[f.type]
        meta = {"title": f.title, "description": f.description}
        fields.append(pa.field(f.name, kind, nullable=not f.required, metadata=meta))
        arrays.append(pa.array(values, type=kind))
    table = pa.Table.from_arrays(arrays, schema=pa.schema(fields))
    sink = io.BytesIO()
    pq.write_table(table, sink, compression="zstd")
    return sink.getvalue()


def stata_bytes(p: Panel) -> bytes:
    """The panel as a Stata 14+ ``.dta``: variable labels from the codebook's titles; value
    labels for the tier ordinal, the true/false variables (1/0) and every string column with
    listed values (stored as the codes 1, 2, ... of the codebook); dates as ``%td``; and each
    blank of a numeric column as the extended missing value saying why (``.a`` not
    applicable, ``.b`` undetermined, ``.c`` not in the record)."""
    import pandas as pd

    data: dict[str, Any] = {}
    value_labels: dict[str, dict[float, str]] = {}
    for f in p.fields:
        values = [r[f.name] for r in p.rows]
        labels = f.stata_labels
        if f.type == "string" and f.enum:
            code = {v: i for i, v in labels}
            data[f.name] = pd.Series([code.get(v) for v in values], dtype="Int16")
        elif f.type == "string":
            data[f.name] = pd.Series(["" if v is None else v for v in values], dtype=object)
        elif f.type == "integer":
            data[f.name] = pd.Series(values, dtype="Int32")
        elif f.type == "boolean":
            data[f.name] = pd.Series([None if v is None else int(v) for v in values], dtype="Int8")
        else:  # date
            data[f.name] = pd.to_datetime(pd.Series(values, dtype=object), format="%Y-%m-%d")
        if labels:
            value_labels[f.name] = {float(k): label for k, label in labels}
    frame = pd.DataFrame(data)
    sink = io.BytesIO()
    frame.to_stata(
        sink,
        write_index=False,
        version=STATA_VERSION,
        data_label="tiptiers: TIP Report tiers, country-year panel",
        variable_labels={f.name: f.title[:80] for f in p.fields},
        value_labels=value_labels,  # type: ignore[arg-type]
        convert_dates={f.name: "td" for f in p.fields if f.type == "date"},
    )
    reasons = [
        [
            (p.missing[i].get(f.name, "a") if p.missing else "a")
            if p.rows[i][f.name] is None and f.type in ("integer", "boolean", "string")
            else None
            for f in p.fields
        ]
        for i in range(len(p.rows))
    ]
    return extended_missing(sink.getvalue(), reasons)


#: Stata's system missing value '.' per storage type (format 118), and the step from one
#: extended missing value to the next (.a = . + step, .b = . + 2 step, ...).
_MISSING: dict[int, tuple[str, int, int]] = {
    65530: ("<b", 101, 1),  # byte
    65529: ("<h", 32741, 1),  # int
    65528: ("<l", 2147483621, 1),  # long
    65527: ("<I", 0x7F000000, 0x800),  # float, as its bits
    65526: ("<Q", 0x7FE0000000000000, 0x10000000000),  # double, as its bits
}


def extended_missing(dta: bytes, reasons: Sequence[Sequence[str | None]]) -> bytes:
    """A format-118 ``.dta`` whose missing numeric cells become the extended missing values
    ``reasons`` give (row by row, column by column: 'a'-'z', or None to leave the cell).

    pandas writes every missing number as '.'; this rewrites the cells in place, reading the
    storage types and the data's offset from the file's own map.
    """
    import struct

    out = bytearray(dta)
    at = dta.index(b"<map>") + 5
    offsets = struct.unpack_from("<14Q", dta, at)
    k = struct.unpack_from("<H", dta, dta.index(b"<K>") + 3)[0]
    types = struct.unpack_from(f"<{k}H", dta, offsets[2] + len(b"<variable_types>"))
    widths = [
        t if t <= 2045 else {32768: 8, 65526: 8, 65527: 4, 65528: 4, 65529: 2, 65530: 1}[t]
        for t in types
    ]
    starts = [sum(widths[:j]) for j in range(k)]
    row_width = sum(widths)
    data = offsets[9] + len(b"<data>")
    for i, row in enumerate(reasons):
        for j, letter in enumerate(row):
            if letter is None or types[j] not in _MISSING:
                continue
            fmt, dot, step = _MISSING[types[j]]
            pos = data + i * row_width + starts[j]
            if struct.unpack_from(fmt, out, pos)[0] != dot:
                continue  # not the '.' pandas wrote: a value, never overwritten
            struct.pack_into(fmt, out, pos, dot + step * (ord(letter) - ord("a") + 1))
    return bytes(out)


WRITERS: dict[str, Callable[[Panel], bytes]] = {
    "csv": lambda p: csv_text(p).encode("utf-8"),
    "parquet": parquet_bytes,
    "dta": stata_bytes,
}


# -- the codebook and the descriptor -----------------------------------------------------------
def codebook_markdown(p: Panel, citation: str = "") -> str:
    """The codebook: what the panel is, every column with its type, meaning and missing
    codes, the engine's flag codes, and how to cite the package."""
    lines = [
        "# tiptiers panel: codebook",
        "",
        f"One row per country and TIP Report year, {p.start}–{p.end}: every country or"
        " territory the record places, in every report year (a balanced panel). A"
        " country-year without a placement keeps its row; `presence` says what the record"
        " knows of it and the tier stays blank. Nothing is filled in or carried forward.",
        "",
        "The Watch List clock variables are the law engine's (22 U.S.C. 7107(b)(2)(D)-(F), see"
        " docs/LAW.md of tiptiers), computed from the published record alone; the plain counts"
        " (streak, lag, years in the report) are counted from the tier column. Missing values"
        " are blank in the CSV and null in Parquet; in Stata they are the extended missing"
        " values below, true/false are 1/0 and every string column with listed values is"
        " stored as the codes 1, 2, ... of its values in the order listed, each with its value"
        " label. (In pandas, `pd.read_stata(path)` gives the labels as categories and the"
        " dates; `pd.read_stata(path, convert_missing=True, convert_categoricals=False,"
        " convert_dates=False)` gives the codes and the `.a`/`.b`/`.c` of each blank: pandas"
        " cannot do both at once.)",
        "",
        f"Rows: {len(p.rows)}. Key: `iso3`, `year`.",
        "",
        codebook_reference(p.fields),
    ]
    if citation:
        lines += ["## How to cite", "", citation, ""]
    return "\n".join(lines).rstrip("\n") + "\n"


def codebook_reference(fields: Sequence[PanelField]) -> str:
    """The part of the codebook that docs/PANEL.md repeats: the columns, the missing codes
    and the engine's flag codes."""
    from tiptiers.analysis.panel_fields import ENGINE_FLAG_CODES, MISSING_CODES

    lines = ["| column | type | title | meaning | missing |", "|---|---|---|---|---|"]
    for f in fields:
        meaning = f.description
        if f.enum:
            meaning += " Values: " + ", ".join(f"`{v}`" for v in f.enum) + "."
        if f.value_labels:
            meaning += " Values: " + ", ".join(f"{v} = {label}" for v, label in f.value_labels)
            meaning += "."
        codes = " ".join(f".{c}" for c in f.missing)
        lines.append(
            f"| `{f.name}` | {f.type} | {f.title} | {meaning.replace('|', '/')} | {codes} |"
        )
    lines += [
        "",
        "### Missing values",
        "",
        "| Stata | meaning |",
        "|---|---|",
        *(f"| `.{code}` | {text} |" for code, text in MISSING_CODES.items()),
        "",
        "### Codes in `engine_flags`",
        "",
        "E1-E16 are the ambiguities of the statute the engine surfaces instead of choosing"
        " silently (docs/LAW.md section 8); the others are findings about a placement.",
        "",
        "| code | meaning |",
        "|---|---|",
        *(f"| `{code}` | {text} |" for code, text in ENGINE_FLAG_CODES.items()),
        "",
    ]
    return "\n".join(lines)


def table_schema(fields: Sequence[PanelField]) -> dict[str, Any]:
    """The Frictionless Table Schema of the panel."""
    return {
        "fields": [f.to_schema() for f in fields],
        "primaryKey": ["iso3", "year"],
        "missingValues": [""],
    }


def descriptor(
    p: Panel, files: dict[str, bytes], version: str, about: Citation | None = None
) -> dict[str, Any]:
    """The ``datapackage.json`` for the files written (name -> content): every file with its
    size and hash, the CSV's Table Schema, and the package's version, licence, creation time,
    commit and citation (``about``, :func:`tiptiers.citation.cite`)."""
    from datetime import UTC, datetime

    from tiptiers.citation import LICENSE, PRIMARY_SOURCE

    schema = table_schema(p.fields)
    resources: list[dict[str, Any]] = []
    for name, content in files.items():
        suffix = name.rsplit(".", 1)[-1]
        res: dict[str, Any] = {
            "name": name.replace(".", "-"),
            "path": name,
            "format": suffix,
            "mediatype": MEDIA_TYPES[suffix],
            "bytes": len(content),
            "hash": "sha256:" + hashlib.sha256(content).hexdigest(),
        }
        if suffix == "csv":
            res.update(
                {
                    "title": "The panel (CSV)",
                    "encoding": "utf-8",
                    "dialect": {"delimiter": ",", "header": True},
                    "schema": schema,
                }
            )
        elif suffix == "parquet":
            # Declared a file, not a table: frictionless reads Parquet through pandas, which
            # turns a null integer into NaN and then fails its own integer check. The file's
            # own schema is typed; its size and hash are checked like the .dta's.
            res.update(
                {
                    "type": "file",
                    "title": "The panel (Parquet)",
                    "description": "The same rows and columns as the CSV, typed as its Table"
                    " Schema says, each column described in the Parquet metadata.",
                }
            )
        elif suffix == "dta":
            res.update(
                {
                    "type": "file",
                    "title": "The panel (Stata 14+ .dta)",
                    "description": "The same rows and columns; true/false as 1/0, variable"
                    " and value labels from the codebook.",
                }
            )
        else:
            res.update({"title": "Codebook", "encoding": "utf-8"})
        resources.append(res)
    meta: dict[str, Any] = {
        "$schema": "https://datapackage.org/profiles/2.0/datapackage.json",
        "name": "tiptiers-panel",
        "title": f"TIP Report tiers, country-year panel {p.start}-{p.end}",
        "description": "One row per country and U.S. Trafficking in Persons Report year, with"
        " the tier and the previous report's, the Watch List clock (streak, counted years,"
        " waiver years used), the automatic downgrade (stated by a source or derived by the"
        " law engine), the determinations of 22 U.S.C. 7107(d) (the texts on record and, beside"
        " them, Kelley & Simmons' coding), ISO and Correlates of War codes, the regional bureau"
        " then and today, each row's source and each year's completeness. Exported by"
        " tiptiers; see codebook.md.",
        "version": version,
        "created": datetime.now(UTC).replace(microsecond=0).isoformat().replace("+00:00", "Z"),
        "licenses": [
            {
                "name": LICENSE,
                "path": "https://opensource.org/licenses/MIT",
                "title": "MIT License (tiptiers and its compilation of the record)",
            }
        ],
        "keywords": ["human trafficking", "TIP Report", "TVPA", "panel data"],
        "contributors": [
            {"title": about.publisher if about else "The tiptiers authors", "roles": ["creator"]}
        ],
        "sources": [
            {"title": PRIMARY_SOURCE},
            {"title": "tiptiers record: see docs/DATA.md for the source of every row"},
            {
                "title": "Kelley & Simmons, replication data of their American Journal of"
                " Political Science article (kelley_simmons_ajps_2014_replication.dta, via"
                " andrewheiss/scorecard-diplomacy): the ks_* columns and"
                " sanctions_full_waiver_ks"
            },
        ],
        "resources": resources,
    }
    if about is not None:
        meta["tiptiers"] = {
            "version": about.version,
            "commit": about.commit,
            "commit_date": about.date,
            "modified": about.modified,
        }
        if about.url:
            meta["homepage"] = about.url
        meta["citation"] = {
            "text": about.text(),
            "bibtex": about.bibtex(),
            "csl": about.to_csl(),
        }
    return meta


# -- writing ---------------------------------------------------------------------------------
def package_files(
    p: Panel,
    formats: Sequence[str] = FORMATS,
    progress: FileProgress | None = None,
    citation: Citation | None = None,
) -> dict[str, bytes]:
    """Every file of the package, by name: the data files, the codebook and the descriptor
    (``citation``: :func:`tiptiers.citation.cite`'s by default)."""
    from tiptiers.citation import cite
    from tiptiers.version import __version__

    files: dict[str, bytes] = {}
    for fmt in formats:
        name = f"{STEM}.{fmt}"
        if progress:
            progress(name)
        files[name] = WRITERS[fmt](p)
    about = cite() if citation is None else citation
    if progress:
        progress(CODEBOOK)
    files[CODEBOOK] = codebook_markdown(p, about.text()).encode("utf-8")
    if progress:
        progress(DESCRIPTOR)
    meta = descriptor(p, files, __version__, about)
    files[DESCRIPTOR] = (json.dumps(meta, ensure_ascii=False, indent=2) + "\n").encode("utf-8")
    return files


#: The single files ``-o FILE`` can write, by the suffix that asks for them.
SINGLE_FILE_SUFFIXES: dict[str, str] = {
    ".csv": "csv",
    ".json": "json",
    ".parquet": "parquet",
    ".dta": "dta",
    ".zip": "zip",
}


def single_file_format(path: Path) -> str | None:
    """The format of a single-file export that ``path`` names by its suffix (``panel.csv``,
    ``panel.dta``, ``panel.zip``: the package zipped), or None for a package's folder (no
    such suffix, or an existing directory)."""
    kind = SINGLE_FILE_SUFFIXES.get(path.suffix.lower())
    if kind is None or path.is_dir():
        return None
    return kind


def package_names(formats: Sequence[str] = FORMATS) -> list[str]:
    """The names of the package's files for these data formats."""
    return [f"{STEM}.{fmt}" for fmt in formats] + [CODEBOOK, DESCRIPTOR]


def previous_package(directory: Path) -> dict[str, str]:
    """The files a tiptiers panel export left in ``directory``, by name, with the hash its
    ``datapackage.json`` recorded (``datapackage.json`` itself: ``""``); empty when there is
    none, or the descriptor is not a tiptiers panel's."""
    try:
        meta = json.loads((directory / DESCRIPTOR).read_text(encoding="utf-8"))
    except (OSError, ValueError):
        return {}
    if not isinstance(meta, dict) or meta.get("name") != "tiptiers-panel":
        return {}
    out = {DESCRIPTOR: ""}
    for res in meta.get("resources") or ():
        if isinstance(res, dict) and isinstance(res.get("path"), str):
            out[res["path"]] = str(res.get("hash", ""))
    return out


def _unchanged(path: Path, recorded: str) -> bool:
    if recorded == "":
        return True
    try:
        return "sha256:" + hashlib.sha256(path.read_bytes()).hexdigest() == recorded
    except OSError:
        return False


def plan_replacement(directory: Path, names: Sequence[str], replace: bool = False) -> list[str]:
    """Check what writing ``names`` into ``directory`` would replace, before any work.

    A file of an earlier tiptiers panel export, unchanged since (its hash is the one its
    ``datapackage.json`` recorded), is replaced; any other file of the same name (a
    ``codebook.md`` of your own, a codebook edited after the export) is refused unless
    ``replace``. Returns the names of the earlier export's files that the new package does
    not write (e.g. the ``.dta`` when only CSV is asked for now): they would describe other
    rows, so :func:`write_panel` removes them.
    """
    if not directory.is_dir():
        return []
    earlier = previous_package(directory)
    theirs = [
        n
        for n in names
        if (directory / n).exists() and not (n in earlier and _unchanged(directory / n, earlier[n]))
    ]
    if theirs and not replace:
        what = ", ".join(theirs)
        raise BadInput(
            f"{directory}: {what} {'is' if len(theirs) == 1 else 'are'} not from a tiptiers"
            " panel export (or changed since); add --force to replace, or choose another folder."
        )
    return [
        n
        for n, h in earlier.items()
        if n not in names and (directory / n).is_file() and _unchanged(directory / n, h)
    ]


def write_panel(
    p: Panel,
    directory: str | Path,
    formats: Sequence[str] = FORMATS,
    progress: FileProgress | None = None,
    *,
    replace: bool = False,
) -> list[Path]:
    """Write the package into ``directory`` (created if its parent exists): every file goes
    to a temporary directory beside it first, then into place. A file of the same name that
    an earlier tiptiers export did not write is refused unless ``replace``
    (:func:`plan_replacement`); the earlier export's files the new package does not write are
    removed. Returns the paths written."""
    out = Path(directory)
    check_writable_dir(out)
    stale = plan_replacement(out, package_names(formats), replace)  # before any work
    files = package_files(p, formats, progress)
    parent = out if out.exists() else out.parent
    try:
        tmp = Path(tempfile.mkdtemp(prefix=".tiptiers-panel-", dir=parent))
    except OSError as exc:
        raise refused(parent, exc) from None
    try:
        for name, content in files.items():
            (tmp / name).write_bytes(content)
            os.chmod(tmp / name, 0o644)
        out.mkdir(exist_ok=True)
        written = []
        for name in files:
            os.replace(tmp / name, out / name)
            written.append(out / name)
        for name in stale:
            (out / name).unlink(missing_ok=True)
    except OSError as exc:
        raise unwritable(out, exc) from None
    finally:
        shutil.rmtree(tmp, ignore_errors=True)
    return written


def single_file_bytes(p: Panel, kind: str) -> bytes:
    """One file of the panel: ``csv``, ``json`` (the rows), ``parquet``, ``dta``, or ``zip``
    (the whole package)."""
    if kind == "json":
        return (json.dumps(p.to_rows(), ensure_ascii=False, indent=1) + "\n").encode("utf-8")
    if kind == "zip":
        return zip_bytes(package_files(p))
    return WRITERS[kind](p)


def zip_bytes(files: dict[str, bytes]) -> bytes:
    """The package as one ZIP archive (the web download), in a folder tiptiers-panel/."""
    import zipfile

    sink = io.BytesIO()
    with zipfile.ZipFile(sink, "w", zipfile.ZIP_DEFLATED) as z:
        for name, content in files.items():
            info = zipfile.ZipInfo(f"{STEM}/{name}", date_time=(1980, 1, 1, 0, 0, 0))
            info.compress_type = zipfile.ZIP_DEFLATED
            info.external_attr = 0o644 << 16
            z.writestr(info, content)
    return sink.getvalue()
