"""The read-only web view for supervisors and street leaders: who sees what."""
