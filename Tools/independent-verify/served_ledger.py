#!/usr/bin/env python3
"""Builds a ledger through the HTTP API that holds every kind of event the projections fold.

    python3 served_ledger.py PATH-TO-BLOTTER DATA_DIR

`blotter demo` writes engine events only and `blotter seed` enters records and a few history
entries; neither writes access events, queries or most lifecycle events. This script starts
`blotter serve` on DATA_DIR (which must not exist) on a free loopback port and, through the API:
registers agencies, creates users with several roles, enrols and certifies them, changes
roles, passwords and credentials, creates and revokes an API key, fails logins until an account
locks, unlocks it, records a home address, disables and enables an account; enters a record of every kind, then
modifies, checks, validates, locates, clears, cancels, serves, renews, terminates, adds
history entries, moves and annual updates; and reads records by number, by history and by
search (the access events the records projection's `accesses` table folds). It then stops the
server (SIGTERM: the writer drains) and leaves the ledger for verify_ledger.py.
"""

from __future__ import annotations

import contextlib
import json
import os
import re
import secrets
import signal
import socket
import subprocess
import sys
import time
import urllib.error
import urllib.request
from datetime import datetime, timezone


class API:
    def __init__(self, blotter: str, base: str):
        self.blotter = blotter
        self.base = base

    def call(self, method: str, path: str, expected: int, body=None, token=None, headers=None):
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
        try:
            with urllib.request.urlopen(request, data=data, timeout=30) as response:
                status, text = response.status, response.read()
        except urllib.error.HTTPError as error:
            status, text = error.code, error.read()
        if status != expected:
            raise SystemExit(f"served_ledger: {method} {path} answered {status}, expected {expected}: {text[:500]!r}")
        return json.loads(text) if text else None

    def totp(self, seed: str) -> str:
        return subprocess.run([self.blotter, "totp", seed], check=True, capture_output=True, text=True).stdout.strip()

    def enrolled_user(self, admin: str, user: str, agency: str, roles: list[str]) -> tuple[str, str, str]:
        """Creates, certifies and enrols a user (as `admin`); returns its password, TOTP seed and
        the session its enrolment opened."""
        today = today_text()
        credential = self.call("POST", "/users", 201, {
            "userID": user, "agency": agency, "name": f"USER {user.upper()}", "roles": roles, "assignedOn": today,
        }, admin)["oneTimeCredential"]
        self.call("POST", f"/users/{user}/certifications", 200, {"certifiedOn": today}, admin)
        password = "Sv-" + secrets.token_urlsafe(15)
        enrolment = self.call("POST", "/enrolments", 201, {"userID": user, "oneTimeCredential": credential, "password": password})
        token = self.call("POST", "/enrolments/confirm", 201, {
            "enrolmentToken": enrolment["enrolmentToken"], "code": self.totp(enrolment["seed"])})["token"]
        return password, enrolment["seed"], token

    def login(self, user: str, password: str, seed: str) -> str:
        # A code works once: wait for the next 30-second step if this one was used.
        for _ in range(3):
            code = self.totp(seed)
            request = {"userID": user, "password": password, "code": code}
            try:
                return self.call("POST", "/sessions", 201, request)["token"]
            except SystemExit:
                time.sleep(31 - time.time() % 30)
        raise SystemExit(f"served_ledger: {user} cannot log in")


def today_text() -> str:
    return datetime.now(timezone.utc).strftime("%Y%m%d")


def free_port() -> int:
    with socket.socket() as probe:
        probe.bind(("127.0.0.1", 0))
        return probe.getsockname()[1]


@contextlib.contextmanager
def served(blotter: str, data: str, log_path: str):
    """`blotter serve` on `data`, on a free loopback port, logging to `log_path`: yields an API
    once it answers /health, and stops it (SIGTERM: the writer drains) when the block ends."""
    port = free_port()
    with open(log_path, "w") as log:
        server = subprocess.Popen(
            [blotter, "serve", "--data", data, "--host", "127.0.0.1", "--port", str(port), "--password-cost", "4"],
            stdout=log, stderr=subprocess.STDOUT)
    try:
        api = API(blotter, f"http://127.0.0.1:{port}")
        for _ in range(300):
            try:
                api.call("GET", "/health", 200)
                break
            except (urllib.error.URLError, ConnectionError, SystemExit):
                if server.poll() is not None:
                    raise SystemExit(f"the server stopped: {open(log_path).read()[-2000:]}")
                time.sleep(0.1)
        yield api
    finally:
        server.send_signal(signal.SIGTERM)
        try:
            server.wait(timeout=30)
        except subprocess.TimeoutExpired:
            server.kill()
            server.wait()


