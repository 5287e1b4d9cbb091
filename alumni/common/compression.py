"""Responses compressed with brotli or gzip where the client accepts it (Flask-Compress).

Text only: pages, CSS, JS, JSON, CSV, XML/Atom and iCal; not XLSX (already a zip) nor a body
under 500 bytes. Flask-Compress adds `Vary: Accept-Encoding` and gives a compressed response
its own strong ETag (`"<tag>:br"`), so no cache mixes up the two. A streamed response (the
large CSV export) is sent uncompressed: Flask-Compress's stream compressors flush only at the
end, so the export would reach the client in one piece, after all of it was written. Static
files, which Flask streams from the file, are small: they are read and compressed whole.
"""

from flask import Flask, request
from flask_compress import Compress

ENCODINGS = ("br", "gzip")
TYPES = [
    "text/html",
    "text/css",
    "text/plain",
    "text/javascript",
    "application/javascript",
    "application/json",
    "text/csv",
    "text/xml",
    "application/xml",
    "application/atom+xml",
    "text/calendar",
    "image/svg+xml",
]
SETTINGS = {
    "COMPRESS_MIMETYPES": TYPES,
    "COMPRESS_ALGORITHM": list(ENCODINGS),
    "COMPRESS_ALGORITHM_STREAMING": ["br"],
    "COMPRESS_MIN_SIZE": 500,
    "COMPRESS_LEVEL": 6,  # gzip
    "COMPRESS_BR_LEVEL": 4,  # about gzip -6's size at a fraction of its time
}


class Compression(Compress):
    def after_request(self, response):
        length = response.content_length
        if response.status_code == 304:  # no body: it names the Vary of its page, no more
            response.vary.add("Accept-Encoding")
            return response
        if length is not None and length < SETTINGS["COMPRESS_MIN_SIZE"]:
            return response  # never compressed, whoever asks (a health check): no Vary
        if response.is_streamed:
            if request.endpoint != "static":
                response.vary.add("Accept-Encoding")  # another client may get it compressed
                return response
            # A static file, read whole (they are small); the file is still closed at the end.
            response.direct_passthrough = False
            response.make_sequence()
        return super().after_request(response)


def etags_of(etag: str) -> list[str]:
    """ETAG and the tags Flask-Compress gives the same page compressed: an If-None-Match
    with any of them names a copy that is still good."""
    return [etag, *(f"{etag}:{encoding}" for encoding in ENCODINGS)]


def init_app(app: Flask) -> None:
    """Register first: its after_request runs last, on the finished response."""
    for name, value in SETTINGS.items():
        app.config.setdefault(name, value)
    # One per app: Flask-Compress keeps the settings it read on the object.
    app.extensions["compress"] = Compression(app)
