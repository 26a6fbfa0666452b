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
        self._snapshot: tuple[int, Record] = (store.revision(), store.record())
        self._checked = clock()
        self.loads = 1  # how many times the record was read (tests and /healthz show it)

    @property
    def revision(self) -> int:
        """The store revision the current record was read at."""
        return self._current()[0]

    def record(self) -> Record:
        """The record, re-read if the store's revision changed (checked at most once a second)."""
        return self._current()[1]

    def _current(self) -> tuple[int, Record]:
        now = self._clock()
        if now - self._checked < self._interval:
            return self._snapshot
        with self._lock:
            if now - self._checked >= self._interval:
                revision = self.store.revision()
                if revision != self._snapshot[0]:
                    self._snapshot = (revision, self.store.record())
                    self._memo.clear()
                    self.loads += 1
                self._checked = self._clock()
            return self._snapshot

    def memo(self, key: Hashable, compute: Callable[[Record], T]) -> T:
        """The answer for ``key``, computed once per revision of the record.

        ``compute`` gets the current record. An exception (a TiptiersError for bad input)
        is not remembered: it is raised again to the caller.
        """
        revision, record = self._current()
        full_key = (revision, key)
        with self._lock:
            try:
                value: T = self._memo[full_key]
            except KeyError:
                pass
            else:
                self._memo.move_to_end(full_key)
                return value
        value = compute(record)
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
