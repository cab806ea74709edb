"""The private calendar subscription: follow-ups and agenda sessions in the user's own calendar app."""
