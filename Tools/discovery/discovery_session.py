#!/usr/bin/env python3
"""Defense discovery end to end against a real service, checked by both verifiers.

    python3 discovery_session.py PATH-TO-BLOTTER PATH-TO-BLOTTER-DISCOVERY [--transcript FILE]

Starts `blotter serve` on a new data directory and, through the API: an officer searches for
LUIS GARCIA before any record of him exists, an operator enters his person record and a want,
a court clerk a protective order protecting his ex-partner, the officer searches again and a
case-number search shows him and another man. A court clerk enters a discovery order for him
naming a defense user; the defense exports it with `blotter-discovery export`; then the want
is modified and a second export names the first one's tree size. Both bundles are checked by
`blotter-discovery verify` and by the independent Python verifier (verify_discovery.py),
folder and zip, against the verifier key computed from the ledger's identity; then every kind
of tampering, on copies, must fail in both with the same finding: a byte changed, an event
removed, an event added, the proofs and checkpoint of another tree, a checkpoint signed by
another key, the whole bundle re-signed by another key, a file added. The refusals (an officer,
another defense user) are checked too. Last the court vacates the order (another court's clerk
is refused): the recipient reads the reason and the export tool gets nothing more. `blotter
verify` passes at the end.
"""

from __future__ import annotations

import base64
import hashlib
import json
import os
import re
import shutil
import subprocess
import sys
import tempfile
import time

HERE = os.path.dirname(os.path.abspath(__file__))
sys.path.insert(0, os.path.join(HERE, "..", "independent-verify"))
from served_ledger import API, served  # noqa: E402

PYTHON_VERIFIER = os.path.join(HERE, "verify_discovery.py")
ORDER = "LASC-26-CR-0042-D1"


def check(condition: bool, message: str) -> None:
    if not condition:
        raise SystemExit(f"discovery_session: {message}")


def verifier_key(ledger_id: str, public_key_hex: str) -> str:
    name = f"blotter/{ledger_id}"
    public_key = bytes.fromhex(public_key_hex)
    key_id = hashlib.sha256(name.encode() + b"\n\x01" + public_key).digest()[:4].hex()
    encoded = base64.b64encode(b"\x01" + public_key).decode()
    return f"{name}+{key_id}+{encoded}"


class Verifiers:
    def __init__(self, tool: str, key: str, transcript: list[str], work: str):
        self.tool, self.key, self.transcript, self.work = tool, key, transcript, work

    def both(self, bundle: str, expect_ok: bool, finding: str | None = None, record: bool = False) -> None:
        """Runs both verifiers on `bundle`; each must pass, or fail naming `finding`."""
        for name, command in (("blotter-discovery", [self.tool, "verify", bundle, "--key", self.key]),
                              ("verify_discovery.py", [sys.executable, PYTHON_VERIFIER, bundle, "--key", self.key])):
            run = subprocess.run(command, capture_output=True, text=True, timeout=120)
            output = run.stdout + run.stderr
            if record:
                shown = " ".join(command[1:] if name == "blotter-discovery" else command[1:]).replace(self.work + "/", "").replace(self.key, "$KEY")
                self.transcript.append(f"$ {'blotter-discovery' if name == 'blotter-discovery' else 'python3'} {shown}\n"
                                       + output.replace(self.work + "/", "") + (f"(exit {run.returncode})\n" if run.returncode else ""))
            if expect_ok:
                check(run.returncode == 0 and "bundle verified" in output, f"{name} should pass {bundle}:\n{output}")
            else:
                check(run.returncode == 1, f"{name} should fail {bundle} (exit {run.returncode}):\n{output}")
                check(finding in output, f"{name} should name '{finding}' for {bundle}:\n{output}")


def records(data: bytes) -> list[bytes]:
    out, offset = [], 0
    while offset < len(data):
        length = int.from_bytes(data[offset:offset + 4], "big")
        out.append(data[offset:offset + 4 + length])
        offset += 4 + length
    return out


def tamper(source: str, work: str, name: str, change) -> str:
    copy = os.path.join(work, "tampered-" + name)
    shutil.copytree(source, copy)
    change(copy)
    return copy


def edit(folder: str, file: str, change) -> None:
    path = os.path.join(folder, file)
    with open(path, "rb") as handle:
        data = handle.read()
    with open(path, "wb") as handle:
        handle.write(change(data))


