"""Responses compressed with brotli or gzip where the client accepts it (Flask-Compress).

Text only: pages, CSS, JS, JSON, CSV, XML/Atom and iCal; not XLSX (already a zip) nor a body
under 500 bytes. Flask-Compress adds `Vary: Accept-Encoding` and gives a compressed response
its own strong ETag (`"<tag>:br"`), so no cache mixes up the two. A streamed response (the
large CSV export) is sent uncompressed: Flask-Compress's stream compressors flush only at the
end, so the export would reach the client in one piece, after all of it was written. Static
files, which Flask streams from the file, are small: they are read and compressed whole.

A body kept compressed (the calendars, calendars.py) is packed once as Flask-Compress would
send it with brotli (`pack`), then sent as it is to a client it would answer with brotli and
unpacked for any other, which it then compresses as it chooses (`packed_response`).
"""

import brotli
from flask import Flask, current_app, request
from flask_compress import Compress
from flask_compress.flask_compress import _choose_algorithm

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


PACKED = "br"


class Compression(Compress):
    def chooses(self, accept_encoding: str) -> str | None:
        """The encoding Flask-Compress answers ACCEPT_ENCODING with (None: the plain body)."""
        return _choose_algorithm(self.enabled_algorithms, accept_encoding)

    def after_request(self, response):
        if getattr(response, "packed", False):
            return _packed(super().after_request(response))  # it adds the Vary, nothing else
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


def _packed(response):
    """What Flask-Compress does to a body it compressed, for one packed before: the
    compressed copy's own strong ETag, and a conditional answer."""
    etag, weak = response.get_etag()
    if etag and not weak:
        response.set_etag(f"{etag}:{PACKED}")
    response.make_conditional(request)
    return response


def pack(body: bytes) -> bytes:
    """BODY compressed as Flask-Compress would send it to a client that asks for brotli."""
    config = current_app.config
    return brotli.compress(
        body,
        mode=config["COMPRESS_BR_MODE"],
        quality=config["COMPRESS_BR_LEVEL"],
        lgwin=config["COMPRESS_BR_WINDOW"],
        lgblock=config["COMPRESS_BR_BLOCK"],
    )


def packed_response(packed: bytes, content_type: str):
    """A response of the body PACKED (pack): sent as it is to a client Flask-Compress would
    answer with brotli, unpacked for any other (and then compressed, or not, as it chooses)."""
    wanted = current_app.extensions["compress"].chooses(request.headers.get("Accept-Encoding", ""))
    if wanted != PACKED:
        return current_app.response_class(brotli.decompress(packed), content_type=content_type)
    response = current_app.response_class(packed, content_type=content_type)
    response.headers["Content-Encoding"] = PACKED
    response.packed = True  # not to be compressed again, nor kept by the page cache
    return response


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
