"""`make load`, second part: 1,000 simulated phones against HAProxy in front of two app nodes, then two nodes against one.

The phones (Locust, the attendee mix of locustfile.py with a phone's pauses: 5 to 15 s between taps) run
for --seconds once all are in. Then a closed-loop driver keeps --concurrency requests in flight through
the proxy, first to both nodes and then, in the same run, to one (the other set to maintenance in
HAProxy), and the CPU time the nodes' processes and the database's backends spent is read from /proc,
so the figures say what one request costs each side.

    python benchmarks/cluster_load.py [--phones 1000] [--seconds 60] [--workers 2] [--concurrency 16] [--reuse]
"""

from __future__ import annotations

import argparse
import json
import os
import sys
import tempfile
import time
from pathlib import Path

ROOT = Path(__file__).resolve().parent.parent
sys.path.insert(0, str(ROOT / "benchmarks"))

import dataset  # noqa: E402
import load  # noqa: E402
import servers  # noqa: E402
from cluster import Cluster, missing_parts  # noqa: E402

TICKS = os.sysconf("SC_CLK_TCK")
#: Spawning 50 phones a second, the last of 1,000 is in after 20 s; Locust's figures count from then.
SPAWN_RATE = 50


def cpu_seconds(pids: list[int]) -> float:
    """User and system CPU time these processes have used so far (those that ended are left out)."""
    total = 0
    for pid in pids:
        try:
            fields = Path(f"/proc/{pid}/stat").read_text().rsplit(")", 1)[1].split()
        except OSError:
            continue
        total += int(fields[11]) + int(fields[12])  # utime, stime
    return total / TICKS


def node_pids(cluster: Cluster) -> list[int]:
    """Every gunicorn process of the cluster's nodes (each node is a process group of its own)."""
    groups = {node.process.pid for node in cluster.members}
    pids = []
    for entry in Path("/proc").iterdir():
        if entry.name.isdigit():
            try:
                fields = (entry / "stat").read_text().rsplit(")", 1)[1].split()
            except OSError:
                continue
            if int(fields[2]) in groups:  # pgrp
                pids.append(int(entry.name))
    return pids


def backend_pids(url: str) -> list[int]:
    """The PostgreSQL server processes serving this database now (the nodes' pooled connections)."""
    import psycopg
    from sqlalchemy import make_url

    parsed = make_url(url)
    admin = parsed.set(drivername="postgresql", database="postgres").render_as_string(hide_password=False)
    with psycopg.connect(admin, autocommit=True) as connection:
        rows = connection.execute(
            "SELECT pid FROM pg_stat_activity WHERE datname = %s AND pid <> pg_backend_pid()", (parsed.database,)
        ).fetchall()
    return [pid for (pid,) in rows]


def saturate(cluster: Cluster, url: str, paths: list[str], cookie: str, args) -> dict:
    """The driver's figures through the proxy, with the app's and the database's CPU per request."""
    servers.drive(cluster.url, paths, seconds=2, concurrency=args.concurrency, headers={"Cookie": cookie})  # warm up
    nodes, backends = node_pids(cluster), backend_pids(url)
    app_before, db_before = cpu_seconds(nodes), cpu_seconds(backends)
    figures = servers.drive(
        cluster.url, paths, seconds=args.drive_seconds, concurrency=args.concurrency, headers={"Cookie": cookie}
    )
    figures["app_cpu_ms"] = (cpu_seconds(nodes) - app_before) * 1000 / figures["requests"]
    figures["db_cpu_ms"] = (cpu_seconds(backends) - db_before) * 1000 / figures["requests"]
    figures["connections"] = len(backends)
    return figures


def main() -> None:
    """Prepare (or reuse) the load database, start the cluster, drive it, print the tables."""
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--phones", type=int, default=1000)
    parser.add_argument("--seconds", type=int, default=60)
    parser.add_argument("--registered", type=int, default=2000)
    parser.add_argument("--sessions", type=int, default=20_000)
    parser.add_argument("--speakers", type=int, default=12_000)
    parser.add_argument("--workers", type=int, default=2, help="sync workers per node")
    parser.add_argument("--concurrency", type=int, default=16, help="requests in flight for the node comparison")
    parser.add_argument("--drive-seconds", type=float, default=10)
    parser.add_argument("--max-requests", type=int, default=1_000_000)
    parser.add_argument("--reuse", action="store_true", help="keep a database that already holds this setup")
    args = parser.parse_args()
    if missing_parts():
        sys.exit("the cluster load needs " + ", ".join(missing_parts()))
    url = dataset.database_url("LOAD_DATABASE_URL", "conference_load")
    if not (args.reuse and load.ready(url, args.sessions, args.registered)):
        load.prepare(url, args.sessions, args.speakers, args.registered)
    env = {"RATELIMIT_KEY_PREFIX": f"load-{time.time_ns()}", "SECRET_KEY": "benchmark-only-secret"}
    with tempfile.TemporaryDirectory() as tmp_name, Cluster(url, env=env, workers=args.workers) as cluster:
        tmp = Path(tmp_name)
        phones = tmp / "phones.jsonl"
        load.log_phones_in(cluster.url, min(args.phones, args.registered), phones)
        run = argparse.Namespace(
            users=args.phones, seconds=args.seconds + args.phones // SPAWN_RATE, max_requests=args.max_requests
        )
        mix = load.locust(cluster.url, "Phone", run, tmp / "phones", phones)
        cookie = json.loads(phones.read_text().splitlines()[0])["cookie"]
        slug = dataset.SLUG
        paths = [
            f"/api/v1/conferences/{slug}/sessions?day=2027-05-16&per_page=50",
            f"/api/v1/conferences/{slug}/sessions?q=bupren",
            f"/api/v1/me/agenda?conference={slug}&day=2027-05-16",
            f"/api/v1/me/goals?conference={slug}",
            "/api/v1/me/changes?limit=100",
        ]
        both = saturate(cluster, url, paths, cookie, args)
        cluster.proxy_command("disable server nodes/b")
        one = saturate(cluster, url, paths, cookie, args)
    load.print_table(
        f"{args.phones} simulated phones (pauses of 5-15 s) for {args.seconds} s through HAProxy, "
        f"2 nodes x {args.workers} sync workers, PostgreSQL, Redis",
        mix,
    )
    print(
        f"\nThe same cluster saturated: {args.concurrency} requests in flight for {args.drive_seconds:g} s through "
        f"the proxy, cycling a sessions page, a search, an agenda day, goals and the changes feed\n"
    )
    print(
        "| nodes | req/s | p50 ms | p99 ms | errors | app CPU ms per request | database CPU ms per request "
        "| database connections |"
    )
    print("|---:|---:|---:|---:|---:|---:|---:|---:|")
    for count, figures in ((2, both), (1, one)):
        print(
            f"| {count} | {figures['rps']:.0f} | {figures['p50_ms']:.1f} | {figures['p99_ms']:.1f} | {figures['errors']} "
            f"| {figures['app_cpu_ms']:.2f} | {figures['db_cpu_ms']:.2f} | {figures['connections']} |"
        )
    print(f"\ntwo nodes / one node: {both['rps'] / one['rps']:.2f}x; load average {os.getloadavg()[0]:.1f} at the end")


if __name__ == "__main__":
    main()
