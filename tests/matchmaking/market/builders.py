"""How the labelled market's companies are written down: what a founder would type."""


def company(offers: str = "", needs: str = "", offers_text: str = "", needs_text: str = "", **extra) -> dict:
    """A profile as a user fills it: tags as space-separated codes (often too few or one too
    many), free text in the founder's own words, optional TRL and export classification."""
    return {
        "offers": offers.split(),
        "needs": needs.split(),
        "offers_text": offers_text,
        "needs_text": needs_text,
        **extra,
    }


def pair(us: dict, jp: dict, *, us_rivals=(), jp_rivals=()) -> dict:
    """A U.S. company and the Japanese company it should meet first, with each side's direct
    competitors (same offers to the same needs), which must not be suggested above the partner."""
    return {"us": us, "jp": jp, "us_rivals": list(us_rivals), "jp_rivals": list(jp_rivals)}
