"""How to cite tiptiers: title, publisher, version, date, commit and URL, as a sentence, BibTeX,
CSL-JSON (Zotero, Pandoc, citeproc), RIS (EndNote, Mendeley) or CITATION.cff.

:func:`citation` is pure: it builds the :class:`Citation` from the facts it is given.
:func:`cite` is what the front ends call (``tiptiers cite``, the web pages' "Cite" button,
the panel's ``datapackage.json``): it fills in the package's version and the commit it runs
from (:func:`build_info`: ``git`` on the package's own source tree, once per process; the
environment variable ``TIPTIERS_COMMIT`` for a deployment built without ``.git``), and takes
the URL being cited (the page a reader is on) and the date it was accessed from its caller —
tiptiers never guesses an address it has not been given.

>>> c = citation(version="1.2.0", commit="0123456789abcdef0123456789abcdef01234567",
...              date="2026-12-07", url="https://example.org/tiptiers")
>>> print(c.render("text"))  # doctest: +NORMALIZE_WHITESPACE
The tiptiers authors (2026). tiptiers: the U.S. Trafficking in Persons Report tier system as
software and data (version 1.2.0, commit 0123456789ab) [software and data set].
https://example.org/tiptiers
>>> c.to_csl()["version"], c.to_csl()["type"]
('1.2.0', 'software')
"""

from __future__ import annotations

import functools
import json
import re
from dataclasses import dataclass
from typing import Any, NamedTuple

TITLE = "tiptiers: the U.S. Trafficking in Persons Report tier system as software and data"
SHORT_TITLE = "tiptiers"
PUBLISHER = "The tiptiers authors"  # the copyright holder named in LICENSE
LICENSE = "MIT"
ABSTRACT = (
    "The record of U.S. Trafficking in Persons (TIP) Report tier placements since 2001, the"
    " statute that governs them (22 U.S.C. 7106-7107) as code with a trace of every rule"
    " applied, and a researcher's country-year panel."
)
#: The primary source a user of the record should cite beside tiptiers.
PRIMARY_SOURCE = (
    "U.S. Department of State, Trafficking in Persons Report (annual, 2001-),"
    " https://www.state.gov/trafficking-in-persons-report/"
)

#: The formats :meth:`Citation.render` writes.
FORMATS: tuple[str, ...] = ("text", "bibtex", "csl-json", "ris", "cff")

_COMMIT = re.compile(r"[0-9a-f]{7,40}")


class BuildInfo(NamedTuple):
    """The commit the running code comes from, its date, and whether the tree had local
    changes; all None where not known (an installed wheel, no git)."""

    commit: str | None = None
    date: str | None = None  # ISO date of the commit
    modified: bool | None = None


