"""A Python 3 client for kvserver (the PLDI'18 artifact's vard.py protocol).

Standard library only. A drop-in for the artifact's usage:

    from kvclient import Client
    cluster = [("localhost", 8000), ("localhost", 8001), ("localhost", 8002)]
    host, port = Client.find_leader(cluster)
    c = Client(host, port)
    c.put("x", "7"); c.get("x")   # "7"; a missing key gives None

Wire format (both directions): a 4-byte little-endian length, then that many
bytes of ASCII. Requests are "CID SEQ CMD A1 A2 A3" with "-" for an absent
argument; responses are "Response SEQ KEY VALUE OLD" or start with "NotLeader".

FailoverTolerantClient keeps one client id and, unlike the artifact's, resends a
failed request with the SAME sequence number, so the server's per-client dedup
applies a retried write once (safe for CAS and CAD too).
"""

import random
import re
import socket
import struct
import sys
import time

__all__ = [
    "Client", "FailoverTolerantClient", "LeaderChanged", "ReceiveError", "SendError",
    "ProtocolError", "BadArgument", "parse_cluster",
]

# Keys and values: the artifact's and vard's character set; "-" means absent.
_WORD = re.compile(r"[/A-Za-z0-9]+")
_RESPONSE = re.compile(r"Response (\d+) ([/A-Za-z0-9]+) ([/A-Za-z0-9]+|-) ([/A-Za-z0-9]+|-)")
MAX_FRAME = 64 << 20  # refuse to allocate more than this for one reply


class LeaderChanged(Exception):
    """The server answered NotLeader: it does not lead (any more)."""


class ReceiveError(Exception):
    """The connection closed or broke while waiting for a reply."""


class SendError(Exception):
    """The request could not be sent."""


class ProtocolError(Exception):
    """The reply does not follow the wire protocol."""


class BadArgument(ValueError):
    """A key or value outside [/A-Za-z0-9]+ (the protocol cannot carry it)."""


def _word(x, what):
    s = str(x)
    if not _WORD.fullmatch(s):
        raise BadArgument("%s %r: keys and values must match [/A-Za-z0-9]+" % (what, s))
    return s


def _opt(x, what):
    return "-" if x is None else _word(x, what)


def _none_if_dash(s):
    return None if s == "-" else s


def parse_cluster(text):
    """'host:port,host:port' -> [(host, port), ...]"""
    out = []
    for entry in text.split(","):
        host, sep, port = entry.strip().rpartition(":")
        if not sep or not host or not port.isdigit():
            raise ValueError("cluster entry %r is not host:port" % entry)
        out.append((host, int(port)))
    return out


class Response(object):
    __slots__ = ("seq", "key", "value", "old")

    def __init__(self, seq, key, value, old):
        self.seq, self.key, self.value, self.old = seq, key, value, old

    def __repr__(self):
        return "Response(seq=%d, key=%r, value=%r, old=%r)" % (
            self.seq, self.key, self.value, self.old)


def parse_response(body):
    """The body of one reply -> Response; raises LeaderChanged or ProtocolError."""
    if body.startswith("NotLeader"):
        raise LeaderChanged(body)
    m = _RESPONSE.fullmatch(body)
    if not m:
        raise ProtocolError("unexpected reply %r" % body)
    return Response(int(m.group(1)), m.group(2), _none_if_dash(m.group(3)),
                    _none_if_dash(m.group(4)))


class Operations(object):
    """The five operations of the wire protocol, over `self.request`, which each
    client class provides (one connection, or one that follows the leader)."""

    def get(self, key):
        return self.request("GET", _word(key, "key")).value

    def put(self, key, value):
        return self.request("PUT", _word(key, "key"), _word(value, "value")).value

    def delete(self, key):
        """Removes `key`; returns the value it had (None if absent)."""
        return self.request("DEL", _word(key, "key")).old

    def compare_and_set(self, key, expected, new):
        """key := new if its value is `expected` (None: absent). True on success."""
        r = self.request("CAS", _word(key, "key"), _opt(expected, "expected"),
                         _word(new, "value"))
        return r.old == (None if expected is None else str(expected))

    def compare_and_delete(self, key, expected):
        """Removes key if its value is `expected`. True on success."""
        r = self.request("CAD", _word(key, "key"), _word(expected, "expected"))
        return r.old == str(expected)


