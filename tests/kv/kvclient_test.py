#!/usr/bin/env python3
"""Tests of bench/kvclient.py and bench/bench.py against a real 3-node cluster.

    kvclient_test.py --server BINARY --protocol NAME --bench-dir DIR

Starts the cluster on free loopback ports with small ticks, runs the tests, stops
it. Exit status 77 (ctest's "skipped") when BINARY has no adapter for NAME yet.
"""

import argparse
import os
import shutil
import signal
import socket
import struct
import subprocess
import sys
import tempfile
import threading
import time
import unittest

ARGS = None
SKIP = 77


def free_port():
    with socket.socket() as s:
        s.bind(("127.0.0.1", 0))
        return s.getsockname()[1]


class Cluster(object):
    def __init__(self, server, protocol, n=3):
        self.server, self.protocol, self.n = server, protocol, n
        self.dir = tempfile.mkdtemp(prefix="kvclient-test-")
        self.peer_ports = [free_port() for _ in range(n)]
        self.client_ports = [free_port() for _ in range(n)]
        self.procs = [None] * n
        for i in range(n):
            self.start(i)

    @property
    def addresses(self):
        return [("127.0.0.1", p) for p in self.client_ports]

    def start(self, i):
        peers = ",".join("127.0.0.1:%d" % p for p in self.peer_ports)
        log = open(os.path.join(self.dir, "node-%d.log" % i), "ab")
        self.procs[i] = subprocess.Popen(
            [self.server, "--protocol", self.protocol, "--node-id", str(i), "--cluster", peers,
             "--client-port", str(self.client_ports[i]), "--tick-ms", "10"],
            stdout=log, stderr=subprocess.STDOUT)
        log.close()
        deadline = time.time() + 10
        while time.time() < deadline:
            try:
                socket.create_connection(("127.0.0.1", self.client_ports[i]), timeout=1).close()
                return
            except OSError:
                time.sleep(0.02)
        raise RuntimeError("node %d does not listen" % i)

    def kill(self, i):
        self.procs[i].kill()
        self.procs[i].wait()

    def stop(self):
        for p in self.procs:
            if p and p.poll() is None:
                p.send_signal(signal.SIGTERM)
        for p in self.procs:
            if p:
                try:
                    p.wait(timeout=10)
                except subprocess.TimeoutExpired:
                    p.kill()
                    p.wait()
        shutil.rmtree(self.dir, ignore_errors=True)


def wait_for_leader(cluster, timeout=10.0):
    from kvclient import Client
    deadline = time.time() + timeout
    while time.time() < deadline:
        try:
            return Client.find_leader(cluster.addresses, timeout=0.5, quiet=True)
        except Client.NoLeader:
            time.sleep(0.02)
    raise AssertionError("no leader within %.0f s" % timeout)


class KvClientTest(unittest.TestCase):
    @classmethod
    def setUpClass(cls):
        cls.cluster = Cluster(ARGS.server, ARGS.protocol)

    @classmethod
    def tearDownClass(cls):
        cls.cluster.stop()

    def leader_client(self, **kw):
        from kvclient import Client
        host, port = wait_for_leader(self.cluster)
        return Client(host, port, **kw)

    def test_the_artifacts_session(self):
        c = self.leader_client()
        self.assertEqual(c.put("x", "7"), "7")
        self.assertEqual(c.put("y", "10"), "10")
        self.assertEqual(c.get("x"), "7")
        self.assertEqual(c.get("y"), "10")
        self.assertIsNone(c.get("z"))
        c.close()

    def test_delete_cas_cad(self):
        c = self.leader_client()
        c.put("d", "1")
        self.assertEqual(c.delete("d"), "1")
        self.assertIsNone(c.get("d"))
        self.assertIsNone(c.delete("d"))
        self.assertTrue(c.compare_and_set("d", None, "a"))  # absent -> a
        self.assertFalse(c.compare_and_set("d", None, "b"))
        self.assertTrue(c.compare_and_set("d", "a", "b"))
        self.assertFalse(c.compare_and_set("d", "a", "c"))
        self.assertEqual(c.get("d"), "b")
        self.assertFalse(c.compare_and_delete("d", "a"))
        self.assertTrue(c.compare_and_delete("d", "b"))
        self.assertIsNone(c.get("d"))
        c.close()

    def test_followers_raise_leader_changed(self):
        from kvclient import Client, LeaderChanged
        host, port = wait_for_leader(self.cluster)
        follower = [a for a in self.cluster.addresses if a[1] != port][0]
        with Client(*follower) as c:
            self.assertRaises(LeaderChanged, c.get, "x")

    def test_bad_arguments_are_refused_before_sending(self):
        from kvclient import BadArgument
        c = self.leader_client()
        for bad in ["", "a b", "-", "x\n", "é"]:
            self.assertRaises(BadArgument, c.put, bad, "1")
            self.assertRaises(BadArgument, c.put, "k", bad)
        self.assertEqual(c.put("k", "ok"), "ok")  # the connection is still good
        c.close()

    def test_a_retried_sequence_number_is_applied_once(self):
        from kvclient import Client
        host, port = wait_for_leader(self.cluster)
        c = Client(host, port, client_id=4242)
        c.put("dedup", "1")
        seq = c.request_id
        first = c.request("CAS", "dedup", "1", "2", seq=seq)
        again = c.request("CAS", "dedup", "1", "2", seq=seq)  # as after a lost reply
        self.assertEqual((first.value, first.old), ("2", "1"))
        self.assertEqual((again.value, again.old), ("2", "1"), "answered from the dedup cache")
        c.close()

    def test_no_wait_then_receive(self):
        c = self.leader_client()
        s1 = c.put_no_wait("nw", "5")
        s2 = c.get_no_wait("nw")
        r1, r2 = c.receive(), c.receive()
        self.assertEqual((r1.seq, r2.seq), (s1, s2))
        self.assertEqual(r2.value, "5")
        c.close()

    def test_a_frame_split_across_segments_is_read(self):
        # The server must not treat one recv as one frame (and nor do we).
        host, port = wait_for_leader(self.cluster)
        s = socket.create_connection((host, port), timeout=5)
        s.setsockopt(socket.IPPROTO_TCP, socket.TCP_NODELAY, 1)
        body = b"77 0 PUT split 9 -"
        data = struct.pack("<I", len(body)) + body
        for b in data:
            s.sendall(bytes([b]))
            time.sleep(0.001)
        from kvclient import Client
        c = Client(host, port, sock=s)
        self.assertEqual(c._recv_frame(), "Response 0 split 9 -")
        c.close()

    def test_zz_failover_client_survives_a_leader_kill(self):
        # Runs last (zz): it kills the leader of the shared cluster.
        from kvclient import FailoverTolerantClient
        fc = FailoverTolerantClient(self.cluster.addresses, timeout=0.5, no_leader_sleep=0.05)
        cid = fc.client_id
        for i in range(20):
            fc.put("f%d" % (i % 4), str(i))
        host, port = wait_for_leader(self.cluster)
        self.cluster.kill(self.cluster.client_ports.index(port))
        t0 = time.time()
        self.assertEqual(fc.get("f3"), "19")
        self.assertLess(time.time() - t0, 10)
        self.assertEqual(fc.client_id, cid, "same client id after failover")
        self.assertGreater(fc.failovers, 0)
        for i in range(20, 30):
            self.assertEqual(fc.put("f%d" % (i % 4), str(i)), str(i))
        self.assertTrue(fc.compare_and_set("f1", "29", "x"))
        fc.close()


