"""The board of advisors: the seats, who holds them, and when each is due an update."""
