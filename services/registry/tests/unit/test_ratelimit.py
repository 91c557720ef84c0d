from lr_registry.adapters.ratelimit import TokenBuckets


def test_a_client_is_limited_after_its_burst_and_refilled_over_time() -> None:
    clock = [0.0]
    buckets = TokenBuckets(rate=2.0, burst=3, monotonic=lambda: clock[0])
    assert [buckets.allow("a") for _ in range(4)] == [True, True, True, False]
    assert buckets.allow("b")
    clock[0] = 0.5
    assert buckets.allow("a")
    assert not buckets.allow("a")
