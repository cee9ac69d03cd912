//! RFC 5545 content lines, byte for byte: escaping, parameter quoting and
//! folding, written straight to any [`Write`].
//!
//! A logical line is built in one reusable buffer and folded as it is copied
//! out, so writing a calendar of any size holds one line in memory, never the
//! calendar. Folding counts octets, not characters: every physical line is at
//! most 75 octets before its CRLF, a continuation line starts with one space,
//! and a break never falls inside a UTF-8 character.

use std::io::{self, Write};

/// The most octets a physical line may hold, CRLF excluded (RFC 5545 §3.1).
pub const MAX_OCTETS: usize = 75;

/// Writes content lines to `W`, folded and CRLF-terminated.
pub struct LineWriter<W: Write> {
    out: W,
    line: String,
    /// Where a displayed value is formatted before it is escaped.
    scratch: String,
}

impl<W: Write> LineWriter<W> {
    pub fn new(out: W) -> LineWriter<W> {
        LineWriter {
            out,
            line: String::with_capacity(256),
            scratch: String::with_capacity(64),
        }
    }

    /// Writes `NAME;PARAM=value…:VALUE` where `value` is already in its
    /// property's syntax (a date, a rule, a duration, a UID list…): only
    /// line breaks and other control characters are removed from it, so it
    /// can never end the line early.
    pub fn raw(&mut self, name: &str, params: &[(&str, &str)], value: &str) -> io::Result<()> {
        self.start(name, params);
        if plain(value, b"") {
            self.line.push_str(value);
        } else {
            for c in value.chars() {
                if !is_control(c) {
                    self.line.push(c);
                }
            }
        }
        self.flush_line()
    }

    /// Writes a property whose value is TEXT (RFC 5545 §3.3.11), escaped.
    pub fn text(&mut self, name: &str, params: &[(&str, &str)], value: &str) -> io::Result<()> {
        self.start(name, params);
        escape_text_into(value, &mut self.line);
        self.flush_line()
    }

    /// Writes a property whose TEXT value is the parts of `value` one
    /// after the other, each escaped.
    pub fn text_parts(
        &mut self,
        name: &str,
        params: &[(&str, &str)],
        value: &[&str],
    ) -> io::Result<()> {
        self.start(name, params);
        for part in value {
            escape_text_into(part, &mut self.line);
        }
        self.flush_line()
    }

    /// Writes a property whose TEXT value is `escaped`, which
    /// [`escape_text`] made.
    pub fn text_escaped(
        &mut self,
        name: &str,
        params: &[(&str, &str)],
        escaped: &str,
    ) -> io::Result<()> {
        self.start(name, params);
        self.line.push_str(escaped);
        self.flush_line()
    }

    /// Writes a property whose TEXT value is `value` displayed, escaped.
    pub fn text_display(
        &mut self,
        name: &str,
        params: &[(&str, &str)],
        value: &(impl std::fmt::Display + ?Sized),
    ) -> io::Result<()> {
        use std::fmt::Write as _;
        self.scratch.clear();
        // Writing to a String cannot fail.
        let _ = write!(self.scratch, "{value}");
        self.start(name, params);
        escape_text_into(&self.scratch, &mut self.line);
        self.flush_line()
    }

    /// Writes a property whose value is a list of TEXT values, each escaped.
    pub fn texts(&mut self, name: &str, values: &[&str]) -> io::Result<()> {
        self.start(name, &[]);
        for (i, v) in values.iter().enumerate() {
            if i > 0 {
                self.line.push(',');
            }
            escape_text_into(v, &mut self.line);
        }
        self.flush_line()
    }

    /// Writes `bytes`, lines another [`LineWriter`] made, as they are.
    pub fn write_formatted(&mut self, bytes: &[u8]) -> io::Result<()> {
        self.out.write_all(bytes)
    }

