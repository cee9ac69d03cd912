//! Wall-clock time in a zone to an instant, by RFC 5545 §3.3.5 for skipped
//! and repeated hours: the one zone rule expansion, feeds and grids share.

use chrono::{DateTime, NaiveDateTime, Offset, TimeDelta, TimeZone, Utc};
use chrono_tz::Tz;

/// A wall-clock time placed in `tz` the way RFC 5545 §3.3.5 says: in a fold
/// (the hour repeated when clocks go back) the first of the two; in a gap
/// (the hour skipped when clocks go forward) with the offset from before the
/// gap, so 02:30 on a spring-forward night becomes 03:30.
pub fn place_in_zone(wall: NaiveDateTime, tz: Tz) -> DateTime<Tz> {
    if let Some(t) = tz.from_local_datetime(&wall).earliest() {
        return t;
    }
    // In a gap: find the offset in force shortly before it.
    let mut probe = wall;
    for _ in 0..48 {
        probe = match probe.checked_sub_signed(TimeDelta::hours(1)) {
            Some(p) => p,
            None => break,
        };
        if let Some(before) = tz.from_local_datetime(&probe).earliest() {
            let offset = before.offset().fix();
            let utc = wall - TimeDelta::seconds(offset.local_minus_utc().into());
            return Utc.from_utc_datetime(&utc).with_timezone(&tz);
        }
    }
    Utc.from_utc_datetime(&wall).with_timezone(&tz)
}

#[cfg(test)]
mod tests {
    use super::*;

    fn placed(wall: &str, tz: Tz) -> String {
        match NaiveDateTime::parse_from_str(wall, "%Y-%m-%dT%H:%M") {
            Ok(wall) => place_in_zone(wall, tz).to_rfc3339(),
            Err(e) => panic!("{wall}: {e}"),
        }
    }

    #[test]
    fn an_ordinary_time_keeps_its_wall_clock() {
        assert_eq!(
            placed("2023-01-18T17:45", Tz::Asia__Ho_Chi_Minh),
            "2023-01-18T17:45:00+07:00"
        );
        assert_eq!(
            placed("2023-07-01T09:00", Tz::Europe__Berlin),
            "2023-07-01T09:00:00+02:00"
        );
    }

    #[test]
    fn a_skipped_hour_takes_the_offset_from_before_the_gap() {
        // Berlin springs forward at 02:00 on 26 March 2023.
        assert_eq!(
            placed("2023-03-26T02:30", Tz::Europe__Berlin),
            "2023-03-26T03:30:00+02:00"
        );
        // New York on 12 March 2023.
        assert_eq!(
            placed("2023-03-12T02:15", Tz::America__New_York),
            "2023-03-12T03:15:00-04:00"
        );
    }

    #[test]
    fn a_repeated_hour_is_the_first_of_the_two() {
        // Berlin falls back at 03:00 on 29 October 2023: 02:30 happens twice.
        assert_eq!(
            placed("2023-10-29T02:30", Tz::Europe__Berlin),
            "2023-10-29T02:30:00+02:00"
        );
    }

    #[test]
    fn a_skipped_day_keeps_its_length() {
        // Samoa skipped 30 December 2011 (from UTC−10 to UTC+14).
        assert_eq!(
            placed("2011-12-30T10:00", Tz::Pacific__Apia),
            "2011-12-31T10:00:00+14:00"
        );
    }
}
