//! How castcal writes files, through the real binary: temporary files and
//! staging folders are made exclusively (a symbolic link planted where one
//! could be is never written through), and what a killed run left behind is
//! removed by the next run, while everything else stays.
#![allow(clippy::unwrap_used, clippy::expect_used)]

mod common;

use std::fs::{self, File};
use std::os::unix::fs::{symlink, FileTypeExt};
use std::path::{Path, PathBuf};
use std::process::{Command, Stdio};
use std::time::Duration;

use common::{root, Test};
use rustix::fs::{flock, FlockOperation};

/// The names in `dir`, sorted, but for the history of a published folder
/// kept beside it (`public.history.sqlite`, SQLite's files beside that,
/// and its lock), which tests/history.rs holds.
fn names(dir: &Path) -> Vec<String> {
    let mut v: Vec<String> = fs::read_dir(dir)
        .unwrap()
        .map(|e| e.unwrap().file_name().to_string_lossy().into_owned())
        .filter(|n| !n.contains(".history.sqlite"))
        .collect();
    v.sort();
    v
}

fn arg(path: &Path) -> &str {
    path.to_str().unwrap()
}

/// Runs castcal and expects exit status 0 and nothing on standard error.
fn ok(args: &[&str]) {
    Test::new(args).stdout_any().run();
}

/// The process id the system handed out last (the fourth field of
/// /proc/loadavg): the next castcal gets one a little above it.
fn last_pid() -> u32 {
    let text = fs::read_to_string("/proc/loadavg").unwrap();
    text.split_whitespace().nth(4).unwrap().parse().unwrap()
}

/// How many process ids after the last one get a planted link.
const PIDS_AHEAD: u32 = 3000;

#[test]
fn a_link_planted_where_a_temporary_file_could_be_is_never_written_through() {
    let tmp = tempfile::tempdir().unwrap();
    let victim = tmp.path().join("victim.txt");
    fs::write(&victim, "keep").unwrap();
    let nowhere = tmp.path().join("nowhere");
    let out = tmp.path().join("out");
    fs::create_dir(&out).unwrap();
    for (command, file, golden) in [
        ("ics", "all.ics", Some("tests/golden/ics/all.ics")),
        ("csv", "lich.csv", None),
        ("xlsx", "lich.xlsx", None),
        ("xmltv", "guide.xml", None),
        ("print", "year.html", None),
    ] {
        // The names castcal used to give its temporary file (`.NAME.PID.tmp`),
        // for every process id the next run can get: half of them links to
        // a file, half dangling links (which `open(O_CREAT)` would follow and
        // create the target of); and dangling links at names of today's form.
        let from = last_pid();
        for pid in from..from + PIDS_AHEAD {
            let target = if pid % 2 == 0 { &victim } else { &nowhere };
            symlink(target, out.join(format!(".{file}.{pid}.tmp"))).unwrap();
        }
        for name in [".castcal-tmp-000000000000", ".castcal-tmp-zzzzzzzzzzzz"] {
            symlink(&nowhere, out.join(name)).unwrap_or_default();
        }
        let path = out.join(file);
        ok(&[command, "-o", arg(&path)]);
        assert!(
            fs::read_to_string(&victim).unwrap() == "keep",
            "{command} wrote through a planted link"
        );
        assert!(
            fs::symlink_metadata(&nowhere).is_err(),
            "{command} created the target of a dangling link"
        );
        assert!(
            fs::symlink_metadata(&path).unwrap().is_file(),
            "{command} -o {file} is not a plain file"
        );
        if let Some(golden) = golden {
            assert!(fs::read(&path).unwrap() == fs::read(root().join(golden)).unwrap());
        }
        // Every planted link is still there, still a link; nothing else is.
        for name in names(&out) {
            if name != file
                && !["all.ics", "lich.csv", "lich.xlsx", "guide.xml", "year.html"]
                    .contains(&name.as_str())
            {
                let meta = fs::symlink_metadata(out.join(&name)).unwrap();
                assert!(meta.file_type().is_symlink(), "{name} left by {command}");
            }
        }
    }
    assert_eq!(names(tmp.path()), ["out", "victim.txt"]);
}

