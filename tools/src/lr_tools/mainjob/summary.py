"""The summary a newcomer reads at the end of `make run`."""

from __future__ import annotations

from rich.console import Console
from rich.table import Table

from lr_tools.mainjob.accreditation import RoundResult
from lr_tools.mainjob.job import JobResult


def render(
    result: JobResult,
    console: Console,
    portal: str | None = None,
    accreditation: RoundResult | None = None,
) -> None:
    deliveries = result.deliveries
    views = [d.view for d in deliveries]
    total = sum(int(str(v.get("rows_total", 0))) for v in views)
    accepted = sum(int(str(v.get("rows_accepted", 0))) for v in views)
    rejected = sum(int(str(v.get("rows_rejected", 0))) for v in views)
    warned = sum(int(str(v.get("rows_warned", 0))) for v in views)
    statuses = sorted({d.status for d in deliveries})

    console.rule("[bold]National delivery: summary")
    overview = Table(show_header=False, box=None)
    overview.add_row("deliveries", f"{len(deliveries)} ({', '.join(statuses)})")
    overview.add_row("rows", f"{total} total, {accepted} accepted, {rejected} rejected, "
                     f"{warned} with a warning")  # fmt: skip
    overview.add_row("teachers expected", str(result.expected_teachers))
    overview.add_row(
        "invitations",
        f"{result.invitations_sent} sent ({result.mails_on_disk} new files under var/mail/), "
        f"{result.without_address} teachers without a known e-mail address",
    )
    console.print(overview)

    codes = Table(title="Rows per code (as the boards read them back)")
    codes.add_column("severity")
    codes.add_column("code")
    codes.add_column("rows", justify="right")
    for key, count in sorted(result.codes.items()):
        severity, code = key.split(":", 1)
        codes.add_row(severity, code, str(count))
    console.print(codes)

    states = Table(title="Registrations of this run per state (from lr.registry.registrations.v1)")
    states.add_column("state")
    states.add_column("registrations", justify="right")
    for state, count in sorted(result.states.items()):
        states.add_row(state, str(count))
    console.print(states)

    visits = Table(title="Teachers who signed in")
    for column in ("registration", "after confirming", "portfolio hours", "public lookup"):
        visits.add_column(column)
    for v in result.visits:
        visits.add_row(
            v.registration_number,
            v.state_after_confirm,
            v.hours_logged,
            "found" if v.found_publicly else "not found",
        )
    console.print(visits)

    if accreditation is not None:
        console.print(_accreditation(accreditation))

    stages = Table(title="Time per stage (cumulative from the upload where it says so)")
    stages.add_column("stage")
    stages.add_column("seconds", justify="right")
    for stage, seconds in result.stages.items():
        stages.add_row(stage, f"{seconds:.1f}")
    console.print(stages)

    if portal:
        console.print(
            f"[bold]Sign in as a teacher:[/bold] {portal}/inloggen/ontwikkeling (the development "
            "sign-in stands in for DigiD: pick a delivered teacher from the list). As a board: "
            f"{portal}/aanleveren/inloggen (pick a board or payroll bureau). As a training "
            f"provider: {portal}/aanbieders/inloggen. The public search: "
            f"{portal}/zoek-een-leraar; criteria and catalogue: {portal}/criteria-en-aanbod."
        )
    if result.problems:
        for problem in result.problems:
            console.print(f"[red]problem:[/red] {problem}")
    else:
        console.print("[green]Every teacher was registered and invited.[/green]")


def _accreditation(round_: RoundResult) -> Table:
    table = Table(title="Accreditation round: a provider's offer, reviewed by a teacher panel")
    table.add_column("what")
    table.add_column("outcome")
    table.add_row("panel", f"{round_.panel} registered teachers of {round_.sector or '-'} joined")
    table.add_row(
        "decision",
        f"{round_.outcome}, {round_.register_hours or '-'} register hours "
        "(the median of 12, 16 and 14 proposed)",
    )
    table.add_row(
        "catalogue",
        f"{round_.activity_code or '-'} "
        + ("listed by the portfolio" if round_.in_catalogue else "not listed"),
    )
    table.add_row(
        "attendance",
        f"one reviewer's progress {round_.hours_before or '-'} -> "
        f"{round_.hours_after or '-'} hours",
    )
    return table
