"""Canonical JSON as Docs/storage-format.md ("Canonical JSON") defines it.

Reading is strict RFC 8259 (valid UTF-8, no NaN or Infinity, integers only where integers are
read); writing gives the canonical bytes. Times, dates and record numbers are checked and
normalised here as well, since every derived value that holds them must hold them one way.
"""

from __future__ import annotations

import calendar
import json
import re


class JSONFormatError(ValueError):
    """Bytes that are not the JSON the document describes."""


def _reject_constant(name: str):
    raise JSONFormatError(f"{name} is not JSON")


def _reject_float(text: str):
    raise JSONFormatError(f"the number {text} is not an integer (no stored value is a fraction)")


def _no_duplicates(pairs):
    # Blotter's reader lets the last of two equal members count; a stored value never repeats
    # one, and a canonical value cannot, so a repeat is reported rather than resolved.
    result = {}
    for key, value in pairs:
        if key in result:
            raise JSONFormatError(f"the member {key!r} appears twice")
        result[key] = value
    return result


class Fraction(float):
    """A number with a fraction or exponent, kept only so that reading it as an integer fails."""


def parse(raw: bytes, stored_value: bool = True):
    """Parses one JSON value: valid UTF-8, RFC 8259, no NaN or Infinity.

    A stored derived value (`stored_value`) must not repeat a member nor hold a fraction. An
    event payload is read as Blotter reads it: the last of two equal members counts, and a
    fraction is refused only where an integer is read (`Fraction` marks it).
    """
    try:
        text = raw.decode("utf-8")
    except UnicodeDecodeError as error:
        raise JSONFormatError(f"not valid UTF-8: {error}") from None
    try:
        if stored_value:
            return json.loads(
                text, object_pairs_hook=_no_duplicates, parse_float=_reject_float, parse_constant=_reject_constant
            )
        return json.loads(text, parse_float=Fraction, parse_constant=_reject_constant)
    except json.JSONDecodeError as error:
        raise JSONFormatError(f"not JSON: {error}") from None


def dumps(value) -> bytes:
    """The canonical bytes: sorted keys, no whitespace, the document's escapes, UTF-8."""
    try:
        return json.dumps(value, ensure_ascii=False, separators=(",", ":"), sort_keys=True, allow_nan=False).encode(
            "utf-8"
        )
    except (UnicodeEncodeError, ValueError) as error:  # a lone surrogate, a float that is not finite
        raise JSONFormatError(f"cannot be written as canonical JSON: {error}") from None


def dumps_foundation(value) -> bytes:
    """The access projection's form: canonical JSON with every '/' written as '\\/'.

    A '/' can only occur inside a string, and canonical JSON writes it unescaped, so replacing
    every '/' byte escapes exactly those.
    """
    return dumps(value).replace(b"/", b"\\/")


def check_canonical(raw: bytes, writer=dumps):
    """Parses `raw` and checks that writing the value again gives exactly `raw`; returns the value."""
    value = parse(raw)
    again = writer(value)
    if again != raw:
        at = next((i for i, (a, b) in enumerate(zip(raw, again)) if a != b), min(len(raw), len(again)))
        raise JSONFormatError(
            f"not canonical: byte {at} is {raw[at:at + 12]!r}, the canonical form has {again[at:at + 12]!r}"
        )
    return value


# --- Times, dates, record numbers ------------------------------------------------------------

_TIME = re.compile(r"^([0-9]{4})-([0-9]{2})-([0-9]{2})T([0-9]{2}):([0-9]{2}):([0-9]{2})(?:\.([0-9]{1,6}))?Z$")


def parse_time(text) -> int:
    """`YYYY-MM-DDTHH:MM:SS[.f…]Z` (one to six fractional digits) to microseconds since the epoch."""
    if not isinstance(text, str):
        raise JSONFormatError(f"a time is a string, found {text!r}")
    match = _TIME.match(text)
    if not match:
        raise JSONFormatError(f"{text!r} is not a time written YYYY-MM-DDTHH:MM:SS.ffffffZ")
    year, month, day, hour, minute, second = (int(part) for part in match.groups()[:6])
    if year < 1 or not 1 <= month <= 12 or not 1 <= day <= calendar.monthrange(year, month)[1]:
        raise JSONFormatError(f"{text!r} is not a real date")
    if hour > 23 or minute > 59 or second > 59:
        raise JSONFormatError(f"{text!r} is not a real time of day")
    fraction = match.group(7) or ""
    micros = int(fraction.ljust(6, "0")) if fraction else 0
    seconds = calendar.timegm((year, month, day, hour, minute, second, 0, 0, 0))
    return seconds * 1_000_000 + micros


def format_time(micros: int) -> str:
    """Microseconds since the epoch as `YYYY-MM-DDTHH:MM:SS.ffffffZ` (six fractional digits)."""
    days, rest = divmod(micros, 86_400_000_000)
    year, month, day = civil_from_days(days)
    second_of_day, fraction = divmod(rest, 1_000_000)
    hour, remainder = divmod(second_of_day, 3600)
    minute, second = divmod(remainder, 60)
    return f"{year:04d}-{month:02d}-{day:02d}T{hour:02d}:{minute:02d}:{second:02d}.{fraction:06d}Z"


def civil_from_days(days: int) -> tuple[int, int, int]:
    """The proleptic Gregorian (year, month, day) of a day counted from 1970-01-01."""
    shifted = days + 719_468
    era = (shifted if shifted >= 0 else shifted - 146_096) // 146_097
    day_of_era = shifted - era * 146_097
    year_of_era = (day_of_era - day_of_era // 1460 + day_of_era // 36_524 - day_of_era // 146_096) // 365
    day_of_year = day_of_era - (365 * year_of_era + year_of_era // 4 - year_of_era // 100)
    shifted_month = (5 * day_of_year + 2) // 153
    day = day_of_year - (153 * shifted_month + 2) // 5 + 1
    month = shifted_month + 3 if shifted_month < 10 else shifted_month - 9
    return year_of_era + era * 400 + (1 if month <= 2 else 0), month, day


def check_date(text) -> str:
    """`CCYYMMDD`, a real day in the years 1800 to 2999; returned unchanged."""
    if not isinstance(text, str) or len(text) != 8 or not text.isascii() or not text.isdigit():
        raise JSONFormatError(f"{text!r} is not a CCYYMMDD date")
    year, month, day = int(text[:4]), int(text[4:6]), int(text[6:])
    if not (1800 <= year <= 2999 and 1 <= month <= 12 and 1 <= day <= calendar.monthrange(year, month)[1]):
        raise JSONFormatError(f"{text!r} is not a real date in 1800-2999")
    return text


FILE_CODES = {
    "P": "person", "C": "criminalHistory", "H": "protectiveOrder", "R": "vehicleRegistration",
    "D": "driverLicence", "S": "offenderRegistration", "W": "wantedPerson", "M": "missingPerson",
    "V": "stolenVehicle", "L": "stolenPlate", "G": "stolenGun", "A": "stolenArticle",
}


def is_record_number(text) -> bool:
    """A file code and ten ASCII digits."""
    return (
        isinstance(text, str) and len(text) == 11 and text[0] in FILE_CODES
        and text[1:].isascii() and text[1:].isdigit()
    )
