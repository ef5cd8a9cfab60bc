#!/usr/bin/env python3
"""`blotter terminal` driven through pseudo-terminals against a real service, as dispatchers use it.

    python3 terminal_session.py PATH-TO-BLOTTER [--transcript FILE]

Starts `blotter serve`, registers the Los Angeles Police Department (CA0194200) and the
Sacramento Sheriff (CA0340000) and enrols an operator of the first and an officer of the
second. Then, each in its own pseudo-terminal: the operator logs in with password and
one-time code (neither echoed), enters a wanted person, and presses the up arrow and Enter,
which re-sends the entry from the line history (refused as a duplicate); the officer logs in,
queries the man by name, finds that a locate is refused without a confirmed hit, requests one
(YQ); the operator sees it in /hits and confirms it (YR); the officer places the locate. The
officer's agency sends nothing yet reads an administrative message the operator sent it
(/inbox, /read). Both log out. Last, batch mode with an API key: a file of messages, one of them
malformed, exits 1 and prints every reply. The service's ledger verifies at the end.
"""

from __future__ import annotations

import os
import pty
import re
import select
import subprocess
import sys
import tempfile
import time

HERE = os.path.dirname(os.path.abspath(__file__))
sys.path.insert(0, os.path.join(HERE, "..", "independent-verify"))
from served_ledger import served  # noqa: E402

WANT = ("EW.CA0194200.NAM/DOE, JOHN ALLEN.DOB/19800115.SEX/M.RAC/W.HGT/510.WGT/180.EYE/BRO.HAI/BLK"
        ".SID/A12345678.DOW/20260520.OFF/PC 459 BURGLARY.CLS/FEL.EXL/FULL.OCA/24-000123.CAU/ARMED")
UP_ARROW = "\x1b[A"


def check(condition: bool, message: str) -> None:
    if not condition:
        raise SystemExit(f"terminal_session: {message}")


class Terminal:
    """One `blotter terminal` on its own pseudo-terminal: type lines, wait for text."""

    def __init__(self, blotter: str, service: str, history: str, transcript: list[str], name: str):
        self.pid, self.fd = pty.fork()
        if self.pid == 0:
            os.environ["TERM"] = "xterm"
            os.environ.pop("BLOTTER_API_KEY", None)
            os.execv(blotter, [blotter, "terminal", "--service", service, "--history", history])
        self.buffer = ""
        self.transcript = transcript
        self.name = name

    def expect(self, pattern: str, timeout: float = 20) -> re.Match:
        deadline = time.time() + timeout
        while True:
            found = re.search(pattern, self.buffer)
            if found:
                self.transcript.append(f"[{self.name}] " + self.buffer[:found.end()].replace("\r", ""))
                self.buffer = self.buffer[found.end():]
                return found
            remaining = deadline - time.time()
            check(remaining > 0, f"{self.name}: no {pattern!r} in {self.buffer[-600:]!r}")
            ready, _, _ = select.select([self.fd], [], [], remaining)
            if ready:
                try:
                    chunk = os.read(self.fd, 4096)
                except OSError:
                    chunk = b""
                check(chunk != b"", f"{self.name}: the terminal ended before {pattern!r}: {self.buffer[-600:]!r}")
                self.buffer += chunk.decode("utf-8", "replace")

    def type(self, text: str) -> None:
        os.write(self.fd, (text + "\r").encode())

    def close(self) -> int:
        _, status = os.waitpid(self.pid, 0)
        os.close(self.fd)
        return os.waitstatus_to_exitcode(status)


def log_in(terminal: Terminal, api, user: str, password: str, seed: str, agency: str) -> None:
    terminal.expect(r"USER: ")
    terminal.type(user)
    terminal.expect(r"PASSWORD: ")
    terminal.type(password)
    terminal.expect(r"CODE: ")
    terminal.type(api.totp(seed))
    terminal.expect(rf"LOGGED IN {user} {agency}")
    terminal.expect(rf"{agency}> ")
    check(password not in "".join(terminal.transcript), "the password was echoed")


def main(argv: list[str]) -> int:
    if len(argv) < 2:
        print(__doc__, file=sys.stderr)
        return 2
    blotter = os.path.abspath(argv[1])
    transcript_path = argv[argv.index("--transcript") + 1] if "--transcript" in argv else None
    transcript: list[str] = []
    with tempfile.TemporaryDirectory() as work:
        log_path = os.path.join(work, "server.log")
        with served(blotter, os.path.join(work, "data"), log_path) as api:
            session(api, blotter, work, open(log_path).read(), transcript)
        run = subprocess.run([blotter, "verify", "--data", os.path.join(work, "data")], capture_output=True, text=True)
        check(run.returncode == 0, f"blotter verify failed:\n{run.stdout}{run.stderr}")
    if transcript_path:
        with open(transcript_path, "w") as out:
            out.write("\n".join(transcript))
    print("terminal_session: login with MFA, entry, history, query, hit confirmation, locate, messages and batch mode work")
    return 0


