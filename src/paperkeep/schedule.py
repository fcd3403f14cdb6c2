"""Scheduled jobs without Celery beat: cron lines, when each job is due, and which due times were handled.

Django-free and Celery-free, so `paperkeep serve`'s supervisor can ask `next_due` cheaply (it starts an idle
worker when a job falls due); the worker's scheduler thread (`paperkeep.tasks.scheduled`) calls `claim_due`.

Cron lines are Paperless-ngx's PAPERLESS_*_TASK_CRON settings: five fields "minute hour day-of-month month
day-of-week" with numbers, `*`, ranges `a-b`, lists `a,b`, steps `*/n`, `a-b/n`, `a/n`, and the names jan..dec and
sun..sat (0 and 7 are Sunday). As Celery's crontab (what Paperless-ngx runs), a moment matches when every field
matches (day of month AND day of week), in PAPERLESS_TIME_ZONE's wall-clock time.

State: DATA_DIR/schedule.json maps each job to the moment up to which its due times are handled. A job is due
at the first cron time after that moment; running it moves the moment to "now", so missed runs (the machine was
off) collapse into one run, as with Celery beat. A job seen for the first time starts at "now": it waits for its
next cron time. Updates happen under an exclusive lock on schedule.json.lock and replace the file atomically, so
two schedulers sharing the data directory never both claim the same due time.
"""

from __future__ import annotations

import calendar
import contextlib
import fcntl
import json
import os
from collections.abc import Iterator, Mapping, Sequence
from dataclasses import dataclass
from datetime import UTC, datetime, timedelta
from pathlib import Path
from typing import Any
from zoneinfo import ZoneInfo

STATE_FILE = "schedule.json"
# Short job name (the keys of config.variables_core.CRONS) -> Celery task name. Jobs not listed here (mail,
# classifier training, scheduled workflows, LLM index, share-link bundles) have no task yet: their crons are
# parsed by the config layer but nothing runs.
JOB_TASKS: Mapping[str, str] = {
    "empty_trash": "paperkeep.scheduled.empty_trash",
    "sanity": "paperkeep.scheduled.sanity_check",
    "index": "paperkeep.scheduled.index_optimize",
}
_LIMITS = ((0, 59), (0, 23), (1, 31), (1, 12), (0, 7))
_FIELDS = ("minute", "hour", "day of month", "month", "day of week")
_MONTHS = ("jan", "feb", "mar", "apr", "may", "jun", "jul", "aug", "sep", "oct", "nov", "dec")
_DAYS = ("sun", "mon", "tue", "wed", "thu", "fri", "sat")
_NAMES: tuple[Mapping[str, int], ...] = (
    {}, {}, {},
    {name: number for number, name in enumerate(_MONTHS, start=1)},
    {name: number for number, name in enumerate(_DAYS)},
)
_SEARCH_YEARS = 30  # Feb 29 on a given weekday comes back within 28 years; past that a line never matches


class CronError(ValueError):
    """A cron line that cannot be parsed; the message names the field."""

    code = "schedule.invalid_cron"


def _number(token: str, field: int) -> int:
    names = _NAMES[field]
    if token.lower() in names:
        return names[token.lower()]
    if not token.isdigit():
        raise CronError(f"{_FIELDS[field]} {token!r} is not a number" + (" or a name" if names else ""))
    value = int(token)
    low, high = _LIMITS[field]
    if not low <= value <= high:
        raise CronError(f"{_FIELDS[field]} {value} is outside {low}-{high}")
    return value


def _field(text: str, field: int) -> frozenset[int]:
    low, high = _LIMITS[field]
    values: set[int] = set()
    for item in text.split(","):
        base, slash, step_text = item.partition("/")
        step = 1
        if slash:
            if not step_text.isdigit() or int(step_text) == 0:
                raise CronError(f"{_FIELDS[field]} step in {item!r} is not a whole number above 0")
            step = int(step_text)
        if base == "*":
            first, last = low, high
        else:
            start, dash, end = base.partition("-")
            first = _number(start, field)
            # "a/n" means from a to the end of the field, as Celery reads it.
            last = _number(end, field) if dash else (high if slash else first)
            if last < first:
                raise CronError(f"{_FIELDS[field]} range {item!r} runs backwards")
        values.update(range(first, last + 1, step))
    if field == 4 and 7 in values:  # Sunday is 0 and 7
        values = (values - {7}) | {0}
    return frozenset(values)


@dataclass(frozen=True)
class Cron:
    """A parsed cron line: the minutes, hours, days, months and weekdays (0 = Sunday) it allows."""

    text: str
    minutes: frozenset[int]
    hours: frozenset[int]
    days: frozenset[int]
    months: frozenset[int]
    weekdays: frozenset[int]

    @classmethod
    def parse(cls, text: str) -> Cron:
        """Parse five cron fields; raise CronError naming the bad field."""
        fields = text.split()
        if len(fields) != 5:
            raise CronError(f"{text!r} has {len(fields)} fields, not 5 (minute hour day-of-month month day-of-week)")
        parsed = [_field(part, index) for index, part in enumerate(fields)]
        return cls(" ".join(fields), *parsed)

    @property
    def possible(self) -> bool:
        """Whether some real date matches (not e.g. '0 0 31 2 *')."""
        longest = max(29 if month == 2 else calendar.monthrange(2001, month)[1] for month in self.months)
        return min(self.days) <= longest

    def _date_matches(self, moment: datetime) -> bool:
        return (moment.month in self.months and moment.day in self.days
                and (moment.weekday() + 1) % 7 in self.weekdays)

    def next_local(self, after: datetime) -> datetime | None:
        """Return the first wall-clock minute strictly after the naive `after` that matches, or None if none will."""
        moment = after.replace(second=0, microsecond=0) + timedelta(minutes=1)
        limit = after + timedelta(days=366 * _SEARCH_YEARS)
        while moment < limit:
            if moment.month not in self.months:
                year, month = (moment.year + 1, 1) if moment.month == 12 else (moment.year, moment.month + 1)
                moment = datetime(year, month, 1)
            elif not self._date_matches(moment):
                moment = datetime(moment.year, moment.month, moment.day) + timedelta(days=1)
            elif moment.hour not in self.hours:
                moment = moment.replace(minute=0) + timedelta(hours=1)
            else:
                later = [minute for minute in self.minutes if minute >= moment.minute]
                if later:
                    return moment.replace(minute=min(later))
                moment = moment.replace(minute=0) + timedelta(hours=1)
        return None


