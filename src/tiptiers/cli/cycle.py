"""Reporting cycles and their users: ``tiptiers cycle ...`` and ``tiptiers users ...``
(docs/CYCLE.md). Every action of the cycle pages is here too; each calls
:class:`tiptiers.cycle.service.Cycles`, as the API and the pages do.

Who acts is ``--user NAME`` (or ``$TIPTIERS_USER``): the CLI reaches the database directly,
so it is trusted to say who it is, and the roles of that user in the cycle still decide what
it may do; the trail records the name and the role.
"""

from __future__ import annotations

import json
import os
import sys
from enum import StrEnum
from pathlib import Path
from typing import Annotated, Any

import typer

from tiptiers.cli.common import DataFormat, DataFormatOpt, DbOpt, emit_json, table, tier_text
from tiptiers.cli.program import app
from tiptiers.errors import BadInput

cycle_app = typer.Typer(
    help="Run a reporting cycle: assess countries from evidence, review, decide, publish"
    " (docs/CYCLE.md).\n\nStart with: tiptiers users add admin · tiptiers cycle new 2026"
    " --name 'Shadow report' --user admin · tiptiers users add ana --role analyst --cycle 1"
    " --user admin",
    no_args_is_help=True,
)
users_app = typer.Typer(
    help="The people who work on cycles, and their API tokens.", no_args_is_help=True
)
app.add_typer(cycle_app, name="cycle", rich_help_panel="Reporting cycles")
app.add_typer(users_app, name="users", rich_help_panel="Reporting cycles")

UserOpt = Annotated[
    str | None,
    typer.Option("--user", "-u", help="Who acts (default: $TIPTIERS_USER).", show_default=False),
]
CycleArg = Annotated[int, typer.Argument(help="The cycle's number (tiptiers cycle list).")]
CountryArg = Annotated[
    str, typer.Argument(help="A country of the cycle (name, alias, ISO2 or ISO3).")
]
VersionOpt = Annotated[
    int | None,
    typer.Option(
        "--version",
        help="The version you last saw (cycle assess shows it); a newer one is a conflict"
        " (exit 2) instead of an overwrite. Default: the version read just before writing.",
        show_default=False,
    ),
]
BUNDLE_LIMIT = 50_000_000  # bytes: a 188-country cycle with its evidence is a few MB


def _service(db: str | None) -> Any:
    from tiptiers import api
    from tiptiers.cli.common import use_db
    from tiptiers.cycle.service import Cycles

    use_db(db)
    return Cycles(api.store(), api.record)


def _who(user: str | None) -> str:
    name = user or os.environ.get("TIPTIERS_USER", "")
    if not name:
        raise BadInput("Say who you are: --user NAME or TIPTIERS_USER (tiptiers users add NAME).")
    return name


def _value(text: str) -> Any:
    """A fact's value as typed: true/false/null, a number, a JSON or YAML list, or text."""
    import yaml

    try:
        return yaml.safe_load(text)
    except yaml.YAMLError:
        return text


def _pairs(items: list[str], what: str) -> dict[str, Any]:
    out: dict[str, Any] = {}
    for item in items:
        name, sep, value = item.partition("=")
        if not sep or not name.strip():
            raise BadInput(f"{what} '{item}': write NAME=VALUE (e.g. {what} fully_complies=false).")
        out[name.strip()] = _value(value)
    return out


