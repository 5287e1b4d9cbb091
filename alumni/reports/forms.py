"""Forms of the summaries' staff pages."""

from flask_babel import lazy_gettext as _l
from flask_wtf.file import FileField, FileRequired
from wtforms import (
    BooleanField,
    DateField,
    HiddenField,
    IntegerField,
    SelectField,
    StringField,
    TextAreaField,
)
from wtforms.fields.choices import SelectChoice
from wtforms.validators import DataRequired, InputRequired, Optional

from alumni.common.forms import AppForm
from alumni.common.validators import InRange, NoControlCharacters, TextLength, YearRange, strip
from alumni.config import LANGUAGES
from alumni.events.forms import enum_choices
from alumni.reports.models import PeriodKind, Programme
from alumni.societies.models import REGION_TITLES


class OpenYearForm(AppForm):
    fiscal_year = IntegerField(
        _l("Fiscal year"), validators=[InputRequired(), YearRange(1997, 2200)]
    )


class TopicsForm(AppForm):
    version = HiddenField()
    event_ids = StringField(
        _l("Linked events (numbers, separated by commas)"),
        filters=[strip],
        validators=[Optional(), TextLength(max=500)],
    )
    grant_ids = StringField(
        _l("Linked WNF programmes (numbers, separated by commas)"),
        filters=[strip],
        validators=[Optional(), TextLength(max=500)],
    )
    society_codes = StringField(
        _l("Linked societies (codes, separated by commas)"),
        filters=[strip],
        validators=[Optional(), TextLength(max=1000), NoControlCharacters()],
    )


for _code in LANGUAGES:
    setattr(
        TopicsForm,
        f"topics_{_code}",
        TextAreaField(
            _l("Topics of the year"),
            filters=[strip],
            validators=[Optional(), TextLength(max=50000), NoControlCharacters(multiline=True)],
        ),
    )


class TableUploadForm(AppForm):
    kind = SelectField(
        _l("Period of the table"),
        choices=enum_choices(PeriodKind),
        default=PeriodKind.FISCAL_YEAR.value,
    )
    first_year = IntegerField(
        _l("First fiscal year (a range only)"),
        validators=[Optional(), YearRange(1959, 2200)],
    )
    dash_for_zero = BooleanField(_l('Show zero as "-", as printed'))
    file = FileField(_l("AOTS programme table (CSV or XLSX)"), validators=[FileRequired()])


class ApplyTableForm(AppForm):
    sha256 = HiddenField(validators=[InputRequired(), TextLength(min=64, max=64)])
    table_version = HiddenField(validators=[TextLength(max=12)])


class PinForm(AppForm):
    region = SelectField(
        _l("Region"), choices=[SelectChoice(code, title) for code, title in REGION_TITLES.items()]
    )
    programme = SelectField(_l("Programme"), choices=enum_choices(Programme))
    share = StringField(
        _l("Share as printed (%)"), filters=[strip], validators=[Optional(), TextLength(max=10)]
    )
    note = StringField(
        _l("Note (why the print differs)"),
        filters=[strip],
        validators=[Optional(), TextLength(max=500), NoControlCharacters()],
    )


class PublishedCountForm(AppForm):
    as_of = DateField(_l("As of"), validators=[DataRequired()])
    societies = IntegerField(_l("Societies"), validators=[InputRequired(), InRange(0, 99999)])
    countries = IntegerField(_l("Countries/regions"), validators=[InputRequired(), InRange(0, 999)])
    source = StringField(
        _l("Source"),
        filters=[strip],
        validators=[DataRequired(), TextLength(max=500), NoControlCharacters()],
    )
