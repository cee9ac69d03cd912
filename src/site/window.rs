//! Feeds a calendar service accepts. Google Calendar stops reading a
//! subscribed feed above about a megabyte (and shows it empty, saying
//! nothing), so every feed a folder offers for subscription stays under
//! [`MAX_FEED_BYTES`]: a feed whose whole period fits is written whole, as
//! always; one that does not is a window of whole days from the build's
//! date, as many as fit, its outlet's years each in an archive to download
//! (`KG-2023.ics`); one that cannot hold even [`MIN_WINDOW_DAYS`] days is
//! offered to download only, whole.
//!
//! Every feed is sized before any is written: each event is formatted once
//! into a counter ([`ics::event_lens`]), as the folder's history versions
//! and links it, and its bytes counted to its day (the local date it
//! starts on). The same plans, history and date give the same windows.

use std::collections::{BTreeMap, BTreeSet};
use std::io;

use chrono::{Datelike, Days, NaiveDate};

use super::history::Published;
use super::outputs::Context;
use crate::diff::Entry;
use crate::export::ics;
use crate::occurrence::Occurrence;

/// The most bytes a feed offered for subscription may have, less one:
/// Google Calendar stops reading a subscribed feed above about 1 MB.
pub const MAX_FEED_BYTES: u64 = 1_000_000;

/// The fewest days a window holds: a feed that cannot hold a week from the
/// build's date is offered to download only.
pub const MIN_WINDOW_DAYS: u64 = 7;

/// How a folder offers one feed.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub enum Offer {
    /// Whole, for subscription: it fits.
    Whole,
    /// The occurrences that start from `from` through `to` (whole days),
    /// for subscription; the whole in yearly archives.
    Window {
        /// The build's date.
        from: NaiveDate,
        /// The last day that fits.
        to: NaiveDate,
    },
    /// Whole, to download only: not even a week of it fits.
    Download,
}

impl Offer {
    /// Whether the feed's file is the whole feed.
    pub fn is_whole_file(self) -> bool {
        !matches!(self, Offer::Window { .. })
    }
}

/// How a folder offers each of its feeds.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct Offers {
    /// `all.ics`.
    pub all: Offer,
    /// Each outlet's feed, by its index in [`Context::parts`].
    pub parts: Vec<Offer>,
    /// The years of each outlet's archives: none for a feed written whole
    /// for subscription.
    pub years: Vec<Vec<i32>>,
}

impl Offers {
    /// Every feed whole, for subscription.
    pub fn whole(parts: usize) -> Offers {
        Offers {
            all: Offer::Whole,
            parts: vec![Offer::Whole; parts],
            years: vec![Vec::new(); parts],
        }
    }

    /// The offer of `all.ics` (`None`) or of the outlet of part `part`.
    pub fn of(&self, part: Option<usize>) -> Offer {
        match part {
            None => self.all,
            Some(i) => self.parts.get(i).copied().unwrap_or(Offer::Whole),
        }
    }

    /// Each archive: the part it is of, and its year.
    pub fn archives(&self) -> impl Iterator<Item = (usize, i32)> + '_ {
        self.years
            .iter()
            .enumerate()
            .flat_map(|(i, years)| years.iter().map(move |y| (i, *y)))
    }
}

/// The first and last day of `year`.
pub fn year_days(year: i32) -> Option<(NaiveDate, NaiveDate)> {
    Some((
        NaiveDate::from_ymd_opt(year, 1, 1)?,
        NaiveDate::from_ymd_opt(year, 12, 31)?,
    ))
}

/// How `ctx`'s folder offers its feeds, with `limit` the most bytes of a
/// feed offered for subscription: every feed whole unless it is a
/// publication (the feeds of a single command are written whole).
pub(super) fn offers(ctx: &Context, limit: u64) -> Offers {
    let whole = Offers::whole(ctx.parts.len());
    match ctx.history() {
        // Counting into memory fails only if formatting does, which the
        // writing of the feeds then reports.
        Some(h) => measure(ctx, h, limit).unwrap_or(whole),
        None => whole,
    }
}

/// A feed's bytes around its events, and its events' bytes by day.
#[derive(Debug, Default)]
struct Sizes {
    frame: u64,
    days: BTreeMap<NaiveDate, u64>,
}

