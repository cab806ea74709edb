"""Import benchmark: a 20,000-session CSV into SQLite, first import and unchanged re-import; the same program
as an Excel workbook (dates and times as typed cells, as Excel stores them).

Each measurement runs in its own process so its peak memory is its own. The floor is the same
file parsed with the csv module and bulk-inserted with sqlite3 alone.

    python benchmarks/import_bench.py [--sessions 20000] [--speakers 12000]
"""

from __future__ import annotations

import argparse
import csv
import json
import os
import resource
import sqlite3
import subprocess
import sys
import tempfile
import time
from pathlib import Path

ROOT = Path(__file__).resolve().parent.parent
sys.path.insert(0, str(ROOT))


def peak_mb() -> float:
    """This process's peak resident memory in MB, its own: Linux's ru_maxrss also counts the parent's memory at
    the fork before exec, so it is read only where /proc is missing (both in KiB)."""
    try:
        status = Path("/proc/self/status").read_text()
    except OSError:
        return resource.getrusage(resource.RUSAGE_SELF).ru_maxrss / 1024
    return int(next(line for line in status.splitlines() if line.startswith("VmHWM:")).split()[1]) / 1024


def floor(csv_path: Path, db_path: Path) -> dict:
    """Parse with csv and insert sessions and speaker appearances with sqlite3: the least any importer can do."""
    started = time.perf_counter()
    connection = sqlite3.connect(db_path)
    connection.execute("CREATE TABLE sessions (code, title, kind, track, date, start, end, room, description)")
    connection.execute("CREATE TABLE appearances (code, speaker)")
    sessions, appearances = [], []
    with open(csv_path, newline="", encoding="utf-8-sig") as handle:
        reader = csv.reader(handle)
        next(reader)
        for row in reader:
            code, title, kind, track, day, start, end, room, speakers, description = row
            sessions.append((code, title, kind, track, day, start, end, room, description))
            appearances.extend((code, speaker) for speaker in speakers.split("; "))
    connection.executemany("INSERT INTO sessions VALUES (?, ?, ?, ?, ?, ?, ?, ?, ?)", sessions)
    connection.executemany("INSERT INTO appearances VALUES (?, ?)", appearances)
    connection.commit()
    connection.close()
    return {"seconds": time.perf_counter() - started, "peak_mb": peak_mb(), "appearances": len(appearances)}


def run_import(csv_path: Path, db_path: Path) -> dict:
    """Import the file (CSV or Excel) with the application's own code path (the CLI's), into SQLite."""
    os.environ["DATABASE_URL"] = f"sqlite:///{db_path}"
    from flask_migrate import upgrade

    from conference import create_app
    from conference.extensions import db
    from conference.schedule.operations import import_schedule

    app = create_app()
    with app.app_context():
        upgrade()
        data = csv_path.read_bytes()
        started = time.perf_counter()
        result = import_schedule(data, slug="bench", timezone="America/New_York", filename=csv_path.name)
        db.session.commit()
        seconds = time.perf_counter() - started
    return {"seconds": seconds, "peak_mb": peak_mb(), "summary": result.summary()}


def to_xlsx(csv_path: Path, xlsx_path: Path) -> None:
    """Write the CSV program as Excel does: typed date and time cells, shared strings, the sheet's dimension."""
    from datetime import datetime

    from openpyxl import Workbook

    book = Workbook()  # not write-only: that mode writes inline strings and no dimension, unlike Excel
    sheet = book.active
    sheet.title = "Program"
    with open(csv_path, newline="", encoding="utf-8-sig") as handle:
        reader = csv.reader(handle)
        sheet.append(next(reader))
        for code, title, kind, track, day, start, end, *rest in reader:
            typed = [
                datetime.strptime(day, "%m/%d/%Y").date(),
                datetime.strptime(start, "%I:%M %p").time(),
                datetime.strptime(end, "%I:%M %p").time(),
            ]
            sheet.append([code, title, kind, track, *typed, *rest])
    book.save(xlsx_path)


def child(mode: str, csv_path: Path, db_path: Path) -> dict:
    """Run one measurement in a fresh interpreter and read its JSON line."""
    output = subprocess.run(
        [sys.executable, __file__, "--child", mode, str(csv_path), str(db_path)],
        check=True,
        capture_output=True,
        text=True,
        cwd=ROOT,
    ).stdout
    return json.loads(output.strip().splitlines()[-1])


def main() -> None:
    """Generate the file, measure the floor, the first import and the unchanged re-import."""
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--sessions", type=int, default=20_000)
    parser.add_argument("--speakers", type=int, default=12_000)
    parser.add_argument("--child", nargs=3, metavar=("MODE", "CSV", "DB"), help=argparse.SUPPRESS)
    args = parser.parse_args()
    if args.child:
        mode, csv_path, db_path = args.child
        measure = floor if mode == "floor" else run_import
        print(json.dumps(measure(Path(csv_path), Path(db_path))))
        return

    from conference.demo.program import generate

    with tempfile.TemporaryDirectory() as tmp:
        csv_path = Path(tmp) / "program.csv"
        generate(csv_path, sessions=args.sessions, speakers=args.speakers)
        size_mb = csv_path.stat().st_size / 1e6
        base = child("floor", csv_path, Path(tmp) / "floor.sqlite3")
        print(f"file: {args.sessions} sessions, {base['appearances']} speaker appearances, {size_mb:.1f} MB")
        print(f"{'run':<22}{'wall s':>8}{'peak MB':>9}  result")
        print(f"{'floor (csv+sqlite3)':<22}{base['seconds']:>8.2f}{base['peak_mb']:>9.0f}")
        for label in ("first import", "unchanged re-import"):
            run = child("import", csv_path, Path(tmp) / "app.sqlite3")
            print(f"{label:<22}{run['seconds']:>8.2f}{run['peak_mb']:>9.0f}  {run['summary']}")
        xlsx_path = Path(tmp) / "program.xlsx"
        to_xlsx(csv_path, xlsx_path)
        print(f"the same program as Excel: {xlsx_path.stat().st_size / 1e6:.1f} MB")
        for label in ("Excel first import", "Excel re-import"):
            run = child("import", xlsx_path, Path(tmp) / "xlsx.sqlite3")
            print(f"{label:<22}{run['seconds']:>8.2f}{run['peak_mb']:>9.0f}  {run['summary']}")


if __name__ == "__main__":
    main()
