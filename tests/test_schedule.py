"""The scheduler's cron lines, due times and state file (paperkeep.schedule: no Django, no Celery)."""

from __future__ import annotations

import multiprocessing
import sys
from datetime import UTC, datetime, timedelta
from pathlib import Path
from zoneinfo import ZoneInfo

import pytest

from paperkeep.config import REGISTRY, ConfigError, load_config
from paperkeep.config.variables_core import CRONS
from paperkeep.schedule import (
    JOB_TASKS,
    Cron,
    CronError,
    Job,
    State,
    claim_due,
    jobs_from_config,
    load_state,
    next_due,
    save_state,
    state_path,
)

BERLIN = "Europe/Berlin"


def at(text: str) -> datetime:
    return datetime.fromisoformat(text).replace(tzinfo=UTC)


def job(line: str, name: str = "empty_trash", zone: str = "UTC") -> Job:
    return Job(name, JOB_TASKS.get(name, "x"), Cron.parse(line), zone)


def config(tmp_path: Path, **env: str) -> object:
    return load_config({f"PAPERLESS_{key}": value for key, value in env.items()}, cwd=tmp_path, root=tmp_path,
                       base_dir=tmp_path)  # fmt: skip


# --- parsing ------------------------------------------------------------------------------------------------


@pytest.mark.parametrize("short", sorted(CRONS))
def test_every_default_cron_of_paperless_parses(short: str) -> None:
    """GIVEN each default cron line of Paperless-ngx's beat schedule
    WHEN it is parsed
    THEN it gives a cron that matches some date."""
    assert Cron.parse(CRONS[short][1]).possible


def test_names_ranges_lists_and_steps_expand() -> None:
    """GIVEN a line using a step over *, a stepped range, a list, month names and a weekday-name range
    WHEN it is parsed
    THEN each field holds exactly the values it names."""
    cron = Cron.parse("*/15 9-17/4 1,15 JAN-mar mon-fri")
    assert cron.minutes == {0, 15, 30, 45}
    assert cron.hours == {9, 13, 17}
    assert cron.days == {1, 15}
    assert cron.months == {1, 2, 3}
    assert cron.weekdays == {1, 2, 3, 4, 5}


def test_sunday_is_both_0_and_7_and_a_start_with_a_step_runs_to_the_end() -> None:
    """GIVEN '5/20 * * * 7' and '30 0 * * sun'
    WHEN they are parsed
    THEN 7 is Sunday (0) and '5/20' means 5, 25, 45."""
    assert Cron.parse("5/20 * * * 7").weekdays == Cron.parse("30 0 * * sun").weekdays == {0}
    assert Cron.parse("5/20 * * * 7").minutes == {5, 25, 45}


@pytest.mark.parametrize(("line", "names"), [
    ("5 * * *", "4 fields"),
    ("60 * * * *", "minute 60 is outside 0-59"),
    ("* 24 * * *", "hour 24 is outside 0-23"),
    ("* * 0 * *", "day of month 0 is outside 1-31"),
    ("* * * 13 *", "month 13 is outside 1-12"),
    ("* * * * funday", "day of week 'funday' is not a number or a name"),
    ("*/0 * * * *", "minute step"),
    ("10-5 * * * *", "minute range '10-5' runs backwards"),
    ("1,,2 * * * *", "minute '' is not a number"),
])  # fmt: skip
def test_a_bad_line_fails_naming_the_field(line: str, names: str) -> None:
    """GIVEN a malformed cron line
    WHEN it is parsed
    THEN CronError says which field is wrong and why."""
    with pytest.raises(CronError, match=names):
        Cron.parse(line)


@pytest.mark.parametrize("line", ["5 * * *", "60 * * * *", "* * 0 * *", "* * * * funday", "*/0 * * * *",
                                  "10-5 * * * *"])
def test_a_bad_cron_setting_stops_loading_with_one_line_naming_the_variable(tmp_path: Path, line: str) -> None:
    """GIVEN PAPERLESS_EMPTY_TRASH_TASK_CRON set to a line the scheduler cannot parse
    WHEN the configuration loads (as at every start)
    THEN it stops with a one-line error naming the variable and the value."""
    with pytest.raises(ConfigError) as caught:
        config(tmp_path, EMPTY_TRASH_TASK_CRON=line)
    message = str(caught.value)
    assert "\n" not in message and message.startswith(f"PAPERLESS_EMPTY_TRASH_TASK_CRON='{line}'")


