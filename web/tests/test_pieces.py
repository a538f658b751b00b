"""The web application's pieces that need no server: the calendar's grid, refusals in French,
the charts' data, the sessions' cookie, what a form keeps."""

from __future__ import annotations

import importlib
import json
import time
from datetime import date

import pytest
from conum_kernel.refusals import Refusal
from conum_web.calendar import month_grid, parse_month
from conum_web.charts import map_key, region_map, trends_of
from conum_web.forms import Values
from conum_web.problems import REASONS, explain, row_reason
from conum_web.services import ServiceProblem
from conum_web.sessions import Person, SessionStore
from conum_web.space import MenuItem, Space, has_role
from conum_web.spaces import SPACES


def test_a_month_starts_on_a_monday_and_holds_whole_weeks() -> None:
    december = month_grid(
        date(2026, 12, 1), [(date(2026, 12, 8), "a"), (date(2026, 12, 8), "b")], date(2026, 12, 4)
    )
    assert december.title == "décembre 2026"
    assert december.start == date(2026, 11, 30) and december.end == date(2027, 1, 3)
    assert all(len(week) == 7 for week in december.weeks) and len(december.weeks) == 5
    days = {day.on: day for week in december.weeks for day in week}
    assert days[date(2026, 12, 8)].entries == ("a", "b")
    assert days[date(2026, 12, 4)].is_today and not days[date(2026, 11, 30)].in_month
    assert days[date(2026, 12, 8)].label == "mardi 8 décembre 2026"
    assert (december.previous, december.next) == ("2026-11", "2027-01")


def test_a_february_starting_on_a_monday_has_four_weeks() -> None:
    assert len(month_grid(date(2027, 2, 1), [], date(2027, 2, 1)).weeks) == 4


def test_a_month_key_that_is_none_is_this_month() -> None:
    today = date(2026, 12, 4)
    assert parse_month("2027-03", today) == date(2027, 3, 1)
    assert parse_month("mars", today) == parse_month(None, today) == date(2026, 12, 1)
    assert parse_month("2027-13", today) == date(2026, 12, 1)


def every_refusal_code() -> set[str]:
    for service in ("enrolment", "positioning", "certification", "modules", "national"):
        importlib.import_module(f"conum_{service}.domain")
    codes, pending = set(), list(Refusal.__subclasses__())
    while pending:
        refusal = pending.pop()
        if refusal.__module__.startswith("conum_"):  # not the refusals tests define
            codes.add(refusal.code)
        pending += refusal.__subclasses__()
    return codes - {"refused"}


def test_every_refusal_of_every_service_has_its_french_reason() -> None:
    missing = every_refusal_code() - set(REASONS)
    assert not missing, f"no French reason for {sorted(missing)}"


def test_a_refusal_is_said_in_french_with_its_fields_and_the_services_words() -> None:
    problem = ServiceProblem(
        422,
        "invalid_request",
        "1 field is invalid",
        [{"location": "body.person.email", "message": "…", "type": "string_pattern_mismatch"}],
    )
    said = explain(problem, {"email": "Adresse électronique"})
    assert said.title == "Saisie refusée"
    assert said.reason == "Certaines valeurs saisies ne sont pas acceptées."
    assert said.fields == ("Adresse électronique : format non valide",)
    assert said.detail == "1 field is invalid"


def test_an_unknown_code_falls_back_on_its_status_then_names_itself() -> None:
    assert explain(ServiceProblem(409, "brand_new")).reason == REASONS["conflict"]
    assert "brand_new" in explain(ServiceProblem(418, "brand_new")).reason
    assert "decided_on" in row_reason("invalid_decided_on")
    assert row_reason("not_the_pix_certifier") == REASONS["not_the_pix_certifier"]


def test_the_map_keys_regions_as_the_map_draws_them() -> None:
    assert (map_key("FR-NAQ"), map_key("FR-20R"), map_key("FR-GUA"), map_key("FR-COM")) == (
        "NAQ",
        "20R",
        "971",
        None,
    )
    table = {
        "rows": [
            {"region": "FR-NAQ", "enrolled": 12, "withdrawn": 1},
            {"region": "FR-MAY", "enrolled": 3, "withdrawn": 0},
            {"region": "FR-COM", "enrolled": 1, "withdrawn": 0},
        ]
    }
    drawn = region_map(table, "enrolled")
    assert json.loads(drawn.data) == {"NAQ": 12, "976": 3}
    assert drawn.total == 16 and [row[0] for row in drawn.rows] == ["FR-NAQ", "FR-MAY", "FR-COM"]
    assert region_map(table, "nonsense").indicator == "enrolled"


def test_the_trends_draw_each_series_that_follows_the_weeks() -> None:
    answer = {
        "weeks": ["2026-11-23", "2026-11-30"],
        "series": {"enrolled": [3, 5], "training_started": [1, 2], "ccp1_passed": [1]},
    }
    trends = trends_of(answer)
    assert [line.key for line in trends.lines] == ["enrolled", "training_started"]
    assert json.loads(trends.lines[0].x) == [["2026-11-23", "2026-11-30"]]
    assert json.loads(trends.lines[0].y) == [[3, 5]]
    assert trends.rows() == [["2026-11-23", 3, 1], ["2026-11-30", 5, 2]]


def test_a_session_cookie_is_signed_and_ends() -> None:
    store = SessionStore(secret=b"k" * 32, lifetime=60)
    session = store.open()
    cookie = store.cookie_value(session)
    assert store.find(cookie) is session
    forged = cookie[:-1] + ("0" if cookie[-1] != "0" else "1")
    assert store.find(forged) is None and store.find(session.id) is None
    assert SessionStore(secret=b"x" * 32).find(cookie) is None
    session.expires_at = time.time() - 1
    assert store.find(cookie) is None


def test_a_form_keeps_what_was_typed_and_shapes_the_body() -> None:
    values = Values([("capacity", "12"), ("place", "  Bègles "), ("days", "a"), ("days", "b")])
    assert values.number("capacity") == 12 and values.text("place") == "Bègles"
    assert Values([("capacity", "douze")]).number("capacity") == "douze"
    assert values.getlist("days") == ["a", "b"] and values.text("absent") is None
    assert values.checked("days") and not values.checked("absent")


@pytest.mark.parametrize(
    ("person", "slug"),
    [
        (Person("s", "n", "u", "host_structure", "FR-NAQ"), "structure"),
        (Person("s", "n", "u", "training_organisation", "FR-NAQ", "la-fabrik"), "organisme"),
        (Person("s", "n", "u", "certifier", "FR-NAQ", "pix"), "certification"),
        (Person("s", "n", "u", "regional_hub", "FR-IDF"), "hub"),
        (Person("s", "n", "u", "national_coordinator", "national", "la-mednum"), "catalogue"),
        (Person("s", "n", "u", "national_coordinator", "national"), "national"),
        (Person("s", "n", "u", "operator", "national"), None),
    ],
)
def test_each_party_is_served_by_one_space(person: Person, slug: str | None) -> None:
    serving = [space.slug for space in SPACES if space.serves(person)]
    assert serving == ([slug] if slug else [])


def test_a_page_belongs_to_its_longest_menu_item() -> None:
    space = Space(
        "x", "X", (MenuItem("A", "/x"), MenuItem("B", "/x/b")), has_role("host_structure")
    )
    assert space.current("/x/b/1") == MenuItem("B", "/x/b")
    assert space.current("/x/c") == MenuItem("A", "/x")
    assert space.current("/y") is None
