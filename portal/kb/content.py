"""Articles as Markdown files with front matter, and categories.yml: the kb's own fields.

portal.content syncs and exports them; this module says how an article file reads and
writes, and what importing one does.
"""

from __future__ import annotations

from dataclasses import dataclass
from pathlib import Path

import yaml
from sqlalchemy import select

from portal.content import sync
from portal.content.files import (
    SLUG,
    FileProblem,
    choice_field,
    file_text,
    read_text,
    slug_field,
    split_front_matter,
    tags_field,
    text_field,
)
from portal.extensions import db
from portal.kb import services
from portal.kb.models import LANGUAGES, STATUSES, Article, Category

FIELD_ORDER = (
    "title",
    "slug",
    "category",
    "language",
    "translation",
    "summary",
    "tags",
    "status",
    "faq",
)


@dataclass
class ParsedArticle:
    """An article file read and checked."""

    path: Path
    fields: services.ArticleFields
    status: str
    translation: str | None

    @property
    def slug(self) -> str:
        """The article's slug."""
        return self.fields.slug

    def digest(self) -> str:
        """A fingerprint of everything the file says."""
        return self.fields.digest(self.status, self.translation)


def parse_article(path: Path, categories: dict[str, Category]) -> ParsedArticle:
    """Read one article file and check its fields."""
    meta, body = split_front_matter(read_text(path), FIELD_ORDER)
    slug = slug_field(meta)
    category = text_field(meta, "category")
    if category not in categories:
        raise FileProblem(f"unknown category {category!r}")
    language = choice_field(meta, "language", LANGUAGES, "en")
    status = choice_field(meta, "status", STATUSES, "published")
    tags = tags_field(meta, "[billing, refund]")
    faq = meta.get("faq", False)
    if not isinstance(faq, bool):
        raise FileProblem("faq must be true or false")
    translation = text_field(meta, "translation", required=False, limit=160) or None
    fields = services.ArticleFields(
        title=text_field(meta, "title", limit=200),
        slug=slug,
        category_id=categories[category].id,
        body_md=body,
        summary=text_field(meta, "summary", required=False),
        language=language,
        tags=tuple(tags),
        faq=faq,
    )
    return ParsedArticle(path=path, fields=fields, status=status, translation=translation)


def current_digest(article: Article) -> str:
    """The digest of an article as it is in the database now."""
    fields = services.ArticleFields.of(article)
    return fields.digest(article.status, article.translation.slug if article.translation else None)


def sync_categories(path: Path, report: sync.SyncReport) -> None:
    """Create or update categories from categories.yml."""
    if not path.exists():
        return
    try:
        entries = yaml.safe_load(path.read_text(encoding="utf-8")) or []
        if not isinstance(entries, list):
            raise FileProblem("must be a list of categories")
    except (yaml.YAMLError, FileProblem) as exc:
        report.errors.append((str(path), f"categories file is not valid: {exc}"))
        return
    by_slug = {c.slug: c for c in db.session.scalars(select(Category))}
    parents: dict[str, str] = {}
    for position, entry in enumerate(entries, start=1):
        slug = entry.get("slug") if isinstance(entry, dict) else None
        if not isinstance(slug, str) or not SLUG.match(slug) or not entry.get("name"):
            report.errors.append((str(path), f"category #{position} needs a valid slug and a name"))
            continue
        category = by_slug.get(slug) or Category(slug=slug)
        category.name = str(entry["name"])
        category.name_fil = entry.get("name_fil")
        category.description = str(entry.get("description") or "")
        category.description_fil = entry.get("description_fil")
        category.position = int(entry.get("position") or position)
        by_slug[slug] = category
        db.session.add(category)
        if entry.get("parent"):
            parents[slug] = entry["parent"]
    db.session.flush()
    for slug, parent in parents.items():
        if parent not in by_slug:
            report.errors.append((str(path), f"category {slug!r} names unknown parent {parent!r}"))
            continue
        by_slug[slug].parent_id = by_slug[parent].id
    db.session.commit()


def export_categories(directory: Path) -> None:
    """Write categories.yml in the format sync reads."""
    entries = []
    for category in db.session.scalars(select(Category).order_by(Category.position)):
        entry: dict[str, str | int] = {"slug": category.slug, "name": category.name}
        if category.name_fil:
            entry["name_fil"] = category.name_fil
        entry["description"] = category.description
        if category.description_fil:
            entry["description_fil"] = category.description_fil
        entry["position"] = category.position
        if category.parent:
            entry["parent"] = category.parent.slug
        entries.append(entry)
    (directory / "categories.yml").write_text(
        yaml.safe_dump(entries, sort_keys=False, allow_unicode=True, width=100), encoding="utf-8"
    )


def article_file_text(article: Article) -> str:
    """An article as a Markdown file with front matter."""
    meta = {
        "title": article.title,
        "slug": article.slug,
        "category": article.category.slug,
        "language": article.language,
        "translation": article.translation.slug if article.translation else None,
        "summary": article.summary,
        "tags": article.tag_names,
        "status": article.status,
        "faq": article.faq,
    }
    meta = {k: v for k, v in meta.items() if v not in (None, "")}
    return file_text(meta, f"{article.body_md.rstrip()}\n")


class ArticleFiles:
    """Articles under articles/<category>/, with the categories in categories.yml."""

    name = "articles"
    model = Article

    def __init__(self) -> None:
        self.categories: dict[str, Category] = {}

    def files(self, directory: Path) -> list[Path]:
        """The article files of a content folder, in a stable order."""
        return sorted((directory / "articles").rglob("*.md"))

    def prepare(self, directory: Path, report: sync.SyncReport) -> None:
        """Sync categories.yml first: articles name their category."""
        sync_categories(directory / "categories.yml", report)
        self.categories = {c.slug: c for c in db.session.scalars(select(Category))}

    def parse(self, path: Path) -> ParsedArticle:
        """Read and check one article file."""
        return parse_article(path, self.categories)

    def create(self, item: ParsedArticle) -> Article:
        """Create the article with its first revision."""
        try:
            return services.create_article(item.fields, None, status=item.status)
        except services.SlugTaken as exc:
            raise FileProblem(f"slug {item.slug!r} belongs to another article") from exc

    def update(self, row: Article, item: ParsedArticle) -> None:
        """Save the file as an edit of the article, with a revision."""
        try:
            services.update_article(
                row, item.fields, None, status=item.status, note="synced from file"
            )
        except services.SlugTaken as exc:
            raise FileProblem(f"slug {item.slug!r} belongs to another article") from exc
        except services.StaleEdit as exc:
            raise sync.VersionConflict from exc

    current_digest = staticmethod(current_digest)

    def archive(self, row: Article) -> None:
        """Archive an article whose file is gone."""
        services.set_status(row, "archived")

    def export_rows(self, directory: Path) -> list[Article]:
        """Write categories.yml; every article is written as a file."""
        export_categories(directory)
        return list(db.session.scalars(select(Article).order_by(Article.slug)))

    def path_for(self, row: Article) -> Path:
        """articles/<category>/<slug>.md."""
        return Path("articles") / row.category.slug / f"{row.slug}.md"

    file_text = staticmethod(article_file_text)


def sync_content(directory: Path, progress: sync.Progress | None = None) -> sync.SyncReport:
    """Import and update categories and articles from directory; keep browser edits."""
    return sync.sync(ArticleFiles(), directory, progress)


def export_content(directory: Path) -> int:
    """Write every article and the categories as files in the format sync reads."""
    return sync.export(ArticleFiles(), directory)