# -- users ----------------------------------------------------------------------------------
@users_app.command("add")
def users_add(
    name: Annotated[str, typer.Argument(help="The user name (letters, digits, _ . @ -).")],
    role: Annotated[
        str | None,
        typer.Option(
            help="Also give this role (viewer, analyst, reviewer, decider, admin) in --cycle."
        ),
    ] = None,
    cycle: Annotated[int | None, typer.Option(help="The cycle for --role.")] = None,
    countries: Annotated[
        str, typer.Option(help="An analyst's countries or bureaus, comma separated.")
    ] = "",
    password_stdin: Annotated[
        bool, typer.Option("--password-stdin", help="Read a web-login password from stdin.")
    ] = False,
    token: Annotated[
        bool, typer.Option("--token", help="Also make an API token (shown once).")
    ] = False,
    user: UserOpt = None,
    db: DbOpt = None,
) -> None:
    """Add a user; with --password-stdin they can sign in to the pages, with --token they get
    an API token (printed once, stored hashed). With --role and --cycle, --user (that
    cycle's admin) makes them a member.

    Example: printf '%s' "$PASS" | tiptiers users add ana --password-stdin --token
    """
    svc = _service(db)
    if role is not None and cycle is None:
        raise BadInput("--role needs --cycle (roles are per cycle).")
    password = sys.stdin.readline().rstrip("\n") if password_stdin else None
    svc.add_user(name, password)
    print(f"Added user {name}" + (" with a password" if password else "") + ".")
    if role is not None and cycle is not None:
        svc.add_member(_who(user), cycle, name, role, countries)
        print(f"{name} is {role} in cycle {cycle}.")
    if token:
        print(f"API token (shown once, keep it): {svc.new_token(name, 'users add')}")


@users_app.command("list")
def users_list(fmt: DataFormatOpt = DataFormat.table, db: DbOpt = None) -> None:
    """The users (never their passwords or tokens)."""
    rows = _service(db).users()
    if fmt == DataFormat.json:
        emit_json(rows)
        return
    _print(
        table(
            "Users",
            ["Name", "Web login", "Added"],
            [(u["name"], "yes" if u["password"] else "no", u["created_at"]) for u in rows],
        )
    )


@users_app.command("token")
def users_token(
    name: Annotated[str, typer.Argument(help="The user.")],
    label: Annotated[str, typer.Option(help="What the token is for.")] = "",
    db: DbOpt = None,
) -> None:
    """A new API token for NAME, printed once (the database keeps only its hash)."""
    print(_service(db).new_token(name, label))


@users_app.command("revoke")
def users_revoke(name: Annotated[str, typer.Argument(help="The user.")], db: DbOpt = None) -> None:
    """Revoke every API token of NAME (make a new one with 'tiptiers users token NAME')."""
    n = _service(db).revoke_tokens(name)
    print(f"Revoked {n} token{'' if n == 1 else 's'} of {name}.")


@users_app.command("password")
def users_password(
    name: Annotated[str, typer.Argument(help="The user.")], db: DbOpt = None
) -> None:
    """Set NAME's web-login password from stdin (at least 10 characters)."""
    _service(db).set_password(name, sys.stdin.readline().rstrip("\n"))
    print(f"Password of {name} set.")


# -- cycles -----------------------------------------------------------------------------------
def _tier(code: str | None) -> str:
    from tiptiers.model import Tier

    return Tier(code).label if code else "none"


def _print(*items: Any) -> None:
    from tiptiers.cli.common import console

    c = console()
    for item in items:
        c.print(item)


@cycle_app.command("new")
def cycle_new(
    year: Annotated[int, typer.Argument(help="The report year (the June report).")],
    name: Annotated[str, typer.Option(help="The cycle's name, e.g. 'Shadow report 2026'.")],
    countries: Annotated[
        str,
        typer.Option(
            help="Only these countries, comma separated (default: every country of the last report)."
        ),
    ] = "",
    period_start: Annotated[
        str | None,
        typer.Option(help="Reporting period start (default April 1 of the year before)."),
    ] = None,
    period_end: Annotated[
        str | None, typer.Option(help="Reporting period end (default March 31).")
    ] = None,
    release: Annotated[
        str | None,
        typer.Option(
            help="Planned release date (default June 30): the 45-90 days of 7107(c) count from it."
        ),
    ] = None,
    user: UserOpt = None,
    fmt: DataFormatOpt = DataFormat.table,
    db: DbOpt = None,
) -> None:
    """Open a cycle for a report year, prefilled from the record (each country's recent
    placements, Watch List clock and waiver years). You become its admin."""
    svc = _service(db)
    wanted = [c for c in countries.split(",") if c.strip()] or None
    data = svc.new_cycle(
        _who(user),
        year,
        name,
        period_start=period_start,
        period_end=period_end,
        planned_release=release,
        countries=wanted,
    )
    if fmt == DataFormat.json:
        emit_json({k: v for k, v in data.items() if k != "board"})
        return
    print(
        f"Opened cycle {data['id']}: {data['name']} ({data['year']}), {len(data['board'])} countries,"
        f" period {data['period']['start']} to {data['period']['end']}, release {data['planned_release']}."
    )


