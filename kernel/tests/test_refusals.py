"""A refusal's category comes from its base class; a narrowed one names its own reason."""

from __future__ import annotations

from conum_kernel.refusals import Category, Invalid, Narrowed, Refusal


class BadRow(Narrowed, Invalid):
    code = "bad_row"


class BadFile(Invalid):
    code = "bad_file"


def test_a_refusal_gives_its_code_as_its_reason() -> None:
    refused = BadFile("the header is missing")
    assert (refused.reason, refused.detail, refused.category) == (
        "bad_file",
        "the header is missing",
        Category.INVALID,
    )


def test_a_narrowed_refusal_names_its_own_reason_and_keeps_its_code_and_category() -> None:
    refused = BadRow("invalid_score", "a pix row needs a whole score")
    assert isinstance(refused, Refusal)
    assert (refused.reason, refused.code, refused.category) == (
        "invalid_score",
        "bad_row",
        Category.INVALID,
    )
    assert str(refused) == refused.detail == "a pix row needs a whole score"
