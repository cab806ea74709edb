"""Login-session benchmark: what checking the cookie's session adds to a request, with few and many sessions stored.

The floor is a request that needs no login (/healthz runs one trivial query); the measured request is
GET /api/v1/me, whose only query is the session lookup. The ratio between 100,000 stored sessions and
a handful should stay near 1 (an indexed lookup), and the ratio to the floor small.

    python benchmarks/session_bench.py [--requests 2000] [--sessions 100000] [--rounds 5]
"""

from __future__ import annotations

import argparse
import sys
import tempfile
import time
import uuid
from pathlib import Path

ROOT = Path(__file__).resolve().parent.parent
sys.path.insert(0, str(ROOT))


def timed(client, path: str, requests: int) -> float:
    """Mean seconds per GET of `path` over `requests` requests."""
    started = time.perf_counter()
    for _ in range(requests):
        assert client.get(path).status_code == 200
    return (time.perf_counter() - started) / requests


def add_sessions(count: int) -> None:
    """Store `count` other users' sessions in bulk."""
    from sqlalchemy import insert

    from conference.accounts.models import LoginSession, User
    from conference.db.types import utcnow
    from conference.extensions import db

    if count == 0:
        return
    now = utcnow()
    users = [{"email": f"bench{n}@example.org", "password_hash": "x", "name": "Bench"} for n in range(count // 10)]
    db.session.execute(insert(User), users)
    ids = db.session.scalars(db.select(User.id).where(User.email.like("bench%"))).all()
    rows = [
        {
            "id": uuid.uuid4(),
            "user_id": ids[n % len(ids)],
            "token_hash": uuid.uuid4().hex * 2,
            "created_at": now,
            "last_seen_at": now,
            "user_agent": "bench",
        }
        for n in range(count)
    ]
    db.session.execute(insert(LoginSession), rows)
    db.session.commit()


def logged_in_app(database: Path, other_sessions: int):
    """An app on its own SQLite file, with `other_sessions` sessions of other users stored; returns a logged-in client."""
    from flask_migrate import upgrade

    from conference import create_app

    app = create_app({"SQLALCHEMY_DATABASE_URI": f"sqlite:///{database}", "RATELIMIT_ENABLED": False})
    with app.app_context():
        upgrade()
        add_sessions(other_sessions)
    client = app.test_client()
    response = client.post(
        "/api/v1/auth/register", json={"email": "sam@example.org", "password": "correct horse battery", "name": "Sam"}
    )
    assert response.status_code == 201
    return client


def main() -> None:
    """Measure the floor and GET /me with few and with many stored sessions, in alternating rounds (best of each)."""
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--requests", type=int, default=2000)
    parser.add_argument("--sessions", type=int, default=100_000)
    parser.add_argument("--rounds", type=int, default=5)
    args = parser.parse_args()
    with tempfile.TemporaryDirectory() as tmp:
        few = logged_in_app(Path(tmp) / "few.sqlite3", 0)
        many = logged_in_app(Path(tmp) / "many.sqlite3", args.sessions)
        runs = {"floor": (few, "/healthz"), "few": (few, "/api/v1/me"), "many": (many, "/api/v1/me")}
        best = dict.fromkeys(runs, float("inf"))
        for client, path in runs.values():
            timed(client, path, 50)
        for _ in range(args.rounds):
            for name, (client, path) in runs.items():
                best[name] = min(best[name], timed(client, path, args.requests // args.rounds))
    floor = best["floor"]
    print(f"{'request':<40}{'ms':>8}{'ratio':>8}")
    print(f"{'floor: GET /healthz (no login)':<40}{floor * 1000:>8.3f}{1:>8.2f}")
    print(f"{'GET /me, 1 session stored':<40}{best['few'] * 1000:>8.3f}{best['few'] / floor:>8.2f}")
    print(f"{f'GET /me, {args.sessions:,} sessions stored':<40}{best['many'] * 1000:>8.3f}{best['many'] / floor:>8.2f}")
    print(f"many / few: {best['many'] / best['few']:.2f} (target: under 1.3)")


if __name__ == "__main__":
    main()