@cycle_app.command("list")
def cycle_list(
    user: UserOpt = None, fmt: DataFormatOpt = DataFormat.table, db: DbOpt = None
) -> None:
    """The cycles you are a member of, and every published one."""
    rows = _service(db).cycles(user or os.environ.get("TIPTIERS_USER"))
    if fmt == DataFormat.json:
        emit_json(rows)
        return
    _print(
        table(
            "Cycles",
            ["#", "Year", "Name", "Status", "Events", "Your roles"],
            [
                (
                    r["id"],
                    r["year"],
                    r["name"],
                    r["status"],
                    r["events"],
                    ", ".join(r["your_roles"]),
                )
                for r in rows
            ],
        )
    )


@cycle_app.command("show")
def cycle_show(
    cycle: CycleArg,
    region: Annotated[str | None, typer.Option("--region", "-r", help="Only this bureau.")] = None,
    status: Annotated[
        str | None,
        typer.Option(
            help="Only this status (not_started, draft, recommended, cleared, disputed, decided)."
        ),
    ] = None,
    user: UserOpt = None,
    fmt: DataFormatOpt = DataFormat.table,
    db: DbOpt = None,
) -> None:
    """The board: every country's status, recommended vs supported-by-law vs final tier,
    clock, override and last change."""
    data = _service(db).cycle(cycle, user or os.environ.get("TIPTIERS_USER"))
    board = [
        b
        for b in data["board"]
        if (not region or b["region"] == region.upper()) and (not status or b["status"] == status)
    ]
    if fmt == DataFormat.json:
        emit_json({**data, "board": board})
        return
    _print(
        table(
            f"Cycle {data['id']}: {data['name']} ({data['year']}, {data['status']})",
            [
                "Country",
                "Status",
                "Recommended",
                "Law supports",
                "Final",
                "Override",
                "Clock",
                "Last change",
            ],
            [
                (
                    f"{b['name']} ({b['iso3']})",
                    b["status"],
                    tier_text(b["recommended_tier"]),
                    tier_text(b["supported_tier"]),
                    tier_text(b["final_tier"]),
                    "yes" if b["override"] else "",
                    b["clock"],
                    f"{b['updated_by']} {b['updated_at'][:16]}",
                )
                for b in board
            ],
        )
    )


@cycle_app.command("member")
def cycle_member(
    cycle: CycleArg,
    name: Annotated[str, typer.Argument(help="The user.")],
    role: Annotated[str, typer.Argument(help="viewer, analyst, reviewer, decider or admin.")],
    countries: Annotated[
        str, typer.Option(help="Limit an analyst to these countries or bureaus (comma separated).")
    ] = "",
    remove: Annotated[bool, typer.Option("--remove", help="Take the role away.")] = False,
    user: UserOpt = None,
    db: DbOpt = None,
) -> None:
    """Give a user a role in a cycle (or take it away). Needs the cycle's admin."""
    svc = _service(db)
    if remove:
        svc.remove_member(_who(user), cycle, name, role)
        print(f"{name} is no longer {role} in cycle {cycle}.")
    else:
        m = svc.add_member(_who(user), cycle, name, role, countries)
        print(
            f"{name} is {role} in cycle {cycle}"
            + (f" for {m['countries']}." if m["countries"] else ".")
        )


