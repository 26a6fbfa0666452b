"""Reading an article: HTML to plain text with offsets back to the input, the checks that
turn away what cannot be read (empty, binary, not English), and sentence splitting.

Everything here is pure string work (stdlib ``html.parser`` and ``re``). A :class:`Document`
is the plain text the extractor reads plus, for HTML input, a map from every plain-text
character to its span in the original markup, so that each claim can give its offsets in
the text the user gave.
"""

from __future__ import annotations

import re
from dataclasses import dataclass, field
from functools import cache
from typing import Any

from tiptiers.errors import BadInput
from tiptiers.news.lexicon import lazy

MAX_CHARS = 300_000  # text to read: ~50,000 words (a long report chapter is ~100,000 characters)
MAX_SOURCE_CHARS = 3_000_000  # an HTML page, scripts and markup included

_HTML_HINT = lazy(
    r"<(?:!doctype\s+html|html|head|body|article|p|div|span|br|h[1-6]|ul|ol|li|a\s|em|strong|table)\b",
    re.IGNORECASE,
)
_BLOCK = frozenset(
    [
        "address",
        "article",
        "aside",
        "blockquote",
        "br",
        "dd",
        "div",
        "dl",
        "dt",
        "figcaption",
        "figure",
        "footer",
        "h1",
        "h2",
        "h3",
        "h4",
        "h5",
        "h6",
        "header",
        "hr",
        "li",
        "main",
        "nav",
        "ol",
        "p",
        "pre",
        "section",
        "table",
        "tbody",
        "td",
        "tfoot",
        "th",
        "thead",
        "tr",
        "ul",
    ]
)
_SKIP = frozenset(("script", "style", "noscript", "template", "head", "svg", "iframe", "object"))
_DATE_META = (
    "article:published_time",
    "date",
    "pubdate",
    "publishdate",
    "dc.date",
    "og:updated_time",
)


@dataclass(frozen=True)
class Document:
    """The plain text to read, and where it came from.

    ``starts``/``ends`` map each plain-text character to its span in ``source`` (None when
    the input was plain text: offsets are then the same). ``dates`` are publication dates
    found in HTML metadata (``<time datetime>``, ``<meta property=article:published_time>``),
    as (ISO date text, offset in the source).
    """

    source: str
    text: str
    is_html: bool
    starts: tuple[int, ...] | None = None
    ends: tuple[int, ...] | None = None
    dates: tuple[tuple[str, int], ...] = field(default=())

    def source_span(self, start: int, end: int) -> tuple[int, int]:
        """The span in the original input of the plain-text span [start, end)."""
        if self.starts is None or self.ends is None:
            return start, end
        if end <= start:
            pos = self.starts[start] if start < len(self.starts) else len(self.source)
            return pos, pos
        return self.starts[start], self.ends[end - 1]


def looks_like_html(text: str) -> bool:
    """True when the text is markup: it starts with a tag or holds several block tags.

    >>> looks_like_html("<p>Belarus fell to Tier 3.</p>"), looks_like_html("Tier 3 <- Tier 2")
    (True, False)
    """
    head = text.lstrip()[:1]
    if head == "<" and _HTML_HINT.match(text.lstrip()):
        return True
    return len(_HTML_HINT.findall(text[:20000])) >= 2


