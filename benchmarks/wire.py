"""A TCP relay between the browser and the dashboard that notes when the server's bytes
pass on the wire.

Why: Chromium reports a websocket message (to DevTools, so to Playwright) when the page's
renderer takes it, and a renderer busy drawing the message before takes the next one late.
Timed there, a page that the server had sent whole in 0.3 s looked like a server still
running at 1.5 s. The relay sees the server's bytes as they leave it, whatever the page is
doing, so a click's time divides truly between the server and the browser.

The relay forwards every byte unchanged, both ways; it notes (perf_counter, bytes) for each
chunk the server sends on a connection that became a websocket (the HTTP answer began
"HTTP/1.1 101"), not for the page's script and style files.
"""

from __future__ import annotations

import contextlib
import socket
import threading
import time
import urllib.parse

CHUNK = 256 * 1024


class WireRelay:
    """Listen on a free loopback port and relay each connection to the server at `server_url`;
    `url` is the address the browser opens, `sent` the server's websocket chunks
    (perf_counter, bytes)."""

    def __init__(self, server_url: str):
        address = urllib.parse.urlsplit(server_url)
        host = address.hostname
        self._target = (host, address.port)
        self._listener = socket.create_server((host, 0))
        self.url = f"http://{host}:{self._listener.getsockname()[1]}"
        self.sent: list[tuple[float, int]] = []
        self._lock = threading.Lock()
        self._open: list[socket.socket] = []
        self._closed = False
        threading.Thread(target=self._accept, daemon=True).start()

    def _accept(self) -> None:
        while not self._closed:
            try:
                browser, _ = self._listener.accept()
            except OSError:
                return
            server = socket.create_connection(self._target)
            for end in (browser, server):
                end.setsockopt(socket.IPPROTO_TCP, socket.TCP_NODELAY, 1)
            with self._lock:
                self._open += [browser, server]
            threading.Thread(target=self._pump, args=(browser, server, False), daemon=True).start()
            threading.Thread(target=self._pump, args=(server, browser, True), daemon=True).start()

    def _pump(self, source: socket.socket, sink: socket.socket, from_server: bool) -> None:
        websocket = None  # known from the server's first bytes on this connection
        try:
            while data := source.recv(CHUNK):
                at = time.perf_counter()
                if from_server:
                    if websocket is None:
                        websocket = data.startswith(b"HTTP/1.1 101")
                    elif websocket:
                        with self._lock:
                            self.sent.append((at, len(data)))
                sink.sendall(data)
        except OSError:
            pass
        finally:
            for end in (source, sink):
                with contextlib.suppress(OSError):
                    end.shutdown(socket.SHUT_RDWR)

    def sent_since(self, started: float, until: float) -> list[tuple[float, int]]:
        """The server's websocket chunks from `started` to `until` (perf_counter seconds)."""
        with self._lock:
            return [(at, size) for at, size in self.sent if started <= at <= until]

    def close(self) -> None:
        self._closed = True
        self._listener.close()
        with self._lock:
            for end in self._open:
                end.close()
