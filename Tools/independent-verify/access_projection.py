"""The access projection (version 2) as Docs/storage-format.md ("access") describes it: the fold
of access events into agencies, users, agency users and API keys, and the decoding of every
stored table entry."""

from __future__ import annotations

import re

import canonical_json as cj

VERSION = 2
TABLES = ("agencies", "users", "agency-users", "api-keys")
STREAM_PREFIXES = ("agency/", "user/", "auth/")
EVENT_TYPES = frozenset((
    "AgencyRegistered", "AgencyAccessChanged", "UserCreated", "RolesChanged", "PasswordChanged",
    "SecondFactorEnrolled", "CertificationRecorded", "AccountDisabled", "AccountEnabled", "AccountLocked",
    "AccountUnlocked", "APIKeyCreated", "APIKeyRevoked", "CredentialsReset", "EnrolmentCompleted",
    "LoginSucceeded", "LoginFailed", "LoggedOut", "AccessDenied", "RequestRefused", "AuthenticationFailed",
    "AuthenticationFailuresCounted", "AuditTrailRead", "HomeAddressRecorded",
))
# The payload's case for each type: the first letter lower-cased ("APIKeyCreated" -> "apiKeyCreated").
CASES = frozenset(
    ("api" + name[3:]) if name.startswith("API") else name[0].lower() + name[1:] for name in EVENT_TYPES
)
ROLES = ("administrator", "auditor", "courtClerk", "discovery", "officer", "operator", "supervisor")
AGENCY_ACCESS = ("full", "inquiryOnly")
JURISDICTIONS = ("local", "state")
HEX64 = re.compile(rb"^[0-9a-f]{64}$")


class AccessError(ValueError):
    pass


def _string(arguments: dict, name: str) -> str:
    value = arguments.get(name)
    if not isinstance(value, str):
        raise AccessError(f"argument {name} is not a string")
    return value


def _integer(arguments: dict, name: str) -> int:
    value = arguments.get(name)
    if type(value) is not int or not -(1 << 63) <= value < (1 << 63):
        raise AccessError(f"argument {name} is not an integer")
    return value


def _bytes(arguments: dict, name: str) -> list[int]:
    value = arguments.get(name)
    if not isinstance(value, list) or not all(type(b) is int and 0 <= b <= 255 for b in value):
        raise AccessError(f"argument {name} is not an array of bytes")
    return value


def _roles(value) -> list[str]:
    if not isinstance(value, list) or not all(role in ROLES for role in value):
        raise AccessError(f"roles {value!r} are not roles")
    return sorted(set(value))


def _agency(value) -> dict:
    if not isinstance(value, dict):
        raise AccessError("the agency is not an object")
    agency = {
        "access": value.get("access"), "jurisdiction": value.get("jurisdiction", "local"),
        "name": value.get("name"), "ori": value.get("ori"),
    }
    if agency["access"] not in AGENCY_ACCESS or agency["jurisdiction"] not in JURISDICTIONS:
        raise AccessError("the agency's access or jurisdiction is not a documented value")
    if not isinstance(agency["name"], str) or not isinstance(agency["ori"], str):
        raise AccessError("the agency's name or ORI is not a string")
    return agency


def decode_payload(raw: bytes) -> tuple[str, dict]:
    """An access event's payload: one member, named by the case, holding its arguments."""
    try:
        value = cj.parse(raw, stored_value=False)
    except cj.JSONFormatError as error:
        raise AccessError(str(error)) from None
    if not isinstance(value, dict) or len(value) != 1:
        raise AccessError("the payload is not an object of exactly one member")
    ((case, arguments),) = value.items()
    if case not in CASES or not isinstance(arguments, dict):
        raise AccessError(f"{case!r} is not an access event")
    return case, arguments


