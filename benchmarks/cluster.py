"""`make cluster`: app nodes (gunicorn) behind HAProxy, sharing one PostgreSQL and one Redis.

HAProxy checks each node's `/healthz`, stops sending it requests when it fails or stops answering, and
retries a request a stopping node refused on another node. PgBouncer (transaction pooling) can sit
between the nodes and PostgreSQL. The tests (tests/test_cluster.py) and `make load` start the same thing.

    python benchmarks/cluster.py [--nodes 2] [--workers 2] [--port 8000] [--pgbouncer]
"""

from __future__ import annotations

import argparse
import csv
import io
import os
import shutil
import signal
import socket
import subprocess
import sys
import tempfile
import time
import urllib.request
from dataclasses import dataclass, field
from pathlib import Path

ROOT = Path(__file__).resolve().parent.parent
BIN = Path(sys.executable).parent
#: Debian installs the proxy and the pooler under sbin, which a plain user's PATH may lack.
SEARCH_PATH = os.pathsep.join([os.environ.get("PATH", ""), "/usr/sbin", "/usr/local/sbin"])

HAPROXY_CONFIG = """\
global
    maxconn 5000
    stats socket {socket} mode 600 level admin
    log stderr format raw local0

defaults
    mode http
    # Failed requests only, with the proxy's reason, in haproxy.log.
    log global
    option httplog
    option dontlog-normal
    timeout connect 2s
    timeout client 60s
    timeout server 60s
    timeout queue 30s
    timeout http-request 10s
    option forwardfor
    # A node that refuses the connection or closes it before answering (it is stopping: the request waited
    # in its listen backlog) never ran the request: send it to another node. A worker that died mid-request
    # also closes without answering, so POST and PATCH, which it may have applied, are retried only after a
    # refused connection (disable-l7-retry below).
    retries 3
    option redispatch 1
    retry-on conn-failure empty-response
    # A request is retried only if HAProxy holds all of it: wait for a PUT's body before picking a node (the
    # client sends it after the headers). It also keeps slow uploads from holding a sync worker.
    option http-buffer-request

frontend web
    bind 127.0.0.1:{port}
    acl unsafe_to_repeat method POST PATCH
    http-request disable-l7-retry if unsafe_to_repeat
    default_backend nodes

backend nodes
    balance roundrobin
    option httpchk GET /healthz
    http-check expect status 200
    # maxconn: a sync worker serves one request at a time, so the proxy queues the rest itself, where a
    # stopping node cannot strand them, rather than in the node's listen backlog. A refused connection marks
    # the node down at once (its requests then go elsewhere); the health checks bring it back.
    default-server check inter 500ms fastinter 250ms downinter 500ms fall 2 rise 2 maxconn {maxconn} observe layer4 error-limit 1 on-error mark-down
{servers}
"""

PGBOUNCER_CONFIG = """\
[databases]
* = host={host} port={port}

[pgbouncer]
listen_addr = 127.0.0.1
listen_port = {listen_port}
unix_socket_dir =
auth_type = trust
auth_file = {auth_file}
pool_mode = transaction
max_client_conn = 2000
default_pool_size = {pool_size}
ignore_startup_parameters = extra_float_digits,options
"""


def free_port() -> int:
    """A TCP port nothing listens on now."""
    with socket.socket() as probe:
        probe.bind(("127.0.0.1", 0))
        return probe.getsockname()[1]


def binary(name: str) -> str | None:
    """Where a Debian package's program is installed, if it is."""
    return shutil.which(name, path=SEARCH_PATH)


def wait_for(check, seconds: float, what: str, process: subprocess.Popen | None = None) -> None:
    """Poll `check()` until it is true; fail after `seconds` or when the process exits."""
    deadline = time.monotonic() + seconds
    while not check():
        if process is not None and process.poll() is not None:
            raise RuntimeError(f"{what}: the process exited with {process.returncode}")
        if time.monotonic() > deadline:
            raise TimeoutError(f"{what}: not ready after {seconds} s")
        time.sleep(0.05)


def answers(url: str) -> bool:
    """Whether GET url answers 200."""
    try:
        with urllib.request.urlopen(url, timeout=2) as response:
            return response.status == 200
    except OSError:
        return False


@dataclass
class Node:
    """One app node: a gunicorn master and its workers on a port of its own."""

    name: str
    port: int
    process: subprocess.Popen | None = None

    @property
    def url(self) -> str:
        """The node's own address, bypassing the proxy."""
        return f"http://127.0.0.1:{self.port}"


