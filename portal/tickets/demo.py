"""Demo tickets: Maria Santos and the Alon support team, in every status."""

from __future__ import annotations

from datetime import timedelta

from sqlalchemy import func, select

from portal.auth.services import find_user_by_email
from portal.clock import utcnow
from portal.extensions import db
from portal.tickets.models import AGENT, CLOSED, CUSTOMER, OPEN, SOLVED, WAITING, Ticket
from portal.tickets.services import add_message, new_reference

CUSTOMER_EMAIL = "customer@example.com"
AGENT_EMAIL = "agent@example.com"

# (status, topic, subject, messages); a message starting with "A:" is the agent's,
# "N:" an internal note, anything else the customer's.
CONVERSATIONS = [
    (
        WAITING,
        "connection",
        "Wi-Fi drops every evening around 8",
        [
            "Since last week the Wi-Fi drops for a minute or two every evening around 8 pm. "
            "All three Alon Mesh points show a white light when it happens.",
            "A:Thanks, Maria. Evening drops often come from a crowded channel. In the Alon app, "
            "open Network > Advanced and turn on Auto channel, then tell us if it happens again.",
        ],
    ),
    (
        WAITING,
        "setup",
        "Third mesh point will not join the network",
        [
            "I bought an extra Alon Mesh point but it keeps blinking blue and never joins.",
            "A:Could you tell us the firmware version of your main point? You find it in the app "
            "under Devices > Main point > About.",
        ],
    ),
    (
        WAITING,
        "billing",
        "Charged twice for Alon Plus this month",
        [
            "My card shows two charges of 149 pesos for Alon Plus on the 3rd.",
            "N:Payment provider shows one capture and one authorisation hold. Hold should drop.",
            "A:We see one real payment and one temporary hold from your bank. The hold should "
            "disappear within 5 working days. Can you check again on Friday and let us know?",
        ],
    ),
    (
        WAITING,
        "app",
        "App asks me to log in every day",
        [
            "The Alon app on my Android phone logs me out every day. Annoying!",
            "A:Sorry about that. Which app version do you have (Settings > About)? Version 4.2.0 "
            "had this bug; 4.2.1 fixes it.",
        ],
    ),
    (
        WAITING,
        "connection",
        "Slow speed in the upstairs bedroom",
        [
            "Upstairs I get 20 Mbps, downstairs 300. The mesh point is on the stairs.",
            "A:The stairs are a good start. Please run Network > Placement test in the app and "
            "send us a screenshot of the result.",
        ],
    ),
    (
        OPEN,
        "connection",
        "Smart TV keeps losing the connection",
        [
            "Our Samsung TV loses Wi-Fi several times during a movie. Phones are fine.",
        ],
    ),
    (
        OPEN,
        "app",
        "Parental controls schedule is ignored",
        [
            "I set bedtime for my son's tablet at 21:00 in Alon Plus, but it stays online.",
            "A:Thanks. Is the tablet listed under his profile, or under Unassigned devices?",
            "It was under Unassigned. I moved it to his profile; it is still online after 21:00.",
        ],
    ),
    (
        OPEN,
        "setup",
        "Moving house: how do I set up Alon Mesh again?",
        [
            "We are moving next week. Do I have to reset everything, or can I keep my settings?",
        ],
    ),
    (
        OPEN,
        "billing",
        "Cancel Alon Plus before renewal",
        [
            "Please explain how to cancel Alon Plus. I don't see a button in the app.",
        ],
    ),
    (
        OPEN,
        "other",
        "Mesh point got very hot",
        [
            "The main Alon Mesh point is hot after a day in the TV cabinet. Is that safe?",
        ],
    ),
    (
        SOLVED,
        "setup",
        "Cannot find the setup QR code",
        [
            "The setup asks for a QR code but the sticker under my mesh point is torn.",
            "A:You can type the code instead: it is the 12-character Setup ID on the box, also "
            "under the sticker's barcode.",
            "Found it on the box, thank you! Everything is set up.",
        ],
    ),
    (
        SOLVED,
        "connection",
        "Printer not found after switching to Alon",
        [
            "My HP printer vanished after I replaced my old router with Alon Mesh.",
            "A:Printers keep the old network name. Connect it again with the printer's Wi-Fi "
            "setup wizard and choose your Alon network.",
            "That worked.",
        ],
    ),
    (
        SOLVED,
        "billing",
        "Invoice with our company name",
        [
            "I need the Alon Plus invoice with my company name for reimbursement.",
            "A:Done: add the company name in Account > Billing details and download the invoice "
            "again from Account > Invoices.",
        ],
    ),
    (
        SOLVED,
        "app",
        "Guest network password",
        [
            "How do I change the guest network password?",
            "A:In the Alon app: Network > Guest network > Password. Guests reconnect with the "
            "new one.",
        ],
    ),
    (
        SOLVED,
        "connection",
        "Gaming console has high ping",
        [
            "My PlayStation has a ping of 120 ms over Wi-Fi.",
            "A:Try connecting it with a cable to the nearest mesh point's LAN port, and turn on "
            "Gaming priority for it in the app.",
            "Down to 18 ms with the cable. Great!",
        ],
    ),
    (
        CLOSED,
        "setup",
        "Orange light on the main point",
        [
            "The main point shows an orange light and there is no internet.",
            "A:Orange means no connection to your modem. Check the cable between the modem and "
            "the point's WAN port, then restart the modem.",
            "The cable was loose. Fixed.",
        ],
    ),
    (
        CLOSED,
        "billing",
        "Promo code did not apply",
        [
            "My ALONFIRST promo code was not applied to my first Alon Plus month.",
            "N:Code expired on the 30th; customer ordered on the 31st. Approved goodwill credit.",
            "A:The code had just expired, but we added one free month to your account anyway.",
        ],
    ),
    (
        CLOSED,
        "app",
        "App in Filipino?",
        [
            "Is the Alon app available in Filipino?",
            "A:Yes: it follows your phone's language. Set the phone to Filipino and restart it.",
        ],
    ),
    (
        CLOSED,
        "connection",
        "Internet slow only in the morning",
        [
            "Every morning the internet is slow for about an hour.",
            "A:Your Alon Mesh was installing updates at 7:00. We moved your update window to 3:00.",
        ],
    ),
    (
        CLOSED,
        "other",
        "Return an unopened mesh point",
        [
            "I ordered two extra points by mistake. Can I return one unopened?",
            "A:Yes, within 30 days. We sent a free return label to your email.",
        ],
    ),
]


