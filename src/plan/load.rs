//! Reading schedule files and folders into checked [`Plan`]s.

use std::collections::{BTreeMap, HashMap, HashSet};
use std::fs;
use std::path::{Path, PathBuf};

use chrono::{NaiveDate, NaiveDateTime, NaiveTime};
use chrono_tz::Tz;
use serde::de::DeserializeOwned;

use super::source::{Position, Source};
use super::{raw, Activity, Holidays, Outlet, Period, Plan, Rerun, Rule, Span, Start};
use crate::error::Error;

/// The most reruns one activity may declare; more is a typo, not a plan.
pub const MAX_RERUNS: usize = 16;

/// The schedule files named by `paths`: files as given, and every `*.yaml` /
/// `*.yml` below a folder (except in folders named `holidays`), sorted.
///
/// # Errors
/// A path that does not exist or cannot be listed, or nothing to read at all.
pub fn schedule_files(paths: &[PathBuf]) -> Result<Vec<PathBuf>, Error> {
    let mut files = Vec::new();
    for path in paths {
        let meta = fs::metadata(path).map_err(|e| Error::input(path, e))?;
        if meta.is_dir() {
            let before = files.len();
            collect(path, &mut files)?;
            if files.len() == before {
                return Err(Error::input(
                    path,
                    "no schedule files (*.yaml, *.yml) in this folder",
                ));
            }
        } else {
            files.push(path.clone());
        }
    }
    let mut seen = HashSet::new();
    files.retain(|f| seen.insert(f.clone()));
    Ok(files)
}

fn collect(dir: &Path, files: &mut Vec<PathBuf>) -> Result<(), Error> {
    let entries = fs::read_dir(dir).map_err(|e| Error::input(dir, e))?;
    let mut paths = entries
        .map(|e| e.map(|e| e.path()))
        .collect::<Result<Vec<_>, _>>()
        .map_err(|e| Error::input(dir, e))?;
    paths.sort();
    for path in paths {
        if path.is_dir() {
            if path.file_name().is_some_and(|n| n != "holidays") {
                collect(&path, files)?;
            }
        } else if path.extension().is_some_and(|e| e == "yaml" || e == "yml") {
            files.push(path);
        }
    }
    Ok(())
}

/// Reads every plan named by `paths` (see [`schedule_files`]).
///
/// # Errors
/// The first problem found, with its file, line and column: unreadable files,
/// YAML syntax, unknown fields, and everything [`load_one`] checks; and two
/// plans with the same id.
pub fn load(paths: &[PathBuf]) -> Result<Vec<Plan>, Error> {
    let mut plans: Vec<Plan> = Vec::new();
    let mut holiday_cache = HashMap::new();
    let mut ids: HashMap<String, PathBuf> = HashMap::new();
    for path in schedule_files(paths)? {
        let text = fs::read_to_string(&path).map_err(|e| Error::input(&path, e))?;
        let source = Source::new(&path, text);
        let plan = read_plan(&source, &mut holiday_cache)?;
        if let Some(first) = ids.insert(plan.id.clone(), path.clone()) {
            return Err(source
                .error_at(
                    "plan.id",
                    format!(
                        "plan id `{}` is already used by {}; every plan needs its own id",
                        plan.id,
                        first.display()
                    ),
                )
                .into());
        }
        plans.push(plan);
    }
    Ok(plans)
}

/// Reads one plan from `text`, as if it were the file at `path` (holiday files
/// are looked for beside it).
///
/// # Errors
/// Everything wrong with the file, at its place: see the README's list.
pub fn load_one(path: &Path, text: String) -> Result<Plan, Error> {
    read_plan(&Source::new(path, text), &mut HashMap::new())
}

fn deserialize<T: DeserializeOwned>(source: &Source, what: &str) -> Result<T, Error> {
    if source.text.trim().is_empty() {
        return Err(source
            .at(None)
            .error(format!("the file is empty; expected {what}"))
            .into());
    }
    serde_yaml::from_str(&source.text).map_err(|e| {
        let position = e.location().map(|l| Position {
            line: l.line(),
            column: l.column(),
        });
        let message = e.to_string();
        // serde_yaml appends " at line L column C"; the diagnostic says it already.
        let message = match message.find(" at line ") {
            Some(cut) if position.is_some() => message[..cut].to_string(),
            _ => message,
        };
        source.at(position).error(message).into()
    })
}