def session(api, blotter: str, work: str, log: str, transcript: list[str]) -> None:
    admin_password = re.search(r"^\s*password\s+(\S+)", log, re.M).group(1)
    admin_seed = re.search(r"(otpauth://\S+)", log).group(1)
    admin = api.login("admin", admin_password, admin_seed)
    for ori, name in (("CA0194200", "LAPD"), ("CA0340000", "SACRAMENTO SO")):
        api.call("POST", "/agencies", 201, {"ori": ori, "name": name, "access": "full"}, admin)
    op_password, op_seed, _ = api.enrolled_user(admin, "lapd-op", "CA0194200", ["operator"])
    sac_password, sac_seed, _ = api.enrolled_user(admin, "sac-officer", "CA0340000", ["officer"])
    # Each code works once: the enrolments used this 30-second step's codes.
    time.sleep(31 - time.time() % 30)

    lapd = Terminal(blotter, api.base, os.path.join(work, "lapd-history"), transcript, "lapd-op")
    log_in(lapd, api, "lapd-op", op_password, op_seed, "CA0194200")
    lapd.type(WANT)
    number = lapd.expect(r"ACK EW CA0194200 NIC/(W\d{10}) VER/1").group(1)
    lapd.expect(r"CA0194200> ")
    lapd.type(UP_ARROW)  # the history brings the entry back; Enter sends it again
    lapd.expect(r"REJ EW CA0194200 RULE/DUPLICATE")
    lapd.expect(r"CA0194200> ")
    lapd.type("/send-nothing")
    lapd.expect(r"UNKNOWN COMMAND")

    sac = Terminal(blotter, api.base, os.path.join(work, "sac-history"), transcript, "sac-officer")
    log_in(sac, api, "sac-officer", sac_password, sac_seed, "CA0340000")
    sac.type("QW.CA0340000.NAM/DOE, JON.DOB/19800115.SEX/M.PUR/C.CAS/SAC-26-991")
    sac.expect(rf"1 HIT ACC/\d+[\s\S]*{number} ACTIVE ORI/CA0194200")
    sac.expect(r"CA0340000> ")
    locate = f"LW.CA0340000.NIC/{number}.DLO/{time.strftime('%Y%m%d', time.gmtime())}.OCA/SAC-26-991.RCV/SUBJECT IN CUSTODY"
    sac.type(locate)
    sac.expect(r"REJ LW CA0340000 RULE/HITNOTCONFIRMED")
    sac.type(f"YQ.CA0340000.NIC/{number}.PRI/U.OCA/SAC-26-991.RMK/SUBJECT DETAINED AT TRAFFIC STOP")
    request = sac.expect(r"HIT REQUEST REQ/(\d+)\.ORI/CA0340000\.PRI/URGENT").group(1)
    sac.expect(r"CA0340000> ")

    lapd.type("/hits")
    lapd.expect(rf"TO ANSWER:\s+REQ/{request} {number} FROM CA0340000 TO CA0194200 URGENT OPEN")
    lapd.type(f"YR.CA0194200.NIC/{number}.REQ/{request}.ANS/Y.RMK/WARRANT ACTIVE, WILL EXTRADITE")
    lapd.expect(rf"HIT REQUEST REQ/{request}\.ORI/CA0340000\.PRI/URGENT\.OCA/SAC-26-991\.CONFIRMED")
    lapd.expect(r"CA0194200> ")

    sac.type(locate)
    sac.expect(rf"ACK LW CA0340000 NIC/{number} VER/4\s+{number} LOCATED")
    sac.expect(r"CA0340000> ")

    # An administrative message from Los Angeles, read in Sacramento's inbox.
    message = api.call("POST", "/agency-messages", 201, {
        "to": {"agency": "CA0340000"}, "subject": "EXTRADITION OF DOE", "text": "TRANSPORT ARRANGED FOR 0800.\nCALL ROBBERY DIV."},
        api.login("lapd-op", op_password, op_seed))
    sac.type("/inbox")
    sac.expect(rf"#{message['id']} ROUTINE FROM CA0194200 \S+\s+EXTRADITION OF DOE \(UNREAD\)")
    sac.type(f"/read {message['id']}")
    sac.expect(r"TRANSPORT ARRANGED FOR 0800\.\s+CALL ROBBERY DIV\.\s+READ RECORDED AS EVENT \d+")

    for terminal in (sac, lapd):
        terminal.type("/quit")
        terminal.expect(r"LOGGED OUT")
        check(terminal.close() == 0, f"{terminal.name}: the terminal did not exit cleanly")
    with open(os.path.join(work, "lapd-history")) as history:
        # editline's history file escapes spaces as \040.
        check(WANT in history.read().replace("\\040", " "), "the history file keeps the lines typed")

    batch(api, blotter, work, admin, transcript)


def batch(api, blotter: str, work: str, admin: str, transcript: list[str]) -> None:
    key = api.call("POST", "/users/lapd-op/api-keys", 201, {"label": "dispatch batch"}, admin)["key"]
    messages = os.path.join(work, "messages.txt")
    with open(messages, "w") as out:
        out.write("# a records clerk's batch\n"
                  "EA.CA0194200.SER/SN-4471.TYP/LAPTOP.BRA/DELL.DOT/20260601.OCA/24-000900\n"
                  "\n"
                  "QA.CA0194200.SER/SN-4471.PUR/C.CAS/24-000900\n"
                  "EA.CA0194200.SER/SN-4472.TYP/LAPTOP.DOT/2026-06-01.OCA/24-000901\n")
    environment = dict(os.environ, BLOTTER_API_KEY=key)
    run = subprocess.run([blotter, "terminal", "--service", api.base, "--batch", messages],
                         capture_output=True, text=True, env=environment, timeout=60)
    transcript.append("[batch] " + run.stdout)
    check(run.returncode == 1, f"a batch with a refused message exits 1, not {run.returncode}:\n{run.stdout}{run.stderr}")
    check("ACK EA CA0194200 NIC/A" in run.stdout and "1 HIT" in run.stdout, f"batch replies:\n{run.stdout}")
    check("REJ EA CA0194200 RULE/INVALIDFIELD" in run.stdout and "DOT/" in run.stdout, f"the refusal names DOT:\n{run.stdout}")
    check("3 MESSAGES SENT, 1 REFUSED" in run.stdout, f"batch summary:\n{run.stdout}")


if __name__ == "__main__":
    sys.exit(main(sys.argv))
