"""Dates in a release: its own date (from --date, its dateline, or inferred when it
names no year), and the dates it gives relative to it ("on 7 December", "a week
earlier", "Thursday's meeting", "earlier this year", "into 2008", "last month"),
each resolved against the release date with the rule that did it."""

from __future__ import annotations

import datetime as dt
import re
from dataclasses import dataclass

MONTH_NAMES = [
    "January",
    "February",
    "March",
    "April",
    "May",
    "June",
    "July",
    "August",
    "September",
    "October",
    "November",
    "December",
]
MONTHS = {name.lower(): i for i, name in enumerate(MONTH_NAMES, 1)}
MONTH = r"(?P<month>Jan(?:uary)?|Feb(?:ruary)?|Mar(?:ch)?|Apr(?:il)?|May|June?|July?|Aug(?:ust)?|Sep(?:t(?:ember)?)?|Oct(?:ober)?|Nov(?:ember)?|Dec(?:ember)?)\.?"
# "7 December", "the 26th of June", "7th December": a day, an ordinal suffix, "of".
DAY = r"(?P<day>\d{1,2})(?:st|nd|rd|th)?(?:\s+of)?"
DAY_MONTH_YEAR = re.compile(rf"\b{DAY}\s+{MONTH},?\s+(?P<year>(?:19|20)\d\d)\b")
MONTH_DAY_YEAR = re.compile(rf"\b{MONTH}\s+(?P<day>\d{{1,2}})(?:st|nd|rd|th)?,?\s+(?P<year>(?:19|20)\d\d)\b")
DAY_MONTH = re.compile(rf"\b{DAY}\s+{MONTH}(?!,?\s+(?:19|20)\d\d)\b")
MONTH_DAY = re.compile(rf"\b{MONTH}\s+(?P<day>\d{{1,2}})(?:st|nd|rd|th)?\b(?!,?\s+(?:19|20)\d\d)(?![\d:])")
MONTH_YEAR = re.compile(rf"\b(?:in\s+)?{MONTH}\s+(?P<year>(?:19|20)\d\d)\b")
INTO_YEAR = re.compile(r"\b(?:into|in|until|by|for|since)\s+(?P<year>(?:19|20)\d\d)\b")
WEEKDAY = re.compile(
    r"\b(?:on\s+)?(?P<next>next\s+|this\s+(?:coming\s+)?)?(?P<weekday>Monday|Tuesday|Wednesday|Thursday|Friday|Saturday|Sunday)(?:'s|’s)?\b"
)
WEEKDAYS = ["monday", "tuesday", "wednesday", "thursday", "friday", "saturday", "sunday"]
FUTURE = re.compile(
    r"\b(?:into|due to take place in|will|planned for|scheduled for|next)\b[^.]{0,60}?\b((?:19|20)\d\d)\b", re.I
)


@dataclass
class Resolved:
    """A date the text gives, resolved: its ISO value (YYYY, YYYY-MM or YYYY-MM-DD), the
    words it was resolved from, and whether it was inferred (and why)."""

    value: str
    words: str
    inferred: bool = False
    rationale: str = ""


def _month(name: str) -> int:
    name = name.lower().rstrip(".")
    return next(i for full, i in MONTHS.items() if full.startswith(name[:3]))


def release_date(text: str, given: str | None = None) -> Resolved | None:
    """The release's date: --date, else the first full date of its dateline (the first
    lines), else a day and month it names with the year inferred from the future years it
    mentions ("into 2008": 2007), marked inferred, with why."""
    if given:
        return Resolved(given, f"--date {given}")
    # The dateline: the first full date of the release's first lines (title, date,
    # "Last updated: ..."), whichever way round it is written.
    head = "\n".join([line for line in text.splitlines() if line.strip()][:4])[:600]
    dated = [m for pattern in (DAY_MONTH_YEAR, MONTH_DAY_YEAR) for m in pattern.finditer(head)]
    if dated:
        # The earliest: a page's head also gives when it was last updated, and a site may
        # print today's date; the text was published before either.
        def day(m: re.Match[str]) -> dt.date:
            return dt.date(int(m["year"]), _month(m["month"]), int(m["day"]))

        found = min(dated, key=lambda m: (day(m), m.start()))
        return Resolved(day(found).isoformat(), found.group(0))
    day_month = DAY_MONTH.search(text)
    futures = sorted({int(m.group(1)) for m in FUTURE.finditer(text)})
    if day_month and futures:
        year = futures[0] - 1
        value = dt.date(year, _month(day_month["month"]), int(day_month["day"]))
        evidence = [m.group(0) for m in FUTURE.finditer(text) if int(m.group(1)) == futures[0]]
        return Resolved(
            value.isoformat(),
            day_month.group(0),
            True,
            f"The release gives no year. It names {day_month.group(0)}, and speaks of {futures[0]} "
            f"as to come ('{evidence[0]}'), so the year is taken to be {year}.",
        )
    anywhere = DAY_MONTH_YEAR.search(text) or MONTH_DAY_YEAR.search(text)
    if anywhere:
        value = dt.date(int(anywhere["year"]), _month(anywhere["month"]), int(anywhere["day"]))
        return Resolved(
            value.isoformat(),
            anywhere.group(0),
            True,
            f"The release has no dateline; the first full date it names, '{anywhere.group(0)}', is taken as its date.",
        )
    return None