#[test]
fn a_link_planted_beside_the_published_folder_is_never_followed() {
    let tmp = tempfile::tempdir().unwrap();
    // A folder that looks like castcal's, reachable only through links with
    // castcal's names and with its old staging names.
    let elsewhere = tmp.path().join("elsewhere");
    fs::create_dir(&elsewhere).unwrap();
    fs::write(elsewhere.join(".castcal"), "written by castcal build\n").unwrap();
    fs::write(elsewhere.join("precious.txt"), "keep").unwrap();
    let parent = tmp.path().join("site");
    fs::create_dir(&parent).unwrap();
    let from = last_pid();
    for pid in from..from + PIDS_AHEAD {
        symlink(&elsewhere, parent.join(format!(".public.staging-{pid}"))).unwrap();
    }
    symlink(&elsewhere, parent.join(".castcal-staging-AAAAAAAAAAAA")).unwrap();
    let public = parent.join("public");
    ok(&["build", "-o", arg(&public)]);
    ok(&["build", "-o", arg(&public)]);
    assert_eq!(names(&elsewhere), [".castcal", "precious.txt"]);
    assert_eq!(
        fs::read_to_string(elsewhere.join("precious.txt")).unwrap(),
        "keep"
    );
    for name in names(&parent) {
        let meta = fs::symlink_metadata(parent.join(&name)).unwrap();
        assert!(
            name == "public" || meta.file_type().is_symlink(),
            "{name} left beside the folder"
        );
    }
    assert!(
        fs::symlink_metadata(parent.join(".castcal-staging-AAAAAAAAAAAA"))
            .unwrap()
            .file_type()
            .is_symlink()
    );
    assert!(public.join("all.ics").is_file());
}

#[test]
fn build_refuses_to_replace_a_link_to_a_folder() {
    let tmp = tempfile::tempdir().unwrap();
    let real = tmp.path().join("real");
    ok(&["build", "-o", arg(&real)]);
    let link = tmp.path().join("public");
    symlink(&real, &link).unwrap();
    Test::new(["build", "--lang", "en", "-o", arg(&link)])
        .status(2)
        .stderr(format!(
            "error: {}: refusing to replace a symbolic link: give the folder it points to\n",
            link.display()
        ))
        .run();
    assert!(fs::symlink_metadata(&link)
        .unwrap()
        .file_type()
        .is_symlink());
    assert_eq!(names(tmp.path()), ["public", "real"]);
}

/// What a killed run leaves in `dir`, what only looks like it, and what a
/// running castcal holds (the locks are the test's, held until the returned
/// files are dropped). Returns the names that must stay, and the locks.
fn plant(dir: &Path) -> (Vec<&'static str>, Vec<File>) {
    // Leftovers: a marked staging folder (with a big file in it), an
    // unlocked temporary file.
    let left = dir.join(".castcal-staging-KiLLedBuiLd1");
    fs::create_dir(&left).unwrap();
    fs::write(left.join(".castcal"), "written by castcal build\n").unwrap();
    fs::write(left.join("all.ics"), vec![b'x'; 1 << 20]).unwrap();
    fs::write(dir.join(".castcal-tmp-KiLLedWrite1"), "BEGIN:VCALENDAR\r\n").unwrap();
    // Look-alikes that are not castcal's.
    let unmarked = dir.join(".castcal-staging-NoMarker0000");
    fs::create_dir(&unmarked).unwrap();
    fs::write(unmarked.join("notes.txt"), "mine").unwrap();
    fs::write(dir.join(".castcal-tmp-mine"), "mine").unwrap();
    fs::write(dir.join(".castcal-tmp-TooLongToBeOurs"), "mine").unwrap();
    fs::create_dir(dir.join(".castcal-tmp-AFolder00000")).unwrap();
    fs::write(dir.join("notes.txt"), "mine").unwrap();
    // What a running castcal holds.
    let live = dir.join(".castcal-staging-StiLLRunning");
    fs::create_dir(&live).unwrap();
    fs::write(live.join(".castcal"), "written by castcal build\n").unwrap();
    let live_dir = File::open(&live).unwrap();
    flock(&live_dir, FlockOperation::LockExclusive).unwrap();
    let live_file = File::create(dir.join(".castcal-tmp-StiLLWriting")).unwrap();
    flock(&live_file, FlockOperation::LockExclusive).unwrap();
    (
        vec![
            ".castcal-staging-NoMarker0000",
            ".castcal-staging-StiLLRunning",
            ".castcal-tmp-AFolder00000",
            ".castcal-tmp-StiLLWriting",
            ".castcal-tmp-TooLongToBeOurs",
            ".castcal-tmp-mine",
            "notes.txt",
        ],
        vec![live_dir, live_file],
    )
}

