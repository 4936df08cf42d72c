"""Managing knowledge-base categories: create, rename, reorder and nest them."""

from __future__ import annotations

from dataclasses import dataclass

from flask import abort
from sqlalchemy import func, select

from portal.extensions import db
from portal.kb.models import Article, Category
from portal.kb.services import KbError


class CategorySlugTaken(KbError):
    pass


class InvalidParent(KbError):
    """The chosen parent would nest categories more than one level deep."""


@dataclass
class CategoryFields:
    name: str
    name_fil: str = ""
    description: str = ""
    description_fil: str = ""
    parent_id: int | None = None


@dataclass
class CategoryRow:
    category: Category
    depth: int
    articles: int
    first: bool
    last: bool


def get_category(category_id: int) -> Category:
    """The category with that id, or 404."""
    return db.session.get(Category, category_id) or abort(404)


def category_tree() -> list[CategoryRow]:
    """Top-level categories in order, each followed by its sections, with article counts."""
    categories = db.session.scalars(select(Category).order_by(Category.position, Category.id)).all()
    counts = dict(
        db.session.execute(
            select(Article.category_id, func.count(Article.id)).group_by(Article.category_id)
        ).all()
    )
    children: dict[int | None, list[Category]] = {}
    for category in categories:
        children.setdefault(category.parent_id, []).append(category)
    rows: list[CategoryRow] = []
    for index, top in enumerate(children.get(None, [])):
        rows.append(_row(top, 0, counts, index, children[None]))
        for position, section in enumerate(children.get(top.id, [])):
            rows.append(_row(section, 1, counts, position, children[top.id]))
    return rows


def _row(category, depth, counts, index, siblings) -> CategoryRow:
    return CategoryRow(
        category, depth, counts.get(category.id, 0), index == 0, index == len(siblings) - 1
    )


def parent_choices(category: Category | None) -> list[tuple[int, str]]:
    """Top-level categories another one may be placed under (never itself)."""
    query = select(Category.id, Category.name).where(Category.parent_id.is_(None))
    if category is not None:
        query = query.where(Category.id != category.id)
    return [
        (id_, name)
        for id_, name in db.session.execute(query.order_by(Category.position, Category.id))
    ]


def _siblings(parent_id: int | None, exclude: int | None = None) -> list[Category]:
    query = select(Category).where(
        Category.parent_id.is_(None) if parent_id is None else Category.parent_id == parent_id
    )
    if exclude is not None:
        query = query.where(Category.id != exclude)
    return list(db.session.scalars(query.order_by(Category.position, Category.id)))


def _check_parent(category: Category | None, parent_id: int | None) -> None:
    if parent_id is None:
        return
    parent = db.session.get(Category, parent_id)
    if parent is None or parent.parent_id is not None:
        raise InvalidParent(parent_id)
    if category is not None and (parent.id == category.id or category.children):
        raise InvalidParent(parent_id)


def create_category(slug: str, fields: CategoryFields) -> Category:
    """Add a category (or a section, with a parent) at the end of its siblings."""
    if db.session.scalar(select(Category.id).where(Category.slug == slug)) is not None:
        raise CategorySlugTaken(slug)
    _check_parent(None, fields.parent_id)
    category = Category(slug=slug, position=len(_siblings(fields.parent_id)))
    _copy(category, fields)
    db.session.add(category)
    db.session.commit()
    return category


def update_category(category: Category, fields: CategoryFields) -> Category:
    """Rename or describe a category, or move it under another parent (at the end)."""
    _check_parent(category, fields.parent_id)
    if category.parent_id != fields.parent_id:
        old_parent = category.parent_id
        category.position = len(_siblings(fields.parent_id, exclude=category.id))
        _copy(category, fields)
        db.session.flush()
        _renumber(_siblings(old_parent))
    else:
        _copy(category, fields)
    db.session.commit()
    return category


def _copy(category: Category, fields: CategoryFields) -> None:
    category.name = fields.name
    category.name_fil = fields.name_fil or None
    category.description = fields.description
    category.description_fil = fields.description_fil or None
    category.parent_id = fields.parent_id


def _renumber(siblings: list[Category]) -> None:
    for index, sibling in enumerate(siblings):
        sibling.position = index


def move_category(category: Category, offset: int) -> bool:
    """Move a category up (-1) or down (+1) among its siblings; False at either end."""
    siblings = _siblings(category.parent_id)
    index = siblings.index(category)
    target = index + offset
    if offset not in (-1, 1) or not 0 <= target < len(siblings):
        return False
    siblings[index], siblings[target] = siblings[target], siblings[index]
    _renumber(siblings)
    db.session.commit()
    return True
