"""Logs without personal data: a failed statement's error text quotes the values it refused."""

from __future__ import annotations

import logging
import traceback

from flask import Flask
from sqlalchemy.exc import DBAPIError

#: Loggers that write tracebacks: Flask's error log (the app's own logger) and gunicorn's.
ERROR_LOGGERS = ("gunicorn.error",)


def _chain(report: traceback.TracebackException, error: BaseException):
    """Pairs of (printed part, exception) over a traceback's causes and contexts, each once."""
    pending, seen = [(report, error)], set()
    while pending:
        report, error = pending.pop()
        if report is None or error is None or id(error) in seen:
            continue
        seen.add(id(error))
        yield report, error
        pending += [(report.__cause__, error.__cause__), (report.__context__, error.__context__)]


def _describe(error: BaseException) -> str:
    """What a database error may say in a log: its kind, SQLSTATE, constraint and statement, never the values."""
    original = getattr(error, "orig", error)
    diag = getattr(original, "diag", None)
    parts = [f"SQLSTATE {getattr(original, 'sqlstate', None) or '?'}"]
    if getattr(diag, "constraint_name", None):
        parts.append(f"constraint {diag.constraint_name}")
    statement = getattr(error, "statement", None)
    if statement:
        parts.append(f"statement: {' '.join(statement.split())}")
    return f"{type(original).__name__} ({'; '.join(parts)})"


class NoDatabaseErrorText(logging.Filter):
    """Rewrite a logged traceback so that database errors keep their kind and statement but not their message.

    PostgreSQL's DETAIL line names the refused values (`Key (email)=(...) already exists`), and the
    driver's message carries it into every traceback that mentions the error.
    """

    def filter(self, record: logging.LogRecord) -> bool:
        """Replace the record's traceback with one whose database errors say only what they are; never drop it."""
        if not record.exc_info or record.exc_info[1] is None:
            return True
        report = traceback.TracebackException.from_exception(record.exc_info[1])
        parts = list(_chain(report, record.exc_info[1]))
        hidden = {id(error.orig): error for _, error in parts if isinstance(error, DBAPIError)}
        hidden.update({id(error): error for _, error in parts if isinstance(error, DBAPIError)})
        if hidden:
            for printed, error in parts:
                if id(error) in hidden:
                    printed._str = _describe(hidden[id(error)])  # the text TracebackException prints after the type
            record.exc_info, record.exc_text = None, "".join(report.format()).rstrip("\n")
        return True


def keep_database_values_out_of_logs(app: Flask) -> None:
    """Install the filter on the loggers that write tracebacks."""
    scrub = NoDatabaseErrorText()
    for logger in (app.logger, *map(logging.getLogger, ERROR_LOGGERS)):
        if not any(isinstance(existing, NoDatabaseErrorText) for existing in logger.filters):
            logger.addFilter(scrub)
