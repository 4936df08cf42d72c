"""Editor forms: shape checks only; the rules live in services."""

from __future__ import annotations

from flask_babel import lazy_gettext as _l
from flask_wtf import FlaskForm
from wtforms import (
    BooleanField,
    HiddenField,
    IntegerField,
    SelectChoice,
    SelectField,
    SelectMultipleField,
    StringField,
    TextAreaField,
)
from wtforms.validators import (
    DataRequired,
    InputRequired,
    Length,
    NumberRange,
    Optional,
    Regexp,
)

from portal.kb.models import STATUSES
from portal.tutorials.models import DIFFICULTIES
from portal.tutorials.views import DIFFICULTY_LABELS

SLUG_PATTERN = r"^[a-z0-9]+(?:-[a-z0-9]+)*\Z"
BODY_LIMIT = 200_000


def optional_int(value) -> int | None:
    """Coerce a select's value to an int, or None for the empty choice; junk is a ValueError."""
    if value is None or isinstance(value, int):
        return value
    text = str(value).strip()
    if not text:
        return None
    if not text.isdigit():
        raise ValueError(text)
    return int(text)


class ContentForm(FlaskForm):
    """What every editable text has: a title, a Markdown body and the version it started from.

    Other content types subclass it, so preview, conflict handling and revisions work alike.
    """

    title = StringField(_l("Title"), validators=[DataRequired(), Length(max=200)])
    body_md = TextAreaField(
        _l("Text"),
        validators=[Length(max=BODY_LIMIT)],
        description=_l("Markdown: ## for headings, - for lists, **bold**, [link](https://…)."),
    )
    note = StringField(
        _l("What did you change? (optional)"),
        validators=[Optional(), Length(max=200)],
        description=_l("Shown in the revision history."),
    )
    version = HiddenField(validators=[Optional(), Regexp(r"^\d{1,9}\Z")])
    # Sent by the "Yes, publish" step: publishing asks once before readers see the text.
    confirm_publish = HiddenField(validators=[Optional()])

    @property
    def publish_confirmed(self) -> bool:
        """Whether the editor has confirmed that this text goes out to readers now."""
        return self.confirm_publish.data == "1"

    @property
    def started_version(self) -> int | None:
        """The version the editor started from, if the form said."""
        text = str(self.version.data or "")
        return int(text) if text.isdigit() else None


def slug_field(length: int, description) -> StringField:
    """An optional slug field; the description says whose address it ends."""
    return StringField(
        _l("Slug"),
        validators=[
            Optional(),
            Length(max=length),
            Regexp(SLUG_PATTERN, message=_l("Use lowercase letters, digits and single hyphens.")),
        ],
        description=description,
    )


class PageForm(ContentForm):
    """A text published as a page of its own: slug, language, translation, summary and tags."""

    language = SelectField(
        _l("Language"), choices=[SelectChoice("en", "English"), SelectChoice("fil", "Filipino")]
    )
    summary = TextAreaField(
        _l("Summary"),
        validators=[Length(max=300)],
        description=_l("One or two sentences, shown in lists and to search engines."),
    )
    tags = StringField(
        _l("Tags"),
        validators=[Length(max=500)],
        description=_l("Separated by commas, for example: billing, refunds"),
    )

    def tag_list(self) -> tuple[str, ...]:
        """The tags the editor typed, split at commas."""
        return tuple(tag.strip() for tag in (self.tags.data or "").split(",") if tag.strip())


class ArticleForm(PageForm):
    slug = slug_field(
        160, _l("The end of the article's address. Left empty, it is made from the title.")
    )
    category_id = SelectField(_l("Category"), coerce=optional_int, validators=[InputRequired()])
    translation_id = SelectField(
        _l("Translation"),
        coerce=optional_int,
        description=_l("The same article in the other language, if there is one."),
    )
    faq = BooleanField(_l("Frequently asked questions: each ## heading is a question"))


