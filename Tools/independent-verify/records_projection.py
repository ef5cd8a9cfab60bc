"""The records projection (version 6) as Docs/storage-format.md ("records") describes it: the
value types, the fold of record events into record states, the index entries of a state, and
the decoding of every stored table entry."""

from __future__ import annotations

import struct
from dataclasses import dataclass, field

import canonical_json as cj
import nysiis

VERSION = 6
TABLES = ("records", "keys", "names", "unchecked", "validation", "accesses", "searches")
STREAM_PREFIX = "record/"
ACCESS_STREAM_PREFIX = "access/"
ACCESS_EVENT_TYPE = "RecordsQueried"
DAY_MICROSECONDS = 86_400_000_000

# The retention policy's periods, in configuration order.
POLICY_FIELDS = (
    "temporaryFelonyHours", "locatedUnclearedDays", "firstValidationOpensDays", "firstValidationDueDays",
    "validationIntervalDays", "validationWindowDays", "articleExtraYears", "plateExtraYears",
)
STANDARD_POLICY = (48, 14, 60, 90, 365, 30, 1, 4)

VALIDATED_FILE_CODES = frozenset("HWMVLGA")
INDEX_KEY_TYPES = frozenset(("dup", "sid", "fbi", "oln", "person", "fcn", "oca", "vin", "vin8", "plate", "gun", "art", "hito", "hitr", "sor"))


class RecordsError(ValueError):
    """A value that breaks the document's description; `sequence` names the event, when known."""

    def __init__(self, reason: str, sequence: int | None = None):
        super().__init__(reason)
        self.sequence = sequence


def parse_policy(configuration: bytes) -> dict:
    if len(configuration) != 8 * len(POLICY_FIELDS):
        raise RecordsError(f"the records configuration is {len(configuration)} bytes, expected 64")
    return dict(zip(POLICY_FIELDS, struct.unpack(">8q", configuration)))


# --- Value types ----------------------------------------------------------------------------
#
# A type is a name below (an object type), or one of: "string", "integer" (i64), "u32", "u64",
# "boolean", "date", "time", "number" (a record number), ("enum", values), ("array", type).
# An object type lists (member, type, required); members are written in sorted order.

def enum(*values):
    return ("enum", frozenset(values))


def array(element):
    return ("array", element)


KIND_NAMES = tuple(cj.FILE_CODES.values())