@cache
def _stripper_class() -> type[Any]:
    """The HTML text collector (html.parser is imported only when a text is HTML: its own
    regular expressions cost ~25 ms at import)."""
    from html.parser import HTMLParser

    class _Stripper(HTMLParser):
        """Collects the visible text of HTML with the source offset of every character."""

        def __init__(self, source: str) -> None:
            super().__init__(convert_charrefs=False)
            self.source = source
            self.chars: list[str] = []
            self.starts: list[int] = []
            self.ends: list[int] = []
            self.dates: list[tuple[str, int]] = []
            self._skip = 0
            self._line_starts = [0]
            for m in re.finditer("\n", source):
                self._line_starts.append(m.end())

        def _pos(self) -> int:
            line, col = self.getpos()
            return self._line_starts[line - 1] + col

        def _emit(self, text: str, start: int, end: int) -> None:
            for ch in text:
                self.chars.append(ch)
                self.starts.append(start)
                self.ends.append(end)

        def _block_break(self) -> None:
            pos = self._pos()
            self._emit("\n\n", pos, pos)

        def handle_starttag(self, tag: str, attrs: list[tuple[str, str | None]]) -> None:
            if tag in _SKIP:
                self._skip += 1
            a = {k.lower(): (v or "") for k, v in attrs}
            if tag == "meta":
                key = (a.get("property") or a.get("name") or a.get("itemprop") or "").lower()
                if key in _DATE_META and a.get("content"):
                    self.dates.append((a["content"], self._pos()))
            elif tag == "time" and a.get("datetime"):
                self.dates.append((a["datetime"], self._pos()))
            if tag in _BLOCK and not self._skip:
                self._block_break()

        def handle_startendtag(self, tag: str, attrs: list[tuple[str, str | None]]) -> None:
            self.handle_starttag(tag, attrs)
            if tag in _SKIP:
                self._skip -= 1

        def handle_endtag(self, tag: str) -> None:
            if tag in _SKIP:
                self._skip = max(0, self._skip - 1)
                return
            if tag in _BLOCK and not self._skip:
                self._block_break()

        def handle_data(self, data: str) -> None:
            if self._skip or not data:
                return
            start = self._pos()
            for i, ch in enumerate(data):
                self.chars.append(ch)
                self.starts.append(start + i)
                self.ends.append(start + i + 1)

        def _ref(self, raw_len_guess: int, text: str) -> None:
            if self._skip:
                return
            start = self._pos()
            m = _ENTITY.match(self.source, start)
            end = m.end() if m else start + raw_len_guess
            self._emit(text, start, end)

        def handle_entityref(self, name: str) -> None:
            from html import unescape

            text = unescape(f"&{name};")
            self._ref(len(name) + 2, text if text != f"&{name};" else f"&{name}")

        def handle_charref(self, name: str) -> None:
            from html import unescape

            self._ref(len(name) + 3, unescape(f"&#{name};"))

    return _Stripper


def read_html(source: str) -> Document:
    """The visible text of an HTML page (no script, style or head), whitespace collapsed."""
    p = _stripper_class()(source)
    p.feed(source)
    p.close()
    # Collapse runs of whitespace to one space, and block breaks to one blank line.
    chars: list[str] = []
    starts: list[int] = []
    ends: list[int] = []
    pending: str | None = None  # " " or "\n\n"
    pending_pos = 0
    for ch, s, e in zip(p.chars, p.starts, p.ends, strict=True):
        if ch.isspace():
            if ch == "\n" and s == e:  # a block break (zero-width in the source)
                pending, pending_pos = "\n\n", s
            elif pending is None:
                pending, pending_pos = " ", s
            continue
        if pending is not None and chars:
            for c in pending:
                chars.append(c)
                starts.append(pending_pos)
                ends.append(pending_pos)
        pending = None
        chars.append(ch)
        starts.append(s)
        ends.append(e)
    return Document(
        source,
        "".join(chars),
        True,
        tuple(starts),
        tuple(ends),
        tuple(p.dates),
    )


# -- what cannot be read ----------------------------------------------------------------
_ENTITY = lazy(r"&#?[0-9A-Za-z]+;?")
_CONTROL = lazy(r"[\x00-\x08\x0b\x0e-\x1f\x7f\ufffd]")
_WORD = lazy(r"[^\W\d_]+", re.UNICODE)
_ENGLISH = frozenset(
    [
        "the",
        "of",
        "and",
        "to",
        "in",
        "a",
        "is",
        "was",
        "were",
        "are",
        "for",
        "on",
        "that",
        "with",
        "by",
        "as",
        "it",
        "its",
        "at",
        "from",
        "has",
        "have",
        "had",
        "be",
        "been",
        "this",
        "which",
        "said",
        "says",
        "report",
        "state",
        "department",
        "tier",
        "country",
        "countries",
        "government",
        "not",
        "but",
        "or",
        "an",
        "their",
        "they",
        "after",
        "than",
        "also",
        "who",
        "will",
    ]
)


