"""Contact details in and out over the API: my card and its QR code, scans, .vcf imports, and downloads."""

from __future__ import annotations

import csv
import io
import shutil
import subprocess
import uuid

import pytest
import vobject

from conference.exchange.qr import qr_svg
from conference.exchange.vcard import Card, read_vcards, write_vcard, write_vcards
from conference.extensions import db
from conference.people.models import Contact
from conference.schedule.models import Program
from tests.support.networking_helpers import rivera_at_apa

ME = "/api/v1/me"


def new_contact(client, name, **fields):
    """Create a contact with a fresh id; returns its JSON."""
    response = client.put(f"{ME}/contacts/{uuid.uuid4()}", json={"name": name, **fields})
    assert response.status_code == 201, response.get_json()
    return response.get_json()


def upload(client, text: str | bytes, name="contacts.vcf"):
    """POST a .vcf file to the import."""
    data = {"file": (io.BytesIO(text.encode() if isinstance(text, str) else text), name)}
    return client.post(f"{ME}/contacts/import", data=data, content_type="multipart/form-data")


def contact_count() -> int:
    """Every contact row, of every user."""
    return db.session.query(Contact).count()


PROFILE = {
    "name": "Sam Patel",
    "credentials": "MD",
    "institution": "Yale University",
    "phone": "+1 203 555 0100",
    "linkedin_url": "https://www.linkedin.com/in/sam-patel-42",
    "pronouns": "he/him",
    "interest": "early psychosis",
}


def test_profile_card_fields_are_edited_on_me_and_have_defaults(auth):
    client, user = auth.register()
    assert user["card_fields"] == ["name", "credentials", "institution", "email"]
    response = client.patch(ME, json={**PROFILE, "card_fields": ["phone", "name", "phone"]})
    assert response.status_code == 200, response.get_json()
    assert response.get_json()["card_fields"] == ["name", "phone"]
    assert {key: response.get_json()[key] for key in PROFILE} == PROFILE


@pytest.mark.parametrize(
    ("body", "field"),
    [
        ({"card_fields": ["email"]}, "card_fields"),
        ({"card_fields": ["password_hash", "name"]}, "card_fields"),
        ({"phone": "call me"}, "phone"),
        ({"linkedin_url": "javascript:alert(1)"}, "linkedin_url"),
        ({"credentials": "x" * 101}, "credentials"),
        ({"interest": "x" * 201}, "interest"),
        ({"interest": "early psychosis\nrural clinics"}, "interest"),
    ],
)
def test_bad_profile_fields_name_the_field(auth, body, field):
    client, _ = auth.register()
    response = client.patch(ME, json=body)
    assert response.status_code == 422
    assert field in response.get_json()["error"]["fields"]


def test_my_card_shows_only_the_chosen_fields_everywhere(auth):
    client, user = auth.register()
    client.patch(ME, json={**PROFILE, "card_fields": ["name", "institution", "email"]})
    shown = client.get(f"{ME}/card").get_json()
    assert shown["card"]["institution"] == "Yale University" and shown["card"]["email"] == user["email"]
    vcf = client.get(f"{ME}/card.vcf")
    assert vcf.mimetype == "text/vcard" and vcf.get_data(as_text=True) == shown["vcard"]
    assert "no-store" in vcf.headers["Cache-Control"]
    parsed = vobject.readOne(vcf.get_data(as_text=True))
    assert parsed.version.value == "3.0" and parsed.fn.value == "Sam Patel"
    for hidden in ("+1 203 555 0100", "sam-patel-42", "he/him", "early psychosis", "MD"):
        assert hidden not in shown["vcard"]
        assert hidden not in str(shown["card"])
    svg = client.get(f"{ME}/card.svg")
    assert svg.mimetype == "image/svg+xml" and svg.data == qr_svg(shown["vcard"])  # the code of that card, no more
    assert client.get(f"{ME}/card.png").mimetype == "image/png"


