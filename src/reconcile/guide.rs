//! An as-run log as XMLTV (the XMLTV project's `xmltv.dtd`), as EPG and
//! playout tools export what aired: `<channel>`s, then one `<programme>`
//! per item with its `start`, `stop` and `channel`, a `<title>` and, from
//! castcal's own guide, `<episode-num system="castcal">` (the premiere's
//! UID).
//!
//! Read as it goes, one event at a time: a year of sixty channels is not
//! held in memory, only each programme's start, length, title (each title
//! once) and line.

use std::io::{self, BufRead, Read};

use quick_xml::events::{BytesStart, Event};

use super::{decode, Airing, Sink, MAX_LOG_BYTES, NO_LENGTH};
use crate::error::Error;
use crate::words::reconcile as said;

/// Where the text being read goes.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
enum Capture {
    Nothing,
    ChannelName,
    Title,
    Episode,
}

/// The programme being read: what its start tag and children said so far.
#[derive(Debug)]
struct Programme {
    line: usize,
    start: i64,
    length: u32,
    channel: u16,
    title: Option<u32>,
    /// Whether the `episode-num` being read is castcal's.
    castcal_episode: bool,
    /// The occurrences its UID names (a range of the sorted index).
    uid: Option<(u32, u32)>,
}

/// Logs from this size on are read in parts, one per core.
const PARALLEL_BYTES: u64 = 16 << 20;

/// The fewest bytes a programme takes in XMLTV: room for the airings of
/// a log is reserved for one per so many bytes.
const PROGRAMME_BYTES: u64 = 96;

/// How far past the middle of a part the start of a `<programme>` line is
/// looked for.
const SPLIT_WINDOW: u64 = 4 << 20;

/// Reads the XMLTV log at `sink.path` into `sink`.
///
/// A large UTF-8 log is read in as many parts as there are cores, each cut
/// at the start of a line that starts a `<programme>` and read as a
/// document of its own (`<tv>` put around it, so that its elements are
/// still checked to nest), the parts' programmes then put in order, with
/// their lines. When a part fails, the log is read again whole, so that
/// what is said of it is what reading it whole says.
///
/// # Errors
/// The file cannot be read; it is not XML, or not XMLTV; a programme
/// without `start` or `channel`, or with a time that is not XMLTV's, at its
/// line and column.
pub(crate) fn read(sink: &mut Sink) -> Result<(), Error> {
    read_from(sink, PARALLEL_BYTES, crate::cores::count())
}

/// [`read`], in `parts` parts from `parallel_bytes` on.
fn read_from(sink: &mut Sink, parallel_bytes: u64, parts: usize) -> Result<(), Error> {
    let (len, encoding, bom) = decode::sniff(sink.path, MAX_LOG_BYTES, sink.lang)?;
    if encoding == decode::Encoding::Utf8 && len >= parallel_bytes && parts > 1 {
        let mut cuts = vec![u64::try_from(bom).unwrap_or(0)];
        for k in 1..parts {
            let target = len / parts as u64 * k as u64;
            if let Some(cut) = programme_line(sink, target, len)? {
                if cut > cuts.last().copied().unwrap_or(0) {
                    cuts.push(cut);
                }
            }
        }
        cuts.push(len);
        if cuts.len() > 2 && read_parts(sink, &cuts).is_ok() {
            return Ok(());
        }
        sink.airings = Vec::new();
        sink.channels.clear();
    }
    sink.reserve(len, PROGRAMME_BYTES);
    let input = decode::open(sink.path, MAX_LOG_BYTES, sink.lang)?;
    parse(sink, input).map(drop)
}

/// The offset of the first line at or after `from` that starts (after
/// blanks) with `<programme`, within [`SPLIT_WINDOW`].
fn programme_line(sink: &Sink, from: u64, len: u64) -> Result<Option<u64>, Error> {
    let to = from.saturating_add(SPLIT_WINDOW).min(len);
    let mut part = decode::open_range(sink.path, MAX_LOG_BYTES, from, to, sink.lang)?;
    let mut bytes = Vec::new();
    part.read_to_end(&mut bytes).map_err(|source| Error::Read {
        path: sink.path.to_path_buf(),
        source,
    })?;
    let mut at = 0;
    while let Some(nl) = bytes
        .get(at..)
        .and_then(|b| b.iter().position(|c| *c == b'\n'))
    {
        let line = at + nl + 1;
        let rest = bytes.get(line..).unwrap_or_default();
        let blanks = rest
            .iter()
            .take_while(|c| matches!(c, b' ' | b'\t'))
            .count();
        if rest
            .get(blanks..)
            .is_some_and(|r| r.starts_with(b"<programme"))
        {
            return Ok(Some(from + line as u64));
        }
        at = line;
    }
    Ok(None)
}

