"""`flask users ...` commands for operators."""

from __future__ import annotations

import sys

import click
from flask.cli import AppGroup
from marshmallow import ValidationError, validate

from ..extensions import db
from . import operations
from .schemas import MIN_PASSWORD_LENGTH, normalize_email

users_cli = AppGroup("users", help="Manage user accounts.")


def _check_length(password: str) -> None:
    """Hold operators' passwords to the same minimum as the app's.

    :raise click.UsageError: when the password is too short.
    """
    if len(password) < MIN_PASSWORD_LENGTH:
        raise click.UsageError(f"the password must be at least {MIN_PASSWORD_LENGTH} characters")


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
    if password is not None:
        _check_length(password)
    user, created = operations.make_admin(email, password, name)
    db.session.commit()
    click.echo(f"{'created' if created else 'updated'} admin {user.email}")


@users_cli.command("set-password")
@click.argument("email")
@click.option("--password-stdin", is_flag=True, help="Read the password from the first line of standard input.")
def set_password(email: str, password_stdin: bool) -> None:
    """Give EMAIL's account a new password (asked for, or read from stdin) and log it out everywhere; the role is unchanged."""
    user = operations.find_user(normalize_email(email))
    if user is None:
        raise click.UsageError(f"no account has the email {email!r}")
    if password_stdin:
        password = sys.stdin.readline().rstrip("\r\n")
    else:
        password = click.prompt("New password", hide_input=True, confirmation_prompt=True)
    _check_length(password)
    operations.set_password(user, password)
    db.session.commit()
    click.echo(f"new password set for {user.email}; all of its sessions have ended")
