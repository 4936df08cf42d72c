"""Chat forms: shape checks only (the services say what is allowed)."""

from __future__ import annotations

from flask_babel import lazy_gettext as _l
from flask_wtf import FlaskForm
from wtforms import (
    BooleanField,
    EmailField,
    HiddenField,
    IntegerField,
    RadioField,
    StringField,
    TextAreaField,
)
from wtforms.fields.choices import SelectChoice
from wtforms.validators import DataRequired, Email, InputRequired, Length, NumberRange, Optional

from portal.chat.store import MAX_MESSAGE

# Enough room that an oversized message reaches the service, which says what the limit is.
FORM_MAX = MAX_MESSAGE * 4


class MessageForm(FlaskForm):
    body = TextAreaField(_l("Your message"), validators=[Length(max=FORM_MAX)])
    came_from = HiddenField()


class AgentMessageForm(FlaskForm):
    body = TextAreaField(_l("Message"), validators=[Length(max=FORM_MAX)])
    internal = BooleanField(_l("Internal note (the customer never sees it)"))


class LeaveMessageForm(FlaskForm):
    name = StringField(_l("Your name"), validators=[Optional(), Length(max=80)])
    email = EmailField(
        _l("Your email"),
        validators=[Optional(), Email(), Length(max=254)],
        description=_l("We answer here, with a link to follow your request."),
    )
    note = TextAreaField(
        _l("Anything to add?"),
        validators=[Length(max=MAX_MESSAGE)],
        description=_l("The whole chat goes with your message, so you need not repeat it."),
    )


class TranscriptForm(FlaskForm):
    email = EmailField(_l("Your email"), validators=[Optional(), Email(), Length(max=254)])


class RatingForm(FlaskForm):
    score = RadioField(
        _l("How satisfied are you with this chat?"),
        choices=[SelectChoice(str(n), str(n)) for n in range(1, 6)],
        validators=[InputRequired()],
    )


class CapacityForm(FlaskForm):
    agent_id = HiddenField(validators=[DataRequired()])
    capacity = IntegerField(
        _l("Chats at once"), validators=[InputRequired(), NumberRange(min=0, max=20)]
    )


class TicketFromChatForm(FlaskForm):
    email = EmailField(
        _l("Customer's email"),
        validators=[Optional(), Email(), Length(max=254)],
        description=_l("Needed for a visitor who has not given one."),
    )
