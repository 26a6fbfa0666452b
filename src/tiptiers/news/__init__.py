"""News claim check: find what an article says about TIP placements and check it.

:func:`check_text` reads an article (plain text or HTML), finds its tier claims ("downgraded
Belarus to Tier 3", "Tier 3, which includes Iran, Syria and North Korea", "Cuba remained on
the Watch List") and its claims about Tier 3 consequences ("countries in the lowest tier risk
losing U.S. aid"), and checks each against the published record and the statute of that
report's year. The package is pure (no I/O) and imports only the standard library and the
core on ``import tiptiers.news``; the extraction patterns compile on first use.
"""

from __future__ import annotations

from tiptiers.news.check import Claim, NewsCheck, check_text

__all__ = ["Claim", "NewsCheck", "check_text"]
