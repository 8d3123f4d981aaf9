"""A due-process hearing: the disclosure packet served before it (packet.py). It builds on the binder and the
letters, which know nothing of it."""
