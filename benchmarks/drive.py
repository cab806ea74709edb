"""A closed-loop HTTP load driver: C clients request the given paths in turn for S seconds, then it prints JSON.

Runs in its own process (gevent patches the standard library), on 127.0.0.1:

    python benchmarks/drive.py http://127.0.0.1:8000 /path1 /path2 --concurrency 8 --seconds 5 [--header "K: V"]
"""

from __future__ import annotations

from gevent import monkey

monkey.patch_all()

import argparse  # noqa: E402
import itertools  # noqa: E402
import json  # noqa: E402
import time  # noqa: E402
from urllib.parse import urlsplit  # noqa: E402

import gevent  # noqa: E402
from geventhttpclient import HTTPClient  # noqa: E402


def percentile(ordered: list[float], share: float) -> float:
    """The value below which `share` of the sorted samples fall (nearest rank)."""
    if not ordered:
        return float("nan")
    return ordered[min(len(ordered) - 1, int(share * len(ordered)))]


def drive(base: str, paths: list[str], headers: dict, concurrency: int, seconds: float) -> dict:
    """Run the clients and summarise throughput, latency, status codes and body size."""
    address = urlsplit(base)
    turn = itertools.cycle(paths)
    latencies: list[float] = []
    statuses: dict[int, int] = {}
    body_bytes = [0]
    deadline = time.perf_counter() + seconds

    def client() -> None:
        connection = HTTPClient(
            address.hostname, address.port, headers=headers, network_timeout=30, connection_timeout=30
        )
        while time.perf_counter() < deadline:
            started = time.perf_counter()
            try:
                response = connection.get(next(turn))
                body = response.read()
                status = response.status_code
            except Exception:  # a refused or dropped connection is an error to count, not a crash
                status, body = 0, b""
                connection.close()
                connection = HTTPClient(address.hostname, address.port, headers=headers, network_timeout=30)
            latencies.append(time.perf_counter() - started)
            statuses[status] = statuses.get(status, 0) + 1
            body_bytes[0] = len(body)
        connection.close()

    started = time.perf_counter()
    gevent.joinall([gevent.spawn(client) for _ in range(concurrency)])
    elapsed = time.perf_counter() - started
    latencies.sort()
    errors = sum(count for status, count in statuses.items() if status == 0 or status >= 400)
    return {
        "requests": len(latencies),
        "rps": len(latencies) / elapsed,
        "p50_ms": percentile(latencies, 0.50) * 1000,
        "p95_ms": percentile(latencies, 0.95) * 1000,
        "p99_ms": percentile(latencies, 0.99) * 1000,
        "errors": errors,
        "statuses": {str(k): v for k, v in sorted(statuses.items())},
        "body_bytes": body_bytes[0],
    }


def main() -> None:
    """Parse the command line, drive, print one JSON line."""
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("base")
    parser.add_argument("paths", nargs="+")
    parser.add_argument("--concurrency", type=int, default=8)
    parser.add_argument("--seconds", type=float, default=5)
    parser.add_argument("--header", action="append", default=[])
    args = parser.parse_args()
    headers = dict(header.split(": ", 1) for header in args.header)
    print(json.dumps(drive(args.base, args.paths, headers, args.concurrency, args.seconds)))


if __name__ == "__main__":
    main()