def _workspace(data: dict[str, Any]) -> list[Any]:
    ev = data["evaluation"]
    d = ev["decision"]
    lines = [
        f"{data['name']} ({data['iso3']}) in cycle {data['cycle']['id']}, {data['cycle']['year']}: {data['status']}, version {data['version']}",
        f"  The facts support: {tier_text(ev['supported_tier'])} — {d['summary']}",
        f"  Watch List: {ev['watch_list_permitted']['text']}",
        f"  Recommended: {tier_text(data['recommended_tier'])} {data['justification']}",
        f"  Final: {tier_text(data['final_tier'])} {data['final_reason']}"
        + ("  [override]" if data["override"] else ""),
    ]
    lines += [f"  Missing: {h['text']}" for h in ev["missing"]]
    facts = table(
        "Facts",
        ["Fact", "Value", "Evidence"],
        [
            (
                k,
                json.dumps(v, ensure_ascii=False),
                "; ".join(
                    f"#{e['id']} {e['title']}"
                    + (" [outside the period]" if e["outside_period"] else "")
                    + (" (corrected)" if e["revision"] > 1 else "")
                    for e in data["evidence"]
                    if e["fact"].split(".")[0] == k and not e["withdrawn"]
                ),
            )
            for k, v in sorted(data["facts"].items())
        ],
    )
    out: list[Any] = ["\n".join(lines), facts]
    notes = [
        f"  #{c['id']} {c['actor']} ({c['role']}, {c['verdict']}): "
        + (f"(withdrawn: {c['change_reason']})" if c["withdrawn"] else c["text"])
        + (" (corrected)" if c["revision"] > 1 and not c["withdrawn"] else "")
        for c in data["comments"]
    ]
    gone = [
        f"  #{e['id']} {e['fact']}: {e['title']} (withdrawn: {e['change_reason']})"
        for e in data["evidence"]
        if e["withdrawn"]
    ]
    if notes:
        out.append("Comments:\n" + "\n".join(notes))
    if gone:
        out.append("Withdrawn evidence:\n" + "\n".join(gone))
    if data["determination"]:
        out.append(data["determination"]["summary"])
    return out


@cycle_app.command("assess")
def cycle_assess(
    cycle: CycleArg,
    country: CountryArg,
    set_: Annotated[
        list[str] | None,
        typer.Option(
            "--set", help="A fact, NAME=VALUE (repeat): fully_complies=false, waiver.granted=true."
        ),
    ] = None,
    unset: Annotated[
        list[str] | None, typer.Option("--unset", help="Remove a fact (repeat).")
    ] = None,
    facts_file: Annotated[
        Path | None, typer.Option("--facts", help="Replace all facts with a YAML or JSON file.")
    ] = None,
    version: VersionOpt = None,
    user: UserOpt = None,
    fmt: DataFormatOpt = DataFormat.table,
    db: DbOpt = None,
) -> None:
    """A country's workspace: its facts, the engine's live answer (the tier the facts
    support, the clock, what is still missing to decide), evidence and comments. With
    --set/--unset/--facts, save facts first (as an analyst).

    Example: tiptiers cycle assess 1 Thailand --set fully_complies=false --set making_significant_efforts=true
    """
    svc = _service(db)
    who = user or os.environ.get("TIPTIERS_USER")
    if set_ or unset or facts_file:
        from tiptiers.cycle.core import merge_facts

        current = svc.assessment(cycle, country, who)
        if facts_file is not None:
            from tiptiers.inputs import ASSESSMENT_LIMIT, read_text
            from tiptiers.law_files import load_document

            base = load_document(
                read_text(facts_file, ASSESSMENT_LIMIT, "assessment facts"), str(facts_file)
            )
            if not isinstance(base, dict):
                raise BadInput(f"{facts_file}: facts must be a mapping of fact names to values.")
        else:
            base = current["facts"]
        facts = merge_facts(base, _pairs(set_ or [], "--set"), unset or [])
        data = svc.save_facts(
            _who(user),
            cycle,
            country,
            facts,
            version if version is not None else current["version"],
        )
    else:
        data = svc.assessment(cycle, country, who)
    if fmt == DataFormat.json:
        emit_json(data)
        return
    _print(*_workspace(data))


@cycle_app.command("evidence")
def cycle_evidence(
    cycle: CycleArg,
    country: CountryArg,
    fact: Annotated[
        str, typer.Option(help="The fact it supports (e.g. making_significant_efforts).")
    ],
    title: Annotated[
        str, typer.Option(help="The source's title (required: no evidence without a source).")
    ] = "",
    url: Annotated[str, typer.Option(help="The source's URL.")] = "",
    publisher: Annotated[str, typer.Option(help="Who published it.")] = "",
    date: Annotated[
        str | None,
        typer.Option(help="Its date, YYYY-MM-DD (flagged if outside the reporting period)."),
    ] = None,
    quote: Annotated[str, typer.Option(help="The passage relied on.")] = "",
    note: Annotated[str, typer.Option(help="The analyst's note.")] = "",
    user: UserOpt = None,
    db: DbOpt = None,
) -> None:
    """Add the evidence for one fact."""
    e = _service(db).add_evidence(
        _who(user),
        cycle,
        country,
        {
            "fact": fact,
            "title": title,
            "url": url,
            "publisher": publisher,
            "date": date,
            "quote": quote,
            "note": note,
        },
    )
    print(
        f"Evidence {e['id']} added for {fact}"
        + (" (dated outside the reporting period: flagged)." if e["outside_period"] else ".")
    )


