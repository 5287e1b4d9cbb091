"""WNF forms (shapes only)."""

from flask_babel import lazy_gettext as _l
from wtforms import (
    DateField,
    FieldList,
    FormField,
    HiddenField,
    IntegerField,
    RadioField,
    SelectField,
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

from alumni.common.forms import AppForm, SubForm
from alumni.common.text import NoInvisibleCharacters
from alumni.common.validators import NoControlCharacters, strip
from alumni.events.forms import NONE, enum_choices
from alumni.events.models import EventFormat
from alumni.grants.models import CooperationRole, VoteChoice

YEN_LIMIT = 1_000_000_000


def _yen(label, required=True):
    first = InputRequired() if required else Optional()
    return IntegerField(label, validators=[first, NumberRange(0, YEN_LIMIT)])


def _text(label, required=False, length=20000):
    first = DataRequired() if required else Optional()
    return TextAreaField(
        label,
        filters=[strip],
        validators=[first, Length(max=length), NoControlCharacters(multiline=True)],
    )


class CooperationForm(SubForm):
    society = SelectField(_l("Cooperating society"), validate_choice=False)
    role = SelectField(
        _l("Its role"),
        choices=enum_choices(CooperationRole),
        default=CooperationRole.RECOMMENDS_LECTURERS.value,
    )


class BudgetLineForm(SubForm):
    label = StringField(
        _l("Budget line"),
        filters=[strip],
        validators=[Optional(), Length(max=200), NoControlCharacters()],
    )
    amount = _yen(_l("Amount (yen)"), required=False)


class ApplicationForm(AppForm):
    version = HiddenField()
    title = StringField(
        _l("Programme title"),
        filters=[strip],
        validators=[DataRequired(), Length(max=300), NoInvisibleCharacters()],
    )
    theme = StringField(
        _l("Theme"),
        filters=[strip],
        validators=[Optional(), Length(max=200), NoControlCharacters()],
    )
    description = _text(_l("Description"))
    planned_start = DateField(_l("Planned first day"), validators=[DataRequired()])
    planned_end = DateField(_l("Planned last day"), validators=[DataRequired()])
    format = SelectField(_l("Format"), choices=enum_choices(EventFormat))
    planned_participants = IntegerField(
        _l("Planned participants"), validators=[Optional(), NumberRange(0, 1_000_000)]
    )
    requested_amount = IntegerField(
        _l("Requested amount (whole yen)"), validators=[InputRequired(), NumberRange(1, YEN_LIMIT)]
    )
    cooperations = FieldList(FormField(CooperationForm), min_entries=4, max_entries=20)
    budget = FieldList(FormField(BudgetLineForm), min_entries=5, max_entries=40)

    def validate_planned_end(self, field):
        if field.data and self.planned_start.data and field.data < self.planned_start.data:
            raise ValidationError(_l("The last day cannot be before the first day."))

    def validate_planned_start(self, field):
        if field.data and not 1997 <= field.data.year <= 2200:
            raise ValidationError(_l("Enter a date between 1997 and 2200."))

    def set_choices(self, societies) -> None:
        for entry in self.cooperations:
            entry.form.society.choices = [NONE, *societies]


class CommentForm(AppForm):
    comment = _text(_l("Comment"), length=5000)


class VoteForm(AppForm):
    choice = RadioField(
        _l("Your vote"), choices=enum_choices(VoteChoice), validators=[DataRequired()]
    )
    comment = _text(_l("Comment"), length=5000)


class DecisionForm(AppForm):
    decision = SelectField(
        _l("Decision"),
        choices=[SelectChoice("approve", _l("Approve")), SelectChoice("reject", _l("Reject"))],
    )
    amount = IntegerField(
        _l("Approved amount (whole yen; empty: as requested)"),
        validators=[Optional(), NumberRange(1, YEN_LIMIT)],
    )
    note = _text(_l("Meeting and note"), required=True, length=5000)


class PaymentForm(AppForm):
    entry_date = DateField(_l("Date"), validators=[DataRequired()])
    memo = StringField(
        _l("Memo"), filters=[strip], validators=[Optional(), Length(max=500), NoControlCharacters()]
    )


class ProgrammeReportForm(AppForm):
    event = SelectField(_l("The programme's event (with its participation report)"))
    actual_expenses = _yen(_l("Actual expenses paid by the grant (whole yen)"))
    narrative = _text(_l("What happened"), required=True)

    def set_choices(self, events) -> None:
        self.event.choices = [NONE, *events]
