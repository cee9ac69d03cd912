//! A station's programme grid, read from an iCalendar file: an iCalendar
//! file in, the busy slots of one outlet out (`check` compares them with
//! the plans' slots, in `check::grid`).
//!
//! A grid says: the outlet already broadcasts what the file lists. The
//! file is parsed with the `icalendar` crate's parser
//! and each `VEVENT` is expanded here, only within the plans' periods:
//!
//! - `DTSTART` with a `TZID` that is an IANA name (read with chrono-tz); a
//!   `TZID` that is not, through its `VTIMEZONE` when that has a single fixed
//!   offset, or else as a Windows zone name (Outlook writes `TZID=SE Asia
//!   Standard Time`; see [`windows_zones`]); otherwise the file is
//!   refused, saying so; UTC times (`…Z`); floating
//!   times (no zone) are read in the zone of the plan that declares the outlet;
//! - `DTEND` or `DURATION` (neither: the event takes no time);
//! - `RRULE` (expanded in wall-clock time like the plans' own rules, and
//!   ended by `UNTIL` as they are: at the first instance placed after it),
//!   `RDATE`, `EXDATE`;
//! - `RECURRENCE-ID` overrides replace the instance they name, and
//!   `STATUS:CANCELLED` removes an event or an instance;
//! - all-day events (`VALUE=DATE`, or Outlook's `X-MICROSOFT-CDO-ALLDAYEVENT:TRUE`)
//!   and `TRANSP:TRANSPARENT` events occupy no slot and are ignored.

use std::collections::{HashMap, HashSet};
use std::path::{Path, PathBuf};

pub mod windows_zones;

use chrono::{DateTime, Days, FixedOffset, NaiveDate, NaiveDateTime, TimeDelta, TimeZone, Utc};
use chrono_tz::Tz;
use icalendar::parser::{read_calendar, unfold, Component, Property};

use crate::error::Error;
use crate::plan::{Plan, Rule, Span, Until};
use crate::said::{Lang, Said};
use crate::say;
use crate::zone::place_in_zone;

/// The most programme instances one grid may expand to within the plans' periods.
pub const MAX_PROGRAMMES: usize = 2_000_000;

/// The most instances one recurring event may run through before the
/// window is reached (a rule from 1990 every hour, say).
const MAX_STEPS_PER_EVENT: usize = 2_000_000;

/// The largest grid file castcal reads: a year of a channel that never
/// sleeps is a few MiB.
pub const MAX_GRID_BYTES: u64 = 64 * 1024 * 1024;

/// A station's programmes on one outlet, within the plans' periods.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct Grid {
    /// The outlet the grid is of.
    pub outlet: String,
    /// The file it was read from.
    pub path: PathBuf,
    /// Its programmes in the plans' periods, in start order.
    pub programmes: Vec<Programme>,
}

/// One instance of a programme of the grid.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct Programme {
    /// The programme's `SUMMARY`.
    pub summary: String,
    /// Its `UID`, when it has one.
    pub uid: Option<String>,
    /// When it starts.
    pub start: DateTime<Utc>,
    /// Exclusive.
    pub end: DateTime<Utc>,
    /// The line of the file its event begins on (`BEGIN:VEVENT`).
    pub line: Option<usize>,
}

/// Reads the grid in the file at `path`, the programmes of `outlet`.
///
/// # Errors
/// An outlet no plan declares, a file that cannot be read, or one that is
/// not an iCalendar file castcal can expand (with the line of the event).
pub fn read(outlet: &str, path: &Path, plans: &[Plan]) -> Result<Grid, Error> {
    let Some(owner) = plans.iter().find(|p| p.outlet(outlet).is_some()) else {
        let why = crate::plan::Selection::one(plans, outlet)
            .err()
            .unwrap_or_default();
        return Err(Error::Usage(why));
    };
    let text = read_grid(path)?;
    let from = plans.iter().map(|p| p.period.from).min();
    let to = plans.iter().map(|p| p.period.to).max();
    let window = match (from, to) {
        (Some(from), Some(to)) => Window::around(from, to),
        _ => None,
    };
    let Some(window) = window else {
        return Ok(Grid {
            outlet: outlet.to_string(),
            path: path.to_path_buf(),
            programmes: Vec::new(),
        });
    };
    let programmes = parse(path, &text, window, owner.timezone)?;
    Ok(Grid {
        outlet: outlet.to_string(),
        path: path.to_path_buf(),
        programmes,
    })
}

/// The instants programmes must touch to matter: the periods, a day wider
/// on each side so that no zone offset can hide a collision.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub struct Window {
    /// The first instant looked at.
    pub from: DateTime<Utc>,
    /// The end of the window, exclusive.
    pub to: DateTime<Utc>,
}

impl Window {
    /// The window around local dates `from`..=`to`.
    pub fn around(from: NaiveDate, to: NaiveDate) -> Option<Window> {
        let from = from.checked_sub_days(Days::new(1))?;
        let to = to.checked_add_days(Days::new(2))?;
        Some(Window {
            from: Utc.from_utc_datetime(&from.and_time(chrono::NaiveTime::MIN)),
            to: Utc.from_utc_datetime(&to.and_time(chrono::NaiveTime::MIN)),
        })
    }
}