def test_jobs_come_from_the_settings_without_disabled_or_unbuilt_ones(tmp_path: Path) -> None:
    """GIVEN the sanity check disabled, a custom trash cron and a time zone
    WHEN the jobs are built from the configuration
    THEN trash and index jobs exist with those settings; sanity, mail and classifier training have none."""
    cfg = config(tmp_path, SANITY_TASK_CRON="disable", EMPTY_TRASH_TASK_CRON="15 3 * * *", TIME_ZONE=BERLIN)
    jobs = {job.name: job for job in jobs_from_config(cfg)}
    assert sorted(jobs) == ["empty_trash", "index"]
    assert jobs["empty_trash"].cron.text == "15 3 * * *" and jobs["empty_trash"].zone == BERLIN


# --- due times ----------------------------------------------------------------------------------------------


@pytest.mark.parametrize(("line", "after", "expected"), [
    ("0 0 * * *", "2026-12-31T23:59:30", "2027-01-01T00:00:00"),
    ("0 1 * * *", "2026-01-31T05:00:00", "2026-02-01T01:00:00"),
    ("0 1 * * *", "2026-01-31T01:00:00", "2026-02-01T01:00:00"),
    ("*/10 * * * *", "2026-02-28T23:55:00", "2026-03-01T00:00:00"),
    ("5 */1 * * *", "2028-02-28T23:10:00", "2028-02-29T00:05:00"),
    ("0 0 31 * *", "2026-04-01T00:00:00", "2026-05-31T00:00:00"),
    ("0 0 29 2 *", "2026-03-01T00:00:00", "2028-02-29T00:00:00"),
    ("30 0 * * sun", "2026-11-28T12:00:00", "2026-11-29T00:30:00"),
    ("30 0 * * sun", "2026-11-29T00:30:00", "2026-12-06T00:30:00"),
    ("0 0 1 jan *", "2026-06-15T00:00:00", "2027-01-01T00:00:00"),
])  # fmt: skip
def test_next_time_is_right_across_day_month_and_year_ends(line: str, after: str, expected: str) -> None:
    """GIVEN a cron line and a moment
    WHEN the next due time is asked
    THEN it is the first matching minute strictly after that moment."""
    assert job(line).next_after(at(after)) == at(expected)


def test_day_of_month_and_day_of_week_must_both_match_as_in_celery() -> None:
    """GIVEN '0 0 13 * fri' (Celery's crontab, which Paperless uses, requires both days to match)
    WHEN the next time after 14 March 2026 is asked
    THEN it is Friday 13 November 2026, not the next Friday nor the next 13th."""
    assert job("0 0 13 * fri").next_after(at("2026-03-14T00:00:00")) == at("2026-11-13T00:00:00")


def test_times_are_wall_clock_times_of_the_configured_zone() -> None:
    """GIVEN '0 1 * * *' in Europe/Berlin
    WHEN the next times in winter and in summer are asked
    THEN they are 00:00 UTC and 23:00 UTC (01:00 local)."""
    assert job("0 1 * * *", zone=BERLIN).next_after(at("2026-01-10T12:00:00")) == at("2026-01-11T00:00:00")
    assert job("0 1 * * *", zone=BERLIN).next_after(at("2026-07-10T12:00:00")) == at("2026-07-10T23:00:00")


def test_a_time_in_the_repeated_dst_hour_runs_once() -> None:
    """GIVEN '30 2 * * *' in Europe/Berlin, where 02:30 happens twice on 25 October 2026
    WHEN next times are chained from the evening before
    THEN the job runs once that night (00:30 UTC) and next on 26 October (01:30 UTC)."""
    cron_job = job("30 2 * * *", zone=BERLIN)
    first = cron_job.next_after(at("2026-10-24T20:00:00"))
    assert first == at("2026-10-25T00:30:00")
    assert cron_job.next_after(first) == at("2026-10-26T01:30:00")


def test_a_line_no_date_matches_never_falls_due() -> None:
    """GIVEN '0 0 31 2 *' (31 February)
    WHEN it is parsed and its next time asked
    THEN it is not possible and next_after gives None."""
    cron_job = job("0 0 31 2 *")
    assert not cron_job.cron.possible
    assert cron_job.next_after(at("2026-01-01T00:00:00")) is None


def test_next_due_is_the_earliest_job() -> None:
    """GIVEN a daily 01:00 job and an hourly :05 job, both handled up to 00:10
    WHEN next_due is asked at 00:20
    THEN the hourly job at 01:05 is not first: the 01:00 job is."""
    jobs = [job("0 1 * * *", "empty_trash"), job("5 * * * *", "index")]
    state = State({"empty_trash": at("2026-05-01T00:10:00"), "index": at("2026-05-01T00:10:00")})
    due = next_due(jobs, state, at("2026-05-01T00:20:00"))
    assert due is not None and due.job.name == "empty_trash" and due.at == at("2026-05-01T01:00:00")


# --- state and claims ---------------------------------------------------------------------------------------


