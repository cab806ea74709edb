"""Two app nodes (gunicorn) behind HAProxy on one PostgreSQL and one Redis, as real processes.

What one node writes the other reads at once; an import reaches the other node's program pages within
PROGRAM_FACTS_SECONDS; sessions, rate limits and the outbox are shared; a node stopping loses no request.
"""

from __future__ import annotations

import asyncio
import csv
import io
import random
import signal
import subprocess
import sys
import threading
import time
import uuid
from collections import Counter
from datetime import UTC, datetime

import pytest
import requests
from sqlalchemy import create_engine, make_url, text

from conference import create_app
from conference.accounts.models import User
from conference.extensions import db
from conference.outbox.operations import queue
from config import Config
from tests.support.database import app_config, empty_tables
from tests.support.paths import ROOT
from tests.support.smtp_sink import Sink, SmtpServer

sys.path.insert(0, str(ROOT / "benchmarks"))
from cluster import BIN, Cluster, binary, missing_parts, wait_for  # noqa: E402

SLUG = "apa-2027"
DEMO = ROOT / "conference" / "demo" / "apa-2027-program.csv"
SESSIONS = f"/api/v1/conferences/{SLUG}/sessions?day=2027-05-15&per_page=50"
LOGIN_LIMIT = 4
FEED_LIMIT = 3
PASSWORD = "correct horse battery"


def _postgresql(url: str) -> bool:
    """Whether the test database is PostgreSQL, the only one several machines can share."""
    return make_url(url).get_backend_name() == "postgresql"


@pytest.fixture(scope="module")
def database(database_url):
    """The test database, emptied after the module as every other test's is after it."""
    if not _postgresql(database_url):
        pytest.skip("a cluster shares PostgreSQL: set TEST_DATABASE_URL to a PostgreSQL database")
    if missing_parts():
        pytest.skip("a cluster needs " + ", ".join(missing_parts()))
    yield database_url
    app = create_app({**app_config(), "SQLALCHEMY_DATABASE_URI": database_url})
    with app.app_context():
        empty_tables()
        db.engine.dispose()


@pytest.fixture(scope="module")
def cluster(database):
    """Nodes a and b behind the proxy, limits counted in Redis under a prefix of this run's own."""
    limits = {
        "RATELIMIT_KEY_PREFIX": f"cluster-test-{uuid.uuid4().hex}",
        "LOGIN_RATE_LIMIT": f"{LOGIN_LIMIT} per minute",
        "CALENDAR_FEED_RATE_LIMIT": f"{FEED_LIMIT} per minute",
        "PROGRAM_FACTS_SECONDS": str(Config.PROGRAM_FACTS_SECONDS),
    }
    with Cluster(database, env=limits) as running:
        yield running


def register(base: str) -> tuple[requests.Session, str]:
    """A new user registered (and so logged in) through `base`; the phone holding its cookie, and the email."""
    phone = requests.Session()
    email = f"{uuid.uuid4().hex[:12]}@example.org"
    response = phone.post(base + "/api/v1/auth/register", json={"email": email, "password": PASSWORD, "name": "Sam"})
    assert response.status_code == 201, response.text
    return phone, email


def log_in(base: str, email: str, password: str = PASSWORD) -> requests.Session:
    """Another device logged in to the account through `base`."""
    phone = requests.Session()
    response = phone.post(base + "/api/v1/auth/login", json={"email": email, "password": password})
    assert response.status_code == 200, response.text
    return phone


@pytest.fixture(scope="module")
def admin(cluster, database) -> requests.Session:
    """An admin's browser, logged in through the proxy."""
    phone, email = register(cluster.url)
    engine = create_engine(database)
    with engine.begin() as connection:
        connection.execute(text("UPDATE users SET role = 'admin' WHERE email = :email"), {"email": email})
    engine.dispose()
    return phone