#[test]
fn build_removes_what_a_killed_run_left_beside_the_folder_and_nothing_else() {
    let tmp = tempfile::tempdir().unwrap();
    let (mut stays, locks) = plant(tmp.path());
    ok(&["build", "-o", arg(&tmp.path().join("public"))]);
    stays.push("public");
    stays.sort();
    assert_eq!(names(tmp.path()), stays);
    assert_eq!(
        names(&tmp.path().join(".castcal-staging-NoMarker0000")),
        ["notes.txt"]
    );
    assert_eq!(
        fs::read_to_string(tmp.path().join("notes.txt")).unwrap(),
        "mine"
    );
    // Once their locks are let go, what was live is a leftover too.
    drop(locks);
    ok(&["build", "-o", arg(&tmp.path().join("public"))]);
    stays.retain(|n| !n.contains("StiLL"));
    assert_eq!(names(tmp.path()), stays);
}

#[test]
fn ics_o_removes_what_a_killed_run_left_beside_the_file_and_nothing_else() {
    let tmp = tempfile::tempdir().unwrap();
    let (mut stays, locks) = plant(tmp.path());
    for (command, file) in [("ics", "all.ics"), ("csv", "lich.csv")] {
        ok(&[command, "-o", arg(&tmp.path().join(file))]);
        stays.push(file);
        stays.sort();
        assert_eq!(names(tmp.path()), stays, "{command}");
    }
    drop(locks);
    ok(&["print", "-o", arg(&tmp.path().join("year.html"))]);
    stays.retain(|n| !n.contains("StiLL"));
    stays.push("year.html");
    stays.sort();
    assert_eq!(names(tmp.path()), stays);
}

/// Starts `castcal ARGS…` and kills it with SIGKILL after `delay` (a run
/// the test drives itself: what it wrote is looked at afterwards).
fn kill_after(args: &[&str], delay: Duration) {
    let mut child = Test::new(args)
        .command()
        .stdout(Stdio::null())
        .stderr(Stdio::null())
        .spawn()
        .unwrap();
    std::thread::sleep(delay);
    let _ = child.kill();
    child.wait().unwrap();
}

#[test]
fn after_a_run_killed_at_any_moment_the_next_one_leaves_only_its_output() {
    let tmp = tempfile::tempdir().unwrap();
    let reference = tmp.path().join("reference");
    ok(&["build", "-o", arg(&reference)]);
    let parent = tmp.path().join("site");
    fs::create_dir(&parent).unwrap();
    let public: PathBuf = parent.join("public");
    let file = parent.join("all.ics");
    for ms in (0..200).step_by(7) {
        let delay = Duration::from_millis(ms);
        kill_after(&["build", "-o", arg(&public)], delay);
        kill_after(&["ics", "-o", arg(&file)], delay / 3);
        ok(&["build", "-o", arg(&public)]);
        ok(&["ics", "-o", arg(&file)]);
        assert_eq!(
            names(&parent),
            ["all.ics", "public"],
            "killed after {ms} ms"
        );
        // The same files, but for the marker, which names each folder's
        // own history, and the record of how each file was left on disk.
        for name in names(&reference)
            .into_iter()
            .filter(|n| n != ".castcal" && n != ".castcal-built")
        {
            assert!(
                fs::read(public.join(&name)).unwrap() == fs::read(reference.join(&name)).unwrap(),
                "{name} differs after a run killed after {ms} ms"
            );
        }
        assert_eq!(names(&public), names(&reference));
    }
}

