"""Conditional GETs: a phone on conference Wi-Fi does not download an unchanged program (or feed) twice."""

from __future__ import annotations

import hashlib
from datetime import datetime

from flask import Response, after_this_request, request


def client_has(etag: str, last_modified: datetime | None = None) -> bool:
    """Whether the client's copy is current: If-None-Match decides when sent, else If-Modified-Since.

    If-None-Match compares weakly (RFC 9110, 13.1.2): a proxy that compressed the answer may have
    marked its ETag weak (W/"..."), and the copy is still the same.
    """
    if request.if_none_match:
        return request.if_none_match.contains_weak(etag)
    since = request.if_modified_since
    return last_modified is not None and since is not None and last_modified <= since


def not_modified(*parts) -> Response | None:
    """A bodiless 304 when the client's ETag matches these parts; otherwise None, and tag the response.

    Call it with cheap facts that change whenever the answer would (a count, a latest
    update time), before loading the answer itself.
    """
    digest = hashlib.sha256(repr((request.full_path, *parts)).encode()).hexdigest()[:32]
    if client_has(digest):
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
