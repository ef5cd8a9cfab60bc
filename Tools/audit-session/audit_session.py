#!/usr/bin/env python3
"""An auditor working a complaint through the command line, end to end, against a real service.

    python3 audit_session.py PATH-TO-BLOTTER [--transcript FILE]

Starts `blotter serve` on a new data directory on a free loopback port and, through the API,
sets up a state auditor, a Los Angeles operator and officer; the officer searches for LUIS
GARCIA before any record of him exists (no hits), the operator enters his person record and a
want, the officer searches again and reads the want. Then, as the auditor, it runs the CLI's
audit verbs and checks their answers:

  blotter audit subject --name "GARCIA, LUIS" --dob 19900101   (the zero-hit search is listed)
  blotter audit record NUMBER                                  (events and accesses, one timeline)
  blotter audit user la.officer                                (everything the officer did)
  blotter audit report --week DAY                              (the week's misuse signals: a read without a case number)
  blotter reproduce SEQ                                        (exit 0: the answer is the same)
  blotter court destroy C… --arrest ID --order …               (as a court clerk: PC 851.8)
  blotter reproduce SEQ                                        (exit 3: the order changed that answer)
  blotter compact                                              (service stopped: no byte of the arrest left)

and the refusals: no API key, an operator's key (403, recorded). It stops the service and runs
`blotter verify` on the ledger. With --transcript it writes the commands and their output, as
Docs/audit.md shows them. Exits non-zero on the first check that fails.
"""

from __future__ import annotations

import json
import os
import re
import subprocess
import sys
import tempfile
import time

sys.path.insert(0, os.path.join(os.path.dirname(os.path.abspath(__file__)), "..", "independent-verify"))
from served_ledger import API, served  # noqa: E402


DESTROYED = [b"HS11357", b"B-DESTROY-77", b"UNIQUE DESTROYED OFFENSE"]


class Session:
    def __init__(self, blotter: str, base: str, transcript: list[str], work: str):
        self.blotter = blotter
        self.base = base
        self.transcript = transcript
        self.work = work

    def cli(self, arguments: list[str], key: str | None, expected_exit: int, shown_in_transcript: bool = True) -> str:
        environment = {k: v for k, v in os.environ.items() if k != "BLOTTER_API_KEY"}
        environment["BLOTTER_SERVICE"] = self.base
        if key:
            environment["BLOTTER_API_KEY"] = key
        run = subprocess.run([self.blotter, *arguments], capture_output=True, text=True, env=environment, timeout=60)
        shown = " ".join(f'"{a}"' if " " in a else a for a in arguments).replace(self.work + "/", "")
        if shown_in_transcript:
            output = (run.stdout + run.stderr).replace(self.work + "/", "")
            self.transcript.append(f"$ blotter {shown}\n{output}" + (f"(exit {run.returncode})\n" if run.returncode else ""))
        if run.returncode != expected_exit:
            raise SystemExit(f"audit_session: blotter {shown} exited {run.returncode}, expected {expected_exit}:\n{run.stdout}{run.stderr}")
        return run.stdout


def check(condition: bool, message: str) -> None:
    if not condition:
        raise SystemExit(f"audit_session: {message}")


def main(argv: list[str]) -> int:
    if len(argv) not in (2, 4) or (len(argv) == 4 and argv[2] != "--transcript"):
        print(__doc__, file=sys.stderr)
        return 2
    blotter = os.path.abspath(argv[1])
    transcript_path = argv[3] if len(argv) == 4 else None
    with tempfile.TemporaryDirectory(prefix="audit-session-") as work:
        data = os.path.join(work, "data")
        log_path = os.path.join(work, "server.log")
        transcript: list[str] = []
        with served(blotter, data, log_path) as api:
            session = Session(blotter, api.base, transcript, work)
            work_the_complaint(api, session, open(log_path).read())
        # The destruction order's last step, with the service stopped: no byte of the arrest left.
        data_file = os.path.join(data, "ledger", "data.mdb")
        check(any(word in open(data_file, "rb").read() for word in DESTROYED), "the destroyed bytes should still be in the file before compaction")
        session.cli(["compact", "--data", data], None, 0)
        left = [word for word in DESTROYED if word in open(data_file, "rb").read()]
        check(not left, f"after blotter compact the data file still holds {left}")
        verify = subprocess.run([blotter, "verify", "--data", data], capture_output=True, text=True)
        check(verify.returncode == 0, f"verify failed after the session: {verify.stdout}{verify.stderr}")
    if transcript_path:
        with open(transcript_path, "w") as file:
            file.write("\n".join(transcript))
    print("audit_session: subject, record timeline, reproduction and refusals as expected; verify passed")
    return 0


