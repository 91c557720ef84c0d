"""Chooses how the stack runs: docker compose where an engine answers, local processes otherwise."""

from __future__ import annotations

import os
from typing import Protocol

from rich.progress import Progress

from lr_tools.console import LrError
from lr_tools.paths import Paths
from lr_tools.stack.base import ComponentStatus
from lr_tools.stack.compose import ComposeStack, docker_engine_available
from lr_tools.stack.native import NativeStack


class Stack(Protocol):
    mode: str

    async def up(self, progress: Progress) -> None: ...

    async def down(self, progress: Progress) -> None: ...

    async def status(self) -> list[ComponentStatus]: ...

    def reset(self) -> None: ...


def select_stack(paths: Paths) -> Stack:
    """`LR_STACK_MODE=native|docker` forces a mode; by default docker only if an engine answers."""
    mode = os.environ.get("LR_STACK_MODE", "auto")
    if mode == "native":
        return NativeStack(paths)
    if mode == "docker":
        return ComposeStack(paths)
    if mode != "auto":
        raise LrError(f"LR_STACK_MODE must be native, docker or auto, not {mode!r}")
    return ComposeStack(paths) if docker_engine_available() else NativeStack(paths)