#[test]
fn runs_at_the_same_time_into_one_folder_never_take_each_other_s_files_for_leftovers() {
    let tmp = tempfile::tempdir().unwrap();
    let reference = tmp.path().join("reference");
    ok(&["build", "-o", arg(&reference)]);
    let feed = fs::read(root().join("tests/golden/ics/all.ics")).unwrap();
    let parent = tmp.path().join("site");
    fs::create_dir(&parent).unwrap();
    let public = parent.join("public");
    // Round 0 makes the folder: three first builds at once.
    for round in 0..6 {
        std::thread::scope(|s| {
            for i in 0..6 {
                let test = if i % 2 == 0 {
                    // A build says what it published.
                    Test::new(["build", "--lang", "en", "-o", arg(&public)])
                        .stdout_starts_with("castcal: ")
                } else {
                    Test::new(["ics", "--lang", "en", "-o"])
                        .arg(parent.join(format!("feed-{i}.ics")))
                };
                s.spawn(move || test.run());
            }
        });
        assert_eq!(
            names(&parent),
            ["feed-1.ics", "feed-3.ics", "feed-5.ics", "public"],
            "round {round}"
        );
        for i in [1, 3, 5] {
            assert!(fs::read(parent.join(format!("feed-{i}.ics"))).unwrap() == feed);
        }
        assert_eq!(names(&public), names(&reference));
    }
}

#[test]
fn a_folder_that_does_not_exist_is_named_in_a_message_that_is_the_same_every_time() {
    let tmp = tempfile::tempdir().unwrap();
    let path = tmp.path().join("missing/all.ics");
    for _ in 0..2 {
        Test::new(["ics", "--lang", "en", "-o", arg(&path)])
            .status(2)
            .stderr(format!(
                "error: cannot write {}: No such file or directory (os error 2)\n",
                path.display()
            ))
            .run();
    }
    assert_eq!(names(tmp.path()), Vec::<String>::new());
}

/// A small file system of its own, unmounted when dropped.
struct Tmpfs(PathBuf);

/// Mounts a tmpfs of `size` at `at` (made here). Mounting needs root, which
/// CI has: there a failure fails the test; elsewhere it is not run.
fn tmpfs(at: &Path, size: &str) -> Option<Tmpfs> {
    fs::create_dir(at).unwrap();
    let mounted = Command::new("mount")
        .args(["-t", "tmpfs", "-o", &format!("size={size}"), "tmpfs"])
        .arg(at)
        .stderr(Stdio::null())
        .status()
        .is_ok_and(|s| s.success());
    if mounted {
        return Some(Tmpfs(at.to_path_buf()));
    }
    assert_ne!(
        std::env::var("CI").as_deref(),
        Ok("true"),
        "CI runs as root and must be able to mount a small tmpfs"
    );
    eprintln!("not run: cannot mount a tmpfs here (needs root)");
    None
}

impl Drop for Tmpfs {
    fn drop(&mut self) {
        let _unmounted = Command::new("umount").arg(&self.0).status();
    }
}

/// A disk that fills up mid-write: the command fails with a message that
/// names the output (not a random temporary name), the old file and folder
/// stay as they were, and nothing is left beside them. Mounting needs root,
/// which CI has (see `tmpfs`).
#[test]
fn a_full_disk_keeps_the_old_outputs_and_leaves_nothing_behind() {
    let dir = tempfile::tempdir().unwrap();
    let Some(_small) = tmpfs(&dir.path().join("small"), "48k") else {
        return;
    };
    let small = dir.path().join("small");
    let feed = small.join("all.ics");
    fs::write(&feed, "old").unwrap();
    let berlin = root().join("tests/cases/dst/berlin.yaml");
    // The Berlin feed is 77 KiB: more than the 48 KiB file system holds.
    Test::new(["ics", "--lang", "en", arg(&berlin), "-o", arg(&feed)])
        .status(2)
        .stderr(format!(
            "error: cannot write {}: No space left on device (os error 28)\n",
            feed.display()
        ))
        .run();
    assert_eq!(fs::read_to_string(&feed).unwrap(), "old");
    assert_eq!(names(&small), ["all.ics"]);

    // The plan's folder is 384 KiB; the Berlin one beside it would need 532.
    let Some(_roomier) = tmpfs(&dir.path().join("roomier"), "600k") else {
        return;
    };
    let roomier = dir.path().join("roomier");
    let public = roomier.join("public");
    ok(&["build", "-o", arg(&public)]);
    let before = names(&public);
    let index = fs::read(public.join("index.html")).unwrap();
    // The history store beside the folder is what fills up first: the
    // message says so, and what to do.
    Test::new(["build", "--lang", "en", arg(&berlin), "-o", arg(&public)])
        .status(2)
        .stderr_starts_with("error: the history of publications ")
        .stderr_contains(arg(&public))
        .stderr_contains(
            "the disk it is on is full or failing; free space there and run again \
             (nothing was published: the folder and its history are as they were)",
        )
        .run();
    assert_eq!(names(&roomier), ["public"]);
    assert_eq!(names(&public), before);
    assert_eq!(fs::read(public.join("index.html")).unwrap(), index);
}