def work_the_complaint(api: API, session: Session, log: str) -> None:
    admin_password = re.search(r"^\s*password\s+(\S+)", log, re.M).group(1)
    admin_seed = re.search(r"(otpauth://\S+)", log).group(1)
    admin = api.login("admin", admin_password, admin_seed)
    today = time.strftime("%Y%m%d", time.gmtime())
    api.call("POST", "/agencies", 201, {"ori": "CA0194200", "name": "LAPD", "access": "full"}, admin)
    api.call("POST", "/agencies", 201, {"ori": "CA0000001", "name": "DOJ AUDIT", "access": "inquiryOnly", "jurisdiction": "state"}, admin)
    api.call("POST", "/agencies", 201, {"ori": "CA019015J", "name": "LOS ANGELES SUPERIOR COURT", "access": "full"}, admin)

    def user_key(user: str, agency: str, roles: list[str]) -> str:
        api.call("POST", "/users", 201, {"userID": user, "agency": agency, "name": user.upper(), "roles": roles, "assignedOn": today}, admin)
        api.call("POST", f"/users/{user}/certifications", 200, {"certifiedOn": today}, admin)
        return api.call("POST", f"/users/{user}/api-keys", 201, {"label": "audit session"}, admin)["key"]

    operator = user_key("la.operator", "CA0194200", ["operator"])
    officer = user_key("la.officer", "CA0194200", ["officer"])
    auditor = user_key("doj.auditor", "CA0000001", ["auditor"])

    def as_user(key: str, method: str, path: str, expected: int, body=None):
        return api.call(method, path, expected, body, None, {"X-API-Key": key})

    garcia = {"name": "GARCIA, LUIS", "dateOfBirth": "19900101", "sex": "M", "race": "W", "height": "510", "weight": 180,
              "eyes": "BRO", "hair": "BLK", "scarsMarksTattoos": [], "aliases": ["GARCIA, LOUIE"], "stateID": "A7777777"}
    by_name = {"by": "name", "last": "GARCIA", "first": "LUIS", "dateOfBirth": "19900101"}
    empty = as_user(officer, "POST", "/searches", 200, {"query": by_name, "purpose": "C", "caseNumber": "26-004700"})
    check(empty["hits"] == [], "the search before the entry should find nothing")
    as_user(operator, "POST", "/records", 201, {"kind": "person", "facts": garcia})
    want = as_user(operator, "POST", "/records", 201, {"kind": "wantedPerson", "facts": {
        "subject": garcia, "warrantDate": "20260520", "offense": "PC 459 BURGLARY", "classification": "felony",
        "extradition": "full", "caseNumber": "26-004711"}})["record"]["number"]
    found = as_user(officer, "POST", "/searches", 200, {"query": {"by": "stateID", "value": "A7777777"}, "purpose": "C", "caseNumber": "26-004711"})
    check(len(found["hits"]) == 2, f"the search by state id should find both records: {found}")
    read = as_user(officer, "GET", f"/records/{want}?purpose=C&caseNumber=26-004711", 200)
    as_user(officer, "POST", "/searches", 200, {"query": {"by": "stateID", "value": "A7777777"}, "purpose": "A"})

    complaint = ["--case-number", "COMPLAINT-2026-31"]
    subject_arguments = ["audit", "subject", "--name", "GARCIA, LUIS", "--dob", "19900101", *complaint]
    text = session.cli(subject_arguments, auditor, 0)
    check("[named him, showed none of his records]" in text, f"the text timeline marks the zero-hit search:\n{text}")
    subject = json.loads(session.cli([*subject_arguments, "--json"], auditor, 0, shown_in_transcript=False))
    relations = {entry["sequence"]: entry["access"]["relation"] for entry in subject["timeline"] if entry["kind"] == "access"}
    check(relations.get(empty["accessSequence"]) == "matchedCriteria", f"the zero-hit search is missing: {relations}")
    check(relations.get(found["accessSequence"]) == "returned" and relations.get(read["accessSequence"]) == "returned",
          f"the searches that found him are missing: {relations}")
    check(len(subject["records"]) == 2, "both of his records are listed")

    session.cli(["audit", "record", want, *complaint], auditor, 0)
    timeline = json.loads(session.cli(["audit", "record", want, *complaint, "--json"], auditor, 0, shown_in_transcript=False))
    sequences = [entry["sequence"] for entry in timeline["timeline"]]
    check(sequences == sorted(sequences) and read["accessSequence"] in sequences, f"the record's timeline: {sequences}")

    session.cli(["audit", "user", "la.officer", *complaint], auditor, 0)
    activity = json.loads(session.cli(["audit", "user", "la.officer", *complaint, "--json"], auditor, 0, shown_in_transcript=False))
    done = [entry["sequence"] for entry in activity["entries"]]
    check(done[:3] == [empty["accessSequence"], found["accessSequence"], read["accessSequence"]] and len(done) == 4,
          f"the officer's activity: {done}")

    page = os.path.join(session.work, "weekly-review.html")
    # The weekly review of the week holding today (UTC), the session's reads all in it.
    week = time.strftime("%Y%m%d", time.gmtime())
    report = session.cli(["audit", "report", "--week", week, "--html", page], auditor, 0)
    check(report.startswith("misuse report") and "[noCaseNumber]" in report, f"the misuse report: {report}")
    html = open(page, encoding="utf-8").read()
    check(html.startswith("<!DOCTYPE html>") and "<svg" in html and "la.officer" in html, "the report's HTML page")

    text = session.cli(["reproduce", str(empty["accessSequence"])], auditor, 0)
    check(text.startswith("MATCHES"), f"reproduction: {text}")
    reproduction = json.loads(session.cli(["reproduce", str(subject["accessSequence"]), "--json"], auditor, 0, shown_in_transcript=False))
    check(reproduction["matches"] is True, f"reproduction of the investigation: {reproduction}")
    # A court finds him factually innocent of an arrest (PC 851.8) and orders it destroyed.
    history = as_user(operator, "POST", "/records", 201, {"kind": "criminalHistory", "facts": {
        "person": subject["records"][0]["record"]["number"], "subject": garcia}})["record"]["number"]
    arrested = as_user(operator, "POST", f"/records/{history}/history-entries", 200, {
        "kind": "arrest", "date": "20250202", "bookingNumber": "B-DESTROY-77", "statute": "HS11357",
        "offenseLevel": "misdemeanor", "offenseDescription": "UNIQUE DESTROYED OFFENSE"})["record"]
    arrest = arrested["history"][-1]["id"]
    sheet = as_user(officer, "GET", f"/records/{history}/history?purpose=C&caseNumber=26-004711", 200)
    clerk = user_key("lasc.clerk", "CA019015J", ["courtClerk"])
    text = session.cli(["court", "destroy", history, "--arrest", arrest, "--order", "LASC 26-FI-0042, ORDER OF 20261130"], clerk, 0)
    check(text.startswith("destroyed:"), f"destroy: {text}")
    after = as_user(officer, "GET", f"/records/{history}/history?purpose=C&caseNumber=26-004711", 200)
    check(not any(word.decode() in json.dumps(after) for word in DESTROYED), "the history still shows the destroyed arrest")
    text = session.cli(["reproduce", str(sheet["accessSequence"])], auditor, 3)
    check(text.startswith("DIFFERS") and "LASC 26-FI-0042" in text, f"the reproduction after the order: {text}")

    session.cli(["audit", "record", want], None, 64)
    refused = session.cli(["audit", "subject", "--state-id", "A7777777"], operator, 1)
    check(refused == "", "a refusal prints nothing to standard output")


if __name__ == "__main__":
    sys.exit(main(sys.argv))
