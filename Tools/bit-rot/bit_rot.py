#!/usr/bin/env python3
"""Bit rot (issue 13): flips bits across a ledger's data file and requires `blotter verify` to
catch each one with a named place, or the flip to be proven harmless.

    python3 bit_rot.py BLOTTER [--flips N] [--seed S] [--records R] [--bytes] [--jobs J]
                               [--timeout SECONDS] [--keep DIR]

It seeds a small ledger (`blotter seed`, a checkpoint, `blotter rebuild`, which frees the old
projection pages, then a second checkpoint), checks that it verifies, and dumps it with
`mdb_dump -a` (Debian's lmdb-utils). Then, for N trials drawn from one fixed random seed, it
copies the data directory, flips one bit (with --bytes: XORs one byte with a random non-zero
value) at a random offset of the copy's `data.mdb`, runs `blotter verify` on the copy and
classifies the outcome:

- detected: exit status 1 and the output names a place (a page, meta page, sequence, event,
  checkpoint tree size, or a table or key of a MISMATCH line);
- harmless: exit status 0, and either the flipped page is one no B-tree of the newest meta page
  reaches (a free or unused page) or `mdb_dump -a` of the copy equals the original's (the
  `mapsize=` header line aside: Blotter sets the map size itself on every open, and LMDB
  rewrites the meta page's value at the next commit);
- CRASH: verify died of a signal (SIGSEGV, SIGBUS, SIGFPE, an abort or a Swift trap);
- SILENT: exit status 0 but the logical content changed (or mdb_dump cannot read the copy);
- HANG: verify did not finish within the timeout;
- UNNAMED: verify failed without naming a place.

The offsets are stratified by what the page is (parsed from the original file by
lmdb_pages.py): trials cycle through the kinds of page the file has — the two meta pages, branch
pages, leaf pages, overflow pages, pages on the free list, and unused pages (neither reachable
nor free, or past the newest meta page's last page) — and, for branch, leaf and overflow pages,
pick the table uniformly, then a page of it. Within a page, part of the flips are aimed at its
structure (a meta page's record; a tree page's header and node offsets; an overflow page's
header), the rest land anywhere in the page.

Prints the counts per class, per page kind and per table, and every defect; exits 1 when any
trial crashed, hung, passed silently or failed without naming a place.
"""

from __future__ import annotations

import argparse
import collections
import concurrent.futures
import os
import random
import re
import shutil
import signal
import subprocess
import sys
import tempfile
import time

sys.path.insert(0, os.path.dirname(os.path.abspath(__file__)))
import lmdb_pages  # noqa: E402

PLACE = re.compile(
    r"(\bpage \d+|meta pages? [01]|\bsequence\s+\d+|\bevent \d+|tree size \d+|MISMATCH \S+|"
    r"table \S+|projection \S+ was folded)")
DEFECTS = ("CRASH", "SILENT", "HANG", "UNNAMED")
KINDS = ("meta", "branch", "leaf", "overflow", "free", "unused")


def run(arguments: list[str], **options) -> subprocess.CompletedProcess:
    return subprocess.run(arguments, capture_output=True, text=True, **options)


def must(arguments: list[str]) -> str:
    result = run(arguments)
    if result.returncode != 0:
        sys.exit(f"bit_rot: {' '.join(arguments)} failed ({result.returncode}):\n{result.stdout}{result.stderr}")
    return result.stdout


def dump(ledger_dir: str) -> str | None:
    """The logical content of an LMDB environment, or None when mdb_dump cannot read it."""
    try:
        result = run(["mdb_dump", "-a", ledger_dir], timeout=60)
    except subprocess.TimeoutExpired:
        return None
    if result.returncode != 0:
        return None
    return "\n".join(line for line in result.stdout.splitlines() if not line.startswith("mapsize="))


def seed_ledger(blotter: str, data: str, records: int) -> None:
    must([blotter, "seed", "--data", data, "--records", str(records), "--clients", "1"])
    must([blotter, "checkpoint", "--data", data])
    must([blotter, "rebuild", "--data", data])
    must([blotter, "checkpoint", "--data", data])
    out = must([blotter, "verify", "--data", data])
    if "verified: the ledger is intact" not in out:
        sys.exit(f"bit_rot: the seeded ledger does not verify:\n{out}")


