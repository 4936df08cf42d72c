"""Registration that never tells whether an email has an account, and its mailed confirmation."""

from __future__ import annotations

from collections.abc import Callable

from flask import current_app
from flask_babel import lazy_gettext as _l
from itsdangerous import BadSignature, URLSafeTimedSerializer

from portal.auth.models import User
from portal.auth.passwords import hash_password
from portal.auth.services import (
    CONFIRM_SALT,
    EmailTaken,
    InvalidConfirmLink,
    create_user,
    find_user_by_email,
    make_reset_token,
)
from portal.extensions import db
from portal.mail import send_mail


def _serializer() -> URLSafeTimedSerializer:
    return URLSafeTimedSerializer(current_app.config["SECRET_KEY"], salt=CONFIRM_SALT)


def make_confirm_token(user: User) -> str:
    """A signed token naming the account and its session token (a reset voids it)."""
    return _serializer().dumps({"u": user.id, "t": user.session_token})


def register(
    email: str,
    display_name: str,
    password: str,
    locale: str | None,
    link_for: Callable[..., str],
) -> None:
    """Create an unconfirmed account and mail its link, or tell an existing owner; same answer.

    link_for(endpoint, **values) builds the absolute links the mails carry.
    """
    existing = find_user_by_email(email)
    if existing is None:
        try:
            user = create_user(email, display_name, password, confirmed=False)
        except EmailTaken:
            return  # registered a moment ago by another request: that one mailed
        send_confirmation(user, link_for, locale)
        return
    hash_password(password)  # the same work as for a new account, so timing tells nothing
    send_mail(
        existing.email,
        _l("Someone tried to create an account with your email"),
        "register_attempt",
        locale=existing.locale or locale or "en",
        user=existing,
        login_link=link_for("auth.login"),
        reset_link=link_for("auth.reset_password", token=make_reset_token(existing)),
        minutes=current_app.config["PORTAL_RESET_MAX_AGE"] // 60,
    )


def send_confirmation(user: User, link_for: Callable[..., str], locale: str | None) -> None:
    """Mail the link that confirms the account's email and logs its owner in."""
    send_mail(
        user.email,
        _l("Confirm your email to finish your account"),
        "confirm_email",
        locale=user.locale or locale or "en",
        user=user,
        link=link_for("auth.confirm_email", token=make_confirm_token(user)),
        hours=current_app.config["PORTAL_CONFIRM_MAX_AGE"] // 3600,
    )


def resend_confirmation(email: str, link_for: Callable[..., str], locale: str | None) -> None:
    """Mail the link again if the email has an unconfirmed account; say nothing either way."""
    user = find_user_by_email(email)
    if user is not None and not user.email_confirmed:
        send_confirmation(user, link_for, locale)


def confirm_email(token: str) -> User:
    """Confirm the account a valid, unexpired link names; it works once."""
    try:
        data = _serializer().loads(token, max_age=current_app.config["PORTAL_CONFIRM_MAX_AGE"])
        user = db.session.get(User, int(data["u"]))
    except (BadSignature, KeyError, TypeError, ValueError) as exc:
        raise InvalidConfirmLink() from exc
    if user is None or user.email_confirmed or user.session_token != data.get("t"):
        raise InvalidConfirmLink()
    user.email_confirmed = True
    db.session.commit()
    return user
