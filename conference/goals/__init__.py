"""The daily 3-2-1 goal: people introduced, conversations had and follow-ups committed, day by day."""
