"""Grids of parallel sessions whose columns are tracks or rooms named in any language."""

from __future__ import annotations

from datetime import date
from zoneinfo import ZoneInfo

import pytest

from conference.schedule.importers import ImportOptions, parse

NEW_YORK = ZoneInfo("America/New_York")


@pytest.mark.parametrize("lanes", [("Track 1", "Track 2", "Track 3"), ("Salle A", "Salle B", "Auditorium")])
def test_a_grid_of_tracks_is_one_session_per_filled_cell_not_a_table(lanes):
    text = f"Time,{','.join(lanes)}\n9:00-10:00,Opening,,\n10:30-11:30,Mood,Sleep,Psychosis\n12:00-13:00,Lunch,,\n"
    parsed = parse(text.encode(), None, ImportOptions(timezone=NEW_YORK, first_day=date(2027, 5, 15)))
    assert [(s.title, s.room) for s in parsed.sessions] == [
        ("Opening", ""),
        ("Mood", lanes[0]),
        ("Sleep", lanes[1]),
        ("Psychosis", lanes[2]),
        ("Lunch", ""),
    ]