@dataclass(frozen=True)
class Citation:
    """The citation of tiptiers at one version and commit."""

    version: str
    commit: str | None = None
    date: str | None = None  # ISO date of the commit (the software's date), if known
    url: str | None = None
    accessed: str | None = None  # ISO date the URL was accessed, if given
    modified: bool | None = None  # the code had local changes beyond the commit
    title: str = TITLE
    publisher: str = PUBLISHER
    license: str = LICENSE

    @property
    def year(self) -> str | None:
        return self.date[:4] if self.date else None

    @property
    def version_note(self) -> str:
        """'version 0.1.0, commit 0123456789ab' (and 'with local changes' where so)."""
        parts = [f"version {self.version}"]
        if self.commit:
            parts.append(f"commit {self.commit[:12]}")
        if self.modified:
            parts.append("with local changes")
        return ", ".join(parts)

    def text(self) -> str:
        """One sentence in author-date style (APA's form for software)."""
        out = (
            f"{self.publisher} ({self.year or 'n.d.'}). {self.title} ({self.version_note})"
            " [software and data set]."
        )
        if self.url:
            out += f" {self.url}"
            if self.accessed:
                out += f" (accessed {self.accessed})"
        return out

    def bibtex(self) -> str:
        """A BibTeX/biblatex ``@software`` entry (BibTeX itself reads it as ``@misc``)."""
        fields: list[tuple[str, str]] = [
            ("author", "{" + self.publisher + "}"),
            ("title", "{" + _bib_escape(self.title) + "}"),
            ("publisher", self.publisher),
            ("version", self.version),
        ]
        if self.date:
            fields += [("year", self.date[:4]), ("date", self.date)]
        if self.url:
            fields.append(("url", self.url))
        if self.accessed:
            fields.append(("urldate", self.accessed))
        if self.commit:
            fields.append(
                (
                    "note",
                    f"Commit {self.commit}" + (", with local changes" if self.modified else ""),
                )
            )
        fields.append(("license", self.license))
        body = ",\n".join(f"  {k} = {{{v}}}" for k, v in fields)
        return f"@software{{tiptiers_{_key(self.version)},\n{body}\n}}"

    def to_csl(self) -> dict[str, Any]:
        """The CSL-JSON item (one object; :meth:`render` writes it in a list, as the format
        expects)."""
        item: dict[str, Any] = {
            "id": f"tiptiers-{self.version}",
            "type": "software",
            "title": self.title,
            "title-short": SHORT_TITLE,
            "author": [{"literal": self.publisher}],
            "publisher": self.publisher,
            "version": self.version,
            "abstract": ABSTRACT,
        }
        if self.date:
            item["issued"] = {"date-parts": [_date_parts(self.date)]}
        if self.url:
            item["URL"] = self.url
        if self.accessed:
            item["accessed"] = {"date-parts": [_date_parts(self.accessed)]}
        if self.commit:
            item["note"] = f"Commit {self.commit}" + (
                ", with local changes" if self.modified else ""
            )
        return item

    def ris(self) -> str:
        """An RIS record (type COMP: computer program)."""
        lines = [
            ("TY", "COMP"),
            ("AU", self.publisher),
            ("TI", self.title),
            ("PB", self.publisher),
            ("ET", self.version),
        ]
        if self.date:
            lines += [("PY", self.date[:4]), ("DA", self.date.replace("-", "/"))]
        if self.url:
            lines.append(("UR", self.url))
        if self.accessed:
            lines.append(("Y2", self.accessed.replace("-", "/")))
        if self.commit:
            lines.append(("N1", f"Commit {self.commit}"))
        lines.append(("ER", ""))
        return "\n".join(f"{k}  - {v}".rstrip() for k, v in lines)

    def cff(self) -> str:
        """A ``CITATION.cff`` (Citation File Format 1.2.0), as GitHub and Zenodo read it."""
        lines = [
            "cff-version: 1.2.0",
            "message: If you use tiptiers or its data, please cite it as below, and cite the"
            " State Department's Trafficking in Persons Report for the placements.",
            "type: software",
            f"title: {json.dumps(self.title)}",
            "authors:",
            f"  - name: {json.dumps(self.publisher)}",
            f"version: {json.dumps(self.version)}",
            f"license: {self.license}",
            f"abstract: {json.dumps(ABSTRACT)}",
        ]
        if self.date:
            lines.append(f"date-released: {json.dumps(self.date)}")
        if self.commit:
            lines.append(f"commit: {json.dumps(self.commit)}")
        if self.url:
            lines.append(f"url: {json.dumps(self.url)}")
        return "\n".join(lines)

    def render(self, fmt: str) -> str:
        """The citation in one of :data:`FORMATS` (raises ValueError for another)."""
        if fmt == "text":
            return self.text()
        if fmt == "bibtex":
            return self.bibtex()
        if fmt == "csl-json":
            return json.dumps([self.to_csl()], ensure_ascii=False, indent=2)
        if fmt == "ris":
            return self.ris()
        if fmt == "cff":
            return self.cff()
        raise ValueError(f"Unknown citation format '{fmt}': use {', '.join(FORMATS)}.")

    def to_dict(self) -> dict[str, Any]:
        """The facts and every format (the JSON of ``tiptiers cite --format json`` and of
        the web's cite answer)."""
        return {
            "title": self.title,
            "publisher": self.publisher,
            "version": self.version,
            "date": self.date,
            "commit": self.commit,
            "modified": self.modified,
            "url": self.url,
            "accessed": self.accessed,
            "license": self.license,
            "primary_source": PRIMARY_SOURCE,
            "formats": {f: self.render(f) for f in FORMATS},
        }


