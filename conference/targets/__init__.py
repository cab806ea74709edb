"""Targets: the speakers, programs, sessions and must-meet people a user came to find, and their agenda."""
