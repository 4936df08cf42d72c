"""Related articles and dense search stay whole while another thread reloads the vectors."""

import threading
import time
from types import SimpleNamespace

import numpy as np

from portal.search.dense import DenseIndex

DIMENSIONS = 384


def rows(count: int) -> list[SimpleNamespace]:
    rng = np.random.default_rng(count)
    found = []
    for n in range(count):
        vector = rng.standard_normal(DIMENSIONS).astype(np.float32)
        found.append(
            SimpleNamespace(
                key=f"article:{n}",
                anchor="" if n % 3 else f"section-{n}",
                kind="article",
                language="en",
                category="",
                audience="public",
                vector=(vector / np.linalg.norm(vector)).tobytes(),
            )
        )
    return found


class Changing(DenseIndex):
    """A store whose rows change on every look, as when editors publish during searches."""

    def __init__(self) -> None:
        super().__init__("test")
        self.sizes = [rows(3000), rows(3007)]
        self.looks = 0

    def _signature(self) -> tuple:
        self.looks += 1
        return (self.looks,)

    def _rows(self) -> list:
        return self.sizes[self.looks % 2]


def test_neighbours_never_mix_two_reloads_of_the_vectors():
    index = Changing()
    index.refresh()
    errors: list[Exception] = []
    answers: list[int] = []
    stop = time.monotonic() + 1.5

    def reader() -> None:
        while time.monotonic() < stop:
            try:
                found = index.neighbours("article:1", 5)
            except Exception as exc:  # what the test is looking for
                errors.append(exc)
                return
            answers.append(len(found))

    def reloader() -> None:
        while time.monotonic() < stop:
            index.invalidate()
            index.refresh()

    threads = [threading.Thread(target=reader) for _ in range(3)]
    threads.append(threading.Thread(target=reloader))
    for thread in threads:
        thread.start()
    for thread in threads:
        thread.join()
    assert errors == []
    # Every look found the five related articles.
    assert answers and set(answers) == {5}
