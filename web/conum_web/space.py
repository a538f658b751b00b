"""A space: what one party sees and does, reached from its menu.

Each space is a module of :mod:`conum_web.spaces` holding a :class:`Space` (who it serves, its
menu) and a router whose routes take a ``Visit`` of that space. A person is served by the first
space of :data:`conum_web.spaces.SPACES` that accepts them; a page of another space answers 403.
"""

from __future__ import annotations

from collections.abc import Callable
from dataclasses import dataclass

from conum_web.sessions import Person


@dataclass(frozen=True)
class MenuItem:
    label: str
    path: str


@dataclass(frozen=True)
class Space:
    slug: str
    title: str
    """The space's name, shown in the header (``Espace structure d'accueil``)."""
    menu: tuple[MenuItem, ...]
    serves: Callable[[Person], bool]

    @property
    def home(self) -> str:
        return self.menu[0].path

    def current(self, path: str) -> MenuItem | None:
        """The menu item of a page (the longest path that starts it)."""
        matching = [
            item for item in self.menu if path == item.path or path.startswith(f"{item.path}/")
        ]
        return max(matching, key=lambda item: len(item.path), default=None)


def has_role(*roles: str) -> Callable[[Person], bool]:
    return lambda person: person.role in roles
