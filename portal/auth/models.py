"""The user account."""

from __future__ import annotations

import secrets
from datetime import datetime

from flask_login import UserMixin
from sqlalchemy import String
from sqlalchemy.orm import Mapped, mapped_column

from portal.clock import utcnow
from portal.extensions import db

ROLES = ("customer", "editor", "agent", "admin")
STAFF_ROLES = ("editor", "agent", "admin")


def new_session_token() -> str:
    """A fresh token; changing it signs the account out everywhere."""
    return secrets.token_hex(16)


class User(UserMixin, db.Model):
    __tablename__ = "users"

    id: Mapped[int] = mapped_column(primary_key=True)
    email: Mapped[str] = mapped_column(String(254), unique=True)
    display_name: Mapped[str] = mapped_column(String(80))
    password_hash: Mapped[str] = mapped_column(String(255))
    role: Mapped[str] = mapped_column(String(16), default="customer")
    locale: Mapped[str | None] = mapped_column(String(8))
    session_token: Mapped[str] = mapped_column(String(32), default=new_session_token)
    created_at: Mapped[datetime] = mapped_column(default=utcnow)
    last_login_at: Mapped[datetime | None]

    def get_id(self) -> str:
        # The token makes old sessions and remember-me cookies invalid after a password change.
        return f"{self.id}:{self.session_token}"

    def has_role(self, *roles: str) -> bool:
        """True if the user has one of roles; admins have every role."""
        return self.role == "admin" or self.role in roles

    @property
    def is_staff(self) -> bool:
        return self.role in STAFF_ROLES

    def __repr__(self) -> str:
        return f"<User {self.id} {self.role}>"


def load_user(user_id: str) -> User | None:
    """Flask-Login's loader: the user whose id and session token match."""
    ident, _, token = user_id.partition(":")
    if not ident.isdigit() or not token:
        return None
    user = db.session.get(User, int(ident))
    if user is None or not secrets.compare_digest(user.session_token, token):
        return None
    return user
