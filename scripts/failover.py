#!/usr/bin/env python3
"""The intake service across processes with a worker killed mid-job, on PostgreSQL or SQLite (run by .ci/run).

  ALIGNGATE_TEST_POSTGRES_URL=postgres://… python3 scripts/failover.py --aligngate .build/debug/aligngate [--uploads 200]
  python3 scripts/failover.py --ledger sqlite --aligngate .build/debug/aligngate [--uploads 200]

PostgreSQL (the default): one `aligngate serve --workers 0` and three `aligngate worker` processes share a fresh
database and store. SQLite: one `aligngate serve --workers 2` (in-process workers) and one `aligngate worker`
process share a ledger file and store on this machine. Either way UPLOADS distinct archives arrive from 8 client
threads on loopback; once a job of the first worker process is running, that process is killed with SIGKILL.
Passes when every job is done exactly once (one intake row and one intake audit entry per job, no intake shared
by two jobs, the killed job taken again after its lease expired), nothing is lost (every upload accepted and
stored, nothing left half-written in the store), the surviving processes are still up, and `aligngate audit
verify` passes on the ledger. Bounded: every wait has a deadline (DEADLINE seconds in all); exits 1 on any failure.
"""
import argparse
import http.client
import json
import os
import shutil
import signal
import sqlite3
import subprocess
import sys
import tempfile
import threading
import time

sys.path.insert(0, os.path.dirname(os.path.abspath(__file__)))
from load import free_port, run, sample_archive, variants  # noqa: E402

DEADLINE = 600


class PostgresLedger:
    """A fresh database on the server ALIGNGATE_TEST_POSTGRES_URL names; queried with psql."""

    def __init__(self, base):
        run(["psql", base, "-v", "ON_ERROR_STOP=1", "-c", "DROP DATABASE IF EXISTS aligngate_failover WITH (FORCE)"])
        run(["psql", base, "-v", "ON_ERROR_STOP=1", "-c", "CREATE DATABASE aligngate_failover"])
        self.url = base.rsplit("/", 1)[0] + "/aligngate_failover"

    def query(self, sql):
        return run(["psql", self.url, "-At", "-v", "ON_ERROR_STOP=1", "-c", sql]).stdout.strip()


class SQLiteLedger:
    """A ledger file in the run's folder; queried read-only beside the writers (SQLite waits out their locks)."""

    def __init__(self, folder):
        self.url = os.path.join(folder, "ledger.sqlite")

    def query(self, sql):
        with sqlite3.connect(f"file:{self.url}?mode=ro", uri=True, timeout=30) as db:
            row = db.execute(sql).fetchone()
        return "" if row is None or row[0] is None else str(row[0])


