"""Import articles from Markdown files with YAML front matter, and export them back."""

from __future__ import annotations

import re
from collections.abc import Callable, Iterable
from dataclasses import dataclass, field
from pathlib import Path

import yaml
from sqlalchemy import select

from portal.extensions import db
from portal.kb import services
from portal.kb.models import LANGUAGES, STATUSES, Article, Category

SLUG = re.compile(r"^[a-z0-9]+(?:-[a-z0-9]+)*\Z")
FRONT_MATTER = re.compile(r"\A---[ \t]*\r?\n(.*?)\r?\n---[ \t]*(?:\r?\n|\Z)(.*)\Z", re.DOTALL)
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


class FileProblem(Exception):
    """A content file that cannot be imported, with the reason."""


@dataclass
class ParsedArticle:
    path: Path
    fields: services.ArticleFields
    status: str
    translation: str | None


@dataclass
class SyncReport:
    created: list[str] = field(default_factory=list)
    updated: list[str] = field(default_factory=list)
    unchanged: list[str] = field(default_factory=list)
    archived: list[str] = field(default_factory=list)
    conflicts: list[tuple[str, str]] = field(default_factory=list)  # (path, slug)
    errors: list[tuple[str, str]] = field(default_factory=list)  # (path, problem)

    @property
    def ok(self) -> bool:
        return not self.errors and not self.conflicts

    def summary(self) -> str:
        return (
            f"{len(self.created)} created, {len(self.updated)} updated, "
            f"{len(self.unchanged)} unchanged, {len(self.archived)} archived, "
            f"{len(self.conflicts)} conflicts, {len(self.errors)} errors"
        )


def split_front_matter(text: str) -> tuple[dict, str]:
    """The front matter as a dict and the Markdown body; FileProblem if malformed."""
    match = FRONT_MATTER.match(text.lstrip("\ufeff"))
    if not match:
        raise FileProblem("no front matter: the file must start with a '---' block")
    try:
        meta = yaml.safe_load(match.group(1)) or {}
    except yaml.YAMLError as exc:
        raise FileProblem(f"front matter is not valid YAML ({exc.__class__.__name__})") from exc
    if not isinstance(meta, dict):
        raise FileProblem("front matter must be a mapping of fields")
    return meta, match.group(2).lstrip("\r\n")


def text_field(meta: dict, key: str, required: bool = True, limit: int = 300) -> str:
    value = meta.get(key)
    if value is None or value == "":
        if required:
            raise FileProblem(f"'{key}' is missing")
        return ""
    if not isinstance(value, str | int | float):
        raise FileProblem(f"'{key}' must be text")
    value = str(value).strip()
    if len(value) > limit:
        raise FileProblem(f"'{key}' is longer than {limit} characters")
    return value


def parse_article(path: Path, categories: dict[str, Category]) -> ParsedArticle:
    """Read one article file and check its fields."""
    try:
        text = path.read_text(encoding="utf-8")
    except UnicodeDecodeError as exc:
        raise FileProblem("the file is not UTF-8 text") from exc
    meta, body = split_front_matter(text)
    unknown = set(meta) - set(FIELD_ORDER)
    if unknown:
        raise FileProblem(f"unknown field(s): {', '.join(sorted(map(str, unknown)))}")
    slug = text_field(meta, "slug", limit=160)
    if not SLUG.match(slug):
        raise FileProblem(f"slug {slug!r} must be lowercase letters, digits and hyphens")
    category = text_field(meta, "category")
    if category not in categories:
        raise FileProblem(f"unknown category {category!r}")
    language = text_field(meta, "language", required=False) or "en"
    if language not in LANGUAGES:
        raise FileProblem(f"language must be one of {', '.join(LANGUAGES)}, not {language!r}")
    status = text_field(meta, "status", required=False) or "published"
    if status not in STATUSES:
        raise FileProblem(f"status must be one of {', '.join(STATUSES)}, not {status!r}")
    tags = meta.get("tags") or []
    if not isinstance(tags, list) or not all(isinstance(t, str) for t in tags):
        raise FileProblem("tags must be a list of words, like [billing, refund]")
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
    fields = services.ArticleFields(
        title=article.title,
        slug=article.slug,
        category_id=article.category_id,
        body_md=article.body_md,
        summary=article.summary,
        language=article.language,
        tags=tuple(article.tag_names),
        faq=article.faq,
    )
    return fields.digest(article.status, article.translation.slug if article.translation else None)


def sync_categories(path: Path, report: SyncReport) -> None:
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


def article_files(directory: Path) -> list[Path]:
    """The article files of a content folder, in a stable order."""
    return sorted((directory / "articles").rglob("*.md"))


