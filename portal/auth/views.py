"""Log-in, registration, password reset and the account page."""

from __future__ import annotations

from flask import (
    Blueprint,
    current_app,
    flash,
    redirect,
    render_template,
    request,
    session,
    url_for,
)
from flask_babel import get_locale
from flask_babel import gettext as _
from flask_limiter.util import get_remote_address
from flask_login import current_user, login_required, login_user, logout_user

from portal.auth import registration, services
from portal.auth.forms import (
    ChangePasswordForm,
    DeleteAccountForm,
    LoginForm,
    MailSettingsForm,
    ProfileForm,
    RegisterForm,
    ResetPasswordForm,
    ResetRequestForm,
)
from portal.auth.models import MAIL_KINDS
from portal.core.language import remember_language
from portal.core.redirects import safe_next
from portal.core.registry import login_kept_keys
from portal.extensions import limiter

bp = Blueprint("auth", __name__, url_prefix="/auth")
account_bp = Blueprint("account", __name__)


def _login_limit() -> str:
    return current_app.config["PORTAL_LOGIN_LIMIT"]


def _account_limit() -> str:
    return current_app.config["PORTAL_LOGIN_ACCOUNT_LIMIT"]


def _account_key() -> str:
    # An account and the address trying it: failures from elsewhere never lock its owner out.
    email = services.normalise_email(request.form.get("email", ""))[:254]
    return f"login-account:{email}:{get_remote_address()}"


def log_in(user, remember: bool = False) -> None:
    """Start a log-in in a new session: only what features keep (a visitor's progress) carries over.

    A CSRF secret or contact history from before the log-in does not.
    """
    kept = {key: session[key] for key in login_kept_keys() if key in session}
    session.clear()
    session.update(kept)
    services.start_session(user)
    login_user(user, remember=remember)


@bp.route("/login", methods=["GET", "POST"])
@limiter.limit(_login_limit, methods=["POST"])
@limiter.limit(
    _account_limit,
    methods=["POST"],
    key_func=_account_key,
    # Only failed attempts count against an account, so its owner is not locked out.
    deduct_when=lambda response: response.status_code != 303,
)
def login():
    """Log in with email and password."""
    form = LoginForm(next=request.args.get("next", ""))
    unconfirmed = False
    if form.validate_on_submit():
        user = services.authenticate(form.email.data, form.password.data)
        if user and not user.email_confirmed:
            # Only the right password gets here, so this tells a stranger nothing.
            unconfirmed = True
            form.email.errors.append(
                _("Confirm your email first: open the link we mailed to this address.")
            )
        elif user:
            log_in(user, remember=form.remember.data)
            return redirect(safe_next(form.next.data), code=303)
        else:
            form.password.errors.append(_("The email or password is not right."))
    return render_template("auth/login.html", form=form, unconfirmed=unconfirmed)


def _external_link(endpoint: str, **values) -> str:
    return url_for(endpoint, _external=True, **values)


def _locale() -> str:
    return str(get_locale() or "en")


@bp.route("/register", methods=["GET", "POST"])
@limiter.limit("20 per hour", methods=["POST"])
def register():
    """Create a customer account; the answer is the same whether the email has one or not."""
    form = RegisterForm()
    if form.validate_on_submit():
        registration.register(
            form.email.data, form.display_name.data, form.password.data, _locale(), _external_link
        )
        return redirect(url_for("auth.confirm_sent"), code=303)
    return render_template("auth/register.html", form=form)


@bp.route("/confirm", methods=["GET", "POST"])
@limiter.limit("10 per hour", methods=["POST"])
def confirm_sent():
    """Check your email to finish; the confirmation link can be sent again from here."""
    form = ResetRequestForm()
    if form.validate_on_submit():
        registration.resend_confirmation(form.email.data, _external_link, _locale())
        flash(
            _(
                "If an account with that address waits for its confirmation, "
                "a new link is on its way."
            ),
            "info",
        )
        return redirect(url_for("auth.confirm_sent"), code=303)
    return render_template("auth/confirm_sent.html", form=form)


@bp.get("/confirm/<token>")
def confirm_email(token: str):
    """Open the mailed link: the email is confirmed and its owner logged in."""
    try:
        user = registration.confirm_email(token)
    except services.InvalidConfirmLink:
        flash(
            _("That link has expired or was used already. Log in, or ask for a new link."),
            "error",
        )
        return redirect(url_for("auth.confirm_sent"), code=303)
    log_in(user)
    flash(_("Welcome, %(name)s! Your account is ready.", name=user.display_name), "success")
    return redirect(url_for("core.home"), code=303)


@bp.post("/logout")
def logout():
    """Log out (POST only, with CSRF): the log-in ends and the session starts afresh."""
    if current_user.is_authenticated:
        services.end_session(current_user)
    logout_user()
    session.clear()
    flash(_("You are logged out."), "info")
    return redirect(url_for("core.home"), code=303)


