"""Company fit: how well each company suits an opportunity, and why, through the matching engine.

An opportunity enters the engine as a profile that needs what its notice asks for: the
capabilities its words name (in English or Japanese, so a Japanese company's profile meets
an English notice), the segments its classification codes point to, and its text. A
company enters with its capability profile. The engine's capability score is then raised
by what procurement adds: NAICS / PSC codes the company declares, and awards it has won.
What the company would need a partner for (U.S. persons, SAM.gov registration, Japan's
unified qualification, a set-aside) is noted, never used to hide it.
"""

from dataclasses import dataclass, field

import numpy as np
from django.db.models import Q, QuerySet
from django.utils.translation import gettext as _
from django.utils.translation import ngettext
from scipy import sparse

from accelerator.companies.models import CapabilityProfile, Company
from matchmaking import engine
from matchmaking.text import CharNgramTfidf

from . import classifications as code_tables
from .capabilities import Vocabulary, notice_text
from .models import AwardSupplier, Classification, Opportunity, ProcurementProfile

CODE_BONUS = 0.5
BUYER_AWARD_BONUS = 0.3
ANY_AWARD_BONUS = 0.1
MINIMUM_SCORE = 0.05

SMALL_BUSINESS_SET_ASIDES = {"SBA", "SBP", "8A", "HZC", "SDVOSBC", "WOSB", "EDWOSB"}


@dataclass
class Fit:
    company: Company
    opportunity: Opportunity
    score: float
    reasons: list[str] = field(default_factory=list)
    partner_needs: list[str] = field(default_factory=list)

    @property
    def percent(self) -> int:
        return round(min(self.score, 1.0) * 100)


def _text(opportunity: Opportunity) -> str:
    return notice_text(
        opportunity.title, opportunity.description, opportunity.title_translation, opportunity.description_translation
    )


def _opportunity_terms(opportunity: Opportunity, vocabulary: Vocabulary, codes) -> tuple[set, set, set]:
    tags = opportunity.capability_tags
    return _terms(vocabulary.tags_in(_text(opportunity)) if tags is None else tags, vocabulary, codes)


def _terms(tags, vocabulary: Vocabulary, codes) -> tuple[set, set, set]:
    """The capabilities a notice names, and the segments and technology areas they and its codes imply."""
    tags = set(tags)
    segments = {segment for scheme, code in codes for segment in code_tables.segments_of(scheme, code)}
    areas = set()
    for code in tags:
        segment, area = vocabulary.context[code]
        if segment:
            segments.add(segment)
        if area:
            areas.add(area)
    return tags, segments, areas


def _matrix(rows: list[set], codes: list[str]) -> sparse.csr_matrix:
    index = {code: column for column, code in enumerate(codes)}
    data, row_index, column_index = [], [], []
    for row, present in enumerate(rows):
        for code in present:
            if code in index:
                data.append(1.0)
                row_index.append(row)
                column_index.append(index[code])
    return sparse.csr_matrix(
        (np.array(data, dtype=np.float32), (row_index, column_index)), shape=(len(rows), len(codes))
    )


def _company_rows(companies: list[Company]):
    """Each company's offers, needs, segments and areas (codes), TRL, export class and texts.

    Read as plain values, one query per relation, rather than as model instances: ranking
    the whole population reads ten thousand profiles.
    """
    ids = [company.pk for company in companies]
    profiles = {
        row[0]: row
        for row in CapabilityProfile.objects.filter(company_id__in=ids).values_list(
            "company_id", "trl", "export_classification", "offers_text", "needs_text"
        )
    }
    related: dict[str, dict[int, set]] = {}
    for name in ("offers", "needs", "segments", "technology_areas"):
        field = CapabilityProfile._meta.get_field(name)
        through = field.remote_field.through  # type: ignore[union-attr]
        source, target = field.m2m_field_name(), field.m2m_reverse_field_name()  # type: ignore[attr-defined]
        found: dict[int, set] = {}
        for profile_id, code in through.objects.filter(**{f"{source}_id__in": ids}).values_list(
            f"{source}_id", f"{target}__code"
        ):
            found.setdefault(profile_id, set()).add(code)
        related[name] = found
    rows = []
    for company in companies:
        profile = profiles.get(company.pk)
        if profile is None:
            rows.append((set(), set(), set(), set(), np.nan, "unknown", "", ""))
            continue
        _id, trl, export_classification, offers_text, needs_text = profile
        rows.append(
            (
                related["offers"].get(company.pk, set()),
                related["needs"].get(company.pk, set()),
                related["segments"].get(company.pk, set()),
                related["technology_areas"].get(company.pk, set()),
                np.nan if trl is None else trl,
                export_classification,
                offers_text,
                needs_text,
            )
        )
    return rows


