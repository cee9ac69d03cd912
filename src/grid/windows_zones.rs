//! Windows time zone names, as Outlook and Exchange write them in `TZID`,
//! and the IANA zones they stand for.
//!
//! Outlook exports `DTSTART;TZID=SE Asia Standard Time:…`, a Windows name,
//! not an IANA one. The pairs below follow the "001" (main territory) rows
//! of CLDR's `windowsZones.xml`; they cover the zones of UTC+07:00 (Vietnam,
//! Thailand, Indonesia's west, Siberia) and the other large ones. A name not
//! listed here still works when the file's `VTIMEZONE` gives it a single
//! offset.

use chrono_tz::Tz;

/// Windows zone name → IANA zone.
const ZONES: &[(&str, Tz)] = {
    use chrono_tz::{Africa, America, Asia, Atlantic, Australia, Etc, Europe, Pacific};
    &[
        // UTC+07:00
        ("SE Asia Standard Time", Asia::Bangkok),
        ("N. Central Asia Standard Time", Asia::Novosibirsk),
        ("North Asia Standard Time", Asia::Krasnoyarsk),
        ("W. Mongolia Standard Time", Asia::Hovd),
        ("Altai Standard Time", Asia::Barnaul),
        ("Tomsk Standard Time", Asia::Tomsk),
        // The rest of Asia and Oceania
        ("China Standard Time", Asia::Shanghai),
        ("Singapore Standard Time", Asia::Singapore),
        ("Malay Peninsula Standard Time", Asia::Singapore),
        ("Taipei Standard Time", Asia::Taipei),
        ("North Asia East Standard Time", Asia::Irkutsk),
        ("Ulaanbaatar Standard Time", Asia::Ulaanbaatar),
        ("W. Australia Standard Time", Australia::Perth),
        ("Tokyo Standard Time", Asia::Tokyo),
        ("Korea Standard Time", Asia::Seoul),
        ("Myanmar Standard Time", Asia::Yangon),
        ("Bangladesh Standard Time", Asia::Dhaka),
        ("Nepal Standard Time", Asia::Kathmandu),
        ("India Standard Time", Asia::Kolkata),
        ("Sri Lanka Standard Time", Asia::Colombo),
        ("Pakistan Standard Time", Asia::Karachi),
        ("West Asia Standard Time", Asia::Tashkent),
        ("Arabian Standard Time", Asia::Dubai),
        ("Arab Standard Time", Asia::Riyadh),
        ("Iran Standard Time", Asia::Tehran),
        ("Israel Standard Time", Asia::Jerusalem),
        ("AUS Eastern Standard Time", Australia::Sydney),
        ("E. Australia Standard Time", Australia::Brisbane),
        ("Cen. Australia Standard Time", Australia::Adelaide),
        ("AUS Central Standard Time", Australia::Darwin),
        ("New Zealand Standard Time", Pacific::Auckland),
        ("Hawaiian Standard Time", Pacific::Honolulu),
        // Europe and Africa
        ("UTC", Etc::UTC),
        ("GMT Standard Time", Europe::London),
        ("Greenwich Standard Time", Atlantic::Reykjavik),
        ("W. Europe Standard Time", Europe::Berlin),
        ("Central Europe Standard Time", Europe::Budapest),
        ("Romance Standard Time", Europe::Paris),
        ("Central European Standard Time", Europe::Warsaw),
        ("GTB Standard Time", Europe::Bucharest),
        ("FLE Standard Time", Europe::Kyiv),
        ("E. Europe Standard Time", Europe::Chisinau),
        ("Turkey Standard Time", Europe::Istanbul),
        ("Russian Standard Time", Europe::Moscow),
        ("Egypt Standard Time", Africa::Cairo),
        ("South Africa Standard Time", Africa::Johannesburg),
        ("W. Central Africa Standard Time", Africa::Lagos),
        ("E. Africa Standard Time", Africa::Nairobi),
        ("Morocco Standard Time", Africa::Casablanca),
        // The Americas
        ("Eastern Standard Time", America::New_York),
        ("Central Standard Time", America::Chicago),
        ("Mountain Standard Time", America::Denver),
        ("US Mountain Standard Time", America::Phoenix),
        ("Pacific Standard Time", America::Los_Angeles),
        ("Alaskan Standard Time", America::Anchorage),
        ("Atlantic Standard Time", America::Halifax),
        ("Newfoundland Standard Time", America::St_Johns),
        ("Canada Central Standard Time", America::Regina),
        ("Central Standard Time (Mexico)", America::Mexico_City),
        ("SA Pacific Standard Time", America::Bogota),
        ("E. South America Standard Time", America::Sao_Paulo),
        ("Argentina Standard Time", America::Buenos_Aires),
    ]
};

/// The IANA zone of a Windows zone name (`SE Asia Standard Time` →
/// `Asia/Bangkok`), ignoring ASCII case; `None` for a name not listed.
///
/// ```
/// use castcal::grid::windows_zones::iana;
/// assert_eq!(iana("SE Asia Standard Time"), Some(chrono_tz::Asia::Bangkok));
/// assert_eq!(iana("Mars Standard Time"), None);
/// ```
pub fn iana(windows: &str) -> Option<Tz> {
    let name = windows.trim();
    ZONES
        .iter()
        .find(|(w, _)| w.eq_ignore_ascii_case(name))
        .map(|(_, tz)| *tz)
}

#[cfg(test)]
mod tests {
    use super::*;
    use chrono::{Offset, TimeZone};

    #[test]
    fn utc_plus_seven_names_are_utc_plus_seven() {
        let t = chrono::NaiveDate::from_ymd_opt(2023, 1, 18)
            .and_then(|d| d.and_hms_opt(12, 0, 0))
            .unwrap();
        for name in [
            "SE Asia Standard Time",
            "se asia standard time",
            "N. Central Asia Standard Time",
            "North Asia Standard Time",
            "W. Mongolia Standard Time",
            "Altai Standard Time",
            "Tomsk Standard Time",
        ] {
            let tz = iana(name).unwrap_or_else(|| panic!("{name}"));
            let offset = tz.offset_from_utc_datetime(&t).fix().local_minus_utc();
            assert_eq!(offset, 7 * 3600, "{name}");
        }
    }

    #[test]
    fn every_name_is_listed_once() {
        let mut names: Vec<String> = ZONES.iter().map(|(w, _)| w.to_lowercase()).collect();
        names.sort();
        let n = names.len();
        names.dedup();
        assert_eq!(names.len(), n);
    }
}
