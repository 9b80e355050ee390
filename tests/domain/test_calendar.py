"""Business-hours arithmetic: worked examples computed by hand.

Every expected value below is derived in the comments next to it, in local
wall-clock time first and then in UTC (Berlin is UTC+1 in winter (CET) and
UTC+2 in summer (CEST); New York is UTC-5 (EST) / UTC-4 (EDT)).
"""

from __future__ import annotations

from datetime import UTC, date, datetime, timedelta
from pathlib import Path
from zoneinfo import ZoneInfo

import pytest

from agent_tui.domain.calendar import (
    TWENTY_FOUR_SEVEN,
    Calendar,
    add_business_minutes,
    business_minutes_between,
    business_minutes_between_excluding,
    calendar_from_dict,
    calendar_to_dict,
    calendars_from_toml,
    describe_remaining,
    holidays_package_available,
    is_open,
    next_closing,
    next_opening,
)
from agent_tui.errors import InvalidInput

DATA = Path(__file__).resolve().parents[2] / "data" / "calendars.toml"
BERLIN = ZoneInfo("Europe/Berlin")


def utc(*args: int) -> datetime:
    return datetime(*args, tzinfo=UTC)


def berlin(*args: int) -> datetime:
    """A Berlin wall-clock time, returned as UTC."""
    return datetime(*args, tzinfo=BERLIN).astimezone(UTC)


@pytest.fixture(scope="module")
def presets() -> dict[str, Calendar]:
    return calendars_from_toml(DATA.read_text(encoding="utf-8"))


@pytest.fixture(scope="module")
def office(presets: dict[str, Calendar]) -> Calendar:
    return presets["berlin-office"]


LUNCH = calendar_from_dict(
    "lunch",
    {"timezone": "Europe/Berlin", "hours": {"mon-fri": ["09:00-12:30", "13:30-17:00"]}},
)


class TestPresets:
    def test_the_shipped_file_has_the_four_presets(self, presets):
        assert set(presets) == {"berlin-office", "amsterdam-office", "sao-paulo-office", "24x7"}
        assert presets["berlin-office"].timezone == "Europe/Berlin"
        assert presets["amsterdam-office"].hours[0] == ((8 * 60 + 30, 17 * 60 + 30),)
        assert presets["sao-paulo-office"].hours[4] == ((9 * 60, 18 * 60),)
        assert presets["sao-paulo-office"].hours[5] == ()
        assert presets["24x7"].always_open

    def test_berlin_holidays(self, office):
        assert (10, 3) in office.yearly_holidays
        assert office.is_holiday(date(2026, 4, 6))  # Easter Monday 2026
        assert office.is_holiday(date(2026, 4, 3))  # Good Friday 2026
        assert office.is_holiday(date(2031, 12, 25))
        assert not office.is_holiday(date(2026, 4, 7))

    def test_amsterdam_koningsdag_is_closed(self, presets):
        ams = presets["amsterdam-office"]
        # Mon 27 Apr 2026 is Koningsdag; the desk reopens Tue 28 Apr 08:30 CEST = 06:30 UTC.
        assert not is_open(ams, utc(2026, 4, 27, 10))
        assert next_opening(ams, utc(2026, 4, 27, 10)) == utc(2026, 4, 28, 6, 30)

    def test_sao_paulo_has_no_dst(self, presets):
        sp = presets["sao-paulo-office"]
        # Brazil dropped DST in 2019: 09:00 BRT is 12:00 UTC all year.
        assert next_opening(sp, utc(2026, 1, 13, 3)) == utc(2026, 1, 13, 12)
        assert next_opening(sp, utc(2026, 7, 14, 3)) == utc(2026, 7, 14, 12)
        # Fri 16:00 BRT (19:00 UTC) + 4 h: Fri 16-18 = 2 h, Mon 09-11 = 2 h -> Mon 11:00 BRT = 14:00 UTC.
        assert add_business_minutes(sp, utc(2026, 7, 10, 19), 240) == utc(2026, 7, 13, 14)

    def test_round_trip_through_dict(self, presets):
        for cal in presets.values():
            again = calendar_from_dict(cal.name, calendar_to_dict(cal))
            assert again == cal
        assert calendar_to_dict(LUNCH)["hours"] == {"mon-fri": ["09:00-12:30", "13:30-17:00"]}


