//! A page's words at their positions and its ruling lines put back into
//! paragraphs and table rows.
//!
//! Glyphs on one baseline and close together are a word; words on one
//! baseline are a line. Ruling lines that touch one another are a table's
//! grid: its columns are where its vertical lines are, its rows where its
//! horizontal lines are, and a line missing inside the grid is a merged
//! cell (no vertical line between two cells of a row: a cell spanning
//! columns; no horizontal line above a cell: a cell going on from the one
//! above). A cell's words are its lines joined: a word broken at the
//! cell's edge ("thá" / "ng") is joined without a space, a line that ends
//! short of the edge ends a paragraph of the cell. Across pages, a table
//! that goes on at the top of the next page keeps its number, its header
//! typed again stays a header row (the table reader skips it), and a row
//! whose number cell is empty at the top of a page goes on from the last
//! row of the page before. Lines repeated at the top or bottom of every
//! page (running headers, footers) are dropped; page numbers are left to
//! the table reader, which knows them.

use super::super::{clean, Block, Cell, Document, Place, ReadNote, MAX_BLOCKS, MAX_CELLS};

/// A glyph (or a word read by OCR) at its place on the page, in points
/// from the page's top left corner.
#[derive(Debug, Clone, PartialEq)]
pub struct Glyph {
    /// Its left edge.
    pub x: f64,
    /// Its baseline.
    pub y: f64,
    /// Its advance.
    pub width: f64,
    /// Its font size (an OCR word's height).
    pub size: f64,
    /// What it reads.
    pub text: String,
    /// How sure OCR was of it, 0–100; `None` for a text layer.
    pub confidence: Option<f64>,
}

impl Glyph {
    pub(super) fn is_finite(&self) -> bool {
        [self.x, self.y, self.width, self.size]
            .iter()
            .all(|v| v.is_finite() && v.abs() < 1e6)
    }
}

/// A ruling line: horizontal (`y0 == y1`) or vertical (`x0 == x1`), from
/// its smaller end to its larger.
#[derive(Debug, Clone, Copy, PartialEq)]
pub struct Rule {
    pub x0: f64,
    pub y0: f64,
    pub x1: f64,
    pub y1: f64,
}

/// Thicker than this, a filled rectangle is a shape, not a line.
const THIN: f64 = 2.5;
/// Shorter than this, a segment is no ruling line.
const SHORT: f64 = 3.0;
/// Points within which two lines' positions are one.
const NEAR: f64 = 2.0;

impl Rule {
    /// The segment from `a` to `b`, when it is horizontal or vertical.
    pub fn between(a: (f64, f64), b: (f64, f64)) -> Option<Rule> {
        let (dx, dy) = ((a.0 - b.0).abs(), (a.1 - b.1).abs());
        let finite = [a.0, a.1, b.0, b.1].iter().all(|v| v.is_finite());
        if !finite || dx.max(dy) < SHORT {
            return None;
        }
        if dy <= 0.5 {
            let y = (a.1 + b.1) / 2.0;
            Some(Rule {
                x0: a.0.min(b.0),
                y0: y,
                x1: a.0.max(b.0),
                y1: y,
            })
        } else if dx <= 0.5 {
            let x = (a.0 + b.0) / 2.0;
            Some(Rule {
                x0: x,
                y0: a.1.min(b.1),
                x1: x,
                y1: a.1.max(b.1),
            })
        } else {
            None
        }
    }

    /// A rectangle's lines: a thin filled one is one line, a stroked one
    /// its four sides.
    pub fn of_rect(a: (f64, f64), b: (f64, f64), filled: bool) -> Vec<Rule> {
        let (x0, x1) = (a.0.min(b.0), a.0.max(b.0));
        let (y0, y1) = (a.1.min(b.1), a.1.max(b.1));
        let (w, h) = (x1 - x0, y1 - y0);
        if filled {
            let line = if h <= THIN && w >= SHORT {
                Rule::between((x0, (y0 + y1) / 2.0), (x1, (y0 + y1) / 2.0))
            } else if w <= THIN && h >= SHORT {
                Rule::between(((x0 + x1) / 2.0, y0), ((x0 + x1) / 2.0, y1))
            } else {
                None
            };
            return line.into_iter().collect();
        }
        [
            ((x0, y0), (x1, y0)),
            ((x1, y0), (x1, y1)),
            ((x0, y1), (x1, y1)),
            ((x0, y0), (x0, y1)),
        ]
        .into_iter()
        .filter_map(|(p, q)| Rule::between(p, q))
        .collect()
    }

