"""Ticket forms: shape checks only."""

from __future__ import annotations

from flask_babel import lazy_gettext as _l
from flask_wtf import FlaskForm
from wtforms import RadioField, SelectField, StringField, TextAreaField
from wtforms.fields.choices import SelectChoice
from wtforms.validators import DataRequired, Length

from portal.tickets.models import AGENT_STATUS_LABELS

MAX_MESSAGE = 10_000


class ReplyForm(FlaskForm):
    body = TextAreaField(_l("Your reply"), validators=[DataRequired(), Length(max=MAX_MESSAGE)])


class AgentReplyForm(FlaskForm):
    body = TextAreaField(_l("Message"), validators=[DataRequired(), Length(max=MAX_MESSAGE)])
    visibility = RadioField(
        _l("Send as"),
        choices=[
            SelectChoice("public", _l("Public reply, mailed to the customer")),
            SelectChoice("internal", _l("Internal note, only agents see it")),
        ],
        default="public",
        validators=[DataRequired()],
    )


class StatusForm(FlaskForm):
    status = SelectField(_l("Status"), choices=[])

    def __init__(self, *args, **kwargs) -> None:
        super().__init__(*args, **kwargs)
        self.status.choices = [
            SelectChoice(key, str(label)) for key, label in AGENT_STATUS_LABELS.items()
        ]


class AssignForm(FlaskForm):
    assignee = SelectField(_l("Assigned to"), coerce=int, choices=[])


class FlagArticleForm(FlaskForm):
    article = StringField(
        _l("Article address or slug"), validators=[DataRequired(), Length(max=500)]
    )
    reason = TextAreaField(
        _l("What is out of date?"), validators=[DataRequired(), Length(max=2000)]
    )


class CannedReplyForm(FlaskForm):
    title = StringField(_l("Title"), validators=[DataRequired(), Length(max=120)])
    body = TextAreaField(
        _l("Text"),
        validators=[DataRequired(), Length(max=MAX_MESSAGE)],
        description=_l(
            "Plain text, sent as written; links become clickable. These markers are filled "
            "in for each ticket: {{customer_name}}, "
            "{{ticket_ref}}, {{ticket_subject}}, {{agent_name}}."
        ),
    )


class CannedPickForm(FlaskForm):
    # Posted with the reply form, whose CSRF token covers it.
    class Meta:
        csrf = False

    canned = SelectField(_l("Canned reply"), coerce=int, choices=[])
