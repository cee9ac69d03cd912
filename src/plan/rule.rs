//! An activity's RFC 5545 recurrence rule, checked when the file is read.
//!
//! Rules are expanded in wall-clock time: the rule engine is handed the plan's
//! local times as if they were UTC, so "every Wednesday at 17:45" stays 17:45
//! on the wall across a daylight saving change (RFC 5545 §3.3.10), and the
//! host's own zone never plays a part. Each wall-clock result is then placed in
//! the plan's zone by [`crate::zone::place_in_zone`].
//!
//! `UNTIL` may be written as a date, a plan-time date-time or a UTC date-time
//! (`…Z`). For a timed rule it names an instant, and an instance is within it
//! when the instant the instance is placed at is (RFC 5545 §3.3.10 and
//! §3.3.5): in Berlin, `02:50` on the night clocks skip 02:00–03:00 is read
//! with the offset before the gap, `01:50Z`, so `UNTIL=20230326T010000Z`
//! leaves it out although the wall-clock `03:00` that instant shows is later.
//! The first instance past `UNTIL` ends the rule, as python-dateutil and
//! libical end it. An all-day rule's `UNTIL` is its last date.

use chrono::{DateTime, NaiveDate, NaiveDateTime, NaiveTime, TimeDelta, TimeZone, Utc};
use chrono_tz::Tz;
use rrule::{Frequency, RRule, RRuleSet, Unvalidated};

use crate::said::Said;
use crate::say;
use crate::zone::place_in_zone;

/// A parsed, validated recurrence rule.
#[derive(Debug, Clone)]
pub struct Rule {
    /// The rule as written, with an `UNTIL` late enough for [`Rule::end`]
    /// to be the one that ends it (the engine compares wall-clock times).
    rrule: RRule<Unvalidated>,
    /// `UNTIL` as a wall-clock time in the plan's zone, if the rule has one:
    /// for messages. [`Rule::end`] is what ends the rule.
    pub until: Option<NaiveDateTime>,
    /// Where `UNTIL` ends the rule, if it has one.
    end: Option<End>,
    /// The plan's zone, which places an instance to compare it with `end`.
    tz: Tz,
    /// The rule as written in the schedule, for messages.
    pub text: String,
    /// The rule's parts other than `UNTIL`, checked and in canonical form
    /// (`FREQ=MONTHLY;BYDAY=3WE`): upper case, `FREQ` first, the other
    /// parts in the order written, numbers without sign `+` or leading zeros.
    /// This, never the text as written, is what a feed may carry.
    pub without_until: String,
}