def main(argv: list[str]) -> int:
    if len(argv) != 3:
        print(__doc__, file=sys.stderr)
        return 2
    blotter, data = os.path.abspath(argv[1]), argv[2]
    if os.path.exists(data):
        raise SystemExit(f"served_ledger: {data} exists; give a new directory")
    os.makedirs(data, mode=0o700)
    log_path = os.path.join(data, "server.log")
    with served(blotter, os.path.join(data, "data"), log_path) as api:
        exercise(api, open(log_path).read())
    print(f"served_ledger: ledger at {os.path.join(data, 'data')} (server log {log_path})")
    return 0


def exercise(api: API, log: str) -> None:
    admin_password = re.search(r"^\s*password\s+(\S+)", log, re.M).group(1)
    admin_seed = re.search(r"(otpauth://\S+)", log).group(1)
    admin = api.login("admin", admin_password, admin_seed)
    today = datetime.now(timezone.utc).strftime("%Y%m%d")

    # Agencies, one with a '/' in its name (stored as '\/' in the access tables).
    api.call("POST", "/agencies", 201, {"ori": "CA0194200", "name": "LAPD / CENTRAL", "access": "full"}, admin)
    api.call("POST", "/agencies", 201, {"ori": "CA0380100", "name": "SFPD", "access": "full", "jurisdiction": "local"}, admin)

    def create(user: str, agency: str, roles: list[str]) -> tuple[str, str, str]:
        return api.enrolled_user(admin, user, agency, roles)

    op_password, _, op = create("a.operator", "CA0194200", ["officer", "operator"])
    _, _, sup = create("a.supervisor", "CA0194200", ["supervisor", "operator", "officer"])
    _, _, clerk = create("a.clerk", "CA0194200", ["courtClerk"])
    b_password, b_seed, b_officer = create("b.officer", "CA0380100", ["officer"])

    # Account changes: roles, password, API key, credentials reset, lockout, home address, disable.
    api.call("PUT", "/users/a.clerk/roles", 200, {"roles": ["courtClerk", "officer"]}, admin)
    api.call("POST", "/users/a.operator/password", 204, {"password": "Sv-" + secrets.token_urlsafe(15), "currentPassword": op_password}, op)
    key = api.call("POST", "/users/a.supervisor/api-keys", 201, {"label": "night shift / terminal 2"}, admin)
    api.call("POST", "/users/a.supervisor/api-keys", 201, {"label": "spare"}, admin)
    api.call("DELETE", f"/users/a.supervisor/api-keys/{key['keyID']}", 204, None, admin)
    for _ in range(5):
        api.call("POST", "/sessions", 401, {"userID": "b.officer", "password": "wrong-password", "code": "000000"})
    api.call("POST", "/sessions", 401, {"userID": "NOT A USER", "password": "x", "code": "000000"})
    api.call("POST", "/users/b.officer/unlock", 200, {}, admin)
    b_officer = api.login("b.officer", b_password, b_seed)
    api.call("POST", "/users/b.officer/home-address", 200, {"address": "12 Elm Street, Sacramento CA"}, admin)
    api.call("POST", "/users/a.clerk/disable", 200, {"reason": "on leave"}, admin)
    api.call("POST", "/users/a.clerk/enable", 200, {}, admin)
    clerk = None  # the disable ended its sessions
    reset = api.call("POST", "/users/a.clerk/credentials/reset", 201, {}, admin)
    clerk_password = "Sv-" + secrets.token_urlsafe(15)
    enrolment = api.call("POST", "/enrolments", 201, {
        "userID": "a.clerk", "oneTimeCredential": reset["oneTimeCredential"], "password": clerk_password})
    clerk = api.call("POST", "/enrolments/confirm", 201, {
        "enrolmentToken": enrolment["enrolmentToken"], "code": api.totp(enrolment["seed"])})["token"]

    # One record of every kind.
    def identity(name, born, n, **more):
        return {"name": name, "aliases": more.pop("aliases", []), "dateOfBirth": born, "sex": "M", "race": "W",
                "height": "510", "weight": 180, "eyes": "BRO", "hair": "BLK", "scarsMarksTattoos": more.pop("marks", []),
                "stateID": f"B{n:08d}", "licenceNumber": f"E{n:07d}", "licenceState": "CA", **more}

    def enter(kind, facts, token=op, key=None):
        headers = {"Idempotency-Key": key} if key else None
        return api.call("POST", "/records", 201, {"kind": kind, "facts": facts}, token, headers)["record"]["number"]

    sean = identity("O'BRIEN, SEAN PATRICK", "19800115", 1, aliases=["OBRIEN, SHAWN"], marks=["TAT L ARM"])
    person = enter("person", sean, key="person-1")
    history = enter("criminalHistory", {"person": person, "subject": sean})
    # Secondary dissemination: the rap sheet passed on to a prosecutor, logged on the record.
    api.call("POST", f"/records/{history}/disseminations", 200, {
        "recipient": "DDA R. JONES, LA COUNTY DA", "purpose": "C", "authority": "PC 11105(b)(4)",
        "disseminatedOn": today, "caseNumber": "24-000999"}, op)
    wanted = enter("wantedPerson", {"subject": identity("SCHULTZ, KARL", "19751103", 2), "warrantDate": "20260520",
                                    "offense": "PC 459 BURGLARY", "classification": "felony", "extradition": "full",
                                    "caseNumber": "24-000123", "caution": "ARMED/DANGEROUS"})
    missing = enter("missingPerson", {"subject": identity("MACKENZIE, JANE", "20100304", 3), "category": "juvenile",
                                      "dateOfLastContact": "20260530", "circumstances": "LEFT SCHOOL AT 1500", "caseNumber": "24-000456"})
    vehicle = enter("stolenVehicle", {"vin": "1HGCM82633A004352", "plate": "7ABC123", "plateState": "CA", "year": 2003,
                                      "make": "HOND", "model": "ACCORD", "color": "BLU", "dateOfTheft": "20260528", "caseNumber": "24-000789"})
    plate = enter("stolenPlate", {"plate": "8XYZ999", "plateState": "CA", "plateType": "PC", "plateYear": 2024,
                                  "dateOfTheft": "20260529", "caseNumber": "24-000790"})
    gun = enter("stolenGun", {"serialNumber": "G1234567", "make": "GLOCK", "caliber": "9", "model": "19", "gunType": "PISTOL",
                              "dateOfTheft": "20260527", "caseNumber": "24-000791"})
    article = enter("stolenArticle", {"serialNumber": "SN-555-1", "articleType": "LAPTOP", "brand": "DELL",
                                      "dateOfTheft": "20260526", "caseNumber": "24-000792"})
    enter("vehicleRegistration", {"plate": "5DEF456", "plateState": "CA", "plateType": "PC", "vin": "2HGFA16558H512345",
                                  "year": 2008, "make": "HOND", "model": "CIVIC", "color": "GRY",
                                  "owner": identity("NGUYEN, ANH", "19700202", 4), "ownerAddress": "1 MAIN ST, LOS ANGELES CA",
                                  "expiresOn": "20270101"})
    enter("driverLicence", {"holder": identity("SMITH, JOHN", "19650707", 5), "licenceNumber": "E0000005",
                            "licenceState": "CA", "licenceClass": "C", "status": "valid", "expiresOn": "20300707"})
    registration = enter("offenderRegistration", {"registrant": identity("PHILLIPS, MARK", "19600909", 6),
                                                  "registrationType": "PC 290", "registeredOn": "20250101",
                                                  "addresses": [{"address": "2 ELM ST, LOS ANGELES CA", "since": "20250101"}]})
    order = enter("protectiveOrder", {"orderType": "DV", "isTemporary": False, "court": "LOS ANGELES SUPERIOR COURT",
                                      "caseNumber": "26FL000999", "fileControlNumber": "2000000000001",
                                      "restrained": identity("KNIGHT, PETER", "19850505", 7),
                                      "protectedPersons": [{"name": "KNIGHT, MARY", "relationship": "SPOUSE"}],
                                      "conditions": ["01", "04"], "issuedOn": "20261101", "expiresOn": "20311031"}, token=clerk)

    # Lifecycle events.
    for number in (wanted, missing, vehicle, plate, gun, article):
        api.call("POST", f"/records/{number}/check", 200, {}, sup)
    api.call("POST", f"/records/{order}/check", 200, {}, sup)
    api.call("POST", f"/records/{wanted}/validate", 200, {"remarks": "warrant still valid"}, sup)
    api.call("POST", f"/records/{plate}/validate", 200, {}, sup)
    current = api.call("GET", f"/records/{wanted}?purpose=C&caseNumber=24-000123", 200, None, op)["record"]
    changed = dict(current["facts"]["facts"], caution="ARMED")
    api.call("POST", f"/records/{wanted}/modify", 200, {"expectedVersion": current["version"],
                                                         "record": {"kind": "wantedPerson", "facts": changed}}, op)
    # A locate needs the owner's confirmation of the hit: asked urgently, confirmed.
    for number in (vehicle, missing):
        api.call("GET", f"/records/{number}?purpose=C&caseNumber=SF-HIT", 200, None, b_officer)  # the hit
        asked = api.call("POST", f"/records/{number}/hit-confirmations", 200,
                         {"priority": "urgent", "caseNumber": "SF-HIT", "remarks": "subject detained"}, b_officer)
        request = asked["record"]["hitConfirmations"][-1]["requested"]["sequence"]
        api.call("POST", f"/records/{number}/hit-confirmations/answers", 200, {"request": request, "answer": "confirmed"}, op)
    api.call("POST", f"/records/{vehicle}/locate", 200, {"locatedOn": today, "caseNumber": "SF-1", "recovered": "VEHICLE, DAMAGED"}, b_officer)
    api.call("POST", f"/records/{missing}/locate", 200, {"locatedOn": today, "caseNumber": "SF-2", "recovered": "THE CHILD"}, b_officer)
    api.call("POST", f"/records/{vehicle}/clear", 200, {"clearedOn": today, "how": "recovered", "remarks": "returned to owner"}, op)
    api.call("POST", f"/records/{gun}/cancel", 200, {"reason": "entered in error", "identifierAsEntered": "G1234567"}, op)
    api.call("POST", f"/records/{order}/serve", 200, {"servedOn": today, "method": "PERSONAL SERVICE"}, clerk)
    api.call("POST", f"/records/{order}/renew", 200, {"expiresOn": "20311130"}, clerk)
    api.call("POST", f"/records/{order}/terminate", 200, {"terminatedOn": today, "reason": "dismissed by the court"}, clerk)
    arrest = api.call("POST", f"/records/{history}/history-entries", 200, {
        "kind": "arrest", "date": "20250301", "bookingNumber": "B100", "statute": "PC459", "offenseLevel": "felony",
        "offenseDescription": "BURGLARY"}, op)["record"]["history"][-1]["id"]
    api.call("POST", f"/records/{history}/history-entries/{arrest}/corrections", 200, {
        "entry": {"kind": "arrest", "date": "20250301", "bookingNumber": "B1000", "statute": "PC459", "offenseLevel": "felony",
                  "offenseDescription": "BURGLARY"}, "reason": "booking number mistyped"}, op)
    api.call("POST", f"/records/{history}/history-entries", 200, {
        "kind": "disposition", "date": "20250901", "arrestID": arrest, "outcome": "convicted", "courtCase": "BA1"}, clerk)
    api.call("POST", f"/records/{registration}/moves", 200, {"address": "3 OAK ST, PASADENA CA", "since": "20260101"}, op)
    api.call("POST", f"/records/{registration}/annual-updates", 200, {"on": today}, op)

    # Reads: by number, history, searches (each an access event naming what it returned).
    api.call("GET", f"/records/{person}?purpose=C&caseNumber=24-1", 200, None, op)
    api.call("GET", f"/records/{order}/history?purpose=C&caseNumber=24-1", 200, None, clerk)
    for query in ({"by": "name", "last": "OBRIEN", "dateOfBirth": "19800115"}, {"by": "vin", "value": "1HGCM82633A004352"},
                  {"by": "caseNumber", "value": "24-000123"}, {"by": "stateID", "value": "B00000001"}):
        api.call("POST", "/searches", 200, {"query": query, "purpose": "C", "caseNumber": "24-2", "includeInactive": True}, sup)
    api.call("POST", "/searches", 200, {"query": {"by": "plate", "value": "8XYZ999", "state": "CA"}, "purpose": "C",
                                        "caseNumber": "24-3"}, None, {"X-API-Key": api.call(
                                            "POST", "/users/a.supervisor/api-keys", 201, {"label": "reader"}, admin)["key"]})


if __name__ == "__main__":
    sys.exit(main(sys.argv))
