"""The discussion under proposals: comments, helpful marks and the followers' digests."""
