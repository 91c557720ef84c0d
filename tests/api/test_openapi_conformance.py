"""Every service answers as its own OpenAPI document says: schemathesis generates requests from
each document (valid and invalid ones) and runs its default checks against the services as
processes on the real stack, with valid development tokens so it gets past 401.

The number of examples per operation is bounded (`MAX_EXAMPLES`), so the whole run stays
within a minute or two on a small machine."""

from __future__ import annotations

from collections.abc import AsyncIterator
from pathlib import Path

import pytest
import pytest_asyncio
import schemathesis
from hypothesis import HealthCheck, given, settings
from hypothesis.errors import Unsatisfiable
from schemathesis import GenerationMode

from lr_intake.adapters.reference_files import write_reference
from lr_intake.devdata.reference import generate_reference
from lr_shared import auth
from lr_tools.fleet import Fleet
from lr_tools.mailsink import MailSink
from lr_tools.paths import Paths
from lr_tools.testing import StackEndpoints

pytestmark = pytest.mark.e2e

MAX_EXAMPLES = 8
SERVICES = ("intake", "registry", "portfolio", "notifications")
REFERENCE = generate_reference(seed=5, boards=12, bureaus=2)
BOARD = REFERENCE.boards[0].bevoegd_gezag
TEACHER_BSN = "111222333"
REGISTRATION_NUMBER = "LR00000001"


@pytest_asyncio.fixture(scope="module")
async def fleet(
    stack: StackEndpoints, dev_keys: Path, tmp_path_factory: pytest.TempPathFactory
) -> AsyncIterator[Fleet]:
    workdir = tmp_path_factory.mktemp("openapi")
    sink = MailSink(host="127.0.0.1", port=0, directory=workdir / "mail")
    await sink.start()
    fleet = Fleet(
        root=Paths.discover().root,
        workdir=workdir,
        postgres_url=stack.postgres_url,
        kafka_bootstrap=stack.kafka_bootstrap,
        smtp_port=sink.port,
        keys=dev_keys,
    )
    try:
        await fleet.open(SERVICES)
        write_reference(workdir / "reference", REFERENCE)
        fleet.run_cli("intake", "reference", "load", str(workdir / "reference"))
        yield fleet
    finally:
        fleet.stop()
        await fleet.delete_topics()
        await fleet.drop_databases()
        await sink.stop()


def _token(keys: Path, kind: auth.TokenKind, subject: str) -> str:
    key_file, kid = (
        (auth.REGISTRY_KEY_FILE, auth.REGISTRY_KID)
        if kind == "register"
        else (auth.DEV_IDP_KEY_FILE, auth.DEV_IDP_KID)
    )
    return auth.mint_token(
        (keys / key_file).read_bytes(),
        kid=kid,
        issuer=auth.ISSUER_OF[kind],
        subject=subject,
        kind=kind,
    )


def _headers(fleet: Fleet, service: str, case: schemathesis.Case) -> dict[str, str]:
    """The token the operation asks for, as the service's own users would hold it."""
    path = case.operation.path
    if service == "intake":
        kind, subject = "board", BOARD
    elif service == "registry" and path == "/v1/me/token":
        kind, subject = "identity", TEACHER_BSN
    elif service in ("registry", "portfolio") and path.startswith("/v1/me"):
        kind, subject = "register", REGISTRATION_NUMBER
    else:
        return {}
    return {"Authorization": f"Bearer {_token(fleet.keys, kind, subject)}"}


BOUNDED = settings(
    max_examples=MAX_EXAMPLES,
    deadline=None,
    suppress_health_check=list(HealthCheck),
    derandomize=True,  # the same requests every run: a failure here is not a fluke
    database=None,
)


# Where a schema-valid request can still break a rule no JSON schema expresses, the service
# answers 422 and documents it; schemathesis's positive-data check is told so for those
# operations alone: a delivery file's contents (its header, its rows), an activity's type and
# subtype and its dates against today, a share's period and expiry, an evidence file's kind.
BUSINESS_RULES = """
[[operations]]
include-path-regex = "^/v1/(deliveries|me/activities(/[^/]+(/evidence)?)?|me/shares)$"
include-method-regex = "^(POST|PUT)$"
checks.positive_data_acceptance.expected-statuses = [
    "2xx", "3xx", "401", "403", "404", "409", "413", "415", "422", "429",
]
"""


def _failures(fleet: Fleet, service: str) -> list[str]:
    """Each operation of the service's document, with valid and with invalid requests; the
    checks that failed, as schemathesis words them."""
    schema = schemathesis.openapi.from_url(
        f"{fleet.url(service)}/openapi.json", config=schemathesis.Config.from_str(BUSINESS_RULES)
    )
    failures: list[str] = []
    for result in schema.get_all_operations():
        operation = result.ok()
        for mode in (GenerationMode.POSITIVE, GenerationMode.NEGATIVE):

            @given(case=operation.as_strategy(generation_mode=mode))
            @BOUNDED
            def run(case: schemathesis.Case) -> None:
                case.call_and_validate(headers=_headers(fleet, service, case))

            try:
                run()
            except Unsatisfiable:
                # Nothing in the request can be made invalid (no parameters, no body).
                assert mode == GenerationMode.NEGATIVE, operation.label
            except Exception as failure:
                failures.append(f"{operation.label} ({mode}):\n{failure}")
    return failures


@pytest.mark.parametrize("service", SERVICES)
def test_each_service_answers_as_its_openapi_document_says(fleet: Fleet, service: str) -> None:
    failures = _failures(fleet, service)
    assert not failures, "\n\n".join(failures)