def upload(phone: requests.Session, base: str, data: bytes) -> dict:
    """Import a program file as an admin through `base`."""
    response = phone.post(
        f"{base}/api/v1/conferences/{SLUG}/imports",
        files={"file": ("program.csv", data)},
        data={"name": "APA 2027", "timezone": "America/New_York"},
    )
    assert response.status_code == 201, response.text
    return response.json()


@pytest.fixture(scope="module")
def program(cluster, admin) -> bytes:
    """The demo program, imported through node a."""
    data = DEMO.read_bytes()
    upload(admin, cluster.node("a").url, data)
    return data


def retitled(data: bytes, title: str) -> bytes:
    """The program file with its first session renamed."""
    rows = list(csv.reader(io.StringIO(data.decode())))
    rows[1][1] = title
    out = io.StringIO()
    csv.writer(out).writerows(rows)
    return out.getvalue().encode()


def test_a_write_through_one_node_is_read_at_once_through_the_other(cluster, program):
    a, b = cluster.node("a").url, cluster.node("b").url
    phone, _ = register(a)
    contact = str(uuid.uuid4())
    assert phone.put(f"{a}/api/v1/me/contacts/{contact}", json={"name": "Dr. Rivera"}).status_code == 201
    assert phone.get(f"{b}/api/v1/me/contacts/{contact}").json()["name"] == "Dr. Rivera"
    changes = phone.get(f"{b}/api/v1/me/changes?limit=100").json()
    assert contact in {item["id"] for item in changes["contacts"]}

    session = phone.get(b + SESSIONS).json()["items"][0]
    assert (
        phone.post(f"{a}/api/v1/me/targets", json={"kind": "session", "session_id": session["id"]}).status_code == 201
    )
    agenda = phone.get(f"{b}/api/v1/me/agenda?conference={SLUG}").json()
    assert session["id"] in [item["session"]["id"] for day in agenda["days"] for item in day["items"]]

    met = {"contact_id": contact, "occurred_at": "2027-05-15T10:00:00-04:00", "kind": "introduced"}
    assert phone.put(f"{a}/api/v1/me/encounters/{uuid.uuid4()}", json=met).status_code == 201
    days = {day["date"]: day for day in phone.get(f"{b}/api/v1/me/goals?conference={SLUG}").json()["days"]}
    assert days["2027-05-15"]["introduced"] == 1


def test_an_import_reaches_the_other_nodes_pages_within_the_documented_delay(cluster, program, admin):
    """No answer asked for PROGRAM_FACTS_SECONDS after the import answered, or after a node first gave the new
    ETag, carries the old one."""
    nodes = [cluster.node("a").url, cluster.node("b").url]
    reader = requests.Session()
    old = {reader.get(node + SESSIONS).headers["ETag"] for node in nodes for _ in range(4)}  # every worker's cache
    assert len(old) == 1
    title = f"Renamed {uuid.uuid4().hex[:6]}"
    seen: list[tuple[float, float, str]] = []  # (when asked, when answered, ETag) from both nodes, in turn
    stop = threading.Event()

    def poll() -> None:
        while not stop.is_set():
            for node in nodes:
                asked = time.monotonic()
                etag = reader.get(node + SESSIONS).headers["ETag"]
                seen.append((asked, time.monotonic(), etag))

    poller = threading.Thread(target=poll)
    poller.start()
    try:
        upload(admin, nodes[0], retitled(program, title))
        imported = time.monotonic()
        time.sleep(Config.PROGRAM_FACTS_SECONDS + 1)
    finally:
        stop.set()
        poller.join()
    new = {etag for asked, _, etag in seen if asked > imported + Config.PROGRAM_FACTS_SECONDS}
    assert len(new) == 1 and new.isdisjoint(old)
    last_stale = max(asked for asked, _, etag in seen if etag in old)
    first_new = min(answered for _, answered, etag in seen if etag in new)
    assert last_stale - imported < Config.PROGRAM_FACTS_SECONDS
    assert last_stale - first_new < Config.PROGRAM_FACTS_SECONDS  # how long the nodes disagreed, at most
    for node in nodes:
        assert reader.get(node + SESSIONS).json()["items"][0]["title"] == title


