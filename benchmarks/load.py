"""`make load`: 200 simulated attendees against the service on PostgreSQL, beside the trivial app.

Sets up LOAD_DATABASE_URL (default: a local database named conference_load, created when missing
and emptied on every run unless --reuse finds it ready) with the generated program and registered
users, serves it and the trivial app under the same gunicorn settings, and drives each with Locust
headless from its own process on 127.0.0.1, bounded by time and by request count.

    python benchmarks/load.py [--users 200] [--seconds 60] [--registered 2000] [--sessions 20000]
        [--workers 4] [--worker-class sync] [--threads 1] [--max-requests 100000] [--reuse]
"""

from __future__ import annotations

import argparse
import csv
import json
import os
import subprocess
import sys
import tempfile
from pathlib import Path

ROOT = Path(__file__).resolve().parent.parent
sys.path.insert(0, str(ROOT / "benchmarks"))

import dataset  # noqa: E402
import servers  # noqa: E402


def ready(url: str, sessions: int, registered: int) -> bool:
    """Whether the database already holds this program and these users."""
    from sqlalchemy import create_engine, text

    engine = create_engine(url)
    try:
        with engine.connect() as connection:
            found = connection.execute(
                text("SELECT (SELECT count(*) FROM sessions), (SELECT count(*) FROM users)")
            ).one()
        return tuple(found) == (sessions, registered)
    except Exception:  # no schema yet
        return False
    finally:
        engine.dispose()


def prepare(url: str, sessions: int, speakers: int, registered: int) -> None:
    """An empty database, the generated program imported, the users registered."""
    from conference.demo.program import generate

    dataset.reset_database(url)
    with tempfile.TemporaryDirectory() as tmp:
        csv_path = Path(tmp) / "program.csv"
        generate(csv_path, sessions=sessions, speakers=speakers)
        seconds, summary = dataset.import_program(url, csv_path.read_bytes())
        print(f"imported in {seconds:.1f} s: {summary}", flush=True)
    dataset.add_users(url, registered, contacts=5, encounters=10, followups=3)
    print(f"registered {registered} users", flush=True)


def log_phones_in(base: str, count: int, path: Path) -> None:
    """Log `count` users in once, as their phones were before the keynote, keeping each cookie and a contact."""
    with path.open("w") as phones:
        for n in range(count):
            cookie = servers.log_in(base, f"user{n}@bench.invalid", dataset.PASSWORD)
            body, _ = servers.fetch(base, "/api/v1/me/contacts?per_page=1", {"Cookie": cookie})
            phones.write(json.dumps({"cookie": cookie, "contact_id": json.loads(body)["items"][0]["id"]}) + "\n")


def locust(base: str, user_class: str, args, csv_prefix: Path, phones: Path) -> list[dict]:
    """Run Locust headless in its own process against `base`; returns its per-endpoint rows."""
    command = [
        str(servers.BIN / "locust"),
        "-f",
        str(ROOT / "benchmarks" / "locustfile.py"),
        "--headless",
        "--only-summary",
        "--users",
        str(args.users),
        "--spawn-rate",
        str(min(args.users, 50)),
        "--run-time",
        f"{args.seconds}s",
        # Figures count from when every user is in: logging in and the first contact are the setup.
        "--reset-stats",
        "--host",
        base,
        "--csv",
        str(csv_prefix),
        "--loglevel",
        "WARNING",
        user_class,
    ]
    env = {"LOAD_PHONES": str(phones), "LOAD_MAX_REQUESTS": str(args.max_requests)}
    subprocess.run(
        command, check=False, env={**os.environ, **env}, stdout=subprocess.DEVNULL, stderr=subprocess.DEVNULL
    )
    with open(f"{csv_prefix}_stats.csv", newline="") as handle:
        return list(csv.DictReader(handle))


def print_table(title: str, rows: list[dict]) -> None:
    """Req/s and latency percentiles per endpoint, as Markdown."""
    print(f"\n{title}\n")
    print("| endpoint | requests | failures | req/s | p50 ms | p95 ms | p99 ms |")
    print("|---|---:|---:|---:|---:|---:|---:|")
    for row in rows:
        name = "all (mix)" if row["Name"] == "Aggregated" else row["Name"]
        print(
            f"| {name} | {row['Request Count']} | {row['Failure Count']} | {float(row['Requests/s']):.1f} "
            f"| {row['50%']} | {row['95%']} | {row['99%']} |"
        )


def main() -> None:
    """Prepare, serve, drive, report."""
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--users", type=int, default=200)
    parser.add_argument("--seconds", type=int, default=60)
    parser.add_argument("--registered", type=int, default=2000)
    parser.add_argument("--sessions", type=int, default=20_000)
    parser.add_argument("--speakers", type=int, default=12_000)
    parser.add_argument("--workers", type=int, default=4)
    parser.add_argument("--worker-class", default="sync")
    parser.add_argument("--threads", type=int, default=1)
    parser.add_argument("--max-requests", type=int, default=100_000)
    parser.add_argument("--reuse", action="store_true", help="keep a database that already holds this setup")
    args = parser.parse_args()
    url = dataset.database_url("LOAD_DATABASE_URL", "conference_load")
    if not (args.reuse and ready(url, args.sessions, args.registered)):
        prepare(url, args.sessions, args.speakers, args.registered)
    workers = servers.Workers(args.workers, args.worker_class, args.threads)
    with tempfile.TemporaryDirectory() as tmp_name:
        tmp = Path(tmp_name)
        with servers.gunicorn("wsgi:app", workers, servers.service_env(url), "/healthz") as base:
            page, _ = servers.fetch(base, f"/api/v1/conferences/{dataset.SLUG}/sessions?day=2027-05-16&per_page=50")
            phones = tmp / "phones.jsonl"
            log_phones_in(base, min(args.users, args.registered), phones)
            service = locust(base, "Attendee", args, tmp / "service", phones)
        body = tmp / "page.json"
        body.write_bytes(page)
        with servers.gunicorn("trivial_app:app", workers, {"TRIVIAL_BODY": str(body)}, "/trivial") as base:
            trivial = locust(base, "Trivial", args, tmp / "trivial", phones)
    title = (
        f"{args.users} simulated users for {args.seconds} s (at most {args.max_requests} requests), "
        f"{args.sessions} sessions, {args.registered} registered users, PostgreSQL; {workers}"
    )
    print_table(title, service + [dict(row, Name="trivial endpoint, same settings") for row in trivial[:1]])


if __name__ == "__main__":
    main()