def main(argv: list[str]) -> int:
    if len(argv) not in (3, 5) or (len(argv) == 5 and argv[3] != "--transcript"):
        print(__doc__, file=sys.stderr)
        return 2
    blotter, tool = os.path.abspath(argv[1]), os.path.abspath(argv[2])
    transcript_path = argv[4] if len(argv) == 5 else None
    transcript: list[str] = []
    with tempfile.TemporaryDirectory(prefix="discovery-session-") as work:
        data = os.path.join(work, "data")
        log_path = os.path.join(work, "server.log")
        with served(blotter, data, log_path) as api:
            session(api, blotter, tool, work, open(log_path).read(), transcript)
        run = subprocess.run([blotter, "verify", "--data", data], capture_output=True, text=True)
        check(run.returncode == 0, f"verify failed after the session: {run.stdout}{run.stderr}")
    if transcript_path:
        with open(transcript_path, "w") as file:
            file.write("\n".join(transcript))
    print("discovery_session: exports verified by both verifiers; every tampering caught by both; refusals recorded; verify passed")
    return 0


def session(api: API, blotter: str, tool: str, work: str, log: str, transcript: list[str]) -> None:
    admin = api.login("admin", re.search(r"^\s*password\s+(\S+)", log, re.M).group(1), re.search(r"(otpauth://\S+)", log).group(1))
    today = time.strftime("%Y%m%d", time.gmtime())
    for ori, name in (("CA0194200", "LAPD"), ("CA019015J", "LOS ANGELES SUPERIOR COURT"), ("CA019013P", "LA PUBLIC DEFENDER"),
                      ("CA038015J", "SAN FRANCISCO SUPERIOR COURT")):
        api.call("POST", "/agencies", 201, {"ori": ori, "name": name, "access": "full"}, admin)

    def user_key(user: str, agency: str, roles: list[str], certified: bool = True) -> str:
        api.call("POST", "/users", 201, {"userID": user, "agency": agency, "name": user.upper(), "roles": roles, "assignedOn": today}, admin)
        if certified:
            api.call("POST", f"/users/{user}/certifications", 200, {"certifiedOn": today}, admin)
        return api.call("POST", f"/users/{user}/api-keys", 201, {"label": "discovery session"}, admin)["key"]

    operator, officer = user_key("la.operator", "CA0194200", ["operator"]), user_key("la.officer", "CA0194200", ["officer"])
    clerk = user_key("la.clerk", "CA019015J", ["courtClerk"])
    defense, other_defense = user_key("pd.garcia", "CA019013P", ["discovery"], False), user_key("pd.other", "CA019013P", ["discovery"], False)

    def as_user(key: str, method: str, path: str, expected: int, body=None):
        return api.call(method, path, expected, body, None, {"X-API-Key": key})

    person = lambda name, born, sid: {"name": name, "dateOfBirth": born, "sex": "M", "race": "W", "height": "510", "weight": 180,  # noqa: E731
                                      "eyes": "BRO", "hair": "BLK", "scarsMarksTattoos": [], "aliases": [], "stateID": sid}
    garcia, other = person("GARCIA, LUIS", "19900101", "A7777777"), person("ROE, RICHARD", "19750505", "A8888888")
    search = lambda query: {"query": query, "purpose": "C", "caseNumber": "26-000042"}  # noqa: E731
    as_user(officer, "POST", "/searches", 200, search({"by": "stateID", "value": "A7777777"}))
    want = as_user(operator, "POST", "/records", 201, {"kind": "wantedPerson", "facts": {
        "subject": garcia, "warrantDate": today, "offense": "PC 459 BURGLARY", "classification": "felony", "extradition": "full",
        "caseNumber": "26-SHARED"}})["record"]
    as_user(operator, "POST", "/records", 201, {"kind": "wantedPerson", "facts": {
        "subject": other, "warrantDate": today, "offense": "PC 211 ROBBERY", "classification": "felony", "extradition": "full",
        "caseNumber": "26-SHARED"}})
    as_user(clerk, "POST", "/records", 201, {"kind": "protectiveOrder", "facts": {
        "orderType": "DV", "isTemporary": False, "court": "LOS ANGELES SUPERIOR COURT", "caseNumber": "26FL00042",
        "fileControlNumber": "1234500000042", "restrained": garcia, "protectedPersons": [{"name": "GARCIA, MARIA", "relationship": "EX-SPOUSE"}],
        "conditions": ["01"], "issuedOn": today}})
    as_user(officer, "POST", "/searches", 200, search({"by": "stateID", "value": "A7777777"}))
    as_user(officer, "POST", "/searches", 200, search({"by": "caseNumber", "value": "26-SHARED"}))

    order = {"id": ORDER, "citation": "LOS ANGELES SUPERIOR COURT 26CR0042, DISCOVERY ORDER OF " + today, "caseNumber": "26CR0042",
             "recipient": "pd.garcia", "selection": {"by": "stateID", "value": "A7777777"}}
    as_user(officer, "POST", "/discovery/orders", 403, order)
    as_user(clerk, "POST", "/discovery/orders", 400, dict(order, recipient="la.officer"))
    as_user(clerk, "POST", "/discovery/orders", 201, order)
    as_user(officer, "POST", f"/discovery/orders/{ORDER}/exports", 403, {})
    as_user(other_defense, "POST", f"/discovery/orders/{ORDER}/exports", 403, {})

    stats = api.call("GET", "/ledger/stats", 200, None, admin)
    key = verifier_key(stats["ledgerID"], stats["publicKey"])
    verifiers = Verifiers(tool, key, transcript, work)

    def export(out: str, earlier: int | None = None) -> str:
        os.makedirs(out)
        arguments = [tool, "export", "--order", ORDER, "--out", out, "--key", key] + (["--earlier-tree-size", str(earlier)] if earlier else [])
        environment = dict(os.environ, BLOTTER_SERVICE=api.base, BLOTTER_API_KEY=defense)
        run = subprocess.run(arguments, capture_output=True, text=True, env=environment, timeout=120)
        transcript.append("$ blotter-discovery " + " ".join(arguments[1:]).replace(work + "/", "").replace(key, "$KEY") + "\n"
                          + (run.stdout + run.stderr).replace(work + "/", ""))
        check(run.returncode == 0 and "bundle verified" in run.stdout, f"export failed:\n{run.stdout}{run.stderr}")
        folders = [name for name in os.listdir(out) if os.path.isdir(os.path.join(out, name))]
        check(len(folders) == 1, f"one bundle folder expected in {out}: {os.listdir(out)}")
        return os.path.join(out, folders[0])

    first = export(os.path.join(work, "first"))
    if os.environ.get("DISCOVERY_SESSION_KEEP"):  # a copy of the first bundle, to read (Docs/discovery.md)
        shutil.copytree(first, os.environ["DISCOVERY_SESSION_KEEP"], dirs_exist_ok=True)
    verifiers.both(first, True, record=True)
    verifiers.both(first + ".zip", True)
    rendering = [json.loads(line) for line in open(os.path.join(first, "events.jsonl"))]
    withheld = {line.get("rule") for line in rendering if line["payloadState"] == "withheld"}
    check(withheld == {"protectedPersons", "otherSubjects"}, f"the withheld rules should be protectedPersons and otherSubjects: {withheld}")
    for name in os.listdir(first):
        content = open(os.path.join(first, name), "rb").read()
        for secret in (b"GARCIA, MARIA", b"EX-SPOUSE", b"ROE, RICHARD", b"A8888888"):
            check(secret not in content, f"{name} holds {secret!r}, another person's data")
    check(b"GARCIA, LUIS" in open(os.path.join(first, "report.html"), "rb").read(), "the report shows the defendant's records")

    # The want changes; the second export proves the first one's ledger is the start of its own.
    facts = as_user(operator, "GET", f"/records/{want['number']}?purpose=C&caseNumber=26-000042", 200)["record"]["facts"]["facts"]
    facts["caution"] = "ARMED AND DANGEROUS"
    as_user(operator, "POST", f"/records/{want['number']}/modify", 200, {"expectedVersion": facts_version(api, operator, want), "record": {"kind": "wantedPerson", "facts": facts}})
    first_size = json.load(open(os.path.join(first, "manifest.json")))["checkpoint"]["treeSize"]
    second = export(os.path.join(work, "second"), earlier=first_size)
    verifiers.both(second, True)
    proof = json.load(open(os.path.join(second, "consistency.json")))
    check(proof["oldSize"] == first_size and proof["oldRoot"] == json.load(open(os.path.join(first, "manifest.json")))["checkpoint"]["rootHash"],
          "the second bundle's consistency proof starts at the first bundle's checkpoint")

    # Tampering, on copies of the first bundle: both verifiers fail, naming the same thing.
    events = records(open(os.path.join(first, "events.bin"), "rb").read())
    third = events[2]
    third_sequence = int.from_bytes(third[5:13], "big")
    cases = [
        ("byte", lambda f: edit(f, "events.bin", lambda d: d[:sum(map(len, events[:2])) + 40] + bytes([d[sum(map(len, events[:2])) + 40] ^ 1]) + d[sum(map(len, events[:2])) + 41:]),
         f"events.bin event {third_sequence}: its header does not hash to its stored hash"),
        ("removed", lambda f: edit(f, "events.bin", lambda d: b"".join(e for i, e in enumerate(events) if i != 2)),
         "the manifest says"),
        ("added", lambda f: edit(f, "events.bin", lambda d: d + third), f"events.bin event {third_sequence}: out of order"),
        ("other-tree", lambda f: [shutil.copy(os.path.join(second, n), os.path.join(f, n)) for n in ("checkpoint.note", "proofs.jsonl")],
         "checkpoint.note: the checkpoint is of tree size"),
        ("checkpoint-key", lambda f: resign(f, "checkpoint.note"), "checkpoint.note: not signed by the ledger's key"),
        ("bundle-key", lambda f: resign(f, "manifest.note", also_key=True), "ledger.vkey: the bundle is signed by another key"),
        ("file-added", lambda f: open(os.path.join(f, "extra.txt"), "w").write("x"), "extra.txt: not listed in the manifest"),
    ]
    for name, change, finding in cases:
        verifiers.both(tamper(first, work, name, change), False, finding, record=name == "byte")

    # The court vacates the order: the defense's tool exports nothing more, and the order says why.
    other_clerk = user_key("sf.clerk", "CA038015J", ["courtClerk"])
    as_user(other_clerk, "POST", f"/discovery/orders/{ORDER}/vacate", 403, {"reason": "NOT OUR ORDER"})
    as_user(clerk, "POST", f"/discovery/orders/{ORDER}/vacate", 200, {"reason": "VACATED ON APPEAL, ORDER OF 20260701"})
    shown = as_user(defense, "GET", f"/discovery/orders/{ORDER}", 200)
    check(shown["vacation"]["reason"] == "VACATED ON APPEAL, ORDER OF 20260701" and "by" not in shown["vacation"],
          "the recipient sees the vacation and its reason, not the clerk's user id")
    run = subprocess.run([tool, "export", "--order", ORDER, "--out", os.path.join(work, "after-vacation")],
                         env=dict(os.environ, BLOTTER_SERVICE=api.base, BLOTTER_API_KEY=defense), capture_output=True, text=True)
    check(run.returncode != 0 and "409" in run.stderr + run.stdout and "was vacated by the court" in run.stdout + run.stderr and not os.path.exists(os.path.join(work, "after-vacation", "manifest.json")),
          f"an export after the vacation is refused:\n{run.stdout}{run.stderr}")
    transcript.append(f"$ blotter-discovery export --order {ORDER}   # after the court vacated it\n{(run.stdout + run.stderr).strip()}")