@dataclass
class Cluster:
    """Nodes behind HAProxy (and optionally PgBouncer before PostgreSQL); a context manager."""

    database_url: str
    env: dict = field(default_factory=dict)
    nodes: int = 2
    workers: int = 2
    port: int = 0
    pgbouncer: bool = False
    members: list[Node] = field(default_factory=list)

    def __post_init__(self) -> None:
        self.directory = Path(tempfile.mkdtemp(prefix="cluster-"))
        self.port = self.port or free_port()
        self.members = [Node(chr(ord("a") + n), free_port()) for n in range(self.nodes)]
        self._proxy: subprocess.Popen | None = None
        self._pooler: subprocess.Popen | None = None
        self._log_files: list = []
        self.node_database_url = self.database_url

    @property
    def url(self) -> str:
        """The proxy's address, as phones reach the service."""
        return f"http://127.0.0.1:{self.port}"

    def node(self, name: str) -> Node:
        """The node of that name (a, b, ...)."""
        return next(node for node in self.members if node.name == name)

    def __enter__(self) -> Cluster:
        try:
            if self.pgbouncer:
                self._start_pgbouncer()
            for node in self.members:
                self.start_node(node.name)
            self._start_proxy()
            self.wait_until_up(*[node.name for node in self.members])
        except BaseException:
            self.close()
            raise
        return self

    def __exit__(self, *exc) -> None:
        self.close()

    def node_env(self) -> dict:
        """What every node runs with: the same secret, database and Redis, behind one proxy."""
        return {
            **os.environ,
            "CONFERENCE_ENV": "cluster",
            "SECRET_KEY": "cluster-secret-key-shared-by-every-node",
            "DATABASE_URL": self.node_database_url,
            "RATELIMIT_STORAGE_URI": "redis://127.0.0.1:6379",
            "TRUSTED_PROXIES": "1",
            **({"DATABASE_TRANSACTION_POOLING": "true"} if self.pgbouncer else {}),
            **self.env,
        }

    def start_node(self, name: str) -> Node:
        """Start (or start again) a node's gunicorn on its port and wait until it answers /healthz."""
        node = self.node(name)
        command = [
            str(BIN / "gunicorn"),
            "--workers",
            str(self.workers),
            "--worker-class",
            "sync",
            "--bind",
            f"127.0.0.1:{node.port}",
            "--graceful-timeout",
            "30",
            "--timeout",
            "60",
            "--preload",
            "--no-control-socket",
            "--log-level",
            "warning",
            "--error-logfile",
            str(self.directory / f"node-{name}.log"),
            "wsgi:app",
        ]
        node.process = subprocess.Popen(
            command, cwd=ROOT, env=self.node_env(), stdout=subprocess.DEVNULL, start_new_session=True
        )
        wait_for(lambda: answers(node.url + "/healthz"), 60, f"node {name}", node.process)
        return node

    def stop_node(self, name: str, sig: int = signal.SIGTERM) -> int:
        """Signal a node's gunicorn (SIGTERM: finish what it serves, take nothing new) and wait until it exits."""
        node = self.node(name)
        node.process.send_signal(sig)
        return node.process.wait(timeout=60)

    def _start_proxy(self) -> None:
        """HAProxy in the foreground, with its admin socket in the cluster's directory."""
        servers = "\n".join(f"    server {node.name} 127.0.0.1:{node.port}" for node in self.members)
        config = self.directory / "haproxy.cfg"
        config.write_text(
            HAPROXY_CONFIG.format(
                socket=self.directory / "haproxy.sock",
                port=self.port,
                maxconn=self.workers,
                servers=servers,
            )
        )
        self._proxy = subprocess.Popen(
            [binary("haproxy"), "-db", "-f", str(config)], stdout=subprocess.DEVNULL, stderr=self._log("haproxy.log")
        )
        wait_for(lambda: answers(self.url + "/healthz"), 30, "haproxy", self._proxy)

    def _log(self, name: str):
        """A file in the cluster's directory for a process's messages, closed with the cluster."""
        handle = (self.directory / name).open("wb")
        self._log_files.append(handle)
        return handle

    def proxy_command(self, command: str) -> str:
        """One command on HAProxy's runtime API; its answer."""
        with socket.socket(socket.AF_UNIX) as connection:
            connection.connect(str(self.directory / "haproxy.sock"))
            connection.sendall(command.encode() + b"\n")
            chunks = []
            while chunk := connection.recv(65536):
                chunks.append(chunk)
        return b"".join(chunks).decode()

    def states(self) -> dict[str, str]:
        """Each node's state as the proxy sees it (UP, DOWN, MAINT, with a check in progress: "UP 1/2")."""
        rows = csv.DictReader(io.StringIO(self.proxy_command("show stat").lstrip("# ")))
        return {row["svname"]: row["status"] for row in rows if row["pxname"] == "nodes" and row["svname"] != "BACKEND"}

    def wait_until_up(self, *names: str, seconds: float = 30) -> None:
        """Wait until the proxy sends requests to these nodes again."""
        wait_for(lambda: all(self.states()[name] == "UP" for name in names), seconds, f"nodes {names} up")

    def _start_pgbouncer(self) -> None:
        """PgBouncer in transaction mode before the database; the nodes connect through it."""
        from sqlalchemy import make_url

        database = make_url(self.database_url)
        listen_port = free_port()
        auth_file = self.directory / "users.txt"
        auth_file.write_text(f'"{database.username}" ""\n')
        config = self.directory / "pgbouncer.ini"
        config.write_text(
            PGBOUNCER_CONFIG.format(
                host=database.host or "127.0.0.1",
                port=database.port or 5432,
                listen_port=listen_port,
                auth_file=auth_file,
                pool_size=self.nodes * self.workers,
            )
        )
        command = [binary("pgbouncer"), str(config)]
        if os.geteuid() == 0:  # PgBouncer refuses to run as root
            self.directory.chmod(0o755)
            command = ["runuser", "-u", "postgres", "--", *command]
        self._pooler = subprocess.Popen(command, stdout=subprocess.DEVNULL, stderr=self._log("pgbouncer.log"))
        self.node_database_url = database.set(port=listen_port, host="127.0.0.1").render_as_string(hide_password=False)

        def listening() -> bool:
            try:
                socket.create_connection(("127.0.0.1", listen_port), timeout=1).close()
            except OSError:
                return False
            return True

        wait_for(listening, 30, "pgbouncer", self._pooler)

    def close(self) -> None:
        """Stop the proxy, the pooler and every node with its workers at once; keep nothing."""
        nodes = [node.process for node in self.members if node.process is not None]
        for process in [self._proxy, self._pooler]:
            if process is not None and process.poll() is None:
                process.terminate()
        for process in nodes:
            if process.poll() is None:  # a worker takes seconds to tear its interpreter down: not worth waiting
                os.killpg(process.pid, signal.SIGKILL)
        for process in [self._proxy, *nodes, self._pooler]:
            if process is not None:
                try:
                    process.wait(timeout=30)
                except subprocess.TimeoutExpired:
                    process.kill()
                    process.wait()
        for handle in self._log_files:
            handle.close()
        shutil.rmtree(self.directory, ignore_errors=True)

    def logs(self) -> str:
        """What the nodes, the proxy and the pooler wrote to their logs, for a failing test's message."""
        return "\n".join(
            f"== {path.name}\n{path.read_text(errors='replace')}" for path in sorted(self.directory.glob("*.log"))
        )


