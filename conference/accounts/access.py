"""Who may do what beyond their own records."""

from __future__ import annotations

from functools import wraps

from flask_login import current_user, login_required
from flask_smorest import abort


def admin_required(view):
    """Let only admins through.

    :raise 401: when not logged in.
    :raise 403: when logged in without the admin role.
    """

    @wraps(view)
    @login_required
    def wrapper(*args, **kwargs):
        if not current_user.is_admin:
            abort(403, message="Only admins may do this.")
        return view(*args, **kwargs)

    return wrapper
