"""Managing categories: create, rename, nest and reorder them."""

from __future__ import annotations

from flask import flash, redirect, render_template, request, url_for
from flask_babel import gettext as _

from portal.editor import categories as services
from portal.editor.forms import ActionForm, CategoryForm, NewCategoryForm
from portal.editor.services import NoSlug, slugify
from portal.editor.views import bp


def _fields(form: CategoryForm) -> services.CategoryFields:
    return services.CategoryFields(
        name=form.name.data.strip(),
        name_fil=(form.name_fil.data or "").strip(),
        description=(form.description.data or "").strip(),
        description_fil=(form.description_fil.data or "").strip(),
        parent_id=form.parent_id.data,
    )


def _parents(form: CategoryForm, category=None) -> None:
    form.parent_id.choices = [
        ("", _("Nothing: a top-level category")),
        *services.parent_choices(category),
    ]


@bp.route("/categories", methods=["GET", "POST"])
def categories():
    """The categories in order, with a form to add one."""
    form = NewCategoryForm()
    _parents(form)
    status = 200
    if request.method == "POST":
        if form.validate():
            try:
                slug = form.slug.data or slugify(form.name.data, 120)
                created = services.create_category(slug, _fields(form))
            except services.CategorySlugTaken:
                form.slug.errors.append(_("Another category uses this slug. Choose another."))
            except NoSlug:
                form.slug.errors.append(_("Type a slug: the name has no letters to make one from."))
            except services.InvalidParent:
                form.parent_id.errors.append(_("Choose a top-level category."))
            else:
                flash(_("Category “%(name)s” created.", name=created.name), "success")
                return redirect(url_for("editor.categories"), code=303)
        status = 400
    return render_template(
        "editor/categories.html",
        rows=services.category_tree(),
        form=form,
        action_form=ActionForm(),
    ), status


@bp.route("/categories/<int:category_id>", methods=["GET", "POST"])
def category(category_id: int):
    """Rename or describe a category, or place it under another."""
    found = services.get_category(category_id)
    form = CategoryForm() if request.method == "POST" else CategoryForm(obj=found)
    _parents(form, found)
    status = 200
    if request.method == "POST":
        if form.validate():
            try:
                services.update_category(found, _fields(form))
            except services.InvalidParent:
                form.parent_id.errors.append(
                    _("Choose a top-level category; a category with sections stays top-level.")
                )
            else:
                flash(_("Category “%(name)s” saved.", name=found.name), "success")
                return redirect(url_for("editor.categories"), code=303)
        status = 400
    return render_template("editor/category.html", category=found, form=form), status


@bp.post("/categories/<int:category_id>/move")
def move_category(category_id: int):
    """Move a category one place up or down among its siblings."""
    found = services.get_category(category_id)
    offset = {"up": -1, "down": 1}.get(request.form.get("direction", ""), 0)
    if ActionForm().validate() and services.move_category(found, offset):
        flash(_("Category “%(name)s” moved.", name=found.name), "success")
    else:
        flash(_("That category cannot move further."), "error")
    return redirect(url_for("editor.categories") + f"#category-{found.id}", code=303)
