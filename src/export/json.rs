//! Occurrences as JSON: an array of objects with the product contract's
//! field names (see [`crate::Occurrence`]), pretty-printed as
//! `serde_json::to_writer_pretty` prints it, with a final newline.
//!
//! Objects are formatted in batches on every core: each is printed on its
//! own and indented one level, which gives the bytes the array printed
//! whole would have (JSON strings hold no raw line breaks, so every line
//! of an object is one of its own).

use std::io::{self, Write};

use serde::Serialize;
use serde_json::ser::Formatter;

use crate::cores;
use crate::occurrence::Occurrence;

/// How many objects a core formats at a time.
const BATCH: usize = 4096;

/// Writes `occurrences` as a JSON array to `out`.
///
/// # Errors
/// Any write failure of `out`.
pub fn write<W: Write>(out: W, occurrences: &[Occurrence]) -> io::Result<()> {
    let mut out = out;
    if occurrences.is_empty() {
        return out.write_all(b"[]\n");
    }
    let format = |batch: &[Occurrence]| -> io::Result<Vec<u8>> {
        let mut bytes = Vec::with_capacity(batch.len() * 512);
        for o in batch {
            bytes.extend_from_slice(b"  ");
            let mut ser = serde_json::Serializer::with_formatter(&mut bytes, Nested::default());
            o.serialize(&mut ser).map_err(io::Error::from)?;
            bytes.extend_from_slice(b",\n");
        }
        Ok(bytes)
    };
    out.write_all(b"[\n")?;
    let mut written = 0usize;
    let total = occurrences.len();
    cores::in_batches(occurrences, BATCH, format, |bytes| {
        let mut bytes = bytes?;
        written += BATCH;
        if written >= total {
            // The last object has no comma after it.
            bytes.truncate(bytes.len().saturating_sub(2));
            bytes.push(b'\n');
        }
        out.write_all(&bytes)
    })?;
    out.write_all(b"]\n")?;
    out.flush()
}

/// serde_json's pretty printing (two spaces a level) of a value that sits
/// one level deep, inside the array.
#[derive(Debug, Default)]
struct Nested {
    /// Levels below the array's.
    depth: usize,
    /// Whether the innermost array or object has a value yet.
    has_value: bool,
}

impl Nested {
    fn indent<W: ?Sized + Write>(&self, w: &mut W) -> io::Result<()> {
        for _ in 0..=self.depth {
            w.write_all(b"  ")?;
        }
        Ok(())
    }
}

impl Formatter for Nested {
    fn begin_array<W: ?Sized + Write>(&mut self, w: &mut W) -> io::Result<()> {
        self.depth += 1;
        self.has_value = false;
        w.write_all(b"[")
    }

    fn end_array<W: ?Sized + Write>(&mut self, w: &mut W) -> io::Result<()> {
        self.depth -= 1;
        if self.has_value {
            w.write_all(b"\n")?;
            self.indent(w)?;
        }
        w.write_all(b"]")
    }

    fn begin_array_value<W: ?Sized + Write>(&mut self, w: &mut W, first: bool) -> io::Result<()> {
        w.write_all(if first { b"\n" } else { b",\n" })?;
        self.indent(w)
    }

    fn end_array_value<W: ?Sized + Write>(&mut self, _w: &mut W) -> io::Result<()> {
        self.has_value = true;
        Ok(())
    }

    fn begin_object<W: ?Sized + Write>(&mut self, w: &mut W) -> io::Result<()> {
        self.depth += 1;
        self.has_value = false;
        w.write_all(b"{")
    }

    fn end_object<W: ?Sized + Write>(&mut self, w: &mut W) -> io::Result<()> {
        self.depth -= 1;
        if self.has_value {
            w.write_all(b"\n")?;
            self.indent(w)?;
        }
        w.write_all(b"}")
    }

    fn begin_object_key<W: ?Sized + Write>(&mut self, w: &mut W, first: bool) -> io::Result<()> {
        w.write_all(if first { b"\n" } else { b",\n" })?;
        self.indent(w)
    }

    fn begin_object_value<W: ?Sized + Write>(&mut self, w: &mut W) -> io::Result<()> {
        w.write_all(b": ")
    }

    fn end_object_value<W: ?Sized + Write>(&mut self, _w: &mut W) -> io::Result<()> {
        self.has_value = true;
        Ok(())
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    /// The array written in batches is the array serde_json prints whole,
    /// for none, one, a few and more occurrences than one batch holds.
    #[test]
    fn batches_print_what_serde_json_prints() {
        let plans = [crate::testing::daily_plan("Europe/Berlin", "A", |i| {
            format!("\"Tiêu đề \\\"{i}\\\"\\n dài\"")
        })];
        let all = crate::expand(&plans).unwrap();
        assert!(all.len() > 2 * BATCH, "{}", all.len());
        for n in [0, 1, 3, BATCH, BATCH + 1, all.len()] {
            let some = &all[..n];
            let mut want = serde_json::to_vec_pretty(some).unwrap();
            want.push(b'\n');
            let mut got = Vec::new();
            write(&mut got, some).unwrap();
            assert!(got == want, "{n} occurrences differ");
        }
    }
}
