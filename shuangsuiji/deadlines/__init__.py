"""法定期限: statutory deadlines counted on the Chinese working-day calendar.

The calendar itself is `shuangsuiji.domain.workdays` (pure Python); this app keeps the holiday schedules an
administrator enters (`HolidaySchedule`), each bureau's rules (`DeadlineRule`) and the deadlines (`Deadline`).

Other apps call (keyword-only, explicit actor; docs/deadlines.md has the full contract):

    from shuangsuiji.deadlines import selectors, services

    services.open_deadline(actor=..., bureau=..., kind="penalty_publication", subject_type="cases.decision",
                           subject_id=str(decision.pk), label="阳统罚决〔2026〕3号", start_on=decided_on, url=...)
    services.complete_deadline(actor=..., kind=..., subject_type=..., subject_id=..., done_on=...)
    services.cancel_deadline(actor=..., kind=..., subject_type=..., subject_id=..., reason=...)
    services.open_yearly_deadline(actor=..., bureau=..., kind="annual_plan", year=2026)
    services.complete_yearly_deadline(actor=..., bureau=..., kind="annual_plan", year=2026, done_on=...)
    selectors.deadlines_for(subject_type, subject_id) -> list[Deadline]
    selectors.due_board(user, today) -> DueBoard
    selectors.current_calendar() -> WorkdayCalendar   # for any other working-day arithmetic
"""