OBJECTS = {
    "RecordAction": [("agency", "string", True), ("at", "time", True), ("sequence", "u64", True), ("userID", "string", True)],
    "PersonIdentity": [
        ("aliases", array("string"), True), ("dateOfBirth", "date", True), ("eyes", "string", False),
        ("fbiNumber", "string", False), ("hair", "string", False), ("height", "string", False),
        ("licenceNumber", "string", False), ("licenceState", "string", False), ("name", "string", True),
        ("race", "string", True), ("scarsMarksTattoos", array("string"), True), ("sex", "string", True),
        ("socialSecurityNumber", "string", False), ("stateID", "string", False), ("weight", "integer", False),
    ],
    "criminalHistory": [("person", "number", True), ("subject", "PersonIdentity", True)],
    "protectiveOrder": [
        ("caseNumber", "string", True), ("conditions", array("string"), True), ("court", "string", True),
        ("expiresOn", "date", False), ("fileControlNumber", "string", True), ("isTemporary", "boolean", True),
        ("issuedOn", "date", True), ("orderType", enum("EPO", "DV", "EA", "CH", "WV", "GV", "CP"), True),
        ("protectedPersons", array("ProtectedPerson"), True), ("remarks", "string", False),
        ("restrained", "PersonIdentity", True),
    ],
    "ProtectedPerson": [("dateOfBirth", "date", False), ("name", "string", True), ("relationship", "string", False)],
    "BusinessOwner": [("name", "string", True), ("number", "string", False)],
    "vehicleRegistration": [
        ("businessOwner", "BusinessOwner", False), ("color", "string", True), ("expiresOn", "date", True), ("make", "string", True), ("model", "string", True),
        ("owner", "PersonIdentity", False), ("ownerAddress", "string", False), ("plate", "string", True),
        ("plateState", "string", True), ("plateType", "string", True), ("vin", "string", True), ("year", "integer", True),
    ],
    "driverLicence": [
        ("expiresOn", "date", True), ("holder", "PersonIdentity", True), ("licenceClass", "string", True),
        ("licenceNumber", "string", True), ("licenceState", "string", True),
        ("status", enum("valid", "suspended", "revoked", "expired"), True),
    ],
    "offenderRegistration": [
        ("addresses", array("Address"), True), ("lastAnnualUpdate", "date", False), ("registeredOn", "date", True),
        ("registrant", "PersonIdentity", True), ("registrationType", "string", True),
    ],
    "Address": [("address", "string", True), ("since", "date", True)],
    "wantedPerson": [
        ("caseNumber", "string", True), ("caution", "string", False),
        ("classification", enum("felony", "misdemeanor", "temporaryFelony", "juvenile"), True),
        ("extradition", enum("full", "limited", "inStateOnly"), True), ("extraditionLimits", "string", False),
        ("offense", "string", True), ("subject", "PersonIdentity", True), ("warrantDate", "date", True),
    ],
    "missingPerson": [
        ("caseNumber", "string", True),
        ("category", enum("disability", "endangered", "involuntary", "catastropheVictim", "juvenile", "other"), True),
        ("circumstances", "string", True), ("dateOfLastContact", "date", True), ("subject", "PersonIdentity", True),
    ],
    "stolenVehicle": [
        ("caseNumber", "string", True), ("color", "string", True), ("dateOfTheft", "date", True), ("make", "string", True),
        ("model", "string", True), ("plate", "string", False), ("plateState", "string", False), ("vin", "string", True),
        ("year", "integer", True),
    ],
    "stolenPlate": [
        ("caseNumber", "string", True), ("dateOfTheft", "date", True), ("plate", "string", True),
        ("plateState", "string", True), ("plateType", "string", True), ("plateYear", "integer", False),
    ],
    "stolenGun": [
        ("caliber", "string", True), ("caseNumber", "string", True), ("dateOfTheft", "date", True),
        ("gunType", "string", True), ("make", "string", True), ("model", "string", False), ("serialNumber", "string", True),
    ],
    "stolenArticle": [
        ("articleType", "string", True), ("brand", "string", False), ("caseNumber", "string", True),
        ("dateOfTheft", "date", True), ("description", "string", False), ("serialNumber", "string", True),
    ],
    "CriminalHistoryEntry": [
        ("arrestID", "string", False), ("bookingNumber", "string", False), ("courtCase", "string", False),
        ("date", "date", True),
        ("kind", enum("arrest", "chargeFiled", "pretrial", "disposition", "sentence", "custodyIn", "custodyOut",
                      "supervisionStarted", "supervisionViolation", "supervisionEnded", "program", "relief"), True),
        ("offenseDescription", "string", False), ("offenseLevel", enum("felony", "misdemeanor", "infraction"), False),
        ("outcome", enum("convicted", "dismissed", "acquitted", "diverted"), False),
        ("relief", enum("PC 851.91", "PC 851.93", "PC 1203.4", "PC 851.8"), False), ("remarks", "string", False),
        ("statute", "string", False), ("terms", "string", False),
    ],
    "ClearDetails": [("clearedOn", "date", True), ("how", "string", True), ("remarks", "string", False)],
    "LocateDetails": [("caseNumber", "string", True), ("locatedOn", "date", True), ("recovered", "string", True)],
    "DisseminationDetails": [
        ("authority", "string", True), ("caseNumber", "string", False), ("disseminatedOn", "date", True),
        ("purpose", enum("A", "C", "D", "F", "H", "I", "J", "S", "V", "X"), True), ("recipient", "string", True),
    ],
    "ServiceDetails": [("method", "string", True), ("servedOn", "date", True)],
    "TerminationDetails": [("reason", "string", True), ("terminatedOn", "date", True)],
    "Cancellation": [("by", "RecordAction", True), ("reason", "string", True)],
    "Clearance": [("by", "RecordAction", True), ("details", "ClearDetails", True)],
    "Locate": [("by", "RecordAction", True), ("details", "LocateDetails", True)],
    "OrderService": [("by", "RecordAction", True), ("details", "ServiceDetails", True)],
    "OrderTermination": [("by", "RecordAction", True), ("details", "TerminationDetails", True)],
    "HistoryCorrection": [("by", "RecordAction", True), ("previous", "CriminalHistoryEntry", True), ("reason", "string", True)],
    "HistoryItem": [
        ("by", "RecordAction", True), ("corrections", array("HistoryCorrection"), False),
        ("entry", "CriminalHistoryEntry", True), ("id", "string", True),
    ],
    "Dissemination": [("by", "RecordAction", True), ("details", "DisseminationDetails", True)],
    "HitConfirmationRequest": [
        ("caseNumber", "string", True), ("priority", enum("urgent", "routine"), True), ("remarks", "string", False),
    ],
    "HitConfirmationAnswer": [
        ("answer", enum("confirmed", "denied", "pending"), True), ("remarks", "string", False), ("request", "u64", True),
        ("withinMinutes", "integer", False),
    ],
    "HitAnswered": [("by", "RecordAction", True), ("details", "HitConfirmationAnswer", True)],
    "HitConfirmation": [
        ("answers", array("HitAnswered"), True), ("details", "HitConfirmationRequest", True),
        ("escalated", "RecordAction", False), ("requested", "RecordAction", True), ("requestedAgain", array("RecordAction"), True),
    ],
    "RecordState": [
        ("cancelled", "Cancellation", False), ("checked", "RecordAction", False), ("cleared", "Clearance", False),
        ("disseminations", array("Dissemination"), False),
        ("entered", "RecordAction", True), ("facts", "RecordFacts", True), ("history", array("HistoryItem"), True),
        ("hitConfirmations", array("HitConfirmation"), False),
        ("lastChangedAt", "time", True), ("lastSequence", "u64", True), ("lastValidated", "RecordAction", False),
        ("locates", array("Locate"), True), ("number", "number", True), ("owner", "string", True),
        ("service", "OrderService", False), ("terminated", "OrderTermination", False), ("version", "u32", True),
    ],
}
# The facts of each kind; a person's facts are a PersonIdentity.
FACTS_TYPE = {kind: ("PersonIdentity" if kind == "person" else kind) for kind in KIND_NAMES}


