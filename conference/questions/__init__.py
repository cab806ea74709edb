"""The question bank: what to ask a resident, a faculty member, a program director or a fellow applicant."""
