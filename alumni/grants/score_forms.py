"""The score form (one score and comment per active criterion) and the criteria forms."""

import re

from flask import request
from flask_babel import lazy_gettext as _l
from wtforms import BooleanField, RadioField, StringField, TextAreaField
from wtforms.fields.choices import SelectChoice
from wtforms.validators import DataRequired, Optional, ValidationError

from alumni.common.forms import AppForm
from alumni.common.validators import NoControlCharacters, TextLength, strip
from alumni.config import LANGUAGES
from alumni.grants.scores import criterion_name

SCORE_CHOICES = [
    SelectChoice("1", _l("1 — poor")),
    SelectChoice("2", _l("2 — weak")),
    SelectChoice("3", _l("3 — adequate")),
    SelectChoice("4", _l("4 — good")),
    SelectChoice("5", _l("5 — excellent")),
]
CODE = re.compile(r"^[a-z][a-z0-9_]{1,39}$")


class ScoreField(RadioField):
    """A score from 1 to 5; anything else is refused with one clear message."""

    def pre_validate(self, form):
        if self.data not in {choice.value for choice in SCORE_CHOICES}:
            raise ValidationError(_l("Choose a score from 1 to 5."))


def _comment():
    return TextAreaField(
        _l("Comment (optional)"),
        filters=[strip],
        validators=[Optional(), TextLength(max=2000), NoControlCharacters(multiline=True)],
    )


class ScoreForm(AppForm):
    """Built per request for the active criteria: score_<code> and comment_<code> each."""

    criteria: list = []

    def rows(self):
        """(criterion, its score field, its comment field), in the criteria's order."""
        return [(c, self[f"score_{c.code}"], self[f"comment_{c.code}"]) for c in self.criteria]

    def given(self) -> dict[str, tuple[int, str]]:
        """The scores as services.save_scores takes them."""
        return {c.code: (int(score.data), comment.data or "") for c, score, comment in self.rows()}


def score_form(criteria: list, mine: dict | None = None, *, posted: bool = False) -> ScoreForm:
    """The form for CRITERIA: as posted when POSTED, else filled with MINE {criterion id: row}."""

    class CriteriaScoreForm(ScoreForm):
        pass

    form_class = CriteriaScoreForm
    form_class.criteria = criteria
    for criterion in criteria:
        setattr(
            form_class,
            f"score_{criterion.code}",
            ScoreField(criterion_name(criterion), choices=SCORE_CHOICES),
        )
        setattr(form_class, f"comment_{criterion.code}", _comment())
    if posted:
        return form_class()
    data = {}
    for criterion in criteria:
        row = (mine or {}).get(criterion.id)
        if row is not None:
            data[f"score_{criterion.code}"] = str(row.score)
            data[f"comment_{criterion.code}"] = row.comment
    return form_class(formdata=None, data=data)


def _name(language: str):
    return StringField(
        _l("Name"),
        filters=[strip],
        validators=[
            DataRequired() if language == "en" else Optional(),
            TextLength(max=200),
            NoControlCharacters(),
        ],
    )


class CriterionForm(AppForm):
    active = BooleanField(_l("Used for new scores"))


class NewCriterionForm(AppForm):
    code = StringField(
        _l("Code"),
        filters=[lambda v: v.strip().lower() if isinstance(v, str) else v],
        validators=[DataRequired(), TextLength(min=2, max=40)],
    )

    def validate_code(self, field):
        if not CODE.match(field.data or ""):
            raise ValidationError(
                _l("Use 2 to 40 small letters, digits or underscores, starting with a letter.")
            )


for _code in LANGUAGES:
    setattr(CriterionForm, f"name_{_code}", _name(_code))
    setattr(NewCriterionForm, f"name_{_code}", _name(_code))


def criterion_form(criterion) -> CriterionForm:
    """CRITERION's form: as posted, else with its names and whether it is used."""
    if request.method == "POST":
        return CriterionForm()
    data = {f"name_{lang}": (criterion.names or {}).get(lang, "") for lang in LANGUAGES}
    return CriterionForm(data={**data, "active": criterion.active})


def names_of(form) -> dict[str, str]:
    return {lang: form[f"name_{lang}"].data or "" for lang in LANGUAGES}
