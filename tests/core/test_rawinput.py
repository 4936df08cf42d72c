"""Raw bytes in the query string are kept as text, never a 500."""

from portal.core.rawinput import quote_raw_bytes


def test_non_ascii_bytes_are_percent_encoded():
    assert quote_raw_bytes("page=\xff\xfe&q=ok") == "page=%FF%FE&q=ok"


def test_ascii_query_is_left_alone():
    assert quote_raw_bytes("q=router%20lights&page=2") == "q=router%20lights&page=2"


def test_a_page_read_with_invalid_utf8_in_the_query_answers(client):
    response = client.get("/", environ_overrides={"QUERY_STRING": "page=\xff\xfe"})
    assert response.status_code == 200
