"""The directory's filter form (GET; unknown values are ignored, never an error)."""

from flask_babel import lazy_gettext as _l
from flask_wtf import FlaskForm
from wtforms import SearchField, SelectField
from wtforms.validators import Length, Optional

from alumni.i18n import country_name
from alumni.societies.models import SocietyStatus


class DirectoryFilterForm(FlaskForm):
    class Meta:
        csrf = False  # a GET search form changes nothing

    q = SearchField(_l("Search"), validators=[Optional(), Length(max=100)])
    federation = SelectField(_l("Federation"), validators=[Optional()])
    region = SelectField(_l("Region"), validators=[Optional()])
    country = SelectField(_l("Country/region"), validators=[Optional()])
    status = SelectField(_l("Status"), validators=[Optional()])
    group = SelectField(
        _l("Group by"),
        choices=[("federation", _l("Federation")), ("region", _l("Region"))],
        validators=[Optional()],
    )

    def set_choices(self, choices: dict) -> None:
        everything = [("", _l("All"))]
        self.federation.choices = everything + [
            (f.code, f"{f.code} — {f.area}") for f in choices["federations"]
        ]
        self.region.choices = everything + [(r.code, r.title) for r in choices["regions"]]
        countries = sorted(
            ((c, country_name(c)) for c in choices["countries"]), key=lambda pair: pair[1]
        )
        self.country.choices = everything + countries
        self.status.choices = everything + [(s.value, s.title) for s in SocietyStatus]

    def cleaned(self, field) -> str | None:
        """The field's value when it is one of its choices, else None (ignored)."""
        allowed = {value for value, _label in field.choices}
        return field.data if field.data and field.data in allowed else None
