"""The daily 3-2-1 goal: what counts, on which day (midnight, DST, other zones), the streak, and its cost."""

from __future__ import annotations

import uuid
from datetime import UTC, date, datetime, timedelta
from types import SimpleNamespace
from zoneinfo import ZoneInfo

import pytest

from conference.extensions import db
from conference.goals import operations as goals
from conference.schedule.models import Conference
from conference.timeutil import day_of, day_segments
from tests.support.api import ME

NEW_YORK = ZoneInfo("America/New_York")


def meeting(slug, starts_on, ends_on, tz="America/New_York"):
    """A conference row with its days, committed."""
    db.session.add(Conference(slug=slug, name=slug.upper(), timezone=tz, starts_on=starts_on, ends_on=ends_on))
    db.session.commit()
    return slug


@pytest.fixture
def apa(app):
    """APA 2027: New York, May 15-19."""
    return meeting("apa-2027", date(2027, 5, 15), date(2027, 5, 19))


@pytest.fixture
def frozen(monkeypatch):
    """Set the clock the goals read as "now"."""

    def set_now(moment: datetime) -> None:
        monkeypatch.setattr(goals, "utcnow", lambda: moment.astimezone(UTC))

    return set_now


def at(text: str, tz: ZoneInfo = NEW_YORK) -> str:
    """A local wall-clock time as the phone sends it, with its offset."""
    return datetime.fromisoformat(text).replace(tzinfo=tz).isoformat()


class Log:
    """Logs contacts, encounters and follow-ups for one user, as the phone does."""

    def __init__(self, client):
        self.client = client

    def contact(self, name="Someone") -> str:
        """A new contact's id."""
        contact_id = str(uuid.uuid4())
        assert self.client.put(f"{ME}/contacts/{contact_id}", json={"name": name}).status_code == 201
        return contact_id

    def encounter(self, occurred_at: str, kind="introduced", contact_id=None) -> str:
        """An encounter at a moment; a new contact unless one is given."""
        record_id = str(uuid.uuid4())
        body = {"contact_id": contact_id or self.contact(), "occurred_at": occurred_at, "kind": kind}
        assert self.client.put(f"{ME}/encounters/{record_id}", json=body).status_code == 201
        return record_id

    def followup(self, committed_at: str, **fields) -> str:
        """A follow-up committed at a moment."""
        record_id = str(uuid.uuid4())
        body = {"contact_id": self.contact(), "committed_at": committed_at, **fields}
        response = self.client.put(f"{ME}/followups/{record_id}", json=body)
        assert response.status_code == 201, response.get_json()
        return record_id


@pytest.fixture
def user(auth):
    """A logged-in user and a logger for their phone."""
    client, _ = auth.register()
    return Log(client)


def days_of(client, query=""):
    """The goal answer's days by ISO date."""
    response = client.get(f"{ME}/goals{query}")
    assert response.status_code == 200, response.get_json()
    return {day["date"]: day for day in response.get_json()["days"]}


def counts(day) -> tuple[int, int, int]:
    """(introduced, conversations, followups) of a day."""
    return day["introduced"], day["conversations"], day["followups"]


def test_each_conference_day_and_today_are_shown(user, apa, frozen):
    frozen(datetime(2027, 6, 1, 12, tzinfo=UTC))
    assert list(days_of(user.client, "?conference=apa-2027")) == [
        "2027-05-15",
        "2027-05-16",
        "2027-05-17",
        "2027-05-18",
        "2027-05-19",
        "2027-06-01",
    ]


def test_without_a_conference_the_last_seven_days_in_the_users_zone_are_shown(user, frozen):
    user.client.patch(f"{ME}", json={"timezone": "Asia/Tokyo"})
    frozen(datetime(2027, 5, 16, 20, tzinfo=UTC))  # already May 17 in Tokyo
    assert list(days_of(user.client)) == [f"2027-05-{day}" for day in range(11, 18)]


def test_introduced_counts_distinct_contacts_conversations_count_encounters(user, apa, frozen):
    frozen(datetime(2027, 5, 17, 23, tzinfo=UTC))
    rivera = user.contact("Maria Rivera")
    user.encounter(at("2027-05-16T09:00"), contact_id=rivera)
    user.encounter(at("2027-05-16T17:00"), contact_id=rivera)  # introduced twice still one person
    user.encounter(at("2027-05-16T10:00"))
    user.encounter(at("2027-05-16T11:00"), kind="conversation", contact_id=rivera)
    user.encounter(at("2027-05-16T12:00"), kind="conversation", contact_id=rivera)
    user.followup(at("2027-05-16T13:00"))
    assert counts(days_of(user.client, "?conference=apa-2027")["2027-05-16"]) == (2, 2, 1)


