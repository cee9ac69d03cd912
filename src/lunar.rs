//! The Vietnamese lunar calendar (âm lịch), as wall calendars print it under
//! each day.
//!
//! A lunar month starts on the day of a new moon; month 11 is the month that
//! holds the December solstice; a year with thirteen months between two
//! months 11 repeats (as a leap month, *tháng nhuận*) the first month that
//! holds no major solar term (*trung khí*). Vietnam computes all of this at
//! UTC+7 (since 1968), which is why its Tết sometimes differs from China's
//! (UTC+8), e.g. 21 January 1985 against 20 February.
//!
//! The astronomy is Hồ Ngọc Đức's published algorithm ("Thuật toán tính âm
//! lịch"): new moons after Jean Meeus' *Astronomical Algorithms* (ch. 49, the
//! main periodic terms) and the sun's apparent longitude (ch. 25, low
//! accuracy), for 1800–2199, the range [`to_lunar`] accepts. Its month
//! starts agree with a precise ephemeris (new moons and major solar terms
//! dated at UTC+7) for every month of 1900–2100 but three whose new moon
//! falls within two minutes before midnight (1944-06-20, 2072-12-09,
//! 2077-11-15): there the mean terms put it after midnight, a day later.
//!
//! ```
//! use chrono::NaiveDate;
//! let tet = NaiveDate::from_ymd_opt(2023, 1, 22).ok_or("no such date")?;
//! let lunar = castcal::lunar::to_lunar(tet).ok_or("outside the years known")?;
//! assert_eq!((lunar.day, lunar.month, lunar.year, lunar.leap), (1, 1, 2023, false));
//! # Ok::<(), &str>(())
//! ```

use std::f64::consts::PI;

use chrono::{Datelike, Days, NaiveDate};

/// Vietnam's offset from UTC in hours, at which new moons and solar terms are dated.
pub const VIETNAM_UTC_OFFSET: f64 = 7.0;

/// The first and last Gregorian years the algorithm is accurate for.
pub const YEARS: (i32, i32) = (1800, 2199);

/// A day of the lunar calendar.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub struct LunarDate {
    /// 1–30.
    pub day: u32,
    /// 1–12; a leap month has the number of the month it repeats.
    pub month: u32,
    /// The lunar year (the one that starts at Tết).
    pub year: i32,
    /// Whether the month is a leap month (*tháng nhuận*).
    pub leap: bool,
}

/// The lunar date of a Gregorian date, for Vietnam (UTC+7).
///
/// Returns `None` outside the years in [`YEARS`].
pub fn to_lunar(date: NaiveDate) -> Option<LunarDate> {
    if !(YEARS.0..=YEARS.1).contains(&date.year()) {
        return None;
    }
    solar_to_lunar(date, VIETNAM_UTC_OFFSET)
}

/// The Gregorian date of a day of the lunar calendar, for Vietnam (UTC+7):
/// the inverse of [`to_lunar`].
///
/// `year` is the lunar year (the one that starts at Tết); `leap` asks for the
/// leap month that repeats `month`. Returns `None` for a day the calendar
/// does not have (a 30th of a 29-day month, a leap month of a year without
/// one) or outside the years in [`YEARS`].
///
/// ```
/// use castcal::lunar::to_solar;
/// // Tết Giáp Thìn, and Giỗ Tổ Hùng Vương (10/3) of the same year.
/// assert_eq!(to_solar(2024, 1, 1, false).map(|d| d.to_string()).as_deref(), Some("2024-02-10"));
/// assert_eq!(to_solar(2024, 3, 10, false).map(|d| d.to_string()).as_deref(), Some("2024-04-18"));
/// // 2023 repeats month 2; 2024 repeats none.
/// assert!(to_solar(2023, 2, 1, true).is_some());
/// assert_eq!(to_solar(2024, 2, 1, true), None);
/// ```
pub fn to_solar(year: i32, month: u32, day: u32, leap: bool) -> Option<NaiveDate> {
    if !(1..=12).contains(&month) || !(1..=30).contains(&day) {
        return None;
    }
    // Tết falls between 21 January and 20 February, and a month lasts 29 or
    // 30 days, one of them perhaps repeated before `month`: the day is in
    // this window of 80 days, whichever it is.
    let skipped = (month - 1) * 29 + (day - 1);
    let first =
        NaiveDate::from_ymd_opt(year, 1, 20)?.checked_add_days(Days::new(u64::from(skipped)))?;
    let want = LunarDate {
        day,
        month,
        year,
        leap,
    };
    (0..80u64)
        .filter_map(|i| first.checked_add_days(Days::new(i)))
        .find(|d| to_lunar(*d) == Some(want))
}

