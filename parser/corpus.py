"""A :class:`Corpus`: parsed notices and the files that failed, with their DataFrames."""

from __future__ import annotations

from collections.abc import Iterator
from dataclasses import dataclass, field
from typing import TYPE_CHECKING

from .models import Notice

if TYPE_CHECKING:  # pandas is imported when a frame is asked for, not with the package
    import pandas as pd


@dataclass
class Corpus:
    """Parsed notices and the files that failed (``(path, one-line error)``)."""

    notices: list[Notice] = field(default_factory=list)
    errors: list[tuple[str, str]] = field(default_factory=list)

    def frames(self) -> dict[str, pd.DataFrame]:
        """All frames: notices, references, deadlines, recipients, distribution, annexes,
        annex_rows, sections and errors, each keyed by ``doc_id`` with fixed dtypes."""
        from .frames import notice_frames

        return notice_frames(self.notices, self.errors)

    def chunks(self, max_chars: int = 2000) -> pd.DataFrame:
        """Retrieval chunks of every notice: one per article (a long article split at its
        clauses), each with the notice's number, type, issuer, date and structural path."""
        from .frames import build_frame, chunk_records

        return build_frame("chunks", [r for n in self.notices for r in chunk_records(n, max_chars)])

    def frame(self, name: str) -> pd.DataFrame:
        """One frame by name (see :meth:`frames`)."""
        return self.frames()[name]

    def annex(self, key: str, index: int = 0) -> pd.DataFrame:
        """The table of annex ``index`` of the notice whose ``doc_id`` is ``key``."""
        from .frames import annex_frame, doc_id

        for notice in self.notices:
            if doc_id(notice) == key:
                return annex_frame(notice.annexes[index])
        raise KeyError(key)

    def __len__(self) -> int:
        return len(self.notices)

    def __iter__(self) -> Iterator[Notice]:
        return iter(self.notices)