class Entry(StrEnum):
    evidence = "evidence"
    comment = "comment"


EntryArg = Annotated[Entry, typer.Argument(help="evidence or comment.")]
EntryIdArg = Annotated[
    int, typer.Argument(help="Its number (#N in tiptiers cycle assess CYCLE COUNTRY).", min=1)
]
ReasonOpt = Annotated[str, typer.Option(help="Why (required; kept in the trail).")]
RevisionOpt = Annotated[
    int | None,
    typer.Option(
        help="The entry's revision you last saw; a newer one is a conflict (exit 2).",
        show_default=False,
    ),
]


@cycle_app.command("correct")
def cycle_correct(
    cycle: CycleArg,
    country: CountryArg,
    kind: EntryArg,
    entry: EntryIdArg,
    reason: ReasonOpt,
    fact: Annotated[str | None, typer.Option(help="Evidence: the fact it supports.")] = None,
    title: Annotated[str | None, typer.Option(help="Evidence: the source's title.")] = None,
    url: Annotated[str | None, typer.Option(help="Evidence: the source's URL.")] = None,
    publisher: Annotated[str | None, typer.Option(help="Evidence: who published it.")] = None,
    date: Annotated[str | None, typer.Option(help="Evidence: its date, YYYY-MM-DD.")] = None,
    quote: Annotated[str | None, typer.Option(help="Evidence: the passage relied on.")] = None,
    note: Annotated[str | None, typer.Option(help="Evidence: the note.")] = None,
    text: Annotated[str | None, typer.Option(help="Comment: its new wording.")] = None,
    revision: RevisionOpt = None,
    user: UserOpt = None,
    db: DbOpt = None,
) -> None:
    """Correct your own evidence or comment: the fields you give replace what it says (the
    old wording stays in the trail, with your reason).

    Example: tiptiers cycle correct 1 Thailand evidence 3 --date 2025-06-30 --reason "the report's date, not the press release's"
    """
    if kind is Entry.comment:
        if text is None:
            raise BadInput("Give the comment's new wording with --text.")
        changes: dict[str, Any] = {"text": text}
    else:
        given = {"fact": fact, "title": title, "url": url, "publisher": publisher}
        given |= {"date": date, "quote": quote, "note": note}
        changes = {k: v for k, v in given.items() if v is not None}
        if not changes:
            raise BadInput(
                "Say what to correct: --title, --url, --publisher, --date, --quote, --note or --fact."
            )
    e = _service(db).correct(
        _who(user), cycle, country, kind.value, entry, changes, reason, revision
    )
    print(f"{kind.value.capitalize()} {entry} corrected (revision {e['revision']}).")


@cycle_app.command("withdraw")
def cycle_withdraw(
    cycle: CycleArg,
    country: CountryArg,
    kind: EntryArg,
    entry: EntryIdArg,
    reason: ReasonOpt,
    revision: RevisionOpt = None,
    user: UserOpt = None,
    db: DbOpt = None,
) -> None:
    """Withdraw your own evidence or comment: it stays listed as withdrawn with your reason,
    and the trail keeps it (a clearance or a dispute is not withdrawn: record a new verdict).

    Example: tiptiers cycle withdraw 1 Thailand evidence 3 --reason "about another country"
    """
    _service(db).withdraw(_who(user), cycle, country, kind.value, entry, reason, revision)
    print(f"{kind.value.capitalize()} {entry} withdrawn.")