    fn horizontal(&self) -> bool {
        self.y0 == self.y1
    }
}

/// A page's glyphs and ruling lines.
#[derive(Debug, Clone, Default)]
pub struct Page {
    /// Its number, from 1.
    pub number: u32,
    pub width: f64,
    pub height: f64,
    pub glyphs: Vec<Glyph>,
    pub rules: Vec<Rule>,
}

/// A word: glyphs on one baseline, close together.
#[derive(Debug, Clone, PartialEq)]
struct Word {
    x0: f64,
    x1: f64,
    y: f64,
    size: f64,
    text: String,
    confidence: Option<f64>,
}

/// Words on one baseline, left to right.
#[derive(Debug, Clone)]
struct Line {
    words: Vec<Word>,
    y: f64,
    size: f64,
}

impl Line {
    fn x0(&self) -> f64 {
        self.words.first().map_or(0.0, |w| w.x0)
    }
    fn x1(&self) -> f64 {
        self.words.last().map_or(0.0, |w| w.x1)
    }
    fn top(&self) -> f64 {
        self.y - self.size
    }
    /// Its words, a tab where they are far apart (columns without lines).
    fn text(&self) -> String {
        let mut out = String::new();
        let mut end: Option<f64> = None;
        for w in &self.words {
            if let Some(e) = end {
                out.push(if w.x0 - e > 3.0 * self.size {
                    '\t'
                } else {
                    ' '
                });
            }
            out.push_str(&w.text);
            end = Some(w.x1);
        }
        out
    }
}

/// The words of glyphs, in the order they were drawn.
fn words(glyphs: &[Glyph]) -> Vec<Word> {
    let mut out: Vec<Word> = Vec::new();
    let mut open = false;
    for g in glyphs {
        if g.text.trim().is_empty() {
            open = false;
            continue;
        }
        let joins = open
            && out.last().is_some_and(|w| {
                let tol = w.size.max(g.size);
                (w.y - g.y).abs() < 0.3 * tol
                    && g.x >= w.x1 - 0.3 * tol
                    && g.x <= w.x1 + 0.12 * tol
                    && g.confidence.is_none()
            });
        match out.last_mut() {
            Some(w) if joins => {
                w.text.push_str(&g.text);
                w.x1 = w.x1.max(g.x + g.width);
                w.size = w.size.max(g.size);
            }
            _ => out.push(Word {
                x0: g.x,
                x1: g.x + g.width.max(0.0),
                y: g.y,
                size: g.size,
                text: g.text.clone(),
                confidence: g.confidence,
            }),
        }
        open = true;
    }
    out
}

/// Words into lines: each baseline's words, left to right, top to bottom.
fn lines(mut words: Vec<Word>) -> Vec<Line> {
    words.sort_by(|a, b| a.y.total_cmp(&b.y).then(a.x0.total_cmp(&b.x0)));
    let mut out: Vec<Line> = Vec::new();
    for w in words {
        match out.last_mut() {
            Some(l) if (w.y - l.y).abs() < 0.35 * l.size.max(w.size) => {
                l.size = l.size.max(w.size);
                l.words.push(w);
            }
            _ => out.push(Line {
                y: w.y,
                size: w.size,
                words: vec![w],
            }),
        }
    }
    for l in &mut out {
        l.words.sort_by(|a, b| a.x0.total_cmp(&b.x0));
    }
    out
}

/// A table's grid: where its lines are.
#[derive(Debug, Clone)]
struct Grid {
    xs: Vec<f64>,
    ys: Vec<f64>,
    rules: Vec<Rule>,
}

impl Grid {
    fn contains(&self, x: f64, y: f64) -> bool {
        let (Some(x0), Some(x1), Some(y0), Some(y1)) = (
            self.xs.first(),
            self.xs.last(),
            self.ys.first(),
            self.ys.last(),
        ) else {
            return false;
        };
        x >= *x0 && x <= *x1 && y >= *y0 && y <= *y1
    }

    /// A vertical line at column edge `i` across the middle of row `r`.
    fn vertical_at(&self, i: usize, r: usize) -> bool {
        let (Some(x), Some(a), Some(b)) = (self.xs.get(i), self.ys.get(r), self.ys.get(r + 1))
        else {
            return true;
        };
        let mid = (a + b) / 2.0;
        self.rules
            .iter()
            .any(|l| !l.horizontal() && (l.x0 - x).abs() <= NEAR && l.y0 <= mid && l.y1 >= mid)
    }

