"""Turning what a visitor typed into a query the full-text engines accept."""

import re

# Longer queries are cut: nobody types more, and an unbounded query is an easy way to load the database.
SEARCH_QUERY_MAX_LENGTH = 200
WORD = re.compile(r"\w+")


def search_query_clean(raw: str) -> str:
    """The query as typed, with spaces collapsed and its length bounded, to show back to the visitor."""
    return " ".join(raw.split())[:SEARCH_QUERY_MAX_LENGTH]


def search_terms(query: str) -> str:
    """Only lower-case words reach the full-text engine.

    Its own syntax in a visitor's query (quotes, AND/OR/NOT/NEAR) would be a syntax error in SQLite's FTS5
    or PostgreSQL's tsquery, not a search.
    """
    return " ".join(WORD.findall(query.lower()))