def _integer(value, path, low, high):
    if type(value) is not int:  # bool is an int subclass; a Fraction is a float
        raise RecordsError(f"{path} is not an integer: {value!r}")
    if not low <= value <= high:
        raise RecordsError(f"{path} is out of range: {value}")
    return value


def decode(value, kind, path="$"):
    """The value read as `kind`, written back as Blotter writes it: unknown members dropped,
    absent or null optionals left out, times with six fractional digits."""
    try:
        if kind == "string":
            if not isinstance(value, str):
                raise RecordsError(f"{path} is not a string")
            return value
        if kind == "integer":
            return _integer(value, path, -(1 << 63), (1 << 63) - 1)
        if kind == "u32":
            return _integer(value, path, 0, (1 << 32) - 1)
        if kind == "u64":
            return _integer(value, path, 0, (1 << 64) - 1)
        if kind == "boolean":
            if type(value) is not bool:
                raise RecordsError(f"{path} is not true or false")
            return value
        if kind == "date":
            return cj.check_date(value)
        if kind == "time":
            return cj.format_time(cj.parse_time(value))
        if kind == "number":
            if not cj.is_record_number(value):
                raise RecordsError(f"{path} is not a record number: {value!r}")
            return value
        if isinstance(kind, tuple) and kind[0] == "enum":
            if value not in kind[1]:
                raise RecordsError(f"{path} is not one of {sorted(kind[1])}: {value!r}")
            return value
        if isinstance(kind, tuple) and kind[0] == "array":
            if not isinstance(value, list):
                raise RecordsError(f"{path} is not an array")
            return [decode(element, kind[1], f"{path}[{index}]") for index, element in enumerate(value)]
        if kind == "RecordFacts":
            return _decode_facts(value, path)
        return _decode_object(value, kind, path)
    except cj.JSONFormatError as error:
        raise RecordsError(f"{path}: {error}") from None


def _decode_object(value, kind, path):
    if not isinstance(value, dict):
        raise RecordsError(f"{path} is not an object ({kind})")
    result = {}
    for member, member_kind, required in OBJECTS[kind]:
        found = value.get(member)
        if found is None:  # absent, or null
            if required:
                raise RecordsError(f"{path}.{member} is missing ({kind})")
            continue
        result[member] = decode(found, member_kind, f"{path}.{member}")
    return result


