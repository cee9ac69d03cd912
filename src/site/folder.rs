//! Writing every entry of a publication into a [`Sink`]: several files at
//! a time on machines with several cores, the feeds in batches of one pass
//! over the occurrences each.

use std::cell::Cell;
use std::io::{self, BufWriter};
use std::sync::atomic::{AtomicBool, AtomicUsize, Ordering};
use std::sync::Arc;

use super::disk::{put, Named, Sink};
use super::outputs::{Context, Entry, Output};
use super::Summary;
use crate::error::Error;
use crate::export::ics;
use crate::occurrence::Occurrence;

/// The most files written at the same time (one thread each).
const MAX_THREADS: usize = 4;

/// The most outlets' feeds one pass over the occurrences writes at once
/// (each an open file and a [`SMALL_BUFFER`]): a plan of hundreds of outlets
/// takes several passes, never hundreds of open files.
const MAX_OPEN_FEEDS: usize = 64;

/// What each file is written through: large enough that writes of a few
/// hundred megabytes take few system calls.
pub(super) const BUFFER: usize = 1 << 20;

/// What each outlet's feed is written through ([`MAX_OPEN_FEEDS`] are open at once).
const SMALL_BUFFER: usize = 64 << 10;

/// One piece of work: a batch of feeds, or one entry.
#[derive(Debug, Clone, Copy)]
enum Job {
    /// The feeds of the parts of one batch of [`MAX_OPEN_FEEDS`], in one
    /// pass; the first batch's also writes `all.ics`.
    Feeds(usize),
    /// The files of days (windows and yearly archives) of one of the
    /// [`day_batches`], in one pass.
    Days(usize),
    /// One file.
    One(Entry),
}

/// A feed of the days of a span of one outlet: its window of the days to
/// come, or its archive of a year.
#[derive(Debug, Clone, Copy)]
struct DayFile {
    entry: Entry,
    /// The outlet's part.
    part: usize,
    /// The first and last days it holds.
    span: (chrono::NaiveDate, chrono::NaiveDate),
}

/// Every feed of days of `ctx`, in batches of at most [`MAX_OPEN_FEEDS`]
/// each written in one pass over the occurrences, never one pass per file
/// (sixty channels of three years are 240 files). An occurrence goes to
/// one file of a pass, so no batch holds two files of an outlet whose days
/// meet: the windows are batched apart from the archives.
fn day_batches(ctx: &Context) -> Vec<Vec<DayFile>> {
    let offers = ctx.offers();
    let windows = (0..ctx.parts.len()).filter_map(|part| match offers.of(Some(part)) {
        super::window::Offer::Window { from, to } => Some(DayFile {
            entry: Entry {
                output: Output::Feed(ics::Mode::Instances),
                part: Some(part),
            },
            part,
            span: (from, to),
        }),
        _ => None,
    });
    let archives = offers.archives().filter_map(|(part, year)| {
        Some(DayFile {
            entry: Entry {
                output: Output::Archive(year),
                part: Some(part),
            },
            part,
            span: super::window::year_days(year)?,
        })
    });
    let windows: Vec<DayFile> = windows.collect();
    let archives: Vec<DayFile> = archives.collect();
    windows
        .chunks(MAX_OPEN_FEEDS)
        .chain(archives.chunks(MAX_OPEN_FEEDS))
        .map(<[DayFile]>::to_vec)
        .collect()
}

/// Writes every entry of `ctx` to `sink` (the check is worked out while the
/// first files are written), on as many threads as the machine has cores
/// (up to [`MAX_THREADS`]), each taking the next file to write. The first
/// failure, in the order of the jobs, is returned; the other threads stop
/// after the file they are writing.
///
/// # Errors
/// What an output or the sink refuses.
pub(super) fn write(ctx: &Context, sink: &dyn Sink) -> Result<Summary, Error> {
    let jobs = jobs(ctx);
    let next = AtomicUsize::new(0);
    let failed = AtomicBool::new(false);
    let threads = std::thread::available_parallelism()
        .map_or(1, std::num::NonZeroUsize::get)
        .clamp(1, MAX_THREADS);
    let work = || -> Result<(), (usize, Error)> {
        while !failed.load(Ordering::Relaxed) {
            let i = next.fetch_add(1, Ordering::Relaxed);
            let Some(&job) = jobs.get(i) else {
                break;
            };
            if let Err(e) = run(ctx, job, sink) {
                failed.store(true, Ordering::Relaxed);
                return Err((i, e));
            }
        }
        Ok(())
    };
    let results: Vec<Result<(), (usize, Error)>> = std::thread::scope(|scope| {
        let handles: Vec<_> = (1..threads).map(|_| scope.spawn(work)).collect();
        let mut results = vec![work()];
        for handle in handles {
            match handle.join() {
                Ok(result) => results.push(result),
                Err(panic) => std::panic::resume_unwind(panic),
            }
        }
        results
    });
    if let Some((_, e)) = results
        .into_iter()
        .filter_map(Result::err)
        .min_by_key(|(i, _)| *i)
    {
        return Err(e);
    }
    Ok(summary(ctx))
}

