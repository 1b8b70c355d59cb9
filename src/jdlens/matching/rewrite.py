"""Bullet rewrites: rule-based by default, or any OpenAI-compatible chat endpoint the user configures.

Every rewrite is checked against the original resume before it is shown: one that introduces a
skill, a name (employer, product, place), a job title or seniority word, or a number that the
resume does not contain is rejected and reported with the reason.
Resume text goes only to the endpoint the user configured, and is never logged.
"""

from __future__ import annotations

import json
from collections.abc import Sequence
from typing import Literal

from jdlens.compiled_regex import compile_pattern
from jdlens.config import get_settings
from jdlens.errors import LLMError
from jdlens.extract.skills import find_skills, get_matcher
from jdlens.memo import ObjectMemo
from jdlens.models import JobAnalysis, Resume, Rewrite
from jdlens.text.document import Document
from jdlens.text.normalize import normalize

_NUMBER = compile_pattern(r"\d+(?:[.,]\d+)*")
_WORD = compile_pattern(r"[\w&.+-]+")
_CAPITALIZED = compile_pattern(r"\b[A-Z][\w&.+-]*[\w+]|\b[A-Z]\b")
_TITLE_WORDS = compile_pattern(
    r"(?i)\b(?:senior|sr|lead|principal|staff|head|chief|director|manager|vp|vice president|architect|founder|"
    r"co-founder|cto|ceo|intern)\b"
)
_MAX_BULLETS = 8
_TIMEOUT = 60.0

SYSTEM_PROMPT = (
    "You rewrite resume bullet points so they read clearly for the job posting given. Rules: keep every fact; "
    "do not add any skill, tool, employer, product, place, job title, seniority word or number that the "
    "original bullet does not contain; you may reorder, tighten wording and use a stronger verb. "
    'Answer with JSON only: {"rewrites": ["...", "..."]}, one string per bullet, same order.'
)


def _numbers(text: str) -> set[str]:
    return {n.replace(",", "") for n in _NUMBER.findall(text)}


# The numbers and the words of a resume's text, read once per resume (each of its rewrites is compared
# with them), kept while the resume lives.
_RESUME_NUMBERS: ObjectMemo[Resume, set[str]] = ObjectMemo()
_RESUME_WORDS: ObjectMemo[Resume, set[str]] = ObjectMemo()


def _resume_numbers(resume: Resume) -> set[str]:
    return _RESUME_NUMBERS.get_or_put(resume, lambda: _numbers(resume.text))


def _resume_words(resume: Resume) -> set[str]:
    return _RESUME_WORDS.get_or_put(resume, lambda: set(_WORD.findall(resume.text.casefold())))


def _names(text: str) -> set[str]:
    """Capitalized words that are not the first word of a sentence or bullet."""
    return {
        m.group(0).casefold().rstrip(".")
        for m in _CAPITALIZED.finditer(text)
        if not _opens_sentence(text, m.start())
    }


def _opens_sentence(text: str, pos: int) -> bool:
    """Whether ``pos`` opens the text, a line, a bullet or a sentence: the text before it is empty or
    ends with a line break, a bullet (and spaces) or a full stop, "!", "?", ":" or ";" and spaces.
    Only the whitespace just before ``pos`` is read, so a text is read once whatever its length."""
    if pos == 0 or text[pos - 1] == "\n":
        return True
    start = pos
    while start > 0 and text[start - 1].isspace():
        start -= 1
    if start == 0:
        return False
    before = text[start - 1]
    return before == "•" or (before in ".!?:;" and start < pos)


def _skills(text: str) -> set[str]:
    matcher = get_matcher()
    # the skills of a document depend on its normalized text only: no posting sections are looked for
    doc = Document(text=normalize(text, matcher.camel_words), sections=())
    return {h.skill_id for h in find_skills(doc, matcher)}