    /// A horizontal line at row edge `j` across the middle of column `c`.
    fn horizontal_at(&self, j: usize, c: usize) -> bool {
        let (Some(y), Some(a), Some(b)) = (self.ys.get(j), self.xs.get(c), self.xs.get(c + 1))
        else {
            return true;
        };
        let mid = (a + b) / 2.0;
        self.rules
            .iter()
            .any(|l| l.horizontal() && (l.y0 - y).abs() <= NEAR && l.x0 <= mid && l.x1 >= mid)
    }

    fn index(edges: &[f64], v: f64) -> Option<usize> {
        edges.windows(2).position(|w| match w {
            [a, b] => v >= *a && v < *b,
            _ => false,
        })
    }
}

/// Positions within [`NEAR`] of each other as one.
fn edges(mut values: Vec<f64>) -> Vec<f64> {
    values.sort_by(f64::total_cmp);
    let mut out: Vec<f64> = Vec::new();
    for v in values {
        match out.last() {
            Some(last) if v - last <= NEAR => {}
            _ => out.push(v),
        }
    }
    out
}

/// The grids of a page's ruling lines: lines that touch, as groups with at
/// least two lines each way.
fn grids(rules: &[Rule]) -> Vec<Grid> {
    const MAX_RULES: usize = 4000;
    let rules: Vec<Rule> = rules.iter().take(MAX_RULES).copied().collect();
    let n = rules.len();
    let mut parent: Vec<usize> = (0..n).collect();
    fn find(parent: &mut [usize], mut i: usize) -> usize {
        while let Some(&p) = parent.get(i) {
            if p == i {
                break;
            }
            let gp = parent.get(p).copied().unwrap_or(p);
            if let Some(slot) = parent.get_mut(i) {
                *slot = gp;
            }
            i = p;
        }
        i
    }
    let touch = |a: &Rule, b: &Rule| {
        a.x0 <= b.x1 + NEAR && b.x0 <= a.x1 + NEAR && a.y0 <= b.y1 + NEAR && b.y0 <= a.y1 + NEAR
    };
    for i in 0..n {
        for j in (i + 1)..n {
            let (Some(a), Some(b)) = (rules.get(i), rules.get(j)) else {
                continue;
            };
            if touch(a, b) {
                let (ra, rb) = (find(&mut parent, i), find(&mut parent, j));
                if let Some(slot) = parent.get_mut(ra) {
                    *slot = rb;
                }
            }
        }
    }
    let mut groups: std::collections::BTreeMap<usize, Vec<Rule>> = Default::default();
    for (i, r) in rules.iter().enumerate() {
        let root = find(&mut parent, i);
        groups.entry(root).or_default().push(*r);
    }
    let mut out: Vec<Grid> = groups
        .into_values()
        .filter_map(|rules| {
            let xs = edges(
                rules
                    .iter()
                    .filter(|r| !r.horizontal())
                    .map(|r| r.x0)
                    .collect(),
            );
            let ys = edges(
                rules
                    .iter()
                    .filter(|r| r.horizontal())
                    .map(|r| r.y0)
                    .collect(),
            );
            (xs.len() >= 2 && ys.len() >= 2).then_some(Grid { xs, ys, rules })
        })
        .collect();
    out.sort_by(|a, b| {
        let top = |g: &Grid| g.ys.first().copied().unwrap_or(0.0);
        top(a).total_cmp(&top(b))
    });
    out
}

/// A row of a grid as read from a page.
#[derive(Debug, Clone)]
struct GridRow {
    cells: Vec<Cell>,
    top: f64,
    /// Whether it is the grid's first row.
    first: bool,
}

/// A block of a page, before pages are put together.
#[derive(Debug, Clone)]
enum Piece {
    Text { text: String, top: f64, low: f64 },
    Row { row: GridRow, grid: usize },
}

impl Piece {
    fn top(&self) -> f64 {
        match self {
            Piece::Text { top, .. } => *top,
            Piece::Row { row, .. } => row.top,
        }
    }
}