def test_a_card_too_long_for_a_qr_code_is_refused_naming_card_fields(auth):
    client, _ = auth.register()
    # Each field within its limit, but three bytes a character: together more than the largest QR code holds.
    long_profile = {
        "institution": "東" * 300,
        "interest": "京" * 200,
        "credentials": "大" * 100,
        "linkedin_url": "https://www.linkedin.com/in/" + "x" * 470,
    }
    response = client.patch(ME, json={**long_profile, "card_fields": ["name", *long_profile]})
    assert response.status_code == 200, response.get_json()
    assert client.get(f"{ME}/card.vcf").status_code == 200  # the card itself is fine, a file holds any length
    for path in ("/card.svg", "/card.png"):
        response = client.get(ME + path)
        assert response.status_code == 422, path
        assert "more than a QR code holds" in response.get_json()["error"]["fields"]["card_fields"][0]
    client.patch(ME, json={"card_fields": ["name", "institution"]})
    assert client.get(f"{ME}/card.png").status_code == 200


@pytest.mark.skipif(shutil.which("zbarimg") is None, reason="zbarimg (zbar-tools) not installed")
def test_card_png_decodes_with_zbar_to_exactly_card_vcf(auth, tmp_path):
    client, _ = auth.register(name="María Núñez")
    client.patch(ME, json={**PROFILE, "name": "María Núñez", "card_fields": list(PROFILE) + ["email"]})
    path = tmp_path / "card.png"
    path.write_bytes(client.get(f"{ME}/card.png").data)
    decoded = subprocess.run(["zbarimg", "--raw", "-q", "-Sbinary", str(path)], capture_output=True, check=True).stdout
    assert decoded == client.get(f"{ME}/card.vcf").data
    assert b"he/him" in decoded and "María".encode() in decoded


def test_cards_need_login(client):
    for path in ("/card", "/card.vcf", "/card.png", "/contacts.vcf", "/contacts.csv?format=google"):
        assert client.get(ME + path).status_code == 401


def test_a_scanned_card_is_prefilled_and_matched_but_not_saved(app, auth):
    conference, rivera, _ = rivera_at_apa()
    db.session.commit()
    client, _ = auth.register()
    known = new_contact(client, "Ana Ruiz", email="ana.ruiz@example.org")
    chen = new_contact(client, "Lee Chen", institution="Johns Hopkins")
    before = contact_count()
    scanned = write_vcard(Card(name="Ana Ruiz", email="ANA.RUIZ@example.org", title="PGY-2 Resident"))
    response = client.post(f"{ME}/contacts/from-card", json={"text": scanned})
    assert response.status_code == 200, response.get_json()
    answer = response.get_json()
    assert answer["match"] == {"contact_id": known["id"], "speaker_id": None, "by": "email"}
    assert answer["contact"]["role"] == "resident"
    answer = client.post(f"{ME}/contacts/from-card", json={"text": "MECARD:N:Chen,Lee;ORG:The Johns Hopkins;;"})
    assert answer.get_json()["match"] == {"contact_id": chen["id"], "speaker_id": None, "by": "name_and_institution"}
    badge = "MECARD:N:Rivera,Maria;ORG:Yale;EMAIL:mrivera@yale.example;;"
    answer = client.post(f"{ME}/contacts/from-card", json={"text": badge, "conference": conference.slug}).get_json()
    assert answer["match"] == {"contact_id": None, "speaker_id": rivera.id, "by": None}
    assert answer["contact"]["speaker_id"] == rivera.id and answer["contact"]["email"] == "mrivera@yale.example"
    elsewhere = client.post(f"{ME}/contacts/from-card", json={"text": badge.replace("ORG:Yale", "ORG:Harvard")})
    assert elsewhere.get_json()["match"]["speaker_id"] is None  # a namesake at another institution is not her
    assert contact_count() == before


@pytest.mark.parametrize(
    ("body", "field"),
    [
        ({"text": "WIFI:S:hall;T:WPA;P:x;;"}, "text"),
        ({"text": "hello"}, "text"),
        ({"text": ""}, "text"),
        ({"text": "mailto:a@b.org", "conference": "nope"}, "conference"),
    ],
)
def test_a_code_that_is_not_a_card_names_the_field(auth, body, field):
    client, _ = auth.register()
    response = client.post(f"{ME}/contacts/from-card", json=body)
    assert response.status_code == 422
    assert field in response.get_json()["error"]["fields"]