fn read_plan(
    source: &Source,
    holiday_cache: &mut HashMap<PathBuf, Holidays>,
) -> Result<Plan, Error> {
    let file: raw::File = deserialize(source, "a plan (plan:, outlets:, activities:)")?;
    let raw::File {
        plan,
        outlets,
        activities,
    } = file;

    check_slug(source, "plan.id", &plan.id, "plan id")?;
    let timezone: Tz = plan.timezone.parse().map_err(|_| {
        source.error_at(
            "plan.timezone",
            format!(
                "unknown time zone `{}`; expected an IANA name such as Asia/Ho_Chi_Minh",
                plan.timezone
            ),
        )
    })?;
    let from = parse_date(source, "plan.period.from", &plan.period.from)?;
    let to = parse_date(source, "plan.period.to", &plan.period.to)?;
    if to < from {
        return Err(source
            .error_at(
                "plan.period.to",
                format!("the period ends ({to}) before it starts ({from})"),
            )
            .into());
    }
    let period = Period { from, to };
    let published = match plan.published.as_deref() {
        None => from.and_time(NaiveTime::MIN),
        Some(text) => match parse_start(source, "plan.published", text, timezone)? {
            Start::At(t) => t,
            Start::Day(d) => d.and_time(NaiveTime::MIN),
        },
    };
    let refresh = match plan.refresh.as_deref() {
        None => Span {
            days: 1,
            ..Span::default()
        },
        Some(text) => {
            let span = Span::parse(text).map_err(|m| source.error_at("plan.refresh", m))?;
            if span.has_months() {
                return Err(source
                    .error_at("plan.refresh", format!("refresh `{text}` must be a fixed length: use weeks, days, hours or minutes"))
                    .into());
            }
            span
        }
    };

    let mut holidays = Holidays::default();
    let mut holiday_files = Vec::new();
    for (i, name) in plan.holidays.iter().enumerate() {
        let path = source.path.parent().unwrap_or(Path::new("")).join(name);
        holiday_files.push(path.clone());
        let days = match holiday_cache.get(&path) {
            Some(days) => days.clone(),
            None => {
                let text = fs::read_to_string(&path).map_err(|e| {
                    source.error_at(
                        &format!("plan.holidays[{i}]"),
                        format!("cannot read holiday file {}: {e}", path.display()),
                    )
                })?;
                let days = read_holidays(&Source::new(&path, text))?;
                holiday_cache.insert(path.clone(), days.clone());
                days
            }
        };
        for h in days.iter() {
            holidays.insert(h.date, &h.name);
        }
    }

    let mut outlet_map = BTreeMap::new();
    for (id, o) in outlets {
        check_slug(source, &format!("outlets.{id}"), &id, "outlet id")?;
        outlet_map.insert(
            id.clone(),
            Outlet {
                id,
                name: o.name,
                kind: o.kind,
            },
        );
    }

    let mut seen = HashSet::new();
    let mut checked = Vec::with_capacity(activities.len());
    for (i, a) in activities.into_iter().enumerate() {
        let at = |field: &str| format!("activities[{i}].{field}");
        check_slug(source, &at("id"), &a.id, "activity id")?;
        if !seen.insert(a.id.clone()) {
            return Err(source
                .error_at(
                    &at("id"),
                    format!("activity id `{}` is used twice in this plan", a.id),
                )
                .into());
        }
        checked.push(read_activity(source, &outlet_map, timezone, a, &at)?);
    }

    Ok(Plan {
        id: plan.id,
        title: plan.title,
        reference: plan.reference,
        timezone,
        period,
        holidays,
        holiday_files,
        outlets: outlet_map,
        activities: checked,
        published,
        refresh,
        source: source.path.clone(),
    })
}

