"""Fingerprinted asset URLs: every file the pages load is served under a name that carries
its content's hash, ``/assets/<hash>/vendor/vega.min.js``, with a year-long immutable
``Cache-Control`` — a browser fetches Vega once, and a new release (new bytes, new hash)
is never hidden behind an old copy. ``/static/...`` still answers, without the long cache.
An asset is gzipped once, at its first request, not on every one (the app's GZipMiddleware
passes an answer that is already encoded through unchanged).
"""

from __future__ import annotations

import gzip
import hashlib
import mimetypes
from functools import cache
from importlib import resources
from importlib.resources.abc import Traversable

from starlette.responses import Response

#: Served from package data other than web/static (the world geometry of the map).
DATA_FILES = {"world-110m.json": "tiptiers.data"}
IMMUTABLE = "public, max-age=31536000, immutable"


@cache
def _index() -> dict[str, Traversable]:
    """Every asset by its name: the files under web/static and :data:`DATA_FILES`, listed
    once. A request names one of them or none: an unknown name is answered from this list
    without touching the file system and is never remembered (a cache of misses would grow
    with every name a client invents)."""
    found: dict[str, Traversable] = {
        name: resources.files(package).joinpath(name) for name, package in DATA_FILES.items()
    }

    def walk(folder: Traversable, prefix: str) -> None:
        for entry in folder.iterdir():
            if entry.is_dir():
                walk(entry, f"{prefix}{entry.name}/")
            elif entry.is_file():
                found[prefix + entry.name] = entry

    walk(resources.files("tiptiers.web").joinpath("static"), "")
    return found


@cache
def _read(name: str) -> bytes:
    # Only names of _index reach here: the cache holds at most the package's assets
    # (about 3 MB), whatever clients ask for.
    return _index()[name].read_bytes()


def asset_bytes(name: str) -> bytes | None:
    """The bytes of a static asset (None if there is no such file).

    >>> asset_bytes("no/such/file.js") is None
    True
    >>> asset_bytes("a" * 2000) is None
    True
    """
    if name not in _index():
        return None
    return _read(name)


@cache
def digest(name: str) -> str:
    data = asset_bytes(name)
    if data is None:
        raise KeyError(name)
    return hashlib.sha256(data).hexdigest()[:12]


def asset_url(name: str) -> str:
    """The fingerprinted URL of ``name`` (a path under web/static, or world-110m.json).

    >>> asset_url("vendor/vega.min.js").startswith("/assets/")
    True
    """
    return f"/assets/{digest(name)}/{name}"


@cache
def _gzipped(name: str) -> bytes:
    data = asset_bytes(name)
    assert data is not None
    return gzip.compress(data, compresslevel=9, mtime=0)


def asset_response(fingerprint: str, name: str, *, gzip_ok: bool = False) -> Response | None:
    """The asset for a fingerprinted URL, cached for a year (gzipped, once, where the
    client accepts it: ``gzip_ok``); None when the name is unknown or the fingerprint is
    not its current one (a 404: an old URL is not served new bytes under a year-long
    cache)."""
    data = asset_bytes(name)  # an unknown name (a NUL, 1,000 characters...) is None
    if data is None or digest(name) != fingerprint:
        return None
    media = mimetypes.guess_type(name)[0] or "application/octet-stream"
    text = media.startswith("text/") or media.endswith(("javascript", "json", "+xml"))
    if media.startswith("text/") or media.endswith(("javascript", "json")):
        media += "; charset=utf-8"
    headers = {"Cache-Control": IMMUTABLE}
    if text and gzip_ok and len(data) > 1000:
        headers["Content-Encoding"] = "gzip"
        headers["Vary"] = "Accept-Encoding"  # (GZipMiddleware says it of the others)
        data = _gzipped(name)
    return Response(data, media_type=media, headers=headers)
