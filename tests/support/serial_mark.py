"""The `serial` mark: under pytest-xdist (`make test`), a test so marked runs while no other test does.

For tests that measure wall-clock time or share a fixed port or key. A plugin module of its own: the
suite's conftest takes it in, and its test loads it alone into a small run.
"""

from __future__ import annotations

import fcntl
import os

import pytest


def pytest_configure(config):
    """Declare the `serial` mark."""
    config.addinivalue_line(
        "markers", "serial: runs while no other test does under `pytest -n` (wall-clock limits, shared ports or keys)"
    )


@pytest.fixture(autouse=True)
def serial_tests_run_alone(request, tmp_path_factory):
    """Under pytest-xdist, a `serial` test waits for the other workers' tests to end and holds back new ones.

    A lock file shared by the run's workers: every test holds it shared, a serial test exclusively. A
    turnstile taken before it keeps tests from slipping in ahead of a serial test that is waiting.
    """
    if "PYTEST_XDIST_WORKER" not in os.environ:
        yield
        return
    folder = tmp_path_factory.getbasetemp().parent  # one per run, above each worker's own folder
    serial = request.node.get_closest_marker("serial") is not None
    with open(folder / "serial.turnstile", "a") as turnstile:
        fcntl.flock(turnstile, fcntl.LOCK_EX)
        room = open(folder / "serial.lock", "a")  # noqa: SIM115 (held until the test ends)
        fcntl.flock(room, fcntl.LOCK_EX if serial else fcntl.LOCK_SH)
    try:
        yield
    finally:
        room.close()
