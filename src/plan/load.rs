//! Reading schedule files and folders into checked [`Plan`]s.

use std::collections::{BTreeMap, BTreeSet, HashMap, HashSet};
use std::fs;
use std::io::{self, Read};
use std::path::{Path, PathBuf};

use chrono::{Datelike, NaiveDate, NaiveDateTime, NaiveTime, Timelike};
use chrono_tz::Tz;
use serde::de::{DeserializeOwned, IgnoredAny};

use super::source::{Place, Position, Source};
use super::{raw, Activity, Holidays, LoadError, Outlet, Period, Plan, Rerun, Rule, Span, Start};
use crate::said::Said;

/// The most reruns one activity may declare; more is a typo, not a plan.
pub const MAX_RERUNS: usize = 16;
/// The largest schedule or holiday file castcal reads (schedules are kilobytes).
pub const MAX_FILE_BYTES: u64 = 8 * 1024 * 1024;
/// The most activities one schedule file may declare.
pub const MAX_ACTIVITIES: usize = 20_000;
/// The most schedule files one command reads.
pub const MAX_FILES: usize = 1_000;
/// The most folders one command looks into.
pub const MAX_FOLDERS: usize = 1_000;
/// How deep below a folder given castcal looks.
pub const MAX_FOLDER_DEPTH: usize = 16;
/// The most days off a plan may have, from all its holiday files.
pub const MAX_HOLIDAY_DAYS: usize = 10_000;
/// The first year a plan's dates may fall in: every output writes four-digit years.
pub const FIRST_YEAR: i32 = 1;
/// The last year a plan may name.
pub const LAST_YEAR: i32 = 9999;

/// The schedule files named by `paths`: files as given, and every `*.yaml` /
/// `*.yml` below a folder (except in folders named `holidays`, and `evidence`
/// where the as-run logs and confirmations of what was done are kept), sorted.
/// Symbolic links are followed, but a folder is looked into once and a file
/// read once, however many links lead to it.
///
/// # Errors
/// A path that does not exist or cannot be listed, nothing to read at all, or
/// more than [`MAX_FILES`] files, [`MAX_FOLDERS`] folders or folders nested
/// deeper than [`MAX_FOLDER_DEPTH`].
pub fn schedule_files(paths: &[PathBuf]) -> Result<Vec<PathBuf>, LoadError> {
    let mut walk = Walk::default();
    for path in paths {
        let meta = fs::metadata(path).map_err(LoadError::read(path))?;
        if meta.is_dir() {
            let before = walk.files.len();
            if walk.folder(path, 0)? && walk.files.len() == before {
                return Err(LoadError::input(
                    path,
                    crate::say!(
                        "thư mục này không có tệp kế hoạch nào (*.yaml, *.yml)",
                        "no schedule files (*.yaml, *.yml) in this folder"
                    ),
                ));
            }
        } else {
            walk.file(path)?;
        }
    }
    Ok(walk.files)
}

/// The folders beside the plans that hold other files: the days off
/// (`holidays/`) and the evidence of what aired or was done (`evidence/`).
const SKIPPED_FOLDERS: [&str; 2] = ["holidays", "evidence"];

#[derive(Default)]
struct Walk {
    files: Vec<PathBuf>,
    /// Canonical paths of the folders looked into and the files taken.
    folders_seen: HashSet<PathBuf>,
    files_seen: HashSet<PathBuf>,
}

impl Walk {
    fn file(&mut self, path: &Path) -> Result<(), LoadError> {
        let canonical = fs::canonicalize(path).unwrap_or_else(|_| path.to_path_buf());
        if !self.files_seen.insert(canonical) {
            return Ok(());
        }
        if self.files.len() == MAX_FILES {
            return Err(LoadError::input(
                path,
                crate::say!(
                    "hơn {MAX_FILES} tệp kế hoạch; castcal đọc nhiều nhất {MAX_FILES} tệp một lần",
                    "more than {MAX_FILES} schedule files; castcal reads at most {MAX_FILES} at once"
                ),
            ));
        }
        self.files.push(path.to_path_buf());
        Ok(())
    }

    /// Takes the schedule files below `dir`; `false` when it was looked into already.
    fn folder(&mut self, dir: &Path, depth: usize) -> Result<bool, LoadError> {
        let canonical = fs::canonicalize(dir).map_err(LoadError::read(dir))?;
        if !self.folders_seen.insert(canonical) {
            return Ok(false);
        }
        if depth > MAX_FOLDER_DEPTH {
            return Err(LoadError::input(
                dir,
                crate::say!(
                    "thư mục lồng nhau sâu hơn {MAX_FOLDER_DEPTH} cấp; castcal không tìm sâu hơn",
                    "folders nested more than {MAX_FOLDER_DEPTH} deep; castcal looks no deeper"
                ),
            ));
        }
        if self.folders_seen.len() > MAX_FOLDERS {
            return Err(LoadError::input(
                dir,
                crate::say!(
                    "hơn {MAX_FOLDERS} thư mục phải tìm; castcal tìm trong nhiều nhất {MAX_FOLDERS} thư mục",
                    "more than {MAX_FOLDERS} folders to look into; castcal looks into at most {MAX_FOLDERS}"
                ),
            ));
        }
        let entries = fs::read_dir(dir).map_err(LoadError::read(dir))?;
        let mut paths = entries
            .map(|e| e.map(|e| e.path()))
            .collect::<Result<Vec<_>, _>>()
            .map_err(LoadError::read(dir))?;
        paths.sort();
        for path in paths {
            // Through symbolic links: a link to a folder is a folder.
            let is_dir = fs::metadata(&path).is_ok_and(|m| m.is_dir());
            if is_dir {
                if path
                    .file_name()
                    .is_some_and(|n| !SKIPPED_FOLDERS.iter().any(|s| n == *s))
                {
                    self.folder(&path, depth + 1)?;
                }
            } else if path.extension().is_some_and(|e| e == "yaml" || e == "yml") {
                self.file(&path)?;
            }
        }
        Ok(true)
    }
}

/// Why a file could not be read: where in it, when that is known, and a
/// sentence that never quotes it.
struct Unreadable {
    position: Option<Position>,
    message: Said,
    /// The text as far as it could be decoded, to show the line in a
    /// schedule file's message.
    text: Option<String>,
    /// The system's error, when it is why.
    cause: Option<io::Error>,
}

impl Unreadable {
    fn new(message: Said) -> Self {
        Unreadable {
            position: None,
            message,
            text: None,
            cause: None,
        }
    }

    /// The file cannot be read, for the system's reason `e`.
    fn io(e: io::Error) -> Self {
        Unreadable {
            position: None,
            message: Said::from(e.to_string()),
            text: None,
            cause: Some(e),
        }
    }
}

/// Opens `path` for reading without waiting on a named pipe.
fn open(path: &Path) -> io::Result<fs::File> {
    #[cfg(unix)]
    {
        use rustix::fs::{Mode, OFlags};
        let fd = rustix::fs::open(
            path,
            OFlags::RDONLY | OFlags::NONBLOCK | OFlags::CLOEXEC,
            Mode::empty(),
        )?;
        Ok(fs::File::from(fd))
    }
    #[cfg(not(unix))]
    {
        fs::File::open(path)
    }
}

/// Which files are read: named in messages.
#[derive(Debug, Clone, Copy)]
enum Files {
    Schedule,
    Holiday,
}

impl Files {
    /// (Vietnamese, English).
    fn names(self) -> (&'static str, &'static str) {
        match self {
            Files::Schedule => ("tệp kế hoạch", "schedule files"),
            Files::Holiday => ("tệp ngày nghỉ", "holiday files"),
        }
    }
}

/// What a file that is not a regular file is, for a message: (Vietnamese,
/// English).
fn kind_of(meta: &fs::Metadata) -> Option<(&'static str, &'static str)> {
    let kind = meta.file_type();
    if kind.is_dir() {
        return Some(("một thư mục", "a folder"));
    }
    #[cfg(unix)]
    {
        use std::os::unix::fs::FileTypeExt;
        if kind.is_fifo() {
            return Some(("một đường ống có tên (named pipe)", "a named pipe"));
        }
        if kind.is_char_device() || kind.is_block_device() {
            return Some(("một thiết bị", "a device"));
        }
        if kind.is_socket() {
            return Some(("một socket", "a socket"));
        }
    }
    None
}

fn too_large(bytes: u64) -> Unreadable {
    let mib = MAX_FILE_BYTES / (1024 * 1024);
    Unreadable::new(crate::say!(
        "tệp lớn hơn {mib} MiB ({bytes} byte); castcal đọc tệp tối đa {mib} MiB",
        "it is larger than {mib} MiB ({bytes} bytes); castcal reads files of at most {mib} MiB"
    ))
}

