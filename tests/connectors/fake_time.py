"""An injected clock and sleep for the connectors' tests: sleeping advances the clock and is recorded, nothing
really waits (rate limits and backoff are asserted on `sleeps`, not on wall time)."""

from __future__ import annotations


class FakeTime:
    """`clock()` for RateLimiter/HttpSource, `sleep(s)` records `s` in `sleeps` and moves the clock on."""

    def __init__(self) -> None:
        self.now = 1000.0
        self.sleeps: list[float] = []

    def clock(self) -> float:
        return self.now

    def sleep(self, seconds: float) -> None:
        self.sleeps.append(seconds)
        self.now += seconds
