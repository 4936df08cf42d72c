"""The customer's side: history, one ticket, reply, solve, reopen, and who may see what."""

from datetime import timedelta

import pytest

from portal.clock import utcnow
from portal.extensions import db
from portal.tickets.links import access_token
from tests.factories import make_ticket, make_user


def test_history_needs_log_in(client):
    response = client.get("/tickets/")
    assert response.status_code == 302
    assert "/auth/login?next=" in response.headers["Location"]


def test_history_groups_waiting_for_you_then_us_then_solved_and_closed(client, login):
    user = login()
    for status in ("closed", "solved", "open", "waiting"):
        make_ticket(user, status=status, subject=f"About {status}")
    page = client.get("/tickets/").text
    headings = ["Waiting for you", "Waiting for us", "Solved", "Closed"]
    positions = [page.index(f'<h2 class="ticket-group">{h}</h2>') for h in headings]
    assert positions == sorted(positions)
    assert page.index("About waiting") < page.index("About open") < page.index("About closed")


def test_history_shows_newest_first_within_a_group_and_who_spoke_last(client, login):
    user = login()
    older = make_ticket(user, subject="Older one")
    older.updated_at = utcnow() - timedelta(days=2)
    db.session.commit()
    make_ticket(user, subject="Newer one", agent_reply="Try this.", status="waiting")
    make_ticket(user, subject="Newest open")
    page = client.get("/tickets/").text
    assert page.index("Newest open") < page.index("Older one")
    assert "Last message from our team" in page
    assert "Last message from you" in page


def test_history_filters_by_status_and_searches_own_tickets_only(client, login):
    user = login()
    make_ticket(user, subject="Router blinks orange", status="solved")
    make_ticket(user, subject="App login", body="The app forgets my password")
    make_ticket(make_user(), subject="Someone else's router")
    assert "Router blinks orange" not in client.get("/tickets/?status=open").text
    assert "App login" in client.get("/tickets/?status=open").text
    found = client.get("/tickets/?q=router").text
    assert "Router blinks orange" in found
    assert "Someone else" not in found
    assert "App login" in client.get("/tickets/?q=forgets").text
    assert "No tickets match." in client.get("/tickets/?q=nothing-like-this").text


def test_history_search_ignores_internal_notes(client, login):
    from portal.tickets.console import agent_reply

    user = login()
    ticket = make_ticket(user, subject="Billing")
    agent_reply(ticket, make_user(role="agent"), "secretword in a note", True)
    assert "No tickets match." in client.get("/tickets/?q=secretword").text


def test_history_paginates(app, client, login):
    app.config["PORTAL_TICKETS_PER_PAGE"] = 2
    user = login()
    for n in range(5):
        make_ticket(user, subject=f"Question {n}")
    first = client.get("/tickets/").text
    assert "Page 1 of 3" in first
    assert 'rel="next"' in first
    assert client.get("/tickets/?page=3").text.count('class="ticket-row"') == 1
    assert client.get("/tickets/?page=99").status_code == 200


def test_htmx_gets_the_list_fragment(client, login):
    make_ticket(login(), subject="Only the list")
    response = client.get("/tickets/", headers={"HX-Request": "true"})
    assert "Only the list" in response.text
    assert "<html" not in response.text
    assert "HX-Request" in response.headers["Vary"]


def test_owner_sees_the_conversation(client, login):
    user = login()
    ticket = make_ticket(user, body="First <b>line</b>\nsecond line", agent_reply="Hello!")
    page = client.get(f"/tickets/{ticket.ref}").text
    assert "First &lt;b&gt;line&lt;/b&gt;<br>" in page
    assert "Hello!" in page
    assert ticket.ref in page


def test_another_customers_ticket_is_404(client, login):
    login()
    other = make_ticket(make_user())
    assert client.get(f"/tickets/{other.ref}").status_code == 404
    assert client.post(f"/tickets/{other.ref}/reply", data={"body": "hi"}).status_code == 404
    assert client.post(f"/tickets/{other.ref}/solve").status_code == 404


def test_unknown_reference_is_404(client, login):
    login()
    assert client.get("/tickets/T-00000000").status_code == 404


def test_visitor_without_a_link_is_sent_to_log_in(client):
    ticket = make_ticket()
    response = client.get(f"/tickets/{ticket.ref}")
    assert response.status_code == 302
    assert "/auth/login" in response.headers["Location"]


def test_signed_link_opens_the_ticket_without_an_account(client):
    ticket = make_ticket(body="Visitor question")
    page = client.get(f"/tickets/{ticket.ref}?token={access_token(ticket)}")
    assert page.status_code == 200
    assert "Visitor question" in page.text


def test_a_ticket_page_tells_search_engines_never_to_list_it(client):
    # The signed link opens it without log-in: a leaked link must not end up in results.
    ticket = make_ticket()
    page = client.get(f"/tickets/{ticket.ref}?token={access_token(ticket)}").text
    assert '<meta name="robots" content="noindex">' in page


