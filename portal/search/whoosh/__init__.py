"""Search on Whoosh: the only package that imports whoosh."""

from portal.search.whoosh.backend import IndexBusy, WhooshBackend

__all__ = ["IndexBusy", "WhooshBackend"]
