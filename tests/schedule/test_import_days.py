"""Programs that name their days by number or weekday, or write the date once per day's block."""

from __future__ import annotations

import io
from datetime import date, datetime
from zoneinfo import ZoneInfo

import pytest
from openpyxl import Workbook

from conference.extensions import db
from conference.schedule.importers import ImportOptions, ScheduleFormatError, parse
from conference.schedule.models import Conference

NEW_YORK = ZoneInfo("America/New_York")
FIRST_DAY = date(2027, 5, 15)


def _read(text: str, **options):
    """Parse a CSV program written as text, in New York, the way an organizer uploads it."""
    options.setdefault("timezone", NEW_YORK)
    return parse(text.encode(), None, ImportOptions(filename="program.csv", **options))


def _days(parsed) -> list[str]:
    """The local day and start of each session, in file order."""
    return [s.starts_at.astimezone(NEW_YORK).strftime("%Y-%m-%d %H:%M") for s in parsed.sessions]


def test_day_numbers_count_from_the_first_day():
    parsed = _read(
        "Day,Time,Title\n1,9:00-10:00,Opening\n2,9:00-10:00,Plenary\n3,14:00-15:00,Closing\n", first_day=FIRST_DAY
    )
    assert _days(parsed) == ["2027-05-15 09:00", "2027-05-16 09:00", "2027-05-17 14:00"]


def test_day_numbers_without_a_first_day_ask_for_it_in_one_line():
    with pytest.raises(ScheduleFormatError) as caught:
        _read("Day,Time,Title\n1,9:00-10:00,Opening\n2,9:00-10:00,Plenary\n")
    message = str(caught.value)
    assert "\n" not in message and "'Day' column numbers the days" in message and "--first-day" in message


def test_numbers_that_start_at_the_first_days_date_are_days_of_its_month():
    parsed = _read(
        "Date,Time,Title\n30,9:00-10:00,Opening\n31,9:00-10:00,Plenary\n1,9:00-10:00,Closing\n",
        first_day=date(2027, 5, 30),
    )
    assert _days(parsed) == ["2027-05-30 09:00", "2027-05-31 09:00", "2027-06-01 09:00"]


def test_numbers_that_fit_neither_reading_are_refused_not_guessed():
    with pytest.raises(ScheduleFormatError, match="neither days counted from 1 nor days of the month"):
        _read("Day,Time,Title\n3,9:00-10:00,Opening\n4,9:00-10:00,Plenary\n", first_day=FIRST_DAY)


def test_day_labels_and_weekdays_of_other_languages_in_a_day_column_are_read():
    parsed = _read(
        "Jour,Heure,Titre\nJour 1,9h-10h,Ouverture\n2e jour,9h-10h,Plénière\nlundi,9h-10h,Visite\n", first_day=FIRST_DAY
    )
    assert _days(parsed) == ["2027-05-15 09:00", "2027-05-16 09:00", "2027-05-17 09:00"]


def test_a_date_on_a_heading_row_of_each_day_is_carried_down():
    parsed = _read(
        "Date,Time,Title\nSaturday May 15,,Opening day\n,9:00-10:00,Opening\n,10:00-11:00,Plenary\n"
        "Sunday May 16,,\n,9:00-10:00,Grand rounds\n,10:00-11:00,Posters\n",
        first_day=FIRST_DAY,
    )
    assert [s.title for s in parsed.sessions] == ["Opening", "Plenary", "Grand rounds", "Posters"]
    assert _days(parsed) == ["2027-05-15 09:00", "2027-05-15 10:00", "2027-05-16 09:00", "2027-05-16 10:00"]
    assert parsed.sessions[0].talks == ()  # the heading's label is no talk of the session before it


def test_an_excel_date_cell_on_a_row_of_its_own_dates_the_rows_below():
    book = Workbook()
    sheet = book.active
    sheet.append(["Date", "Time", "Title"])
    sheet.append([datetime(2027, 5, 15)])
    sheet.append([None, "09:00-10:00", "Opening"])
    sheet.append([datetime(2027, 5, 16)])
    sheet.append([None, "09:00-10:00", "Plenary"])
    data = io.BytesIO()
    book.save(data)
    parsed = parse(data.getvalue(), None, ImportOptions(timezone=NEW_YORK, filename="p.xlsx"))
    assert _days(parsed) == ["2027-05-15 09:00", "2027-05-16 09:00"]


def test_a_day_column_beside_a_date_column_does_not_replace_it():
    parsed = _read(
        "Day,Date,Time,Type of activity,Activity\nMon,2027-05-17,9:00-10:00,Lecture,Opening\n"
        "Tue,2027-05-18,9:00-10:00,Workshop,Psychotherapy skills\n"
    )
    assert _days(parsed) == ["2027-05-17 09:00", "2027-05-18 09:00"]
    assert [(s.title, s.kind) for s in parsed.sessions] == [
        ("Opening", "Lecture"),
        ("Psychotherapy skills", "Workshop"),
    ]


def test_excel_day_numbers_are_read_like_text_ones():
    book = Workbook()
    sheet = book.active
    sheet.append(["Day", "Start", "End", "Title"])
    sheet.append([1, "09:00", "10:00", "Opening"])
    sheet.append([2, "09:30", "10:00", "Plenary"])
    data = io.BytesIO()
    book.save(data)
    parsed = parse(data.getvalue(), None, ImportOptions(timezone=NEW_YORK, first_day=FIRST_DAY, filename="p.xlsx"))
    assert _days(parsed) == ["2027-05-15 09:00", "2027-05-16 09:30"]


def test_the_conferences_known_start_numbers_the_days(app):
    from conference.schedule.operations import read_and_write

    with app.app_context():
        db.session.add(
            Conference(
                slug="apa-2027", name="APA", timezone="America/New_York", starts_on=FIRST_DAY, ends_on=date(2027, 5, 19)
            )
        )
        db.session.flush()
        data = b"Day,Time,Title\n1,9:00-10:00,Opening\n2,9:00-10:00,Plenary\n"
        _, result, parsed = read_and_write(data, slug="apa-2027", filename="program.csv")
        assert result.created == 2
        assert [s.starts_at for s in parsed.sessions] == [
            datetime(2027, 5, 15, 9, tzinfo=NEW_YORK),
            datetime(2027, 5, 16, 9, tzinfo=NEW_YORK),
        ]
        db.session.rollback()


def test_a_session_column_of_sentences_is_the_title_not_a_code():
    parsed = _read(
        "Date,Time,Session,Speaker,Room\n"
        "2027-05-15,9:00-10:00,Advances in the treatment of bipolar disorder,Dr. Jane Roe,Hall A\n"
        "2027-05-15,10:30-11:30,Sleep and mood in residents,John Smith,Hall B\n"
    )
    assert [(s.title, s.code, s.speakers[0].name) for s in parsed.sessions] == [
        ("Advances in the treatment of bipolar disorder", "", "Jane Roe"),
        ("Sleep and mood in residents", "", "John Smith"),
    ]
