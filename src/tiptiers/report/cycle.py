"""A reporting cycle's draft report (HTML or PDF): each country's placement with its
justification, the decider's reason and the evidence, and the determination drafts. The
data come from :meth:`tiptiers.cycle.service.Cycles.report_data`; this module only lays
them out (PDF by WeasyPrint through :func:`tiptiers.report.document.html_layout`).
:func:`cycle_map_spec` is the world map of a published cycle's placements, the one the
CLI writes and the dashboard draws beside the official map."""

from __future__ import annotations

from pathlib import Path
from typing import TYPE_CHECKING, Any

from tiptiers.errors import BadInput

if TYPE_CHECKING:
    from tiptiers.queries.layers import BesideOfficial

TEMPLATE = "cycle-report.html.j2"


def render_html(data: dict[str, Any]) -> str:
    """The draft report as one self-contained HTML page."""
    from jinja2 import Environment, FileSystemLoader, select_autoescape

    from tiptiers.model import Tier

    env = Environment(
        loader=FileSystemLoader(str(Path(__file__).parent / "templates")),
        autoescape=select_autoescape(["html", "j2"]),
    )
    env.filters["tier"] = lambda c: Tier(c).label if c else "—"
    return env.get_template(TEMPLATE).render(**data)


def write_report(data: dict[str, Any], output: Path) -> Path:
    """Write the draft report to ``output`` (.html or .pdf), atomically."""
    from tiptiers.report.files import write_bytes_atomically

    html = render_html(data)
    suffix = output.suffix.lower()
    if suffix in (".html", ".htm"):
        write_bytes_atomically(output, html.encode("utf-8"))
    elif suffix == ".pdf":
        from tiptiers.report.document import html_layout, layout_to_pdf

        write_bytes_atomically(output, layout_to_pdf(html_layout(html)))
    else:
        raise BadInput(f"{output}: write the report as .html or .pdf.")
    return output


def write_cycle_map(beside: BesideOfficial, output: Path, fmt: str | None = None) -> Path:
    """The world map of a published cycle's placements (SVG, PNG or HTML), titled with the
    cycle's label and said not to be the State Department's report."""
    from tiptiers.countries import registry
    from tiptiers.report.files import check_writable_dir
    from tiptiers.report.maps import cycle_map_spec, format_for, render_spec

    kind = format_for(output, fmt)
    check_writable_dir(output.parent)
    render_spec(cycle_map_spec(beside, registry()), output, kind, beside.cycle.label)
    return output
