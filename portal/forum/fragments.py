"""The parts of a thread page that every reader of a kind sees alike, rendered once."""

from __future__ import annotations

from markupsafe import Markup

from portal.auth.models import User
from portal.core.fragmentcache import fill_csrf_slots, render_shared, shared_fragment
from portal.forum import permissions
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


class AnyMember:
    """Stands for the reader when a page is rendered for every plain member at once: logged
    in, no staff role, and (checked before it is used) the author of nothing on the page."""

    is_authenticated = True
    is_anonymous = False
    is_staff = False
    id = None

    def has_role(self, *roles: str) -> bool:
        return False


def plain_member(view: ThreadPage, user: User) -> bool:
    """Whether the reader sees the page's posts exactly as any plain member does."""
    if not user.is_authenticated or user.is_staff or view.thread.author_id == user.id:
        return False
    shown = [*view.posts, *([view.accepted] if view.accepted is not None else [])]
    return all(post.author_id != user.id for post in shown)


def shared_posts(view: ThreadPage, user: User, thread_url: object) -> Markup | None:
    """The page's posts as every plain member sees them, with this reader's votes and CSRF
    token; None for anyone else (staff, the thread's author, an author of a post there)."""
    if not plain_member(view, user):
        return None
    voted = frozenset(view.voted)

    def build() -> Markup:
        return render_shared(
            "forum/_posts.html",
            csrf_slot=True,
            current_user=AnyMember(),
            view=view,
            thread=view.thread,
            post_heads=post_heads(view, False),
            thread_url=thread_url,
            forum_permissions=permissions,
        )

    # Keyed by the reader's votes on the page (almost always none), never by who they are.
    key = (view.thread.id, view.page, tuple(sorted(voted)))
    return fill_csrf_slots(shared_fragment("forum.posts", key, build))