def test_a_logout_on_one_node_ends_the_session_on_the_other(cluster):
    a, b = cluster.node("a").url, cluster.node("b").url
    phone, _ = register(a)
    assert phone.get(b + "/api/v1/me").status_code == 200
    kept = requests.Session()  # the cookie as copied before the logout: only the server can end it
    kept.cookies.update(phone.cookies)
    assert phone.post(a + "/api/v1/auth/logout").status_code == 204
    assert kept.get(b + "/api/v1/me").status_code == 401


def test_a_password_change_on_one_node_ends_the_other_devices_sessions_on_the_other(cluster):
    a, b = cluster.node("a").url, cluster.node("b").url
    laptop, email = register(a)
    phone = log_in(b, email)
    assert phone.get(b + "/api/v1/me").status_code == 200
    change = {"current_password": PASSWORD, "new_password": "a new horse battery"}
    assert laptop.post(a + "/api/v1/me/password", json=change).status_code == 204
    assert phone.get(b + "/api/v1/me").status_code == 401
    assert laptop.get(b + "/api/v1/me").status_code == 200  # the device that changed it stays in


def test_failed_logins_count_across_nodes(cluster):
    nodes = [cluster.node("a").url, cluster.node("b").url]
    _, email = register(nodes[0])
    guesses = [
        requests.post(nodes[n % 2] + "/api/v1/auth/login", json={"email": email, "password": f"guess {n}"})
        for n in range(LOGIN_LIMIT + 1)
    ]
    assert [answer.status_code for answer in guesses] == [401] * LOGIN_LIMIT + [429]


def test_calendar_feed_requests_count_across_nodes(cluster):
    nodes = [cluster.node("a").url, cluster.node("b").url]
    phone, _ = register(nodes[0])
    feed = phone.post(nodes[0] + "/api/v1/me/calendar-feed", json={}).json()["url"]
    path = feed[feed.index("/calendar/") :]
    answers = [requests.get(nodes[n % 2] + path).status_code for n in range(FEED_LIMIT + 1)]
    assert answers == [200] * FEED_LIMIT + [429]


class SlowSink(Sink):
    """An SMTP server taking a little time per message, as a real one does, so two senders overlap."""

    async def handle_DATA(self, server, session, envelope):
        await asyncio.sleep(0.04)
        return await super().handle_DATA(server, session, envelope)


def test_outbox_senders_on_both_nodes_deliver_each_message_once(cluster, database):
    count = 80
    app = create_app({**app_config(), "SQLALCHEMY_DATABASE_URI": database})
    with app.app_context():
        people = [
            User(email=f"reader{n}-{uuid.uuid4().hex[:6]}@example.org", name=f"Reader {n}", password_hash="-")
            for n in range(count)
        ]
        db.session.add_all(people)
        db.session.flush()
        for person in people:
            queue(person, kind="notice", subject="Hello", text="Plain words.", html="<p>Plain words.</p>")
        db.session.commit()
        db.engine.dispose()
    smtp = SmtpServer(sink=SlowSink()).start()
    try:
        mail = {"MAIL_SERVER": "127.0.0.1", "MAIL_PORT": str(smtp.port), "MAIL_FROM": "summaries@conference.test"}
        senders = [
            subprocess.Popen(
                [str(BIN / "flask"), "--app", "wsgi", "outbox", "send"],
                cwd=ROOT,
                env={**cluster.node_env(), **mail},
                stdout=subprocess.PIPE,
                text=True,
            )
            for _ in cluster.members
        ]
        outputs = [sender.communicate(timeout=120)[0] for sender in senders]
    finally:
        smtp.stop()
    assert [sender.returncode for sender in senders] == [0, 0]
    sent = [int(output.split("sent ", 1)[1].split(",", 1)[0]) for output in outputs]
    assert sum(sent) == count and all(sent), outputs  # both really worked
    arrivals = Counter(message["Message-ID"] for message in smtp.sink.messages())
    assert len(arrivals) == count and set(arrivals.values()) == {1}


