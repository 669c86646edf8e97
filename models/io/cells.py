"""Cells of the tables we write and read: blank ones, and text a spreadsheet would run.

A text cell that begins with ``=``, ``+``, ``-``, ``@``, a tab or a carriage return is taken
for a formula by Excel, LibreOffice and Google Sheets, so an athlete named ``=HYPERLINK(...)``
would run code on the coach's machine when they open an export (CSV injection, OWASP).
Every CSV writer prefixes such a cell with one single quote (``neutralise``); every workbook
stores it as a string cell, never a formula (``as_text_cell``). Numbers stay numbers: -3 is
a number, not text. Readers strip the one quote the writer added (``restore``), so a round
trip keeps the text.
"""

from __future__ import annotations

from collections.abc import Iterable
from typing import Any

import pandas as pd

FORMULA_STARTS = ("=", "+", "-", "@", "\t", "\r")
QUOTE = "'"


def is_blank(value: Any) -> bool:
    """An empty spreadsheet cell: None, NaN/NaT or only spaces."""
    if value is None:
        return True
    if isinstance(value, str):
        return not value.strip()
    try:
        return bool(pd.isna(value))
    except (TypeError, ValueError):
        return False


def runs_as_formula(value: Any) -> bool:
    """Text that a spreadsheet would evaluate if it were a cell of its own."""
    return isinstance(value, str) and value.startswith(FORMULA_STARTS)


def neutralise(value: Any) -> Any:
    """The value as a CSV cell that no spreadsheet runs: such text gets a leading quote."""
    return QUOTE + value if runs_as_formula(value) else value


def restore(value: Any) -> Any:
    """The text before ``neutralise``: the one leading quote it added is dropped."""
    if isinstance(value, str) and value.startswith(QUOTE) and runs_as_formula(value[1:]):
        return value[1:]
    return value


def _text_columns(frame: pd.DataFrame) -> list:
    return [c for c in frame.columns
            if frame[c].dtype == object or pd.api.types.is_string_dtype(frame[c].dtype)]


def _each_text_cell(frame: pd.DataFrame, change) -> pd.DataFrame:
    """A copy of ``frame`` with ``change`` applied to its text cells and headers."""
    out = frame.copy()
    for column in _text_columns(out):
        out[column] = out[column].map(change)
    out.columns = [change(c) for c in out.columns]
    return out


def neutralised(frame: pd.DataFrame) -> pd.DataFrame:
    """A copy of ``frame`` whose text cells and headers are neutralised (numbers untouched)."""
    return _each_text_cell(frame, neutralise)


def restored(frame: pd.DataFrame) -> pd.DataFrame:
    """A copy of ``frame`` read back from our CSV: the quotes ``neutralised`` added dropped."""
    return _each_text_cell(frame, restore)


def line_ending(cells: Iterable[Any]) -> str:
    """LF, or RFC 4180's CRLF when a text cell holds a carriage return.

    The csv module quotes a field only for the characters of the line ending, and an
    unquoted CR would split the row for every reader.
    """
    return "\r\n" if any(isinstance(c, str) and "\r" in c for c in cells) else "\n"


def csv_text(frame: pd.DataFrame) -> str:
    """``frame`` as CSV text without the index, every text cell neutralised."""
    safe = neutralised(frame)
    cells = [*safe.columns, *(v for c in _text_columns(safe) for v in safe[c])]
    return safe.to_csv(index=False, lineterminator=line_ending(cells))


def csv_bytes(frame: pd.DataFrame) -> bytes:
    """``frame`` as UTF-8 CSV without the index, every text cell neutralised."""
    return csv_text(frame).encode("utf-8")


def as_text_cell(cell: Any) -> None:
    """Make an openpyxl cell holding text a string cell, never a formula.

    openpyxl stores any text starting with '=' as a formula; this one is marked text and
    quote-prefixed, so that Excel shows the text and keeps it text when the coach edits it.
    """
    if isinstance(cell.value, str) and (cell.data_type == "f" or runs_as_formula(cell.value)):
        cell.data_type = "s"
        cell.quotePrefix = True
