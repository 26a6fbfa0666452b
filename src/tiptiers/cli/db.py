"""The database itself: ``tiptiers db refresh`` brings this tiptiers' packaged record into a
database that holds an older one and imports since (docs/DATA.md, "After an upgrade"); a
database without imports is refreshed when it is opened, by any command."""

from __future__ import annotations

import sys
from typing import Annotated, Any

import typer

from tiptiers.cli.common import DataFormat, DataFormatOpt, DbOpt, console, emit_json, table
from tiptiers.cli.program import app
from tiptiers.errors import BadInput

db_app = typer.Typer(
    help="The database: bring in the packaged record after an upgrade of tiptiers.",
    no_args_is_help=True,
)
app.add_typer(db_app, name="db", rich_help_panel="The record")


@db_app.command("refresh")
def refresh(
    dry_run: Annotated[
        bool,
        typer.Option("--dry-run", help="Show what would change (rows per table); write nothing."),
    ] = False,
    yes: Annotated[
        bool,
        typer.Option("--yes", help="Refresh even though it replaces your imports since."),
    ] = False,
    fmt: DataFormatOpt = DataFormat.table,
    db: DbOpt = None,
) -> None:
    """Replace the database's packaged record with the one this tiptiers ships.

    A database remembers which packaged record it was seeded from. When tiptiers is upgraded
    and ships a newer one, opening the database refreshes it, unless you imported your own
    data since: then nothing is overwritten and this command does it. It replaces the
    record's tables (countries, placements, coverage, determinations) in one transaction,
    your imports in them included (import them again after); reporting cycles and users are
    kept.

    Examples: tiptiers db refresh --dry-run · tiptiers db refresh --yes
    """
    from tiptiers.store import Store
    from tiptiers.store import packaged as pk
    from tiptiers.store import refresh as rf

    with Store.open(db) as store:
        state, changes = rf.diff(store)
        if store.packaged_note and state is None:  # opening it refreshed it: say so
            sys.stderr.write(f"tiptiers: note: {store.packaged_note}\n")
        out: dict[str, Any] = {
            "database": store.describe(),
            "packaged_record": pk.fingerprint(),
            "held": pk.fingerprint() if state is None else state.held,
            "current": state is None,
            "imports_replaced": [] if state is None else list(state.imports),
            "changes": [c._asdict() for c in changes],
            "written": False,
            "revision": store.revision(),
        }
        if state is not None and not dry_run:
            if state.imports and not yes:
                raise BadInput(
                    f"refreshing {store.describe()} would replace {len(state.imports)} "
                    f"import(s) since its packaged record ({', '.join(state.imports)}): "
                    "pass --yes to refresh, or --dry-run to see what would change"
                )
            done = rf.refresh(store, force=True)
            if done is not None:
                out.update(
                    written=True,
                    revision=done.revision,
                    changes=[c._asdict() for c in done.changes],
                )
    if fmt == "json":
        emit_json(out)
        return
    if out["current"]:
        sys.stdout.write(
            f"{out['database']} holds this tiptiers' packaged record ({out['packaged_record']}):"
            " nothing to refresh.\n"
        )
        return
    held = out["held"] or "seeded before records were fingerprinted"
    verb = "Refreshed" if out["written"] else "Would refresh"
    lines = [f"{verb} {out['database']}: packaged record {held} -> {out['packaged_record']}."]
    if out["imports_replaced"]:
        what = "replaced" if out["written"] else "would be replaced"
        lines.append(f"Imports since, {what}: {', '.join(out['imports_replaced'])}.")
    sys.stdout.write("\n".join(lines) + "\n")
    console().print(
        table(
            "Rows per table" + (f" (revision {out['revision']})" if out["written"] else ""),
            ["table", "added", "changed", "removed"],
            [[c["table"], c["added"], c["changed"], c["removed"]] for c in out["changes"]],
        )
    )