/// An error about the grid file, at a line when known.
fn bad(path: &Path, line: Option<usize>, message: Said) -> Error {
    match line {
        Some(l) => Error::input(
            path,
            message.map(|lang, m| match lang {
                Lang::Vi => format!("dòng {l}: {m}"),
                Lang::En => format!("line {l}: {m}"),
            }),
        ),
        None => Error::input(path, message),
    }
}

/// The zone a date-time is written in.
#[derive(Debug, Clone, Copy)]
enum Zone {
    Iana(Tz),
    Fixed(FixedOffset),
}

impl Zone {
    fn instant(self, wall: NaiveDateTime) -> DateTime<Utc> {
        match self {
            Zone::Iana(tz) => place_in_zone(wall, tz).with_timezone(&Utc),
            Zone::Fixed(off) => {
                Utc.from_utc_datetime(&wall.checked_sub_offset(off).unwrap_or(wall))
            }
        }
    }

    fn wall(self, t: DateTime<Utc>) -> NaiveDateTime {
        match self {
            Zone::Iana(tz) => t.with_timezone(&tz).naive_local(),
            Zone::Fixed(off) => t.with_timezone(&off).naive_local(),
        }
    }
}

/// A date or date-time value as written.
#[derive(Debug, Clone, Copy)]
enum When {
    Date(NaiveDate),
    At(NaiveDateTime, Zone),
}

/// What the parser needs to know about the file while reading one event.
struct Context<'a> {
    path: &'a Path,
    line: Option<usize>,
    /// `VTIMEZONE`s whose `TZID` is not an IANA name: their single offset, if they have one.
    vtimezones: HashMap<String, Option<FixedOffset>>,
    floating: Tz,
}

impl Context<'_> {
    fn err(&self, message: Said) -> Error {
        bad(self.path, self.line, message)
    }

    fn zone(&self, p: &Property) -> Result<Option<Zone>, Error> {
        let Some(tzid) = param(p, "TZID") else {
            return Ok(None);
        };
        let tzid = tzid.trim_matches('"');
        if let Ok(tz) = tzid.parse::<Tz>() {
            return Ok(Some(Zone::Iana(tz)));
        }
        // The file's own VTIMEZONE comes first when it has a single offset;
        // a Windows name (what Outlook writes) is read as its IANA zone,
        // which also knows the daylight-saving rules.
        match (self.vtimezones.get(tzid), windows_zones::iana(tzid)) {
            (Some(Some(off)), _) => Ok(Some(Zone::Fixed(*off))),
            (_, Some(tz)) => Ok(Some(Zone::Iana(tz))),
            (Some(None), None) => Err(self.err(say!(
                "TZID `{tzid}` không phải tên múi giờ IANA và VTIMEZONE của nó đổi giờ (giờ mùa hè); castcal chỉ đọc những múi giờ ấy theo tên IANA, ví dụ TZID=Asia/Ho_Chi_Minh",
                "TZID `{tzid}` is not an IANA zone name and its VTIMEZONE changes offset (daylight saving); castcal reads such zones only by IANA name, e.g. TZID=Asia/Ho_Chi_Minh"
            ))),
            (None, None) => Err(self.err(say!(
                "TZID `{tzid}` không phải tên múi giờ IANA (ví dụ Asia/Ho_Chi_Minh), cũng không phải tên múi giờ Windows castcal biết, cũng không được một VTIMEZONE trong tệp định nghĩa",
                "TZID `{tzid}` is neither an IANA zone name (e.g. Asia/Ho_Chi_Minh), nor a Windows zone name castcal knows, nor defined by a VTIMEZONE in the file"
            ))),
        }
    }

    /// The values of a DTSTART, DTEND, RDATE, EXDATE or RECURRENCE-ID property.
    fn values(&self, p: &Property) -> Result<Vec<When>, Error> {
        let name = p.name.as_str();
        let is_date = param(p, "VALUE").is_some_and(|v| v.eq_ignore_ascii_case("DATE"));
        let is_period = param(p, "VALUE").is_some_and(|v| v.eq_ignore_ascii_case("PERIOD"));
        let zone = self.zone(p)?;
        let mut out = Vec::new();
        for raw in p.val.as_str().split(',') {
            let raw = raw.trim();
            // A PERIOD is start/end or start/duration; its start is what counts here.
            let raw = if is_period {
                raw.split('/').next().unwrap_or(raw)
            } else {
                raw
            };
            let wrong = || {
                self.err(say!(
                    "{name} `{raw}` không phải ngày (20230118) hay ngày giờ (20230118T174500, 20230118T104500Z)",
                    "{name} `{raw}` is not a date (20230118) or date-time (20230118T174500, 20230118T104500Z)"
                ))
            };
            if is_date || raw.len() == 8 {
                let d = NaiveDate::parse_from_str(raw, "%Y%m%d").map_err(|_| wrong())?;
                out.push(When::Date(d));
            } else if let Some(utc) = raw.strip_suffix('Z') {
                let t = NaiveDateTime::parse_from_str(utc, "%Y%m%dT%H%M%S").map_err(|_| wrong())?;
                out.push(When::At(
                    t,
                    Zone::Fixed(FixedOffset::east_opt(0).ok_or_else(wrong)?),
                ));
            } else {
                let t = NaiveDateTime::parse_from_str(raw, "%Y%m%dT%H%M%S").map_err(|_| wrong())?;
                out.push(When::At(t, zone.unwrap_or(Zone::Iana(self.floating))));
            }
        }
        Ok(out)
    }

    fn one(&self, p: &Property) -> Result<When, Error> {
        self.values(p)?.into_iter().next().ok_or_else(|| {
            let name = p.name.as_str();
            self.err(say!("{name} không có giá trị", "{name} has no value"))
        })
    }
}

