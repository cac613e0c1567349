"""FaultProxy: a small HTTP proxy of ours in front of the local CKAN, to make real outages.

    proxy = FaultProxy(ckan_server.url)    # listens on 127.0.0.1:<free port>
    client = RemoteCKAN(proxy.url, ...)
    proxy.refuse()               # the listening socket is closed: connects get ECONNREFUSED
    proxy.error(503)             # every request answered 503 (until passthrough())
    proxy.rate_limit(retry_after=2)          # 429 with Retry-After: 2
    proxy.delay(5)               # wait 5 s before forwarding (client timeouts)
    proxy.drop()                 # close the connection without an answer
    proxy.fail_next(3, status=503)           # the next 3 requests fail, then all pass
    proxy.passthrough()          # back to normal (re-opens the same port after refuse())

Bodies are streamed both ways in chunks (multipart uploads pass through without being held
in memory). Every connection is closed after one exchange, so refuse() really cuts clients
off: no kept-alive connection survives it.

Counting, for tests and bench/ckan_sync.py: `calls` counts requests by CKAN action name
(path /api/3/action/<name>, /api/action/<name>; other paths count under the path),
`methods` by HTTP method, `log` keeps (method, action, status) in arrival order;
`write_calls()` are the actions that are not reads; `reset_counts()` clears them all.
Requests are counted when they arrive, whether they are then failed or forwarded.
"""

from __future__ import annotations

import http.client
import socketserver
import sys
import threading
import urllib.parse
from collections import Counter
from collections.abc import Callable
from dataclasses import dataclass
from http.server import BaseHTTPRequestHandler

CHUNK = 64 * 1024
READ_SUFFIXES = ("_show", "_list", "_search", "_autocomplete")
HOP_BY_HOP = {
    "connection",
    "keep-alive",
    "proxy-authenticate",
    "proxy-authorization",
    "proxy-connection",
    "te",
    "trailer",
    "transfer-encoding",
    "upgrade",
}


def action_name(path: str) -> str:
    """The CKAN action a request path calls, or the path itself when it calls none."""
    parts = urllib.parse.urlsplit(path).path.strip("/").split("/")
    if len(parts) >= 3 and parts[0] == "api" and parts[-2] == "action":
        return parts[-1]
    return "/" + "/".join(parts)


def is_write(action: str) -> bool:
    """Whether an action changes CKAN (paths that are not actions, such as downloads, do not)."""
    return not action.startswith("/") and not action.endswith(READ_SUFFIXES)


@dataclass(frozen=True)
class ProxiedCall:
    method: str
    action: str
    status: int | None  # what the client got; None when the connection was dropped


@dataclass
class _Fault:
    kind: str = "pass"  # pass | error | delay | drop
    status: int = 503
    retry_after: int | None = None
    seconds: float = 0.0
    remaining: int | None = None  # None = until changed


class _Server(socketserver.ThreadingTCPServer):
    allow_reuse_address = True
    daemon_threads = True

    def handle_error(self, request: object, client_address: object) -> None:
        # A client that gave up (timeout, dropped connection) is part of the game here.
        if isinstance(sys.exc_info()[1], ConnectionError | TimeoutError):
            return
        super().handle_error(request, client_address)


