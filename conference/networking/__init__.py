"""Networking: people met, encounters, follow-ups, the daily 3-2-1 goal and email drafts."""