    /// The capacity of the line buffer: what writing costs in memory,
    /// whatever the number of lines.
    pub fn buffer_capacity(&self) -> usize {
        self.line.capacity()
    }

    /// The underlying writer.
    pub fn get_ref(&self) -> &W {
        &self.out
    }

    /// Flushes and returns the underlying writer.
    pub fn into_inner(mut self) -> io::Result<W> {
        self.out.flush()?;
        Ok(self.out)
    }

    fn start(&mut self, name: &str, params: &[(&str, &str)]) {
        self.line.clear();
        self.line.push_str(name);
        for (key, value) in params {
            self.line.push(';');
            self.line.push_str(key);
            self.line.push('=');
            param_value_into(value, &mut self.line);
        }
        self.line.push(':');
    }

    fn flush_line(&mut self) -> io::Result<()> {
        fold_into(&self.line, &mut self.out)?;
        // A title of a megabyte must not keep a megabyte buffer for the rest
        // of the calendar.
        if self.line.capacity() > 64 * 1024 {
            self.line = String::with_capacity(256);
        }
        Ok(())
    }
}

/// Control characters other than HTAB are not allowed in any value; the C1
/// controls (NEL among them) and the Unicode line and paragraph separators
/// are treated alike, as some readers split lines on them.
fn is_control(c: char) -> bool {
    (c.is_control() && c != '\t') || c == '\u{2028}' || c == '\u{2029}'
}

/// Whether `value` holds none of `special` and no character [`is_control`]
/// might find: its bytes are copied as they are. A byte scan, so that most
/// values (titles, ids, dates) are not taken apart character by character.
/// The C1 controls are `C2 80`…`C2 9F` in UTF-8, U+2028 and U+2029 are
/// `E2 80 A8` and `E2 80 A9`.
fn plain(value: &str, special: &[u8]) -> bool {
    let bytes = value.as_bytes();
    let at = |i: usize| bytes.get(i).copied().unwrap_or(0);
    for (i, &b) in bytes.iter().enumerate() {
        let c1 = b == 0xC2 && (0x80..=0x9F).contains(&at(i + 1));
        let separator = b == 0xE2 && at(i + 1) == 0x80 && matches!(at(i + 2), 0xA8 | 0xA9);
        if b < 0x20 || b == 0x7F || c1 || separator || special.contains(&b) {
            return false;
        }
    }
    true
}

/// Escapes TEXT: `\` `;` `,` get a backslash; every line break (CRLF, CR,
/// LF, U+2028, U+2029) becomes `\n`; other control characters are dropped.
pub fn escape_text_into(value: &str, out: &mut String) {
    if plain(value, b"\\;,") {
        out.push_str(value);
        return;
    }
    let mut chars = value.chars().peekable();
    while let Some(c) = chars.next() {
        match c {
            '\\' => out.push_str("\\\\"),
            ';' => out.push_str("\\;"),
            ',' => out.push_str("\\,"),
            '\r' => {
                if chars.peek() == Some(&'\n') {
                    chars.next();
                }
                out.push_str("\\n");
            }
            '\n' | '\u{2028}' | '\u{2029}' => out.push_str("\\n"),
            c if is_control(c) => {}
            c => out.push(c),
        }
    }
}

/// The escaped form of `value` as a TEXT value.
pub fn escape_text(value: &str) -> String {
    let mut out = String::with_capacity(value.len());
    escape_text_into(value, &mut out);
    out
}

/// A parameter value (RFC 5545 §3.2): quoted when it holds `:`, `;` or `,`;
/// a double quote cannot appear even quoted, so it becomes `'`; control
/// characters are dropped.
pub fn param_value_into(value: &str, out: &mut String) {
    if plain(value, b":;,\"") {
        out.push_str(value);
        return;
    }
    let quote = value.contains([':', ';', ',']);
    if quote {
        out.push('"');
    }
    for c in value.chars() {
        match c {
            '"' => out.push('\''),
            c if is_control(c) => {}
            c => out.push(c),
        }
    }
    if quote {
        out.push('"');
    }
}

