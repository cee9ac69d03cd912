//! Work shared out over the machine's cores, its results taken in order.

use std::sync::mpsc;
use std::thread;

/// How many threads castcal uses: one per core, at most eight.
pub(crate) fn count() -> usize {
    thread::available_parallelism().map_or(1, |n| n.get().min(8))
}

/// `f` of every item, in order, the items shared out over the cores in
/// runs of neighbours.
pub(crate) fn map<T: Sync, R: Send>(items: &[T], f: impl Fn(&T) -> R + Sync) -> Vec<R> {
    let size = items.len().div_ceil(count()).max(1);
    let f = &f;
    thread::scope(|scope| {
        let workers: Vec<_> = items
            .chunks(size)
            .map(|chunk| scope.spawn(move || chunk.iter().map(f).collect::<Vec<R>>()))
            .collect();
        workers.into_iter().flat_map(joined).collect()
    })
}

/// Formats `items` in batches of `batch` on every core and hands each
/// batch's result to `take`, on this thread, in the items' order, while the
/// cores go on formatting. Core `w` formats batches `w`, `w + n`, `w + 2n`…
/// and hands them over through a channel of its own that holds two, so
/// the results are taken in order and at most a few wait. `take`'s first
/// error stops the work.
///
/// # Errors
/// The first error of `take`.
pub(crate) fn in_batches<T: Sync, R: Send, E>(
    items: &[T],
    batch: usize,
    format: impl Fn(&[T]) -> R + Sync,
    mut take: impl FnMut(R) -> Result<(), E>,
) -> Result<(), E> {
    let batches: Vec<&[T]> = items.chunks(batch.max(1)).collect();
    let n = count().min(batches.len()).max(1);
    let (format, batches) = (&format, &batches);
    thread::scope(|scope| {
        let channels: Vec<mpsc::Receiver<R>> = (0..n)
            .map(|w| {
                let (send, receive) = mpsc::sync_channel(2);
                scope.spawn(move || {
                    for b in batches.iter().skip(w).step_by(n) {
                        // The receiver is gone when `take` failed: stop.
                        if send.send(format(b)).is_err() {
                            break;
                        }
                    }
                });
                receive
            })
            .collect();
        for k in 0..batches.len() {
            let Some(r) = channels.get(k % n).and_then(|c| c.recv().ok()) else {
                break;
            };
            take(r)?;
        }
        Ok(())
    })
}

/// What a thread returned; its panic goes on in the caller.
fn joined<R>(worker: thread::ScopedJoinHandle<'_, R>) -> R {
    match worker.join() {
        Ok(r) => r,
        Err(panic) => std::panic::resume_unwind(panic),
    }
}
