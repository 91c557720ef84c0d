"""A vote of the registered teachers on a proposed criteria set, on the real database and
broker: one teacher one vote, the tally, the adopted set in force, and a secret ballot that no
table and no log links to a teacher."""

from __future__ import annotations

import hashlib
import logging
import uuid
from datetime import UTC, datetime, timedelta
from typing import Any

import pytest

from lr_profession.application import votes
from lr_profession.domain.criteria import Criterion
from lr_profession.domain.votes import voter_mark
from lr_profession.entrypoints import cli
from lr_shared.contracts import topics
from lr_shared.contracts.profession import VoteClosedV1, VoteInvitationV1, VoteOpenedV1

from .conftest import ROLL_KEY, START, Profession, offer, random_number

pytestmark = pytest.mark.integration

PROPOSAL = [
    Criterion("value_for_education", "Waarde voor het onderwijs", "Sluit aan bij de klas."),
    Criterion("evidence", "Onderbouwing", "De inhoud steunt op onderzoek of beproefde praktijk."),
    Criterion("workload", "Studielast", "De opgegeven uren zijn realistisch."),
]
CHOICES = ("for", "for", "against", "abstain", "for")
PROJECTION_TABLES = {"registrations", "panel_members", "reviews", "alembic_version"}
"""Where a registration number belongs (the projection, panels, reviews): none holds a vote."""


async def open_vote(profession: Profession) -> str:
    vote = await votes.propose(
        profession.container.uow, PROPOSAL, START, START + timedelta(days=14), START
    )
    result = await profession.container.sweep_votes(START)
    assert result.opened == 1
    return str(vote.id)


async def ballot(profession: Profession, number: str, vote_id: str, choice: str) -> Any:
    return await profession.client.post(
        f"/v1/me/votes/{vote_id}/ballot",
        json={"choice": choice},
        headers=profession.teacher(number),
    )


async def outbox_drained(profession: Profession) -> None:
    await profession.until("select count(*) from outbox", expected=0)


