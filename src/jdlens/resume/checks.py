"""Resume checks a hiring manager runs in the first minute; each passes or fails with a reason.

The checks and thresholds follow the resume advice collected in the project's domain sources
(seed 002: quantify impact; seed 004: show production deployment, MLOps stack and engineering
discipline, avoid notebooks-only and research-only profiles for engineering roles).
"""

from __future__ import annotations

from jdlens.compiled_regex import compile_pattern
from jdlens.memo import ObjectMemo
from jdlens.models import Check, Resume, ResumeEvidence, RoleCategory
from jdlens.taxonomy.category_sets import category_set, role_set
from jdlens.text.gate import GatedPattern, GateIndex, GateScan

_NUMBER = compile_pattern(
    r"(?i)(?:[$€£₹]\s?\d|\d(?:[\d,.]*\d)?\s?(?:%|percent|x\b|ms\b|s\b|sec|k\b|m\b|mm\b|bn?\b|million|billion|"
    r"thousand|hours?|days?|weeks?|users|customers|requests|qps|rps|tps|predictions|records|rows|tb|gb|pb)|"
    r"\bp\d{2}\b|\b(?!(?:19|20)\d{2}\b)\d{2,}(?:[.,]\d+)?\b|\b\d+(?:\.\d+)\b|\b[2-9]\b)"
)
# Keyword patterns are tried only where one of their opening words is (``text.gate``): the same matches.
_PRODUCTION = GatedPattern(
    r"(?i)\b(?:deploy(?:ed|ing|ment|s)?|in production|production(?:-grade|ized|ionized)?|productioni[sz]ed|shipped|"
    r"launched|served|serving|real[- ]time|latency|throughput|endpoints?|sla|uptime|inference (?:service|api)|"
    r"rolled out|went live|on-call|at scale)\b"
)
_NOTEBOOK = GatedPattern(r"(?i)\b(?:jupyter|notebooks?|colab|kaggle)\b")
_RESEARCH = GatedPattern(
    r"(?i)\b(?:publications?|published|papers?|conferences?|neurips|icml|iclr|cvpr|acl|emnlp|aaai|arxiv|"
    r"research (?:assistant|scientist|intern|fellow)|postdoc(?:toral)?|thesis|dissertation)\b"
)
_TESTING = GatedPattern(
    r"(?i)(?<!a/b )(?<!a/b-)\b(?:unit[- ]tests?|integration tests?|tests?|testing|pytest|unittest|tdd|test coverage|junit)\b"
)
_CICD = GatedPattern(
    r"(?i)\b(?:ci/cd|ci|cd|continuous (?:integration|delivery|deployment)|github actions|jenkins|gitlab ci|circleci)\b",
    min_len=2,
)
_REVIEW = GatedPattern(
    r"(?i)\b(?:code reviews?|pull requests?|peer reviews?|reviewed code|design reviews?)\b"
)
_CHECK_PATTERNS = (_PRODUCTION, _NOTEBOOK, _RESEARCH, _TESTING, _CICD, _REVIEW)
_CHECK_SCAN = GateScan(_CHECK_PATTERNS)
_DIGIT = compile_pattern(r"\d")
_BEFORE_DIGIT = 2  # every number _NUMBER reads holds a digit, at most this far after its start ("$ 5", "p95")
_ENGINEERING_ROLES = role_set("engineering")
_MLOPS_CATEGORIES = category_set("mlops_tools")
_NOT_TECHNICAL = category_set("not_technical")
_CONTAINER_IDS = frozenset({"docker", "kubernetes"})

QUANTIFIED_SHARE = 0.3
MAX_WORDS = 1100
MIN_WORDS = 200


def quantified(text: str) -> bool:
    """Whether the statement carries a number (searched from just before its first digit)."""
    first = _DIGIT.search(text)
    return first is not None and bool(_NUMBER.search(text, max(0, first.start() - _BEFORE_DIGIT)))


# Which statements carry a number, read once per resume (the check and the suggestions both ask).
_QUANTIFIED: ObjectMemo[Resume, list[bool]] = ObjectMemo()


def quantified_statements(resume: Resume) -> list[bool]:
    """For each statement (``resume.bullets``), whether it carries a number (``quantified``)."""
    return _QUANTIFIED.get_or_put(resume, lambda: [quantified(b.text) for b in resume.bullets])


def _evidence(bullets: list[ResumeEvidence], limit: int = 3) -> list[ResumeEvidence]:
    return bullets[:limit]