fn param<'a>(p: &'a Property, key: &str) -> Option<&'a str> {
    p.params
        .iter()
        .find(|x| x.key.as_str().eq_ignore_ascii_case(key))
        .and_then(|x| x.val.as_ref())
        .map(|v| v.as_str())
}

fn prop<'a>(c: &'a Component, name: &str) -> Option<&'a Property<'a>> {
    c.properties
        .iter()
        .find(|p| p.name.as_str().eq_ignore_ascii_case(name))
}

fn props<'a>(c: &'a Component, name: &'a str) -> impl Iterator<Item = &'a Property<'a>> + 'a {
    c.properties
        .iter()
        .filter(move |p| p.name.as_str().eq_ignore_ascii_case(name))
}

fn text_of(c: &Component, name: &str) -> Option<String> {
    prop(c, name).map(|p| p.val.clone().unescape_text().as_str().to_string())
}

fn is(c: &Component, name: &str, value: &str) -> bool {
    prop(c, name).is_some_and(|p| p.val.as_str().trim().eq_ignore_ascii_case(value))
}

/// The single offset of a VTIMEZONE, when all its observances share one.
fn fixed_offset(tz: &Component) -> Option<FixedOffset> {
    let mut offsets = tz
        .components
        .iter()
        .filter_map(|o| prop(o, "TZOFFSETTO"))
        .map(|p| parse_offset(p.val.as_str()));
    let first = offsets.next()??;
    offsets.all(|o| o == Some(first)).then_some(first)
}

/// `+0700`, `-0330`, `+070000`.
fn parse_offset(s: &str) -> Option<FixedOffset> {
    let s = s.trim();
    let (sign, digits) = match s.split_at_checked(1)? {
        ("+", d) => (1, d),
        ("-", d) => (-1, d),
        _ => return None,
    };
    let num = |r: std::ops::Range<usize>| digits.get(r).and_then(|x| x.parse::<i32>().ok());
    let h = num(0..2)?;
    let m = num(2..4)?;
    let sec = if digits.len() >= 6 { num(4..6)? } else { 0 };
    FixedOffset::east_opt(sign * (h * 3600 + m * 60 + sec))
}

/// The first `at line N` of the parser's message.
fn parser_line(message: &str) -> Option<usize> {
    let rest = message.split("at line ").nth(1)?;
    let digits: String = rest.chars().take_while(char::is_ascii_digit).collect();
    digits.parse().ok()
}

/// The line of the file where unfolded line `n` (from 1) begins.
fn original_line(text: &str, n: usize) -> Option<usize> {
    text.lines()
        .enumerate()
        .filter(|(_, l)| !l.starts_with([' ', '\t']))
        .nth(n.checked_sub(1)?)
        .map(|(i, _)| i + 1)
}

/// The lines (from 1) where each `BEGIN:VEVENT` of the file starts, in order.
fn event_lines(text: &str) -> Vec<usize> {
    text.lines()
        .enumerate()
        .filter(|(_, l)| l.trim_end().eq_ignore_ascii_case("BEGIN:VEVENT"))
        .map(|(i, _)| i + 1)
        .collect()
}

