"""Demo data: a realistic conference program to try the app with, without a real meeting's files."""