fn read_activity(
    source: &Source,
    outlets: &BTreeMap<String, Outlet>,
    tz: Tz,
    a: raw::Activity,
    at: &dyn Fn(&str) -> String,
) -> Result<Activity, Error> {
    let outlet_ref = |path: &str, id: &str| -> Result<String, Error> {
        if outlets.contains_key(id) {
            return Ok(id.to_string());
        }
        let known: Vec<&str> = outlets.keys().map(String::as_str).collect();
        let expected = if known.is_empty() {
            "this plan declares no outlets".to_string()
        } else {
            format!("expected one of: {}", known.join(", "))
        };
        Err(source
            .error_at(path, format!("unknown outlet `{id}`; {expected}"))
            .into())
    };
    let outlet = a
        .outlet
        .as_deref()
        .map(|o| outlet_ref(&at("outlet"), o))
        .transpose()?;

    let start = parse_start(source, &at("start"), &a.start, tz)?;
    let all_day = matches!(start, Start::Day(_));
    let wall_start = match start {
        Start::At(t) => t,
        Start::Day(d) => d.and_time(NaiveTime::MIN),
    };

    let rule = a
        .rrule
        .as_deref()
        .map(|text| {
            Rule::parse(text, wall_start, all_day, tz).map_err(|m| source.error_at(&at("rrule"), m))
        })
        .transpose()?;

    let dates = |field: &str, list: &[String]| -> Result<Vec<Start>, Error> {
        let mut out = Vec::with_capacity(list.len());
        for (j, text) in list.iter().enumerate() {
            let path = at(&format!("{field}[{j}]"));
            let d = parse_start(source, &path, text, tz)?;
            if all_day && matches!(d, Start::At(_)) {
                return Err(source
                    .error_at(
                        &path,
                        format!("`{text}` has a time, but this activity is all-day; write a date"),
                    )
                    .into());
            }
            out.push(d);
        }
        Ok(out)
    };
    let rdates = dates("rdates", &a.rdates)?;
    let exdates = dates("exdates", &a.exdates)?;

    let duration = match &a.duration {
        Some(text) => parse_span(source, &at("duration"), text, all_day)?,
        None if all_day => Span {
            days: 1,
            ..Span::default()
        },
        None => {
            return Err(source
                .error_at(
                    &at("start"),
                    "a timed activity needs a `duration` (for example PT12M)",
                )
                .into())
        }
    };

    if a.reruns.len() > MAX_RERUNS {
        return Err(source
            .error_at(
                &at("reruns"),
                format!(
                    "{} reruns; at most {MAX_RERUNS} are allowed per activity",
                    a.reruns.len()
                ),
            )
            .into());
    }
    let mut reruns = Vec::with_capacity(a.reruns.len());
    for (k, r) in a.reruns.iter().enumerate() {
        let rp = |field: &str| at(&format!("reruns[{k}].{field}"));
        let at_time = match &r.at {
            Some(_) if all_day => {
                return Err(source
                    .error_at(&rp("at"), "this activity is all-day, so its reruns are whole days too; drop `at` or give `start` a time")
                    .into())
            }
            Some(text) => Some(parse_time(source, &rp("at"), text)?),
            None => None,
        };
        let rerun_outlet = r
            .outlet
            .as_deref()
            .map(|o| outlet_ref(&rp("outlet"), o))
            .transpose()?;
        let rerun_duration = r
            .duration
            .as_deref()
            .map(|text| parse_span(source, &rp("duration"), text, all_day))
            .transpose()?;
        reruns.push(Rerun {
            days_after: r.days_after,
            at: at_time,
            outlet: rerun_outlet,
            duration: rerun_duration,
        });
    }

    let color = a
        .color
        .map(|c| match crate::palette::by_name(&c) {
            Some(_) => Ok(c),
            None => {
                let names: Vec<&str> = crate::palette::PALETTE.iter().map(|c| c.name).collect();
                Err(source.error_at(
                    &at("color"),
                    format!(
                        "unknown colour `{c}`; expected one of: {}",
                        names.join(", ")
                    ),
                ))
            }
        })
        .transpose()?;

    Ok(Activity {
        color,
        origin: source.place(&at("id")),
        id: a.id,
        title: a.title,
        kind: a.kind,
        lead: a.lead,
        partners: a.partners,
        product: a.product,
        budget_vnd: a.budget_vnd,
        expect: a.expect,
        outlet,
        start,
        rule,
        rdates,
        exdates,
        duration,
        status: a.status,
        on_holiday: a.on_holiday,
        reruns,
    })
}

