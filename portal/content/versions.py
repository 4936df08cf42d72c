"""Optimistic locking: every saved edit of a versioned row raises its version by one."""

from __future__ import annotations

from typing import Any

from sqlalchemy import CursorResult, update

from portal.extensions import db


def claim_version(item: Any) -> bool:
    """Raise an edited item's version by one, unless someone saved first (then roll back).

    The bump is in the UPDATE's WHERE clause, so two saves racing cannot both win.
    """
    model = type(item)
    result: CursorResult[Any] = db.session.execute(  # type: ignore[assignment]
        update(model)
        .where(model.id == item.id, model.version == item.version)
        .values(version=item.version + 1)
        .execution_options(synchronize_session=False)
    )
    if result.rowcount != 1:
        db.session.rollback()
        return False
    item.version += 1
    return True
