#!/usr/bin/env python3
"""Checks a Blotter discovery bundle offline, written from Docs/discovery.md alone.

    python3 verify_discovery.py BUNDLE [--key VERIFIER_KEY]

BUNDLE is the bundle's folder or its .zip. VERIFIER_KEY is the ledger's verifier key as the
court or the agency gave it (name+keyid+base64); without it the bundle's own ledger.vkey is
used, which proves only that the bundle is whole. Prints each failure with its file and event
and exits 1, or prints "bundle verified" and exits 0.

Needs Python 3.9+ and one package: cryptography (Ed25519).
"""

import base64
import hashlib
import json
import os
import sys
import zipfile

FORMAT = "blotter-discovery-v1"
LISTED_SELF = ("manifest.json", "manifest.note")


def sha256(*parts):
    digest = hashlib.sha256()
    for part in parts:
        digest.update(part)
    return digest.digest()


def ed25519_valid(public_key, signature, message):
    from cryptography.exceptions import InvalidSignature
    from cryptography.hazmat.primitives.asymmetric.ed25519 import Ed25519PublicKey
    try:
        Ed25519PublicKey.from_public_bytes(public_key).verify(signature, message)
        return True
    except (InvalidSignature, ValueError):
        return False


class Findings:
    def __init__(self):
        self.items = []

    def fail(self, file, sequence, message):
        self.items.append((file, sequence, message))

    def __str__(self):
        return "\n".join(
            "FAIL %s%s: %s" % (file, "" if sequence is None else " event %d" % sequence, message)
            for file, sequence, message in self.items)


# --- Files -------------------------------------------------------------------------------

def read_bundle(path):
    files = {}
    if os.path.isdir(path):
        for name in sorted(os.listdir(path)):
            full = os.path.join(path, name)
            if not os.path.isfile(full):
                raise SystemExit("%s: a bundle holds files only" % full)
            with open(full, "rb") as handle:
                files[name] = handle.read()
        return files
    with zipfile.ZipFile(path) as archive:
        for info in archive.infolist():
            if info.is_dir():
                continue
            parts = info.filename.split("/")
            if len(parts) > 2 or ".." in parts or not parts[-1]:
                raise SystemExit("%s: a bundle holds files in one folder only" % info.filename)
            if parts[-1] in files:
                raise SystemExit("%s appears twice" % parts[-1])
            files[parts[-1]] = archive.read(info)
    return files


# --- Signed notes (C2SP signed-note) -------------------------------------------------------

def key_id(name, public_key):
    return sha256(name.encode() + b"\n" + b"\x01" + public_key)[:4]


def parse_verifier_key(text):
    parts = text.strip().split("+", 2)
    if len(parts) != 3 or not parts[0]:
        raise ValueError("a verifier key is name+keyid+base64")
    raw = base64.b64decode(parts[2], validate=True)
    if len(raw) != 33 or raw[0] != 1:
        raise ValueError("the key is not 0x01 and a 32-byte Ed25519 key")
    if parts[1] != key_id(parts[0], raw[1:]).hex():
        raise ValueError("the key ID does not match the key")
    return parts[0], raw[1:]


def parse_note(text):
    """Returns (body, [(key name, key id, signature)])."""
    if not text.endswith("\n") or "\n\n" not in text:
        raise ValueError("a signed note is its text, a blank line, then signature lines")
    split = text.rindex("\n\n")
    body = text[:split] + "\n"
    signatures = []
    for line in text[split + 2:].split("\n"):
        if not line:
            continue
        parts = line.split(" ")
        if len(parts) != 3 or parts[0] != "\u2014":
            raise ValueError("a signature line is an em dash, the key name and base64(key ID || signature)")
        raw = base64.b64decode(parts[2], validate=True)
        signatures.append((parts[1], raw[:4], raw[4:]))
    if not signatures:
        raise ValueError("no signature")
    return body, signatures


def note_signed_by(text, name, public_key):
    body, signatures = parse_note(text)
    ours = [s for s in signatures if s[0] == name and s[1] == key_id(name, public_key)]
    return body, bool(ours) and all(ed25519_valid(public_key, s[2], body.encode()) for s in ours)


