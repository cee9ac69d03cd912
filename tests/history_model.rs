#![allow(clippy::unwrap_used, clippy::expect_used, clippy::indexing_slicing)]

//! A model test of a folder's history of publications: seeded random
//! sequences of edits, builds, builds killed after each of their steps,
//! `serve` started and stopped on the folder, deleted and mutated exports,
//! and two builds at once, against a simple reference model of what each
//! event's `SEQUENCE` must be. After every step no event's `SEQUENCE` in
//! the folder is lower than it ever was, and after every build that ends
//! well the folder's feed is exactly the model's.
//!
//! `CASTCAL_MODEL_SEEDS` sets how many sequences are run (3 by default; the
//! fuzz run of `.ci/run` runs more), `CASTCAL_MODEL_STEPS` their length.

mod common;

use std::collections::BTreeMap;
use std::fs;
use std::path::{Path, PathBuf};
use std::process::{Command, Stdio};

use common::Test;

/// The facts of an occurrence a publication compares (as `castcal expand
/// --format json` gives them).
type Facts = (String, String, Option<String>, String, String);

/// What the model knows of one UID.
#[derive(Debug, Clone, PartialEq)]
struct Known {
    facts: Facts,
    sequence: u64,
    cancelled: bool,
}

/// The reference model: each UID ever published, as last published.
#[derive(Debug, Default, Clone)]
struct Model {
    events: BTreeMap<String, Known>,
    publications: u64,
}

impl Model {
    /// A publication of `now` (the occurrences of a plan): what changed is
    /// one version further; the first publication is version 0 of all.
    fn publish(&mut self, now: &BTreeMap<String, Facts>) {
        let live: BTreeMap<&String, &Facts> = self
            .events
            .iter()
            .filter(|(_, k)| !k.cancelled)
            .map(|(u, k)| (u, &k.facts))
            .collect();
        let same = live.len() == now.len() && now.iter().all(|(u, f)| live.get(u) == Some(&f));
        if same && self.publications > 0 {
            return;
        }
        let first = self.publications == 0;
        self.publications += 1;
        for (uid, facts) in now {
            match self.events.get_mut(uid) {
                Some(k) if k.cancelled || k.facts != *facts => {
                    k.sequence += 1;
                    k.cancelled = false;
                    k.facts = facts.clone();
                }
                Some(_) => {}
                None => {
                    self.events.insert(
                        uid.clone(),
                        Known {
                            facts: facts.clone(),
                            sequence: 0,
                            cancelled: false,
                        },
                    );
                }
            }
        }
        if !first {
            for (uid, k) in self.events.iter_mut() {
                if !k.cancelled && !now.contains_key(uid) {
                    k.cancelled = true;
                    k.sequence += 1;
                }
            }
        }
    }

    /// The feed the model expects: each UID with its SEQUENCE and whether it
    /// is cancelled.
    fn feed(&self) -> BTreeMap<String, (u64, bool)> {
        self.events
            .iter()
            .map(|(u, k)| (u.clone(), (k.sequence, k.cancelled)))
            .collect()
    }
}

/// A small random generator (the tests are deterministic for a seed).
struct Rng(u64);

impl Rng {
    fn next(&mut self, n: u64) -> u64 {
        self.0 = self
            .0
            .wrapping_mul(6_364_136_223_846_793_005)
            .wrapping_add(1_442_695_040_888_963_407);
        (self.0 >> 33) % n.max(1)
    }
}

/// A version of the plan: what each edit may change.
#[derive(Debug, Clone)]
struct Version {
    minute: [u64; 3],
    exdates: [Vec<u64>; 3],
    title: [u64; 3],
    tentative: [bool; 3],
    count: [u64; 3],
    published: u64,
}

impl Version {
    fn first() -> Version {
        Version {
            minute: [0, 15, 30],
            exdates: [vec![], vec![], vec![]],
            title: [0; 3],
            tentative: [false; 3],
            count: [8, 6, 10],
            published: 0,
        }
    }