/// The Julian day number of a (proleptic Gregorian) date.
fn julian_day(date: NaiveDate) -> i64 {
    i64::from(date.num_days_from_ce()) + 1_721_425
}

/// The Julian day (UTC, fractional) of the `k`-th new moon after 1 January 1900.
fn new_moon(k: i64) -> f64 {
    let k = k as f64;
    let t = k / 1236.85;
    let t2 = t * t;
    let t3 = t2 * t;
    let dr = PI / 180.0;
    let mut jd1 = 2415020.75933 + 29.53058868 * k + 0.0001178 * t2 - 0.000000155 * t3;
    jd1 += 0.00033 * ((166.56 + 132.87 * t - 0.009173 * t2) * dr).sin();
    let m = 359.2242 + 29.10535608 * k - 0.0000333 * t2 - 0.00000347 * t3; // sun's mean anomaly
    let mpr = 306.0253 + 385.81691806 * k + 0.0107306 * t2 + 0.00001236 * t3; // moon's mean anomaly
    let f = 21.2964 + 390.67050646 * k - 0.0016528 * t2 - 0.00000239 * t3; // moon's argument of latitude
    let mut c1 = (0.1734 - 0.000393 * t) * (m * dr).sin() + 0.0021 * (2.0 * dr * m).sin();
    c1 = c1 - 0.4068 * (mpr * dr).sin() + 0.0161 * (dr * 2.0 * mpr).sin();
    c1 -= 0.0004 * (dr * 3.0 * mpr).sin();
    c1 = c1 + 0.0104 * (dr * 2.0 * f).sin() - 0.0051 * (dr * (m + mpr)).sin();
    c1 = c1 - 0.0074 * (dr * (m - mpr)).sin() + 0.0004 * (dr * (2.0 * f + m)).sin();
    c1 = c1 - 0.0004 * (dr * (2.0 * f - m)).sin() - 0.0006 * (dr * (2.0 * f + mpr)).sin();
    c1 = c1 + 0.0010 * (dr * (2.0 * f - mpr)).sin() + 0.0005 * (dr * (2.0 * mpr + m)).sin();
    let delta_t = if t < -11.0 {
        0.001 + 0.000839 * t + 0.0002261 * t2 - 0.00000845 * t3 - 0.000000081 * t * t3
    } else {
        -0.000278 + 0.000265 * t + 0.000262 * t2
    };
    jd1 + c1 - delta_t
}

/// The sun's longitude in radians, in [0, 2π), at Julian day `jdn` (UTC).
fn sun_longitude(jdn: f64) -> f64 {
    let t = (jdn - 2451545.0) / 36525.0;
    let t2 = t * t;
    let dr = PI / 180.0;
    let m = 357.52910 + 35999.05030 * t - 0.0001559 * t2 - 0.00000048 * t * t2; // mean anomaly
    let l0 = 280.46645 + 36000.76983 * t + 0.0003032 * t2; // mean longitude
    let mut dl = (1.914600 - 0.004817 * t - 0.000014 * t2) * (dr * m).sin();
    dl += (0.019993 - 0.000101 * t) * (dr * 2.0 * m).sin() + 0.000290 * (dr * 3.0 * m).sin();
    let l = (l0 + dl) * dr;
    l - PI * 2.0 * (l / (PI * 2.0)).floor()
}

