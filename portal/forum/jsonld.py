"""schema.org QAPage data for solved threads, so search engines show the answer."""

from __future__ import annotations

import nh3

from portal.forum.models import Post
from portal.forum.queries import ThreadPage


def plain_text(html: str) -> str:
    """Stored post HTML as plain text."""
    return " ".join(nh3.clean(html, tags=set()).split())


def _person(post: Post) -> dict:
    return {"@type": "Person", "name": post.author.display_name}


def qa_page(view: ThreadPage, url: str) -> dict | None:
    """The QAPage for the first page of a solved thread; None elsewhere.

    Search engines see what a visitor sees: a hidden or deleted question or answer is
    never in it, whoever is looking at the page.
    """
    thread, accepted = view.thread, view.accepted
    if view.page != 1 or not view.posts or accepted is None:
        return None
    question = view.posts[0]
    if not (question.is_visible and accepted.is_visible):
        return None
    return {
        "@context": "https://schema.org",
        "@type": "QAPage",
        "mainEntity": {
            "@type": "Question",
            "name": thread.title,
            "text": plain_text(question.body_html) or thread.title,
            "answerCount": thread.reply_count,
            "upvoteCount": question.vote_count,
            "dateCreated": question.created_at.isoformat() + "Z",
            "author": _person(question),
            "acceptedAnswer": {
                "@type": "Answer",
                "text": plain_text(accepted.body_html),
                "upvoteCount": accepted.vote_count,
                "dateCreated": accepted.created_at.isoformat() + "Z",
                "url": f"{url}#post-{accepted.id}",
                "author": _person(accepted),
            },
        },
    }
