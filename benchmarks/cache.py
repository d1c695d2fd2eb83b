"""The bench's cache: each process's memory, as the site's default, except for one request
that asks for a cold visit (the header X-Bench-Cold). That request sees an empty cache of its
own, which keeps what the request itself stores and nothing else: a first visit after a
write, whatever earlier requests left in the worker that answers. The bench counts its
queries."""

import threading

from django.core.cache.backends.locmem import LocMemCache

_request = threading.local()


class cold_request:  # noqa: N801 - used as `with cold_request():`
    """While active, this thread reads and writes a cache of its own that starts empty."""

    def __enter__(self):
        _request.kept = {}

    def __exit__(self, *exc):
        _request.kept = None


def _own() -> dict | None:
    return getattr(_request, "kept", None)


class ColdVisitLocMemCache(LocMemCache):
    def get(self, key, default=None, version=None):
        own = _own()
        if own is None:
            return super().get(key, default, version)
        return own.get(self.make_and_validate_key(key, version=version), default)

    def set(self, key, value, timeout=None, version=None):
        own = _own()
        if own is None:
            super().set(key, value, timeout, version)
        else:
            own[self.make_and_validate_key(key, version=version)] = value

    def add(self, key, value, timeout=None, version=None):
        own = _own()
        if own is None:
            return super().add(key, value, timeout, version)
        return own.setdefault(self.make_and_validate_key(key, version=version), value) is value

    def delete(self, key, version=None):
        own = _own()
        if own is None:
            return super().delete(key, version)
        return own.pop(self.make_and_validate_key(key, version=version), None) is not None

    def has_key(self, key, version=None):
        own = _own()
        if own is None:
            return super().has_key(key, version)
        return self.make_and_validate_key(key, version=version) in own

    def get_many(self, keys, version=None):
        if _own() is None:
            return super().get_many(keys, version)
        missing = object()
        found = {key: self.get(key, missing, version) for key in keys}
        return {key: value for key, value in found.items() if value is not missing}
