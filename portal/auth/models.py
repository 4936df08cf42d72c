"""The user account."""

from __future__ import annotations

import secrets
from datetime import datetime

from flask import current_app
from flask_babel import lazy_gettext as _l
from flask_login import UserMixin
from sqlalchemy import ForeignKey, String, true
from sqlalchemy.ext.hybrid import hybrid_property
from sqlalchemy.orm import Mapped, mapped_column

from portal.clock import utcnow
from portal.extensions import db

ROLES = ("customer", "editor", "agent", "admin")
STAFF_ROLES = ("editor", "agent", "admin")

# Mail a member may turn off on /account, each with its column on User (mail_<kind>).
# Mail they asked for there and then (a password reset, a chat transcript, the receipt
# of a new request) always goes out.
MAIL_KINDS = {
    "ticket_replies": _l("Replies and status changes on my requests"),
    "forum_replies": _l("New replies in community threads I follow"),
    "page_updates": _l("Updates to articles I asked to hear about"),
    "feedback": _l("Answers to feedback I sent"),
    "surveys": _l("A short question on how we did, when a request is solved"),
}
DELETED_NAME = _l("Deleted user")
# A deleted account's address, kept by the account and its tickets: unique, never delivered.
ERASED_DOMAIN = "deleted.invalid"


def erased_email(user_id: int) -> str:
    """The address that replaces a deleted account's own, on the account and its tickets."""
    return f"deleted-{user_id}@{ERASED_DOMAIN}"


def is_erased_email(email: str) -> bool:
    """Whether an address is the placeholder of a deleted account."""
    return email.endswith("@" + ERASED_DOMAIN)


def person_label(name: str, email: str, *, deleted: bool, with_email: bool = False) -> str:
    """A person as pages show them: the name, with the address when asked ("Ana <a@b.ph>").

    Once the account is deleted, only "Deleted user": never the placeholder address.
    """
    if deleted:
        return str(DELETED_NAME)
    return f"{name} <{email}>" if with_email else name


def new_session_token() -> str:
    """A fresh token; changing it signs the account out everywhere."""
    return secrets.token_hex(16)


class User(UserMixin, db.Model):
    __tablename__ = "users"

    id: Mapped[int] = mapped_column(primary_key=True)
    email: Mapped[str] = mapped_column(String(254), unique=True)
    # Read and written as display_name, which names a deleted account "Deleted user".
    stored_name: Mapped[str] = mapped_column("display_name", String(80))
    password_hash: Mapped[str] = mapped_column(String(255))
    role: Mapped[str] = mapped_column(String(16), default="customer")
    locale: Mapped[str | None] = mapped_column(String(8))
    session_token: Mapped[str] = mapped_column(String(32), default=new_session_token)
    # False for an account made through the form until its mailed link is opened.
    email_confirmed: Mapped[bool] = mapped_column(default=True, server_default=true())
    created_at: Mapped[datetime] = mapped_column(default=utcnow)
    last_login_at: Mapped[datetime | None]
    # Set when the member deleted the account: the row stays so their posts keep an author.
    deleted_at: Mapped[datetime | None]
    mail_ticket_replies: Mapped[bool] = mapped_column(default=True, server_default=true())
    mail_forum_replies: Mapped[bool] = mapped_column(default=True, server_default=true())
    mail_page_updates: Mapped[bool] = mapped_column(default=True, server_default=true())
    mail_feedback: Mapped[bool] = mapped_column(default=True, server_default=true())
    mail_surveys: Mapped[bool] = mapped_column(default=True, server_default=true())

    # The token of the log-in this request belongs to (a LoginSession); not a column.
    login_token = None

    def get_id(self) -> str:
        # The token of one log-in: logging out or a new password ends it, and with it the
        # session cookie and the remember-me cookie that carry it, copies included.
        return f"{self.id}:{self.login_token or ''}"

    @hybrid_property
    def display_name(self) -> str:
        """The name shown beside what the member wrote; "Deleted user" once deleted."""
        return person_label(self.stored_name, self.email, deleted=self.deleted_at is not None)

    @display_name.inplace.setter
    def _display_name_setter(self, value: str) -> None:
        self.stored_name = value

    @display_name.inplace.expression
    @classmethod
    def _display_name_expression(cls):
        return cls.stored_name

    @property
    def name_and_email(self) -> str:
        """ "Name <address>" for staff; "Deleted user" alone once deleted."""
        return person_label(
            self.stored_name, self.email, deleted=self.deleted_at is not None, with_email=True
        )

    def wants_mail(self, kind: str) -> bool:
        """Whether the member takes this kind of mail (MAIL_KINDS); never once deleted."""
        return self.deleted_at is None and bool(getattr(self, f"mail_{kind}"))

    def has_role(self, *roles: str) -> bool:
        """True if the user has one of roles; admins have every role."""
        return self.role == "admin" or self.role in roles

    @property
    def is_staff(self) -> bool:
        return self.role in STAFF_ROLES

    def __repr__(self) -> str:
        return f"<User {self.id} {self.role}>"


class LoginSession(db.Model):
    """One log-in on one device; its token is what session and remember-me cookies carry."""

    __tablename__ = "login_sessions"

    id: Mapped[int] = mapped_column(primary_key=True)
    user_id: Mapped[int] = mapped_column(ForeignKey("users.id", ondelete="CASCADE"), index=True)
    token: Mapped[str] = mapped_column(String(64), unique=True)
    created_at: Mapped[datetime] = mapped_column(default=utcnow)


# Built once: constructing a statement and its cache key costs more than running it, and this
# one runs on every request of a logged-in user.
_USER_OF_LOGIN = (
    db.select(User)
    .join(LoginSession, LoginSession.user_id == User.id)
    .where(User.id == db.bindparam("user_id"), LoginSession.token == db.bindparam("token"))
    .where(LoginSession.created_at >= db.bindparam("oldest"))
)


def load_user(user_id: str) -> User | None:
    """Flask-Login's loader: the user of a log-in that has not ended or expired."""
    ident, _, token = user_id.partition(":")
    if not ident.isdigit() or not 20 <= len(token) <= 64:
        return None
    oldest = utcnow() - current_app.config["REMEMBER_COOKIE_DURATION"]
    user = db.session.scalar(
        _USER_OF_LOGIN, {"user_id": int(ident), "token": token, "oldest": oldest}
    )
    if user is not None:
        user.login_token = token
    return user
