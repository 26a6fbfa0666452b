"""Reading the files a user hands tiptiers, bounded: no input makes it read (or hold) more
than a limit fit for what the file is, whatever it is — ``/dev/zero``, a FIFO, a disk image.

Defines :func:`read_bytes` and :func:`read_text` (a file, or standard input for ``-``) and
the limits of each kind of input. Every refusal is a one-line
:class:`~tiptiers.errors.BadInput` naming the file.
"""

from __future__ import annotations

import sys
from pathlib import Path

from tiptiers.errors import BadInput

MB = 1_000_000
ARTICLE_LIMIT = 4 * MB  # a news article, not a corpus
IMPORT_LIMIT = 20 * MB  # the whole record as CSV is about 0.5 MB
ASSESSMENT_LIMIT = 2 * MB  # assessment facts or a scenario (YAML or JSON)


def read_bytes(source: str | Path, limit: int, what: str) -> bytes:
    """At most ``limit`` bytes of ``source`` (a path, or ``-`` for standard input); a file
    with more is refused, naming ``what`` it should be ('an article', 'an import file').

    >>> read_bytes("/dev/zero", 1000, "an import file")
    Traceback (most recent call last):
    ...
    tiptiers.errors.BadInput: /dev/zero: larger than 1,000 bytes, too large for an import file; give a smaller file.
    """
    label = "<stdin>" if str(source) == "-" else str(source)
    if str(source) == "-":
        data = sys.stdin.buffer.read(limit + 1)
    else:
        path = Path(source)
        try:
            if path.is_dir():
                raise BadInput(f"{label}: is a directory, not a file.")
            with path.open("rb") as f:
                data = f.read(limit + 1)
        except FileNotFoundError:
            raise BadInput(f"{label}: no such file.") from None
        except PermissionError:
            raise BadInput(f"{label}: cannot be read (permission denied).") from None
        except OSError as exc:
            raise BadInput(f"{label}: cannot be read ({exc.strerror or exc}).") from None
    if len(data) > limit:
        raise BadInput(
            f"{label}: larger than {limit:,} bytes, too large for {what}; give a smaller file."
        )
    return data


def read_text(source: str | Path, limit: int, what: str) -> str:
    """:func:`read_bytes` decoded as UTF-8 (a byte-order mark is allowed); a file that is not
    UTF-8 text is refused in one line."""
    data = read_bytes(source, limit, what)
    try:
        return data.decode("utf-8-sig")
    except UnicodeDecodeError as exc:
        label = "<stdin>" if str(source) == "-" else str(source)
        raise BadInput(
            f"{label}: not UTF-8 text (byte {exc.start + 1}); save it as UTF-8 and try again."
        ) from None
