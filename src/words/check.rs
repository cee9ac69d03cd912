//! What `check` says: each finding's sentence, Vietnamese then English,
//! saying what is wrong and what to change to resolve it.
//!
//! The sentences take what they name already written (dates in the
//! language's form by [`crate::format`], titles, rules), so that this
//! module holds only words.

use std::fmt::Display;

use super::{words, Lang};
use crate::plan::{ActivityKind, OnHoliday};

/// A finding's sentence: what is wrong, then what would resolve it (for
/// whoever edits the plan; the public page shows only what).
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct Said {
    /// What is wrong (`buổi phát rơi vào ngày nghỉ: Quốc khánh; vẫn giữ như kế hoạch`).
    pub what: String,
    /// What to change (`nếu cố ý, ghi `on_holiday: keep``); none for notes.
    pub fix: Option<String>,
}

impl Said {
    fn new(what: String, fix: String) -> Said {
        Said {
            what,
            fix: Some(fix),
        }
    }

    fn only(what: String) -> Said {
        Said { what, fix: None }
    }

    /// The whole sentence: what, `; `, then the fix.
    pub fn message(&self) -> String {
        match &self.fix {
            Some(fix) => format!("{}; {fix}", self.what),
            None => self.what.clone(),
        }
    }
}

words! {
    /// The words of the report around the findings.
    pub struct Words {
        error: &'static str = "lỗi", "error";
        warning: &'static str = "cảnh báo", "warning";
        note: &'static str = "ghi chú", "note";
        errors: &'static str = "Lỗi", "Errors";
        warnings: &'static str = "Cảnh báo", "Warnings";
        notes: &'static str = "Ghi chú", "Notes";
        all_day: &'static str = "cả ngày", "all day";
        see_also: &'static str = "xem thêm", "see also";
        budget: &'static str = "Kinh phí", "Budget";
        activity: &'static str = "HOẠT ĐỘNG", "ACTIVITY";
        amount: &'static str = "KINH PHÍ", "BUDGET";
        title: &'static str = "NỘI DUNG", "TITLE";
        total: &'static str = "TỔNG", "TOTAL";
        /// A holiday file that gives a day no name.
        a_day_off: &'static str = "ngày nghỉ", "a day off";
    }
}

/// `castcal check: 1 kế hoạch, 66 lần: 0 lỗi, 7 cảnh báo, 0 ghi chú`.
pub fn summary(
    lang: Lang,
    plans: usize,
    occurrences: usize,
    errors: usize,
    warnings: usize,
    notes: usize,
) -> String {
    let s = |n: usize| if n == 1 { "" } else { "s" };
    match lang {
        Lang::Vi => format!(
            "castcal check: {plans} kế hoạch, {occurrences} lần phát/đăng: {errors} lỗi, {warnings} cảnh báo, {notes} ghi chú"
        ),
        Lang::En => format!(
            "castcal check: {plans} plan{}, {occurrences} occurrence{}: {errors} error{}, {warnings} warning{}, {notes} note{}",
            s(plans),
            s(occurrences),
            s(errors),
            s(warnings),
            s(notes)
        ),
    }
}

/// What an occurrence is, in a finding's words: a broadcast's premiere or
/// rerun, or the activity's kind (a report due reads better as a deadline).
pub fn what(lang: Lang, kind: ActivityKind, rerun: Option<u32>) -> String {
    let n = rerun.map(|k| u64::from(k) + 1);
    match (lang, n, kind) {
        (Lang::Vi, Some(n), _) => format!("lần phát lại {n}"),
        (Lang::En, Some(n), _) => format!("rerun {n}"),
        (Lang::Vi, None, k) => match k {
            ActivityKind::Broadcast => "buổi phát",
            ActivityKind::Publication => "kỳ đăng",
            ActivityKind::Event => "sự kiện",
            ActivityKind::Campaign => "chiến dịch",
            ActivityKind::Deadline => "thời hạn",
        }
        .to_string(),
        (Lang::En, None, ActivityKind::Broadcast) => "premiere".to_string(),
        (Lang::En, None, k) => k.as_str().to_string(),
    }
}

/// `kỳ kế hoạch 01/01/2023 – 31/12/2023`, `the period 2023-01-01 – 2023-12-31`.
pub fn period(lang: Lang, from: impl Display, to: impl Display) -> String {
    match lang {
        Lang::Vi => format!("kỳ kế hoạch {from} – {to}"),
        Lang::En => format!("the period {from} – {to}"),
    }
}

