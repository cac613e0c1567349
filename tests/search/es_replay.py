"""A real HTTP server on 127.0.0.1 that answers the Elasticsearch client with recorded
Elasticsearch 8 responses (tests/fixtures/recorded/elasticsearch/), in order.

The backend talks to it through the real ``elasticsearch`` client and its HTTP transport,
so request encoding, headers, retries, response decoding and error classes are all
exercised. Each request must be the one the recording expects next (method, and path
matched as a regular expression); the server keeps what it received, for assertions.
"""

from __future__ import annotations

import gzip
import json
import re
import threading
from dataclasses import dataclass, field
from http.server import BaseHTTPRequestHandler, ThreadingHTTPServer
from pathlib import Path
from typing import Any

RECORDED = Path(__file__).resolve().parents[1] / "fixtures" / "recorded" / "elasticsearch"
# What every Elasticsearch 8 response carries; the client refuses a server without it.
HEADERS = {
    "X-elastic-product": "Elasticsearch",
    "content-type": "application/vnd.elasticsearch+json;compatible-with=8",
}


def load(name: str) -> list[dict[str, Any]]:
    """The exchanges of one recording: [{"request": {...}, "response": {...}}]."""
    return json.loads((RECORDED / f"{name}.json").read_text(encoding="utf-8"))["exchanges"]


@dataclass
class Received:
    method: str
    path: str
    query: str
    body: Any  # JSON, a list for NDJSON (bulk), or None


@dataclass
class Replay:
    exchanges: list[dict[str, Any]]
    received: list[Received] = field(default_factory=list)
    mismatches: list[str] = field(default_factory=list)

    def answer(self, method: str, target: str, raw: bytes) -> tuple[int, bytes]:
        path, _, query = target.partition("?")
        self.received.append(Received(method, path, query, _decode(raw)))
        if not self.exchanges:
            self.mismatches.append(f"unexpected {method} {target}")
            return 500, b'{"error": "no more recorded exchanges"}'
        expected = self.exchanges.pop(0)
        request = expected["request"]
        if request["method"] != method or not re.fullmatch(request["path"], path):
            self.mismatches.append(
                f"expected {request['method']} {request['path']}, got {method} {path}"
            )
            return 500, b'{"error": "not the recorded request"}'
        response = expected["response"]
        body = b"" if response.get("body") is None else json.dumps(response["body"]).encode()
        return response["status"], body


def _decode(raw: bytes) -> Any:
    if raw[:2] == b"\x1f\x8b":
        raw = gzip.decompress(raw)
    if not raw:
        return None
    text = raw.decode("utf-8")
    lines = [line for line in text.splitlines() if line.strip()]
    if len(lines) > 1:
        return [json.loads(line) for line in lines]
    return json.loads(text)


class _Handler(BaseHTTPRequestHandler):
    replay: Replay

    def _serve(self) -> None:
        length = int(self.headers.get("content-length") or 0)
        raw = self.rfile.read(length) if length else b""
        status, body = self.server.replay.answer(self.command, self.path, raw)
        self.send_response(status)
        for name, value in HEADERS.items():
            self.send_header(name, value)
        self.send_header("content-length", str(len(body)))
        self.end_headers()
        if self.command != "HEAD":
            self.wfile.write(body)

    do_GET = do_POST = do_PUT = do_DELETE = do_HEAD = _serve

    def log_message(self, format: str, *args: Any) -> None:  # quiet in test output
        pass


class ReplayServer:
    """``with ReplayServer(exchanges) as server:`` then ``server.url``."""

    def __init__(self, exchanges: list[dict[str, Any]]) -> None:
        self.replay = Replay(list(exchanges))
        self.httpd = ThreadingHTTPServer(("127.0.0.1", 0), _Handler)
        self.httpd.replay = self.replay
        self.url = f"http://127.0.0.1:{self.httpd.server_address[1]}"
        self.thread = threading.Thread(target=self.httpd.serve_forever, args=(0.05,), daemon=True)

    def __enter__(self) -> ReplayServer:
        self.thread.start()
        return self

    def __exit__(self, *exc_info: object) -> None:
        self.httpd.shutdown()
        self.httpd.server_close()

    @property
    def received(self) -> list[Received]:
        return self.replay.received

    def assert_all_replayed(self) -> None:
        assert not self.replay.mismatches, self.replay.mismatches
        assert not self.replay.exchanges, f"not requested: {self.replay.exchanges}"
