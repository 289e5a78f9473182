"""The words the portal's addresses use for the domain's values.

Every address of the portal is Swedish, its query strings too: `?kanal=plats`, not
`?kanal=place`. Links are built with `word()`, and the views read the address back with
`value()`, so the two never drift apart.
"""
from app.models import Channel, ProposalStatus

CHANNELS = {
    Channel.DIGITAL: "webb",
    Channel.PLACE: "plats",
    Channel.OPEN_SPACE: "open-space",
    Channel.EMAIL: "e-post",
    Channel.LETTER: "brev",
}

# The statuses a resident may filter the public list by.
STATUSES = {
    ProposalStatus.PUBLISHED: "publicerade",
    ProposalStatus.WITHDRAWN: "tillbakadragna",
}

# The public list's orders.
SORTS = {
    "random": "slumpvis",
    "newest": "nyast",
    "supports": "mest-stod",
}

# The orders of a proposal's discussion.
COMMENT_SORTS = {
    "oldest": "aldst",
    "newest": "nyast",
    "helpful": "mest-hjalpsamma",
}

# The moderators' queues.
QUEUES = {
    "new": "nya",
    "reported": "anmalda",
    "personal": "pekar-ut-personer",
    "untagged": "utan-nyckelord",
    "hidden": "dolda",
    "all": "alla",
}


def word(words, value):
    """The address's word for `value`; None stays None (a filter not set)."""
    return None if value is None else words[value]


def value(words, text):
    """The value an address's word stands for, or None if it is not one of `words`."""
    return next((key for key, word_ in words.items() if word_ == (text or "").strip().lower()),
                None)


def choices(words, names):
    """(word, name) pairs for a select in a filter form, in the order of `names`."""
    return [(words[key], name) for key, name in names.items() if key in words]
