#!/usr/bin/env python3
"""Power-loss simulation: every state a power cut could leave the ledger's data file in.

    python3 Tools/power-loss/power_loss.py PATH-TO-BLOTTER [options]

1. Builds an initial ledger without tracing: `blotter serve` on a fresh directory, an agency, an
   operator (certified, enrolled) with an API key, and --initial-records records entered through
   the API; the service is stopped (SIGTERM) and the directory is the known initial state.
2. Runs the workload on a copy of it with recorder.c preloaded (compiled here with gcc): `blotter
   serve` again, and --clients threads sending --events requests through the HTTP API with the
   API key (record entries, every fifth a search, which appends an access event before it
   answers), sharing commits through the group-commit writer; then SIGTERM. The recorder logs
   every write to data.mdb (offset and bytes, before the call and again when it returns) and
   every fsync/fdatasync (before and after). Replaying the whole log onto the initial file must
   reproduce the final data.mdb byte for byte, or the run stops: that proves nothing was missed.
3. A cut point is a position in that log: what happened before it happened, nothing after.
   At a cut, a write is durable if it returned through an O_DSYNC descriptor (LMDB's meta-page
   descriptor) or a sync of the file began after it returned and succeeded before the cut; every
   other write begun before the cut (including one still in flight) may or may not have reached
   the disk, in any combination. For each cut the states checked are: none of those writes, all
   of them, --subsets random subsets, and torn writes (one of them cut to a prefix ending on a
   512-byte or a 4096-byte boundary of the file, with a random subset of the others). Disks are
   assumed to write a 512-byte sector whole; LMDB's meta record (120 bytes at offset 32 of page
   0 or 1) lies in one sector, so it is never torn here.
4. Acknowledged: a commit is acknowledged when its meta-page write through the O_DSYNC descriptor
   has returned (LMDB returns from mdb_txn_commit, and the service answers, only after that).
   Its head is read with `blotter stats` on the state holding every write up to that meta page.
5. Each distinct state (by SHA-256 of the file) is written to a scratch copy of the ledger
   directory (keys as in the initial state, no lock.mdb, as after a reboot) and checked with
   `blotter stats` (it opens; its head) and `blotter verify` (exit 0), in --workers parallel.
   It fails if it does not open or verify, if its head is below the last acknowledged head before
   the cut, or if its head is not that of a commit (acknowledged or in flight): half a commit.

Prints states checked, cut points and every failure (cut, state, what failed); exits 1 on any.
The state selection is deterministic (--seed); the log itself varies a little from run to run
(thread scheduling decides how requests group into commits; salts and times differ).

The test run (Tools/test) uses the defaults: 60 requests, 250 of the 500-odd distinct cut points,
about 1,000 states (1.5 minutes with the debug build on a busy two-core machine). The large run,
with the release build (2026-12-02: 310 commits, 1,500 of 5,332 distinct cut points, 7,245
states, 5,889 distinct files, no failure, 8 minutes):

    python3 Tools/power-loss/power_loss.py .build/release/blotter --events 600 --clients 4 --cuts 1500 --subsets 2

Every cut point instead of an even sample: --cuts 0.
"""

from __future__ import annotations

import argparse
import concurrent.futures
import hashlib
import json
import os
import random
import re
import shutil
import signal
import socket
import struct
import subprocess
import sys
import tempfile
import threading
import time
import urllib.error
import urllib.request
from dataclasses import dataclass, field

HERE = os.path.dirname(os.path.abspath(__file__))

# recorder.c's record types and header (struct record: u32 type, i32 fd, u64 id, i64 a, i64 b,
# u32 flags, u32 payload length).
OPEN, WRITE_BEGIN, WRITE_END, SYNC_BEGIN, SYNC_END, TRUNCATE, CLOSE, MSYNC = range(1, 9)
HEADER = struct.Struct("<IiQqqII")


# ---------------------------------------------------------------------------------------------
# The service and its API

