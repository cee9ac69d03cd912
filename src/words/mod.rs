//! What castcal says to people, in Vietnamese and English side by side.
//!
//! Every word an output shows a person lives here, one table per output,
//! each entry giving the Vietnamese text and then the English:
//!
//! ```text
//! premiere: &'static str = "Lần đầu", "premiere";
//! ```
//!
//! [`words!`] turns such a table into a struct with one constant per
//! language, so an entry without its translation does not build. The forms
//! of numbers, dates and times live in [`crate::format`]; this module holds
//! only words.

pub mod changes;
pub mod check;
pub mod cli;
pub mod diff;
pub mod feed;
pub mod fmt;
pub mod guide;
pub mod import;
pub mod index;
pub mod keys;
pub mod page;
pub mod pdf;
pub mod reconcile;
pub mod report;
pub mod roll;
pub mod sheet;
pub mod site;
pub mod table;
pub mod when;
pub mod workdays;

pub use crate::said::{self, Lang, Said};

use chrono::Weekday;

use crate::occurrence::Role;
use crate::plan::{ActivityKind, Status};

/// Declares a table of words: a struct whose every field is written once
/// per language, Vietnamese first, then English; `of(lang)` gives a
/// language's table. A field with one text only is a syntax error.
macro_rules! words {
    (
        $(#[$meta:meta])*
        pub struct $name:ident {
            $( $(#[$doc:meta])* $field:ident: $ty:ty = $vi:expr, $en:expr; )*
        }
    ) => {
        $(#[$meta])*
        #[derive(Debug)]
        pub struct $name {
            $(
                $(#[$doc])*
                #[doc = concat!("\n\nVietnamese: `", stringify!($vi), "`; English: `", stringify!($en), "`.")]
                pub $field: $ty,
            )*
        }

        impl $name {
            /// The Vietnamese words.
            pub const VI: $name = $name { $( $field: $vi, )* };
            /// The English words.
            pub const EN: $name = $name { $( $field: $en, )* };

            /// The words of `lang`.
            pub fn of(lang: $crate::words::Lang) -> &'static $name {
                match lang {
                    $crate::words::Lang::Vi => &Self::VI,
                    $crate::words::Lang::En => &Self::EN,
                }
            }

            /// Every text of the table, each with its field's name.
            #[cfg(test)]
            pub(crate) fn texts(&self) -> Vec<(&'static str, &'static str)> {
                let mut out = Vec::new();
                $( $crate::words::Texts::push(&self.$field, stringify!($field), &mut out); )*
                out
            }
        }
    };
}
pub(crate) use words;

/// What a table's field holds: one text or several.
#[cfg(test)]
pub(crate) trait Texts {
    fn push(&self, name: &'static str, out: &mut Vec<(&'static str, &'static str)>);
}

#[cfg(test)]
impl Texts for &'static str {
    fn push(&self, name: &'static str, out: &mut Vec<(&'static str, &'static str)>) {
        out.push((name, self));
    }
}

#[cfg(test)]
impl<const N: usize> Texts for [&'static str; N] {
    fn push(&self, name: &'static str, out: &mut Vec<(&'static str, &'static str)>) {
        out.extend(self.iter().map(|t| (name, *t)));
    }
}

words! {
    /// The words every output shares: days, months, kinds, roles, statuses.
    pub struct Common {
        /// Monday first.
        weekdays: [&'static str; 7] =
            ["Thứ Hai", "Thứ Ba", "Thứ Tư", "Thứ Năm", "Thứ Sáu", "Thứ Bảy", "Chủ nhật"],
            ["Mon", "Tue", "Wed", "Thu", "Fri", "Sat", "Sun"];
        /// Monday first, in full (the Vietnamese names are already).
        weekdays_long: [&'static str; 7] =
            ["Thứ Hai", "Thứ Ba", "Thứ Tư", "Thứ Năm", "Thứ Sáu", "Thứ Bảy", "Chủ nhật"],
            ["Monday", "Tuesday", "Wednesday", "Thursday", "Friday", "Saturday", "Sunday"];
        /// Monday first, for a calendar's column heads.
        weekdays_short: [&'static str; 7] =
            ["T2", "T3", "T4", "T5", "T6", "T7", "CN"],
            ["Mo", "Tu", "We", "Th", "Fr", "Sa", "Su"];
        /// January first.
        months: [&'static str; 12] =
            [
                "Tháng 1", "Tháng 2", "Tháng 3", "Tháng 4", "Tháng 5", "Tháng 6",
                "Tháng 7", "Tháng 8", "Tháng 9", "Tháng 10", "Tháng 11", "Tháng 12",
            ],
            [
                "January", "February", "March", "April", "May", "June",
                "July", "August", "September", "October", "November", "December",
            ];
        yes: &'static str = "có", "yes";
        no: &'static str = "không", "no";
        /// In [`ActivityKind`] order.
        kinds: [&'static str; 5] =
            ["phát sóng", "đăng tải", "sự kiện", "chiến dịch", "thời hạn"],
            ["broadcast", "publication", "event", "campaign", "deadline"];
        premiere: &'static str = "lần đầu", "premiere";
        rerun: &'static str = "phát lại", "rerun";
        confirmed: &'static str = "chính thức", "confirmed";
        tentative: &'static str = "dự kiến", "tentative";
    }
}

impl Common {
    /// The name of a weekday (`Thứ Tư`, `Wed`).
    pub fn weekday(&self, day: Weekday) -> &'static str {
        self.weekdays
            .get(day.num_days_from_monday() as usize)
            .copied()
            .unwrap_or("")
    }

    /// The full name of a weekday (`Thứ Tư`, `Wednesday`).
    pub fn weekday_long(&self, day: Weekday) -> &'static str {
        self.weekdays_long
            .get(day.num_days_from_monday() as usize)
            .copied()
            .unwrap_or("")
    }

    /// The short name of a weekday (`T4`, `We`).
    pub fn weekday_short(&self, day: Weekday) -> &'static str {
        self.weekdays_short
            .get(day.num_days_from_monday() as usize)
            .copied()
            .unwrap_or("")
    }

    /// The name of a month, 1 to 12; empty for any other number.
    pub fn month(&self, month: u32) -> &'static str {
        usize::try_from(month)
            .ok()
            .and_then(|m| m.checked_sub(1))
            .and_then(|m| self.months.get(m))
            .copied()
            .unwrap_or("")
    }

    /// `có` / `không`.
    pub fn yes_no(&self, b: bool) -> &'static str {
        if b {
            self.yes
        } else {
            self.no
        }
    }

    /// An activity's kind (`phát sóng`, `broadcast`).
    pub fn kind(&self, kind: ActivityKind) -> &'static str {
        let i = match kind {
            ActivityKind::Broadcast => 0,
            ActivityKind::Publication => 1,
            ActivityKind::Event => 2,
            ActivityKind::Campaign => 3,
            ActivityKind::Deadline => 4,
        };
        self.kinds.get(i).copied().unwrap_or("")
    }

    /// An occurrence's role (`lần đầu`, `premiere`).
    pub fn role(&self, role: Role) -> &'static str {
        match role {
            Role::Premiere => self.premiere,
            Role::Rerun => self.rerun,
        }
    }

    /// An activity's status (`chính thức`, `confirmed`).
    pub fn status(&self, status: Status) -> &'static str {
        match status {
            Status::Confirmed => self.confirmed,
            Status::Tentative => self.tentative,
        }
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    /// The English kinds, roles and statuses are the names programs read
    /// (`kind` in JSON, `category lang="en"` in the guide): the two must agree.
    #[test]
    fn english_names_are_the_program_names() {
        let en = Common::of(Lang::En);
        for kind in [
            ActivityKind::Broadcast,
            ActivityKind::Publication,
            ActivityKind::Event,
            ActivityKind::Campaign,
            ActivityKind::Deadline,
        ] {
            assert_eq!(en.kind(kind), kind.as_str());
        }
        for role in [Role::Premiere, Role::Rerun] {
            assert_eq!(en.role(role), role.as_str());
        }
        for status in [Status::Confirmed, Status::Tentative] {
            assert_eq!(en.status(status), status.as_str());
        }
    }

    /// Every table has as many texts in each language, none of them empty,
    /// and its Vietnamese is not its English left in place (but for the
    /// few words both languages write alike).
    #[test]
    fn every_table_is_translated() {
        // Names of programs, and what both languages write alike.
        const ALIKE: &[&str] = &[
            "UID",
            " ",
            "Google Calendar",
            "Outlook",
            "Apple Calendar, Thunderbird",
            "……",
            "—",
        ];
        let tables = [
            (Common::VI.texts(), Common::EN.texts()),
            (check::Words::VI.texts(), check::Words::EN.texts()),
            (changes::Words::VI.texts(), changes::Words::EN.texts()),
            (diff::Words::VI.texts(), diff::Words::EN.texts()),
            (fmt::Words::VI.texts(), fmt::Words::EN.texts()),
            (page::Words::VI.texts(), page::Words::EN.texts()),
            (table::Words::VI.texts(), table::Words::EN.texts()),
            (table::Listing::VI.texts(), table::Listing::EN.texts()),
            (sheet::Words::VI.texts(), sheet::Words::EN.texts()),
            (feed::Words::VI.texts(), feed::Words::EN.texts()),
            (import::Words::VI.texts(), import::Words::EN.texts()),
            (pdf::Words::VI.texts(), pdf::Words::EN.texts()),
            (guide::Words::VI.texts(), guide::Words::EN.texts()),
            (site::Words::VI.texts(), site::Words::EN.texts()),
            (index::Words::VI.texts(), index::Words::EN.texts()),
            (site::Progress::VI.texts(), site::Progress::EN.texts()),
            (workdays::Words::VI.texts(), workdays::Words::EN.texts()),
            (reconcile::Words::VI.texts(), reconcile::Words::EN.texts()),
            (report::Words::VI.texts(), report::Words::EN.texts()),
            (roll::Words::VI.texts(), roll::Words::EN.texts()),
            (when::Words::VI.texts(), when::Words::EN.texts()),
            (cli::Words::VI.texts(), cli::Words::EN.texts()),
            (cli::Helps::VI.texts(), cli::Helps::EN.texts()),
            (cli::Usage::VI.texts(), cli::Usage::EN.texts()),
        ];
        for (vi, en) in tables {
            assert_eq!(vi.len(), en.len());
            assert!(!vi.is_empty());
            for ((field, v), (_, e)) in vi.into_iter().zip(en) {
                assert!(!v.is_empty() && !e.is_empty(), "{field}: an empty text");
                assert!(
                    v != e || ALIKE.contains(&v),
                    "{field}: `{v}` is not translated"
                );
            }
        }
    }

    /// Every Vietnamese word of the shared table is its own, not the
    /// English one left in place.
    #[test]
    fn vietnamese_is_translated() {
        let (vi, en) = (Common::of(Lang::Vi), Common::of(Lang::En));
        let pairs = vi
            .weekdays
            .iter()
            .zip(en.weekdays)
            .chain(vi.weekdays_short.iter().zip(en.weekdays_short))
            .chain(vi.months.iter().zip(en.months))
            .chain(vi.kinds.iter().zip(en.kinds));
        for (v, e) in pairs {
            assert!(!v.is_empty() && v != &e, "{e}: {v}");
        }
        assert_eq!(vi.weekday(Weekday::Sun), "Chủ nhật");
        assert_eq!(en.month(12), "December");
        assert_eq!(vi.month(13), "");
    }
}
