"""schemathesis, a third-party tester, against the app from its own OpenAPI document.

Every operation gets generated requests; each answer is checked for a 5xx, an undocumented
status, content type or header, and a body that does not match the document's schema.
Response-time checks are off (none is configured). On SQLite and PostgreSQL.

schemathesis's own pytest plugin (`from_fixture` + `parametrize`) runs its operations as
subtests, which this pytest's nodes no longer support: each operation's strategy is driven by
Hypothesis here instead, which is what the plugin does underneath. It talks HTTP to a live
server, as a client would: answers come compressed (brotli or gzip) and are decoded by its HTTP
library, which a WSGI call would not do.
"""

import schemathesis
from hypothesis import HealthCheck, given, settings

from tests.support.live_server import LiveServer

EXAMPLES = 25  # per operation: 12 operations on two databases stay well under a minute


def _check(operation) -> None:
    @given(case=operation.as_strategy())
    @settings(max_examples=EXAMPLES, deadline=None, suppress_health_check=list(HealthCheck))
    def run(case):
        case.call_and_validate()

    run()


def test_the_api_keeps_to_its_document(data_app):
    with LiveServer(data_app) as server:
        schema = schemathesis.openapi.from_url(f"{server.url}/api/v1/openapi.json")
        operations = [result.ok() for result in schema.get_all_operations()]
        assert len(operations) == 12
        for operation in operations:
            _check(operation)
