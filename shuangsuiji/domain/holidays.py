"""The statutory public holidays fixed by law, computed for any year from 2025 to 2099.

《全国年节及纪念日放假办法》 as amended by 国务院令第795号 (in force 2025-01-01) fixes 13 days off for everyone:

    元旦 1 day (1 January), 春节 4 days (除夕 and 正月初一 to 初三), 清明 1 day (the 清明 solar term),
    劳动节 2 days (1–2 May), 端午 1 day (五月初五), 中秋 1 day (八月十五), 国庆 3 days (1–3 October).

Before 2025 the law gave 11 days (春节 3 days from 正月初一, 劳动节 1 day). That older set is not implemented: the
platform only computes a year from the law when neither the State Council's yearly notice nor the chinesecalendar
package covers it, and chinesecalendar covers every year from 2004 to 2026, so a year before 2025 is never computed
from the law. `statutory_holidays` refuses such a year rather than apply the wrong rule.

Lunar dates come from `lunardate` (lunar years 1900–2099). 清明 is a solar term, computed with the 寿星 formula.
"""

from __future__ import annotations

import datetime as dt
import math

from lunardate import LunarDate

FIRST_YEAR = 2025
LAST_YEAR = 2099

NEW_YEAR = "元旦"
SPRING_FESTIVAL = "春节"
QINGMING = "清明"
LABOUR_DAY = "劳动节"
DRAGON_BOAT = "端午"
MID_AUTUMN = "中秋"
NATIONAL_DAY = "国庆节"

# 寿星通式 for 清明: day of April = floor(Y × 0.2422 + C) − floor(Y / 4), Y = year % 100.
_QINGMING_C = {19: 5.59, 20: 4.81, 21: 4.81}
# Years the formula misses, checked against an astronomical computation (apparent solar longitude 15°,
# Beijing time): 2100 is not a leap year, so the formula's leap-day term is one day off.
_QINGMING_CORRECTION = {2100: 1}


class HolidayRangeError(ValueError):
    """A year outside the range where the holidays fixed by law can be computed."""


def qingming(year: int) -> dt.date:
    """The date of the 清明 solar term (1900–2100)."""
    if not 1900 <= year <= 2100:
        raise HolidayRangeError(f"清明 is computed for 1900–2100 only, not {year}")
    y = year % 100
    century = 19 if year < 2000 else (20 if year < 2100 else 21)
    day = math.floor(y * 0.2422 + _QINGMING_C[century]) - y // 4 + _QINGMING_CORRECTION.get(year, 0)
    return dt.date(year, 4, day)


def lunar_to_solar(year: int, month: int, day: int) -> dt.date:
    """A date of the lunar calendar (not a leap month) as a Gregorian date."""
    solar = LunarDate(year, month, day).to_solar_date()
    return dt.date(solar.year, solar.month, solar.day)


def new_years_eve(year: int) -> dt.date:
    """除夕: the last day of the lunar year that ends in `year`, whether 腊月 has 29 or 30 days."""
    return lunar_to_solar(year, 1, 1) - dt.timedelta(days=1)


def statutory_holidays(year: int) -> dict[dt.date, str]:
    """The 13 days off fixed by 国务院令第795号 for `year`, each with its holiday's name (no 调休)."""
    if not FIRST_YEAR <= year <= LAST_YEAR:
        raise HolidayRangeError(f"the holidays fixed by law are computed for {FIRST_YEAR}–{LAST_YEAR} only, not {year}")
    eve = new_years_eve(year)
    days = {dt.date(year, 1, 1): NEW_YEAR}
    days.update({eve + dt.timedelta(days=i): SPRING_FESTIVAL for i in range(4)})
    days[qingming(year)] = QINGMING
    days.update({dt.date(year, 5, d): LABOUR_DAY for d in (1, 2)})
    days[lunar_to_solar(year, 5, 5)] = DRAGON_BOAT
    for d in (1, 2, 3):
        days[dt.date(year, 10, d)] = NATIONAL_DAY
    # 中秋 can fall on 1–3 October (2028 for one): the day is then both holidays and still one day off.
    mid_autumn = lunar_to_solar(year, 8, 15)
    days[mid_autumn] = f"{NATIONAL_DAY}、{MID_AUTUMN}" if mid_autumn in days else MID_AUTUMN
    return days
