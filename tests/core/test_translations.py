"""Templates keep the request's catalogue, and still follow a forced or refreshed locale."""

from __future__ import annotations

from flask import render_template_string
from flask_babel import force_locale, refresh

TEMPLATE = "{{ _('Log out') }}|{{ ngettext('%(num)d reply', '%(num)d replies', 2) }}"


def test_templates_follow_force_locale_and_refresh(app):
    with app.test_request_context("/", headers={"Cookie": "lang=fil"}):
        filipino = render_template_string(TEMPLATE)
        assert filipino.startswith("Mag-log out|")
        with force_locale("en"):
            assert render_template_string(TEMPLATE) == "Log out|2 replies"
        assert render_template_string(TEMPLATE) == filipino
        with force_locale("en"):
            refresh()  # inside force_locale: still the forced language
            assert render_template_string(TEMPLATE) == "Log out|2 replies"
        assert render_template_string(TEMPLATE) == filipino
