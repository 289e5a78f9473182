def config_for(database_url, **overrides):
    """The configuration every test app gets: testing mode on the test database."""
    return {"APP_ENV": "testing", "TESTING": True, "SECRET_KEY": "test-secret",
            "SQLALCHEMY_DATABASE_URI": database_url, "MUNICIPALITY_NAME": "Testkommun",
            # The summary recounts after every change, unless a test says otherwise.
            "SUMMARY_MAX_AGE": 0, "VALIDATOR_MAX_AGE": 0,
            "PAGE_CACHE_SIZE": 0, **overrides}
