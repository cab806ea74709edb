"""Agenda items: the user's own appointments at a conference (the 10 minutes a speaker agreed to, a breakfast)."""