@bp.route("/reset", methods=["GET", "POST"])
@limiter.limit("10 per hour", methods=["POST"])
def reset_request():
    """Ask for a password-reset link by email."""
    form = ResetRequestForm()
    if form.validate_on_submit():
        services.request_password_reset(
            form.email.data,
            lambda token: url_for("auth.reset_password", token=token, _external=True),
        )
        flash(
            _(
                "If an account uses that address, a link to choose a new password "
                "is on its way. It works once, for one hour."
            ),
            "info",
        )
        return redirect(url_for("auth.login"), code=303)
    return render_template("auth/reset_request.html", form=form)


@bp.route("/reset/<token>", methods=["GET", "POST"])
def reset_password(token: str):
    """Choose a new password through an emailed link."""
    try:
        user = services.user_for_reset_token(token)
    except services.InvalidResetLink:
        flash(_("That link has expired or was used already. Ask for a new one."), "error")
        return redirect(url_for("auth.reset_request"), code=303)
    form = ResetPasswordForm()
    form.account = user
    if form.validate_on_submit():
        services.reset_password(token, form.password.data)
        flash(_("Your password is changed. Log in with the new one."), "success")
        return redirect(url_for("auth.login"), code=303)
    return render_template("auth/reset_password.html", form=form)


@account_bp.route("/account", methods=["GET", "POST"])
@login_required
def account():
    """Profile and language; the password form posts to its own URL."""
    form = ProfileForm(obj=current_user)
    form.locale.choices = _locale_choices()
    if form.validate_on_submit():
        services.update_profile(current_user, form.display_name.data, form.locale.data)
        flash(_("Your profile is saved."), "success")
        return redirect(url_for("account.account"), code=303)
    return _account_page(form)


def _account_page(form=None, password_form=None, mail_form=None, status: int = 200):
    """The account page with its three forms, any of them as posted (with its errors)."""
    # Forms not posted this time show what is saved, never the other form's fields.
    if form is None:
        form = ProfileForm(formdata=None, obj=current_user)
        form.locale.choices = _locale_choices()
    if mail_form is None:
        wanted = {kind: getattr(current_user, f"mail_{kind}") for kind in MAIL_KINDS}
        mail_form = MailSettingsForm(formdata=None, data=wanted)
    page = render_template(
        "auth/account.html",
        form=form,
        password_form=password_form or ChangePasswordForm(formdata=None),
        mail_form=mail_form,
    )
    return page, status


@account_bp.post("/account/mail")
@login_required
def mail_settings():
    """Choose which mails to receive; what was asked for there and then always comes."""
    form = MailSettingsForm()
    if form.validate_on_submit():
        services.update_mail_settings(current_user, {kind: form[kind].data for kind in MAIL_KINDS})
        flash(_("Your mail settings are saved."), "success")
        return redirect(url_for("account.account") + "#mail-heading", code=303)
    return _account_page(mail_form=form, status=400)


@account_bp.route("/account/delete", methods=["GET", "POST"])
@login_required
@limiter.limit("10 per hour", methods=["POST"])
def delete_account():
    """What deleting the account does, and the form (with the password) that does it."""
    form = DeleteAccountForm()
    if not current_user.is_staff and form.validate_on_submit():
        language = _locale()
        try:
            services.delete_account(current_user._get_current_object(), form.password.data)
        except services.WrongPassword:
            form.password.errors.append(_("That is not your password."))
        else:
            logout_user()
            session.clear()
            flash(_("Your account is deleted. Thank you for having been with us."), "info")
            response = redirect(url_for("core.home"), code=303)
            # The account's language setting is gone; the browser keeps reading in it.
            remember_language(response, language)
            return response
    status = 400 if form.is_submitted() else 200
    return render_template("auth/delete_account.html", form=form), status


@account_bp.get("/account/")
@login_required
def account_slash():
    """/account/ as typed or linked: the account page, not a 404."""
    return redirect(url_for("account.account"))


@account_bp.post("/account/password")
@login_required
def change_password():
    """Change the password, given the current one."""
    form = ChangePasswordForm()
    form.account = current_user
    if form.validate_on_submit():
        try:
            services.change_password(current_user, form.current_password.data, form.password.data)
        except services.WrongPassword:
            form.current_password.errors.append(_("That is not your current password."))
        else:
            # Every log-in ended; this one starts again.
            log_in(current_user._get_current_object())
            flash(_("Your password is changed. Other devices are logged out."), "success")
            return redirect(url_for("account.account"), code=303)
    return _account_page(password_form=form, status=400)


def _locale_choices() -> list[tuple[str, str]]:
    languages = current_app.config["PORTAL_LANGUAGES"]
    return [("", _("Same as my browser")), *languages.items()]
