"""Conditional GETs: a phone on conference Wi-Fi does not download an unchanged program twice."""
from __future__ import annotations

import hashlib

from flask import Response, after_this_request, request


def not_modified(*parts) -> Response | None:
    """A bodiless 304 when the client's ETag matches these parts; otherwise None, and tag the response.

    Call it with cheap facts that change whenever the answer would (a count, a latest
    update time), before loading the answer itself.
    """
    digest = hashlib.sha256(repr((request.full_path, *parts)).encode()).hexdigest()[:32]
    if request.if_none_match.contains(digest):
        response = Response(status=304)
        response.set_etag(digest)
        return response

    @after_this_request
    def tag(response):
        """Send the ETag with the full answer."""
        if response.status_code == 200:
            response.set_etag(digest)
        return response

    return None
