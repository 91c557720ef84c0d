"""Killing and restarting one instance of a fleet: at a failpoint (the crash tests) or with
SIGKILL at any moment (`lr chaos`). The instance keeps its port across restarts."""

from __future__ import annotations

import asyncio
import signal
import subprocess

import httpx

from lr_shared.failpoints import EXIT_CODE
from lr_tools.fleet import Fleet

__all__ = ["EXIT_CODE", "arm", "disarm", "kill", "restart", "start", "stop", "wait_exit"]


def arm(fleet: Fleet, instance: str, points: str) -> None:
    """The instance's next starts carry `LR_FAILPOINTS=points`."""
    fleet.instance_env.setdefault(instance, {})["LR_FAILPOINTS"] = points


def disarm(fleet: Fleet, instance: str) -> None:
    fleet.instance_env.get(instance, {}).pop("LR_FAILPOINTS", None)


def stop(fleet: Fleet, instance: str, *, timeout: float = 30.0) -> int | None:
    """Stop the instance politely (SIGTERM), SIGKILL if it will not; its exit code."""
    process = fleet.processes.get(instance)
    if process is None or process.poll() is not None:
        return None if process is None else process.returncode
    process.terminate()
    try:
        return process.wait(timeout=timeout)
    except subprocess.TimeoutExpired:
        process.kill()
        return process.wait(timeout=timeout)


def kill(fleet: Fleet, instance: str) -> int | None:
    """`kill -9` the instance, as an operator's or the kernel's would; its exit code."""
    process = fleet.processes.get(instance)
    if process is None or process.poll() is not None:
        return None if process is None else process.returncode
    process.send_signal(signal.SIGKILL)
    return process.wait(timeout=30)


async def wait_exit(fleet: Fleet, instance: str, *, timeout: float) -> int | None:
    """The instance's exit code once it has exited, or None if it still runs at the timeout."""
    process = fleet.processes[instance]
    loop = asyncio.get_running_loop()
    deadline = loop.time() + timeout
    while process.poll() is None:
        if loop.time() > deadline:
            return None
        await asyncio.sleep(0.1)
    return process.returncode


async def start(fleet: Fleet, service: str, *, ready_timeout: float = 300.0) -> None:
    """Start the (stopped or dead) instance of `service`; return once it is ready, or once it
    has exited (an armed one may reach its failpoint before it answers /ready)."""
    stop(fleet, service)
    fleet.start(service)
    process = fleet.processes[service]
    loop = asyncio.get_running_loop()
    deadline = loop.time() + ready_timeout
    async with httpx.AsyncClient(timeout=2.0) as client:
        while process.poll() is None:
            try:
                if (await client.get(f"{fleet.url(service)}/ready")).status_code == 200:
                    return
            except httpx.HTTPError:
                pass
            if loop.time() > deadline:
                raise RuntimeError(f"{service} not ready:\n{fleet.log_tail(service)}")
            await asyncio.sleep(0.25)


async def restart(fleet: Fleet, service: str, *, ready_timeout: float = 300.0) -> None:
    """Start the instance again, unarmed as it is now, and wait until it is ready."""
    await start(fleet, service, ready_timeout=ready_timeout)
    if fleet.processes[service].poll() is not None:
        raise RuntimeError(f"{service} exited on start:\n{fleet.log_tail(service)}")
