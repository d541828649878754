"""The engagement tournament: points from one append-only ledger, the leaderboard, prizes."""
