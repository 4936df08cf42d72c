"""Redacting personal data from drafts started elsewhere."""

import pytest

from portal.editor.drafts import NoCategory, default_category_id, redact


@pytest.mark.parametrize(
    "text",
    [
        "Call me on +63 917 123 4567 tonight.",
        "Call me on 0917-123-4567 tonight.",
        "Call me on 09171234567 tonight.",
        "Call me on +639171234567 tonight.",
        "Call me on (02) 8123 4567 tonight.",
        "Call me on +1 415 555 0100 tonight.",
    ],
)
def test_phone_numbers_are_redacted(text):
    assert redact(text) == "Call me on [phone number] tonight."


def test_emails_names_and_ticket_references_are_redacted():
    text = "Juan Dela Cruz (juan.cruz@example.com) asked in T-7KQ2M9XD; juan wrote again."
    assert redact(text, ["Juan Dela Cruz"]) == (
        "[customer] ([email]) asked in [ticket]; [customer] wrote again."
    )


def test_ordinary_numbers_and_words_stay():
    text = "Restart the AX3000 router for 30 seconds at 8 pm; firmware 2.1.4 fixed it."
    assert redact(text, ["Ana Lim"]) == text


def test_a_draft_needs_a_category(app):
    with pytest.raises(NoCategory):
        default_category_id()
