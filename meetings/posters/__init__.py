"""The iPoster gallery: posters of accepted abstracts (or added by staff), their previews,
questions to presenters and best-poster voting."""
