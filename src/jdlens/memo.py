"""Values worked out from an object and kept only while that object lives.

A resume's view for scoring, or where a check's words occur in its text, is asked for again by every
posting it is scored against; the value is kept beside the resume (by identity, through a weak
reference) and dropped with it, so nothing read from a resume outlives the resume itself.
"""

from __future__ import annotations

import weakref
from collections.abc import Callable
from typing import Generic, TypeVar

Owner = TypeVar("Owner")
Value = TypeVar("Value")


class ObjectMemo(Generic[Owner, Value]):
    """One value per live object (objects need not be hashable: frozen models holding lists)."""

    __slots__ = ("_kept",)

    def __init__(self) -> None:
        self._kept: dict[int, tuple[weakref.ref[Owner], Value]] = {}

    def get(self, owner: Owner) -> Value | None:
        kept = self._kept.get(id(owner))
        return kept[1] if kept is not None and kept[0]() is owner else None

    def put(self, owner: Owner, value: Value) -> Value:
        key = id(owner)

        def forget(_ref: object) -> None:
            self._kept.pop(key, None)

        self._kept[key] = (weakref.ref(owner, forget), value)
        return value

    def get_or_put(self, owner: Owner, build: Callable[[], Value]) -> Value:
        found = self.get(owner)
        return found if found is not None else self.put(owner, build())

    def refs(self) -> list[weakref.ref[Owner]]:
        """The weak references kept (each to a live object: an entry goes when its object does)."""
        return [ref for ref, _ in self._kept.values()]
