"""Paged lists: one page of items and the total, in two queries whatever the page size."""

from __future__ import annotations

from collections.abc import Callable
from functools import cache

from marshmallow import Schema, fields, validate
from sqlalchemy import Select, func, select

from ..extensions import db
from .schemas import Serialized

MAX_PER_PAGE = 200


class PageArgsSchema(Schema):
    """`page` and `per_page` query arguments shared by every list."""

    page = fields.Integer(load_default=1, validate=validate.Range(min=1, max=1_000_000))
    per_page = fields.Integer(load_default=50, validate=validate.Range(min=1, max=MAX_PER_PAGE))


@cache
def page_schema(item_schema: type[Schema], *, serialized: bool = False) -> type[Schema]:
    """The response schema of a page of `item_schema` items (`serialized`: items arrive already dumped by it)."""
    item = (Serialized if serialized else fields.Nested)(item_schema)
    return type(
        f"{item_schema.__name__.removesuffix('Schema')}PageSchema",
        (Schema,),
        {
            "items": fields.List(item, required=True),
            "total": fields.Integer(required=True),
            "page": fields.Integer(required=True),
            "per_page": fields.Integer(required=True),
        },
    )


def _objects(query: Select) -> list:
    """The ORM objects a select loads."""
    return db.session.scalars(query).unique().all()


def paginate(
    query: Select,
    args: dict,
    read: Callable[[Select], list] = _objects,
    total: Callable[[Callable[[], int]], int] | None = None,
) -> dict:
    """Run a select for one page and count the whole result; `read` runs the page's select, and `total(count)`,
    when given, may keep counts."""
    page, per_page = args.get("page", 1), args.get("per_page", 50)
    count = lambda: db.session.scalar(_count(query))  # noqa: E731
    total = total(count) if total else count()
    items = read(query.limit(per_page).offset((page - 1) * per_page))
    return {"items": items, "total": total, "page": page, "per_page": per_page}


def paginate_ranked(query: Select, args: dict) -> dict:
    """Like paginate() for a query that must rank every match anyway (search): one statement counts and pages."""
    page, per_page = args.get("page", 1), args.get("per_page", 50)
    counted = query.add_columns(func.count().over().label("total")).limit(per_page).offset((page - 1) * per_page)
    rows = db.session.execute(counted).all()
    if rows:
        total = rows[0].total
    else:  # past the last page (or nothing found): the window saw no rows to count
        total = 0 if page == 1 else db.session.scalar(_count(query))
    return {"items": [row[0] for row in rows], "total": total, "page": page, "per_page": per_page}


#: Arguments that choose a page, not what is counted.
PAGE_ARGS = ("page", "per_page")


def _count(query: Select) -> Select:
    """How many rows the query selects."""
    return select(func.count()).select_from(query.order_by(None).subquery())
