"""A contact's phone number and web link: stored, validated, synced, searched, and carried by the card exchange
(scanned cards, .vcf imports, contacts.vcf and the Google or Outlook CSVs)."""

from __future__ import annotations

import csv
import io
import uuid

import pytest
import vobject

from conference.exchange.csv_export import neutralise
from conference.exchange.vcard import Card, read_vcards, write_vcard, write_vcards
from conference.people.models import Contact
from tests.support.browser import (
    CHROMIUM,
    register,
    rows,
    user_id,
    wait_until_synced,
)

in_chromium = pytest.mark.skipif(not CHROMIUM.exists(), reason=f"Chromium not found at {CHROMIUM}")

ME = "/api/v1/me"
PHONE = "+1 (203) 555-0100 ext. 12"
WEB = "https://medicine.yale.edu/profile/rivera"
LINKEDIN = "https://www.linkedin.com/in/mrivera"


def put_contact(client, **fields):
    """PUT a contact with a fresh id; returns the response."""
    return client.put(f"{ME}/contacts/{uuid.uuid4()}", json={"name": "Maria Rivera", **fields})


def upload(client, text: str):
    """POST a .vcf file to the import."""
    data = {"file": (io.BytesIO(text.encode()), "contacts.vcf")}
    return client.post(f"{ME}/contacts/import", data=data, content_type="multipart/form-data")


def contacts_of(client) -> list[dict]:
    """The user's contacts as the API lists them."""
    return client.get(f"{ME}/contacts").get_json()["items"]


def test_phone_and_web_link_are_stored_and_reach_the_changes_feed_and_the_export(auth):
    client, _ = auth.register()
    response = put_contact(client, phone=f"  {PHONE} ", url=WEB)
    assert response.status_code == 201, response.get_json()
    contact = response.get_json()
    assert (contact["phone"], contact["url"]) == (PHONE, WEB)
    (synced,) = client.get(f"{ME}/changes?since=0").get_json()["contacts"]
    assert (synced["phone"], synced["url"]) == (PHONE, WEB)
    (exported,) = client.get(f"{ME}/export").get_json()["records"]["contacts"]
    assert (exported["phone"], exported["url"]) == (PHONE, WEB)
    cleared = client.patch(
        f"{ME}/contacts/{contact['id']}", json={"phone": "", "url": ""}, headers={"If-Match": f'"{contact["version"]}"'}
    )
    assert cleared.status_code == 200, cleared.get_json()
    assert (cleared.get_json()["phone"], cleared.get_json()["url"]) == (None, None)  # an emptied box is no value


@pytest.mark.parametrize("phone", ["+44 20 7946 0958", "(203) 555.0100", "203-555-0100 x12", "+1 203 555 0100 #4"])
def test_phone_numbers_as_people_write_them_are_accepted(auth, phone):
    client, _ = auth.register()
    response = put_contact(client, phone=phone)
    assert response.status_code == 201 and response.get_json()["phone"] == phone


@pytest.mark.parametrize(
    ("fields", "field"),
    [
        ({"phone": "call me"}, "phone"),
        ({"phone": "+"}, "phone"),
        ({"phone": "1" * 41}, "phone"),
        ({"phone": "555 0100 ext"}, "phone"),
        ({"phone": "555/0100"}, "phone"),
        ({"url": "javascript:alert(1)"}, "url"),
        ({"url": "ftp://files.example.org/cv.pdf"}, "url"),
        ({"url": "https://x.example/" + "a" * 500}, "url"),
    ],
)
def test_a_bad_phone_or_web_link_is_422_naming_it_and_changes_nothing(auth, fields, field):
    client, _ = auth.register()
    contact = put_contact(client, phone=PHONE, url=WEB).get_json()
    response = client.patch(f"{ME}/contacts/{contact['id']}", json=fields)
    assert response.status_code == 422
    assert field in response.get_json()["error"]["fields"]
    assert contacts_of(client) == [contact]
    assert put_contact(client, **fields).status_code == 422 and len(contacts_of(client)) == 1


def test_the_contact_search_finds_a_phone_number_and_only_the_users_own(auth):
    client, _ = auth.register()
    other, _ = auth.register()
    assert put_contact(client, phone="+1 203 555 0100").status_code == 201
    assert put_contact(client, name="Ana Ruiz", phone="+1 617 555 0199").status_code == 201
    assert put_contact(other, name="Not Mine", phone="+1 203 555 0101").status_code == 201
    found = client.get(f"{ME}/contacts?q=203 555").get_json()["items"]
    assert [contact["name"] for contact in found] == ["Maria Rivera"]


def test_a_scanned_card_prefills_phone_and_web_link_and_the_notes_keep_only_what_has_no_field(auth):
    client, _ = auth.register()
    scanned = write_vcard(Card(name="Maria Rivera", pronouns="she/her", phone=PHONE, url=WEB, linkedin_url=LINKEDIN))
    answer = client.post(f"{ME}/contacts/from-card", json={"text": scanned}).get_json()
    contact = answer["contact"]
    assert (contact["phone"], contact["url"], contact["linkedin_url"]) == (PHONE, WEB, LINKEDIN)
    assert contact["notes"] == "Pronouns: she/her"
    saved = put_contact(client, **contact)  # what the app saves is what the API takes
    assert saved.status_code == 201, saved.get_json()


