#!/usr/bin/env python3
"""Load figures for the intake service (docs/SERVICE.md), on loopback only, bounded in count and time.

  python3 scripts/load.py --aligngate .build/release/aligngate [--uploads 60] [--workers 1 3] [--concurrency 8]

For each worker count: a fresh `aligngate serve` (SQLite ledger, in-process workers), UPLOADS distinct copies
of the default sample archive (generic-stl; each copy differs only in its zip comment, so each is a new job)
sent by CONCURRENCY client threads; reports intakes per minute (first upload to last verdict) and p50/p99
from the start of an upload to its verdict seen by polling. Then the memory run: a server with no workers,
50 clients uploading a 32 MiB archive each at once; the server's RSS sampled every 20 ms (VmRSS, and VmHWM
at the end) against its RSS at rest.
"""
import argparse
import http.client
import json
import os
import shutil
import socket
import statistics
import subprocess
import sys
import tempfile
import threading
import time
import zipfile

DEADLINE_SECONDS = 900  # every phase stops by itself


def free_port():
    with socket.socket() as s:
        s.bind(("127.0.0.1", 0))
        return s.getsockname()[1]


def run(cmd, **kw):
    return subprocess.run(cmd, check=True, capture_output=True, text=True, **kw)


class Server:
    def __init__(self, aligngate, folder, workers):
        self.port = free_port()
        self.ledger = os.path.join(folder, "ledger.sqlite")
        self.key = run([aligngate, "keys", "create", "--client", "load", "--ledger", self.ledger]).stdout.strip()
        self.log = open(os.path.join(folder, "serve.log"), "w")
        self.proc = subprocess.Popen([aligngate, "serve", "--listen", f"127.0.0.1:{self.port}", "--ledger", self.ledger,
                                      "--store", os.path.join(folder, "store"), "--workers", str(workers),
                                      "--log-level", "warning"], stdout=self.log, stderr=self.log)
        for _ in range(200):
            try:
                if self.request("GET", "/healthz")[0] == 200:
                    return
            except OSError:
                time.sleep(0.05)
        raise SystemExit("load: the server did not start; see " + self.log.name)

    def request(self, method, path, body=None, length=None):
        conn = http.client.HTTPConnection("127.0.0.1", self.port, timeout=120)
        headers = {"Authorization": "Bearer " + self.key}
        if length is not None:
            headers["Content-Length"] = str(length)
        conn.request(method, path, body=body, headers=headers)
        response = conn.getresponse()
        data = response.read()
        conn.close()
        return response.status, data

    def rss_kib(self, field="VmRSS"):
        with open(f"/proc/{self.proc.pid}/status") as status:
            for line in status:
                if line.startswith(field + ":"):
                    return int(line.split()[1])
        return 0

    def stop(self):
        self.proc.terminate()
        try:
            self.proc.wait(timeout=60)
        except subprocess.TimeoutExpired:
            self.proc.kill()
        self.log.close()


def sample_archive(aligngate, folder, sample_args=()):
    plan = os.path.join(folder, "sample.alignplan")
    archive = os.path.join(folder, "sample.zip")
    scratch = os.path.join(folder, "scratch.sqlite")
    run([aligngate, "sample", "-o", plan, *sample_args])
    run([aligngate, "export", plan, "--vendor", "generic-stl", "--out", archive, "--allow-unapproved", "--ledger", scratch])
    return archive


def variants(archive, folder, count):
    paths = []
    for n in range(count):
        path = os.path.join(folder, f"copy-{n}.zip")
        shutil.copyfile(archive, path)
        with zipfile.ZipFile(path, "a") as z:
            z.comment = f"aligngate load copy {n}".encode()
        paths.append(path)
    return paths


