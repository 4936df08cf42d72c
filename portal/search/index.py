"""Old import path of the Whoosh backend, kept while the relevance bench still uses it."""

# TODO(#19): remove once bench/search_relevance.py imports portal.search.whoosh.
from portal.search.whoosh import IndexBusy, WhooshBackend

__all__ = ["IndexBusy", "WhooshBackend"]