async def test_each_teacher_votes_once_the_tally_is_right_and_the_ballot_is_secret(
    profession: Profession, caplog: pytest.LogCaptureFixture
) -> None:
    teachers = [random_number() for _ in CHOICES]
    for number in teachers:
        await profession.registration(number)
    lapsed = random_number()
    await profession.registration(lapsed, state="lapsed")

    vote_id = await open_vote(profession)

    # Every registered teacher is invited once, the lapsed one not; no choice, no name.
    invitations = await profession.messages(topics.PROFESSION_VOTE_INVITATIONS, len(teachers))
    assert sorted(r.key.decode() for r in invitations) == sorted(teachers)
    for record in invitations:
        invitation = VoteInvitationV1.model_validate_json(record.value)
        assert invitation.notification_key == f"vote-opened:{vote_id}"
        assert str(invitation.vote_id) == vote_id
    assert await profession.container.sweep_votes(START) == votes.VoteSweepResult()

    mine = await profession.client.get("/v1/me/votes", headers=profession.teacher(teachers[0]))
    assert mine.status_code == 200
    assert mine.json()["may_vote"] is True
    assert [(i["vote"]["id"], i["voted"]) for i in mine.json()["items"]] == [(vote_id, False)]

    caplog.set_level(logging.DEBUG)
    profession.clock.now = START + timedelta(days=1)
    for number, choice in zip(teachers, CHOICES, strict=True):
        response = await ballot(profession, number, vote_id, choice)
        assert response.status_code == 201, response.text
        assert choice not in response.text.replace('"vote_id"', "")
    ballot_logs = list(caplog.records)

    # A second ballot, the same or another choice, is refused and changes nothing.
    tally_before = await profession.rows(
        "select choice, count from vote_tally where vote_id = $1 order by choice",
        uuid.UUID(vote_id),
    )
    for choice in ("for", "against"):
        again = await ballot(profession, teachers[2], vote_id, choice)
        assert again.status_code == 409
        assert again.json()["code"] == "already-voted"
    refused = await ballot(profession, lapsed, vote_id, "for")
    assert refused.status_code == 409
    assert refused.json()["code"] == "not-registered"
    unknown = await ballot(profession, random_number(), vote_id, "for")
    assert unknown.json()["code"] == "not-registered"
    assert (await ballot(profession, teachers[0], str(uuid.uuid4()), "for")).status_code == 404
    assert (await ballot(profession, teachers[0], vote_id, "maybe")).status_code == 422
    assert (
        await profession.rows(
            "select choice, count from vote_tally where vote_id = $1 order by choice",
            uuid.UUID(vote_id),
        )
        == tally_before
    )
    assert await profession.value("select count(*) from vote_voters") == len(teachers)

    mine = await profession.client.get("/v1/me/votes", headers=profession.teacher(teachers[1]))
    assert [(i["vote"]["id"], i["voted"]) for i in mine.json()["items"]] == [(vote_id, True)]
    lapsed_view = await profession.client.get("/v1/me/votes", headers=profession.teacher(lapsed))
    assert lapsed_view.json()["may_vote"] is False
    assert lapsed_view.json()["items"][0]["voted"] is False
    # While open, nobody sees a count.
    public = await profession.client.get(f"/v1/votes/{vote_id}")
    assert public.status_code == 200
    assert public.json()["state"] == "open"
    assert public.json()["result"] is None

    await outbox_drained(profession)
    await assert_no_table_links_a_ballot_to_a_teacher(profession, vote_id, teachers)
    assert_no_log_names_a_voter_or_a_choice(ballot_logs, teachers)

    # Closing: the sweep past the closing moment freezes and publishes the tally.
    closing = START + timedelta(days=14, minutes=1)
    profession.clock.now = closing
    late = await ballot(profession, lapsed, vote_id, "for")
    assert late.status_code == 409
    result = await profession.container.sweep(closing)
    assert result is not None
    closed = await profession.client.get(f"/v1/votes/{vote_id}")
    assert closed.json()["state"] == "closed"
    assert closed.json()["result"] == {
        "votes_for": 3,
        "votes_against": 1,
        "abstentions": 1,
        "turnout": 5,
        "adopted": True,
        "closed_at": closed.json()["result"]["closed_at"],
    }
    listed = await profession.client.get("/v1/votes")
    assert [v["id"] for v in listed.json()["items"]] == [vote_id]
    records = await profession.messages(topics.PROFESSION_VOTES, 2)
    assert [r.key.decode() for r in records] == [vote_id, vote_id]
    opened_message = VoteOpenedV1.model_validate_json(records[0].value)
    assert [c.code for c in opened_message.criteria] == [c.code for c in PROPOSAL]
    message = VoteClosedV1.model_validate_json(records[1].value)
    assert (message.votes_for, message.votes_against, message.abstentions) == (3, 1, 1)
    assert message.turnout == 5
    assert message.adopted is True
    assert message.in_force_from == closing
    assert dict(records[1].headers)["ce_type"].decode().endswith("vote-closed")
    assert not any(n in r.value.decode() for r in records for n in teachers)
    assert await profession.container.sweep_votes(closing) == votes.VoteSweepResult()
    after_close = await ballot(profession, teachers[0], vote_id, "against")
    assert after_close.json()["code"] == "vote-not-open"

    # The adopted set is in force: a request assigned from now on is reviewed with it.
    criteria = await profession.client.get("/v1/criteria")
    assert criteria.json()["version"] == message.proposal_version
    assert [c["code"] for c in criteria.json()["criteria"]] == [c.code for c in PROPOSAL]
    panel = [await profession.panelist("PO") for _ in range(3)]
    submitted = await profession.client.post(
        "/v1/accreditation-requests", json=offer(), headers=profession.provider("P0042")
    )
    assert submitted.status_code == 201, submitted.text
    request_id = submitted.json()["id"]
    review_id = await profession.open_review_of(panel[0], request_id)
    review = await profession.client.get(
        f"/v1/me/reviews/{review_id}", headers=profession.teacher(panel[0])
    )
    assert review.json()["criteria"]["version"] == message.proposal_version
    versions = await profession.rows(
        "select distinct criteria_version from reviews where request_id = $1",
        uuid.UUID(request_id),
    )
    assert [row[0] for row in versions] == [message.proposal_version]


