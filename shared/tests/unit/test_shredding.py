import base64
import os
import uuid

import pytest
from cryptography.exceptions import InvalidTag

from lr_shared.contracts.topics import COMPACTION_BOUNDS, TOPICS
from lr_shared.shredding import (
    DataKey,
    KeyDestroyedError,
    KeyWrapper,
    key_id_of,
    seal,
    unseal,
)

FIELDS = {"achternaam": "Jansen", "voorletters": "J.P.", "email": "j.jansen@example.nl"}
CONTEXT = "lr.registry.contacts.v2"


def test_sealed_fields_come_back_with_their_key_and_show_nothing_without_it() -> None:
    key = DataKey.generate()
    sealed = seal(key, FIELDS, CONTEXT)

    assert "Jansen" not in sealed
    assert "example.nl" not in sealed
    assert key_id_of(sealed) == key.key_id
    assert unseal({key.key_id: key}, sealed, CONTEXT) == FIELDS


def test_a_destroyed_key_makes_the_sealed_value_unreadable() -> None:
    key = DataKey.generate()
    sealed = seal(key, FIELDS, CONTEXT)

    with pytest.raises(KeyDestroyedError):
        unseal({DataKey.generate().key_id: DataKey.generate()}, sealed, CONTEXT)


def test_a_sealed_value_cannot_be_read_in_another_context_or_with_another_key() -> None:
    key = DataKey.generate()
    sealed = seal(key, FIELDS, CONTEXT)
    impostor = DataKey(key.key_id, os.urandom(32))

    with pytest.raises(InvalidTag):
        unseal({key.key_id: key}, sealed, "lr.intake.appointments.v2")
    with pytest.raises(InvalidTag):
        unseal({key.key_id: impostor}, sealed, CONTEXT)


def test_a_wrapped_key_unwraps_only_under_its_own_id_and_wrapping_key() -> None:
    secret = base64.b64encode(os.urandom(32)).decode()
    wrapper = KeyWrapper.derived_from(secret)
    key = DataKey.generate()
    wrapped = wrapper.wrap(key)

    assert key.secret not in wrapped
    assert wrapper.unwrap(key.key_id, wrapped) == key
    assert KeyWrapper.derived_from(secret).unwrap(key.key_id, wrapped) == key
    with pytest.raises(InvalidTag):
        wrapper.unwrap(uuid.uuid4(), wrapped)
    with pytest.raises(InvalidTag):
        KeyWrapper.derived_from(base64.b64encode(os.urandom(32)).decode()).unwrap(
            key.key_id, wrapped
        )


def test_the_data_key_never_shows_its_secret_in_a_repr() -> None:
    key = DataKey.generate()
    assert key.secret.hex() not in repr(key)
    assert str(key.secret) not in repr(key)


def test_every_compacted_topic_bounds_how_long_a_tombstoned_value_survives() -> None:
    compacted = [topic for topic in TOPICS if topic.cleanup == "compact"]
    assert compacted
    for topic in compacted:
        config = topic.config()
        for name, value in COMPACTION_BOUNDS.items():
            assert config[name] == value, (topic.name, name)
        assert int(config["segment.ms"]) <= int(config["max.compaction.lag.ms"])
        hours = (int(config["segment.ms"]) + int(config["max.compaction.lag.ms"])) / 3_600_000
        assert hours <= 30
