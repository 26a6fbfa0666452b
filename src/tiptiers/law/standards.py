"""The minimum standards (22 U.S.C. 7106(a)) and the criteria of serious and sustained
efforts (7106(b)), as data, each with the statute version that introduced it.

The criteria "should be considered": they are not a checklist and carry no weights. The
engine records which criteria a finding relied on and flags a criterion cited for a
report year whose law did not have it yet (docs/LAW.md E16).
"""

from __future__ import annotations

from collections.abc import Iterable
from dataclasses import dataclass

from tiptiers.law.versions import VERSION_IDS, version_for


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
