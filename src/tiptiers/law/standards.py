"""The minimum standards (22 U.S.C. 7106(a)) and the criteria of serious and sustained
efforts (7106(b)), as data, each with the statute version that introduced it.

The criteria "should be considered": they are not a checklist and carry no weights. The
engine records which criteria a finding relied on and flags a criterion cited for a
report year whose law did not have it yet (docs/LAW.md E16).
"""

from __future__ import annotations

from collections.abc import Iterable
from dataclasses import dataclass
from typing import TYPE_CHECKING

from tiptiers.law.decision import Flag, Step, TraceStep
from tiptiers.law.versions import VERSION_IDS, version_for

if TYPE_CHECKING:
    from tiptiers.law.assessment import Assessment


@dataclass(frozen=True)
class Standard:
    number: int
    citation: str
    text: str
    since: str  # statute version id
    confidence: str  # docs/LAW.md section 0 tag for the dating
    changes: str = ""


MINIMUM_STANDARDS: tuple[Standard, ...] = (
    Standard(
        1,
        "22 U.S.C. 7106(a)(1)",
        "The government prohibits severe forms of trafficking in persons and punishes acts of"
        " such trafficking.",
        "V2000",
        "TEXT",
    ),
    Standard(
        2,
        "22 U.S.C. 7106(a)(2)",
        "For knowing sex trafficking by force, fraud or coercion, sex trafficking of a child, or"
        " trafficking involving rape, kidnapping or death, it prescribes punishment commensurate"
        " with grave crimes such as forcible sexual assault.",
        "V2000",
        "TEXT",
    ),
    Standard(
        3,
        "22 U.S.C. 7106(a)(3)",
        "For any knowing severe-form trafficking act, it prescribes punishment stringent enough"
        " to deter and reflecting the heinous nature of the offense.",
        "V2000",
        "TEXT",
    ),
    Standard(
        4,
        "22 U.S.C. 7106(a)(4)",
        "It makes serious and sustained efforts to eliminate severe forms of trafficking in"
        " persons (assessed against the criteria of 7106(b)).",
        "V2000",
        "TEXT",
    ),
)

CRITERIA: tuple[Standard, ...] = (
    Standard(
        1,
        "22 U.S.C. 7106(b)(1)",
        "Vigorous investigation, prosecution, conviction and sentencing of severe-form acts in"
        " its territory; failure to provide data is presumed not vigorous.",
        "V2000",
        "ENACTED",
        "data presumption 2003 (SECONDARY); 'a demonstrably increasing capacity' 2019 (NOTES)",
    ),
    Standard(
        2,
        "22 U.S.C. 7106(b)(2)",
        "Protects victims, encourages their help in investigations, offers legal alternatives"
        " to removal; victims not penalized for acts that result from being trafficked.",
        "V2000",
        "ENACTED",
        "non-penalization believed 2008, training pre-2019 (not verified)",
    ),
    Standard(
        3,
        "22 U.S.C. 7106(b)(3)",
        "Prevention: public education, establishing identity, officials deployed abroad,"
        " forced and child labor, information-sharing, regulation of labor recruiters.",
        "V2000",
        "ENACTED",
        "identity 2003; deployed nationals 2005; forced/child labor 2008 (not verified)",
    ),
    Standard(
        4,
        "22 U.S.C. 7106(b)(4)",
        "Cooperates with other governments in investigation and prosecution.",
        "V2000",
        "ENACTED",
    ),
    Standard(
        5,
        "22 U.S.C. 7106(b)(5)",
        "Extradites persons charged with severe forms of trafficking on the same terms as other"
        " serious crimes.",
        "V2000",
        "UNVERIFIED",
    ),
    Standard(
        6,
        "22 U.S.C. 7106(b)(6)",
        "Monitors immigration and emigration patterns for evidence of trafficking.",
        "V2000",
        "UNVERIFIED",
    ),
    Standard(
        7,
        "22 U.S.C. 7106(b)(7)",
        "Vigorously investigates, prosecutes, convicts and sentences public officials who"
        " participate in or facilitate trafficking, and acts against those who condone or"
        " enable it.",
        "V2000",
        "ENACTED",
        "'or enable' 2019 (NOTES)",
    ),
    Standard(
        8,
        "22 U.S.C. 7106(b)(8)",
        "Whether the share of victims who are non-citizens is insignificant.",
        "V2003",
        "UNVERIFIED",
    ),
    Standard(
        9,
        "22 U.S.C. 7106(b)(9)",
        "Effective, transparent partnerships with measurable outcomes with civil society,"
        " the private sector, multilateral arrangements or the United States.",
        "V2003",
        "UNVERIFIED",
    ),
    Standard(
        10,
        "22 U.S.C. 7106(b)(10)",
        "Systematically monitors its own efforts and publishes a periodic assessment.",
        "V2003",
        "INFERRED",
    ),
    Standard(
        11,
        "22 U.S.C. 7106(b)(11)",
        "Achieves appreciable progress compared with the previous year's assessment.",
        "V2003",
        "UNVERIFIED",
    ),
    Standard(
        12,
        "22 U.S.C. 7106(b)(12)",
        "Serious and sustained efforts to reduce demand for commercial sex acts and for"
        " participation in international sex tourism by its nationals.",
        "V2005",
        "UNVERIFIED",
    ),
)