class AccessFold:
    """Folds access events in sequence order into the four tables (as dicts of bytes)."""

    def __init__(self):
        self.agencies: dict[str, dict] = {}
        self.users: dict[str, dict] = {}
        self.agency_users: set[bytes] = set()
        self.api_keys: dict[bytes, bytes] = {}

    def add(self, stream: str, event_type: str, recorded_at: int, actor_user_id: str, payload: bytes | None) -> None:
        if payload is None or event_type not in EVENT_TYPES or not stream.startswith(STREAM_PREFIXES):
            return
        case, arguments = decode_payload(payload)
        time = cj.format_time(recorded_at)
        if stream.startswith("agency/"):
            self._agency_event(stream[len("agency/"):], case, arguments)
        elif stream.startswith("user/"):
            self._user_event(stream[len("user/"):], case, arguments, time, actor_user_id)
        else:
            self._login_event(stream[len("auth/"):], case, arguments, time)

    def _agency_event(self, ori: str, case: str, arguments: dict) -> None:
        if case == "agencyRegistered":
            self.agencies[ori] = _agency(arguments.get("_0"))
        elif case == "agencyAccessChanged" and ori in self.agencies:
            if arguments.get("_0") not in AGENCY_ACCESS:
                raise AccessError("the agency access is not a documented value")
            self.agencies[ori]["access"] = arguments["_0"]

    def _user_event(self, user_id: str, case: str, arguments: dict, time: str, actor_user_id: str) -> None:
        if case == "userCreated":
            created = _string(arguments, "userID")
            agency = _string(arguments, "agency")
            self.users[created] = {
                "agency": agency, "apiKeys": [], "assignedOn": cj.check_date(arguments.get("assignedOn")),
                "consecutiveFailures": 0, "createdAt": time, "isLocked": False, "lastSecondFactorStep": 0,
                "name": _string(arguments, "name"), "roles": _roles(arguments.get("roles")), "userID": created,
            }
            self.agency_users.add(agency.encode("utf-8") + b"\x00" + created.encode("utf-8"))
            return
        account = self.users.get(user_id)
        if account is None:
            return
        if case == "rolesChanged":
            account["roles"] = _roles(arguments.get("_0"))
        elif case == "passwordChanged":
            account["passwordHash"] = _string(arguments, "hash")
        elif case == "secondFactorEnrolled":
            account["sealedSecondFactor"] = _bytes(arguments, "sealedSecret")
        elif case == "certificationRecorded":
            account["certifiedOn"] = cj.check_date(arguments.get("on"))
        elif case == "homeAddressRecorded":
            account["homeAddress"] = _string(arguments, "address")
        elif case == "accountDisabled":
            account["disabledReason"] = _string(arguments, "reason")
        elif case == "accountEnabled":
            account.pop("disabledReason", None)
            account["enabledAt"] = time
        elif case == "accountUnlocked":
            account["isLocked"] = False
            account["consecutiveFailures"] = 0
        elif case == "apiKeyCreated":
            key_id = _string(arguments, "keyID")
            account["apiKeys"].append(
                {"createdAt": time, "keyID": key_id, "label": _string(arguments, "label"), "revoked": False})
            self.api_keys[_string(arguments, "keyHash").encode("utf-8")] = (
                user_id.encode("utf-8") + b"\x1f" + key_id.encode("utf-8"))
        elif case == "apiKeyRevoked":
            key_id = _string(arguments, "keyID")
            for key in account["apiKeys"]:
                if key["keyID"] == key_id:
                    key["revoked"] = True
                    break
        elif case == "credentialsReset":
            account.pop("passwordHash", None)
            account.pop("sealedSecondFactor", None)
            account["pendingEnrolment"] = {
                "credentialHash": _string(arguments, "credentialHash"),
                "expiresAt": cj.format_time(cj.parse_time(arguments.get("expiresAt"))),
                "issuedBy": actor_user_id,
            }
        elif case == "enrolmentCompleted":
            account["passwordHash"] = _string(arguments, "passwordHash")
            account["sealedSecondFactor"] = _bytes(arguments, "sealedSecondFactor")
            account.pop("pendingEnrolment", None)

    def _login_event(self, user_id: str, case: str, arguments: dict, time: str) -> None:
        account = self.users.get(user_id)
        if account is None:
            return
        if case == "loginSucceeded":
            account["consecutiveFailures"] = 0
            account["lastLoginAt"] = time
            account["lastSecondFactorStep"] = max(account["lastSecondFactorStep"], _integer(arguments, "secondFactorStep"))
        elif case == "loginFailed":
            account["consecutiveFailures"] += 1
        elif case == "accountLocked":
            account["isLocked"] = True

    def tables(self) -> dict[str, dict[bytes, bytes]]:
        return {
            "agencies": {ori.encode("utf-8"): cj.dumps_foundation(agency) for ori, agency in self.agencies.items()},
            "users": {uid.encode("utf-8"): cj.dumps_foundation(account) for uid, account in self.users.items()},
            "agency-users": {key: b"" for key in self.agency_users},
            "api-keys": dict(self.api_keys),
        }


