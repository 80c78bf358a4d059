"""Stopping a batch: Ctrl-C asks, the driver stops at its next safe point, a deadline makes sure.

Why not KeyboardInterrupt: Python raises it in the main thread between any two bytecodes, also
inside ``threading.Condition.__enter__`` just after the lock was taken, where no ``with`` block
releases it again (CPython 3.11). A stack dump of a hung batch showed exactly that: every writer
thread waiting in ``BoundedSemaphore.release`` for the lock that the interrupted ``acquire`` never
gave back, and the driver joining those threads for ever. So while a batch runs, SIGINT only
sets a flag and makes a socket readable (no lock is taken in the handler); the driver looks at the
flag where it is safe and its waits include the socket.

A second Ctrl-C, or the deadline, ends the process at once with ``os._exit``: every brief and
state record is renamed into place whole, so what was committed stays and the next run finishes
the rest (the same guarantee a SIGKILL gets). The deadline is a thread that needs nothing from
the main thread, so it fires whatever the main thread is stuck in.
"""
from __future__ import annotations

import os
import select
import signal
import socket
import threading
from contextlib import contextmanager
from typing import Callable, Iterator, Optional

GRACE = 10.0  # seconds from the first Ctrl-C to an exit at once


def _say(line: str) -> None:
    try:
        os.write(2, (line + "\n").encode("utf-8", "replace"))  # no Python locks: safe in a handler
    except OSError:
        pass


class Stop:
    """A stop request the driver polls (``requested``) or waits on (``fileno()``).

    ``request()`` may be called from any thread or a signal handler. ``on_ctrl_c()`` routes
    SIGINT here for a block (main thread only) and arms the deadline; ``on_request`` is told
    once, when the first request comes.
    """

    def __init__(self, *, grace: float = GRACE, on_request: Optional[Callable[[], None]] = None):
        self.grace, self.on_request = grace, on_request
        self.requested, self._closed = False, False
        # socket pairs rather than pipes: select() and connection.wait() take sockets on every OS
        self._read, self._write = socket.socketpair()
        self._write.setblocking(False)
        self._done_read, self._done_write = socket.socketpair()

    def fileno(self) -> int:
        """Readable once a stop was requested (for ``multiprocessing.connection.wait``, ``select``)."""
        return self._read.fileno()

    def request(self) -> None:
        first = not self.requested
        self.requested = True
        if not self._closed:
            try:
                self._write.send(b"!")
            except OSError:  # its buffer is full: it is readable already
                pass
        if first and self.on_request is not None:
            self.on_request()

    def _on_sigint(self, signum, frame) -> None:
        if self.requested:
            exit_now("a second Ctrl-C")
        self.request()

    def _deadline(self) -> None:
        """Wait for a request, then give the batch ``grace`` seconds to finish stopping."""
        ready = select.select([self._read, self._done_read], [], [])[0]
        if self._done_read in ready:
            return
        if not select.select([self._done_read], [], [], self.grace)[0]:
            exit_now(f"still stopping {self.grace:.0f} s after Ctrl-C")

    @contextmanager
    def on_ctrl_c(self) -> Iterator["Stop"]:
        """SIGINT requests the stop during the block (when run on the main thread)."""
        if threading.current_thread() is not threading.main_thread():
            yield self  # only the main thread gets signals; a caller elsewhere stops us with request()
            return
        watchdog = threading.Thread(target=self._deadline, name="zonesum-stop-deadline", daemon=True)
        watchdog.start()
        previous = signal.signal(signal.SIGINT, self._on_sigint)
        try:
            yield self
        finally:
            signal.signal(signal.SIGINT, previous)
            self._done_write.send(b"!")
            watchdog.join(timeout=1.0)

    def close(self) -> None:
        self._closed = True
        for end in (self._read, self._write, self._done_read, self._done_write):
            end.close()


def exit_now(why: str) -> None:
    """End the process at once (exit 130); files already renamed into place are kept."""
    _say(f"error: {why}: stopped at once; every input finished so far is kept "
         "(run the same command again to finish the rest)")
    os._exit(130)
