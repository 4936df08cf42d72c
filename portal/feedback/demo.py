"""Demo feedback: votes with comments, feedback in several states, survey answers by week."""

from __future__ import annotations

import random
from datetime import timedelta

from sqlalchemy import select

from portal.auth.services import find_user_by_email
from portal.clock import utcnow
from portal.extensions import db
from portal.feedback.models import (
    FeedbackItem,
    FeedbackReply,
    HelpfulVote,
    NpsOffer,
    SurveyResponse,
)
from portal.feedback.pages import sample_pages

DEMO_ITEMS = [
    ("idea", "Dark mode for the help centre", "Reading at night hurts my eyes.", "planned",
     "Good idea. It is on our plan for next quarter."),
    ("problem", "Refund article shows the old form", "The screenshot is not what I see.",
     "under_review", "Thanks, an editor is checking the article."),
    ("praise", "The GCash guide was perfect", "Solved it in two minutes.", "done", ""),
    ("question", "Can I pay in instalments?", "I could not find it anywhere.", "new", ""),
    ("idea", "Chat on Sundays", "Weekend support would help me.", "declined",
     "Not for now, sorry; email is answered on Sundays though."),
]  # fmt: skip

MISSING = [
    "Steps for the mobile app are missing.",
    "It does not say how long a refund takes.",
    "The screenshots are out of date.",
]


def load_demo_feedback() -> str:
    """Add the demo feedback once; a second run changes nothing."""
    customer = find_user_by_email("customer@example.com")
    agent = find_user_by_email("agent@example.com")
    if customer is None or agent is None:
        return "skipped: demo users missing"
    if db.session.scalar(select(FeedbackItem.id).where(FeedbackItem.user_id == customer.id)):
        return "already there"
    now = utcnow()
    rng = random.Random(7)  # the same demo every time
    for n, (kind, subject, message, status, answer) in enumerate(DEMO_ITEMS):
        item = FeedbackItem(
            user_id=customer.id,
            kind=kind,
            subject=subject,
            message=message,
            status=status,
            created_at=now - timedelta(days=3 * n + 1),
            updated_at=now - timedelta(days=n),
            tags="demo",
        )
        db.session.add(item)
        if answer:
            item.replies.append(FeedbackReply(author_id=agent.id, body=answer))
    votes = 0
    for index, article_id in enumerate(sample_pages("article", 4)):
        # The first article is the weak one the report should put on top.
        pattern = "nnynyn" if index == 0 else "yyynyy"
        for voter, answer in enumerate(pattern):
            helpful = answer == "y"
            comment = "" if helpful else MISSING[(index + voter) % len(MISSING)]
            when = now - timedelta(days=rng.randint(0, 40))
            db.session.add(
                HelpfulVote(
                    page_kind="article",
                    page_id=article_id,
                    voter_key=f"v:demo-{index}-{voter}",
                    helpful=helpful,
                    comment=comment,
                    created_at=when,
                    updated_at=when,
                )
            )
            votes += 1
    answers = 0
    for week in range(10):
        for n in range(5):
            when = now - timedelta(weeks=week, hours=rng.randint(0, 100))
            ref = f"DEMO-{week}-{n}"
            for kind, low, high in (("csat", 2 + week % 2, 5), ("ces", 3, 7), ("nps", 4, 10)):
                db.session.add(
                    SurveyResponse(
                        kind=kind,
                        score=rng.randint(low, high),
                        subject_kind="demo",
                        subject_ref=ref,
                        respondent_key=f"demo:{kind}:{ref}",
                        created_at=when,
                    )
                )
                answers += 1
    # The member account sees the NPS banner; the customer answered recently.
    db.session.add(
        NpsOffer(user_id=customer.id, offered_at=now, closed_at=now, outcome="dismissed")
    )
    db.session.commit()
    return f"{len(DEMO_ITEMS)} feedback items, {votes} votes, {answers} survey answers"