/// The text of the regular file at `path`, at most [`MAX_FILE_BYTES`] long,
/// UTF-8 (a byte-order mark is dropped). `what` names such files in messages.
fn read_text(path: &Path, what: Files) -> Result<String, Unreadable> {
    let not_regular = |meta: &fs::Metadata| {
        Unreadable::new(match kind_of(meta) {
            Some((vi, en)) => crate::say!(
                "đây là {vi}, không phải một tệp thường; hãy chỉ đến tệp .yaml",
                "it is {en}, not a regular file"
            ),
            None => crate::say!(
                "đây không phải một tệp thường; hãy chỉ đến tệp .yaml",
                "it is not a regular file"
            ),
        })
    };
    // Through symbolic links, before opening: a pipe or a device is never read.
    let meta = fs::metadata(path).map_err(Unreadable::io)?;
    if !meta.is_file() {
        return Err(not_regular(&meta));
    }
    if meta.len() > MAX_FILE_BYTES {
        return Err(too_large(meta.len()));
    }
    let file = open(path).map_err(Unreadable::io)?;
    // What was opened, in case the path changed in between.
    let meta = file.metadata().map_err(Unreadable::io)?;
    if !meta.is_file() {
        return Err(not_regular(&meta));
    }
    let mut bytes = Vec::new();
    file.take(MAX_FILE_BYTES + 1)
        .read_to_end(&mut bytes)
        .map_err(Unreadable::io)?;
    if bytes.len() as u64 > MAX_FILE_BYTES {
        return Err(too_large(bytes.len() as u64));
    }
    decode(bytes, what)
}

/// UTF-16 or UTF-32, told by a byte-order mark or by NUL bytes between ASCII letters.
fn wide_encoding(bytes: &[u8]) -> Option<&'static str> {
    match bytes {
        [0xFF, 0xFE, 0, 0, ..] => return Some("UTF-32 (LE)"),
        [0, 0, 0xFE, 0xFF, ..] => return Some("UTF-32 (BE)"),
        [0xFF, 0xFE, ..] => return Some("UTF-16 (LE)"),
        [0xFE, 0xFF, ..] => return Some("UTF-16 (BE)"),
        _ => {}
    }
    let head = bytes.get(..512).unwrap_or(bytes);
    if !head.contains(&0) {
        return None;
    }
    let zero_at = |offset: usize, step: usize| {
        head.iter()
            .skip(offset)
            .step_by(step)
            .filter(|b| **b == 0)
            .count()
    };
    let quads = head.len() / 4;
    if quads > 0 && zero_at(1, 4) + zero_at(2, 4) + zero_at(3, 4) >= 3 * quads && zero_at(0, 4) == 0
    {
        return Some("UTF-32 (LE)");
    }
    if quads > 0 && zero_at(0, 4) + zero_at(1, 4) + zero_at(2, 4) >= 3 * quads && zero_at(3, 4) == 0
    {
        return Some("UTF-32 (BE)");
    }
    match (zero_at(0, 2), zero_at(1, 2)) {
        (0, _) => Some("UTF-16 (LE)"),
        (_, 0) => Some("UTF-16 (BE)"),
        _ => Some("UTF-16 or UTF-32"),
    }
}

/// Where the character after `text` is, as a line and column.
fn position_of(text: &str) -> Position {
    let line = text.matches('\n').count() + 1;
    let column = text.rsplit('\n').next().map_or(0, |l| l.chars().count()) + 1;
    Position { line, column }
}

fn decode(mut bytes: Vec<u8>, what: Files) -> Result<String, Unreadable> {
    let (what_vi, what_en) = what.names();
    if let Some(encoding) = wide_encoding(&bytes) {
        return Err(Unreadable::new(crate::say!(
            "tệp được mã hóa {encoding}, không phải UTF-8 như mọi {what_vi} (hãy lưu lại với mã UTF-8)",
            "it is {encoding} text, not UTF-8, which {what_en} are (save it as UTF-8)"
        )));
    }
    if bytes.starts_with(&[0xEF, 0xBB, 0xBF]) {
        bytes.drain(..3);
    }
    String::from_utf8(bytes).map_err(|e| {
        let valid = e.utf8_error().valid_up_to();
        let bytes = e.into_bytes();
        let before = bytes.get(..valid).map(String::from_utf8_lossy).unwrap_or_default();
        let byte = bytes.get(valid).copied().unwrap_or_default();
        Unreadable {
            position: Some(position_of(&before)),
            message: crate::say!(
                "tệp không phải văn bản UTF-8 như mọi {what_vi} (byte 0x{byte:02X} ở đây; mã Windows-1258, TCVN3 hay một mã cũ khác? hãy lưu lại với mã UTF-8)",
                "it is not UTF-8 text, which {what_en} are (byte 0x{byte:02X} here; Windows-1258 or another legacy encoding? save it as UTF-8)"
            ),
            text: Some(String::from_utf8_lossy(&bytes).into_owned()),
            cause: None,
        }
    })
}

/// A schedule file, read and indexed.
/// The text of the schedule file at `path`, read as [`load`] reads it (a
/// regular file, within the size limit, UTF-8 or UTF-16 with a byte-order
/// mark).
///
/// # Errors
/// The file cannot be read as a schedule file, said as [`load`] says it.
pub fn read_schedule_text(path: &Path) -> Result<String, LoadError> {
    read_text(path, Files::Schedule).map_err(|u| match u.position {
        Some(position) => LoadError::from(
            Place::in_text(path, u.text.as_deref().unwrap_or(""), Some(position)).error(
                u.message.map(|lang, text| match lang {
                    crate::said::Lang::En => text.replacen("it is", "the file is", 1),
                    crate::said::Lang::Vi => text,
                }),
            ),
        ),
        None => match u.cause {
            Some(source) => LoadError::Read {
                path: path.to_path_buf(),
                source,
            },
            None => {
                let (why_vi, why_en) = (&u.message.vi, &u.message.en);
                LoadError::input(
                    path,
                    crate::say!(
                        "không đọc được tệp kế hoạch: {why_vi}",
                        "cannot read the schedule file: {why_en}"
                    ),
                )
            }
        },
    })
}

fn read_source(path: &Path) -> Result<Source, LoadError> {
    let text = read_schedule_text(path)?;
    Ok(Source::new(path, text)?)
}

/// Reads every plan named by `paths` (see [`schedule_files`]).
///
/// # Errors
/// The first problem found, with its file, line and column: unreadable files,
/// YAML syntax, unknown fields, and everything [`load_one`] checks; and two
/// plans with the same id, or outlet ids that differ only in case.
pub fn load(paths: &[PathBuf]) -> Result<Vec<Plan>, LoadError> {
    let mut plans: Vec<Plan> = Vec::new();
    let mut holiday_cache = HashMap::new();
    let mut ids: HashMap<String, PathBuf> = HashMap::new();
    let mut outlet_ids: HashMap<String, (String, PathBuf)> = HashMap::new();
    for path in schedule_files(paths)? {
        let source = read_source(&path)?;
        let plan = read_plan(&source, &mut holiday_cache)?;
        if let Some(first) = ids.insert(plan.id.clone(), path.clone()) {
            return Err(source
                .error_at("plan.id", {
                    let (id, first) = (&plan.id, first.display());
                    crate::say!(
                        "mã kế hoạch `{id}` đã dùng trong {first}; mỗi kế hoạch cần một mã riêng",
                        "plan id `{id}` is already used by {first}; every plan needs its own id"
                    )
                })
                .into());
        }
        for id in plan.outlets.iter().map(|o| &o.id) {
            let lower = id.to_ascii_lowercase();
            match outlet_ids.get(&lower) {
                Some((other, file)) if other != id => {
                    return Err(source
                        .key_error_at(
                            &format!("outlets.{id}"),
                            {
                                let file = file.display();
                                crate::say!(
                                    "mã kênh `{id}` chỉ khác `{other}` trong {file} ở chữ hoa, chữ thường; trên macOS và Windows hai lịch của chúng thành một tệp, nên viết giống nhau",
                                    "outlet id `{id}` differs only in case from `{other}` in {file}; their feeds would be one file on macOS and Windows, so write it the same way"
                                )
                            },
                        )
                        .into());
                }
                Some(_) => {}
                None => {
                    outlet_ids.insert(lower, (id.clone(), path.clone()));
                }
            }
        }
        plans.push(plan);
    }
    place_outlets(&mut plans);
    Ok(plans)
}

/// Gives each outlet of `plans` its place among all their outlets, by id:
/// an outlet several plans declare has one place ([`Outlet::index`]).
fn place_outlets(plans: &mut [Plan]) {
    let ids: BTreeSet<String> = plans
        .iter()
        .flat_map(|p| p.outlets.iter().map(|o| o.id.clone()))
        .collect();
    let ids: Vec<String> = ids.into_iter().collect();
    for outlet in plans.iter_mut().flat_map(|p| p.outlets.iter_mut()) {
        outlet.index = ids.binary_search(&outlet.id).unwrap_or(0);
    }
}