/// The rows of a grid, each cell's words joined.
fn grid_rows(grid: &Grid, words: &[Word]) -> Vec<GridRow> {
    let rows = grid.ys.len().saturating_sub(1);
    let cols = grid.xs.len().saturating_sub(1).min(MAX_CELLS);
    // Where each slot's words go: the top left slot of its merged cell.
    let mut anchor = vec![vec![(0usize, 0usize); cols]; rows];
    let mut merged = vec![vec![false; cols]; rows];
    let mut span = vec![vec![1usize; cols]; rows];
    for r in 0..rows {
        let mut c = 0;
        while c < cols {
            let mut end = c + 1;
            while end < cols && !grid.vertical_at(end, r) {
                end += 1;
            }
            let above = r > 0 && !grid.horizontal_at(r, c);
            let top = if above {
                anchor
                    .get(r - 1)
                    .and_then(|a| a.get(c))
                    .copied()
                    .unwrap_or((r, c))
            } else {
                (r, c)
            };
            for k in c..end {
                if let Some(slot) = anchor.get_mut(r).and_then(|a| a.get_mut(k)) {
                    *slot = top;
                }
            }
            if let Some(m) = merged.get_mut(r).and_then(|a| a.get_mut(c)) {
                *m = above;
            }
            if let Some(s) = span.get_mut(r).and_then(|a| a.get_mut(c)) {
                *s = end - c;
            }
            for k in (c + 1)..end {
                if let Some(s) = span.get_mut(r).and_then(|a| a.get_mut(k)) {
                    *s = 0;
                }
            }
            c = end;
        }
    }
    let mut slots: Vec<Vec<Vec<Word>>> = vec![vec![Vec::new(); cols]; rows];
    for w in words {
        let cx = (w.x0 + w.x1) / 2.0;
        let cy = w.y - w.size * 0.3;
        let (Some(r), Some(c)) = (Grid::index(&grid.ys, cy), Grid::index(&grid.xs, cx)) else {
            continue;
        };
        let Some(&(ar, ac)) = anchor.get(r).and_then(|a| a.get(c)) else {
            continue;
        };
        if let Some(slot) = slots.get_mut(ar).and_then(|a| a.get_mut(ac)) {
            slot.push(w.clone());
        }
    }
    let mut out = Vec::new();
    for (r, row_slots) in slots.into_iter().enumerate() {
        let mut cells = Vec::new();
        for (c, words) in row_slots.into_iter().enumerate() {
            let s = span.get(r).and_then(|a| a.get(c)).copied().unwrap_or(1);
            if s == 0 {
                continue;
            }
            let left = grid.xs.get(c).copied().unwrap_or(0.0);
            let right = grid.xs.get(c + s).copied().unwrap_or(left);
            cells.push(Cell {
                text: cell_text(lines(words), left, right),
                merged: merged
                    .get(r)
                    .and_then(|a| a.get(c))
                    .copied()
                    .unwrap_or(false),
                span: s,
            });
            for _ in 1..s {
                cells.push(Cell::default());
            }
        }
        let top = grid.ys.get(r).copied().unwrap_or(0.0);
        out.push(GridRow {
            cells,
            top,
            first: r == 0,
        });
    }
    out
}

/// A cell's lines joined: a word broken at the cell's edge without a space,
/// a line wrapped with one, a line that ended short of the edge with a line
/// break (a paragraph of the cell).
fn cell_text(lines: Vec<Line>, left: f64, right: f64) -> String {
    // The cell's padding: its lines' least distance from its left line
    // (a centred cell's widest line), within reason.
    let pad = lines
        .iter()
        .map(|l| l.x0() - left)
        .fold(f64::INFINITY, f64::min)
        .clamp(1.0, 6.0);
    let room = right - left - 2.0 * pad;
    let mut out = String::new();
    let mut prev: Option<&Line> = None;
    for line in &lines {
        if let Some(p) = prev {
            let first = line.words.first();
            let first_width = first.map_or(0.0, |w| w.x1 - w.x0);
            let glyph = 0.6 * p.size;
            let width = p.x1() - p.x0();
            let starts_word = first
                .and_then(|w| w.text.chars().next())
                .is_some_and(char::is_alphanumeric);
            // A grouped number cut short ("75.000.00" / "0") is one too,
            // however the cell is aligned.
            let number =
                p.words.len() == 1 && first.is_some_and(|w| number_goes_on(&p.text(), &w.text));
            let broken = p.words.len() == 1 && width >= room - glyph && starts_word || number;
            if broken {
                // A word wider than the cell, broken at its edge.
            } else if room - width > first_width + 0.5 * p.size {
                out.push('\n');
            } else {
                out.push(' ');
            }
        }
        out.push_str(&line.text().replace('\t', " "));
        prev = Some(line);
    }
    out
}