def load_demo_tickets() -> str:
    """Create Maria's demo tickets unless she has tickets already."""
    customer = find_user_by_email(CUSTOMER_EMAIL)
    agent = find_user_by_email(AGENT_EMAIL)
    if customer is None or agent is None:
        return "skipped: the demo customer or agent is missing"
    existing = db.session.scalar(select(func.count(Ticket.id)).where(Ticket.user_id == customer.id))
    if existing:
        return f"0 created, {existing} already there"
    now = utcnow()
    for n, (status, topic, subject, script) in enumerate(CONVERSATIONS):
        opened = now - timedelta(days=2 * (n % 5) + n // 5 + 1, hours=n)
        ticket = Ticket(
            ref=new_reference(),
            user=customer,
            requester_name=customer.display_name,
            requester_email=customer.email,
            locale="en",
            subject=subject,
            topic=topic,
            status=status,
            assignee=agent if status != OPEN or n % 2 else None,
            context=[
                {
                    "key": "from",
                    "label": "The page you came from",
                    "values": [{"text": "/kb/", "note": None}],
                },
                {
                    "key": "language",
                    "label": "Language",
                    "values": [{"text": "English", "note": None}],
                },
            ],
            created_at=opened,
        )
        when = opened
        for text in script:
            when += timedelta(hours=3)
            if text.startswith(("A:", "N:")):
                internal = text.startswith("N:")
                add_message(ticket, agent, AGENT, text[2:], internal=internal, at=when)
                if not internal:
                    ticket.first_response_at = ticket.first_response_at or when
                    ticket.last_speaker = AGENT
            else:
                add_message(ticket, customer, CUSTOMER, text, at=when)
                ticket.last_speaker = CUSTOMER
        ticket.updated_at = when
        if status in (SOLVED, CLOSED):
            ticket.solved_at = when + timedelta(hours=1)
            ticket.updated_at = ticket.solved_at
        if status == CLOSED:
            ticket.closed_at = ticket.solved_at
        db.session.add(ticket)
    db.session.commit()
    return f"{len(CONVERSATIONS)} created for {CUSTOMER_EMAIL}"