@dataclass(frozen=True)
class Job:
    """One scheduled job: its short name, the Celery task it queues, and when (a cron line in a time zone)."""

    name: str
    task: str
    cron: Cron
    zone: str = "UTC"

    def next_after(self, moment: datetime) -> datetime | None:
        """Return the first due time (in UTC) strictly after the aware `moment`, or None if the line never matches.

        A wall-clock time skipped by a DST change shifts with it (02:30 runs at 03:30); a repeated one runs once.
        """
        zone = ZoneInfo(self.zone)
        local = moment.astimezone(zone).replace(tzinfo=None)
        while True:
            found = self.cron.next_local(local)
            if found is None:
                return None
            # In UTC: equality of aware datetimes in a repeated hour is unreliable across zones (PEP 495).
            due = found.replace(tzinfo=zone).astimezone(UTC)
            if due > moment:
                return due
            local = found  # the second pass through a repeated hour: already past in real time


def jobs_from_config(cfg: Any) -> tuple[Job, ...]:
    """Return the jobs Paperkeep can run whose cron is not 'disable' (config.tasks.crons, config.core.time_zone).

    The config layer has validated every line already; one that still fails here is left out.
    """
    jobs = []
    for name, task in JOB_TASKS.items():
        line = cfg.tasks.crons.get(name)
        if line is None:
            continue
        with contextlib.suppress(CronError):
            jobs.append(Job(name, task, Cron.parse(line), cfg.core.time_zone))
    return tuple(jobs)


# --- state ------------------------------------------------------------------------------------------------------


@dataclass(frozen=True)
class State:
    """For each job, the moment up to which its due times are handled (aware datetimes)."""

    handled: Mapping[str, datetime]


@dataclass(frozen=True)
class Due:
    """A job and the time it is (or becomes) due."""

    job: Job
    at: datetime


def state_path(data_dir: Path | str) -> Path:
    return Path(data_dir) / STATE_FILE


def load_state(path: Path) -> State:
    """Read the state file; a missing or unreadable one is an empty state (every job starts afresh)."""
    try:
        raw = json.loads(path.read_text(encoding="utf-8"))
        handled = {name: datetime.fromisoformat(text) for name, text in raw.get("handled", {}).items()}
    except (OSError, ValueError, TypeError, AttributeError):
        return State({})
    return State({name: at for name, at in handled.items() if at.tzinfo is not None})


def save_state(path: Path, state: State) -> None:
    """Write the state atomically: a temporary file, flushed to disk, then renamed over the old one."""
    path.parent.mkdir(parents=True, exist_ok=True)
    payload = {"version": 1, "handled": {name: at.isoformat() for name, at in sorted(state.handled.items())}}
    temporary = path.with_name(f".{path.name}.{os.getpid()}.tmp")
    with temporary.open("w", encoding="utf-8") as handle:
        json.dump(payload, handle, indent=1)
        handle.flush()
        os.fsync(handle.fileno())
    os.replace(temporary, path)


def due_time(job: Job, state: State, now: datetime) -> datetime | None:
    """Return when `job` is next due: its first cron time after the handled moment (after `now` if none)."""
    return job.next_after(state.handled.get(job.name, now))


def next_due(jobs: Sequence[Job], state: State, now: datetime) -> Due | None:
    """Return the job that falls due first (possibly already, at or before `now`), or None without jobs."""
    upcoming = [Due(job, at) for job in jobs if (at := due_time(job, state, now)) is not None]
    return min(upcoming, key=lambda due: due.at, default=None)


@contextlib.contextmanager
def _locked(path: Path) -> Iterator[None]:
    path.parent.mkdir(parents=True, exist_ok=True)
    with open(path.with_name(path.name + ".lock"), "a") as lock:
        fcntl.flock(lock, fcntl.LOCK_EX)
        try:
            yield
        finally:
            fcntl.flock(lock, fcntl.LOCK_UN)


def claim_due(path: Path, jobs: Sequence[Job], now: datetime) -> list[Due]:
    """Claim the jobs due at `now`, recording them handled up to `now`; return them with their due times.

    Jobs not in the state yet are recorded as handled up to `now` (they run at their next cron time). Under the
    lock, so of two schedulers checking the same due time, exactly one gets it.
    """
    with _locked(path):
        state = load_state(path)
        handled = dict(state.handled)
        claimed = []
        for job in jobs:
            if job.name not in handled:
                handled[job.name] = now
                continue
            at = job.next_after(handled[job.name])
            if at is not None and at <= now:
                claimed.append(Due(job, at))
                handled[job.name] = now
        if handled != state.handled:
            save_state(path, State(handled))
    return claimed