def _decode_facts(value, path):
    if not isinstance(value, dict):
        raise RecordsError(f"{path} is not an object (RecordFacts)")
    kind = value.get("kind")
    if kind not in FACTS_TYPE:
        raise RecordsError(f"{path}.kind is not a record kind: {kind!r}")
    if value.get("facts") is None:
        raise RecordsError(f"{path}.facts is missing")
    return {"facts": decode(value["facts"], FACTS_TYPE[kind], f"{path}.facts"), "kind": kind}


# --- Record event payloads ------------------------------------------------------------------

HISTORY_EVENT_TYPES = frozenset((
    "ArrestRecorded", "ChargeFiled", "PretrialEventRecorded", "DispositionRecorded", "SentenceRecorded",
    "CustodyBegan", "CustodyEnded", "SupervisionBegan", "SupervisionViolated", "SupervisionEnded",
    "ProgramRecorded", "ReliefAnnotated",
))
OBJECTS.update({
    "CancelledPayload": [("reason", "string", True)],
    "CheckedPayload": [],
    "ValidatedPayload": [("remarks", "string", False)],
    "RenewedPayload": [("expiresOn", "date", False)],
    "HistoryPayload": [("entry", "CriminalHistoryEntry", True), ("id", "string", True)],
    "AnnualUpdatePayload": [("on", "date", True)],
    "RequestPayload": [("request", "u64", True)],
    "CorrectionPayload": [("entry", "CriminalHistoryEntry", True), ("id", "string", True), ("reason", "string", True)],
})
# Each record event type and the type of its payload.
PAYLOADS = {
    "RecordEntered": "RecordFacts",
    "RecordModified": "RecordFacts",
    "RecordCancelled": "CancelledPayload",
    "RecordCleared": "ClearDetails",
    "RecordLocated": "LocateDetails",
    "EntryChecked": "CheckedPayload",
    "RecordValidated": "ValidatedPayload",
    "OrderServed": "ServiceDetails",
    "OrderRenewed": "RenewedPayload",
    "OrderTerminated": "TerminationDetails",
    "RegistrantMoved": "Address",
    "AnnualUpdateRecorded": "AnnualUpdatePayload",
    "RecordDisseminated": "DisseminationDetails",
    "HitConfirmationRequested": "HitConfirmationRequest",
    "HitConfirmationRequestedAgain": "RequestPayload",
    "HitConfirmationEscalated": "RequestPayload",
    "HitConfirmationAnswered": "HitConfirmationAnswer",
    "HistoryEntryCorrected": "CorrectionPayload",
    **{name: "HistoryPayload" for name in HISTORY_EVENT_TYPES},
}


def decode_payload(event_type: str, raw: bytes):
    try:
        value = cj.parse(raw, stored_value=False)
    except cj.JSONFormatError as error:
        raise RecordsError(str(error)) from None
    return decode(value, PAYLOADS[event_type], event_type)


@dataclass
class RecordEvent:
    """What folding needs of one event of a record stream."""
    sequence: int
    recorded_at: int
    version: int
    type: str
    user_id: str
    agency: str
    payload: bytes | None


def fold(number: str, events: list[RecordEvent]) -> dict | None:
    """The record's state after its events, as the document's fold table says; None when no
    event entered it."""
    state = None
    for event in events:
        if event.payload is None or event.type not in PAYLOADS:
            continue
        try:
            payload = decode_payload(event.type, event.payload)
        except RecordsError as error:
            raise RecordsError(f"the {event.type} payload does not decode: {error}", event.sequence) from None
        action = {
            "agency": event.agency, "at": cj.format_time(event.recorded_at), "sequence": event.sequence,
            "userID": event.user_id,
        }
        if event.type == "RecordEntered":
            if state is None:
                state = {
                    "entered": action, "facts": payload, "history": [], "lastChangedAt": action["at"],
                    "lastSequence": event.sequence, "locates": [], "number": number, "owner": event.agency,
                    "version": event.version,
                }
            continue
        if state is None:
            continue
        _apply(state, event.type, payload, action)
        state["version"] = event.version
        state["lastSequence"] = event.sequence
        state["lastChangedAt"] = action["at"]
    return state


