"""Accounts: registration, login sessions for the phone app, profile and networking settings."""
