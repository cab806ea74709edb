"""Serialized program pages (and other answers derived from the program) kept per process.

The program changes only on import, which bumps its version: keyed by that version, a kept
answer is reused until then and never served stale.
"""

from __future__ import annotations

import threading
import time
from collections import OrderedDict
from collections.abc import Callable, Hashable
from typing import TypeVar

from flask import Response, current_app

T = TypeVar("T")


class PageCache:
    """A small least-recently-used map, safe for threaded workers."""

    def __init__(self, size: int) -> None:
        self.size = size
        self._pages: OrderedDict[Hashable, object] = OrderedDict()
        self._lock = threading.Lock()

    def get(self, key: Hashable):
        """The value stored under the key, marked as recently used."""
        with self._lock:
            body = self._pages.get(key)
            if body is not None:
                self._pages.move_to_end(key)
            return body

    def put(self, key: Hashable, body: object) -> None:
        """Store a value, dropping the least recently used beyond the size."""
        with self._lock:
            self._pages[key] = body
            self._pages.move_to_end(key)
            while len(self._pages) > self.size:
                self._pages.popitem(last=False)

    def clear(self) -> None:
        """Forget every value."""
        with self._lock:
            self._pages.clear()


def process_cache(name: str = "page_cache", size_setting: str = "PAGE_CACHE_SIZE") -> PageCache:
    """This app's cache of that name in this process, sized by that setting."""
    return current_app.extensions.get(name) or current_app.extensions.setdefault(
        name, PageCache(current_app.config[size_setting])
    )


def cached_json(key: Hashable) -> Response | None:
    """The JSON response kept under the key, if this process has it.

    The key must hold everything the body depends on (the program's version, the query).
    """
    body = process_cache().get(key)
    return None if body is None else current_app.response_class(body, mimetype="application/json")


def kept(key: Hashable, build: Callable[[], T]) -> T:
    """The value kept under the key, computed by `build()` and kept when this process has none."""
    value = process_cache().get(key)
    if value is None:
        value = build()
        process_cache().put(key, value)
    return value


def json_page(key: Hashable, build: Callable[[], object]) -> Response:
    """The JSON response kept under the key, serialized from `build()` when this process has none."""
    body = kept(key, lambda: current_app.json.dumps(build()).encode())
    return current_app.response_class(body, mimetype="application/json")


def recent(key: Hashable, load: Callable[[], T]) -> T:
    """What `load()` gave under the key in this process less than PROGRAM_FACTS_SECONDS ago, else a fresh `load()`.

    For facts that may lag that long behind another process's write (program versions), so that
    the busiest requests do not reach the database; a write in this process calls forget_recent().
    """
    seconds = current_app.config["PROGRAM_FACTS_SECONDS"]
    if seconds <= 0:
        return load()
    cache = process_cache("recent_facts")
    now = time.monotonic()
    loaded = cache.get(key)
    if loaded is not None and now - loaded[0] < seconds:
        return loaded[1]
    value = load()
    cache.put(key, (now, value))
    return value


def forget_recent() -> None:
    """Load every recent fact anew: this process has just changed one."""
    process_cache("recent_facts").clear()