/// What one part of a log held.
struct Part {
    titles: Vec<String>,
    channels: Vec<super::Channel>,
    airings: Vec<Airing>,
    /// The line ends in the part itself.
    newlines: usize,
}

/// Reads the parts of a log cut at `cuts`, on every core, into `sink`.
fn read_parts(sink: &mut Sink, cuts: &[u64]) -> Result<(), Error> {
    let last = cuts.len().saturating_sub(2);
    let parts: Vec<(usize, u64, u64)> = cuts
        .windows(2)
        .enumerate()
        .filter_map(|(k, w)| Some((k, *w.first()?, *w.get(1)?)))
        .collect();
    let (path, file, lang, zone, keys) = (sink.path, sink.file, sink.lang, sink.zone, sink.keys);
    let read = crate::cores::map(&parts, |&(k, from, to)| -> Result<Part, Error> {
        let raw = decode::open_range(path, MAX_LOG_BYTES, from, to, lang)?;
        let prefix: &[u8] = if k == 0 { b"" } else { b"<tv>\n" };
        let suffix: &[u8] = if k == last { b"" } else { b"</tv>" };
        let input = io::BufReader::with_capacity(1 << 16, prefix.chain(raw).chain(suffix));
        let mut titles = super::Titles::default();
        let mut part = Sink {
            path,
            file,
            lang,
            zone,
            keys,
            titles: &mut titles,
            airings: Vec::new(),
            channels: Vec::new(),
            total: 0,
        };
        // The first part gets the room of the whole, for the others to join it.
        let room = if k == 0 {
            cuts.last().copied().unwrap_or(to)
        } else {
            to - from
        };
        part.reserve(room, PROGRAMME_BYTES);
        let lines = parse(&mut part, input)?;
        let (airings, channels) = (part.airings, part.channels);
        Ok(Part {
            titles: titles.list,
            channels,
            airings,
            newlines: lines.saturating_sub(usize::from(k > 0)),
        })
    });
    let mut base = 0;
    let mut all: Vec<Airing> = Vec::new();
    for (k, part) in read.into_iter().enumerate() {
        let mut part = part?;
        let titles: Vec<u32> = part.titles.iter().map(|t| sink.titles.intern(t)).collect();
        let mut channels = Vec::with_capacity(part.channels.len());
        for c in part.channels {
            let i = sink.channel(&c.id);
            if let Some(global) = sink.channels.get_mut(usize::from(i)) {
                global.names.extend(c.names);
            }
            channels.push(i);
        }
        // A part's lines count from its `<tv>` line, the first's from 1.
        let shift = u32::try_from(base).unwrap_or(u32::MAX);
        for a in &mut part.airings {
            a.title = titles.get(a.title as usize).copied().unwrap_or(0);
            a.outlet = channels.get(usize::from(a.outlet)).copied().unwrap_or(0);
            a.line = (a.line.saturating_sub(u32::from(k > 0))).saturating_add(shift);
        }
        // Each part joins the first, which has room for all: nothing is copied twice.
        if all.is_empty() {
            all = part.airings;
        } else {
            all.append(&mut part.airings);
        }
        base += part.newlines;
    }
    if sink.total + all.len() > super::MAX_AIRINGS {
        return Err(Error::input(sink.path, super::too_many(sink.lang)));
    }
    sink.airings = all;
    Ok(())
}

