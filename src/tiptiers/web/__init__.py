"""The web front end: the REST API under /api/v1 and the HTML dashboard, one FastAPI app.

:mod:`tiptiers.web.app` defines the app factory ``create_app`` (what ``tiptiers serve``
runs); :mod:`~tiptiers.web.rest` the API endpoints, :mod:`~tiptiers.web.pages` the pages,
:mod:`~tiptiers.web.state` the record held in memory with its memo of answers, and
:mod:`~tiptiers.web.responses` the JSON, CSV and error bodies. Thin: every answer comes
from the core (:mod:`tiptiers.api`, :mod:`tiptiers.queries`, :mod:`tiptiers.law`,
:mod:`tiptiers.report`). Importing this package imports nothing heavy.
"""