/// ` (2 bị bỏ vì ngày nghỉ)`, or nothing.
pub fn skipped(lang: Lang, n: usize) -> String {
    match (lang, n) {
        (_, 0) => String::new(),
        (Lang::Vi, n) => format!(" ({n} bị bỏ vì ngày nghỉ)"),
        (Lang::En, n) => format!(" ({n} skipped for days off)"),
    }
}

/// `slot-conflict`: `b` overlaps `a`, which starts no later.
pub fn slot_conflict(
    lang: Lang,
    what_b: &str,
    what_a: &str,
    title_a: &str,
    when: &str,
    outlet: &str,
) -> Said {
    match lang {
        Lang::Vi => Said::new(
            format!("{what_b} trùng giờ với {what_a} của “{title_a}” ({when}) trên {outlet}"),
            "dời một trong hai sang giờ hoặc ngày khác".to_string(),
        ),
        Lang::En => Said::new(
            format!("{what_b} overlaps the {what_a} of “{title_a}” ({when}) on {outlet}"),
            "move one of them to another time or day".to_string(),
        ),
    }
}

/// `too-many-conflicts`.
pub fn too_many_conflicts(lang: Lang, most: usize, outlet: &str) -> Said {
    Said::only(match lang {
        Lang::Vi => {
            format!("hơn {most} cặp buổi trùng giờ trên {outlet}; chỉ liệt kê {most} cặp đầu tiên")
        }
        Lang::En => format!(
            "more than {most} overlapping slots on {outlet}; only the first {most} are listed"
        ),
    })
}

/// `grid-conflict`: one of ours overlaps a programme of the station's grid.
pub fn grid_conflict(
    lang: Lang,
    what: &str,
    programme: &str,
    when: &str,
    outlet: &str,
    file: &str,
) -> Said {
    match lang {
        Lang::Vi => Said::new(
            format!(
                "{what} trùng với “{programme}” {when} trong lịch phát sóng của {outlet} ({file})"
            ),
            format!("dời {what} sang giờ khác, hoặc hỏi đài về chương trình này"),
        ),
        Lang::En => Said::new(
            format!("{what} overlaps “{programme}” {when} on the {outlet} grid ({file})"),
            "move it to another time, or ask the station about that programme".to_string(),
        ),
    }
}

/// `rerun-before-premiere`.
pub fn rerun_before_premiere(lang: Lang, what: &str, start: &str, premiere_end: &str) -> Said {
    match lang {
        Lang::Vi => Said::new(
            format!("{what} bắt đầu {start}, trước khi buổi phát đầu kết thúc ({premiere_end})"),
            "đặt `at` muộn hơn hoặc tăng `days_after` của lần phát lại này".to_string(),
        ),
        Lang::En => Said::new(
            format!("{what} starts {start}, before its premiere ends ({premiere_end})"),
            "give this rerun a later `at` or more `days_after`".to_string(),
        ),
    }
}

/// Why an occurrence lies outside the period, when it is not its own date.
#[derive(Debug, Clone, Copy, PartialEq, Eq, PartialOrd, Ord)]
pub enum Outside {
    /// Its own date.
    Dated,
    /// A holiday policy moved it there.
    Moved,
    /// It is a rerun, after its premiere.
    Rerun,
}

/// `outside-period`, of an occurrence.
pub fn outside_period(lang: Lang, what: &str, date: &str, period: &str, why: Outside) -> Said {
    match lang {
        Lang::Vi => {
            let (why, fix) = match why {
                Outside::Dated => ("", "sửa ngày này, hoặc `period` của kế hoạch"),
                Outside::Moved => (
                    " sau khi dời vì ngày nghỉ",
                    "đổi `on_holiday`, hoặc kéo dài `period`",
                ),
                Outside::Rerun => (
                    " (lần phát lại đi sau buổi phát đầu)",
                    "giảm `days_after` của lần phát lại này, hoặc kéo dài `period`",
                ),
            };
            Said::new(
                format!("{what} ngày {date} nằm ngoài {period}{why}"),
                fix.to_string(),
            )
        }
        Lang::En => {
            let (why, fix) = match why {
                Outside::Dated => ("", "change that date, or the plan's `period`"),
                Outside::Moved => (
                    " after a holiday move",
                    "change `on_holiday`, or extend the `period`",
                ),
                Outside::Rerun => (
                    " (a rerun follows its premiere)",
                    "give this rerun fewer `days_after`, or extend the `period`",
                ),
            };
            Said::new(
                format!("{what} on {date} is outside {period}{why}"),
                fix.to_string(),
            )
        }
    }
}