def facts_version(api: API, key: str, want: dict) -> int:
    answer = api.call("GET", f"/records/{want['number']}?purpose=C&caseNumber=26-000042", 200, None, None, {"X-API-Key": key})
    return answer["record"]["version"]


def resign(folder: str, note: str, also_key: bool = False) -> None:
    """Signs `note` again with a new Ed25519 key under the same key name; with `also_key`,
    re-signs the checkpoint and manifest notes and replaces ledger.vkey too: a forger's bundle."""
    from cryptography.hazmat.primitives.asymmetric.ed25519 import Ed25519PrivateKey
    from cryptography.hazmat.primitives import serialization
    private = Ed25519PrivateKey.generate()
    public = private.public_key().public_bytes(serialization.Encoding.Raw, serialization.PublicFormat.Raw)
    name = open(os.path.join(folder, "ledger.vkey")).read().split("+")[0]
    key_id = hashlib.sha256(name.encode() + b"\n\x01" + public).digest()[:4]
    for file in (("checkpoint.note", "manifest.note") if also_key else (note,)):
        text = open(os.path.join(folder, file)).read()
        body = text[:text.rindex("\n\n")] + "\n"
        signature = private.sign(body.encode())
        with open(os.path.join(folder, file), "w") as handle:
            handle.write(body + "\n\u2014 " + name + " " + base64.b64encode(key_id + signature).decode() + "\n")
    if also_key:
        with open(os.path.join(folder, "ledger.vkey"), "w") as handle:
            encoded = base64.b64encode(b"\x01" + public).decode()
            handle.write(f"{name}+{key_id.hex()}+{encoded}\n")


if __name__ == "__main__":
    sys.exit(main(sys.argv))
