"""Files in customers' mails: images and PDFs kept and shown to the ticket's readers only."""

from __future__ import annotations

import re

from portal.extensions import db
from portal.inbound.models import InboundMail, TicketAttachment
from portal.tickets.links import access_token
from tests.factories import make_ticket, make_user
from tests.inbound.mails import PDF, PNG, mail, reply_to

FILES = [
    ("router.png", "image/png", PNG),
    ("bill.pdf", "application/pdf", PDF),
    ("setup.exe", "application/octet-stream", b"MZ\x90\x00 program"),
    # Claims to be an image; is a page with script. Judged by its bytes, not its label.
    ("cute.png", "image/png", b"<html><script>alert(1)</script></html>"),
]


def reply_with_files(answered, receive, files=FILES, **kwargs):
    ticket, sent = answered(**kwargs)
    result = receive(
        reply_to(sent, "Photo of the lights attached.", "ana@example.org", files=files)
    )
    assert result.exit_code == 0, result.output
    db.session.refresh(ticket)
    return ticket


def file_links(page: str) -> dict[str, str]:
    return {
        name: href.replace("&amp;", "&")
        for href, name in re.findall(
            r'<a href="([^"]+/files/[^"]+)">(?:<img[^>]*><br>)?([^<]+)</a>', page
        )
    }


def test_images_and_pdfs_are_kept_and_others_refused_with_a_notice(answered, receive, client):
    ticket = reply_with_files(answered, receive)
    kept = {a.filename: a for a in ticket.messages[-1].attachments}
    assert kept["router.png"].refused == "" and kept["router.png"].content_type == "image/png"
    assert kept["bill.pdf"].refused == ""
    assert kept["setup.exe"].refused == "type" and kept["setup.exe"].data is None
    assert kept["cute.png"].refused == "type"
    page = client.get(f"/tickets/{ticket.ref}?token={access_token(ticket)}").text
    assert "setup.exe was not kept: only images and PDF files are accepted." in page
    assert "cute.png was not kept" in page
    assert set(file_links(page)) == {"router.png", "bill.pdf"}
    assert '<img src="/tickets/' in page


def test_the_customer_downloads_through_the_signed_link(answered, receive, client):
    ticket = reply_with_files(answered, receive)
    links = file_links(client.get(f"/tickets/{ticket.ref}?token={access_token(ticket)}").text)
    image = client.get(links["router.png"])
    assert image.status_code == 200
    assert image.mimetype == "image/png"
    assert image.data == PNG
    assert "sandbox" in image.headers["Content-Security-Policy"]
    pdf = client.get(links["bill.pdf"])
    assert pdf.data == PDF
    assert pdf.headers["Content-Disposition"].startswith("attachment")


def test_files_are_for_the_tickets_customer_and_agents_only(answered, receive, client, login, app):
    user = make_user(email="ana@example.org")
    ticket = reply_with_files(answered, receive, user=user)
    attachment = db.session.scalars(
        db.select(TicketAttachment).where(TicketAttachment.filename == "router.png")
    ).one()
    url = f"/tickets/{ticket.ref}/files/{attachment.id}/router.png"
    assert client.get(url).status_code == 302  # log in first
    other = make_ticket(make_user())
    # A valid link to another ticket opens nothing here.
    assert client.get(f"{url}?token={access_token(other)}").status_code == 404
    # Another ticket's reference with this file's id: 404.
    assert (
        client.get(
            f"/tickets/{other.ref}/files/{attachment.id}/x.png?token={access_token(other)}"
        ).status_code
        == 404
    )
    login()  # some other customer
    assert client.get(url).status_code == 404
    client.post("/auth/logout")
    login(role="agent")
    assert client.get(url).status_code == 200


def test_files_over_the_size_limit_are_refused(app, answered, receive, client):
    app.config["PORTAL_ATTACHMENT_MAX_BYTES"] = 1024
    big = PNG + b"\x00" * 2048
    ticket = reply_with_files(answered, receive, files=[("big.png", "image/png", big)])
    assert ticket.messages[-1].attachments[0].refused == "size"
    page = client.get(f"/tickets/{ticket.ref}?token={access_token(ticket)}").text
    assert "big.png was not kept: files may be up to 1.0 kB." in page


def test_new_mail_with_a_file_opens_a_ticket_with_it(receive):
    assert receive(mail(files=[FILES[0]])).exit_code == 0
    kept = db.session.scalars(db.select(TicketAttachment)).one()
    assert kept.message.ticket.requester_email == "ana@example.org"
    assert kept.data == PNG


def test_agents_see_the_whole_original_mail(answered, receive, client, login):
    ticket, sent = answered()
    assert receive(reply_to(sent, "Fixed <b>now</b>.", "ana@example.org")).exit_code == 0
    record = db.session.scalars(db.select(InboundMail)).one()
    login(role="agent")
    page = client.get(f"/agent/tickets/{ticket.ref}").text
    assert f"/agent/mail/{record.id}" in page
    original = client.get(f"/agent/mail/{record.id}").text
    assert "wrote:" in original  # the quote the conversation leaves out
    assert "Fixed &lt;b&gt;now&lt;/b&gt;." in original
    raw = client.get(f"/agent/mail/{record.id}.eml")
    assert raw.headers["Content-Disposition"].startswith("attachment")
    assert b"Fixed <b>now</b>." in raw.data
    listing = client.get("/agent/mail/").text
    assert ticket.ref in listing and "Added to its ticket" in listing


def test_customers_cannot_read_received_mail(answered, receive, client, login):
    ticket, sent = answered()
    assert receive(reply_to(sent, "Thanks", "ana@example.org")).exit_code == 0
    record = db.session.scalars(db.select(InboundMail)).one()
    login()
    assert client.get(f"/agent/mail/{record.id}").status_code == 403
    assert client.get(f"/agent/mail/{record.id}.eml").status_code == 403
    assert client.get("/agent/mail/").status_code == 403
    page = client.get(f"/tickets/{ticket.ref}?token={access_token(ticket)}").text
    assert "/agent/mail/" not in page
