//! The comparison of what a folder published with a new expansion, the
//! published side read one occurrence at a time (from the history store):
//! what [`diff()`](super::diff) finds, without holding both versions. The
//! new side is known by the hash of each UID (16 bytes an occurrence, the
//! expansion itself being in memory anyway), each published occurrence is
//! looked up there and compared with the occurrence it names, and only
//! what differs is kept.

use std::fmt::Write as _;

use super::history::Record;
use super::{differences, listing_order, same, Change, Entry, Kind, Summary};
use crate::expand::Expansion;
use crate::occurrence::Occurrence;

/// The changes from the published occurrences, which `published` gives one
/// by one to the function it is handed (each UID once), to those of
/// `expansion`: their counts and each change, in the order of
/// [`diff()`](super::diff).
///
/// # Errors
/// What `published` returns.
pub(crate) fn changes<E>(
    expansion: &Expansion,
    published: impl FnOnce(&mut dyn FnMut(Entry)) -> Result<(), E>,
) -> Result<(Summary, Vec<Record>), E> {
    let occurrences = expansion.occurrences();
    let mut uid = String::with_capacity(64);
    let mut by_hash: Vec<(u64, u32)> = occurrences
        .iter()
        .enumerate()
        .filter_map(|(i, o)| {
            uid.clear();
            let _ = write!(uid, "{}", o.uid());
            Some((hash(&uid), u32::try_from(i).ok()?))
        })
        .collect();
    by_hash.sort_unstable();
    // Which new occurrences the published side has too.
    let mut kept = vec![false; occurrences.len()];
    let mut summary = Summary::default();
    let mut found: Vec<Record> = Vec::new();
    published(&mut |from: Entry| {
        let h = hash(&from.uid);
        let start = by_hash.partition_point(|(x, _)| *x < h);
        // Of the occurrences of that UID (one, unless the plans repeat
        // it), the first compares; each is kept.
        let mut first: Option<&Occurrence> = None;
        for (_, i) in by_hash.iter().skip(start).take_while(|(x, _)| *x == h) {
            let Some(o) = occurrences.get(*i as usize) else {
                continue;
            };
            uid.clear();
            let _ = write!(uid, "{}", o.uid());
            if uid != *from.uid {
                continue;
            }
            if let Some(k) = kept.get_mut(*i as usize) {
                *k = true;
            }
            // In the order of the expansion: the first found is the first.
            first = first.or(Some(o));
        }
        let Some(o) = first else {
            summary.cancelled += 1;
            found.push(Record {
                kind: Kind::Cancelled,
                from: Some(from),
                to: None,
                fields: Vec::new(),
            });
            return;
        };
        if unchanged(&from, o) {
            return;
        }
        let to = Entry::of(o);
        let fields = differences(&from, &to);
        let kind = summary.count_change(&fields);
        found.push(Record {
            kind,
            from: Some(from),
            to: Some(to),
            fields,
        });
    })?;
    for (o, _) in occurrences.iter().zip(&kept).filter(|(_, kept)| !**kept) {
        summary.added += 1;
        found.push(Record {
            kind: Kind::Added,
            from: None,
            to: Some(Entry::of(o)),
            fields: Vec::new(),
        });
    }
    let mut listed: Vec<Change> = found.iter().map(Record::change).collect();
    listed.sort_by(listing_order);
    Ok((summary, listed.iter().map(Record::of).collect()))
}

/// The hash of a UID, which finds it among the new occurrences.
fn hash(uid: &str) -> u64 {
    xxhash_rust::xxh3::xxh3_64(uid.as_bytes())
}

/// Whether the occurrence `o` is what `from` says, as
/// [`differences`] sees it (no field differs), without making its entry.
fn unchanged(from: &Entry, o: &Occurrence) -> bool {
    same(from.start, o.start)
        && same(from.end, o.end)
        && from.outlet.as_deref() == o.outlet_id()
        && *from.title == *o.title()
        && from.status == o.status()
}

#[cfg(test)]
mod tests {
    use super::*;
    use crate::diff::{diff, entries};

    fn plan(text: &str) -> crate::plan::Plan {
        crate::plan::load_one("p.yaml".as_ref(), text.to_string()).unwrap()
    }

    /// The streamed comparison finds what [`diff()`] finds, in its order:
    /// moved, changed, added and cancelled occurrences on two outlets.
    #[test]
    fn the_streamed_comparison_is_what_diff_finds() {
        let head = "plan: { id: p, title: P, timezone: Asia/Ho_Chi_Minh, period: { from: 2023-01-01, to: 2023-03-31 } }\n\
                    outlets: { A: { name: A, kind: tv }, B: { name: B, kind: tv } }\nactivities:\n";
        let old = plan(&format!(
            "{head}  - {{ id: news, title: News, kind: broadcast, outlet: A, start: 2023-01-02T18:00, rrule: \"FREQ=WEEKLY;BYDAY=MO,WE\", duration: PT30M }}\n\
             \x20 - {{ id: talk, title: Talk, kind: broadcast, outlet: B, start: 2023-01-03T20:00, rrule: \"FREQ=WEEKLY;COUNT=8\", duration: PT1H }}\n\
             \x20 - {{ id: gone, title: Gone, kind: broadcast, outlet: B, start: 2023-02-01T07:00, duration: PT15M }}\n"
        ));
        let new = plan(&format!(
            "{head}  - {{ id: news, title: News at six, kind: broadcast, outlet: A, start: 2023-01-02T18:00, rrule: \"FREQ=WEEKLY;BYDAY=MO,WE\", exdates: [2023-01-04T18:00], duration: PT30M }}\n\
             \x20 - {{ id: talk, title: Talk, kind: broadcast, outlet: A, start: 2023-01-03T20:00, rrule: \"FREQ=WEEKLY;COUNT=10\", duration: PT45M }}\n\
             \x20 - {{ id: more, title: More, kind: broadcast, outlet: B, start: 2023-02-01T07:00, duration: PT15M }}\n"
        ));
        let (old, new) = ([old], [new]);
        let (old, new) = (crate::expand(&old).unwrap(), crate::expand(&new).unwrap());
        let (a, b) = (entries(&old), entries(&new));
        let expected = diff(&a, &b);
        assert!(expected.summary.moved > 0 && expected.summary.changed > 0);
        assert!(expected.summary.added > 0 && expected.summary.cancelled > 0);
        let (summary, records) = changes(&new, |each| {
            for e in a.iter().rev() {
                each(e.clone());
            }
            Ok::<(), ()>(())
        })
        .unwrap();
        assert_eq!(summary, expected.summary);
        let streamed: Vec<Change> = records.iter().map(Record::change).collect();
        assert_eq!(streamed, expected.changes);
        // Nothing changed: nothing found.
        let (summary, records) = changes(&new, |each| {
            b.iter().for_each(|e| each(e.clone()));
            Ok::<(), ()>(())
        })
        .unwrap();
        assert_eq!((summary, records.len()), (Summary::default(), 0));
    }
}