class TestWeekendAndOvernight:
    def test_friday_1630_with_4h_target_is_due_monday_1230(self, office):
        # Fri 6 Mar 2026 16:30 CET: 16:30-17:00 = 30 min; 240 - 30 = 210 min left.
        # Sat, Sun closed. Mon 9 Mar 09:00 + 210 min = 12:30 CET = 11:30 UTC.
        created = berlin(2026, 3, 6, 16, 30)
        assert created == utc(2026, 3, 6, 15, 30)
        due = add_business_minutes(office, created, 240)
        assert due == berlin(2026, 3, 9, 12, 30) == utc(2026, 3, 9, 11, 30)
        assert business_minutes_between(office, created, due) == 240

    def test_start_outside_hours_begins_at_next_opening(self, office):
        # Sat 7 Mar 12:00 UTC is closed; counting starts Mon 09:00 CET (08:00 UTC); +90 min = 09:30 UTC.
        assert add_business_minutes(office, utc(2026, 3, 7, 12), 90) == utc(2026, 3, 9, 9, 30)
        # Tue 10 Mar 05:00 CET (04:00 UTC) is before opening: 09:00 CET + 60 min = 10:00 CET = 09:00 UTC.
        assert add_business_minutes(office, berlin(2026, 3, 10, 5), 60) == utc(2026, 3, 10, 9)
        # Zero minutes from a closed instant is the next opening.
        assert add_business_minutes(office, utc(2026, 3, 7, 12), 0) == utc(2026, 3, 9, 8)

    def test_landing_on_closing_time_returns_the_closing_instant(self, office):
        # Mon 9 Mar 16:00 CET + 60 min = 17:00 CET exactly -> that instant (16:00 UTC), not Tue 09:00.
        due = add_business_minutes(office, berlin(2026, 3, 9, 16), 60)
        assert due == utc(2026, 3, 9, 16)
        assert not is_open(office, due)  # half-open: closed at 17:00:00 ...
        assert is_open(office, due - timedelta(microseconds=1))  # ... open just before
        # One more minute spills to Tue 09:01 CET = 08:01 UTC.
        assert add_business_minutes(office, berlin(2026, 3, 9, 16), 61) == utc(2026, 3, 10, 8, 1)

    def test_lunch_break_and_a_whole_week(self):
        # Lunch calendar: 3.5 h + 3.5 h = 420 min a day, 2100 min a week.
        assert LUNCH.weekly_minutes() == 2100
        # Mon 9 Mar 12:00 CET + 60 min: 12:00-12:30 = 30, lunch, 13:30 + 30 = 14:00 CET = 13:00 UTC.
        assert add_business_minutes(LUNCH, berlin(2026, 3, 9, 12), 60) == utc(2026, 3, 9, 13)
        assert not is_open(LUNCH, berlin(2026, 3, 9, 13))
        assert next_opening(LUNCH, berlin(2026, 3, 9, 13)) == berlin(2026, 3, 9, 13, 30)
        assert next_closing(LUNCH, berlin(2026, 3, 9, 10)) == berlin(2026, 3, 9, 12, 30)
        # Exactly 2100 min from Mon 09:00 ends at Fri 17:00 (the closing instant, not next Monday).
        assert add_business_minutes(LUNCH, berlin(2026, 3, 9, 9), 2100) == berlin(2026, 3, 13, 17)
        # Three weeks + 1 min from Mon 9 Mar 09:00 -> Mon 30 Mar 09:01 CEST (after the DST switch) = 07:01 UTC.
        assert add_business_minutes(LUNCH, berlin(2026, 3, 9, 9), 3 * 2100 + 1) == utc(2026, 3, 30, 7, 1)

    def test_between_is_antisymmetric(self, office):
        a, b = berlin(2026, 3, 9, 10), berlin(2026, 3, 10, 11)
        # Mon 10-17 = 420, Tue 09-11 = 120 -> 540.
        assert business_minutes_between(office, a, b) == 540
        assert business_minutes_between(office, b, a) == -540
        assert business_minutes_between(office, a, a) == 0

    def test_overnight_shift_split_at_midnight_is_one_period(self):
        night = calendar_from_dict(
            "night", {"timezone": "Europe/Berlin", "hours": {"mon": ["22:00-24:00"], "tue-fri": ["00:00-06:00", "22:00-24:00"], "sat": ["00:00-06:00"]}},
        )
        # Mon 9 Mar 23:00 CET: open until Tue 06:00 CET (05:00 UTC), midnight is no closing.
        assert next_closing(night, berlin(2026, 3, 9, 23)) == utc(2026, 3, 10, 5)
        # Mon 23:00 + 120 min = Tue 01:00 CET = 00:00 UTC.
        assert add_business_minutes(night, berlin(2026, 3, 9, 23), 120) == utc(2026, 3, 10, 0)