class TutorialForm(PageForm):
    slug = slug_field(
        160, _l("The end of the tutorial's address. Left empty, it is made from the title.")
    )
    body_md = TextAreaField(
        _l("Introduction and steps"),
        validators=[Length(max=BODY_LIMIT)],
        description=_l(
            "Text before the first ## heading is the introduction. Each ## heading starts a step."
            " A step may end with a ```checkpoint block (see the content guide)."
        ),
    )
    minutes = IntegerField(
        _l("Minutes"),
        default=5,
        validators=[InputRequired(), NumberRange(min=1, max=600)],
        description=_l("About how long it takes, in whole minutes."),
    )
    difficulty = SelectField(
        _l("Difficulty"), choices=[SelectChoice(d, DIFFICULTY_LABELS[d]) for d in DIFFICULTIES]
    )
    translation_id = SelectField(
        _l("Translation"),
        coerce=optional_int,
        description=_l("The same tutorial in the other language, if there is one."),
    )


class FilterForm(FlaskForm):
    """A list's filters, read from the query string."""

    class Meta:
        csrf = False

    status = SelectField(
        _l("Status"),
        choices=[
            SelectChoice("", _l("Any status")),
            SelectChoice("draft", _l("Draft")),
            SelectChoice("published", _l("Published")),
            SelectChoice("archived", _l("Archived")),
        ],
    )
    language = SelectField(
        _l("Language"),
        choices=[
            SelectChoice("", _l("Any language")),
            SelectChoice("en", "English"),
            SelectChoice("fil", "Filipino"),
        ],
    )
    q = StringField(_l("Title or slug contains"), validators=[Length(max=200)])

    def status_value(self) -> str:
        return self.status.data if self.status.data in STATUSES else ""


class ArticleFilterForm(FilterForm):
    category = SelectField(_l("Category"), coerce=optional_int)


class TutorialFilterForm(FilterForm):
    difficulty = SelectField(
        _l("Difficulty"),
        choices=[
            SelectChoice("", _l("Any difficulty")),
            *(SelectChoice(d, DIFFICULTY_LABELS[d]) for d in DIFFICULTIES),
        ],
    )

    def difficulty_value(self) -> str:
        return self.difficulty.data if self.difficulty.data in DIFFICULTIES else ""


class MoveArticlesForm(FlaskForm):
    article_ids = SelectMultipleField(
        _l("Articles"),
        coerce=int,
        validate_choice=False,
        validators=[DataRequired(_l("Select at least one article."))],
    )
    category_id = SelectField(
        _l("Move the selected articles to"), coerce=optional_int, validators=[InputRequired()]
    )
    next = HiddenField()


class CompareForm(FlaskForm):
    """Two revisions to compare, from the query string."""

    class Meta:
        csrf = False

    old = SelectField(
        _l("Compare revision"),
        coerce=optional_int,
        validate_choice=False,
        validators=[InputRequired()],
    )
    new = SelectField(
        _l("with revision"),
        coerce=optional_int,
        validate_choice=False,
        validators=[InputRequired()],
    )


class CategoryForm(FlaskForm):
    name = StringField(_l("Name"), validators=[DataRequired(), Length(max=120)])
    name_fil = StringField(_l("Name in Filipino"), validators=[Optional(), Length(max=120)])
    description = TextAreaField(_l("Description"), validators=[Length(max=2000)])
    description_fil = TextAreaField(
        _l("Description in Filipino"), validators=[Optional(), Length(max=2000)]
    )
    parent_id = SelectField(
        _l("Place under"),
        coerce=optional_int,
        description=_l("Choose a category to make this one of its sections."),
    )


class NewCategoryForm(CategoryForm):
    slug = StringField(
        _l("Slug"),
        validators=[
            Optional(),
            Length(max=120),
            Regexp(SLUG_PATTERN, message=_l("Use lowercase letters, digits and single hyphens.")),
        ],
        description=_l("The end of the category's address; it cannot change later."),
    )


class ActionForm(FlaskForm):
    """A button that only needs the CSRF token."""
