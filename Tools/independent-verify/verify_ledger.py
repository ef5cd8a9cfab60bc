#!/usr/bin/env python3
"""Independent verifier for a Blotter ledger, storage format version 1.

Written from Docs/storage-format.md alone (no Swift source was read). It opens
DATA_DIR/ledger read-only with LMDB and checks every hash in the ledger with
nothing but SHA-256: the event chain, redactions, the Merkle tree, the stored
checkpoints and the derived tables (stream index, idempotency table, stream
catalog projection). Ed25519 checkpoint signatures are verified when the
`cryptography` package is importable, and skipped otherwise.

Usage: python3 verify_ledger.py DATA_DIR

Prints `verified: ...` and exits 0 on success; prints
`FAILED at sequence N: <reason>` for the first failure and exits 1.
Failures that belong to no event (meta, table layout) use sequence 0;
checkpoint failures use the checkpoint's tree size (the sequence of its head).
"""

from __future__ import annotations

import hashlib
import json
import os
import struct
import sys
from dataclasses import dataclass, field

import lmdb

# --- Constants from the document -------------------------------------------------

FORMAT_VERSION = 1

EVENTS_DB = b"ledger.events"
STREAM_INDEX_DB = b"ledger.stream-index"
MERKLE_NODES_DB = b"ledger.merkle-nodes"
IDEMPOTENCY_DB = b"ledger.idempotency"
CHECKPOINTS_DB = b"ledger.checkpoints"
META_DB = b"ledger.meta"
STREAM_CATALOG_DB = b"projection.stream-catalog.streams"

GENESIS_PREFIX = b"blotter-genesis-v1"
CHECKPOINT_PREFIX = b"blotter-checkpoint-v1\n"
REDACTION_TYPE = "LedgerPayloadsRedacted"
REDACTION_STREAM = "ledger.redactions"

PAYLOAD_PRESENT = 0
PAYLOAD_REDACTED = 1
SALT_SIZE = 16
HASH_SIZE = 32
ID_SIZE = 16
PUBLIC_KEY_SIZE = 32
SIGNATURE_SIZE = 64
# prefix ‖ ledger-id ‖ treeSize ‖ rootHash ‖ headHash ‖ createdAt ‖ publicKey
CHECKPOINT_MESSAGE_SIZE = len(CHECKPOINT_PREFIX) + ID_SIZE + 8 + HASH_SIZE + HASH_SIZE + 8 + PUBLIC_KEY_SIZE


class VerificationError(Exception):
    """The first failure found; `sequence` is the event (or tree size) it concerns."""

    def __init__(self, sequence: int, reason: str):
        super().__init__(reason)
        self.sequence = sequence
        self.reason = reason


def sha256(*parts: bytes) -> bytes:
    digest = hashlib.sha256()
    for part in parts:
        digest.update(part)
    return digest.digest()


def u32(value: int) -> bytes:
    return struct.pack(">I", value)


def decode_u64(raw: bytes, sequence: int, what: str) -> int:
    if len(raw) != 8:
        raise VerificationError(sequence, f"{what} is {len(raw)} bytes, expected 8")
    return struct.unpack(">Q", raw)[0]


# --- Binary reader -----------------------------------------------------------------


class Reader:
    """Reads big-endian fields from a byte string; raises ValueError when it runs out."""

    def __init__(self, data: bytes):
        self.data = data
        self.offset = 0

    def take(self, size: int) -> bytes:
        end = self.offset + size
        if end > len(self.data):
            raise ValueError(f"record ends at byte {len(self.data)}, needed {end}")
        chunk = self.data[self.offset:end]
        self.offset = end
        return chunk

    def u8(self) -> int:
        return self.take(1)[0]

    def u16(self) -> int:
        return struct.unpack(">H", self.take(2))[0]

    def u32(self) -> int:
        return struct.unpack(">I", self.take(4))[0]

    def u64(self) -> int:
        return struct.unpack(">Q", self.take(8))[0]

    def i64(self) -> int:
        return struct.unpack(">q", self.take(8))[0]

    def string(self) -> str:
        raw = self.take(self.u16())
        return raw.decode("utf-8")  # strict: invalid UTF-8 is a parse failure

    def remaining(self) -> int:
        return len(self.data) - self.offset


