class DomainError(Exception):
    """A rule of the domain was broken. `field` names the form field the message belongs to."""

    def __init__(self, message, field=None):
        super().__init__(str(message))
        self.message = message
        self.field = field
