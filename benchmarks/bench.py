"""`make bench`: every figure of the read path and the import, as ratios in one run, on SQLite and PostgreSQL.

Read figures: the service and a trivial Flask app serving the same bytes run under the same
gunicorn settings; a load driver in another process keeps C requests in flight for S seconds
against each endpoint in turn; each endpoint's throughput is divided by the trivial app's.
Import figures: each import runs in its own process, beside the floor (csv + sqlite3 alone).

    python benchmarks/bench.py [--sessions 20000] [--seconds 5] [--concurrency 8] [--workers 4]
        [--worker-class sync] [--threads 1] [--postgres URL | --no-postgres]

PostgreSQL: BENCH_DATABASE_URL or a local database named conference_bench, created when missing
and emptied (its public schema dropped) on every run: never point it at data you keep.
"""

from __future__ import annotations

import argparse
import json
import re
import subprocess
import sys
import tempfile
from pathlib import Path

from sqlalchemy import make_url

ROOT = Path(__file__).resolve().parent.parent
sys.path.insert(0, str(ROOT / "benchmarks"))

import dataset  # noqa: E402
import servers  # noqa: E402
from import_bench import child, peak_mb  # noqa: E402

SESSIONS = f"/api/v1/conferences/{dataset.SLUG}/sessions"


def child_import(url: str, csv_path: str) -> None:
    """Import in this fresh process and print seconds, peak memory and the summary as JSON."""
    seconds, summary = dataset.import_program(url, Path(csv_path).read_bytes())
    print(json.dumps({"seconds": seconds, "peak_mb": peak_mb(), "summary": summary}))


def timed_import(url: str, csv_path: Path) -> dict:
    """One import measured in its own process."""
    output = subprocess.run(
        [sys.executable, __file__, "--child-import", url, str(csv_path)], check=True, capture_output=True, text=True
    ).stdout
    return json.loads(output.strip().splitlines()[-1])


