"""From an eHerkenning identity (KvK numbers) to the board token's grant, and the KvK column of
the reference files."""

from pathlib import Path

import pytest

from lr_intake.adapters.reference_files import ReferenceFileError, read_reference, write_reference
from lr_intake.devdata.reference import board_kvk, bureau_kvk, generate_reference
from lr_intake.domain.organisations import (
    INTERMEDIARY_CLAIM,
    LEGAL_SUBJECT_CLAIM,
    EherkenningIdentity,
    Grant,
    KnownOrganisations,
    NoMandateError,
    UnknownOrganisationError,
    UnreadableIdentityError,
    grant_for,
    read_identity,
)

BOARD_KVK, OTHER_BOARD_KVK, BUREAU_KVK = "41000001", "41000002", "59000001"
KNOWN = KnownOrganisations(
    boards={BOARD_KVK: ("41234",), OTHER_BOARD_KVK: ("41236", "41235")},
    bureaus={BUREAU_KVK: ("90001",)},
    mandates={"90001": frozenset({"41234", "41239"})},
)


def test_the_legal_subject_and_the_intermediary_are_read_from_their_claims() -> None:
    claims = {LEGAL_SUBJECT_CLAIM: BOARD_KVK, INTERMEDIARY_CLAIM: BUREAU_KVK, "sub": "x"}
    assert read_identity(claims) == EherkenningIdentity(BOARD_KVK, BUREAU_KVK)
    assert read_identity({LEGAL_SUBJECT_CLAIM: f" {BOARD_KVK} "}) == EherkenningIdentity(BOARD_KVK)


def test_claim_names_are_the_brokers_choice() -> None:
    claims = {"kvk": BOARD_KVK, "kvk_intermediair": BUREAU_KVK}
    identity = read_identity(
        claims, legal_subject_claim="kvk", intermediary_claim="kvk_intermediair"
    )
    assert identity == EherkenningIdentity(BOARD_KVK, BUREAU_KVK)


@pytest.mark.parametrize(
    "claims",
    [
        {},
        {LEGAL_SUBJECT_CLAIM: ""},
        {LEGAL_SUBJECT_CLAIM: "1234567"},
        {LEGAL_SUBJECT_CLAIM: "123456789"},
        {LEGAL_SUBJECT_CLAIM: 41000001},
        {LEGAL_SUBJECT_CLAIM: [BOARD_KVK]},
        {LEGAL_SUBJECT_CLAIM: BOARD_KVK, INTERMEDIARY_CLAIM: "NL123"},
    ],
)
def test_an_identity_without_a_readable_kvk_number_is_refused(claims: dict[str, object]) -> None:
    with pytest.raises(UnreadableIdentityError):
        read_identity(claims)


def test_a_board_signs_in_for_itself() -> None:
    assert grant_for(EherkenningIdentity(BOARD_KVK), KNOWN) == Grant("41234", "board", ())


def test_a_legal_entity_with_several_boards_gets_them_all_the_first_as_subject() -> None:
    grant = grant_for(EherkenningIdentity(OTHER_BOARD_KVK), KNOWN)
    assert grant == Grant("41235", "board", ("41236",))


def test_a_payroll_bureau_signs_in_for_all_its_mandated_boards() -> None:
    grant = grant_for(EherkenningIdentity(BUREAU_KVK), KNOWN)
    assert grant == Grant("90001", "payroll_bureau", ("41234", "41239"))


def test_a_ketenmachtiging_gives_the_bureau_that_one_board() -> None:
    grant = grant_for(EherkenningIdentity(BOARD_KVK, BUREAU_KVK), KNOWN)
    assert grant == Grant("90001", "payroll_bureau", ("41234",))


def test_a_ketenmachtiging_for_a_board_without_the_bureaus_mandate_is_refused() -> None:
    with pytest.raises(NoMandateError):
        grant_for(EherkenningIdentity(OTHER_BOARD_KVK, BUREAU_KVK), KNOWN)


@pytest.mark.parametrize(
    "identity",
    [
        EherkenningIdentity("49999999"),  # nobody's
        EherkenningIdentity(BOARD_KVK, "59999999"),  # the intermediary is nobody's
        EherkenningIdentity(BOARD_KVK, OTHER_BOARD_KVK),  # the intermediary is a board
        EherkenningIdentity(BUREAU_KVK, BUREAU_KVK),  # acting for a bureau, not a board
    ],
)
def test_an_organisation_the_register_does_not_know_is_refused(
    identity: EherkenningIdentity,
) -> None:
    with pytest.raises(UnknownOrganisationError):
        grant_for(identity, KNOWN)


def test_two_bureaus_behind_one_kvk_number_cannot_sign_in() -> None:
    known = KnownOrganisations(bureaus={BUREAU_KVK: ("90001", "90002")})
    with pytest.raises(UnknownOrganisationError):
        grant_for(EherkenningIdentity(BUREAU_KVK), known)


def test_generated_reference_data_has_kvk_numbers_and_they_survive_the_files(
    tmp_path: Path,
) -> None:
    reference = generate_reference(seed=3, boards=5, bureaus=2)
    assert [b.kvk for b in reference.boards] == [
        board_kvk(b.bevoegd_gezag) for b in reference.boards
    ]
    assert reference.bureaus[0].kvk == bureau_kvk(reference.bureaus[0].nummer) == "50090000"
    write_reference(tmp_path, reference)
    assert read_reference(tmp_path) == reference


def test_reference_files_without_the_kvk_column_are_read_as_before(tmp_path: Path) -> None:
    write_reference(tmp_path, generate_reference(seed=3, boards=3, bureaus=1))
    for name in ("besturen.csv", "administratiekantoren.csv"):
        lines = (tmp_path / name).read_text().splitlines()
        (tmp_path / name).write_text("\n".join(line.rsplit(";", 1)[0] for line in lines) + "\n")
    read = read_reference(tmp_path)
    assert {b.kvk for b in read.boards} == {None}
    assert {b.kvk for b in read.bureaus} == {None}


def test_a_kvk_number_that_is_not_eight_digits_is_refused_with_its_line(tmp_path: Path) -> None:
    write_reference(tmp_path, generate_reference(seed=3, boards=3, bureaus=1))
    path = tmp_path / "besturen.csv"
    lines = path.read_text().splitlines()
    lines[2] = lines[2].rsplit(";", 1)[0] + ";KVK-123"
    path.write_text("\n".join(lines) + "\n")
    with pytest.raises(ReferenceFileError, match=r"besturen.csv:3: kvk"):
        read_reference(tmp_path)