impl Rule {
    /// Parses `text` (with or without a leading `RRULE:`) for an activity
    /// whose first occurrence is `start` (wall-clock; `all_day` when the
    /// activity has dates, not times), in the plan's zone `tz`.
    ///
    /// # Errors
    /// A sentence saying what is wrong, for the caller to place in the file.
    pub fn parse(text: &str, start: NaiveDateTime, all_day: bool, tz: Tz) -> Result<Rule, Said> {
        let body = text.trim();
        let body = match body.get(..6) {
            Some(prefix) if prefix.eq_ignore_ascii_case("RRULE:") => body.get(6..).unwrap_or(""),
            _ => body,
        };
        if body.is_empty() || body.contains(['\n', '\r', ':']) {
            return Err(say!(
                "`{text}` không phải một RRULE; viết như FREQ=MONTHLY;BYDAY=3WE, hoặc dùng `lịch:` để viết bằng lời",
                "`{text}` is not an RRULE value; expected something like FREQ=MONTHLY;BYDAY=3WE"
            ));
        }
        let checked = check_parts(body).map_err(|e| invalid(body, &e))?;
        let until = checked
            .until
            .as_deref()
            .map(|value| parse_until(value, all_day, tz))
            .transpose()?;
        let end = until.map(|(_, end)| end);
        let until = until.map(|(wall, _)| wall);
        let without_until = checked.text;
        let mut rrule: RRule<Unvalidated> = without_until
            .parse()
            .map_err(|e: rrule::RRuleError| invalid(body, &Said::from(e.to_string())))?;
        if matches!(rrule.get_freq(), Frequency::Minutely | Frequency::Secondly) {
            return Err(say!(
                "RRULE `{body}` lặp theo phút hoặc giây; castcal xếp lịch theo buổi, hãy dùng FREQ=HOURLY hoặc thưa hơn",
                "RRULE `{body}` repeats by the minute or second; castcal schedules slots, so use FREQ=HOURLY or coarser"
            ));
        }
        if all_day {
            let sub_daily = matches!(
                rrule.get_freq(),
                Frequency::Hourly | Frequency::Minutely | Frequency::Secondly
            );
            let has_times = !rrule.get_by_hour().is_empty()
                || !rrule.get_by_minute().is_empty()
                || !rrule.get_by_second().is_empty();
            if sub_daily || has_times {
                return Err(say!(
                    "RRULE `{body}` lặp trong một ngày, nhưng hoạt động này diễn ra cả ngày (ngày bắt đầu không có giờ); thêm giờ vào `start`, hoặc lặp theo ngày",
                    "RRULE `{body}` repeats within a day, but this activity is all-day (its start is a date); give `start` a time, or repeat by days"
                ));
            }
        }
        if let (Some(u), Some(end)) = (until, end) {
            let show = |t: NaiveDateTime| t.format("%Y-%m-%dT%H:%M").to_string();
            if !end.admits(start, tz) {
                // The wall-clock times may not show why: a start the
                // clocks skip is read an hour later.
                let skipped = if u < start {
                    Said::default()
                } else {
                    let read = place_in_zone(start, tz).format("%H:%M%:z");
                    say!(
                        ", giờ bị đồng hồ bỏ qua nên được đọc là {read}",
                        ", which the clocks skip and is read as {read}"
                    )
                };
                let (u, start, skipped_vi, skipped_en) =
                    (show(u), show(start), skipped.vi, skipped.en);
                return Err(say!(
                    "`UNTIL` ({u}) trước `start` ({start}{skipped_vi}); quy tắc không cho lần nào",
                    "`UNTIL` ({u}) is before `start` ({start}{skipped_en}); the rule would yield nothing"
                ));
            }
            rrule = rrule.until(wall(end.engine_bound()));
        }
        let rule = Rule {
            rrule,
            until,
            end,
            tz,
            text: body.to_string(),
            without_until,
        };
        rule.set(start)
            .map_err(|e| invalid(body, &Said::from(e.to_string())))?;
        Ok(rule)
    }

    /// The rule engine's view of this rule starting at wall-clock `start`.
    /// It may give instances past `UNTIL`: the first that [`Rule::admits`]
    /// refuses ends the rule.
    ///
    /// # Errors
    /// The engine's own complaint, when it rejects the rule for this start.
    pub fn set(&self, start: NaiveDateTime) -> Result<RRuleSet, rrule::RRuleError> {
        self.rrule.clone().build(wall(start))
    }

    /// Whether `UNTIL` lets the rule give an instance at wall-clock `t`:
    /// for a timed rule, whether the instant `t` is placed at in the plan's
    /// zone is not after `UNTIL`; for an all-day rule, whether its date is
    /// not after `UNTIL`'s. Always, for a rule without `UNTIL`.
    pub fn admits(&self, t: NaiveDateTime) -> bool {
        self.end.is_none_or(|end| end.admits(t, self.tz))
    }

    /// Where `UNTIL` ends the rule, if it has one.
    pub fn end(&self) -> Option<End> {
        self.end
    }

    /// The frequency, for checks that look for likely misreadings.
    pub fn frequency(&self) -> Frequency {
        self.rrule.get_freq()
    }

    /// `BYMONTHDAY` values, for checks that look for likely misreadings.
    pub fn by_month_day(&self) -> &[i8] {
        self.rrule.get_by_month_day()
    }

    /// `BYDAY` values (`3WE` is `Nth(3, Wed)`), for checks that look for likely misreadings.
    pub fn by_weekday(&self) -> &[rrule::NWeekday] {
        self.rrule.get_by_weekday()
    }

    /// `BYMONTH` values (1–12).
    pub fn by_month(&self) -> &[u8] {
        self.rrule.get_by_month()
    }

    /// Whether the rule has a `BYSETPOS`.
    pub fn has_set_pos(&self) -> bool {
        !self.rrule.get_by_set_pos().is_empty()
    }

    /// `COUNT`, if the rule has one.
    pub fn count(&self) -> Option<u32> {
        self.rrule.get_count()
    }
}

