"""The parts of a thread page that every reader of a kind sees alike, rendered once."""

from __future__ import annotations

from markupsafe import Markup

from portal.core.fragmentcache import render_shared, shared_fragment
from portal.forum.models import Post
from portal.forum.queries import ThreadPage


def post_heads(view: ThreadPage, moderator: bool) -> dict[str, Markup]:
    """Each post's author, time and body on this page, by anchor, shared by every member
    (or every moderator: they also see hidden posts); the actions under each post stay the
    reader's own. A post missing here (newer than the stored heads) is rendered in place."""

    def build() -> dict[str, Markup]:
        shown: list[tuple[str, Post]] = [(f"post-{post.id}", post) for post in view.posts]
        if view.accepted is not None:
            shown.append(("accepted-answer", view.accepted))
        accepted_id = view.thread.accepted_post_id
        return {
            anchor: render_shared(
                "forum/_post_head.html",
                post=post,
                is_accepted=post.id == accepted_id,
                moderator=moderator,
            )
            for anchor, post in shown
        }

    return shared_fragment("forum.post_heads", (view.thread.id, view.page, moderator), build)
