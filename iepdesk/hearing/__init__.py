"""Meetings and hearings: the prep sheet to bring to a meeting, a mediation or a resolution session (prep.py),
and the disclosure packet served before a due-process hearing (packet.py). They build on the binder, the
criteria and the letters, which know nothing of them."""
