"""The customer panel beside a ticket: earlier tickets, chats and ratings, each linked."""

from sqlalchemy import event

from portal.chat.models import Chat, ChatMessage
from portal.extensions import db
from portal.feedback.models import SurveyResponse
from tests.factories import make_ticket, make_user


def make_chat(user, question="Is there an outage in Cebu?", csat=None):
    chat = Chat(user=user, status="ended", csat=csat)
    chat.messages.append(ChatMessage(kind="customer", body=question))
    db.session.add(chat)
    db.session.commit()
    return chat


def rate(kind, score, ref, user=None, email=None, subject_kind="ticket", comment=""):
    answer = SurveyResponse(
        kind=kind,
        score=score,
        comment=comment,
        subject_kind=subject_kind,
        subject_ref=ref,
        respondent_key=f"e:{email}" if email else f"v:{ref}:{kind}",
        user_id=user.id if user else None,
    )
    db.session.add(answer)
    db.session.commit()
    return answer


def test_panel_lists_the_customers_chats_and_ratings_with_links(client, login):
    login(role="agent")
    customer = make_user(display_name="Maria", email="maria@example.com")
    earlier = make_ticket(customer, subject="Router will not start", status="solved")
    chat = make_chat(customer, csat=4)
    rate("csat", 2, earlier.ref, email="maria@example.com", comment="Took too long")
    rate("ces", 6, earlier.ref, user=customer, subject_kind="escalation")
    ticket = make_ticket(customer, subject="Today")
    page = client.get(f"/agent/tickets/{ticket.ref}").text
    panel = page[page.index('id="customer-panel"') :]
    assert "About Maria" in panel
    assert f'href="/agent/tickets/{earlier.ref}">Router will not start' in panel
    assert f'href="/agent/chats/{chat.id}">Is there an outage in Cebu?' in panel
    assert "rated 4 out of 5" in panel
    assert "Satisfaction: 2 out of 5" in panel and "Took too long" in panel
    assert "Ease: 6 out of 7" in panel
    assert f'href="/agent/tickets/{earlier.ref}">Ticket {earlier.ref}' in panel


def test_panel_shows_nothing_of_other_customers(client, login):
    login(role="agent")
    customer = make_user()
    other = make_user(display_name="Someone Else")
    make_ticket(other, subject="Not theirs")
    make_chat(other, question="Other person's chat")
    rate("csat", 1, "T-OTHER", user=other, comment="Other person's comment")
    ticket = make_ticket(customer)
    panel = client.get(f"/agent/tickets/{ticket.ref}").text
    for text in ("Not theirs", "Other person", "Other person&#39;s comment"):
        assert text not in panel
    assert panel.count("None.") == 3


def test_unproven_sender_gets_no_history(client, login):
    login(role="agent")
    customer = make_user(email="maria@example.com")
    make_ticket(customer, subject="Private matter")
    rate("csat", 5, "T-X", email="maria@example.com", comment="Private praise")
    # Anyone can type Maria's address into the contact form.
    ticket = make_ticket(email="maria@example.com", subject="Claims to be Maria")
    page = client.get(f"/agent/tickets/{ticket.ref}").text
    assert "Private matter" not in page and "Private praise" not in page
    assert "Nothing else is shown until the sender proves the email address." in page


def test_ticket_page_reads_a_fixed_number_of_statements(client, login):
    login(role="agent")
    customer = make_user()
    ticket = make_ticket(customer)

    def statements():
        seen = []

        def count(*args):
            seen.append(1)

        event.listen(db.engine, "before_cursor_execute", count)
        try:
            assert client.get(f"/agent/tickets/{ticket.ref}").status_code == 200
        finally:
            event.remove(db.engine, "before_cursor_execute", count)
        return len(seen)

    make_ticket(customer, subject="One earlier")
    make_chat(customer)
    rate("csat", 4, ticket.ref, user=customer)
    few = statements()
    for n in range(8):
        earlier = make_ticket(customer, subject=f"Earlier {n}")
        make_chat(customer, question=f"Chat {n}", csat=n % 5 + 1)
        rate("csat", 3, earlier.ref, user=customer)
        rate("ces", 5, earlier.ref, user=customer, subject_kind="escalation")
    assert statements() == few
