//! What `check` says of each `when:` phrase: the rule castcal read, in
//! words, so whoever edits the plan sees what was understood.

use chrono::NaiveDate;

use super::{words, Lang};

words! {
    /// The words of a phrase's reading.
    pub struct Words {
        /// The heading of the readings.
        heading: &'static str = "Cách castcal hiểu lịch viết bằng lời", "How castcal read the `when:` phrases";
        /// Before the first dates.
        first: &'static str = "những ngày đầu", "first dates";
        /// Before the length.
        length: &'static str = "độ dài", "length";
        /// No rule: the days the phrase names.
        once: &'static str = "vào những ngày ghi trong lịch", "on the days the phrase names";
        /// Each day.
        daily: &'static str = "hằng ngày", "every day";
        /// Each week.
        weekly: &'static str = "hằng tuần", "every week";
        /// Every so many weeks; `{n}` the number.
        weeks: &'static str = "cách {n} tuần một lần", "every {n} weeks";
        /// Each month.
        monthly: &'static str = "hằng tháng", "every month";
        /// Every so many months; `{n}` the number.
        months: &'static str = "cách {n} tháng một lần", "every {n} months";
        /// Each year.
        yearly: &'static str = "hằng năm", "every year";
        /// Before the weekdays.
        on: &'static str = "vào", "on";
        /// The n-th weekday of the month; `{day}` its name, `{n}` which.
        nth: &'static str = "{day} tuần {n}", "the {n} {day}";
        /// Which week of the month, 1 to 5.
        ordinals: [&'static str; 5] = ["1", "2", "3", "4", "5"], ["1st", "2nd", "3rd", "4th", "5th"];
        /// The last weekday of the month; `{day}` its name.
        last: &'static str = "{day} cuối cùng của tháng", "the last {day}";
        /// Days of the month; `{days}` the list.
        month_days: &'static str = "ngày {days}", "on day {days}";
        /// Only in some months; `{months}` the list.
        in_months: &'static str = "trong tháng {months}", "in months {months}";
        /// Until a day; `{day}` the day.
        until: &'static str = "đến hết {day}", "until {day}";
        /// At a time; `{time}` the time.
        at: &'static str = "lúc {time}", "at {time}";
        /// Days added; `{n}` how many.
        added: &'static str = "thêm {n} ngày", "{n} more days";
        /// Days left out; `{n}` how many.
        removed: &'static str = "trừ {n} ngày", "except {n} days";
        /// Past the period; `{n}` how many.
        beyond: &'static str = "{n} hạn sau khi hết thời kỳ", "{n} due after the period ends";
    }
}

/// A rule (RFC 5545 RRULE) in words: how often, on which days, until
/// when; `time` the time of day (`17:45`), when timed.
pub fn rule(lang: Lang, rrule: Option<&str>, time: Option<&str>) -> String {
    let w = Words::of(lang);
    let days = super::Common::of(lang);
    let mut parts: Vec<String> = Vec::new();
    match rrule {
        None => parts.push(w.once.to_string()),
        Some(text) => {
            let get = |key: &str| {
                text.split(';')
                    .filter_map(|p| p.split_once('='))
                    .find(|(k, _)| *k == key)
                    .map(|(_, v)| v.to_string())
            };
            let interval: u32 = get("INTERVAL").and_then(|i| i.parse().ok()).unwrap_or(1);
            let n = interval.to_string();
            let freq = match (get("FREQ").as_deref(), interval) {
                (Some("DAILY"), _) => w.daily.to_string(),
                (Some("WEEKLY"), 1) => w.weekly.to_string(),
                (Some("WEEKLY"), _) => w.weeks.replace("{n}", &n),
                (Some("MONTHLY"), 1) => w.monthly.to_string(),
                (Some("MONTHLY"), _) => w.months.replace("{n}", &n),
                (Some("YEARLY"), _) => w.yearly.to_string(),
                (other, _) => other.unwrap_or_default().to_lowercase(),
            };
            parts.push(freq);
            if let Some(list) = get("BYDAY") {
                let named: Vec<String> = list
                    .split(',')
                    .map(|d| {
                        let code: String = d.chars().filter(char::is_ascii_alphabetic).collect();
                        let nth: String = d
                            .chars()
                            .filter(|c| *c == '-' || c.is_ascii_digit())
                            .collect();
                        let name = weekday(&code)
                            .map_or(code.clone(), |wd| days.weekday_long(wd).to_string());
                        match nth.as_str() {
                            "" => name,
                            "-1" => w.last.replace("{day}", &name),
                            n => {
                                let k = n.parse::<usize>().ok().and_then(|k| k.checked_sub(1));
                                let which = k.and_then(|k| w.ordinals.get(k)).copied().unwrap_or(n);
                                w.nth.replace("{day}", &name).replace("{n}", which)
                            }
                        }
                    })
                    .collect();
                parts.push(format!("{} {}", w.on, named.join(", ")));
            }
            if let Some(list) = get("BYMONTHDAY") {
                parts.push(w.month_days.replace("{days}", &list.replace(',', ", ")));
            }
            if let Some(list) = get("BYMONTH") {
                parts.push(w.in_months.replace("{months}", &list.replace(',', ", ")));
            }
            if let Some(until) = get("UNTIL") {
                let day: String = until.chars().take(8).collect();
                let shown = NaiveDate::parse_from_str(&day, "%Y%m%d")
                    .map_or(until.clone(), |d| d.format("%d/%m/%Y").to_string());
                parts.push(w.until.replace("{day}", &shown));
            }
        }
    }
    if let Some(t) = time {
        parts.push(w.at.replace("{time}", t));
    }
    parts.join(", ")
}

fn weekday(code: &str) -> Option<chrono::Weekday> {
    use chrono::Weekday::*;
    Some(match code {
        "MO" => Mon,
        "TU" => Tue,
        "WE" => Wed,
        "TH" => Thu,
        "FR" => Fri,
        "SA" => Sat,
        "SU" => Sun,
        _ => return None,
    })
}

/// What is added to the rule: days added, removed, due after the period.
pub fn extra(lang: Lang, added: usize, removed: usize, beyond: usize) -> Vec<String> {
    let w = Words::of(lang);
    let mut out = Vec::new();
    for (n, text) in [(added, w.added), (removed, w.removed), (beyond, w.beyond)] {
        if n > 0 {
            out.push(text.replace("{n}", &n.to_string()));
        }
    }
    out
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn rules_in_words() {
        let cases = [
            (
                Some("FREQ=MONTHLY;BYDAY=3WE"),
                Some("17:45"),
                "hằng tháng, vào Thứ Tư tuần 3, lúc 17:45",
                "every month, on the 3rd Wednesday, at 17:45",
            ),
            (
                Some("FREQ=WEEKLY;INTERVAL=2;BYDAY=TU"),
                None,
                "cách 2 tuần một lần, vào Thứ Ba",
                "every 2 weeks, on Tuesday",
            ),
            (
                Some("FREQ=MONTHLY;BYMONTH=5,7;BYDAY=-1SU"),
                None,
                "hằng tháng, vào Chủ nhật cuối cùng của tháng, trong tháng 5, 7",
                "every month, on the last Sunday, in months 5, 7",
            ),
            (
                Some("FREQ=WEEKLY;BYDAY=SA;UNTIL=20230531T235959"),
                None,
                "hằng tuần, vào Thứ Bảy, đến hết 31/05/2023",
                "every week, on Saturday, until 31/05/2023",
            ),
            (
                None,
                None,
                "vào những ngày ghi trong lịch",
                "on the days the phrase names",
            ),
        ];
        for (r, t, vi, en) in cases {
            assert_eq!(rule(Lang::Vi, r, t), vi);
            assert_eq!(rule(Lang::En, r, t), en);
        }
    }
}

/// A length written as ISO 8601 (`PT1H30M`) in words: `1 giờ 30 phút`,
/// `1 hour 30 minutes`; the text itself when it is no length.
pub fn length(lang: Lang, iso: &str) -> String {
    let Ok(span) = crate::plan::Span::parse(iso) else {
        return iso.to_string();
    };
    let units: [(u32, &str, &str, &str); 7] = [
        (span.years, "năm", "year", "years"),
        (span.months, "tháng", "month", "months"),
        (span.weeks, "tuần", "week", "weeks"),
        (span.days, "ngày", "day", "days"),
        (span.hours, "giờ", "hour", "hours"),
        (span.minutes, "phút", "minute", "minutes"),
        (span.seconds, "giây", "second", "seconds"),
    ];
    let said: Vec<String> = units
        .iter()
        .filter(|(n, ..)| *n > 0)
        .map(|(n, vi, one, many)| match lang {
            Lang::Vi => format!("{n} {vi}"),
            Lang::En if *n == 1 => format!("{n} {one}"),
            Lang::En => format!("{n} {many}"),
        })
        .collect();
    if said.is_empty() {
        return iso.to_string();
    }
    said.join(" ")
}

#[cfg(test)]
mod length_tests {
    use super::*;

    #[test]
    fn lengths_in_words() {
        let cases = [
            ("PT12M", "12 phút", "12 minutes"),
            ("PT1H30M", "1 giờ 30 phút", "1 hour 30 minutes"),
            ("P1D", "1 ngày", "1 day"),
            ("P3M", "3 tháng", "3 months"),
            ("nonsense", "nonsense", "nonsense"),
        ];
        for (iso, vi, en) in cases {
            assert_eq!(length(Lang::Vi, iso), vi, "{iso}");
            assert_eq!(length(Lang::En, iso), en, "{iso}");
        }
    }
}
