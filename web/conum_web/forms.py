"""What a person typed in a form: kept to show the form again as it was after a refusal, and
turned into the service's request body. The services validate; the pages only shape the values
(an empty field is absent, a number that is not one is sent as typed so that the service names
the fault)."""

from __future__ import annotations

from collections.abc import Iterable, Mapping
from datetime import date

from starlette.datastructures import FormData, UploadFile


class Values:
    """A form's values by name (several for checkboxes), without the CSRF token."""

    def __init__(self, items: Iterable[tuple[str, str]] = ()) -> None:
        self._values: dict[str, list[str]] = {}
        for name, value in items:
            self._values.setdefault(name, []).append(value)

    @classmethod
    def of(cls, form: FormData) -> Values:
        return cls(
            (name, value)
            for name, value in form.multi_items()
            if name != "csrf" and not isinstance(value, UploadFile)
        )

    @classmethod
    def initial(cls, values: Mapping[str, str]) -> Values:
        return cls(values.items())

    def get(self, name: str, default: str = "") -> str:
        found = self._values.get(name)
        return found[0] if found else default

    def getlist(self, name: str) -> list[str]:
        return list(self._values.get(name, []))

    def text(self, name: str) -> str | None:
        """The field's text, stripped; None when left empty."""
        value = self.get(name).strip()
        return value or None

    def number(self, name: str) -> int | str | None:
        """An integer, or the text as typed when it is not one (the service then refuses it
        with its reason), or None when empty."""
        value = self.text(name)
        if value is None:
            return None
        try:
            return int(value)
        except ValueError:
            return value

    def checked(self, name: str) -> bool:
        return bool(self.getlist(name))


def today_iso() -> str:
    return date.today().isoformat()


def without_none(body: Mapping[str, object]) -> dict[str, object]:
    """A request body without the fields left empty (the service's defaults apply)."""
    return {name: value for name, value in body.items() if value is not None}