class TestDaylightSaving:
    def test_spring_forward_march_2026(self, office):
        # Clocks go 02:00 CET -> 03:00 CEST on Sun 29 Mar 2026.
        # Fri 27 Mar 15:00 CET (14:00 UTC) + 240 min: Fri 15-17 = 120; Mon 30 Mar 09:00 CEST + 120 = 11:00 CEST
        # = 09:00 UTC. (Pretending Monday were still UTC+1 would wrongly give 10:00 UTC.)
        due = add_business_minutes(office, berlin(2026, 3, 27, 15), 240)
        assert due == utc(2026, 3, 30, 9)
        # The weekend has 3 days of 24h but 71 real hours; none of them count.
        assert business_minutes_between(office, utc(2026, 3, 27, 14), utc(2026, 3, 30, 9)) == 240
        # Mon 30 Mar opens 09:00 CEST = 07:00 UTC (the week before: 08:00 UTC).
        assert next_opening(office, utc(2026, 3, 28, 12)) == utc(2026, 3, 30, 7)
        assert next_opening(office, utc(2026, 3, 21, 12)) == utc(2026, 3, 23, 8)

    def test_fall_back_october_2026(self, office):
        # Clocks go 03:00 CEST -> 02:00 CET on Sun 25 Oct 2026.
        # Fri 23 Oct 16:00 CEST (14:00 UTC) + 180 min: Fri 16-17 = 60; Mon 26 Oct 09:00 CET + 120 = 11:00 CET
        # = 10:00 UTC.
        due = add_business_minutes(office, berlin(2026, 10, 23, 16), 180)
        assert due == utc(2026, 10, 26, 10)
        assert business_minutes_between(office, utc(2026, 10, 23, 14), due) == 180
        # A whole week across the switch still has 5 x 480 = 2400 business minutes:
        # Mon 19 Oct 09:00 CEST (07:00 UTC) .. Mon 26 Oct 09:00 CET (08:00 UTC), 169 real hours apart.
        assert business_minutes_between(office, utc(2026, 10, 19, 7), utc(2026, 10, 26, 8)) == 2400

    def test_hours_inside_the_gap_and_the_fold(self):
        # A desk open every Sunday 00:00-04:00 Berlin time.
        sunday = calendar_from_dict("sunday-night", {"timezone": "Europe/Berlin", "hours": {"sun": ["00:00-04:00"]}})
        # Spring, Sun 29 Mar: 00:00 CET (23:00 UTC Sat) .. 04:00 CEST (02:00 UTC): 3 real hours.
        assert business_minutes_between(sunday, utc(2026, 3, 28), utc(2026, 3, 30)) == 180
        # Autumn, Sun 25 Oct: 00:00 CEST (22:00 UTC Sat) .. 04:00 CET (03:00 UTC): 5 real hours.
        assert business_minutes_between(sunday, utc(2026, 10, 24), utc(2026, 10, 26)) == 300
        # An opening inside the gap (02:30 does not exist on 29 Mar) opens when the gap ends: 03:00 CEST = 01:00 UTC.
        gap = calendar_from_dict("gap", {"timezone": "Europe/Berlin", "hours": {"sun": ["02:30-04:00"]}})
        assert next_opening(gap, utc(2026, 3, 28, 12)) == utc(2026, 3, 29, 1)
        assert business_minutes_between(gap, utc(2026, 3, 28), utc(2026, 3, 30)) == 60  # 03:00-04:00 CEST
        # An opening in the fold means its first occurrence: 02:30 CEST = 00:30 UTC on 25 Oct;
        # 02:30 CEST .. 04:00 CET is 2.5 real hours.
        assert next_opening(gap, utc(2026, 10, 24, 12)) == utc(2026, 10, 25, 0, 30)
        assert business_minutes_between(gap, utc(2026, 10, 24), utc(2026, 10, 26)) == 150
        # An interval wholly inside the gap does not exist that night.
        inside = calendar_from_dict("inside", {"timezone": "Europe/Berlin", "hours": {"sun": ["02:10-02:50"]}})
        assert business_minutes_between(inside, utc(2026, 3, 28), utc(2026, 3, 30)) == 0
        assert business_minutes_between(inside, utc(2026, 3, 21), utc(2026, 3, 23)) == 40