/// A page as blocks, before pages are put together.
fn pieces(page: &Page) -> Vec<Piece> {
    let words = words(&page.glyphs);
    let grids = grids(&page.rules);
    let mut out = Vec::new();
    let mut free = Vec::new();
    let mut in_grid: Vec<Vec<Word>> = vec![Vec::new(); grids.len()];
    for w in words {
        let (cx, cy) = ((w.x0 + w.x1) / 2.0, w.y - w.size * 0.3);
        match grids.iter().position(|g| g.contains(cx, cy)) {
            Some(i) => {
                if let Some(v) = in_grid.get_mut(i) {
                    v.push(w);
                }
            }
            None => free.push(w),
        }
    }
    for (i, (grid, words)) in grids.iter().zip(in_grid).enumerate() {
        for row in grid_rows(grid, &words) {
            let empty = row.cells.iter().all(|c| c.text.is_empty() && !c.merged);
            if !empty {
                out.push(Piece::Row { row, grid: i });
            }
        }
    }
    out.extend(paragraphs(lines(free)));
    out.sort_by(|a, b| a.top().total_cmp(&b.top()));
    out
}

/// Lines outside tables as paragraphs: a line that reaches the right margin
/// goes on in the next one when it follows at the usual spacing and does
/// not open an item of its own.
fn paragraphs(lines: Vec<Line>) -> Vec<Piece> {
    let margin = lines.iter().map(Line::x1).fold(0.0_f64, f64::max);
    let left = lines.iter().map(Line::x0).fold(f64::INFINITY, f64::min);
    let mut out: Vec<Piece> = Vec::new();
    let mut prev: Option<&Line> = None;
    for line in &lines {
        let text = line.text();
        let goes_on = prev.is_some_and(|p| {
            let full = p.x1() >= margin - 2.0 * p.size && !p.text().contains('\t');
            let close = line.y - p.y < 1.8 * p.size.max(line.size);
            let flush = line.x0() <= left + 1.5 * line.size;
            full && close && flush && !opens_item(&text)
        });
        match out.last_mut() {
            Some(Piece::Text { text: t, low, .. }) if goes_on => {
                t.push(' ');
                t.push_str(&text);
                *low = line.y;
            }
            _ => out.push(Piece::Text {
                text,
                top: line.top(),
                low: line.y,
            }),
        }
        prev = Some(line);
    }
    out
}

/// A line that opens an item: `1.`, `a)`, `-`, `I.`, `+`.
fn opens_item(text: &str) -> bool {
    let t = text.trim_start();
    if t.starts_with(['-', '+', '•', '–']) {
        return true;
    }
    let head: String = t.chars().take_while(|c| c.is_alphanumeric()).collect();
    let after = t.chars().nth(head.chars().count());
    let short = !head.is_empty() && head.chars().count() <= 4;
    let numeral = head.chars().all(|c| c.is_ascii_digit())
        || head.chars().all(|c| matches!(c, 'I' | 'V' | 'X'))
        || head.chars().count() == 1;
    short && numeral && matches!(after, Some('.') | Some(')'))
}

/// The lines of a page counted top to bottom: each block's place is the
/// line its first words are on.
pub(super) fn line_tops(page: &Page) -> Vec<f64> {
    let mut ys: Vec<(f64, f64)> = words(&page.glyphs).iter().map(|w| (w.y, w.size)).collect();
    ys.sort_by(|a, b| a.0.total_cmp(&b.0));
    let mut out: Vec<(f64, f64)> = Vec::new();
    for (y, size) in ys {
        match out.last() {
            Some((ly, ls)) if y - ly < 0.35 * ls.max(size) => {}
            _ => out.push((y, size)),
        }
    }
    out.into_iter().map(|(y, size)| y - size).collect()
}

pub(super) fn line_at(tops: &[f64], top: f64) -> usize {
    let i = tops
        .iter()
        .position(|t| *t >= top - 1.0)
        .unwrap_or(tops.len());
    i.saturating_add(1)
}

/// Lines repeated near the top or bottom of several pages (running headers
/// and footers), digits made alike so `Trang 2` and `Trang 3` are one.
fn running(pages: &[(Vec<Piece>, f64)]) -> std::collections::BTreeSet<String> {
    let mut seen: std::collections::BTreeMap<String, usize> = Default::default();
    for (pieces, height) in pages {
        let mut here = std::collections::BTreeSet::new();
        for p in pieces {
            if let Piece::Text { text, top, low } = p {
                if *low < height * 0.08 || *top > height * 0.92 {
                    here.insert(alike(text));
                }
            }
        }
        for t in here {
            *seen.entry(t).or_insert(0) += 1;
        }
    }
    seen.into_iter()
        .filter(|(t, n)| *n >= 3 && t.chars().any(|c| c.is_alphabetic()))
        .map(|(t, _)| t)
        .collect()
}

fn alike(text: &str) -> String {
    text.chars()
        .map(|c| if c.is_ascii_digit() { '#' } else { c })
        .collect()
}