# --- Decoding stored entries ------------------------------------------------------------------

USER_MEMBERS = {
    "agency": True, "apiKeys": True, "assignedOn": True, "certifiedOn": False, "consecutiveFailures": True,
    "createdAt": True, "disabledReason": False, "enabledAt": False, "homeAddress": False, "isLocked": True, "lastLoginAt": False,
    "lastSecondFactorStep": True, "name": True, "passwordHash": False, "pendingEnrolment": False, "roles": True,
    "sealedSecondFactor": False, "userID": True,
}


def decode_entry(table: str, key: bytes, value: bytes) -> str | None:
    """Checks one stored entry against the documented encoding; returns the stream it derives
    from (the user's or agency's), when the key names one."""
    if table == "agencies":
        ori = key.decode("utf-8")
        try:
            agency = cj.check_canonical(value, cj.dumps_foundation)
        except cj.JSONFormatError as error:
            raise AccessError(f"the value is not the documented JSON: {error}") from None
        if _agency(agency) != agency:
            raise AccessError("the value is not an Agency")
        return "agency/" + ori
    if table == "users":
        user_id = key.decode("utf-8")
        try:
            account = cj.check_canonical(value, cj.dumps_foundation)
        except cj.JSONFormatError as error:
            raise AccessError(f"the value is not the documented JSON: {error}") from None
        _check_account(account, user_id)
        return "user/" + user_id
    if table == "agency-users":
        if value != b"" or key.count(b"\x00") != 1:
            raise AccessError("the entry is not ORI 0x00 user id with an empty value")
        return "user/" + key.split(b"\x00")[1].decode("utf-8")
    if table == "api-keys":
        if not HEX64.match(key):
            raise AccessError("the key is not 64 lower-case hex characters")
        if value.count(b"\x1f") != 1:
            raise AccessError("the value is not user id 0x1F key id")
        value.decode("utf-8")
        return None
    raise AccessError(f"no table {table}")


def _check_account(account, user_id: str) -> None:
    if not isinstance(account, dict):
        raise AccessError("the value is not an object")
    for member, required in USER_MEMBERS.items():
        if required and member not in account:
            raise AccessError(f"the account has no {member}")
    extra = set(account) - set(USER_MEMBERS)
    if extra:
        raise AccessError(f"the account has members {sorted(extra)} a UserAccount does not have")
    if account["userID"] != user_id:
        raise AccessError(f"the value is the account of {account['userID']!r}")
    if _roles(account["roles"]) != account["roles"]:
        raise AccessError("the roles are not sorted and distinct")
    cj.check_date(account["assignedOn"])
    for member in ("createdAt", "enabledAt", "lastLoginAt"):
        if member in account and cj.format_time(cj.parse_time(account[member])) != account[member]:
            raise AccessError(f"{member} is not a time with six fractional digits")
    for api_key in account["apiKeys"]:
        if not isinstance(api_key, dict) or set(api_key) != {"createdAt", "keyID", "label", "revoked"}:
            raise AccessError("an API key does not have exactly createdAt, keyID, label, revoked")
    if "pendingEnrolment" in account and set(account["pendingEnrolment"]) != {"credentialHash", "expiresAt", "issuedBy"}:
        raise AccessError("the pending enrolment does not have exactly credentialHash, expiresAt, issuedBy")
