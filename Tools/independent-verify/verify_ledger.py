#!/usr/bin/env python3
"""Independent verifier for a Blotter ledger, storage format version 1.

Written from Docs/storage-format.md alone. It opens DATA_DIR/ledger read-only
with LMDB and checks every hash in the ledger with nothing but SHA-256: the
event chain, redactions, the Merkle tree and the stored checkpoints. It then
decodes every entry of every derived table by its documented encoding and
recomputes each table from the events, comparing byte for byte: the stream
index, the idempotency table, and the stream-catalog, records and access
projections (records_projection.py, access_projection.py). Ed25519 checkpoint
signatures are verified when the `cryptography` package is importable, and
skipped otherwise. Rules the document calls "a writer's rule" (which
`blotter verify` does not check) are checked too, and their failures say so.

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
import unicodedata
from dataclasses import dataclass, field

import lmdb

sys.dont_write_bytecode = True  # the modules beside this one: leave no __pycache__ in the source tree
import access_projection  # noqa: E402
import canonical_json  # noqa: E402
import records_projection  # noqa: E402

# --- Constants from the document -------------------------------------------------

FORMAT_VERSION = 1

EVENTS_DB = b"ledger.events"
STREAM_INDEX_DB = b"ledger.stream-index"
MERKLE_NODES_DB = b"ledger.merkle-nodes"
IDEMPOTENCY_DB = b"ledger.idempotency"
CHECKPOINTS_DB = b"ledger.checkpoints"
META_DB = b"ledger.meta"
STREAM_CATALOG_DB = b"projection.stream-catalog.streams"
RECORDS_DBS = {table: f"projection.records.{table}".encode() for table in records_projection.TABLES}
ACCESS_DBS = {table: f"projection.access.{table}".encode() for table in access_projection.TABLES}
# Each projection: its version, its configuration's size, its tables.
PROJECTIONS = {
    "stream-catalog": (2, 0, (STREAM_CATALOG_DB,)),
    "records": (records_projection.VERSION, 64, tuple(RECORDS_DBS.values())),
    "access": (access_projection.VERSION, 0, tuple(ACCESS_DBS.values())),
}
META_KEYS = ("ledger-id", "public-key", "created-at", "format-version")
PROJECTION_VERSION_PREFIX = "projection-version:"

# The writer's limits on header fields, in UTF-8 bytes (a writer's rule).
FIELD_LIMITS = {"type": 128, "stream": 256, "actor.userID": 128, "actor.agency": 32, "actor.clientAddress": 128}
IDEMPOTENCY_KEY_LIMIT = 128
PAYLOAD_LIMIT = 4 << 20
WRITERS_RULE = " (a writer's rule: blotter verify does not check it)"

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
    # projection name -> (version, configuration bytes)
    projection_versions: dict = field(default_factory=dict)

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
    meta = Meta(
        ledger_id=get("ledger-id", ID_SIZE),
        public_key=get("public-key", PUBLIC_KEY_SIZE),
        created_at=struct.unpack(">q", get("created-at", 8))[0],
    )
    for key, value in txn.cursor(db=db):
        name = bytes(key).decode("ascii", errors="replace")
        if name in META_KEYS:
            continue
        projection = name[len(PROJECTION_VERSION_PREFIX):] if name.startswith(PROJECTION_VERSION_PREFIX) else None
        if projection not in PROJECTIONS:
            raise VerificationError(0, f"meta holds the key {bytes(key)!r}, which the document does not list")
        expected_version, configuration_size, _ = PROJECTIONS[projection]
        value = bytes(value)
        if len(value) != 4 + configuration_size:
            raise VerificationError(
                0, f"meta/{name} is {len(value)} bytes, expected a u32 version and {configuration_size} configuration bytes")
        projection_version = struct.unpack(">I", value[:4])[0]
        if projection_version != expected_version:
            raise VerificationError(
                0, f"meta/{name} says version {projection_version}; the document describes version {expected_version}")
        meta.projection_versions[projection] = (projection_version, value[4:])
    return meta


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
        raise VerificationError(
            tree_size, f"checkpoint under key {tree_size} signs tree size {checkpoint.tree_size}" + WRITERS_RULE)
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


def _members_once(pairs):
    members = {}
    for key, value in pairs:
        if key in members:
            raise ValueError(f"the member {key!r} appears twice")
        members[key] = value
    return members


def _not_an_integer(text):
    raise ValueError(f"{text} is not a JSON integer")


def parse_redaction_payload(record: EventRecord) -> list[int]:
    """The redaction event's JSON, held to every rule the document lists: one object (whitespace
    allowed) with exactly the members reason and sequences, each once; reason a string with a
    character that is neither a tab nor a space separator; sequences a non-empty array of JSON
    integers below 2^64, strictly ascending; nothing after the object."""
    seq = record.sequence
    try:
        document = json.loads(
            record.payload.decode("utf-8"), object_pairs_hook=_members_once, parse_float=_not_an_integer,
            parse_constant=_not_an_integer)
    except (UnicodeDecodeError, ValueError) as error:
        raise VerificationError(seq, f"redaction payload is not JSON as the document requires: {error}") from None
    if not isinstance(document, dict) or set(document) != {"reason", "sequences"}:
        raise VerificationError(seq, "redaction payload is not an object with exactly 'reason' and 'sequences'")
    reason = document["reason"]
    if not isinstance(reason, str):
        raise VerificationError(seq, "redaction payload's 'reason' is not a string")
    try:
        reason.encode("utf-8")
    except UnicodeEncodeError:
        raise VerificationError(seq, "redaction payload's 'reason' holds a lone surrogate") from None
    if all(character == "\t" or unicodedata.category(character) == "Zs" for character in reason):
        raise VerificationError(seq, "redaction payload's 'reason' states no reason (empty, or only spaces and tabs)")
    sequences = document["sequences"]
    if not isinstance(sequences, list) or not sequences:
        raise VerificationError(seq, "redaction payload's 'sequences' is not a non-empty list")
    if not all(type(s) is int and 0 <= s < (1 << 64) for s in sequences):
        raise VerificationError(seq, "redaction payload's 'sequences' holds something other than integers 0 to 2^64 - 1")
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
    derived_tables: int = 0
    derived_entries: int = 0


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
    record_events: dict = field(default_factory=dict)  # record stream -> [RecordEvent]
    accesses: dict = field(default_factory=dict)  # accesses key -> b""
    searches: dict = field(default_factory=dict)  # searches key -> b""
    access_fold: access_projection.AccessFold = field(default_factory=access_projection.AccessFold)

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
            self.verify_writers_rules(record)
            self.verify_redaction_links(record)
            self.verify_stream(record)
            self.verify_idempotency_entry(record)
            self.collect_for_projections(record)
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

    def verify_writers_rules(self, record: EventRecord) -> None:
        """What the document calls a writer's rule: blotter verify does not check these."""
        seq = record.sequence
        if not record.type or not record.stream or "\x00" in record.stream:
            raise VerificationError(seq, "the type or the stream is empty, or the stream holds a zero byte")
        fields = {
            "type": record.type, "stream": record.stream, "actor.userID": record.actor_user_id,
            "actor.agency": record.actor_agency, "actor.clientAddress": record.actor_client_address,
        }
        for name, text in fields.items():
            if len(text.encode("utf-8")) > FIELD_LIMITS[name]:
                raise VerificationError(seq, f"{name} is longer than {FIELD_LIMITS[name]} bytes" + WRITERS_RULE)
        if not record.actor_user_id:
            raise VerificationError(seq, "actor.userID is empty" + WRITERS_RULE)
        if record.payload_length > PAYLOAD_LIMIT:
            raise VerificationError(seq, f"the payload is longer than {PAYLOAD_LIMIT} bytes" + WRITERS_RULE)
        if record.idempotency_key:
            key, separator, digest = record.idempotency_key.partition("\x1f")
            if not key or len(key.encode("utf-8")) > IDEMPOTENCY_KEY_LIMIT or (
                separator and (len(digest) != 64 or any(c not in "0123456789abcdef" for c in digest))
            ):
                raise VerificationError(
                    seq, f"the idempotency field {record.idempotency_key!r} is not a key of 1 to 128 bytes, "
                    "alone or followed by 0x1F and 64 lower-case hex digits" + WRITERS_RULE)

    def collect_for_projections(self, record: EventRecord) -> None:
        """Keeps what the records projection's replay needs; folds the access projection."""
        seq = record.sequence
        if record.stream.startswith(records_projection.STREAM_PREFIX):
            events = self.record_events.setdefault(record.stream, [])
            if not events:
                self.check_record_numbering(record)
            events.append(records_projection.RecordEvent(
                seq, record.recorded_at, record.stream_version, record.type, record.actor_user_id,
                record.actor_agency, record.payload))
        elif (record.stream.startswith(records_projection.ACCESS_STREAM_PREFIX)
              and record.type == records_projection.ACCESS_EVENT_TYPE and record.payload is not None):
            try:
                numbers = records_projection.returned_numbers(record.payload)
                criteria = records_projection.search_criteria(record.payload)
            except (records_projection.RecordsError, canonical_json.JSONFormatError) as error:
                raise VerificationError(seq, f"the records projection cannot fold this access event: {error}") from None
            for number in numbers:
                self.accesses[number.encode("ascii") + b"\x00" + struct.pack(">Q", seq)] = b""
            for criterion, window in criteria:
                self.searches[criterion + struct.pack(">Q", seq)] = window
        try:
            self.access_fold.add(record.stream, record.type, record.recorded_at, record.actor_user_id, record.payload)
        except (access_projection.AccessError, canonical_json.JSONFormatError) as error:
            raise VerificationError(seq, f"the access projection cannot fold this event: {error}") from None

    def check_record_numbering(self, record: EventRecord) -> None:
        """A record stream starts with the RecordEntered whose sequence its number's digits give."""
        number = record.stream[len(records_projection.STREAM_PREFIX):]
        if not canonical_json.is_record_number(number):
            return
        if record.type != "RecordEntered" or int(number[1:]) != record.sequence:
            raise VerificationError(
                record.sequence, f"record {number} does not start with the RecordEntered at sequence {int(number[1:])}"
                + WRITERS_RULE)
        if record.payload is not None:
            try:
                facts = canonical_json.parse(record.payload, stored_value=False)
            except canonical_json.JSONFormatError as error:
                raise VerificationError(record.sequence, f"the RecordEntered payload is not JSON: {error}") from None
            kind = facts.get("kind") if isinstance(facts, dict) else None
            if kind != canonical_json.FILE_CODES[number[0]]:
                raise VerificationError(record.sequence, f"record {number} holds {kind} facts" + WRITERS_RULE)

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
        self.verify_records_tables()
        self.verify_access_tables()

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
                raise VerificationError(0, f"projection.stream-catalog.streams: {stream!r} names no stream in the log")
            version, last_sequence = struct.unpack(">IQ", value)
            if (version, last_sequence) != (state.version, state.last_sequence):
                raise VerificationError(
                    state.last_sequence,
                    f"projection.stream-catalog.streams: the stream catalog says {stream!r} is at version {version}, "
                    f"sequence {last_sequence}",
                )
        if entries != len(self.streams):
            raise VerificationError(
                0, f"projection.stream-catalog.streams: the stream catalog has {entries} streams, the log has {len(self.streams)}")
        self.totals.derived_tables += 1
        self.totals.derived_entries += entries

    # The records and access projections: every stored entry decoded by its documented
    # encoding, then every table compared with its recomputation from the events.

    def last_sequence_of(self, stream: str | None) -> int:
        state = self.streams.get(stream) if stream else None
        return state.last_sequence if state else 0

    def record_sequence(self, table: str, number: str | None, key: bytes) -> int:
        """The event a records-table entry derives from: its access event, or its record's last."""
        if table == "accesses" and len(key) == 20:
            return struct.unpack(">Q", key[12:])[0]
        if table == "searches" and len(key) >= 9:
            return struct.unpack(">Q", key[-8:])[0]
        return self.last_sequence_of(records_projection.STREAM_PREFIX + number if number else None)

    def verify_records_tables(self) -> None:
        if RECORDS_DBS["records"] not in self.dbs:
            return
        policy = records_projection.parse_policy(self.meta.projection_versions["records"][1])
        expected = {table: {} for table in records_projection.TABLES}
        indexes = records_projection.IndexEntries(
            expected["keys"], expected["names"], expected["unchecked"], expected["validation"])
        for stream in sorted(self.record_events, key=lambda name: name.encode("utf-8")):
            number = stream[len(records_projection.STREAM_PREFIX):]
            if not canonical_json.is_record_number(number):
                continue
            try:
                state = records_projection.fold(number, self.record_events[stream])
            except records_projection.RecordsError as error:
                raise VerificationError(error.sequence or 0, f"the records projection cannot fold: {error}") from None
            if state is None:
                continue
            expected["records"][number.encode("ascii")] = canonical_json.dumps(state)
            records_projection.index_entries(state, policy, indexes)
        expected["accesses"] = self.accesses
        expected["searches"] = self.searches
        for table in records_projection.TABLES:
            def source(key, value, table=table):
                try:
                    number = records_projection.decode_entry(table, key, value)
                except (records_projection.RecordsError, canonical_json.JSONFormatError, UnicodeDecodeError) as error:
                    return None, str(error)
                return self.record_sequence(table, number, key), None
            self.compare_table(RECORDS_DBS[table], expected[table], source)

    def verify_access_tables(self) -> None:
        if ACCESS_DBS["users"] not in self.dbs:
            return
        expected = self.access_fold.tables()
        for table in access_projection.TABLES:
            def source(key, value, table=table):
                try:
                    stream = access_projection.decode_entry(table, key, value)
                except (access_projection.AccessError, canonical_json.JSONFormatError, UnicodeDecodeError) as error:
                    return None, str(error)
                return self.last_sequence_of(stream), None
            self.compare_table(ACCESS_DBS[table], expected[table], source)

    def compare_table(self, name: bytes, expected: dict, source) -> None:
        """Decodes every stored entry (`source(key, value)` gives the sequence it derives from, or
        why it does not decode), then walks it beside the recomputed entries in key order."""
        table = name.decode()
        expected_entries = iter(sorted(expected.items()))
        wanted = next(expected_entries, None)
        count = 0
        for key, value in self.txn.cursor(db=self.dbs[name]):
            key, value = bytes(key), bytes(value)
            sequence, problem = source(key, value)
            if problem is not None:
                raise VerificationError(
                    self.guess_sequence(table, key), f"{table}: key {show(key)}: does not decode as documented: {problem}")
            if wanted is None or key < wanted[0]:
                raise VerificationError(sequence, f"{table}: key {show(key)}: stored, but the events give no such entry")
            if key > wanted[0]:
                break
            if value != wanted[1]:
                raise VerificationError(
                    sequence, f"{table}: key {show(key)}: value differs from the one the events give "
                    f"(stored {show(value)}, expected {show(wanted[1])})")
            count += 1
            wanted = next(expected_entries, None)
        if wanted is not None:
            missing_sequence, _ = source(wanted[0], wanted[1])
            raise VerificationError(
                missing_sequence or self.guess_sequence(table, wanted[0]),
                f"{table}: key {show(wanted[0])}: missing; the events give it the value {show(wanted[1])}")
        self.totals.derived_tables += 1
        self.totals.derived_entries += count

    def guess_sequence(self, table: str, key: bytes) -> int:
        """For an entry that does not decode: the record or user its key seems to name, else 0."""
        text = key.decode("utf-8", errors="replace")
        if table == "projection.records.accesses" and len(key) == 20 and key[11] == 0:
            return struct.unpack(">Q", key[12:])[0]
        if table == "projection.access.agency-users" and b"\x00" in key:
            return self.last_sequence_of("user/" + text.split("\x00", 1)[1])
        if table.startswith("projection.records."):
            for start in range(len(text) - 10):
                if canonical_json.is_record_number(text[start:start + 11]):
                    return self.last_sequence_of(records_projection.STREAM_PREFIX + text[start:start + 11])
        if table == "projection.access.users":
            return self.last_sequence_of("user/" + text)
        if table == "projection.access.agencies":
            return self.last_sequence_of("agency/" + text)
        return 0


