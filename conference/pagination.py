"""Paged lists: one page of items and the total, in two queries whatever the page size."""
from __future__ import annotations

from collections.abc import Callable
from functools import cache

from marshmallow import Schema, fields, validate
from sqlalchemy import Select, func, select

from .extensions import db
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


def paginate(query: Select, args: dict, read: Callable[[Select], list] = _objects) -> dict:
    """Run a select for one page and count the whole result; `read` runs the page's select."""
    page, per_page = args.get("page", 1), args.get("per_page", 50)
    total = db.session.scalar(select(func.count()).select_from(query.order_by(None).subquery()))
    items = read(query.limit(per_page).offset((page - 1) * per_page))
    return {"items": items, "total": total, "page": page, "per_page": per_page}
