"""Moderators' review: decisions on proposals, the queues, residents' reports and the
taxonomy of keywords and themes."""