def _apply(state: dict, event_type: str, payload, action: dict) -> None:
    facts = state["facts"]
    if event_type == "RecordModified":
        state["facts"] = payload
    elif event_type == "RecordCancelled":
        state["cancelled"] = {"by": action, "reason": payload["reason"]}
    elif event_type == "RecordCleared":
        state["cleared"] = {"by": action, "details": payload}
    elif event_type == "RecordLocated":
        state["locates"].append({"by": action, "details": payload})
    elif event_type == "RecordDisseminated":
        state.setdefault("disseminations", []).append({"by": action, "details": payload})
    elif event_type == "EntryChecked":
        state["checked"] = action
    elif event_type == "RecordValidated":
        state["lastValidated"] = action
    elif event_type == "OrderServed":
        state["service"] = {"by": action, "details": payload}
    elif event_type == "OrderRenewed":
        if facts["kind"] == "protectiveOrder":
            inner = dict(facts["facts"])
            inner.pop("expiresOn", None)
            if "expiresOn" in payload:
                inner["expiresOn"] = payload["expiresOn"]
            state["facts"] = {"facts": inner, "kind": "protectiveOrder"}
    elif event_type == "OrderTerminated":
        state["terminated"] = {"by": action, "details": payload}
    elif event_type in HISTORY_EVENT_TYPES:
        state["history"].append({"by": action, "entry": payload["entry"], "id": payload["id"]})
    elif event_type == "HistoryEntryCorrected":
        # The entry it names, by id; an unknown id changes nothing.
        for item in state["history"]:
            if item["id"] == payload["id"]:
                item.setdefault("corrections", []).append({"by": action, "previous": item["entry"], "reason": payload["reason"]})
                item["entry"] = payload["entry"]
                break
    elif event_type == "RegistrantMoved":
        if facts["kind"] == "offenderRegistration":
            inner = dict(facts["facts"])
            inner["addresses"] = inner["addresses"] + [payload]
            state["facts"] = {"facts": inner, "kind": "offenderRegistration"}
    elif event_type == "HitConfirmationRequested":
        state.setdefault("hitConfirmations", []).append(
            {"answers": [], "details": payload, "requested": action, "requestedAgain": []})
    elif event_type in ("HitConfirmationRequestedAgain", "HitConfirmationEscalated", "HitConfirmationAnswered"):
        # The request it names, by the sequence of its first event; an unknown one changes nothing.
        for confirmation in state.get("hitConfirmations", []):
            if confirmation["requested"]["sequence"] == payload["request"]:
                if event_type == "HitConfirmationRequestedAgain":
                    confirmation["requestedAgain"].append(action)
                elif event_type == "HitConfirmationEscalated":
                    confirmation["escalated"] = action
                else:
                    confirmation["answers"].append({"by": action, "details": payload})
                break
    elif event_type == "AnnualUpdateRecorded":
        if facts["kind"] == "offenderRegistration":
            inner = dict(facts["facts"])
            inner["lastAnnualUpdate"] = payload["on"]
            state["facts"] = {"facts": inner, "kind": "offenderRegistration"}


# --- Index entries ----------------------------------------------------------------------------

SUBJECT_MEMBER = {
    "criminalHistory": "subject", "protectiveOrder": "restrained", "vehicleRegistration": "owner",
    "driverLicence": "holder", "offenderRegistration": "registrant", "wantedPerson": "subject",
    "missingPerson": "subject",
}


def subject_of(facts: dict) -> dict | None:
    if facts["kind"] == "person":
        return facts["facts"]
    member = SUBJECT_MEMBER.get(facts["kind"])
    # A registration owned by a business has no subject.
    return facts["facts"].get(member) if member else None


