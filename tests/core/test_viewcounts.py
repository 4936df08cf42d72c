"""Read counters: counted in memory, written in one order by every worker."""

from collections import Counter

from portal.core.viewcounts import ViewCounter


def test_counts_are_written_in_key_order_so_two_workers_never_deadlock(app):
    written: list[list] = []

    def write(pending: Counter) -> None:
        written.append(list(pending.items()))

    counter = ViewCounter(write)
    for key in (30, 4, 30, 17, 4, 30):
        counter.add(key, flush_after=3600)
    counter.flush()
    assert written == [[(4, 2), (17, 1), (30, 3)]]
