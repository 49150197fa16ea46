"""Walk a model and yield (path, value) for every value of a type, e.g. every RocDate."""
from __future__ import annotations

from pydantic import BaseModel


def iter_values(obj, kind: type, path: tuple = ()):
    if isinstance(obj, kind):
        yield path, obj
    elif isinstance(obj, BaseModel):
        for name in type(obj).model_fields:
            field = type(obj).model_fields[name]
            key = field.alias or name
            yield from iter_values(getattr(obj, name), kind, path + (key,))
    elif isinstance(obj, list):
        for i, v in enumerate(obj):
            yield from iter_values(v, kind, path + (i,))
    elif isinstance(obj, dict):
        for k, v in obj.items():
            yield from iter_values(v, kind, path + (k,))
