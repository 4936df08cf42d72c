"""Every UI string in the code and templates has a Filipino translation."""

from pathlib import Path

from babel.messages.extract import extract_from_dir
from babel.messages.pofile import read_po

ROOT = Path(__file__).resolve().parent.parent
KEYWORDS = {"_": None, "gettext": None, "ngettext": (1, 2), "lazy_gettext": None, "_l": None}
METHODS = [
    ("portal/**.py", "python"),
    ("templates/**.html", "jinja2"),
    ("templates/**.txt", "jinja2"),
]


def extracted_messages() -> set[str]:
    found = set()
    for _filename, _lineno, message, _comments, _context in extract_from_dir(
        str(ROOT), METHODS, keywords=KEYWORDS
    ):
        found.add(message if isinstance(message, str) else message[0])
    return found


def test_filipino_catalogue_translates_every_string():
    with open(ROOT / "portal/translations/fil/LC_MESSAGES/messages.po", "rb") as fh:
        catalogue = read_po(fh, locale="fil")
    translated = {
        (m.id if isinstance(m.id, str) else m.id[0])
        for m in catalogue
        if m.id
        and m.string
        and "fuzzy" not in m.flags
        and (isinstance(m.string, str) or all(m.string))
    }
    missing = sorted(extracted_messages() - translated)
    assert not missing, "Untranslated strings (run `make messages`, then translate):\n" + "\n".join(
        missing
    )
