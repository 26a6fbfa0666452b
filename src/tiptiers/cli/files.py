"""Writing output files safely: to a temporary file beside the target, then renamed, so a
failure never leaves a half-written file."""

from __future__ import annotations

import os
import tempfile
from collections.abc import Callable
from pathlib import Path
from typing import IO, Any

from tiptiers.errors import BadInput


def check_writable_dir(directory: Path) -> None:
    if directory.exists() and not directory.is_dir():
        raise BadInput(f"{directory}: exists and is not a directory.")
    parent = directory if directory.exists() else directory.parent
    if not parent.exists():
        raise BadInput(f"{parent}: no such directory; create it first.")
    if not os.access(parent, os.W_OK):
        raise BadInput(f"{parent}: not writable; choose another output location.")


def write_atomically(path: Path, write: Callable[[IO[str]], Any], mode: str = "w") -> None:
    """Call ``write`` with a file object, then move the result to ``path``."""
    parent = path.parent if str(path.parent) else Path(".")
    if not parent.is_dir():
        raise BadInput(f"{parent}: no such directory; create it first.")
    check_writable_dir(parent)
    try:
        fd, tmp = tempfile.mkstemp(prefix=f".{path.name}.", dir=path.parent or Path("."))
    except OSError as exc:
        raise BadInput(
            f"{path}: cannot be written ({exc.strerror or type(exc).__name__})."
        ) from None
    try:
        with os.fdopen(fd, mode, encoding=None if "b" in mode else "utf-8", newline="") as f:
            write(f)
        os.replace(tmp, path)
    except OSError as exc:
        if os.path.exists(tmp):
            os.unlink(tmp)
        raise BadInput(
            f"{path}: cannot be written ({exc.strerror or type(exc).__name__})."
        ) from None
    except BaseException:
        if os.path.exists(tmp):
            os.unlink(tmp)
        raise
