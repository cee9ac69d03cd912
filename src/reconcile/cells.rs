//! The cells of a station's CSV export and of a file of confirmations:
//! columns found by their header, dates, times and lengths as playout
//! systems and spreadsheets write them.

use chrono::{NaiveDate, NaiveDateTime, NaiveTime};

use super::title::fold;

/// A header cell as compared: folded ([`fold`]), what is in parentheses
/// kept apart, runs of other characters as one space.
#[derive(Debug, Clone, PartialEq, Eq)]
pub(crate) struct Header {
    /// `ngay phat song` of `Ngày phát sóng`.
    pub name: String,
    /// `phut` of `Thời lượng (phút)`.
    pub unit: String,
}

impl Header {
    pub(crate) fn of(cell: &str) -> Header {
        let folded = fold(cell);
        let (name, unit) = match folded.split_once('(') {
            Some((name, rest)) => (name.to_string(), rest.replace(')', " ")),
            None => (folded, String::new()),
        };
        Header {
            name: squeeze(&name),
            unit: squeeze(&unit),
        }
    }
}

/// Words of letters and digits joined by one space.
fn squeeze(text: &str) -> String {
    text.split(|c: char| !c.is_alphanumeric())
        .filter(|w| !w.is_empty())
        .collect::<Vec<_>>()
        .join(" ")
}

/// The column whose header is one of `names` (folded, as [`Header`] gives
/// them), earlier names first.
pub(crate) fn find(headers: &[Header], names: &[&str]) -> Option<usize> {
    names
        .iter()
        .find_map(|n| headers.iter().position(|h| h.name == *n))
}

/// A date as exports and spreadsheets write it: `18/01/2023`, `18/1/2023`,
/// `18-01-2023`, `18.01.2023` (day first), `2023-01-18`, `2023/01/18`; a
/// time after it (`18/01/2023 00:00:00`) is ignored.
pub(crate) fn date(cell: &str) -> Option<NaiveDate> {
    let day = cell.split([' ', 'T']).next()?.trim();
    let parts: Vec<&str> = day.split(['/', '-', '.']).collect();
    let [a, b, c] = parts.as_slice() else {
        return None;
    };
    let number = |s: &str| -> Option<u32> {
        (!s.is_empty() && s.len() <= 4 && s.chars().all(|c| c.is_ascii_digit()))
            .then(|| s.parse().ok())
            .flatten()
    };
    let (y, m, d) = if a.len() == 4 {
        (number(a)?, number(b)?, number(c)?)
    } else if c.len() == 4 {
        (number(c)?, number(b)?, number(a)?)
    } else {
        return None;
    };
    NaiveDate::from_ymd_opt(i32::try_from(y).ok()?, m, d)
}

/// A time of day: `17:45`, `17:45:00`, `17:45:00.480`, a timecode
/// `17:45:00:12` (its frames dropped), `17h45`, `5:45 PM`.
pub(crate) fn time(cell: &str) -> Option<NaiveTime> {
    let cell = cell.trim();
    let lower = cell.to_ascii_lowercase();
    let (clock, pm) = if let Some(t) = lower.strip_suffix("pm") {
        (t.trim().to_string(), Some(true))
    } else if let Some(t) = lower.strip_suffix("am") {
        (t.trim().to_string(), Some(false))
    } else {
        (lower, None)
    };
    let clock = clock.replace(['h', 'g'], ":");
    let clock = clock.trim_end_matches(':');
    let parts: Vec<&str> = clock.split(':').collect();
    let field = |s: &str| -> Option<u32> {
        let whole = s.split(['.', ',']).next()?;
        (!whole.is_empty() && whole.len() <= 2 && whole.chars().all(|c| c.is_ascii_digit()))
            .then(|| whole.parse().ok())
            .flatten()
    };
    let (h, m, s) = match parts.as_slice() {
        [h, m] => (field(h)?, field(m)?, 0),
        [h, m, s] | [h, m, s, _] => (field(h)?, field(m)?, field(s)?),
        _ => return None,
    };
    let h = match pm {
        Some(true) if h < 12 => h + 12,
        Some(false) if h == 12 => 0,
        Some(_) if h > 12 => return None,
        _ => h,
    };
    NaiveTime::from_hms_opt(h, m, s)
}

