"""Email and note texts from plain values: greetings from names, templates, `mailto:` links. No database, no request."""
