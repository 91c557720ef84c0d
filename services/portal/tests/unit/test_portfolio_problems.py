"""The portfolio's refusals read the same whether it answers FastAPI's shape or RFC 9457."""

from lr_portal.adapters.portfolio import FieldProblem, field_problems


def test_fastapi_validation_detail_names_each_field() -> None:
    body = {
        "detail": [
            {"loc": ["body", "hours"], "type": "precision", "msg": "at most two decimals"},
            {"loc": ["body", "subtype"], "type": "required", "msg": "needs a subtype"},
        ]
    }
    assert field_problems(body) == [
        FieldProblem("hours", "precision", "at most two decimals"),
        FieldProblem("subtype", "required", "needs a subtype"),
    ]


def test_a_problem_details_body_with_errors_names_each_field() -> None:
    body = {
        "type": "about:blank",
        "title": "Unprocessable Content",
        "status": 422,
        "detail": "The request has invalid fields.",
        "errors": [{"loc": ["body", "end_date"], "type": "order", "msg": "before start"}],
    }
    assert field_problems(body) == [FieldProblem("end_date", "order", "before start")]


def test_json_pointers_and_names_are_understood_too() -> None:
    body = {"invalid_params": [{"pointer": "/title", "code": "required"}, {"name": "hours"}]}
    assert [(p.field, p.code) for p in field_problems(body)] == [
        ("title", "required"),
        ("hours", "invalid"),
    ]


def test_a_body_without_fields_is_one_problem_of_the_whole_form() -> None:
    bodies: list[object] = [None, "text", {"detail": "Not valid"}, {"errors": []}]
    for body in bodies:
        assert field_problems(body) == [FieldProblem("", "invalid")]
