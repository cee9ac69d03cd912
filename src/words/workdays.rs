//! The names of Vietnam's days off and make-up working days, the documents
//! that set them, and the words of `castcal holidays`.
//!
//! A name or source that mentions a day takes a function that writes it
//! in the reader's form ([`crate::format::Day`], say), so that this
//! module holds only words.

use chrono::NaiveDate;

use super::{words, Lang};
use crate::workdays::{Document, Holiday, Issuer, Name, Notice, Source, YEARS};

words! {
    /// The names and sources of the built-in calendar.
    pub struct Words {
        /// In [`Holiday`] order.
        holidays: [&'static str; 7] =
            [
                "Tết Dương lịch", "Tết Nguyên đán", "Giỗ Tổ Hùng Vương", "Ngày Chiến thắng",
                "Ngày Quốc tế Lao động", "Quốc khánh", "Ngày Văn hóa Việt Nam",
            ],
            [
                "New Year's Day", "Lunar New Year (Tết)", "Hùng Kings' Commemoration Day",
                "Reunification Day", "International Labour Day", "National Day",
                "Vietnamese Culture Day",
            ];
        national_day_second: &'static str =
            "Quốc khánh (ngày liền kề)", "National Day (the day beside it)";
        /// `{}` is the holiday's name.
        in_lieu: &'static str = "Nghỉ bù {}", "Day off in lieu of {}";
        /// Before the Saturday worked instead.
        swapped: &'static str = "Nghỉ hoán đổi, làm bù", "Day off, worked instead on";
        /// Before the day given off in exchange.
        make_up: &'static str = "Làm bù cho ngày nghỉ", "Make-up working day for";
        labour_code: &'static str =
            "Bộ luật Lao động 2019, khoản 1 Điều 112",
            "Labour Code 2019, art. 112(1)";
        in_lieu_rule: &'static str =
            "Bộ luật Lao động 2019, khoản 3 Điều 111 (nghỉ bù ngày lễ trùng ngày nghỉ hằng tuần)",
            "Labour Code 2019, art. 111(3) (a holiday on a weekly day off)";
        culture_day: &'static str =
            "Nghị quyết số 80-NQ/TW ngày 07/01/2026 của Bộ Chính trị",
            "Politburo Resolution 80-NQ/TW of 7 January 2026";
        estimate: &'static str =
            "dự kiến theo cách các thông báo 2023–2026 đã xếp (chưa có thông báo)",
            "estimated as the 2023–2026 notices placed it (no notice yet)";
        /// In [`Issuer`] order.
        issuers: [&'static str; 3] =
            [
                "Văn phòng Chính phủ", "Bộ Lao động – Thương binh và Xã hội", "Bộ Nội vụ",
            ],
            [
                "Government Office", "Ministry of Labour, Invalids and Social Affairs",
                "Ministry of Home Affairs",
            ];
        letter: &'static str = "Văn bản số", "Letter no.";
        notice: &'static str = "Thông báo số", "Notice no.";
        dated: &'static str = "ngày", "of";
        of: &'static str = "của", "by the";
        after: &'static str = "theo", "after";
        /// `{}` is the ministry that issued the notice.
        notice_unknown: &'static str =
            "thông báo của {}: số không rõ", "the notice of the {}: number unknown";
        /// `castcal holidays`: the title, before the year.
        title: &'static str =
            "Ngày nghỉ và ngày làm bù tại Việt Nam, năm",
            "Days off and make-up working days in Vietnam,";
        days_off: &'static str = "Ngày nghỉ", "Days off";
        working_days: &'static str = "Ngày làm bù", "Make-up working days";
        none: &'static str = "không có", "none";
        sources: &'static str = "Nguồn", "Sources";
        provisional: &'static str =
            "Dự kiến: chưa có thông báo của Chính phủ cho năm này; các ngày được xếp như các thông báo 2023–2026 đã xếp.",
            "Provisional: the government has not announced this year yet; the days are placed as the 2023–2026 notices placed them.";
    }
}

impl Words {
    /// A holiday's name (`Quốc khánh`, `National Day`).
    pub fn holiday(&self, holiday: Holiday) -> &'static str {
        let i = match holiday {
            Holiday::NewYear => 0,
            Holiday::Tet => 1,
            Holiday::HungKings => 2,
            Holiday::Reunification => 3,
            Holiday::Labour => 4,
            Holiday::NationalDay => 5,
            Holiday::CultureDay => 6,
        };
        self.holidays.get(i).copied().unwrap_or("")
    }

    fn issuer(&self, issuer: Issuer) -> &'static str {
        let i = match issuer {
            Issuer::GovernmentOffice => 0,
            Issuer::LabourMinistry => 1,
            Issuer::HomeAffairsMinistry => 2,
        };
        self.issuers.get(i).copied().unwrap_or("")
    }

    /// What a day is (`Nghỉ bù Giỗ Tổ Hùng Vương`, `Make-up working day for
    /// Mon 2024-04-29`), the days it names written by `day`.
    pub fn name(&self, name: &Name, day: impl Fn(NaiveDate) -> String) -> String {
        match *name {
            Name::Holiday(h) => self.holiday(h).to_string(),
            Name::NationalDaySecond => self.national_day_second.to_string(),
            Name::InLieu(h) => self.in_lieu.replace("{}", self.holiday(h)),
            Name::Swapped { worked } => format!("{} {}", self.swapped, day(worked)),
            Name::MakeUp { off } => format!("{} {}", self.make_up, day(off)),
        }
    }

    /// A document (`Thông báo số 5015/TB-LĐTBXH ngày 22/11/2023 của Bộ …`).
    fn document(
        &self,
        kind: &str,
        number: &str,
        d: &Document,
        date: &impl Fn(NaiveDate) -> String,
    ) -> String {
        let mut out = format!("{kind} {number}");
        if let Some(issued) = d.date {
            out.push_str(&format!(" {} {}", self.dated, date(issued)));
        }
        out.push_str(&format!(" {} {}", self.of, self.issuer(d.issuer)));
        out
    }

    /// Where a notice's days come from: the ministry's notice, after the
    /// Government Office's letter; the letter alone, the notice's number
    /// said to be unknown, where it was not found.
    fn notice(&self, n: &Notice, date: &impl Fn(NaiveDate) -> String) -> String {
        let letter = match n.decision.number {
            Some(number) => self.document(self.letter, number, &n.decision, date),
            None => self
                .notice_unknown
                .replace("{}", self.issuer(n.decision.issuer)),
        };
        match n.announcement.number {
            Some(number) => {
                let notice = self.document(self.notice, number, &n.announcement, date);
                format!("{notice} ({} {letter})", self.after)
            }
            None => {
                let issuer = self.issuer(n.announcement.issuer);
                format!("{letter} ({})", self.notice_unknown.replace("{}", issuer))
            }
        }
    }

    /// Why a day is what it is, the days it names written by `date`.
    pub fn source(&self, source: &Source, date: impl Fn(NaiveDate) -> String) -> String {
        match source {
            Source::LabourCode => self.labour_code.to_string(),
            Source::InLieuRule => self.in_lieu_rule.to_string(),
            Source::CultureDayResolution => self.culture_day.to_string(),
            Source::Notice(n) => self.notice(n, &date),
            Source::Estimate => self.estimate.to_string(),
        }
    }
}

/// `castcal holidays 1999`: the year is outside the calendar, and what to do.
pub fn out_of_range(lang: Lang, year: i32) -> String {
    let (first, last) = YEARS;
    match lang {
        Lang::Vi => format!(
            "năm {year} nằm ngoài lịch có sẵn ({first}–{last}): hãy chọn một năm trong khoảng đó, \
             hoặc ghi các ngày nghỉ của năm {year} vào một tệp ngày nghỉ"
        ),
        Lang::En => format!(
            "the year {year} is outside the built-in calendar ({first}–{last}): give a year in \
             that range, or list the days off of {year} in a holiday file"
        ),
    }
}
