"""Files to upload, friendly and hostile, made here (small: no 900-megapixel image is ever
allocated), and what storage holds."""

import io
import struct
import zlib

from PIL import Image
from PIL.PngImagePlugin import PngInfo
from werkzeug.datastructures import FileStorage
from werkzeug.test import stream_encode_multipart

from alumni.auth.models import User
from alumni.common.transaction import commit
from alumni.extensions import db
from alumni.files import kinds, services
from alumni.files.storage import storage

PDF = b"%PDF-1.4\n1 0 obj << /Type /Catalog >> endobj\ntrailer << /Root 1 0 R >>\n%%EOF\n"
HTML = b"<!doctype html><html><body><script>alert(document.cookie)</script></body></html>"
SVG = (
    b'<svg xmlns="http://www.w3.org/2000/svg" onload="alert(1)"><rect width="9" height="9"/></svg>'
)


def image_bytes(fmt="PNG", size=(12, 8), color=(200, 30, 30), **options) -> bytes:
    out = io.BytesIO()
    Image.new("RGB", size, color).save(out, fmt, **options)
    return out.getvalue()


def png(size=(12, 8)) -> bytes:
    return image_bytes("PNG", size)


def jpeg_with_gps(size=(40, 20), orientation=6) -> bytes:
    """A JPEG whose EXIF has a GPS position and says "turn me 90°" (orientation 6)."""
    image = Image.new("RGB", size, (10, 120, 200))
    exif = image.getexif()
    exif[0x0112] = orientation
    gps = exif.get_ifd(0x8825)
    gps.update({1: "S", 2: (12.0, 2.0, 50.0), 3: "W", 4: (77.0, 1.0, 40.0)})
    exif[0x8825] = gps
    out = io.BytesIO()
    image.save(out, "JPEG", exif=exif)
    return out.getvalue()


def png_html_polyglot() -> bytes:
    """A real PNG that is also an HTML page: markup in a text chunk and after the end."""
    info = PngInfo()
    info.add_text("Comment", HTML.decode())
    out = io.BytesIO()
    Image.new("RGB", (16, 16), (0, 0, 0)).save(out, "PNG", pnginfo=info)
    return out.getvalue() + HTML


def _chunk(kind: bytes, data: bytes) -> bytes:
    return struct.pack(">I", len(data)) + kind + data + struct.pack(">I", zlib.crc32(kind + data))


def png_claiming(width: int, height: int) -> bytes:
    """A few hundred bytes whose header says WIDTH × HEIGHT (a decompression bomb's shape)."""
    header = struct.pack(">IIBBBBB", width, height, 8, 2, 0, 0, 0)
    pixels = zlib.compress(b"\x00" * 64)
    return (
        b"\x89PNG\r\n\x1a\n"
        + _chunk(b"IHDR", header)
        + _chunk(b"IDAT", pixels)
        + _chunk(b"IEND", b"")
    )


def upload(client, url: str, data: bytes, name: str, caption: str = "", **fields):
    """Post one file through the attach form as a browser would (the body built in memory:
    the test client would spool a large one to a temporary file it never closes)."""
    form = {"file": FileStorage(io.BytesIO(data), filename=name), "caption": caption, **fields}
    body, length, boundary = stream_encode_multipart(form, use_tempfile=False)
    return client.post(
        url,
        input_stream=body,
        content_length=length,
        content_type=f"multipart/form-data; boundary={boundary}",
    )


def stored_keys(app) -> set[str]:
    with app.app_context():
        return storage().keys()


def attach_file(app, kind: str, owner_id: int, data: bytes, name: str, actor_id=None) -> int:
    """Attach a file as the service would for a user's post, committed."""
    with app.test_request_context():
        actor = db.session.get(User, actor_id) if actor_id else None
        row = services.attach(
            actor, kinds.owner(kind, owner_id), FileStorage(io.BytesIO(data), filename=name)
        )
        commit()
        return row.id
