from __future__ import annotations

from itertools import pairwise

from aiokafka.errors import KafkaConnectionError
from conum_runtime.retry import Backoff, describe, is_transient
from sqlalchemy.exc import IntegrityError, OperationalError


def test_database_and_broker_outages_are_transient() -> None:
    assert is_transient(OperationalError("select 1", {}, ConnectionRefusedError()))
    assert is_transient(ConnectionRefusedError())
    assert is_transient(KafkaConnectionError())


def test_rule_and_integrity_failures_are_not_transient() -> None:
    assert not is_transient(ValueError("bad"))
    assert not is_transient(IntegrityError("insert", {}, Exception("duplicate key")))


def test_a_wrapped_outage_is_transient() -> None:
    try:
        try:
            raise ConnectionResetError()
        except ConnectionResetError as cause:
            raise RuntimeError("while publishing") from cause
    except RuntimeError as error:
        assert is_transient(error)


def test_backoff_grows_to_its_maximum_and_resets() -> None:
    backoff = Backoff(initial=0.1, maximum=1.0, factor=2.0)
    delays = [backoff.next_delay() for _ in range(8)]
    assert delays[0] < 0.13
    assert 0.8 <= delays[-1] <= 1.2
    assert all(later >= earlier * 0.6 for earlier, later in pairwise(delays))
    backoff.reset()
    assert backoff.next_delay() < 0.13


def test_a_database_error_is_described_without_its_values() -> None:
    error = IntegrityError(
        "INSERT INTO conseillers", {"email": "lea@example.org"}, Exception("(email)=(lea@...)")
    )
    assert describe(error) == "IntegrityError (Exception)"
    assert describe(ValueError("no such session")) == "ValueError: no such session"
