"""One submission, one result: the same form sent twice at once creates one thing.

A double click, a retrying proxy or an impatient reload sends the same form twice within a
moment; each copy used to create its own ticket, message or feedback item (and mail). A
view marked `@once` claims the submission first: a row keyed by who sent it, where, and
exactly what, inserted under a unique key, so of two copies only one can claim it. The
copy that lost waits briefly for the winner's answer and gets the same redirect. The claim
is dropped when the view did not redirect (a form error), so a corrected form goes through.
"""

from __future__ import annotations

import functools
import hashlib
import time
from datetime import datetime, timedelta

from flask import current_app, redirect, request
from flask_limiter.util import get_remote_address
from flask_login import current_user
from sqlalchemy import String, delete, select
from sqlalchemy.exc import IntegrityError
from sqlalchemy.orm import Mapped, mapped_column

from portal.clock import utcnow
from portal.extensions import db

WAIT_SECONDS = 5.0
IGNORED_FIELDS = {"csrf_token"}


class Submission(db.Model):
    """A claimed form submission and, once known, where its answer sent the browser."""

    __tablename__ = "submissions"

    key: Mapped[str] = mapped_column(String(64), primary_key=True)
    created_at: Mapped[datetime] = mapped_column(default=utcnow, index=True)
    location: Mapped[str | None] = mapped_column(String(2000))


def submission_key() -> str:
    """Who sent it (account, else address and browser), to which URL, with which fields."""
    if current_user.is_authenticated:
        sender = f"user:{current_user.id}"
    else:
        sender = f"addr:{get_remote_address()}:{request.user_agent.string[:200]}"
    digest = hashlib.sha256()
    for part in (sender, request.path):
        digest.update(part.encode() + b"\0")
    for name, value in sorted(request.form.items(multi=True)):
        if name not in IGNORED_FIELDS:
            digest.update(f"{name}={value}".encode("utf-8", "surrogatepass") + b"\0")
    return digest.hexdigest()


def _claim(key: str) -> bool:
    window = timedelta(seconds=current_app.config["PORTAL_RESUBMIT_SECONDS"])
    db.session.execute(delete(Submission).where(Submission.created_at < utcnow() - window))
    db.session.add(Submission(key=key))
    try:
        db.session.commit()
    except IntegrityError:
        db.session.rollback()
        return False
    return True


def _answer_of_winner(key: str):
    deadline = time.monotonic() + WAIT_SECONDS
    while True:
        location = db.session.scalar(select(Submission.location).where(Submission.key == key))
        db.session.rollback()  # end the read, so the next one sees the winner's commit
        if location or time.monotonic() > deadline:
            break
        time.sleep(0.1)
    return redirect(location or request.full_path.rstrip("?"), code=303)


def _settle(key: str, response) -> None:
    row = db.session.get(Submission, key)
    if row is None:
        return
    if 300 <= response.status_code < 400 and response.location:
        row.location = response.location
    else:
        db.session.delete(row)
    db.session.commit()


def _release(key: str) -> None:
    try:
        db.session.rollback()
        db.session.execute(delete(Submission).where(Submission.key == key))
        db.session.commit()
    except Exception:
        # The database is failing; the claim expires after PORTAL_RESUBMIT_SECONDS anyway.
        current_app.logger.warning("a submission claim could not be released", exc_info=True)


def once(view):
    """Mark a view that creates something: a second copy of the same POST creates nothing."""

    @functools.wraps(view)
    def wrapper(*args, **kwargs):
        if request.method != "POST" or not current_app.config["PORTAL_RESUBMIT_SECONDS"]:
            return view(*args, **kwargs)
        key = submission_key()
        if not _claim(key):
            return _answer_of_winner(key)
        try:
            response = current_app.make_response(view(*args, **kwargs))
        except BaseException:
            _release(key)
            raise
        _settle(key, response)
        return response

    return wrapper