class Planner:
    """Chooses where each flip lands, stratified by page kind and table."""

    def __init__(self, layout: lmdb_pages.Layout, rng: random.Random) -> None:
        self.layout = layout
        self.rng = rng
        self.pages: dict[str, dict[str | None, list[int]]] = collections.defaultdict(lambda: collections.defaultdict(list))
        for number, (kind, table) in sorted(layout.kinds.items()):
            self.pages[kind][table].append(number)
        self.kinds = [kind for kind in KINDS if kind in self.pages]

    def choose(self, trial: int) -> tuple[int, str, str | None, int]:
        """(file offset, page kind, table, page number) of trial `trial`."""
        size = self.layout.page_size
        kind = self.kinds[trial % len(self.kinds)]
        table = self.rng.choice(sorted(self.pages[kind], key=str))
        number = self.rng.choice(self.pages[kind][table])
        aimed = self.rng.random()
        if kind == "meta" and aimed < 0.5:
            within = self.rng.randrange(lmdb_pages.PAGE_HEADER, lmdb_pages.PAGE_HEADER + 136)
        elif kind in ("branch", "leaf") and aimed < 0.3:
            within = self.rng.randrange(0, max(self.layout.lower[number], lmdb_pages.PAGE_HEADER))
        elif kind in ("branch", "leaf") and aimed < 0.5:
            # the nodes themselves: offsets and sizes first of all
            within = self.rng.randrange(min(self.layout.upper[number], size - 1), size)
        elif kind == "overflow" and aimed < 0.2:
            within = self.rng.randrange(0, lmdb_pages.PAGE_HEADER)
        else:
            within = self.rng.randrange(0, size)
        return number * size + within, kind, table, number


def trial(blotter: str, base: str, scratch: str, reference: str, offset: int, mask: int, kind: str,
          timeout: float) -> tuple[str, int | None, str]:
    copy = tempfile.mkdtemp(dir=scratch)
    try:
        data = os.path.join(copy, "data")
        shutil.copytree(base, data)
        path = os.path.join(data, "ledger", "data.mdb")
        with open(path, "r+b") as file:
            file.seek(offset)
            byte = file.read(1)[0]
            file.seek(offset)
            file.write(bytes([byte ^ mask]))
        try:
            result = run([blotter, "verify", "--data", data], timeout=timeout)
        except subprocess.TimeoutExpired:
            return "HANG", None, f"no answer in {timeout:.0f} s"
        output = (result.stdout + result.stderr).strip()
        if result.returncode < 0:
            return "CRASH", result.returncode, f"{signal.Signals(-result.returncode).name}: {output[-400:]}"
        if result.returncode != 0:
            named = PLACE.search(output)
            failure = next((line for line in output.splitlines() if line.startswith(("FAILED", "MISMATCH", "Error"))), output[-300:])
            return ("detected" if named else "UNNAMED"), result.returncode, failure
        if kind in ("free", "unused"):
            return "harmless", 0, "a page no B-tree reaches"
        flipped = dump(os.path.join(data, "ledger"))
        if flipped is None:
            return "SILENT", 0, "verify passed but mdb_dump cannot read the copy"
        if flipped != reference:
            return "SILENT", 0, "verify passed but the content differs"
        return "harmless", 0, "content unchanged"
    finally:
        shutil.rmtree(copy, ignore_errors=True)