/// Writes one logical line folded into physical lines of at most
/// [`MAX_OCTETS`] octets, each ended by CRLF.
pub fn fold_into(line: &str, out: &mut impl Write) -> io::Result<()> {
    let mut start = 0;
    let mut limit = MAX_OCTETS;
    while line.len() - start > limit {
        // The longest run that fits and ends on a character boundary.
        let mut end = start + limit;
        while !line.is_char_boundary(end) {
            end -= 1;
        }
        out.write_all(line.get(start..end).unwrap_or_default().as_bytes())?;
        out.write_all(b"\r\n ")?;
        start = end;
        // The leading space of a continuation line counts.
        limit = MAX_OCTETS - 1;
    }
    out.write_all(line.get(start..).unwrap_or_default().as_bytes())?;
    out.write_all(b"\r\n")
}

/// The folded form of one logical line, for tests.
#[cfg(test)]
pub fn fold(line: &str) -> String {
    let mut out = Vec::new();
    // Writing to a Vec cannot fail.
    let _ = fold_into(line, &mut out);
    String::from_utf8(out).unwrap_or_default()
}

#[cfg(test)]
mod tests {
    use super::*;

    /// Unfolds as a reader does (RFC 5545 §3.1).
    fn unfold(text: &str) -> String {
        text.replace("\r\n ", "")
            .trim_end_matches("\r\n")
            .to_string()
    }

    fn assert_well_folded(folded: &str, logical: &str) {
        assert!(folded.ends_with("\r\n"), "{folded:?}");
        for physical in folded.split_terminator("\r\n") {
            assert!(
                physical.len() <= MAX_OCTETS,
                "{} octets: {physical:?}",
                physical.len()
            );
            assert!(!physical.contains(['\r', '\n']));
        }
        assert_eq!(unfold(folded), logical);
    }

    #[test]
    fn short_lines_are_left_alone() {
        assert_eq!(fold("VERSION:2.0"), "VERSION:2.0\r\n");
        let exactly = "X".repeat(75);
        assert_eq!(fold(&exactly), format!("{exactly}\r\n"));
        let one_more = "X".repeat(76);
        assert_eq!(fold(&one_more), format!("{}\r\n X\r\n", "X".repeat(75)));
    }

    #[test]
    fn continuation_lines_hold_74_octets_after_the_space() {
        let line = "Y".repeat(75 + 74 + 1);
        let folded = fold(&line);
        let physical: Vec<&str> = folded.split_terminator("\r\n").collect();
        assert_eq!(physical.len(), 3);
        assert_eq!(physical[0].len(), 75);
        assert_eq!(physical[1].len(), 75);
        assert_eq!(physical[2], " Y");
    }

    #[test]
    fn multibyte_characters_are_never_split_at_any_offset() {
        // 2-byte (ê), 3-byte (ạ, ờ) and 4-byte (emoji) characters, each
        // placed at every offset around the fold points.
        for ch in ["ê", "ạ", "ờ", "😀", "𝄞"] {
            for pad in 0..(2 * MAX_OCTETS) {
                let logical = format!("SUMMARY:{}{}", "a".repeat(pad), ch.repeat(60));
                let folded = fold(&logical);
                assert_well_folded(&folded, &logical);
            }
        }
    }

    #[test]
    fn vietnamese_titles_fold_on_character_boundaries() {
        let logical = "SUMMARY:Tọa đàm: Đẩy mạnh thanh toán không dùng tiền mặt; nâng cao nhận thức về ứng dụng CNTT xây dựng chính quyền điện tử, chính quyền số";
        let folded = fold(logical);
        assert_well_folded(&folded, logical);
        assert!(folded.lines().count() > 2);
    }