# --- Event records -----------------------------------------------------------------


@dataclass
class EventRecord:
    format: int
    sequence: int
    recorded_at: int
    stream_version: int
    previous_hash: bytes
    payload_digest: bytes
    payload_length: int
    type: str
    stream: str
    actor_user_id: str
    actor_agency: str
    actor_client_address: str
    idempotency_key: str
    header: bytes
    hash: bytes
    payload_state: int
    salt: bytes | None = None
    payload: bytes | None = None
    redacted_by: int | None = None

    @property
    def is_redacted(self) -> bool:
        return self.payload_state == PAYLOAD_REDACTED

    @property
    def is_redaction_event(self) -> bool:
        return self.type == REDACTION_TYPE


def parse_event(key_sequence: int, raw: bytes) -> EventRecord:
    """Parses one record exactly as documented; any deviation is a failure."""
    try:
        return _parse_event_fields(Reader(raw))
    except (ValueError, UnicodeDecodeError) as error:
        raise VerificationError(key_sequence, f"event record does not parse: {error}") from None


def _parse_event_fields(reader: Reader) -> EventRecord:
    fmt = reader.u8()
    if fmt != FORMAT_VERSION:
        raise ValueError(f"format byte is {fmt}, expected {FORMAT_VERSION}")
    fields = dict(
        format=fmt,
        sequence=reader.u64(),
        recorded_at=reader.i64(),
        stream_version=reader.u32(),
        previous_hash=reader.take(HASH_SIZE),
        payload_digest=reader.take(HASH_SIZE),
        payload_length=reader.u32(),
        type=reader.string(),
        stream=reader.string(),
        actor_user_id=reader.string(),
        actor_agency=reader.string(),
        actor_client_address=reader.string(),
        idempotency_key=reader.string(),
    )
    header = reader.data[:reader.offset]
    record = EventRecord(**fields, header=header, hash=reader.take(HASH_SIZE), payload_state=reader.u8())
    _parse_trailer(reader, record)
    if reader.remaining() != 0:
        raise ValueError(f"{reader.remaining()} bytes after the last field")
    return record


def _parse_trailer(reader: Reader, record: EventRecord) -> None:
    if record.payload_state == PAYLOAD_PRESENT:
        record.salt = reader.take(SALT_SIZE)
        record.payload = reader.take(record.payload_length)
    elif record.payload_state == PAYLOAD_REDACTED:
        record.redacted_by = reader.u64()
    else:
        raise ValueError(f"payload state is {record.payload_state}, expected 0 or 1")


# --- Meta --------------------------------------------------------------------------


@dataclass
class Meta:
    ledger_id: bytes
    public_key: bytes
    created_at: int

    @property
    def genesis_hash(self) -> bytes:
        return sha256(GENESIS_PREFIX, self.ledger_id)


def read_meta(txn: lmdb.Transaction, db) -> Meta:
    def get(name: str, size: int) -> bytes:
        value = txn.get(name.encode("ascii"), db=db)
        if value is None:
            raise VerificationError(0, f"meta/{name} is missing")
        if len(value) != size:
            raise VerificationError(0, f"meta/{name} is {len(value)} bytes, expected {size}")
        return bytes(value)

    version = struct.unpack(">I", get("format-version", 4))[0]
    if version != FORMAT_VERSION:
        raise VerificationError(0, f"meta/format-version is {version}, this verifier reads {FORMAT_VERSION}")
    return Meta(
        ledger_id=get("ledger-id", ID_SIZE),
        public_key=get("public-key", PUBLIC_KEY_SIZE),
        created_at=struct.unpack(">q", get("created-at", 8))[0],
    )