/// Reads one plan from `text`, as if it were the file at `path` (holiday files
/// are looked for beside it).
///
/// # Errors
/// Everything wrong with the file, at its place: see docs/reference/schedule-file.md.
pub fn load_one(path: &Path, text: String) -> Result<Plan, LoadError> {
    if text.len() as u64 > MAX_FILE_BYTES {
        return Err(LoadError::input(path, {
            let why = too_large(text.len() as u64).message;
            let (why_vi, why_en) = (why.vi, why.en);
            crate::say!(
                "không đọc được tệp kế hoạch: {why_vi}",
                "cannot read the schedule file: {why_en}"
            )
        }));
    }
    let text = match text.strip_prefix('\u{feff}') {
        Some(rest) => rest.to_string(),
        None => text,
    };
    read_plan(&Source::new(path, text)?, &mut HashMap::new())
}

/// A problem at a place in the file being read: a position and a sentence.
type Problem = (Option<Position>, Said);

/// `private`: the file may be any file at all (a holiday file): messages
/// never quote it.
fn deserialize<T: DeserializeOwned>(
    source: &Source,
    what: &Said,
    private: bool,
) -> Result<T, Problem> {
    if source.text.trim().is_empty() {
        let (vi, en) = (&what.vi, &what.en);
        return Err((
            None,
            crate::say!("tệp trống; cần {vi}", "the file is empty; expected {en}"),
        ));
    }
    if let Some((position, message)) = source.syntax_error() {
        // The marked parser could not read the text: find the slip that
        // caused it (often lines before where the parser noticed), and say
        // what to change there.
        let position = match serde_yaml::from_str::<IgnoredAny>(&source.text) {
            Err(e) if !message.contains("expected <document start>") => {
                e.location().map_or(position, |l| Position {
                    line: l.line(),
                    column: l.column(),
                })
            }
            _ => position,
        };
        let (at, said) = super::explain::syntax(source, position, message, private);
        return Err((Some(at), said));
    }
    serde_yaml::from_str(source.english()).map_err(|e| {
        let (position, message) = serde_problem(&e);
        let position = source.original(position);
        if private {
            (position, super::explain::serde_plain(&redact(&message)))
        } else {
            (position, super::explain::serde(source, &message))
        }
    })
}

fn serde_problem(e: &serde_yaml::Error) -> (Option<Position>, String) {
    let position = e.location().map(|l| Position {
        line: l.line(),
        column: l.column(),
    });
    let message = e.to_string();
    // serde_yaml appends " at line L column C"; the diagnostic says it already.
    let message = match message.find(" at line ") {
        Some(cut) if position.is_some() => message.get(..cut).unwrap_or(&message).to_string(),
        _ => message,
    };
    (position, message)
}

/// A serde message without what it quotes from the file (`invalid type:
/// string "…", expected a sequence` loses the string).
fn redact(message: &str) -> String {
    if message.starts_with("missing field") {
        return message.to_string();
    }
    let (head, tail) = match message.split_once(", expected ") {
        Some((head, tail)) => (head, Some(tail)),
        None => (message, None),
    };
    let head = head.split(['"', '`']).next().unwrap_or("").trim_end();
    match tail {
        Some(tail) => format!("{head}, expected {tail}"),
        None => head.to_string(),
    }
}

fn read_plan(
    source: &Source,
    holiday_cache: &mut HashMap<PathBuf, Holidays>,
) -> Result<Plan, LoadError> {
    // Counted in the index, before serde builds them.
    let one_too_many = format!("activities[{MAX_ACTIVITIES}]");
    if source.position(&one_too_many).is_some() {
        return Err(source
            .error_at(
                &one_too_many,
                crate::say!(
                    "hơn {MAX_ACTIVITIES} hoạt động trong một tệp; castcal đọc nhiều nhất {MAX_ACTIVITIES}",
                    "more than {MAX_ACTIVITIES} activities in one file; castcal reads at most {MAX_ACTIVITIES}"
                ),
            )
            .into());
    }
    if let Some(unknown) = source.unknown_key() {
        return Err(unknown.into());
    }
    let what = crate::say!(
        "một kế hoạch (plan:, outlets:, activities:)",
        "a plan (plan:, outlets:, activities:)"
    );
    let file: raw::File = deserialize(source, &what, false)
        .map_err(|(position, message)| source.at(position).error(source.in_its_words(message)))?;
    let raw::File {
        plan,
        outlets,
        activities,
    } = file;

    check_slug(
        source,
        "plan.id",
        &plan.id,
        &crate::say!("mã kế hoạch", "plan id"),
    )?;
    let timezone: Tz = plan.timezone.parse().map_err(|_| {
        source.error_at("plan.timezone", {
            let zone = &plan.timezone;
            crate::say!(
                "không có múi giờ `{zone}`; viết tên múi giờ IANA, ở Việt Nam là Asia/Ho_Chi_Minh",
                "unknown time zone `{zone}`; expected an IANA name such as Asia/Ho_Chi_Minh"
            )
        })
    })?;
    let from = parse_date(source, "plan.period.from", &plan.period.from)?;
    let to = parse_date(source, "plan.period.to", &plan.period.to)?;
    if to < from {
        return Err(source
            .error_at(
                "plan.period.to",
                {
                    let (to_vi, from_vi) = (to.format("%d/%m/%Y"), from.format("%d/%m/%Y"));
                    crate::say!(
                        "kỳ kế hoạch kết thúc ({to_vi}) trước khi bắt đầu ({from_vi}); `to` phải là ngày cuối, `from` là ngày đầu, đổi chỗ hai ngày",
                        "the period ends ({to}) before it starts ({from}); `to` is the last day and `from` the first, swap them"
                    )
                },
            )
            .into());
    }
    let period = Period { from, to };
    let published = match plan.published.as_deref() {
        None => from.and_time(NaiveTime::MIN),
        Some(text) => {
            let t = parse_start(source, "plan.published", text, timezone)?.wall();
            // Stamps are written in UTC, which may be another year.
            let utc = crate::zone::place_in_zone(t, timezone).naive_utc();
            if !(1..=LAST_YEAR).contains(&utc.year()) {
                return Err(source
                    .error_at(
                        "plan.published",
                        {
                            let year = utc.year();
                            crate::say!(
                                "`{text}` rơi vào năm {year} theo giờ UTC, giờ ghi dấu thời gian; tệp lịch chỉ chứa các năm 0001 đến {LAST_YEAR}",
                                "`{text}` is in the year {year} in UTC, which stamps are written in; calendar files hold the years 0001 to {LAST_YEAR} only"
                            )
                        },
                    )
                    .into());
            }
            t
        }
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
                    .error_at(
                        "plan.refresh",
                        crate::say!(
                        "`refresh` `{text}` phải có độ dài cố định: dùng tuần, ngày, giờ hoặc phút",
                        "refresh `{text}` must be a fixed length: use weeks, days, hours or minutes"
                    ),
                    )
                    .into());
            }
            span
        }
    };

    let (holidays, holiday_files) =
        read_holiday_list(source, &plan.holidays, period, holiday_cache)?;

    let mut outlet_map = BTreeMap::new();
    let mut lower: HashMap<String, String> = HashMap::new();
    let key_line = |id: &str| {
        source
            .place(&format!("outlets.{id}"))
            .position
            .map(|p| (p.line, p.column))
    };
    for (id, o) in outlets {
        let path = format!("outlets.{id}");
        check_slug(source, &path, &id, &crate::say!("mã kênh", "outlet id"))?;
        let folded = id.to_ascii_lowercase();
        if crate::files::is_reserved_outlet_id(&id) {
            return Err(source
                .key_error_at(
                    &path,
                    {
                        let stems = crate::files::reserved_stems().collect::<Vec<_>>().join(", ");
                        crate::say!(
                            "mã kênh `{id}` sẽ ghi đè một tệp castcal xuất bản, hoặc là tên tệp Windows không mở được; chọn mã khác (không dùng, viết hoa hay thường: {stems}, mã kết thúc bằng -changes hoặc bằng gạch nối và bốn chữ số (KG-2023: lưu trữ một năm), và tên thiết bị của Windows con, prn, aux, nul, com0–com9, lpt0–lpt9)",
                            "outlet id `{id}` would overwrite a file castcal publishes, or name a file Windows cannot open; choose another (reserved in any case: {stems}, ids ending in -changes or in a dash and four digits (KG-2023: a year's archive), and Windows's device names con, prn, aux, nul, com0–com9, lpt0–lpt9)"
                        )
                    },
                )
                .into());
        }
        if let Some(other) = lower.get(&folded) {
            // Report the one written later in the file.
            let (first, second) = if key_line(other) <= key_line(&id) {
                (other.clone(), id.clone())
            } else {
                (id.clone(), other.clone())
            };
            return Err(source
                .key_error_at(
                    &format!("outlets.{second}"),
                    crate::say!(
                        "mã kênh `{second}` chỉ khác `{first}` ở chữ hoa, chữ thường; trên macOS và Windows hai lịch của chúng thành một tệp, nên chọn mã khác nhau về chữ",
                        "outlet id `{second}` differs only in case from `{first}`; their feeds would be one file on macOS and Windows, so choose ids that differ in letters"
                    ),
                )
                .into());
        }
        lower.insert(folded, id.clone());
        outlet_map.insert(
            id.clone(),
            Outlet {
                id,
                index: 0,
                name: o.name,
                kind: o.kind,
            },
        );
    }
    // By id, each at its place among this plan's (the plans loaded together
    // give them their common places: see `load`).
    let outlet_map: Vec<Outlet> = outlet_map
        .into_values()
        .enumerate()
        .map(|(index, o)| Outlet { index, ..o })
        .collect();

    let mut seen: HashMap<String, usize> = HashMap::new();
    let mut checked = Vec::with_capacity(activities.len());
    for (i, a) in activities.into_iter().enumerate() {
        let at = |field: &str| format!("activities[{i}].{field}");
        check_slug(
            source,
            &at("id"),
            &a.id,
            &crate::say!("mã hoạt động", "activity id"),
        )?;
        if let Some(first) = seen.insert(a.id.clone(), i) {
            let id = &a.id;
            let (number, first_number) = (i + 1, first + 1);
            let line = source
                .position(&format!("activities[{first}].id"))
                .map_or(0, |p| p.line);
            return Err(source
                .error_at(
                    &at("id"),
                    crate::say!(
                        "mã hoạt động `{id}` của hoạt động thứ {number} đã dùng ở dòng {line} (hoạt động thứ {first_number}); mỗi hoạt động cần một mã riêng",
                        "activity id `{id}` of activity {number} is already used at line {line} (activity {first_number}); every activity needs its own id"
                    ),
                )
                .into());
        }
        checked.push(read_activity(
            source,
            &outlet_map,
            timezone,
            period,
            &holidays,
            a,
            &at,
        )?);
    }

    Ok(Plan {
        id: plan.id,
        title: plan.title,
        short_title: plan.short_title.filter(|t| !t.trim().is_empty()),
        reference: plan.reference,
        timezone,
        period,
        holidays,
        holiday_files,
        outlets: outlet_map,
        activities: checked,
        published,
        published_place: source.place("plan.published"),
        refresh,
        source: source.path.clone(),
        keys: source.keys_lang(),
    })
}

