"""Whether a typed literal's text is a valid value of its datatype, and, if not, what is
wrong with it in words a person can act on ("'04.12.2013' is not an xsd:date
(YYYY-MM-DD)"). Parsers keep ill-formed literals as they are; validation and saved-query
parameters both check them here."""

from __future__ import annotations

import re

from .namespaces import XSD, shorten

_TZ = r"(Z|[+-]\d{2}:\d{2})?"
LEXICAL: dict[str, re.Pattern[str]] = {
    XSD + "integer": re.compile(r"^[+-]?\d+$"),
    XSD + "decimal": re.compile(r"^[+-]?(\d+(\.\d*)?|\.\d+)$"),
    XSD + "boolean": re.compile(r"^(true|false|1|0)$"),
    XSD + "date": re.compile(r"^(-?\d{4,})-(\d{2})-(\d{2})" + _TZ + "$"),
    XSD + "gYear": re.compile(r"^-?\d{4,}" + _TZ + "$"),
    XSD + "gYearMonth": re.compile(r"^(-?\d{4,})-(\d{2})" + _TZ + "$"),
    XSD + "dateTime": re.compile(r"^(-?\d{4,})-(\d{2})-(\d{2})T(\d{2}):(\d{2}):(\d{2})(\.\d+)?" + _TZ + "$"),
}
FORMS = {
    XSD + "integer": "a whole number such as 29",
    XSD + "decimal": "a number such as 2.5",
    XSD + "boolean": "true or false",
    XSD + "date": "YYYY-MM-DD",
    XSD + "gYear": "YYYY",
    XSD + "gYearMonth": "YYYY-MM",
    XSD + "dateTime": "YYYY-MM-DDThh:mm:ss",
}
DATES = (XSD + "date", XSD + "gYearMonth", XSD + "gYear")


def real(match: re.Match[str], datatype: str) -> bool:
    """Whether the parts of a matched date are a real calendar date (and time)."""
    try:
        if datatype == XSD + "gYearMonth":
            return 1 <= int(match.group(2)) <= 12
        if datatype not in (XSD + "date", XSD + "dateTime"):
            return True
        year, month, day = int(match.group(1)), int(match.group(2)), int(match.group(3))
        import datetime  # here: a cold saved query rarely checks a date

        datetime.date(max(year, 1) if year <= 9999 else 2000, month, day)
        if datatype == XSD + "dateTime":
            hour, minute, second = int(match.group(4)), int(match.group(5)), int(match.group(6))
            return hour < 24 and minute < 60 and second < 60 or (hour, minute, second) == (24, 0, 0)
    except ValueError:
        return False
    return True


def problem(value: str, datatype: str) -> str | None:
    """What is wrong with ``value`` as a literal of ``datatype``; None when it is valid (or
    the datatype is not one this module knows)."""
    pattern = LEXICAL.get(datatype)
    if pattern is None:
        return None
    match = pattern.match(value)
    name = shorten(datatype)
    if not match:
        return f"'{value}' is not an {name} ({FORMS[datatype]})"
    if not real(match, datatype):
        return f"'{value}' is not an {name}: no such day or month in the calendar"
    return None


def untyped_where_typed(value: str, expected: tuple[str, ...]) -> str:
    """The message for a plain string where a typed value is expected."""
    known = [d for d in expected if d in FORMS]
    names = ", ".join(f"{shorten(d)} ({FORMS[d]})" for d in known)
    example = '"2013-12-04"^^xsd:date' if XSD + "date" in known else f'"..."^^{shorten(known[0])}'
    return f"'{value}' is a plain string where a typed value is expected: {names}, as in {example}"
