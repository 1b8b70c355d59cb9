"""Salary fields as NHS Jobs writes them (real strings of nhs_jobs_2020; the site's own min/max in the
comment where it agrees): one case, or more, for each mechanism of jdlens.money.parse_salary_string."""

from __future__ import annotations

import pytest

from jdlens.money import parse_salary_string


def read(text: str) -> tuple[float, float, str] | None:
    found = parse_salary_string(text, currency="GBP")
    return None if found is None else (found.low, found.high, found.period)


@pytest.mark.parametrize(
    ("text", "want"),
    [
        # pay per weekly session: a yearly rate, in the period written after the unit, else by its size
        ("£10,000 per session per annum", (10_000, 10_000, "year")),
        ("£10,000 per session annually", (10_000, 10_000, "year")),
        ("£10k/session - negotiable subject to experience", (10_000, 10_000, "year")),
        ("10000/session", (10_000, 10_000, "year")),
        ("£13,520 - £16,900 per session", (13_520, 16_900, "year")),
        ("£16,416 per annum for 1 session per week", (16_416, 16_416, "year")),
        # a fee per session is no pay for time
        ("£375-£450 per session", None),
        (":£8.63 - £12.93 Per Session", None),
        # a grade code after a figure is no multiplier ("M" is not millions, "B" not billions)
        ("£30,621 - £35,806 MF", (30_621, 35_806, "year")),
        ("£40,037 - £74,661 MC46", (40_037, 74_661, "year")),
        ("B5 £24,907 - £30,615 B6 £31,365 - £37,890 per annum", (24_907, 30_615, "year")),
        ("£45k – £80kSingapore", (45_000, 80_000, "year")),  # a glued word is no code
        # a field scraped as HTML
        ("£24,907 - £30&#39;615", (24_907, 30_615, "year")),
        # a thousands group that lost a zero at the top of a range
        ("£25,000 - £33,00 dependent on experience", (25_000, 33_000, "year")),
        # several rates of one post span, lowest to highest
        ("Day rate £16.55 P/H &amp; Night rate £20.70 P/H", (16.55, 20.70, "hour")),
        ("£18.09 p/h weekdays, £20.20 p/h nights &amp; weekends", (18.09, 20.20, "hour")),
        ("£9.89/hour - Day, £18.1/hour - Sunday", (9.89, 18.1, "hour")),
        ("Days £23.40   Night/Sat £20.35  Sun/BH  £25.05", (20.35, 25.05, "hour")),
        ("£49,036 (pre-CCT) / £52,036 (post-CCT)", (49_036, 52_036, "year")),
        ("£19,737 (rising to £21,892 on qualification)", (19_737, 21_892, "year")),
        ("£34,000 per annum (£36k post preceptorship)", (34_000, 36_000, "year")),
        # ... but not a full-time equivalent, a bonus, a percentage or one pay in two periods
        ("Up to £24,510 FTE £40,850", (24_510, 24_510, "year")),
        ("Up to £18,299pa DoE (FTE £45,749pa)", (18_299, 18_299, "year")),
        ("£35,000 per annum plus £5,000 Welcome Bonus", (35_000, 35_000, "year")),
        ("£15.95 per hour (plus 12.1%)", (15.95, 15.95, "hour")),
        ("£17 per hour, plus 20% weekend enhancement", (17, 17, "hour")),
        ("£30,615 per annum pro rata (£15.66 per hour)", (30_615, 30_615, "year")),
        ("£28,328 (Per Annum) / £14.15 + Enhancements", (28_328, 28_328, "year")),
        # the points of one pay scale span it; a range with its period
        ("£24,907 / £26,970 / £27,416 / £30,615", (24_907, 30_615, "year")),
        ("£24,907 - £30,615 per annum pro rata", (24_907, 30_615, "year")),
        ("Band 5 £24,907 - £30,615 depending on experience", (24_907, 30_615, "year")),
        ("Negotiable", None),
        ("Band 6 dependent on experience", None),
    ],
)
def test_nhs_salary_fields(text: str, want: tuple[float, float, str] | None) -> None:
    got = read(text)
    if want is None:
        assert got is None
    else:
        assert got is not None and got == pytest.approx(want)
