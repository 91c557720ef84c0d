import random

from aiokafka.partitioner import murmur2 as aiokafka_murmur2

from lr_shared.partitioner import murmur2, partition_for


def test_keys_get_the_hash_every_kafka_producer_computes() -> None:
    rng = random.Random(7)
    keys = [b"", b"a", b"ab", b"abc", b"abcd", b"LR00012345", bytes(range(256))]
    keys += [rng.randbytes(rng.randint(0, 80)) for _ in range(2000)]
    for key in keys:
        assert murmur2(key) == aiokafka_murmur2(key), key


def test_a_key_always_lands_on_the_same_partition() -> None:
    partitions = [0, 1, 2, 3, 4, 5]
    assert partition_for(b"LR00012345", partitions) == partition_for(b"LR00012345", partitions)
    assert {partition_for(f"LR{i:08d}".encode(), partitions) for i in range(100)} == set(partitions)
