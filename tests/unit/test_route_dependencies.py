"""No route of any service depends on a plain `def` function: FastAPI runs those in its thread
pool, a hand-off to a worker thread and back for every request (a turn of the event loop behind
every other request, and the GIL passed twice). The portal's pages and the registry's board
pages paid that for `get_container` alone (docs/portal.md, "Performance")."""

from __future__ import annotations

import importlib
import inspect
import pkgutil
from collections.abc import Callable, Iterator
from typing import Any, cast

import pytest
from fastapi import APIRouter
from fastapi.dependencies.models import Dependant
from fastapi.routing import APIRoute

SERVICES = ("lr_intake", "lr_registry", "lr_portfolio", "lr_portal", "lr_profession")
"""The services with HTTP routes of their own (notifications has /health and /metrics only)."""


def _intake_routers() -> Iterator[APIRouter]:
    # Intake builds its routers around the application object; building one calls nothing.
    from lr_intake.entrypoints import http, http_corrections

    yield http.build_router(cast(Any, None))
    yield http_corrections.build_corrections_router(cast(Any, None))


def _routers(service: str) -> Iterator[APIRouter]:
    if service == "lr_intake":
        yield from _intake_routers()
    package = importlib.import_module(f"{service}.entrypoints")
    for module in pkgutil.iter_modules(package.__path__):
        loaded = importlib.import_module(f"{service}.entrypoints.{module.name}")
        yield from (value for value in vars(loaded).values() if isinstance(value, APIRouter))


def _is_async(call: Callable[..., Any]) -> bool:
    # A class instance (HTTPBearer, require_token's checker) is called through __call__.
    target = call if inspect.isroutine(call) else type(call).__call__
    return inspect.iscoroutinefunction(target) or inspect.isasyncgenfunction(target)


def _sync_calls(dependant: Dependant) -> Iterator[str]:
    for sub in dependant.dependencies:
        call = sub.call
        if call is not None and not _is_async(call):
            yield f"{getattr(call, '__module__', '?')}.{getattr(call, '__qualname__', call)}"
        yield from _sync_calls(sub)


@pytest.mark.parametrize("service", SERVICES)
def test_every_dependency_of_every_route_is_async(service: str) -> None:
    routes = [
        route
        for router in _routers(service)
        for route in router.routes
        if isinstance(route, APIRoute)
    ]
    assert routes, f"{service} has no routes to check"
    sync = sorted({name for route in routes for name in _sync_calls(route.dependant)})
    endpoints = sorted(
        f"{route.path} ({route.endpoint.__qualname__})"
        for route in routes
        if not _is_async(route.endpoint)
    )
    assert sync == []
    assert endpoints == []