@pytest.mark.parametrize("tamper", ["x", "prefix", "swap"])
def test_tampered_signed_link_is_404(client, tamper):
    ticket = make_ticket()
    token = access_token(ticket)
    bad = {"x": token[:-2] + "xx", "prefix": "a" + token, "swap": token.replace(".", ".a", 1)}
    assert client.get(f"/tickets/{ticket.ref}?token={bad[tamper]}").status_code == 404


def test_another_tickets_signed_link_is_404(client):
    mine, other = make_ticket(), make_ticket()
    response = client.get(f"/tickets/{other.ref}?token={access_token(mine)}")
    assert response.status_code == 404
    reply = client.post(
        f"/tickets/{other.ref}/reply", data={"body": "x", "token": access_token(mine)}
    )
    assert reply.status_code == 404


def test_visitor_replies_through_the_signed_link(client):
    ticket = make_ticket(status="waiting", agent_reply="Which firmware?")
    token = access_token(ticket)
    response = client.post(f"/tickets/{ticket.ref}/reply", data={"body": "4.1.2", "token": token})
    assert response.status_code == 303
    assert token in response.headers["Location"]
    assert ticket.status == "open"
    assert ticket.messages[-1].body == "4.1.2"
    assert ticket.messages[-1].author is None


def test_customer_reply_clears_waiting_for_you(client, login):
    user = login()
    ticket = make_ticket(user, status="waiting", agent_reply="Please restart it.")
    response = client.post(f"/tickets/{ticket.ref}/reply", data={"body": "Done, still broken."})
    assert response.status_code == 303
    assert ticket.status == "open"
    assert ticket.last_speaker == "customer"


def test_empty_reply_shows_an_error(client, login):
    ticket = make_ticket(login())
    response = client.post(f"/tickets/{ticket.ref}/reply", data={"body": "  "})
    assert response.status_code == 400
    assert "This field is required." in response.text
    assert len(ticket.messages) == 1


def test_customer_marks_solved_and_reopens_within_the_window(client, login):
    user = login()
    ticket = make_ticket(user, status="waiting")
    assert client.post(f"/tickets/{ticket.ref}/solve").status_code == 303
    assert ticket.status == "solved"
    assert ticket.solved_at is not None
    assert "Reopen" in client.get(f"/tickets/{ticket.ref}").text
    assert client.post(f"/tickets/{ticket.ref}/reopen").status_code == 303
    assert ticket.status == "open"
    assert ticket.solved_at is None


def test_reopen_is_refused_after_the_window(app, client, login):
    app.config["PORTAL_TICKET_REOPEN_DAYS"] = 3
    ticket = make_ticket(login(), status="solved")
    ticket.solved_at = utcnow() - timedelta(days=4)
    db.session.commit()
    page = client.get(f"/tickets/{ticket.ref}").text
    assert "Reopen" not in page
    assert "This request is closed." in page
    client.post(f"/tickets/{ticket.ref}/reopen")
    assert ticket.status == "solved"
    refused = client.post(f"/tickets/{ticket.ref}/reply", data={"body": "It is back again"})
    assert refused.status_code == 400
    assert "This request is closed. Please open a new one." in refused.text
    assert "It is back again" in refused.text
    assert len(ticket.messages) == 1


def test_reply_to_a_recently_solved_ticket_reopens_it(client, login):
    ticket = make_ticket(login(), status="solved")
    client.post(f"/tickets/{ticket.ref}/reply", data={"body": "It is back."})
    assert ticket.status == "open"


def test_closed_ticket_takes_no_reply(client, login):
    ticket = make_ticket(login(), status="closed")
    assert "Send reply" not in client.get(f"/tickets/{ticket.ref}").text
    client.post(f"/tickets/{ticket.ref}/reply", data={"body": "hello?"})
    client.post(f"/tickets/{ticket.ref}/solve")
    assert len(ticket.messages) == 1
    assert ticket.status == "closed"


def test_internal_notes_never_reach_the_customer_page(client, login):
    from portal.tickets.console import agent_reply

    user = login()
    ticket = make_ticket(user)
    agent_reply(ticket, make_user(role="agent"), "Customer seems upset; refund ok.", True)
    page = client.get(f"/tickets/{ticket.ref}").text
    assert "refund ok" not in page
    assert "Internal note" not in page
    visitor_page = client.get(f"/tickets/{ticket.ref}?token={access_token(ticket)}").text
    assert "refund ok" not in visitor_page


def test_agent_opening_a_customer_ticket_goes_to_the_console(client, login):
    ticket = make_ticket(make_user())
    login(role="agent")
    response = client.get(f"/tickets/{ticket.ref}")
    assert response.status_code == 302
    assert response.headers["Location"] == f"/agent/tickets/{ticket.ref}"


def test_ticket_urls_never_use_the_sequential_id(client, login):
    ticket = make_ticket(login())
    assert client.get(f"/tickets/{ticket.id}").status_code == 404
