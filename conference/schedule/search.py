"""Full-text search over the program: SQLite FTS5 or PostgreSQL tsvector with GIN, ranked, by prefix, accent-blind.

The index lives outside the ORM (a virtual table on SQLite, a table the migration makes on
PostgreSQL): one row per session holding its title, speakers (names and affiliations), track and
abstract, already folded by `fold()` so "Müller" and "muller" are the same word on both databases.
On PostgreSQL the row also holds the session's conference and start, so a search alone never reads
the sessions (a broad prefix matches thousands of them).
`refresh()` rewrites the rows of the sessions an import wrote, and of any left stale, in bulk.
"""

from __future__ import annotations

import re
import unicodedata
from collections import defaultdict
from collections.abc import Iterable

from sqlalchemy import Select, bindparam, column, false, func, literal_column, select, table, text, update

from ..db.types import on_postgresql, one_of
from ..extensions import db
from .models import Conference, Session, SessionSpeaker, Speaker

TABLE = "session_search"
#: At most this many words of a query are matched (each by prefix); more only slows the index down.
MAX_TERMS = 8
#: Rows per statement when rewriting the index.
CHUNK = 2000
_WORD = re.compile(r"[^\W_]+")

_sqlite_index = table(TABLE, column("rowid"))
_postgres_index = table(TABLE, column("session_id"), column("conference_id"), column("starts_at"), column("document"))


def is_index_table(name: str) -> bool:
    """Whether a table belongs to the search index, which the models leave to the migration."""
    return name == TABLE or name.startswith(TABLE + "_")


def fold(text_: str) -> str:
    """Lower-case text without accents, as both databases index and query it."""
    if text_.isascii():  # most of a program: nothing to decompose, and ASCII's casefold is lower()
        return text_.lower()
    decomposed = unicodedata.normalize("NFKD", text_)
    return "".join(char for char in decomposed if not unicodedata.combining(char)).casefold()


def terms(query: str) -> list[str]:
    """The words of a query, folded; each matches words starting with it."""
    return _WORD.findall(fold(query))[:MAX_TERMS]


def matches(query: str, conference_id: int) -> Select:
    """A conference's sessions matching every word of the query by prefix: `session_id`, `rank` (lower is
    better) and `starts_at`, which breaks ties."""
    words = terms(query)
    if on_postgresql():
        tsquery = func.to_tsquery("simple", bindparam("tsquery", " & ".join(f"{word}:*" for word in words)))
        index = _postgres_index.c
        matching = index.document.op("@@")(tsquery) if words else false()
        # OFFSET 0 keeps the planner from carrying every matching document up a join to rank it there.
        return (
            select(
                index.session_id.label("session_id"),
                (-func.ts_rank(index.document, tsquery)).label("rank"),
                index.starts_at,
            )
            .where(index.conference_id == conference_id, matching)
            .offset(0)
        )
    # bm25 weights follow the column order: title, speakers, track, abstract.
    fts_query = " AND ".join(f'"{word}"*' for word in words)
    matching = text(f"{TABLE} MATCH :fts").bindparams(fts=fts_query) if words else false()
    return (
        select(
            _sqlite_index.c.rowid.label("session_id"),
            literal_column(f"bm25({TABLE}, 10.0, 5.0, 3.0, 1.0)").label("rank"),
            Session.starts_at,
        )
        .join(Session, Session.id == _sqlite_index.c.rowid)
        .where(Session.conference_id == conference_id, matching)
    )


def refresh(conference: Conference, written: Iterable[int] = ()) -> int:
    """Index the sessions just written and any of the conference's the index holds stale; returns how many.

    Written sessions carry their new search_hash already, which saves rewriting every row of a new program;
    stale ones (search_hash behind content_hash) are caught up. A chunk at a time, so a whole program's
    texts are never in memory at once.
    """
    stale = (Session.conference_id == conference.id, Session.search_hash != Session.content_hash)
    stale_ids = db.session.scalars(select(Session.id).where(*stale)).all()
    ids = sorted({*written, *stale_ids})
    write = _write_postgres if on_postgresql() else _write_sqlite
    for start in range(0, len(ids), CHUNK):
        write(_documents(ids[start : start + CHUNK]))
    if stale_ids:
        db.session.execute(
            update(Session)
            .where(*stale)
            .values(search_hash=Session.content_hash)
            .execution_options(synchronize_session=False)
        )
    return len(ids)


def _documents(ids: list[int]) -> list[dict]:
    """The folded index documents of these sessions."""
    speakers: dict[int, list[str]] = defaultdict(list)
    for session_id, name, affiliation in db.session.execute(
        select(SessionSpeaker.session_id, Speaker.name, Speaker.affiliation)
        .join(Speaker, SessionSpeaker.speaker_id == Speaker.id)
        .where(one_of(SessionSpeaker.session_id, ids))
    ):
        speakers[session_id].append(f"{name} {affiliation}")
    rows = db.session.execute(
        select(
            Session.id, Session.conference_id, Session.starts_at, Session.title, Session.track, Session.abstract
        ).where(one_of(Session.id, ids))
    )
    return [
        {
            "id": row.id,
            "conference_id": row.conference_id,
            "starts_at": row.starts_at,
            "title": fold(row.title),
            "speakers": fold("; ".join(speakers[row.id])),
            "track": fold(row.track),
            "abstract": fold(row.abstract),
        }
        for row in rows
    ]


def _write_sqlite(documents: list[dict]) -> None:
    """Replace these sessions' rows of the FTS5 table."""
    db.session.execute(text(f"DELETE FROM {TABLE} WHERE rowid = :id"), [{"id": d["id"]} for d in documents])
    db.session.execute(
        text(
            f"INSERT INTO {TABLE} (rowid, title, speakers, track, abstract) VALUES (:id, :title, :speakers, :track, :abstract)"
        ),
        documents,
    )


def _write_postgres(documents: list[dict]) -> None:
    """Replace these sessions' rows in one statement: weighted tsvectors built from arrays."""
    keys = ("id", "conference_id", "starts_at", "title", "speakers", "track", "abstract")
    columns = {key: [d[key] for d in documents] for key in keys}
    db.session.execute(
        text(
            f"INSERT INTO {TABLE} (session_id, conference_id, starts_at, document)"
            " SELECT id, conference_id, starts_at,"
            " setweight(to_tsvector('simple', title), 'A') || setweight(to_tsvector('simple', speakers), 'B')"
            " || setweight(to_tsvector('simple', track), 'C') || setweight(to_tsvector('simple', abstract), 'D')"
            " FROM unnest(CAST(:id AS integer[]), CAST(:conference_id AS integer[]), CAST(:starts_at AS timestamptz[]),"
            " CAST(:title AS text[]), CAST(:speakers AS text[]), CAST(:track AS text[]), CAST(:abstract AS text[]))"
            " AS doc(id, conference_id, starts_at, title, speakers, track, abstract)"
            " ON CONFLICT (session_id) DO UPDATE SET conference_id = excluded.conference_id,"
            " starts_at = excluded.starts_at, document = excluded.document"
        ),
        columns,
    )