/// A wall-clock time handed to the rule engine as if it were UTC.
pub(crate) fn wall(t: NaiveDateTime) -> DateTime<rrule::Tz> {
    rrule::Tz::UTC.from_utc_datetime(&t)
}

/// Where a rule's `UNTIL` ends it.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub enum End {
    /// An all-day rule's last date.
    Day(NaiveDate),
    /// A timed rule's last instant: an instance placed later ends the rule.
    At(DateTime<Utc>),
}

impl End {
    /// Whether an instance at wall-clock `t` in `tz` is within the end.
    fn admits(self, t: NaiveDateTime, tz: Tz) -> bool {
        match self {
            End::Day(d) => t.date() <= d,
            End::At(u) => place_in_zone(t, tz).with_timezone(&Utc) <= u,
        }
    }

    /// A wall-clock time no instance within the end is later than, for the
    /// engine: an instant's UTC time plus a day, as no zone is a day ahead
    /// of UTC.
    fn engine_bound(self) -> NaiveDateTime {
        match self {
            End::Day(d) => d.and_time(last_second()),
            End::At(u) => {
                let t = u.naive_utc();
                t.checked_add_signed(TimeDelta::days(1)).unwrap_or(t)
            }
        }
    }
}

/// 23:59:59, the last second a date-only `UNTIL` includes.
fn last_second() -> NaiveTime {
    NaiveTime::from_hms_opt(23, 59, 59).unwrap_or(NaiveTime::MIN)
}

/// A rule's text checked against RFC 5545 §3.3.10, before the rule engine
/// sees it: the engine lets through rules the RFC forbids (`INTERVAL=0`,
/// `BYMONTHDAY=0`, `UNTIL` with `COUNT`, empty or repeated parts…) and
/// expands some of them into a wrong calendar.
struct Checked {
    /// The parts other than `UNTIL`, in canonical form.
    text: String,
    /// `UNTIL`'s value, upper case, still to be read.
    until: Option<String>,
}

/// The rule parts RFC 5545 defines, in the order its grammar lists them.
const PART_NAMES: [&str; 14] = [
    "FREQ",
    "UNTIL",
    "COUNT",
    "INTERVAL",
    "BYSECOND",
    "BYMINUTE",
    "BYHOUR",
    "BYDAY",
    "BYMONTHDAY",
    "BYYEARDAY",
    "BYWEEKNO",
    "BYMONTH",
    "BYSETPOS",
    "WKST",
];

const FREQUENCIES: [&str; 7] = [
    "SECONDLY", "MINUTELY", "HOURLY", "DAILY", "WEEKLY", "MONTHLY", "YEARLY",
];

const WEEKDAYS: [&str; 7] = ["MO", "TU", "WE", "TH", "FR", "SA", "SU"];

/// Checks every part of `body` (without `RRULE:`) and writes it back in
/// canonical form; the error says what is wrong and what is allowed.
/// `RRULE … is invalid`, and why.
fn invalid(body: &str, why: &Said) -> Said {
    let (vi, en) = (&why.vi, &why.en);
    say!(
        "RRULE `{body}` không hợp lệ: {vi}",
        "invalid RRULE `{body}`: {en}"
    )
}

