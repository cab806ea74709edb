"""Letters of recommendation: who was asked, each step, and the follow-up each step calls for."""