/// Reads a log (or a part of one) from `input` into `sink`; how many line
/// ends it held.
fn parse(sink: &mut Sink, input: impl BufRead) -> Result<usize, Error> {
    let lang = sink.lang;
    let path = sink.path;
    let mut reader = quick_xml::Reader::from_reader(Lines::new(input));
    reader.config_mut().trim_text(false);
    let at = |line: usize, column: usize, message: String| Error::Evidence {
        path: path.to_path_buf(),
        line,
        column,
        message,
    };
    let mut buf = Vec::with_capacity(1 << 12);
    let mut rooted = false;
    let mut capture = Capture::Nothing;
    let mut text = String::new();
    let mut programme: Option<Programme> = None;
    let mut channel: Option<usize> = None;
    // The channel of the programme before, and its index: programmes of a
    // channel usually follow each other.
    let mut last = String::new();
    let mut last_index: Option<u16> = None;
    loop {
        let (line, column) = reader.get_ref().position();
        let event = match reader.read_event_into(&mut buf) {
            Ok(event) => event,
            Err(e) => {
                if let quick_xml::Error::Io(io) = &e {
                    if io.kind() == io::ErrorKind::InvalidData {
                        return Err(at(line, column, said::not_text(lang)));
                    }
                }
                return Err(at(line, column, said::bad_xml(lang, e)));
            }
        };
        let bad_xml = |e: &dyn std::fmt::Display| at(line, column, said::bad_xml(lang, e));
        let decoder = reader.decoder();
        match event {
            Event::Eof => break,
            Event::Decl(d) => {
                if let Some(Ok(encoding)) = d.encoding() {
                    let name = String::from_utf8_lossy(&encoding).to_ascii_lowercase();
                    if !matches!(name.as_str(), "utf-8" | "utf8" | "utf-16" | "utf16") {
                        return Err(at(line, column, said::xml_encoding(lang, &name)));
                    }
                }
            }
            Event::Start(e) | Event::Empty(e) if !rooted => {
                let name = e.local_name();
                if name.as_ref() != b"tv" {
                    let root = String::from_utf8_lossy(name.as_ref()).into_owned();
                    return Err(at(line, column, said::not_xmltv(lang, &root)));
                }
                rooted = true;
            }
            Event::Start(e) => match e.local_name().as_ref() {
                b"channel" => {
                    let id = attribute(&e, b"id", decoder).map_err(|e| bad_xml(&e))?;
                    channel = Some(usize::from(sink.channel(id.as_deref().unwrap_or(""))));
                }
                b"display-name" if channel.is_some() => {
                    capture = Capture::ChannelName;
                    text.clear();
                }
                b"programme" => {
                    let (mut start, mut stop, mut on) = (None, None, None);
                    for a in e.attributes() {
                        let a = a.map_err(|e| bad_xml(&e))?;
                        let key = a.key.local_name();
                        let slot = match key.as_ref() {
                            b"start" => &mut start,
                            b"stop" => &mut stop,
                            b"channel" => &mut on,
                            _ => continue,
                        };
                        let value = a
                            .decode_and_unescape_value(decoder)
                            .map_err(|e| bad_xml(&e))?;
                        *slot = Some(value);
                    }
                    let start = start
                        .ok_or_else(|| at(line, column, said::missing_attribute(lang, "start")))?;
                    let on = on.ok_or_else(|| {
                        at(line, column, said::missing_attribute(lang, "channel"))
                    })?;
                    let begins = time(&start)
                        .ok_or_else(|| at(line, column, said::bad_xmltv_time(lang, &start)))?;
                    let length = match stop {
                        Some(stop) => {
                            let ends = time(&stop).ok_or_else(|| {
                                at(line, column, said::bad_xmltv_time(lang, &stop))
                            })?;
                            u32::try_from((ends - begins).max(0)).unwrap_or(NO_LENGTH - 1)
                        }
                        None => NO_LENGTH,
                    };
                    let index = match last_index {
                        Some(i) if last == *on => i,
                        _ => {
                            let i = sink.channel(&on);
                            last.clear();
                            last.push_str(&on);
                            last_index = Some(i);
                            i
                        }
                    };
                    programme = Some(Programme {
                        line,
                        start: begins,
                        length,
                        channel: index,
                        title: None,
                        castcal_episode: false,
                        uid: None,
                    });
                }
                b"title" if programme.as_ref().is_some_and(|p| p.title.is_none()) => {
                    capture = Capture::Title;
                    text.clear();
                }
                b"episode-num" if programme.is_some() => {
                    let system = attribute(&e, b"system", decoder).map_err(|e| bad_xml(&e))?;
                    if let Some(p) = programme.as_mut() {
                        p.castcal_episode = system.as_deref() == Some("castcal");
                    }
                    capture = Capture::Episode;
                    text.clear();
                }
                _ => {}
            },
            Event::Text(t) if capture != Capture::Nothing => {
                text.push_str(&t.decode().map_err(|e| bad_xml(&e))?);
            }
            Event::CData(t) if capture != Capture::Nothing => {
                text.push_str(&t.decode().map_err(|e| bad_xml(&e))?);
            }
            Event::GeneralRef(r) if capture != Capture::Nothing => {
                if let Some(c) = r.resolve_char_ref().map_err(|e| bad_xml(&e))? {
                    text.push(c);
                } else {
                    let name = r.decode().map_err(|e| bad_xml(&e))?;
                    match quick_xml::escape::resolve_predefined_entity(&name) {
                        Some(s) => text.push_str(s),
                        None => return Err(bad_xml(&format!("unknown entity &{name};"))),
                    }
                }
            }
            Event::End(e) => match e.local_name().as_ref() {
                b"channel" => channel = None,
                b"display-name" if capture == Capture::ChannelName => {
                    capture = Capture::Nothing;
                    if let Some(c) = channel.and_then(|i| sink.channels.get_mut(i)) {
                        c.names.push(text.trim().to_string());
                    }
                }
                b"title" if capture == Capture::Title => {
                    capture = Capture::Nothing;
                    let title = one_line(&text);
                    let title = sink.titles.intern(&title);
                    if let Some(p) = programme.as_mut() {
                        p.title = Some(title);
                    }
                }
                b"episode-num" if capture == Capture::Episode => {
                    capture = Capture::Nothing;
                    if let Some(p) = programme.as_mut() {
                        let episode = text.trim();
                        if p.uid.is_none() && (p.castcal_episode || episode.ends_with("@castcal")) {
                            p.uid = Some(sink.keys.find(episode, true));
                        }
                    }
                }
                b"programme" => {
                    if let Some(p) = programme.take() {
                        let title = match p.title {
                            Some(t) => t,
                            None => sink.titles.intern(""),
                        };
                        let (uid_from, uid_to) = p.uid.unwrap_or((0, 0));
                        sink.push(Airing {
                            start: p.start,
                            length: p.length,
                            outlet: p.channel,
                            file: sink.file,
                            title,
                            line: u32::try_from(p.line).unwrap_or(u32::MAX),
                            uid_from,
                            uid_to,
                        })?;
                    }
                }
                _ => {}
            },
            _ => {}
        }
        buf.clear();
    }
    if !rooted {
        return Err(at(1, 1, said::not_xmltv(lang, "")));
    }
    Ok(reader.get_ref().line.saturating_sub(1))
}

