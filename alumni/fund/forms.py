"""Ledger forms for the secretariat."""

from flask_babel import lazy_gettext as _l
from wtforms import DateField, IntegerField, SelectField, StringField
from wtforms.validators import DataRequired, InputRequired, Optional

from alumni.common.forms import AppForm
from alumni.common.validators import InRange, NoControlCharacters, TextLength, YearRange, strip
from alumni.events.forms import NONE, enum_choices
from alumni.fund.models import MAX_YEN, CounterpartyKind, LedgerKind


def _line(label, length, required=False):
    first = DataRequired() if required else Optional()
    return StringField(
        label, filters=[strip], validators=[first, TextLength(max=length), NoControlCharacters()]
    )


class EntryForm(AppForm):
    entry_date = DateField(_l("Date"), validators=[DataRequired()])
    kind = SelectField(
        _l("Kind"), choices=[c for c in enum_choices(LedgerKind) if c.value != "disbursement"]
    )
    amount = IntegerField(
        _l("Amount in whole yen (money out is negative)"),
        validators=[InputRequired(), InRange(-MAX_YEN, MAX_YEN)],
    )
    counterparty_kind = SelectField(
        _l("From or to"), choices=[NONE, *enum_choices(CounterpartyKind)]
    )
    society = SelectField(_l("Society"), validate_choice=False)
    counterparty_name = _line(_l("Name"), 200)
    memo = _line(_l("Memo"), 500)


class ReverseForm(AppForm):
    entry_date = DateField(_l("Date of the correction"), validators=[DataRequired()])
    memo = _line(_l("Why it is corrected"), 500, required=True)


class YearTotalForm(AppForm):
    fiscal_year = IntegerField(
        _l("Fiscal year"), validators=[InputRequired(), YearRange(1997, 2200)]
    )
    programmes = IntegerField(_l("Programmes"), validators=[InputRequired(), InRange(0, 10000)])
    participants = IntegerField(
        _l("Participants (延べ), if published"), validators=[Optional(), InRange(0, 10_000_000)]
    )
    amount = IntegerField(
        _l("Amount in yen, if published"), validators=[Optional(), InRange(0, MAX_YEN)]
    )
    source = _line(_l("Where AOTS published it"), 500, required=True)


class PublishYearForm(AppForm):
    fiscal_year = IntegerField(
        _l("Fiscal year"), validators=[InputRequired(), YearRange(1997, 2200)]
    )