    #[test]
    fn text_is_escaped() {
        let cases = [
            ("plain", "plain"),
            ("a,b;c\\d", "a\\,b\\;c\\\\d"),
            ("one\ntwo", "one\\ntwo"),
            ("one\r\ntwo", "one\\ntwo"),
            ("one\rtwo", "one\\ntwo"),
            ("one\r\n\r\ntwo", "one\\n\\ntwo"),
            ("tab\there", "tab\there"),
            ("bell\u{7}nul\u{0}", "bellnul"),
            ("nel\u{85}del\u{7f}", "neldel"),
            ("line\u{2028}para\u{2029}", "line\\npara\\n"),
            ("Phát lại: 06:00", "Phát lại: 06:00"),
            ("🎉, ờ", "🎉\\, ờ"),
            // Neighbours of the bytes the fast path looks for.
            (
                "a\u{2013}b\u{2027}c\u{202A}d",
                "a\u{2013}b\u{2027}c\u{202A}d",
            ),
            ("nbsp\u{a0}x\u{9f}", "nbsp\u{a0}x"),
            ("end\u{2029}", "end\\n"),
            ("\u{c2}", "\u{c2}"),
        ];
        for (input, want) in cases {
            assert_eq!(escape_text(input), want, "{input:?}");
        }
    }

    #[test]
    fn raw_values_lose_their_control_characters_only() {
        let cases = [
            ("20230118T174500", "20230118T174500"),
            ("a\u{85}b\u{2028}c\u{2013}d", "abc\u{2013}d"),
            ("tab\there\r\n", "tab\there"),
        ];
        for (input, want) in cases {
            let mut w = LineWriter::new(Vec::new());
            w.raw("X", &[], input).unwrap();
            let got = String::from_utf8(w.into_inner().unwrap()).unwrap();
            assert_eq!(got, format!("X:{want}\r\n"), "{input:?}");
        }
    }

    #[test]
    fn parameter_values_are_quoted_when_needed_and_never_hold_a_quote() {
        let cases = [
            ("Asia/Ho_Chi_Minh", "Asia/Ho_Chi_Minh"),
            ("a:b", "\"a:b\""),
            ("a;b", "\"a;b\""),
            ("a,b", "\"a,b\""),
            ("say \"hi\"", "say 'hi'"),
            ("say \"a:b\"", "\"say 'a:b'\""),
            ("line\r\nbreak", "linebreak"),
        ];
        for (input, want) in cases {
            let mut out = String::new();
            param_value_into(input, &mut out);
            assert_eq!(out, want, "{input:?}");
        }
    }

    #[test]
    fn list_values_escape_their_commas_and_join_with_bare_ones() {
        let mut w = LineWriter::new(Vec::new());
        w.texts("CATEGORIES", &["tin, bài", "a;b", "c\\d", "phát lại"])
            .unwrap();
        let out = String::from_utf8(w.into_inner().unwrap()).unwrap();
        assert_eq!(out, "CATEGORIES:tin\\, bài,a\\;b,c\\\\d,phát lại\r\n");
    }

    #[test]
    fn a_line_break_in_a_title_stays_text() {
        let mut w = LineWriter::new(Vec::new());
        w.text("SUMMARY", &[], "Evil\r\nBEGIN:VEVENT\r\nUID:x")
            .unwrap();
        w.raw("UID", &[], "a\r\nBEGIN:VEVENT").unwrap();
        let out = String::from_utf8(w.into_inner().unwrap()).unwrap();
        assert_eq!(
            out,
            "SUMMARY:Evil\\nBEGIN:VEVENT\\nUID:x\r\nUID:aBEGIN:VEVENT\r\n"
        );
    }

    #[test]
    fn the_buffer_does_not_keep_a_huge_line() {
        let mut w = LineWriter::new(io::sink());
        w.text("SUMMARY", &[], &"x".repeat(1 << 20)).unwrap();
        w.text("SUMMARY", &[], "short").unwrap();
        assert!(w.buffer_capacity() <= 64 * 1024);
    }
}