/// An attribute's value, unescaped.
fn attribute<'e>(
    e: &'e BytesStart,
    name: &[u8],
    decoder: quick_xml::encoding::Decoder,
) -> Result<Option<std::borrow::Cow<'e, str>>, quick_xml::Error> {
    for a in e.attributes() {
        let a = a.map_err(quick_xml::Error::from)?;
        if a.key.local_name().as_ref() == name {
            return Ok(Some(a.decode_and_unescape_value(decoder)?));
        }
    }
    Ok(None)
}

/// XMLTV's texts are one line: runs of white space as one space.
fn one_line(text: &str) -> std::borrow::Cow<'_, str> {
    let clean = !text.starts_with(char::is_whitespace)
        && !text.ends_with(char::is_whitespace)
        && !text.contains(['\n', '\r', '\t'])
        && !text.contains("  ");
    if clean {
        text.into()
    } else {
        text.split_whitespace().collect::<Vec<_>>().join(" ").into()
    }
}

/// An XMLTV time, in seconds since the epoch: `YYYYMMDDhhmm[ss]`, then an
/// offset (`+0700`, `-0500`, `+07:00`, `Z`, `UTC`, `GMT`) or none, which
/// the DTD says is UTC.
///
/// ```text
/// 20230118174500 +0700   2023-01-18T10:45:00Z
/// ```
pub(crate) fn time(value: &str) -> Option<i64> {
    use super::{number, ymd};
    let value = value.trim();
    let digits_end = value
        .find(|c: char| !c.is_ascii_digit())
        .unwrap_or(value.len());
    let (digits, zone) = (value.get(..digits_end)?, value.get(digits_end..)?.trim());
    let date = ymd(digits.get(..8)?)?;
    let (h, m, s) = match digits.len() {
        12 => (number(digits.get(8..10)?)?, number(digits.get(10..12)?)?, 0),
        14 => (
            number(digits.get(8..10)?)?,
            number(digits.get(10..12)?)?,
            number(digits.get(12..14)?)?,
        ),
        _ => return None,
    };
    let wall = date.and_hms_opt(h, m, s)?;
    let offset = match zone {
        "" | "Z" | "UTC" | "GMT" | "+0000" | "-0000" => 0,
        _ => {
            let sign = match zone.chars().next()? {
                '+' => 1,
                '-' => -1,
                _ => return None,
            };
            let hhmm = zone.get(1..)?.replace(':', "");
            if hhmm.len() != 4 {
                return None;
            }
            let h = i32::try_from(number(hhmm.get(..2)?)?).ok()?;
            let m = i32::try_from(number(hhmm.get(2..)?)?).ok()?;
            if h > 14 || m > 59 {
                return None;
            }
            sign * (h * 3600 + m * 60)
        }
    };
    Some(wall.and_utc().timestamp() - i64::from(offset))
}