def main():
    parser = argparse.ArgumentParser(description=__doc__, formatter_class=argparse.RawDescriptionHelpFormatter)
    parser.add_argument("--aligngate", default=".build/debug/aligngate")
    parser.add_argument("--ledger", choices=["postgres", "sqlite"], default="postgres")
    parser.add_argument("--uploads", type=int, default=200)
    args = parser.parse_args()
    aligngate = os.path.abspath(args.aligngate)
    folder = tempfile.mkdtemp(prefix="aligngate-failover-")
    if args.ledger == "postgres":
        base = os.environ.get("ALIGNGATE_TEST_POSTGRES_URL")
        if not base:
            print("failover: ALIGNGATE_TEST_POSTGRES_URL is not set (scripts/test-postgres.sh start prints one)", file=sys.stderr)
            return 1
        ledger = PostgresLedger(base)
    else:
        ledger = SQLiteLedger(folder)
    procs = []
    started = time.monotonic()
    deadline = started + DEADLINE
    try:
        # A small case keeps 200 intakes on two cores within a few minutes, even on a debug build.
        archive = sample_archive(aligngate, folder, ["--stages", "4", "--triangles-per-tooth", "300"])
        copies = variants(archive, folder, args.uploads)
        key = run([aligngate, "keys", "create", "--client", "failover", "--ledger", ledger.url]).stdout.strip()
        store = os.path.join(folder, "store")
        port = free_port()
        log = open(os.path.join(folder, "processes.log"), "w")
        in_process = 0 if args.ledger == "postgres" else 2
        worker_processes = 3 if args.ledger == "postgres" else 1
        server = subprocess.Popen([aligngate, "serve", "--listen", f"127.0.0.1:{port}", "--ledger", ledger.url, "--store", store,
                                   "--workers", str(in_process), "--lease", "5", "--log-level", "warning"], stdout=log, stderr=log)
        procs.append(server)
        workers = [subprocess.Popen([aligngate, "worker", "--ledger", ledger.url, "--store", store, "--lease", "5",
                                     "--log-level", "warning"], stdout=log, stderr=log) for _ in range(worker_processes)]
        procs += workers

        def request(method, path, body=None, length=None):
            conn = http.client.HTTPConnection("127.0.0.1", port, timeout=60)
            headers = {"Authorization": "Bearer " + key}
            if length is not None:
                headers["Content-Length"] = str(length)
            conn.request(method, path, body=body, headers=headers)
            response = conn.getresponse()
            data = response.read()
            conn.close()
            return response.status, data

        while time.monotonic() < deadline:
            try:
                if request("GET", "/healthz")[0] == 200:
                    break
            except OSError:
                pass
            time.sleep(0.1)
        ids, failures, lock, queue = [], [], threading.Lock(), list(copies)

        def client():
            while time.monotonic() < deadline:
                with lock:
                    if not queue:
                        return
                    path = queue.pop()
                try:
                    with open(path, "rb") as body:
                        status, data = request("POST", "/v1/intakes?for=print-3mf", body, os.path.getsize(path))
                except OSError as error:
                    status, data = None, str(error).encode()
                with lock:
                    (ids.append(json.loads(data)["intake"]["id"]) if status == 202 else failures.append((status, data[:200])))

        threads = [threading.Thread(target=client) for _ in range(8)]
        for t in threads:
            t.start()
        # Kill the first worker process while it holds a running job.
        victim, killed_job, victims_jobs = workers[0], None, []
        while time.monotonic() < deadline and killed_job is None:
            owned = ledger.query(f"SELECT id FROM intakeJob WHERE status = 'running' AND leaseOwner LIKE '%:{victim.pid}/%' LIMIT 1")
            if owned:
                victim.send_signal(signal.SIGKILL)
                victim.wait()
                killed_job = owned
                # Every job the dead process held: only these may be claimed twice.
                held = f"SELECT id FROM intakeJob WHERE status = 'running' AND leaseOwner LIKE '%:{victim.pid}/%' ORDER BY id"
                while job := ledger.query(f"{held} LIMIT 1 OFFSET {len(victims_jobs)}"):
                    victims_jobs.append(job)
            else:
                time.sleep(0.05)
        for t in threads:
            t.join(max(0, deadline - time.monotonic()))
        while time.monotonic() < deadline:
            if ledger.query("SELECT count(*) FROM intakeJob WHERE status IN ('queued', 'running')") == "0":
                break
            time.sleep(0.5)
        count = lambda sql: int(ledger.query(sql) or 0)
        objects = [f for _, _, files in os.walk(os.path.join(store, "objects")) for f in files]
        checks = {
            "uploads accepted": (len(ids), args.uploads),
            "failed uploads": (len(failures), 0),
            "distinct jobs": (len(set(ids)), args.uploads),
            "jobs done": (count("SELECT count(*) FROM intakeJob WHERE status = 'done'"), args.uploads),
            "jobs done without a report": (count("SELECT count(*) FROM intakeJob WHERE status = 'done' AND (report IS NULL OR verdict IS NULL)"), 0),
            "intake rows": (count("SELECT count(*) FROM intake"), args.uploads),
            "intake audit entries": (count("SELECT count(*) FROM audit WHERE kind = 'intake'"), args.uploads),
            "jobs without an intake": (count("SELECT count(*) FROM intakeJob WHERE intakeID IS NULL"), 0),
            "intakes shared by two jobs": (count("SELECT count(*) FROM (SELECT intakeID FROM intakeJob GROUP BY intakeID HAVING count(*) > 1) t"), 0),
            "archives in the store": (len(objects), args.uploads),
            "files left in store/incoming": (len(os.listdir(os.path.join(store, "incoming"))), 0),
            "a worker process was killed mid-job": (killed_job is not None and victim.returncode == -signal.SIGKILL, True),
            "the killed job taken again and done": (ledger.query(
                f"SELECT CASE WHEN attempts >= 2 AND status = 'done' THEN 'yes' ELSE 'no' END FROM intakeJob WHERE id = '{killed_job}'")
                if killed_job else "", "yes"),
            # Leases are renewed while a job runs: no job a live worker held was claimed a second time.
            "jobs claimed twice, besides the killed process's": (count(
                "SELECT count(*) FROM intakeJob WHERE attempts > 1"
                + "".join(f" AND id <> '{job}'" for job in victims_jobs)), 0),
            "other processes still up": (sum(p.poll() is None for p in procs if p is not victim), len(procs) - 1),
            "within the deadline": (time.monotonic() < deadline, True),
        }
        verify = subprocess.run([aligngate, "audit", "verify", "--ledger", ledger.url], capture_output=True, text=True)
        checks["audit verify exit"] = (verify.returncode, 0)
        bad = {name: got for name, (got, want) in checks.items() if got != want}
        for name, (got, want) in checks.items():
            print(f"failover: {name}: {got}" + ("" if got == want else f" (expected {want})"))
        print("failover: " + (verify.stdout.strip() or verify.stderr.strip()))
        for status, data in failures[:5]:
            print(f"failover: refused upload: {status} {data!r}")
        print(f"failover ({args.ledger}, {args.uploads} uploads, {time.monotonic() - started:.0f} s): "
              f"{len(checks) - len(bad)} checks held, {len(bad)} did not")
        if bad:
            log.flush()
            with open(log.name) as text:
                print("failover: the processes' log (last 40 lines):\n" + "".join(text.readlines()[-40:]))
        return 1 if bad else 0
    finally:
        for p in procs:
            if p.poll() is None:
                p.send_signal(signal.SIGTERM)
        for p in procs:
            try:
                p.wait(timeout=60)
            except subprocess.TimeoutExpired:
                p.kill()
        shutil.rmtree(folder, ignore_errors=True)


if __name__ == "__main__":
    sys.exit(main())
