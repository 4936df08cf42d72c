"""CSAT, CES and NPS, one module each (`csat`, `ces`, `nps`) over what they share (`answers`).

For other features:

- CSAT after a ticket is solved: put `csat_link("ticket", ticket.ref, user)` into the
  "ticket solved" mail (a signed link that works once, without logging in), and show
  `{% include "feedback/_csat.html" %}` on the ticket page with
  `csat = csat_prompt("ticket", ticket.ref, user)` in its context, from the view.
- CES after an escalation or a finished tutorial: include "feedback/_ces.html" with
  `ces = ces_prompt("tutorial", str(tutorial.id), next_url)`; one click records it.
"""

from portal.feedback.surveys.answers import (
    AlreadyAnswered,
    BadAnswer,
    InvalidSurveyLink,
    NotOffered,
    SurveyError,
    external_url,
    follow_up_promised,
    needs_follow_up,
    ratings_for,
)
from portal.feedback.surveys.ces import ces_prompt, check_ces_signature, record_ces
from portal.feedback.surveys.csat import (
    CSAT_SALT,
    CsatSubject,
    csat_answer,
    csat_link,
    csat_prompt,
    csat_token,
    read_csat_token,
    record_csat,
    register_csat_subject,
)
from portal.feedback.surveys.nps import answer_nps, dismiss_nps, open_nps_offer

__all__ = [
    "CSAT_SALT",
    "AlreadyAnswered",
    "BadAnswer",
    "CsatSubject",
    "InvalidSurveyLink",
    "NotOffered",
    "SurveyError",
    "answer_nps",
    "ces_prompt",
    "check_ces_signature",
    "csat_answer",
    "csat_link",
    "csat_prompt",
    "csat_token",
    "dismiss_nps",
    "external_url",
    "follow_up_promised",
    "needs_follow_up",
    "open_nps_offer",
    "ratings_for",
    "read_csat_token",
    "record_ces",
    "record_csat",
    "register_csat_subject",
]
