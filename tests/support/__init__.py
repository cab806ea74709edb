"""Helpers the test folders share: fixtures' building blocks, sample data, and real servers and readers."""