# --- Merkle tree (RFC 9162 section 2.1) ---------------------------------------------


def leaf_hash(event_hash: bytes) -> bytes:
    return sha256(b"\x00", event_hash)


def node_hash(left: bytes, right: bytes) -> bytes:
    return sha256(b"\x01", left, right)


def node_position(level: int, index: int) -> int:
    """Creation position of the subtree at `level` >= 1 and `index` (the document's formula)."""
    m = (index + 1) << level
    return (m - 1) - bin(m - 1).count("1") + (level - 1)


@dataclass
class CompletedNode:
    level: int
    index: int
    hash: bytes

    @property
    def position(self) -> int:
        return node_position(self.level, self.index)


class MerkleBuilder:
    """Builds the tree leaf by leaf, keeping the roots of the perfect subtrees on a stack."""

    def __init__(self):
        self.size = 0
        self.stack: list[tuple[int, bytes]] = []  # (level, hash), largest subtree first

    def append(self, event_hash: bytes) -> list[CompletedNode]:
        """Adds a leaf; returns the subtrees (level >= 1) it completes, lower levels first."""
        leaf_index = self.size
        self.size += 1
        level, current = 0, leaf_hash(event_hash)
        completed = []
        while self.stack and self.stack[-1][0] == level:
            _, left = self.stack.pop()
            current = node_hash(left, current)
            level += 1
            completed.append(CompletedNode(level, leaf_index >> level, current))
        self.stack.append((level, current))
        return completed

    def root(self) -> bytes:
        """MTH of the leaves so far: fold the perfect subtrees from the right."""
        if not self.stack:
            return sha256(b"")
        root = self.stack[-1][1]
        for _, left in reversed(self.stack[:-1]):
            root = node_hash(left, root)
        return root


# --- Checkpoints --------------------------------------------------------------------


@dataclass
class Checkpoint:
    tree_size: int
    ledger_id: bytes
    root_hash: bytes
    head_hash: bytes
    created_at: int
    public_key: bytes
    message: bytes
    signature: bytes


def parse_checkpoint(key: bytes, value: bytes) -> Checkpoint:
    tree_size = decode_u64(key, 0, "checkpoint key")
    expected = CHECKPOINT_MESSAGE_SIZE + SIGNATURE_SIZE
    if len(value) != expected:
        raise VerificationError(tree_size, f"checkpoint is {len(value)} bytes, expected {expected}")
    reader = Reader(value)
    if reader.take(len(CHECKPOINT_PREFIX)) != CHECKPOINT_PREFIX:
        raise VerificationError(tree_size, "checkpoint does not start with 'blotter-checkpoint-v1\\n'")
    checkpoint = Checkpoint(
        ledger_id=reader.take(ID_SIZE),
        tree_size=reader.u64(),
        root_hash=reader.take(HASH_SIZE),
        head_hash=reader.take(HASH_SIZE),
        created_at=reader.i64(),
        public_key=reader.take(PUBLIC_KEY_SIZE),
        message=value[:CHECKPOINT_MESSAGE_SIZE],
        signature=reader.take(SIGNATURE_SIZE),
    )
    if checkpoint.tree_size != tree_size:
        raise VerificationError(tree_size, f"checkpoint under key {tree_size} signs tree size {checkpoint.tree_size}")
    return checkpoint


def check_checkpoint_identity(checkpoint: Checkpoint, meta: Meta) -> None:
    if checkpoint.ledger_id != meta.ledger_id:
        raise VerificationError(checkpoint.tree_size, "checkpoint ledger id differs from meta/ledger-id")
    if checkpoint.public_key != meta.public_key:
        raise VerificationError(checkpoint.tree_size, "checkpoint public key differs from meta/public-key")