/// The pages as one document.
pub(crate) fn document(pages: &[Page]) -> Document {
    let laid: Vec<(Vec<Piece>, f64)> = pages.iter().map(|p| (pieces(p), p.height)).collect();
    let running = running(&laid);
    let mut doc = Document {
        paged: true,
        ..Document::default()
    };
    let mut table = 0usize;
    // The last table's column count and header row, while it may go on.
    let mut last_table: Option<(usize, Vec<String>)> = None;
    for (page, (pieces, _)) in pages.iter().zip(laid) {
        let tops = line_tops(page);
        let mut last_grid: Option<usize> = None;
        let mut first_on_page = true;
        // The table went on at the top of this page: its header typed
        // again is skipped over, then a row without a number goes on.
        let mut going_on = false;
        let last_row = doc
            .blocks
            .iter()
            .rposition(|b| matches!(b, Block::Row { .. }));
        for piece in pieces {
            let place = Place {
                page: Some(page.number),
                line: line_at(&tops, piece.top()),
            };
            if doc.blocks.len() >= MAX_BLOCKS {
                doc.notes.push(ReadNote::Truncated(place));
                return doc;
            }
            match piece {
                Piece::Text { text, .. } => {
                    if running.contains(&alike(&text)) {
                        continue;
                    }
                    let page_number = super::super::super::table::is_page_number(&text);
                    if !page_number && !text.trim().is_empty() {
                        first_on_page = false;
                        last_table = None;
                        going_on = false;
                    }
                    let text = clean(text.trim(), place, &mut doc.notes);
                    doc.blocks.push(Block::Text { text, place });
                }
                Piece::Row { row, grid } => {
                    let columns = row.cells.len();
                    let texts: Vec<String> = row.cells.iter().map(|c| c.text.clone()).collect();
                    if last_grid != Some(grid) {
                        going_on = first_on_page
                            && row.first
                            && last_table.as_ref().is_some_and(|(n, _)| *n == columns);
                        if !going_on {
                            if !doc.blocks.is_empty() {
                                table += 1;
                            }
                            last_table = Some((columns, texts.clone()));
                        }
                    }
                    last_grid = Some(grid);
                    first_on_page = false;
                    if going_on {
                        let header = last_table.as_ref().is_some_and(|(_, h)| *h == texts);
                        if !header {
                            going_on = false;
                            if continues(&row) && join_row(&mut doc, last_row, &row) {
                                continue;
                            }
                        }
                    }
                    let cells = row
                        .cells
                        .into_iter()
                        .map(|c| Cell {
                            text: clean(c.text.trim(), place, &mut doc.notes),
                            ..c
                        })
                        .collect();
                    doc.blocks.push(Block::Row {
                        cells,
                        place,
                        table,
                        whole: true,
                    });
                }
            }
        }
    }
    doc
}

/// A row at the top of a page that goes on from the row before: its first
/// (number) cell empty, something in another.
fn continues(row: &GridRow) -> bool {
    let mut cells = row.cells.iter();
    let first_empty = cells.next().is_some_and(|c| c.text.trim().is_empty());
    let spans_all = row.cells.first().is_some_and(|c| c.span >= row.cells.len());
    first_empty && !spans_all && row.cells.iter().any(|c| !c.text.trim().is_empty())
}

/// Joins a row's cells to the row at `to` (the last of the page before),
/// cell by cell.
fn join_row(doc: &mut Document, to: Option<usize>, row: &GridRow) -> bool {
    let Some(Block::Row { cells, .. }) = to.and_then(|i| doc.blocks.get_mut(i)) else {
        return false;
    };
    if cells.len() != row.cells.len() {
        return false;
    }
    for (target, c) in cells.iter_mut().zip(&row.cells) {
        let t = c.text.trim();
        if t.is_empty() {
            continue;
        }
        let last = target.text.rsplit([' ', '\n']).next().unwrap_or("");
        let first = t.split(' ').next().unwrap_or("");
        if !target.text.is_empty() && !number_goes_on(last, first) {
            target.text.push(' ');
        }
        target.text.push_str(t);
    }
    true
}

/// A grouped number cut short and its rest: `75.000.00` and `0`.
fn number_goes_on(before: &str, after: &str) -> bool {
    let numeric = |s: &str| {
        !s.is_empty()
            && s.chars()
                .all(|c| c.is_ascii_digit() || c == '.' || c == ',')
    };
    numeric(before)
        && before.contains(['.', ','])
        && numeric(after)
        && after.starts_with(|c: char| c.is_ascii_digit())
}

