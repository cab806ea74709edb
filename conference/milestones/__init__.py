"""Milestones: publications, posters, rotations, exams, interviews and the match, for mentor updates."""
