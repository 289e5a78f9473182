"""Read what the app sent: the development outbox is a folder of .eml files."""
import email
import email.policy
import os
import re


class Outbox:
    def __init__(self, folder):
        self.folder = folder

    def messages(self):
        if not os.path.isdir(self.folder):
            return []
        result = []
        for name in sorted(os.listdir(self.folder)):
            with open(os.path.join(self.folder, name), "rb") as file:
                result.append(email.message_from_binary_file(file, policy=email.policy.default))
        return result

    def to(self, address):
        return [m for m in self.messages() if m["To"] == address]

    def link(self, address, path_start):
        """The path of the last link to `path_start...` mailed to `address`."""
        for message in reversed(self.to(address)):
            match = re.search(rf"https?://[^/\s]+({re.escape(path_start)}\S+)",
                              message.get_content())
            if match:
                return match.group(1)
        raise AssertionError(f"no {path_start} link mailed to {address}")
