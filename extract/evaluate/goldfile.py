"""Reading gold standards, alias tables and saved facts tables, strictly, for scoring."""

from __future__ import annotations

import sys
from dataclasses import dataclass
from pathlib import Path

from immunokg.extract.errors import DataFileError
from immunokg.extract.model import RELATIONS, STATUSES

GOLD_COLUMNS = ("doc", "subject", "relation", "object", "status", "need", "evidence")
ALIAS_COLUMNS = ("canonical", "aliases")
FACT_COLUMNS = ("subject", "relation", "object", "status")
NEEDS = ("required", "optional")
TREATS_STATUSES = ("approved", "investigational")


@dataclass(frozen=True)
class GoldRow:
    """One annotated fact: what a document states, how firmly it must be found, and the quote."""

    doc: str
    subject: str
    relation: str
    object: str
    status: str
    need: str
    evidence: str
    line: int = 0

    @property
    def required(self) -> bool:
        return self.need == "required"


@dataclass(frozen=True)
class PredictedRow:
    """One fact a system printed: the columns of the facts table that scoring reads."""

    subject: str
    relation: str
    object: str
    status: str


@dataclass(frozen=True)
class AliasEntry:
    """A canonical name and the other surface forms that count as the same entity."""

    canonical: str
    aliases: tuple[str, ...]
    line: int = 0


@dataclass(frozen=True)
class AliasTable:
    """The entries of an aliases file; ``path`` names the file in error messages."""

    path: str
    entries: tuple[AliasEntry, ...]


def read_gold(path: str | Path) -> list[GoldRow]:
    """Gold rows of a TSV in the guideline's columns; any deviation is a DataFileError."""
    name = str(path)
    rows: list[GoldRow] = []
    seen: dict[tuple[str, ...], int] = {}
    for line_number, cells in _records(name, GOLD_COLUMNS, GOLD_COLUMNS):
        row = GoldRow(**cells, line=line_number)
        _check_gold_row(name, row)
        identity = (row.doc, row.subject, row.relation, row.object, row.status)
        if identity in seen:
            raise DataFileError(name, line_number, f"duplicate of the row on line {seen[identity]}")
        seen[identity] = line_number
        rows.append(row)
    return rows


def read_aliases(path: str | Path) -> AliasTable:
    """``canonical<TAB>alias|alias...`` with a header; a canonical name may appear once."""
    name = str(path)
    entries: list[AliasEntry] = []
    seen: dict[str, int] = {}
    for line_number, cells in _records(name, ALIAS_COLUMNS, ALIAS_COLUMNS):
        canonical = cells["canonical"]
        if canonical in seen:
            raise DataFileError(
                name, line_number, f"canonical name {canonical!r} already on line {seen[canonical]}"
            )
        seen[canonical] = line_number
        aliases = tuple(alias.strip() for alias in cells["aliases"].split("|"))
        if any(not alias for alias in aliases):
            raise DataFileError(name, line_number, "empty alias (check for a doubled or end '|')")
        entries.append(AliasEntry(canonical, aliases, line_number))
    return AliasTable(name, tuple(entries))


def read_facts_tsv(path: str | Path) -> list[PredictedRow]:
    """Rows of a saved facts table (``immunokg extract`` / ``immunokg facts`` output).

    Only subject, relation, object and status are read; other columns are allowed.
    """
    name = str(path)
    return [
        PredictedRow(cells["subject"], cells["relation"], cells["object"], cells["status"])
        for _, cells in _records(name, FACT_COLUMNS, None)
    ]


def _check_gold_row(path: str, row: GoldRow) -> None:
    for column in ("doc", "subject", "object"):
        if not getattr(row, column):
            raise DataFileError(path, row.line, f"empty {column}")
    if row.relation not in RELATIONS:
        raise DataFileError(
            path, row.line, f"unknown relation {row.relation!r}; expected one of {RELATIONS}"
        )
    if row.need not in NEEDS:
        raise DataFileError(path, row.line, f"unknown need {row.need!r}; expected one of {NEEDS}")
    if row.status not in STATUSES:
        raise DataFileError(
            path, row.line, f"unknown status {row.status!r}; expected one of {STATUSES}"
        )
    expected = TREATS_STATUSES if row.relation == "treats" else ("stated",)
    if row.status not in expected:
        raise DataFileError(
            path, row.line, f"status {row.status!r} does not fit {row.relation}; use {expected}"
        )


def _records(
    path: str, required: tuple[str, ...], allowed: tuple[str, ...] | None
) -> list[tuple[int, dict[str, str]]]:
    """(line number, cells by column) for each non-blank line after the header."""
    lines = _read_lines(path)
    if not lines or not lines[0].strip():
        raise DataFileError(path, 1, f"missing header; expected columns {', '.join(required)}")
    header = [cell.strip() for cell in lines[0].split("\t")]
    missing = [column for column in required if column not in header]
    if missing:
        raise DataFileError(path, 1, f"missing column(s) {', '.join(missing)} in the header")
    if allowed is not None:
        unknown = [column for column in header if column not in allowed]
        if unknown:
            raise DataFileError(path, 1, f"unknown column(s) {', '.join(unknown)}")
    if len(set(header)) != len(header):
        raise DataFileError(path, 1, "a column name appears twice in the header")
    records = []
    for number, text in enumerate(lines[1:], start=2):
        if not text.strip():
            continue
        cells = text.split("\t")
        if len(cells) != len(header):
            raise DataFileError(
                path, number, f"{len(cells)} tab-separated cells, the header has {len(header)}"
            )
        row = {column: cell.strip() for column, cell in zip(header, cells, strict=True)}
        records.append((number, {column: row[column] for column in (allowed or required)}))
    return records


def _read_lines(path: str) -> list[str]:
    if path == "-":  # a facts table piped in: immunokg extract | immunokg evaluate G --facts -
        return sys.stdin.read().removeprefix("\ufeff").splitlines()
    try:
        text = Path(path).read_text(encoding="utf-8")
    except FileNotFoundError:
        raise DataFileError(path, None, "no such file") from None
    except UnicodeDecodeError:
        raise DataFileError(path, None, "not UTF-8 text") from None
    except OSError as error:
        raise DataFileError(path, None, f"cannot read: {error.strerror or error}") from None
    return text.removeprefix("\ufeff").splitlines()