def _score(companies: list[Company], opportunities: list[Opportunity]):
    """Capability scores (companies × opportunities) and the engine's reasons for each pair."""
    vocabulary = Vocabulary.load()
    codes_by_opportunity = {}
    for opportunity in opportunities:
        codes_by_opportunity[opportunity.pk] = [(c.scheme, c.code) for c in opportunity.classifications.all()]
    company_rows = _company_rows(companies)
    opportunity_rows = [_opportunity_terms(o, vocabulary, codes_by_opportunity[o.pk]) for o in opportunities]
    tag_codes = [tag.code for tag in vocabulary.tags]
    segment_codes = [segment.code for segment in vocabulary.segments]
    area_codes = [area.code for area in vocabulary.areas]
    n_companies = len(companies)
    profiles = engine.ProfileSet(
        ids=np.arange(n_companies + len(opportunities), dtype=np.int64),
        countries=np.array([str(c.country) for c in companies] + [str(o.country) for o in opportunities], dtype="<U2"),
        offers=_matrix([row[0] for row in company_rows] + [set() for _o in opportunities], tag_codes),
        needs=_matrix([row[1] for row in company_rows] + [row[0] for row in opportunity_rows], tag_codes),
        segments=_matrix([row[2] for row in company_rows] + [row[1] for row in opportunity_rows], segment_codes),
        technology_areas=_matrix([row[3] for row in company_rows] + [row[2] for row in opportunity_rows], area_codes),
        trl=np.array([row[4] for row in company_rows] + [np.nan] * len(opportunities), dtype=np.float64),
        export_classification=np.array(
            [row[5] for row in company_rows]
            + ["itar" if o.itar or o.us_persons_only else "ear" if o.ear else "" for o in opportunities],
            dtype="<U8",
        ),
        # Free text is compared below, without the engine's reduction, which is fitted for
        # whole populations and would cost seconds for the few rows a page ranks.
        offers_text=[""] * (n_companies + len(opportunities)),
        needs_text=[""] * (n_companies + len(opportunities)),
        tag_codes=tuple(tag_codes),
        segment_codes=tuple(segment_codes),
        technology_area_codes=tuple(area_codes),
    )
    features = engine.build_features(profiles)
    cap = features.capability
    left = features.left[:n_companies, :cap]
    right = features.right[n_companies:, :cap]
    scores = left @ right.T
    text = _text_similarity([row[6] for row in company_rows], [_text(o) for o in opportunities])
    scores += engine.WEIGHTS["text"] * text
    return profiles, features, scores, text, vocabulary


def _text_similarity(offers: list[str], notices: list[str]) -> np.ndarray:
    """Cosine of each company's offer text with each notice's text (character n-gram TF-IDF)."""
    if not any(text.strip() for text in offers) or not any(text.strip() for text in notices):
        return np.zeros((len(offers), len(notices)), dtype=np.float32)
    matrix = CharNgramTfidf().fit_transform([*offers, *notices])
    return np.asarray((matrix[: len(offers)] @ matrix[len(offers) :].T).todense(), dtype=np.float32)


def _award_history(companies: list[Company]) -> dict[int, list[tuple[str, str]]]:
    """(buyer, ocid) of the awards each company won, matched by UEI, corporate number or name."""
    declared = {p.company_id: p for p in ProcurementProfile.objects.filter(company__in=companies)}
    by_name: dict[str, set[int]] = {}
    by_identifier: dict[str, set[int]] = {}
    for company in companies:
        for name in filter(None, (company.legal_name, company.name_ja)):
            by_name.setdefault(name, set()).add(company.pk)
        profile = declared.get(company.pk)
        for identifier in filter(None, (profile.uei, profile.corporate_number) if profile else ()):
            by_identifier.setdefault(identifier, set()).add(company.pk)
    history: dict[int, list[tuple[str, str]]] = {company.pk: [] for company in companies}
    if not companies:
        return history
    conditions = Q(name__in=list(by_name))
    if by_identifier:
        conditions |= Q(identifier__in=list(by_identifier))
    for name, identifier, buyer, ocid in AwardSupplier.objects.filter(conditions).values_list(
        "name", "identifier", "award__opportunity__buyer_name", "award__opportunity__ocid"
    ):
        winners = by_name.get(name, set()) | (by_identifier.get(identifier, set()) if identifier else set())
        for company_id in sorted(winners):
            history[company_id].append((buyer, ocid))
    return history


