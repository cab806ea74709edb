"""The one protocol every synced record follows: client-made ids, versions, If-Match, tombstones, the changes feed.

Features describe each kind they sync as a `Kind` and `register` it; this package imports none of them.
"""

from .models import OwnedRecord, Versioned, owner_indexes
from .operations import etag_headers, get_owned_or_404, owned

__all__ = ["OwnedRecord", "Versioned", "etag_headers", "get_owned_or_404", "owned", "owner_indexes"]