/// The programmes of the grid `text` (read from `path`) that touch `window`;
/// floating times are read in `floating`.
///
/// # Errors
/// Text that is not an iCalendar file, or an event castcal cannot expand;
/// the message names the file and the line of the event.
pub fn parse(
    path: &Path,
    text: &str,
    window: Window,
    floating: Tz,
) -> Result<Vec<Programme>, Error> {
    // Some exporters put a byte order mark first; it is not part of the calendar.
    let text = text.strip_prefix('\u{feff}').unwrap_or(text);
    let first = text.lines().position(|l| !l.trim().is_empty());
    let starts_right = first
        .and_then(|i| text.lines().nth(i))
        .is_some_and(|l| l.trim().eq_ignore_ascii_case("BEGIN:VCALENDAR"));
    if !starts_right {
        return Err(bad(
            path,
            first.map(|i| i + 1),
            say!(
                "không phải tệp iCalendar: dòng đầu phải là BEGIN:VCALENDAR",
                "not an iCalendar file: expected BEGIN:VCALENDAR"
            ),
        ));
    }
    let unfolded = unfold(text);
    let calendar = read_calendar(&unfolded).map_err(|e| {
        // The parser counts lines of the unfolded text; say which line of the file.
        let line = parser_line(&e).and_then(|n| original_line(text, n));
        let shown = line
            .and_then(|l| text.lines().nth(l - 1))
            .map(|l| format!(": `{}`", l.trim_end()))
            .unwrap_or_default();
        if line.is_none() {
            // Cut short: the last line is where END:VCALENDAR was due.
            let last = text.lines().count().max(1);
            return bad(
                path,
                Some(last),
                say!(
                    "tệp hết trước END:VCALENDAR (tệp bị cắt?)",
                    "the file ends before END:VCALENDAR"
                ),
            );
        }
        bad(
            path,
            line,
            say!(
                "không phải một dòng iCalendar, hoặc một BEGIN/END không khớp{shown}",
                "not an iCalendar content line, or a BEGIN/END that does not match{shown}"
            ),
        )
    })?;
    let lines = event_lines(text);
    let vtimezones: HashMap<String, Option<FixedOffset>> = calendar
        .components
        .iter()
        .filter(|c| c.name.as_str().eq_ignore_ascii_case("VTIMEZONE"))
        .filter_map(|c| text_of(c, "TZID").map(|id| (id, fixed_offset(c))))
        .collect();
    let events: Vec<(usize, &Component)> = calendar
        .components
        .iter()
        .filter(|c| c.name.as_str().eq_ignore_ascii_case("VEVENT"))
        .enumerate()
        .collect();
    let mut ctx = Context {
        path,
        line: None,
        vtimezones,
        floating,
    };

    // Overrides first: the instances they replace or cancel, by UID.
    let mut replaced: HashMap<String, HashSet<DateTime<Utc>>> = HashMap::new();
    for (k, e) in &events {
        ctx.line = lines.get(*k).copied();
        let (Some(uid), Some(rid)) = (text_of(e, "UID"), prop(e, "RECURRENCE-ID")) else {
            continue;
        };
        if let When::At(t, zone) = ctx.one(rid)? {
            replaced.entry(uid).or_default().insert(zone.instant(t));
        }
    }

    let mut out = Vec::new();
    for (k, e) in &events {
        ctx.line = lines.get(*k).copied();
        // Outlook and Exchange may write an all-day event as midnight to
        // midnight date-times, marked only by their own property.
        if is(e, "TRANSP", "TRANSPARENT")
            || is(e, "STATUS", "CANCELLED")
            || is(e, "X-MICROSOFT-CDO-ALLDAYEVENT", "TRUE")
        {
            continue;
        }
        let summary = text_of(e, "SUMMARY").unwrap_or_else(|| "(no title)".to_string());
        let uid = text_of(e, "UID");
        let Some(dtstart) = prop(e, "DTSTART") else {
            return Err(ctx.err(say!(
                "sự kiện “{summary}” không có DTSTART",
                "event “{summary}” has no DTSTART"
            )));
        };
        let When::At(wall, zone) = ctx.one(dtstart)? else {
            continue; // all-day: no slot
        };
        let first = zone.instant(wall);
        let length = length(&ctx, e, first)?;
        let master = prop(e, "RECURRENCE-ID").is_none();
        let skip = match (&uid, master) {
            (Some(uid), true) => replaced.get(uid),
            _ => None,
        };
        for start in instances(&ctx, e, wall, zone, window, length)? {
            if skip.is_some_and(|s| s.contains(&start)) {
                continue;
            }
            let end = start.checked_add_signed(length).unwrap_or(start);
            if start < window.to && end > window.from {
                if out.len() == MAX_PROGRAMMES {
                    return Err(ctx.err(say!(
                        "lịch phát sóng có hơn {MAX_PROGRAMMES} chương trình trong thời gian của kế hoạch; castcal không đọc lịch lớn như vậy",
                        "the grid has more than {MAX_PROGRAMMES} programmes within the plans' periods; castcal refuses grids that large"
                    )));
                }
                out.push(Programme {
                    summary: summary.clone(),
                    uid: uid.clone(),
                    start,
                    end,
                    line: ctx.line,
                });
            }
        }
    }
    out.sort_by(|a, b| (a.start, a.end, &a.summary).cmp(&(b.start, b.end, &b.summary)));
    Ok(out)
}

/// How long each instance lasts: `DTEND` − `DTSTART`, or `DURATION`, or nothing.
fn length(ctx: &Context, e: &Component, first: DateTime<Utc>) -> Result<TimeDelta, Error> {
    if let Some(dtend) = prop(e, "DTEND") {
        let When::At(t, zone) = ctx.one(dtend)? else {
            return Err(ctx.err(say!(
                "DTEND là một ngày nhưng DTSTART có giờ",
                "DTEND is a date but DTSTART has a time"
            )));
        };
        let end = zone.instant(t);
        if end < first {
            return Err(ctx.err(say!("DTEND trước DTSTART", "DTEND is before DTSTART")));
        }
        return Ok(end - first);
    }
    if let Some(d) = prop(e, "DURATION") {
        let raw = d.val.as_str().trim();
        let span = Span::parse(raw.trim_start_matches('+'))
            .ok()
            .filter(|s| !s.has_months())
            .ok_or_else(|| {
                ctx.err(say!(
                    "DURATION `{raw}` không phải một thời lượng như PT30M, PT1H30M hay P1D",
                    "DURATION `{raw}` is not a duration such as PT30M, PT1H30M or P1D"
                ))
            })?;
        let days = i64::from(span.weeks) * 7 + i64::from(span.days);
        return TimeDelta::try_days(days)
            .and_then(|d| d.checked_add(&span.exact()))
            .ok_or_else(|| {
                ctx.err(say!(
                    "DURATION `{raw}` quá dài",
                    "DURATION `{raw}` is too long"
                ))
            });
    }
    Ok(TimeDelta::zero())
}