def duplicate_identifiers(facts: dict) -> str:
    kind, f = facts["kind"], facts["facts"]
    if kind == "person":
        if "stateID" in f:
            return "sid:" + f["stateID"]
        if "fbiNumber" in f:
            return "fbi:" + f["fbiNumber"]
        return f"{f['name']}|{f['dateOfBirth']}|{f['sex']}"
    if kind == "criminalHistory":
        return f["person"]
    if kind == "protectiveOrder":
        return f["fileControlNumber"]
    if kind == "vehicleRegistration":
        return f"{f['plate']}|{f['plateState']}"
    if kind == "driverLicence":
        return f"{f['licenceNumber']}|{f['licenceState']}"
    if kind == "offenderRegistration":
        return f"{f['registrant']['name']}|{f['registrant']['dateOfBirth']}|{f['registrationType']}"
    if kind == "wantedPerson":
        return f"{f['caseNumber']}|{f['subject']['name']}|{f['subject']['dateOfBirth']}"
    if kind == "missingPerson":
        return f"{f['subject']['name']}|{f['subject']['dateOfBirth']}"
    if kind == "stolenVehicle":
        return f["vin"]
    if kind == "stolenPlate":
        return f"{f['plate']}|{f['plateState']}|{f['plateType']}"
    if kind == "stolenGun":
        return f"{f['serialNumber']}|{f['make']}"
    return f"{f['serialNumber']}|{f['articleType']}"  # stolenArticle


def index_keys(facts: dict) -> list[tuple[str, str]]:
    kind, f = facts["kind"], facts["facts"]
    keys = [("dup", kind + "|" + duplicate_identifiers(facts))]
    subject = subject_of(facts)
    if subject is not None:
        if "stateID" in subject:
            keys.append(("sid", subject["stateID"]))
        if "fbiNumber" in subject:
            keys.append(("fbi", subject["fbiNumber"]))
        if "licenceNumber" in subject and "licenceState" in subject:
            keys.append(("oln", subject["licenceNumber"] + "|" + subject["licenceState"]))

    def vehicle(plate, state):
        keys.append(("vin", f["vin"]))
        if len(f["vin"]) >= 8:
            keys.append(("vin8", f["vin"][-8:]))
        if plate is not None and state is not None:
            keys.append(("plate", plate + "|" + state))

    if kind == "criminalHistory":
        keys.append(("person", f["person"]))
    elif kind == "protectiveOrder":
        keys += [("fcn", f["fileControlNumber"]), ("oca", f["caseNumber"])]
    elif kind == "vehicleRegistration":
        vehicle(f["plate"], f["plateState"])
    elif kind == "driverLicence":
        keys.append(("oln", f["licenceNumber"] + "|" + f["licenceState"]))
    elif kind in ("wantedPerson", "missingPerson"):
        keys.append(("oca", f["caseNumber"]))
    elif kind == "stolenVehicle":
        vehicle(f.get("plate"), f.get("plateState"))
        keys.append(("oca", f["caseNumber"]))
    elif kind == "stolenPlate":
        keys += [("plate", f["plate"] + "|" + f["plateState"]), ("oca", f["caseNumber"])]
    elif kind == "stolenGun":
        keys += [("gun", f["serialNumber"]), ("oca", f["caseNumber"])]
    elif kind == "stolenArticle":
        keys += [("art", f["serialNumber"]), ("oca", f["caseNumber"])]
    return keys


def is_open(state: dict) -> bool:
    if "cancelled" in state or "cleared" in state or "terminated" in state:
        return False
    return not (state["number"][0] == "M" and state["locates"])


@dataclass
class IndexEntries:
    keys: dict = field(default_factory=dict)
    names: dict = field(default_factory=dict)
    unchecked: dict = field(default_factory=dict)
    validation: dict = field(default_factory=dict)


def index_entries(state: dict, policy: dict, into: IndexEntries) -> None:
    number = state["number"]
    number_bytes = number.encode("ascii")
    for key_type, value in index_keys(state["facts"]):
        into.keys[key_type.encode() + b"\x00" + value.encode("utf-8") + b"\x00" + number_bytes] = b""
    subject = subject_of(state["facts"])
    if subject is not None:
        for position, name in enumerate([subject["name"]] + subject["aliases"]):
            key = (
                nysiis.code(nysiis.last_name(name)).encode() + b"\x00" + subject["dateOfBirth"].encode() + b"\x00"
                + number_bytes + b"\x00" + bytes([min(position, 255)])
            )
            into.names[key] = (
                name.encode("utf-8") + b"\x1f" + subject["sex"].encode("utf-8") + b"\x1f"
                + nysiis.code(nysiis.first_name(name)).encode()
            )
    owner = state["owner"].encode("utf-8")
    # A record with requests to confirm a hit is listed under its owner and each requester.
    requesters = []
    for confirmation in state.get("hitConfirmations", []):
        if confirmation["requested"]["agency"] not in requesters:
            requesters.append(confirmation["requested"]["agency"])
    if number[0] == "S":  # an offender registration, listed under its registering agency
        into.keys[b"sor\x00" + owner + b"\x00" + number_bytes] = b""
    if requesters:
        into.keys[b"hito\x00" + owner + b"\x00" + number_bytes] = b""
        for agency in requesters:
            into.keys[b"hitr\x00" + agency.encode("utf-8") + b"\x00" + number_bytes] = b""
    if "checked" not in state and is_open(state):
        into.unchecked[owner + b"\x00" + number_bytes] = b""
    if is_open(state) and number[0] in VALIDATED_FILE_CODES:
        if "lastValidated" in state:
            due = cj.parse_time(state["lastValidated"]["at"]) + policy["validationIntervalDays"] * DAY_MICROSECONDS
        else:
            due = cj.parse_time(state["entered"]["at"]) + policy["firstValidationDueDays"] * DAY_MICROSECONDS
        into.validation[owner + b"\x00" + struct.pack(">q", due) + b"\x00" + number_bytes] = b""


