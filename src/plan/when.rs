//! An activity's `when:` phrase (`lịch:`), read strictly with the grammar
//! `castcal import` uses ([`crate::phrase`]): read whole, or refused at the
//! word castcal could not read, at its line and column in the file; a
//! reading that would need an assumption is refused too, saying what to
//! write instead. Never partly applied.

use chrono::{NaiveDate, NaiveTime};

use super::source::{Place, Position, Source};
use super::{Holidays, LoadError, Period, Start};
use crate::phrase::when::{self, Bounds, Note, Placement};
use crate::phrase::{self, Due, Fact, When, Working};

/// Deadlines counted in working days count the plan's own calendar: its
/// days off and its make-up working days.
impl Working for Holidays {
    fn is_working(&self, day: NaiveDate) -> bool {
        self.is_workday(day)
    }
}

/// A rerun the phrase says (`phát lại 06 giờ ngày hôm sau kênh KG`).
#[derive(Debug)]
pub(super) struct PhraseRerun {
    pub days_after: u32,
    pub at: Option<NaiveTime>,
    /// The outlet's id, when named.
    pub outlet: Option<String>,
}

/// What a phrase says, as `start`, `rrule`, `rdates`, `exdates` would.
#[derive(Debug)]
pub(super) struct Reading {
    pub start: Start,
    pub rrule: Option<String>,
    pub rdates: Vec<Start>,
    pub exdates: Vec<Start>,
    /// Deadlines of the plan's last period that fall due after it ends.
    pub beyond: Vec<Start>,
    /// The length the phrase itself gives (a window's, or `thời lượng`),
    /// ISO 8601.
    pub length: Option<String>,
    pub reruns: Vec<PhraseRerun>,
}

/// The place of the character `column` (from 1) of the phrase at `path`:
/// the value's own place, past its opening quote when it has one.
fn word_place(source: &Source, path: &str, column: usize) -> Place {
    let Some(p) = source.position(path) else {
        return source.place(path);
    };
    let quoted = source
        .text
        .lines()
        .nth(p.line.saturating_sub(1))
        .and_then(|line| line.chars().nth(p.column.saturating_sub(1)))
        .is_some_and(|c| c == '"' || c == '\'');
    source.at(Some(Position {
        line: p.line,
        column: p.column + column.saturating_sub(1) + usize::from(quoted),
    }))
}

/// The phrase's examples, for messages.
const EXAMPLES: &str = "`17 giờ 45 phút thứ Tư tuần 3 hằng tháng`, `20 giờ thứ Sáu hằng tuần, trừ 17/02`, `ngày 10 hằng tháng`, `quý II và quý IV`";

/// Reads the phrase `text` at `path` for an activity of the plan's
/// `period`; `deadline` when the activity is a deadline (whose phrase may
/// say when it is due, counted with `holidays`).
pub(super) fn read(
    source: &Source,
    path: &str,
    text: &str,
    deadline: bool,
    period: Period,
    holidays: &Holidays,
) -> Result<Reading, LoadError> {
    let refuse =
        |message: crate::said::Said| -> LoadError { source.error_at(path, message).into() };
    let facts = phrase::strict(text).map_err(|u| {
        let quote = u.quote;
        LoadError::from(word_place(source, path, u.column).error(source.in_its_words(crate::say!(
            "không đọc được `{quote}` trong lịch `{text}`; viết lịch bằng các cụm như {EXAMPLES}, hoặc dùng `start` và `rrule`",
            "castcal cannot read `{quote}` in the phrase `{text}`; write it with phrases such as {EXAMPLES}, or use `start` and `rrule`"
        ))))
    })?;
    if facts.is_empty() {
        return Err(refuse(crate::say!(
            "lịch `{text}` không nói ngày nào; viết ví dụ {EXAMPLES}",
            "the phrase `{text}` says no day; write for example {EXAMPLES}"
        )));
    }
    let premiere = facts.iter().take_while(|f| **f != Fact::Rerun);
    if premiere.filter(|f| !f.speaks_of_when()).count() > 0 {
        return Err(refuse(crate::say!(
            "lịch `{text}` chỉ nói thời gian; kênh, kinh phí, số lượng viết ở khóa riêng (`outlet`, `budget_vnd`, `expect`)",
            "the phrase `{text}` says only when; write the outlet, the budget or a count in its own key (`outlet`, `budget_vnd`, `expect`)"
        )));
    }
    let w = When::read(&facts);
    let bounds = Bounds {
        from: period.from,
        to: period.to,
    };
    let (placement, beyond) = match w.due.as_slice() {
        [] => (when::place(&w, bounds), Vec::new()),
        [due] => {
            if !deadline {
                return Err(refuse(crate::say!(
                    "lịch `{text}` nói một hạn chót, chỉ hợp với `kind: deadline`; đổi `kind` hoặc viết ngày diễn ra",
                    "the phrase `{text}` says a deadline, which fits only `kind: deadline`; change `kind` or write when it happens"
                )));
            }
            if w.has_day() || w.at.is_some() {
                return Err(refuse(crate::say!(
                    "lịch `{text}` nói cả hạn chót và ngày; chỉ giữ một trong hai",
                    "the phrase `{text}` says both a deadline and days; keep one of them"
                )));
            }
            due_placement(due, bounds, holidays)
        }
        _ => {
            return Err(refuse(crate::say!(
                "lịch `{text}` nói nhiều hạn chót; mỗi hạn chót là một hoạt động riêng",
                "the phrase `{text}` says several deadlines; make each its own activity"
            )))
        }
    };
    for note in &placement.notes {
        if let Some(message) = refused(note, text, period) {
            return Err(refuse(message));
        }
    }
    let Some(first) = placement.start else {
        let from = period.from.format("%d/%m/%Y");
        let to = period.to.format("%d/%m/%Y");
        return Err(refuse(crate::say!(
            "lịch `{text}` không cho ngày nào trong thời kỳ của kế hoạch ({from} – {to}); viết ngày nằm trong đó",
            "the phrase `{text}` gives no day in the plan's period ({from} – {to}); write days inside it"
        )));
    };
    let at = |date: NaiveDate| match first.time {
        Some(t) => Start::At(date.and_time(t)),
        None => Start::Day(date),
    };
    let timed_length = w.length.is_some() || w.until.is_some();
    let length = (placement.window.is_some() || timed_length && first.time.is_some())
        .then(|| placement.duration.clone());
    let reruns = reruns(&placement, text, refuse)?;
    Ok(Reading {
        start: at(first.date),
        rrule: placement.rrule,
        rdates: placement.rdates.iter().map(|d| at(*d)).collect(),
        exdates: placement.exdates.iter().map(|d| at(*d)).collect(),
        beyond: beyond.into_iter().map(Start::Day).collect(),
        length,
        reruns,
    })
}