/// A reader that counts the lines of what is consumed, so that an element
/// can be found by its line and column (counted in bytes).
struct Lines<R> {
    inner: R,
    /// The line being read, from 1.
    line: usize,
    /// The offset of its first byte.
    line_start: u64,
    /// The offset of the next byte.
    offset: u64,
}

impl<R: BufRead> Lines<R> {
    fn new(inner: R) -> Self {
        Lines {
            inner,
            line: 1,
            line_start: 0,
            offset: 0,
        }
    }

    /// The line and column of the next byte.
    fn position(&self) -> (usize, usize) {
        let column = self.offset.saturating_sub(self.line_start) + 1;
        (self.line, usize::try_from(column).unwrap_or(usize::MAX))
    }

    /// Moves past `n` bytes of which `newlines` are line ends, the last at `last`.
    fn advance(&mut self, n: usize, newlines: usize, last: Option<usize>) {
        if let Some(last) = last {
            self.line += newlines;
            self.line_start = self.offset + last as u64 + 1;
        }
        self.offset += n as u64;
    }
}

/// How many line ends `bytes` holds, and where the last one is.
fn line_ends(bytes: &[u8]) -> (usize, Option<usize>) {
    let newlines = bytes.iter().filter(|b| **b == b'\n').count();
    let last = if newlines > 0 {
        bytes.iter().rposition(|b| *b == b'\n')
    } else {
        None
    };
    (newlines, last)
}

impl<R: BufRead> Read for Lines<R> {
    fn read(&mut self, buf: &mut [u8]) -> io::Result<usize> {
        let n = self.inner.read(buf)?;
        let (newlines, last) = line_ends(buf.get(..n).unwrap_or_default());
        self.advance(n, newlines, last);
        Ok(n)
    }
}

impl<R: BufRead> BufRead for Lines<R> {
    fn fill_buf(&mut self) -> io::Result<&[u8]> {
        self.inner.fill_buf()
    }