@cycle_app.command("recommend")
def cycle_recommend(
    cycle: CycleArg,
    country: CountryArg,
    tier: Annotated[str, typer.Argument(help="1, 2, 2WL, 3 or special_case.")],
    justification: Annotated[str, typer.Option(help="Why (required).")],
    version: VersionOpt = None,
    user: UserOpt = None,
    db: DbOpt = None,
) -> None:
    """The analyst's recommended tier, with its justification."""
    svc = _service(db)
    v = (
        version
        if version is not None
        else svc.assessment(cycle, country, user or os.environ.get("TIPTIERS_USER"))["version"]
    )
    data = svc.recommend(_who(user), cycle, country, tier, justification, v)
    print(
        f"{data['name']}: recommended {_tier(data['recommended_tier'])}; the facts support {_tier(data['supported_tier'])}."
    )


@cycle_app.command("review")
def cycle_review(
    cycle: CycleArg,
    country: CountryArg,
    verdict: Annotated[str, typer.Argument(help="clear, dispute or comment.")],
    text: Annotated[str, typer.Option(help="The comment or the reason (required).")],
    user: UserOpt = None,
    db: DbOpt = None,
) -> None:
    """A reviewer clears or disputes the recommendation; anyone working on the cycle may comment."""
    data = _service(db).review(_who(user), cycle, country, verdict, text)
    print(f"{data['name']}: {verdict} recorded; status {data['status']}.")


@cycle_app.command("decide")
def cycle_decide(
    cycle: CycleArg,
    country: CountryArg,
    tier: Annotated[str, typer.Argument(help="The final placement: 1, 2, 2WL, 3 or special_case.")],
    reason: Annotated[str, typer.Option(help="Why; required for an override.")] = "",
    waiver: Annotated[
        list[str] | None,
        typer.Option(
            "--waiver",
            help="Record the Watch List waiver's prongs, NAME=VALUE (granted=true, written_plan_exists=true, ...).",
        ),
    ] = None,
    version: VersionOpt = None,
    user: UserOpt = None,
    db: DbOpt = None,
) -> None:
    """The decider's final placement. A placement the statute forbids is refused with its
    section (exit 2) unless the waiver is recorded with its prongs; one that differs from the
    recommendation or from what the facts support is an override and needs --reason."""
    svc = _service(db)
    v = (
        version
        if version is not None
        else svc.assessment(cycle, country, user or os.environ.get("TIPTIERS_USER"))["version"]
    )
    data = svc.decide(
        _who(user), cycle, country, tier, reason, v, _pairs(waiver or [], "--waiver") or None
    )
    print(
        f"{data['name']}: final {_tier(data['final_tier'])}"
        + (" (override)." if data["override"] else ".")
    )
    if data["determination"]:
        print(data["determination"]["summary"])


@cycle_app.command("history")
def cycle_history(
    cycle: CycleArg,
    country: Annotated[str | None, typer.Argument(help="Only this country.")] = None,
    field: Annotated[
        str | None,
        typer.Option(
            help="Only this field, e.g. victims_very_significant_or_significantly_increasing or final_tier."
        ),
    ] = None,
    user: UserOpt = None,
    fmt: DataFormatOpt = DataFormat.table,
    db: DbOpt = None,
) -> None:
    """Who changed what, when, and why: the cycle's events (of a country, of one field)."""
    rows = _service(db).history(cycle, user or os.environ.get("TIPTIERS_USER"), country, field)
    if fmt == DataFormat.json:
        emit_json(rows)
        return
    _print(
        table(
            f"Cycle {cycle}: history",
            ["#", "When", "Who", "Role", "Action", "Country", "Field", "Before", "After", "Why"],
            [
                (
                    e["seq"],
                    e["at"][:19],
                    e["actor"],
                    e["role"],
                    e["action"],
                    e["iso3"],
                    e["field"],
                    json.dumps(e["before"], ensure_ascii=False)[:40],
                    json.dumps(e["after"], ensure_ascii=False)[:40],
                    e["reason"][:60],
                )
                for e in rows
            ],
        )
    )