/// A date and a time in one cell: `18/01/2023 17:45:00`, `2023-01-18T17:45`.
pub(crate) fn date_time(cell: &str) -> Option<NaiveDateTime> {
    let cell = cell.trim();
    let (d, t) = cell.split_once([' ', 'T'])?;
    Some(date(d)?.and_time(time(t)?))
}

/// A length in seconds: `00:12:00`, `12:00` (minutes and seconds), a
/// timecode `00:12:00:00`, `12 phút`, `12'`, `720 s`, or a bare number in
/// the unit the column's header names (`phút`, `min`; `giây`, `s`).
pub(crate) fn length(cell: &str, unit: &str) -> Option<u32> {
    let cell = fold(cell.trim());
    let number = |s: &str| -> Option<u32> {
        let s = s.trim();
        (!s.is_empty() && s.len() <= 6 && s.chars().all(|c| c.is_ascii_digit()))
            .then(|| s.parse().ok())
            .flatten()
    };
    if cell.contains(':') {
        let parts: Vec<&str> = cell.split(':').collect();
        let whole = |s: &str| number(s.split(['.', ',']).next().unwrap_or(""));
        return match parts.as_slice() {
            [m, s] => Some(whole(m)? * 60 + whole(s)?),
            [h, m, s] | [h, m, s, _] => Some(whole(h)? * 3600 + whole(m)? * 60 + whole(s)?),
            _ => None,
        };
    }
    const MINUTES: [&str; 5] = ["phut", "p", "min", "mins", "minutes"];
    const SECONDS: [&str; 5] = ["giay", "s", "sec", "secs", "seconds"];
    let split = cell
        .find(|c: char| !c.is_ascii_digit())
        .unwrap_or(cell.len());
    let (digits, suffix) = (cell.get(..split)?, cell.get(split..)?.trim());
    let n = number(digits)?;
    let suffix = if suffix.is_empty() { unit } else { suffix };
    if suffix == "'" || MINUTES.contains(&suffix) {
        n.checked_mul(60)
    } else if SECONDS.contains(&suffix) {
        Some(n)
    } else {
        None
    }
}

/// The lines of a CSV text, for the places of its records: the `csv`
/// crate's positions point at the line end before a record after a CRLF
/// line, so the line is counted here, from the record's first byte.
pub(crate) struct Lines<'t> {
    text: &'t str,
    /// An offset already counted to, and its line.
    at: usize,
    line: usize,
}

impl<'t> Lines<'t> {
    pub(crate) fn new(text: &'t str) -> Self {
        Lines {
            text,
            at: 0,
            line: 1,
        }
    }

    /// The line (from 1) of the record that the `csv` crate places at
    /// `byte`, and the text of that line. Records come in order, so the
    /// lines are counted once.
    pub(crate) fn of(&mut self, byte: u64) -> (usize, &'t str) {
        let bytes = self.text.as_bytes();
        let mut start = usize::try_from(byte).unwrap_or(usize::MAX).min(bytes.len());
        while matches!(bytes.get(start), Some(b'\r' | b'\n')) {
            start += 1;
        }
        if start < self.at {
            self.at = 0;
            self.line = 1;
        }
        let between = bytes.get(self.at..start).unwrap_or_default();
        self.line += between.iter().filter(|b| **b == b'\n').count();
        self.at = start;
        let rest = self.text.get(start..).unwrap_or("");
        let line = rest.split(['\r', '\n']).next().unwrap_or("");
        (self.line, line)
    }
}