class TestHolidays:
    def test_a_holiday_mid_week(self, office):
        # Thu 1 Jan 2026 (New Year, yearly holiday) is closed.
        # Wed 31 Dec 2025 15:00 CET (14:00 UTC) + 480 min: Wed 15-17 = 120; Thu closed;
        # Fri 2 Jan 09:00 + 360 = 15:00 CET = 14:00 UTC.
        assert not is_open(office, berlin(2026, 1, 1, 10))
        due = add_business_minutes(office, berlin(2025, 12, 31, 15), 480)
        assert due == utc(2026, 1, 2, 14)
        # Mon 29 Dec .. Mon 5 Jan: Mon-Wed + Fri = 4 x 480 = 1920 (Thu is New Year).
        assert business_minutes_between(office, berlin(2025, 12, 29, 0), berlin(2026, 1, 5, 0)) == 1920

    def test_easter_one_off_dates(self, office):
        # Thu 2 Apr 2026 16:00 CEST (14:00 UTC) + 120 min: Thu 16-17 = 60; Good Friday, weekend, Easter Monday;
        # Tue 7 Apr 09:00 CEST + 60 = 10:00 CEST = 08:00 UTC.
        assert add_business_minutes(office, berlin(2026, 4, 2, 16), 120) == utc(2026, 4, 7, 8)

    def test_region_holidays_come_from_the_holidays_package(self):
        # The package is a declared dependency, so CI always runs this branch.
        assert holidays_package_available()
        berlin_desk = calendar_from_dict("de-be", {"timezone": "Europe/Berlin", "region": "DE-BE", "hours": {"weekdays": ["09:00-17:00"]}})
        bavaria_desk = calendar_from_dict("de-by", {"timezone": "Europe/Berlin", "region": "DE-BY", "hours": {"weekdays": ["09:00-17:00"]}})
        assert berlin_desk.is_holiday(date(2027, 10, 3))  # German Unity Day, nationwide
        assert bavaria_desk.is_holiday(date(2026, 1, 6))  # Epiphany: Bavaria only
        assert not berlin_desk.is_holiday(date(2026, 1, 6))
        # Tue 6 Jan 2026 16:00 CET + 120 business minutes in Bavaria: Epiphany is closed, so Wed 7 Jan 11:00 CET.
        assert add_business_minutes(bavaria_desk, berlin(2026, 1, 5, 16), 120) == utc(2026, 1, 7, 9)
        assert add_business_minutes(berlin_desk, berlin(2026, 1, 5, 16), 120) == utc(2026, 1, 6, 9)

    def test_unknown_region_is_a_clear_error(self):
        with pytest.raises(InvalidInput, match="unknown holiday region"):
            calendar_from_dict("xx", {"timezone": "Europe/Berlin", "region": "XX-YY", "hours": {"weekdays": ["09:00-17:00"]}})

    def test_without_the_holidays_package_a_region_is_refused_and_explicit_dates_still_work(self, monkeypatch):
        import agent_tui.domain.calendar.model as calendar_module

        monkeypatch.setattr(calendar_module, "_holidays_pkg", None)
        assert not holidays_package_available()
        with pytest.raises(InvalidInput, match="optional 'holidays' package"):
            calendar_from_dict("de", {"timezone": "Europe/Berlin", "region": "DE", "hours": {"weekdays": ["09:00-17:00"]}})
        listed = calendar_from_dict(
            "de", {"timezone": "Europe/Berlin", "holidays": ["2027-10-03"], "hours": {"weekdays": ["09:00-17:00"]}}
        )
        assert listed.is_holiday(date(2027, 10, 3))


