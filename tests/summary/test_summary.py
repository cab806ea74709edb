"""The summary after a conference: its content, the email a real SMTP server receives, the preview, opt-out and the CLI."""

from __future__ import annotations

import email
import re
from email import policy

import pytest
from sqlalchemy import func, select

from conference.accounts.models import User
from conference.extensions import db
from conference.outbox.models import OutboxMessage
from conference.outbox.sender import deliver_due
from conference.summary.content import next_step_links
from tests.support.summary_helpers import ME, PRIVATE, Phone, apa_2026, bos_week, sams_week

SUBJECT = "Your APA 2026 networking summary: 3 people, 3 follow-ups open"


@pytest.fixture
def week(app, auth):
    """Sam's logged week at APA 2026, and Bo's at the same meeting."""
    book = apa_2026()
    client, user = auth.register(name="Sam Patel")
    ids = sams_week(client, book)
    bos_week(auth.register(name="Bo Other")[0], book)
    return client, user, ids


def summary_json(client, slug="apa-2026"):
    """GET the summary as JSON."""
    response = client.get(f"{ME}/summary?conference={slug}")
    assert response.status_code == 200, response.get_json()
    return response.get_json()


def test_the_summary_counts_each_day_against_the_users_goal(week):
    client, _, _ = week
    body = summary_json(client)
    days = {
        day["date"]: (day["introduced"], day["conversations"], day["followups"], day["met"]) for day in body["days"]
    }
    assert days == {
        "2026-05-16": (2, 0, 0, False),
        "2026-05-17": (1, 1, 2, True),
        "2026-05-18": (0, 1, 1, False),
        "2026-05-19": (0, 0, 0, False),
        "2026-05-20": (0, 0, 0, False),
    }
    assert body["totals"] == {"introduced": 3, "conversations": 2, "followups": 3, "days_met": 1, "days": 5}
    assert body["subject"] == SUBJECT


def test_people_are_grouped_by_tie_strength_and_by_program_with_each_takeaway(week):
    client, _, _ = week
    body = summary_json(client)
    assert body["people_count"] == 3
    tiers = {group["name"]: [person["name"] for person in group["people"]] for group in body["by_tie_strength"]}
    assert tiers == {"core": ["Dr. Maria Rivera"], "supportive": ["Alex Chen"], "expanded": ["Ngozi Okafor"]}
    rivera = body["by_tie_strength"][0]["people"][0]
    assert [(m["kind"], m["session_title"], m["takeaway"]) for m in rivera["meetings"]] == [
        ("introduced", "Coordinated specialty care", ""),
        ("conversation", "Coordinated specialty care", "Measure engagement in the first ninety days"),
    ]
    assert rivera["meetings"][1]["occurred_at"].startswith("2026-05-17T15:10:00-04:00")
    programs = [(group["name"], group["people"]) for group in body["by_program"]]
    assert programs == [("Johns Hopkins", ["Alex Chen"]), ("Yale", ["Dr. Maria Rivera"]), ("", ["Ngozi Okafor"])]


def test_targets_are_met_or_not_yet_met(week):
    client, _, _ = week
    body = summary_json(client)
    assert [target["name"] for target in body["targets_met"]] == ["Maria Rivera"]
    assert [target["name"] for target in body["targets_not_met"]] == ["Jin Park"]


def test_open_followups_come_overdue_first_and_cancelled_ones_not_at_all(week):
    client, _, ids = week
    body = summary_json(client)
    assert [(line["title"], line["overdue"]) for line in body["followups_open"]] == [
        ("Email Dr. Maria Rivera", True),
        ("Send Ngozi Okafor the article", False),
        ("Update Dr. Dana Lee", False),
    ]
    assert [line["title"] for line in body["followups_done"]] == ["Connect with Alex Chen on LinkedIn"]
    assert body["followups_open"][0]["id"] == ids["overdue"]


