"""Knowledge-base pages for readers, its Atom feed and content images."""

from __future__ import annotations

from flask import (
    Blueprint,
    abort,
    current_app,
    flash,
    make_response,
    redirect,
    render_template,
    send_from_directory,
    session,
    url_for,
)
from flask_babel import get_locale
from flask_babel import gettext as _
from flask_login import current_user, login_required

from portal.clock import utcnow
from portal.core.pagecache import cached_for_visitors
from portal.extensions import limiter
from portal.feedback.services import helpful_for
from portal.kb import queries, rendering, services
from portal.kb.forms import FlagForm

bp = Blueprint("kb", __name__, url_prefix="/kb")
public_bp = Blueprint("kb_public", __name__)

IMAGE_TYPES = (".png", ".jpg", ".jpeg", ".gif", ".svg", ".webp")


def _locale() -> str:
    return str(get_locale() or "en")


def _is_editor() -> bool:
    return current_user.is_authenticated and current_user.has_role("editor")


@bp.get("/")
@cached_for_visitors
def home():
    """Categories with their counts, popular and recently updated articles."""
    return render_template("kb/home.html", content=rendering.home_content(_locale()))


@bp.get("/category/<slug>")
@cached_for_visitors
def category(slug: str):
    """One category: its sections and articles."""
    page = rendering.category_parts(slug, _locale()) or abort(404)
    return render_template("kb/category.html", page=page)


@bp.get("/<slug>")
def article(slug: str):
    """One article; drafts and archived ones exist only for editors."""
    response = make_response(_article_page(slug))
    if response.status_code == 200:
        queries.record_view(slug)
    return response


@cached_for_visitors
def _article_page(slug: str):
    # Visitors get no form (and so no CSRF token), which keeps their page shareable.
    flag_form = FlagForm() if current_user.is_authenticated else None
    if not _is_editor():  # editors read what they just saved, never a kept copy
        parts = rendering.published_article_parts(slug, _locale())
        if parts is not None:
            return _render_article(parts, flag_form)
    found = queries.find_article(slug, include_unpublished=_is_editor())
    if found is None:
        moved = queries.redirect_for(slug)
        if moved is None:
            abort(404)
        return redirect(url_for("kb.article", slug=moved.slug), code=301)
    return _render_article(rendering.article_parts(found, _locale()), flag_form)


@bp.post("/<slug>/flag")
@login_required
@limiter.limit("10 per hour")
def flag(slug: str):
    """A reader reports that an article is outdated."""
    found = queries.find_article(slug) or abort(404)
    form = FlagForm()
    if form.validate_on_submit():
        services.flag_article(found, current_user, form.reason.data)
        flash(_("Thank you. Our editors will review this article."), "success")
        return redirect(url_for("kb.article", slug=found.slug), code=303)
    return _render_article(rendering.article_parts(found, _locale()), form), 400


def _render_article(parts: rendering.ArticleParts, flag_form: FlagForm | None):
    return render_template(
        "kb/article.html",
        article=parts,
        flag_form=flag_form,
        helpful=helpful_for("article", parts.id, session, current_user),
    )


@public_bp.get("/feed.atom")
def feed():
    """Atom feed of recently updated articles."""
    articles = queries.recent_articles(_locale(), limit=20, own_language_first=False)
    response = make_response(render_template("kb/feed.xml", articles=articles, now=utcnow()))
    response.mimetype = "application/atom+xml"
    return response


@public_bp.get("/content/<path:filename>")
def content_file(filename: str):
    """Images that articles embed, served from the content folder."""
    if not filename.lower().endswith(IMAGE_TYPES):
        abort(404)
    response = send_from_directory(current_app.config["PORTAL_CONTENT_DIR"], filename)
    response.headers["Content-Security-Policy"] = "default-src 'none'; style-src 'unsafe-inline'"
    return response
