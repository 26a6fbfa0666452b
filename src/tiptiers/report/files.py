"""Writing output files safely: to a temporary file or directory beside the target, then
moved into place, so that a failure never leaves a half-written file behind; and every
refusal of the system (no such directory, not writable, a name too long) a one-line
:class:`~tiptiers.errors.BadInput`.

The one home of these helpers for every writer: the CLI, the Python API, the web app and the
reports (none of them imports the command line).
"""

from __future__ import annotations

import os
import tempfile
from collections.abc import Callable
from pathlib import Path
from typing import IO, Any

from tiptiers.errors import BadInput

NAME_MAX = 255  # bytes in one file name on the usual file systems (ext4, xfs, btrfs, tmpfs)


def check_names(path: Path) -> None:
    """Raise BadInput if a part of ``path`` is longer than a file name may be.

    >>> check_names(Path("out") / ("x" * 300 + ".svg"))
    Traceback (most recent call last):
    ...
    tiptiers.errors.BadInput: xxxxxxxxxxxxxxxxxxxxxxxx...xxx.svg: file name too long (304 bytes; at most 255); choose a shorter name.
    """
    for part in path.parts:
        size = len(os.fsencode(part))
        if size > NAME_MAX:
            shown = part if len(part) <= 40 else f"{part[:24]}...{part[-7:]}"
            raise BadInput(
                f"{shown}: file name too long ({size} bytes; at most {NAME_MAX});"
                " choose a shorter name."
            )


def check_writable_dir(directory: Path) -> None:
    """Raise BadInput unless ``directory`` exists (or can be created) and is writable.

    Writability is tested by doing what the writers do, creating (and at once removing) an
    empty temporary directory there: ``os.access`` alone passes for root on /proc, /sys and
    read-only mounts, where only the attempt tells.
    """
    check_names(directory)
    try:
        _check_writable_dir(directory)
    except OSError as exc:  # e.g. a path too long as a whole (ENAMETOOLONG), a loop of links
        raise unwritable(directory, exc) from None


def _check_writable_dir(directory: Path) -> None:
    if directory.exists() and not directory.is_dir():
        raise BadInput(f"{directory}: exists and is not a directory.")
    parent = directory if directory.exists() else directory.parent
    if not parent.exists():
        raise BadInput(f"{parent}: no such directory; create it first.")
    if not parent.is_dir():
        raise BadInput(f"{parent}: is not a directory.")
    if not os.access(parent, os.W_OK | os.X_OK):
        raise BadInput(f"{parent}: not writable; choose another output location.")
    try:
        probe = tempfile.mkdtemp(prefix=".tiptiers-probe-", dir=parent)
    except OSError as exc:
        raise refused(parent, exc) from None
    os.rmdir(probe)


def check_file_target(path: Path) -> None:
    """Raise BadInput unless ``path`` can be written as a file: its folder exists and is
    writable (a file's folder is not created, unlike an output directory's)."""
    folder = path.parent if str(path.parent) else Path(".")
    if not folder.exists():
        raise BadInput(f"{folder}: no such directory; create it first.")
    if path.is_dir():
        raise BadInput(f"{path}: is a directory; give a file name.")
    check_writable_dir(folder)


def refused(directory: Path, exc: OSError) -> BadInput:
    """The one-line error for an existing directory in which the system refused to create
    anything: it names the operation, since the bare OS error can mislead (/proc answers
    "No such file or directory" although it exists)."""
    why = exc.strerror or type(exc).__name__
    return BadInput(
        f"{directory}: not writable (the system refused to create a file there: {why});"
        " choose another output location."
    )


def unwritable(path: Path, exc: OSError) -> BadInput:
    """The one-line error for an output location the system refused."""
    why = exc.strerror or type(exc).__name__
    return BadInput(f"{path}: cannot write there ({why}); choose another output location.")


def write_bytes_atomically(path: Path, data: bytes) -> None:
    """Write ``data`` to a temporary file beside ``path``, then rename it to ``path``."""

    def write(f: IO[Any]) -> None:
        f.write(data)

    write_atomically(path, write, "wb")


def write_atomically(path: Path, write: Callable[[IO[Any]], Any], mode: str = "w") -> None:
    """Call ``write`` with a file object (text, UTF-8, unless ``mode`` has ``b``) of a
    temporary file beside ``path``, then rename it to ``path``: a failure leaves no
    half-written file."""
    directory = path.parent if str(path.parent) else Path(".")
    check_names(path)
    check_writable_dir(directory)
    try:
        is_dir = path.is_dir()
    except OSError as exc:
        raise unwritable(path, exc) from None
    if is_dir:
        raise BadInput(f"{path}: is a directory; give a file name.")
    try:
        # The temporary name does not grow with the target's: a name near the limit works.
        fd, tmp = tempfile.mkstemp(prefix=".tiptiers-", dir=directory)
    except OSError as exc:
        raise refused(directory, exc) from None
    try:
        encoding = None if "b" in mode else "utf-8"
        with os.fdopen(fd, mode, encoding=encoding, newline=None if "b" in mode else "") as f:
            write(f)
        os.chmod(tmp, 0o644)
        os.replace(tmp, path)
    except BaseException as exc:
        if os.path.exists(tmp):
            os.unlink(tmp)
        if isinstance(exc, OSError):
            raise unwritable(path, exc) from None
        raise