# --- Access events --------------------------------------------------------------------------

def returned_numbers(raw: bytes) -> list[str]:
    """The distinct `results[].number` of a RecordsQueried payload."""
    value = cj.parse(raw, stored_value=False)
    if not isinstance(value, dict):
        raise RecordsError("a RecordsQueried payload is not an object")
    results = value.get("results", [])
    if not isinstance(results, list):
        raise RecordsError("results is not an array")
    numbers = []
    for index, result in enumerate(results):
        number = result.get("number") if isinstance(result, dict) else None
        if not cj.is_record_number(number):
            raise RecordsError(f"results[{index}].number is not a record number: {number!r}")
        if number not in numbers:
            numbers.append(number)
    return numbers


# The `searches` criterion of each identifier query kind: (key type, the value's parts).
IDENTIFIER_CRITERIA = {
    "stateID": "sid", "fbiNumber": "fbi", "plate": "plate", "licence": "oln", "gunSerial": "gun",
    "articleSerial": "art", "fileControlNumber": "fcn", "caseNumber": "oca",
}


def day_number(text: str) -> int:
    """Days from 1970-01-01 to a YYYYMMDD date (negative before it)."""
    import datetime
    day = datetime.date(int(text[:4]), int(text[4:6]), int(text[6:8]))
    return (day - datetime.date(1970, 1, 1)).days


def search_criteria(raw: bytes) -> list[tuple[bytes, bytes]]:
    """The `searches` criteria of a RecordsQueried payload, as (key prefix, value): none unless
    it is a search."""
    value = cj.parse(raw, stored_value=False)
    if not isinstance(value, dict) or not isinstance(value.get("query"), dict):
        raise RecordsError("a RecordsQueried payload has no query object")
    query = value["query"]
    by = query.get("by")
    read = value.get("read")
    if read is not None:
        if not isinstance(read, dict) or not isinstance(read.get("kind"), str):
            raise RecordsError("read is not an object with a kind")
        if read["kind"] != "search":
            return []
    elif by == "recordNumber":
        return []
    if by == "name":
        if not isinstance(query.get("last"), str) or not isinstance(query.get("dateOfBirth"), str):
            raise RecordsError("a name query has no last name or date of birth")
        tolerance = query.get("toleranceDays", 365)
        if not isinstance(tolerance, int):
            raise RecordsError("toleranceDays is not an integer")
        day = day_number(query["dateOfBirth"])
        sex = query.get("sex")
        sex_byte = sex.encode() if isinstance(sex, str) and len(sex.encode()) == 1 else b"\x00"
        window = struct.pack(">ii", day - tolerance, day + tolerance) + sex_byte
        return [(b"nam\x00" + nysiis.code(query["last"]).encode() + b"\x00", window)]
    if by == "vin":
        vin = query.get("value")
        if not isinstance(vin, str):
            raise RecordsError("a vin query has no value")
        return [((b"vin8" if len(vin) == 8 else b"vin") + b"\x00" + vin.encode() + b"\x00", b"")]
    if by not in IDENTIFIER_CRITERIA:
        if by in ("user", "agency"):
            return []
        raise RecordsError(f"{by!r} is not a kind of search")
    text = query.get("value")
    if not isinstance(text, str):
        raise RecordsError(f"a {by} query has no value")
    if by in ("plate", "licence"):
        if not isinstance(query.get("state"), str):
            raise RecordsError(f"a {by} query has no state")
        text += "|" + query["state"]
    return [(IDENTIFIER_CRITERIA[by].encode() + b"\x00" + text.encode() + b"\x00", b"")]


