"""Input that no endpoint can store or look up is refused at the door, in one place for every feature.

PostgreSQL cannot store a NUL character and its integer columns end at 2**31 - 1; SQLite stores
both. A lone surrogate (JSON's `"\\ud800"` without its pair) is no character at all: no database
can store it as UTF-8, and SQLite's JSON columns keep it escaped, so every later read of the record
fails. Refusing them here, before any view runs, answers both databases alike (404 or 422 naming the
field) and keeps such values out of SQL, where they would fail as a 500 with the request in the log.
"""

from __future__ import annotations

import re
from collections.abc import Iterator
from typing import Any

import orjson
from flask import Response, request
from flask.json.provider import DefaultJSONProvider
from flask_smorest import abort
from werkzeug.routing import IntegerConverter

#: The largest id (and integer) the database's INTEGER columns hold.
MAX_ID = 2**31 - 1
NUL = "\x00"
#: What no text column can store: NUL, and the halves of UTF-16 surrogate pairs (never characters on their own).
_UNSTORABLE = re.compile("[\x00\ud800-\udfff]")


#: Flask's encoding (sorted keys; dates, decimals and dataclasses through its `default`), done by orjson.
_ORJSON_OPTIONS = (
    orjson.OPT_SORT_KEYS | orjson.OPT_NON_STR_KEYS | orjson.OPT_PASSTHROUGH_DATETIME | orjson.OPT_PASSTHROUGH_DATACLASS
)


class JSONProvider(DefaultJSONProvider):
    """Flask's JSON, encoded by orjson (a page of a hundred records several times faster than the json module),
    refusing bodies nested too deeply to decode as invalid JSON (400) instead of crashing."""

    def _encode(self, obj: Any, indent: bool) -> bytes:
        """The JSON bytes of obj, indented for people to read when asked."""
        try:
            return orjson.dumps(
                obj, default=self.default, option=_ORJSON_OPTIONS | (orjson.OPT_INDENT_2 if indent else 0)
            )
        except TypeError:  # orjson writes no integer past 64 bits (an echoed bad input); the json module does
            return super().dumps(obj, **({"indent": 2} if indent else {"separators": (",", ":")})).encode()

    def dumps(self, obj: Any, **kwargs) -> str:
        """Encode obj as text; of json.dumps' options only `indent` matters (the output is always compact otherwise)."""
        return self._encode(obj, bool(kwargs.get("indent"))).decode()

    def response(self, *args, **kwargs) -> Response:
        """A JSON response, compact unless debugging, as Flask's provider makes it."""
        indent = (self.compact is None and self._app.debug) or self.compact is False
        body = self._encode(self._prepare_response_obj(args, kwargs), indent) + b"\n"
        return self._app.response_class(body, mimetype=self.mimetype)

    def loads(self, s, **kwargs):
        """Decode JSON; a RecursionError becomes the ValueError every malformed body raises."""
        try:
            return super().loads(s, **kwargs)
        except RecursionError:
            raise ValueError("JSON nested too deeply") from None


class BoundedIntConverter(IntegerConverter):
    """`<int:...>` in URLs: an id past the columns' range matches nothing, so it answers 404."""

    def __init__(self, map, *args, **kwargs):
        """Bound every integer in a path to the database's INTEGER range unless a rule says otherwise."""
        kwargs.setdefault("max", MAX_ID)
        super().__init__(map, *args, **kwargs)


def unstorable(text: str) -> str | None:
    """Why text cannot be stored (a sentence naming the first such character), or None when it can."""
    found = _UNSTORABLE.search(text)
    if found is None:
        return None
    if found[0] == NUL:
        return "Contains a NUL character."
    return f"Contains U+{ord(found[0]):04X}, half of a surrogate pair without its other half: not a character."


def unstorable_paths(value, path: str = "") -> Iterator[tuple[str, str]]:
    """(dotted path, reason) for every string (key or value) in decoded JSON that cannot be stored."""
    if isinstance(value, str):
        if (reason := unstorable(value)) is not None:
            yield path or "_schema", reason
    elif isinstance(value, dict):
        for key, item in value.items():
            where = f"{path}.{key}" if path else str(key)
            if isinstance(key, str) and (reason := unstorable(key)) is not None:
                yield where, reason
            else:
                yield from unstorable_paths(item, where)
    elif isinstance(value, list):
        for index, item in enumerate(value):
            yield from unstorable_paths(item, f"{path}.{index}" if path else str(index))


def refuse_unstorable_text() -> None:
    """Refuse a NUL or lone surrogate anywhere in the path, query, form or JSON body, naming the field.

    Werkzeug decodes paths and forms with replacement characters, and leaves a bad percent escape as
    it is, so only a NUL arrives through them; JSON escapes can carry both. A query string's raw bytes
    must be UTF-8, or reading any argument fails.
    :raise 400: for a JSON body that does not decode.
    :raise 404: for a NUL in the path (no such resource can exist).
    :raise 422: for a query argument that is no UTF-8 text, a NUL in one or in a form field, or either in
        a JSON value.
    """
    if NUL in request.path:
        abort(404, message="Not found.")
    query = request.query_string
    at_fault: list[tuple[str, str]] = list(_undecodable_arguments(query))
    if not at_fault and (b"\0" in query or b"%00" in query):  # how a NUL arrives: most requests need not parse here
        at_fault += _unstorable_items(request.args)
    if request.mimetype == "multipart/form-data":
        at_fault += _unstorable_items(request.form)
    elif request.is_json and request.get_data(cache=True):
        # Decoded here, once, with the provider above: a malformed body is a 400 before any view.
        at_fault += list(unstorable_paths(request.get_json()))
    if at_fault:
        errors = {name: [reason] for name, reason in at_fault}
        abort(422, message="Invalid input: " + ", ".join(sorted(errors)) + ".", errors=errors)


def _undecodable_arguments(query: bytes) -> Iterator[tuple[str, str]]:
    """(name, reason) for every argument of a raw query string that is not UTF-8 (a client sent bytes unescaped)."""
    if query.isascii():
        return
    for argument in query.split(b"&"):
        try:
            argument.decode()
        except UnicodeDecodeError:
            yield argument.partition(b"=")[0].decode(errors="replace"), "Not UTF-8 text."


def _unstorable_items(values) -> list[tuple[str, str]]:
    """(name, reason) for every query argument or form field whose name or value cannot be stored."""
    return [
        (name, reason)
        for name, value in values.items(multi=True)
        if (reason := unstorable(name) or unstorable(value)) is not None
    ]
