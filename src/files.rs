//! The names of the files of a published folder: the one place they are
//! written.
//!
//! Every other part asks here: `build` and the outputs' table for what to
//! name each file, the pages for what to link, the schedule loader for which
//! outlet ids would name a file over another one
//! ([`is_reserved_outlet_id`]).

/// A file written in each language: Vietnamese, then English.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub struct Pair {
    /// The Vietnamese file.
    pub vi: &'static str,
    /// The English file.
    pub en: &'static str,
}

impl Pair {
    /// Both names, Vietnamese first.
    pub fn both(self) -> [&'static str; 2] {
        [self.vi, self.en]
    }
}

/// The page to start from.
pub const INDEX: Pair = Pair {
    vi: "index.html",
    en: "index-en.html",
};
/// The feed of every occurrence.
pub const ALL_FEED: &str = "all.ics";
/// The spreadsheet.
pub const SHEET: Pair = Pair {
    vi: "lich-vi.xlsx",
    en: "calendar-en.xlsx",
};
/// The CSV for programs.
pub const CSV: Pair = Pair {
    vi: "lich-vi.csv",
    en: "calendar-en.csv",
};
/// The printable year, or above its limit the summary of the outlets' years.
pub const YEAR: Pair = Pair {
    vi: "year.html",
    en: "year-en.html",
};
/// The printable year of what is on no outlet (no outlet's file ends so).
pub const NO_OUTLET_YEAR: Pair = Pair {
    vi: "year-none.html",
    en: "year-en-none.html",
};
/// The programme guide of every channel.
pub const GUIDE: &str = "guide.xml";
/// Every occurrence, as `castcal expand --format json` prints them.
pub const OCCURRENCES: &str = "occurrences.json";
/// What the check found.
pub const CHECK: &str = "check.json";
/// The history of publications, exported.
pub const CHANGES: &str = "changes.json";
/// The history of publications, for people.
pub const CHANGES_PAGE: Pair = Pair {
    vi: "changes.html",
    en: "changes-en.html",
};
/// What aired and was done, against the plan, as JSON.
pub const RECONCILIATION: &str = "reconcile.json";
/// What aired and was done, against the plan, for people.
pub const RECONCILIATION_PAGE: Pair = Pair {
    vi: "reconcile.html",
    en: "reconcile-en.html",
};
/// The hidden file that marks a folder as castcal's.
pub const MARKER: &str = ".castcal";
/// The hidden file that gives each file's hash (its `ETag`).
pub const TAGS: &str = ".castcal-tags";
/// The hidden file that says what the folder was built of and how each of
/// its files was left, so that a build of the same over an untouched
/// folder writes nothing.
pub const BUILT: &str = ".castcal-built";

/// What the implementation report of a period is called
/// (`bao-cao-2023-Q1.docx`, a Word document in Vietnamese).
pub fn report(period: &str) -> String {
    format!("{REPORT_STEM}-{period}.docx")
}

const REPORT_STEM: &str = "bao-cao";

/// What an outlet's feed is called (`KG.ics`).
pub fn feed(outlet: &str) -> String {
    format!("{outlet}{FEED_EXT}")
}

/// What an outlet's archive of one year is called (`KG-2023.ics`): the
/// whole year of its feed, to download, beside a feed too large for a
/// calendar service (`KG.ics`, then a window of the days to come). No
/// outlet id ends in a dash and four digits ([`is_reserved_outlet_id`]),
/// so this is no other outlet's feed.
pub fn archive(outlet: &str, year: i32) -> String {
    format!("{outlet}-{year:04}{FEED_EXT}")
}

/// What an outlet's programme guide is called (`KG.xml`).
pub fn guide(outlet: &str) -> String {
    format!("{outlet}{GUIDE_EXT}")
}

/// What an outlet's Atom feed of changes is called (`KG-changes.xml`).
pub fn changes_feed(outlet: &str) -> String {
    format!("{outlet}{CHANGES_FEED_SUFFIX}{GUIDE_EXT}")
}

/// What an outlet's printable year is called (`year.KG.html`,
/// `year-en.KG.html`): an outlet id has no dot, so these names can be no
/// other file's.
pub fn year(outlet: &str, english: bool) -> String {
    let stem = if english { YEAR_EN_STEM } else { YEAR_STEM };
    format!("{stem}.{outlet}.html")
}

const FEED_EXT: &str = ".ics";
const GUIDE_EXT: &str = ".xml";
const CHANGES_FEED_SUFFIX: &str = "-changes";
const YEAR_STEM: &str = "year";
const YEAR_EN_STEM: &str = "year-en";

