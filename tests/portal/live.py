"""A real Uvicorn serving the portal on 127.0.0.1 in a thread, and a raw HTTP client.

The raw client sends the request target byte for byte (``http.client``), so ``..`` and
``%2e%2e`` reach the server as an attacker would send them — httpx would normalise them.
"""

from __future__ import annotations

import http.client
import socket
import threading
import time
from contextlib import contextmanager
from urllib.parse import urlencode


def free_port() -> int:
    with socket.socket() as s:
        s.bind(("127.0.0.1", 0))
        return s.getsockname()[1]


@contextmanager
def serve(app):
    import uvicorn

    port = free_port()
    server = uvicorn.Server(uvicorn.Config(app, host="127.0.0.1", port=port, log_level="warning", access_log=False))
    thread = threading.Thread(target=server.run, daemon=True)
    thread.start()
    deadline = time.monotonic() + 30
    while not server.started:
        if time.monotonic() > deadline or not thread.is_alive():
            raise RuntimeError("uvicorn did not start")
        time.sleep(0.05)
    try:
        yield port
    finally:
        server.should_exit = True
        thread.join(timeout=10)


class RawClient:
    def __init__(self, port: int) -> None:
        self.port = port
        self.cookie: str | None = None

    def request(self, method: str, target: str, body: bytes | None = None,
                headers: dict | None = None) -> tuple[int, dict, bytes]:
        con = http.client.HTTPConnection("127.0.0.1", self.port, timeout=30)
        hdrs = dict(headers or {})
        if self.cookie:
            hdrs["Cookie"] = self.cookie
        con.putrequest(method, target, skip_accept_encoding=True)
        for k, v in hdrs.items():
            con.putheader(k, v)
        if body is not None:
            con.putheader("Content-Length", str(len(body)))
        con.endheaders(body)
        response = con.getresponse()
        data = response.read()
        result = response.status, {k.lower(): v for k, v in response.getheaders()}, data
        con.close()
        return result

    def login(self, user: str, password: str) -> int:
        status, headers, _ = self.request("POST", "/login", urlencode({"gebruiker": user, "wachtwoord": password})
                                          .encode(), {"Content-Type": "application/x-www-form-urlencoded"})
        if status == 303:
            self.cookie = headers["set-cookie"].split(";", 1)[0]
        return status

    def post_form(self, target: str, fields: dict) -> tuple[int, dict, bytes]:
        return self.request("POST", target, urlencode(fields).encode(),
                            {"Content-Type": "application/x-www-form-urlencoded"})
