"""Events, people, deadline rules and the case's chronology (no Qt).

days.py counts days; rules.py loads the deadline packs (resources/deadlines); events.py, people.py and
breaks.py keep what the parent records; proposals.py suggests events from documents; deadlines.py computes the
clocks; timeline.py and comms.py put it together for the timeline, the communication log and the binder.
"""