def test_next_steps_name_overdue_followups_linkedin_mentor_drafts_and_the_calendar(week, app):
    client, _, ids = week
    steps = summary_json(client)["next_steps"]
    assert [line["id"] for line in steps["overdue"]] == [ids["overdue"]]
    assert steps["connect_on_linkedin"] == ["Dr. Maria Rivera", "Ngozi Okafor"]  # Alex Chen is connected already
    assert steps["mentor_updates"] == [
        {"label": "Update Dr. Dana Lee", "url": f"{app.config['PUBLIC_BASE_URL']}/#/followups/{ids['mentor']}/draft"}
    ]
    settings = f"{app.config['PUBLIC_BASE_URL']}/#/settings"
    assert [(link["label"].split(":")[0], link["url"]) for link in steps["links"]] == [
        ("Put your follow-ups in your own calendar", settings)
    ]
    feed = client.post("/api/v1/me/calendar-feed", json={}).get_json()
    links = summary_json(client)["next_steps"]["links"]
    assert [link["url"] for link in links] == [settings]
    assert "manage" in links[0]["label"]
    secret = feed["url"].rsplit("/", 1)[1].removesuffix(".ics")
    assert secret not in client.get(f"{ME}/summary?conference=apa-2026").get_data(as_text=True)


def test_other_features_can_add_next_step_links(week):
    client, _, _ = week

    def elsewhere(user, conference):
        return {"label": "Elsewhere", "url": f"https://example.test/{user.id}/{conference.slug}"}

    with next_step_links.connected_to(elsewhere):
        labels = [link["label"] for link in summary_json(client)["next_steps"]["links"]]
    assert "Elsewhere" in labels


def test_the_summary_answers_in_the_same_number_of_queries_however_much_was_logged(week, auth, count_queries):
    client, _, _ = week
    with count_queries() as few:
        summary_json(client)
    phone = Phone(client, "apa-2026")
    for number in range(6):
        person = phone.contact(f"Extra Person {number}", institution=f"Program {number}")
        encounter = phone.met(person, f"2026-05-19 1{number}:00", takeaway="More")
        phone.promise(person, "2026-05-19 18:00", encounter_id=encounter)
    with count_queries() as many:
        summary_json(client)
    assert len(many) == len(few)


def test_an_unknown_conference_is_404_and_a_stranger_is_401(week, app):
    client, _, _ = week
    assert client.get(f"{ME}/summary?conference=nope").status_code == 404
    assert client.get(f"{ME}/summary").status_code == 422
    assert app.test_client().get(f"{ME}/summary?conference=apa-2026").status_code == 401
    assert app.test_client().get("/me/summary/apa-2026.html").status_code == 401


def test_the_received_email_parses_with_both_parts_and_the_numbers_of_the_data(week, smtp):
    client, user, _ = week
    response = client.post(f"{ME}/summary/send?conference=apa-2026", json={})
    assert response.status_code == 202, response.get_json()
    assert response.get_json()["status"] == "queued"
    assert deliver_due().sent == 1
    [(mail_from, rcpt_tos, _)] = smtp.sink.received
    assert (mail_from, rcpt_tos) == ("summaries@conference.test", [user["email"]])
    [message] = smtp.sink.messages()
    assert message.get_content_type() == "multipart/alternative"
    assert [part.get_content_type() for part in message.iter_parts()] == ["text/plain", "text/html"]
    assert message["Subject"] == SUBJECT
    assert message["From"] == "APA Networking <summaries@conference.test>"
    assert message["To"].addresses[0].addr_spec == user["email"]
    assert message["To"].addresses[0].display_name == "Sam Patel"
    assert message["Date"].datetime is not None
    assert re.fullmatch(r"<[^@>]+@conference\.test>", message["Message-ID"])
    unsubscribe = re.fullmatch(r"<(https?://[^>]+/summary/opt-out/[^>]+)>", message["List-Unsubscribe"].strip())
    assert unsubscribe and message["List-Unsubscribe-Post"] == "List-Unsubscribe=One-Click"
    text = message.get_body(("plain",)).get_content()
    html = message.get_body(("html",)).get_content()
    assert "Total: 3 introduced, 2 conversations, 3 follow-ups; goal met on 1 of 5 days." in text
    assert "PEOPLE YOU MET (3)" in text and "Open (3):" in text and "Done (1):" in text
    assert "- OVERDUE Email Dr. Maria Rivera, due Wed, May 20, 2026" in text
    assert (
        "Measure engagement in the first ninety days" in text and "Measure engagement in the first ninety days" in html
    )
    assert "Not met yet: Jin Park" in text
    assert unsubscribe.group(1) in text and unsubscribe.group(1) in html