# --- RFC 9162 ----------------------------------------------------------------------------------

def leaf_hash(event_hash):
    return sha256(b"\x00", event_hash)


def node_hash(left, right):
    return sha256(b"\x01", left, right)


def inclusion_holds(leaf_index, tree_size, leaf, path, root):
    if leaf_index >= tree_size:
        return False
    fn, sn, r = leaf_index, tree_size - 1, leaf
    for p in path:
        if sn == 0:
            return False
        if fn & 1 or fn == sn:
            r = node_hash(p, r)
            if not fn & 1:
                while not (fn & 1) and fn != 0:
                    fn >>= 1
                    sn >>= 1
        else:
            r = node_hash(r, p)
        fn >>= 1
        sn >>= 1
    return sn == 0 and r == root


def consistency_holds(old_size, new_size, old_root, new_root, path):
    if old_size < 1 or old_size > new_size:
        return False
    if old_size == new_size:
        return not path and old_root == new_root
    if old_size & (old_size - 1) == 0:
        path = [old_root] + path
    if not path:
        return False
    fn, sn = old_size - 1, new_size - 1
    while fn & 1:
        fn >>= 1
        sn >>= 1
    fr = sr = path[0]
    for c in path[1:]:
        if sn == 0:
            return False
        if fn & 1 or fn == sn:
            fr = node_hash(c, fr)
            sr = node_hash(c, sr)
            if not fn & 1:
                while not (fn & 1) and fn != 0:
                    fn >>= 1
                    sn >>= 1
        else:
            sr = node_hash(sr, c)
        fn >>= 1
        sn >>= 1
    return sn == 0 and fr == old_root and sr == new_root


# --- Events ------------------------------------------------------------------------------------

class Event:
    pass


def parse_record(raw):
    """One record of events.bin (the storage format's event record; payload state 2 = withheld)."""
    offset = 0

    def take(size):
        nonlocal offset
        if offset + size > len(raw):
            raise ValueError("the record ends early")
        piece = raw[offset:offset + size]
        offset += size
        return piece

    def text():
        size = int.from_bytes(take(2), "big")
        value = take(size)
        value.decode("utf-8")  # raises on invalid UTF-8
        return value

    event = Event()
    if take(1) != b"\x01":
        raise ValueError("unknown record format")
    event.sequence = int.from_bytes(take(8), "big")
    take(8 + 4 + 32)  # recordedAt, streamVersion, previousHash
    event.payload_digest = take(32)
    payload_length = int.from_bytes(take(4), "big")
    event.type = text().decode()
    event.stream = text().decode()
    for _ in range(4):  # userID, agency, clientAddress, idempotencyKey
        text()
    header_end = offset
    event.hash = take(32)
    event.computed_hash = sha256(raw[:header_end])
    state = take(1)[0]
    event.state = state
    event.payload_matches = True
    if state == 0:
        salt = take(16)
        payload = take(payload_length)
        event.payload_matches = sha256(salt, payload) == event.payload_digest
    elif state == 1:
        take(8)
    elif state != 2:
        raise ValueError("unknown payload state %d" % state)
    if offset != len(raw):
        raise ValueError("bytes follow the record")
    return event


def json_lines(files, name, findings):
    if name not in files:
        findings.fail(name, None, "missing")
        return None
    lines = []
    for number, line in enumerate(files[name].split(b"\n"), 1):
        if not line:
            continue
        try:
            value = json.loads(line)
            if not isinstance(value, dict):
                raise ValueError
        except ValueError:
            findings.fail(name, None, "line %d is not a JSON object" % number)
            return None
        lines.append(value)
    return lines


# --- The checks -------------------------------------------------------------------------------

