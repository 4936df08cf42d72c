"""What the editor's tests share: a logged-in editor."""

import pytest


@pytest.fixture
def editor(login):
    """Log the client in as an editor and return the user."""
    return login("editor", display_name="Maya Editor")