def test_imported_cards_fill_phone_and_web_link_and_a_number_no_field_takes_stays_in_the_notes(auth):
    client, _ = auth.register()
    cards = [
        Card(name="Maria Rivera", email="m@yale.example", phone=PHONE, url=WEB, note="Met at the poster"),
        Card(name="Ana Ruiz", phone="0800/555 010 (Zentrale)"),
    ]
    answer = upload(client, write_vcards(cards)).get_json()
    assert (answer["created"], answer["skipped"]) == (2, 0), answer
    by_name = {contact["name"]: contact for contact in contacts_of(client)}
    rivera, ruiz = by_name["Maria Rivera"], by_name["Ana Ruiz"]
    assert (rivera["phone"], rivera["url"], rivera["notes"]) == (PHONE, WEB, "Met at the poster")
    assert ruiz["phone"] is None and ruiz["notes"] == "Phone: 0800/555 010 (Zentrale)"


@pytest.fixture
def with_phone(auth):
    """A user with one contact who has every field the exchange writes."""
    client, _ = auth.register()
    response = put_contact(
        client, institution="Yale", email="m@yale.example", phone=PHONE, url=WEB, linkedin_url=LINKEDIN, role="faculty"
    )
    assert response.status_code == 201, response.get_json()
    return client, response.get_json()


def test_contacts_vcf_writes_tel_and_url_that_vobject_and_our_import_read_back(with_phone, auth):
    client, _ = with_phone
    text = client.get(f"{ME}/contacts.vcf").get_data(as_text=True)
    (parsed,) = list(vobject.readComponents(text))
    assert parsed.tel.value == PHONE
    assert {url.value for url in parsed.contents["url"]} == {WEB, LINKEDIN}
    (card,) = read_vcards(text)
    assert (card.phone, card.url, card.linkedin_url) == (PHONE, WEB, LINKEDIN)
    elsewhere, _ = auth.register()
    assert upload(elsewhere, text).get_json()["created"] == 1
    (copied,) = contacts_of(elsewhere)
    fields = ("name", "institution", "email", "phone", "url", "linkedin_url", "role")
    assert {key: copied[key] for key in fields} == {key: with_phone[1][key] for key in fields}


@pytest.mark.parametrize(
    ("fmt", "phone_column", "web_column"),
    [("google", "Phone 1 - Value", "Website 2 - Value"), ("outlook", "Mobile Phone", "Personal Web Page")],
)
def test_the_csvs_fill_their_phone_and_web_page_columns(with_phone, fmt, phone_column, web_column):
    client, _ = with_phone
    text = client.get(f"{ME}/contacts.csv?format={fmt}").get_data(as_text=True)
    (row,) = list(csv.DictReader(io.StringIO(text.removeprefix("\ufeff"))))
    assert (row[phone_column], row[web_column]) == (neutralise(PHONE), WEB)  # "+1 ..." is kept from formulas too


def test_the_openapi_document_describes_the_import_file_upload(client):
    spec = client.get("/api/openapi.json").get_json()
    body = spec["paths"]["/api/v1/me/contacts/import"]["post"]["requestBody"]["content"]["multipart/form-data"]
    schema = body["schema"]
    if "$ref" in schema:
        schema = spec["components"]["schemas"][schema["$ref"].rsplit("/", 1)[1]]
    assert schema["properties"]["file"] == {"type": "string", "format": "binary", "description": "a .vcf file"}
    assert schema["required"] == ["file"]


@in_chromium
def test_met_someone_saves_the_phone_and_web_link_typed_and_the_person_screen_links_and_edits_them(page, backend):
    email = register(page)
    page.goto("/#/met")
    page.get_by_label("Name").fill("Maria Rivera")
    page.get_by_label("Phone").fill(PHONE)
    page.get_by_label("Web page").fill(WEB)
    page.get_by_role("button", name="Save").click()
    page.get_by_role("heading", name="Today’s 3-2-1").wait_for()
    wait_until_synced(page)
    (saved,) = rows(backend, Contact, user_id(backend, email))
    assert (saved.phone, saved.url, saved.notes) == (PHONE, WEB, "")

    page.goto(f"/#/person/{saved.id}")
    assert page.get_by_role("link", name="Call").get_attribute("href") == "tel:+12035550100;ext=12"
    web = page.get_by_role("link", name="Web page")
    assert (web.get_attribute("href"), web.get_attribute("rel")) == (WEB, "noopener")
    page.get_by_text("Edit details").click()
    assert page.get_by_label("Phone").input_value() == PHONE
    page.get_by_label("Phone").fill("+44 20 7946 0958")
    page.get_by_label("Web page").fill("")
    page.get_by_role("button", name="Save changes").click()
    call = page.get_by_role("link", name="Call +44 20 7946 0958")
    call.wait_for()  # the screen redraws from the phone's copy once the change is queued
    assert call.get_attribute("href") == "tel:+442079460958"
    assert page.get_by_role("link", name="Web page").count() == 0
    wait_until_synced(page)
    (edited,) = rows(backend, Contact, saved.owner_id)
    assert (edited.phone, edited.url) == ("+44 20 7946 0958", None)