class TestPausedSpans:
    def test_five_hours_pending_inside_business_hours(self, office):
        # Created Mon 2 Mar 2026 09:00 CET; pending Mon 10:00-15:00 CET (5 h); now Tue 3 Mar 11:00 CET.
        # Elapsed: Mon 09-17 = 480 + Tue 09-11 = 120 = 600; minus 300 paused = 300.
        created, now = berlin(2026, 3, 2, 9), berlin(2026, 3, 3, 11)
        pending = [(berlin(2026, 3, 2, 10), berlin(2026, 3, 2, 15))]
        assert business_minutes_between(office, created, now) == 600
        assert business_minutes_between_excluding(office, created, now, pending) == 300

    def test_overlapping_spans_are_merged_and_closed_time_is_not_subtracted(self, office):
        created, now = berlin(2026, 3, 2, 9), berlin(2026, 3, 3, 11)
        # 10-13 and 12-15 merge to 10-15 (300), not 180 + 180 = 360.
        spans = [(berlin(2026, 3, 2, 10), berlin(2026, 3, 2, 13)), (berlin(2026, 3, 2, 12), berlin(2026, 3, 2, 15))]
        assert business_minutes_between_excluding(office, created, now, spans) == 300
        # Pending overnight Mon 16:00 .. Tue 10:00 pauses only Mon 16-17 + Tue 09-10 = 120 business minutes.
        overnight = [(berlin(2026, 3, 2, 16), berlin(2026, 3, 3, 10))]
        assert business_minutes_between_excluding(office, created, now, overnight) == 480
        # Still pending (end=None) since Tue 10:00: only Tue 09-10 after Monday's 480 counts.
        assert business_minutes_between_excluding(office, created, now, [(berlin(2026, 3, 3, 10), None)]) == 540

    def test_a_span_that_ends_before_it_starts_is_refused(self, office):
        with pytest.raises(InvalidInput, match="ends before it starts"):
            business_minutes_between_excluding(office, utc(2026, 3, 2), utc(2026, 3, 3), [(utc(2026, 3, 2, 12), utc(2026, 3, 2, 11))])


class TestTwentyFourSeven:
    def test_critical_tickets_run_round_the_clock(self):
        cal = TWENTY_FOUR_SEVEN
        # Sat 7 Mar 23:30 UTC + 60 min = Sun 00:30 UTC: weekends and nights count.
        assert add_business_minutes(cal, utc(2026, 3, 7, 23, 30), 60) == utc(2026, 3, 8, 0, 30)
        # Sat 22:00 .. Mon 02:00 UTC = 28 h = 1680 min.
        assert business_minutes_between(cal, utc(2026, 3, 7, 22), utc(2026, 3, 9, 2)) == 1680
        assert is_open(cal, utc(2026, 12, 25, 3))
        assert next_closing(cal, utc(2026, 3, 7)) is None
        assert next_opening(cal, utc(2026, 3, 7, 5)) == utc(2026, 3, 7, 5)
        # The Berlin spring-forward night is 1 h shorter in wall-clock terms, but 24/7 counts real minutes:
        # Sun 29 Mar 00:00 CET (23:00 UTC Sat) .. 04:00 CEST (02:00 UTC) = 3 h.
        assert business_minutes_between(cal, berlin(2026, 3, 29, 0), berlin(2026, 3, 29, 4)) == 180

    def test_a_full_days_calendar_in_another_zone_is_also_always_open(self):
        cal = calendar_from_dict("always", {"timezone": "Asia/Tokyo", "hours": {"daily": ["00:00-24:00"]}})
        assert cal.always_open


