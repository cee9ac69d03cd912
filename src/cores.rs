//! Work shared out over the machine's cores, its results taken in order.

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

/// Formats `items` in batches of `batch`, as many batches at a time as
/// there are cores, and hands each batch's result to `take` in the items'
/// order. `take`'s first error stops the work.
///
/// # Errors
/// The first error of `take`.
pub(crate) fn in_batches<T: Sync, R: Send, E>(
    items: &[T],
    batch: usize,
    format: impl Fn(&[T]) -> R + Sync,
    mut take: impl FnMut(R) -> Result<(), E>,
) -> Result<(), E> {
    let batch = batch.max(1);
    let cores = count();
    let format = &format;
    for round in items.chunks(batch * cores) {
        let mut batches = round.chunks(batch);
        let first = batches.next().unwrap_or_default();
        let results = thread::scope(|scope| {
            let others: Vec<_> = batches.map(|b| scope.spawn(move || format(b))).collect();
            // One batch on this thread while the others run.
            let mut results = vec![format(first)];
            results.extend(others.into_iter().map(joined));
            results
        });
        for r in results {
            take(r)?;
        }
    }
    Ok(())
}

/// What a thread returned; its panic goes on in the caller.
fn joined<R>(worker: thread::ScopedJoinHandle<'_, R>) -> R {
    match worker.join() {
        Ok(r) => r,
        Err(panic) => std::panic::resume_unwind(panic),
    }
}
