"""asyncjobs' retry policies (retrypolicy.go): `linearPolicy(steps, jitter, min, max)` and `Duration(n)`."""
import random


class RetryPolicy:
    """`RetryPolicy{Intervals, Jitter}`: `Duration(n)` = Intervals[min(n, len-1)] × Jitter + U[0, interval),
    rounded to milliseconds, Intervals[0] when that is zero. Go calls it with the delivery count (1-based), so
    the first retry already uses Intervals[1]."""

    def __init__(self, intervals_ns: list[int], jitter: float):
        if not intervals_ns:
            raise ValueError("a retry policy needs at least one interval")
        self.intervals_ns = intervals_ns
        self.jitter = jitter

    @classmethod
    def linear(cls, steps: int, jitter: float, min_ns: int, max_ns: int):
        step = (max_ns - min_ns) // steps
        return cls([min_ns + index * step for index in range(steps)], jitter)

    def duration_ns(self, n: int, rng: random.Random = random) -> int:
        interval = self.intervals_ns[max(0, min(n, len(self.intervals_ns) - 1))]
        delay = int(interval * self.jitter) + (rng.randrange(interval) if interval > 0 else 0)
        delay = round(delay / 1_000_000) * 1_000_000
        return delay or self.intervals_ns[0]


SECOND = 1_000_000_000
MINUTE = 60 * SECOND
POLICIES = {
    "10m": RetryPolicy.linear(50, 0.90, 1 * MINUTE, 10 * MINUTE),
    "1h": RetryPolicy.linear(20, 0.90, 10 * MINUTE, 60 * MINUTE),
    "1m": RetryPolicy.linear(20, 0.50, 1 * SECOND, 60 * SECOND),
}
POLICIES["default"] = POLICIES["10m"]


def policy_named(name: str) -> RetryPolicy:
    """`RetryPolicyLookup`, plus `custom:<ms>,<ms>,…[@jitter]` for a program's own `RetryPolicy` value
    (asyncjobs accepts any `RetryPolicyProvider`), which tests use for sub-second back-off."""
    if name.startswith("custom:"):
        spec, _, jitter = name[len("custom:"):].partition("@")
        return RetryPolicy([int(float(ms) * 1_000_000) for ms in spec.split(",")], float(jitter or 0))
    if name not in POLICIES:
        raise SystemExit(f"unknown retry policy {name!r} (known: {', '.join(sorted(POLICIES))}, custom:MS,…[@JITTER])")
    return POLICIES[name]