def main() -> int:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("blotter")
    parser.add_argument("--flips", type=int, default=300)
    parser.add_argument("--seed", type=int, default=13)
    parser.add_argument("--records", type=int, default=120)
    parser.add_argument("--bytes", action="store_true", help="XOR a whole byte instead of flipping one bit")
    parser.add_argument("--jobs", type=int, default=os.cpu_count() or 2)
    parser.add_argument("--timeout", type=float, default=60)
    parser.add_argument("--keep", help="copy the ledger and the offsets of every defect here")
    arguments = parser.parse_args()
    blotter = os.path.abspath(arguments.blotter)
    if shutil.which("mdb_dump") is None:
        sys.exit("bit_rot: mdb_dump not found (apt-get install lmdb-utils)")

    started = time.monotonic()
    scratch = tempfile.mkdtemp(prefix="bit-rot-")
    try:
        base = os.path.join(scratch, "base")
        seed_ledger(blotter, base, arguments.records)
        reference = dump(os.path.join(base, "ledger"))
        assert reference is not None
        with open(os.path.join(base, "ledger", "data.mdb"), "rb") as file:
            layout = lmdb_pages.layout(file.read())
        rng = random.Random(arguments.seed)
        planner = Planner(layout, rng)
        census = collections.Counter(kind for kind, _ in layout.kinds.values())
        print(f"ledger: {arguments.records} records, {layout.page_count} pages of {layout.page_size} bytes "
              f"(newest meta page {layout.meta.page}, transaction {layout.meta.txnid}, last page {layout.meta.last_page}); "
              + ", ".join(f"{census[kind]} {kind}" for kind in KINDS if census[kind]))
        plans = []
        for index in range(arguments.flips):
            offset, kind, table, number = planner.choose(index)
            mask = rng.randrange(1, 256) if arguments.bytes else 1 << rng.randrange(8)
            plans.append((index, offset, mask, kind, table, number))

        classes: collections.Counter = collections.Counter()
        by_kind: dict[str, collections.Counter] = collections.defaultdict(collections.Counter)
        by_table: dict[str, collections.Counter] = collections.defaultdict(collections.Counter)
        defects = []
        with concurrent.futures.ThreadPoolExecutor(max_workers=max(1, arguments.jobs)) as pool:
            futures = {
                pool.submit(trial, blotter, base, scratch, reference, plan[1], plan[2], plan[3], arguments.timeout): plan
                for plan in plans
            }
            for future in concurrent.futures.as_completed(futures):
                index, offset, mask, kind, table, number = futures[future]
                outcome, status, detail = future.result()
                classes[outcome] += 1
                by_kind[kind][outcome] += 1
                if table is not None:
                    by_table[table][outcome] += 1
                if outcome in DEFECTS:
                    defects.append((index, offset, mask, kind, table, number, outcome, status, detail))
                    if arguments.keep:
                        keep_case(arguments.keep, base, index, offset, mask)

        seconds = time.monotonic() - started
        width = max(len(name) for name in ["kind", *by_table, *KINDS]) + 2
        columns = ("detected", "harmless", *DEFECTS)
        print(f"\n{arguments.flips} {'byte' if arguments.bytes else 'bit'} flips, seed {arguments.seed}, {seconds:.0f} s")
        print("".ljust(width) + "".join(c.rjust(10) for c in columns))
        print("all".ljust(width) + "".join(str(classes[c]).rjust(10) for c in columns))
        for kind in KINDS:
            if kind in by_kind:
                print(kind.ljust(width) + "".join(str(by_kind[kind][c]).rjust(10) for c in columns))
        print("by table (branch, leaf and overflow pages):")
        for table in sorted(by_table):
            print(("  " + table).ljust(width) + "".join(str(by_table[table][c]).rjust(10) for c in columns))
        for index, offset, mask, kind, table, number, outcome, status, detail in sorted(defects):
            print(f"{outcome}: trial {index}, offset {offset} (page {number}, {kind}"
                  f"{' of ' + table if table else ''}, byte {offset % layout.page_size}) ^ 0x{mask:02x}, "
                  f"exit {status}: {detail}")
        return 1 if defects else 0
    finally:
        shutil.rmtree(scratch, ignore_errors=True)


def keep_case(keep: str, base: str, index: int, offset: int, mask: int) -> None:
    target = os.path.join(keep, f"trial-{index}")
    if os.path.exists(target):
        return
    shutil.copytree(base, target)
    path = os.path.join(target, "ledger", "data.mdb")
    with open(path, "r+b") as file:
        file.seek(offset)
        byte = file.read(1)[0]
        file.seek(offset)
        file.write(bytes([byte ^ mask]))
    with open(os.path.join(keep, f"trial-{index}.txt"), "w") as note:
        note.write(f"offset {offset} xor 0x{mask:02x}\n")


if __name__ == "__main__":
    sys.exit(main())
