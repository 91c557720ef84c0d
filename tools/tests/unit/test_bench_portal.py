from lr_tools.bench.portal import portal_targets
from lr_tools.bench.report import targets


def test_the_portal_targets_judge_latency_against_health_and_page_weight() -> None:
    figures = {
        "users": 50,
        "overview_p95_ms": 90.0,
        "search_p95_ms": 200.0,
        "health_p95_ms": 40.0,
        "overview_vs_health": 2.25,
        "search_vs_health": 5.0,
        "heaviest_page": "/mijn-registratie/export",
        "heaviest_page_bytes": 101_200,
        "weight_within_target": False,
    }
    judged = {what: met for what, _, _, met in portal_targets(figures)}
    assert judged == {
        "portal overview p95 vs /health p95, 50 users": True,
        "portal search p95 vs /health p95, 50 users": False,
        "portal page weight, HTML + CSS + JS (heaviest page)": False,
    }
    assert [t.what for t in targets({"portal": figures})] == list(judged)


def test_no_portal_part_no_portal_targets() -> None:
    assert portal_targets({}) == []
    assert targets({}) == []
