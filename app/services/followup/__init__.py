"""Following the goals up: their quality as drafts, indicators and their values (Kolada or
staff), the boards' goals, the follow-up periods and the public progress page."""
