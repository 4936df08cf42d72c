"""Account forms: shape checks only; the rules live in services and passwords."""

from __future__ import annotations

from flask_babel import lazy_gettext as _l
from flask_wtf import FlaskForm
from wtforms import BooleanField, EmailField, HiddenField, PasswordField, SelectField, StringField
from wtforms.validators import DataRequired, Email, EqualTo, Length, Optional, ValidationError

from portal.auth.models import MAIL_KINDS
from portal.auth.passwords import MAX_LENGTH, password_problem


def strong_password(form: FlaskForm, field: PasswordField) -> None:
    """Refuse short, common or self-naming passwords."""
    account = getattr(form, "account", None)  # set by views for a signed-in user
    email = getattr(form, "email", None)
    name = getattr(form, "display_name", None)
    problem = password_problem(
        field.data or "",
        email=account.email if account else (email.data or "") if email else "",
        display_name=account.display_name if account else (name.data or "") if name else "",
    )
    if problem:
        raise ValidationError(problem)


class RegisterForm(FlaskForm):
    email = EmailField(_l("Email"), validators=[DataRequired(), Email(), Length(max=254)])
    display_name = StringField(
        _l("Display name"),
        validators=[DataRequired(), Length(max=80)],
        description=_l("Shown next to what you post in the community."),
    )
    password = PasswordField(
        _l("Password"),
        validators=[DataRequired(), strong_password],
        description=_l("At least 10 characters. A few unrelated words work well."),
    )
    confirm = PasswordField(
        _l("Repeat password"),
        validators=[DataRequired(), EqualTo("password", message=_l("The passwords differ."))],
    )


class LoginForm(FlaskForm):
    email = EmailField(_l("Email"), validators=[DataRequired(), Length(max=254)])
    password = PasswordField(_l("Password"), validators=[DataRequired(), Length(max=MAX_LENGTH)])
    remember = BooleanField(_l("Keep me logged in on this device"))
    next = HiddenField()


class ResetRequestForm(FlaskForm):
    email = EmailField(_l("Email"), validators=[DataRequired(), Email(), Length(max=254)])


class ResetPasswordForm(FlaskForm):
    password = PasswordField(
        _l("New password"),
        validators=[DataRequired(), strong_password],
        description=_l("At least 10 characters. A few unrelated words work well."),
    )
    confirm = PasswordField(
        _l("Repeat new password"),
        validators=[DataRequired(), EqualTo("password", message=_l("The passwords differ."))],
    )


class ProfileForm(FlaskForm):
    display_name = StringField(_l("Display name"), validators=[DataRequired(), Length(max=80)])
    locale = SelectField(_l("Language"), validators=[Optional()])


class ChangePasswordForm(FlaskForm):
    current_password = PasswordField(
        _l("Current password"), validators=[DataRequired(), Length(max=MAX_LENGTH)]
    )
    password = PasswordField(
        _l("New password"),
        validators=[DataRequired(), strong_password],
        description=_l("At least 10 characters. A few unrelated words work well."),
    )
    confirm = PasswordField(
        _l("Repeat new password"),
        validators=[DataRequired(), EqualTo("password", message=_l("The passwords differ."))],
    )


class MailSettingsForm(FlaskForm):
    ticket_replies = BooleanField(MAIL_KINDS["ticket_replies"])
    forum_replies = BooleanField(MAIL_KINDS["forum_replies"])
    page_updates = BooleanField(MAIL_KINDS["page_updates"])
    feedback = BooleanField(MAIL_KINDS["feedback"])
    surveys = BooleanField(MAIL_KINDS["surveys"])


class DeleteAccountForm(FlaskForm):
    password = PasswordField(
        _l("Your password"), validators=[DataRequired(), Length(max=MAX_LENGTH)]
    )
