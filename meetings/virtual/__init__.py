"""The virtual meeting: live streams and recordings on demand, and the one rule for who may
enter any part of the virtual platform (posters, exhibitors and the tournament use it too)."""
