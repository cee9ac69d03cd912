#![allow(clippy::unwrap_used, clippy::expect_used)]
//! The feed is written as it goes: memory does not grow with the number of
//! events. Events are made one at a time and handed to the writer, which
//! writes to `io::sink()` through a counter; the process's peak resident
//! memory (Linux `VmHWM`) must not grow while they are written.
//!
//! The 1,000,000-event case takes about 20 s in a debug build, so it is
//! ignored by default: `cargo test --release --test ics_streaming -- --ignored`.
//! The 50,000-event case always runs. This file holds one test per run
//! mode so that no other test allocates in the process meanwhile.

use std::io::{self, Write};
use std::path::Path;

use castcal::export::ics::{Feed, Header};
use castcal::{Moment, Occurrence};
use chrono::TimeDelta;

/// Counts what is written and the largest single write.
struct Counter {
    bytes: u64,
    largest: usize,
    sink: io::Sink,
}

impl Write for Counter {
    fn write(&mut self, buf: &[u8]) -> io::Result<usize> {
        self.bytes += buf.len() as u64;
        self.largest = self.largest.max(buf.len());
        self.sink.write(buf)
    }
    fn flush(&mut self) -> io::Result<()> {
        Ok(())
    }
}

/// Peak resident memory in KiB, where the system says.
fn peak_kib() -> Option<u64> {
    let status = std::fs::read_to_string("/proc/self/status").ok()?;
    let line = status.lines().find(|l| l.starts_with("VmHWM:"))?;
    line.split_whitespace().nth(1)?.parse().ok()
}

fn write_many(count: u32) {
    let yaml = r#"
plan: { id: big, title: "Kế hoạch lớn", timezone: Europe/Berlin,
        period: { from: 2023-01-01, to: 2023-12-31 } }
outlets: { KG: { name: "Đài KG", kind: tv } }
activities:
  - { id: a, title: "Chuyên mục 📺 dài: Công tác cải cách hành chính trên địa bàn tỉnh", kind: broadcast,
      outlet: KG, lead: Sở Nội vụ, budget_vnd: 91596816, start: 2023-01-18T17:45, duration: PT12M }
"#;
    let plan = castcal::plan::load_one(Path::new("big.yaml"), yaml.to_string()).unwrap();
    let plans = [plan];
    let template: Occurrence = *castcal::expand(&plans).unwrap().first().unwrap();
    let header = Header {
        name: "Kế hoạch lớn".to_string(),
        refresh: "P1D".to_string(),
        zones: vec![(
            template.timezone(),
            plans[0].period.from,
            plans[0].period.to,
        )],
    };
    let counter = Counter {
        bytes: 0,
        largest: 0,
        sink: io::sink(),
    };
    let mut feed = Feed::begin(counter, &plans, &header).unwrap();
    // Warm up (first allocations of the line buffer), then measure.
    let mut occurrence = template;
    feed.event(&occurrence).unwrap();
    let before = peak_kib();
    let capacity = feed.buffer_capacity();
    let (Moment::At(start), Moment::At(end)) = (template.start, template.end) else {
        panic!("a timed template");
    };
    for i in 0..count {
        let shift = TimeDelta::minutes(i64::from(i % 500_000));
        occurrence.ordinal = i + 1;
        let tz = template.timezone();
        occurrence.start = Moment::in_zone((start + shift).with_timezone(&tz));
        occurrence.end = Moment::in_zone((end + shift).with_timezone(&tz));
        feed.event(&occurrence).unwrap();
    }
    assert_eq!(feed.buffer_capacity(), capacity);
    let counter = feed.finish().unwrap();
    let after = peak_kib();
    // Each event is several hundred bytes; nothing was kept.
    assert!(counter.bytes > u64::from(count) * 500, "{}", counter.bytes);
    assert!(counter.largest <= 8 * 1024, "{}", counter.largest);
    let (Some(before), Some(after)) = (before, after) else {
        // Only Linux says; elsewhere the test says what it could not check.
        #[cfg(target_os = "linux")]
        panic!("no VmHWM in /proc/self/status: peak memory cannot be measured");
        #[cfg(not(target_os = "linux"))]
        {
            eprintln!("peak memory is not measured on this system");
            return;
        }
    };
    eprintln!(
        "{count} events, {} bytes written, peak memory {before} KiB before, {after} KiB after",
        counter.bytes
    );
    assert!(
        after.saturating_sub(before) < 2 * 1024,
        "peak memory grew by {} KiB while writing {count} events ({} MB of text)",
        after.saturating_sub(before),
        counter.bytes / 1_000_000
    );
}

#[test]
fn fifty_thousand_events_in_constant_memory() {
    write_many(50_000);
}

#[test]
#[ignore = "about 20 s in a debug build; run with --release -- --ignored"]
fn a_million_events_in_constant_memory() {
    write_many(1_000_000);
}
