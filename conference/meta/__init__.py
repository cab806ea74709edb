"""`GET /api/v1/meta`: the server's word lists (roles, follow-up actions, kinds...) for the phone app."""
