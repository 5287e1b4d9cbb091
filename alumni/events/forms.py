"""Event, report, series, entry and theme forms (shapes only; rules are in services)."""

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
    TimeField,
)
from wtforms.fields.choices import SelectChoice
from wtforms.validators import DataRequired, InputRequired, Optional, ValidationError

from alumni.common.forms import AppForm, SubForm
from alumni.common.text import NoInvisibleCharacters
from alumni.common.validators import (
    InRange,
    NoControlCharacters,
    RequiredWith,
    TextLength,
    YearRange,
    strip,
)
from alumni.config import LANGUAGES
from alumni.events.models import Cadence, EventFormat, EventKind
from alumni.events.pickers import (
    CountryField,
    DrawnCheckboxes,
    DrawnSelect,
    SocietyField,
    valid_zone,
)
from alumni.i18n import country_name, own_language_name

NONE = SelectChoice("", _l("— none —"))


def _line(label, length, required=False):
    first = DataRequired() if required else Optional()
    return StringField(
        label, filters=[strip], validators=[first, TextLength(max=length), NoInvisibleCharacters()]
    )


def _text(label):
    return TextAreaField(
        label,
        filters=[strip],
        validators=[Optional(), TextLength(max=20000), NoControlCharacters(multiline=True)],
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


def checkboxes(label):
    """Several choices, each a checkbox inside its own label (drawn once when the choices
    are pickers.DrawnChoices)."""
    return SelectMultipleField(label, coerce=str, widget=DrawnCheckboxes())


def _count(label, high=1_000_000, required=False):
    first = InputRequired() if required else Optional()
    return IntegerField(label, validators=[first, InRange(0, high)])


class _KeepsChoices:
    """Choices given once outlive `process()`.

    A form filled again with the values held over an expired login rebuilds its lists of
    lines (speakers, countries), and every new line needs its choices back.
    """

    _choices: dict | None = None

    def process(self, *args, **kwargs):
        super().process(*args, **kwargs)
        if self._choices is not None:
            self._apply_choices(**self._choices)

    def set_choices(self, **choices) -> None:
        self._choices = choices
        self._apply_choices(**choices)


class SpeakerForm(SubForm):
    name = _line(_l("Speaker's name"), 200)
    country = CountryField(_l("Speaker's country"))
    society = SocietyField(_l("Speaker's society"))


class CountryCountForm(SubForm):
    country = CountryField(_l("Country/region"))
    attendance = IntegerField(
        _l("Cumulative attendance (延べ) from there"),
        validators=[Optional(), InRange(1, 1_000_000)],
    )


def _set_countries(rows, countries) -> None:
    for row in rows:
        row.form.country.lookup = countries


def _country_template(countries) -> CountryCountForm:
    """The <template> row that "Add a country" copies (with JavaScript), built when drawn."""
    row = CountryCountForm(prefix="countries-__i__-")
    row.country.lookup = countries
    return row


class _Participation:
    """The participation report's figures, in the report form and the new-event form."""

    attendance_total = _count(
        _l("Cumulative attendance (延べ): the total over all days or sessions")
    )
    distinct_participants = _count(_l("Distinct participants, if known"))
    speakers_count = _count(_l("Number of speakers"), high=10_000)
    countries = FieldList(FormField(CountryCountForm), min_entries=3, max_entries=100)


class EventForm(_KeepsChoices, _Participation, AppForm):
    version = HiddenField()
    # Set by the button pressed: "publish" or "draft" (Enter in a box presses the first).
    intent = StringField()
    kind = SelectField(_l("Kind"), choices=enum_choices(EventKind))
    original_language = SelectField(
        _l("Language the event was written in"),
        choices=[SelectChoice(code, own_language_name(code)) for code in LANGUAGES],
    )
    start_date = _date(_l("First day"))
    end_date = _date(_l("Last day"))
    start_time = TimeField(_l("Starts at (optional)"), validators=[Optional()])
    end_time = TimeField(_l("Ends at (optional)"), validators=[Optional()])
    time_zone = SelectField(
        _l("Time zone"),
        default="UTC",
        validate_choice=False,
        validators=[valid_zone],
        widget=DrawnSelect(),
    )
    format = SelectField(_l("Format"), choices=enum_choices(EventFormat))
    venue = _line(_l("Venue"), 300)
    country = CountryField(_l("Country/region of the venue"))
    co_hosts = checkboxes(_l("Co-host societies"))
    themes = checkboxes(_l("Themes"))
    series = SelectField(_l("Series (for a contest edition)"))
    edition_number = IntegerField(
        _l("Edition number"),
        validators=[
            RequiredWith("series", _l("Enter the edition number of this contest.")),
            Optional(),
            InRange(1, 1000),
        ],
    )
    speakers = FieldList(FormField(SpeakerForm), min_entries=1, max_entries=40)

    def validate_end_date(self, field):
        if field.data and self.start_date.data and field.data < self.start_date.data:
            raise ValidationError(_l("The last day cannot be before the first day."))
        if field.data and self.start_date.data and (field.data - self.start_date.data).days > 366:
            raise ValidationError(_l("An event lasts at most a year."))

    def validate_start_date(self, field):
        if field.data and not 1950 <= field.data.year <= 2200:
            raise ValidationError(_l("Enter a date between 1950 and 2200."))

    def validate_end_time(self, field):
        if field.data is None:
            return
        if self.start_time.data is None:
            raise ValidationError(_l("Give the starting time too, or neither."))
        one_day = self.start_date.data and self.start_date.data == self.end_date.data
        if one_day and field.data < self.start_time.data:
            raise ValidationError(_l("On a one-day event, it cannot end before it starts."))

    def validate_edition_number(self, field):
        if field.data is not None and not self.series.data:
            raise ValidationError(_l("Choose the series this edition belongs to."))

    def _apply_choices(self, *, zones, countries, societies, themes, series, speaker_societies):
        self.time_zone.choices = zones
        self.country.lookup = countries
        self.co_hosts.choices = societies
        self.themes.choices = themes
        self.series.choices = [NONE, *series]
        _set_countries(self.countries, countries)
        for speaker in (entry.form for entry in self.speakers):
            self._speaker_choices(speaker)

    def _speaker_choices(self, speaker) -> None:
        lookup, shown = self._choices["speaker_societies"]
        speaker.country.lookup = self._choices["countries"]
        speaker.society.lookup = lookup
        speaker.society.shown = shown

    @property
    def speaker_template(self) -> SpeakerForm:
        """The <template> row that "Add a speaker" copies (with JavaScript): built only when
        drawn, which is once per content version and language (form_setup.drawn_once)."""
        row = SpeakerForm(prefix="speakers-__i__-")
        self._speaker_choices(row)
        return row

    @property
    def country_template(self) -> CountryCountForm:
        return _country_template(self._choices["countries"])


for _code in LANGUAGES:
    setattr(EventForm, f"title_{_code}", _line(_l("Event title"), 300))
    setattr(EventForm, f"description_{_code}", _text(_l("Description")))


class ReportForm(_KeepsChoices, _Participation, AppForm):
    version = HiddenField()
    attendance_total = _count(
        _l("Cumulative attendance (延べ): the total over all days or sessions"), required=True
    )

    def _apply_choices(self, *, countries) -> None:
        _set_countries(self.countries, countries)

    @property
    def country_template(self) -> CountryCountForm:
        return _country_template(self._choices["countries"])


class SeriesForm(AppForm):
    code = StringField(
        _l("Code (used in addresses, e.g. PE-5S)"),
        filters=[lambda v: v.strip().upper() if isinstance(v, str) else v],
        validators=[DataRequired(), TextLength(min=2, max=40)],
    )
    cadence = SelectField(_l("Held"), choices=enum_choices(Cadence))
    first_year = IntegerField(_l("First year"), validators=[InputRequired(), YearRange(1950, 2200)])
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
        validators=[DataRequired(), TextLength(min=2, max=40)],
    )

    def validate_code(self, field):
        import re

        if not re.match(r"^[a-z0-9][a-z0-9-]{1,39}$", field.data or ""):
            raise ValidationError(_l("Use 2 to 40 small letters, digits or hyphens."))


for _code in LANGUAGES:
    setattr(ThemeForm, f"name_{_code}", _line(_l("Name"), 120, required=_code == "en"))