def search_words(csv_path: Path, count: int = 200) -> list[str]:
    """Words of the program's titles (and their first five letters, as typed), for searches the cache has not seen."""
    words = sorted(set(re.findall(r"[A-Za-z]{6,}", csv_path.read_text(encoding="utf-8")[:2_000_000].lower())))
    step = max(1, len(words) // (count // 2))
    chosen = words[::step][: count // 2]
    return ["buprenorphine", "bupren"] + chosen + [word[:5] for word in chosen]


def read_figures(url: str, csv_path: Path, workers: servers.Workers, seconds: float, concurrency: int) -> list[dict]:
    """Serve the imported program and measure each endpoint beside the trivial app."""
    email = dataset.add_users(url, 1, contacts=300, encounters=1000, followups=300)[0]
    rows = []
    with servers.gunicorn("wsgi:app", workers, servers.service_env(url), "/healthz") as base:
        cookie = {"Cookie": servers.log_in(base, email, dataset.PASSWORD)}
        page, headers = servers.fetch(base, SESSIONS + "?per_page=50")
        with tempfile.NamedTemporaryFile(suffix=".json") as body:
            body.write(page)
            body.flush()
            with servers.gunicorn("trivial_app:app", workers, {"TRIVIAL_BODY": body.name}, "/trivial") as floor_base:
                trivial = servers.drive(floor_base, ["/trivial"], seconds=seconds, concurrency=concurrency)
        rows.append({"figure": f"trivial Flask endpoint, same {len(page) // 1000} KB", **trivial, "target": "1.00"})
        words = search_words(csv_path)
        scenarios = [
            ("session list per_page=50, one page", [SESSIONS + "?per_page=50"], {}, "ratio >= 0.40"),
            (
                "session list per_page=50, 300 pages",
                [f"{SESSIONS}?per_page=50&page={n}" for n in range(1, 301)],
                {},
                "- (cold: pages built)",
            ),
            ("the same answered 304", [SESSIONS + "?per_page=50"], {"If-None-Match": headers["ETag"]}, "ratio >= 0.70"),
            ("search q=buprenorphine", [SESSIONS + "?q=buprenorphine"], {}, "p99 < 50 ms"),
            (f"search, {len(words)} words and prefixes", [f"{SESSIONS}?q={w}" for w in words], {}, "p99 < 50 ms"),
            (
                "agenda, 10 targets incl. a large program",
                [f"/api/v1/me/agenda?conference={dataset.SLUG}"],
                cookie,
                "p99 < 100 ms, < 100 KB",
            ),
            (
                "agenda, one day",
                [f"/api/v1/me/agenda?conference={dataset.SLUG}&day=2027-05-16"],
                cookie,
                "p99 < 100 ms",
            ),
            ("goals (1,000 encounters)", [f"/api/v1/me/goals?conference={dataset.SLUG}"], cookie, "p99 < 50 ms"),
            ("changes feed limit=100", ["/api/v1/me/changes?limit=100"], cookie, "p99 < 50 ms"),
            ("people: contacts, 100 a page", ["/api/v1/me/contacts?per_page=100"], cookie, "p99 < 50 ms"),
            ("people: encounters, 100 a page", ["/api/v1/me/encounters?per_page=100"], cookie, "p99 < 50 ms"),
            ("people: follow-ups, 100 a page", ["/api/v1/me/followups?per_page=100"], cookie, "p99 < 50 ms"),
        ]
        for figure, paths, extra, target in scenarios:
            result = servers.drive(base, paths, seconds=seconds, concurrency=concurrency, headers=extra)
            rows.append({"figure": figure, **result, "ratio": result["rps"] / trivial["rps"], "target": target})
    rows[0]["ratio"] = 1.0
    return rows


def import_figures(url: str, csv_path: Path, floor_seconds: float) -> list[dict]:
    """The first import and an unchanged re-import of the same file."""
    dataset.reset_database(url)
    rows = []
    for figure, target in (("first import", "< 6 s, < 300 MB"), ("unchanged re-import", "< 1 s")):
        run = timed_import(url, csv_path)
        rows.append(
            {
                "figure": figure,
                "seconds": run["seconds"],
                "peak_mb": run["peak_mb"],
                "target": target,
                "ratio": run["seconds"] / floor_seconds,
            }
        )
    return rows


def large_import_figure(url: str, csv_path: Path, sessions: int, floor_seconds: float) -> dict:
    """The first import of the large program, in a database of its own (the read figures keep the usual one)."""
    dataset.reset_database(url)
    run = timed_import(url, csv_path)
    return {
        "figure": f"first import of {sessions} sessions",
        "seconds": run["seconds"],
        "peak_mb": run["peak_mb"],
        "target": "< 300 MB",
        "ratio": run["seconds"] / floor_seconds,
    }


def large_database(url: str, tmp: Path) -> str:
    """Where the large program goes: a file beside the benchmark's, or a PostgreSQL database named after it."""
    parsed = make_url(url)
    if parsed.get_backend_name() == "sqlite":
        return f"sqlite:///{tmp / 'large.sqlite3'}"
    return parsed.set(database=f"{parsed.database}_large").render_as_string(hide_password=False)


def print_table(title: str, rows: list[dict]) -> None:
    """One Markdown table of every figure."""
    print(f"\n{title}\n")
    print("| figure | database | req/s | p50 ms | p99 ms | errors | body KB | ratio to trivial | target |")
    print("|---|---|---:|---:|---:|---:|---:|---:|---|")
    for row in rows:
        if "rps" in row:
            print(
                f"| {row['figure']} | {row['database']} | {row['rps']:.0f} | {row['p50_ms']:.1f} | {row['p99_ms']:.1f} "
                f"| {row['errors']} | {row['body_bytes'] / 1000:.1f} | {row['ratio']:.2f} | {row['target']} |"
            )
        else:
            ratio = f"{row['ratio']:.1f}x floor" if "ratio" in row else ""
            print(
                f"| {row['figure']} ({row['seconds']:.2f} s, {row['peak_mb']:.0f} MB) | {row['database']} "
                f"| | | | | | {ratio} | {row['target']} |"
            )


def main() -> None:
    """Generate the program, measure everything, print one table."""
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--sessions", type=int, default=20_000)
    parser.add_argument("--speakers", type=int, default=12_000)
    parser.add_argument("--large-sessions", type=int, default=50_000, help="the program whose import's memory counts")
    parser.add_argument("--seconds", type=float, default=5)
    parser.add_argument("--concurrency", type=int, default=8)
    parser.add_argument("--workers", type=int, default=4)
    parser.add_argument("--worker-class", default="sync")
    parser.add_argument("--threads", type=int, default=1)
    parser.add_argument("--postgres", default=dataset.database_url("BENCH_DATABASE_URL", "conference_bench"))
    parser.add_argument("--no-postgres", action="store_true")
    parser.add_argument("--child-import", nargs=2, metavar=("URL", "CSV"), help=argparse.SUPPRESS)
    args = parser.parse_args()
    if args.child_import:
        child_import(*args.child_import)
        return
    workers = servers.Workers(args.workers, args.worker_class, args.threads)

    from conference.demo.program import generate

    with tempfile.TemporaryDirectory() as tmp_name:
        tmp = Path(tmp_name)
        csv_path = tmp / "program.csv"
        generate(csv_path, sessions=args.sessions, speakers=args.speakers)
        large_path = tmp / "large.csv"
        generate(large_path, sessions=args.large_sessions, speakers=args.speakers)
        base = child("floor", csv_path, tmp / "floor.sqlite3")  # in a process of its own, as the imports are
        large_base = child("floor", large_path, tmp / "large-floor.sqlite3")
        rows = [
            {
                "figure": "floor: csv + sqlite3 alone",
                "database": "SQLite",
                "seconds": base["seconds"],
                "peak_mb": base["peak_mb"],
                "target": "-",
            },
            {
                "figure": f"floor of {args.large_sessions} sessions",
                "database": "SQLite",
                "seconds": large_base["seconds"],
                "peak_mb": large_base["peak_mb"],
                "target": "-",
            },
        ]
        databases = [("SQLite", f"sqlite:///{tmp / 'bench.sqlite3'}")]
        if not args.no_postgres:
            databases.append(("PostgreSQL", args.postgres))
        for name, url in databases:
            figures = import_figures(url, csv_path, base["seconds"])
            figures.append(
                large_import_figure(large_database(url, tmp), large_path, args.large_sessions, large_base["seconds"])
            )
            figures += read_figures(url, csv_path, workers, args.seconds, args.concurrency)
            for row in figures:
                row["database"] = name
            rows += figures
    print_table(
        f"{args.sessions} sessions ({base['appearances']} speaker appearances); {workers}; "
        f"{args.concurrency} requests in flight for {args.seconds:g} s per figure",
        rows,
    )


if __name__ == "__main__":
    main()