fn read_holidays(source: &Source) -> Result<Holidays, Error> {
    let list: Vec<raw::Holiday> =
        deserialize(source, "a list of { date, name } or { from, to, name }")?;
    let mut holidays = Holidays::default();
    for (i, h) in list.iter().enumerate() {
        let at = |field: &str| format!("[{i}].{field}");
        let (from, to) = match (&h.date, &h.from, &h.to) {
            (Some(d), None, None) => {
                let d = parse_date(source, &at("date"), d)?;
                (d, d)
            }
            (None, Some(f), Some(t)) => (
                parse_date(source, &at("from"), f)?,
                parse_date(source, &at("to"), t)?,
            ),
            _ => {
                return Err(source
                    .error_at(
                        &format!("[{i}]"),
                        "a holiday needs either `date`, or both `from` and `to`",
                    )
                    .into())
            }
        };
        if to < from {
            return Err(source
                .error_at(
                    &at("to"),
                    format!("the holiday ends ({to}) before it starts ({from})"),
                )
                .into());
        }
        if (to - from).num_days() > 366 {
            return Err(source
                .error_at(&at("to"), "a holiday longer than a year is not a holiday")
                .into());
        }
        for d in from.iter_days().take_while(|d| *d <= to) {
            holidays.insert(d, &h.name);
        }
    }
    Ok(holidays)
}

fn check_slug(source: &Source, path: &str, value: &str, what: &str) -> Result<(), Error> {
    let ok = !value.is_empty()
        && value.len() <= 64
        && value.starts_with(|c: char| c.is_ascii_alphanumeric())
        && value
            .chars()
            .all(|c| c.is_ascii_alphanumeric() || c == '-' || c == '_');
    if ok {
        return Ok(());
    }
    Err(source
        .error_at(
            path,
            format!("{what} `{value}` is not a slug; expected ASCII letters, digits, `-` and `_` (at most 64), starting with a letter or digit"),
        )
        .into())
}

fn parse_date(source: &Source, path: &str, text: &str) -> Result<NaiveDate, Error> {
    strict_date(text).ok_or_else(|| {
        source
            .error_at(path, format!("`{text}` is not a date; expected YYYY-MM-DD"))
            .into()
    })
}

fn strict_date(text: &str) -> Option<NaiveDate> {
    if text.len() != 10 {
        return None;
    }
    NaiveDate::parse_from_str(text, "%Y-%m-%d").ok()
}

fn parse_start(source: &Source, path: &str, text: &str, tz: Tz) -> Result<Start, Error> {
    if let Some(d) = strict_date(text) {
        return Ok(Start::Day(d));
    }
    for format in [
        "%Y-%m-%dT%H:%M",
        "%Y-%m-%dT%H:%M:%S",
        "%Y-%m-%d %H:%M",
        "%Y-%m-%d %H:%M:%S",
    ] {
        if let Ok(t) = NaiveDateTime::parse_from_str(text, format) {
            return Ok(Start::At(t));
        }
    }
    let with_offset = text.len() > 16 && (text.ends_with('Z') || text[16..].contains(['+', '-']));
    let message = if with_offset {
        format!("`{text}` has a UTC offset; write the plan's local time ({}) without one, e.g. 2023-01-18T17:45", tz.name())
    } else {
        format!("`{text}` is not a date or date-time; expected YYYY-MM-DD or YYYY-MM-DDTHH:MM")
    };
    Err(source.error_at(path, message).into())
}

fn parse_time(source: &Source, path: &str, text: &str) -> Result<NaiveTime, Error> {
    NaiveTime::parse_from_str(text, "%H:%M")
        .or_else(|_| NaiveTime::parse_from_str(text, "%H:%M:%S"))
        .map_err(|_| {
            source
                .error_at(
                    path,
                    format!("`{text}` is not a time of day; expected HH:MM, e.g. \"06:00\""),
                )
                .into()
        })
}

fn parse_span(source: &Source, path: &str, text: &str, all_day: bool) -> Result<Span, Error> {
    let span = Span::parse(text).map_err(|m| source.error_at(path, m))?;
    if all_day && span.has_time() {
        return Err(source
            .error_at(path, format!("duration `{text}` has hours or minutes, but this activity is all-day; use days, weeks, months or years (P7D, P3M, P1Y)"))
            .into());
    }
    if !all_day && span.has_months() {
        return Err(source
            .error_at(path, format!("duration `{text}` has months or years, but this activity is a timed slot; use hours and minutes (PT12M) or days"))
            .into());
    }
    Ok(span)
}
