"""Reports, maps and charts: the record and the law laid out for reading and printing.

``maps`` (the world choropleth by tier and the shared palette), ``charts`` (tier
timelines), ``document`` (the annual report as HTML and PDF). Importing this package is
light: Altair, vl-convert, Jinja2 and WeasyPrint load only when a document is built.

The one-call forms, for the web app and the Python API:

- :func:`build_report_html` ``(year, countries=None, *, record) -> str``: the annual report
  as one self-contained HTML file;
- :func:`build_report_pdf` ``(year, countries=None, *, record) -> bytes``: the same as a PDF;
- :func:`write_report` ``(year, out_dir, fmt, *, record)``: both into a directory, atomically;

The caller passes the record (``tiptiers.api`` reads it from the store): nothing here
imports the API, so the import graph has no cycle.
- :func:`map_spec` and :data:`TIER_COLORS`: the home-page map as a Vega-Lite spec.
"""

from tiptiers.report.document import build_report_html, build_report_pdf, write_report
from tiptiers.report.maps import TIER_COLORS, map_spec, render_map

__all__ = [
    "TIER_COLORS",
    "build_report_html",
    "build_report_pdf",
    "map_spec",
    "render_map",
    "write_report",
]
