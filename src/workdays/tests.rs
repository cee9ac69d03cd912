#![allow(clippy::unwrap_used, clippy::indexing_slicing)]

use std::collections::BTreeSet;

use chrono::{Datelike, NaiveDate, Weekday};

use super::*;

fn date(s: &str) -> NaiveDate {
    NaiveDate::parse_from_str(s, "%d/%m/%Y").unwrap()
}

fn days_of(year: i32) -> impl Iterator<Item = NaiveDate> {
    let first = NaiveDate::from_ymd_opt(year, 1, 1).unwrap();
    first.iter_days().take_while(move |d| d.year() == year)
}

fn weekday(d: NaiveDate) -> bool {
    !matches!(d.weekday(), Weekday::Sat | Weekday::Sun)
}

/// What the notices of 2023–2026 say, as they say it: each break ("nghỉ
/// từ … đến hết …", weekends within it included) and each Saturday worked.
/// Every other day is a working day from Monday to Friday.
const BREAKS: &[(&str, &str, &str)] = &[
    (
        "01/01/2023",
        "02/01/2023",
        "Tết Dương lịch, Sunday: in lieu on Monday",
    ),
    ("20/01/2023", "26/01/2023", "Tết: 8056/VPCP-KGVX"),
    (
        "29/04/2023",
        "03/05/2023",
        "Giỗ Tổ (Sat), 30/4 (Sun), 1/5: two days in lieu",
    ),
    ("01/09/2023", "04/09/2023", "Quốc khánh: 8056/VPCP-KGVX"),
    ("01/01/2024", "01/01/2024", "Tết Dương lịch"),
    ("08/02/2024", "14/02/2024", "Tết: 5015/TB-LĐTBXH"),
    ("18/04/2024", "18/04/2024", "Giỗ Tổ"),
    (
        "27/04/2024",
        "01/05/2024",
        "30/4–1/5 with 29/4 swapped: 2450/VPCP-KGVX",
    ),
    ("31/08/2024", "03/09/2024", "Quốc khánh: 5015/TB-LĐTBXH"),
    ("01/01/2025", "01/01/2025", "Tết Dương lịch"),
    ("25/01/2025", "02/02/2025", "Tết: 6150/TB-BLĐTBXH"),
    ("05/04/2025", "07/04/2025", "Giỗ Tổ, Monday"),
    (
        "30/04/2025",
        "04/05/2025",
        "30/4–1/5 with 2/5 swapped: 6150/TB-BLĐTBXH",
    ),
    ("30/08/2025", "02/09/2025", "Quốc khánh: 6150/TB-BLĐTBXH"),
    (
        "01/01/2026",
        "04/01/2026",
        "Tết Dương lịch with 2/1 swapped: 12729/VPCP-KGVX",
    ),
    (
        "14/02/2026",
        "22/02/2026",
        "Tết: 9859/VPCP-KGVX, notice 9441",
    ),
    (
        "25/04/2026",
        "27/04/2026",
        "Giỗ Tổ, Sunday: in lieu on Monday",
    ),
    ("30/04/2026", "03/05/2026", "30/4–1/5"),
    (
        "29/08/2026",
        "02/09/2026",
        "Quốc khánh with 31/8 swapped: 9859/VPCP-KGVX",
    ),
    (
        "24/11/2026",
        "24/11/2026",
        "Ngày Văn hóa Việt Nam: 80-NQ/TW",
    ),
];

const WORKED: &[(&str, &str)] = &[
    ("04/05/2024", "for 29/04/2024: 2450/VPCP-KGVX"),
    ("26/04/2025", "for 02/05/2025: 6150/TB-BLĐTBXH"),
    ("10/01/2026", "for 02/01/2026: 12729/VPCP-KGVX"),
    ("22/08/2026", "for 31/08/2026: 9859/VPCP-KGVX"),
];

fn in_break(d: NaiveDate) -> Option<&'static str> {
    BREAKS
        .iter()
        .find(|(from, to, _)| (date(from)..=date(to)).contains(&d))
        .map(|(_, _, why)| *why)
}