async def assert_no_table_links_a_ballot_to_a_teacher(
    profession: Profession, vote_id: str, teachers: list[str]
) -> None:
    columns = await profession.rows(
        "select table_name, column_name, data_type from information_schema.columns"
        " where table_schema = 'public' order by table_name, ordinal_position"
    )
    tables: dict[str, list[tuple[str, str]]] = {}
    for row in columns:
        tables.setdefault(row["table_name"], []).append((row["column_name"], row["data_type"]))

    # The roll: the vote and a keyed hash, nothing else (no time, no choice).
    assert tables["vote_voters"] == [("vote_id", "uuid"), ("voter", "bytea")]
    # The only place a choice is written: one row per choice and vote, not one per ballot.
    choice_columns = [t for t, cols in tables.items() for c, _ in cols if c == "choice"]
    assert choice_columns == ["vote_tally"]
    tally = await profession.rows(
        "select choice from vote_tally where vote_id = $1", uuid.UUID(vote_id)
    )
    assert sorted(r[0] for r in tally) == ["abstain", "against", "for"]

    vote = uuid.UUID(vote_id)
    # Values anyone could compute from a registration number without the roll key.
    derivable = {
        number: {
            number,
            hashlib.sha256(number.encode()).hexdigest(),
            hashlib.sha256(vote.bytes + number.encode()).hexdigest(),
            hashlib.sha256((vote_id + number).encode()).hexdigest(),
            hashlib.md5(number.encode()).hexdigest(),  # noqa: S324 - what to look for, not a use
        }
        for number in teachers
    }
    for table in sorted(tables):
        if table in PROJECTION_TABLES:
            continue
        rows = await profession.rows(f'select t::text as row from "{table}" t')  # noqa: S608
        for row in rows:
            text = row["row"]
            for number, values in derivable.items():
                assert not any(v in text for v in values), f"{table} holds {number} or its hash"
            for choice in ("against", "abstain"):
                if choice in text:
                    assert table == "vote_tally", f"{table} holds a choice"
    # The roll entries are the keyed hashes, and only the key gives them.
    marks = {r[0] for r in await profession.rows("select voter from vote_voters")}
    assert marks == {voter_mark(ROLL_KEY.encode(), vote, n) for n in teachers}
    assert await profession.value("select sum(count) from vote_tally where vote_id = $1", vote) == 5


def assert_no_log_names_a_voter_or_a_choice(
    records: list[logging.LogRecord], teachers: list[str]
) -> None:
    assert records, "the ballot requests were logged"
    for record in records:
        text = record.getMessage() + " " + repr(vars(record))
        assert not any(number in text for number in teachers), record.getMessage()
        for marker in ("against", "abstain", "'choice'", '"choice"'):
            assert marker not in text, record.getMessage()


@pytest.mark.parametrize("settings_overrides", [{"vote_invitation_batch_size": 2}])
async def test_invitations_go_in_batches_and_a_crash_resumes_after_the_last_batch(
    profession: Profession, monkeypatch: pytest.MonkeyPatch
) -> None:
    teachers = sorted(random_number() for _ in range(5))
    for number in teachers:
        await profession.registration(number)
    await votes.propose(profession.container.uow, PROPOSAL, START, START + timedelta(days=7), START)

    real = votes._invitation_batch
    calls = 0

    async def crash_on_the_second_batch(uow: Any, rules: Any) -> int | None:
        nonlocal calls
        calls += 1
        if calls == 2:
            raise RuntimeError("crash")
        return await real(uow, rules)

    monkeypatch.setattr(votes, "_invitation_batch", crash_on_the_second_batch)
    with pytest.raises(RuntimeError, match="crash"):
        await profession.container.sweep_votes(START)
    cursor = await profession.rows("select after, sent, done from vote_invitations")
    assert [tuple(r) for r in cursor] == [(teachers[1], 2, False)]

    monkeypatch.setattr(votes, "_invitation_batch", real)
    result = await profession.container.sweep_votes(START)
    assert (result.opened, result.invited) == (0, 3)
    cursor = await profession.rows("select after, sent, done from vote_invitations")
    # Done: the cursor no longer holds a registration number.
    assert [tuple(r) for r in cursor] == [("", 5, True)]
    records = await profession.messages(topics.PROFESSION_VOTE_INVITATIONS, 6, timeout=8)
    assert sorted(r.key.decode() for r in records) == teachers


async def test_the_operators_command_proposes_and_opens_a_vote_due_now(
    profession: Profession,
) -> None:
    number = random_number()
    await profession.registration(number)
    now = datetime.now(UTC)
    vote, swept = await cli._open(profession.settings, PROPOSAL, now, now + timedelta(days=7), now)
    assert (swept.opened, swept.invited) == (1, 1)
    found = await profession.client.get(f"/v1/votes/{vote.id}")
    assert found.json()["state"] == "open"
    assert found.json()["proposal_version"] == 2
    # Proposed, not in force: the panels still score with version 1.
    assert (await profession.client.get("/v1/criteria")).json()["version"] == 1
