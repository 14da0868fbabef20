"""A user's script that calls vanban's public API; ``mypy --strict`` must pass on it."""

from __future__ import annotations

import datetime as dt
from pathlib import Path

import vanban
from vanban import Corpus, Deadline, DocNumber, Notice, Reference, Signature, parse, parse_file, parse_many
from vanban.frames import annex_frame, notice_frames


def deadlines_due(notice: Notice) -> list[tuple[str, dt.date]]:
    return [(d.kind, d.date) for d in notice.deadlines if d.date is not None]


def numbers(corpus: Corpus) -> list[str]:
    out: list[str] = []
    for notice in corpus:
        number: DocNumber | None = notice.number
        if number is not None:
            out.append(number.raw)
    return out


def main(folder: Path) -> None:
    notice: Notice = parse_file(folder / "cv-45-BHXH-CNTT-2016.txt")
    again: Notice = parse(notice.text, source="inline")
    signature: Signature = again.signature
    references: tuple[Reference, ...] = notice.references
    first: Deadline | None = notice.deadlines[0] if notice.deadlines else None
    record: dict[str, object] = notice.to_dict()
    corpus: Corpus = parse_many(folder, jobs=1)
    frames = corpus.frames()  # pandas DataFrames (pandas itself ships no type stubs)
    one = notice_frames([notice])
    table = annex_frame(notice.annexes[0])
    columns: list[str] = list(frames)
    version: str = vanban.__version__
    print(signature.name, len(references), first, len(record), numbers(corpus), columns, len(one),
          len(table), version, deadlines_due(notice), corpus.errors)


if __name__ == "__main__":
    main(Path("corpus"))
