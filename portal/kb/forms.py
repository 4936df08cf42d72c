"""Knowledge-base forms for readers."""

from __future__ import annotations

from flask_babel import lazy_gettext as _l
from flask_wtf import FlaskForm
from wtforms import TextAreaField
from wtforms.validators import DataRequired, Length


class FlagForm(FlaskForm):
    reason = TextAreaField(
        _l("What is out of date?"),
        validators=[DataRequired(), Length(max=2000)],
        description=_l("For example: the app menu is now called Settings, not Options."),
    )
