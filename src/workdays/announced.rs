//! The days the government announced, year by year, with the documents
//! that set them. `docs/reference/holidays.md` says where each number was
//! read; a number not found is `None` ("không rõ", unknown).

use chrono::NaiveDate;

use super::{ymd, Day, Document, Holiday, Issuer, Name, Notice, Source, Year};

use Holiday::{CultureDay, HungKings, Labour, NationalDay, NewYear, Reunification, Tet};
use Name::{InLieu, MakeUp, NationalDaySecond, Swapped};
use Source::{CultureDayResolution, InLieuRule, LabourCode};

const fn letter(number: &'static str, date: NaiveDate) -> Document {
    Document {
        number: Some(number),
        date: Some(date),
        issuer: Issuer::GovernmentOffice,
    }
}

/// Tết and National Day 2023: 20–26/01 and 01–04/09. The labour
/// ministry's notice of it was not found.
static NOTICE_2023: Notice = Notice {
    decision: letter("8056/VPCP-KGVX", ymd(2022, 12, 1)),
    announcement: Document {
        number: None,
        date: None,
        issuer: Issuer::LabourMinistry,
    },
};

/// Tết and National Day 2024: 08–14/02 and 31/08–03/09.
static NOTICE_2024: Notice = Notice {
    decision: letter("8662/VPCP-KGVX", ymd(2023, 11, 3)),
    announcement: Document {
        number: Some("5015/TB-LĐTBXH"),
        date: Some(ymd(2023, 11, 22)),
        issuer: Issuer::LabourMinistry,
    },
};

/// Monday 29/04/2024 swapped for Saturday 04/05/2024. The labour
/// ministry's notice of it was not found.
static SWAP_2024: Notice = Notice {
    decision: letter("2450/VPCP-KGVX", ymd(2024, 4, 12)),
    announcement: Document {
        number: None,
        date: None,
        issuer: Issuer::LabourMinistry,
    },
};

/// Tết, 30/4–1/5 and National Day 2025: 27–31/01 (within 25/01–02/02),
/// Friday 02/05 swapped for Saturday 26/04, 01–02/09. The notice's day
/// was not found.
static NOTICE_2025: Notice = Notice {
    decision: letter("8726/VPCP-KGVX", ymd(2024, 11, 26)),
    announcement: Document {
        number: Some("6150/TB-BLĐTBXH"),
        date: None,
        issuer: Issuer::LabourMinistry,
    },
};

/// New Year 2026: Friday 02/01 swapped for Saturday 10/01. The home
/// affairs ministry's notice of it was not found.
static NEW_YEAR_2026: Notice = Notice {
    decision: letter("12729/VPCP-KGVX", ymd(2025, 12, 25)),
    announcement: Document {
        number: None,
        date: None,
        issuer: Issuer::HomeAffairsMinistry,
    },
};

/// Tết and National Day 2026: 16–20/02 (within 14–22/02), Monday 31/08
/// swapped for Saturday 22/08, 01–02/09. The notice's number is published
/// as "số 9441", its sign was not found.
static NOTICE_2026: Notice = Notice {
    decision: letter("9859/VPCP-KGVX", ymd(2025, 10, 13)),
    announcement: Document {
        number: Some("9441"),
        date: Some(ymd(2025, 10, 16)),
        issuer: Issuer::HomeAffairsMinistry,
    },
};

/// `Source::Notice`, short, for the tables.
const fn by(notice: &'static Notice) -> Source {
    Source::Notice(notice)
}

const fn day(date: NaiveDate, name: Name, source: Source) -> Day {
    Day { date, name, source }
}

const fn holiday(date: NaiveDate, holiday: Holiday, source: Source) -> Day {
    day(date, Name::Holiday(holiday), source)
}

/// One announced year: its days off and its make-up working days.
struct Announced {
    year: i32,
    days_off: &'static [Day],
    working_days: &'static [Day],
}