def criteria_in_force(report_year: int) -> list[Standard]:
    """The 7106(b) criteria the law of ``report_year`` had (22 U.S.C. 7106(b)).

    >>> [c.number for c in criteria_in_force(2004)][-1], len(criteria_in_force(2002))
    (11, 7)
    """
    governing = VERSION_IDS.index(version_for(report_year).id)
    return [c for c in CRITERIA if VERSION_IDS.index(c.since) <= governing]


def criteria_not_in_force(numbers: Iterable[int], report_year: int) -> list[int]:
    """Cited criterion numbers that did not exist for ``report_year`` (docs/LAW.md E16)."""
    known = {c.number for c in criteria_in_force(report_year)}
    return sorted({n for n in numbers if n not in known})


def criteria_step(a: Assessment) -> Step:
    """The findings on the criteria of serious and sustained efforts (7106(b)) an
    assessment rests on, cited in the trace; a criterion the governing version did not yet
    have, or never had, is flagged (docs/LAW.md §3.2, E16). Never stops the procedure."""
    trace = []
    if a.criteria_findings:
        trace.append(
            TraceStep(
                "criteria_findings",
                "; ".join(f"22 U.S.C. 7106(b)({f.criterion})" for f in a.criteria_findings),
                "The findings on the criteria of serious and sustained efforts: "
                + "; ".join(
                    f"({f.criterion}) {f.finding.rstrip('.')} (evidence: {f.evidence.rstrip('.')})"
                    for f in a.criteria_findings
                )
                + ".",
            )
        )
    relied = sorted(
        {*(a.criteria_relied_on or ()), *(f.criterion for f in a.criteria_findings or ())}
    )
    return Step(tuple(trace), _criteria_flags(relied, a.report_year))


def _criteria_flags(relied: list[int], report_year: int) -> tuple[Flag, ...]:
    late = criteria_not_in_force(relied, report_year) if relied else []
    unknown = [n for n in late if not 1 <= n <= len(CRITERIA)]
    late = [n for n in late if n not in unknown]
    flags = []
    if unknown:
        flags.append(
            Flag(
                "E16",
                f"The finding cites 7106(b) criteria {unknown}, which 7106(b) has never had"
                f" (it numbers 1 to {len(CRITERIA)}).",
            )
        )
    if late:
        flags.append(
            Flag(
                "E16",
                f"The finding relies on 7106(b) criteria {late}, which"
                f" {version_for(report_year).short} did not yet have; the criteria are"
                " considered, not required, so the decision stands on the findings, but the"
                " reasoning should be checked.",
            )
        )
    return tuple(flags)
