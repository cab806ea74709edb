"""The summary email after a conference: who the user met, what they promised, what is still open."""

from . import links  # noqa: F401,E402  (connects the calendar subscription to the next steps)