class Client(Operations):
    """One connection to one server; every call waits for its reply."""

    class NoLeader(Exception):
        """No node of the cluster answered as leader."""

    def __init__(self, host, port, sock=None, timeout=None, client_id=None, request_id=None):
        self.host, self.port = host, port
        self.timeout = 10.0 if timeout is None else timeout
        self.client_id = random.randint(1, 2 ** 31 - 1) if client_id is None else client_id
        self.request_id = 0 if request_id is None else request_id
        if sock is None:
            sock = socket.create_connection((host, port), timeout=self.timeout)
        sock.settimeout(self.timeout)
        sock.setsockopt(socket.IPPROTO_TCP, socket.TCP_NODELAY, 1)
        self.sock = sock

    # ---- connection -------------------------------------------------------------
    def close(self):
        try:
            self.sock.close()
        except OSError:
            pass

    def __enter__(self):
        return self

    def __exit__(self, *exc):
        self.close()

    @staticmethod
    def find_leader(cluster, timeout=1.0, quiet=False):
        """The first (host, port) of `cluster` whose probe GET gets a Response.

        The probe goes through the log like any GET, so only a leader that can
        still reach a quorum answers it."""
        for host, port in cluster:
            try:
                with Client(host, port, timeout=timeout) as c:
                    c.get("a")
                    return host, port
            except (OSError, LeaderChanged, ReceiveError, SendError, ProtocolError):
                continue
        if not quiet:
            sys.stderr.write("no leader found in %s; if the cluster just started, "
                             "wait for an election and try again\n" % (cluster,))
        raise Client.NoLeader()

    # ---- framing ----------------------------------------------------------------
    def _send_frame(self, body):
        data = body.encode("ascii")
        try:
            self.sock.sendall(struct.pack("<I", len(data)) + data)
        except OSError as e:
            raise SendError(str(e))

    def _recv_exact(self, n):
        parts, got = [], 0
        while got < n:
            try:
                chunk = self.sock.recv(min(n - got, 1 << 20))
            except socket.timeout:
                raise
            except OSError as e:
                raise ReceiveError(str(e))
            if not chunk:
                raise ReceiveError("connection closed by %s:%d" % (self.host, self.port))
            parts.append(chunk)
            got += len(chunk)
        return b"".join(parts)

    def _recv_frame(self):
        (n,) = struct.unpack("<I", self._recv_exact(4))
        if n > MAX_FRAME:
            raise ProtocolError("reply of %d bytes is larger than %d" % (n, MAX_FRAME))
        return self._recv_exact(n).decode("ascii", "replace")

    # ---- requests ---------------------------------------------------------------
    def _format(self, seq, cmd, a1, a2, a3):
        return "%d %d %s %s %s %s" % (self.client_id, seq, cmd, a1, a2, a3)

    def _send_request(self, cmd, a1, a2="-", a3="-", seq=None):
        if seq is None:
            seq = self.request_id
            self.request_id += 1
        self._send_frame(self._format(seq, cmd, a1, a2, a3))
        return seq

    def _wait(self, seq):
        """The reply to `seq`, skipping late replies to earlier requests."""
        while True:
            r = parse_response(self._recv_frame())
            if r.seq == seq:
                return r
            if r.seq > seq:
                raise ProtocolError("reply for request %d while waiting for %d" % (r.seq, seq))

    def request(self, cmd, a1, a2="-", a3="-", seq=None):
        """Sends one request (a new SEQ unless given) and returns its Response."""
        return self._wait(self._send_request(cmd, a1, a2, a3, seq))

    def get_no_wait(self, key):
        return self._send_request("GET", _word(key, "key"))

    def put_no_wait(self, key, value):
        return self._send_request("PUT", _word(key, "key"), _word(value, "value"))

    def receive(self):
        """The next reply (after *_no_wait)."""
        return parse_response(self._recv_frame())