@cycle_app.command("overrides")
def cycle_overrides(
    cycle: CycleArg, user: UserOpt = None, fmt: DataFormatOpt = DataFormat.table, db: DbOpt = None
) -> None:
    """Every final placement that differs from the recommendation or from what the facts support, with its reason."""
    rows = _service(db).overrides(cycle, user or os.environ.get("TIPTIERS_USER"))
    if fmt == DataFormat.json:
        emit_json(rows)
        return
    _print(
        table(
            f"Cycle {cycle}: overrides",
            ["Country", "Recommended", "Law supports", "Final", "Reason", "By"],
            [
                (
                    r["name"],
                    tier_text(r["recommended_tier"]),
                    tier_text(r["supported_tier"]),
                    tier_text(r["final_tier"]),
                    r["final_reason"],
                    r["updated_by"],
                )
                for r in rows
            ],
        )
    )


@cycle_app.command("compare")
def cycle_compare(
    cycle: CycleArg, user: UserOpt = None, fmt: DataFormatOpt = DataFormat.table, db: DbOpt = None
) -> None:
    """The cycle's final placements beside the official report's, both reasons where they differ."""
    data = _service(db).compare(cycle, user or os.environ.get("TIPTIERS_USER"))
    if fmt == DataFormat.json:
        emit_json(data)
        return
    _print(
        table(
            f"Cycle {cycle} and the official {data['cycle']['year']} report",
            ["Country", "Cycle", "Official", "Cycle's reason", "Official (the law's explanation)"],
            [
                (
                    r["name"],
                    tier_text(r["cycle_tier"]),
                    tier_text(r["official_tier"]) if r["official_tier"] else "not in the record",
                    r.get("cycle_reason", ""),
                    r.get("official_reason", ""),
                )
                for r in data["rows"]
            ],
        )
    )


@cycle_app.command("determinations")
def cycle_determinations(
    cycle: CycleArg, user: UserOpt = None, fmt: DataFormatOpt = DataFormat.table, db: DbOpt = None
) -> None:
    """The determination draft for every final Tier 3 government (7107(c)-(d))."""
    rows = _service(db).determinations(cycle, user or os.environ.get("TIPTIERS_USER"))
    if fmt == DataFormat.json:
        emit_json(rows)
        return
    for r in rows:
        print(r["summary"])
        print(f"  withholding if d1: {r['withholding']}")


@cycle_app.command("close")
def cycle_close(
    cycle: CycleArg,
    reopen: Annotated[bool, typer.Option("--reopen", help="Reopen a closed cycle.")] = False,
    user: UserOpt = None,
    db: DbOpt = None,
) -> None:
    """Close a cycle to writes (or --reopen it). Needs its admin."""
    data = _service(db).set_status(_who(user), cycle, "open" if reopen else "closed")
    print(f"Cycle {cycle} is {data['status']}.")


@cycle_app.command("period")
def cycle_period(
    cycle: CycleArg,
    start: Annotated[
        str | None, typer.Option(help="The reporting period's first day, YYYY-MM-DD.")
    ] = None,
    end: Annotated[str | None, typer.Option(help="Its last day.")] = None,
    release: Annotated[
        str | None,
        typer.Option(help="The planned release date (the 45-90 days of 7107(c) count from it)."),
    ] = None,
    user: UserOpt = None,
    db: DbOpt = None,
) -> None:
    """Change a cycle's reporting period or planned release (its admin, while open); the
    evidence dated outside the new period is flagged again."""
    data = _service(db).set_period(_who(user), cycle, start=start, end=end, planned_release=release)
    print(
        f"Cycle {cycle}: period {data['period']['start']} to {data['period']['end']}, release {data['planned_release']}."
    )


@cycle_app.command("verify")
def cycle_verify(cycle: CycleArg, fmt: DataFormatOpt = DataFormat.table, db: DbOpt = None) -> None:
    """Prove the cycle's trail: every event's SHA-256, its link to the one before, the
    numbering and the head; exit 1 naming the first broken event."""
    check = _service(db).verify(cycle)
    if fmt == DataFormat.json:
        emit_json(check.to_dict())
    elif check.ok:
        print(f"Cycle {cycle}: {check.events} events, chain intact (head {check.head[:16]}).")
    if not check.ok:
        if fmt != DataFormat.json:
            sys.stderr.write(
                f"tiptiers: cycle {cycle}: the chain is broken at event {check.broken}: {check.why}.\n"
            )
        raise typer.Exit(1)


