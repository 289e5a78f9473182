"""Who we have heard from, and who not yet: reach compared with the population.

- `suppression`: the one place that decides which counts of people may be shown.
- `profiles`: the optional questions about participants and their answers, kept apart
  from the accounts (asked once; deleted with the account).
- `population`: the population per district and age band, imported as CSV.
- `figures`: the reach figures for staff and KSAU, always through `suppression`.
- `outreach`: the staff's plans to meet the groups not yet heard.
"""