fn check_parts(body: &str) -> Result<Checked, Said> {
    let mut parts: Vec<(&'static str, String)> = Vec::new();
    for part in body.split(';') {
        if part.trim().is_empty() {
            return Err(say!(
                "có một phần trống (`;;`, hoặc `;` ở đầu hay cuối); các phần viết TÊN=GIÁ TRỊ, cách nhau bởi một dấu `;`",
                "it has an empty part (`;;`, or a `;` at the start or the end); parts are NAME=VALUE separated by single `;`"
            ));
        }
        let Some((name, value)) = part.split_once('=') else {
            return Err(say!(
                "`{part}` không phải một phần; các phần viết TÊN=GIÁ TRỊ, ví dụ FREQ=WEEKLY",
                "`{part}` is not a part; parts are NAME=VALUE, e.g. FREQ=WEEKLY"
            ));
        };
        let Some(name) = PART_NAMES
            .iter()
            .copied()
            .find(|n| n.eq_ignore_ascii_case(name.trim()))
        else {
            let names = PART_NAMES.join(", ");
            return Err(say!(
                "`{name}` không phải một phần của quy tắc; dùng một trong: {names}",
                "`{name}` is not a rule part; expected one of: {names}"
            ));
        };
        if parts.iter().any(|(n, _)| *n == name) {
            return Err(say!(
                "`{name}` được viết hai lần; mỗi phần chỉ viết một lần",
                "`{name}` is given twice; each part may appear only once"
            ));
        }
        let value = value.trim().to_ascii_uppercase();
        if value.is_empty() {
            return Err(say!("`{name}=` không có giá trị", "`{name}=` has no value"));
        }
        parts.push((name, value));
    }
    let get = |name: &str| {
        parts
            .iter()
            .find(|(n, _)| *n == name)
            .map(|(_, v)| v.as_str())
    };
    let Some(freq) = get("FREQ") else {
        return Err(say!(
            "thiếu FREQ; quy tắc nào cũng cần, ví dụ FREQ=WEEKLY",
            "it has no FREQ; every rule needs one, e.g. FREQ=WEEKLY"
        ));
    };
    if !FREQUENCIES.contains(&freq) {
        let all = FREQUENCIES.join(", ");
        return Err(say!(
            "`FREQ={freq}` không phải một tần suất; dùng một trong: {all}",
            "`FREQ={freq}` is not a frequency; expected one of: {all}"
        ));
    }
    if get("UNTIL").is_some() && get("COUNT").is_some() {
        return Err(say!(
            "có cả UNTIL và COUNT, RFC 5545 không cho phép; giữ một trong hai",
            "it has both UNTIL and COUNT, which RFC 5545 forbids; keep one of them"
        ));
    }
    let has = |name: &str| get(name).is_some();
    let only_with = |name: &str, allowed_vi: &str, allowed_en: &str| {
        say!(
            "{name} không dùng được với FREQ={freq}; chỉ dùng với {allowed_vi}",
            "{name} cannot be used with FREQ={freq}; it is allowed only with {allowed_en}"
        )
    };
    if has("BYWEEKNO") && freq != "YEARLY" {
        return Err(only_with("BYWEEKNO", "FREQ=YEARLY", "FREQ=YEARLY"));
    }
    if has("BYYEARDAY") && matches!(freq, "DAILY" | "WEEKLY" | "MONTHLY") {
        return Err(only_with(
            "BYYEARDAY",
            "FREQ=YEARLY, HOURLY, MINUTELY hoặc SECONDLY",
            "FREQ=YEARLY, HOURLY, MINUTELY or SECONDLY",
        ));
    }
    if has("BYMONTHDAY") && freq == "WEEKLY" {
        return Err(only_with(
            "BYMONTHDAY",
            "FREQ khác WEEKLY",
            "FREQ other than WEEKLY",
        ));
    }
    if has("BYSETPOS")
        && !parts
            .iter()
            .any(|(n, _)| n.starts_with("BY") && *n != "BYSETPOS")
    {
        return Err(say!(
            "BYSETPOS chọn trong các lần mà một phần BYxxx khác cho, nhưng không có phần nào như vậy",
            "BYSETPOS picks among the instances another BYxxx part gives, and there is none"
        ));
    }
    // What the n of `nMO` counts in: the month, the year, or nothing.
    let ordinals = match freq {
        "MONTHLY" => Ordinals::InMonth,
        "YEARLY" if has("BYWEEKNO") => Ordinals::NotWithWeekNo,
        "YEARLY" if has("BYMONTH") => Ordinals::InMonth,
        "YEARLY" => Ordinals::InYear,
        _ => Ordinals::None,
    };

    let mut text = String::new();
    let mut until = None;
    let ordered = parts
        .iter()
        .filter(|(n, _)| *n == "FREQ")
        .chain(parts.iter().filter(|(n, _)| *n != "FREQ"));
    for (name, value) in ordered {
        let written = match *name {
            "FREQ" => value.clone(),
            "UNTIL" => {
                until = Some(value.clone());
                continue;
            }
            "COUNT" => positive(name, value, u32::MAX)?,
            // The rule engine counts intervals in 16 bits.
            "INTERVAL" => positive(name, value, u32::from(u16::MAX))?,
            "BYSECOND" => numbers(
                name,
                value,
                false,
                0,
                59,
                "0 to 59 (castcal has no leap seconds)",
            )?,
            "BYMINUTE" => numbers(name, value, false, 0, 59, "0 to 59")?,
            "BYHOUR" => numbers(name, value, false, 0, 23, "0 to 23")?,
            "BYMONTH" => numbers(name, value, false, 1, 12, "1 to 12")?,
            "BYMONTHDAY" => numbers(
                name,
                value,
                true,
                1,
                31,
                "1 to 31, or -1 to -31 counting from the month's end",
            )?,
            "BYYEARDAY" => numbers(
                name,
                value,
                true,
                1,
                366,
                "1 to 366, or -1 to -366 counting from the year's end",
            )?,
            "BYWEEKNO" => numbers(
                name,
                value,
                true,
                1,
                53,
                "1 to 53, or -1 to -53 counting from the year's end",
            )?,
            "BYSETPOS" => numbers(
                name,
                value,
                true,
                1,
                366,
                "1 to 366, or -1 to -366 counting from the end",
            )?,
            "BYDAY" => week_days(value, ordinals, freq)?,
            _ => {
                // WKST
                if !WEEKDAYS.contains(&value.as_str()) {
                    let days = WEEKDAYS.join(", ");
                    return Err(say!(
                        "`{name}={value}` không phải một thứ trong tuần; dùng một trong: {days}",
                        "`{name}={value}` is not a weekday; expected one of: {days}"
                    ));
                }
                value.clone()
            }
        };
        if !text.is_empty() {
            text.push(';');
        }
        text.push_str(name);
        text.push('=');
        text.push_str(&written);
    }
    Ok(Checked { text, until })
}

/// What an ordinal in `BYDAY` may count, given the rule's other parts.
#[derive(Clone, Copy)]
enum Ordinals {
    /// Not allowed (RFC 5545: only with MONTHLY or YEARLY).
    None,
    /// YEARLY with BYWEEKNO: RFC 5545 forbids ordinals there.
    NotWithWeekNo,
    /// The nth of the month: MONTHLY, or YEARLY with BYMONTH.
    InMonth,
    /// The nth of the year: YEARLY without BYMONTH.
    InYear,
}

/// `COUNT` or `INTERVAL`: a whole number from 1 to `max`.
fn positive(name: &str, value: &str, max: u32) -> Result<String, Said> {
    let bad = || {
        say!(
            "`{name}={value}`: {name} phải là một số nguyên từ 1 đến {max}",
            "`{name}={value}`: {name} must be a whole number from 1 to {max}"
        )
    };
    if !value.chars().all(|c| c.is_ascii_digit()) {
        return Err(bad());
    }
    match value.parse::<u32>() {
        Ok(n) if (1..=max).contains(&n) => Ok(n.to_string()),
        _ => Err(bad()),
    }
}

/// An integer written as RFC 5545 writes them (`[+/-]digits`, at most three
/// digits), if `value` is one.
fn integer(value: &str, signed: bool) -> Option<i32> {
    let (negative, digits) = match value.chars().next() {
        Some('-') if signed => (true, value.get(1..)?),
        Some('+') if signed => (false, value.get(1..)?),
        _ => (false, value),
    };
    if digits.is_empty() || digits.len() > 3 || !digits.chars().all(|c| c.is_ascii_digit()) {
        return None;
    }
    let n: i32 = digits.parse().ok()?;
    Some(if negative { -n } else { n })
}

/// A comma-separated list of numbers from `low` to `high` (and, `signed`,
/// from `-high` to `-low`), written back without `+` or leading zeros.
fn numbers(
    name: &str,
    value: &str,
    signed: bool,
    low: i32,
    high: i32,
    allowed: &str,
) -> Result<String, Said> {
    let mut out = Vec::new();
    for item in value.split(',') {
        if item.trim().is_empty() {
            return Err(empty_item(name, value));
        }
        let n = integer(item.trim(), signed)
            .filter(|n| (low..=high).contains(&n.abs()) && (signed || *n >= 0))
            .ok_or_else(|| {
                let allowed_vi = allowed.replace(" to ", " đến ").replace(", or ", ", hoặc ").replace(" counting from the end", " đếm từ cuối");
                say!(
                    "`{name}={value}`: `{item}` nằm ngoài khoảng cho phép; {name} nhận {allowed_vi}",
                    "`{name}={value}`: `{item}` is out of range; {name} takes {allowed}"
                )
            })?;
        out.push(n.to_string());
    }
    Ok(out.join(","))
}

fn empty_item(name: &str, value: &str) -> Said {
    say!(
        "`{name}={value}` có một mục trống; các giá trị cách nhau bởi một dấu phẩy",
        "`{name}={value}` has an empty item; a list's values are separated by single commas"
    )
}

/// `BYDAY`'s weekdays, each with an optional ordinal (`3WE`, `-1FR`).
fn week_days(value: &str, ordinals: Ordinals, freq: &str) -> Result<String, Said> {
    let mut out = Vec::new();
    for item in value.split(',') {
        let item = item.trim();
        if item.is_empty() {
            return Err(empty_item("BYDAY", value));
        }
        let split = item.char_indices().rev().nth(1).map_or(0, |(i, _)| i);
        let (number, day) = (
            item.get(..split).unwrap_or(""),
            item.get(split..).unwrap_or(""),
        );
        if !WEEKDAYS.contains(&day) {
            return Err(say!(
                "`BYDAY={value}`: `{item}` không phải một thứ; dùng MO, TU, WE, TH, FR, SA hoặc SU, có thể kèm số thứ tự phía trước (3WE, -1FR)",
                "`BYDAY={value}`: `{item}` is not a weekday; expected MO, TU, WE, TH, FR, SA or SU, optionally after an ordinal (3WE, -1FR)"
            ));
        }
        if number.is_empty() {
            out.push(day.to_string());
            continue;
        }
        let n = integer(number, true).filter(|n| *n != 0);
        let (limit, within) = match ordinals {
            Ordinals::None => {
                return Err(say!(
                    "`BYDAY={value}`: số thứ tự (`{number}` của `{item}`) chỉ dùng với FREQ=MONTHLY hoặc YEARLY; với FREQ={freq} chỉ viết thứ ({day})",
                    "`BYDAY={value}`: an ordinal (the `{number}` of `{item}`) is allowed only with FREQ=MONTHLY or YEARLY; with FREQ={freq} write the weekday alone ({day})"
                ))
            }
            Ordinals::NotWithWeekNo => {
                return Err(say!(
                    "`BYDAY={value}`: số thứ tự (`{number}` của `{item}`) không dùng cùng BYWEEKNO được; chỉ viết thứ ({day})",
                    "`BYDAY={value}`: an ordinal (the `{number}` of `{item}`) cannot be combined with BYWEEKNO; write the weekday alone ({day})"
                ))
            }
            Ordinals::InMonth => (5, say!("một tháng có nhiều nhất 5 lần mỗi thứ", "a month has at most 5 of each weekday")),
            Ordinals::InYear => (53, say!("một năm có nhiều nhất 53 lần mỗi thứ", "a year has at most 53 of each weekday")),
        };
        let n = n.filter(|n| n.abs() <= limit).ok_or_else(|| {
            let (within_vi, within_en) = (&within.vi, &within.en);
            say!(
                "`BYDAY={value}`: `{item}` nằm ngoài khoảng cho phép; {within_vi}, nên số thứ tự từ 1 đến {limit} hoặc từ -1 đến -{limit}",
                "`BYDAY={value}`: `{item}` is out of range; {within_en}, so ordinals are 1 to {limit} or -1 to -{limit}"
            )
        })?;
        out.push(format!("{n}{day}"));
    }
    Ok(out.join(","))
}

/// `UNTIL` as written (RFC 5545 §3.3.10): a date, a date-time in the
/// rule's own time, or one in UTC. A plan's rules and a grid's read it alike.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub(crate) enum Until {
    Date(NaiveDate),
    Wall(NaiveDateTime),
    Utc(DateTime<Utc>),
}