def test_followup_lines_name_the_person_as_now_named_and_every_time_names_its_zone(week, smtp):
    client, _, ids = week
    assert client.patch(f"{ME}", json={"timezone": "America/Chicago"}).status_code == 200
    renamed = client.patch(f"{ME}/contacts/{ids['rivera']}", json={"name": "Dr. Maria Rivera-Lopez"})
    assert renamed.status_code == 200, renamed.get_json()
    Phone(client, "apa-2026").promise(
        ids["okafor"], "2026-05-18 10:00", title="Send the CSC paper", due_at="2099-01-10T15:00:00Z"
    )
    client.post(f"{ME}/summary/send?conference=apa-2026", json={})
    deliver_due()
    [message] = smtp.sink.messages()
    text = message.get_body(("plain",)).get_content()
    html = message.get_body(("html",)).get_content()
    # Follow-ups in the user's zone (Chicago), meetings in the conference's (New York), each saying which.
    assert "- OVERDUE Email Dr. Maria Rivera-Lopez, due Wed, May 20, 2026, 2:00 PM CDT" in text
    assert "- Email Ngozi Okafor: Send the CSC paper, due Sat, Jan 10, 2099, 9:00 AM CST" in text
    assert "- Connect with Alex Chen on LinkedIn" in text
    assert "Sat, May 16, 10:15 AM EDT, introduced at poster hall" in text
    for part in (text, html):
        assert not re.search(r"Dr\. Maria Rivera(?!-Lopez)", part)
    assert (
        "Email Dr. Maria Rivera-Lopez" in html
        and "2:00 PM CDT" in html
        and "Email Ngozi Okafor: Send the CSC paper" in html
    )


def test_no_private_notes_and_nothing_of_another_user_anywhere(week, smtp):
    client, _, _ = week
    client.post(f"{ME}/summary/send?conference=apa-2026", json={})
    deliver_due()
    [(_, _, raw)] = smtp.sink.received
    [message] = smtp.sink.messages()
    shown = [
        client.get(f"{ME}/summary?conference=apa-2026").get_data(as_text=True),
        client.get("/me/summary/apa-2026.html").get_data(as_text=True),
        message.get_body(("plain",)).get_content(),
        message.get_body(("html",)).get_content(),
        raw.decode(),
    ]
    for text in shown:
        for secret in (PRIVATE, "Zed Outsider", "OTHER-USER", "Elsewhere University"):
            assert secret not in text


def test_the_preview_is_the_emails_html_part_readable_on_a_phone_without_external_images(week):
    client, _, _ = week
    response = client.get("/me/summary/apa-2026.html")
    assert response.status_code == 200 and response.mimetype == "text/html"
    html = response.get_data(as_text=True)
    assert 'name="viewport"' in html and "max-width:600px" in html
    assert "<img" not in html and "<link" not in html and "<style" not in html and "url(" not in html
    assert "Dr. Maria Rivera" in html
    assert client.get("/me/summary/nope.html").status_code == 404


def test_names_and_takeaways_are_escaped_in_the_html(app, auth):
    book = apa_2026()
    client, _ = auth.register()
    phone = Phone(client, "apa-2026")
    phone.met(phone.contact("<script>alert(1)</script>"), "2026-05-16 10:00", takeaway="a < b & c")
    html = client.get("/me/summary/apa-2026.html").get_data(as_text=True)
    assert "<script>" not in html and "&lt;script&gt;" in html and "a &lt; b &amp; c" in html
    assert book.conference.slug == "apa-2026"


def test_queuing_twice_makes_one_message_and_a_sent_summary_is_not_sent_again(week, smtp):
    client, _, _ = week
    first = client.post(f"{ME}/summary/send?conference=apa-2026", json={})
    second = client.post(f"{ME}/summary/send?conference=apa-2026", json={})
    assert (first.status_code, second.status_code) == (202, 202)
    assert db.session.scalar(select(func.count()).select_from(OutboxMessage)) == 1
    assert deliver_due().sent == 1
    again = client.post(f"{ME}/summary/send?conference=apa-2026", json={})
    assert again.status_code == 200
    assert again.get_json()["queued"] is False and again.get_json()["status"] == "sent"
    assert deliver_due().sent == 0
    assert len(smtp.sink.received) == 1