class API:
    def __init__(self, blotter: str, base: str):
        self.blotter = blotter
        self.base = base

    def call(self, method, path, expected, body=None, token=None, headers=None):
        request = urllib.request.Request(self.base + path, method=method)
        request.add_header("Accept", "application/json")
        if token:
            request.add_header("Authorization", f"Bearer {token}")
        for name, value in (headers or {}).items():
            request.add_header(name, value)
        data = None
        if body is not None:
            data = json.dumps(body).encode()
            request.add_header("Content-Type", "application/json")
        for attempt in range(50):
            try:
                with urllib.request.urlopen(request, data=data, timeout=60) as response:
                    status, text = response.status, response.read()
            except urllib.error.HTTPError as error:
                status, text = error.code, error.read()
            if status in (429, 503) and attempt < 49:   # back-pressure: retry as told
                time.sleep(0.2)
                continue
            break
        if status != expected:
            raise RuntimeError(f"{method} {path} answered {status}, expected {expected}: {text[:400]!r}")
        return json.loads(text) if text else None

    def totp(self, seed: str) -> str:
        return subprocess.run([self.blotter, "totp", seed], check=True, capture_output=True, text=True).stdout.strip()


def free_port() -> int:
    with socket.socket() as probe:
        probe.bind(("127.0.0.1", 0))
        return probe.getsockname()[1]


class Service:
    """`blotter serve` on a data directory, optionally with the recorder preloaded."""

    def __init__(self, blotter, data, log_path, environment=None):
        self.port = free_port()
        self.log_path = log_path
        env = dict(os.environ)
        env.update(environment or {})
        with open(log_path, "w") as log:
            self.process = subprocess.Popen(
                [blotter, "serve", "--data", data, "--host", "127.0.0.1", "--port", str(self.port),
                 "--password-cost", "4"], stdout=log, stderr=subprocess.STDOUT, env=env)
        self.api = API(blotter, f"http://127.0.0.1:{self.port}")
        for _ in range(600):
            try:
                self.api.call("GET", "/health", 200)
                return
            except (urllib.error.URLError, ConnectionError, RuntimeError):
                if self.process.poll() is not None:
                    raise SystemExit(f"power_loss: the service stopped: {open(log_path).read()[-2000:]}")
                time.sleep(0.1)
        raise SystemExit("power_loss: the service did not answer /health")

    def stop(self):
        self.process.send_signal(signal.SIGTERM)
        try:
            code = self.process.wait(timeout=60)
        except subprocess.TimeoutExpired:
            self.process.kill()
            self.process.wait()
            raise SystemExit("power_loss: the service did not stop on SIGTERM")
        if code != 0:
            raise SystemExit(f"power_loss: the service exited {code}: {open(self.log_path).read()[-2000:]}")


def article(n: int) -> dict:
    return {"kind": "stolenArticle", "facts": {
        "serialNumber": f"PL-{n:08d}", "articleType": "LAPTOP", "brand": "POWERCUT",
        "description": f"ARTICLE {n} ENTERED BY THE POWER-LOSS WORKLOAD", "dateOfTheft": "20260101",
        "caseNumber": f"PL-{n % 97:04d}"}}


def build_initial(blotter: str, data: str, records: int, work: str) -> str:
    """Creates the initial ledger through the API; returns the operator's API key."""
    service = Service(blotter, data, os.path.join(work, "initial-serve.log"))
    try:
        api = service.api
        log = open(service.log_path).read()
        for _ in range(100):
            if re.search(r"(otpauth://\S+)", log):
                break
            time.sleep(0.1)
            log = open(service.log_path).read()
        password = re.search(r"^\s*password\s+(\S+)", log, re.M).group(1)
        seed = re.search(r"(otpauth://\S+)", log).group(1)
        admin = api.call("POST", "/sessions", 201, {"userID": "admin", "password": password, "code": api.totp(seed)})["token"]
        today = time.strftime("%Y%m%d", time.gmtime())
        api.call("POST", "/agencies", 201, {"ori": "CA0194200", "name": "POWER LOSS PD", "access": "full"}, admin)
        credential = api.call("POST", "/users", 201, {
            "userID": "pl.operator", "agency": "CA0194200", "name": "POWER LOSS OPERATOR",
            "roles": ["officer", "operator"], "assignedOn": today}, admin)["oneTimeCredential"]
        api.call("POST", "/users/pl.operator/certifications", 200, {"certifiedOn": today}, admin)
        enrolment = api.call("POST", "/enrolments", 201, {
            "userID": "pl.operator", "oneTimeCredential": credential, "password": "Pl-" + "x7" * 8})
        api.call("POST", "/enrolments/confirm", 201, {
            "enrolmentToken": enrolment["enrolmentToken"], "code": api.totp(enrolment["seed"])})
        key = api.call("POST", "/users/pl.operator/api-keys", 201, {"label": "power-loss workload"}, admin)["key"]
        for n in range(records):
            api.call("POST", "/records", 201, article(n), headers={"X-API-Key": key, "Idempotency-Key": f"initial-{n}"})
    finally:
        service.stop()
    return key


