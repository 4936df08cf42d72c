"""Feedback forms: shape checks only; the rules live in the services."""

from __future__ import annotations

from flask_babel import lazy_gettext as _l
from flask_wtf import FlaskForm
from wtforms import (
    DateField,
    HiddenField,
    RadioField,
    SelectChoice,
    SelectField,
    StringField,
    TextAreaField,
)
from wtforms.validators import AnyOf, DataRequired, InputRequired, Length, Optional, ValidationError

from portal.core.redirects import safe_next
from portal.feedback.labels import KIND_LABELS, STATUS_LABELS


def choices(pairs) -> list[SelectChoice]:
    """(value, label) pairs as the choices WTForms wants."""
    return [SelectChoice(value, label) for value, label in pairs]


def local_path(form: FlaskForm, field: StringField) -> None:
    """Only a page of this help centre, such as /kb/reset-your-password."""
    if field.data and safe_next(field.data, default="") != field.data:
        raise ValidationError(_l("Give the address of a page in this help centre, or nothing."))


class VoteForm(FlaskForm):
    helpful = StringField(validators=[AnyOf(["yes", "no"])])


class MissingForm(FlaskForm):
    comment = TextAreaField(
        _l("What was missing?"),
        validators=[Optional(), Length(max=2000)],
        description=_l("Optional. What did you hope to find here?"),
    )


class WatchForm(FlaskForm):
    on = StringField(validators=[AnyOf(["1", "0"])])


class FeedbackForm(FlaskForm):
    kind = RadioField(
        _l("Kind of feedback"),
        choices=choices(KIND_LABELS.items()),
        default="idea",
        validators=[InputRequired()],
    )
    subject = StringField(_l("Subject"), validators=[DataRequired(), Length(max=200)])
    message = TextAreaField(_l("Message"), validators=[DataRequired(), Length(max=5000)])
    page = StringField(
        _l("Page it is about"),
        validators=[Optional(), Length(max=500), local_path],
        description=_l("Optional. The address of the page, for example /kb/reset-your-password."),
    )


class StatusForm(FlaskForm):
    status = SelectField(_l("Status"), choices=choices(STATUS_LABELS.items()))


class ReplyForm(FlaskForm):
    body = TextAreaField(
        _l("Reply to the sender"),
        validators=[DataRequired(), Length(max=5000)],
        description=_l("The sender sees this and gets it by email."),
    )


class TagsForm(FlaskForm):
    tags = StringField(
        _l("Tags"),
        validators=[Optional(), Length(max=300)],
        description=_l("Words separated by spaces or commas."),
    )


class InboxFilterForm(FlaskForm):
    class Meta:
        csrf = False

    # "" (any) is the default, so the inbox opened without a query is a valid filter.
    kind = SelectField(
        _l("Kind"), choices=choices([("", _l("Any kind")), *KIND_LABELS.items()]), default=""
    )
    status = SelectField(
        _l("Status"),
        choices=choices([("", _l("Any status")), *STATUS_LABELS.items()]),
        default="",
    )
    tag = StringField(_l("Tag"), validators=[Optional(), Length(max=40)])
    since = DateField(_l("Sent from"), validators=[Optional()])
    until = DateField(_l("Sent until"), validators=[Optional()])


class PeriodForm(FlaskForm):
    class Meta:
        csrf = False

    since = DateField(_l("From"), validators=[Optional()])
    until = DateField(_l("Until"), validators=[Optional()])


class CsatForm(FlaskForm):
    score = RadioField(
        _l("How satisfied are you with the help you got?"),
        choices=choices(
            [
                (1, _l("1: Very unsatisfied")),
                (2, _l("2: Unsatisfied")),
                (3, _l("3: Neutral")),
                (4, _l("4: Satisfied")),
                (5, _l("5: Very satisfied")),
            ]
        ),
        coerce=int,
        validators=[InputRequired()],
    )
    comment = TextAreaField(
        _l("Anything you want to add?"), validators=[Optional(), Length(max=2000)]
    )


class CesForm(FlaskForm):
    score = StringField(validators=[AnyOf([str(n) for n in range(1, 8)])])
    subject_kind = HiddenField(validators=[DataRequired(), Length(max=20)])
    subject_ref = HiddenField(validators=[DataRequired(), Length(max=64)])
    signature = HiddenField(validators=[Length(max=200)])
    next = HiddenField()


class NpsForm(FlaskForm):
    score = RadioField(
        _l("How likely are you to recommend us to a friend or colleague?"),
        choices=choices((n, str(n)) for n in range(11)),
        coerce=int,
        validators=[InputRequired()],
    )
    reason = TextAreaField(_l("Why?"), validators=[Optional(), Length(max=2000)])
