"""Reading YAML files and turning validation failures into one-line InputErrors."""

from __future__ import annotations

from pathlib import Path
from typing import Any, Iterator

import yaml
from pydantic import ValidationError
from yaml.composer import Composer
from yaml.constructor import SafeConstructor
from yaml.events import (MappingEndEvent, MappingStartEvent, SequenceEndEvent,
                         SequenceStartEvent, StreamEndEvent)
from yaml.parser import Parser
from yaml.reader import Reader
from yaml.resolver import Resolver
from yaml.scanner import Scanner

from models.domain.errors import InputError

MAX_INPUT_BYTES = 20 * 1024 * 1024  # a squad of thousands fits; anything larger is a mistake


def read_text(path: Path | str) -> str:
    path = Path(path)
    if not path.exists():
        raise InputError("file not found", file=str(path))
    if path.is_dir():
        raise InputError("is a folder, expected a file", file=str(path))
    size = path.stat().st_size
    if size > MAX_INPUT_BYTES:
        raise InputError(
            f"file is {size // (1024 * 1024)} MB; the limit is {MAX_INPUT_BYTES // (1024 * 1024)} MB",
            file=str(path),
        )
    data = path.read_bytes()
    try:
        return data.decode("utf-8-sig")
    except UnicodeDecodeError as error:
        raise InputError(
            f"not UTF-8 text (byte {error.start}); save the file as UTF-8", file=str(path)
        ) from None


class _Constructor(SafeConstructor):
    """SafeConstructor, except that a timestamp naming no real day stays the text written.

    PyYAML reads ``2027-02-30`` as a timestamp and raises a bare ValueError building it, with
    no file, key or line. As text it reaches the model that reads the field, whose error
    names the field (``start: '2027-02-30' is not a date``). Real dates and datetimes are
    built as ``safe_load`` builds them.
    """

    def construct_yaml_timestamp(self, node):
        try:
            return super().construct_yaml_timestamp(node)
        except ValueError:  # day, month, hour or offset out of range
            return self.construct_scalar(node)


_Constructor.add_constructor("tag:yaml.org,2002:timestamp", _Constructor.construct_yaml_timestamp)


class _DocumentLoader(Reader, Scanner, Parser, Composer, _Constructor, Resolver):
    """``yaml.SafeLoader`` with _Constructor: what every YAML file of the tool is read with."""

    def __init__(self, stream: str):
        Reader.__init__(self, stream)
        Scanner.__init__(self)
        Parser.__init__(self)
        Composer.__init__(self)
        _Constructor.__init__(self)
        Resolver.__init__(self)


def read_yaml(path: Path | str) -> Any:
    text = read_text(path)
    try:
        return yaml.load(text, Loader=_DocumentLoader)
    except yaml.YAMLError as error:
        raise _malformed(error, path) from None


def _malformed(error: yaml.YAMLError, path: Path | str) -> InputError:
    mark = getattr(error, "problem_mark", None)
    where = f"line {mark.line + 1}" if mark is not None else None
    problem = getattr(error, "problem", None) or "not valid YAML"
    return InputError(f"malformed YAML: {problem}", file=str(path), field=where)


if hasattr(yaml, "CSafeLoader"):  # libyaml's parser makes the events, Python builds the items
    from yaml.cyaml import CParser

    class _ItemLoader(CParser, Composer, _Constructor, Resolver):
        def __init__(self, stream: str):
            CParser.__init__(self, stream)
            Composer.__init__(self)
            _Constructor.__init__(self)
            Resolver.__init__(self)
else:  # pragma: no cover - PyYAML built without libyaml
    _ItemLoader = _DocumentLoader


class YamlList:
    """A YAML file's list, one item at a time, each as ``safe_load`` would build it.

    The document is the list, or a mapping whose ``key`` holds it; the mapping's other keys
    are read past and named in ``other_keys``. A list of thousands is never held whole as
    Python objects (the file's text is, within MAX_INPUT_BYTES). After the items are read,
    ``listed`` says whether there was such a list and ``keyed`` whether the mapping had
    ``key``. Iterating raises InputError naming the file and line for malformed YAML.
    """

    def __init__(self, path: Path | str, key: str):
        self.path, self.key = path, key
        self.listed = self.keyed = False
        self.other_keys: list[Any] = []

    def __iter__(self) -> Iterator[Any]:
        loader = _ItemLoader(read_text(self.path))
        try:
            loader.get_event()  # the stream's start
            if loader.check_event(StreamEndEvent):
                return  # an empty file
            loader.get_event()  # the document's start
            if loader.check_event(SequenceStartEvent):
                yield from self._items(loader)
            elif loader.check_event(MappingStartEvent):
                loader.get_event()
                while not loader.check_event(MappingEndEvent):
                    name = loader.construct_document(loader.compose_node(None, None))
                    if name == self.key:
                        self.keyed = True
                    if name == self.key and loader.check_event(SequenceStartEvent):
                        yield from self._items(loader)
                    else:
                        loader.compose_node(None, None)
                        if name != self.key:
                            self.other_keys.append(name)
                loader.get_event()  # the mapping's end
            else:
                loader.compose_node(None, None)  # a single value: no list
            loader.get_event()  # the document's end
            if not loader.check_event(StreamEndEvent):
                raise InputError("expected one YAML document, found more (a second '---')",
                                 file=str(self.path))
        except yaml.YAMLError as error:
            raise _malformed(error, self.path) from None
        finally:
            loader.dispose()

    def _items(self, loader) -> Iterator[Any]:
        self.listed = True
        loader.get_event()  # the list's start
        while not loader.check_event(SequenceEndEvent):
            yield loader.construct_document(loader.compose_node(None, None))
        loader.get_event()  # the list's end


def _location(loc: tuple) -> str:
    """pydantic's loc as a key path; a mapping key's own error is named by the key."""
    parts = [str(p) for p in loc
             if not (isinstance(p, str) and (p.startswith("function-") or p == "[key]"))]
    return ".".join(parts) or "(top level)"


_NOT_A_DATE = frozenset({"date_parsing", "date_from_datetime_parsing", "date_type"})


def _message(problem: dict) -> str:
    """pydantic's message, or ours where a coach needs the value and the format."""
    if problem.get("type") in _NOT_A_DATE and isinstance(problem.get("input"), (str, int)):
        return f"'{problem['input']}' is not a date; write YYYY-MM-DD"
    message = str(problem.get("msg", "invalid value"))
    return message.removeprefix("Value error, ").removeprefix("Assertion failed, ")


def validation_error(error: Exception, file: str, prefix: str = "") -> InputError:
    """The first problem of a pydantic ValidationError as one line: file, field, message."""
    if isinstance(error, ValidationError):
        first = error.errors(include_url=False)[0]
        field = _location(tuple(first.get("loc", ())))
        if prefix:
            field = f"{prefix}.{field}" if field != "(top level)" else prefix
        message = _message(first)
        extra = len(error.errors()) - 1
        if extra:
            message += f" (and {extra} more problem{'s' if extra > 1 else ''})"
        return InputError(message, file=file, field=field)
    return InputError(str(error), file=file, field=prefix or None)
