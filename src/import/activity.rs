//! The one shape of an activity between the reading and the writer, and
//! the outlets it names.

use chrono::{NaiveDate, NaiveTime};

use super::document::Place;
use crate::plan::{ActivityKind, OutletKind};

/// An outlet of the written plan.
#[derive(Debug, Clone, PartialEq, Eq)]
pub(crate) struct Outlet {
    pub id: String,
    pub name: String,
    pub kind: OutletKind,
}

/// A day, or a day and a time.
#[derive(Debug, Clone, Copy, PartialEq, Eq, Hash)]
pub(crate) enum Start {
    Day(NaiveDate),
    At(NaiveDate, NaiveTime),
}

/// A rerun of the written plan.
#[derive(Debug, Clone, PartialEq, Eq, Hash)]
pub(crate) struct Rerun {
    pub days_after: u32,
    pub at: Option<NaiveTime>,
    pub outlet: Option<String>,
}

/// Words of the document and what they were taken for.
#[derive(Debug, Clone, PartialEq, Eq)]
pub(crate) struct Said {
    /// The words, as written (empty when the note is about the whole).
    pub quote: String,
    /// What they were read as, or why they were not.
    pub said: String,
}

/// A cell (or sentence) of the document quoted above an activity.
#[derive(Debug, Clone, PartialEq, Eq)]
pub(crate) struct Quote {
    /// What it is (`Thời gian thực hiện`, `Kinh phí`).
    pub label: &'static str,
    pub text: String,
}

impl Quote {
    pub fn new(label: &'static str, text: String) -> Quote {
        Quote { label, text }
    }
}

/// What the comment above an activity says.
#[derive(Debug, Clone, Default)]
pub(crate) struct Notes {
    /// The cells quoted.
    pub cells: Vec<Quote>,
    pub read: Vec<Said>,
    pub assumed: Vec<Said>,
    pub not_understood: Vec<Said>,
    /// Something of when or where was assumed or not understood: the
    /// activity is tentative.
    pub tentative: bool,
}

fn said(quote: &str, said: String) -> Said {
    Said {
        quote: quote.to_string(),
        said,
    }
}

impl Notes {
    pub fn read(&mut self, quote: &str, text: String) {
        self.read.push(said(quote, text));
    }
    /// An assumption of when or where: the activity is tentative.
    pub fn assume(&mut self, quote: &str, text: String) {
        self.assumed.push(said(quote, text));
        self.tentative = true;
    }
    /// Words of when or where not understood: the activity is tentative.
    pub fn unread(&mut self, quote: &str, text: String) {
        self.not_understood.push(said(quote, text));
        self.tentative = true;
    }
    /// An assumption of money only: said, the dates untouched.
    pub fn assume_money(&mut self, quote: &str, text: String) {
        self.assumed.push(said(quote, text));
    }
    /// Money not understood: said, the dates untouched.
    pub fn unread_money(&mut self, quote: &str, text: String) {
        self.not_understood.push(said(quote, text));
    }
}

/// One activity of the written plan.
#[derive(Debug, Clone)]
pub(crate) struct Activity {
    /// Its number in the plan (`3`, `A.5`, `IV.2`).
    pub item: String,
    /// Where it is in the document.
    pub place: Place,
    pub notes: Notes,
    pub id: String,
    pub title: String,
    pub kind: ActivityKind,
    pub lead: Option<String>,
    pub partners: Vec<String>,
    pub product: Option<String>,
    pub budget: Option<u64>,
    pub expect: Option<u32>,
    pub outlet: Option<String>,
    pub start: Start,
    pub rrule: Option<String>,
    pub rdates: Vec<Start>,
    pub exdates: Vec<Start>,
    pub duration: String,
    pub tentative: bool,
    pub reruns: Vec<Rerun>,
    /// The document's words of when, normalised, as a `when:` phrase would
    /// say them; written instead of `start` and `rrule` once the loader is
    /// known to read them to the same occurrences ([`super::phrased`]).
    pub phrase: Option<String>,
    /// Why the phrase is not written (a sentence of the comment above).
    pub kept_rule: Option<String>,
}