@cycle_app.command("publish")
def cycle_publish(
    cycle: CycleArg,
    report: Annotated[
        Path | None, typer.Option(help="Also write the draft report here (.html or .pdf).")
    ] = None,
    user: UserOpt = None,
    db: DbOpt = None,
) -> None:
    """Freeze the cycle and publish its placements as a labelled record source (shown
    beside the official record, never mixed in). Every country must be decided."""
    svc = _service(db)
    data = svc.publish(_who(user), cycle)
    print(
        f"Cycle {cycle} published: {len(data['board'])} placements as 'cycle {cycle}: {data['name']} ({data['year']})'."
    )
    if report is not None:
        _write_report(svc, cycle, user, report)


@cycle_app.command("report")
def cycle_report(
    cycle: CycleArg,
    output: Annotated[Path, typer.Option("--output", "-o", help="The file: .html or .pdf.")],
    user: UserOpt = None,
    db: DbOpt = None,
) -> None:
    """The draft report: each country's placement, justification and evidence (HTML or PDF)."""
    _write_report(_service(db), cycle, user, output)


def _write_report(svc: Any, cycle: int, user: str | None, output: Path) -> None:
    from tiptiers.report.cycle import write_report

    path = write_report(svc.report_data(cycle, user or os.environ.get("TIPTIERS_USER")), output)
    print(f"Wrote {path}.")


@cycle_app.command("placements")
def cycle_placements(
    cycle: CycleArg, fmt: DataFormatOpt = DataFormat.table, db: DbOpt = None
) -> None:
    """A published cycle's placements (its labelled record source)."""
    data = _service(db).placements(cycle, None)
    if fmt == DataFormat.json:
        emit_json(data)
        return
    _print(
        table(
            data["source"],
            ["Country", "Year", "Tier"],
            [(p["iso3"], p["year"], tier_text(p["tier"])) for p in data["placements"]],
            caption=data["note"],
        )
    )


@cycle_app.command("map")
def cycle_map(
    cycle: CycleArg,
    output: Annotated[Path, typer.Option("--output", "-o", help="The file: .svg, .png or .html.")],
    db: DbOpt = None,
) -> None:
    """The world map of a published cycle's placements, labelled as the cycle's (the same
    as 'tiptiers map YEAR --source cycle:ID'; without --source, the official record's)."""
    from tiptiers import api
    from tiptiers.cli.common import use_db
    from tiptiers.report.cycle import write_cycle_map

    use_db(db)
    path = write_cycle_map(api.beside_official(f"cycle:{cycle}"), output)
    print(f"Wrote {path}.")


@cycle_app.command("export")
def cycle_export(
    cycle: CycleArg,
    output: Annotated[
        Path | None, typer.Option("--output", "-o", help="The JSON file (default: stdout).")
    ] = None,
    user: UserOpt = None,
    db: DbOpt = None,
) -> None:
    """The whole cycle as one JSON file (facts, evidence, comments, members, the trail)."""
    data = _service(db).export(cycle, user or os.environ.get("TIPTIERS_USER"))
    text = json.dumps(data, ensure_ascii=False, indent=1) + "\n"
    if output is None:
        sys.stdout.write(text)
        return
    from tiptiers.report.files import write_bytes_atomically

    write_bytes_atomically(output, text.encode("utf-8"))
    print(f"Wrote {output}.")


@cycle_app.command("import")
def cycle_import(
    file: Annotated[str, typer.Argument(help="A cycle export (JSON), or - for stdin.")],
    name: Annotated[
        str | None, typer.Option(help="A new name (if the cycle's name is taken).")
    ] = None,
    user: UserOpt = None,
    db: DbOpt = None,
) -> None:
    """A cycle from an export, as a new cycle (you its admin). A bad or tampered file is
    refused in one line and nothing is written."""
    from tiptiers.inputs import read_text

    text = read_text(file, BUNDLE_LIMIT, "a cycle export")
    try:
        data = json.loads(text)
    except json.JSONDecodeError as exc:
        raise BadInput(
            f"{file}: not JSON (line {exc.lineno}: {exc.msg}); nothing imported."
        ) from None
    out = _service(db).import_bundle(_who(user), data, source=str(file), name=name)
    print(
        f"Imported as cycle {out['id']}: {out['name']} ({out['year']}), {len(out['board'])} countries."
    )
