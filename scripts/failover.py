#!/usr/bin/env python3
"""The intake service on PostgreSQL across processes, with a worker killed mid-job (run by .ci/run).

  ALIGNGATE_TEST_POSTGRES_URL=postgres://… python3 scripts/failover.py --aligngate .build/debug/aligngate [--uploads 200]

One `aligngate serve --workers 0` and three `aligngate worker` processes share a fresh database and store on
loopback; UPLOADS distinct archives arrive from 8 client threads; once a job of the first worker is running,
that worker is killed with SIGKILL. Passes when every job is done exactly once (one intake row and one audit
entry per job, the killed job taken again after its lease expired), nothing is lost, and `aligngate audit
verify` passes on the database. Bounded: every wait has a deadline; exits 1 on any failure.
"""
import argparse
import http.client
import json
import os
import shutil
import signal
import subprocess
import sys
import tempfile
import threading
import time

sys.path.insert(0, os.path.dirname(os.path.abspath(__file__)))
from load import free_port, run, sample_archive, variants  # noqa: E402

DEADLINE = 600


def psql(url, sql):
    return run(["psql", url, "-At", "-v", "ON_ERROR_STOP=1", "-c", sql]).stdout.strip()


def main():
    parser = argparse.ArgumentParser()
    parser.add_argument("--aligngate", default=".build/debug/aligngate")
    parser.add_argument("--uploads", type=int, default=200)
    args = parser.parse_args()
    base = os.environ.get("ALIGNGATE_TEST_POSTGRES_URL")
    if not base:
        print("failover: ALIGNGATE_TEST_POSTGRES_URL is not set", file=sys.stderr)
        return 1
    aligngate = os.path.abspath(args.aligngate)
    psql(base, "DROP DATABASE IF EXISTS aligngate_failover WITH (FORCE)")
    psql(base, "CREATE DATABASE aligngate_failover")
    url = base.rsplit("/", 1)[0] + "/aligngate_failover"
    folder = tempfile.mkdtemp(prefix="aligngate-failover-")
    procs = []
    try:
        # A small case keeps 200 intakes on two cores within a few minutes.
        archive = sample_archive(aligngate, folder, ["--stages", "4", "--triangles-per-tooth", "300"])
        copies = variants(archive, folder, args.uploads)
        key = run([aligngate, "keys", "create", "--client", "failover", "--ledger", url]).stdout.strip()
        store = os.path.join(folder, "store")
        port = free_port()
        log = open(os.path.join(folder, "processes.log"), "w")
        server = subprocess.Popen([aligngate, "serve", "--listen", f"127.0.0.1:{port}", "--ledger", url, "--store", store,
                                   "--workers", "0", "--log-level", "warning"], stdout=log, stderr=log)
        procs.append(server)
        workers = [subprocess.Popen([aligngate, "worker", "--ledger", url, "--store", store, "--lease", "5",
                                     "--log-level", "warning"], stdout=log, stderr=log) for _ in range(3)]
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

        deadline = time.monotonic() + DEADLINE
        while time.monotonic() < deadline:
            try:
                if request("GET", "/healthz")[0] == 200:
                    break
            except OSError:
                time.sleep(0.1)
        ids, failures, lock, queue = [], [], threading.Lock(), list(copies)

        def client():
            while time.monotonic() < deadline:
                with lock:
                    if not queue:
                        return
                    path = queue.pop()
                with open(path, "rb") as body:
                    status, data = request("POST", "/v1/intakes?for=print-3mf", body, os.path.getsize(path))
                with lock:
                    (ids.append(json.loads(data)["intake"]["id"]) if status == 202 else failures.append((status, data[:200])))

        threads = [threading.Thread(target=client) for _ in range(8)]
        for t in threads:
            t.start()
        # Kill the first worker while it holds a running job.
        victim, killed_job = workers[0], None
        while time.monotonic() < deadline and killed_job is None:
            owned = psql(url, f"SELECT id FROM intakeJob WHERE status = 'running' AND leaseOwner LIKE '%:{victim.pid}/%' LIMIT 1")
            if owned:
                victim.send_signal(signal.SIGKILL)
                victim.wait()
                killed_job = owned
            else:
                time.sleep(0.05)
        for t in threads:
            t.join()
        while time.monotonic() < deadline:
            if psql(url, "SELECT count(*) FROM intakeJob WHERE status IN ('queued', 'running')") == "0":
                break
            time.sleep(0.5)
        checks = {
            "uploads accepted": (len(ids), args.uploads),
            "failed uploads": (len(failures), 0),
            "jobs done": (int(psql(url, "SELECT count(*) FROM intakeJob WHERE status = 'done'")), args.uploads),
            "intake rows": (int(psql(url, "SELECT count(*) FROM intake")), args.uploads),
            "audit entries": (int(psql(url, "SELECT count(*) FROM audit")), args.uploads),
            "jobs without an intake": (int(psql(url, "SELECT count(*) FROM intakeJob WHERE intakeID IS NULL")), 0),
            "intakes shared by two jobs": (int(psql(url, "SELECT count(*) FROM (SELECT intakeID FROM intakeJob GROUP BY intakeID HAVING count(*) > 1) t")), 0),
            "a worker was killed mid-job": (killed_job is not None, True),
            "the killed job taken again": (psql(url, f"SELECT attempts >= 2 AND status = 'done' FROM intakeJob WHERE id = '{killed_job}'") if killed_job else "", "t"),
        }
        verify = subprocess.run([aligngate, "audit", "verify", "--ledger", url], capture_output=True, text=True)
        checks["audit verify exit"] = (verify.returncode, 0)
        bad = {name: got for name, (got, want) in checks.items() if got != want}
        for name, (got, want) in checks.items():
            print(f"failover: {name}: {got}" + ("" if got == want else f" (expected {want})"))
        print("failover: " + verify.stdout.strip())
        print(f"failover: {len(checks) - len(bad)} checks held, {len(bad)} did not")
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
