"""Hostile values in every form field and query parameter: the portal never answers 5xx.

Every POST rule of app.url_map is posted a valid form (tests/security/form_data.py) with
some fields spoiled; every GET rule is opened with spoiled query parameters. Values are
huge, empty, control characters, NUL bytes, invalid UTF-8 and odd Unicode, sent both
percent-encoded and as raw bytes. Each request is made as the first person the
authorisation matrix lets through (a visitor where visitors may, else the owner, ...).
"""

from __future__ import annotations

from urllib.parse import quote_from_bytes

import pytest
from hypothesis import HealthCheck, given, settings
from hypothesis import strategies as st

from tests.security.form_data import FORM_DATA, QUERY_PARAMS
from tests.security.test_authorization import EXPECTED
from tests.security.world import People, World, log_in, rules, url_for_rule

FUZZ = settings(
    max_examples=5,
    deadline=None,
    derandomize=True,
    database=None,
    suppress_health_check=[HealthCheck.function_scoped_fixture, HealthCheck.too_slow],
)

ODD = [
    b"\x00", b"a\x00b", b"\xff\xfe", b"\xed\xa0\x80", b"\xc0\xaf", b"\x80", b"%", b"%00",
    b"%ff", b"-1", b"0", b"99999999999999999999", b"1e309", b"NaN", b"2026-02-30",
    b"../../etc/passwd", b"//evil.example/", b"javascript:alert(1)", b"\r\nSet-Cookie: x=1",
    "\u202e\ufeff\u200b\U0001d54f\U0010ffff".encode(), "ß\u0301İ".encode(),
]  # fmt: skip

HOSTILE = st.one_of(
    st.just(b""),
    st.sampled_from(ODD),
    st.text(max_size=40).map(lambda s: s.encode()),
    st.text(st.characters(categories=["Cc", "Cf", "Zl", "Zp", "Mn", "Co"]), max_size=20).map(
        lambda s: s.encode()
    ),
    st.binary(max_size=40),
    st.sampled_from([1_000, 50_000, 2_000_000]).map(lambda n: b"A" * n),  # the last is > 1 MB
)


def encode(fields: dict[bytes, bytes], raw: bool) -> bytes:
    """A form body or query string; raw leaves the bytes unescaped, as a careless client may."""
    if raw:
        return b"&".join(name + b"=" + value for name, value in fields.items())
    return b"&".join(
        quote_from_bytes(name).encode() + b"=" + quote_from_bytes(value).encode()
        for name, value in fields.items()
    )


def first_allowed(rule: str, method: str) -> str:
    """The least privileged column of the matrix that may use this rule."""
    row = EXPECTED[(rule, method)]
    return next(
        r for r in ("visitor", "owner", "other", "editor", "agent", "admin") if row[r] == "ok"
    )


def assert_no_server_error(response, method: str, path: str, sent: bytes) -> None:
    response.get_data()
    response.close()
    assert response.status_code < 500, (
        f"{method} {path} answered {response.status_code} to {sent[:300]!r}"
    )


def test_every_post_rule_has_form_data(app):
    missing = sorted(rule for rule, _ in rules(app, "POST") if rule not in FORM_DATA)
    assert not missing, f"add these POST rules to FORM_DATA: {missing}"


@pytest.mark.parametrize("rule", sorted(FORM_DATA))
def test_forms_never_answer_5xx(app, client, rule):
    world = World(People.make())
    user = world.people.get(first_allowed(rule, "POST"))
    path = url_for_rule(app, rule, world.ids)
    valid = {k.encode(): v.encode() for k, v in FORM_DATA[rule](world.ids).items()}
    names = sorted(valid) or [b"next"]

    @FUZZ
    @given(
        spoiled=st.dictionaries(st.sampled_from([*names, b"\xff\x00"]), HOSTILE, min_size=1),
        raw=st.booleans(),
    )
    def post(spoiled, raw):
        log_in(client, user)
        body = encode({**valid, **spoiled}, raw)
        response = client.post(path, data=body, content_type="application/x-www-form-urlencoded")
        assert_no_server_error(response, "POST", path, body)

    post()


@pytest.mark.parametrize("rule", sorted(r for r, m in EXPECTED if m == "GET"))
def test_query_parameters_never_answer_5xx(app, client, rule):
    world = World(People.make())
    user = world.people.get(first_allowed(rule, "GET"))
    path = url_for_rule(app, rule, world.ids)

    @FUZZ
    @given(
        params=st.dictionaries(
            st.sampled_from([p.encode() for p in QUERY_PARAMS]), HOSTILE, min_size=1, max_size=5
        ),
        raw=st.booleans(),
    )
    def get(params, raw):
        log_in(client, user)
        query = encode(params, raw)
        response = client.get(path, environ_overrides={"QUERY_STRING": query.decode("latin-1")})
        assert_no_server_error(response, "GET", path, query)

    get()
