"""The ceiling to compare with: a Flask app that only answers fixed bytes (TRIVIAL_BODY, a file), under gunicorn."""

from __future__ import annotations

import os
from pathlib import Path

from flask import Flask, Response

BODY = Path(os.environ["TRIVIAL_BODY"]).read_bytes()
app = Flask(__name__)


@app.get("/trivial")
def trivial() -> Response:
    """The same bytes as the endpoint it is compared with, and nothing else."""
    return Response(BODY, mimetype="application/json")