def make_signature_verifier():
    """Returns verify(public_key, signature, message) -> bool, or None without `cryptography`."""
    try:
        from cryptography.exceptions import InvalidSignature
        from cryptography.hazmat.primitives.asymmetric.ed25519 import Ed25519PublicKey
    except ImportError:
        return None

    def verify(public_key: bytes, signature: bytes, message: bytes) -> bool:
        try:
            Ed25519PublicKey.from_public_bytes(public_key).verify(signature, message)
            return True
        except InvalidSignature:
            return False

    return verify


# --- Redactions ---------------------------------------------------------------------


def parse_redaction_payload(record: EventRecord) -> list[int]:
    """The redaction event's JSON: {"reason": str, "sequences": [ascending sequences]}."""
    seq = record.sequence
    try:
        document = json.loads(record.payload.decode("utf-8"))
    except (UnicodeDecodeError, json.JSONDecodeError) as error:
        raise VerificationError(seq, f"redaction payload is not JSON: {error}") from None
    if not isinstance(document, dict) or set(document) != {"reason", "sequences"}:
        raise VerificationError(seq, "redaction payload is not an object with exactly 'reason' and 'sequences'")
    if not isinstance(document["reason"], str):
        raise VerificationError(seq, "redaction payload's 'reason' is not a string")
    sequences = document["sequences"]
    if not isinstance(sequences, list) or not all(type(s) is int for s in sequences):
        raise VerificationError(seq, "redaction payload's 'sequences' is not a list of integers")
    if any(a >= b for a, b in zip(sequences, sequences[1:])):
        raise VerificationError(seq, "redaction payload's 'sequences' is not strictly ascending")
    return sequences


# --- The verifier -------------------------------------------------------------------


@dataclass
class StreamState:
    version: int
    last_sequence: int


@dataclass
class Totals:
    events: int = 0
    merkle_nodes: int = 0
    checkpoints: int = 0
    redacted: int = 0