/// What each day of 2023–2026 is, as the notices and the Labour Code set
/// it. Tết's five days are the holiday; the days beside them that make up
/// for a Tết day on a weekend are in lieu (as the 2024 notice counts them:
/// "05 ngày nghỉ tết Âm lịch và 02 ngày nghỉ bù").
static ANNOUNCED: &[Announced] = &[
    Announced {
        year: 2023,
        days_off: &[
            holiday(ymd(2023, 1, 1), NewYear, LabourCode),
            day(ymd(2023, 1, 2), InLieu(NewYear), InLieuRule),
            day(ymd(2023, 1, 20), InLieu(Tet), by(&NOTICE_2023)),
            holiday(ymd(2023, 1, 21), Tet, by(&NOTICE_2023)),
            holiday(ymd(2023, 1, 22), Tet, by(&NOTICE_2023)),
            holiday(ymd(2023, 1, 23), Tet, by(&NOTICE_2023)),
            holiday(ymd(2023, 1, 24), Tet, by(&NOTICE_2023)),
            holiday(ymd(2023, 1, 25), Tet, by(&NOTICE_2023)),
            day(ymd(2023, 1, 26), InLieu(Tet), by(&NOTICE_2023)),
            holiday(ymd(2023, 4, 29), HungKings, LabourCode),
            holiday(ymd(2023, 4, 30), Reunification, LabourCode),
            holiday(ymd(2023, 5, 1), Labour, LabourCode),
            day(ymd(2023, 5, 2), InLieu(HungKings), InLieuRule),
            day(ymd(2023, 5, 3), InLieu(Reunification), InLieuRule),
            day(ymd(2023, 9, 1), NationalDaySecond, by(&NOTICE_2023)),
            holiday(ymd(2023, 9, 2), NationalDay, LabourCode),
            day(ymd(2023, 9, 4), InLieu(NationalDay), by(&NOTICE_2023)),
        ],
        working_days: &[],
    },
    Announced {
        year: 2024,
        days_off: &[
            holiday(ymd(2024, 1, 1), NewYear, LabourCode),
            day(ymd(2024, 2, 8), InLieu(Tet), by(&NOTICE_2024)),
            holiday(ymd(2024, 2, 9), Tet, by(&NOTICE_2024)),
            holiday(ymd(2024, 2, 10), Tet, by(&NOTICE_2024)),
            holiday(ymd(2024, 2, 11), Tet, by(&NOTICE_2024)),
            holiday(ymd(2024, 2, 12), Tet, by(&NOTICE_2024)),
            holiday(ymd(2024, 2, 13), Tet, by(&NOTICE_2024)),
            day(ymd(2024, 2, 14), InLieu(Tet), by(&NOTICE_2024)),
            holiday(ymd(2024, 4, 18), HungKings, LabourCode),
            day(
                ymd(2024, 4, 29),
                Swapped {
                    worked: ymd(2024, 5, 4),
                },
                by(&SWAP_2024),
            ),
            holiday(ymd(2024, 4, 30), Reunification, LabourCode),
            holiday(ymd(2024, 5, 1), Labour, LabourCode),
            holiday(ymd(2024, 9, 2), NationalDay, LabourCode),
            day(ymd(2024, 9, 3), NationalDaySecond, by(&NOTICE_2024)),
        ],
        working_days: &[day(
            ymd(2024, 5, 4),
            MakeUp {
                off: ymd(2024, 4, 29),
            },
            by(&SWAP_2024),
        )],
    },
    Announced {
        year: 2025,
        days_off: &[
            holiday(ymd(2025, 1, 1), NewYear, LabourCode),
            holiday(ymd(2025, 1, 27), Tet, by(&NOTICE_2025)),
            holiday(ymd(2025, 1, 28), Tet, by(&NOTICE_2025)),
            holiday(ymd(2025, 1, 29), Tet, by(&NOTICE_2025)),
            holiday(ymd(2025, 1, 30), Tet, by(&NOTICE_2025)),
            holiday(ymd(2025, 1, 31), Tet, by(&NOTICE_2025)),
            holiday(ymd(2025, 4, 7), HungKings, LabourCode),
            holiday(ymd(2025, 4, 30), Reunification, LabourCode),
            holiday(ymd(2025, 5, 1), Labour, LabourCode),
            day(
                ymd(2025, 5, 2),
                Swapped {
                    worked: ymd(2025, 4, 26),
                },
                by(&NOTICE_2025),
            ),
            day(ymd(2025, 9, 1), NationalDaySecond, by(&NOTICE_2025)),
            holiday(ymd(2025, 9, 2), NationalDay, LabourCode),
        ],
        working_days: &[day(
            ymd(2025, 4, 26),
            MakeUp {
                off: ymd(2025, 5, 2),
            },
            by(&NOTICE_2025),
        )],
    },
    Announced {
        year: 2026,
        days_off: &[
            holiday(ymd(2026, 1, 1), NewYear, LabourCode),
            day(
                ymd(2026, 1, 2),
                Swapped {
                    worked: ymd(2026, 1, 10),
                },
                by(&NEW_YEAR_2026),
            ),
            holiday(ymd(2026, 2, 16), Tet, by(&NOTICE_2026)),
            holiday(ymd(2026, 2, 17), Tet, by(&NOTICE_2026)),
            holiday(ymd(2026, 2, 18), Tet, by(&NOTICE_2026)),
            holiday(ymd(2026, 2, 19), Tet, by(&NOTICE_2026)),
            holiday(ymd(2026, 2, 20), Tet, by(&NOTICE_2026)),
            holiday(ymd(2026, 4, 26), HungKings, LabourCode),
            day(ymd(2026, 4, 27), InLieu(HungKings), InLieuRule),
            holiday(ymd(2026, 4, 30), Reunification, LabourCode),
            holiday(ymd(2026, 5, 1), Labour, LabourCode),
            day(
                ymd(2026, 8, 31),
                Swapped {
                    worked: ymd(2026, 8, 22),
                },
                by(&NOTICE_2026),
            ),
            day(ymd(2026, 9, 1), NationalDaySecond, by(&NOTICE_2026)),
            holiday(ymd(2026, 9, 2), NationalDay, LabourCode),
            holiday(ymd(2026, 11, 24), CultureDay, CultureDayResolution),
        ],
        working_days: &[
            day(
                ymd(2026, 1, 10),
                MakeUp {
                    off: ymd(2026, 1, 2),
                },
                by(&NEW_YEAR_2026),
            ),
            day(
                ymd(2026, 8, 22),
                MakeUp {
                    off: ymd(2026, 8, 31),
                },
                by(&NOTICE_2026),
            ),
        ],
    },
];

/// The announced calendar of `year`, if its notices are known.
pub(super) fn year(year: i32) -> Option<Year> {
    let a = ANNOUNCED.iter().find(|a| a.year == year)?;
    Some(Year {
        year,
        days_off: a.days_off.to_vec(),
        working_days: a.working_days.to_vec(),
        provisional: false,
    })
}

/// The years whose notices are kept.
#[cfg(test)]
pub(super) fn years() -> impl Iterator<Item = i32> {
    ANNOUNCED.iter().map(|a| a.year)
}