def validate(original: str, rewritten: str, resume: Resume) -> str | None:
    """Why the rewrite must be rejected, or None when it adds nothing the resume does not show."""
    if not rewritten.strip():
        return "empty rewrite"
    # each side of a comparison with the resume is read only when the rewrite has something to compare
    beyond = _skills(rewritten) - resume.skill_ids(with_implied=True)
    new_skills = sorted(beyond - _skills(original)) if beyond else []
    if new_skills:
        return "introduces skill(s) not in the resume: " + ", ".join(new_skills)
    numbers = _numbers(rewritten)
    new_numbers = sorted(numbers - _resume_numbers(resume)) if numbers else []
    if new_numbers:
        return "introduces number(s) not in the resume: " + ", ".join(new_numbers)
    names = _names(rewritten)
    resume_words = _resume_words(resume) if names else set()
    new_names = sorted(n for n in names if n not in resume_words and n.rstrip(".") not in resume_words)
    if new_names:
        return "introduces name(s) not in the resume (employer, product, title): " + ", ".join(new_names)
    titles = {m.casefold() for m in _TITLE_WORDS.findall(rewritten)} - {
        m.casefold() for m in _TITLE_WORDS.findall(original)
    }
    if titles:
        return "introduces a title or seniority word: " + ", ".join(sorted(titles))
    return None


def checked(original: str, rewritten: str, resume: Resume, source: Literal["rules", "llm"]) -> Rewrite:
    reason = validate(original, rewritten, resume)
    return Rewrite(
        original=original,
        rewritten=rewritten,
        source=source,
        accepted=reason is None,
        reason=reason,
    )


def _endpoint() -> tuple[str, str, str | None]:
    settings = get_settings()
    if not settings.llm_base_url or not settings.llm_model:
        raise LLMError(
            "JDL031", variables="JDLENS_LLM_BASE_URL and JDLENS_LLM_MODEL (and JDLENS_LLM_API_KEY if needed)"
        )
    return settings.llm_base_url.rstrip("/"), settings.llm_model, settings.llm_api_key


def _prompt(bullets: Sequence[str], job: JobAnalysis) -> str:
    wanted = ", ".join(s.name for s in job.skills[:25])
    lines = "\n".join(f"{i + 1}. {b}" for i, b in enumerate(bullets))
    title = job.title or "the role"
    return f"Job: {title}. Skills the posting asks for: {wanted}.\nBullets:\n{lines}"


def chat(messages: list[dict[str, str]], *, timeout: float = _TIMEOUT) -> str:
    """One chat completion from the configured endpoint; errors become LLMError without echoing content."""
    import httpx

    base, model, key = _endpoint()
    headers = {"Content-Type": "application/json"}
    if key:
        headers["Authorization"] = f"Bearer {key}"
    payload = {"model": model, "messages": messages, "temperature": 0}
    try:
        response = httpx.post(f"{base}/chat/completions", json=payload, headers=headers, timeout=timeout)
    except httpx.HTTPError as exc:
        raise LLMError(reason=f"cannot reach {base} ({type(exc).__name__})") from None
    if response.status_code >= 400:
        raise LLMError(reason=f"HTTP {response.status_code} from {base}")
    try:
        return str(response.json()["choices"][0]["message"]["content"])
    except (ValueError, KeyError, IndexError, TypeError):
        raise LLMError(reason="the response is not an OpenAI-style chat completion") from None


def parse_rewrites(content: str, expected: int) -> list[str]:
    start, end = content.find("{"), content.rfind("}")
    try:
        data = json.loads(content[start : end + 1]) if start >= 0 else None
        items = data["rewrites"] if isinstance(data, dict) else None
    except (ValueError, KeyError):
        items = None
    if not isinstance(items, list) or len(items) != expected or not all(isinstance(i, str) for i in items):
        raise LLMError(reason=f"expected a JSON object with {expected} rewrites")
    return items


def llm_rewrites(resume: Resume, job: JobAnalysis, bullets: Sequence[str]) -> list[Rewrite]:
    """Rewrite up to eight bullets with the configured endpoint; each result checked against the resume."""
    chosen = list(bullets)[:_MAX_BULLETS]
    if not chosen:
        return []
    messages = [
        {"role": "system", "content": SYSTEM_PROMPT},
        {"role": "user", "content": _prompt(chosen, job)},
    ]
    rewritten = parse_rewrites(chat(messages), len(chosen))
    return [checked(o, r.strip(), resume, "llm") for o, r in zip(chosen, rewritten, strict=True)]