/// The folder's one-line report.
fn summary(ctx: &Context) -> Summary {
    let report = ctx.report();
    let outcome = ctx.history().map(|h| &h.outcome);
    Summary {
        publication: outcome.and_then(|o| o.new.then_some((o.number, o.summary))),
        stamp_reused: outcome.is_some_and(|o| o.stamp_reused),
        occurrences: ctx.expansion.len(),
        feeds: ctx.parts.len() + 1,
        errors: report.summary.errors,
        warnings: report.summary.warnings,
    }
}

/// The jobs, largest first (so that the threads end together), the check
/// first of all (the index and the summary wait for it).
fn jobs(ctx: &Context) -> Vec<Job> {
    let entries = ctx.entries();
    let mut first = vec![Job::One(Entry {
        output: Output::Check,
        part: None,
    })];
    // The feeds written whole are written in batches, and so are the
    // windows of the days to come and the yearly archives.
    let offers = ctx.offers();
    let batched = |e: &Entry| match e.output {
        Output::Feed(_) => offers.of(e.part).is_whole_file() || e.part.is_some(),
        Output::Archive(_) => true,
        _ => false,
    };
    let days = day_batches(ctx).len();
    // The spreadsheets take the longest (the library writes each on one core).
    let (sheets, rest): (Vec<Entry>, Vec<Entry>) = entries
        .into_iter()
        .filter(|e| !batched(e) && e.output != Output::Check)
        .partition(|e| matches!(e.output, Output::Sheet(_)));
    first.extend(sheets.into_iter().map(Job::One));
    first.extend((0..ctx.parts.len().div_ceil(MAX_OPEN_FEEDS).max(1)).map(Job::Feeds));
    first.extend((0..days).map(Job::Days));
    first.extend(rest.into_iter().map(Job::One));
    first
}

/// Writes the file of `job` (of [`Job::Feeds`]: a batch of feeds) to `sink`.
fn run(ctx: &Context, job: Job, sink: &dyn Sink) -> Result<(), Error> {
    match job {
        Job::Feeds(batch) => feeds(ctx, batch, sink),
        Job::Days(batch) => days(ctx, batch, sink),
        Job::One(entry) => {
            let part = entry.part.and_then(|i| ctx.parts.get(i));
            let name = entry.output.file(part.map(|p| p.outlet.id.as_str()));
            let selection = ctx.selection(entry.part);
            put(sink, &name, &mut |out| {
                entry.output.write(ctx, &selection, out)
            })
        }
    }
}