def check_readable(text: str, language: bool = True) -> None:
    """Raise BadInput (one line) for text that is empty, binary, too long or not English
    (the last only with ``language``: markup is judged after its text is extracted)."""
    limit = MAX_CHARS if language else MAX_SOURCE_CHARS
    if len(text) > limit:
        raise BadInput(
            f"the text is too long ({len(text):,} characters; the limit is {limit:,});"
            " check one article at a time."
        )
    if not text.strip():
        raise BadInput("the text is empty; nothing to check.")
    sample = text[:200_000]
    controls = len(_CONTROL.findall(sample))
    if "\x00" in sample or controls > max(2, len(sample) // 100):
        raise BadInput("not a text file (it holds binary data); give plain text or HTML.")
    if not language:
        return
    words = _WORD.findall(sample)
    if not words:
        raise BadInput("the text has no words to read; nothing to check.")
    letters = sum(len(w) for w in words)
    latin = sum(len(w) for w in words if w.isascii())
    # Names are capitalised in any language: judge by the lower-case words (a pasted list of
    # countries has almost none, and is not refused for it).
    lower = [w for w in words if w.islower()]
    english = sum(1 for w in lower if w in _ENGLISH)
    if (letters >= 40 and latin / letters < 0.5) or (
        len(lower) >= 20 and english / len(lower) < 0.12
    ):
        raise BadInput(
            "the text does not look like English; check-news reads English articles only."
        )


def read_document(text: str) -> Document:
    """Validate the input and, if it is HTML, extract its visible text."""
    html = looks_like_html(text)
    check_readable(text, language=not html)
    if html:
        doc = read_html(text)
        if not doc.text.strip():
            raise BadInput("the HTML holds no visible text to check.")
        check_readable(doc.text)
        return doc
    return Document(text, text, False)


# -- sentences ------------------------------------------------------------------------
# Abbreviations after which a period does not end a sentence.
_ABBREVIATIONS = frozenset(
    [
        "mr",
        "mrs",
        "ms",
        "dr",
        "st",
        "sen",
        "rep",
        "gov",
        "gen",
        "lt",
        "col",
        "capt",
        "sgt",
        "amb",
        "prof",
        "jr",
        "sr",
        "no",
        "nos",
        "vs",
        "etc",
        "approx",
        "jan",
        "feb",
        "mar",
        "apr",
        "jun",
        "jul",
        "aug",
        "sep",
        "sept",
        "oct",
        "nov",
        "dec",
        "inc",
        "corp",
        "co",
        "ltd",
        "dept",
        "est",
        "fig",
        "e.g",
        "i.e",
        "u.s",
        "u.n",
        "u.k",
        "d.c",
        "a.m",
        "p.m",
    ]
)
# Words that start a sentence after "U.S." and the like.
_STARTERS = frozenset(
    [
        "The",
        "A",
        "An",
        "It",
        "Its",
        "In",
        "On",
        "At",
        "This",
        "That",
        "These",
        "Those",
        "But",
        "And",
        "He",
        "She",
        "They",
        "We",
        "I",
        "There",
        "Officials",
        "However",
        "Meanwhile",
        "Still",
        "Yet",
        "Last",
        "Under",
        "Some",
        "Many",
        "Most",
    ]
)
# A sentence ends at . ! ? before a space, at a blank line, or where a copied page ran two
# sentences together ("...human trafficking.In the latest report"): a period after a
# lower-case word and before a capitalised one, with no space.
_END = lazy(r"[.!?]+[\"'”’)\]]*(?=\s|$)|(?<=[a-z]{2})\.(?=[A-Z][a-z])|\r?\n[ \t\r]*\n")


@dataclass(frozen=True)
class Sentence:
    """A sentence of the plain text: its span and its text."""

    start: int
    end: int
    text: str


def split_sentences(text: str) -> list[Sentence]:
    """Sentences with their offsets; blank lines always end one, single newlines never do.

    >>> [s.text for s in split_sentences("The U.S. State Dept. downgraded Mali. St. Lucia rose.")]
    ['The U.S. State Dept. downgraded Mali.', 'St. Lucia rose.']
    """
    out: list[Sentence] = []
    start = 0
    for m in _END.finditer(text):
        if m.group().startswith("\n"):
            cut = m.start()
        else:
            if not _ends_sentence(text, m.start(), m.end()):
                continue
            cut = m.end()
        _add(out, text, start, cut)
        start = m.end()
    _add(out, text, start, len(text))
    return out


def _ends_sentence(text: str, dot: int, after: int) -> bool:
    if text[dot] != ".":
        return True
    word = re.search(r"(\S+)$", text[max(0, dot - 30) : dot])
    prev = word.group(1).lower().lstrip("(\"'“‘") if word else ""
    nxt = re.match(r"\s*([\"'“‘(]?)(\S*)", text[after : after + 40])
    following = nxt.group(2) if nxt else ""
    if not following:
        return True
    if following[0].islower() or following[0].isdigit():
        return False  # "approx. five", "No. 3", "Jan. 5"
    if len(prev) == 1 and prev.isalpha():
        return False  # an initial: "J. Smith"
    if prev in _ABBREVIATIONS or re.fullmatch(r"(?:[a-z]\.)+[a-z]", prev):
        # "U.S. The report said" ends a sentence; "U.S. State Department" does not.
        return following.rstrip(",.;:") in _STARTERS and prev not in ("mr", "mrs", "ms", "dr", "st")
    return True


def _add(out: list[Sentence], text: str, start: int, end: int) -> None:
    chunk = text[start:end]
    stripped = chunk.strip()
    if not stripped:
        return
    lead = len(chunk) - len(chunk.lstrip())
    s = start + lead
    out.append(Sentence(s, s + len(stripped), stripped))
