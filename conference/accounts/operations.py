"""Account changes; they flush, the request commits."""

from __future__ import annotations

from functools import cache

from flask import current_app
from flask_smorest import abort
from sqlalchemy import delete, select, update
from sqlalchemy.exc import IntegrityError
from werkzeug.security import check_password_hash, generate_password_hash

from ..extensions import db
from .models import LoginSession, User, hash_password
from .sessions import end_other_sessions


@cache
def _dummy_hash(method: str) -> str:
    """A hash to check against when the email is unknown, so both cases take as long."""
    return generate_password_hash("no account has this password", method=method)


def find_user(email: str) -> User | None:
    """The account with this (normalized) email, if any."""
    return db.session.scalars(select(User).where(User.email == email)).one_or_none()


def create_user(email: str, password: str, name: str, role: str = "attendee", timezone: str = "UTC") -> User:
    """Create an account.

    :raise 409: when the email is already registered, also by a request running at the same time.
    """
    if find_user(email) is None:
        user = User(email=email, name=name.strip(), role=role, timezone=timezone)
        user.set_password(password)
        try:
            with db.session.begin_nested():
                db.session.add(user)
        except IntegrityError:
            pass  # another registration of this email committed first: the same answer as when it came earlier
        else:
            return user
    abort(409, message="An account with this email already exists.", errors={"email": ["Already registered."]})


def authenticate(email: str, password: str) -> User | None:
    """The user these credentials belong to, or None, taking the same time either way."""
    user = find_user(email)
    if user is None:
        check_password_hash(_dummy_hash(current_app.config["PASSWORD_HASH_METHOD"]), password)
        return None
    return user if user.check_password(password) else None


def update_user(user: User, changes: dict) -> User:
    """Apply profile and settings changes."""
    changed = False
    for key, value in changes.items():
        if getattr(user, key) != value:
            setattr(user, key, value)
            changed = True
    if changed:
        user.touch()
    db.session.flush()
    return user


def make_admin(email: str, password: str | None, name: str | None = None) -> tuple[User, bool]:
    """Give an account the admin role, creating it (a password is then needed); returns (user, created)."""
    user = find_user(email)
    if user is None:
        return create_user(email, password, name or email.split("@")[0], role="admin"), True
    user.role = "admin"
    if password:
        set_password(user, password)
    user.touch()
    db.session.flush()
    return user, False


def set_password(user: User, password: str, keep: LoginSession | None = None) -> None:
    """Give a user a new password and end every session but `keep`: whoever knew the old one is out."""
    user.set_password(password)
    end_other_sessions(user, keep)
    db.session.flush()


def change_password(user: User, current: str, new: str, keep: LoginSession | None) -> None:
    """Change a user's own password, confirmed with the current one; of changes made at once only one wins.

    The new hash replaces only the hash the check was made against, so a request that read the
    password before another one changed it cannot overwrite that change.
    :raise 422: naming current_password when it is wrong.
    :raise 409: when another request changed the password since this one read it.
    """
    seen = user.password_hash
    check_current_password(user, current, "current_password")
    swapped = db.session.execute(
        update(User).where(User.id == user.id, User.password_hash == seen).values(password_hash=hash_password(new))
    )
    if swapped.rowcount != 1:
        abort(409, message="The password was changed meanwhile.", errors={"current_password": ["Changed meanwhile."]})
    end_other_sessions(user, keep)
    db.session.flush()


def check_current_password(user: User, password: str, field: str) -> None:
    """Confirm a sensitive change with the user's password.

    :raise 422: naming `field` when the password is wrong.
    """
    if not user.check_password(password):
        abort(422, message="The current password is wrong.", errors={field: ["Wrong password."]})


def delete_account(user: User) -> None:
    """Erase an account; every table referencing users cascades (or lets go), so nothing of it remains."""
    db.session.execute(delete(User).where(User.id == user.id))