def _describe(kind: str, codes, company: Company, vocabulary: Vocabulary) -> str | None:
    names = {tag.code: tag for tag in vocabulary.tags}
    segments = {segment.code: segment for segment in vocabulary.segments}
    areas = {area.code: area for area in vocabulary.areas}
    if kind == "offers_need":
        return _("%(company)s offers %(capabilities)s, which the notice asks for.") % {
            "company": company.display_name,
            "capabilities": _(", ").join(str(names[c].name) if c in names else c for c in codes),
        }
    if kind == "text_offers_need":
        return _("What %(company)s says it offers matches the notice's own words.") % {"company": company.display_name}
    if kind == "segments":
        return _("The notice is in %(segments)s, where %(company)s works.") % {
            "segments": _(", ").join(str(segments[c].name) if c in segments else c for c in codes),
            "company": company.display_name,
        }
    if kind == "technology_areas":
        return _("Shared technology areas: %(areas)s.") % {
            "areas": _(", ").join(str(areas[c]) if c in areas else c for c in codes)
        }
    return None


def _partner_needs(company: Company, opportunity: Opportunity, profile: ProcurementProfile | None) -> list[str]:
    needs = []
    foreign_to_us = str(company.country) != "US"
    if foreign_to_us and (opportunity.itar or opportunity.us_persons_only):
        needs.append(
            _(
                "A U.S. partner: the notice limits technical data to U.S. persons under ITAR; "
                "a non-U.S. firm joins as a subcontractor under a licence or TAA."
            )
        )
    elif foreign_to_us and opportunity.ear:
        needs.append(_("An EAR licence check, or a U.S. partner that holds the controlled items."))
    kinds = {note.get("kind"): note for note in opportunity.eligibility}
    if "sam_registration" in kinds and not (profile and profile.uei):
        needs.append(_("SAM.gov registration with a UEI, or a registered U.S. prime to bid through."))
    if opportunity.set_aside_code.upper() in SMALL_BUSINESS_SET_ASIDES and foreign_to_us:
        needs.append(_("An eligible U.S. small business to lead: the notice is set aside for them."))
    unified = kinds.get("unified_qualification")
    if unified is not None:
        grades = [g for g in (unified.get("value") or "").split(",") if g]
        grade = profile.unified_qualification_grade if profile else ""
        if not grade or (grades and grade not in grades):
            needs.append(
                _(
                    "A partner holding Japan's unified qualification (全省庁統一資格) grade %(grades)s, "
                    "or that qualification itself."
                )
                % {"grades": "/".join(grades) or "A–D"}
            )
    return needs