# --- Decoding stored entries ------------------------------------------------------------------

def split_number_suffix(key: bytes, what: str) -> tuple[bytes, str]:
    """`… ‖ 0x00 ‖ number`: the part before the separator and the number."""
    if len(key) < 12 or key[-12] != 0 or not cj.is_record_number(key[-11:].decode("ascii", "replace")):
        raise RecordsError(f"{what} key does not end with 0x00 and a record number")
    return key[:-12], key[-11:].decode("ascii")


def decode_entry(table: str, key: bytes, value: bytes) -> str | None:
    """Checks one stored entry against the documented encoding; returns the record number it names."""
    if table == "records":
        number = key.decode("ascii", "replace")
        if not cj.is_record_number(number):
            raise RecordsError("the key is not a record number")
        try:
            document = cj.check_canonical(value)
        except cj.JSONFormatError as error:
            raise RecordsError(f"the value is not canonical JSON: {error}") from None
        state = decode(document, "RecordState", "state")
        if state != document:
            raise RecordsError("the value is not a record state as written (a member it does not have, or a time "
                               "without six fractional digits)")
        if state["number"] != number:
            raise RecordsError(f"the value is the state of {state['number']}")
        if state["owner"] != state["entered"]["agency"]:
            raise RecordsError("the owner is not the agency that entered the record")
        return number
    if value != b"" and table not in ("names", "searches"):
        raise RecordsError("the value is not empty")
    if table == "keys":
        rest, number = split_number_suffix(key, "a keys")
        key_type, separator, _ = rest.partition(b"\x00")
        if not separator or key_type.decode("ascii", "replace") not in INDEX_KEY_TYPES:
            raise RecordsError(f"the key type {key_type!r} is not one of the documented types")
        rest.decode("utf-8")
        return number
    if table == "names":
        sound, separator, rest = key.partition(b"\x00")
        if not separator or not all(0x41 <= b <= 0x5A for b in sound) or len(sound) > 6:
            raise RecordsError("the key does not start with a NYSIIS code and 0x00")
        if len(rest) != 8 + 1 + 11 + 1 + 1 or rest[8] != 0 or rest[20] != 0:
            raise RecordsError("the key is not sound 0x00 date 0x00 number 0x00 position")
        cj.check_date(rest[:8].decode("ascii", "replace"))
        number = rest[9:20].decode("ascii", "replace")
        if not cj.is_record_number(number):
            raise RecordsError("the key holds no record number")
        fields = value.split(b"\x1f")
        if len(fields) != 3 or not all(0x41 <= b <= 0x5A for b in fields[2]):
            raise RecordsError("the value is not name 0x1F sex 0x1F NYSIIS code")
        fields[0].decode("utf-8")
        fields[1].decode("utf-8")
        return number
    if table == "unchecked":
        owner, number = split_number_suffix(key, "an unchecked")
        owner.decode("utf-8")
        return number
    if table == "validation":
        rest, number = split_number_suffix(key, "a validation")
        if len(rest) < 9 or rest[-9] != 0:
            raise RecordsError("the key is not owner 0x00 due 0x00 number")
        rest[:-9].decode("utf-8")
        return number
    if table == "accesses":
        if len(key) != 20 or key[11] != 0 or not cj.is_record_number(key[:11].decode("ascii", "replace")):
            raise RecordsError("the key is not number 0x00 sequence")
        return key[:11].decode("ascii")
    if table == "searches":
        criterion_type, separator, rest = key.partition(b"\x00")
        if (not separator or len(rest) < 9 or rest[-9] != 0
                or criterion_type.decode("ascii", "replace") not in INDEX_KEY_TYPES | {"nam"}):
            raise RecordsError("the key is not criterion type 0x00 value 0x00 sequence")
        rest[:-9].decode("utf-8")
        if len(value) != (9 if criterion_type == b"nam" else 0):
            raise RecordsError("a name criterion's value is 9 bytes (window and sex), any other's empty")
        return None
    raise RecordsError(f"no table {table}")
