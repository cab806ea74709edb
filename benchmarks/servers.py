"""Starting the service and the trivial app under the same gunicorn settings, and talking to them."""

from __future__ import annotations

import json
import os
import socket
import subprocess
import sys
import time
import urllib.request
from contextlib import contextmanager
from dataclasses import dataclass
from pathlib import Path

ROOT = Path(__file__).resolve().parent.parent
BIN = Path(sys.executable).parent
#: The Debian `chromium` the scripts drive, headless and without its background traffic.
CHROMIUM = Path(os.environ.get("CHROMIUM", "/usr/bin/chromium"))
CHROMIUM_ARGS = [
    "--headless",
    "--no-sandbox",
    "--disable-gpu",
    "--disable-background-networking",
    "--disable-component-update",
    "--disable-sync",
]


@dataclass(frozen=True)
class Workers:
    """Gunicorn's worker settings, shared by both servers so their figures compare."""

    count: int = 4
    worker_class: str = "sync"
    threads: int = 1

    def arguments(self) -> list[str]:
        """Gunicorn's command-line options for these settings."""
        return ["--workers", str(self.count), "--worker-class", self.worker_class, "--threads", str(self.threads)]

    def __str__(self) -> str:
        threads = f" x {self.threads} threads" if self.threads > 1 else ""
        return f"{self.count} {self.worker_class} workers{threads}"


#: For the phone app: threaded workers keep connections alive, as the proxy in front of production does for
#: phones; sync workers close each one, and a browser would pay a new connection's round trip for every file.
PHONE_WORKERS = Workers(count=2, worker_class="gthread", threads=4)


def free_port() -> int:
    """A TCP port nothing listens on now."""
    with socket.socket() as probe:
        probe.bind(("127.0.0.1", 0))
        return probe.getsockname()[1]


@contextmanager
def gunicorn(app: str, workers: Workers, env: dict, ready_path: str):
    """Run `app` under gunicorn on a free port until the block ends; yields the base URL."""
    port = free_port()
    command = [
        str(BIN / "gunicorn"),
        *workers.arguments(),
        "--bind",
        f"127.0.0.1:{port}",
        "--pythonpath",
        str(ROOT / "benchmarks"),
        "--log-level",
        "warning",
        "--timeout",
        "120",
        app,
    ]
    process = subprocess.Popen(command, cwd=ROOT, env={**os.environ, **env}, stdout=subprocess.DEVNULL)
    base = f"http://127.0.0.1:{port}"
    try:
        for _ in range(600):
            try:
                urllib.request.urlopen(base + ready_path, timeout=5).read()
                break
            except OSError:
                if process.poll() is not None:
                    raise RuntimeError(f"gunicorn {app} exited with {process.returncode}") from None
                time.sleep(0.1)
        yield base
    finally:
        process.terminate()
        process.wait(timeout=30)


DEMO_CSV = ROOT / "conference" / "demo" / "apa-2027-program.csv"


def demo_database(path: Path) -> str:
    """A migrated SQLite database at `path` holding the demo program, made as `make demo` makes it; its URL."""
    url = f"sqlite:///{path}"
    env = {**os.environ, "DATABASE_URL": url}
    flask = [str(BIN / "flask"), "--app", "wsgi"]
    subprocess.run([*flask, "db", "upgrade"], cwd=ROOT, env=env, check=True, capture_output=True)
    subprocess.run(
        [
            *flask,
            "schedule",
            "import",
            str(DEMO_CSV),
            "--conference",
            "apa-2027",
            "--name",
            "APA Annual Meeting 2027 (demo)",
            "--timezone",
            "America/New_York",
        ],
        cwd=ROOT,
        env=env,
        check=True,
        capture_output=True,
    )
    return url


def service_env(database_url: str) -> dict:
    """The service's settings for a measurement: production-like, rate limits off (one client address)."""
    return {
        "DATABASE_URL": database_url,
        "RATELIMIT_ENABLED": "false",
        "SECRET_KEY": "benchmark-only-secret",
        "CONFERENCE_ENV": "benchmark",
    }


def log_in(base: str, email: str, password: str) -> str:
    """Log in through the API; returns the Cookie header value."""
    request = urllib.request.Request(
        base + "/api/v1/auth/login",
        data=json.dumps({"email": email, "password": password}).encode(),
        headers={"Content-Type": "application/json"},
        method="POST",
    )
    with urllib.request.urlopen(request) as response:
        return cookies_of(response)


def register(base: str, email: str, password: str, name: str) -> str:
    """Register (and so log in) through the API; returns the Cookie header value."""
    request = urllib.request.Request(
        base + "/api/v1/auth/register",
        data=json.dumps({"email": email, "password": password, "name": name}).encode(),
        headers={"Content-Type": "application/json"},
        method="POST",
    )
    with urllib.request.urlopen(request) as response:
        return cookies_of(response)


def cookies_of(response) -> str:
    """The cookies an answer sets, as the Cookie header that sends them back."""
    return "; ".join(value.split(";", 1)[0] for key, value in response.headers.items() if key.lower() == "set-cookie")


def fetch(base: str, path: str, headers: dict | None = None) -> tuple[bytes, dict]:
    """GET a path; returns the body and headers."""
    with urllib.request.urlopen(urllib.request.Request(base + path, headers=headers or {})) as response:
        return response.read(), dict(response.headers)


def drive(base: str, paths: list[str], *, seconds: float, concurrency: int, headers: dict | None = None) -> dict:
    """Run the load driver in its own process (gevent) and read its figures."""
    command = [
        sys.executable,
        str(ROOT / "benchmarks" / "drive.py"),
        base,
        *paths,
        "--seconds",
        str(seconds),
        "--concurrency",
        str(concurrency),
    ]
    for key, value in (headers or {}).items():
        command += ["--header", f"{key}: {value}"]
    output = subprocess.run(command, check=True, capture_output=True, text=True).stdout
    return json.loads(output.strip().splitlines()[-1])