/// The batch `batch`'s feeds written whole (and `all.ics` with the first,
/// when it is written whole) in one pass, each event formatted once: which
/// file failed is told by the writer that saw it fail.
fn feeds(ctx: &Context, batch: usize, sink: &dyn Sink) -> Result<(), Error> {
    let feed = Output::Feed(ics::Mode::Instances);
    let first = batch * MAX_OPEN_FEEDS;
    let offers = ctx.offers();
    let whole = |k: usize| offers.of(Some(k)).is_whole_file();
    // Each outlet of the batch's place among the files written, if written here.
    let mut slots: Vec<Option<usize>> = Vec::with_capacity(MAX_OPEN_FEEDS);
    let mut written = 0;
    for k in (first..ctx.parts.len()).take(MAX_OPEN_FEEDS) {
        slots.push(whole(k).then_some(written));
        written += usize::from(whole(k));
    }
    let mine = ctx
        .parts
        .iter()
        .enumerate()
        .skip(first)
        .take(MAX_OPEN_FEEDS)
        .filter(|(k, _)| whole(*k))
        .map(|(_, p)| p);
    let failed: Cell<Option<&str>> = Cell::new(None);
    let names: Vec<String> = mine
        .clone()
        .map(|p| feed.file(Some(&p.outlet.id)))
        .collect();
    let all_name = feed.file(None);
    let all = match batch == 0 && offers.all.is_whole_file() {
        true => Some(BufWriter::with_capacity(
            BUFFER,
            Named::new(sink.create(&all_name)?, &all_name, &failed),
        )),
        false => None,
    };
    let mut parts = Vec::with_capacity(names.len());
    for (part, name) in mine.zip(&names) {
        // Written all at once: a smaller buffer each.
        let out =
            BufWriter::with_capacity(SMALL_BUFFER, Named::new(sink.create(name)?, name, &failed));
        parts.push((vec![part.outlet.id.clone()], out));
    }
    let in_batch = |index: usize| slots.get(index.checked_sub(first)?).copied().flatten();
    let part_of = |_, o: &Occurrence| in_batch(o.outlet?.index);
    let part_of_cancelled = |e: &crate::diff::Entry| {
        let id = e.outlet.as_deref()?;
        in_batch(ctx.plans.iter().find_map(|p| p.outlet(id))?.index)
    };
    let history = ctx.history().map(|h| ics::History {
        versions: Arc::clone(&h.versions),
        links: ctx.links(),
        part_of_cancelled: &part_of_cancelled,
    });
    let written = ics::write_split(
        all,
        ctx.plans,
        ctx.expansion,
        parts,
        &part_of,
        history.as_ref(),
    )
    .and_then(|(all, parts)| {
        for out in all.into_iter().chain(parts) {
            // A failed flush has said which file it was.
            let out = out.into_inner().map_err(io::IntoInnerError::into_error)?;
            out.close()?;
        }
        Ok(())
    });
    written.map_err(|source| sink.failed(failed.get().unwrap_or(&all_name), source))
}

/// The batch `batch` of [`day_batches`] written in one pass over the
/// occurrences: each occurrence goes to the file of its outlet whose days
/// hold its start.
fn days(ctx: &Context, batch: usize, sink: &dyn Sink) -> Result<(), Error> {
    let mine = day_batches(ctx).into_iter().nth(batch).unwrap_or_default();
    // Each outlet's files of the batch: their days, and their place in it.
    let mut by_outlet: Vec<Vec<(chrono::NaiveDate, chrono::NaiveDate, usize)>> =
        vec![Vec::new(); ctx.parts.len()];
    for (slot, f) in mine.iter().enumerate() {
        if let Some(files) = by_outlet.get_mut(f.part) {
            files.push((f.span.0, f.span.1, slot));
        }
    }
    let slot_of = |outlet: usize, day: chrono::NaiveDate| {
        by_outlet
            .get(outlet)?
            .iter()
            .find(|(from, to, _)| *from <= day && day <= *to)
            .map(|(_, _, slot)| *slot)
    };
    let failed: Cell<Option<&str>> = Cell::new(None);
    let names: Vec<String> = mine
        .iter()
        .map(|f| {
            let part = ctx.parts.get(f.part).map(|p| p.outlet.id.as_str());
            f.entry.output.file(part)
        })
        .collect();
    let mut parts = Vec::with_capacity(names.len());
    for (f, name) in mine.iter().zip(&names) {
        let id = ctx
            .parts
            .get(f.part)
            .map(|p| p.outlet.id.clone())
            .unwrap_or_default();
        let out =
            BufWriter::with_capacity(SMALL_BUFFER, Named::new(sink.create(name)?, name, &failed));
        parts.push((vec![id], out));
    }
    // A part's index is its outlet's ([`Context::parts`] holds every outlet).
    let part_of = |_, o: &Occurrence| slot_of(o.outlet?.index, o.start.date());
    let part_of_cancelled = |e: &crate::diff::Entry| {
        let id = e.outlet.as_deref()?;
        let outlet = ctx.plans.iter().find_map(|p| p.outlet(id))?;
        slot_of(outlet.index, e.start.date())
    };
    let history = ctx.history().map(|h| ics::History {
        versions: Arc::clone(&h.versions),
        links: ctx.links(),
        part_of_cancelled: &part_of_cancelled,
    });
    let written = ics::write_split::<Vec<u8>, _>(
        None,
        ctx.plans,
        ctx.expansion,
        parts,
        &part_of,
        history.as_ref(),
    )
    .and_then(|(_, parts)| {
        for out in parts {
            let out = out.into_inner().map_err(io::IntoInnerError::into_error)?;
            out.close()?;
        }
        Ok(())
    });
    let first = names.first().map_or("", String::as_str);
    written.map_err(|source| sink.failed(failed.get().unwrap_or(first), source))
}