def sync_content(
    directory: Path, progress: Callable[[Iterable[Path]], Iterable[Path]] | None = None
) -> SyncReport:
    """Import and update articles from directory; never overwrite edits made in the browser."""
    report = SyncReport()
    sync_categories(directory / "categories.yml", report)
    categories = {c.slug: c for c in db.session.scalars(select(Category))}
    files = article_files(directory)
    seen: dict[str, Path] = {}
    failed_paths: set[str] = set()
    parsed: list[ParsedArticle] = []
    for path in progress(files) if progress else files:
        relative = str(path.relative_to(directory))
        try:
            item = parse_article(path, categories)
            if item.fields.slug in seen:
                first = seen[item.fields.slug].relative_to(directory)
                raise FileProblem(f"slug {item.fields.slug!r} is used by {first} too")
        except FileProblem as exc:
            report.errors.append((relative, str(exc)))
            failed_paths.add(relative)
            continue
        seen[item.fields.slug] = path
        parsed.append(item)
        _import_one(item, relative, report)
    _link_translations(parsed, directory, report)
    archive_missing(
        Article, set(seen), failed_paths, report, lambda a: services.set_status(a, "archived")
    )
    return report


def _import_one(item: ParsedArticle, relative: str, report: SyncReport) -> None:
    slug = item.fields.slug
    article = db.session.scalar(select(Article).where(Article.slug == slug))
    if article is None:
        article = db.session.scalar(select(Article).where(Article.source_path == relative))
    digest = item.fields.digest(item.status, item.translation)
    if article is None:
        try:
            article = services.create_article(item.fields, None, status=item.status)
        except services.SlugTaken:
            report.errors.append((relative, f"slug {slug!r} belongs to another article"))
            return
        article.source_digest, article.source_path = digest, relative
        db.session.commit()
        report.created.append(slug)
        return
    if article.source_digest == digest:
        report.unchanged.append(slug)
        return
    if article.source_digest != current_digest(article) and current_digest(article) != digest:
        report.conflicts.append((relative, article.slug))
        return
    try:
        services.update_article(
            article, item.fields, None, status=item.status, note="synced from file"
        )
    except services.SlugTaken:
        report.errors.append((relative, f"slug {slug!r} belongs to another article"))
        return
    article.source_digest, article.source_path = digest, relative
    db.session.commit()
    report.updated.append(slug)


def _link_translations(parsed: list[ParsedArticle], directory: Path, report: SyncReport) -> None:
    for item in parsed:
        article = db.session.scalar(select(Article).where(Article.slug == item.fields.slug))
        if (
            article is None
            or (article.translation.slug if article.translation else None) == item.translation
        ):
            continue
        other = None
        if item.translation:
            other = db.session.scalar(select(Article).where(Article.slug == item.translation))
            if other is None:
                report.errors.append(
                    (
                        str(item.path.relative_to(directory)),
                        f"translation {item.translation!r} does not exist",
                    )
                )
                continue
        services.link_translations(article, other)


def archive_missing(
    model, present: set[str], failed_paths: set[str], report: SyncReport, archive: Callable
) -> None:
    """Archive imported content whose file is gone (not content whose file failed to parse).

    model is Article or Tutorial (both have slug, status and source_path); archive(row)
    archives one row the way that kind of content is archived.
    """
    stale = db.session.scalars(
        select(model).where(
            model.source_path.is_not(None),
            model.slug.not_in(present or {""}),
            model.status != "archived",
        )
    ).all()
    for row in stale:
        if row.source_path in failed_paths:
            continue
        archive(row)
        report.archived.append(row.slug)
    db.session.commit()


def export_content(directory: Path) -> int:
    """Write every article and the categories as files in the format sync reads."""
    categories = db.session.scalars(select(Category).order_by(Category.position)).all()
    directory.mkdir(parents=True, exist_ok=True)
    entries = []
    for category in categories:
        entry = {"slug": category.slug, "name": category.name}
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
    articles = db.session.scalars(select(Article).order_by(Article.slug)).all()
    for article in articles:
        relative = Path("articles") / article.category.slug / f"{article.slug}.md"
        target = directory / relative
        target.parent.mkdir(parents=True, exist_ok=True)
        target.write_text(article_file_text(article), encoding="utf-8")
        article.source_digest, article.source_path = current_digest(article), str(relative)
    db.session.commit()
    return len(articles)


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
    front = yaml.safe_dump(
        meta, sort_keys=False, allow_unicode=True, width=100, default_flow_style=None
    )
    return f"---\n{front}---\n\n{article.body_md.rstrip()}\n"
