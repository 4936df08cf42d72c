"""Text responses travel gzip-compressed to clients that accept it."""

import gzip

from tests.factories import make_article


def test_a_page_is_compressed_when_the_client_accepts_gzip(client):
    plain = client.get("/contact")
    packed = client.get("/contact", headers={"Accept-Encoding": "gzip, deflate, br"})
    assert packed.headers["Content-Encoding"] == "gzip"
    assert "Accept-Encoding" in packed.headers["Vary"]
    assert gzip.decompress(packed.data) == plain.data
    assert len(packed.data) < len(plain.data) / 2


def test_a_page_stays_plain_for_a_client_without_gzip(client):
    response = client.get("/contact")
    assert "Content-Encoding" not in response.headers
    assert "Accept-Encoding" in response.headers["Vary"]
    assert b"</html>" in response.data


def test_a_static_stylesheet_is_compressed(client):
    response = client.get("/static/css/portal.css", headers={"Accept-Encoding": "gzip"})
    assert response.status_code == 200
    assert response.headers["Content-Encoding"] == "gzip"
    assert b"{" in gzip.decompress(response.data)


def test_small_bodies_and_redirects_are_left_alone(client):
    redirect = client.get("/tickets/", headers={"Accept-Encoding": "gzip"})
    assert redirect.status_code == 302
    assert "Content-Encoding" not in redirect.headers


def test_an_article_decompresses_to_the_same_page(client):
    article = make_article(title="Compressed reading", body="Words. " * 400)
    headers = {"Accept-Encoding": "gzip"}
    response = client.get(f"/kb/{article.slug}", headers=headers)
    assert response.headers["Content-Encoding"] == "gzip"
    assert b"Compressed reading" in gzip.decompress(response.data)
