"""Full-text search in the REST API: the document list's search parameters, autocomplete, global search.

`listing.ranked_search` is what `GET /api/documents/` calls for `query=`, `text=`, `title_search=` and
`more_like_id=`; `views` holds `/api/search/` and `/api/search/autocomplete/`.
"""
