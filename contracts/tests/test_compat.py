import copy
from typing import Any, Literal

import pytest
from conum_contracts import ConseillerEnrolledV1, ConseillerWithdrawnV1, EventModel
from conum_contracts.compat import check_compatible, inline_refs
from conum_contracts.schemas import current_schema
from pydantic import Field


def enrolled() -> dict[str, Any]:
    return current_schema(ConseillerEnrolledV1)


def changed(schema: dict[str, Any], edit: Any) -> dict[str, Any]:
    new = copy.deepcopy(schema)
    edit(new)
    return new


def props(schema: dict[str, Any]) -> dict[str, Any]:
    properties: dict[str, Any] = schema["properties"]
    return properties


def test_identical_schemas_are_compatible() -> None:
    assert check_compatible(enrolled(), enrolled()) == []


def test_documentation_changes_are_compatible() -> None:
    def document(schema: dict[str, Any]) -> None:
        schema["title"] = "Renamed"
        schema["description"] = "New words."
        props(schema)["remote"]["description"] = "Other words."
        props(schema)["remote"]["examples"] = [True]
        schema["$defs"]["ConseillerPerson"]["description"] = "Still personal data."

    assert check_compatible(enrolled(), changed(enrolled(), document)) == []


def test_new_optional_property_with_default_is_compatible() -> None:
    class WithdrawnWithNote(ConseillerWithdrawnV1):
        """A conseiller left initial training (with a note)."""

        replaced_by: str | None = Field(default=None, description="Successor, if any.")

    old = current_schema(ConseillerWithdrawnV1)
    new = current_schema(WithdrawnWithNote)

    assert check_compatible(old, new) == []


def test_removed_property_is_incompatible() -> None:
    new = changed(enrolled(), lambda s: (props(s).pop("remote"), s["required"].remove("remote")))

    assert check_compatible(enrolled(), new) == ["$.remote: property removed"]


def test_type_change_is_incompatible() -> None:
    new = changed(enrolled(), lambda s: props(s)["remote"].update(type="string"))

    assert check_compatible(enrolled(), new) == ["$.remote: type changed from boolean to string"]


def test_new_required_property_is_incompatible() -> None:
    class WithdrawnWithCode(ConseillerWithdrawnV1):
        severity_code: str

    reasons = check_compatible(
        current_schema(ConseillerWithdrawnV1), current_schema(WithdrawnWithCode)
    )

    assert reasons == ["$.severity_code: new required property"]


def test_new_optional_property_without_default_is_incompatible() -> None:
    new = changed(enrolled(), lambda s: props(s).update(nickname={"type": "string"}))

    assert check_compatible(enrolled(), new) == [
        "$.nickname: new optional property without a default"
    ]


def test_optional_property_becoming_required_is_incompatible() -> None:
    class Optional(EventModel):
        note: str = "none"

    class Required(EventModel):
        note: str

    assert check_compatible(current_schema(Optional), current_schema(Required)) == [
        '$.note: `default` changed from "none" to (absent)',
        "$.note: optional property became required",
    ]
    assert check_compatible(current_schema(Required), current_schema(Optional)) == [
        '$.note: `default` changed from (absent) to "none"',
        "$.note: required property became optional "
        "(consumers of earlier revisions reject its absence)",
    ]


def test_enum_changes_are_incompatible_both_ways() -> None:
    class Before(EventModel):
        scheme: Literal["2021", "2024"]

    class Removed(EventModel):
        scheme: Literal["2024"]

    class Added(EventModel):
        scheme: Literal["2021", "2024", "2027"]

    old = current_schema(Before)

    assert check_compatible(old, current_schema(Removed)) == [
        '$.scheme: allowed value(s) ["2021"] removed'
    ]
    assert check_compatible(old, current_schema(Added)) == [
        '$.scheme: allowed value(s) ["2027"] added (consumers of earlier revisions reject them)'
    ]


@pytest.mark.parametrize(
    ("keyword", "before", "after", "direction"),
    [
        ("maximum", 100, 50, "tightened"),
        ("minimum", 0, 10, "tightened"),
        ("minLength", None, 3, "tightened"),
        ("maximum", 100, 150, "loosened"),
        ("maxItems", 10, None, "loosened"),
    ],
)
def test_bound_changes_are_incompatible(
    keyword: str, before: int | None, after: int | None, direction: str
) -> None:
    def schema(bound: int | None) -> dict[str, Any]:
        field: dict[str, Any] = {"type": "integer"}
        if bound is not None:
            field[keyword] = bound
        return {"type": "object", "properties": {"score": field}, "required": ["score"]}

    reasons = check_compatible(schema(before), schema(after))

    assert len(reasons) == 1
    assert reasons[0].startswith(f"$.score: `{keyword}` changed")
    assert direction in reasons[0]


def test_pattern_and_format_changes_are_incompatible() -> None:
    def edit(schema: dict[str, Any]) -> None:
        props(schema)["department"]["pattern"] = "^[0-9]{2}$"
        props(schema)["enrolled_on"]["format"] = "date-time"

    reasons = check_compatible(enrolled(), changed(enrolled(), edit))

    assert len(reasons) == 2
    assert any(r.startswith("$.department: `pattern` changed") for r in reasons)
    assert any(r.startswith("$.enrolled_on: `format` changed") for r in reasons)


def test_nullability_changes_are_incompatible() -> None:
    class Nullable(EventModel):
        cohort_id: str | None

    class NotNullable(EventModel):
        cohort_id: str

    nullable, not_nullable = current_schema(Nullable), current_schema(NotNullable)

    assert check_compatible(nullable, not_nullable) == ["$.cohort_id: null is no longer accepted"]
    assert check_compatible(not_nullable, nullable) == [
        "$.cohort_id: null is now accepted (consumers of earlier revisions reject it)"
    ]


def test_changes_inside_referenced_sub_models_are_found() -> None:
    def edit(schema: dict[str, Any]) -> None:
        person = schema["$defs"]["ConseillerPerson"]
        person["properties"].pop("email")
        person["required"].remove("email")
        schema["$defs"]["Organisation"]["properties"]["id"]["pattern"] = "^.*$"

    reasons = check_compatible(enrolled(), changed(enrolled(), edit))

    assert "$.person.email: property removed" in reasons
    assert any(r.startswith("$.training_organisation.id: `pattern` changed") for r in reasons)


def test_changes_inside_list_items_are_found() -> None:
    from conum_contracts import SessionScheduledV1

    old = current_schema(SessionScheduledV1)
    new = changed(old, lambda s: s["$defs"]["SessionDay"]["properties"]["mode"]["enum"].pop())

    assert check_compatible(old, new) == ['$.days[].mode: allowed value(s) ["in_person"] removed']


def test_sub_model_renaming_is_compatible() -> None:
    def rename(schema: dict[str, Any]) -> None:
        schema["$defs"]["Person"] = schema["$defs"].pop("ConseillerPerson")
        props(schema)["person"]["$ref"] = "#/$defs/Person"

    assert check_compatible(enrolled(), changed(enrolled(), rename)) == []


def test_closing_or_opening_an_object_is_incompatible() -> None:
    new = changed(enrolled(), lambda s: s.update(additionalProperties=True))

    assert check_compatible(enrolled(), new) == [
        "$: `additionalProperties` changed from false to true"
    ]


def test_inline_refs_removes_every_reference() -> None:
    inlined = inline_refs(enrolled())

    assert "$defs" not in inlined
    assert "$ref" not in str(inlined)
    assert inlined["properties"]["person"]["x-personal-data"] is True