class FaultProxy:
    """A threaded HTTP proxy on 127.0.0.1 in front of upstream_url with switchable faults."""

    def __init__(self, upstream_url: str, port: int = 0, upstream_timeout: float = 120.0) -> None:
        parsed = urllib.parse.urlsplit(upstream_url)
        if parsed.scheme != "http" or not parsed.hostname:
            raise ValueError(f"FaultProxy needs an http:// upstream, not {upstream_url!r}")
        self.upstream_host = parsed.hostname
        self.upstream_port = parsed.port or 80
        self.upstream_timeout = upstream_timeout
        self.calls: Counter[str] = Counter()
        self.methods: Counter[str] = Counter()
        self.log: list[ProxiedCall] = []
        self._lock = threading.Lock()
        self._fault = _Fault()
        self._closing = threading.Event()
        self._server: _Server | None = None
        self._thread: threading.Thread | None = None
        self.port = port
        self._listen()

    # --- life cycle ---------------------------------------------------------------------------

    @property
    def url(self) -> str:
        return f"http://127.0.0.1:{self.port}"

    def _listen(self) -> None:
        proxy = self

        class Handler(_ProxyHandler):
            owner = proxy

        self._server = _Server(("127.0.0.1", self.port), Handler)
        self.port = self._server.server_address[1]
        self._thread = threading.Thread(
            target=self._server.serve_forever,
            kwargs={"poll_interval": 0.05},
            name=f"fault-proxy-{self.port}",
            daemon=True,
        )
        self._thread.start()

    def _unlisten(self) -> None:
        server, self._server = self._server, None
        if server is not None:
            server.shutdown()
            server.server_close()
        if self._thread is not None:
            self._thread.join(timeout=5)
            self._thread = None

    def close(self) -> None:
        self._closing.set()  # wakes delayed requests
        self._unlisten()

    def __enter__(self) -> FaultProxy:
        return self

    def __exit__(self, *exc: object) -> None:
        self.close()

    # --- modes --------------------------------------------------------------------------------

    def _set(self, fault: _Fault) -> None:
        with self._lock:
            self._fault = fault
        if self._server is None and not self._closing.is_set():
            self._listen()

    def passthrough(self) -> None:
        """Forward everything; re-open the port if refuse() closed it."""
        self._set(_Fault())

    def refuse(self) -> None:
        """Close the listening socket: new connections get ECONNREFUSED until passthrough()."""
        with self._lock:
            self._fault = _Fault()
        self._unlisten()

    def error(
        self, status: int = 503, times: int | None = None, retry_after: int | None = None
    ) -> None:
        """Answer `status` (after reading the request body) instead of forwarding."""
        self._set(_Fault("error", status=status, retry_after=retry_after, remaining=times))

    def rate_limit(self, retry_after: int = 1, times: int | None = None) -> None:
        """Answer 429 Too Many Requests with a Retry-After header."""
        self.error(429, times=times, retry_after=retry_after)

    def delay(self, seconds: float, times: int | None = None) -> None:
        """Wait `seconds` before forwarding (the request still reaches CKAN afterwards,
        as with a slow server: a client that timed out cannot know whether it was applied)."""
        self._set(_Fault("delay", seconds=seconds, remaining=times))

    def drop(self, times: int | None = None) -> None:
        """Close the connection without answering (the client sees a connection error)."""
        self._set(_Fault("drop", remaining=times))

    def fail_next(self, n: int, status: int = 503, retry_after: int | None = None) -> None:
        """The next n requests get `status`, then everything passes again."""
        self.error(status, times=n, retry_after=retry_after)

    @property
    def mode(self) -> str:
        if self._server is None:
            return "refuse"
        return self._fault.kind

    # --- counting -----------------------------------------------------------------------------

    def write_calls(self) -> Counter[str]:
        """Calls of actions that change CKAN (not *_show/_list/_search, status_show)."""
        with self._lock:
            return Counter({a: n for a, n in self.calls.items() if is_write(a)})

    def reset_counts(self) -> None:
        with self._lock:
            self.calls.clear()
            self.methods.clear()
            self.log.clear()

    def _arrive(self, method: str, action: str) -> _Fault:
        """Count a request and take the fault it gets (consuming one of `times`)."""
        with self._lock:
            self.calls[action] += 1
            self.methods[method] += 1
            fault = self._fault
            if fault.kind != "pass" and fault.remaining is not None:
                fault.remaining -= 1
                if fault.remaining <= 0:
                    self._fault = _Fault()
            return _Fault(fault.kind, fault.status, fault.retry_after, fault.seconds)

    def _record(self, method: str, action: str, status: int | None) -> None:
        with self._lock:
            self.log.append(ProxiedCall(method, action, status))


