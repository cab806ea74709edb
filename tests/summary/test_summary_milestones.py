"""The summary lists the milestones dated within the conference's days, never their notes."""

from __future__ import annotations

from conference.outbox.sender import deliver_due
from tests.support.api import ME, create
from tests.support.summary_helpers import apa_2026

PRIVATE = "PRIVATE-only-mine"


def test_the_summary_email_lists_the_milestones_dated_within_the_conference_without_notes(app, auth, smtp):
    apa_2026()
    client, _ = auth.register(name="Sam Patel")
    create(
        client, "milestones", kind="poster", title="Early psychosis in rural clinics", date="2026-05-17", notes=PRIVATE
    )
    create(client, "milestones", kind="exam", title="Step 3 passed", date="2026-04-02")
    response = client.post(f"{ME}/summary/send?conference=apa-2026", json={})
    assert response.status_code == 202, response.get_json()
    assert deliver_due().sent == 1
    [message] = smtp.sink.messages()
    text = message.get_body(("plain",)).get_content()
    html = message.get_body(("html",)).get_content()
    assert "YOUR MILESTONES" in text and "- Sun, May 17: Poster, Early psychosis in rural clinics" in text
    assert "Poster, Early psychosis in rural clinics" in html
    for part in (text, html):
        assert "Step 3" not in part and PRIVATE not in part
    body = client.get(f"{ME}/summary?conference=apa-2026").get_json()
    assert body["milestones"] == [{"kind": "Poster", "title": "Early psychosis in rural clinics", "date": "2026-05-17"}]