    fn edit(&mut self, rng: &mut Rng) {
        let a = usize::try_from(rng.next(3)).unwrap();
        match rng.next(6) {
            0 => self.minute[a] = rng.next(4) * 5,
            1 => self.exdates[a] = (0..rng.next(3)).map(|_| 1 + rng.next(6)).collect(),
            2 => self.title[a] += 1,
            3 => self.tentative[a] = !self.tentative[a],
            4 => self.count[a] = 3 + rng.next(8),
            _ => {}
        }
        self.published += 1;
    }

    fn text(&self) -> String {
        let mut out = format!(
            "plan: {{ id: model, title: Model, timezone: Asia/Ho_Chi_Minh,\n\
             \x20       published: 2023-01-01T00:{:02},\n\
             \x20       period: {{ from: 2023-01-01, to: 2023-12-31 }} }}\n\
             outlets:\n  KG: {{ name: KG, kind: tv }}\n  KG1: {{ name: KG1, kind: tv }}\n\
             activities:\n",
            self.published.min(59)
        );
        for a in 0..3 {
            let outlet = if a == 1 { "KG1" } else { "KG" };
            let exdates: Vec<String> = self.exdates[a]
                .iter()
                .map(|d| format!("2023-{:02}-0{}T1{a}:{:02}", d, 2 + a, self.minute[a]))
                .collect();
            out.push_str(&format!(
                "  - {{ id: a{a}, title: \"Activity {a} v{}\", kind: broadcast, outlet: {outlet},\n\
                 \x20     start: 2023-01-0{}T1{a}:{:02}, rrule: \"FREQ=MONTHLY;COUNT={}\",\n\
                 \x20     exdates: [{}], duration: PT10M, status: {},\n\
                 \x20     reruns: [{{ days_after: 1, at: \"06:00\" }}] }}\n",
                self.title[a],
                2 + a,
                self.minute[a],
                self.count[a],
                exdates.join(", "),
                if self.tentative[a] { "tentative" } else { "confirmed" },
            ));
        }
        out
    }
}

/// The occurrences of the plan at `path`, as `castcal expand` gives them.
fn occurrences(path: &Path) -> BTreeMap<String, Facts> {
    let out = Test::new(["expand", path.to_str().unwrap(), "--format", "json"])
        .stdout_any()
        .run()
        .json();
    out.as_array()
        .unwrap()
        .iter()
        .map(|o| {
            let s = |k: &str| o[k].as_str().unwrap_or_default().to_string();
            (
                s("uid"),
                (
                    s("start"),
                    s("end"),
                    o["outlet"].as_str().map(String::from),
                    s("title"),
                    s("status"),
                ),
            )
        })
        .collect()
}

/// The feed of the folder: each UID with its SEQUENCE and whether it is cancelled.
fn feed(public: &Path) -> Option<BTreeMap<String, (u64, bool)>> {
    let text = fs::read_to_string(public.join("all.ics")).ok()?;
    let property = |e: &str, name: &str| -> Option<String> {
        e.split("\r\n")
            .find_map(|l| l.strip_prefix(name).and_then(|l| l.strip_prefix(':')))
            .map(String::from)
    };
    Some(
        text.split("BEGIN:VEVENT\r\n")
            .skip(1)
            .map(|e| {
                let uid = property(e, "UID").unwrap();
                let sequence = property(e, "SEQUENCE").unwrap().parse().unwrap();
                let cancelled = property(e, "STATUS").as_deref() == Some("CANCELLED");
                (uid, (sequence, cancelled))
            })
            .collect(),
    )
}

/// What `build` says of a publication whose plans' `published` time is not
/// after the last publication's.
const STAMPED: &str = "castcal: warning: the plans' `published` time is not after the last \
publication's, so this one is stamped with the time of this build (SOURCE_DATE_EPOCH when set); \
set `published:` in the plan to when this version is published\n";

