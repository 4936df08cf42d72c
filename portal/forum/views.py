"""Reading and posting in the forum."""

from __future__ import annotations

from flask import (
    Blueprint,
    abort,
    flash,
    make_response,
    redirect,
    render_template,
    request,
    url_for,
)
from flask_babel import get_locale
from flask_babel import gettext as _
from flask_login import current_user, login_required
from wtforms.fields.choices import SelectChoice

from portal.core.fragments import render_fragment_or_page
from portal.core.pagecache import cached_for_visitors
from portal.core.previews import limit_previews
from portal.core.rawinput import MAX_INT
from portal.extensions import htmx
from portal.forum import fragments, notifications, permissions, queries, services, votes
from portal.forum.forms import EditForm, MoveForm, ReplyForm, ThreadForm
from portal.forum.jsonld import qa_page
from portal.markdown import render_markdown

bp = Blueprint("forum", __name__, url_prefix="/forum")


def page_arg() -> int:
    """The ?page= number; anything but a positive whole number is a 404."""
    raw = request.args.get("page", "1")
    if not (raw.isascii() and raw.isdigit()) or not 1 <= int(raw) <= MAX_INT:
        abort(404)
    return int(raw)


def thread_url(thread, page: int = 1, **kwargs) -> str:
    """The canonical address of a thread page."""
    if page > 1:
        kwargs["page"] = page
    return url_for("forum.thread", thread_id=thread.id, slug=thread.slug, **kwargs)


@bp.app_context_processor
def forum_helpers() -> dict:
    return {"thread_url": thread_url, "forum_permissions": permissions}


@bp.get("/")
@cached_for_visitors
def index():
    """Categories with their counts, and the latest threads."""
    return render_template(
        "forum/index.html",
        categories=queries.list_categories(),
        recent=queries.recent_threads(),
    )


@bp.get("/<slug>/")
@cached_for_visitors
def category(slug: str):
    """One category's threads, sorted and paginated."""
    listing = queries.category_threads(
        queries.get_category(slug), request.args.get("sort", "latest"), page_arg()
    )
    return render_template("forum/category.html", listing=listing, sorts=queries.SORTS)


@bp.get("/t/<int:thread_id>")
@bp.get("/t/<int:thread_id>/<slug>")
def thread(thread_id: int, slug: str | None = None):
    """One page of a thread, the accepted answer under the question; every read counts."""
    response = make_response(_thread_page(thread_id, slug))
    if response.status_code == 200:
        queries.count_view(thread_id)
    return response


@cached_for_visitors
def _thread_page(thread_id: int, slug: str | None):
    found = queries.get_thread(thread_id)
    page = page_arg()
    if slug is not None and slug != found.slug:
        return redirect(thread_url(found, page), code=301)
    view = queries.thread_page(found, page, current_user)
    moderator = permissions.is_moderator(current_user)
    suspension = services.active_suspension(current_user) if current_user.is_authenticated else None
    move_form = None
    if moderator:
        move_form = MoveForm(category=found.category_id)
        move_form.category.choices = queries.thread_choices(str(get_locale() or "en"))
    return render_template(
        "forum/thread.html",
        view=view,
        thread=found,
        post_heads=fragments.post_heads(view, moderator),
        shared_posts=fragments.shared_posts(view, current_user, thread_url),
        # Visitors get no form (and so no CSRF token), which keeps their page shareable.
        form=ReplyForm() if current_user.is_authenticated else None,
        suspension=suspension,
        move_form=move_form,
        jsonld=qa_page(view, thread_url(found, _external=True)) if found.is_solved else None,
    )


@bp.get("/p/<int:post_id>")
def goto_post(post_id: int):
    """Send to the page of the thread where a post appears."""
    post = queries.get_post(post_id)
    thread = queries.get_thread(post.thread_id)
    page = queries.page_of_post(post)
    return redirect(thread_url(thread, page, _anchor=f"post-{post.id}"), code=303)


def _preview(form) -> str | None:
    if "preview" in request.form and form.body.data:
        return render_markdown(form.body.data, user_content=True)
    return None


@bp.route("/new", methods=["GET", "POST"])
@login_required
def new_thread():
    """Ask a question: category, title and Markdown details, with a preview."""
    categories = queries.list_categories()
    form = ThreadForm()
    locale = str(get_locale() or "en")
    form.category.choices = [SelectChoice(c.id, c.label(locale)) for c in categories]
    if request.method == "GET":
        form.category.data = next(
            (c.id for c in categories if c.slug == request.args.get("category")), None
        )
    preview = _preview(form)
    if preview is None and form.validate_on_submit():
        category = next(c for c in categories if c.id == form.category.data)
        try:
            thread = services.create_thread(
                current_user,
                category,
                form.title.data,
                form.body.data,
                form.submit_key.data,
                language=str(get_locale() or "en"),
            )
        except services.DuplicateSubmission as duplicate:
            return redirect(url_for("forum.goto_post", post_id=duplicate.post.id), code=303)
        except services.ForumError as error:
            form.body.errors.append(str(error))
        else:
            flash(_("Your question is posted."), "success")
            return redirect(thread_url(thread), code=303)
    return render_template("forum/new_thread.html", form=form, preview=preview)


