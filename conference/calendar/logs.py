"""Keep feed secrets out of logs: request lines name the path, and the path holds the secret."""

from __future__ import annotations

import logging
import re

from flask import Flask

FEED_PATH = re.compile(r"/calendar/[^/\s?\"']+\.ics")
#: Loggers that write request paths: the development server, gunicorn, and Flask's error log.
PATH_LOGGERS = ("werkzeug", "gunicorn.access", "gunicorn.error")


class RedactFeedSecrets(logging.Filter):
    """Replace the secret in any feed path a log record mentions."""

    def filter(self, record: logging.LogRecord) -> bool:
        """Rewrite the record's message with the secret blanked; never drop the record."""
        message = record.getMessage()
        if "/calendar/" in message:
            record.msg, record.args = FEED_PATH.sub("/calendar/[secret].ics", message), None
        return True


def redact_feed_secrets(app: Flask) -> None:
    """Install the filter on every logger that writes request paths."""
    redact = RedactFeedSecrets()
    for logger in (app.logger, *map(logging.getLogger, PATH_LOGGERS)):
        if not any(isinstance(existing, RedactFeedSecrets) for existing in logger.filters):
            logger.addFilter(redact)