class _ProxyHandler(BaseHTTPRequestHandler):
    owner: FaultProxy
    protocol_version = "HTTP/1.1"

    def log_message(self, format: str, *args: object) -> None:
        pass  # tests read proxy.log instead of stderr noise

    def _handle(self) -> None:
        proxy = self.owner
        self.close_connection = True
        self._body = self._body_chunks()
        method, action = self.command, action_name(self.path)
        fault = proxy._arrive(method, action)
        # Each outcome is logged before the client gets its answer, so that a test reading
        # proxy.log right after its call sees it.
        if fault.kind == "drop":
            self._drain_body()
            proxy._record(method, action, None)
            return
        if fault.kind == "error":
            self._drain_body()
            proxy._record(method, action, fault.status)
            self._answer(fault.status, fault.retry_after)
            return
        if fault.kind == "delay" and proxy._closing.wait(fault.seconds):
            proxy._record(method, action, None)
            return
        self._forward(lambda status: proxy._record(method, action, status))

    do_GET = do_POST = do_PUT = do_PATCH = do_DELETE = do_HEAD = do_OPTIONS = _handle

    # --- bodies -----------------------------------------------------------------------------

    def _body_chunks(self):
        """The request body as it arrives, by Content-Length or chunked encoding."""
        if self.headers.get("Transfer-Encoding", "").lower() == "chunked":
            while True:
                size = int(self.rfile.readline().split(b";")[0].strip() or b"0", 16)
                if size == 0:
                    while self.rfile.readline() not in (b"\r\n", b"\n", b""):
                        pass  # trailers
                    return
                yield self.rfile.read(size)
                self.rfile.readline()
        else:
            left = int(self.headers.get("Content-Length") or 0)
            while left > 0:
                chunk = self.rfile.read(min(CHUNK, left))
                if not chunk:
                    return
                left -= len(chunk)
                yield chunk

    def _drain_body(self) -> None:
        # Read the upload before answering, or the client may see a reset mid-send
        # instead of the status we mean to give it.
        for _ in self._body:
            pass

    def _answer(self, status: int, retry_after: int | None) -> None:
        reason = http.client.responses.get(status, "Error")
        body = f"<html><body><h1>{status} {reason}</h1></body></html>\n".encode()
        self.send_response(status, reason)
        self.send_header("Content-Type", "text/html; charset=utf-8")
        self.send_header("Content-Length", str(len(body)))
        if retry_after is not None:
            self.send_header("Retry-After", str(retry_after))
        self.send_header("Connection", "close")
        self.end_headers()
        if self.command != "HEAD":
            self.wfile.write(body)

    def _forward(self, record: Callable[[int], None]) -> None:
        proxy = self.owner
        chunked = self.headers.get("Transfer-Encoding", "").lower() == "chunked"
        upstream = http.client.HTTPConnection(
            proxy.upstream_host, proxy.upstream_port, timeout=proxy.upstream_timeout
        )
        try:
            upstream.putrequest(self.command, self.path, skip_host=True, skip_accept_encoding=True)
            for name, value in self.headers.items():
                if name.lower() not in HOP_BY_HOP:
                    upstream.putheader(name, value)
            if chunked:
                upstream.putheader("Transfer-Encoding", "chunked")
            upstream.putheader("Connection", "close")
            upstream.endheaders()
            for chunk in self._body:
                upstream.send(b"%x\r\n%s\r\n" % (len(chunk), chunk) if chunked else chunk)
            if chunked:
                upstream.send(b"0\r\n\r\n")
            response = upstream.getresponse()
        except OSError:
            # CKAN itself is down (stopped): answer as a gateway would.
            self._drain_body()
            record(502)
            self._answer(502, None)
            upstream.close()
            return
        record(response.status)
        try:
            self.send_response(response.status, response.reason)
            for name, value in response.getheaders():
                if name.lower() not in HOP_BY_HOP:
                    self.send_header(name, value)
            self.send_header("Connection", "close")
            self.end_headers()
            while chunk := response.read(CHUNK):
                self.wfile.write(chunk)
        finally:
            upstream.close()