class TestDescribeRemaining:
    def test_agent_in_new_york_sees_a_berlin_deadline_in_their_own_zone(self, office):
        # Ticket from the Friday 16:30 example: due Mon 9 Mar 2026 12:30 CET = 11:30 UTC.
        # The US switched to EDT (UTC-4) on Sun 8 Mar, Europe not yet: the gap is 5 h that week, not 6.
        # 11:30 UTC = 07:30 EDT. Now Mon 09:10 CET (08:10 UTC): 09:10 -> 12:30 = 3 h 20 min of business time.
        due = utc(2026, 3, 9, 11, 30)
        text = describe_remaining(office, due, berlin(2026, 3, 9, 9, 10), "America/New_York")
        assert text == "3h 20m business · due Mon 07:30 EDT"
        # The Berlin agent sees the same deadline in CET.
        assert describe_remaining(office, due, berlin(2026, 3, 9, 9, 10), "Europe/Berlin") == "3h 20m business · due Mon 12:30 CET"

    def test_outside_hours_the_countdown_is_paused(self, office):
        # Sat 7 Mar 12:00 UTC: closed. Next opening Mon 09:00 CET = 08:00 UTC = 04:00 EDT = 09:00 CET.
        # Left: Fri 16:30-17:00 already used, so 240 - 30 = 210 min = 3 h 30 min.
        due, now = utc(2026, 3, 9, 11, 30), utc(2026, 3, 7, 12)
        assert describe_remaining(office, due, now, "Europe/Berlin") == (
            "paused until Mon 09:00 CET · 3h 30m business · due Mon 12:30 CET"
        )
        assert describe_remaining(office, due, now, "America/New_York") == (
            "paused until Mon 04:00 EDT · 3h 30m business · due Mon 07:30 EDT"
        )

    def test_overdue_and_far_deadlines(self, office):
        due = utc(2026, 3, 9, 11, 30)  # Mon 12:30 CET
        # Mon 14:35 CET: 12:30 -> 14:35 = 2 h 05 min late.
        assert describe_remaining(office, due, berlin(2026, 3, 9, 14, 35), "Europe/Berlin") == (
            "overdue by 2h 05m business · was due Mon 12:30 CET"
        )
        # Due at Friday's closing, viewed on Saturday: no business time has passed since (issue 16: a due
        # time at a closing is that instant, and says so).
        assert describe_remaining(office, berlin(2026, 3, 6, 17), utc(2026, 3, 7, 10), "UTC") == (
            "overdue · was due Fri 16:00 UTC (at closing)"
        )
        # Under an hour left shows minutes only; a deadline a week away shows its date.
        assert describe_remaining(office, due, berlin(2026, 3, 9, 12, 5), "Europe/Berlin") == "25m business · due Mon 12:30 CET"
        far = berlin(2026, 4, 14, 14, 20)  # Tue 14 Apr, CEST
        assert describe_remaining(office, far, berlin(2026, 4, 1, 9), "Europe/Berlin").endswith("due Tue 14 Apr 14:20 CEST")