def test_import_matches_rather_than_duplicates_and_explains_skips(app, auth):
    db.session.add(Program(name="Yale University", normalized_name="yale university"))
    db.session.commit()
    client, _ = auth.register()
    new_contact(client, "Ana Ruiz", email="ana@example.org")
    new_contact(client, "Dr. Lee Chen", institution="Johns Hopkins")
    cards = [
        Card(name="Ana Ruiz-Other", email="ANA@example.org"),  # same email: matched
        Card(name="Lee Chen", institution="The Johns Hopkins"),  # same name and institution: matched
        Card(name="Lee Chen", institution="Harvard"),  # a namesake elsewhere: created
        Card(
            name="Maria Rivera",
            credentials="MD",
            institution="Yale University",
            email="m@yale.example",
            title="Program Director",
            categories=["mentor"],
            linkedin_url="https://www.linkedin.com/in/mr",
        ),
        Card(name="Maria Rivera", email="m@yale.example"),  # twice in the file: matched to the one just created
        Card(name="", email="noname@example.org"),
        Card(name="Long Address", email="x" * 330 + "@example.org"),
    ]
    text = write_vcards(cards, "3.0")
    response = upload(client, text)
    assert response.status_code == 200, response.get_json()
    result = response.get_json()
    assert (result["created"], result["matched"], result["skipped"]) == (2, 3, 2)
    assert result["reasons"] == [
        "Card 6: no name (FN or N).",
        "Card 7 (Long Address): email: Longer than maximum length 320.",
    ]
    contacts = {c["name"] + "|" + c["institution"]: c for c in client.get(f"{ME}/contacts").get_json()["items"]}
    rivera = contacts["Maria Rivera|Yale University"]
    assert rivera["role"] == "program_director" and rivera["tags"] == ["mentor"]
    assert rivera["program_id"] is not None and rivera["email"] == "m@yale.example"
    assert "Lee Chen|Harvard" in contacts and len(contacts) == 4
    assert upload(client, text).get_json() == {"created": 0, "matched": 5, "skipped": 2, "reasons": result["reasons"]}


def test_invalid_fields_skip_the_card_with_a_reason(auth):
    client, _ = auth.register()
    text = write_vcards([Card(name="Ok Person"), Card(name="N" * 201), Card(name="Tagged", categories=["t" * 41])])
    result = upload(client, text).get_json()
    assert (result["created"], result["skipped"]) == (1, 2)
    assert result["reasons"][0].startswith("Card 2 (NNN") and "name" in result["reasons"][0]
    assert result["reasons"][1].startswith("Card 3 (Tagged): tags:")


def _refused(client, text, says: str) -> None:
    """The import answers 422 naming `file`, and no contact was added."""
    before = contact_count()
    response = upload(client, text)
    assert response.status_code == 422, response.get_json()
    assert says in response.get_json()["error"]["fields"]["file"][0]
    assert contact_count() == before


def test_malformed_files_import_nothing(auth):
    client, _ = auth.register()
    good = write_vcards([Card(name="First Person"), Card(name="Second Person")])
    _refused(client, good + "BEGIN:VCARD\r\nVERSION:3.0\r\nFN:Cut off\r\n", "no END:VCARD")
    _refused(client, "name,email\r\nLee,lee@example.org\r\n", "not a vCard")
    _refused(client, b"\x89PNG\r\n\x1a\n\x00\x00", "not a vCard")
    assert upload(client, good, "x").status_code == 200
    assert client.post(f"{ME}/contacts/import", data={}, content_type="multipart/form-data").status_code == 422


def test_a_ten_thousand_card_file_is_refused_whole(auth):
    client, _ = auth.register()
    text = "".join(f"BEGIN:VCARD\r\nVERSION:3.0\r\nFN:Person {n}\r\nEND:VCARD\r\n" for n in range(10_000))
    _refused(client, text, "10000 cards")


