"""The loop that runs work beside the server (core.loops.run_every), without a clock: the
stop object counts the rounds and ends the loop after a given number."""

import logging

import pytest

from core.loops import run_every

# Each round ends by closing stale database connections, as the server's threads must.
pytestmark = pytest.mark.django_db


class StopAfter:
    """Stands in for threading.Event: ``wait`` returns at once and the loop ends after
    ``rounds`` rounds."""

    def __init__(self, rounds: int) -> None:
        self.rounds = rounds
        self.waits: list[float] = []

    def is_set(self) -> bool:
        return len(self.waits) >= self.rounds

    def wait(self, timeout: float | None = None) -> bool:
        self.waits.append(timeout)
        return self.is_set()


class Report:
    def __init__(self, did: int) -> None:
        self.did = did

    def __bool__(self) -> bool:
        return self.did > 0

    def __str__(self) -> str:
        return f"{self.did} done"


def test_it_runs_every_interval_until_stopped():
    reports = iter([Report(0), Report(2), Report(0)])
    stop = StopAfter(3)
    run_every("work", 30.0, lambda: next(reports), stop)
    assert stop.waits == [30.0, 30.0, 30.0]


def test_a_round_that_did_something_is_logged_and_an_idle_one_is_not(caplog):
    reports = iter([Report(0), Report(2), Report(0)])
    with caplog.at_level(logging.INFO, logger="core.loops"):
        run_every("work", 1.0, lambda: next(reports), StopAfter(3))
    assert [r.getMessage() for r in caplog.records] == ["work: 2 done"]


def test_a_failing_round_is_logged_and_the_loop_goes_on(caplog):
    rounds = []

    def fails():
        rounds.append(1)
        raise RuntimeError("database is locked")

    with caplog.at_level(logging.ERROR, logger="core.loops"):
        run_every("work", 1.0, fails, StopAfter(3))
    assert len(rounds) == 3
    assert [r.getMessage() for r in caplog.records] == ["work failed"] * 3
    assert caplog.records[0].exc_info[0] is RuntimeError