impl Until {
    /// `20231231`, `20231231T235959` or `20231231T165959Z`; none for anything else.
    pub(crate) fn parse(value: &str) -> Option<Until> {
        if let Ok(date) = NaiveDate::parse_from_str(value, "%Y%m%d") {
            return Some(Until::Date(date));
        }
        let (time, utc) = match value.strip_suffix('Z') {
            Some(t) => (t, true),
            None => (value, false),
        };
        let t = NaiveDateTime::parse_from_str(time, "%Y%m%dT%H%M%S").ok()?;
        Some(if utc {
            Until::Utc(Utc.from_utc_datetime(&t))
        } else {
            Until::Wall(t)
        })
    }

    /// The last wall-clock time the rule may give: a date bounds the whole
    /// of that day, and `wall` places a UTC time in the rule's zone.
    pub(crate) fn wall(self, wall: impl FnOnce(DateTime<Utc>) -> NaiveDateTime) -> NaiveDateTime {
        match self {
            Until::Date(d) => d.and_time(last_second()),
            Until::Wall(t) => t,
            Until::Utc(t) => wall(t),
        }
    }
}

/// `UNTIL` in any of its written forms: as a wall-clock time in `tz`, and
/// where it ends the rule (a date for an all-day rule, else an instant: a
/// wall-clock time is placed in `tz` as RFC 5545 §3.3.5 says).
fn parse_until(value: &str, all_day: bool, tz: Tz) -> Result<(NaiveDateTime, End), Said> {
    let until = Until::parse(value).ok_or_else(|| {
        say!(
            "`UNTIL={value}` không phải ngày (20231231) hay ngày giờ (20231231T235959, hoặc 20231231T165959Z theo UTC)",
            "`UNTIL={value}` is not a date (20231231) or date-time (20231231T235959, or 20231231T165959Z in UTC)"
        )
    })?;
    if all_day && !matches!(until, Until::Date(_)) {
        return Err(say!(
            "`UNTIL={value}` có giờ, nhưng hoạt động này diễn ra cả ngày; viết ngày cuối, ví dụ UNTIL=20231231",
            "`UNTIL={value}` has a time, but this activity is all-day; write the last date, e.g. UNTIL=20231231"
        ));
    }
    let wall = until.wall(|t| t.with_timezone(&tz).naive_local());
    let end = match until {
        Until::Date(d) if all_day => End::Day(d),
        Until::Utc(t) => End::At(t),
        Until::Date(_) | Until::Wall(_) => End::At(place_in_zone(wall, tz).with_timezone(&Utc)),
    };
    Ok((wall, end))
}

