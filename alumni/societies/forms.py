"""The directory's filter form (GET; unknown values are ignored, never an error)."""

from flask_babel import lazy_gettext as _l
from flask_wtf import FlaskForm
from wtforms import SearchField, SelectField
from wtforms.fields.choices import SelectChoice
from wtforms.validators import Length, Optional

from alumni.i18n import country_name
from alumni.societies.models import SocietyStatus


def _choices(pairs, everything=True) -> list[SelectChoice]:
    options = [SelectChoice("", _l("All"))] if everything else []
    return options + [SelectChoice(value, label) for value, label in pairs]


class DirectoryFilterForm(FlaskForm):
    class Meta:
        csrf = False  # a GET search form changes nothing

    q = SearchField(_l("Search"), validators=[Optional(), Length(max=100)])
    federation = SelectField(_l("Federation"), validators=[Optional()], validate_choice=False)
    region = SelectField(_l("Region"), validators=[Optional()], validate_choice=False)
    country = SelectField(_l("Country/region"), validators=[Optional()], validate_choice=False)
    status = SelectField(_l("Status"), validators=[Optional()], validate_choice=False)
    group = SelectField(_l("Group by"), validators=[Optional()], validate_choice=False)

    def set_choices(self, choices: dict) -> None:
        self.federation.choices = _choices(
            (f.code, f"{f.code} — {f.area}") for f in choices["federations"]
        )
        self.region.choices = _choices((r.code, r.title) for r in choices["regions"])
        countries = sorted(
            ((c, country_name(c)) for c in choices["countries"]), key=lambda pair: pair[1]
        )
        self.country.choices = _choices(countries)
        self.status.choices = _choices((s.value, s.title) for s in SocietyStatus)
        self.group.choices = _choices(
            [("federation", _l("Federation")), ("region", _l("Region"))], everything=False
        )

    def cleaned(self, field) -> str | None:
        """The field's value when it is one of its choices, else None (ignored)."""
        allowed = {choice.value for choice in field.choices}
        return field.data if field.data and field.data in allowed else None
