"""The meeting's session formats, the sessions written by hand, and a session while the program is being built."""

from __future__ import annotations

from dataclasses import dataclass, field

#: Times are counted in half hours from 8:00 AM.
SLOT_MINUTES = 30


@dataclass(frozen=True)
class Format:
    """A session format of the meeting and how such sessions look."""

    name: str
    prefix: str  #: of the session number
    weight: int  #: how common it is
    minutes: tuple[int, ...]
    speakers: tuple[int, int]  #: fewest and most
    rooms: str  #: "hall", "meeting" or "poster"
    titles: tuple[str, ...]
    opener: str  #: the description's first sentence


GENERIC_TITLES = (
    "{topic}: an update for the practicing psychiatrist",
    "{topic} in {setting}",
    "{topic}: caring for {population}",
    "rethinking {topic}",
    "{topic}: evidence, controversies, and clinical pearls",
    "what's new in {topic}",
    "beyond the guidelines: {topic} in real-world practice",
    "from research to practice: {topic}",
    "closing gaps in care for {population}: {topic}",
    "{topic} and {other}: where do they meet?",
    "practical approaches to {topic}",
    "hard cases in {topic}",
    "the future of {topic}",
    "innovations in {topic}",
    "{topic}: what residents need to know",
    "{topic} in {setting}: lessons learned",
    "getting it right: {topic} in {setting}",
    "myths and facts about {topic}",
)
FORMATS = (
    Format(
        "Lecture",
        "L",
        12,
        (60,),
        (1, 1),
        "hall",
        ("{series}: {topic}", "{series}: the future of {topic}"),
        "A leading investigator reflects on two decades of work on {topic} and where the field is heading.",
    ),
    Format(
        "General Session",
        "GS",
        1,
        (90,),
        (1, 3),
        "hall",
        ("keynote: {topic}", "plenary: the future of {topic}"),
        "This plenary session addresses {topic}, one of the themes of this year's meeting.",
    ),
    Format(
        "Symposium",
        "S",
        22,
        (90, 90, 180),
        (3, 5),
        "meeting",
        GENERIC_TITLES,
        "This symposium brings together clinicians and researchers to review {topic}.",
    ),
    Format(
        "Workshop",
        "W",
        20,
        (90,),
        (1, 4),
        "meeting",
        GENERIC_TITLES + ("{topic}: skills for everyday practice",),
        "Through small-group exercises and role-play, participants work through common challenges in {topic}.",
    ),
    Format(
        "Course",
        "C",
        5,
        (180,),
        (2, 4),
        "meeting",
        ("{topic}: a practical course for clinicians", "master course: {topic}", "intensive review of {topic}"),
        "This course offers a structured, case-based review of {topic} for general psychiatrists.",
    ),
    Format(
        "Poster Session",
        "P",
        5,
        (90,),
        (1, 2),
        "poster",
        (
            "poster session: new research on {topic}",
            "resident and fellow posters: {topic}",
            "medical student posters: {topic}",
        ),
        "Residents, fellows, and early-career investigators present new research on {topic}.",
    ),
    Format(
        "Interactive Session",
        "IS",
        12,
        (60, 90),
        (1, 2),
        "meeting",
        ("meet the expert: {topic}", "ask the experts: {topic}", "your questions about {topic}"),
        "In this small-group session, attendees bring their questions about {topic} to experienced clinicians.",
    ),
    Format(
        "Case Conference",
        "CC",
        7,
        (90,),
        (1, 3),
        "meeting",
        (
            "case conference: {topic} in {case}",
            "difficult decisions in {topic}: a case conference",
            "a case-based discussion of {topic}",
        ),
        "Faculty discuss a de-identified case that illustrates diagnostic and treatment challenges in {topic}.",
    ),
    Format(
        "Presidential Symposium",
        "PS",
        2,
        (90, 180),
        (3, 5),
        "hall",
        GENERIC_TITLES,
        "National leaders address {topic}, a priority of this year's presidential theme.",
    ),
    Format(
        "Forum",
        "F",
        6,
        (90,),
        (2, 4),
        "meeting",
        ("forum: {topic} in {setting}", "town hall: {topic}", "open forum on {topic}"),
        "This forum invites open discussion of {topic}, with brief remarks from the panel and time for comments.",
    ),
)
FORMATS_BY_NAME = {fmt.name: fmt for fmt in FORMATS}


@dataclass(frozen=True)
class EdgeCase:
    """A session written by hand because real exports contain its kind."""

    format: str
    track: str
    title: str
    description: str
    minutes: int
    speakers: int
    start: int | None = None  #: in half hours after 8:00 AM, when it must be outside the day program


EDGE_CASES = (
    EdgeCase(
        "Forum",
        "Residents and Medical Students",
        "Meet the Residency Programs: An Evening Forum and Reception for Applicants",
        "Program directors, chief residents, and applicants meet informally over light refreshments. "
        "Bring your questions about training culture, research time, and life in each program.",
        120,
        5,
        start=22,
    ),
    EdgeCase(
        "Symposium",
        "Psychosis and Schizophrenia",
        "\"Doctor, Am I Going Crazy?\": Patients' and Families' Questions About a First Episode of Psychosis",
        "Clinicians and a family advocate answer the questions families ask most in the first weeks of care.",
        90,
        4,
    ),
    EdgeCase(
        "Course",
        "Psychotherapy",
        "Cognitive Behavioral Therapy for Psychosis: A Practical Course for Clinicians",
        "This course teaches core techniques through demonstration and practice.\nLearning objectives:\n"
        "1. Build an engagement-focused formulation.\n2. Use guided discovery with distressing voices.\n"
        "3. Adapt the approach to brief inpatient stays.",
        180,
        3,
    ),
)


@dataclass
class Session:
    """A session while the program is being built."""

    format: Format
    track: str
    title: str
    description: str
    slots: int
    wanted: int  #: speakers to find
    start: int | None = None
    day: int = 0
    room: str = ""
    number: str = ""
    speakers: list[int] = field(default_factory=list)

    def mask(self) -> int:
        """The half hours it occupies, as bits, to test overlaps in one operation."""
        return ((1 << self.slots) - 1) << self.start