#[cfg(test)]
mod tests {
    use super::*;

    fn at(s: &str) -> NaiveDateTime {
        NaiveDateTime::parse_from_str(s, "%Y-%m-%dT%H:%M").unwrap()
    }

    #[test]
    fn until_is_read_in_plan_time_whatever_its_form() {
        let tz = chrono_tz::Asia::Ho_Chi_Minh;
        let start = at("2023-01-18T17:45");
        let cases = [
            ("FREQ=WEEKLY;UNTIL=20230301", "2023-03-01T23:59"),
            ("FREQ=WEEKLY;UNTIL=20230301T120000", "2023-03-01T12:00"),
            ("FREQ=WEEKLY;UNTIL=20230301T050000Z", "2023-03-01T12:00"),
            (
                "RRULE:FREQ=WEEKLY;UNTIL=20230301T050000Z",
                "2023-03-01T12:00",
            ),
        ];
        for (text, want) in cases {
            let rule = Rule::parse(text, start, false, tz).unwrap();
            let until = rule.until.unwrap().format("%Y-%m-%dT%H:%M").to_string();
            assert_eq!(until, want, "{text}");
        }
    }

    #[test]
    fn bad_rules_say_why() {
        let tz = chrono_tz::Asia::Ho_Chi_Minh;
        let start = at("2023-01-18T17:45");
        let cases = [
            (
                "",
                "`` is not an RRULE value; expected something like FREQ=MONTHLY;BYDAY=3WE",
            ),
            ("FREQ=FORTNIGHTLY", "invalid RRULE `FREQ=FORTNIGHTLY`: "),
            ("FREQ=WEEKLY;UNTIL=2023", "`UNTIL=2023` is not a date"),
            (
                "FREQ=WEEKLY;UNTIL=20220101",
                "`UNTIL` (2022-01-01T23:59) is before `start` (2023-01-18T17:45)",
            ),
            (
                "FREQ=MONTHLY;BYMONTHDAY=32",
                "invalid RRULE `FREQ=MONTHLY;BYMONTHDAY=32`: ",
            ),
        ];
        for (text, want) in cases {
            let err = Rule::parse(text, start, false, tz).unwrap_err();
            assert!(err.en.starts_with(want), "{text}: {err}");
        }
        let err = Rule::parse("FREQ=HOURLY", start, true, tz).unwrap_err();
        assert!(err.en.contains("this activity is all-day"), "{err}");
    }
}
