"""Event, report, series, entry and theme forms (shapes only; rules are in services)."""

from zoneinfo import available_timezones

from flask_babel import lazy_gettext as _l
from wtforms import (
    DateField,
    FieldList,
    FormField,
    HiddenField,
    IntegerField,
    SelectField,
    SelectMultipleField,
    StringField,
    TextAreaField,
)
from wtforms.fields.choices import SelectChoice
from wtforms.validators import (
    DataRequired,
    InputRequired,
    Length,
    NumberRange,
    Optional,
    ValidationError,
)
from wtforms.widgets import CheckboxInput, ListWidget

from alumni.common.forms import AppForm, SubForm
from alumni.common.text import NoInvisibleCharacters
from alumni.common.validators import NoControlCharacters, strip
from alumni.config import LANGUAGES
from alumni.events.models import Cadence, EventFormat, EventKind
from alumni.i18n import country_name, own_language_name

NONE = SelectChoice("", _l("— none —"))


def _line(label, length, required=False):
    first = DataRequired() if required else Optional()
    return StringField(
        label, filters=[strip], validators=[first, Length(max=length), NoInvisibleCharacters()]
    )


def _text(label):
    return TextAreaField(
        label,
        filters=[strip],
        validators=[Optional(), Length(max=20000), NoControlCharacters(multiline=True)],
    )


def _date(label):
    return DateField(label, validators=[DataRequired()])


def enum_choices(enum_class) -> list[SelectChoice]:
    return [SelectChoice(member.value, member.title) for member in enum_class]


def country_choices(countries, blank=True) -> list[SelectChoice]:
    choices = sorted(
        (SelectChoice(c.iso_code, country_name(c.iso_code)) for c in countries),
        key=lambda choice: choice.label,
    )
    return ([NONE] if blank else []) + choices


def time_zone_choices() -> list[SelectChoice]:
    return [SelectChoice(zone, zone) for zone in sorted(available_timezones())]


class SpeakerForm(SubForm):
    name = _line(_l("Speaker's name"), 200)
    country = SelectField(_l("Speaker's country"), default="")
    society = SelectField(_l("Speaker's society"), validate_choice=False)


class EventForm(AppForm):
    version = HiddenField()
    kind = SelectField(_l("Kind"), choices=enum_choices(EventKind))
    original_language = SelectField(
        _l("Language the event was written in"),
        choices=[SelectChoice(code, own_language_name(code)) for code in LANGUAGES],
    )
    start_date = _date(_l("First day"))
    end_date = _date(_l("Last day"))
    time_zone = SelectField(_l("Time zone"), choices=time_zone_choices, default="UTC")
    format = SelectField(_l("Format"), choices=enum_choices(EventFormat))
    venue = _line(_l("Venue"), 300)
    country = SelectField(_l("Country/region of the venue"))
    co_hosts = SelectMultipleField(_l("Co-host societies"), coerce=str)
    themes = SelectMultipleField(
        _l("Themes"),
        coerce=str,
        widget=ListWidget(prefix_label=False),
        option_widget=CheckboxInput(),
    )
    series = SelectField(_l("Series (for a contest edition)"))
    edition_number = IntegerField(
        _l("Edition number"), validators=[Optional(), NumberRange(1, 1000)]
    )
    speakers = FieldList(FormField(SpeakerForm), min_entries=6, max_entries=40)

    def validate_end_date(self, field):
        if field.data and self.start_date.data and field.data < self.start_date.data:
            raise ValidationError(_l("The last day cannot be before the first day."))
        if field.data and self.start_date.data and (field.data - self.start_date.data).days > 366:
            raise ValidationError(_l("An event lasts at most a year."))

    def validate_start_date(self, field):
        if field.data and not 1950 <= field.data.year <= 2200:
            raise ValidationError(_l("Enter a date between 1950 and 2200."))

    def validate_edition_number(self, field):
        if self.series.data and field.data is None:
            raise ValidationError(_l("Enter the edition number of this contest."))
        if field.data is not None and not self.series.data:
            raise ValidationError(_l("Choose the series this edition belongs to."))

    def set_choices(self, *, countries, societies, themes, series, speaker_societies) -> None:
        self.country.choices = country_choices(countries)
        self.co_hosts.choices = societies
        self.themes.choices = themes
        self.series.choices = [NONE, *series]
        for entry in self.speakers:
            entry.form.country.choices = self.country.choices
            entry.form.society.choices = [NONE, *speaker_societies]


for _code in LANGUAGES:
    setattr(EventForm, f"title_{_code}", _line(_l("Event title"), 300))
    setattr(EventForm, f"description_{_code}", _text(_l("Description")))


class CountryCountForm(SubForm):
    country = SelectField(_l("Country/region"), default="")
    attendance = IntegerField(
        _l("Cumulative attendance (延べ) from there"),
        validators=[Optional(), NumberRange(1, 1_000_000)],
    )


class ReportForm(AppForm):
    version = HiddenField()
    attendance_total = IntegerField(
        _l("Cumulative attendance (延べ): the total over all days or sessions"),
        validators=[InputRequired(), NumberRange(0, 1_000_000)],
    )
    distinct_participants = IntegerField(
        _l("Distinct participants, if known"), validators=[Optional(), NumberRange(0, 1_000_000)]
    )
    speakers_count = IntegerField(
        _l("Number of speakers"), validators=[Optional(), NumberRange(0, 10_000)]
    )
    countries = FieldList(FormField(CountryCountForm), min_entries=10, max_entries=100)

    def set_choices(self, countries) -> None:
        for entry in self.countries:
            entry.form.country.choices = country_choices(countries)


class SeriesForm(AppForm):
    code = StringField(
        _l("Code (used in addresses, e.g. PE-5S)"),
        filters=[lambda v: v.strip().upper() if isinstance(v, str) else v],
        validators=[DataRequired(), Length(min=2, max=40)],
    )
    cadence = SelectField(_l("Held"), choices=enum_choices(Cadence))
    first_year = IntegerField(
        _l("First year"), validators=[InputRequired(), NumberRange(1950, 2200)]
    )
    original_language = SelectField(
        _l("Language the names were written in"),
        choices=[SelectChoice(code, own_language_name(code)) for code in LANGUAGES],
    )

    def validate_code(self, field):
        import re

        if not re.match(r"^[A-Z0-9][A-Z0-9-]{1,39}$", field.data or ""):
            raise ValidationError(_l("Use 2 to 40 capital letters, digits or hyphens."))


for _code in LANGUAGES:
    setattr(SeriesForm, f"name_{_code}", _line(_l("Name"), 200))


class EntryForm(AppForm):
    name = _line(_l("Company or team"), 200, required=True)
    category = _line(_l("Category"), 120)
    award = _line(_l("Award (empty if none)"), 120)


class ThemeForm(AppForm):
    code = StringField(
        _l("Code"),
        filters=[lambda v: v.strip().lower() if isinstance(v, str) else v],
        validators=[DataRequired(), Length(min=2, max=40)],
    )

    def validate_code(self, field):
        import re

        if not re.match(r"^[a-z0-9][a-z0-9-]{1,39}$", field.data or ""):
            raise ValidationError(_l("Use 2 to 40 small letters, digits or hyphens."))


for _code in LANGUAGES:
    setattr(ThemeForm, f"name_{_code}", _line(_l("Name"), 120, required=_code == "en"))