class TestInputErrors:
    def test_naive_datetimes_are_refused(self, office):
        naive = datetime(2026, 3, 9, 10)
        for call in (
            lambda: add_business_minutes(office, naive, 10),
            lambda: business_minutes_between(office, naive, utc(2026, 3, 9)),
            lambda: is_open(office, naive),
            lambda: next_opening(office, naive),
            lambda: next_closing(office, naive),
            lambda: describe_remaining(office, naive, utc(2026, 3, 9), "UTC"),
            lambda: add_business_minutes(TWENTY_FOUR_SEVEN, naive, 10),
        ):
            with pytest.raises(InvalidInput, match="naive"):
                call()

    def test_negative_minutes_are_refused(self, office):
        with pytest.raises(InvalidInput, match="zero or more"):
            add_business_minutes(office, utc(2026, 3, 9), -5)

    def test_an_aware_non_utc_start_is_accepted_and_the_answer_is_utc(self, office):
        due = add_business_minutes(office, datetime(2026, 3, 9, 10, tzinfo=BERLIN), 30)
        assert due == utc(2026, 3, 9, 9, 30)
        assert due.tzinfo is UTC

    @pytest.mark.parametrize(
        ("data", "message"),
        [
            ({"timezone": "Europe/Berlinn", "hours": {"mon": ["09:00-17:00"]}}, "unknown time zone 'Europe/Berlinn'"),
            ({"hours": {"mon": ["09:00-17:00"]}}, "has no timezone"),
            ({"timezone": "UTC"}, "no \\[hours\\] table"),
            ({"timezone": "UTC", "hours": {"mon": ["17:00-09:00"]}}, "ends before it starts"),
            ({"timezone": "UTC", "hours": {"mon": ["09:00-13:00", "12:00-17:00"]}}, "09:00-13:00 and 12:00-17:00 overlap"),
            ({"timezone": "UTC", "hours": {"mon-fri": ["09:00-17:00"], "fri": ["18:00-19:00"]}}, "fri is given more than once"),
            ({"timezone": "UTC", "hours": {"mon": ["9-17"]}}, "not a time like 09:00"),
            ({"timezone": "UTC", "hours": {"mon": ["09:00-25:00"]}}, "between 00:00 and 24:00"),
            ({"timezone": "UTC", "hours": {"funday": ["09:00-17:00"]}}, "'funday' is not a weekday"),
            ({"timezone": "UTC", "hours": {"mon": []}}, "no business hours on any weekday"),
            ({"timezone": "UTC", "hours": {"mon": ["09:00-17:00"]}, "holidays": ["2026-02-30"]}, "not a date like"),
            ({"timezone": "UTC", "hours": {"mon": ["09:00-17:00"]}, "yearly_holidays": ["13-01"]}, "not a calendar date"),
            ({"timezone": "UTC", "hours": {"mon": ["09:00-17:00"]}, "yearly_holidays": ["2026-12-25"]}, "month-day"),
            ({"timezone": "UTC", "hours": {"mon": ["09:00-17:00"]}, "colour": "red"}, "unknown field"),
        ],
    )
    def test_bad_configuration_says_what_is_wrong(self, data, message):
        with pytest.raises(InvalidInput, match=message) as info:
            calendar_from_dict("desk", data)
        assert "calendar 'desk'" in str(info.value)

    def test_every_problem_of_a_table_is_named_with_its_field(self):
        data = {"timezone": "UTC", "hours": {"mon": ["09:00-17:00", "9-12"], "tue": 5}, "holidays": ["2026-02-30"]}
        with pytest.raises(InvalidInput) as info:
            calendar_from_dict("desk", data)
        message = info.value.message
        assert message.startswith("calendar 'desk': ")
        assert "hours.mon[1]: '9' is not a time like 09:00" in message
        assert "hours.tue: must be a list" in message
        assert "holidays[0]: holiday '2026-02-30' is not a date like 2026-04-06" in message

    def test_a_calendars_file_names_itself_and_the_calendar(self):
        text = '[calendar.desk]\ntimezone = "UTC"\n[calendar.desk.hours]\nmon = ["x"]\n'
        with pytest.raises(InvalidInput, match=r"^calendars.toml: calendar 'desk': hours.mon\[0\]: interval 'x'"):
            calendars_from_toml(text, source="calendars.toml")
        with pytest.raises(InvalidInput, match="^calendars.toml is not valid TOML"):
            calendars_from_toml("[calendar", source="calendars.toml")

    def test_bad_agent_zone(self, office):
        with pytest.raises(InvalidInput, match="unknown time zone"):
            describe_remaining(office, utc(2026, 3, 9, 12), utc(2026, 3, 9, 10), "Mars/Olympus")

    def test_a_calendar_that_never_opens_fails_instead_of_looping(self):
        every_day = [f"{m:02d}-{d:02d}" for m in range(1, 13) for d in range(1, 32) if _valid(m, d)]
        cal = calendar_from_dict("never", {"timezone": "UTC", "hours": {"mon": ["09:00-17:00"]}, "yearly_holidays": every_day})
        with pytest.raises(InvalidInput, match="no business hours"):
            add_business_minutes(cal, utc(2026, 3, 9), 10)
        with pytest.raises(InvalidInput, match="no business hours"):
            add_business_minutes(cal, utc(2026, 3, 9), 10_000)


def _valid(month: int, day: int) -> bool:
    try:
        date(2024, month, day)
    except ValueError:
        return False
    return True