def verify(files, trusted_key=None):
    findings = Findings()
    report = {}
    try:
        bundled = parse_verifier_key(files["ledger.vkey"].decode())
    except (KeyError, UnicodeDecodeError, ValueError) as error:
        findings.fail("ledger.vkey", None, "missing or not a verifier key (%s)" % error)
        return findings, report
    if trusted_key is not None:
        try:
            trusted = parse_verifier_key(trusted_key)
        except ValueError:
            findings.fail("(trusted key)", None, "the key given is not a verifier key")
            return findings, report
        if trusted != bundled:
            findings.fail("ledger.vkey", None, "the bundle is signed by another key (%s) than the one trusted (%s)" % (bundled[0], trusted[0]))
            return findings, report
    name, public_key = bundled

    manifest_bytes = files.get("manifest.json")
    if manifest_bytes is None:
        findings.fail("manifest.json", None, "missing")
        return findings, report
    try:
        body, signed = note_signed_by(files["manifest.note"].decode(), name, public_key)
    except (KeyError, UnicodeDecodeError, ValueError):
        findings.fail("manifest.note", None, "missing or not a signed note")
        return findings, report
    if not signed:
        findings.fail("manifest.note", None, "not signed by the ledger's key %s" % name)
        return findings, report
    expected = "%s\n%s\n%s\n" % (FORMAT, name, base64.b64encode(sha256(manifest_bytes)).decode())
    if body != expected:
        findings.fail("manifest.json", None, "its SHA-256 is not the one the signed note names (the manifest was changed)")
        return findings, report
    manifest = json.loads(manifest_bytes)
    ledger = manifest.get("ledger", {})
    if manifest.get("format") != FORMAT or ledger.get("origin") != name or ledger.get("publicKey") != public_key.hex():
        findings.fail("manifest.json", None, "not a %s manifest of this ledger's key" % FORMAT)
        return findings, report
    tree_size = manifest["checkpoint"]["treeSize"]
    root = bytes.fromhex(manifest["checkpoint"]["rootHash"])
    report.update(ledger=ledger.get("id"), tree_size=tree_size, root=root.hex())

    # Every listed file, by size and SHA-256; nothing unlisted.
    listed = {entry["path"]: entry for entry in manifest["files"]}
    for path, entry in listed.items():
        if path not in files:
            findings.fail(path, None, "listed in the manifest but missing")
        elif len(files[path]) != entry["size"]:
            findings.fail(path, None, "holds %d bytes, the manifest says %d" % (len(files[path]), entry["size"]))
        elif hashlib.sha256(files[path]).hexdigest() != entry["sha256"]:
            findings.fail(path, None, "its SHA-256 is not the manifest's (the file was changed)")
    for path in sorted(files):
        if path not in listed and path not in LISTED_SELF:
            findings.fail(path, None, "not listed in the manifest (a file was added)")

    # The checkpoint note: signed, of this ledger, of the manifest's tree.
    try:
        body, signed = note_signed_by(files["checkpoint.note"].decode(), name, public_key)
        lines = body[:-1].split("\n")
        note_size, note_root = int(lines[1]), base64.b64decode(lines[2], validate=True)
        if not signed:
            findings.fail("checkpoint.note", None, "not signed by the ledger's key %s" % name)
        if lines[0] != name:
            findings.fail("checkpoint.note", None, "the checkpoint is of %s, not %s" % (lines[0], name))
        if note_size != tree_size or note_root != root:
            findings.fail("checkpoint.note", None, "the checkpoint is of tree size %d, root %s; the manifest's is %d, %s"
                          % (note_size, note_root.hex(), tree_size, root.hex()))
    except (KeyError, UnicodeDecodeError, ValueError, IndexError):
        findings.fail("checkpoint.note", None, "missing or not a checkpoint note")

    # The events, each whole.
    events = []
    data = files.get("events.bin")
    if data is None:
        findings.fail("events.bin", None, "missing")
        data = b""
    offset = 0
    report.update(withheld=0, destroyed=0)
    while offset < len(data):
        if offset + 4 > len(data):
            findings.fail("events.bin", None, "ends inside a length at byte %d" % offset)
            break
        length = int.from_bytes(data[offset:offset + 4], "big")
        if offset + 4 + length > len(data):
            findings.fail("events.bin", None, "the record at byte %d runs past the end" % offset)
            break
        try:
            event = parse_record(data[offset + 4:offset + 4 + length])
        except (ValueError, UnicodeDecodeError) as error:
            findings.fail("events.bin", None, "record %d (at byte %d): %s" % (len(events) + 1, offset, error))
            break
        offset += 4 + length
        if events and event.sequence <= events[-1].sequence:
            findings.fail("events.bin", event.sequence, "out of order after event %d" % events[-1].sequence)
        if not 1 <= event.sequence <= tree_size:
            findings.fail("events.bin", event.sequence, "outside the checkpoint's tree of %d events" % tree_size)
        if event.computed_hash != event.hash:
            findings.fail("events.bin", event.sequence, "its header does not hash to its stored hash (the event was changed)")
        if not event.payload_matches:
            findings.fail("events.bin", event.sequence, "its payload does not match its salted digest (the payload was changed)")
        report["withheld"] += event.state == 2
        report["destroyed"] += event.state == 1
        events.append(event)
    report["events"] = len(events)
    if len(events) != manifest["events"]:
        findings.fail("events.bin", None, "holds %d events, the manifest says %d (an event was removed or added)" % (len(events), manifest["events"]))

    # Each event's inclusion proof against the checkpoint.
    proofs = json_lines(files, "proofs.jsonl", findings)
    if proofs is not None:
        if len(proofs) != len(events):
            findings.fail("proofs.jsonl", None, "holds %d proofs for %d events" % (len(proofs), len(events)))
        for event, proof in zip(events, proofs):
            if proof.get("sequence") != event.sequence:
                findings.fail("proofs.jsonl", event.sequence, "no proof for this event where its line should be")
                continue
            path = [bytes.fromhex(node) for node in proof.get("path", [])]
            if not inclusion_holds(event.sequence - 1, tree_size, leaf_hash(event.hash), path, root):
                findings.fail("proofs.jsonl", event.sequence, "its inclusion proof does not lead to the checkpoint's root")

    # The consistency proof from an earlier checkpoint, when there is one.
    if "consistency.json" in files:
        try:
            proof = json.loads(files["consistency.json"])
            old_size, new_size = proof["oldSize"], proof["newSize"]
            old_root, new_root = bytes.fromhex(proof["oldRoot"]), bytes.fromhex(proof["newRoot"])
            path = [bytes.fromhex(node) for node in proof["path"]]
        except (ValueError, KeyError, TypeError):
            findings.fail("consistency.json", None, "not a consistency proof")
        else:
            report["earlier_tree_size"] = old_size
            if new_size != tree_size or new_root != root:
                findings.fail("consistency.json", None, "proves consistency to tree %d, not to this bundle's checkpoint (%d)" % (new_size, tree_size))
            elif not consistency_holds(old_size, new_size, old_root, new_root, path):
                findings.fail("consistency.json", None, "the tree of %d events with root %s is not a prefix of this bundle's tree" % (old_size, old_root.hex()))

    # The readable rendering names the same events.
    lines = json_lines(files, "events.jsonl", findings)
    if lines is not None:
        if len(lines) != len(events):
            findings.fail("events.jsonl", None, "renders %d events of %d" % (len(lines), len(events)))
        for event, line in zip(events, lines):
            if (line.get("sequence"), line.get("hash"), line.get("type"), line.get("stream")) != (event.sequence, event.hash.hex(), event.type, event.stream):
                findings.fail("events.jsonl", event.sequence, "its line does not render this event (sequence, hash, type and stream)")
    return findings, report


def main(argv):
    arguments = argv[1:]
    key = None
    if "--key" in arguments:
        index = arguments.index("--key")
        if index + 1 >= len(arguments):
            raise SystemExit(__doc__)
        key = arguments[index + 1]
        del arguments[index:index + 2]
    if len(arguments) != 1:
        raise SystemExit(__doc__)
    files = read_bundle(arguments[0])
    findings, report = verify(files, key)
    if report:
        print("ledger       %s" % report.get("ledger"))
        print("checkpoint   %s events, root %s" % (report.get("tree_size"), report.get("root")))
        print("events       %s (%s withheld, %s destroyed by court order)" % (report.get("events"), report.get("withheld"), report.get("destroyed")))
        if "earlier_tree_size" in report:
            print("consistency  from the checkpoint of %d events" % report["earlier_tree_size"])
    print("key          " + ("the one given (--key)" if key else "the bundle's own ledger.vkey: pass --key with the key the court holds"))
    if findings.items:
        print(findings)
        return 1
    print("bundle verified")
    return 0


if __name__ == "__main__":
    sys.exit(main(sys.argv))