@dataclass
class LedgerVerifier:
    txn: lmdb.Transaction
    dbs: dict
    meta: Meta
    verify_signature: object = None
    merkle: MerkleBuilder = field(default_factory=MerkleBuilder)
    streams: dict = field(default_factory=dict)  # stream -> StreamState
    redaction_pointers: dict = field(default_factory=dict)  # redactedBy -> [sequences]
    idempotency_counts: dict = field(default_factory=dict)  # key -> number of events
    checkpoints: dict = field(default_factory=dict)  # tree size -> Checkpoint
    totals: Totals = field(default_factory=Totals)

    def run(self) -> Totals:
        self.load_checkpoints()
        self.verify_empty_tree_checkpoint()
        self.verify_events()
        self.verify_leftovers()
        return self.totals

    # Checkpoints are few: load them first, check them when the tree reaches their size.

    def load_checkpoints(self) -> None:
        for key, value in self.txn.cursor(db=self.dbs[CHECKPOINTS_DB]):
            checkpoint = parse_checkpoint(bytes(key), bytes(value))
            check_checkpoint_identity(checkpoint, self.meta)
            self.checkpoints[checkpoint.tree_size] = checkpoint

    def verify_empty_tree_checkpoint(self) -> None:
        # The document defines headHash as "the hash of event treeSize", which does not exist
        # for tree size 0. The CLI signs such checkpoints on an empty ledger with the genesis
        # hash as headHash (the "hash of event 0" that event 1's previousHash names).
        if 0 in self.checkpoints:
            self.check_checkpoint(self.checkpoints[0], self.meta.genesis_hash)

    # The event log, one record at a time, in key order.

    def verify_events(self) -> None:
        nodes = iter(self.txn.cursor(db=self.dbs[MERKLE_NODES_DB]))
        previous: EventRecord | None = None
        for expected_sequence, (key, value) in enumerate(self.txn.cursor(db=self.dbs[EVENTS_DB]), start=1):
            record = self.verify_record(expected_sequence, bytes(key), bytes(value), previous)
            self.verify_redaction_links(record)
            self.verify_stream(record)
            self.verify_idempotency_entry(record)
            self.verify_merkle_step(record, nodes)
            self.verify_checkpoint_at(record)
            previous = record
            self.totals.events += 1
        self.verify_no_extra_nodes(nodes)

    def verify_record(self, expected: int, key: bytes, value: bytes, previous: EventRecord | None) -> EventRecord:
        key_sequence = decode_u64(key, expected, "event key")
        if key_sequence != expected:
            raise VerificationError(expected, f"event keys are not contiguous from 1: expected key {expected}, found {key_sequence}")
        record = parse_event(key_sequence, value)
        if record.sequence != key_sequence:
            raise VerificationError(key_sequence, f"record says sequence {record.sequence}")
        if sha256(record.header) != record.hash:
            raise VerificationError(key_sequence, "SHA-256(header) does not equal the stored hash")
        expected_previous = previous.hash if previous else self.meta.genesis_hash
        if record.previous_hash != expected_previous:
            what = "the previous event's hash" if previous else "the genesis hash"
            raise VerificationError(key_sequence, f"previousHash does not equal {what}")
        if previous and record.recorded_at < previous.recorded_at:
            raise VerificationError(key_sequence, "recordedAt is earlier than the previous event's")
        if not record.is_redacted and sha256(record.salt, record.payload) != record.payload_digest:
            raise VerificationError(key_sequence, "SHA-256(salt ‖ payload) does not equal payloadDigest")
        return record

    def verify_redaction_links(self, record: EventRecord) -> None:
        seq = record.sequence
        if record.is_redacted:
            self.totals.redacted += 1
            if record.is_redaction_event:
                raise VerificationError(seq, "a redaction event is itself redacted")
            if record.redacted_by <= seq:
                raise VerificationError(seq, f"redactedBy {record.redacted_by} is not greater than the sequence")
            self.redaction_pointers.setdefault(record.redacted_by, []).append(seq)
        # Every record pointing here has a smaller sequence, so the list is complete now.
        pointers = self.redaction_pointers.pop(seq, [])
        if record.is_redaction_event:
            self.verify_redaction_event(record, pointers)
        elif pointers:
            raise VerificationError(pointers[0], f"redactedBy {seq} names an event that is not a redaction")

    def verify_redaction_event(self, record: EventRecord, pointers: list[int]) -> None:
        if record.stream != REDACTION_STREAM:
            raise VerificationError(record.sequence, f"redaction event is on stream {record.stream!r}")
        listed = parse_redaction_payload(record)
        if listed != pointers:
            # Blame the earliest record on which the redaction and the trailers disagree.
            not_pointing = sorted(set(listed) - set(pointers))
            unlisted = sorted(set(pointers) - set(listed))
            raise VerificationError(
                min(not_pointing + unlisted),
                f"redaction event {record.sequence} lists {listed}, but {pointers} point to it "
                f"(listed but not redacted by it: {not_pointing}; redacted by it but unlisted: {unlisted})",
            )

    def verify_stream(self, record: EventRecord) -> None:
        seq = record.sequence
        state = self.streams.get(record.stream)
        expected_version = state.version + 1 if state else 1
        if record.stream_version != expected_version:
            raise VerificationError(seq, f"streamVersion {record.stream_version}, expected {expected_version}")
        self.streams[record.stream] = StreamState(record.stream_version, seq)
        index_key = record.stream.encode("utf-8") + b"\x00" + u32(record.stream_version)
        indexed = self.txn.get(index_key, db=self.dbs[STREAM_INDEX_DB])
        if indexed is None:
            raise VerificationError(seq, "event is missing from ledger.stream-index")
        if decode_u64(bytes(indexed), seq, "stream-index value") != seq:
            raise VerificationError(seq, "ledger.stream-index maps the event's (stream, version) elsewhere")

    def verify_idempotency_entry(self, record: EventRecord) -> None:
        key = record.idempotency_key
        if not key:
            return
        seq = record.sequence
        self.idempotency_counts[key] = self.idempotency_counts.get(key, 0) + 1
        value = self.txn.get(key.encode("utf-8"), db=self.dbs[IDEMPOTENCY_DB])
        if value is None:
            raise VerificationError(seq, "event's idempotency key is missing from ledger.idempotency")
        first, count = parse_idempotency_value(bytes(value), seq)
        if not first <= seq < first + count:
            raise VerificationError(seq, f"ledger.idempotency entry covers {first}..<{first + count}, not this event")

    def verify_merkle_step(self, record: EventRecord, nodes) -> None:
        for node in self.merkle.append(record.hash):
            stored = next(nodes, None)
            if stored is None:
                raise VerificationError(record.sequence, f"Merkle node at position {node.position} is not stored")
            position = decode_u64(bytes(stored[0]), record.sequence, "Merkle node key")
            if position != node.position:
                raise VerificationError(
                    record.sequence, f"next stored Merkle node is at position {position}, expected {node.position}"
                )
            if bytes(stored[1]) != node.hash:
                raise VerificationError(
                    record.sequence, f"Merkle node at position {position} (level {node.level}, index {node.index}) differs"
                )
            self.totals.merkle_nodes += 1

    def verify_checkpoint_at(self, record: EventRecord) -> None:
        checkpoint = self.checkpoints.get(self.merkle.size)
        if checkpoint is not None:
            self.check_checkpoint(checkpoint, record.hash)

    def check_checkpoint(self, checkpoint: Checkpoint, head_hash: bytes) -> None:
        """Checks a checkpoint whose tree size the Merkle builder has just reached."""
        size = checkpoint.tree_size
        if checkpoint.head_hash != head_hash:
            raise VerificationError(size, "checkpoint headHash differs from the hash of the event at its tree size")
        if checkpoint.root_hash != self.merkle.root():
            raise VerificationError(size, "checkpoint rootHash differs from the recomputed Merkle root")
        if self.verify_signature is not None:
            if not self.verify_signature(self.meta.public_key, checkpoint.signature, checkpoint.message):
                raise VerificationError(size, "checkpoint Ed25519 signature does not verify under meta/public-key")
        self.totals.checkpoints += 1

    def verify_no_extra_nodes(self, nodes) -> None:
        extra = next(nodes, None)
        if extra is not None:
            position = decode_u64(bytes(extra[0]), self.merkle.size, "Merkle node key")
            raise VerificationError(self.merkle.size, f"extra stored Merkle node at position {position}")
        expected = self.merkle.size - bin(self.merkle.size).count("1")
        if self.totals.merkle_nodes != expected:
            raise VerificationError(self.merkle.size, f"{self.totals.merkle_nodes} Merkle nodes, expected {expected}")

    # Whatever could only be judged once every event had been seen.

    def verify_leftovers(self) -> None:
        last = self.merkle.size
        if self.redaction_pointers:
            target, pointers = min(self.redaction_pointers.items())
            raise VerificationError(pointers[0], f"redactedBy {target} names no stored event")
        for size in sorted(self.checkpoints):
            if size > last:
                raise VerificationError(size, f"checkpoint at tree size {size}, but the log has {last} events")
        self.verify_stream_index_size()
        self.verify_idempotency_table()
        self.verify_stream_catalog()

    def verify_stream_index_size(self) -> None:
        # Every event's key was found, and keys are distinct, so equal counts mean no extra keys.
        entries = self.txn.stat(self.dbs[STREAM_INDEX_DB])["entries"]
        if entries != self.totals.events:
            raise VerificationError(0, f"ledger.stream-index has {entries} entries for {self.totals.events} events")

    def verify_idempotency_table(self) -> None:
        for key, value in self.txn.cursor(db=self.dbs[IDEMPOTENCY_DB]):
            first, count = parse_idempotency_value(bytes(value), 0)
            seen = self.idempotency_counts.get(bytes(key).decode("utf-8", errors="replace"), 0)
            if seen != count:
                raise VerificationError(
                    first, f"ledger.idempotency entry {bytes(key)!r} counts {count} events, the log has {seen}"
                )

    def verify_stream_catalog(self) -> None:
        db = self.dbs.get(STREAM_CATALOG_DB)
        if db is None:
            return
        entries = 0
        for key, value in self.txn.cursor(db=db):
            entries += 1
            stream = bytes(key).decode("utf-8", errors="replace")
            state = self.streams.get(stream)
            value = bytes(value)
            if state is None or len(value) != 12:
                raise VerificationError(0, f"stream catalog entry {stream!r} names no stream in the log")
            version, last_sequence = struct.unpack(">IQ", value)
            if (version, last_sequence) != (state.version, state.last_sequence):
                raise VerificationError(
                    state.last_sequence,
                    f"stream catalog says {stream!r} is at version {version}, sequence {last_sequence}",
                )
        if entries != len(self.streams):
            raise VerificationError(0, f"stream catalog has {entries} streams, the log has {len(self.streams)}")


