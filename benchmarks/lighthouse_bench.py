"""Lighthouse on the phone app: the first screen logged out (`/`) and Today logged in, each the median of runs.

Serves the app with gunicorn on a fresh SQLite database holding the demo program, and runs Lighthouse
(from npm, in `.lighthouse-tools/`; `make lighthouse-tools`) with the Debian `chromium` package and its
mobile preset: simulated slow 4G and 4x CPU slowdown, a fresh browser profile (a first visit) every run.
Each page is reported against the issue's goals: performance 100, LCP at most 1.2 s, no console error.

    python benchmarks/lighthouse_bench.py [--runs 3] [--keep DIR]
"""

from __future__ import annotations

import argparse
import json
import os
import statistics
import subprocess
import tempfile
from pathlib import Path

import servers

ROOT = servers.ROOT
LIGHTHOUSE = ROOT / ".lighthouse-tools" / "node_modules" / ".bin" / "lighthouse"
CHROMIUM = servers.CHROMIUM
CHROME_FLAGS = " ".join(servers.CHROMIUM_ARGS)
GOALS = {"performance": 100, "lcp_ms": 1200, "console_errors": 0}


def lighthouse(url: str, out: Path, headers: dict | None = None) -> dict:
    """One Lighthouse run (performance and best practices, mobile preset); returns its figures."""
    command = [
        str(LIGHTHOUSE),
        url,
        "--only-categories=performance,best-practices",
        "--output=json",
        f"--output-path={out}",
        f"--chrome-flags={CHROME_FLAGS}",
        "--quiet",
    ]
    if headers:
        command.append(f"--extra-headers={json.dumps(headers)}")
    # A loaded machine now and then loses the page's trace (Lighthouse's NO_NAVSTART): that run is tried again.
    for _ in range(3):
        if subprocess.run(command, env={**os.environ, "CHROME_PATH": str(CHROMIUM)}).returncode == 0:
            break
    else:
        raise RuntimeError(f"Lighthouse failed three times on {url}")
    report = json.loads(out.read_text())
    audits = report["audits"]
    return {
        "performance": round(report["categories"]["performance"]["score"] * 100),
        "lcp_ms": audits["largest-contentful-paint"]["numericValue"],
        "fcp_ms": audits["first-contentful-paint"]["numericValue"],
        "tbt_ms": audits["total-blocking-time"]["numericValue"],
        "requests": len(audits["network-requests"]["details"]["items"]),
        "console_errors": len(audits["errors-in-console"]["details"].get("items", [])),
    }


def medians(runs: list[dict]) -> dict:
    """The median of each figure over the runs."""
    return {name: round(statistics.median(run[name] for run in runs)) for name in runs[0]}


def main() -> None:
    """Measure both pages and print each median with its goal."""
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--runs", type=int, default=3)
    parser.add_argument("--keep", type=Path, help="keep the Lighthouse reports (JSON) in this folder")
    args = parser.parse_args()
    for needed, how in ((LIGHTHOUSE, "make lighthouse-tools"), (CHROMIUM, "apt-get install chromium")):
        if not needed.exists():
            print(f"skipped: {needed} not found ({how})")
            return
    with tempfile.TemporaryDirectory() as folder:
        reports = args.keep or Path(folder)
        reports.mkdir(parents=True, exist_ok=True)
        url = servers.demo_database(Path(folder) / "lighthouse.sqlite3")
        with servers.gunicorn("wsgi:app", servers.PHONE_WORKERS, servers.service_env(url), "/healthz") as base:
            pages = {
                "first visit, logged out (/)": ("/", None),
                "Today, logged in (/#/today)": (
                    "/#/today",
                    {"Cookie": servers.register(base, "lighthouse@example.org", "correct horse battery", "Lighthouse")},
                ),
            }
            results = {}
            for index, (label, (path, headers)) in enumerate(pages.items()):
                runs = [
                    lighthouse(base + path, reports / f"page{index}-run{run}.json", headers) for run in range(args.runs)
                ]
                results[label] = {"median": medians(runs), "runs": runs}
    load = os.getloadavg()[0]
    print(
        json.dumps({"runs": args.runs, "load_average_1min": round(load, 1), "goals": GOALS, "pages": results}, indent=2)
    )


if __name__ == "__main__":
    main()
