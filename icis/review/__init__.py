"""The one review engine: a panel, assignment, conflicts, a weighted rubric, scores, ranking,
and decisions held then released once. Award applications (and, next, meeting abstracts) are
kinds of reviewed thing: each domain keeps its own tables, built on the abstract models here,
and hands the engine an adapter (`icis.review.kinds.ReviewKind`) that says how to read them."""