class BenchScriptTest(unittest.TestCase):
    """bench.py's options and output lines (the artifact's parsers read them)."""

    @classmethod
    def setUpClass(cls):
        cls.cluster = Cluster(ARGS.server, ARGS.protocol)
        wait_for_leader(cls.cluster)

    @classmethod
    def tearDownClass(cls):
        cls.cluster.stop()

    def run_bench(self, *extra):
        cluster = ",".join("%s:%d" % a for a in self.cluster.addresses)
        out = subprocess.run([sys.executable, os.path.join(ARGS.bench_dir, "bench.py"),
                              "--cluster", cluster] + list(extra),
                             capture_output=True, text=True, timeout=60)
        self.assertEqual(out.returncode, 0, out.stderr)
        return out.stdout

    def test_requests_per_thread_and_output_lines(self):
        import re
        out = self.run_bench("--requests", "25", "--threads", "4", "--keys", "10",
                             "--put-percentage", "50")
        lines = out.splitlines()
        self.assertIn("Requests:", lines)
        reqs = [l for l in lines if l.startswith("REQUEST: ")]
        self.assertEqual(len(reqs), 100)
        for l in reqs:
            self.assertRegex(l, r"^REQUEST: THREAD \d+ TIME \d+\.?\d* LATENCY \d+\.?\d*$")
        self.assertRegex(out, r"\nTotal time: \d+\.\d+\n")
        self.assertRegex(out, r"\nThroughput: \d+\.\d+ reqs/s\n")
        gets = re.search(r"\n(\d+\.\d+) gets, avg = (\d+\.\d+) seconds\n", out)
        puts = re.search(r"\n(\d+\.\d+) puts, avg = (\d+\.\d+) seconds\n", out)
        self.assertTrue(gets and puts, out[-300:])
        self.assertEqual(float(gets.group(1)) + float(puts.group(1)), 100)

    def test_all_puts_no_gets_does_not_divide_by_zero(self):
        out = self.run_bench("--time", "0.5", "--threads", "2", "--put-percentage", "100",
                             "--tolerate-failover", "--use-processes")
        self.assertIn("0.000000 gets, avg = 0.000000 seconds", out)


def adapter_built(server, protocol):
    out = subprocess.run([server, "--help"], capture_output=True, text=True, timeout=10).stdout
    line = [l for l in out.splitlines() if l.startswith("Protocols:")]
    return bool(line) and (" %s " % protocol) in line[0] + " " and \
        ("%s (adapter not built yet)" % protocol) not in line[0]


def main():
    global ARGS
    p = argparse.ArgumentParser()
    p.add_argument("--server", required=True)
    p.add_argument("--protocol", required=True)
    p.add_argument("--bench-dir", required=True)
    ARGS, rest = p.parse_known_args()
    sys.path.insert(0, ARGS.bench_dir)
    if ARGS.protocol != "testdouble" and not adapter_built(ARGS.server, ARGS.protocol):
        print("the %s adapter is not built into %s; skipped" % (ARGS.protocol, ARGS.server))
        return SKIP
    prog = unittest.main(argv=[sys.argv[0]] + rest, exit=False, verbosity=2)
    return 0 if prog.result.wasSuccessful() else 1


if __name__ == "__main__":
    sys.exit(main())
