"""Taking part: proposals and supports from every channel (web, paper, Open Space,
imported files), and finding them again (listing and search)."""
