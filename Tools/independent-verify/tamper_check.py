#!/usr/bin/env python3
"""Proves that verify_ledger.py catches a change to any derived table.

    python3 tamper_check.py DATA_DIR [PATH-TO-BLOTTER]

For every derived table of the ledger in DATA_DIR that has entries, and for a few other kinds of
change, it copies the ledger, changes one thing in the copy with LMDB (the original is only
read), and runs verify_ledger.py on the copy: each change must make it exit 1 with a
`FAILED at sequence N: …` line that names the table (or meta key) changed. The changes: one
byte flipped in the middle of a value (a byte added to an empty value), a records state made
non-canonical (a space added), an entry deleted, an entry added, and a projection-version
value changed. The unchanged copy must verify. With PATH-TO-BLOTTER, `blotter verify` is run on
each copy too and must agree: pass the untouched copy, fail every changed one (it opens the
ledger read-only, so it reports a changed projection version rather than rebuilding it).

Exits 0 when every change was caught, 1 otherwise.
"""

from __future__ import annotations

import os
import shutil
import subprocess
import sys
import tempfile

import lmdb

HERE = os.path.dirname(os.path.abspath(__file__))
VERIFIER = os.path.join(HERE, "verify_ledger.py")
DERIVED_TABLES = (
    b"ledger.stream-index", b"ledger.idempotency", b"ledger.merkle-nodes",
    b"projection.stream-catalog.streams",
    b"projection.records.records", b"projection.records.keys", b"projection.records.names",
    b"projection.records.unchecked", b"projection.records.validation", b"projection.records.accesses",
    b"projection.records.searches",
    b"projection.access.agencies", b"projection.access.users", b"projection.access.agency-users",
    b"projection.access.api-keys",
)


# What the failure names for the engine's tables (its projection tables are named as they are).
EXPECTED = {
    b"ledger.stream-index": "ledger.stream-index", b"ledger.idempotency": "ledger.idempotency",
    b"ledger.merkle-nodes": "Merkle node", b"projection.stream-catalog.streams": "projection.stream-catalog.streams",
}


def run_verifier(data_dir: str) -> tuple[int, str]:
    result = subprocess.run([sys.executable, VERIFIER, data_dir], capture_output=True, text=True)
    return result.returncode, (result.stdout + result.stderr).strip().splitlines()[-1]


def run_blotter(blotter: str, data_dir: str) -> tuple[int, str]:
    result = subprocess.run([blotter, "verify", "--data", data_dir], capture_output=True, text=True)
    lines = [line for line in result.stdout.splitlines() if line.startswith(("MISMATCH", "FAILED"))]
    return result.returncode, f"exit {result.returncode}" + (f": {lines[0]}" if lines else "")


def copy_of(data_dir: str, scratch: str, name: str) -> str:
    target = os.path.join(scratch, name)
    shutil.copytree(os.path.join(data_dir, "ledger"), os.path.join(target, "ledger"))
    return target


def entries(data_dir: str, table: bytes) -> list[tuple[bytes, bytes]]:
    env = lmdb.open(os.path.join(data_dir, "ledger"), readonly=True, lock=False, max_dbs=64)
    try:
        with env.begin() as txn:
            try:
                db = env.open_db(table, txn=txn, create=False)
            except lmdb.NotFoundError:
                return []
            return [(bytes(k), bytes(v)) for k, v in txn.cursor(db=db)]
    finally:
        env.close()


def change(data_dir: str, table: bytes, edit) -> None:
    env = lmdb.open(os.path.join(data_dir, "ledger"), max_dbs=64, map_size=1 << 34)
    try:
        with env.begin(write=True) as txn:
            edit(txn, env.open_db(table, txn=txn, create=False))
    finally:
        env.close()


def flipped(value: bytes) -> bytes:
    if not value:
        return b"\x01"
    middle = len(value) // 2
    return value[:middle] + bytes([value[middle] ^ 0x01]) + value[middle + 1:]


def cases(data_dir: str):
    """(name, table, edit, what the failure must name) for each change."""
    for table in DERIVED_TABLES:
        rows = entries(data_dir, table)
        if not rows:
            continue
        key, value = rows[len(rows) // 2]
        yield (f"flip a byte of a value in {table.decode()}", table,
               lambda txn, db, key=key, value=value: txn.put(key, flipped(value), db=db),
               EXPECTED.get(table, table.decode()))
    records = entries(data_dir, b"projection.records.records")
    if records:
        key, value = records[0]
        yield ("records state with a space after '{' (not canonical)", b"projection.records.records",
               lambda txn, db: txn.put(key, b"{ " + value[1:], db=db), "not canonical")
    keys = entries(data_dir, b"projection.records.keys")
    if keys:
        yield ("delete a keys entry", b"projection.records.keys",
               lambda txn, db: txn.delete(keys[0][0], db=db), "projection.records.keys")
    names = entries(data_dir, b"projection.records.names")
    if names:
        extra = names[0][0][:-1] + bytes([names[0][0][-1] + 40])
        yield ("add a names entry", b"projection.records.names",
               lambda txn, db: txn.put(extra, names[0][1], db=db), "projection.records.names")
    users = [(key, value) for key, value in entries(data_dir, b"projection.access.users") if b"\\/" in value]
    if users:
        key, value = users[0]
        yield ("users value with '\\/' written '/'", b"projection.access.users",
               lambda txn, db: txn.put(key, value.replace(b"\\/", b"/"), db=db),
               "projection.access.users")
    meta = entries(data_dir, b"ledger.meta")
    for key, value in meta:
        if key == b"projection-version:records" and entries(data_dir, b"projection.records.validation"):
            # The fourth period (firstValidationDueDays), low byte: the validation list's due dates move.
            at = 4 + 3 * 8 + 7
            yield ("records projection-version with another firstValidationDueDays", b"ledger.meta",
                   lambda txn, db, key=key, value=value: txn.put(key, value[:at] + bytes([value[at] ^ 1]) + value[at + 1:], db=db),
                   "projection.records.validation")


def main(argv: list[str]) -> int:
    if len(argv) not in (2, 3):
        print(__doc__, file=sys.stderr)
        return 2
    data_dir, blotter = argv[1], (argv[2] if len(argv) == 3 else None)
    missed = 0
    with tempfile.TemporaryDirectory(prefix="blotter-tamper.") as scratch:
        untouched = copy_of(data_dir, scratch, "untouched")
        status, line = run_verifier(untouched)
        print(f"untouched copy: exit {status}: {line}")
        if status != 0:
            return 1
        if blotter:
            status, verdict = run_blotter(blotter, untouched)
            print(f"    blotter verify {verdict}")
            if status != 0:
                return 1
        for index, (name, table, edit, expected) in enumerate(cases(data_dir)):
            target = copy_of(data_dir, scratch, f"case-{index}")
            change(target, table, edit)
            status, line = run_verifier(target)
            caught = status == 1 and line.startswith("FAILED at sequence") and expected in line
            missed += not caught
            print(f"{'caught' if caught else 'MISSED'}: {name}\n    verify_ledger.py exit {status}: {line}")
            if blotter:
                status, verdict = run_blotter(blotter, target)
                missed += status != 1
                print(f"    blotter verify {verdict}" + ("" if status == 1 else "  <- MISSED by blotter verify"))
    print("every change was caught" if missed == 0 else f"{missed} changes were not caught")
    return 0 if missed == 0 else 1


if __name__ == "__main__":
    sys.exit(main(sys.argv))
