"""Kafka's default partitioner for keyed records (murmur2 of the key), as the Java client and
aiokafka compute it.

The relay assigns partitions itself (it builds record batches per partition); it must place a
key exactly where any other Kafka producer would, so this is tested against aiokafka's. The hash
is the `murmurhash2` package's (compiled, MurmurHash2 32-bit with Kafka's seed): aiokafka's
pure-Python version took 11 us per 64-byte key, a third of the relay's CPU per message.
"""

from __future__ import annotations

from collections.abc import Sequence

from murmurhash2 import murmurhash2

_SEED = 0x9747B28C


def murmur2(data: bytes) -> int:
    """Kafka's murmur2 of `data`, unsigned 32-bit."""
    return murmurhash2(data, _SEED)


def partition_for(key: bytes, partitions: Sequence[int]) -> int:
    """The partition of a keyed record among `partitions` (sorted by id)."""
    return partitions[(murmur2(key) & 0x7FFFFFFF) % len(partitions)]
