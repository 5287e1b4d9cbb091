"""WNF forms (shapes only)."""

import re
from decimal import Decimal

from babel.numbers import get_currency_precision, list_currencies
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
from wtforms.validators import DataRequired, InputRequired, Optional, ValidationError

from alumni.common.forms import AppForm, SubForm
from alumni.common.text import NoInvisibleCharacters
from alumni.common.time import today
from alumni.common.validators import InRange, NoControlCharacters, TextLength, strip
from alumni.events.forms import NONE, enum_choices
from alumni.events.models import EventFormat
from alumni.grants.models import CooperationRole, VoteChoice

YEN_LIMIT = 1_000_000_000


def _yen(label, required=True):
    first = InputRequired() if required else Optional()
    return IntegerField(label, validators=[first, InRange(0, YEN_LIMIT)])


def _text(label, required=False, length=20000):
    first = DataRequired() if required else Optional()
    return TextAreaField(
        label,
        filters=[strip],
        validators=[first, TextLength(max=length), NoControlCharacters(multiline=True)],
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
        validators=[Optional(), TextLength(max=200), NoControlCharacters()],
    )
    amount = _yen(_l("Amount (yen)"), required=False)


class ApplicationForm(AppForm):
    version = HiddenField()
    title = StringField(
        _l("Programme title"),
        filters=[strip],
        validators=[DataRequired(), TextLength(max=300), NoInvisibleCharacters()],
    )
    theme = StringField(
        _l("Theme"),
        filters=[strip],
        validators=[Optional(), TextLength(max=200), NoControlCharacters()],
    )
    description = _text(_l("Description"))
    planned_start = DateField(_l("Planned first day"), validators=[DataRequired()])
    planned_end = DateField(_l("Planned last day"), validators=[DataRequired()])
    format = SelectField(_l("Format"), choices=enum_choices(EventFormat))
    planned_participants = IntegerField(
        _l("Planned participants"), validators=[Optional(), InRange(0, 1_000_000)]
    )
    requested_amount = IntegerField(
        _l("Requested amount (whole yen)"), validators=[InputRequired(), InRange(1, YEN_LIMIT)]
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
        validators=[Optional(), InRange(1, YEN_LIMIT)],
    )
    note = _text(_l("Meeting and note"), required=True, length=5000)


class PaymentForm(AppForm):
    entry_date = DateField(_l("Date"), validators=[DataRequired()])
    memo = StringField(
        _l("Memo"),
        filters=[strip],
        validators=[Optional(), TextLength(max=500), NoControlCharacters()],
    )


RATE_DECIMALS = 6


def upper(value):
    return value.upper() if isinstance(value, str) else value


def decimal_text(text: str | None, whole_digits: int, decimals: int) -> Decimal | None:
    """TEXT as a Decimal when it is plain digits with at most DECIMALS after a point."""
    pattern = rf"[0-9]{{1,{whole_digits}}}" + (rf"(\.[0-9]{{1,{decimals}}})?" if decimals else "")
    if not text or not re.fullmatch(pattern, text):
        return None
    return Decimal(text)


def amount_hint(digits: int):
    if digits == 0:
        return _l("Enter the amount in whole units: this currency has no decimals.")
    return _l(
        "Enter the amount as digits with a point and up to %(num)s decimals, such as 1250.50.",
        num=digits,
    )


class ActualLineForm(SubForm):
    """One line of actual spending; a row left empty is not a line."""

    id = HiddenField()
    budget_line = SelectField(_l("Approved budget line"))
    label = StringField(
        _l("What it paid for"),
        filters=[strip],
        validators=[Optional(), TextLength(max=200), NoControlCharacters()],
    )
    currency = StringField(
        _l("Currency (ISO 4217 code)"),
        filters=[strip, upper],
        validators=[Optional(), TextLength(max=3)],
        render_kw={"list": "currency-codes", "autocapitalize": "characters", "size": 4},
    )
    amount = StringField(
        _l("Amount in that currency"), filters=[strip], render_kw={"inputmode": "decimal"}
    )
    spent_on = DateField(_l("Date of spending"), validators=[Optional()])
    rate = StringField(
        _l("Yen for one unit of that currency on that day"),
        filters=[strip],
        render_kw={"inputmode": "decimal"},
    )
    explanation = _text(_l("Why more than approved (when it is)"), length=5000)

    # What a person types; the budget line and the currency come pre-chosen.
    TYPED = ("label", "amount", "spent_on", "rate", "explanation")

    def is_blank(self) -> bool:
        return not any((self[name].raw_data or [""])[0].strip() for name in self.TYPED)

    def validate(self, extra_validators=None):
        if self.is_blank():
            return True
        valid = super().validate(extra_validators)
        for check in (self._check_currency, self._check_amount, self._check_rate, self._check_date):
            valid = check() and valid
        return valid

    def _refuse(self, name: str, message) -> bool:
        self[name].errors = [*self[name].errors, message]
        return False

    def _check_currency(self) -> bool:
        if self.currency.data not in list_currencies():
            return self._refuse(
                "currency", _l("Enter a currency's three-letter ISO 4217 code, such as PEN or JPY.")
            )
        return True

    def _check_amount(self) -> bool:
        if self.currency.errors:
            return True
        digits = get_currency_precision(self.currency.data)
        amount = decimal_text(self.amount.data, 12, digits)
        if amount is None:
            return self._refuse("amount", amount_hint(digits))
        self.amount.data = amount
        return True

    def _check_rate(self) -> bool:
        rate = decimal_text(self.rate.data, 9, RATE_DECIMALS)
        if rate is None or rate <= 0:
            return self._refuse(
                "rate",
                _l("Enter the rate as a positive number with up to 6 decimals, such as 38.5."),
            )
        self.rate.data = rate
        return True

    def _check_date(self) -> bool:
        spent_on = self.spent_on.data
        if self.spent_on.errors:
            return False
        if spent_on is None:
            return self._refuse("spent_on", _l("Enter the date of spending."))
        if spent_on.year < 1997 or spent_on > today():
            return self._refuse("spent_on", _l("Enter a date between 1997 and today."))
        return True


class ProgrammeReportForm(AppForm):
    event = SelectField(_l("The programme's event (with its participation report)"))
    lines = FieldList(FormField(ActualLineForm), min_entries=4, max_entries=60)
    narrative = _text(_l("What happened"), required=True)

    def set_choices(self, events, budget_lines) -> None:
        self.event.choices = [NONE, *events]
        for entry in self.lines:
            entry.form.budget_line.choices = budget_lines