/// The start of every instance of event `e` (DTSTART, RRULE, RDATE, less
/// EXDATE) up to the window's end, as instants.
fn instances(
    ctx: &Context,
    e: &Component,
    wall: NaiveDateTime,
    zone: Zone,
    window: Window,
    length: TimeDelta,
) -> Result<Vec<DateTime<Utc>>, Error> {
    let mut starts = vec![zone.instant(wall)];
    let earliest = window
        .from
        .checked_sub_signed(length)
        .unwrap_or(DateTime::<Utc>::MIN_UTC);
    for r in props(e, "RRULE") {
        let body = r.val.as_str().trim();
        let mut until = None;
        let mut kept = Vec::new();
        for part in body.split(';') {
            match part.split_once('=') {
                // UNTIL names an instant (in UTC, as RFC 5545 requires with
                // a TZID, or a time in the event's zone): the rule runs in
                // wall-clock time, and ends at its first instance placed
                // after that instant (a time the clocks skip is placed an
                // hour later than it reads).
                Some((k, v)) if k.trim().eq_ignore_ascii_case("UNTIL") => {
                    let v = v.trim();
                    let written = Until::parse(v).ok_or_else(|| {
                        ctx.err(say!(
                            "RRULE `{body}`: UNTIL `{v}` không phải ngày giờ",
                            "RRULE `{body}`: UNTIL `{v}` is not a date-time"
                        ))
                    })?;
                    until = Some(match written {
                        Until::Utc(t) => t,
                        Until::Date(_) | Until::Wall(_) => {
                            zone.instant(written.wall(|t| zone.wall(t)))
                        }
                    });
                }
                // Other programs' feeds end rules with `;` or write `;;`:
                // castcal refuses that in a plan, but reads it in a grid.
                _ if part.trim().is_empty() => {}
                _ => kept.push(part.to_string()),
            }
        }
        if until.is_some_and(|u| u < zone.instant(wall)) {
            continue; // ended before it began: DTSTART alone
        }
        let rule = Rule::parse(&kept.join(";"), wall, false, chrono_tz::UTC)
            .map_err(|m| ctx.err(m.map(|_, m| format!("RRULE: {m}"))))?;
        let set = rule
            .set(wall)
            .map_err(|m| ctx.err(say!("RRULE `{body}`: {m}", "RRULE `{body}`: {m}")))?
            .limit();
        for (step, t) in set.into_iter().enumerate() {
            if step >= MAX_STEPS_PER_EVENT {
                return Err(ctx.err(say!(
                    "RRULE `{body}` lặp hơn {MAX_STEPS_PER_EVENT} lần trước khi hết thời gian của kế hoạch; castcal không đọc quy tắc lớn như vậy",
                    "RRULE `{body}` repeats more than {MAX_STEPS_PER_EVENT} times before the plans' periods end; castcal refuses rules that large"
                )));
            }
            let at = zone.instant(t.naive_utc());
            if at >= window.to || until.is_some_and(|u| at > u) {
                break;
            }
            if at >= earliest {
                starts.push(at);
            }
        }
    }
    for r in props(e, "RDATE") {
        for v in ctx.values(r)? {
            if let When::At(t, z) = v {
                starts.push(z.instant(t));
            }
        }
    }
    let mut ex_at = HashSet::new();
    let mut ex_day = HashSet::new();
    for x in props(e, "EXDATE") {
        for v in ctx.values(x)? {
            match v {
                When::At(t, z) => {
                    ex_at.insert(z.instant(t));
                }
                When::Date(d) => {
                    ex_day.insert(d);
                }
            }
        }
    }
    starts.retain(|s| !ex_at.contains(s) && !ex_day.contains(&zone.wall(*s).date()));
    starts.sort_unstable();
    starts.dedup();
    Ok(starts)
}