#[allow(clippy::too_many_arguments)]
fn read_activity(
    source: &Source,
    outlets: &[Outlet],
    tz: Tz,
    period: Period,
    holidays: &Holidays,
    a: raw::Activity,
    at: &dyn Fn(&str) -> String,
) -> Result<Activity, LoadError> {
    let outlet_ref = |path: &str, id: &str| -> Result<usize, LoadError> {
        if let Ok(i) = outlets.binary_search_by(|o| o.id.as_str().cmp(id)) {
            return Ok(i);
        }
        let known: Vec<&str> = outlets.iter().map(|o| o.id.as_str()).collect();
        let known = known.join(", ");
        let message = if known.is_empty() {
            crate::say!(
                "kênh {id} không có trong `outlets`: kế hoạch này chưa khai báo kênh nào",
                "unknown outlet `{id}`; this plan declares no outlets"
            )
        } else {
            crate::say!(
                "kênh {id} không có trong `outlets`: {known}",
                "unknown outlet `{id}`; expected one of: {known}"
            )
        };
        Err(source.error_at(path, message).into())
    };
    let outlet = a
        .outlet
        .as_deref()
        .map(|o| outlet_ref(&at("outlet"), o))
        .transpose()?;

    let budget_vnd = a
        .budget_vnd
        .as_ref()
        .map(|b| b.vnd().map_err(|m| source.error_at(&at("budget_vnd"), m)))
        .transpose()?;
    let (reading, start) = match (&a.start, &a.when) {
        (Some(_), Some(_)) => {
            return Err(source
                .error_at(
                    &at("when"),
                    crate::say!(
                        "hoạt động có cả `start` và `when`; chỉ viết một: `start` (có thể kèm `rrule`) hoặc `when`",
                        "this activity has both `start` and `when`; write only one: `start` (with `rrule` if it repeats) or `when`"
                    ),
                )
                .into())
        }
        (None, None) => {
            return Err(source
                .error_at(
                    &at("id"),
                    crate::say!(
                        "hoạt động không nói khi nào diễn ra; thêm `when` (ví dụ `when: 20 giờ thứ Sáu hằng tuần`) hoặc `start`",
                        "this activity does not say when it happens; add `when` (e.g. `when: 20 giờ thứ Sáu hằng tuần`) or `start`"
                    ),
                )
                .into())
        }
        (None, Some(text)) => {
            if a.rrule.is_some() {
                return Err(source
                    .error_at(
                        &at("rrule"),
                        crate::say!(
                            "`rrule` đi với `start`; với `when`, cụm từ đã nói cách lặp lại: bỏ `rrule`",
                            "`rrule` goes with `start`; with `when` the phrase says how it repeats: drop `rrule`"
                        ),
                    )
                    .into());
            }
            let deadline = a.kind == super::ActivityKind::Deadline;
            let r = super::when::read(source, &at("when"), text, deadline, period, holidays)?;
            let start = r.start;
            (Some(r), start)
        }
        (Some(text), None) => (None, parse_start(source, &at("start"), text, tz)?),
    };
    let start_path = at(if reading.is_some() { "when" } else { "start" });
    let all_day = matches!(start, Start::Day(_));
    let wall_start = start.wall();

    let rule_path = at(if reading.is_some() { "when" } else { "rrule" });
    let rule_text = match &reading {
        Some(r) => r.rrule.clone(),
        None => a.rrule.clone(),
    };
    let rule = rule_text
        .as_deref()
        .map(|text| {
            Rule::parse(text, wall_start, all_day, tz)
                .map_err(|m| LoadError::from(source.error_at(&rule_path, m)))
        })
        .transpose()?;

    let dates = |field: &str, list: &[String]| -> Result<Vec<Start>, LoadError> {
        let mut out = Vec::with_capacity(list.len());
        for (j, text) in list.iter().enumerate() {
            let path = at(&format!("{field}[{j}]"));
            let d = parse_start(source, &path, text, tz)?;
            if all_day && matches!(d, Start::At(_)) {
                return Err(source
                    .error_at(
                        &path,
                        crate::say!(
                            "`{text}` có giờ, nhưng hoạt động này diễn ra cả ngày; chỉ viết ngày",
                            "`{text}` has a time, but this activity is all-day; write a date"
                        ),
                    )
                    .into());
            }
            out.push(d);
        }
        Ok(out)
    };
    let mut rdates = dates("rdates", &a.rdates)?;
    let mut exdates = dates("exdates", &a.exdates)?;
    if let Some(r) = &reading {
        rdates.extend(r.rdates.iter().copied());
        exdates.extend(r.exdates.iter().copied());
    }

    let written = a
        .duration
        .as_deref()
        .map(|text| parse_span(source, &at("duration"), text, all_day))
        .transpose()?;
    let said = reading
        .as_ref()
        .and_then(|r| r.length.as_deref())
        .map(|text| Span::parse(text).map_err(|m| LoadError::from(source.error_at(&start_path, m))))
        .transpose()?;
    let duration = match (said, written) {
        (Some(s), Some(w)) if !same_length(s, w) => {
            let (s, w) = (s.to_string(), a.duration.clone().unwrap_or_default());
            return Err(source
                .error_at(
                    &at("duration"),
                    crate::say!(
                        "`duration` ({w}) khác độ dài mà lịch nói ({s}); bỏ một trong hai",
                        "`duration` ({w}) differs from the length the phrase says ({s}); drop one of them"
                    ),
                )
                .into());
        }
        (Some(s), _) | (None, Some(s)) => s,
        (None, None) if all_day => Span {
            days: 1,
            ..Span::default()
        },
        (None, None) => {
            return Err(source
                .error_at(
                    &start_path,
                    crate::say!(
                        "hoạt động có giờ cần `duration` (ví dụ `12 phút` hoặc PT12M)",
                        "a timed activity needs a `duration` (for example `12 phút` or PT12M)"
                    ),
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
    if let Some(said) = reading.as_ref().filter(|r| !r.reruns.is_empty()) {
        if !a.reruns.is_empty() {
            return Err(source
                .error_at(
                    &at("reruns"),
                    crate::say!(
                        "phát lại được nói cả trong `when` và ở `reruns`; chỉ giữ một nơi",
                        "reruns are said both in `when` and under `reruns`; keep one"
                    ),
                )
                .into());
        }
        for r in &said.reruns {
            let outlet = r
                .outlet
                .as_deref()
                .map(|o| outlet_ref(&start_path, o))
                .transpose()?;
            reruns.push(Rerun {
                origin: source.place(&start_path),
                days_after: r.days_after,
                at: r.at,
                outlet,
                duration: None,
            });
        }
    }
    for (k, r) in a.reruns.iter().enumerate() {
        let rp = |field: &str| at(&format!("reruns[{k}].{field}"));
        let at_time = match &r.at {
            Some(_) if all_day => {
                return Err(source
                    .error_at(&rp("at"), crate::say!(
                        "hoạt động này kéo dài cả ngày, nên các lần phát lại cũng là cả ngày; bỏ `at`, hoặc ghi giờ cho `start`",
                        "this activity is all-day, so its reruns are whole days too; drop `at` or give `start` a time"
                    ))
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
            origin: source.place(&at(&format!("reruns[{k}]"))),
            days_after: r.days_after,
            at: at_time,
            outlet: rerun_outlet,
            duration: rerun_duration,
        });
    }

    let color = a
        .color
        .map(|c| match super::color::by_name(&c) {
            Some(_) => Ok(c),
            None => {
                let names: Vec<&str> = super::color::PALETTE.iter().map(|c| c.name).collect();
                Err(source.error_at(&at("color"), {
                    let names = names.join(", ");
                    crate::say!(
                        "không có màu `{c}`; màu phải là một trong: {names}",
                        "unknown colour `{c}`; expected one of: {names}"
                    )
                }))
            }
        })
        .transpose()?;

    let mut accept = Vec::with_capacity(a.accept.len());
    for (k, entry) in a.accept.into_iter().enumerate() {
        let path = at(&format!("accept[{k}]"));
        let (code, reason) = match entry {
            raw::Accept::Code(code) => (code, None),
            raw::Accept::Reasoned(r) => (r.code, r.reason),
        };
        if !super::ACCEPTABLE.contains(&code.as_str()) {
            let can = super::ACCEPTABLE.join(", ");
            let message = if super::UNACCEPTABLE.contains(&code.as_str()) {
                crate::say!(
                    "`{code}` là một lỗi, kế hoạch không thể chấp nhận: hãy sửa kế hoạch; kế hoạch chỉ chấp nhận được: {can}",
                    "`{code}` is an error, which a plan cannot accept: change the plan instead; a plan can accept: {can}"
                )
            } else {
                crate::say!(
                    "không có phát hiện `{code}`; kế hoạch chấp nhận được: {can}",
                    "unknown finding `{code}`; a plan can accept: {can}"
                )
            };
            return Err(source.error_at(&path, message).into());
        }
        accept.push(super::Accept {
            code,
            reason,
            place: source.place(&path),
        });
    }
    let places = super::Places {
        start: source.place(&start_path),
        rrule: rule.is_some().then(|| source.place(&rule_path)),
        rdates: (0..a.rdates.len())
            .map(|j| source.place(&at(&format!("rdates[{j}]"))))
            .collect(),
        expect: a.expect.is_some().then(|| source.place(&at("expect"))),
        duration: if a.duration.is_some() {
            source.place(&at("duration"))
        } else {
            source.place(&start_path)
        },
        on_holiday: source
            .position(&at("on_holiday"))
            .map(|_| source.place(&at("on_holiday"))),
    };

    Ok(Activity {
        color,
        places,
        accept,
        origin: source.place(&at("id")),
        id: a.id,
        title: a.title,
        kind: a.kind,
        lead: a.lead,
        partners: a.partners,
        product: a.product,
        budget_vnd,
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
        phrase: a.when,
        beyond: reading.map(|r| r.beyond).unwrap_or_default(),
    })
}

/// Whether two lengths are the same (`PT90M` and `PT1H30M`).
fn same_length(a: Span, b: Span) -> bool {
    (a.years, a.months, a.weeks * 7 + a.days, a.exact())
        == (b.years, b.months, b.weeks * 7 + b.days, b.exact())
}

enum HolidayProblem {
    /// The file cannot be read as text.
    Unreadable(Unreadable),
    /// What it says is wrong, at a place in it.
    Content(Option<Position>, Said),
}

/// The days off a plan names in `holidays:`: each holiday file (read once
/// per run, however many plans name it) and `VN`, Vietnam's built-in
/// calendar.
fn read_holiday_list(
    source: &Source,
    names: &[String],
    period: Period,
    holiday_cache: &mut HashMap<PathBuf, Holidays>,
) -> Result<(Holidays, Vec<PathBuf>), LoadError> {
    let mut holidays = Holidays::default();
    let mut holiday_files = Vec::new();
    // Days off taken from the files, counted however often they repeat.
    let mut merged = 0;
    for (i, name) in names.iter().enumerate() {
        if name.trim().eq_ignore_ascii_case(BUILT_IN_CALENDAR) {
            built_in(source, i, period, &mut holidays)?;
            continue;
        }
        let path = source.path.parent().unwrap_or(Path::new("")).join(name);
        holiday_files.push(path.clone());
        let days = match holiday_cache.get(&path) {
            Some(days) => days.clone(),
            None => {
                // Never quote a holiday file: it may be any file at all
                // (`/etc/passwd`); point at the entry that names it.
                let days = read_holidays(&path).map_err(|problem| {
                    let file = path.display();
                    let (lead, position, message) = match problem {
                        HolidayProblem::Unreadable(u)
                            if u.cause.as_ref().map(io::Error::kind)
                                == Some(io::ErrorKind::NotFound) =>
                        {
                            return source.error_at(
                                &format!("plan.holidays[{i}]"),
                                crate::say!(
                                    "không có tệp ngày nghỉ {file}; kiểm tra tên tệp (tính từ thư mục của tệp kế hoạch), hoặc dùng {BUILT_IN_CALENDAR}, lịch nghỉ có sẵn của Việt Nam",
                                    "there is no holiday file {file}; check its name (from the schedule file's folder), or use {BUILT_IN_CALENDAR}, Vietnam's built-in calendar"
                                ),
                            );
                        }
                        HolidayProblem::Unreadable(u) => (
                            crate::say!(
                                "không đọc được tệp ngày nghỉ {file}",
                                "cannot read holiday file {file}"
                            ),
                            u.position,
                            u.message,
                        ),
                        HolidayProblem::Content(position, message) => (
                            crate::say!("tệp ngày nghỉ {file}", "holiday file {file}"),
                            position,
                            message,
                        ),
                    };
                    let at = position.map_or(Said::default(), |p| {
                        let (line, column) = (p.line, p.column);
                        crate::say!(", dòng {line}, cột {column}", ", line {line}, column {column}")
                    });
                    let (lead_vi, lead_en, at_vi, at_en) = (lead.vi, lead.en, at.vi, at.en);
                    let (m_vi, m_en) = (message.vi, message.en);
                    source.error_at(
                        &format!("plan.holidays[{i}]"),
                        crate::say!("{lead_vi}{at_vi}: {m_vi}", "{lead_en}{at_en}: {m_en}"),
                    )
                })?;
                holiday_cache.insert(path.clone(), days.clone());
                days
            }
        };
        merged += days.len();
        if merged <= MAX_HOLIDAY_DAYS {
            for h in days.iter() {
                holidays.insert(h.date, &h.name);
            }
        } else {
            return Err(source
                .error_at(
                    &format!("plan.holidays[{i}]"),
                    {
                        let file = path.display();
                        crate::say!(
                            "thêm tệp ngày nghỉ {file}, kế hoạch này có hơn {MAX_HOLIDAY_DAYS} ngày nghỉ; castcal nhận nhiều nhất {MAX_HOLIDAY_DAYS}",
                            "with holiday file {file}, this plan has more than {MAX_HOLIDAY_DAYS} days off; castcal takes at most {MAX_HOLIDAY_DAYS}"
                        )
                    },
                )
                .into());
        }
    }

    Ok((holidays, holiday_files))
}

/// The name of Vietnam's built-in calendar in `holidays:`.
pub const BUILT_IN_CALENDAR: &str = "VN";

/// Adds Vietnam's days off and make-up working days of every year of the
/// period, and of the year after it (where a rerun or a deadline of the
/// period's end may fall) when the calendar holds it, to `holidays`.
fn built_in(
    source: &Source,
    i: usize,
    period: Period,
    holidays: &mut Holidays,
) -> Result<(), LoadError> {
    let (first, last) = (period.from.year(), period.to.year());
    let years = crate::workdays::years(first..=last).map_err(|e| {
        source.error_at(
            &format!("plan.holidays[{i}]"),
            {
                let (from, to) = (period.from, period.to);
                let (from_vi, to_vi) = (from.format("%d/%m/%Y"), to.format("%d/%m/%Y"));
                crate::say!(
                    "{e}: kỳ kế hoạch {from_vi} đến {to_vi} cần các năm {first}–{last}; thay {BUILT_IN_CALENDAR} bằng một tệp ngày nghỉ cho những năm đó",
                    "{e}: the period {from} to {to} needs {first}–{last}; name a holiday file for those years instead of {BUILT_IN_CALENDAR}"
                )
            },
        )
    })?;
    let next = crate::workdays::year(last.saturating_add(1)).ok();
    for year in years.iter().chain(next.as_ref()) {
        for d in &year.days_off {
            holidays.insert(d.date, &d.name.vietnamese());
        }
        for d in &year.working_days {
            holidays.insert_working(d.date, &d.name.vietnamese());
        }
        // The year after the period only lends its first days: it is not
        // said to be provisional for this plan.
        if year.provisional && year.year <= last {
            holidays.add_provisional(year.year);
        }
    }
    Ok(())
}

/// The days off in the holiday file at `path`. Messages never quote it.
fn read_holidays(path: &Path) -> Result<Holidays, HolidayProblem> {
    let text = read_text(path, Files::Holiday).map_err(HolidayProblem::Unreadable)?;
    holidays_of(path, text)
}

/// Whether `text` is written as a holiday file: a list (of `{ date,
/// name }` or `{ from, to, name }`), where a plan is a mapping.
pub fn is_holiday_file(text: &str) -> bool {
    serde_yaml::from_str::<serde_yaml::Value>(text).is_ok_and(|v| v.is_sequence())
}

/// Checks that `text`, the holiday file at `path`, loads: what `castcal
/// fmt` asks of a holiday file before and after rewriting it.
///
/// # Errors
/// What is wrong with it, at its place (quoted: the file was named to be read).
pub fn load_holiday_text(path: &Path, text: String) -> Result<(), LoadError> {
    let source = Source::new(path, text.clone())?;
    holidays_of(path, text)
        .map(|_| ())
        .map_err(|problem| match problem {
            HolidayProblem::Content(position, message) => source.at(position).error(message).into(),
            HolidayProblem::Unreadable(u) => LoadError::Input {
                path: path.to_path_buf(),
                message: u.message,
            },
        })
}

/// The days off in `text`, the holiday file at `path`.
fn holidays_of(path: &Path, text: String) -> Result<Holidays, HolidayProblem> {
    let source = Source::new(path, text)
        .map_err(|d| HolidayProblem::Content(d.place.position, d.message))?;
    let list: Vec<raw::Holiday> = deserialize(
        &source,
        &crate::say!(
            "một danh sách {{ date, name }} hoặc {{ from, to, name }}",
            "a list of {{ date, name }} or {{ from, to, name }}"
        ),
        true,
    )
    .map_err(|(position, message)| HolidayProblem::Content(position, message))?;
    let problem =
        |path: &str, message: Said| HolidayProblem::Content(source.place(path).position, message);
    let date = |path: &str, text: &str| {
        date_of(text).map_err(|e| match e {
            DateProblem::NotADate => problem(
                path,
                crate::say!(
                    "không phải một ngày; viết ngày trước, như 02/09/2023 (hoặc 2023-09-02)",
                    "not a date; expected YYYY-MM-DD or DD/MM/YYYY"
                ),
            ),
            DateProblem::Year(_) => problem(
                path,
                crate::say!(
                    "năm nằm ngoài {FIRST_YEAR} đến {LAST_YEAR}, những năm castcal xử lý",
                    "a year outside {FIRST_YEAR} to {LAST_YEAR}, the years castcal handles"
                ),
            ),
        })
    };
    let mut holidays = Holidays::default();
    let mut days: usize = 0;
    for (i, h) in list.iter().enumerate() {
        let at = |field: &str| format!("[{i}].{field}");
        let (from, to) = match (&h.date, &h.from, &h.to) {
            (Some(d), None, None) => {
                let d = date(&at("date"), d)?;
                (d, d)
            }
            (None, Some(f), Some(t)) => (date(&at("from"), f)?, date(&at("to"), t)?),
            _ => {
                return Err(problem(
                    &format!("[{i}]"),
                    crate::say!(
                        "mỗi ngày nghỉ cần `date`, hoặc cả `from` và `to`",
                        "a holiday needs either `date`, or both `from` and `to`"
                    ),
                ))
            }
        };
        if to < from {
            return Err(problem(&at("to"), {
                let (to_vi, from_vi) = (to.format("%d/%m/%Y"), from.format("%d/%m/%Y"));
                crate::say!(
                        "kỳ nghỉ kết thúc ({to_vi}) trước khi bắt đầu ({from_vi}); đổi chỗ `from` và `to`",
                        "the holiday ends ({to}) before it starts ({from}); swap `from` and `to`"
                    )
            }));
        }
        if (to - from).num_days() > 366 {
            return Err(problem(
                &at("to"),
                crate::say!(
                    "kỳ nghỉ dài hơn một năm không phải là kỳ nghỉ",
                    "a holiday longer than a year is not a holiday"
                ),
            ));
        }
        // Counted however often they repeat: each costs a name's length.
        let span = usize::try_from((to - from).num_days()).unwrap_or(usize::MAX);
        days = days.saturating_add(span).saturating_add(1);
        if days <= MAX_HOLIDAY_DAYS {
            for d in from.iter_days().take_while(|d| *d <= to) {
                holidays.insert(d, &h.name);
            }
        } else {
            return Err(problem(
                &format!("[{i}]"),
                crate::say!(
                    "tệp này có hơn {MAX_HOLIDAY_DAYS} ngày nghỉ; castcal nhận nhiều nhất {MAX_HOLIDAY_DAYS}",
                    "more than {MAX_HOLIDAY_DAYS} days off in this file; castcal takes at most {MAX_HOLIDAY_DAYS}"
                ),
            ));
        }
    }
    Ok(holidays)
}

fn check_slug(source: &Source, path: &str, value: &str, what: &Said) -> Result<(), LoadError> {
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
            {
                let (what_vi, what_en) = (&what.vi, &what.en);
                crate::say!(
                    "{what_vi} `{value}` chỉ được có chữ cái không dấu, chữ số, `-` và `_` (nhiều nhất 64 ký tự), bắt đầu bằng chữ cái hoặc chữ số, ví dụ chuyen-muc-cchc",
                    "{what_en} `{value}` is not a slug; expected ASCII letters, digits, `-` and `_` (at most 64), starting with a letter or digit"
                )
            },
        )
        .into())
}

enum DateProblem {
    NotADate,
    /// A date, in a year castcal does not handle.
    Year(i32),
}

fn year_ok(year: i32) -> bool {
    (FIRST_YEAR..=LAST_YEAR).contains(&year)
}

fn out_of_range(text: &str, year: i32) -> Said {
    crate::say!(
        "`{text}` rơi vào năm {year}; castcal xử lý các năm {FIRST_YEAR} đến {LAST_YEAR}",
        "`{text}` is in the year {year}; castcal handles the years {FIRST_YEAR} to {LAST_YEAR}"
    )
}

fn parse_date(source: &Source, path: &str, text: &str) -> Result<NaiveDate, LoadError> {
    date_of(text).map_err(|e| {
        let message = match e {
            DateProblem::NotADate => no_such_day(text).unwrap_or_else(|| {
                crate::say!(
                    "`{text}` không phải một ngày; viết ngày trước, như 18/01/2023 (hoặc 2023-01-18)",
                    "`{text}` is not a date; expected YYYY-MM-DD or DD/MM/YYYY"
                )
            }),
            DateProblem::Year(year) => out_of_range(text, year),
        };
        source.error_at(path, message).into()
    })
}

fn date_of(text: &str) -> Result<NaiveDate, DateProblem> {
    let d = strict_date(text).ok_or(DateProblem::NotADate)?;
    if year_ok(d.year()) {
        Ok(d)
    } else {
        Err(DateProblem::Year(d.year()))
    }
}

fn strict_date(text: &str) -> Option<NaiveDate> {
    written_date(text)
}

/// A date as a plan or a command line writes it: `2023-01-18`, or day
/// first as Vietnamese writes dates, `18/01/2023` (or `18/1/2023`); never
/// month first.
pub fn written_date(text: &str) -> Option<NaiveDate> {
    if text.len() == 10 && text.as_bytes().get(4) == Some(&b'-') {
        return NaiveDate::parse_from_str(text, "%Y-%m-%d").ok();
    }
    let mut parts = text.split('/');
    let (d, m, y) = (parts.next()?, parts.next()?, parts.next()?);
    let short = |s: &str| (1..=2).contains(&s.len()) && s.bytes().all(|b| b.is_ascii_digit());
    if parts.next().is_some() || !short(d) || !short(m) {
        return None;
    }
    if y.len() != 4 || !y.bytes().all(|b| b.is_ascii_digit()) {
        return None;
    }
    NaiveDate::from_ymd_opt(y.parse().ok()?, m.parse().ok()?, d.parse().ok()?)
}

/// For text shaped as a date (`31/02/2023`, `2023-02-31`) that is no day
/// of the calendar, what is wrong with it.
fn no_such_day(text: &str) -> Option<Said> {
    let numbers: Vec<&str> = text.split(['/', '-']).collect();
    let [a, b, c] = numbers.as_slice() else {
        return None;
    };
    let digits = |s: &str| !s.is_empty() && s.bytes().all(|b| b.is_ascii_digit());
    if !(digits(a) && digits(b) && digits(c)) {
        return None;
    }
    if !text.contains('/') && a.len() != 4 {
        // `31-12-2023`: day first, but with dashes.
        return Some(crate::say!(
            "`{text}` không phải một ngày; ngày viết ngày trước với dấu `/` (31/12/2023), hoặc năm trước với dấu `-` (2023-12-31)",
            "`{text}` is not a date; write it day first with `/` (31/12/2023) or year first with `-` (2023-12-31)"
        ));
    }
    let (year, month, day) = if text.contains('/') {
        (c, b, a)
    } else {
        (a, b, c)
    };
    let (year, month, day): (i32, u32, u32) =
        (year.parse().ok()?, month.parse().ok()?, day.parse().ok()?);
    if !(1..=12).contains(&month) {
        return Some(crate::say!(
            "`{text}` có tháng {month}; tháng chỉ từ 1 đến 12 (ngày viết ngày trước: ngày/tháng/năm, như 18/01/2023)",
            "`{text}` has month {month}; months go from 1 to 12 (dates are written day first: DD/MM/YYYY)"
        ));
    }
    let first = NaiveDate::from_ymd_opt(year, month, 1)?;
    let next = first.checked_add_months(chrono::Months::new(1))?;
    let days = next.signed_duration_since(first).num_days();
    (i64::from(day) > days || day == 0).then(|| {
        crate::say!(
            "`{text}` không có trên lịch: tháng {month} năm {year} có {days} ngày",
            "`{text}` is not a day of the calendar: month {month} of {year} has {days} days"
        )
    })
}

/// A date and time written day first (`18/01/2023 17:45`), as
/// [`written_date`] and `HH:MM` (or `HH:MM:SS`).
fn day_first_time(text: &str) -> Option<NaiveDateTime> {
    let (date, time) = text.split_once([' ', 'T'])?;
    let date = written_date(date.trim())?;
    let time = time.trim();
    ["%H:%M", "%H:%M:%S"]
        .iter()
        .find_map(|f| NaiveTime::parse_from_str(time, f).ok())
        .or_else(|| crate::phrase::clock(time))
        .map(|t| date.and_time(t))
}

/// chrono reads second 60 as a leap second; no plan means one, and no
/// calendar file can hold it.
fn leap_second(t: NaiveTime) -> bool {
    t.nanosecond() >= 1_000_000_000
}

fn leap_message(text: &str) -> Said {
    crate::say!(
        "`{text}` có giây 60; giây chỉ từ 00 đến 59 (castcal không nhận giây nhuận)",
        "`{text}` has second 60; seconds go from 00 to 59 (castcal does not take leap seconds)"
    )
}

fn parse_start(source: &Source, path: &str, text: &str, tz: Tz) -> Result<Start, LoadError> {
    let refuse =
        |message: Said| -> Result<Start, LoadError> { Err(source.error_at(path, message).into()) };
    match date_of(text) {
        Ok(d) => return Ok(Start::Day(d)),
        Err(DateProblem::Year(year)) => return refuse(out_of_range(text, year)),
        Err(DateProblem::NotADate) => {}
    }
    for format in [
        "%Y-%m-%dT%H:%M",
        "%Y-%m-%dT%H:%M:%S",
        "%Y-%m-%d %H:%M",
        "%Y-%m-%d %H:%M:%S",
    ] {
        if let Ok(t) = NaiveDateTime::parse_from_str(text, format) {
            if leap_second(t.time()) {
                return refuse(leap_message(text));
            }
            if !year_ok(t.year()) {
                return refuse(out_of_range(text, t.year()));
            }
            return Ok(Start::At(t));
        }
    }
    if let Some(t) = day_first_time(text) {
        if leap_second(t.time()) {
            return refuse(leap_message(text));
        }
        if !year_ok(t.year()) {
            return refuse(out_of_range(text, t.year()));
        }
        return Ok(Start::At(t));
    }
    if let Some(message) = text.split([' ', 'T']).next().and_then(no_such_day) {
        return refuse(message);
    }
    // Characters, not bytes: the text may be anything.
    let with_offset = text.ends_with('Z') || text.chars().skip(16).any(|c| c == '+' || c == '-');
    let zone = tz.name();
    let message = if text.chars().count() > 16 && with_offset {
        crate::say!(
            "`{text}` có độ lệch so với UTC; viết giờ địa phương của kế hoạch ({zone}) không kèm độ lệch, ví dụ 18/01/2023 17:45",
            "`{text}` has a UTC offset; write the plan's local time ({zone}) without one, e.g. 2023-01-18T17:45"
        )
    } else {
        crate::say!(
            "`{text}` không phải ngày hay ngày giờ; viết ngày trước: DD/MM/YYYY hoặc DD/MM/YYYY 17:45 (giờ cũng có thể viết 17h45, 17 giờ 45), hoặc YYYY-MM-DD, YYYY-MM-DDTHH:MM",
            "`{text}` is not a date or date-time; expected YYYY-MM-DD or YYYY-MM-DDTHH:MM, or day first: DD/MM/YYYY or DD/MM/YYYY HH:MM (the time also as 17h45 or 17 giờ 45)"
        )
    };
    refuse(message)
}

fn parse_time(source: &Source, path: &str, text: &str) -> Result<NaiveTime, LoadError> {
    let t = NaiveTime::parse_from_str(text, "%H:%M")
        .or_else(|_| NaiveTime::parse_from_str(text, "%H:%M:%S"))
        .ok()
        .or_else(|| crate::phrase::clock(text))
        .ok_or_else(|| {
            source.error_at(
                path,
                crate::say!(
                    "`{text}` không phải giờ trong ngày; viết ví dụ \"06:00\", 06h00 hoặc 06 giờ",
                    "`{text}` is not a time of day; expected HH:MM, e.g. \"06:00\", or 06h00, 06 giờ"
                ),
            )
        })?;
    if leap_second(t) {
        return Err(source.error_at(path, leap_message(text)).into());
    }
    Ok(t)
}

/// A length as ISO 8601 (`PT12M`) or in words (`12 phút`, `1 giờ 30
/// phút`, `2 giờ`, `1 ngày`).
fn parse_span(source: &Source, path: &str, text: &str, all_day: bool) -> Result<Span, LoadError> {
    let not_a_length = || {
        source.error_at(
            path,
            crate::say!(
                "`{text}` không phải độ dài; viết ví dụ `12 phút`, `1 giờ 30 phút`, `1 ngày`, hoặc theo ISO 8601: PT12M, PT1H30M, P7D, P3M, P1Y",
                "`{text}` is not a length; write e.g. `12 phút`, `1 giờ 30 phút`, `1 ngày`, or ISO 8601: PT12M, PT1H30M, P7D, P3M, P1Y"
            ),
        )
    };
    let span = match crate::phrase::length(text) {
        Some(iso) => Span::parse(&iso).map_err(|_| not_a_length())?,
        // ISO 8601 as written: its own message says what is wrong with it.
        None if text.starts_with('P') => Span::parse(text).map_err(|m| source.error_at(path, m))?,
        None => return Err(not_a_length().into()),
    };
    if all_day && span.has_time() {
        return Err(source
            .error_at(path, crate::say!(
                "độ dài `{text}` có giờ hoặc phút, nhưng hoạt động này kéo dài cả ngày; dùng ngày, tuần, tháng hoặc năm (`7 ngày`, P7D, P3M, P1Y)",
                "duration `{text}` has hours or minutes, but this activity is all-day; use days, weeks, months or years (P7D, P3M, P1Y)"
            ))
            .into());
    }
    if !all_day && span.has_months() {
        return Err(source
            .error_at(path, crate::say!(
                "độ dài `{text}` có tháng hoặc năm, nhưng hoạt động này là một khung giờ; dùng giờ và phút (`12 phút`, PT12M) hoặc ngày",
                "duration `{text}` has months or years, but this activity is a timed slot; use hours and minutes (PT12M) or days"
            ))
            .into());
    }
    Ok(span)
}

#[cfg(test)]
mod tests {
    use super::*;
    use std::time::{Duration, Instant};

    const PLAN: &str = "plan: { id: p, title: P, timezone: Asia/Ho_Chi_Minh, period: { from: 2023-01-01, to: 2023-12-31 } }\n";

    fn tempdir() -> tempfile::TempDir {
        match tempfile::tempdir() {
            Ok(dir) => dir,
            Err(e) => panic!("{e}"),
        }
    }

    fn write(path: &Path, text: &str) {
        if let Err(e) = fs::write(path, text) {
            panic!("{}: {e}", path.display());
        }
    }

    fn message<T>(result: Result<T, LoadError>) -> String {
        match result {
            Ok(_) => panic!("accepted"),
            // The English text: these tests pin it.
            Err(e) => english(&e),
        }
    }

    fn english(e: &LoadError) -> String {
        crate::said::show_in(crate::said::Lang::En, || e.to_string())
    }

    #[cfg(unix)]
    #[test]
    fn links_to_folders_are_followed_once_and_files_read_once() {
        use std::os::unix::fs::symlink;
        let dir = tempdir();
        let root = dir.path();
        write(&root.join("plan.yaml"), PLAN);
        if let Err(e) = fs::create_dir(root.join("sub")) {
            panic!("{e}");
        }
        let links = [
            (".", root.join("again")),
            (".", root.join("and-again")),
            ("..", root.join("sub/up")),
            ("../plan.yaml", root.join("sub/same.yaml")),
        ];
        for (target, link) in &links {
            if let Err(e) = symlink(target, link) {
                panic!("{e}");
            }
        }
        let started = Instant::now();
        let files = match schedule_files(&[root.to_path_buf(), root.join("plan.yaml")]) {
            Ok(files) => files,
            Err(e) => panic!("{e}"),
        };
        assert_eq!(files, [root.join("plan.yaml")]);
        assert!(started.elapsed() < Duration::from_secs(5));
        // And loading it gives one plan, not "plan id already used".
        let plans = load(&[root.to_path_buf()]).map(|p| p.len());
        assert_eq!(plans.map_err(|e| e.to_string()), Ok(1));
    }

    /// `holidays/` and `evidence/` hold no plans, whatever their files are called.
    #[test]
    fn holiday_and_evidence_folders_are_not_read_for_plans() {
        let dir = tempdir();
        let root = dir.path();
        write(&root.join("plan.yaml"), PLAN);
        for folder in ["holidays", "evidence", "other"] {
            if let Err(e) = fs::create_dir(root.join(folder)) {
                panic!("{e}");
            }
            write(&root.join(folder).join("x.yaml"), "- not a plan\n");
        }
        let files = schedule_files(&[root.to_path_buf()]).map_err(|e| e.to_string());
        assert_eq!(
            files,
            Ok(vec![root.join("other/x.yaml"), root.join("plan.yaml")])
        );
    }

    #[test]
    fn folders_too_deep_are_refused() {
        let dir = tempdir();
        let mut deep = dir.path().to_path_buf();
        for i in 0..=MAX_FOLDER_DEPTH + 1 {
            deep.push(format!("d{i}"));
        }
        if let Err(e) = fs::create_dir_all(&deep) {
            panic!("{e}");
        }
        write(&deep.join("plan.yaml"), PLAN);
        let e = schedule_files(&[dir.path().to_path_buf()]).map(|_| ());
        let e = e.err().map(|e| english(&e)).unwrap_or_default();
        assert!(
            e.ends_with(&format!(
                "folders nested more than {MAX_FOLDER_DEPTH} deep; castcal looks no deeper"
            )),
            "{e}"
        );
    }

    #[cfg(unix)]
    #[test]
    fn a_named_pipe_is_refused_without_waiting_on_it() {
        let dir = tempdir();
        let fifo = dir.path().join("days.yaml");
        let made = std::process::Command::new("mkfifo").arg(&fifo).status();
        assert!(made.is_ok_and(|s| s.success()), "mkfifo");
        let started = Instant::now();
        match read_text(&fifo, Files::Holiday) {
            Ok(_) => panic!("read a pipe"),
            Err(u) => assert_eq!(u.message.en, "it is a named pipe, not a regular file"),
        }
        // A pipe in a folder of schedules is refused too, not waited on.
        let plan = dir.path().join("plan.yaml");
        write(
            &plan,
            &PLAN.replace("period", "holidays: [days.yaml], period"),
        );
        let e = message(load(&[plan]));
        assert!(e.contains("cannot read holiday file"), "{e}");
        assert!(
            e.contains("days.yaml: it is a named pipe, not a regular file"),
            "{e}"
        );
        let e = load(&[dir.path().to_path_buf()])
            .map(|_| ())
            .err()
            .map(|e| english(&e));
        assert!(e
            .unwrap_or_default()
            .ends_with("cannot read the schedule file: it is a named pipe, not a regular file"));
        assert!(started.elapsed() < Duration::from_secs(5));
    }

    #[test]
    fn a_file_larger_than_the_limit_is_refused_unread() {
        let dir = tempdir();
        let path = dir.path().join("big.yaml");
        let file = fs::File::create(&path).and_then(|f| f.set_len(MAX_FILE_BYTES + 1));
        assert!(file.is_ok());
        let e = load(&[path])
            .map(|_| ())
            .err()
            .map(|e| english(&e))
            .unwrap_or_default();
        assert!(e.ends_with("cannot read the schedule file: it is larger than 8 MiB (8388609 bytes); castcal reads files of at most 8 MiB"), "{e}");
        let e = message(load_one("big.yaml".as_ref(), " ".repeat(9 * 1024 * 1024)));
        assert!(e.contains("larger than 8 MiB"), "{e}");
    }

    #[test]
    fn more_activities_than_the_limit_are_refused_before_they_are_built() {
        let mut text = format!("{PLAN}activities:\n");
        for _ in 0..=MAX_ACTIVITIES {
            text.push_str("- 0\n");
        }
        let e = message(load_one("p.yaml".as_ref(), text));
        let line = MAX_ACTIVITIES + 3;
        assert!(e.starts_with(&format!("p.yaml:{line}:3: more than {MAX_ACTIVITIES} activities in one file; castcal reads at most {MAX_ACTIVITIES}")), "{e}");
    }

    #[test]
    fn a_holiday_file_is_never_quoted() {
        let dir = tempdir();
        let secret = "root:x:0:0:root:/root:/bin/bash";
        for (name, text) in [
            ("passwd", format!("{secret}\n")),
            ("list", format!("- {{ date: \"{secret}\", name: x }}\n")),
            (
                "field",
                format!("- {{ date: 2023-01-01, name: x, {secret}: 1 }}\n"),
            ),
            ("kind", format!("- [\"{secret}\"]\n")),
            ("syntax", format!("- {{ date: \"{secret}\n")),
            (
                "latin",
                format!("- {{ date: 2023-01-01, name: \"{secret}\u{e9}\" }}\n"),
            ),
        ] {
            let path = dir.path().join(name);
            let mut bytes = text.into_bytes();
            if name == "latin" {
                // Not UTF-8: é as one byte.
                bytes.retain(|b| *b != 0xC3);
                bytes
                    .iter_mut()
                    .filter(|b| **b == 0xA9)
                    .for_each(|b| *b = 0xE9);
            }
            if let Err(e) = fs::write(&path, bytes) {
                panic!("{e}");
            }
            let plan = dir.path().join("plan.yaml");
            write(
                &plan,
                &PLAN.replace("period", &format!("holidays: [{name}], period")),
            );
            let e = message(load(&[plan]));
            assert!(
                e.contains(&format!("holiday file {}", path.display())),
                "{e}"
            );
            assert!(!e.contains("root"), "{name}: {e}");
            assert!(
                e.contains("holidays: ["),
                "{name}: the schedule's line: {e}"
            );
        }
    }

    #[test]
    fn days_off_are_counted_however_often_they_repeat() {
        let dir = tempdir();
        let year = "- { from: 2023-01-01, to: 2023-12-31, name: \"Cả năm\" }\n";
        write(&dir.path().join("year.yaml"), year);
        write(&dir.path().join("years.yaml"), &year.repeat(28));
        let plan = dir.path().join("plan.yaml");
        write(
            &plan,
            &PLAN.replace("period", "holidays: [years.yaml], period"),
        );
        let e = message(load(std::slice::from_ref(&plan)));
        assert!(
            e.contains(&format!(
                "line 28, column 5: more than {MAX_HOLIDAY_DAYS} days off in this file"
            )),
            "{e}"
        );
        let list = vec!["year.yaml"; 28].join(", ");
        write(
            &plan,
            &PLAN.replace("period", &format!("holidays: [{list}], period")),
        );
        let e = message(load(std::slice::from_ref(&plan)));
        assert!(
            e.contains(&format!(
                "this plan has more than {MAX_HOLIDAY_DAYS} days off"
            )),
            "{e}"
        );
        assert!(e.starts_with(&format!("{}:1:", plan.display())), "{e}");
        write(
            &plan,
            &PLAN.replace("period", "holidays: [year.yaml, year.yaml], period"),
        );
        let plans = load(&[plan]).map_err(|e| e.to_string());
        let days = plans.map(|p| p.first().map(|p| p.holidays.len()));
        assert_eq!(days, Ok(Some(365)));
    }

    #[test]
    fn serde_messages_lose_what_they_quote() {
        for (message, redacted) in [
            (
                "invalid type: string \"root:x:0:0\", expected a sequence",
                "invalid type: string, expected a sequence",
            ),
            (
                "unknown field `root`, expected one of `name`, `date`",
                "unknown field, expected one of `name`, `date`",
            ),
            ("missing field `name`", "missing field `name`"),
            (
                "did not find expected ',' or ']'",
                "did not find expected ',' or ']'",
            ),
        ] {
            assert_eq!(redact(message), redacted);
        }
    }

    #[test]
    fn encodings_are_named() {
        let text = PLAN;
        let utf16le: Vec<u8> = text.encode_utf16().flat_map(u16::to_le_bytes).collect();
        let utf32le: Vec<u8> = text
            .chars()
            .flat_map(|c| (c as u32).to_le_bytes())
            .collect();
        let mut bom = vec![0xFF, 0xFE];
        bom.extend(text.encode_utf16().flat_map(u16::to_le_bytes));
        for (bytes, name) in [
            (utf16le, "UTF-16 (LE)"),
            (utf32le, "UTF-32 (LE)"),
            (bom, "UTF-16 (LE)"),
        ] {
            match decode(bytes, Files::Schedule) {
                Ok(_) => panic!("decoded {name}"),
                Err(u) => assert!(
                    u.message.en.starts_with(&format!("it is {name} text")),
                    "{}",
                    u.message
                ),
            }
        }
        let mut bytes = vec![0xEF, 0xBB, 0xBF];
        bytes.extend(text.as_bytes());
        assert_eq!(decode(bytes, Files::Schedule).ok().as_deref(), Some(text));
    }
}
