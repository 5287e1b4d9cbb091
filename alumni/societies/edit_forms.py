"""Forms to edit a society: officers edit the profile, staff everything."""

from flask_babel import lazy_gettext as _l
from flask_wtf.file import FileField, FileRequired
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
from wtforms.validators import DataRequired, Optional, Regexp
from wtforms.widgets import CheckboxInput, ListWidget

from alumni.common.forms import AppForm, SubForm
from alumni.common.text import NoInvisibleCharacters
from alumni.common.validators import (
    EmailAddress,
    NoControlCharacters,
    TextLength,
    WebAddress,
    YearRange,
    strip,
)
from alumni.common.versioning import form_version
from alumni.config import LANGUAGES
from alumni.i18n import country_name, current_language, own_language_name
from alumni.societies.models import RecordStatus, SocietyStatus

MAX_LINKS = 3


def _line(label, length):
    return StringField(
        label,
        filters=[strip],
        validators=[Optional(), TextLength(max=length), NoInvisibleCharacters()],
    )


class LinkForm(SubForm):
    label = _line(_l("Link text"), 80)
    url = StringField(
        _l("Address"),
        filters=[strip],
        validators=[Optional(), TextLength(max=300), NoInvisibleCharacters(), WebAddress()],
    )


class SocietyProfileForm(AppForm):
    version = HiddenField()
    contact_email = StringField(
        _l("Contact e-mail"),
        filters=[strip],
        validators=[Optional(), NoInvisibleCharacters(), EmailAddress()],
    )
    contact_phone = _line(_l("Contact telephone"), 40)
    website = StringField(
        _l("Website"),
        filters=[strip],
        validators=[Optional(), TextLength(max=300), NoInvisibleCharacters(), WebAddress()],
    )
    links = FieldList(FormField(LinkForm), min_entries=MAX_LINKS, max_entries=MAX_LINKS)
    shown_memberships = SelectMultipleField(
        _l("Officers shown on the public page"),
        coerce=int,
        choices=[],
        widget=ListWidget(prefix_label=False),
        option_widget=CheckboxInput(),
    )

    def validate_version(self, field):
        if form_version(field.data) < 0:
            from wtforms.validators import ValidationError

            raise ValidationError(_l("The form is out of date. Please open it again."))


for _code in LANGUAGES:
    setattr(SocietyProfileForm, f"name_{_code}", _line(_l("Name"), 300))
    setattr(
        SocietyProfileForm,
        f"description_{_code}",
        TextAreaField(
            _l("Description"),
            filters=[strip],
            validators=[Optional(), TextLength(max=20000), NoControlCharacters(multiline=True)],
        ),
    )


class StaffSocietyForm(SocietyProfileForm):
    country = SelectField(_l("Country/region"), validators=[DataRequired()])
    federation = SelectField(_l("Federation"))
    region = SelectField(_l("Region"), validators=[DataRequired()])
    city = _line(_l("City"), 120)
    founded_year = IntegerField(
        _l("Founded (year)"), validators=[Optional(), YearRange(1900, 2200)]
    )
    founded_fiscal_year = IntegerField(
        _l("Founded (fiscal year, if only that is known)"),
        validators=[Optional(), YearRange(1900, 2200)],
    )
    record_status = SelectField(
        _l("Record"), choices=[SelectChoice(s.value, s.title) for s in RecordStatus]
    )
    original_language = SelectField(
        _l("Original language of its texts"),
        choices=[SelectChoice(code, own_language_name(code)) for code in LANGUAGES],
        default=current_language,  # a new society's: the page's, whose name field is open
    )
    source = TextAreaField(
        _l("Source"),
        filters=[strip],
        validators=[Optional(), TextLength(max=5000), NoControlCharacters(multiline=True)],
    )
    note = TextAreaField(
        _l("Note"),
        filters=[strip],
        validators=[Optional(), TextLength(max=5000), NoControlCharacters(multiline=True)],
    )

    def set_choices(self, countries, federations, regions) -> None:
        # A first empty choice: a new society's country and region are chosen, not left at
        # the first of the list (Iceland, Asia) by a form sent without looking.
        choose = SelectChoice("", _l("— choose —"))
        self.country.choices = [choose] + sorted(
            (SelectChoice(c.iso_code, country_name(c.iso_code)) for c in countries),
            key=lambda choice: choice.label,
        )
        self.federation.choices = [SelectChoice("", _l("No federation"))] + [
            SelectChoice(f.code, f"{f.code} — {f.area}") for f in federations
        ]
        self.region.choices = [choose] + [SelectChoice(r.code, r.title) for r in regions]


class NewSocietyForm(StaffSocietyForm):
    code = StringField(
        _l("Code (used in addresses, e.g. CO-BOGOTA)"),
        filters=[lambda v: v.strip().upper() if isinstance(v, str) else v],
        validators=[
            DataRequired(),
            Regexp(
                r"^[A-Z0-9][A-Z0-9-]{1,39}$",
                message=_l("Use 2 to 40 capital letters, digits or hyphens."),
            ),
        ],
    )


class SocietyStatusForm(AppForm):
    version = HiddenField()
    status = SelectField(
        _l("Status"), choices=[SelectChoice(s.value, s.title) for s in SocietyStatus]
    )
    since = DateField(_l("Since"), validators=[DataRequired()])


def _no_version_check(form, field):
    """A new society has no saved version to compare with."""


NewSocietyForm.validate_version = _no_version_check


class SocietyListUploadForm(AppForm):
    file = FileField(_l("List of societies (CSV or Excel .xlsx)"), validators=[FileRequired()])


class SocietyListApplyForm(AppForm):
    """The previewed file and the token that says it was previewed (see list_import)."""

    content = HiddenField(validators=[DataRequired(), TextLength(max=420_000)])
    token = HiddenField(validators=[DataRequired(), TextLength(max=1000)])
