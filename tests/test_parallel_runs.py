"""The suite under pytest-xdist (`make test`): a test marked `serial` runs while no other test does."""

from __future__ import annotations

import pytest

from tests.support.paths import ROOT

pytest_plugins = ["pytester"]
pytest.importorskip("xdist", reason="pytest-xdist is not installed (requirements-dev.txt)")

#: Each test writes when it started and ended (one monotonic clock for all processes).
TESTS = """
import os
import time

import pytest


def spend(name):
    started = time.monotonic()
    time.sleep(0.3)
    with open(os.environ["SPANS"], "a") as spans:
        spans.write(f"{name} {started} {time.monotonic()}\\n")


@pytest.mark.serial
def test_serial():
    spend("serial")


@pytest.mark.parametrize("n", range(6))
def test_other(n):
    spend(f"other{n}")
"""


def _overlap(a: tuple[float, float], b: tuple[float, float]) -> bool:
    return a[0] < b[1] and b[0] < a[1]


def test_a_serial_test_overlaps_no_other_while_the_others_run_in_parallel(pytester, monkeypatch, tmp_path):
    spans_file = tmp_path / "spans.txt"
    monkeypatch.setenv("SPANS", str(spans_file))
    monkeypatch.setenv("PYTHONPATH", str(ROOT))
    monkeypatch.setenv("PYTEST_DISABLE_PLUGIN_AUTOLOAD", "1")  # only what the run needs: seconds less per process
    pytester.makepyfile(TESTS)
    plugins = ["-p", "xdist.plugin", "-p", "tests.support.serial_mark", "-p", "no:cacheprovider"]
    result = pytester.runpytest_subprocess(*plugins, "-n", "2", "--dist", "worksteal", "-W", "error")
    result.assert_outcomes(passed=7)
    lines = spans_file.read_text().splitlines()
    spans = {name: (float(start), float(end)) for name, start, end in map(str.split, lines)}
    others = [span for name, span in spans.items() if name != "serial"]
    assert not [span for span in others if _overlap(span, spans["serial"])]
    assert any(_overlap(a, b) for a in others for b in others if a != b)  # the others did run side by side