class Phones:
    """Simulated phones: each reads the program, the changes feed and its goals and logs encounters, with pauses."""

    def __init__(self, base: str, cookies: list[dict], count: int):
        self.base = base
        self.cookies = cookies
        self.served: list[float] = []
        self.failures: list[str] = []
        self.stop = threading.Event()
        self.threads = [threading.Thread(target=self._phone, args=(n,)) for n in range(count)]

    def _phone(self, n: int) -> None:
        session = requests.Session()
        session.cookies.update(self.cookies[n % len(self.cookies)])
        contact = str(uuid.uuid4())
        taps = [
            lambda: session.get(self.base + SESSIONS),
            lambda: session.get(f"{self.base}/api/v1/me/changes?limit=100"),
            lambda: session.get(f"{self.base}/api/v1/me/goals?conference={SLUG}"),
            lambda: session.put(
                f"{self.base}/api/v1/me/encounters/{uuid.uuid4()}",
                json={
                    "contact_id": contact,
                    "occurred_at": datetime.now(UTC).isoformat(),
                    "kind": "introduced",
                },
            ),
        ]
        self._check(session.put(f"{self.base}/api/v1/me/contacts/{contact}", json={"name": f"Contact {n}"}))
        while not self.stop.wait(random.uniform(0.4, 1.2)):
            try:
                self._check(random.choice(taps)())
            except requests.RequestException as error:
                sent = f"{error.request.method} {error.request.path_url}: " if error.request else ""
                self.failures.append(f"{sent}{type(error).__name__}: {error}")

    def _check(self, response) -> None:
        if response.status_code >= 400:
            self.failures.append(
                f"{response.request.method} {response.request.path_url}: {response.status_code} {response.text[:300]}"
            )
        else:
            self.served.append(time.monotonic())

    def __enter__(self) -> Phones:
        for thread in self.threads:
            thread.start()
        return self

    def __exit__(self, *exc) -> None:
        self.stop.set()
        for thread in self.threads:
            thread.join(30)


def test_a_rolling_restart_loses_no_request_at_the_proxy(cluster, program):
    cookies = [dict(register(cluster.url)[0].cookies.items()) for _ in range(5)]
    with Phones(cluster.url, cookies, 100) as phones:
        time.sleep(1)
        assert cluster.stop_node("a", signal.SIGTERM) == 0
        stopped = time.monotonic()
        wait_for(lambda: cluster.states()["a"].startswith("DOWN"), 5, "the proxy takes node a out")
        cluster.start_node("a")
        cluster.wait_until_up("a")
        assert any(when > stopped for when in phones.served)  # the phones kept working meanwhile
        time.sleep(1)
    assert phones.failures == [], cluster.logs()
    assert len(phones.served) > 100


def test_the_nodes_work_through_pgbouncer_in_transaction_mode(database, program):
    if not binary("pgbouncer"):
        pytest.skip("pgbouncer is not installed (apt-get install pgbouncer)")
    with Cluster(
        database, nodes=1, pgbouncer=True, env={"RATELIMIT_KEY_PREFIX": f"cluster-test-{uuid.uuid4().hex}"}
    ) as pooled:
        phone, _ = register(pooled.url)
        statuses = Counter()
        # psycopg prepares a statement on its fifth use on a connection; PgBouncer hands each transaction any
        # server connection, where that statement is missing or already exists.
        for n in range(30):
            contact = str(uuid.uuid4())
            statuses[phone.put(f"{pooled.url}/api/v1/me/contacts/{contact}", json={"name": f"C{n}"}).status_code] += 1
            statuses[phone.get(f"{pooled.url}/api/v1/me/contacts/{contact}").status_code] += 1
            statuses[phone.get(f"{pooled.url}/api/v1/me/changes?limit=10").status_code] += 1
            statuses[phone.get(pooled.url + SESSIONS).status_code] += 1
        assert statuses == Counter({201: 30, 200: 90}), pooled.logs()
