"""Account and user-management forms (shapes only; the rules live in services)."""

from flask_babel import lazy_gettext as _l
from wtforms import (
    BooleanField,
    DateField,
    EmailField,
    PasswordField,
    SelectField,
    SelectMultipleField,
    StringField,
)
from wtforms.fields.choices import SelectChoice
from wtforms.validators import DataRequired, EqualTo, Optional
from wtforms.widgets import CheckboxInput, ListWidget

from alumni.auth.models import MembershipRole, OfficerTitle
from alumni.common.forms import AppForm
from alumni.common.text import NoInvisibleCharacters
from alumni.common.validators import EmailAddress, TextLength, strip
from alumni.config import LANGUAGES
from alumni.i18n import current_language, own_language_name

PASSWORD_LENGTH = TextLength(max=256)


def language_choices() -> list[SelectChoice]:
    return [SelectChoice(code, own_language_name(code)) for code in LANGUAGES]


class LoginForm(AppForm):
    email = EmailField(
        _l("E-mail address"),
        filters=[strip],
        validators=[DataRequired(), NoInvisibleCharacters(), EmailAddress()],
    )
    password = PasswordField(_l("Password"), validators=[DataRequired(), PASSWORD_LENGTH])


class ResetRequestForm(AppForm):
    email = EmailField(
        _l("E-mail address"),
        filters=[strip],
        validators=[DataRequired(), NoInvisibleCharacters(), EmailAddress()],
    )


class SetPasswordForm(AppForm):
    password = PasswordField(_l("New password"), validators=[DataRequired(), PASSWORD_LENGTH])
    confirm = PasswordField(
        _l("Repeat the new password"),
        validators=[DataRequired(), EqualTo("password", message=_l("The passwords differ."))],
    )


class ChangePasswordForm(SetPasswordForm):
    current = PasswordField(_l("Current password"), validators=[DataRequired(), PASSWORD_LENGTH])


class UserForm(AppForm):
    email = EmailField(
        _l("E-mail address"),
        filters=[strip],
        validators=[DataRequired(), NoInvisibleCharacters(), EmailAddress()],
    )
    name = StringField(
        _l("Name"),
        filters=[strip],
        validators=[DataRequired(), TextLength(max=120), NoInvisibleCharacters()],
    )
    # A new user's starts as the page's (not the list's first: Japanese invitations sent
    # from a Spanish page); a user's own fills it otherwise.
    language = SelectField(
        _l("Language for e-mails"), choices=language_choices, default=current_language
    )
    is_committee = BooleanField(_l("WNF committee member"))
    is_staff = BooleanField(_l("AOTS staff"))
    is_admin = BooleanField(_l("Administrator"))
    # "" is none; presenters.user_form adds the federations, read per request.
    federation_code = SelectField(
        _l("Represents the regional federation"),
        choices=[SelectChoice("", _l("None"))],
        default="",
    )


class MembershipForm(AppForm):
    society = SelectField(_l("Society"), validators=[DataRequired()])
    role = SelectField(_l("Role"), choices=[SelectChoice(r.value, r.title) for r in MembershipRole])
    title = SelectField(
        _l("Position"), choices=[SelectChoice(t.value, t.title) for t in OfficerTitle]
    )
    term_start = DateField(_l("Term starts"), validators=[DataRequired()])
    term_end = DateField(_l("Term ends"), validators=[Optional()])
    show_publicly = BooleanField(_l("Show on the society's public page"))

    def validate_term_end(self, field):
        from wtforms.validators import ValidationError

        if field.data and self.term_start.data and field.data < self.term_start.data:
            raise ValidationError(_l("The term cannot end before it starts."))


class RemindersForm(AppForm):
    """The optional reminders a user receives; the choices are the registered kinds."""

    kinds_on = SelectMultipleField(
        _l("Reminders I receive"),
        coerce=str,
        choices=[],
        widget=ListWidget(prefix_label=False),
        option_widget=CheckboxInput(),
    )