def show(raw: bytes, limit: int = 160) -> str:
    """Bytes for a message: as text where they are UTF-8, control bytes escaped."""
    text = repr(raw.decode("utf-8", errors="backslashreplace"))
    return text if len(text) <= limit else text[:limit] + "…"


def parse_idempotency_value(value: bytes, sequence: int) -> tuple[int, int]:
    if len(value) != 12:
        raise VerificationError(sequence, f"ledger.idempotency value is {len(value)} bytes, expected 12")
    return struct.unpack(">QI", value)


# --- Opening the environment ----------------------------------------------------------


REQUIRED_DBS = (EVENTS_DB, STREAM_INDEX_DB, MERKLE_NODES_DB, IDEMPOTENCY_DB, CHECKPOINTS_DB, META_DB)
OPTIONAL_DBS = tuple(table for _, _, tables in PROJECTIONS.values() for table in tables)


def open_environment(data_dir: str) -> lmdb.Environment:
    path = os.path.join(data_dir, "ledger")
    if not os.path.isfile(os.path.join(path, "data.mdb")):
        raise VerificationError(0, f"{path}/data.mdb does not exist")
    return lmdb.open(path, readonly=True, lock=False, max_dbs=64, subdir=True)


def open_databases(env: lmdb.Environment, txn: lmdb.Transaction) -> dict:
    """The documented named databases; any other one is a failure, as is a projection with only
    some of its tables."""
    names = {bytes(key) for key, _ in txn.cursor()}
    unknown = sorted(names - set(REQUIRED_DBS + OPTIONAL_DBS))
    if unknown:
        raise VerificationError(0, f"named database {unknown[0].decode(errors='replace')} is not in the document")
    dbs = {}
    for name in REQUIRED_DBS + OPTIONAL_DBS:
        if name in names:
            dbs[name] = env.open_db(name, txn=txn, create=False)
        elif name in REQUIRED_DBS:
            raise VerificationError(0, f"named database {name.decode()} does not exist")
    for projection, (_, _, tables) in PROJECTIONS.items():
        present = [table for table in tables if table in dbs]
        if present and len(present) != len(tables):
            missing = next(table for table in tables if table not in dbs)
            raise VerificationError(0, f"projection {projection} lacks its table {missing.decode()}")
    return dbs


def check_projection_versions(dbs: dict, meta: Meta) -> None:
    """A projection with tables has its version recorded in meta."""
    for projection, (_, _, tables) in PROJECTIONS.items():
        if tables[0] in dbs and projection not in meta.projection_versions:
            raise VerificationError(0, f"meta/{PROJECTION_VERSION_PREFIX}{projection} is missing")


def verify(data_dir: str) -> tuple[Totals, bytes, bool]:
    env = open_environment(data_dir)
    try:
        with env.begin(buffers=False) as txn:
            dbs = open_databases(env, txn)
            meta = read_meta(txn, dbs[META_DB])
            check_projection_versions(dbs, meta)
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
        f"{totals.derived_tables} projection tables ({totals.derived_entries} entries) decoded and recomputed, "
        f"root {root.hex()}"
    )
    return 0


if __name__ == "__main__":
    sys.exit(main(sys.argv))