def parse_idempotency_value(value: bytes, sequence: int) -> tuple[int, int]:
    if len(value) != 12:
        raise VerificationError(sequence, f"ledger.idempotency value is {len(value)} bytes, expected 12")
    return struct.unpack(">QI", value)


# --- Opening the environment ----------------------------------------------------------


REQUIRED_DBS = (EVENTS_DB, STREAM_INDEX_DB, MERKLE_NODES_DB, IDEMPOTENCY_DB, CHECKPOINTS_DB, META_DB)
OPTIONAL_DBS = (STREAM_CATALOG_DB,)


def open_environment(data_dir: str) -> lmdb.Environment:
    path = os.path.join(data_dir, "ledger")
    if not os.path.isfile(os.path.join(path, "data.mdb")):
        raise VerificationError(0, f"{path}/data.mdb does not exist")
    return lmdb.open(path, readonly=True, lock=False, max_dbs=64, subdir=True)


def open_databases(env: lmdb.Environment, txn: lmdb.Transaction) -> dict:
    dbs = {}
    for name in REQUIRED_DBS + OPTIONAL_DBS:
        try:
            dbs[name] = env.open_db(name, txn=txn, create=False)
        except lmdb.NotFoundError:
            if name in REQUIRED_DBS:
                raise VerificationError(0, f"named database {name.decode()} does not exist") from None
    return dbs