def check_quantified(resume: Resume) -> Check:
    bullets = resume.bullets
    with_numbers = [b for b, held in zip(bullets, quantified_statements(resume), strict=True) if held]
    share = len(with_numbers) / len(bullets) if bullets else 0.0
    passed = bool(bullets) and share >= QUANTIFIED_SHARE
    reason = (
        f"{len(with_numbers)} of {len(bullets)} experience/project statements carry a number "
        f"({share:.0%}; aim for at least {QUANTIFIED_SHARE:.0%})"
        if bullets
        else "no experience or project statements found"
    )
    return Check.trusted(
        code="quantified_impact",
        name="Quantified impact",
        passed=passed,
        reason=reason,
        evidence=_evidence(with_numbers),
    )


# Where each pattern's words occur in a resume's text, found once per resume (not per statement, nor
# again for each check and each posting's research check), and which statements hold a match of it,
# kept while the resume lives.
class _Reading:
    __slots__ = ("holders", "indexes", "spans")

    def __init__(self, resume: Resume) -> None:
        self.indexes = _scan_checks(resume.text)
        self.spans = [(b.text, b.start) for b in resume.bullets]
        self.holders: dict[int, list[bool]] = {}


_READINGS: ObjectMemo[Resume, _Reading] = ObjectMemo()


def _index(resume: Resume, pattern: GatedPattern) -> GateIndex:
    kept = _READINGS.get_or_put(resume, lambda: _Reading(resume)).indexes
    found = kept.get(id(pattern))
    if found is None:
        found = kept[id(pattern)] = GateIndex(pattern, resume.text)
    return found


def _scan_checks(text: str) -> dict[int, GateIndex]:
    """The indexes of every pattern of the checks, their words found in one pass over the text."""
    return {id(p): index for p, index in zip(_CHECK_PATTERNS, _CHECK_SCAN.indexes(text), strict=True)}


def _holders(resume: Resume, pattern: GatedPattern) -> list[bool]:
    """For each statement (``resume.bullets``), whether the pattern matches in it."""
    reading = _READINGS.get_or_put(resume, lambda: _Reading(resume))
    found = reading.holders.get(id(pattern))
    if found is None:
        found = reading.holders[id(pattern)] = _index(resume, pattern).holders(reading.spans)
    return found


def _mentions(resume: Resume, pattern: GatedPattern) -> bool:
    """Whether the pattern matches anywhere in the resume's text."""
    return _index(resume, pattern).search(resume.text, 0) is not None


def _statement_hits(resume: Resume, pattern: GatedPattern) -> list[ResumeEvidence]:
    return [b for b, held in zip(resume.bullets, _holders(resume, pattern), strict=True) if held]


def _any_statement(resume: Resume, pattern: GatedPattern) -> bool:
    return any(_holders(resume, pattern))


def check_production(resume: Resume) -> Check:
    hits = _statement_hits(resume, _PRODUCTION)
    reason = (
        f"{len(hits)} statement(s) show deployment or production work"
        if hits
        else "no statement shows a model or system deployed, served or running in production"
    )
    return Check.trusted(
        code="production_evidence",
        name="Production / deployment evidence",
        passed=bool(hits),
        reason=reason,
        evidence=_evidence(hits),
    )


def check_mlops(resume: Resume) -> Check:
    tools = [s for s in resume.skills if s.category in _MLOPS_CATEGORIES]
    containers = [s for s in resume.skills if s.id in _CONTAINER_IDS]
    passed = len(tools) >= 2 or (len(tools) >= 1 and bool(containers))
    names = ", ".join(s.name for s in tools + containers) or "none"
    reason = f"MLOps and serving tools shown: {names}" + (
        "" if passed else " (show at least two, e.g. tracking and serving)"
    )
    return Check.trusted(
        code="mlops_stack",
        name="MLOps stack",
        passed=passed,
        reason=reason,
        evidence=[s.evidence[0] for s in tools + containers][:4],
    )


def check_engineering(resume: Resume) -> Check:
    found = {
        name
        for name, pattern in (("tests", _TESTING), ("CI/CD", _CICD), ("code review", _REVIEW))
        if _mentions(resume, pattern)
    }
    if any(s.id == "ci_cd" for s in resume.skills):
        found.add("CI/CD")
    passed = len(found) >= 2
    shown = ", ".join(sorted(found)) or "none"
    reason = f"software-engineering practice shown: {shown}" + (
        "" if passed else " (show at least two of tests, CI/CD, code review)"
    )
    held = zip(*(_holders(resume, p) for p in (_TESTING, _CICD, _REVIEW)), strict=True)
    hits = [b for b, flags in zip(resume.bullets, held, strict=True) if any(flags)]
    return Check.trusted(
        code="engineering_discipline",
        name="Software-engineering discipline",
        passed=passed,
        reason=reason,
        evidence=_evidence(hits),
    )


