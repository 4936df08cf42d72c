"""Account operations, callable from views, CLI commands and tests."""

from __future__ import annotations

import secrets
from collections.abc import Callable

from flask import current_app
from flask_babel import lazy_gettext as _l
from itsdangerous import BadSignature, URLSafeTimedSerializer
from sqlalchemy import delete, func, select
from sqlalchemy.exc import IntegrityError

from portal.auth.models import (
    MAIL_KINDS,
    ROLES,
    LoginSession,
    User,
    erased_email,
    new_session_token,
)
from portal.auth.passwords import hash_password, verify_password
from portal.clock import utcnow
from portal.core.registry import account_erasers
from portal.extensions import db
from portal.mail import send_mail

RESET_SALT = "password-reset"
CONFIRM_SALT = "confirm-email"


class AccountError(Exception):
    """A problem with an account operation that the user can fix."""


class EmailTaken(AccountError):
    pass


class WrongPassword(AccountError):
    pass


class InvalidResetLink(AccountError):
    pass


class InvalidConfirmLink(AccountError):
    pass


class StaffAccount(AccountError):
    """Staff accounts are not deleted from the account page."""


def normalise_email(email: str) -> str:
    """Emails compare without case or surrounding spaces."""
    return email.strip().lower()


def find_user_by_email(email: str) -> User | None:
    """The user with that email, or None."""
    return db.session.scalar(select(User).where(User.email == normalise_email(email)))


def create_user(
    email: str,
    display_name: str,
    password: str,
    role: str = "customer",
    locale: str | None = None,
    confirmed: bool = True,
) -> User:
    """Create and commit an account; raises EmailTaken if the email is in use."""
    if role not in ROLES:
        raise ValueError(f"Unknown role {role!r}; use one of {', '.join(ROLES)}.")
    user = User(
        email=normalise_email(email),
        display_name=display_name.strip(),
        password_hash=hash_password(password),
        role=role,
        locale=locale,
        email_confirmed=confirmed,
    )
    db.session.add(user)
    try:
        db.session.commit()
    except IntegrityError as exc:
        db.session.rollback()
        raise EmailTaken(email) from exc
    return user


def authenticate(email: str, password: str) -> User | None:
    """The user if email and password match, else None (in the same time either way)."""
    user = find_user_by_email(email)
    if not verify_password(user.password_hash if user else None, password):
        return None
    user.last_login_at = utcnow()
    db.session.commit()
    return user


def start_session(user: User) -> None:
    """Open a new log-in for the user; its token is what get_id() now returns."""
    oldest = utcnow() - current_app.config["REMEMBER_COOKIE_DURATION"]
    db.session.execute(
        delete(LoginSession).where(
            LoginSession.user_id == user.id, LoginSession.created_at < oldest
        )
    )
    login = LoginSession(user_id=user.id, token=secrets.token_urlsafe(32))
    db.session.add(login)
    db.session.commit()
    user.login_token = login.token


def end_session(user: User) -> None:
    """End the user's current log-in: its cookies, copies included, stop working."""
    if user.login_token:
        db.session.execute(delete(LoginSession).where(LoginSession.token == user.login_token))
        db.session.commit()
    user.login_token = None


def set_password(user: User, new_password: str) -> None:
    """Replace the password and end every log-in of the account."""
    user.password_hash = hash_password(new_password)
    user.session_token = new_session_token()
    db.session.execute(delete(LoginSession).where(LoginSession.user_id == user.id))
    db.session.commit()


def change_password(user: User, current_password: str, new_password: str) -> None:
    """Change the password after checking the current one."""
    if not verify_password(user.password_hash, current_password):
        raise WrongPassword()
    set_password(user, new_password)


def update_profile(user: User, display_name: str, locale: str | None) -> None:
    """Save the display name and preferred language."""
    user.display_name = display_name.strip()
    user.locale = locale or None
    db.session.commit()


def update_mail_settings(user: User, wanted: dict[str, bool]) -> None:
    """Save which kinds of mail (MAIL_KINDS) the member takes; kinds not named are kept."""
    for kind in MAIL_KINDS:
        if kind in wanted:
            setattr(user, f"mail_{kind}", bool(wanted[kind]))
    db.session.commit()


def delete_account(user: User, password: str) -> None:
    """Delete a customer's account, given its password, exactly as /account/delete states.

    The row stays, emptied, so what the member posted keeps an author ("Deleted user"):
    the email, name, password and language go, every log-in ends, and each feature's
    registered eraser removes or scrubs what it keeps (tickets are closed without the
    name and email, subscriptions and watches are dropped, ...). One commit for all.
    """
    if user.is_staff:
        raise StaffAccount()
    if not verify_password(user.password_hash, password):
        raise WrongPassword()
    for erase in account_erasers():
        erase(user)
    user.email = erased_email(user.id)
    user.stored_name = ""
    user.password_hash = hash_password(secrets.token_urlsafe(32))
    user.session_token = new_session_token()
    user.locale = None
    user.email_confirmed = False
    user.deleted_at = utcnow()
    for kind in MAIL_KINDS:
        setattr(user, f"mail_{kind}", False)
    db.session.execute(delete(LoginSession).where(LoginSession.user_id == user.id))
    db.session.commit()
    user.login_token = None


def _reset_serializer() -> URLSafeTimedSerializer:
    return URLSafeTimedSerializer(current_app.config["SECRET_KEY"], salt=RESET_SALT)


def make_reset_token(user: User) -> str:
    """A signed token naming the user and their current session token.

    Setting a new password changes the session token, so a link works only once.
    """
    return _reset_serializer().dumps({"u": user.id, "t": user.session_token})


def user_for_reset_token(token: str) -> User:
    """The user a valid, unexpired, unused reset token names; else InvalidResetLink."""
    try:
        data = _reset_serializer().loads(token, max_age=current_app.config["PORTAL_RESET_MAX_AGE"])
        user = db.session.get(User, int(data["u"]))
    except (BadSignature, KeyError, TypeError, ValueError) as exc:
        raise InvalidResetLink() from exc
    if user is None or user.session_token != data.get("t"):
        raise InvalidResetLink()
    return user


def request_password_reset(email: str, link_for: Callable[[str], str]) -> None:
    """Mail a reset link if the email has an account; say nothing either way."""
    user = find_user_by_email(email)
    if user is None:
        return
    send_mail(
        user.email,
        _l("Reset your password"),
        "reset_password",
        locale=user.locale or "en",
        user=user,
        link=link_for(make_reset_token(user)),
        minutes=current_app.config["PORTAL_RESET_MAX_AGE"] // 60,
    )


def reset_password(token: str, new_password: str) -> User:
    """Set a new password through a reset link; the link is spent afterwards."""
    user = user_for_reset_token(token)
    user.email_confirmed = True  # the link came by mail: the address is proven
    set_password(user, new_password)
    return user


def count_users() -> int:
    """How many accounts exist."""
    return db.session.scalar(select(func.count(User.id))) or 0
