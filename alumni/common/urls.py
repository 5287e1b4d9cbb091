"""Safe handling of user-supplied redirect targets."""

from urllib.parse import urlsplit

from flask import url_for


def safe_next(target: str | None, default_endpoint: str = "societies.home") -> str:
    """Return TARGET only when it is a same-site relative path; otherwise the default page."""
    fallback = url_for(default_endpoint)
    if not target or not target.startswith("/") or target.startswith("//"):
        return fallback
    if "\\" in target or any(ord(ch) < 32 for ch in target):
        return fallback
    try:
        parts = urlsplit(target)
    except ValueError:  # e.g. "/[" style values that urlsplit cannot parse
        return fallback
    if parts.scheme or parts.netloc:
        return fallback
    return target


def external_url(endpoint: str, **values) -> str:
    """An absolute link for e-mails, built on PUBLIC_URL, never on the request's Host header."""
    from flask import current_app

    public = urlsplit(current_app.config["PUBLIC_URL"])
    adapter = current_app.url_map.bind(
        public.netloc, script_name=public.path or "/", url_scheme=public.scheme
    )
    return adapter.build(endpoint, values, force_external=True)