def throughput(aligngate, archive, workers, uploads, concurrency):
    folder = tempfile.mkdtemp(prefix="aligngate-load-")
    try:
        copies = variants(archive, folder, uploads)
        server = Server(aligngate, folder, workers)
        latencies, errors = [], []
        lock = threading.Lock()
        queue = list(enumerate(copies))
        deadline = time.monotonic() + DEADLINE_SECONDS
        started = time.monotonic()

        def client():
            while time.monotonic() < deadline:
                with lock:
                    if not queue:
                        return
                    _, path = queue.pop(0)
                t0 = time.monotonic()
                with open(path, "rb") as body:
                    status, data = server.request("POST", "/v1/intakes?for=print-3mf", body, os.path.getsize(path))
                if status != 202:
                    with lock:
                        errors.append(f"upload {status}: {data[:200]!r}")
                    continue
                job = json.loads(data)["intake"]["id"]
                while time.monotonic() < deadline:
                    status, data = server.request("GET", "/v1/intakes/" + job)
                    state = json.loads(data)["intake"]["status"] if status == 200 else "error"
                    if state in ("done", "failed", "error"):
                        with lock:
                            (latencies if state == "done" else errors).append(time.monotonic() - t0 if state == "done" else state)
                        break
                    time.sleep(0.05)

        threads = [threading.Thread(target=client) for _ in range(concurrency)]
        for t in threads:
            t.start()
        for t in threads:
            t.join()
        elapsed = time.monotonic() - started
        server.stop()
        latencies.sort()
        p = lambda q: latencies[min(len(latencies) - 1, int(q * len(latencies)))] if latencies else float("nan")
        return {"workers": workers, "uploads": uploads, "done": len(latencies), "errors": errors[:5],
                "seconds": round(elapsed, 2), "intakes_per_minute": round(len(latencies) / elapsed * 60, 1),
                "p50_s": round(statistics.median(latencies), 3) if latencies else None, "p99_s": round(p(0.99), 3)}
    finally:
        shutil.rmtree(folder, ignore_errors=True)


def memory(aligngate, clients=50, mib=32):
    folder = tempfile.mkdtemp(prefix="aligngate-mem-")
    try:
        big = os.path.join(folder, "big.bin")
        with open(big, "wb") as f:
            for _ in range(mib):
                f.write(os.urandom(1 << 20))
        server = Server(aligngate, folder, 0)
        time.sleep(0.5)
        rest = server.rss_kib()
        peak, statuses, stop = [rest], [], threading.Event()

        def sampler():
            while not stop.is_set():
                peak.append(server.rss_kib())
                time.sleep(0.02)

        def client(n):
            # Each client sends different bytes (its number first), so each upload is a new object.
            class Body:
                def __init__(self):
                    self.file = open(big, "rb")
                    self.first = True

                def read(self, size):
                    if self.first:
                        self.first = False
                        return n.to_bytes(8, "big")
                    return self.file.read(size)

            body = Body()
            status, _ = server.request("POST", "/v1/intakes?for=print-3mf", body, (mib << 20) + 8)
            body.file.close()
            statuses.append(status)

        watcher = threading.Thread(target=sampler)
        watcher.start()
        threads = [threading.Thread(target=client, args=(n,)) for n in range(clients)]
        for t in threads:
            t.start()
        for t in threads:
            t.join(timeout=DEADLINE_SECONDS)
        stop.set()
        watcher.join()
        hwm = server.rss_kib("VmHWM")
        server.stop()
        return {"clients": clients, "archive_mib": mib, "accepted": statuses.count(202), "rss_at_rest_mib": round(rest / 1024, 1),
                "rss_peak_mib": round(max(peak) / 1024, 1), "vm_hwm_mib": round(hwm / 1024, 1),
                "uploaded_mib": clients * mib}
    finally:
        shutil.rmtree(folder, ignore_errors=True)


def main():
    parser = argparse.ArgumentParser(description=__doc__, formatter_class=argparse.RawDescriptionHelpFormatter)
    parser.add_argument("--aligngate", default=".build/release/aligngate")
    parser.add_argument("--uploads", type=int, default=60)
    parser.add_argument("--workers", type=int, nargs="+", default=[1, 3])
    parser.add_argument("--concurrency", type=int, default=8)
    parser.add_argument("--skip-memory", action="store_true")
    args = parser.parse_args()
    aligngate = os.path.abspath(args.aligngate)
    folder = tempfile.mkdtemp(prefix="aligngate-sample-")
    try:
        archive = sample_archive(aligngate, folder)
        print(json.dumps({"archive_bytes": os.path.getsize(archive)}))
        for workers in args.workers:
            print(json.dumps(throughput(aligngate, archive, workers, args.uploads, args.concurrency)), flush=True)
    finally:
        shutil.rmtree(folder, ignore_errors=True)
    if not args.skip_memory:
        print(json.dumps(memory(aligngate)), flush=True)


if __name__ == "__main__":
    sys.exit(main())
