"""The parts of editing any titled Markdown text that do not depend on its kind.

Articles and tutorials use them: a form deriving from ContentForm, a preview endpoint, and
`edit_pass`, which previews, saves or refuses a stale save the same way for every kind.
"""

from __future__ import annotations

import re
from collections.abc import Callable
from dataclasses import dataclass
from typing import Any

from portal.editor.diffing import VersionDiff, compare_versions
from portal.editor.forms import ContentForm
from portal.markdown import render

# Heading anchors in a preview get a prefix, so they never clash with the form's own ids.
_HEADING_ID = re.compile(r'(<h[1-6][^>]*?\sid=")')


@dataclass
class Preview:
    title: str
    html: str


def preview(title: str | None, body_md: str | None) -> Preview:
    """The text rendered exactly as the saved page will show it."""
    return Preview(title=(title or "").strip(), html=prefixed_ids(render(body_md or "").html))


def prefixed_ids(html: str) -> str:
    """Stored or rendered HTML with its heading ids moved out of the page's way."""
    return _HEADING_ID.sub(r"\1preview-", html)


def refuse_stale(
    form: ContentForm, saved_title: str, saved_body: str, saved_version: int
) -> VersionDiff:
    """Prepare a refused save for a second try: keep the editor's text, show what differs.

    The form now carries the saved version, so saving again knowingly replaces it.
    """
    form.version.data = str(saved_version)
    return compare_versions(saved_title, saved_body, form.title.data or "", form.body_md.data or "")


def form_for(form_class: type[ContentForm], method: str, saved: dict) -> ContentForm:
    """The edit form: what was posted, or on GET the saved values."""
    return form_class() if method == "POST" else form_class(data=saved)


@dataclass
class EditPass:
    """What one request to an edit page came to."""

    preview: Any = None
    conflict: VersionDiff | None = None
    saved: Any = None
    confirm_publish: bool = False  # "Publish" was pressed: ask before readers see it

    def status(self, form: ContentForm) -> int:
        """409 for a refused stale save, 400 for field errors, else 200."""
        return 409 if self.conflict else 400 if form.errors else 200


def edit_pass(
    form: ContentForm,
    method: str,
    action: str,
    *,
    saved_preview: Callable[[], Any] | None,
    make_preview: Callable[[ContentForm], Any],
    save: Callable[[], Any],
    stale: type[Exception],
    saved_text: Callable[[Any], tuple[str, str, int]],
) -> EditPass:
    """Show what is saved, preview the form, or save it; a stale save keeps the editor's text.

    Publishing asks first: an unconfirmed "publish" shows the preview and the question.

    `save` returns the saved item, or None after adding field errors; it raises `stale`
    (carrying `.current`) when someone saved first, and `saved_text(current)` gives that
    version's (title, body, version).
    """
    if method == "GET":
        return EditPass(preview=saved_preview() if saved_preview else None)
    if action == "preview":
        return EditPass(preview=make_preview(form))
    if not form.validate():
        return EditPass()
    if action == "publish" and not form.publish_confirmed:
        return EditPass(preview=make_preview(form), confirm_publish=True)
    try:
        return EditPass(saved=save())
    except stale as refused:
        title, body, version = saved_text(refused.current)
        return EditPass(conflict=refuse_stale(form, title, body, version))