/// `outside-period`, of a date the plan writes (`start`, an `rdates` entry).
pub fn written_outside(lang: Lang, field: &str, date: &str, period: &str) -> Said {
    match lang {
        Lang::Vi => Said::new(
            format!("`{field}` {date} nằm ngoài {period}, nên không có trong lịch nào"),
            "sửa ngày này, hoặc `period` của kế hoạch".to_string(),
        ),
        Lang::En => Said::new(
            format!("`{field}` {date} is outside {period}, so it is left out of every output"),
            "change it, or the plan's `period`".to_string(),
        ),
    }
}

/// `outside-period`, of the dates a rule's `COUNT` or `UNTIL` asks for
/// after the period.
pub fn rule_past_end(
    lang: Lang,
    rule: &str,
    end: &str,
    at_least: bool,
    n: usize,
    first: &str,
) -> Said {
    match lang {
        Lang::Vi => Said::new(
            format!(
                "quy tắc `{rule}` chạy quá ngày kết thúc kỳ {end}: {}{n} ngày từ {first} bị bỏ khỏi lịch",
                if at_least { "ít nhất " } else { "" }
            ),
            "giảm `COUNT` hoặc `UNTIL` của quy tắc, hoặc kéo dài `period`".to_string(),
        ),
        Lang::En => Said::new(
            format!(
                "the rule `{rule}` runs past the period's end {end}: {}{n} date{} from {first} on {} left out",
                if at_least { "at least " } else { "" },
                if n == 1 { "" } else { "s" },
                if n == 1 { "is" } else { "are" }
            ),
            "lower its `COUNT` or `UNTIL`, or extend the `period`".to_string(),
        ),
    }
}

/// `past-period-end`.
pub fn past_period_end(lang: Lang, what: &str, until: &str, end: &str) -> Said {
    match lang {
        Lang::Vi => Said::new(
            format!("{what} kéo dài đến {until}, quá ngày kết thúc kỳ {end}"),
            "rút ngắn `duration`, hoặc kéo dài `period`".to_string(),
        ),
        Lang::En => Said::new(
            format!("{what} runs until {until}, past the period's end {end}"),
            "shorten its `duration`, or extend the `period`".to_string(),
        ),
    }
}

/// How an occurrence on a day off came to be kept.
#[derive(Debug, Clone, Copy, PartialEq, Eq, PartialOrd, Ord)]
pub enum Kept {
    /// A premiere under `on_holiday: warn`.
    Premiere,
    /// A rerun under `on_holiday: warn`.
    Rerun,
    /// A rerun whose premiere's policy moves or skips premieres only.
    RerunOfPolicy(OnHoliday),
    /// A rerun under `on_holiday: keep`.
    RerunKept,
}

/// `on-holiday`.
pub fn on_holiday(lang: Lang, what: &str, name: &str, kept: Kept) -> Said {
    match lang {
        Lang::Vi => {
            let what = format!("{what} rơi vào ngày nghỉ: {name}");
            match kept {
                Kept::Premiere => Said::new(
                    format!("{what}; vẫn giữ như kế hoạch"),
                    "nếu cố ý, ghi `on_holiday: keep`; để dời, ghi `on_holiday: next_workday` hoặc `previous_workday`".to_string(),
                ),
                Kept::Rerun => Said::new(
                    format!("{what}; vẫn giữ như kế hoạch"),
                    "để tránh, đổi `days_after` hoặc `at` của lần phát lại này, hoặc chấp nhận bằng `accept: [on-holiday]`".to_string(),
                ),
                Kept::RerunOfPolicy(p) => Said::new(
                    format!("{what}; vẫn giữ, vì `on_holiday: {}` chỉ dời hoặc bỏ buổi phát đầu", p.as_str()),
                    "để tránh, đổi `days_after` hoặc `at` của lần phát lại này".to_string(),
                ),
                Kept::RerunKept => Said::only(format!(
                    "{what}; giữ nguyên, vì `on_holiday: keep` giữ cả các lần phát lại"
                )),
            }
        }
        Lang::En => {
            let what = format!("{what} falls on a day off: {name}");
            match kept {
                Kept::Premiere => Said::new(
                    format!("{what}; kept as planned"),
                    "if it is meant, write `on_holiday: keep`; to move it, `on_holiday: next_workday` or `previous_workday`".to_string(),
                ),
                Kept::Rerun => Said::new(
                    format!("{what}; kept as planned"),
                    "to avoid it, change this rerun's `days_after` or `at`, or accept it with `accept: [on-holiday]`".to_string(),
                ),
                Kept::RerunOfPolicy(p) => Said::new(
                    format!("{what}; kept, as `on_holiday: {}` moves or skips premieres only", p.as_str()),
                    "to avoid it, change this rerun's `days_after` or `at`".to_string(),
                ),
                Kept::RerunKept => Said::only(format!(
                    "{what}; kept, as `on_holiday: keep` keeps the reruns too"
                )),
            }
        }
    }
}

