#!/usr/bin/env python3
"""Closed-loop benchmark with the PLDI'18 artifact's options and output lines.

    bench.py --cluster localhost:8000,localhost:8001,localhost:8002 \
             [--requests N | --time S] [--threads 50] [--keys 100] \
             [--put-percentage 50] [--tolerate-failover] [--use-processes] \
             [--service vard|etcd] [--debug]

Each thread (or process) has its own connection and sends one request at a time:
a PUT (value: the thread's iteration counter) with probability --put-percentage,
else a GET, on a key drawn from key0 .. key<keys> (inclusive, as the artifact).
The output, which the artifact's log parsers read:

    Requests:
    REQUEST: THREAD <tid> TIME <seconds since start> LATENCY <seconds>
    ...
    Total time: <seconds>
    Throughput: <requests/s> reqs/s
    <count> gets, avg = <seconds>
    <count> puts, avg = <seconds>

For a C++ load generator with percentiles (and etcd on the same footing) see
bench/loadgen.cpp; this script is for compatibility with the artifact's tooling.
"""

import argparse
import base64
import json
import multiprocessing
import os
import queue
import random
import sys
import threading
import time
import urllib.request

sys.path.insert(0, os.path.dirname(os.path.abspath(__file__)))
from kvclient import Client, FailoverTolerantClient, parse_cluster  # noqa: E402


def parse_args(argv):
    p = argparse.ArgumentParser(description=__doc__.split("\n")[0])
    p.add_argument("--service", choices=["vard", "etcd"], default="vard")
    p.add_argument("--cluster", required=True, help="host:port,... of the client ports")
    g = p.add_mutually_exclusive_group()
    g.add_argument("--requests", type=int, help="requests per thread (default 1000)")
    g.add_argument("--time", type=float, help="seconds to run")
    p.add_argument("--threads", type=int, default=50)
    p.add_argument("--keys", type=int, default=100)
    p.add_argument("--put-percentage", type=int, default=50)
    p.add_argument("--tolerate-failover", action="store_true")
    p.add_argument("--use-processes", action="store_true")
    p.add_argument("--debug", action="store_true")
    a = p.parse_args(argv)
    if a.requests is None and a.time is None:
        a.requests = 1000
    if a.threads < 1 or a.keys < 0 or not 0 <= a.put_percentage <= 100:
        p.error("--threads >= 1, --keys >= 0 and --put-percentage in 0..100")
    if a.requests is not None and a.requests < 0:
        p.error("--requests must not be negative")
    try:
        a.cluster_list = parse_cluster(a.cluster)
    except ValueError as e:
        p.error(str(e))
    if a.tolerate_failover and a.service != "vard":
        p.error("--tolerate-failover is for the vard service")
    return a


class EtcdClient(object):
    """The etcd 3.4 v3 JSON gateway: put and linearizable range."""

    def __init__(self, host, port, timeout=10.0):
        self.base = "http://%s:%d" % (host, port)
        self.timeout = timeout

    def _post(self, path, obj):
        req = urllib.request.Request(self.base + path, data=json.dumps(obj).encode(),
                                     headers={"Content-Type": "application/json"})
        with urllib.request.urlopen(req, timeout=self.timeout) as r:
            return json.loads(r.read().decode())

    @staticmethod
    def _b64(s):
        return base64.b64encode(s.encode()).decode()

    def get(self, key):
        r = self._post("/v3/kv/range", {"key": self._b64(key)})
        kvs = r.get("kvs")
        return base64.b64decode(kvs[0]["value"]).decode() if kvs else None

    def put(self, key, value):
        self._post("/v3/kv/put", {"key": self._b64(key), "value": self._b64(value)})
        return value

    def close(self):
        pass


def make_client(args, tid):
    if args.service == "etcd":
        host, port = args.cluster_list[tid % len(args.cluster_list)]
        return EtcdClient(host, port)
    if args.tolerate_failover:
        return FailoverTolerantClient(args.cluster_list)
    return Client(*args.leader)


def worker(args, tid, start, out):
    """One closed-loop client; puts (tid, time since start, latency, is_put) on `out`."""
    rng = random.Random()
    client = make_client(args, tid)
    records = []
    i = 0
    try:
        while True:
            if args.requests is not None and i >= args.requests:
                break
            if args.time is not None and time.time() - start >= args.time:
                break
            key = "key%d" % rng.randint(0, args.keys)
            is_put = rng.randint(1, 100) <= args.put_percentage
            t0 = time.time()
            if is_put:
                client.put(key, str(i))
            else:
                client.get(key)
            t1 = time.time()
            records.append((tid, t1 - start, t1 - t0, is_put))
            if args.debug:
                sys.stderr.write("thread %d request %d done\n" % (tid, i))
            i += 1
    finally:
        client.close()
        out.put(records)


def main(argv):
    args = parse_args(argv)
    print(args)
    sys.stdout.flush()
    if args.service == "vard":
        if args.tolerate_failover:
            FailoverTolerantClient(args.cluster_list).close()  # waits for an election
            args.leader = None
        else:
            args.leader = Client.find_leader(args.cluster_list)
    start = time.time()
    if args.use_processes:
        out = multiprocessing.Queue()
        workers = [multiprocessing.Process(target=worker, args=(args, t, start, out))
                   for t in range(args.threads)]
    else:
        out = queue.Queue()
        workers = [threading.Thread(target=worker, args=(args, t, start, out))
                   for t in range(args.threads)]
    for w in workers:
        w.start()
    records = []
    for _ in workers:  # drain before join: a process blocks until its queue is read
        records.extend(out.get())
    for w in workers:
        w.join()
    total = time.time() - start

    print("Requests:")
    for tid, at, latency, _ in sorted(records, key=lambda r: r[1]):
        print("REQUEST: THREAD %d TIME %f LATENCY %f" % (tid, at, latency))
    print("Total time: %f" % total)
    print("Throughput: %f reqs/s" % (len(records) / total if total > 0 else 0.0))
    gets = [r[2] for r in records if not r[3]]
    puts = [r[2] for r in records if r[3]]
    print("%f gets, avg = %f seconds" % (len(gets), sum(gets) / len(gets) if gets else 0.0))
    print("%f puts, avg = %f seconds" % (len(puts), sum(puts) / len(puts) if puts else 0.0))
    return 0


if __name__ == "__main__":
    sys.exit(main(sys.argv[1:]))
