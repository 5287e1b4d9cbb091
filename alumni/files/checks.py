"""What a file must be to be attached, and what is stored of it.

Four types only, known by their content (magic bytes) and their name's extension together:
PDF, JPEG, PNG and WebP. Images are decoded by Pillow within a pixel limit and encoded again
from their pixels, turned upright by their EXIF orientation: what is stored is only the
picture, without EXIF (GPS positions included), comments or anything appended after it (a
PNG that is also an HTML page comes back a PNG only). PDFs are stored as they came; they are
only ever served for download. The file name a user sent is display text and nothing else.
"""

import hashlib
import io
import re
import unicodedata
import warnings
from dataclasses import dataclass

from flask_babel import gettext as _

from alumni.common.exceptions import Refused

# Type → (content type, Pillow's format name); extensions → type.
TYPES = {
    "pdf": ("application/pdf", None),
    "jpeg": ("image/jpeg", "JPEG"),
    "png": ("image/png", "PNG"),
    "webp": ("image/webp", "WEBP"),
}
EXTENSIONS = {".pdf": "pdf", ".jpg": "jpeg", ".jpeg": "jpeg", ".png": "png", ".webp": "webp"}
IMAGE_TYPES = frozenset(content_type for content_type, pil in TYPES.values() if pil)
NAME_LENGTH = 200


@dataclass(frozen=True)
class Checked:
    """A file that passed: the bytes to store and what the attachment row records."""

    data: bytes
    file_name: str
    content_type: str
    width: int | None = None
    height: int | None = None

    @property
    def sha256(self) -> str:
        return hashlib.sha256(self.data).hexdigest()


class WrongType(Refused):
    """Not a file of the types allowed, or named as another type (a page that takes photos
    only says so instead: files/services.py)."""


def sniff(head: bytes) -> str | None:
    """The type the first bytes announce, or None for anything not allowed."""
    if head.startswith(b"%PDF-"):
        return "pdf"
    if head.startswith(b"\xff\xd8\xff"):
        return "jpeg"
    if head.startswith(b"\x89PNG\r\n\x1a\n"):
        return "png"
    if head[:4] == b"RIFF" and head[8:12] == b"WEBP":
        return "webp"
    return None


def examine(data: bytes, sent_name: str | None, max_pixels: int) -> Checked:
    """DATA as it will be stored, or Refused with the reason (422)."""
    name = display_name(sent_name)
    named = EXTENSIONS.get(extension(name))
    found = sniff(data[:16])
    if named is None or found is None or named != found:
        raise WrongType(
            _(
                "Only PDF, JPEG, PNG and WebP files can be attached, and the file's name "
                "must end as its type does (.pdf, .jpg, .png or .webp)."
            )
        )
    content_type, pil_format = TYPES[found]
    if pil_format is None:
        return Checked(data, name, content_type)
    encoded, width, height = reencode(data, pil_format, max_pixels)
    return Checked(encoded, name, content_type, width, height)


def reencode(data: bytes, pil_format: str, max_pixels: int) -> tuple[bytes, int, int]:
    """The picture of DATA encoded again, upright, without metadata; (bytes, width, height)."""
    too_large = Refused(
        _(
            "This image has too many pixels (at most %(count)s million): make it smaller.",
            count=max_pixels // 1_000_000,
        )
    )
    unreadable = Refused(_("This image could not be read: it may be damaged."))
    # Pillow only for an upload (not imported by every worker at start).
    from PIL import Image, ImageOps

    # Pillow's own guard, at the site's limit: it refuses what the check below might miss.
    Image.MAX_IMAGE_PIXELS = max_pixels
    with warnings.catch_warnings():
        warnings.simplefilter("error", Image.DecompressionBombWarning)
        try:
            with Image.open(io.BytesIO(data), formats=[pil_format]) as image:
                # The header gives the size: a bomb is refused before any pixel is decoded.
                if image.width * image.height > max_pixels:
                    raise too_large
                image.load()
                upright = ImageOps.exif_transpose(image)
                return _encoded(upright, pil_format), upright.width, upright.height
        except Refused:
            raise
        except (Image.DecompressionBombError, Image.DecompressionBombWarning):
            raise too_large from None
        except Exception:  # a hostile or damaged file may fail anywhere inside the decoder
            raise unreadable from None


def _encoded(image, pil_format: str) -> bytes:
    """IMAGE's pixels only (first frame), in PIL_FORMAT: no EXIF, ICC, text or comments."""
    if pil_format == "JPEG" and image.mode not in ("RGB", "L", "CMYK"):
        image = image.convert("RGB")
    elif pil_format == "WEBP" and image.mode not in ("RGB", "RGBA"):
        image = image.convert("RGBA" if "A" in image.getbands() else "RGB")
    elif pil_format == "PNG" and image.mode not in ("1", "L", "LA", "P", "RGB", "RGBA", "I"):
        image = image.convert("RGBA")
    image.info.clear()  # Pillow would carry some of these (EXIF, text) into the new file
    out = io.BytesIO()
    options = {"JPEG": {"quality": 90}, "WEBP": {"quality": 90}, "PNG": {"optimize": True}}
    image.save(out, pil_format, **options[pil_format])
    return out.getvalue()


_SEPARATORS = re.compile(r"[/\\]")
_BLANKS = re.compile(r"\s+")


def display_name(sent: str | None) -> str:
    """The name to show for a file: NFC, its last path part, without invisible characters
    (NUL, direction overrides, zero-width ones), at most NAME_LENGTH characters."""
    text = unicodedata.normalize("NFC", sent or "")
    text = _SEPARATORS.split(text)[-1]
    text = "".join(ch for ch in text if unicodedata.category(ch)[0] not in "C")
    text = _BLANKS.sub(" ", text).strip(" .")
    suffix = extension(text)
    stem = text[: len(text) - len(suffix)].strip(" .") if suffix else text
    stem = stem[: NAME_LENGTH - len(suffix)] or _("file")
    return stem + suffix


def extension(name: str) -> str:
    """The lower-case extension of NAME with its dot ('.pdf'), or ''."""
    stem, dot, suffix = name.rpartition(".")
    return f".{suffix.lower()}" if dot and stem and suffix and " " not in suffix else ""


def ascii_name(name: str) -> str:
    """NAME in plain ASCII for Content-Disposition's filename= (old clients): accents
    dropped, anything else that is not a letter, digit, dot, dash or underscore made '_'."""
    suffix = extension(name)
    stem = name[: len(name) - len(suffix)] if suffix else name
    plain = unicodedata.normalize("NFKD", stem).encode("ascii", "ignore").decode("ascii")
    plain = re.sub(r"[^A-Za-z0-9._-]+", "_", plain).strip("._")
    if not re.search(r"[A-Za-z0-9]", plain):
        plain = "file"
    return plain + suffix