impl Sizes {
    fn add(&mut self, day: NaiveDate, len: u64) {
        *self.days.entry(day).or_default() += len;
    }

    /// How the feed is offered, `today` the build's date and `last` the
    /// plans' last day.
    fn offer(&self, limit: u64, today: NaiveDate, last: NaiveDate) -> Offer {
        let total = self.frame + self.days.values().sum::<u64>();
        if total < limit {
            return Offer::Whole;
        }
        // A window's frame has no more bytes than the whole feed's.
        let budget = limit.saturating_sub(1).saturating_sub(self.frame);
        let mut used = 0;
        for (day, len) in self.days.range(today..) {
            if used + len > budget {
                let to = day.pred_opt().unwrap_or(today);
                let week = today.checked_add_days(Days::new(MIN_WINDOW_DAYS - 1));
                return match week {
                    Some(week) if to >= week => Offer::Window { from: today, to },
                    _ => Offer::Download,
                };
            }
            used += len;
        }
        // Everything from the build's date on fits.
        let end = self.days.keys().next_back().map_or(last, |d| last.max(*d));
        Offer::Window {
            from: today,
            to: end.max(today),
        }
    }
}

fn measure(ctx: &Context, h: &Published, limit: u64) -> io::Result<Offers> {
    let plans = ctx.plans;
    let occurrences = ctx.expansion.occurrences();
    let cancelled = h.versions.cancelled();
    let (events, gone) =
        ics::event_lens(plans, ctx.expansion, cancelled, &h.versions, &ctx.links())?;
    // Each outlet index's part.
    let mut part_of: Vec<Option<usize>> = Vec::new();
    for (k, p) in ctx.parts.iter().enumerate() {
        if part_of.len() <= p.outlet.index {
            part_of.resize(p.outlet.index + 1, None);
        }
        if let Some(slot) = part_of.get_mut(p.outlet.index) {
            *slot = Some(k);
        }
    }
    let part = |o: &Occurrence| part_of.get(o.outlet?.index).copied().flatten();
    let mut all = Sizes::default();
    let mut parts: Vec<Sizes> = ctx.parts.iter().map(|_| Sizes::default()).collect();
    let mut years: Vec<BTreeSet<i32>> = vec![BTreeSet::new(); ctx.parts.len()];
    for (o, len) in occurrences.iter().zip(&events) {
        let (day, len) = (o.start.date(), u64::from(*len));
        all.add(day, len);
        if let Some(k) = part(o) {
            if let (Some(s), Some(y)) = (parts.get_mut(k), years.get_mut(k)) {
                s.add(day, len);
                y.insert(day.year());
            }
        }
    }
    let live: BTreeSet<&str> = plans.iter().map(|p| p.id.as_str()).collect();
    for ((e, _), len) in cancelled.iter().zip(&gone) {
        if !live.contains(&*e.plan) {
            continue;
        }
        let day = e.start.date();
        all.add(day, *len);
        if let Some(k) = cancelled_part(ctx, e, &part_of) {
            if let (Some(s), Some(y)) = (parts.get_mut(k), years.get_mut(k)) {
                s.add(day, *len);
                y.insert(day.year());
            }
        }
    }
    all.frame = ics::frame_len(plans, &[], occurrences)?;
    for (s, p) in parts.iter_mut().zip(&ctx.parts) {
        let ids = [p.outlet.id.clone()];
        s.frame = ics::frame_len(plans, &ids, p.occurrences.iter().copied())?;
    }
    let today = ctx.today();
    let last = plans.iter().map(|p| p.period.to).max().unwrap_or(today);
    let offers: Vec<Offer> = parts.iter().map(|s| s.offer(limit, today, last)).collect();
    let years = offers
        .iter()
        .zip(years)
        .map(|(offer, years)| match offer {
            Offer::Whole => Vec::new(),
            _ => years.into_iter().collect(),
        })
        .collect();
    Ok(Offers {
        all: all.offer(limit, today, last),
        parts: offers,
        years,
    })
}

/// The part of the outlet a cancelled occurrence was on, if any.
fn cancelled_part(ctx: &Context, e: &Entry, part_of: &[Option<usize>]) -> Option<usize> {
    let id = e.outlet.as_deref()?;
    let outlet = ctx.plans.iter().find_map(|p| p.outlet(id))?;
    part_of.get(outlet.index).copied().flatten()
}
