"""The digests in the staff chat: the scheduled tick, /digest and the digest buttons."""