#[cfg(test)]
mod tests {
    use super::*;

    /// Glyphs of `text` from `x` on baseline `y`, each `size * 0.5` wide.
    fn glyphs(text: &str, x: f64, y: f64) -> Vec<Glyph> {
        let size = 10.0;
        text.chars()
            .enumerate()
            .map(|(i, c)| Glyph {
                x: x + i as f64 * size * 0.5,
                y,
                width: size * 0.5,
                size,
                text: c.to_string(),
                confidence: None,
            })
            .collect()
    }

    fn hline(y: f64, x0: f64, x1: f64) -> Rule {
        Rule::between((x0, y), (x1, y)).unwrap()
    }
    fn vline(x: f64, y0: f64, y1: f64) -> Rule {
        Rule::between((x, y0), (x, y1)).unwrap()
    }

    fn show(doc: &Document) -> Vec<String> {
        doc.blocks
            .iter()
            .map(|b| match b {
                Block::Text { text, place } => {
                    format!("{}.{}:{text}", place.page.unwrap_or(0), place.line)
                }
                Block::Row {
                    cells,
                    place,
                    table,
                    ..
                } => {
                    let c: Vec<String> = cells
                        .iter()
                        .map(|c| {
                            let mark = if c.merged { "^" } else { "" };
                            let span = if c.span > 1 {
                                format!("<{}>", c.span)
                            } else {
                                String::new()
                            };
                            format!("{mark}{span}{}", c.text)
                        })
                        .collect();
                    format!(
                        "{}.{} t{table}:[{}]",
                        place.page.unwrap_or(0),
                        place.line,
                        c.join("|")
                    )
                }
            })
            .collect()
    }

    /// A table of three columns (0–30, 30–80, 80–200) with `rows` row
    /// edges, every line drawn.
    fn grid_rules(ys: &[f64]) -> Vec<Rule> {
        let (top, bottom) = (ys[0], ys[ys.len() - 1]);
        let mut rules: Vec<Rule> = ys.iter().map(|y| hline(*y, 0.0, 200.0)).collect();
        for x in [0.0, 30.0, 80.0, 200.0] {
            rules.push(vline(x, top, bottom));
        }
        rules
    }

    #[test]
    fn words_and_lines_outside_tables() {
        let mut g = glyphs("Số: 12/KH-UBND", 10.0, 20.0);
        g.extend(glyphs("An Giang, ngày 02", 300.0, 20.0));
        g.extend(glyphs("KẾ HOẠCH", 10.0, 50.0));
        let page = Page {
            number: 1,
            width: 600.0,
            height: 800.0,
            glyphs: g,
            rules: vec![],
        };
        let doc = document(&[page]);
        assert_eq!(
            show(&doc),
            ["1.1:Số: 12/KH-UBND\tAn Giang, ngày 02", "1.2:KẾ HOẠCH"]
        );
    }

    #[test]
    fn a_wrapped_line_and_a_word_broken_at_the_cell_edge() {
        // Column 30–80 (pad 2, so 46 points inside: 9 glyphs of 5).
        let mut g = glyphs("1", 2.0, 20.0);
        g.extend(glyphs("19 giờ", 32.0, 20.0));
        g.extend(glyphs("thứ Sáu", 32.0, 32.0));
        g.extend(glyphs("Chuyên mục", 82.0, 20.0));
        // A number wider than its column: "120.000.000" broken as "120.000." / "000".
        g.extend(glyphs("2", 2.0, 60.0));
        g.extend(glyphs("120.000.", 32.0, 60.0));
        g.extend(glyphs("000", 32.0, 72.0));
        g.extend(glyphs("Tọa đàm", 82.0, 60.0));
        // A date wider than its column: "12/01/202" / "4".
        g.extend(glyphs("3", 2.0, 90.0));
        g.extend(glyphs("12/01/202", 32.0, 90.0));
        g.extend(glyphs("4", 32.0, 102.0));
        let page = Page {
            number: 1,
            width: 600.0,
            height: 800.0,
            glyphs: g,
            rules: grid_rules(&[8.0, 40.0, 80.0, 110.0]),
        };
        let doc = document(&[page]);
        assert_eq!(
            show(&doc),
            [
                "1.1 t0:[1|19 giờ thứ Sáu|Chuyên mục]",
                "1.3 t0:[2|120.000.000|Tọa đàm]",
                "1.5 t0:[3|12/01/2024|]"
            ]
        );
    }

