"""The web application's view of the record: loaded once, reloaded when the store changes.

Defines :class:`WebState`. The app holds one: it opens the store, reads the record at
start-up and keeps every answer it computes (a year's placements, its changes, the Watch List
clock, a rendered page, a serialised API body) in a bounded memo keyed by what was asked.
Requests never recompute the record: at most once per second a request asks the store for
its ``revision()`` (one cheap query); when an import has changed it, the record is read again
and the memo is emptied, so no answer of the old record is served after the check.
"""

from __future__ import annotations

import threading
import time
from collections import OrderedDict
from collections.abc import Callable, Hashable
from typing import TYPE_CHECKING, Any, TypeVar

if TYPE_CHECKING:
    from tiptiers.model import Record
    from tiptiers.store import Store

T = TypeVar("T")

CHECK_INTERVAL = 1.0  # seconds between two revision checks
MEMO_SIZE = 4096  # answers kept; the least recently used go first


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
        clock: Callable[[], float] = time.monotonic,
    ) -> None:
        self.store = store
        self._interval = check_interval
        self._memo_size = memo_size
        self._clock = clock
        self._lock = threading.Lock()
        self._memo: OrderedDict[Hashable, Any] = OrderedDict()
        # The whole record is read when an answer first needs it (``tiptiers serve`` reads
        # it before it starts, so that its workers share it); a country's or a year's
        # answer reads only its rows (``memo(..., source=...)``).
        self._snapshot: tuple[int, Record | None] = (store.revision(), None)
        self._checked = clock()
        self.loads = 0  # how many times the whole record was read (tests show it)

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
        raised again to the caller.
        """
        revision, _ = self._current()
        full_key = (revision, key)
        with self._lock:
            try:
                value: T = self._memo[full_key]
            except KeyError:
                pass
            else:
                self._memo.move_to_end(full_key)
                return value
        whole = self._snapshot[1] if self._snapshot[0] == revision else None
        record = whole if whole is not None or source is None else source()
        value = compute(record if record is not None else self.record())
        with self._lock:
            self._memo[full_key] = value
            if len(self._memo) > self._memo_size:
                self._memo.popitem(last=False)
        return value

    def peek(self, key: Hashable) -> Any:
        """The remembered answer for ``key`` at the current revision, or None (nothing is
        computed)."""
        revision, _ = self._current()
        with self._lock:
            value = self._memo.get((revision, key))
            if value is not None:
                self._memo.move_to_end((revision, key))
            return value

    def clear(self) -> None:
        """Forget every remembered answer (they are computed again when asked)."""
        with self._lock:
            self._memo.clear()

    def __len__(self) -> int:
        return len(self._memo)