def check_sections(resume: Resume) -> Check:
    kinds = {s.kind for s in resume.sections}
    needed = ["experience", "education", "skills"]
    missing = [k for k in needed if k not in kinds]
    reason = (
        "has " + ", ".join(k for k in needed if k in kinds)
        if not missing
        else "missing section(s): " + ", ".join(missing)
    )
    return Check.trusted(
        code="sections", name="Standard sections", passed=not missing, reason=reason or "no sections found"
    )


def check_contact(resume: Resume) -> Check:
    c = resume.contact
    shown = [
        name
        for name, ok in (
            ("email", c.email),
            ("phone", c.phone),
            ("LinkedIn", c.linkedin),
            ("GitHub", c.github),
            ("website", c.website),
        )
        if ok
    ]
    passed = c.email and (c.phone or c.linkedin)
    reason = "shows " + ", ".join(shown) if shown else "no contact details found"
    if not passed:
        reason += " (needs an email and a phone or LinkedIn)"
    return Check.trusted(code="contact_details", name="Contact details", passed=bool(passed), reason=reason)


def check_length(resume: Resume) -> Check:
    words, pages = resume.word_count, resume.pages
    max_pages = 3 if (resume.total_years or 0) >= 10 else 2
    problems = []
    if words < MIN_WORDS:
        problems.append(f"only {words} words: too thin to show evidence")
    if words > MAX_WORDS * (1.5 if max_pages == 3 else 1):
        problems.append(f"{words} words: trim to the work relevant for the role")
    if pages and pages > max_pages:
        problems.append(f"{pages} pages (keep it to {max_pages})")
    reason = "; ".join(problems) or f"{words} words" + (f", {pages} page(s)" if pages else "")
    return Check.trusted(code="length", name="Length", passed=not problems, reason=reason)


def check_notebooks(resume: Resume) -> Check:
    notebooks = _statement_hits(resume, _NOTEBOOK)
    mentions = _mentions(resume, _NOTEBOOK)
    production = _any_statement(resume, _PRODUCTION)
    failed = mentions and not production
    reason = (
        "the portfolio is notebooks / Kaggle with nothing deployed"
        if failed
        else "notebook work is backed by deployed work"
        if mentions
        else "no notebooks-only portfolio"
    )
    return Check.trusted(
        code="notebooks_only",
        name="Not a notebooks-only portfolio",
        passed=not failed,
        reason=reason,
        evidence=_evidence(notebooks),
    )


def check_research_only(resume: Resume, job_role: RoleCategory | None) -> Check | None:
    """Only for engineering roles: research signals with no production evidence."""
    if job_role not in _ENGINEERING_ROLES:
        return None
    research = any(s.kind == "publications" for s in resume.sections) or bool(_mentions(resume, _RESEARCH))
    production = _any_statement(resume, _PRODUCTION)
    failed = research and not production
    reason = (
        "research-heavy profile with no production deployment, for an engineering role"
        if failed
        else "research is balanced by production work"
        if research
        else "not a research-only profile"
    )
    return Check.trusted(
        code="research_only",
        name="Not research-only (engineering role)",
        passed=not failed,
        reason=reason,
        evidence=_evidence(_statement_hits(resume, _RESEARCH)),
    )


def check_listed_only(resume: Resume) -> Check:
    """Keyword stuffing: most skills appear only in a skills list, never in the work described."""
    technical = [s for s in resume.skills if s.category not in _NOT_TECHNICAL]
    listed = [s for s in technical if s.listed_only]
    share = len(listed) / len(technical) if technical else 0.0
    passed = share <= 0.5
    names = ", ".join(s.name for s in listed[:8])
    reason = f"{len(listed)} of {len(technical)} skills appear only in a list ({share:.0%})" + (
        f": {names}" if listed else ""
    )
    return Check.trusted(
        code="skills_shown",
        name="Skills shown in the work, not only listed",
        passed=passed,
        reason=reason,
        evidence=[s.evidence[0] for s in listed[:4]],
    )


def check_pages_read(resume: Resume) -> Check | None:
    """A PDF with pages that hold no text (scans): those pages were not read (``Resume.notes``)."""
    if not resume.empty_pages:
        return None
    return Check.trusted(code="pages_read", name="Every page has text", passed=False, reason=resume.notes[0])


def run_checks(resume: Resume, job_role: RoleCategory | None = None) -> list[Check]:
    pages = check_pages_read(resume)
    checks = [] if pages is None else [pages]
    checks += [
        check_quantified(resume),
        check_production(resume),
        check_mlops(resume),
        check_engineering(resume),
        check_sections(resume),
        check_contact(resume),
        check_length(resume),
        check_notebooks(resume),
        check_listed_only(resume),
    ]
    research = check_research_only(resume, job_role)
    if research is not None:
        checks.append(research)
    return checks
