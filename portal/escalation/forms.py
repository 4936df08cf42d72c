"""The ticket form on /contact: shape checks only."""

from __future__ import annotations

from flask_babel import lazy_gettext as _l
from flask_wtf import FlaskForm
from wtforms import EmailField, HiddenField, SelectField, StringField, TextAreaField
from wtforms.fields.choices import SelectChoice
from wtforms.validators import DataRequired, Email, InputRequired, Length

from portal.tickets.models import TOPICS

MAX_MESSAGE = 10_000


class TicketForm(FlaskForm):
    subject = StringField(
        _l("Subject"),
        validators=[DataRequired(), Length(max=200)],
        description=_l("A few words, such as: The Wi-Fi drops every evening."),
    )
    # No default: a ticket left on the first topic would be filed in the wrong queue.
    topic = SelectField(
        _l("Topic"),
        choices=[],
        validate_choice=True,
        validators=[InputRequired(_l("Choose the topic closest to your question."))],
    )
    message = TextAreaField(
        _l("Your message"),
        validators=[DataRequired(), Length(max=MAX_MESSAGE)],
        description=_l("What happened, and what have you tried? Plain text; links work."),
    )
    came_from = HiddenField()

    def __init__(self, *args, **kwargs) -> None:
        super().__init__(*args, **kwargs)
        self.topic.choices = [SelectChoice("", str(_l("Choose a topic")))] + [
            SelectChoice(key, str(label)) for key, label in TOPICS.items()
        ]


class VisitorTicketForm(TicketForm):
    name = StringField(_l("Your name"), validators=[DataRequired(), Length(max=80)])
    email = EmailField(
        _l("Your email"),
        validators=[DataRequired(), Email(), Length(max=254)],
        description=_l("We send the answer here, with a link to follow your request."),
    )