def test_cancelled_and_deleted_followups_do_not_count(user, apa, frozen):
    frozen(datetime(2027, 5, 17, 23, tzinfo=UTC))
    user.followup(at("2027-05-16T09:00"))
    user.followup(at("2027-05-16T10:00"), status="cancelled")
    deleted = user.followup(at("2027-05-16T11:00"))
    user.client.delete(f"{ME}/followups/{deleted}")
    assert days_of(user.client, "?conference=apa-2027")["2027-05-16"]["followups"] == 1


def test_deleted_encounters_do_not_count(user, apa, frozen):
    frozen(datetime(2027, 5, 17, 23, tzinfo=UTC))
    deleted = user.encounter(at("2027-05-16T09:00"))
    user.client.delete(f"{ME}/encounters/{deleted}")
    assert days_of(user.client, "?conference=apa-2027")["2027-05-16"]["introduced"] == 0


def test_encounters_either_side_of_midnight_count_for_their_own_conference_day(user, apa, frozen):
    frozen(datetime(2027, 5, 20, 12, tzinfo=UTC))
    user.encounter(at("2027-05-16T23:59:30"))
    user.encounter(at("2027-05-17T00:00:00"))
    user.encounter(at("2027-05-17T00:00:30"))
    days = days_of(user.client, "?conference=apa-2027")
    assert (days["2027-05-16"]["introduced"], days["2027-05-17"]["introduced"]) == (1, 2)


@pytest.mark.parametrize(
    ("first_day", "last_day", "before_midnight", "after_midnight"),
    [
        # Spring forward: 2:00 EST becomes 3:00 EDT, the day has 23 hours.
        (date(2027, 3, 13), date(2027, 3, 15), "2027-03-14T23:30", "2027-03-15T00:30"),
        # Fall back: 2:00 EDT becomes 1:00 EST, the day has 25 hours.
        (date(2027, 11, 6), date(2027, 11, 8), "2027-11-07T23:30", "2027-11-08T00:30"),
    ],
)
def test_a_dst_change_does_not_move_encounters_to_another_day(
    user, frozen, first_day, last_day, before_midnight, after_midnight
):
    meeting("dst-meeting", first_day, last_day)
    frozen(datetime.combine(last_day, datetime.min.time(), tzinfo=UTC) + timedelta(days=3))
    user.encounter(at(before_midnight))
    user.encounter(at(after_midnight), kind="conversation")
    user.encounter(at(before_midnight[:10] + "T00:30"), kind="conversation")  # just after the day began
    days = days_of(user.client, "?conference=dst-meeting")
    assert counts(days[before_midnight[:10]]) == (1, 1, 0)
    assert counts(days[after_midnight[:10]]) == (0, 1, 0)


def test_a_dst_change_in_the_users_own_zone_keeps_days_apart(user, frozen):
    user.client.patch(f"{ME}", json={"timezone": "America/New_York"})
    frozen(datetime(2027, 11, 9, 12, tzinfo=UTC))
    user.encounter(at("2027-11-07T00:30"))  # 04:30 UTC, still EDT
    user.encounter(at("2027-11-07T23:30"))  # 04:30 UTC next day, EST
    user.encounter(at("2027-11-08T00:30"))
    days = days_of(user.client)
    assert (days["2027-11-06"]["introduced"], days["2027-11-07"]["introduced"], days["2027-11-08"]["introduced"]) == (
        0,
        2,
        1,
    )


def test_a_user_in_another_zone_counts_conference_days_in_the_conference_zone(user, apa, frozen):
    user.client.patch(f"{ME}", json={"timezone": "Europe/Paris"})
    frozen(datetime(2027, 5, 20, 3, tzinfo=UTC))  # May 19, 23:00 in New York; May 20 in Paris
    user.encounter(at("2027-05-16T21:00"))  # already May 17 in Paris
    days = days_of(user.client, "?conference=apa-2027")
    assert days["2027-05-16"]["introduced"] == 1
    assert days["2027-05-17"]["introduced"] == 0
    assert "2027-05-20" not in days  # today is still the conference's last day


def test_outside_the_conference_days_are_the_users_own(user, apa, frozen):
    user.client.patch(f"{ME}", json={"timezone": "Asia/Tokyo"})
    frozen(datetime(2027, 6, 1, 1, tzinfo=UTC))  # June 1, 10:00 in Tokyo; May 31 in New York
    user.encounter(datetime(2027, 5, 31, 16, tzinfo=UTC).isoformat())  # June 1, 01:00 in Tokyo
    days = days_of(user.client, "?conference=apa-2027")
    assert days["2027-06-01"]["introduced"] == 1