/// Every day of 2023–2026 is what the notices say it is.
#[test]
fn every_day_of_2023_to_2026_is_as_announced() {
    let worked: BTreeSet<NaiveDate> = WORKED.iter().map(|(d, _)| date(d)).collect();
    for y in 2023..=2026 {
        let cal = year(y).unwrap();
        assert!(!cal.provisional, "{y}");
        for d in days_of(y) {
            let want = match in_break(d) {
                Some(_) => false,
                None => weekday(d) || worked.contains(&d),
            };
            assert_eq!(cal.is_working_day(d), want, "{d} ({:?})", in_break(d));
        }
        // Each day off the data lists is inside a break of the notices.
        for day in &cal.days_off {
            assert!(in_break(day.date).is_some(), "{}: not in a break", day.date);
        }
    }
}

/// The names and sources of the days that the notices, not the Labour
/// Code alone, decided.
#[test]
fn swapped_days_and_notices_are_named() {
    let y2024 = year(2024).unwrap();
    let off = |y: &Year, d: &str| {
        y.days_off
            .iter()
            .filter(|x| x.date == date(d))
            .copied()
            .collect::<Vec<_>>()
    };
    assert_eq!(
        off(&y2024, "29/04/2024")[0].name,
        Name::Swapped {
            worked: date("04/05/2024")
        }
    );
    assert_eq!(
        y2024.working_days[0].name,
        Name::MakeUp {
            off: date("29/04/2024")
        }
    );
    let Source::Notice(n) = y2024.working_days[0].source else {
        panic!("a swap has its notice");
    };
    assert_eq!(n.decision.number, Some("2450/VPCP-KGVX"));
    let Source::Notice(n) = off(&y2024, "08/02/2024")[0].source else {
        panic!("Tết has its notice");
    };
    assert_eq!(n.announcement.number, Some("5015/TB-LĐTBXH"));
    let y2026 = year(2026).unwrap();
    assert_eq!(
        off(&y2026, "24/11/2026")[0].source,
        Source::CultureDayResolution
    );
    assert_eq!(
        off(&y2026, "27/04/2026")[0].name,
        Name::InLieu(Holiday::HungKings)
    );
    // Days off and make-up days are in date order, and a make-up day is
    // a weekly day off, its swapped day a weekday of the same year.
    for y in 2023..=2026 {
        let cal = year(y).unwrap();
        assert!(cal.days_off.windows(2).all(|w| w[0].date <= w[1].date));
        for day in &cal.working_days {
            let Name::MakeUp { off } = day.name else {
                panic!("{}", day.date)
            };
            assert!(!weekday(day.date) && weekday(off));
            assert!(cal
                .days_off
                .iter()
                .any(|d| d.date == off && d.name == Name::Swapped { worked: day.date }));
        }
    }
}

/// The estimate applied to 2023–2026 gives what the notices gave, but for
/// the working days they swapped for a Saturday: the rule follows them.
#[test]
fn the_rule_gives_the_announced_years_but_their_swaps() {
    let swaps = [
        "29/04/2024",
        "04/05/2024",
        "02/05/2025",
        "26/04/2025",
        "02/01/2026",
        "10/01/2026",
        "31/08/2026",
        "22/08/2026",
    ];
    let swaps: BTreeSet<NaiveDate> = swaps.iter().map(|d| date(d)).collect();
    for y in announced::years() {
        let (known, estimated) = (year(y).unwrap(), rule::estimate(y).unwrap());
        for d in days_of(y) {
            let same = known.is_working_day(d) == estimated.is_working_day(d);
            assert_eq!(same, !swaps.contains(&d), "{d}");
        }
    }
}