def verify(data_dir: str) -> tuple[Totals, bytes, bool]:
    env = open_environment(data_dir)
    try:
        with env.begin(buffers=False) as txn:
            dbs = open_databases(env, txn)
            meta = read_meta(txn, dbs[META_DB])
            signature_verifier = make_signature_verifier()
            verifier = LedgerVerifier(txn, dbs, meta, signature_verifier)
            totals = verifier.run()
            return totals, verifier.merkle.root(), signature_verifier is not None
    finally:
        env.close()


def main(argv: list[str]) -> int:
    if len(argv) != 2:
        print("usage: verify_ledger.py DATA_DIR", file=sys.stderr)
        return 2
    try:
        totals, root, signatures_checked = verify(argv[1])
    except VerificationError as failure:
        print(f"FAILED at sequence {failure.sequence}: {failure.reason}")
        return 1
    except lmdb.Error as error:
        print(f"FAILED at sequence 0: LMDB error: {error}")
        return 1
    if not signatures_checked:
        print("note: the `cryptography` package is not importable; Ed25519 checkpoint signatures were skipped")
    signatures = "signatures verified" if signatures_checked else "signatures skipped"
    print(
        f"verified: {totals.events} events ({totals.redacted} redacted), "
        f"{totals.merkle_nodes} Merkle nodes, {totals.checkpoints} checkpoints ({signatures}), "
        f"root {root.hex()}"
    )
    return 0


if __name__ == "__main__":
    sys.exit(main(sys.argv))
