"""Reading mail: any bytes are either a mail or a clear refusal, never a crash."""

from __future__ import annotations

from hypothesis import given, settings
from hypothesis import strategies as st

from portal.inbound import parsing
from tests.inbound.mails import mail

HEADERS = st.sampled_from(
    [b"From: ", b"To: ", b"Subject: ", b"Content-Type: ", b"Content-Transfer-Encoding: ",
     b"MIME-Version: 1.0", b"\r\n", b"\n", b"--b\n", b'multipart/mixed; boundary="b"', b"=?utf-8?",
     b"base64", b"quoted-printable", b"<a@b>", b"ana@example.org", b"\xff\xfe"]
)  # fmt: skip


@settings(max_examples=300, deadline=None)
@given(st.lists(st.one_of(HEADERS, st.binary(max_size=40)), max_size=30))
def test_any_bytes_are_a_mail_or_a_refusal(chunks):
    raw = b"".join(chunks)
    try:
        message = parsing.parse_mail(raw)
    except parsing.NotMail:
        return
    assert parsing.sender(message)[1]
    parsing.robot_reason(message)
    parsing.new_text(parsing.full_text(message))
    parsing.attachments(message)
    parsing.describe(raw)


def test_text_in_an_unknown_charset_is_still_read():
    raw = mail(body="Salamat po").replace(b'charset="utf-8"', b'charset="x-made-up"')
    message = parsing.parse_mail(raw)
    assert parsing.full_text(message) == "Salamat po"


def test_outlook_style_quote_and_phone_signature_are_removed():
    text = (
        "Okay na po, gumana na.\n\nSent from my iPhone\n\n"
        "From: Help Centre <help@help.example.com>\nSent: Tuesday, 1 December 2026 10:00\n"
        "To: Ana\nSubject: New reply\n\nPlease restart the router."
    )
    assert parsing.new_text(text) == "Okay na po, gumana na."


def test_the_portals_marker_is_found_in_any_language_and_when_quoted():
    text = "Ayos na.\n\n> ##- Pakisulat ang iyong sagot sa itaas ng linyang ito -##\n> Hello"
    assert parsing.new_text(text) == "Ayos na."
