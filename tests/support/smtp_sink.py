"""A real SMTP server on 127.0.0.1 (aiosmtpd) that keeps what it accepts, for tests and the benchmark."""

from __future__ import annotations

import asyncio
import email
import socket
import threading
from email import policy

from aiosmtpd.controller import Controller


def free_port() -> int:
    """A port nothing listens on now (aiosmtpd cannot start on port 0 itself)."""
    with socket.socket() as probe:
        probe.bind(("127.0.0.1", 0))
        return probe.getsockname()[1]


class Sink:
    """An aiosmtpd handler keeping every message; chosen recipients get a chosen refusal instead."""

    def __init__(self, keep: bool = True):
        self.keep = keep
        self.received: list[tuple[str, list[str], bytes]] = []
        self.count = 0
        #: SMTP sessions opened (EHLO greetings seen).
        self.connections = 0
        #: recipient address -> SMTP reply, e.g. "550 5.1.1 No such mailbox".
        self.refuse: dict[str, str] = {}
        #: The message (counted from 1) whose reply is held back until `release` is set, to catch a sender mid-send;
        #: `stalled` is set once it is held. `keep_stalled`: the server had kept it (the sender never heard so).
        self.stall_at: int | None = None
        self.keep_stalled = True
        self.stalled = threading.Event()
        self.release = threading.Event()
        self.data_seen = 0

    async def handle_EHLO(self, server, session, envelope, hostname, responses):
        """Count sessions."""
        self.connections += 1
        session.host_name = hostname
        return responses

    async def handle_RCPT(self, server, session, envelope, address, rcpt_options):
        """Accept a recipient unless told to refuse it."""
        if address in self.refuse:
            return self.refuse[address]
        envelope.rcpt_tos.append(address)
        return "250 OK"

    async def handle_DATA(self, server, session, envelope):
        """Keep the message; the chosen one's reply is held back, after keeping it or instead of keeping it."""
        self.data_seen += 1
        stall = self.data_seen == self.stall_at
        if stall and not self.keep_stalled:
            await self._hold()
            return "451 4.3.0 Not kept"
        self.count += 1
        if self.keep:
            self.received.append((envelope.mail_from, list(envelope.rcpt_tos), envelope.original_content))
        if stall:
            await self._hold()
        return "250 Message accepted for delivery"

    async def _hold(self) -> None:
        """Say that a reply is being held, and hold it until released."""
        self.stalled.set()
        while not self.release.is_set():
            await asyncio.sleep(0.02)

    def messages(self) -> list[email.message.EmailMessage]:
        """The messages received, parsed."""
        return [email.message_from_bytes(content, policy=policy.default) for _, _, content in self.received]


class SmtpServer:
    """Starts and stops a Sink on a fixed port, so a test can take the server down and bring it back."""

    def __init__(self, port: int | None = None, sink: Sink | None = None):
        self.port = port or free_port()
        self.sink = sink or Sink()
        self.controller: Controller | None = None

    def start(self) -> SmtpServer:
        """Listen on 127.0.0.1:port."""
        self.controller = Controller(self.sink, hostname="127.0.0.1", port=self.port)
        self.controller.start()
        return self

    def stop(self) -> None:
        """Stop listening; connections are refused until start() again."""
        if self.controller is not None:
            self.controller.stop()
            self.controller = None
