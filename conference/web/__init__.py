"""Request plumbing every feature shares: the error shape, security headers, input checks, conditional GETs, pages, the app shell, health."""
