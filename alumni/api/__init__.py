"""The public, read-only JSON API under /api/v1/ and its OpenAPI 3.1 document.

flask-smorest builds the document from the views' marshmallow schemas (apispec); its own
documentation blueprint is not used: the site serves the JSON and a reference page of its own.
"""

from http import HTTPStatus

from flask import Blueprint as PlainBlueprint
from flask_smorest import Api, Blueprint
from flask_smorest.utils import prepare_response

from alumni.api.schemas import Problem

PREFIX = "/api/v1"
PROBLEM = "application/problem+json"

bp = Blueprint("api", __name__, url_prefix=PREFIX, description="Public data of the network")
# The document itself and its reference page: not operations of the API, so not in it.
docs_bp = PlainBlueprint("api_docs", __name__, url_prefix=PREFIX)


class SiteApi(Api):
    """flask-smorest's Api with errors as RFC 9457 problem details, and the site's own error
    handlers left in place (they answer problem+json under the API's prefix)."""

    ERROR_SCHEMA = Problem

    def _register_error_handlers(self):
        pass  # alumni.common.errors answers every error; alumni.api.http renders the API's

    def _register_responses(self):
        for status in HTTPStatus:
            response = {"description": status.phrase}
            if status >= 400:
                response["schema"] = self.ERROR_SCHEMA
            prepare_response(response, self.spec, PROBLEM)
            self.spec.components.response(status.name, response, lazy=True)
        response = {"description": "An error, as problem details", "schema": self.ERROR_SCHEMA}
        prepare_response(response, self.spec, PROBLEM)
        self.spec.components.response(self.DEFAULT_ERROR_RESPONSE_NAME, response, lazy=True)


SPEC = {
    "title": "AOTS Alumni Network — public data",
    "version": "1",
    "openapi_version": "3.1.0",
    "info": {
        "description": "Read-only, public data of the AOTS alumni societies, their events, "
        "the WNF programmes and the yearly summaries. No key is needed."
    },
}
