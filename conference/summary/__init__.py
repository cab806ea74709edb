"""The summary email after a conference: who the user met, what they promised, what is still open."""
