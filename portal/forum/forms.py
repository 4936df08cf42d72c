"""Forum forms: shape checks only; the rules live in services and moderation."""

from __future__ import annotations

from flask_babel import lazy_gettext as _l
from flask_wtf import FlaskForm
from wtforms import DateField, HiddenField, SelectField, StringField, TextAreaField
from wtforms.fields.choices import SelectChoice
from wtforms.validators import DataRequired, Length, Optional

from portal.forum.moderation import FLAG_REASONS
from portal.forum.services import MAX_BODY, MAX_TITLE, new_submit_key

BODY_TOO_LONG = _l("Your post is too long. Keep it under 20,000 characters, or split it in two.")
BODY_HINT = _l("Markdown works: **bold**, lists, links and ``` for code.")


def body_field(label=None) -> TextAreaField:
    return TextAreaField(
        label or _l("Your message"),
        validators=[
            DataRequired(message=_l("Write something before you send.")),
            Length(max=MAX_BODY, message=BODY_TOO_LONG),
        ],
        description=BODY_HINT,
    )


class ThreadForm(FlaskForm):
    category = SelectField(_l("Category"), coerce=int, validators=[DataRequired()])
    title = StringField(
        _l("Title"),
        validators=[
            DataRequired(message=_l("Give your question a title.")),
            Length(min=8, max=MAX_TITLE, message=_l("Use between 8 and 150 characters.")),
        ],
        description=_l("Your question in one sentence."),
    )
    body = body_field(_l("Details"))
    submit_key = HiddenField(default=new_submit_key)


class ReplyForm(FlaskForm):
    body = body_field(_l("Your reply"))
    submit_key = HiddenField(default=new_submit_key)


class EditForm(FlaskForm):
    title = StringField(
        _l("Title"),
        validators=[
            Optional(),
            Length(min=8, max=MAX_TITLE, message=_l("Use between 8 and 150 characters.")),
        ],
    )
    body = body_field()


class FlagForm(FlaskForm):
    reason = SelectField(
        _l("Why should a moderator look at this post?"),
        choices=[SelectChoice(key, label) for key, label in FLAG_REASONS.items()],
        validators=[DataRequired()],
    )
    note = TextAreaField(
        _l("Anything to add (optional)"),
        validators=[Optional(), Length(max=500)],
    )


class MoveForm(FlaskForm):
    category = SelectField(_l("Move to category"), coerce=int, validators=[DataRequired()])


class SuspendForm(FlaskForm):
    until = DateField(
        _l("May not post until"),
        validators=[DataRequired(message=_l("Choose a date."))],
    )
    reason = StringField(_l("Reason (shown to staff)"), validators=[Optional(), Length(max=300)])