struct World {
    _tmp: tempfile::TempDir,
    plans: [PathBuf; 2],
    public: PathBuf,
    model: Model,
    /// The highest SEQUENCE each UID was ever seen with in the folder.
    seen: BTreeMap<String, u64>,
}

impl World {
    /// `castcal build` of `plan` into the folder, to run.
    fn build(&self, plan: &Path) -> Test {
        Test::new(["build", "--lang", "en", plan.to_str().unwrap(), "-o"]).arg(&self.public)
    }

    /// `castcal build` of `plan`, which succeeds; standard error says
    /// nothing, or that the plan's unchanged `published` time was stamped
    /// after the last publication's. Its standard output.
    fn published(&self, plan: &Path, what: &str) -> String {
        let out = self.build(plan).stdout_any().stderr_any().run();
        assert!(
            out.stderr.is_empty() || out.stderr == STAMPED,
            "{what}: {}",
            out.stderr
        );
        assert!(out.stdout().starts_with("castcal: "), "{what}");
        out.stdout().to_owned()
    }

    /// No SEQUENCE in the folder is below what it ever was.
    fn never_down(&mut self, what: &str) {
        let Some(now) = feed(&self.public) else {
            return;
        };
        for (uid, (sequence, _)) in now {
            let seen = self.seen.entry(uid.clone()).or_insert(sequence);
            assert!(
                sequence >= *seen,
                "{what}: {uid} went down from {seen} to {sequence}"
            );
            *seen = sequence;
        }
    }

    /// The folder's feed is exactly the model's.
    fn as_modelled(&mut self, what: &str) {
        self.never_down(what);
        let now = feed(&self.public).unwrap();
        assert_eq!(now, self.model.feed(), "{what}");
    }
}

