"""Walk a model and yield (path, value) for every value of a type, e.g. every RocDate.

Only fields whose annotation can hold that type are visited (worked out once per model class),
so walking 1,000 submissions for their dates does not visit every string and number.
"""
from __future__ import annotations

import typing
from functools import lru_cache

from pydantic import BaseModel


def _can_hold(annotation, kind: type, seen: frozenset = frozenset()) -> bool:
    if annotation is kind:
        return True
    if isinstance(annotation, type) and issubclass(annotation, BaseModel):
        if annotation in seen:
            return False
        return bool(_fields_holding(annotation, kind, seen | {annotation}))
    return any(_can_hold(a, kind, seen) for a in typing.get_args(annotation))


@lru_cache(maxsize=None)
def _fields_holding(cls: type[BaseModel], kind: type, seen: frozenset = frozenset()) -> tuple[tuple[str, str], ...]:
    return tuple((name, f.alias or name) for name, f in cls.model_fields.items()
                 if _can_hold(f.annotation, kind, seen | {cls}))


def iter_values(obj, kind: type, path: tuple = ()):
    if isinstance(obj, kind):
        yield path, obj
    elif isinstance(obj, BaseModel):
        for name, key in _fields_holding(type(obj), kind):
            yield from iter_values(getattr(obj, name), kind, path + (key,))
    elif isinstance(obj, list):
        for i, v in enumerate(obj):
            yield from iter_values(v, kind, path + (i,))
    elif isinstance(obj, dict):
        for k, v in obj.items():
            yield from iter_values(v, kind, path + (k,))
