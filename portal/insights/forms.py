"""The period picker."""

from __future__ import annotations

from flask_babel import lazy_gettext as _l
from flask_wtf import FlaskForm
from wtforms import DateField, SelectField
from wtforms.fields.choices import SelectChoice
from wtforms.validators import Optional

from portal.insights.periods import DEFAULT_DAYS


class PeriodForm(FlaskForm):
    """Last 7, 30 or 90 days, or a range of dates (which wins when given)."""

    class Meta:
        csrf = False

    days = SelectField(
        _l("Period"),
        choices=[
            SelectChoice(7, _l("Last 7 days")),
            SelectChoice(30, _l("Last 30 days")),
            SelectChoice(90, _l("Last 90 days")),
        ],
        coerce=int,
        default=DEFAULT_DAYS,
        validators=[Optional()],
    )
    since = DateField(_l("From"), validators=[Optional()])
    until = DateField(_l("Until"), validators=[Optional()])