def resolve(words: str, release: Resolved) -> Resolved | None:
    """The date that ``words`` (a phrase of the release) gives, relative to the release."""
    base = dt.date.fromisoformat(release.value)
    inherited = release.inferred
    why = " (the release's own year is inferred; see its date)" if inherited else ""
    lower = words.lower()
    for pattern in (DAY_MONTH_YEAR, MONTH_DAY_YEAR):
        found = pattern.search(words)
        if found:
            value = dt.date(int(found["year"]), _month(found["month"]), int(found["day"]))
            return Resolved(value.isoformat(), found.group(0))
    found = DAY_MONTH.search(words) or MONTH_DAY.search(words)
    if found:
        value = dt.date(base.year, _month(found["month"]), int(found["day"]))
        return Resolved(
            value.isoformat(),
            found.group(0),
            True,
            f"'{found.group(0)}' gives no year: that of the release, {base.year}{why}.",
        )
    found = MONTH_YEAR.search(words)
    if found:
        return Resolved(f"{found['year']}-{_month(found['month']):02d}", found.group(0))
    if re.search(r"\byesterday\b", lower):
        value = base - dt.timedelta(days=1)
        return Resolved(value.isoformat(), words, True, f"'yesterday' in a release of {base.isoformat()}{why}.")
    if re.search(r"\b(?:earlier|later) in the day\b|\btoday\b|\bthis (?:morning|afternoon|evening)\b", lower):
        return Resolved(
            base.isoformat(), words, True, f"'{words.strip()}' is the day of the release, {base.isoformat()}{why}."
        )
    found = re.search(r"\ba week (?:earlier|before|ago)\b", lower)
    if found:
        value = base - dt.timedelta(days=7)
        return Resolved(
            value.isoformat(),
            found.group(0),
            True,
            f"'{found.group(0)}' than the release of {base.isoformat()}: {value.isoformat()}; 'a week' may be approximate{why}.",
        )
    found = WEEKDAY.search(words)
    if found:
        target = WEEKDAYS.index(found["weekday"].lower())
        if found["next"]:  # "next Monday", "this coming Friday": the first one after the release
            value = base + dt.timedelta(days=(target - base.weekday()) % 7 or 7)
            return Resolved(
                value.isoformat(),
                found.group(0),
                True,
                f"'{found.group(0).strip()}' in a release of {base.isoformat()}: the {found['weekday']} after it, {value.isoformat()}{why}.",
            )
        value = base - dt.timedelta(days=(base.weekday() - target) % 7)
        return Resolved(
            value.isoformat(),
            found.group(0),
            True,
            f"'{found.group(0)}' in a release of {base.isoformat()}: the {found['weekday']} on or before it, {value.isoformat()}{why}.",
        )
    if re.search(r"\b(?:earlier|later) this year\b|\bthis year\b", lower):
        return Resolved(str(base.year), words, True, f"'{words.strip()}' in a release of {base.year}{why}.")
    found = re.search(r"\b(last|next) month\b", lower)
    if found:
        month = base.month - 1 if found.group(1) == "last" else base.month + 1
        year = base.year + (month - 1) // 12
        month = (month - 1) % 12 + 1
        return Resolved(
            f"{year}-{month:02d}",
            found.group(0),
            True,
            f"'{found.group(0)}' in a release of {base.isoformat()}: {year}-{month:02d}{why}.",
        )
    found = INTO_YEAR.search(words)
    if found:
        return Resolved(found["year"], found.group(0))
    return None


def parse_given(value: str) -> str:
    """--date as given: YYYY-MM-DD, or any form dateparser reads ("19 April 2012")."""
    if re.fullmatch(r"\d{4}-\d{2}-\d{2}", value):
        dt.date.fromisoformat(value)
        return value
    import dateparser

    parsed = dateparser.parse(value, languages=["en"], settings={"STRICT_PARSING": True})
    if parsed is None:
        raise ValueError(f"{value!r} is not a date")
    return parsed.date().isoformat()
