"""Forms of the summaries' staff pages."""

from flask_babel import lazy_gettext as _l
from flask_wtf.file import FileField, FileRequired
from wtforms import HiddenField, IntegerField, StringField, TextAreaField
from wtforms.validators import InputRequired, Length, NumberRange, Optional

from alumni.common.forms import AppForm
from alumni.common.validators import NoControlCharacters, strip
from alumni.config import LANGUAGES


class OpenYearForm(AppForm):
    fiscal_year = IntegerField(
        _l("Fiscal year"), validators=[InputRequired(), NumberRange(1997, 2200)]
    )


class TopicsForm(AppForm):
    version = HiddenField()
    event_ids = StringField(
        _l("Linked events (numbers, separated by commas)"),
        filters=[strip],
        validators=[Optional(), Length(max=500)],
    )
    grant_ids = StringField(
        _l("Linked WNF programmes (numbers, separated by commas)"),
        filters=[strip],
        validators=[Optional(), Length(max=500)],
    )
    society_codes = StringField(
        _l("Linked societies (codes, separated by commas)"),
        filters=[strip],
        validators=[Optional(), Length(max=1000), NoControlCharacters()],
    )


for _code in LANGUAGES:
    setattr(
        TopicsForm,
        f"topics_{_code}",
        TextAreaField(
            _l("Topics of the year"),
            filters=[strip],
            validators=[Optional(), Length(max=50000), NoControlCharacters(multiline=True)],
        ),
    )


class TableUploadForm(AppForm):
    file = FileField(_l("AOTS programme table (CSV)"), validators=[FileRequired()])
