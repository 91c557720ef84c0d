"""The portfolio as one print-ready HTML page a teacher can hand to a manager (Dutch labels)."""

from __future__ import annotations

from decimal import Decimal
from html import escape

from lr_portfolio.application.views import PortfolioView
from lr_portfolio.domain.activities import Activity

TYPE_LABELS = {
    "formal_programme": "Formele opleiding",
    "course": "Cursus of training",
    "study_day": "Studiedag",
    "conference": "Congres",
    "inside_school": "Binnen de school",
    "outside_school": "Buiten de school",
    "self_study": "Zelfstudie",
}
SUBTYPE_LABELS = {
    "coaching": "coaching",
    "intervision": "intervisie",
    "peer_review": "collegiale consultatie",
    "collegial_visit": "collegiaal bezoek",
    "research": "onderzoek",
    "network": "netwerk",
    "placement": "stage",
    "professional_journal": "vakliteratuur",
    "online": "online",
}

_STYLE = """
@page { size: A4; margin: 18mm 15mm; }
body { font-family: Helvetica, Arial, sans-serif; font-size: 10.5pt; color: #111; }
h1 { font-size: 17pt; margin: 0 0 4pt; } h2 { font-size: 13pt; margin: 16pt 0 6pt; }
.meta { color: #444; margin-bottom: 10pt; }
table { width: 100%; border-collapse: collapse; }
th, td { border-bottom: 1px solid #bbb; padding: 3pt 4pt; text-align: left; vertical-align: top; }
th { background: #eee; } td.n, th.n { text-align: right; }
tr { page-break-inside: avoid; } thead { display: table-header-group; }
.ok { color: #1a6b1a; font-weight: bold; } .todo { color: #8a1c1c; font-weight: bold; }
footer { margin-top: 16pt; color: #666; font-size: 9pt; }
"""


def _hours(value: Decimal) -> str:
    return f"{value.normalize():f}".replace(".", ",")


def _date_range(activity: Activity) -> str:
    d = activity.draft
    if d.end_date is None or d.end_date == d.start_date:
        return d.start_date.strftime("%d-%m-%Y")
    return f"{d.start_date:%d-%m-%Y} t/m {d.end_date:%d-%m-%Y}"


def _progress_rows(view: PortfolioView) -> str:
    if not view.progress:
        return "<p>Nog geen registratieperiode bekend.</p>"
    rows = []
    for progress, current in view.progress:
        status = (
            '<span class="ok">norm gehaald</span>'
            if progress.norm_met
            else f'<span class="todo">nog {_hours(progress.missing_total)} uur, waarvan '
            f"{_hours(progress.missing_core)} primair proces</span>"
        )
        label = " (huidige periode)" if current else ""
        rows.append(
            f"<tr><td>{progress.period.start:%d-%m-%Y} t/m {progress.period.end:%d-%m-%Y}{label}"
            f"</td><td class=n>{_hours(progress.hours.total)} / {_hours(progress.norm.total_hours)}"
            f"</td><td class=n>{_hours(progress.hours.core)} / {_hours(progress.norm.core_hours)}"
            f"</td><td>{status}</td></tr>"
        )
    return (
        "<table><thead><tr><th>Periode</th><th class=n>Uren totaal / norm</th>"
        "<th class=n>Primair proces / norm</th><th>Stand</th></tr></thead><tbody>"
        + "".join(rows)
        + "</tbody></table>"
    )


def _activity_rows(view: PortfolioView) -> str:
    if not view.activities:
        return "<p>Geen activiteiten.</p>"
    rows = []
    for a in view.activities:
        d = a.draft
        kind = TYPE_LABELS[d.type.value]
        if d.subtype is not None:
            kind += f" ({SUBTYPE_LABELS[d.subtype.value]})"
        source = "gevalideerd door aanbieder" if a.source == "provider" else "eigen invoer"
        evidence = " · bewijsstuk" if a.evidence else ""
        rows.append(
            f"<tr><td>{_date_range(a)}</td><td>{escape(d.title)}<br><small>{escape(kind)}"
            f"{' · ' + escape(d.subject) if d.subject else ''}</small></td>"
            f"<td>{escape(d.provider)}</td><td class=n>{_hours(d.hours)}</td>"
            f"<td>{'ja' if d.core else 'nee'}</td><td><small>{source}{evidence}</small></td></tr>"
        )
    return (
        "<table><thead><tr><th>Datum</th><th>Activiteit</th><th>Aanbieder</th>"
        "<th class=n>Uren</th><th>Primair proces</th><th>Bron</th></tr></thead><tbody>"
        + "".join(rows)
        + "</tbody></table>"
    )


def render(view: PortfolioView, *, shared: bool = False) -> str:
    name = view.registration.display_name if view.registration else ""
    who = f"{escape(name)} · " if name else ""
    scope = (
        f"Periode {view.period.start:%d-%m-%Y} t/m {view.period.end:%d-%m-%Y}"
        if view.period
        else "Alle perioden"
    )
    note = "Gedeelde, alleen-lezen weergave." if shared else "Export door de leraar zelf."
    return (
        '<!DOCTYPE html><html lang="nl"><head><meta charset="utf-8">'
        '<meta name="robots" content="noindex">'
        f"<title>Lerarenportfolio {escape(view.registration_number)}</title>"
        f"<style>{_STYLE}</style></head><body>"
        "<h1>Lerarenportfolio</h1>"
        f'<div class="meta">{who}registratienummer {escape(view.registration_number)}<br>'
        f"{scope} · opgemaakt op {view.generated_at:%d-%m-%Y %H:%M} UTC</div>"
        f"<h2>Voortgang naar de norm</h2>{_progress_rows(view)}"
        f"<h2>Activiteiten</h2>{_activity_rows(view)}"
        f"<footer>{note} Bron: Lerarenregister.</footer></body></html>"
    )
