"""People: contacts the user met or means to stay in touch with, and the encounters with them."""