def run_workload(blotter, data, key, events, clients, recorder, trace, work) -> dict:
    environment = {"LD_PRELOAD": recorder, "POWER_LOSS_LOG": trace}
    service = Service(blotter, data, os.path.join(work, "workload-serve.log"), environment)
    counts = {"entries": 0, "searches": 0}
    lock = threading.Lock()
    errors = []

    def client(index: int):
        try:
            for n in range(index, events, clients):
                headers = {"X-API-Key": key}
                if n % 5 == 4:
                    service.api.call("POST", "/searches", 200, {
                        "query": {"by": "caseNumber", "value": f"PL-{n % 97:04d}"}, "purpose": "C",
                        "caseNumber": "PL-SEARCH"}, headers=headers)
                    kind = "searches"
                else:
                    headers["Idempotency-Key"] = f"workload-{n}"
                    service.api.call("POST", "/records", 201, article(100_000 + n), headers=headers)
                    kind = "entries"
                with lock:
                    counts[kind] += 1
        except Exception as error:  # reported after the others finish
            errors.append(f"client {index}: {error}")

    threads = [threading.Thread(target=client, args=(i,)) for i in range(clients)]
    for thread in threads:
        thread.start()
    for thread in threads:
        thread.join()
    service.stop()
    if errors:
        raise SystemExit("power_loss: the workload failed: " + "; ".join(errors))
    return counts


# ---------------------------------------------------------------------------------------------
# The recorder's log

@dataclass
class Write:
    index: int          # position in the list of writes (log order of their beginning)
    begin: int          # record position of WRITE_BEGIN
    end: int | None     # record position of WRITE_END (None: never returned)
    offset: int
    data: bytes
    dsync: bool
    ok: bool = True
    truncate: bool = False   # an ftruncate: data is empty, offset is the new length


@dataclass
class Sync:
    begin: int
    end: int
    ok: bool


@dataclass
class Trace:
    records: int = 0
    writes: list = field(default_factory=list)
    syncs: list = field(default_factory=list)
    msyncs: int = 0
    opens: list = field(default_factory=list)
    failed_writes: int = 0


def read_trace(path: str, data_file: str) -> Trace:
    blob = open(path, "rb").read()
    trace = Trace()
    fd_paths: dict[int, str] = {}
    pending: dict[int, Write] = {}
    sync_begins: dict[int, int] = {}
    target = os.path.realpath(data_file)
    position, index = 0, 0
    while position < len(blob):
        kind, fd, ident, a, b, flags, length = HEADER.unpack_from(blob, position)
        position += HEADER.size
        payload = blob[position:position + length]
        position += length
        if kind == OPEN:
            fd_paths[fd] = os.path.realpath(payload.decode())
            trace.opens.append((fd, a, payload.decode()))
        elif fd_paths.get(fd) != target and kind not in (MSYNC,):
            pass    # another data.mdb (none expected)
        elif kind == WRITE_BEGIN:
            write = Write(len(trace.writes), index, None, a, payload, bool(flags))
            trace.writes.append(write)
            pending[ident] = write
        elif kind == WRITE_END:
            write = pending.pop(ident)
            write.end = index
            if a < 0:
                write.ok = False
                trace.failed_writes += 1
            elif a < len(write.data):
                write.data = write.data[:a]
        elif kind == SYNC_BEGIN:
            sync_begins[ident] = index
        elif kind == SYNC_END:
            trace.syncs.append(Sync(sync_begins.pop(ident), index, a == 0))
        elif kind == TRUNCATE:
            if b == 0:
                trace.writes.append(Write(len(trace.writes), index, index, a, b"", False, True, True))
        elif kind == CLOSE:
            fd_paths.pop(fd, None)
        if kind == MSYNC:
            trace.msyncs += 1
        index += 1
    trace.records = index
    return trace


def apply(image: bytearray, write: Write, prefix: int | None = None) -> None:
    if write.truncate:
        del image[write.offset:]
        image.extend(bytes(max(0, write.offset - len(image))))
        return
    data = write.data if prefix is None else write.data[:prefix]
    end = write.offset + len(data)
    if end > len(image):
        image.extend(bytes(end - len(image)))
    image[write.offset:end] = data