/// What the estimate gives for a few years, day by day (the `holidays`
/// package gives the same working days; tests/interop checks 2027–2030).
#[test]
fn estimated_years() {
    let off = |y: i32| -> Vec<(String, Name)> {
        year(y)
            .unwrap()
            .days_off
            .iter()
            .map(|d| (d.date.format("%d/%m").to_string(), d.name))
            .collect()
    };
    use Holiday::*;
    use Name::{Holiday as H, InLieu, NationalDaySecond as Second};
    let s = |x: &str| x.to_string();
    // Tết Đinh Mùi on Saturday 06/02: the break runs Thursday to Wednesday.
    assert_eq!(
        off(2027),
        vec![
            (s("01/01"), H(NewYear)),
            (s("04/02"), InLieu(Tet)),
            (s("05/02"), H(Tet)),
            (s("06/02"), H(Tet)),
            (s("07/02"), H(Tet)),
            (s("08/02"), H(Tet)),
            (s("09/02"), H(Tet)),
            (s("10/02"), InLieu(Tet)),
            (s("16/04"), H(HungKings)),
            (s("30/04"), H(Reunification)),
            (s("01/05"), H(Labour)),
            (s("03/05"), InLieu(Labour)),
            (s("02/09"), H(NationalDay)),
            (s("03/09"), Second),
            (s("24/11"), H(CultureDay)),
        ]
    );
    // 2/9 on a Sunday: the second day is Monday, the day in lieu Tuesday;
    // 24/11 on a Saturday: in lieu on Monday.
    let y2029 = off(2029);
    for want in [
        (s("03/09"), Second),
        (s("04/09"), InLieu(NationalDay)),
        (s("26/11"), InLieu(CultureDay)),
    ] {
        assert!(y2029.contains(&want), "{want:?}: {y2029:?}");
    }
}

/// Every estimated year: twelve holidays (five of them Tết), each on a
/// weekend made up by one weekday in lieu, and no other day off.
#[test]
fn every_estimated_year_keeps_the_law() {
    for y in 2027..=YEARS.1 {
        let cal = year(y).unwrap();
        assert!(cal.provisional && cal.working_days.is_empty(), "{y}");
        let holidays: Vec<&Day> = cal
            .days_off
            .iter()
            .filter(|d| matches!(d.name, Name::Holiday(_) | Name::NationalDaySecond))
            .collect();
        assert_eq!(holidays.len(), 12, "{y}");
        let tet: Vec<NaiveDate> = holidays
            .iter()
            .filter(|d| d.name == Name::Holiday(Holiday::Tet))
            .map(|d| d.date)
            .collect();
        assert_eq!(tet.len(), 5, "{y}");
        assert_eq!(
            crate::lunar::to_lunar(tet[1]).map(|l| (l.day, l.month, l.year)),
            Some((1, 1, y)),
            "{y}"
        );
        let weekend: BTreeSet<NaiveDate> = holidays
            .iter()
            .map(|d| d.date)
            .filter(|d| !weekday(*d))
            .collect();
        let in_lieu: Vec<&Day> = cal
            .days_off
            .iter()
            .filter(|d| matches!(d.name, Name::InLieu(_)))
            .collect();
        assert_eq!(in_lieu.len(), weekend.len(), "{y}");
        assert!(in_lieu.iter().all(|d| weekday(d.date)), "{y}");
        let dates: BTreeSet<NaiveDate> = cal.days_off.iter().map(|d| d.date).collect();
        assert_eq!(dates.len(), cal.days_off.len(), "{y}: a day twice");
        // National Day's two days are side by side.
        let second = holidays
            .iter()
            .find(|d| d.name == Name::NationalDaySecond)
            .unwrap();
        let sep2 = NaiveDate::from_ymd_opt(y, 9, 2).unwrap();
        assert_eq!((second.date - sep2).num_days().abs(), 1, "{y}");
    }
}

#[test]
fn years_outside_the_calendar_are_refused() {
    for y in [i32::MIN, 0, 1900, 2022, 2101, i32::MAX] {
        assert_eq!(year(y), Err(OutOfRange { year: y }));
    }
    assert!(year(2023).is_ok() && year(2100).is_ok());
    assert_eq!(years(2025..=2027).unwrap().len(), 3);
    assert_eq!(years(2100..=2101), Err(OutOfRange { year: 2101 }));
    let d = NaiveDate::from_ymd_opt(2024, 5, 4).unwrap();
    assert_eq!(is_working_day(d), Ok(true));
    let d = NaiveDate::from_ymd_opt(2022, 5, 4).unwrap();
    assert_eq!(is_working_day(d), Err(OutOfRange { year: 2022 }));
}