fn run(seed: u64, steps: usize) {
    let tmp = tempfile::tempdir().unwrap();
    let plans = [
        tmp.path().join("a/plan.yaml"),
        tmp.path().join("b/plan.yaml"),
    ];
    for p in &plans {
        fs::create_dir_all(p.parent().unwrap()).unwrap();
    }
    let public = tmp.path().join("public");
    let mut world = World {
        _tmp: tmp,
        plans,
        public,
        model: Model::default(),
        seen: BTreeMap::new(),
    };
    let mut rng = Rng(seed);
    let mut versions = [Version::first(), Version::first()];
    for (p, v) in world.plans.iter().zip(&versions) {
        fs::write(p, v.text()).unwrap();
    }
    for step in 0..steps {
        let what = format!("seed {seed}, step {step}");
        let k = usize::try_from(rng.next(2)).unwrap();
        match rng.next(8) {
            // An edit of one checkout.
            0 | 1 => {
                versions[k].edit(&mut rng);
                fs::write(&world.plans[k], versions[k].text()).unwrap();
            }
            // A build that ends well.
            2 | 3 => {
                world.published(&world.plans[k], &what);
                world.model.publish(&occurrences(&world.plans[k]));
                world.as_modelled(&what);
            }
            // A build killed after one of its steps.
            4 => {
                let at = ["locked", "stored", "staged", "swapped"]
                    [usize::try_from(rng.next(4)).unwrap()];
                // Aborted: ended by a signal, whatever it printed before;
                // or, with nothing to write (the folder is what the build
                // would write), ended well before it stores or stages.
                let out = world
                    .build(&world.plans[k])
                    .env("CASTCAL_FAIL_AT", at)
                    .status_one_of(&[-1, 0])
                    .stdout_any()
                    .stderr_any()
                    .run();
                if out.code == 0 {
                    assert!(
                        matches!(at, "stored" | "staged" | "swapped")
                            && out
                                .stdout()
                                .contains("nothing changed since the last publication"),
                        "{what}: not killed at {at}: {}",
                        out.stdout()
                    );
                }
                if at != "locked" {
                    world.model.publish(&occurrences(&world.plans[k]));
                }
                world.never_down(&format!("{what} (killed at {at})"));
            }
            // serve started on the folder (it publishes), then stopped.
            5 => {
                let store = world.public.with_file_name("public.history.sqlite");
                // A run the test drives itself: it waits for the address,
                // then stops the server.
                let mut child = Test::new(["serve", world.plans[k].to_str().unwrap()])
                    .args(["--addr", "127.0.0.1:0", "--dir"])
                    .arg(&world.public)
                    .arg("--history")
                    .arg(&store)
                    .command()
                    .stdout(Stdio::piped())
                    .stderr(Stdio::null())
                    .spawn()
                    .unwrap();
                common::served_address(&mut child);
                Command::new("kill")
                    .args(["-TERM", &child.id().to_string()])
                    .status()
                    .unwrap();
                child.wait().unwrap();
                world.model.publish(&occurrences(&world.plans[k]));
                world.as_modelled(&format!("{what} (serve)"));
            }
            // Exports deleted or mutated: nothing but their next writing.
            6 => {
                let name = ["occurrences.json", "changes.json", "all.ics"]
                    [usize::try_from(rng.next(3)).unwrap()];
                let path = world.public.join(name);
                if rng.next(2) == 0 {
                    let _ = fs::remove_file(&path);
                } else if let Ok(text) = fs::read_to_string(&path) {
                    let cut: String = text.chars().take(text.chars().count() / 2).collect();
                    fs::write(&path, cut).unwrap();
                }
            }
            // Both checkouts built at once.
            _ => {
                let (a, b) = std::thread::scope(|s| {
                    let ta = s.spawn(|| world.published(&world.plans[0], &what));
                    let tb = s.spawn(|| world.published(&world.plans[1], &what));
                    (ta.join().unwrap(), tb.join().unwrap())
                });
                // Which published first: the lower number (or the one that
                // found nothing to publish, before the other).
                let number = |out: &str| {
                    out.lines()
                        .find_map(|l| l.strip_prefix("castcal: publication "))
                        .and_then(|l| l.split(|c: char| !c.is_ascii_digit()).next())
                        .and_then(|n| n.parse::<u64>().ok())
                };
                let (na, nb) = (number(&a), number(&b));
                let order = match (na, nb) {
                    (Some(x), Some(y)) => {
                        assert_ne!(x, y, "{what}: the same publication twice");
                        if x < y {
                            [0, 1]
                        } else {
                            [1, 0]
                        }
                    }
                    (Some(_), None) => [1, 0],
                    _ => [0, 1],
                };
                for i in order {
                    world.model.publish(&occurrences(&world.plans[i]));
                }
                world.never_down(&format!("{what} (two at once)"));
                // The folder shows whichever swapped last; a build now shows
                // the model's last.
                let last = order[1];
                world.published(&world.plans[last], &what);
                world.model.publish(&occurrences(&world.plans[last]));
                world.as_modelled(&format!("{what} (after two at once)"));
            }
        }
    }
    // In the end, a build of each checkout agrees with the model.
    for k in 0..2 {
        world.published(&world.plans[k], &format!("seed {seed}, the end"));
        world.model.publish(&occurrences(&world.plans[k]));
        world.as_modelled(&format!("seed {seed}, the end"));
    }
}

#[test]
fn sequence_never_goes_down_and_the_folder_is_the_model_s() {
    let seeds: u64 = std::env::var("CASTCAL_MODEL_SEEDS")
        .ok()
        .and_then(|s| s.parse().ok())
        .unwrap_or(3);
    let steps: usize = std::env::var("CASTCAL_MODEL_STEPS")
        .ok()
        .and_then(|s| s.parse().ok())
        .unwrap_or(30);
    for seed in 0..seeds {
        run(0x5eed_0000 + seed, steps);
    }
}
