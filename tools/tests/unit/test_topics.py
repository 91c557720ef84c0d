"""Which topics on the local broker are left-overs of tests and benchmarks."""

from __future__ import annotations

from lr_shared.contracts.topics import TOPICS, all_topic_configs
from lr_shared.settings import ServiceSettings
from lr_tools.stack.topics import is_scratch, suffixed


def test_only_suffixed_copies_and_scratch_topics_count_as_left_over() -> None:
    catalogue = frozenset({"lr.intake.appointments.v1", "lr.registry.registrations.v1"})
    assert is_scratch("lr.intake.appointments.v1.t1a2b3c4d5", catalogue)
    assert is_scratch("lr.registry.registrations.v1.benchf00", catalogue)
    assert is_scratch("test.outbox.abc", catalogue)
    assert is_scratch("bench.relay.abc", catalogue)
    assert not is_scratch("lr.intake.appointments.v1", catalogue)
    assert not is_scratch("lr.intake.appointments.v10", catalogue)
    assert not is_scratch("payments.v1", catalogue)


def test_a_fleets_topics_carry_the_names_its_services_use() -> None:
    settings = ServiceSettings.model_validate(
        {
            "service_name": "registry",
            "database_url": "postgresql+asyncpg://x@localhost/x",
            "kafka_bootstrap_servers": "localhost:9092",
            "topic_suffix": ".f1234abcd",
            "jwks_file": "/dev/null",
            "http_port": 8002,
        }
    )
    wanted = suffixed(all_topic_configs(), settings.topic_suffix)
    assert len(wanted) == len(all_topic_configs())
    for topic in TOPICS:
        assert wanted[settings.topic(topic.name)] == topic.config()
        assert settings.dead_letter_topic(topic.name) in wanted
    assert suffixed(all_topic_configs(), "") == all_topic_configs()


def test_every_catalogue_topic_has_a_writer_and_the_acl_table_names_only_catalogue_topics() -> None:
    from lr_shared.contracts.acls import PRINCIPALS
    from lr_shared.contracts.topics import TOPICS

    for topic in TOPICS:
        assert any(topic in p.writes for p in PRINCIPALS), topic.name
    granted = {t for p in PRINCIPALS for t in (*p.reads, *p.writes)}
    assert granted <= set(TOPICS)


def test_outside_parties_never_read_the_appointments_or_the_contacts() -> None:
    from lr_shared.contracts.acls import OUTSIDE_PARTIES, PUBLIC_TOPICS
    from lr_shared.contracts.topics import INTAKE_APPOINTMENTS, REGISTRY_CONTACTS

    for party in OUTSIDE_PARTIES:
        assert INTAKE_APPOINTMENTS not in party.reads
        assert REGISTRY_CONTACTS not in party.reads
        assert set(party.reads) <= set(PUBLIC_TOPICS) or party.name == "lr-boards"
