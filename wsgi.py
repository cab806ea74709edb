"""The WSGI entry point for `flask --app wsgi` and gunicorn."""

from conference import create_app

app = create_app()