/// `-o` writes into what it names when that is a stream: a FIFO, a device,
/// a link to one (`/dev/stdout`); `-o -` is standard output. It is never
/// replaced by a regular file, and the run says nothing went wrong only
/// when the bytes got through.
#[test]
fn dash_o_writes_into_a_fifo_a_device_or_a_link_to_a_stream() {
    let tmp = tempfile::tempdir().unwrap();
    for command in [&["ics"][..], &["csv"], &["print"], &["xmltv"]] {
        let expected = Test::new(command).stdout_any().run().bytes;
        assert!(!expected.is_empty(), "{command:?}");
        // A FIFO, read (without blocking, so that a run that does not
        // write into it cannot hang the test) while castcal writes.
        let fifo = tmp.path().join("feed.fifo");
        let _ = fs::remove_file(&fifo);
        rustix::fs::mknodat(
            rustix::fs::CWD,
            &fifo,
            rustix::fs::FileType::Fifo,
            rustix::fs::Mode::from_raw_mode(0o600),
            0,
        )
        .unwrap();
        let reader = File::from(
            rustix::fs::open(
                &fifo,
                rustix::fs::OFlags::RDONLY | rustix::fs::OFlags::NONBLOCK,
                rustix::fs::Mode::empty(),
            )
            .unwrap(),
        );
        let mut args = command.to_vec();
        args.extend(["-o", arg(&fifo)]);
        // A run the test drives itself: it reads the FIFO while castcal runs.
        let mut child = Test::new(&args)
            .command()
            .stdout(Stdio::null())
            .stderr(Stdio::null())
            .spawn()
            .unwrap();
        let mut got = Vec::new();
        let status = loop {
            let done = child.try_wait().unwrap();
            let mut buf = [0u8; 65536];
            loop {
                match std::io::Read::read(&mut &reader, &mut buf) {
                    Ok(0) => break,
                    Ok(n) => got.extend_from_slice(&buf[..n]),
                    Err(e) if e.kind() == std::io::ErrorKind::WouldBlock => break,
                    Err(e) => panic!("{e}"),
                }
            }
            if let Some(status) = done {
                break status;
            }
            std::thread::sleep(Duration::from_millis(2));
        };
        assert_eq!(status.code(), Some(0), "{command:?}");
        assert!(got == expected, "{command:?}: the FIFO got other bytes");
        assert!(
            fs::symlink_metadata(&fifo).unwrap().file_type().is_fifo(),
            "{command:?}: the FIFO was replaced"
        );
        // A link to standard output, and `-`.
        for target in ["/dev/stdout", "-"] {
            let mut args = command.to_vec();
            args.extend(["-o", target]);
            Test::new(&args).stdout(expected.clone()).run();
        }
        // A device: written into, still a device.
        let mut args = command.to_vec();
        args.extend(["-o", "/dev/null"]);
        Test::new(&args).run();
        assert!(fs::metadata("/dev/null")
            .unwrap()
            .file_type()
            .is_char_device());
    }
}

/// A read-only file named with `-o` is refused, never replaced.
#[test]
fn dash_o_refuses_a_read_only_file() {
    use std::os::unix::fs::PermissionsExt;
    let tmp = tempfile::tempdir().unwrap();
    let file = tmp.path().join("reviewed.ics");
    fs::write(&file, "keep").unwrap();
    fs::set_permissions(&file, fs::Permissions::from_mode(0o444)).unwrap();
    for command in ["ics", "csv", "print", "xmltv", "xlsx"] {
        Test::new([command, "--lang", "en", "-o", arg(&file)])
            .status(2)
            .stderr_starts_with("error: ")
            .stderr_contains(
                "this file may not be written (read-only), so castcal does not replace it",
            )
            .run();
        assert_eq!(fs::read_to_string(&file).unwrap(), "keep", "{command}");
    }
    assert_eq!(names(tmp.path()), ["reviewed.ics"]);
}
