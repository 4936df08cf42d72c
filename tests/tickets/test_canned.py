"""Canned replies: admins keep them, agents insert them filled in, nothing typed is lost."""

import re

from portal.extensions import db
from portal.tickets import canned
from portal.tickets.models import CannedReply
from tests.factories import make_ticket, make_user


def make_canned(title="Restart", body="Hello {{customer_name}}, about {{ticket_ref}}: restart."):
    return canned.save_canned_reply(None, title, body)


def test_fill_replaces_known_placeholders_and_leaves_the_rest():
    values = {"customer_name": "Maria", "ticket_ref": "T-1", "agent_name": "Ana"}
    text = "Hi {{customer_name}} ({{ ticket_ref }}), {{agent_name}} here. {{unknown}} {{ config }}"
    assert canned.fill(text, values) == "Hi Maria (T-1), Ana here. {{unknown}} {{ config }}"


def test_fill_never_evaluates_template_code():
    values = {"customer_name": "{{ 7*7 }}"}
    text = "{% for x in range(3) %}x{% endfor %} {{ 7*7 }} {{customer_name}}"
    assert canned.fill(text, values) == "{% for x in range(3) %}x{% endfor %} {{ 7*7 }} {{ 7*7 }}"


def test_only_admins_manage_canned_replies(client, login):
    reply = make_canned()
    login(role="agent")
    assert client.get("/agent/canned").status_code == 403
    assert client.get("/agent/canned/new").status_code == 403
    assert client.post("/agent/canned/new", data={"title": "x", "body": "y"}).status_code == 403
    assert client.post(f"/agent/canned/{reply.id}/delete").status_code == 403
    assert db.session.get(CannedReply, reply.id) is not None


def test_customer_and_visitor_cannot_reach_canned_replies(client, login):
    assert client.get("/agent/canned").status_code == 302
    login()
    assert client.get("/agent/canned").status_code == 403


def test_admin_creates_edits_and_deletes_a_canned_reply(client, login):
    login(role="admin")
    assert client.get("/agent/canned").status_code == 200
    response = client.post(
        "/agent/canned/new", data={"title": "Greeting", "body": "Hi {{customer_name}}"}
    )
    assert response.status_code == 303
    [reply] = canned.canned_replies()
    assert (reply.title, reply.body) == ("Greeting", "Hi {{customer_name}}")
    listing = client.get("/agent/canned").text
    assert "Greeting" in listing and "Hi {{customer_name}}" in listing
    edit = client.get(f"/agent/canned/{reply.id}/edit").text
    assert 'value="Greeting"' in edit
    client.post(
        f"/agent/canned/{reply.id}/edit", data={"title": "Hello", "body": "Hello {{agent_name}}"}
    )
    assert (reply.title, reply.body) == ("Hello", "Hello {{agent_name}}")
    assert client.post(f"/agent/canned/{reply.id}/delete").status_code == 303
    assert canned.canned_replies() == []


def test_canned_reply_form_errors_keep_what_was_typed(client, login):
    login(role="admin")
    response = client.post("/agent/canned/new", data={"title": "", "body": "Kept text"})
    assert response.status_code == 400
    assert "This field is required." in response.text and "Kept text" in response.text
    assert canned.canned_replies() == []
    assert client.get("/agent/canned/999/edit").status_code == 404
    assert client.post("/agent/canned/999/delete").status_code == 404
    assert client.get("/agent/canned/abc/edit").status_code == 404


def test_the_same_form_sent_twice_creates_one_canned_reply(client, login):
    login(role="admin")
    data = {"title": "Twice", "body": "Once only"}
    client.post("/agent/canned/new", data=data)
    client.post("/agent/canned/new", data=data)
    assert len(canned.canned_replies()) == 1


def test_insert_fills_the_reply_box_after_what_was_typed_and_sends_nothing(client, login, outbox):
    login(role="agent", display_name="Ana Cruz")
    customer = make_user(display_name="Maria <b>Santos</b>")
    ticket = make_ticket(customer)
    reply = make_canned(body="Hi {{customer_name}}, {{agent_name}} here about {{ticket_ref}}.")
    response = client.post(
        f"/agent/tickets/{ticket.ref}/insert",
        data={"body": "My own first line", "visibility": "internal", "canned": reply.id},
    )
    assert response.status_code == 200
    name = "Maria &lt;b&gt;Santos&lt;/b&gt;"
    expected = f"My own first line\n\nHi {name}, Ana Cruz here about {ticket.ref}."
    assert expected in response.text
    # The choice of an internal note is kept too.
    assert re.search(r'<input checked [^>]*value="internal"', response.text)
    assert len(ticket.messages) == 1 and outbox() == []


def test_insert_with_htmx_returns_only_the_reply_form(client, login):
    login(role="agent")
    ticket = make_ticket()
    reply = make_canned(body="Try {{ticket_subject}}")
    response = client.post(
        f"/agent/tickets/{ticket.ref}/insert",
        data={"body": "", "canned": reply.id},
        headers={"HX-Request": "true"},
    )
    assert response.status_code == 200
    assert response.text.lstrip().startswith("<form")
    assert "Try The Wi-Fi drops every evening" in response.text
    assert "HX-Request" in response.headers["Vary"]


def test_insert_of_an_unknown_canned_reply_keeps_the_text(client, login):
    login(role="agent")
    ticket = make_ticket()
    make_canned()
    for bad in ("999", "abc", ""):
        response = client.post(
            f"/agent/tickets/{ticket.ref}/insert", data={"body": "Still here", "canned": bad}
        )
        assert response.status_code == 200
        assert "Still here" in response.text


def test_ticket_page_offers_the_canned_replies(client, login):
    login(role="agent")
    ticket = make_ticket()
    assert "Insert" not in client.get(f"/agent/tickets/{ticket.ref}").text
    make_canned(title="Restart the router")
    page = client.get(f"/agent/tickets/{ticket.ref}").text
    assert "Restart the router" in page and f"/agent/tickets/{ticket.ref}/insert" in page


def test_customer_cannot_insert_canned_replies(client, login):
    login()
    ticket = make_ticket()
    reply = make_canned()
    response = client.post(f"/agent/tickets/{ticket.ref}/insert", data={"canned": reply.id})
    assert response.status_code == 403
