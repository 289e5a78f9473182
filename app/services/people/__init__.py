"""People and their accounts: registration, sign-in sessions, tokens, passwords and
personal data (export and erasure)."""
