"""The read path at the size of a real meeting: statement counts do not grow with thousands of sessions."""

from __future__ import annotations

import time
from datetime import UTC, datetime, timedelta

import pytest
from sqlalchemy import event, func, select

from conference.accounts.models import User
from conference.demo.program import generate
from conference.extensions import db
from conference.followups.models import FollowUp
from conference.people.models import Contact, Encounter
from conference.schedule.models import Conference, Session, SessionSpeaker, Speaker
from conference.schedule.operations import import_schedule
from tests.support.targets_helpers import mark

#: Big enough that anything loaded per session, speaker or appearance shows in the counts.
BIG = 2000


@pytest.fixture(scope="module")
def program_files(tmp_path_factory):
    """A small and a large generated program, as CSV bytes."""
    folder = tmp_path_factory.mktemp("programs")
    files = {}
    for name, sessions in (("small", 30), ("big", BIG)):
        path = folder / f"{name}.csv"
        generate(path, sessions=sessions, speakers=max(60, sessions * 6 // 10))
        files[name] = path.read_bytes()
    return files


@pytest.fixture
def programs(app, program_files):
    """Both programs imported, as conferences `small` and `big`."""
    for slug, data in program_files.items():
        import_schedule(data, slug=slug, timezone="America/New_York", filename=f"{slug}.csv")
    db.session.commit()
    assert db.session.scalar(select(func.count()).select_from(Session)) == 30 + BIG


def _statements(count_queries, client, path: str) -> int:
    """How many SQL statements a GET runs (checking it answers 200)."""
    with count_queries() as statements:
        response = client.get(path)
    assert response.status_code == 200, response.get_json()
    return len(statements)


def _common_word() -> str:
    """A title word both programs use, so both searches find something."""
    titles = db.session.scalars(select(Session.title).where(Session.conference.has(slug="small"))).all()
    return titles[0].split()[-1][:5]


@pytest.mark.parametrize(
    "path",
    [
        "/api/v1/conferences/{slug}/sessions?per_page=50",
        "/api/v1/conferences/{slug}/sessions?per_page=50&day=2027-05-16",
        "/api/v1/conferences/{slug}/sessions?per_page=50&q={word}",
        "/api/v1/conferences/{slug}/speakers?per_page=50",
    ],
)
def test_program_lists_and_search_take_as_many_statements_for_thousands_of_sessions(
    client, programs, count_queries, path
):
    word = _common_word()
    counts = [_statements(count_queries, client, path.format(slug=slug, word=word)) for slug in ("small", "big")]
    assert counts[0] == counts[1]


def test_an_unchanged_page_is_answered_by_one_lookup_whatever_the_size(client, programs, count_queries):
    path = "/api/v1/conferences/big/sessions?per_page=50"
    etag = client.get(path).headers["ETag"]
    with count_queries() as statements:
        assert client.get(path, headers={"If-None-Match": etag}).status_code == 304
    assert len([s for s in statements if s.lstrip().upper().startswith("SELECT")]) == 1
    with count_queries() as statements:
        assert client.get(path).status_code == 200  # this process serialized it already
    assert len([s for s in statements if s.lstrip().upper().startswith("SELECT")]) == 1


def _largest_program(slug: str) -> int:
    """The program with most speakers at a conference."""
    return db.session.scalar(
        select(Speaker.program_id)
        .where(Speaker.conference.has(slug=slug), Speaker.program_id.is_not(None))
        .group_by(Speaker.program_id)
        .order_by(func.count().desc())
        .limit(1)
    )


def _busiest_speakers(slug: str, n: int) -> list[int]:
    """The speakers with most sessions at a conference."""
    return db.session.scalars(
        select(SessionSpeaker.speaker_id)
        .join(Speaker)
        .where(Speaker.conference.has(slug=slug))
        .group_by(SessionSpeaker.speaker_id)
        .order_by(func.count().desc(), SessionSpeaker.speaker_id)
        .limit(n)
    ).all()


def test_agenda_with_a_large_program_target_is_bounded_in_statements_and_size(auth, programs, count_queries):
    counts, sizes = [], []
    for slug in ("small", "big"):
        client, _ = auth.register()
        mark(client, kind="program", program_id=_largest_program(slug), conference=slug)
        for speaker_id in _busiest_speakers(slug, 7):
            mark(client, kind="speaker", speaker_id=speaker_id)
        for session_id in db.session.scalars(select(Session.id).where(Session.conference.has(slug=slug)).limit(2)):
            mark(client, kind="session", session_id=session_id)
        with count_queries() as statements:
            response = client.get(f"/api/v1/me/agenda?conference={slug}")
        assert response.status_code == 200
        counts.append(len(statements))
        sizes.append(len(response.data))
    assert counts[0] == counts[1]
    assert sizes[1] < 100_000


def test_goals_count_a_thousand_encounters_in_as_many_statements_as_one(auth, programs, count_queries):
    client, user = auth.register()
    owner = db.session.get(User, user["id"])
    contacts = [Contact(owner_id=owner.id, name=f"Contact {i}") for i in range(300)]
    db.session.add_all(contacts)
    path = "/api/v1/me/goals?conference=big"
    start = datetime(2027, 5, 15, 13, tzinfo=UTC)
    db.session.add(Encounter(owner_id=owner.id, contact=contacts[0], occurred_at=start))
    db.session.commit()
    few = _statements(count_queries, client, path)
    db.session.add_all(
        Encounter(
            owner_id=owner.id,
            contact=contacts[i % 300],
            occurred_at=start + timedelta(minutes=7 * i),
            kind="introduced" if i % 3 else "conversation",
        )
        for i in range(1, 1000)
    )
    db.session.commit()
    many = _statements(count_queries, client, path)
    body = client.get(path).get_json()
    assert few == many
    assert sum(day["introduced"] + day["conversations"] for day in body["days"]) > 300


@pytest.mark.serial  # a 304 within PROGRAM_FACTS_SECONDS of the first answer: wall-clock time
def test_a_worker_trusts_program_versions_for_a_moment_and_its_own_imports_at_once(app, make_app, program_files):
    """Another process's import shows within PROGRAM_FACTS_SECONDS; meanwhile a 304 reaches no database."""
    import_schedule(program_files["small"], slug="small", timezone="America/New_York", filename="small.csv")
    db.session.commit()
    worker = make_app(PROGRAM_FACTS_SECONDS=0.5)
    client, path = worker.test_client(), "/api/v1/conferences/small/sessions?per_page=50"
    etag = client.get(path).headers["ETag"]
    with worker.app_context():
        engine = db.engine
    statements = []
    event.listen(engine, "before_cursor_execute", lambda *args: statements.append(args[2]))
    assert client.get(path, headers={"If-None-Match": etag}).status_code == 304
    assert statements == []

    # Another process imports a new version: this worker sees it once its facts are older than the setting.
    db.session.scalar(select(Conference).where(Conference.slug == "small")).program_version += 1
    db.session.commit()
    deadline = time.monotonic() + 5
    while client.get(path, headers={"If-None-Match": etag}).status_code == 304:
        assert time.monotonic() < deadline, "the other process's import never showed"
        time.sleep(0.1)
    etag = client.get(path).headers["ETag"]

    # Its own import shows at once.
    with worker.app_context():
        renamed = program_files["small"].replace(b"Psychiatry", b"Psychiatric Medicine")
        assert renamed != program_files["small"]
        import_schedule(renamed, slug="small", timezone="America/New_York", filename="small.csv")
        db.session.commit()
    assert client.get(path, headers={"If-None-Match": etag}).status_code == 200


def test_pages_of_one_list_count_the_program_once(client, programs, count_queries):
    path = "/api/v1/conferences/big/sessions?per_page=50&page={}"
    first = client.get(path.format(1)).get_json()
    with count_queries() as statements:
        second = client.get(path.format(2)).get_json()
    assert second["total"] == first["total"] == BIG
    assert not any("count(" in statement.lower() for statement in statements)
    assert {item["id"] for item in first["items"]}.isdisjoint(item["id"] for item in second["items"])


def test_a_search_counts_its_matches_on_every_page_even_past_the_last(client, programs):
    path = f"/api/v1/conferences/big/sessions?per_page=5&q={_common_word()}"
    first = client.get(path).get_json()
    assert first["total"] > 5 and len(first["items"]) == 5
    last_page = (first["total"] - 1) // 5 + 1
    last = client.get(f"{path}&page={last_page}").get_json()
    past = client.get(f"{path}&page={last_page + 1}").get_json()
    assert last["total"] == past["total"] == first["total"]
    assert len(last["items"]) == first["total"] - 5 * (last_page - 1) and past["items"] == []


def _log_networking(owner: User, conference: str, contacts: int, encounters: int, followups: int) -> None:
    """Contacts, encounters at a conference and follow-ups of them, as a busy user's phone would have logged them."""
    conference_id = db.session.scalar(select(Conference.id).where(Conference.slug == conference))
    start = datetime(2027, 5, 15, 13, tzinfo=UTC)
    people = [Contact(owner_id=owner.id, name=f"Contact {i}", tags=["resident"]) for i in range(contacts)]
    met = [
        Encounter(
            owner_id=owner.id,
            contact=people[i % contacts],
            occurred_at=start + timedelta(minutes=7 * i),
            conference_id=conference_id,
            takeaway="Rural psychosis care",
        )
        for i in range(encounters)
    ]
    promised = [
        FollowUp(
            owner_id=owner.id,
            contact=met[i].contact,
            encounter=met[i],
            title="Send the paper",
            committed_at=met[i].occurred_at,
            due_at=met[i].occurred_at + timedelta(hours=72),
        )
        for i in range(followups)
    ]
    db.session.add_all(people + met + promised)
    db.session.commit()


@pytest.mark.parametrize(
    "path",
    [
        "/api/v1/me/contacts?per_page=100",
        "/api/v1/me/contacts?per_page=100&conference=big&q=contact&tag=resident",
        "/api/v1/me/encounters?per_page=100&conference=big",
        "/api/v1/me/followups?per_page=100&conference=big&status=open",
        "/api/v1/me/changes?limit=100",
        "/api/v1/me/changes?limit=100&since=1",
    ],
)
def test_people_lists_and_the_feed_take_no_more_statements_for_a_busy_meeting_than_for_one_record(
    auth, programs, count_queries, path
):
    counts, sizes = [], []
    for contacts, encounters, followups in ((1, 1, 1), (300, 1000, 300)):
        client, user = auth.register()
        _log_networking(db.session.get(User, user["id"]), "big", contacts, encounters, followups)
        with count_queries() as statements:
            response = client.get(path)
        assert response.status_code == 200, response.get_json()
        counts.append(len(statements))
        sizes.append(len(response.data))
    assert counts[1] <= counts[0]  # equal for the lists; the feed skips the kinds a page lacks
    assert sizes[1] > 10 * sizes[0]  # the busy user's page is full