def missing_parts() -> list[str]:
    """What a cluster needs and this machine lacks."""
    missing = [] if binary("haproxy") else ["haproxy (apt-get install haproxy)"]
    try:
        socket.create_connection(("127.0.0.1", 6379), timeout=1).close()
    except OSError:
        missing.append("Redis on 127.0.0.1:6379 (apt-get install redis-server)")
    return missing


def prepare(url: str) -> None:
    """The database migrated and the demo program imported (again: nothing changes)."""
    env = {**os.environ, "DATABASE_URL": url}
    flask = [str(BIN / "flask"), "--app", "wsgi"]
    if url.startswith("postgresql"):
        from sqlalchemy import make_url

        parsed = make_url(url)
        import psycopg

        admin = parsed.set(drivername="postgresql", database="postgres").render_as_string(hide_password=False)
        with psycopg.connect(admin, autocommit=True) as connection:
            if not connection.execute("SELECT 1 FROM pg_database WHERE datname = %s", (parsed.database,)).fetchone():
                connection.execute(f'CREATE DATABASE "{parsed.database}"')
    subprocess.run([*flask, "db", "upgrade"], cwd=ROOT, env=env, check=True)
    subprocess.run(
        [
            *flask,
            "schedule",
            "import",
            "conference/demo/apa-2027-program.csv",
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
    )


def main() -> None:
    """Start the cluster on CLUSTER_DATABASE_URL and keep it up until Ctrl-C."""
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--nodes", type=int, default=2)
    parser.add_argument("--workers", type=int, default=2, help="sync workers per node")
    parser.add_argument("--port", type=int, default=8000, help="the proxy's port (0: any free one)")
    parser.add_argument("--pgbouncer", action="store_true", help="connect the nodes through PgBouncer")
    args = parser.parse_args()
    missing = missing_parts() + ([] if not args.pgbouncer or binary("pgbouncer") else ["pgbouncer"])
    if missing:
        sys.exit("make cluster needs " + ", ".join(missing))
    url = os.environ.get("CLUSTER_DATABASE_URL", "postgresql+psycopg://postgres@127.0.0.1:5432/conference_cluster")
    prepare(url)
    with Cluster(url, nodes=args.nodes, workers=args.workers, port=args.port, pgbouncer=args.pgbouncer) as cluster:
        print(f"proxy {cluster.url}  (HAProxy stats: echo 'show stat' | socat - {cluster.directory}/haproxy.sock)")
        for node in cluster.members:
            print(f"node {node.name} {node.url}  (gunicorn pid {node.process.pid}, {args.workers} sync workers)")
        print("Ctrl-C stops everything", flush=True)
        for stop in (signal.SIGINT, signal.SIGTERM):  # also when started in the background, where SIGINT is ignored
            signal.signal(stop, lambda *_: sys.exit(0))
        signal.pause()


if __name__ == "__main__":
    main()