def _fits(
    companies: list[Company],
    opportunities: list[Opportunity],
    *,
    by_company: bool,
    top: int,
    minimum: float = MINIMUM_SCORE,
) -> list[Fit]:
    if not companies or not opportunities:
        return []
    profiles, features, scores, text, vocabulary = _score(companies, opportunities)
    declared = {p.company_id: p for p in ProcurementProfile.objects.filter(company__in=companies)}
    history = _award_history(companies)
    codes = {o.pk: {(c.scheme, c.code): c.label for c in o.classifications.all()} for o in opportunities}
    bonus_reasons: dict[tuple[int, int], list[str]] = {}
    for i, company in enumerate(companies):
        profile = declared.get(company.pk)
        naics = set(profile.naics_codes) if profile else set()
        psc = set(profile.psc_codes) if profile else set()
        wins = history[company.pk]
        for j, opportunity in enumerate(opportunities):
            reasons = []
            matched = [
                (s, c, label)
                for (s, c), label in codes[opportunity.pk].items()
                if (s == "NAICS" and c in naics) or (s == "PSC" and c in psc)
            ]
            if matched:
                scores[i, j] += CODE_BONUS
                reasons.append(
                    _("%(company)s declares %(codes)s, the code the notice is filed under.")
                    % {
                        "company": company.display_name,
                        "codes": _(", ").join(f"{s} {c}" + (f" ({label})" if label else "") for s, c, label in matched),
                    }
                )
            from_buyer = [ocid for buyer, ocid in wins if buyer and buyer == opportunity.buyer_name]
            if from_buyer:
                scores[i, j] += BUYER_AWARD_BONUS
                reasons.append(
                    ngettext(
                        "%(company)s has won %(count)d award from %(buyer)s before.",
                        "%(company)s has won %(count)d awards from %(buyer)s before.",
                        len(from_buyer),
                    )
                    % {"company": company.display_name, "count": len(from_buyer), "buyer": opportunity.buyer_name}
                )
            elif wins:
                scores[i, j] += ANY_AWARD_BONUS
                reasons.append(
                    ngettext(
                        "%(company)s has won %(count)d public award before.",
                        "%(company)s has won %(count)d public awards before.",
                        len(wins),
                    )
                    % {"company": company.display_name, "count": len(wins)}
                )
            if reasons:
                bonus_reasons[(i, j)] = reasons
    n = len(companies)
    pairs = []
    outer = range(len(companies)) if by_company else range(len(opportunities))
    for a in outer:
        row = scores[a] if by_company else scores[:, a]
        order = np.argsort(-row, kind="stable")[:top]
        for b in order:
            if row[b] < minimum:
                continue
            pairs.append((a, int(b)) if by_company else (int(b), a))
    if not pairs:
        return []
    sources = np.array([i for i, _j in pairs], dtype=np.int64)
    targets = np.array([n + j for _i, j in pairs], dtype=np.int64)
    explained = engine.explain(profiles, features, sources, targets)
    fits = []
    for (i, j), explanation in zip(pairs, explained, strict=True):
        company, opportunity = companies[i], opportunities[j]
        reasons = explanation.reasons
        texts = [line for reason in reasons if (line := _describe(reason.kind, reason.codes, company, vocabulary))]
        if text[i, j] >= engine.TEXT_REASON_THRESHOLD:
            texts.append(_describe("text_offers_need", (), company, vocabulary))
        texts.extend(bonus_reasons.get((i, j), []))
        fits.append(
            Fit(
                company,
                opportunity,
                float(scores[i, j]),
                texts,
                _partner_needs(company, opportunity, declared.get(company.pk)),
            )
        )
    return fits


def fits_for_opportunity(
    opportunity: Opportunity, *, companies: list[Company] | None = None, top: int = 10
) -> list[Fit]:
    """The companies (the given ones, or every company) that fit `opportunity`, best first."""
    if companies is not None:  # a reader's own companies: shown however weak the fit
        fits = _fits(companies, [opportunity], by_company=False, top=top, minimum=-np.inf)
    else:
        fits = _fits(list(Company.objects.filter(profile__isnull=False)), [opportunity], by_company=False, top=top)
    return sorted(fits, key=lambda fit: -fit.score)


def fits_for_company(company: Company, opportunities: list[Opportunity], *, top: int = 25) -> list[Fit]:
    """The opportunities among `opportunities` that fit `company`, best first."""
    fits = _fits([company], opportunities, by_company=True, top=top)
    return sorted(fits, key=lambda fit: -fit.score)


RANK_CHUNK_CELLS = 20_000_000  # scores held at once while ranking whole populations (~80 MB)


@dataclass
class Ranking:
    """The best opportunities for each company: parallel arrays, best first within each company."""

    company_ids: np.ndarray
    opportunity_ids: np.ndarray
    scores: np.ndarray


def _shared_columns(left: list[set], right: list[set]) -> tuple[sparse.csr_matrix, sparse.csr_matrix]:
    """Companies' and opportunities' codes (or buyers) as 0/1 matrices over the same columns."""
    columns = sorted({item for present in [*left, *right] for item in present}, key=str)
    return _matrix(left, columns), _matrix(right, columns)


