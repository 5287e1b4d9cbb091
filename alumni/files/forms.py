"""The upload form (shapes only): one file per post, with an optional caption."""

from flask_babel import lazy_gettext as _l
from flask_wtf.file import FileField, FileRequired
from wtforms import StringField

from alumni.common.forms import AppForm
from alumni.common.text import NoInvisibleCharacters
from alumni.common.validators import NoControlCharacters, TextLength

CAPTION_LENGTH = 200


class UploadForm(AppForm):
    file = FileField(_l("File"), validators=[FileRequired(_l("Choose a file to attach."))])
    caption = StringField(
        _l("Caption (optional)"),
        validators=[TextLength(max=CAPTION_LENGTH), NoControlCharacters(), NoInvisibleCharacters()],
    )
