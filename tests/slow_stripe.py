"""A proxy in front of localstripe that holds chosen requests (refunds, by default) until the
test lets them go, so a test can do other things while such a call is in flight at "Stripe"
(and show that nothing waits for it)."""

import http.client
import re
import threading
from http.server import BaseHTTPRequestHandler, ThreadingHTTPServer
from urllib.parse import urlsplit

HOLD_AT_MOST = 60  # seconds: a test that forgets to let the refund go does not hang for ever


REFUNDS = r"/v1/refunds"
INTENT_CANCELS = r"/v1/payment_intents/[^/]+/cancel"


class SlowStripe:
    """Forwards every request to `upstream`; a POST whose path matches `hold` waits for
    `release()`. `arrived` is set when such a request reaches the proxy, `answered` when its
    answer has gone back."""

    def __init__(self, upstream: str, *, hold: str = REFUNDS):
        self.upstream = urlsplit(upstream)
        self.hold = re.compile(hold)
        self.arrived = threading.Event()
        self.answered = threading.Event()
        self._release = threading.Event()
        self._server = ThreadingHTTPServer(("127.0.0.1", 0), self._handler())
        self._server.daemon_threads = True
        self._thread = threading.Thread(target=self._server.serve_forever, daemon=True)

    @property
    def url(self) -> str:
        host, port = self._server.server_address[:2]
        return f"http://{host}:{port}"

    def release(self) -> None:
        self._release.set()

    def __enter__(self) -> "SlowStripe":
        self._thread.start()
        return self

    def __exit__(self, *exc) -> None:
        self._release.set()
        self._server.shutdown()
        self._server.server_close()

    def _forward(self, method: str, path: str, headers, body: bytes):
        connection = http.client.HTTPConnection(
            self.upstream.hostname, self.upstream.port, timeout=30
        )
        try:
            connection.request(method, path, body=body or None, headers=headers)
            response = connection.getresponse()
            return response.status, response.getheaders(), response.read()
        finally:
            connection.close()

    def _handler(self):
        proxy = self

        class Handler(BaseHTTPRequestHandler):
            def _proxy(self) -> None:
                body = self.rfile.read(int(self.headers.get("Content-Length") or 0))
                held = self.command == "POST" and proxy.hold.fullmatch(self.path.split("?")[0])
                if held:
                    proxy.arrived.set()
                    proxy._release.wait(HOLD_AT_MOST)
                headers = {
                    key: value
                    for key, value in self.headers.items()
                    if key.lower() not in ("host", "connection", "accept-encoding")
                }
                status, response_headers, content = proxy._forward(
                    self.command, self.path, headers, body
                )
                self.send_response(status)
                for key, value in response_headers:
                    if key.lower() not in ("transfer-encoding", "connection", "content-length"):
                        self.send_header(key, value)
                self.send_header("Content-Length", str(len(content)))
                self.send_header("Connection", "close")
                self.end_headers()
                self.wfile.write(content)
                if held:
                    proxy.answered.set()

            do_GET = do_POST = do_DELETE = _proxy

            def log_message(self, *args) -> None:  # quiet
                pass

        return Handler
