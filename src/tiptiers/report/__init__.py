"""Reports, maps and charts: the record and the law laid out for reading and printing.

``maps`` (world choropleth by tier), ``charts`` (tier timelines), ``document`` (the annual
report as HTML and PDF). Heavy libraries (Altair, vl-convert, Jinja2, WeasyPrint) are
imported only when a document is built.
"""