class FailoverTolerantClient(Operations):
    """Follows the leader across failures, keeping its client id.

    An operation that fails (NotLeader, a lost connection, a timeout) is sent
    again, to the leader found next, with the same sequence number: if the first
    attempt was committed after all, the server answers the retry from its dedup
    cache instead of applying it twice."""

    def __init__(self, cluster, timeout=2.0, retries=10, no_leader_sleep=1.0,
                 client_id=None, retry_sleep=0.01, give_up_after=None):
        self.cluster = list(cluster)
        self.timeout = timeout
        self.retries = retries
        self.no_leader_sleep = no_leader_sleep
        self.retry_sleep = retry_sleep
        self.give_up_after = give_up_after  # seconds per operation; None: never
        self.client_id = random.randint(1, 2 ** 31 - 1) if client_id is None else client_id
        self.request_id = 0
        self.client = None
        self.failovers = 0
        self._find_leader()

    def _find_leader(self):
        """Up to `retries` rounds of Client.find_leader, sleeping between them (an
        election may be going on); then connects to the leader found."""
        for attempt in range(max(1, self.retries)):
            try:
                host, port = Client.find_leader(self.cluster, timeout=self.timeout, quiet=True)
                self.client = Client(host, port, timeout=self.timeout, client_id=self.client_id,
                                     request_id=self.request_id)
                return
            except (Client.NoLeader, OSError):
                if attempt + 1 < self.retries:
                    time.sleep(self.no_leader_sleep)
        sys.stderr.write("no leader found in %s after %d rounds\n" % (self.cluster, self.retries))
        raise Client.NoLeader()

    def _connect(self):
        """A connection to the next node that accepts one (the request decides
        whether it leads); waits `no_leader_sleep` after a round where none does."""
        while True:
            for host, port in self._order():
                try:
                    self.client = Client(host, port, timeout=self.timeout,
                                         client_id=self.client_id, request_id=self.request_id)
                    return
                except OSError:
                    continue
            time.sleep(self.no_leader_sleep)

    def _order(self):
        """The last node that answered first, then the others in order."""
        if self.client is None:
            return self.cluster
        here = (self.client.host, self.client.port)
        rest = [n for n in self.cluster if n != here]
        return rest + [here]

    def _next_node(self):
        if self.client is not None:
            self.client.close()
        self.failovers += 1
        self._connect()

    def request(self, cmd, a1, a2="-", a3="-"):
        seq = self.request_id
        self.request_id += 1
        start = time.time()
        while True:
            try:
                return self.client.request(cmd, a1, a2, a3, seq=seq)
            except (LeaderChanged, ReceiveError, SendError, OSError, socket.timeout,
                    ProtocolError):
                if self.give_up_after is not None and time.time() - start > self.give_up_after:
                    raise
                self._next_node()
                if self.retry_sleep:
                    time.sleep(self.retry_sleep)

    def close(self):
        if self.client is not None:
            self.client.close()


def _main(argv):
    """kvclient.py host:port,... CMD [ARGS]: one request to the leader, for scripts."""
    if len(argv) < 3:
        sys.stderr.write("usage: kvclient.py host:port,... get K | put K V | delete K | "
                         "cas K EXPECTED NEW | cad K EXPECTED | leader\n")
        return 2
    cluster = parse_cluster(argv[1])
    cmd, args = argv[2], argv[3:]
    if cmd == "leader":
        host, port = Client.find_leader(cluster)
        print("%s:%d" % (host, port))
        return 0
    c = FailoverTolerantClient(cluster, give_up_after=10.0)
    table = {"get": (c.get, 1), "put": (c.put, 2), "delete": (c.delete, 1),
             "cas": (c.compare_and_set, 3), "cad": (c.compare_and_delete, 2)}
    if cmd not in table or len(args) != table[cmd][1]:
        sys.stderr.write("kvclient.py: bad command %s %s\n" % (cmd, " ".join(args)))
        return 2
    args = [None if (cmd == "cas" and i == 1 and a == "-") else a for i, a in enumerate(args)]
    print(table[cmd][0](*args))
    return 0


if __name__ == "__main__":
    sys.exit(_main(sys.argv))