/// `holiday-moved`.
pub fn holiday_moved(
    lang: Lang,
    from: &str,
    name: &str,
    to: &str,
    next: bool,
    policy: OnHoliday,
) -> Said {
    let policy = policy.as_str();
    Said::only(match lang {
        Lang::Vi => format!(
            "đã dời từ {from} ({name}) sang {to}, ngày làm việc {} (`on_holiday: {policy}`)",
            if next { "kế tiếp" } else { "trước đó" }
        ),
        Lang::En => format!(
            "moved from {from} ({name}) to {to}, the {} workday (`on_holiday: {policy}`)",
            if next { "next" } else { "previous" }
        ),
    })
}

/// `holiday-skipped`.
pub fn holiday_skipped(lang: Lang, date: &str, name: &str, reruns: bool) -> Said {
    Said::only(match lang {
        Lang::Vi => format!(
            "đã bỏ: {date} là {name} (`on_holiday: skip`){}",
            if reruns {
                ", cùng các lần phát lại"
            } else {
                ""
            }
        ),
        Lang::En => format!(
            "skipped: {date} is {name} (`on_holiday: skip`){}",
            if reruns {
                ", and its reruns with it"
            } else {
                ""
            }
        ),
    })
}

/// `deadline-off-day`, with the workday before when there is one.
pub fn deadline_off_day(lang: Lang, weekday: &str, before: Option<&str>) -> Said {
    match (lang, before) {
        (Lang::Vi, Some(b)) => Said::new(
            format!("thời hạn rơi vào {weekday}, không phải ngày làm việc"),
            format!("ghi `on_holiday: previous_workday` để dời về {b}, hoặc `next_workday` để dời sang ngày làm việc sau"),
        ),
        (Lang::Vi, None) => Said::new(
            format!("thời hạn rơi vào {weekday}, không phải ngày làm việc"),
            "ghi `on_holiday: previous_workday` hoặc `next_workday` để dời về ngày làm việc".to_string(),
        ),
        (Lang::En, Some(b)) => Said::new(
            format!("deadline falls on a {weekday}, not a workday"),
            format!("write `on_holiday: previous_workday` to move it to {b}, or `next_workday` for the workday after"),
        ),
        (Lang::En, None) => Said::new(
            format!("deadline falls on a {weekday}, not a workday"),
            "write `on_holiday: previous_workday` or `next_workday` to move it to a workday".to_string(),
        ),
    }
}

/// `expect-mismatch`.
pub fn expect_mismatch(lang: Lang, expect: u32, got: usize, period: &str, skipped: &str) -> Said {
    match lang {
        Lang::Vi => Said::new(
            format!(
                "khai báo `expect: {expect}` nhưng quy tắc cho {got} kỳ trong {period}{skipped}"
            ),
            format!("đổi `expect: {expect}` thành `{got}`, hoặc sửa `rrule` để cho {expect} kỳ"),
        ),
        Lang::En => Said::new(
            format!("declares `expect: {expect}`, but the rule yields {got} in {period}{skipped}"),
            format!(
                "change `expect: {expect}` to `{got}`, or the `rrule` so that it yields {expect}"
            ),
        ),
    }
}

/// `no-dates`.
pub fn no_dates(lang: Lang, period: &str, skipped: &str) -> Said {
    match lang {
        Lang::Vi => Said::new(
            format!("không có ngày nào trong {period}{skipped}"),
            "sửa `start` hoặc `rrule`".to_string(),
        ),
        Lang::En => Said::new(
            format!("yields no dates in {period}{skipped}"),
            "change `start` or the `rrule`".to_string(),
        ),
    }
}

