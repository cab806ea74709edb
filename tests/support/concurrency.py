"""Requests sent at the same moment from real threads, for the race tests."""

from __future__ import annotations

import threading


def at_once(requests):
    """Send each request from its own thread, released together by a barrier; returns the answers in order."""
    start = threading.Barrier(len(requests), timeout=30)
    answers = [None] * len(requests)

    def send(index, request):
        start.wait()
        answers[index] = request()

    threads = [threading.Thread(target=send, args=item) for item in enumerate(requests)]
    for thread in threads:
        thread.start()
    for thread in threads:
        thread.join(timeout=60)
    return answers