/// The local day (Julian day number) of the `k`-th new moon.
fn new_moon_day(k: i64, tz: f64) -> i64 {
    (new_moon(k) + 0.5 + tz / 24.0).floor() as i64
}

/// Which of the twelve 30° sectors (0–11) the sun is in at the start of local day `day`;
/// sector `n` begins at the major solar term of longitude `30n`°.
fn sun_sector(day: i64, tz: f64) -> i64 {
    (sun_longitude(day as f64 - 0.5 - tz / 24.0) / PI * 6.0).floor() as i64
}

/// The first day of lunar month 11 of Gregorian year `year` (the month holding the solstice).
fn lunar_month_11(year: i32, tz: f64) -> Option<i64> {
    let dec31 = NaiveDate::from_ymd_opt(year, 12, 31)?;
    let off = julian_day(dec31) - 2_415_021;
    let k = (off as f64 / 29.530588853).floor() as i64;
    let nm = new_moon_day(k, tz);
    if sun_sector(nm, tz) >= 9 {
        Some(new_moon_day(k - 1, tz))
    } else {
        Some(nm)
    }
}

/// In a thirteen-month year that starts with month 11 on day `a11`, the
/// position (1 = the month after month 11) of the leap month: the first whose
/// start finds the sun in the same sector as the next month's start, i.e.
/// the first month without a major solar term.
fn leap_month_offset(a11: i64, tz: f64) -> i64 {
    let k = ((a11 as f64 - 2415021.076998695) / 29.530588853 + 0.5).floor() as i64;
    let mut i = 1;
    let mut arc = sun_sector(new_moon_day(k + i, tz), tz);
    loop {
        let last = arc;
        i += 1;
        arc = sun_sector(new_moon_day(k + i, tz), tz);
        if arc == last || i >= 14 {
            return i - 1;
        }
    }
}

fn solar_to_lunar(date: NaiveDate, tz: f64) -> Option<LunarDate> {
    let day_number = julian_day(date);
    let k = ((day_number as f64 - 2415021.076998695) / 29.530588853).floor() as i64;
    let mut month_start = new_moon_day(k + 1, tz);
    if month_start > day_number {
        month_start = new_moon_day(k, tz);
    }
    // The mean lunation can put the true new moon `k` after the day (e.g.
    // 2054-05-07, which the published code numbers day 0): step back once more.
    if month_start > day_number {
        month_start = new_moon_day(k - 1, tz);
    }
    let year = date.year();
    let mut a11 = lunar_month_11(year, tz)?;
    let mut b11 = a11;
    let mut lunar_year = year;
    if a11 >= month_start {
        a11 = lunar_month_11(year - 1, tz)?;
    } else {
        lunar_year = year + 1;
        b11 = lunar_month_11(year + 1, tz)?;
    }
    let lunar_day = day_number - month_start + 1;
    let diff = (month_start - a11).div_euclid(29);
    let mut leap = false;
    let mut month = diff + 11;
    if b11 - a11 > 365 {
        let leap_diff = leap_month_offset(a11, tz);
        if diff >= leap_diff {
            month = diff + 10;
            leap = diff == leap_diff;
        }
    }
    if month > 12 {
        month -= 12;
    }
    if month >= 11 && diff < 4 {
        lunar_year -= 1;
    }
    Some(LunarDate {
        day: u32::try_from(lunar_day).ok()?,
        month: u32::try_from(month).ok()?,
        year: lunar_year,
        leap,
    })
}

#[cfg(test)]
mod tests {
    use super::*;