/// `suspicious-rule`: `FREQ=YEARLY;BYMONTHDAY=…` without `BYMONTH`.
pub fn yearly_month_day(lang: Lang, days: &str, month: u32) -> Said {
    match lang {
        Lang::Vi => Said::new(
            format!("`FREQ=YEARLY;BYMONTHDAY={days}` không có `BYMONTH` nghĩa là ngày {days} của mọi tháng (theo RFC 5545, và castcal), nhưng Thunderbird và libical chỉ hiện một tháng mỗi năm"),
            format!("để có mọi tháng, viết `FREQ=MONTHLY;BYMONTHDAY={days}`; để mỗi năm một lần, thêm `BYMONTH={month}`"),
        ),
        Lang::En => Said::new(
            format!("`FREQ=YEARLY;BYMONTHDAY={days}` without `BYMONTH` means day {days} of every month (RFC 5545, and castcal's calendar), but Thunderbird and libical show it in one month a year"),
            format!("for every month write `FREQ=MONTHLY;BYMONTHDAY={days}`, for once a year add `BYMONTH={month}`"),
        ),
    }
}

/// `suspicious-rule`: a day of the month that short months lack.
pub fn month_day_skips(lang: Lang, day: i32, months: &str) -> Said {
    let n = day.unsigned_abs();
    match (lang, day > 0) {
        (Lang::Vi, true) => Said::new(
            format!("`BYMONTHDAY={day}` bỏ qua các tháng không có ngày {day} ({months})"),
            "để lấy ngày cuối mỗi tháng, viết `BYMONTHDAY=-1`".to_string(),
        ),
        (Lang::Vi, false) => Said::new(
            format!("`BYMONTHDAY={day}` (ngày thứ {n} tính từ cuối tháng) bỏ qua các tháng ngắn hơn {n} ngày ({months})"),
            "để lấy ngày đầu mỗi tháng, viết `BYMONTHDAY=1`".to_string(),
        ),
        (Lang::En, true) => Said::new(
            format!("`BYMONTHDAY={day}` skips months that have no day {day} ({months})"),
            "for the last day of every month write `BYMONTHDAY=-1`".to_string(),
        ),
        (Lang::En, false) => Said::new(
            format!("`BYMONTHDAY={day}` (day {n} counted from the month's end) skips months shorter than {n} days ({months})"),
            "for the first day of every month write `BYMONTHDAY=1`".to_string(),
        ),
    }
}

/// `suspicious-rule`: a fifth weekday (`BYDAY=5WE`, `nth` 5 or -5, `code`
/// `WE`), which most months lack: `missing` of the `months` of the period,
/// `listed`.
pub fn fifth_weekday(
    lang: Lang,
    nth: i16,
    code: &str,
    weekday: &str,
    missing: usize,
    months: usize,
    listed: &str,
) -> Said {
    let last = nth > 0;
    let fix = format!("{}{code}", if last { "-1" } else { "1" });
    match lang {
        Lang::Vi => Said::new(
            format!("`BYDAY={nth}{code}` chỉ có ở các tháng có năm ngày {weekday}, nên bỏ qua {missing}/{months} tháng ({listed})"),
            format!(
                "để lấy {weekday} {} của tháng, viết `BYDAY={fix}`",
                if last { "cuối cùng" } else { "đầu tiên" }
            ),
        ),
        Lang::En => Said::new(
            format!("`BYDAY={nth}{code}` fires only in months with five {weekday}s, so it skips {missing} of {months} months ({listed})"),
            format!(
                "for the {} one write `BYDAY={fix}`",
                if last { "last" } else { "first" }
            ),
        ),
    }
}

/// The months a rule skips: `tháng 2, 4, 6`, `February, April, June`.
pub fn months(lang: Lang, months: &[u32]) -> String {
    match lang {
        Lang::Vi => {
            let numbers: Vec<String> = months.iter().map(u32::to_string).collect();
            format!("tháng {}", numbers.join(", "))
        }
        Lang::En => {
            let common = super::Common::of(lang);
            let names: Vec<&str> = months.iter().map(|m| common.month(*m)).collect();
            names.join(", ")
        }
    }
}

/// A finding the plan accepts, reported as a note.
pub fn accepted(lang: Lang, message: &str, reason: Option<&str>) -> String {
    match (lang, reason) {
        (Lang::Vi, Some(r)) => format!("đã chấp nhận: {message} — lý do: {r}"),
        (Lang::Vi, None) => format!("đã chấp nhận: {message}"),
        (Lang::En, Some(r)) => format!("accepted: {message} — because: {r}"),
        (Lang::En, None) => format!("accepted: {message}"),
    }
}
