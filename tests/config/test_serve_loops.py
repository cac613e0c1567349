"""The loops ``manage.py serve`` runs beside the server (publish_scheduled, ckan_sync)."""

import logging
import threading

from config.management.commands.serve import command_forever


def run_for_a_moment(name: str, idle: str, seconds: float = 0.3) -> None:
    stop = threading.Event()
    loop = threading.Thread(target=command_forever, args=(name, 0.05, stop, idle))
    loop.start()
    stop.wait(seconds)
    stop.set()
    loop.join(timeout=10)
    assert not loop.is_alive()


def test_a_failing_command_is_logged_and_the_loop_goes_on(caplog):
    with caplog.at_level(logging.ERROR, logger="config.management.commands.serve"):
        run_for_a_moment("no_such_command", idle="")

    failures = [r for r in caplog.records if r.getMessage() == "no_such_command failed"]
    assert len(failures) >= 2  # it ran again after the first failure


def test_what_the_command_prints_is_logged_unless_it_did_nothing(caplog):
    with caplog.at_level(logging.INFO, logger="config.management.commands.serve"):
        run_for_a_moment("check", idle="System check identified no issues")
    assert not caplog.records

    with caplog.at_level(logging.INFO, logger="config.management.commands.serve"):
        run_for_a_moment("check", idle="something else")
    assert any(r.getMessage().startswith("check: System check") for r in caplog.records)
