"""The web application's view of the record: loaded once, reloaded when the store changes.

Defines :class:`WebState`. The app holds one: it opens the store, reads the record at
start-up and keeps every answer it computes (a year's placements, its changes, the Watch List
clock, a rendered page, a serialised API body) in a memo keyed by what was asked, bounded by
bytes (:data:`MEMO_BYTES` per server process) as well as by count.
Requests never recompute the record: at most once per second a request asks the store for
its ``revision()`` (one cheap query); when an import has changed it, the record is read again
and the memo is emptied, so no answer of the old record is served after the check.
"""

from __future__ import annotations

import sys
import threading
import time
from collections import OrderedDict
from collections.abc import Callable, Hashable
from typing import TYPE_CHECKING, Any, TypeVar

if TYPE_CHECKING:
    from tiptiers.cycle.published import PublishedCache
    from tiptiers.model import Record
    from tiptiers.queries.layers import PublishedCycle
    from tiptiers.store import Store

T = TypeVar("T")

CHECK_INTERVAL = 1.0  # seconds between two revision checks
MEMO_SIZE = 4096  # answers kept at most; the least recently used go first
#: Bytes of answers kept at most, per server process (each worker of ``serve --workers N``
#: has its own memo: N times this at most); the least recently used go first.
MEMO_BYTES = 64 * 1024 * 1024
#: What an answer that is not a body or a page (a computed result kept for several pages,
#: such as the forecast) counts for: its size is not measured, and few keys hold one.
OBJECT_BYTES = 1024 * 1024


def size_of(value: object) -> int:
    """The bytes a remembered answer counts for: a serialised body's or a page's length;
    :data:`OBJECT_BYTES` for anything else.

    >>> size_of(b"x" * 100) >= 100, size_of("x" * 100) >= 100
    (True, True)
    """
    content = getattr(value, "content", value)
    if isinstance(content, (bytes, bytearray, str)):
        return sys.getsizeof(content)
    return OBJECT_BYTES


class WebState:
    """The open store, its record, and the answers computed from it.

    ``clock`` is the monotonic time source (tests pass a fake one).
    """

    def __init__(
        self,
        store: Store,
        *,
        check_interval: float = CHECK_INTERVAL,
        memo_size: int = MEMO_SIZE,
        memo_bytes: int = MEMO_BYTES,
        clock: Callable[[], float] = time.monotonic,
    ) -> None:
        self.store = store
        self._interval = check_interval
        self._memo_size = memo_size
        self._memo_bytes = memo_bytes
        self._bytes = 0  # what the remembered answers count for (size_of)
        self._clock = clock
        self._lock = threading.Lock()
        self._memo: OrderedDict[Hashable, tuple[Any, int]] = OrderedDict()
        # The whole record is read when an answer first needs it (``tiptiers serve`` reads
        # it before it starts, so that its workers share it); a country's or a year's
        # answer reads only its rows (``memo(..., source=...)``).
        self._snapshot: tuple[int, Record | None] = (store.revision(), None)
        self._checked = clock()
        self.loads = 0  # how many times the whole record was read (tests show it)
        self._published: PublishedCache | None = None

    @property
    def revision(self) -> int:
        """The store revision the current record was read at."""
        return self._current()[0]

    def record(self) -> Record:
        """The record, re-read if the store's revision changed (checked at most once a second)."""
        revision, record = self._current()
        if record is not None:
            return record
        with self._lock:
            if self._snapshot[0] == revision and self._snapshot[1] is not None:
                return self._snapshot[1]
            record = self.store.record()
            if self._snapshot[0] == revision:
                self._snapshot = (revision, record)
                self.loads += 1
            return record

    def published(self) -> tuple[PublishedCycle, ...]:
        """The store's published cycles, the record sources shown beside the official
        record (:mod:`tiptiers.cycle.published`: each read once, new ones looked for at most
        once per check interval). A page or an answer that shows them keys its memo by
        their numbers: publishing does not change the record's revision."""
        if self._published is None:
            from tiptiers.cycle.published import PublishedCache

            self._published = PublishedCache(self.store, self._interval, self._clock)
        return self._published()

    def _current(self) -> tuple[int, Record | None]:
        now = self._clock()
        if now - self._checked < self._interval:
            return self._snapshot
        with self._lock:
            if now - self._checked >= self._interval:
                revision = self.store.revision()
                if revision != self._snapshot[0]:
                    self._snapshot = (revision, None)
                    self._memo.clear()
                    self._bytes = 0
                self._checked = self._clock()
            return self._snapshot

    def memo(
        self,
        key: Hashable,
        compute: Callable[[Record], T],
        source: Callable[[], Record] | None = None,
    ) -> T:
        """The answer for ``key``, computed once per revision of the record.

        ``compute`` gets the current record, or what ``source`` reads (the part of the
        record the answer needs, such as one country's rows) while the whole record has not
        been read. An exception (a TiptiersError for bad input) is not remembered: it is
        raised again to the caller. The memo holds at most ``memo_size`` answers and
        ``memo_bytes`` bytes (:func:`size_of`); an answer over a quarter of that is served
        but not kept.
        """
        revision, _ = self._current()
        full_key = (revision, key)
        with self._lock:
            kept = self._memo.get(full_key)
            if kept is not None:
                self._memo.move_to_end(full_key)
                value: T = kept[0]
                return value
        whole = self._snapshot[1] if self._snapshot[0] == revision else None
        record = whole if whole is not None or source is None else source()
        value = compute(record if record is not None else self.record())
        size = size_of(value)
        if size > self._memo_bytes // 4:
            return value
        with self._lock:
            old = self._memo.pop(full_key, None)
            if old is not None:
                self._bytes -= old[1]
            self._memo[full_key] = (value, size)
            self._bytes += size
            while self._memo and (
                len(self._memo) > self._memo_size or self._bytes > self._memo_bytes
            ):
                _, (_, gone) = self._memo.popitem(last=False)
                self._bytes -= gone
        return value

    def peek(self, key: Hashable) -> Any:
        """The remembered answer for ``key`` at the current revision, or None (nothing is
        computed)."""
        revision, _ = self._current()
        with self._lock:
            kept = self._memo.get((revision, key))
            if kept is None:
                return None
            self._memo.move_to_end((revision, key))
            return kept[0]

    def clear(self) -> None:
        """Forget every remembered answer (they are computed again when asked)."""
        with self._lock:
            self._memo.clear()
            self._bytes = 0

    @property
    def memo_bytes(self) -> int:
        """What the remembered answers count for, in bytes (at most ``memo_bytes``)."""
        return self._bytes

    def __len__(self) -> int:
        return len(self._memo)
