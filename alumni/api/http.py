"""The API's HTTP conventions: RFC 9457 problem details for every error under its prefix,
CORS for GET from any origin, RFC 8288 Link headers for paging, and the per-app set-up.

ETags and 304 come from the site's own mechanism (alumni/common/caching.py): every API route
is public, so an anonymous GET carries an ETag built on the content version and is answered
304 before the view runs when nothing changed.
"""

from flask import Flask, current_app, json, request
from flask_babel import gettext as _
from werkzeug.datastructures import MultiDict
from werkzeug.urls import urlencode

from alumni.api import PREFIX, PROBLEM, SPEC, SiteApi, bp, docs_bp
from alumni.common import errors
from alumni.common.converters import IdConverter

EXPOSED = "ETag, Link"


def _invalid_params(error) -> list[dict]:
    """Each refused parameter (webargs' messages by location), with a reason in the request's
    language: marshmallow's own messages are English only."""
    messages = (getattr(error, "data", None) or {}).get("messages") or {}
    names = sorted({name for by_name in messages.values() for name in by_name})
    reason = _("Not an accepted value: see the API reference for what this parameter takes.")
    return [{"name": name, "reason": reason} for name in names]


def problem(error, code: int, title, text, headers: dict):
    """Render an error as problem details (registered with alumni.common.errors)."""
    body = {"type": "about:blank", "title": str(title), "status": code, "detail": str(text)}
    invalid = _invalid_params(error) if code == 400 else []
    if invalid:
        body["detail"] = _(
            "These parameters were refused: %(names)s.",
            names=", ".join(p["name"] for p in invalid),
        )
        body["invalid_params"] = invalid
    headers = dict(headers) | {"Content-Type": PROBLEM}
    return json.dumps(body, ensure_ascii=False), code, headers


def _cors(response):
    if request.path == PREFIX or request.path.startswith(PREFIX + "/"):
        response.headers["Access-Control-Allow-Origin"] = "*"
        response.headers["Access-Control-Expose-Headers"] = EXPOSED
    return response


def link_header(page: int, has_next: bool, args: MultiDict) -> str:
    """RFC 8288 links to the first, previous and next pages, with the same filters. No "last":
    the list does not count every match (at scale that count was most of its time)."""
    base = request.base_url

    def address(number: int) -> str:
        query = [(k, v) for k, v in args.items(multi=True) if k != "page"] + [("page", number)]
        return f"<{base}?{urlencode(query)}>"

    links = [f'{address(1)}; rel="first"']
    if page > 1:
        links.append(f'{address(page - 1)}; rel="prev"')
    if has_next:
        links.append(f'{address(page + 1)}; rel="next"')
    return ", ".join(links)


def _id_parameter(converter) -> dict:
    return {"type": "integer", "minimum": 1, "maximum": 999_999_999}


def spec() -> dict:
    """The OpenAPI document of this app's API."""
    return current_app.extensions["api"].spec.to_dict()


def init_app(app: Flask) -> None:
    # One Api per app: the document is built from this app's URL map.
    api = SiteApi(app, spec_kwargs=SPEC)
    api.register_converter(IdConverter, _id_parameter)
    api.register_blueprint(bp)
    app.register_blueprint(docs_bp)
    app.extensions["api"] = api
    errors.register_renderer(PREFIX, problem)
    app.after_request(_cors)