/// The text of a grid file, at most [`MAX_GRID_BYTES`] long. A pipe is
/// fine (`<(curl …)`); an endless one such as `/dev/zero` stops
/// at the limit.
fn read_grid(path: &Path) -> Result<String, Error> {
    use std::io::Read;
    let fail = |why: Said| {
        Error::input(
            path,
            why.map(|lang, why| match lang {
                Lang::Vi => format!("không đọc được lịch phát sóng: {why}"),
                Lang::En => format!("cannot read the grid: {why}"),
            }),
        )
    };
    let read = |source| Error::Read {
        path: path.to_path_buf(),
        source,
    };
    let file = std::fs::File::open(path).map_err(read)?;
    if file.metadata().is_ok_and(|m| m.is_dir()) {
        return Err(fail(say!(
            "đây là một thư mục, không phải tệp iCalendar",
            "it is a folder, not an iCalendar file"
        )));
    }
    let mut bytes = Vec::new();
    file.take(MAX_GRID_BYTES + 1)
        .read_to_end(&mut bytes)
        .map_err(read)?;
    if bytes.len() as u64 > MAX_GRID_BYTES {
        let mib = MAX_GRID_BYTES / (1024 * 1024);
        return Err(fail(say!(
            "tệp lớn hơn {mib} MiB; castcal đọc lịch phát sóng tối đa {mib} MiB",
            "it is larger than {mib} MiB; castcal reads grids of at most {mib} MiB"
        )));
    }
    String::from_utf8(bytes).map_err(|_| {
        fail(say!(
            "tệp không phải văn bản UTF-8 như tệp iCalendar phải là (xuất ra UTF-16? hãy lưu lại dạng UTF-8)",
            "it is not UTF-8 text, which iCalendar files are (a UTF-16 export? save it as UTF-8)"
        ))
    })
}

#[cfg(test)]
mod tests {
    use super::*;

    fn window() -> Window {
        let d = |s: &str| NaiveDate::parse_from_str(s, "%Y-%m-%d").unwrap();
        Window::around(d("2023-01-01"), d("2023-12-31")).unwrap()
    }

    /// The programmes of a calendar holding `body`, as `start (UTC) +minutes summary`.
    fn programmes(body: &str) -> Result<Vec<String>, String> {
        let bom = if body.contains("SUMMARY:BOM") {
            "\u{feff}"
        } else {
            ""
        };
        let text = format!(
            "{bom}BEGIN:VCALENDAR\r\nVERSION:2.0\r\n{}\r\nEND:VCALENDAR\r\n",
            body.trim().replace('\n', "\r\n")
        );
        parse(
            Path::new("g.ics"),
            &text,
            window(),
            chrono_tz::Asia::Ho_Chi_Minh,
        )
        .map(|ps| {
            ps.iter()
                .map(|p| {
                    format!(
                        "{} +{} {}",
                        p.start.format("%Y-%m-%dT%H:%MZ"),
                        (p.end - p.start).num_minutes(),
                        p.summary
                    )
                })
                .collect()
        })
        .map_err(|e| e.to_string())
    }

    fn event(lines: &str) -> String {
        format!("BEGIN:VEVENT\nUID:e@x\n{}\nEND:VEVENT", lines.trim())
    }