def test_state_survives_a_round_trip_and_leaves_no_temporary_file(tmp_path: Path) -> None:
    """GIVEN a state with a moment in UTC+02:00
    WHEN it is saved and loaded again
    THEN the same instant comes back and only schedule.json is in the folder."""
    moment = datetime(2026, 5, 1, 3, 0, tzinfo=ZoneInfo(BERLIN))
    path = state_path(tmp_path)
    save_state(path, State({"index": moment}))
    assert load_state(path).handled == {"index": moment}
    assert [p.name for p in tmp_path.iterdir()] == ["schedule.json"]


def test_a_damaged_state_file_counts_as_empty(tmp_path: Path) -> None:
    """GIVEN a schedule.json cut off mid-write by some other program
    WHEN it is loaded
    THEN the state is empty rather than an error."""
    path = state_path(tmp_path)
    path.write_text('{"handled": {"index": "2026-')
    assert load_state(path).handled == {}


def test_a_new_job_waits_for_its_next_time(tmp_path: Path) -> None:
    """GIVEN no state yet and an every-minute job
    WHEN the first claim happens at 10:00:30
    THEN nothing is claimed, and a claim at 10:01:00 gets the 10:01 run."""
    path, jobs = state_path(tmp_path), [job("* * * * *")]
    assert claim_due(path, jobs, at("2026-05-01T10:00:30")) == []
    [due] = claim_due(path, jobs, at("2026-05-01T10:01:00"))
    assert due.at == at("2026-05-01T10:01:00")


def test_missed_runs_collapse_into_one(tmp_path: Path) -> None:
    """GIVEN an hourly job last handled three days ago (the machine was off)
    WHEN claims happen now and again a second later
    THEN it is claimed once, for its first missed time, and the second claim gets nothing."""
    path, jobs = state_path(tmp_path), [job("5 * * * *")]
    save_state(path, State({"empty_trash": at("2026-05-01T10:30:00")}))
    claimed = claim_due(path, jobs, at("2026-05-04T10:00:00"))
    assert [due.at for due in claimed] == [at("2026-05-01T11:05:00")]
    assert claim_due(path, jobs, at("2026-05-04T10:00:01")) == []


def _claim_minutes(path: str, start: str, minutes: int, barrier: object) -> list[str]:
    jobs = [job("* * * * *")]
    got: list[str] = []
    for minute in range(1, minutes + 1):
        barrier.wait()  # type: ignore[attr-defined]
        now = at(start) + timedelta(minutes=minute, seconds=1)
        got.extend(due.at.isoformat() for due in claim_due(Path(path), jobs, now))
    return got


def _worker(path: str, start: str, minutes: int, barrier: object, results: object) -> None:
    results.put(_claim_minutes(path, start, minutes, barrier))  # type: ignore[attr-defined]


@pytest.mark.skipif(sys.platform != "linux", reason="flock semantics as on the servers we run on")
def test_two_schedulers_claim_each_due_time_exactly_once(tmp_path: Path) -> None:
    """GIVEN two scheduler processes sharing a data directory and an every-minute job
    WHEN both claim at the same instants, minute after minute
    THEN every due time is claimed by exactly one of them."""
    path, start, minutes = state_path(tmp_path), "2026-05-01T10:00:00", 40
    save_state(path, State({"empty_trash": at(start)}))
    context = multiprocessing.get_context("spawn")
    barrier, results = context.Barrier(2), context.Queue()
    processes = [context.Process(target=_worker, args=(str(path), start, minutes, barrier, results))
                 for _ in range(2)]  # fmt: skip
    for process in processes:
        process.start()
    claimed = [results.get(timeout=60), results.get(timeout=60)]
    for process in processes:
        process.join(30)
    every = sorted(claimed[0] + claimed[1])
    assert every == [(at(start) + timedelta(minutes=m)).isoformat() for m in range(1, minutes + 1)]


def test_the_settings_the_scheduler_honours_are_effective_and_the_others_are_not() -> None:
    """GIVEN the registry of settings
    WHEN it says which cron and trash settings are effective
    THEN the trash delay and the crons of jobs Paperkeep runs are; mail and classifier crons are not yet."""
    effective = {name: REGISTRY[f"PAPERLESS_{name}"].effective for name in (
        "EMPTY_TRASH_DELAY", "EMPTY_TRASH_TASK_CRON", "SANITY_TASK_CRON", "INDEX_TASK_CRON", "EMAIL_TASK_CRON",
        "TRAIN_TASK_CRON")}  # fmt: skip
    assert [name for name, yes in effective.items() if yes] == [
        "EMPTY_TRASH_DELAY", "EMPTY_TRASH_TASK_CRON", "SANITY_TASK_CRON", "INDEX_TASK_CRON"]
