"""Writing report output safely: to a temporary file or directory beside the target, then
moved into place, so that a failure never leaves a half-written file behind.

(The CLI has its own helpers in ``tiptiers.cli.files``; these live here so that the web app
and the Python API can write reports without importing the command line.)
"""

from __future__ import annotations

import os
import tempfile
from pathlib import Path

from tiptiers.errors import BadInput


def check_writable_dir(directory: Path) -> None:
    """Raise BadInput unless ``directory`` exists (or can be created) and is writable.

    Writability is tested by doing what the writers do, creating (and at once removing) an
    empty temporary directory there: ``os.access`` alone passes for root on /proc, /sys and
    read-only mounts, where only the attempt tells.
    """
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
    directory = path.parent if str(path.parent) else Path(".")
    check_writable_dir(directory)
    if path.exists() and path.is_dir():
        raise BadInput(f"{path}: is a directory; give a file name.")
    try:
        fd, tmp = tempfile.mkstemp(prefix=f".{path.name}.", dir=directory)
    except OSError as exc:
        raise refused(directory, exc) from None
    try:
        with os.fdopen(fd, "wb") as f:
            f.write(data)
        os.chmod(tmp, 0o644)
        os.replace(tmp, path)
    except BaseException as exc:
        if os.path.exists(tmp):
            os.unlink(tmp)
        if isinstance(exc, OSError):
            raise unwritable(path, exc) from None
        raise