@bp.route("/t/<int:thread_id>/reply", methods=["GET", "POST"])
@login_required
def reply(thread_id: int):
    """Reply to a thread; ?quote=<post id> starts the reply with that post quoted."""
    thread = queries.get_thread(thread_id)
    form = ReplyForm()
    quote = request.args.get("quote", type=int)
    if request.method == "GET" and quote is not None and quote > 0:
        quoted = queries.get_post(quote)
        if quoted.thread_id == thread.id and quoted.is_visible:
            form.body.data = quote_markdown(quoted)
    preview = _preview(form)
    if preview is None and form.validate_on_submit():
        try:
            post = services.post_reply(
                current_user,
                thread,
                form.body.data,
                form.submit_key.data,
                url_for=url_for,
            )
        except services.DuplicateSubmission as duplicate:
            post = duplicate.post
        except services.ForumError as error:
            form.body.errors.append(str(error))
            return render_template("forum/reply.html", thread=thread, form=form), 400
        else:
            flash(_("Your reply is posted."), "success")
        return redirect(url_for("forum.goto_post", post_id=post.id), code=303)
    status = 400 if request.method == "POST" and preview is None else 200
    return render_template("forum/reply.html", thread=thread, form=form, preview=preview), status


def quote_markdown(post) -> str:
    """A post's text as a Markdown quote naming its author."""
    quoted = "\n".join("> " + line for line in post.body_md.splitlines())
    return _("%(name)s wrote:", name=post.author.display_name) + "\n" + quoted + "\n\n"


@bp.route("/p/<int:post_id>/edit", methods=["GET", "POST"])
@login_required
def edit_post(post_id: int):
    """Edit a post (your own; staff any)."""
    post = queries.get_post(post_id)
    if not permissions.can_edit(current_user, post):
        abort(403)
    thread = queries.get_thread(post.thread_id)
    is_question = services.question_id(thread.id) == post.id
    form = EditForm(data={"body": post.body_md, "title": thread.title if is_question else ""})
    preview = _preview(form)
    if preview is None and form.validate_on_submit():
        try:
            services.edit_post(current_user, post, form.body.data, form.title.data or None)
        except services.ForumError as error:
            form.body.errors.append(str(error))
        else:
            flash(_("Your changes are saved."), "success")
            return redirect(url_for("forum.goto_post", post_id=post.id), code=303)
    return render_template(
        "forum/edit.html",
        form=form,
        post=post,
        thread=thread,
        is_question=is_question,
        preview=preview,
    )


@bp.post("/p/<int:post_id>/delete")
@login_required
def delete_post(post_id: int):
    """Delete a post, leaving a placeholder."""
    post = queries.get_post(post_id)
    try:
        services.delete_post(current_user, post)
    except services.NotAllowed:
        abort(403)
    flash(_("The post is deleted."), "success")
    return redirect(url_for("forum.goto_post", post_id=post_id), code=303)


@bp.post("/p/<int:post_id>/accept")
@login_required
def accept(post_id: int):
    """Mark a reply as the accepted answer."""
    post = queries.get_post(post_id)
    try:
        thread = services.accept_answer(current_user, post)
    except services.NotAllowed:
        abort(403)
    except services.NotAReply as error:
        flash(str(error), "error")
        return redirect(url_for("forum.goto_post", post_id=post_id), code=303)
    flash(_("Marked as the accepted answer. The thread shows as solved."), "success")
    return redirect(thread_url(thread), code=303)


@bp.post("/t/<int:thread_id>/unaccept")
@login_required
def unaccept(thread_id: int):
    """Take the accepted answer back; the thread is unsolved again."""
    thread = queries.get_thread(thread_id)
    try:
        services.clear_accepted_answer(current_user, thread)
    except services.NotAllowed:
        abort(403)
    flash(_("The thread is no longer marked solved."), "info")
    return redirect(thread_url(thread), code=303)


@bp.post("/p/<int:post_id>/vote")
@login_required
def vote(post_id: int):
    """Upvote a post or take the vote back; htmx swaps the button in place."""
    post = queries.get_post(post_id)
    try:
        count, voted = votes.set_vote(current_user, post, request.form.get("vote") == "1")
    except services.NotAllowed:
        abort(403)
    if htmx:
        return render_fragment_or_page(
            "forum/_vote.html", post_id=post_id, count=count, voted=voted
        )
    return redirect(url_for("forum.goto_post", post_id=post_id), code=303)


@bp.post("/t/<int:thread_id>/subscription")
@login_required
def subscription(thread_id: int):
    """Follow or stop following a thread's replies."""
    thread = queries.get_thread(thread_id)
    subscribed = notifications.set_subscription(
        current_user, thread, request.form.get("subscribe") == "1"
    )
    if htmx:
        return render_fragment_or_page(
            "forum/_subscription.html",
            "forum/_subscription.html",
            thread=thread,
            subscribed=subscribed,
        )
    if subscribed:
        flash(_("You will get a mail when someone replies."), "success")
    else:
        flash(_("You will no longer get mails about this thread."), "info")
    return redirect(thread_url(thread), code=303)


@bp.get("/unsubscribe/<token>")
def unsubscribe(token: str):
    """Stop reply mails for one thread from the link in a mail, without logging in.

    The link itself unsubscribes (one click); doing it twice changes nothing.
    """
    try:
        thread = notifications.unsubscribe_with_token(token)
    except notifications.InvalidUnsubscribeLink:
        abort(404)
    return render_template("forum/unsubscribed.html", thread=thread)


@bp.post("/preview")
@login_required
@limit_previews()
def preview():
    """The Markdown preview fragment that htmx puts under a posting form (members only)."""
    body = request.form.get("body", "")[: services.MAX_BODY]
    return render_template(
        "forum/_preview.html", preview=render_markdown(body, user_content=True) if body else None
    )
