"""Cache-busting static URLs: url_for('static', ...) gains ?v=<content hash>."""

from __future__ import annotations

import hashlib
from pathlib import Path

from flask import Flask, Response, request

ONE_YEAR = 365 * 24 * 3600


class StaticVersions:
    """Content hashes of static files, computed once per file (again when it changes)."""

    def __init__(self, folder: str) -> None:
        self.folder = Path(folder)
        self._cache: dict[str, tuple[float, str]] = {}

    def version(self, filename: str) -> str | None:
        """A short hash of the file's content, or None when it does not exist."""
        path = self.folder / filename
        try:
            mtime = path.stat().st_mtime
        except OSError:
            return None
        cached = self._cache.get(filename)
        if cached and cached[0] == mtime:
            return cached[1]
        digest = hashlib.sha256(path.read_bytes()).hexdigest()[:12]
        self._cache[filename] = (mtime, digest)
        return digest


def init_app(app: Flask) -> None:
    """Version static URLs and let browsers keep versioned files for a year."""
    versions = StaticVersions(app.static_folder or "static")

    @app.url_defaults
    def add_static_version(endpoint: str, values: dict) -> None:
        if endpoint == "static" and "filename" in values and "v" not in values:
            version = versions.version(values["filename"])
            if version:
                values["v"] = version

    @app.after_request
    def cache_versioned_static(response: Response) -> Response:
        if request.endpoint == "static" and request.args.get("v") and response.status_code == 200:
            response.cache_control.public = True
            response.cache_control.max_age = ONE_YEAR
            response.cache_control.immutable = True
        return response