    #[test]
    fn merged_cells_from_missing_lines() {
        // Row 1: a group row, no vertical line inside it; rows 2 and 3
        // share their last cell (no line between them in that column).
        let mut rules = vec![
            hline(0.0, 0.0, 200.0),
            hline(20.0, 0.0, 200.0),
            hline(40.0, 0.0, 200.0),
            hline(60.0, 0.0, 80.0),
            hline(80.0, 0.0, 200.0),
            vline(0.0, 0.0, 80.0),
            vline(200.0, 0.0, 80.0),
        ];
        rules.push(vline(30.0, 20.0, 80.0));
        rules.push(vline(80.0, 20.0, 80.0));
        let mut g = glyphs("I. TRUYỀN HÌNH", 2.0, 14.0);
        g.extend(glyphs("1", 2.0, 34.0));
        g.extend(glyphs("a", 32.0, 34.0));
        g.extend(glyphs("2", 2.0, 54.0));
        g.extend(glyphs("b", 32.0, 54.0));
        g.extend(glyphs("3", 2.0, 74.0));
        g.extend(glyphs("c", 32.0, 74.0));
        // The shared cell's words, drawn across both rows' middle.
        g.extend(glyphs("Sở Y tế", 82.0, 62.0));
        let page = Page {
            number: 1,
            width: 600.0,
            height: 800.0,
            glyphs: g,
            rules,
        };
        let doc = document(&[page]);
        assert_eq!(
            show(&doc),
            [
                "1.1 t0:[<3>I. TRUYỀN HÌNH||]",
                "1.2 t0:[1|a|]",
                "1.3 t0:[2|b|Sở Y tế]",
                "1.5 t0:[3|c|^]",
            ]
        );
    }

    #[test]
    fn a_row_across_a_page_break_and_the_header_typed_again() {
        let header = |g: &mut Vec<Glyph>, y: f64| {
            g.extend(glyphs("TT", 2.0, y));
            g.extend(glyphs("Thời gian", 32.0, y));
            g.extend(glyphs("Nội dung", 82.0, y));
        };
        let mut one = Vec::new();
        header(&mut one, 20.0);
        one.extend(glyphs("1", 2.0, 40.0));
        one.extend(glyphs("20 giờ", 32.0, 40.0));
        one.extend(glyphs("Bản tin", 82.0, 40.0));
        one.extend(glyphs("2", 400.0, 780.0));
        let mut two = Vec::new();
        header(&mut two, 20.0);
        two.extend(glyphs("thứ Hai", 32.0, 40.0));
        two.extend(glyphs("pháp luật", 82.0, 40.0));
        two.extend(glyphs("2", 2.0, 60.0));
        two.extend(glyphs("19 giờ", 32.0, 60.0));
        two.extend(glyphs("Phóng sự", 82.0, 60.0));
        let pages = [
            Page {
                number: 1,
                width: 600.0,
                height: 800.0,
                glyphs: one,
                rules: grid_rules(&[8.0, 28.0, 48.0]),
            },
            Page {
                number: 2,
                width: 600.0,
                height: 800.0,
                glyphs: two,
                rules: grid_rules(&[8.0, 28.0, 48.0, 68.0]),
            },
        ];
        let doc = document(&pages);
        assert_eq!(
            show(&doc),
            [
                "1.1 t0:[TT|Thời gian|Nội dung]",
                "1.2 t0:[1|20 giờ thứ Hai|Bản tin pháp luật]",
                "1.3:2",
                "2.1 t0:[TT|Thời gian|Nội dung]",
                "2.3 t0:[2|19 giờ|Phóng sự]",
            ]
        );
    }

    #[test]
    fn a_paragraph_wrapped_at_the_margin_is_one_block() {
        let mut g = glyphs("Đài phát thanh phát sóng lúc 20 giờ", 10.0, 20.0);
        g.extend(glyphs("thứ Ba hằng tuần.", 10.0, 32.0));
        g.extend(glyphs("2. Báo in", 10.0, 44.0));
        // Another, longer line sets the margin.
        g.extend(glyphs("Đài phát thanh phát sóng lúc 20 giờ", 10.0, 70.0));
        let page = Page {
            number: 1,
            width: 600.0,
            height: 800.0,
            glyphs: g,
            rules: vec![],
        };
        let doc = document(&[page]);
        assert_eq!(
            show(&doc),
            [
                "1.1:Đài phát thanh phát sóng lúc 20 giờ thứ Ba hằng tuần.",
                "1.3:2. Báo in",
                "1.4:Đài phát thanh phát sóng lúc 20 giờ",
            ]
        );
    }
}