    #[test]
    fn events_expand_to_the_right_instants() {
        let cases: &[(&str, &str, &[&str])] = &[
            (
                "IANA TZID and DTEND",
                "SUMMARY:A\nDTSTART;TZID=Asia/Ho_Chi_Minh:20230118T174500\nDTEND;TZID=Asia/Ho_Chi_Minh:20230118T180000",
                &["2023-01-18T10:45Z +15 A"],
            ),
            (
                "UTC and DURATION",
                "SUMMARY:B\nDTSTART:20230118T104500Z\nDURATION:PT1H",
                &["2023-01-18T10:45Z +60 B"],
            ),
            (
                "floating time is read in the plan's zone",
                "SUMMARY:C\nDTSTART:20230118T174500\nDURATION:PT15M",
                &["2023-01-18T10:45Z +15 C"],
            ),
            (
                "a byte order mark before BEGIN:VCALENDAR",
                "SUMMARY:BOM\nDTSTART:20230118T104500Z\nDURATION:PT15M",
                &["2023-01-18T10:45Z +15 BOM"],
            ),
            (
                "an RRULE with empty parts, as other programs write them",
                "SUMMARY:E\nDTSTART:20230118T104500Z\nDURATION:PT15M\nRRULE:FREQ=DAILY;;COUNT=2;",
                &["2023-01-18T10:45Z +15 E", "2023-01-19T10:45Z +15 E"],
            ),
            (
                "quoted TZID",
                "SUMMARY:D\nDTSTART;TZID=\"Asia/Ho_Chi_Minh\":20230118T174500\nDURATION:PT15M",
                &["2023-01-18T10:45Z +15 D"],
            ),
            (
                "weekly in a zone with summer time keeps its wall-clock time; UNTIL in UTC",
                "SUMMARY:E\nDTSTART;TZID=Europe/Berlin:20230322T173000\nDURATION:PT30M\nRRULE:FREQ=WEEKLY;UNTIL=20230405T153000Z",
                &["2023-03-22T16:30Z +30 E", "2023-03-29T15:30Z +30 E", "2023-04-05T15:30Z +30 E"],
            ),
            (
                "UNTIL bounds instants: 02:50 on the night Berlin skips is 01:50Z, after it",
                "SUMMARY:G\nDTSTART;TZID=Europe/Berlin:20230324T025000\nDURATION:PT10M\nRRULE:FREQ=DAILY;UNTIL=20230326T010000Z",
                &["2023-03-24T01:50Z +10 G", "2023-03-25T01:50Z +10 G"],
            ),
            (
                "UNTIL in the repeated hour's second instance includes 02:45's first",
                "SUMMARY:R\nDTSTART;TZID=Europe/Berlin:20231028T024500\nDURATION:PT10M\nRRULE:FREQ=DAILY;UNTIL=20231029T013000Z",
                &["2023-10-28T00:45Z +10 R", "2023-10-29T00:45Z +10 R"],
            ),
            (
                "RDATE and EXDATE (date-time and date)",
                "SUMMARY:F\nDTSTART;TZID=Asia/Ho_Chi_Minh:20230102T060000\nDURATION:PT5M\nRRULE:FREQ=DAILY;COUNT=4\nEXDATE;TZID=Asia/Ho_Chi_Minh:20230103T060000\nEXDATE;VALUE=DATE:20230104\nRDATE;TZID=Asia/Ho_Chi_Minh:20230110T070000",
                &["2023-01-01T23:00Z +5 F", "2023-01-04T23:00Z +5 F", "2023-01-10T00:00Z +5 F"],
            ),
            (
                "all-day and transparent events take no slot; cancelled ones are gone",
                "SUMMARY:G\nDTSTART;VALUE=DATE:20230118\nEND:VEVENT\nBEGIN:VEVENT\nUID:h@x\nSUMMARY:H\nDTSTART:20230118T104500Z\nDURATION:PT1H\nTRANSP:TRANSPARENT\nEND:VEVENT\nBEGIN:VEVENT\nUID:i@x\nSUMMARY:I\nDTSTART:20230118T104500Z\nDURATION:PT1H\nSTATUS:CANCELLED",
                &[],
            ),
            (
                "an instance moved or cancelled by RECURRENCE-ID",
                "SUMMARY:J\nDTSTART:20230102T100000Z\nDURATION:PT30M\nRRULE:FREQ=DAILY;COUNT=3\nEND:VEVENT\nBEGIN:VEVENT\nUID:e@x\nSUMMARY:J moved\nRECURRENCE-ID:20230103T100000Z\nDTSTART:20230103T120000Z\nDURATION:PT30M\nEND:VEVENT\nBEGIN:VEVENT\nUID:e@x\nSUMMARY:J\nRECURRENCE-ID:20230104T100000Z\nDTSTART:20230104T100000Z\nSTATUS:CANCELLED",
                &["2023-01-02T10:00Z +30 J", "2023-01-03T12:00Z +30 J moved"],
            ),
            (
                "a series from long ago counts only within the periods",
                "SUMMARY:K\nDTSTART:20100101T100000Z\nDURATION:PT30M\nRRULE:FREQ=YEARLY",
                &["2023-01-01T10:00Z +30 K", "2024-01-01T10:00Z +30 K"],
            ),
            (
                "a TZID that is no IANA name, with a fixed-offset VTIMEZONE",
                "SUMMARY:L\nDTSTART;TZID=SE Asia Standard Time:20230118T174500\nDURATION:PT15M\nEND:VEVENT\nBEGIN:VTIMEZONE\nTZID:SE Asia Standard Time\nBEGIN:STANDARD\nDTSTART:16010101T000000\nTZOFFSETFROM:+0700\nTZOFFSETTO:+0700\nEND:STANDARD\nEND:VTIMEZONE\nBEGIN:VEVENT\nUID:z@x\nSUMMARY:Z\nDTSTART;VALUE=DATE:20230101",
                &["2023-01-18T10:45Z +15 L"],
            ),
            (
                "a Windows zone name, as Outlook writes it, without a VTIMEZONE",
                "SUMMARY:W\nDTSTART;TZID=SE Asia Standard Time:20230118T174500\nDTEND;TZID=SE Asia Standard Time:20230118T180000",
                &["2023-01-18T10:45Z +15 W"],
            ),
            (
                "a Windows zone name with daylight saving keeps its wall-clock time across the change",
                "SUMMARY:P\nDTSTART;TZID=Pacific Standard Time:20230305T090000\nDURATION:PT1H\nRRULE:FREQ=WEEKLY;COUNT=2\nEND:VEVENT\nBEGIN:VTIMEZONE\nTZID:Pacific Standard Time\nBEGIN:STANDARD\nDTSTART:16011104T020000\nRRULE:FREQ=YEARLY;BYDAY=1SU;BYMONTH=11\nTZOFFSETFROM:-0700\nTZOFFSETTO:-0800\nEND:STANDARD\nBEGIN:DAYLIGHT\nDTSTART:16010311T020000\nRRULE:FREQ=YEARLY;BYDAY=2SU;BYMONTH=3\nTZOFFSETFROM:-0800\nTZOFFSETTO:-0700\nEND:DAYLIGHT\nEND:VTIMEZONE\nBEGIN:VEVENT\nUID:z@x\nSUMMARY:Z\nDTSTART;VALUE=DATE:20230101",
                &["2023-03-05T17:00Z +60 P", "2023-03-12T16:00Z +60 P"],
            ),
            (
                "an all-day event Outlook writes as midnight to midnight takes no slot",
                "SUMMARY:O\nDTSTART;TZID=SE Asia Standard Time:20230118T000000\nDTEND;TZID=SE Asia Standard Time:20230119T000000\nX-MICROSOFT-CDO-ALLDAYEVENT:TRUE",
                &[],
            ),
            (
                "a programme that runs across midnight, DTEND on the next day",
                "SUMMARY:N\nDTSTART;TZID=Asia/Ho_Chi_Minh:20230118T233000\nDTEND;TZID=Asia/Ho_Chi_Minh:20230119T003000",
                &["2023-01-18T16:30Z +60 N"],
            ),
        ];
        for (name, lines, want) in cases {
            let got = programmes(&event(lines)).unwrap_or_else(|e| panic!("{name}: {e}"));
            assert_eq!(got, *want, "{name}");
        }
    }

