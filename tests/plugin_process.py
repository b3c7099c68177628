"""Plugins run as the Pulumi CLI runs them: a process that serves gRPC on 127.0.0.1 and writes its port first.

The component package (provider/) and the policy pack (policy/) are both started this way, and both
are handed the address of an engine: a stub served here, on 127.0.0.1, that records what they log.
"""

from __future__ import annotations

import subprocess
from concurrent import futures
from contextlib import contextmanager
from pathlib import Path
from typing import Any, Callable, Iterator, Mapping, Optional

import grpc
from google.protobuf import empty_pb2
from pulumi.runtime.proto import engine_pb2_grpc


class LoggingEngine(engine_pb2_grpc.EngineServicer):
    """The engine's Log service: what the plugin logged, in order."""

    def __init__(self) -> None:
        self.logged: list[str] = []

    def Log(self, request: Any, context: Any) -> Any:
        self.logged.append(request.message)
        return empty_pb2.Empty()


@contextmanager
def serving(servicer: Any, *adders: Callable[[Any, grpc.Server], None]) -> Iterator[int]:
    """``servicer`` served on 127.0.0.1 (each ``add_..._to_server`` of ``adders``); yields its port."""
    server = grpc.server(futures.ThreadPoolExecutor(max_workers=4))
    for add in adders:
        add(servicer, server)
    port = server.add_insecure_port("127.0.0.1:0")
    server.start()
    try:
        yield port
    finally:
        server.stop(None)


@contextmanager
def plugin_channel(command: list[str], cwd: Path, env: Optional[Mapping[str, str]] = None) -> Iterator[grpc.Channel]:
    """Start ``command`` in ``cwd``, read the port it writes as its first line, and yield a channel to it."""
    process = subprocess.Popen(command, cwd=cwd, stdout=subprocess.PIPE, text=True, env=env)
    try:
        port = int(process.stdout.readline())  # type: ignore[union-attr]
        with grpc.insecure_channel(f"127.0.0.1:{port}") as channel:
            yield channel
    finally:
        process.kill()
        process.wait(timeout=10)
