"""Parse a program file in a process that cannot grow past a memory limit or use more than its CPU seconds.

The processes are forked from a server that has loaded the importers once (multiprocessing's forkserver),
so each parse costs a fork rather than a new interpreter importing the app.
"""

from __future__ import annotations

import multiprocessing
import resource
from pathlib import Path

#: address space a bounded parse may use: the interpreter and the app's modules take about 70 MB of it
MEMORY_LIMIT = 600 * 2**20

_processes = multiprocessing.get_context("forkserver")
_processes.set_forkserver_preload(["conference.schedule.importers", "zoneinfo"])


def _parse(path: str, name: str, cpu_seconds: int, answer) -> None:
    """In the child: cap memory and CPU, parse as a new conference (no dates known), send one line back."""
    resource.setrlimit(resource.RLIMIT_AS, (MEMORY_LIMIT, MEMORY_LIMIT))
    resource.setrlimit(resource.RLIMIT_CPU, (cpu_seconds, cpu_seconds))
    from zoneinfo import ZoneInfo

    from conference.schedule.importers import parse
    from conference.schedule.importers.records import ImportOptions, ScheduleFormatError

    options = ImportOptions(timezone=ZoneInfo("America/New_York"), filename=name)
    try:
        parsed = parse(Path(path).read_bytes(), None, options)
    except ScheduleFormatError as exc:
        answer.send(f"refused: {exc}")
    else:
        answer.send(f"sessions: {len(parsed.sessions)}")


def parse_bounded(tmp_path: Path, content: bytes, name: str, cpu_seconds: int = 60) -> str:
    """Parse content in a bounded process; the line it answered (the test fails if the process died)."""
    path = tmp_path / name
    path.write_bytes(content)
    receiving, sending = _processes.Pipe(duplex=False)
    process = _processes.Process(target=_parse, args=(str(path), name, cpu_seconds, sending))
    process.start()
    sending.close()
    process.join(120)
    assert process.exitcode == 0, f"the bounded parse of {name} ended with {process.exitcode}"
    return receiving.recv()