    #[test]
    fn a_grid_cut_short_names_its_last_line() {
        let text = "BEGIN:VCALENDAR\r\nBEGIN:VEVENT\r\nUID:x\r\nEND:VEVENT\r\n";
        let e = parse(Path::new("g.ics"), text, window(), chrono_tz::UTC).unwrap_err();
        assert_eq!(
            crate::said::show_in(Lang::En, || e.to_string()),
            "g.ics: line 4: the file ends before END:VCALENDAR"
        );
    }

    #[test]
    fn bad_events_name_the_line() {
        let cases = [
            (
                "SUMMARY:A\nDTSTART;TZID=Mars/Olympus:20230118T174500",
                "g.ics: line 3: TZID `Mars/Olympus` is neither an IANA zone name (e.g. Asia/Ho_Chi_Minh), nor a Windows zone name castcal knows, nor defined by a VTIMEZONE in the file",
            ),
            (
                "SUMMARY:A\nDTSTART:2023-01-18",
                "g.ics: line 3: DTSTART `2023-01-18` is not a date (20230118) or date-time",
            ),
            ("SUMMARY:A", "g.ics: line 3: event “A” has no DTSTART"),
            (
                "SUMMARY:A\nDTSTART:20230118T104500Z\nDURATION:soon",
                "g.ics: line 3: DURATION `soon` is not a duration",
            ),
            (
                "SUMMARY:A\nDTSTART:20230118T104500Z\nRRULE:FREQ=SOMETIMES",
                "g.ics: line 3: RRULE: invalid RRULE",
            ),
            (
                "SUMMARY:A\nDTSTART;TZID=Central:20230118T104500\nEND:VEVENT\nBEGIN:VTIMEZONE\nTZID:Central\nBEGIN:STANDARD\nDTSTART:16011104T020000\nTZOFFSETFROM:-0500\nTZOFFSETTO:-0600\nEND:STANDARD\nBEGIN:DAYLIGHT\nDTSTART:16010311T020000\nTZOFFSETFROM:-0600\nTZOFFSETTO:-0500\nEND:DAYLIGHT\nEND:VTIMEZONE\nBEGIN:VEVENT\nUID:z@x\nSUMMARY:Z\nDTSTART;VALUE=DATE:20230101",
                "g.ics: line 3: TZID `Central` is not an IANA zone name and its VTIMEZONE changes offset",
            ),
        ];
        for (lines, want) in cases {
            let err = crate::said::show_in(Lang::En, || programmes(&event(lines)).unwrap_err());
            assert!(err.starts_with(want), "{lines}\n{err}");
        }
    }

    proptest::proptest! {
        /// Whatever the file says, reading it returns; it never panics.
        #[test]
        fn any_grid_reads_or_fails_cleanly(
            text in "\\PC{0,200}",
            props in proptest::collection::vec(
                (
                    proptest::sample::select(vec![
                        "DTSTART", "DTSTART;TZID=Asia/Ho_Chi_Minh", "DTSTART;VALUE=DATE",
                        "DTEND", "DURATION", "RRULE", "RDATE", "EXDATE", "RECURRENCE-ID",
                        "UID", "STATUS", "DTSTART;TZID=X",
                    ]),
                    proptest::prop_oneof![
                        "[0-9TZ:;=,+A-Z-]{0,30}",
                        "(19|20|99)[0-9]{2}[01][0-9][0-3][0-9](T[0-2][0-9][0-5][0-9]{3}Z?)?",
                        "FREQ=(HOURLY|DAILY|WEEKLY|MONTHLY|YEARLY)(;COUNT=[0-9]{1,3}|;UNTIL=20[0-9]{2}[01][0-9]01(T[0-9]{6}Z?)?|;BYDAY=-?[1-5]?(MO|WE)|;INTERVAL=[0-9]|;BYMONTHDAY=-?[0-9]{1,2})*",
                        "-?P[0-9]{0,6}[WD]?(T[0-9]{0,5}[HMS])?",
                    ],
                ),
                0..8,
            ),
        ) {
            let _ = parse(Path::new("g.ics"), &text, window(), chrono_tz::UTC);
            let body: String = props.iter().map(|(k, v)| format!("{k}:{v}\r\n")).collect();
            let cal = format!("BEGIN:VCALENDAR\r\nBEGIN:VEVENT\r\n{body}END:VEVENT\r\nEND:VCALENDAR\r\n");
            let _ = parse(Path::new("g.ics"), &cal, window(), chrono_tz::UTC);
        }
    }
}