def rank_all(companies: list[Company], opportunities: QuerySet[Opportunity], *, top: int = 25) -> Ranking:
    """Every company's `top` opportunities, scored as the fit pages score them, in array operations.

    The capability score is one matrix product, taken a slice of companies at a time; the
    declared-code and past-award bonuses are sparse products (company × code · code ×
    opportunity). Opportunities that every company scores alike (the same capability
    features, the same declared codes among those any company declares, the same buyer
    among those any company has won from) are scored once as a group, then ranked
    member by member, so the result is the one scoring each opportunity would give, ties
    to the earlier opportunity. Free-text likeness and the reasons are left to the pages,
    which explain the pairs they show. Capabilities come from what each notice's import
    read (`capability_tags`); a notice not yet read is read here.
    """
    empty = Ranking(np.empty(0, np.int64), np.empty(0, np.int64), np.empty(0, np.float32))
    rows = list(
        opportunities.values_list(
            "pk", "country", "itar", "ear", "us_persons_only", "buyer_name", "capability_tags"
        ).order_by("pk")
    )
    if not companies or not rows:
        return empty
    position = {row[0]: index for index, row in enumerate(rows)}
    codes: list[set] = [set() for _row in rows]
    for opportunity_id, scheme, code in Classification.objects.filter(
        opportunity_id__in=opportunities.values("pk")
    ).values_list("opportunity_id", "scheme", "code"):
        codes[position[opportunity_id]].add((scheme, code))

    vocabulary = Vocabulary.load()
    unread = {row[0] for row in rows if row[6] is None}
    texts = {}
    if unread:
        texts = {
            pk: notice_text(*parts)
            for pk, *parts in Opportunity.objects.filter(pk__in=unread).values_list(
                "pk", "title", "description", "title_translation", "description_translation"
            )
        }
    opportunity_rows = [
        _terms(vocabulary.tags_in(texts[row[0]]) if row[6] is None else row[6], vocabulary, codes[index])
        for index, row in enumerate(rows)
    ]
    company_rows = _company_rows(companies)
    tag_codes = [tag.code for tag in vocabulary.tags]
    segment_codes = [segment.code for segment in vocabulary.segments]
    area_codes = [area.code for area in vocabulary.areas]
    n_companies, n_opportunities = len(companies), len(rows)
    total = n_companies + n_opportunities
    profiles = engine.ProfileSet(
        ids=np.arange(total, dtype=np.int64),
        countries=np.array([str(c.country) for c in companies] + [row[1] for row in rows], dtype="<U2"),
        offers=_matrix([row[0] for row in company_rows] + [set()] * n_opportunities, tag_codes),
        needs=_matrix([row[1] for row in company_rows] + [row[0] for row in opportunity_rows], tag_codes),
        segments=_matrix([row[2] for row in company_rows] + [row[1] for row in opportunity_rows], segment_codes),
        technology_areas=_matrix([row[3] for row in company_rows] + [row[2] for row in opportunity_rows], area_codes),
        trl=np.array([row[4] for row in company_rows] + [np.nan] * n_opportunities, dtype=np.float64),
        export_classification=np.array(
            [row[5] for row in company_rows]
            + ["itar" if row[2] or row[4] else "ear" if row[3] else "" for row in rows],
            dtype="<U8",
        ),
        offers_text=[""] * total,
        needs_text=[""] * total,
        tag_codes=tuple(tag_codes),
        segment_codes=tuple(segment_codes),
        technology_area_codes=tuple(area_codes),
    )
    features = engine.build_features(profiles, text_dimensions=0)
    cap = features.capability
    left = features.left[:n_companies, :cap]
    right = features.right[n_companies:, :cap]

    declared = {p.company_id: p for p in ProcurementProfile.objects.filter(company__in=companies)}
    company_codes, opportunity_codes = _shared_columns(
        [
            {("NAICS", c) for c in declared[company.pk].naics_codes}
            | {("PSC", c) for c in declared[company.pk].psc_codes}
            if company.pk in declared
            else set()
            for company in companies
        ],
        codes,
    )
    history = _award_history(companies)
    wins, buyers = _shared_columns(
        [{buyer for buyer, _ocid in history[company.pk] if buyer} for company in companies],
        [{row[5]} if row[5] else set() for row in rows],
    )
    any_win = np.array([bool(history[company.pk]) for company in companies])

    groups, members = _alike(right, opportunity_codes, company_codes, buyers, wins)
    right = np.ascontiguousarray(right[groups])
    opportunity_codes, buyers = opportunity_codes[groups], buyers[groups]
    # Each group's first `k` members, one after another: no more of a group can place.
    k = min(top, n_opportunities)
    placeable = [group[:k] for group in members]
    counts = np.array([len(group) for group in placeable], dtype=np.int64)
    starts = np.concatenate([[0], np.cumsum(counts)[:-1]])
    flat_members = np.concatenate(placeable)
    n_groups = len(groups)
    chunk = max(1, RANK_CHUNK_CELLS // n_groups)
    found_companies, found_opportunities, found_scores = [], [], []
    for start in range(0, n_companies, chunk):
        stop = min(start + chunk, n_companies)
        scores = left[start:stop] @ right.T
        code_match = (company_codes[start:stop] @ opportunity_codes.T).toarray() > 0
        scores += CODE_BONUS * code_match
        from_buyer = (wins[start:stop] @ buyers.T).toarray() > 0
        scores += np.where(from_buyer, BUYER_AWARD_BONUS, ANY_AWARD_BONUS * any_win[start:stop, None])
        best_companies, best, best_scores = _best_members(scores, flat_members, starts, counts, k, MINIMUM_SCORE)
        found_companies.append(start + best_companies)
        found_opportunities.append(best)
        found_scores.append(best_scores)
    company_ids = np.array([company.pk for company in companies], dtype=np.int64)
    opportunity_ids = np.array([row[0] for row in rows], dtype=np.int64)
    return Ranking(
        company_ids[np.concatenate(found_companies)],
        opportunity_ids[np.concatenate(found_opportunities).astype(np.int64)],
        np.concatenate(found_scores).astype(np.float32),
    )


def _alike(right: np.ndarray, opportunity_codes, company_codes, buyers, wins) -> tuple[np.ndarray, list[np.ndarray]]:
    """Groups of opportunities every company scores alike: each group's first row and its rows, in order.

    Only declared codes some company declares, and buyers some company has won from, tell
    opportunities apart; the rest add nothing to any company's score.
    """
    declared_codes = opportunity_codes[:, np.flatnonzero(company_codes.getnnz(axis=0))].tocsr()
    won_buyers = buyers[:, np.flatnonzero(wins.getnnz(axis=0))].tocsr()
    found: dict[tuple, int] = {}
    group_of = np.empty(right.shape[0], dtype=np.int64)
    for index in range(right.shape[0]):
        key = (
            right[index].tobytes(),
            declared_codes.indices[declared_codes.indptr[index] : declared_codes.indptr[index + 1]].tobytes(),
            won_buyers.indices[won_buyers.indptr[index] : won_buyers.indptr[index + 1]].tobytes(),
        )
        group_of[index] = found.setdefault(key, len(found))
    order = np.argsort(group_of, kind="stable")
    bounds = np.flatnonzero(np.diff(group_of[order])) + 1
    members = np.split(order, bounds)
    return np.array([group[0] for group in members], dtype=np.int64), members


def _best_members(
    scores: np.ndarray, flat_members: np.ndarray, starts: np.ndarray, counts: np.ndarray, k: int, minimum: float
):
    """Each company's `k` best opportunities scoring `minimum` or more, from its score for each group.

    Returns (company row, opportunity index, score) arrays, each company's best first, ties to
    the earlier opportunity. Every group holds one opportunity or more, so a company's `k`
    best groups hold its `k` best opportunities: only groups scoring at least its k-th best
    group's score (ties at that edge included) are opened.
    """
    n_groups = scores.shape[1]
    floor = np.full(scores.shape[0], minimum, dtype=scores.dtype)
    if n_groups > k:
        floor = np.maximum(floor, np.partition(scores, n_groups - k, axis=1)[:, n_groups - k])
    rows, groups = np.nonzero(scores >= floor[:, None])
    if not len(rows):
        return np.empty(0, np.int64), np.empty(0, np.int64), np.empty(0, np.float32)
    # Open each candidate group: one entry per member it can place.
    sizes = counts[groups]
    total = int(sizes.sum())
    first = np.repeat(np.cumsum(sizes) - sizes, sizes)
    opportunities = flat_members[np.repeat(starts[groups], sizes) + np.arange(total) - first]
    companies = np.repeat(rows, sizes)
    values = np.repeat(scores[rows, groups], sizes)
    order = np.lexsort((opportunities, -values, companies))
    companies, opportunities, values = companies[order], opportunities[order], values[order]
    # Rank within each company, keeping the first k.
    boundaries = np.flatnonzero(np.diff(companies)) + 1
    group_start = np.repeat(np.concatenate([[0], boundaries]), np.diff(np.concatenate([[0], boundaries, [total]])))
    keep = np.arange(total) - group_start < k
    return companies[keep], opportunities[keep], values[keep]