def test_a_card_with_a_one_megabyte_photo_imports_without_it(auth):
    client, _ = auth.register()
    photo = "PHOTO;ENCODING=b;TYPE=JPEG:" + "QUFB" * (1024 * 1024 // 4)
    text = f"BEGIN:VCARD\r\nVERSION:3.0\r\nFN:Photo Person\r\n{photo}\r\nEMAIL:p@example.org\r\nEND:VCARD\r\n"
    assert upload(client, text).get_json()["created"] == 1
    (contact,) = client.get(f"{ME}/contacts").get_json()["items"]
    assert contact["email"] == "p@example.org" and "QUFB" not in str(contact)
    _refused(client, text * 6, "at most 5 MB")


@pytest.fixture
def met_rivera(app, auth):
    """A user who met Dr. Rivera at her APA talk, with private notes, and another user with a contact of their own."""
    conference, _, talk = rivera_at_apa()
    talk.room = "Room 1A"
    db.session.commit()
    client, _ = auth.register()
    rivera = new_contact(
        client,
        "Maria Rivera",
        institution="Yale",
        email="m@yale.example",
        role="faculty",
        tags=["=cmd|'/C calc'!A0"],
        linkedin_url="https://www.linkedin.com/in/mr",
        notes="PRIVATE: asked about her divorce",
    )
    encounter = {
        "contact_id": rivera["id"],
        "session_id": talk.id,
        "takeaway": "Rural clinics need fellows",
        "occurred_at": "2027-05-16T14:20:00+00:00",
    }
    assert client.put(f"{ME}/encounters/{uuid.uuid4()}", json=encounter).status_code == 201
    other, _ = auth.register()
    new_contact(other, "Someone Elses", email="secret@other.example", notes="other user's")
    return client, other, rivera


def test_contacts_vcf_is_vcard_4_with_where_we_met_and_no_private_notes(met_rivera):
    client, _, rivera = met_rivera
    response = client.get(f"{ME}/contacts.vcf")
    assert response.mimetype == "text/vcard" and "attachment" in response.headers["Content-Disposition"]
    text = response.get_data(as_text=True)
    (parsed,) = list(vobject.readComponents(text))
    assert parsed.version.value == "4.0" and parsed.title.value == "Faculty"
    assert parsed.url.value == "https://www.linkedin.com/in/mr" and parsed.org.value == ["Yale"]
    note = parsed.note.value
    assert "APA Annual Meeting 2027" in note and "Coordinated specialty care" in note and "16 May 2027 10:20" in note
    assert "(Room 1A)" in note
    (card,) = read_vcards(text)  # our own import reads what we write
    assert "Rural clinics need fellows" in note and "PRIVATE" not in card.note
    (with_notes,) = read_vcards(client.get(f"{ME}/contacts.vcf?notes=true").get_data(as_text=True))
    assert with_notes.note.endswith("Notes: PRIVATE: asked about her divorce")
    assert (card.name, card.email, card.title, card.categories) == (
        "Maria Rivera",
        "m@yale.example",
        "Faculty",
        rivera["tags"],
    )


def test_one_contact_as_vcf_for_the_phone_and_others_are_404(met_rivera):
    client, other, rivera = met_rivera
    response = client.get(f"{ME}/contacts/{rivera['id']}.vcf")
    assert response.status_code == 200 and vobject.readOne(response.get_data(as_text=True)).fn.value == "Maria Rivera"
    assert other.get(f"{ME}/contacts/{rivera['id']}.vcf").status_code == 404
    assert client.get(f"{ME}/contacts/{uuid.uuid4()}.vcf").status_code == 404


@pytest.mark.parametrize(
    ("fmt", "bom", "email_column"), [("google", False, "E-mail 1 - Value"), ("outlook", True, "E-mail Address")]
)
def test_contacts_csv_for_google_and_outlook(met_rivera, fmt, bom, email_column):
    client, _, _ = met_rivera
    response = client.get(f"{ME}/contacts.csv?format={fmt}")
    assert response.mimetype == "text/csv"
    text = response.get_data(as_text=True)
    assert text.startswith("\ufeff") is bom
    (row,) = list(csv.DictReader(io.StringIO(text.removeprefix("\ufeff"))))
    assert row[email_column] == "m@yale.example" and row["First Name"] == "Maria"
    assert "'=cmd" in text and ",=cmd" not in text and "PRIVATE" not in text


def test_csv_format_is_required(auth):
    client, _ = auth.register()
    response = client.get(f"{ME}/contacts.csv?format=excel")
    assert response.status_code == 422 and "format" in response.get_json()["error"]["fields"]


def test_another_users_contacts_never_appear_in_any_export(met_rivera):
    client, other, _ = met_rivera
    for path in (
        "/contacts.vcf?notes=true",
        "/contacts.csv?format=google&notes=true",
        "/contacts.csv?format=outlook&notes=true",
        "/export",
    ):
        # unfolded, so a folded vCard line cannot hide a name
        mine = client.get(ME + path).get_data(as_text=True).replace("\r\n ", "")
        assert "secret@other.example" not in mine and "Someone Elses" not in mine
        theirs = other.get(ME + path).get_data(as_text=True).replace("\r\n ", "")
        assert "m@yale.example" not in theirs and "Maria Rivera" not in theirs


def test_the_same_file_imported_twice_at_once_adds_each_person_once(app, auth, make_app):
    from tests.support.concurrency import at_once

    served = make_app()
    phone, user = auth.register()
    laptop = served.test_client()
    login = {"email": user["email"], "password": "correct horse battery"}
    assert laptop.post("/api/v1/auth/login", json=login).status_code == 200
    text = write_vcards([Card(name=f"Person {n}", email=f"p{n}@example.org") for n in range(40)], "3.0")
    answers = at_once([lambda client=client: upload(client, text) for client in (phone, laptop)])
    assert [answer.status_code for answer in answers] == [200, 200]
    results = sorted((answer.get_json()["created"], answer.get_json()["matched"]) for answer in answers)
    assert results == [(0, 40), (40, 0)]
    assert contact_count() == 40


def test_contacts_vcf_imported_by_another_account_recreates_the_same_contacts(met_rivera, auth):
    client, _, _ = met_rivera
    new_contact(client, "Lee Chen", institution="Johns Hopkins", role="program_director", tags=["PD", "visit"])
    new_contact(client, "Ana Ruiz", role="peer", email="ana@example.org")
    exported = client.get(f"{ME}/contacts.vcf").get_data()
    newcomer, _ = auth.register()
    assert upload(newcomer, exported).get_json() == {"created": 3, "matched": 0, "skipped": 0, "reasons": []}
    fields = ("name", "institution", "email", "role", "linkedin_url", "tags")

    def shown(who):
        """The user's contacts as comparable rows of those fields."""
        return sorted(tuple(str(c[f]) for f in fields) for c in who.get(f"{ME}/contacts").get_json()["items"])

    assert shown(newcomer) == shown(client)


@pytest.mark.parametrize(
    ("line", "field", "says"),
    [
        ("ORG;CHARSET=UTF-7;ENCODING=QUOTED-PRINTABLE:Yale +2AA-", "institution", "U+D800"),  # UTF-7 spells one
        ("ORG;ENCODING=QUOTED-PRINTABLE:Yale=00University", "institution", "NUL"),
    ],
    ids=["lone surrogate", "nul"],
)
def test_a_card_holding_text_no_database_stores_is_skipped_naming_the_field(auth, line, field, says):
    client, _ = auth.register()
    text = (
        write_vcards([Card(name="Ok Person")]) + f"BEGIN:VCARD\r\nVERSION:2.1\r\nFN:Ann Lee\r\n{line}\r\nEND:VCARD\r\n"
    )
    result = upload(client, text).get_json()
    assert (result["created"], result["skipped"]) == (1, 1)
    assert result["reasons"][0].startswith(f"Card 2 (Ann Lee): {field}:") and says in result["reasons"][0]
    for path in (f"{ME}/contacts", f"{ME}/changes", f"{ME}/export"):
        assert client.get(path).status_code == 200, path