def materialize(initial: bytes, writes: list, torn: tuple | None = None) -> bytes:
    """The initial file with `writes` applied in log order; torn = (write, prefix length)."""
    image = bytearray(initial)
    for write in sorted(writes, key=lambda w: w.index):
        apply(image, write, torn[1] if torn and torn[0] is write else None)
    return bytes(image)


def meta_txnid(write: Write) -> int | None:
    """The transaction id in a meta-page write (LMDB 0.9, 64-bit: u64 at offset 144 of the page)."""
    page_offset = write.offset % 4096 if write.offset < 8192 else None
    if page_offset is None or not (page_offset <= 144 and page_offset + len(write.data) >= 152):
        return None
    at = 144 - page_offset
    return struct.unpack_from("<Q", write.data, at)[0]


# ---------------------------------------------------------------------------------------------
# Cut points and states

@dataclass
class Cut:
    position: int           # log records before it happened
    issued: int             # writes begun before it: trace.writes[:issued]
    candidates: list        # of those, the ones that may or may not be on disk (some in flight)
    acknowledged: Write | None   # the last meta-page write that returned
    in_flight_metas: list   # meta-page writes begun but not durable

    def durable(self, trace: Trace) -> list:
        maybe = {w.index for w in self.candidates}
        return [w for w in trace.writes[:self.issued] if w.index not in maybe and w.ok]

    @property
    def signature(self):
        return (self.issued, tuple(w.index for w in self.candidates),
                self.acknowledged.index if self.acknowledged else None)


def all_cuts(trace: Trace, ignore_syncs: bool = False):
    """Every position in the log, in order, with what is certainly and possibly on disk there.
    With ignore_syncs, fsync and fdatasync count for nothing (as if LMDB ran with MDB_NOSYNC):
    a self-test showing that the checks catch the states such a ledger could be left in."""
    sync_ends = [] if ignore_syncs else sorted((s.end, s.begin) for s in trace.syncs if s.ok)
    barrier, next_sync = -1, 0      # begin of the latest sync that succeeded before the cut
    issued, open_writes = 0, []     # writes begun and not yet known durable
    acknowledged = None
    for position in range(trace.records + 1):
        while next_sync < len(sync_ends) and sync_ends[next_sync][0] < position:
            barrier = max(barrier, sync_ends[next_sync][1])
            next_sync += 1
        while issued < len(trace.writes) and trace.writes[issued].begin < position:
            open_writes.append(trace.writes[issued])
            issued += 1
        still_open = []
        for write in open_writes:
            returned = write.end is not None and write.end < position
            if returned and not write.ok:
                continue   # a failed write: none expected; counted in the report
            if returned and (write.dsync or write.end < barrier):
                if write.dsync and (acknowledged is None or write.index > acknowledged.index):
                    acknowledged = write
                continue
            still_open.append(write)
        open_writes = still_open
        yield Cut(position, issued, list(open_writes), acknowledged, [w for w in open_writes if w.dsync])


class Running:
    """The initial file with the first n writes applied, advanced in order (never rewound)."""

    def __init__(self, initial: bytes, trace: Trace):
        self.image = bytearray(initial)
        self.trace = trace
        self.applied = 0

    def advance(self, n: int) -> None:
        assert n >= self.applied
        for write in self.trace.writes[self.applied:n]:
            if write.ok:
                apply(self.image, write)
        self.applied = n