    /// (year, month, day) → (lunar day, lunar month, lunar year, leap), and why it holds.
    type Case = ((i32, u32, u32), (u32, u32, i32, bool), &'static str);

    fn lunar(y: i32, m: u32, d: u32) -> (u32, u32, i32, bool) {
        let date = NaiveDate::from_ymd_opt(y, m, d).unwrap();
        let l = to_lunar(date).unwrap();
        (l.day, l.month, l.year, l.leap)
    }

    /// Known dates, from published Vietnamese calendars (lịch vạn niên) and
    /// the official holiday notices that name the lunar date.
    #[test]
    fn known_dates() {
        #[rustfmt::skip]
        let table: &[Case] = &[
            ((2023, 1, 22), (1, 1, 2023, false), "Tết Quý Mão"),
            ((2023, 1, 21), (30, 12, 2022, false), "giao thừa 2023: month 12 of 2022 has 30 days"),
            ((2023, 4, 29), (10, 3, 2023, false), "Giỗ Tổ Hùng Vương 2023"),
            ((2023, 3, 22), (1, 2, 2023, true), "1/2 nhuận 2023"),
            ((2023, 2, 20), (1, 2, 2023, false), "1/2 (not leap) 2023"),
            ((2023, 4, 20), (1, 3, 2023, false), "1/3 2023, after the leap month"),
            ((2024, 2, 10), (1, 1, 2024, false), "Tết Giáp Thìn"),
            ((2025, 1, 29), (1, 1, 2025, false), "Tết Ất Tỵ"),
            ((2020, 1, 25), (1, 1, 2020, false), "Tết Canh Tý"),
            ((2020, 5, 23), (1, 4, 2020, true), "1/4 nhuận 2020"),
            ((2020, 4, 23), (1, 4, 2020, false), "1/4 (not leap) 2020"),
            ((2020, 6, 21), (1, 5, 2020, false), "1/5 2020, after the leap month"),
            ((1985, 1, 21), (1, 1, 1985, false), "Tết Ất Sửu: Vietnam (UTC+7), China 20/02"),
            ((1985, 2, 20), (1, 2, 1985, false), "China's Tết 1985 is 1/2 in Vietnam"),
            ((1968, 1, 29), (1, 1, 1968, false), "Tết Mậu Thân at UTC+7"),
            ((2007, 2, 17), (1, 1, 2007, false), "Tết Đinh Hợi: Vietnam 17/02, China 18/02"),
            ((2033, 12, 22), (1, 11, 2033, true), "1/11 nhuận 2033: the \"2033 problem\", the leap month follows month 11"),
            ((2033, 11, 22), (1, 11, 2033, false), "1/11 (not leap) 2033"),
            ((2034, 2, 19), (1, 1, 2034, false), "Tết Giáp Dần"),
            ((2000, 1, 1), (25, 11, 1999, false), "1 January 2000"),
            ((2019, 2, 5), (1, 1, 2019, false), "Tết Kỷ Hợi"),
            ((2021, 2, 12), (1, 1, 2021, false), "Tết Tân Sửu"),
            ((2022, 2, 1), (1, 1, 2022, false), "Tết Nhâm Dần"),
            ((2026, 2, 17), (1, 1, 2026, false), "Tết Bính Ngọ"),
            ((2027, 2, 6), (1, 1, 2027, false), "Tết Đinh Mùi"),
            ((2028, 1, 26), (1, 1, 2028, false), "Tết Mậu Thân"),
            ((2029, 2, 13), (1, 1, 2029, false), "Tết Kỷ Dậu"),
            ((2030, 2, 2), (1, 1, 2030, false), "Tết Canh Tuất: new moon 23:07 at UTC+7; China (UTC+8) 03/02"),
            ((2030, 2, 3), (2, 1, 2030, false), "so China's Tết 2030 is 2/1 in Vietnam"),
            ((2053, 2, 18), (1, 1, 2053, false), "Tết Quý Dậu: Vietnam 18/02, China 19/02"),
            ((2023, 4, 19), (29, 2, 2023, true), "last day of the leap month 2 of 2023 (22/03–19/04)"),
            ((2023, 8, 30), (15, 7, 2023, false), "Vu Lan 2023"),
            ((2023, 9, 29), (15, 8, 2023, false), "Tết Trung thu 2023"),
            ((2025, 7, 25), (1, 6, 2025, true), "1/6 nhuận 2025"),
            ((2025, 8, 23), (1, 7, 2025, false), "1/7 2025, after the leap month"),
            // A precise ephemeris puts these new moons a minute or two before
            // midnight at UTC+7, the day before; the published algorithm
            // (mean terms only) puts them after it. Pinned so that a change of
            // method shows here.
            ((2072, 12, 9), (30, 10, 2072, false), "new moon at 23:58 UTC+7"),
            ((2077, 11, 15), (30, 9, 2077, false), "new moon at 23:59 UTC+7"),
            ((2054, 5, 7), (30, 3, 2054, false), "the mean lunation runs a day late here"),
            ((2054, 5, 8), (1, 4, 2054, false), "and the true new moon is the next day"),
        ];
        for &((y, m, d), want, why) in table {
            assert_eq!(lunar(y, m, d), want, "{y}-{m:02}-{d:02}: {why}");
        }
    }

    /// At UTC+8 the same algorithm gives China's dates: the 1985 and 2007
    /// differences come from the time zone alone.
    #[test]
    fn china_differs_only_by_the_time_zone() {
        let at8 = |y, m, d| {
            let l = solar_to_lunar(NaiveDate::from_ymd_opt(y, m, d).unwrap(), 8.0).unwrap();
            (l.day, l.month, l.year, l.leap)
        };
        assert_eq!(at8(1985, 2, 20), (1, 1, 1985, false));
        assert_eq!(at8(2007, 2, 18), (1, 1, 2007, false));
        assert_eq!(at8(2030, 2, 3), (1, 1, 2030, false));
        assert_eq!(at8(2053, 2, 19), (1, 1, 2053, false));
    }

    #[test]
    fn outside_the_accurate_years_there_is_no_answer() {
        assert_eq!(
            to_lunar(NaiveDate::from_ymd_opt(1799, 12, 31).unwrap()),
            None
        );
        assert_eq!(to_lunar(NaiveDate::from_ymd_opt(2200, 1, 1).unwrap()), None);
        assert!(to_lunar(NaiveDate::from_ymd_opt(1800, 1, 1).unwrap()).is_some());
        assert!(to_lunar(NaiveDate::from_ymd_opt(2199, 12, 31).unwrap()).is_some());
    }

    /// Every day from 1900 to 2100: the lunar day counts up by one, or a new
    /// month starts after day 29 or 30; months follow in order, a leap month
    /// right after the month it repeats, and the year changes at month 1.
    #[test]
    fn days_follow_each_other() {
        let mut date = NaiveDate::from_ymd_opt(1900, 1, 1).unwrap();
        let end = NaiveDate::from_ymd_opt(2100, 12, 31).unwrap();
        let mut prev = to_lunar(date).unwrap();
        let mut leap_months = 0;
        while date < end {
            date = date.succ_opt().unwrap();
            let l = to_lunar(date).unwrap();
            if l.day == prev.day + 1 {
                assert_eq!(
                    (l.month, l.year, l.leap),
                    (prev.month, prev.year, prev.leap)
                );
            } else {
                assert!(l.day == 1 && (prev.day == 29 || prev.day == 30), "{date}");
                if l.leap {
                    leap_months += 1;
                    assert!(!prev.leap && l.month == prev.month, "{date}");
                    assert_eq!(l.year, prev.year, "{date}");
                } else if l.month == 1 {
                    assert_eq!((prev.month, l.year), (12, prev.year + 1), "{date}");
                } else {
                    assert_eq!(l.month, prev.month + 1, "{date}");
                    assert_eq!(l.year, prev.year, "{date}");
                }
            }
            prev = l;
        }
        // 7 leap months every 19 years: about 74 in 201 years.
        assert!((72..=76).contains(&leap_months), "{leap_months}");
    }

    /// Tết of 2000–2050, from the published table (its header says which):
    /// the first day of the lunar year, both ways.
    #[test]
    fn tet_is_the_published_date() {
        let table = include_str!("../tests/data/tet-2000-2050.tsv");
        let mut years = 0;
        for line in table.lines().filter(|l| !l.starts_with('#')) {
            let mut cells = line.split('\t');
            let year: i32 = cells.next().unwrap().parse().unwrap();
            let tet = NaiveDate::parse_from_str(cells.next().unwrap(), "%Y-%m-%d").unwrap();
            assert_eq!(to_solar(year, 1, 1, false), Some(tet), "Tết {year}");
            assert_eq!(
                lunar(tet.year(), tet.month(), tet.day()),
                (1, 1, year, false)
            );
            years += 1;
        }
        assert_eq!(years, 51);
    }

    /// Every day of 1900–2100 that starts a month, and the 10th of month 3
    /// (Giỗ Tổ Hùng Vương) of every year: `to_solar` finds the day
    /// `to_lunar` names.
    #[test]
    fn to_solar_finds_every_month_and_hung_kings_day() {
        let mut date = NaiveDate::from_ymd_opt(1900, 1, 1).unwrap();
        let end = NaiveDate::from_ymd_opt(2100, 12, 31).unwrap();
        let mut months = 0;
        while date <= end {
            let l = to_lunar(date).unwrap();
            if l.day == 1 || (l.month == 3 && l.day == 10 && !l.leap) {
                assert_eq!(
                    to_solar(l.year, l.month, l.day, l.leap),
                    Some(date),
                    "{date}"
                );
                months += 1;
            }
            date = date.succ_opt().unwrap();
        }
        assert!(months > 2_600, "{months}");
    }

    #[test]
    fn to_solar_refuses_days_the_calendar_lacks() {
        // Month 12 of 2022 had 30 days (giao thừa on 21/01/2023), month 1 of 2023 29.
        assert!(to_solar(2022, 12, 30, false).is_some());
        assert_eq!(to_solar(2023, 1, 30, false), None);
        assert_eq!(to_solar(2024, 4, 1, true), None);
        assert_eq!(to_solar(2023, 0, 1, false), None);
        assert_eq!(to_solar(2023, 13, 1, false), None);
        assert_eq!(to_solar(2023, 1, 31, false), None);
        assert_eq!(to_solar(1799, 1, 1, false), None);
        assert_eq!(to_solar(i32::MAX, 1, 1, false), None);
    }

    proptest::proptest! {
        /// Any day of the accurate years has a lunar date in range, in the
        /// Gregorian year of the date or the one before.
        #[test]
        fn every_day_has_a_lunar_date_in_range(days in 0u64..146_000) {
            let date = NaiveDate::from_ymd_opt(1800, 1, 1).unwrap() + chrono::Days::new(days);
            let l = to_lunar(date).unwrap();
            proptest::prop_assert!((1..=30).contains(&l.day));
            proptest::prop_assert!((1..=12).contains(&l.month));
            proptest::prop_assert!(l.year == date.year() || l.year == date.year() - 1);
        }

        /// `to_solar` gives back the day whose lunar date it is given.
        #[test]
        fn to_solar_inverts_to_lunar(days in 0u64..145_000) {
            let date = NaiveDate::from_ymd_opt(1800, 3, 1).unwrap() + chrono::Days::new(days);
            let l = to_lunar(date).unwrap();
            proptest::prop_assert_eq!(to_solar(l.year, l.month, l.day, l.leap), Some(date));
        }
    }
}