def citation(
    *,
    version: str,
    commit: str | None = None,
    date: str | None = None,
    url: str | None = None,
    accessed: str | None = None,
    modified: bool | None = None,
) -> Citation:
    """The :class:`Citation` of these facts (pure). ``commit`` must be a hex object name,
    dates ISO ``YYYY-MM-DD``; a wrong one raises ValueError."""
    if commit is not None and not _COMMIT.fullmatch(commit):
        raise ValueError(f"Not a git commit: {commit!r} (7-40 hex digits).")
    for d in (date, accessed):
        if d is not None and not re.fullmatch(r"\d{4}-\d{2}-\d{2}", d):
            raise ValueError(f"Not an ISO date: {d!r} (YYYY-MM-DD).")
    return Citation(
        version=version,
        commit=commit,
        date=date,
        url=url or None,
        accessed=accessed,
        modified=modified,
    )


def cite(
    *,
    url: str | None = None,
    accessed: str | None = None,
    build: BuildInfo | None = None,
) -> Citation:
    """The citation of the running tiptiers: its version, and the commit and date of
    :func:`build_info` (or ``build``); ``url`` is the address being cited (a page of the
    web app, a repository) and ``accessed`` the ISO date it was read."""
    from tiptiers.version import __version__

    b = build_info() if build is None else build
    return citation(
        version=__version__,
        commit=b.commit,
        date=b.date,
        url=url,
        accessed=accessed,
        modified=b.modified,
    )


@functools.cache
def build_info() -> BuildInfo:
    """The commit of the tree the package runs from: ``TIPTIERS_COMMIT`` (and
    ``TIPTIERS_COMMIT_DATE``) if set, else ``git`` asked about the package's own checkout
    (only where the git work tree's top is the directory holding this package's
    ``src/``, so that an installed copy inside someone else's repository is not given that
    repository's commit). Unknown parts are None; never raises."""
    import os
    import subprocess
    from pathlib import Path

    env = os.environ.get("TIPTIERS_COMMIT", "").strip().lower()
    if env:
        if not _COMMIT.fullmatch(env):
            return BuildInfo()
        date = os.environ.get("TIPTIERS_COMMIT_DATE", "").strip()
        return BuildInfo(env, date if re.fullmatch(r"\d{4}-\d{2}-\d{2}", date) else None)
    root = Path(__file__).resolve().parents[2]  # src/tiptiers/citation.py -> the checkout

    def git(*args: str) -> str | None:
        try:
            done = subprocess.run(
                ["git", "-C", str(root), *args],
                capture_output=True,
                text=True,
                timeout=5,
                check=False,
            )
        except (OSError, subprocess.SubprocessError):
            return None
        return done.stdout.strip() if done.returncode == 0 else None

    top = git("rev-parse", "--show-toplevel")
    if top is None or Path(top).resolve() != root:
        return BuildInfo()
    head = git("show", "-s", "--format=%H %cs", "HEAD")
    if not head or " " not in head:
        return BuildInfo()
    commit, date = head.split(" ", 1)
    status = git("status", "--porcelain", "--untracked-files=no", "--", "src")
    return BuildInfo(commit, date, None if status is None else bool(status))


def _date_parts(iso: str) -> list[int]:
    return [int(x) for x in iso.split("-")]


def _key(version: str) -> str:
    return re.sub(r"[^0-9A-Za-z]+", "_", version)


def _bib_escape(text: str) -> str:
    return re.sub(r"([&%$#_])", r"\\\1", text)
