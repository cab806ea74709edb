"""`flask users ...` commands for operators."""
from __future__ import annotations

import click
from flask.cli import AppGroup
from marshmallow import ValidationError, validate

from ..extensions import db
from . import operations
from .schemas import MIN_PASSWORD_LENGTH, normalize_email

users_cli = AppGroup("users", help="Manage user accounts.")


@users_cli.command("create-admin")
@click.argument("email")
@click.option("--password", help="Password for a new account (asked for when omitted).")
@click.option("--name", help="Display name for a new account.")
def create_admin(email: str, password: str | None, name: str | None) -> None:
    """Make EMAIL an admin, creating the account when it does not exist."""
    email = normalize_email(email)
    try:
        validate.Email()(email)
    except ValidationError:
        raise click.UsageError(f"{email!r} is not a valid email address") from None
    if password is None and operations.find_user(email) is None:
        password = click.prompt("Password", hide_input=True, confirmation_prompt=True)
    if password is not None and len(password) < MIN_PASSWORD_LENGTH:
        raise click.UsageError(f"the password must be at least {MIN_PASSWORD_LENGTH} characters")
    user, created = operations.make_admin(email, password, name)
    db.session.commit()
    click.echo(f"{'created' if created else 'updated'} admin {user.email}")