def test_the_opt_out_link_asks_on_get_and_opts_out_on_the_one_click_post(week, smtp, app):
    client, user, _ = week
    client.post(f"{ME}/summary/send?conference=apa-2026", json={})
    deliver_due()
    [message] = smtp.sink.messages()
    path = re.search(r"https?://[^/]+(/summary/opt-out/[^>]+)>", message["List-Unsubscribe"].strip()).group(1)
    stranger = app.test_client()
    assert stranger.get(path).status_code == 200  # a link scanner's GET changes nothing
    assert db.session.get(User, user["id"]).summary_opt_out is False
    # RFC 8058: the mail app POSTs this form body to the List-Unsubscribe URL, without cookies.
    response = stranger.post(path, data={"List-Unsubscribe": "One-Click"})
    assert response.status_code == 200
    db.session.expire_all()
    assert db.session.get(User, user["id"]).summary_opt_out is True
    assert client.get(ME).get_json()["summary_opt_out"] is True
    assert stranger.post(path[:-3] + "xyz").status_code == 404  # a forged token


def test_users_opt_out_with_patch_me_and_then_get_nothing(week, smtp, runner):
    client, _, _ = week
    assert client.patch(ME, json={"summary_opt_out": True}).get_json()["summary_opt_out"] is True
    refused = client.post(f"{ME}/summary/send?conference=apa-2026", json={})
    assert refused.status_code == 409 and "summary_opt_out" in refused.get_json()["error"]["fields"]
    result = runner.invoke(args=["summaries", "send", "--conference", "apa-2026"])
    assert result.exit_code == 0, result.output
    assert "queued 1, sent 1, failed 0, skipped 1" in result.output  # Bo gets his; Sam opted out
    [message] = smtp.sink.messages()
    assert "Sam Patel" not in message["To"]


def test_summaries_send_queues_every_attendee_once_and_delivers(week, smtp, runner, auth):
    auth.register(name="Nobody Here")  # no activity at the conference: no summary
    result = runner.invoke(args=["summaries", "send", "--conference", "apa-2026"])
    assert result.exit_code == 0, result.output
    assert "queued 2, sent 2, failed 0, skipped 0" in result.output
    assert sorted(message["To"].addresses[0].display_name for message in smtp.sink.messages()) == [
        "Bo Other",
        "Sam Patel",
    ]
    again = runner.invoke(args=["summaries", "send", "--conference", "apa-2026"])
    assert "queued 0, sent 0, failed 0, skipped 2" in again.output
    assert len(smtp.sink.received) == 2


def test_summaries_send_dry_run_counts_and_queues_nothing(week, smtp, runner):
    result = runner.invoke(args=["summaries", "send", "--conference", "apa-2026", "--dry-run"])
    assert result.exit_code == 0, result.output
    assert "would queue 2, skipped 0" in result.output
    assert db.session.scalar(select(func.count()).select_from(OutboxMessage)) == 0
    assert smtp.sink.received == []


def test_summaries_wait_until_the_last_day_has_ended_in_the_conferences_zone_unless_forced(app, auth, smtp, runner):
    from tests.support.targets_helpers import ProgramBook

    book = ProgramBook(slug="apa-2099")  # May 15-19, 2099
    db.session.commit()
    client, _ = auth.register()
    Phone(client, "apa-2099").met(Phone(client, "apa-2099").contact("Someone"), "2099-05-15 10:00")
    result = runner.invoke(args=["summaries", "send", "--conference", "apa-2099"])
    assert result.exit_code != 0
    assert "apa-2099 has not ended yet in America/New_York" in result.output
    assert smtp.sink.received == []
    forced = runner.invoke(args=["summaries", "send", "--conference", "apa-2099", "--force"])
    assert "queued 1, sent 1" in forced.output
    assert book.conference.slug == "apa-2099"


def test_summaries_send_names_an_unknown_conference(runner, app):
    result = runner.invoke(args=["summaries", "send", "--conference", "nope"])
    assert result.exit_code != 0 and "no conference 'nope'" in result.output
    assert "Traceback" not in result.output


def test_the_raw_message_is_plain_ascii_lines_a_strict_parser_reads(week, smtp):
    client, _, _ = week
    client.post(f"{ME}/summary/send?conference=apa-2026", json={})
    deliver_due()
    [(_, _, raw)] = smtp.sink.received
    assert all(len(line) <= 998 for line in raw.split(b"\r\n"))
    strict = email.message_from_bytes(raw, policy=policy.strict)
    assert strict.defects == [] and all(part.defects == [] for part in strict.walk())
