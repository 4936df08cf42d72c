"""SQL that differs between PostgreSQL and SQLite: durations and percentiles."""

from __future__ import annotations

import math

from sqlalchemy import func, select
from sqlalchemy.sql import ColumnElement

from portal.extensions import db

PERCENTILES = (0.5, 0.9)


def _dialect() -> str:
    return db.session.get_bind().dialect.name


def _whole(value) -> float:
    # SQLite's julianday() arithmetic is off by microseconds; durations are whole seconds.
    return float(round(float(value)))


def seconds_between(later, earlier) -> ColumnElement:
    """The seconds from `earlier` to `later`, as a SQL expression."""
    if _dialect() == "postgresql":
        return func.extract("epoch", later - earlier)
    return (func.julianday(later) - func.julianday(earlier)) * 86400.0


def percentiles(value: ColumnElement, *where) -> dict[float, float | None]:
    """The median and 90th percentile (whole numbers) of `value` over rows matching `where`.

    Nearest rank on both databases (percentile_disc on PostgreSQL, an ordered offset on
    SQLite), so both give the same answer; None when no row matches.
    """
    if _dialect() == "postgresql":
        columns = [func.percentile_disc(p).within_group(value) for p in PERCENTILES]
        row = db.session.execute(select(*columns).where(*where)).one()
        return {
            p: (_whole(v) if v is not None else None) for p, v in zip(PERCENTILES, row, strict=True)
        }
    base = select(value.label("v")).where(*where).subquery()
    n = db.session.scalar(select(func.count()).select_from(base))
    found: dict[float, float | None] = {}
    for p in PERCENTILES:
        if not n:
            found[p] = None
            continue
        offset = max(math.ceil(p * n) - 1, 0)
        found[p] = _whole(
            db.session.scalar(select(base.c.v).order_by(base.c.v).limit(1).offset(offset))
        )
    return found
