"""Follow-ups: what the user promised people they met, by when, the repeats of mentor updates, and their drafts."""