    fn consume(&mut self, amount: usize) {
        let (n, newlines, last) = match self.inner.fill_buf() {
            Ok(buf) => {
                let part = buf.get(..amount).unwrap_or(buf);
                let (newlines, last) = line_ends(part);
                (part.len(), newlines, last)
            }
            Err(_) => (0, 0, None),
        };
        self.advance(n, newlines, last);
        self.inner.consume(amount);
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    /// A log read in parts gives what it gives read whole: the same
    /// programmes, titles, channels and lines; and a broken one the same error.
    #[test]
    fn a_log_read_in_parts_is_read_as_whole() {
        let plan = "plan: { id: p, title: P, timezone: Asia/Ho_Chi_Minh, period: { from: 2023-01-01, to: 2023-12-31 } }\n\
outlets: { KG: { name: KG, kind: tv } }\n\
activities: [{ id: a, title: A, kind: broadcast, outlet: KG, start: 2023-01-01T06:00, rrule: FREQ=DAILY, duration: PT10M }]\n";
        let plans = match crate::plan::load_one("p.yaml".as_ref(), plan.to_string()) {
            Ok(p) => [p],
            Err(e) => panic!("{e}"),
        };
        let expansion = match crate::expand(&plans) {
            Ok(e) => e,
            Err(e) => panic!("{e}"),
        };
        let keys = super::super::Keys::new(&expansion);
        let mut xml = String::from("<?xml version=\"1.0\" encoding=\"UTF-8\"?>\n<tv>\n");
        xml.push_str("  <channel id=\"KG.castcal\"><display-name>KG</display-name></channel>\n");
        xml.push_str("  <channel id=\"other\"><display-name>Other</display-name></channel>\n");
        for day in 1..=365 {
            let date = chrono::NaiveDate::from_yo_opt(2023, day).unwrap_or_default();
            for (hour, channel, title) in [
                (6, "KG.castcal", "A"),
                (7, "other", "B &amp; C"),
                (8, "KG.castcal", "D"),
            ] {
                xml.push_str(&format!(
                    "  <programme start=\"{}{hour:02}0000 +0700\" stop=\"{}{hour:02}1000 +0700\" channel=\"{channel}\">\n    <title>{title}</title>\n",
                    date.format("%Y%m%d"),
                    date.format("%Y%m%d"),
                ));
                if title == "A" {
                    xml.push_str(&format!(
                        "    <episode-num system=\"castcal\">p.a.{}@castcal</episode-num>\n",
                        date.format("%Y%m%d")
                    ));
                }
                xml.push_str("  </programme>\n");
            }
        }
        xml.push_str("</tv>\n");
        let Ok(dir) = tempfile::tempdir() else { return };
        let path = dir.path().join("guide.xml");
        let broken = dir.path().join("broken.xml");
        assert!(std::fs::write(&path, &xml).is_ok());
        let cut = xml.replacen("<title>D</title>", "<title>D</titel>", 300);
        assert!(std::fs::write(&broken, cut).is_ok());
        let read = |path: &std::path::Path, parallel: u64, parts: usize| {
            let mut titles = super::super::Titles::default();
            let mut sink = Sink {
                path,
                file: 0,
                lang: crate::words::Lang::En,
                zone: chrono_tz::UTC,
                keys: &keys,
                titles: &mut titles,
                airings: Vec::new(),
                channels: Vec::new(),
                total: 0,
            };
            let done = read_from(&mut sink, parallel, parts).map_err(|e| e.message());
            let (found, channels) = (sink.airings, sink.channels);
            let airings: Vec<(i64, u32, String, String, u32, u32)> = found
                .iter()
                .map(|a| {
                    let channel = channels.get(usize::from(a.outlet)).map(|c| c.id.clone());
                    (
                        a.start,
                        a.line,
                        titles
                            .list
                            .get(a.title as usize)
                            .cloned()
                            .unwrap_or_default(),
                        channel.unwrap_or_default(),
                        a.uid_to - a.uid_from,
                        a.length,
                    )
                })
                .collect();
            (done, airings, channels)
        };
        let whole = read(&path, u64::MAX, 1);
        assert_eq!(whole.1.len(), 365 * 3);
        assert_eq!(whole.1.iter().filter(|a| a.4 == 1).count(), 365);
        for parts in [2, 3, 7] {
            assert_eq!(read(&path, 0, parts), whole, "{parts} parts");
        }
        let broken_whole = read(&broken, u64::MAX, 1).0;
        assert!(broken_whole.is_err());
        assert_eq!(read(&broken, 0, 4).0, broken_whole);
    }

    #[test]
    fn xmltv_times_with_and_without_offsets() {
        let utc = |s: &str| {
            chrono::DateTime::parse_from_rfc3339(s)
                .ok()
                .map(|t| t.timestamp())
        };
        let cases = [
            ("20230118174500 +0700", "2023-01-18T10:45:00Z"),
            ("202301181745 +0700", "2023-01-18T10:45:00Z"),
            ("20230118174500 +07:00", "2023-01-18T10:45:00Z"),
            ("20230118104500", "2023-01-18T10:45:00Z"),
            ("20230118104500 UTC", "2023-01-18T10:45:00Z"),
            ("20230118054500 -0500", "2023-01-18T10:45:00Z"),
        ];
        for (value, want) in cases {
            assert_eq!(time(value), utc(want), "{value}");
        }
        for bad in [
            "2023-01-18",
            "20230118",
            "20230118174500 BST",
            "20231318174500",
            "20230118174500 +2500",
        ] {
            assert_eq!(time(bad), None, "{bad}");
        }
    }

    #[test]
    fn lines_are_counted_as_consumed() {
        let text = "a\nbc\n\ndef";
        let mut lines = Lines::new(io::BufReader::with_capacity(3, text.as_bytes()));
        let mut seen = Vec::new();
        loop {
            seen.push(lines.position());
            let n = lines.fill_buf().map(|b| b.len().min(2)).unwrap_or(0);
            if n == 0 {
                break;
            }
            lines.consume(n);
        }
        assert_eq!(seen.last(), Some(&(4, 4)));
        assert!(seen.contains(&(2, 2)), "{seen:?}");
    }
}
