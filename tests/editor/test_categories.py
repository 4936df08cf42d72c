"""Managing categories: create, rename, reorder and nest them."""

import pytest
from sqlalchemy import select

from portal.extensions import db
from portal.kb.models import Category
from tests.factories import make_article, make_category

pytestmark = pytest.mark.usefixtures("editor")


def category_named(name):
    return db.session.scalar(select(Category).where(Category.name == name))


def test_creating_a_category_puts_it_last_with_a_slug_from_its_name(client):
    make_category("Billing")
    response = client.post(
        "/editor/categories",
        data={"name": "Orders & delivery", "name_fil": "Mga order", "description": "Parcels."},
    )
    assert response.status_code == 303
    created = category_named("Orders & delivery")
    assert (created.slug, created.name_fil, created.position) == ("orders-delivery", "Mga order", 1)
    assert client.get("/kb/category/orders-delivery").status_code == 200


def test_creating_a_section_under_a_parent(client):
    parent = make_category("Billing")
    client.post(
        "/editor/categories",
        data={"name": "Refunds", "slug": "refunds", "parent_id": str(parent.id)},
    )
    assert category_named("Refunds").parent_id == parent.id
    page = client.get("/editor/categories").get_data(as_text=True)
    assert '<span class="visually-hidden">Section: </span><a' in page


@pytest.mark.parametrize(
    ("data", "message"),
    [
        ({"name": ""}, "This field is required."),
        ({"name": "x" * 121}, "Field cannot be longer than 120 characters."),
        ({"name": "Fine", "slug": "Bad Slug"}, "Use lowercase letters"),
        ({"name": "Fine", "slug": "taken"}, "Another category uses this slug."),
        ({"name": "!!!"}, "Type a slug"),
        ({"name": "Fine", "parent_id": "999"}, "Not a valid choice."),
        ({"name": "Fine", "parent_id": "abc"}, "Invalid Choice: could not coerce."),
    ],
)
def test_bad_category_input_is_refused_and_kept(client, data, message):
    make_category("Taken").slug = "taken"
    db.session.commit()
    response = client.post("/editor/categories", data={**data, "description": "Kept text"})
    page = response.get_data(as_text=True)
    assert response.status_code == 400
    assert message in page
    assert "Kept text" in page


def test_renaming_keeps_the_slug(client):
    category = make_category("Billing")
    slug = category.slug
    response = client.post(
        f"/editor/categories/{category.id}",
        data={"name": "Billing and payments", "name_fil": "Pagbabayad", "description": "Money."},
    )
    assert response.status_code == 303
    db.session.refresh(category)
    assert (category.name, category.name_fil, category.slug) == (
        "Billing and payments",
        "Pagbabayad",
        slug,
    )


def test_a_category_can_become_a_section_and_back(client):
    billing, refunds = make_category("Billing"), make_category("Refunds")
    client.post(
        f"/editor/categories/{refunds.id}", data={"name": "Refunds", "parent_id": str(billing.id)}
    )
    db.session.refresh(refunds)
    assert refunds.parent_id == billing.id
    client.post(f"/editor/categories/{refunds.id}", data={"name": "Refunds", "parent_id": ""})
    db.session.refresh(refunds)
    assert refunds.parent_id is None


def test_sections_stay_one_level_deep(client):
    billing = make_category("Billing")
    refunds = make_category("Refunds", parent=billing)
    orders = make_category("Orders")
    for category, parent in [(orders, refunds), (billing, orders), (billing, billing)]:
        response = client.post(
            f"/editor/categories/{category.id}",
            data={"name": category.name, "parent_id": str(parent.id)},
        )
        assert response.status_code == 400


def test_moving_categories_up_and_down(client):
    first, second, third = make_category("A"), make_category("B"), make_category("C")

    def order():
        return [c.name for c in db.session.scalars(select(Category).order_by(Category.position))]

    response = client.post(f"/editor/categories/{third.id}/move", data={"direction": "up"})
    assert response.status_code == 303
    assert order() == ["A", "C", "B"]
    client.post(f"/editor/categories/{first.id}/move", data={"direction": "down"})
    assert order() == ["C", "A", "B"]
    client.post(f"/editor/categories/{second.id}/move", data={"direction": "down"})
    assert order() == ["C", "A", "B"]
    client.post(f"/editor/categories/{second.id}/move", data={"direction": "sideways"})
    page = client.get("/editor/categories").get_data(as_text=True)
    assert "That category cannot move further." in page


def test_the_category_list_counts_articles(client):
    category = make_category("Billing")
    make_article(category=category)
    make_article(category=category, status="draft")
    page = client.get("/editor/categories").get_data(as_text=True)
    assert f'<a href="/editor/?category={category.id}">2<span' in page