/// The character column (from 1) at which field `index` of a CSV line
/// starts, reading quotes as RFC 4180 does.
pub(crate) fn column_of(line: &str, delimiter: char, index: usize) -> usize {
    let mut field = 0;
    let mut quoted = false;
    for (column, c) in line.chars().enumerate() {
        if field == index {
            return column + 1;
        }
        match c {
            '"' => quoted = !quoted,
            c if c == delimiter && !quoted => field += 1,
            _ => {}
        }
    }
    line.chars().count() + 1
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn dates_as_exports_write_them() {
        let want = NaiveDate::from_ymd_opt(2023, 1, 18);
        for cell in [
            "18/01/2023",
            "18/1/2023",
            "18-01-2023",
            "18.01.2023",
            "2023-01-18",
            "2023/01/18",
            "18/01/2023 00:00:00",
            "2023-01-18T00:00",
        ] {
            assert_eq!(date(cell), want, "{cell}");
        }
        for bad in ["31/02/2023", "01/18", "18/01/23", "", "tomorrow", "2023-1"] {
            assert_eq!(date(bad), None, "{bad}");
        }
    }

    #[test]
    fn times_as_playout_systems_write_them() {
        let want = NaiveTime::from_hms_opt(17, 45, 0);
        for cell in [
            "17:45",
            "17:45:00",
            "17:45:00.480",
            "17:45:00:12",
            "17h45",
            "5:45 PM",
            "5:45pm",
        ] {
            assert_eq!(time(cell), want, "{cell}");
        }
        assert_eq!(time("12:05 AM"), NaiveTime::from_hms_opt(0, 5, 0));
        for bad in ["24:00", "17", "17:60", "abc", "", "13:00 PM"] {
            assert_eq!(time(bad), None, "{bad}");
        }
        assert_eq!(
            date_time("18/01/2023 17:45:10"),
            NaiveDate::from_ymd_opt(2023, 1, 18).and_then(|d| d.and_hms_opt(17, 45, 10))
        );
    }

    #[test]
    fn lengths_in_every_unit() {
        let cases = [
            ("00:12:00", "", Some(720)),
            ("12:00", "", Some(720)),
            ("00:12:00:05", "", Some(720)),
            ("12 phút", "", Some(720)),
            ("12'", "", Some(720)),
            ("720 s", "", Some(720)),
            ("12", "phut", Some(720)),
            ("720", "giay", Some(720)),
            ("12", "", None),
            ("twelve", "", None),
        ];
        for (cell, unit, want) in cases {
            assert_eq!(length(cell, unit), want, "{cell} ({unit})");
        }
    }

    #[test]
    fn headers_are_folded_with_their_unit_apart() {
        assert_eq!(
            Header::of(" Thời lượng (phút) "),
            Header {
                name: "thoi luong".into(),
                unit: "phut".into()
            }
        );
        assert_eq!(Header::of("START_TIME").name, "start time");
    }

    /// CRLF, LF, blank lines and a quoted line break: each record's line.
    #[test]
    fn records_are_placed_on_their_lines() {
        for text in [
            "a;b\r\n1;2\r\n\r\n3;\"x\r\ny\"\r\n4;5\r\n",
            "a;b\n1;2\n\n3;\"x\ny\"\n4;5\n",
        ] {
            let mut reader = csv::ReaderBuilder::new()
                .has_headers(false)
                .delimiter(b';')
                .from_reader(text.as_bytes());
            let mut lines = Lines::new(text);
            let mut seen = Vec::new();
            let mut record = csv::StringRecord::new();
            while reader.read_record(&mut record).unwrap_or(false) {
                let byte = record.position().map_or(0, |p| p.byte());
                let (line, raw) = lines.of(byte);
                seen.push((line, raw.chars().next()));
            }
            assert_eq!(
                seen,
                [
                    (1, Some('a')),
                    (2, Some('1')),
                    (4, Some('3')),
                    (6, Some('4'))
                ],
                "{text:?}"
            );
        }
    }

    #[test]
    fn columns_count_characters_and_skip_quoted_delimiters() {
        let line = "18/01/2023;\"Tọa đàm; phát lại\";x";
        assert_eq!(column_of(line, ';', 0), 1);
        assert_eq!(column_of(line, ';', 1), 12);
        assert_eq!(column_of(line, ';', 2), 32);
    }
}
