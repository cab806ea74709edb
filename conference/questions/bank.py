"""The built-in questions, from the guidance users follow, by who they are talking to.

Each has a key that never changes (the app may remember which were asked), its audience, and its text.
"""

from __future__ import annotations

BUILT_IN = (
    # Residents and fellows know a program's real culture, and may become co-residents.
    ("resident-looks-for", "resident", "What does your program look for in applicants like me?"),
    ("resident-helped", "resident", "What helped you most when you applied?"),
    ("resident-electives", "resident", "Which electives or observerships are most useful at your program?"),
    ("resident-culture", "resident", "What is the program's culture like day to day?"),
    ("resident-img-faculty", "resident", "Which faculty support international graduates?"),
    # Faculty: learn from their path and their work; one small ask, never a favour.
    ("faculty-path", "faculty", "How did you come to your area of psychiatry?"),
    ("faculty-work", "faculty", "What question is your work trying to answer now?"),
    ("faculty-experience", "faculty", "How could I build experience in your area before residency?"),
    ("faculty-call", "faculty", "Could I ask you for 15 minutes of advice by video call after the meeting?"),
    # Program directors: the program facts that matter to applicants.
    ("director-size", "program_director", "How large is the program, and what are its strengths?"),
    ("director-fellowships", "program_director", "Which fellowship tracks do your graduates follow?"),
    ("director-img", "program_director", "Does the program take international graduates and sponsor visas?"),
    ("director-stands-out", "program_director", "What makes an applicant stand out to you?"),
    # Fellow applicants: network sideways; they become co-authors and colleagues.
    ("applicant-draws", "fellow_applicant", "What draws you to psychiatry, and to which part of it?"),
    ("applicant-programs", "fellow_applicant", "Which programs are you most interested in, and why?"),
    ("applicant-sessions", "fellow_applicant", "Which sessions here have been worth it so far?"),
    ("applicant-together", "fellow_applicant", "Would you like to stay in touch, or work on something together?"),
)