def tear_points(write: Write, boundary: int) -> list:
    """Prefix lengths of `write` that end on a file offset multiple of `boundary`, strictly inside it."""
    start, end = write.offset, write.offset + len(write.data)
    first = (start // boundary + 1) * boundary
    return [b - start for b in range(first, end, boundary)]


@dataclass
class StateSpec:
    cut: Cut
    label: str
    chosen: list                 # the candidates that reached the disk
    torn: tuple | None = None    # (write, prefix length): one of them only in part


def states_for(cut: Cut, subsets: int, rng: random.Random) -> list:
    specs = [StateSpec(cut, "none", [])]
    if cut.candidates:
        specs.append(StateSpec(cut, "all", list(cut.candidates)))
    if len(cut.candidates) >= 2:
        for k in range(subsets):
            chosen = [w for w in cut.candidates if rng.random() < 0.5]
            specs.append(StateSpec(cut, f"subset:{','.join(str(w.index) for w in chosen) or '-'}", chosen))
    for boundary in (512, 4096):
        tearable = [(w, tear_points(w, boundary)) for w in cut.candidates if not w.truncate]
        tearable = [(w, points) for w, points in tearable if points]
        if not tearable:
            continue
        write, points = rng.choice(tearable)
        prefix = rng.choice(points)
        others = [w for w in cut.candidates if w is not write and rng.random() < 0.5]
        specs.append(StateSpec(cut, f"torn{boundary}:write {write.index} to {prefix} of {len(write.data)} bytes"
                               f" + {','.join(str(w.index) for w in others) or '-'}",
                               others + [write], (write, prefix)))
    return specs


def image_for(running: Running, trace: Trace, spec: StateSpec) -> bytes:
    """The durable writes and the chosen candidates over the initial file, in log order."""
    cut = spec.cut
    settled = min((w.index for w in cut.candidates), default=cut.issued)
    running.advance(settled)     # every write before the first candidate is durable
    image = bytearray(running.image)
    candidates = {w.index for w in cut.candidates}
    chosen = {w.index for w in spec.chosen}
    for write in trace.writes[settled:cut.issued]:
        if write.ok and (write.index not in candidates or write.index in chosen):
            torn = spec.torn[1] if spec.torn and spec.torn[0] is write else None
            apply(image, write, torn)
    return bytes(image)


# ---------------------------------------------------------------------------------------------
# Checking states

@dataclass
class Outcome:
    opened: bool
    verified: bool
    head: int | None
    detail: str


def brief(output: str) -> str:
    """A process's output on one line: its last lines that say something, at most 400 characters."""
    lines = [line.strip() for line in output.splitlines() if line.strip()]
    text = " | ".join(lines[-4:])
    return text if len(text) <= 400 else "…" + text[-400:]


class Checker:
    def __init__(self, blotter: str, skeleton: str, scratch: str):
        self.blotter = blotter
        self.skeleton = skeleton       # the initial data directory, for its key files
        self.scratch = scratch
        self.counter = 0
        self.lock = threading.Lock()

    def check(self, image: bytes) -> Outcome:
        with self.lock:
            self.counter += 1
            directory = os.path.join(self.scratch, f"state-{self.counter}")
        os.makedirs(os.path.join(directory, "ledger"), mode=0o700)
        os.chmod(directory, 0o700)
        for name in os.listdir(self.skeleton):
            source = os.path.join(self.skeleton, name)
            if os.path.isfile(source):
                shutil.copy2(source, os.path.join(directory, name))
        with open(os.path.join(directory, "ledger", "data.mdb"), "wb") as out:
            out.write(image)
        try:
            stats = subprocess.run([self.blotter, "stats", "--data", directory], capture_output=True, text=True, timeout=300)
            if stats.returncode != 0:
                return Outcome(False, False, None, f"stats exit {stats.returncode}: {brief(stats.stdout + stats.stderr)}")
            match = re.search(r"^events\s+(\d+)", stats.stdout, re.M)
            head = int(match.group(1)) if match else None
            verify = subprocess.run([self.blotter, "verify", "--data", directory], capture_output=True, text=True, timeout=600)
            if verify.returncode != 0:
                return Outcome(True, False, head, f"verify exit {verify.returncode}: {brief(verify.stdout + verify.stderr)}")
            return Outcome(True, True, head, "")
        except subprocess.TimeoutExpired as error:
            return Outcome(False, False, None, f"timed out: {error.cmd}")
        finally:
            shutil.rmtree(directory, ignore_errors=True)


class Evaluator:
    """Checks each distinct file image once, in parallel; the results are looked up by digest."""

    def __init__(self, checker: Checker, workers: int):
        self.checker = checker
        self.pool = concurrent.futures.ThreadPoolExecutor(max_workers=workers)
        self.results: dict[bytes, concurrent.futures.Future] = {}
        self.limit = threading.BoundedSemaphore(workers * 3)   # images held in memory

    def submit(self, image: bytes) -> bytes:
        digest = hashlib.sha256(image).digest()
        if digest not in self.results:
            self.limit.acquire()
            future = self.pool.submit(self.checker.check, image)
            future.add_done_callback(lambda _: self.limit.release())
            self.results[digest] = future
        return digest

    def outcome(self, digest: bytes) -> Outcome:
        return self.results[digest].result()


# ---------------------------------------------------------------------------------------------

def main(argv: list[str]) -> int:
    parser = argparse.ArgumentParser(description=__doc__.split("\n\n")[0],
                                     epilog=__doc__.split("\n\n", 1)[1],
                                     formatter_class=argparse.RawDescriptionHelpFormatter)
    parser.add_argument("blotter", help="the blotter executable")
    parser.add_argument("--events", type=int, default=60, help="requests the traced workload sends (default 60; every fifth is a search)")
    parser.add_argument("--clients", type=int, default=3, help="concurrent clients in the workload (default 3)")
    parser.add_argument("--initial-records", type=int, default=20, help="records entered before tracing starts (default 20)")
    parser.add_argument("--cuts", type=int, default=250, help="cut points to check, spread evenly over the distinct ones (default 250; 0: all)")
    parser.add_argument("--subsets", type=int, default=1, help="random subsets of the unsynced writes per cut (default 1)")
    parser.add_argument("--workers", type=int, default=2, help="parallel blotter processes (default 2)")
    parser.add_argument("--seed", type=int, default=13, help="seed of the state selection (default 13)")
    parser.add_argument("--ignore-syncs", action="store_true",
                        help="self-test: treat fsync/fdatasync as no barrier (as MDB_NOSYNC would), which must produce failures")
    parser.add_argument("--work", help="work directory (default: a temporary one, removed afterwards)")
    parser.add_argument("--json", help="also write the summary as JSON to this file")
    options = parser.parse_args(argv[1:])

    started = time.time()
    blotter = os.path.abspath(options.blotter)
    work = options.work or tempfile.mkdtemp(prefix="power-loss-")
    os.makedirs(work, exist_ok=True)
    try:
        return run(options, blotter, work, started)
    finally:
        if not options.work:
            shutil.rmtree(work, ignore_errors=True)


def run(options, blotter: str, work: str, started: float) -> int:
    recorder = os.path.join(work, "recorder.so")
    subprocess.run(["gcc", "-shared", "-fPIC", "-O2", "-o", recorder, os.path.join(HERE, "recorder.c"), "-ldl", "-lpthread"], check=True)

    initial_dir = os.path.join(work, "initial")
    key = build_initial(blotter, initial_dir, options.initial_records, work)
    run_dir = os.path.join(work, "run")
    shutil.copytree(initial_dir, run_dir)
    os.remove(os.path.join(run_dir, "ledger", "lock.mdb"))
    initial = open(os.path.join(initial_dir, "ledger", "data.mdb"), "rb").read()

    trace_path = os.path.join(work, "trace.log")
    counts = run_workload(blotter, run_dir, key, options.events, options.clients, recorder, trace_path, work)
    data_file = os.path.join(run_dir, "ledger", "data.mdb")
    trace = read_trace(trace_path, data_file)
    final = open(data_file, "rb").read()
    if materialize(initial, trace.writes) != final:
        raise SystemExit("power_loss: replaying the recorded writes does not reproduce the final data.mdb: the recorder missed a write")
    metas = [w for w in trace.writes if w.dsync]
    dsync_fds = sorted({fd for fd, flags, _ in trace.opens if flags & os.O_DSYNC})
    workload_seconds = time.time() - started
    print(f"workload: {counts['entries']} entries and {counts['searches']} searches by {options.clients} clients; "
          f"log of {trace.records} records: {len(trace.writes)} writes to data.mdb "
          f"({sum(len(w.data) for w in trace.writes) >> 10} KiB), {len(trace.syncs)} syncs, {len(metas)} meta-page writes "
          f"through O_DSYNC descriptor(s) {dsync_fds}, {trace.msyncs} msync, {trace.failed_writes} failed writes; "
          f"initial file {len(initial) >> 10} KiB, final {len(final) >> 10} KiB; replay reproduces the final file "
          f"({workload_seconds:.1f} s)", flush=True)

    scratch = tempfile.mkdtemp(prefix="power-loss-states-", dir=work_scratch(work))
    try:
        return check_states(options, blotter, trace, initial, initial_dir, metas, scratch, started, counts)
    finally:
        shutil.rmtree(scratch, ignore_errors=True)


def check_states(options, blotter, trace, initial, initial_dir, metas, scratch, started, counts) -> int:
    evaluator = Evaluator(Checker(blotter, initial_dir, scratch), options.workers)
    failures: list[str] = []

    # The head each acknowledged commit made durable: the state with every write up to its meta page.
    initial_head = evaluator.outcome(evaluator.submit(initial)).head or 0
    running = Running(initial, trace)
    ack_digests = {}
    for meta in metas:
        running.advance(meta.index + 1)
        ack_digests[meta.index] = evaluator.submit(bytes(running.image))
    ack_heads = {}
    for meta in metas:
        outcome = evaluator.outcome(ack_digests[meta.index])
        if not (outcome.opened and outcome.verified) or outcome.head is None:
            failures.append(f"acknowledged state after meta write {meta.index} (txn {meta_txnid(meta)}): {outcome.detail}")
        ack_heads[meta.index] = outcome.head
    print(f"commits: {len(metas)} acknowledged, heads {initial_head} -> "
          f"{max((h for h in ack_heads.values() if h is not None), default=initial_head)}", flush=True)

    # Distinct cut points: every position in the log, fewer when two give the same possibilities.
    cuts, seen = [], set()
    for cut in all_cuts(trace, options.ignore_syncs):
        if cut.signature not in seen:
            seen.add(cut.signature)
            cuts.append(cut)
    distinct = len(cuts)
    if options.cuts and options.cuts < len(cuts):
        step = len(cuts) / options.cuts
        cuts = [cuts[int(i * step)] for i in range(options.cuts)]

    rng = random.Random(options.seed)
    running = Running(initial, trace)
    pending = []
    for cut in cuts:
        for spec in states_for(cut, options.subsets, rng):
            pending.append((spec, evaluator.submit(image_for(running, trace, spec))))

    checked_by_kind: dict[str, int] = {}
    for spec, digest in pending:
        outcome = evaluator.outcome(digest)
        cut = spec.cut
        kind = spec.label.split(":")[0]
        checked_by_kind[kind] = checked_by_kind.get(kind, 0) + 1
        acked = ack_heads.get(cut.acknowledged.index) if cut.acknowledged else initial_head
        allowed = {acked} | {ack_heads.get(w.index) for w in cut.in_flight_metas}
        where = (f"cut at log record {cut.position} (acknowledged head {acked}, "
                 f"{len(cut.candidates)} unsynced writes), state {spec.label}")
        if not outcome.opened:
            failures.append(f"{where}: does not open: {outcome.detail}")
        elif not outcome.verified:
            failures.append(f"{where}: head {outcome.head}, verify fails: {outcome.detail}")
        elif acked is None:
            continue   # the acknowledged state itself failed, reported above
        elif outcome.head is None or outcome.head < acked:
            failures.append(f"{where}: head {outcome.head} is below the acknowledged head {acked}")
        elif outcome.head not in allowed:
            failures.append(f"{where}: head {outcome.head} is no commit's head (allowed {sorted(h for h in allowed if h is not None)})")
    evaluator.pool.shutdown()

    seconds = time.time() - started
    summary = {
        "cut_points": len(cuts), "distinct_cut_points": distinct, "states": len(pending),
        "distinct_states_checked": len(evaluator.results), "states_by_kind": checked_by_kind,
        "commits": len(metas), "writes": len(trace.writes), "syncs": len(trace.syncs),
        "log_records": trace.records, "failures": len(failures), "seconds": round(seconds, 1),
        "workload": counts, "events": options.events, "clients": options.clients,
    }
    for failure in failures[:50]:
        print("FAILED " + failure)
    if len(failures) > 50:
        print(f"… and {len(failures) - 50} more failures")
    print(f"power loss: {len(cuts)} cut points (of {distinct} distinct), {len(pending)} states "
          f"({', '.join(f'{v} {k}' for k, v in sorted(checked_by_kind.items()))}), "
          f"{len(evaluator.results)} distinct files checked with blotter stats and verify; "
          f"{len(failures)} failures ({seconds:.0f} s)")
    if options.json:
        with open(options.json, "w") as out:
            json.dump(summary | {"failure_list": failures}, out, indent=2)
    return 1 if failures else 0


def work_scratch(work: str) -> str:
    """Scratch states go to memory when /dev/shm is there (thousands of small files)."""
    if os.path.isdir("/dev/shm") and os.access("/dev/shm", os.W_OK):
        return "/dev/shm"
    return work


if __name__ == "__main__":
    sys.exit(main(sys.argv))