/// A deadline placed with the plan's calendar; those of the last period
/// due after the period ends are kept apart.
fn due_placement(due: &Due, bounds: Bounds, holidays: &Holidays) -> (Placement, Vec<NaiveDate>) {
    let mut p = when::place_due(due, bounds, holidays);
    let mut beyond = Vec::new();
    if matches!(due, Due::WorkingDaysAfter { .. }) {
        p.notes.retain(|n| match n {
            Note::Outside(d) if *d > bounds.to => {
                beyond.push(*d);
                false
            }
            _ => true,
        });
        // Only the last period's (after a year): its first is the start,
        // and all stay past the period.
        if p.start.is_none() {
            p.start = beyond.first().map(|date| when::Start {
                date: *date,
                time: None,
            });
        }
    }
    p.notes.retain(|n| *n != Note::Nothing || p.start.is_none());
    (p, beyond)
}

/// Why a placement's note refuses the phrase, and what to write instead;
/// `None` for what the phrase says outright.
fn refused(note: &Note, text: &str, period: Period) -> Option<crate::said::Said> {
    let from = period.from.format("%d/%m/%Y");
    let to = period.to.format("%d/%m/%Y");
    Some(match note {
        Note::NoLength | Note::Window(_) | Note::WeekWindow(_) => return None,
        Note::FirstWeek => crate::say!(
            "lịch `{text}` nói thứ trong tuần hằng tháng mà không nói tuần nào; viết tuần, ví dụ `thứ Tư tuần 1 hằng tháng` hoặc `thứ Tư cuối cùng của tháng`",
            "the phrase `{text}` names a weekday of each month but not which week; write the week, e.g. `thứ Tư tuần 1 hằng tháng` or `thứ Tư cuối cùng của tháng`"
        ),
        Note::OtherWeekDropped => crate::say!(
            "lịch `{text}`: cách tuần trong những tháng không liền nhau không thành một quy tắc; viết `hằng tuần`, hoặc các tháng liền nhau (`từ tháng 3 đến tháng 5`)",
            "the phrase `{text}`: every other week in months that are not one stretch makes no single rule; write `hằng tuần`, or months in one stretch (`từ tháng 3 đến tháng 5`)"
        ),
        Note::NoDay => crate::say!(
            "lịch `{text}` có giờ nhưng không có ngày; thêm ngày, ví dụ `thứ Sáu hằng tuần`, `ngày 10 hằng tháng` hoặc `ngày 18/01`",
            "the phrase `{text}` has a time but no day; add the day, e.g. `thứ Sáu hằng tuần`, `ngày 10 hằng tháng` or `ngày 18/01`"
        ),
        Note::Nothing => crate::say!(
            "lịch `{text}` không cho ngày nào trong thời kỳ của kế hoạch ({from} – {to}); viết ngày nằm trong đó",
            "the phrase `{text}` gives no day in the plan's period ({from} – {to}); write days inside it"
        ),
        Note::Outside(d) => {
            let d = d.format("%d/%m/%Y");
            crate::say!(
                "lịch `{text}` có ngày {d} nằm ngoài thời kỳ của kế hoạch ({from} – {to}); viết ngày nằm trong đó",
                "the phrase `{text}` has {d}, outside the plan's period ({from} – {to}); write a day inside it"
            )
        }
        Note::WeekendsOnly => return None,
        Note::RerunSameDay | Note::RerunDisagrees | Note::RerunDayUnfit => crate::say!(
            "lịch `{text}`: không xác định được ngày phát lại; viết phát lại ở khóa `reruns:` (`days_after`, `at`)",
            "the phrase `{text}`: the rerun's day cannot be told; write the rerun under `reruns:` (`days_after`, `at`)"
        ),
    })
}

/// The phrase's reruns, when each is simple: days after, a time, an outlet
/// by its id.
fn reruns(
    placement: &Placement,
    text: &str,
    refuse: impl Fn(crate::said::Said) -> LoadError,
) -> Result<Vec<PhraseRerun>, LoadError> {
    let mut out = Vec::new();
    for r in &placement.reruns {
        let outlet = match &r.outlet {
            None => None,
            Some(Fact::Outlet {
                code: Some(code), ..
            }) => Some(code.clone()),
            Some(_) => {
                return Err(refuse(crate::say!(
                    "lịch `{text}`: kênh phát lại phải là mã của một kênh trong `outlets`; hoặc viết phát lại ở khóa `reruns:`",
                    "the phrase `{text}`: a rerun's channel must be the id of one of `outlets`; or write the rerun under `reruns:`"
                )))
            }
        };
        out.push(PhraseRerun {
            days_after: r.days_after,
            at: r.at,
            outlet,
        });
    }
    Ok(out)
}
