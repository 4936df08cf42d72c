"""The portal as the benchmark serves it, plus a hello-world view to compare pages with.

The hello-world route exists only in this module, never in the product: it runs through the
same app (its request hooks, headers and extensions) but renders nothing and reads no data.
"""

from __future__ import annotations

from portal import create_app

HELLO_PATH = "/_bench/hello"

app = create_app()


@app.get(HELLO_PATH)
def bench_hello() -> str:
    """The cheapest response the app can give: the baseline for every other page."""
    return "Hello, world!"
