"""The conference program: conferences, sessions, speakers, programs, and importing them from files."""
