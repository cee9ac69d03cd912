//! The schedule file exactly as serde reads it, before anything is checked.
//!
//! Dates, times, rules and durations stay text here: they are parsed in
//! [`super::load`], where the place of a bad one is known.

use std::collections::BTreeMap;

use serde::Deserialize;

use super::{ActivityKind, OnHoliday, OutletKind, Status};

#[derive(Debug, Deserialize)]
#[serde(deny_unknown_fields)]
pub struct File {
    pub plan: Plan,
    #[serde(default)]
    pub outlets: BTreeMap<String, Outlet>,
    #[serde(default)]
    pub activities: Vec<Activity>,
}

#[derive(Debug, Deserialize)]
#[serde(deny_unknown_fields)]
pub struct Plan {
    pub id: String,
    pub title: String,
    pub short_title: Option<String>,
    pub reference: Option<String>,
    pub timezone: String,
    pub period: Period,
    #[serde(default)]
    pub holidays: Vec<String>,
    pub published: Option<String>,
    pub refresh: Option<String>,
}

#[derive(Debug, Deserialize)]
#[serde(deny_unknown_fields)]
pub struct Period {
    pub from: String,
    pub to: String,
}

#[derive(Debug, Deserialize)]
#[serde(deny_unknown_fields)]
pub struct Outlet {
    pub name: String,
    pub kind: OutletKind,
}

#[derive(Debug, Deserialize)]
#[serde(deny_unknown_fields)]
pub struct Activity {
    pub id: String,
    pub title: String,
    pub kind: ActivityKind,
    pub lead: Option<String>,
    #[serde(default)]
    pub partners: Vec<String>,
    pub product: Option<String>,
    pub budget_vnd: Option<super::Amount>,
    pub expect: Option<u32>,
    pub outlet: Option<String>,
    pub start: Option<String>,
    /// When it happens, in words (`lịch:`), instead of `start` + `rrule`.
    pub when: Option<String>,
    pub rrule: Option<String>,
    #[serde(default)]
    pub rdates: Vec<String>,
    #[serde(default)]
    pub exdates: Vec<String>,
    pub duration: Option<String>,
    #[serde(default)]
    pub status: Status,
    #[serde(default)]
    pub on_holiday: OnHoliday,
    #[serde(default)]
    pub reruns: Vec<Rerun>,
    pub color: Option<String>,
    #[serde(default)]
    pub accept: Vec<Accept>,
}

/// An `accept:` entry: a finding's code, alone or with the reason.
#[derive(Debug)]
pub enum Accept {
    Code(String),
    Reasoned(Reasoned),
}

/// A code, or `{ code, reason }` read as a struct, so that a wrong key is
/// named as in any other mapping (an untagged enum would say only that
/// nothing matched).
impl<'de> Deserialize<'de> for Accept {
    fn deserialize<D: serde::Deserializer<'de>>(d: D) -> Result<Self, D::Error> {
        struct Visitor;
        impl<'de> serde::de::Visitor<'de> for Visitor {
            type Value = Accept;
            fn expecting(&self, f: &mut std::fmt::Formatter) -> std::fmt::Result {
                f.write_str("a finding's code, or { code, reason }")
            }
            fn visit_str<E: serde::de::Error>(self, v: &str) -> Result<Accept, E> {
                Ok(Accept::Code(v.to_string()))
            }
            fn visit_map<A: serde::de::MapAccess<'de>>(self, map: A) -> Result<Accept, A::Error> {
                Reasoned::deserialize(serde::de::value::MapAccessDeserializer::new(map))
                    .map(Accept::Reasoned)
            }
        }
        d.deserialize_any(Visitor)
    }
}

#[derive(Debug, Deserialize)]
#[serde(deny_unknown_fields)]
pub struct Reasoned {
    pub code: String,
    pub reason: Option<String>,
}

#[derive(Debug, Deserialize)]
#[serde(deny_unknown_fields)]
pub struct Rerun {
    pub days_after: u32,
    pub at: Option<String>,
    pub outlet: Option<String>,
    pub duration: Option<String>,
}

#[derive(Debug, Deserialize)]
#[serde(deny_unknown_fields)]
pub struct Holiday {
    pub name: String,
    pub date: Option<String>,
    pub from: Option<String>,
    pub to: Option<String>,
}