def test_an_evening_at_home_never_counts_for_a_conference_day():
    conference = Conference(timezone="America/New_York", starts_on=date(2027, 5, 15), ends_on=date(2027, 5, 19))
    paris = ZoneInfo("Europe/Paris")
    evening_before = datetime(2027, 5, 14, 23, tzinfo=NEW_YORK)  # May 15, 05:00 in Paris
    night_after = datetime(2027, 5, 19, 22, tzinfo=ZoneInfo("America/Los_Angeles"))  # May 20, 01:00 in New York
    assert day_of(evening_before, paris, conference) == date(2027, 5, 14)
    assert day_of(night_after, ZoneInfo("America/Los_Angeles"), conference) == date(2027, 5, 20)


def test_a_day_is_met_when_every_count_reaches_the_users_goal(user, apa, frozen):
    user.client.patch(f"{ME}", json={"goal_introduced": 1, "goal_conversations": 0, "goal_followups": 1})
    frozen(datetime(2027, 5, 20, 12, tzinfo=UTC))
    user.encounter(at("2027-05-15T10:00"))
    user.encounter(at("2027-05-16T10:00"))
    user.followup(at("2027-05-16T11:00"))
    days = days_of(user.client, "?conference=apa-2027")
    assert (days["2027-05-15"]["met"], days["2027-05-16"]["met"]) == (False, True)
    assert days["2027-05-16"]["goals"] == {"introduced": 1, "conversations": 0, "followups": 1}


def test_the_streak_counts_consecutive_days_met_up_to_today(user, apa, frozen):
    user.client.patch(f"{ME}", json={"goal_introduced": 1, "goal_conversations": 0, "goal_followups": 0})
    frozen(datetime(2027, 5, 18, 16, tzinfo=UTC))  # May 18, noon in New York; nothing logged yet today
    for day in ("15", "16", "17"):
        user.encounter(at(f"2027-05-{day}T10:00"))
    answer = user.client.get(f"{ME}/goals?conference=apa-2027").get_json()
    assert answer["streak"] == 3
    assert answer["totals"] == {"introduced": 3, "conversations": 0, "followups": 0, "days_met": 3}


def test_a_day_missed_ends_the_streak(user, apa, frozen):
    user.client.patch(f"{ME}", json={"goal_introduced": 1, "goal_conversations": 0, "goal_followups": 0})
    frozen(datetime(2027, 5, 18, 16, tzinfo=UTC))
    user.encounter(at("2027-05-15T10:00"))
    user.encounter(at("2027-05-17T10:00"))
    assert user.client.get(f"{ME}/goals?conference=apa-2027").get_json()["streak"] == 1


def test_an_unknown_conference_is_404(user):
    assert user.client.get(f"{ME}/goals?conference=nowhere").status_code == 404


def test_goals_answer_in_the_same_number_of_queries_however_much_was_logged(user, apa, frozen, count_queries):
    frozen(datetime(2027, 5, 20, 12, tzinfo=UTC))
    user.encounter(at("2027-05-16T10:00"))
    user.followup(at("2027-05-16T10:00"))
    with count_queries() as few:
        user.client.get(f"{ME}/goals?conference=apa-2027")
    contact = user.contact()
    for hour in range(10, 22):
        user.encounter(at(f"2027-05-17T{hour}:00"), kind="conversation", contact_id=contact)
        user.followup(at(f"2027-05-18T{hour}:00"))
    with count_queries() as many:
        user.client.get(f"{ME}/goals?conference=apa-2027")
    assert len(many) == len(few) <= 5


@pytest.mark.parametrize("home", ["America/New_York", "America/Los_Angeles", "Asia/Tokyo", "Pacific/Kiritimati"])
def test_day_segments_give_every_quarter_hour_the_day_day_of_gives_it(home):
    # DST starts in New York on 2027-03-14, inside this meeting.
    conference = SimpleNamespace(tz=NEW_YORK, starts_on=date(2027, 3, 12), ends_on=date(2027, 3, 16))
    days = goals.days_to_show(date(2027, 3, 20), conference)
    segments = day_segments(days, ZoneInfo(home), conference)
    moment = datetime(2027, 3, 8, tzinfo=UTC)
    while moment < datetime(2027, 3, 24, tzinfo=UTC):
        expected = day_of(moment, ZoneInfo(home), conference)
        assert [day for start, end, day in segments if start <= moment < end] == (
            [expected] if expected in days else []
        )
        moment += timedelta(minutes=15)
