"""The API, fuzzed from its own OpenAPI document logged in and out: no server error, no invalid request accepted."""

from __future__ import annotations

import pytest
import schemathesis
from hypothesis import HealthCheck, settings
from schemathesis.checks import not_a_server_error
from schemathesis.specs.openapi.checks import negative_data_rejection

from conference.extensions import db
from tests.support.networking_helpers import rivera_at_apa

#: Examples per operation and way of calling it: the whole module stays under a minute on two cores.
EXAMPLES = 8


class Visitor:
    """Who sends the fuzzed requests: nobody, or a user whose login outlives a fuzzed logout."""

    def __init__(self, auth, logged_in: bool):
        self.auth = auth
        self.client = auth.register()[0] if logged_in else None

    def headers(self) -> dict[str, str]:
        """The session cookie to send, logging in again when a fuzzed request logged the user out."""
        if self.client is None:
            return {}
        if self.client.get("/api/v1/me").status_code == 401:
            self.client = self.auth.register()[0]
        return {"Cookie": f"session={self.client.get_cookie('session').value}"}


@pytest.fixture(params=["logged out", "logged in"])
def api_schema(request, app):
    """The app's OpenAPI document, answered by the app itself, with a program to refer to."""
    rivera_at_apa()
    db.session.commit()
    return schemathesis.openapi.from_wsgi("/api/openapi.json", app)


@pytest.fixture
def visitor(request, api_schema, auth):
    """Who calls, as the schema's parameter says."""
    return Visitor(auth, request.node.callspec.params["api_schema"] == "logged in")


schema = schemathesis.pytest.from_fixture("api_schema")


@schema.parametrize()
@settings(max_examples=EXAMPLES, deadline=None, derandomize=True, suppress_health_check=list(HealthCheck))
def test_api_answers_without_a_server_error_and_refuses_invalid_requests(case, app, visitor):
    # A client without cookies (a fuzzed login must not log the next request in) whose requests each run in
    # their own app context, as in production.
    case.call_and_validate(
        session=app.test_client(use_cookies=False),
        headers=visitor.headers(),
        checks=[not_a_server_error, negative_data_rejection],
    )
