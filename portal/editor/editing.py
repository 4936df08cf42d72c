"""The parts of editing any titled Markdown text that do not depend on its kind.

Articles use them today; another content type (tutorial steps) plugs in the same way: a
form deriving from ContentForm, the preview endpoint, and these helpers for a refused save.
"""

from __future__ import annotations

import re
from dataclasses import dataclass

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
