"""Email written to a table in the request's transaction and delivered over SMTP afterwards."""
