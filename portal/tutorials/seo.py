"""What tutorials add to the home page, the sitemap and search engines."""

from __future__ import annotations

from datetime import datetime

from flask import url_for
from flask_babel import get_locale
from sqlalchemy import select

from portal.extensions import db
from portal.tutorials import services
from portal.tutorials.models import Tutorial


def home_section() -> dict | None:
    """A few tutorials for the front page."""
    tutorials = services.list_tutorials(str(get_locale() or "en"))[:4]
    if not tutorials:
        return None
    return {"template": "tutorials/_home_section.html", "tutorials": tutorials}


def sitemap_entries() -> list[tuple[str, datetime | None]]:
    """The tutorial list, each published tutorial and each of its steps."""
    entries: list[tuple[str, datetime | None]] = [("/tutorials/", None)]
    tutorials = db.session.scalars(
        select(Tutorial).where(Tutorial.status == "published").order_by(Tutorial.slug)
    ).all()
    for tutorial in tutorials:
        entries.append((f"/tutorials/{tutorial.slug}", tutorial.updated_at))
    return entries


def howto_json_ld(tutorial: Tutorial) -> dict:
    """schema.org HowTo for a tutorial's overview page."""
    return {
        "@context": "https://schema.org",
        "@type": "HowTo",
        "name": tutorial.title,
        "description": tutorial.summary,
        "inLanguage": tutorial.language,
        "totalTime": f"PT{tutorial.minutes}M",
        "step": [
            {
                "@type": "HowToStep",
                "position": step.position,
                "name": step.title,
                "url": url_for(
                    "tutorials.step", slug=tutorial.slug, number=step.position, _external=True
                ),
            }
            for step in tutorial.steps
        ],
    }