/// Every file name of the folder that is not an outlet's.
const FIXED: [&str; 18] = [
    INDEX.vi,
    INDEX.en,
    ALL_FEED,
    SHEET.vi,
    SHEET.en,
    CSV.vi,
    CSV.en,
    YEAR.vi,
    YEAR.en,
    NO_OUTLET_YEAR.vi,
    NO_OUTLET_YEAR.en,
    GUIDE,
    OCCURRENCES,
    CHECK,
    CHANGES,
    RECONCILIATION,
    RECONCILIATION_PAGE.vi,
    RECONCILIATION_PAGE.en,
];

/// The names Windows keeps for its devices, whatever follows them: a file
/// `con.ics` or `nul.xml` cannot be opened there.
const WINDOWS_DEVICES: &[&str] = &["con", "prn", "aux", "nul"];

/// Whether an outlet may not be named `id`: one of its files would have the
/// name of a file of the folder (compared without regard to case, as macOS
/// and Windows file systems do: any name of [`FIXED`] and the pages of
/// changes, up to its first dot), its feed of changes another outlet's
/// (`KG-changes.xml`), its feed another outlet's archive of a year
/// (`KG-2023.ics`, [`archive`]: no id ends in a dash and four digits), or
/// Windows could not open its files (`CON`, `NUL`, `COM1` … `LPT9`: its
/// device names).
///
/// ```
/// use castcal::files::is_reserved_outlet_id;
/// assert!(is_reserved_outlet_id("All") && is_reserved_outlet_id("lich-vi"));
/// assert!(is_reserved_outlet_id("KG-changes") && is_reserved_outlet_id("com1"));
/// assert!(is_reserved_outlet_id("KG-2023") && !is_reserved_outlet_id("KG2023"));
/// assert!(!is_reserved_outlet_id("KG") && !is_reserved_outlet_id("com10"));
/// ```
pub fn is_reserved_outlet_id(id: &str) -> bool {
    let folded = id.to_ascii_lowercase();
    reserved_stems().any(|stem| stem == folded)
        || folded.ends_with(CHANGES_FEED_SUFFIX)
        || is_archive_stem(&folded)
        || is_windows_device(&folded)
}

/// Whether `id` ends as an outlet's archive of a year does (`-2023`).
fn is_archive_stem(id: &str) -> bool {
    let mut tail = id.chars().rev();
    tail.by_ref().take(4).filter(char::is_ascii_digit).count() == 4 && tail.next() == Some('-')
}

/// The stems no outlet may have, for messages: each once, in the order of
/// the folder's files.
pub fn reserved_stems() -> impl Iterator<Item = &'static str> {
    let mut seen: Vec<&'static str> = Vec::new();
    FIXED
        .into_iter()
        .chain(CHANGES_PAGE.both())
        .filter_map(|name| name.split('.').next())
        .filter(move |stem| {
            let new = !seen.contains(stem);
            seen.push(stem);
            new
        })
}

/// Whether `folded` (lower case) is one of Windows's device names.
fn is_windows_device(folded: &str) -> bool {
    if WINDOWS_DEVICES.contains(&folded) {
        return true;
    }
    let numbered = |prefix: &str| {
        folded
            .strip_prefix(prefix)
            .is_some_and(|n| n.len() == 1 && n.bytes().all(|b| b.is_ascii_digit()))
    };
    numbered("com") || numbered("lpt")
}

#[cfg(test)]
mod tests {
    use super::*;

    /// An outlet's files never take the name of another file of the folder.
    #[test]
    fn no_outlet_s_file_is_named_as_a_fixed_file() {
        for name in FIXED.into_iter().chain(CHANGES_PAGE.both()) {
            let stem = name.split('.').next().unwrap_or_default();
            assert!(is_reserved_outlet_id(stem), "{stem}");
            assert!(is_reserved_outlet_id(&stem.to_uppercase()), "{stem}");
        }
        for id in ["KG", "KG1", "BKG", "PANO", "year-none2", "changes2"] {
            assert!(!is_reserved_outlet_id(id), "{id}");
            for file in [
                feed(id),
                guide(id),
                changes_feed(id),
                year(id, false),
                year(id, true),
                archive(id, 2023),
            ] {
                assert!(!FIXED.contains(&file.as_str()), "{file}");
            }
        }
        // An archive is no outlet's feed.
        for other in ["KG-2023", "kg-0001", "A-9999"] {
            assert!(is_reserved_outlet_id(other), "{other}");
        }
        for id in ["KG-202", "KG2023", "KG-2023x", "KG-20234", "2023"] {
            assert!(!is_reserved_outlet_id(id), "{id}");
        }
        assert_eq!(archive("KG", 2023), "KG-2023.ics");
        let stems: Vec<&str> = reserved_stems().collect();
        assert_eq!(
            stems,
            [
                "index",
                "index-en",
                "all",
                "lich-vi",
                "calendar-en",
                "year",
                "year-en",
                "year-none",
                "year-en-none",
                "guide",
                "occurrences",
                "check",
                "changes",
                "reconcile",
                "reconcile-en",
                "changes-en"
            ]
        );
    }
}
