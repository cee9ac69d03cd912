//! Finding a document's tables and their items: the header by meaning
//! ([`columns`](super::columns)), then each row recognised for what it is
//! (an item, a group, a total, a header or column-number row typed again,
//! a page number, a row going on from the line or page before), merged
//! cells giving every row its value.

use super::columns::{self, Columns, Kind, Role};
use super::document::{Block, Cell, Document, Place};
use crate::phrase::{self, Mode};

/// An item of a table: its cells by role.
#[derive(Debug, Clone)]
pub(crate) struct Item {
    /// Its number as the plan writes it, with its letter group (`A.1`).
    pub label: String,
    pub place: Place,
    pub cells: Vec<RoleCell>,
    /// Roles whose cell was empty in a text copy and taken from the item
    /// above (a merged cell, assumed).
    pub inherited: Vec<Role>,
    /// Roles whose Word cell goes on from the item above.
    pub merged: Vec<Role>,
    /// The item whose budget cell this one's is part of (counted once).
    pub shared_budget: Option<String>,
    /// Its cells were put in their columns by what they hold (a tab lost
    /// or doubled in a text copy).
    pub realigned: bool,
}

/// An item's cell and the column it is in.
#[derive(Debug, Clone)]
pub(crate) struct RoleCell {
    pub role: Role,
    pub text: String,
}

impl Item {
    pub fn cell(&self, role: Role) -> &str {
        self.cells
            .iter()
            .find(|c| c.role == role)
            .map_or("", |c| c.text.as_str())
    }
}

/// A total row: its words.
#[derive(Debug, Clone)]
pub(crate) struct Total {
    pub text: String,
}

/// A table of the plan.
#[derive(Debug, Clone)]
pub(crate) struct Table {
    pub columns: Columns,
    pub items: Vec<Item>,
    /// Its grand total row, when it has one.
    pub total: Option<Total>,
    /// The blocks it covers (indices in the document).
    pub first: usize,
    pub last: usize,
}

impl Table {
    pub fn kind(&self) -> Kind {
        self.columns.kind
    }
}

/// A row of cells being put together.
#[derive(Debug, Clone)]
struct Pending {
    cells: Vec<Cell>,
    place: Place,
    whole: bool,
    group: Option<String>,
    realigned: bool,
}

/// Whether a cell numbers an item: `1`, `2.`, `1.2`.
pub(crate) fn is_item_number(cell: &str) -> bool {
    let c = cell.trim().trim_end_matches('.');
    !c.is_empty()
        && c.chars().count() <= 6
        && c.chars().all(|x| x.is_ascii_digit() || x == '.')
        && c.chars().next().is_some_and(|x| x.is_ascii_digit())
}

/// A group's mark: `I`, `IV`, `A`, `B.` (with a title after it or not).
fn group_mark(text: &str) -> Option<String> {
    let first = text
        .split(|c: char| c.is_whitespace() || c == '.' || c == ')')
        .next()?;
    let roman = !first.is_empty()
        && first.chars().count() <= 5
        && first.chars().all(|c| matches!(c, 'I' | 'V' | 'X'));
    let letter = first.chars().count() == 1 && first.chars().all(|c| c.is_ascii_uppercase());
    (roman || letter).then(|| first.to_string())
}

/// A page number alone on a line: `2`, `- 3 -`, `Trang 4`.
pub(crate) fn is_page_number(text: &str) -> bool {
    let t = text
        .trim()
        .trim_matches(|c: char| c == '-' || c == '–' || c.is_whitespace());
    let t = t.strip_prefix("Trang ").unwrap_or(t);
    !t.is_empty() && t.chars().count() <= 3 && t.chars().all(|c| c.is_ascii_digit())
}

/// A row of column numbers: `(1) (2) (3)…` or `1 2 3…`.
fn is_number_row(cells: &[Cell]) -> bool {
    let filled: Vec<&str> = cells
        .iter()
        .map(|c| c.text.trim())
        .filter(|t| !t.is_empty())
        .collect();
    filled.len() >= 3
        && filled
            .iter()
            .enumerate()
            .all(|(i, t)| t.trim_matches(|c| c == '(' || c == ')') == (i + 1).to_string())
}

fn texts(cells: &[Cell]) -> Vec<String> {
    cells.iter().map(|c| c.text.clone()).collect()
}

/// Every table of the document with a header it recognises.
pub(crate) fn tables(doc: &Document) -> Vec<Table> {
    let mut out = Vec::new();
    let mut i = 0;
    while let Some(block) = doc.blocks.get(i) {
        if let Block::Row { cells, place, .. } = block {
            if let Some(columns) = columns::header(&texts(cells)) {
                let (table, next) = read_table(doc, i, columns, *place);
                out.push(table);
                i = next.max(i + 1);
                continue;
            }
        }
        i += 1;
    }
    out
}

/// Reads a table from its header row at `start`; gives it and the block
/// after it.
fn read_table(doc: &Document, start: usize, columns: Columns, header: Place) -> (Table, usize) {
    let n = columns.roles.len();
    let table_id = match doc.blocks.get(start) {
        Some(Block::Row { table, .. }) => *table,
        _ => 0,
    };
    let mut rows: Vec<Pending> = Vec::new();
    let mut total = None;
    let mut group: Option<String> = None;
    let mut last = start;
    let mut i = start + 1;
    while let Some(block) = doc.blocks.get(i) {
        match block {
            Block::Text { text, place } => {
                if text.trim().is_empty() || is_page_number(text) {
                    i += 1;
                    continue;
                }
                let open = rows.last_mut().filter(|p| !p.whole && p.cells.len() < n);
                if let Some(p) = open {
                    append(
                        p,
                        &[Cell {
                            text: text.clone(),
                            merged: false,
                            span: 1,
                        }],
                    );
                } else if let Some(mark) = group_mark(text).filter(|_| next_is_row(doc, i + 1)) {
                    group = Some(mark);
                    let _ = place;
                } else {
                    break;
                }
            }
            Block::Row {
                cells,
                place,
                table,
                whole,
            } => {
                let is_header = columns::header(&texts(cells)).is_some();
                if *whole && *table != table_id && is_header {
                    break;
                }
                if is_header || is_number_row(cells) {
                    last = i;
                    i += 1;
                    continue;
                }
                match row_kind(cells) {
                    RowKind::Total(text) => total = Some(Total { text }),
                    RowKind::Subtotal => {}
                    RowKind::Group(mark) => group = Some(mark),
                    RowKind::Other => add_row(&mut rows, cells, *place, *whole, n, &group),
                }
            }
        }
        last = i;
        i += 1;
    }
    let group_letters = rows.iter().any(|r| {
        r.group.as_deref().is_some_and(|g| {
            g.chars().all(|c| c.is_ascii_uppercase())
                && g.len() == 1
                && !matches!(g, "I" | "V" | "X")
        })
    });
    let items = items(rows, &columns, group_letters);
    let _ = header;
    let table = Table {
        columns,
        items,
        total,
        first: start,
        last,
    };
    (table, last + 1)
}

fn next_is_row(doc: &Document, from: usize) -> bool {
    doc.blocks
        .iter()
        .skip(from)
        .find(|b| !matches!(b, Block::Text { text, .. } if text.trim().is_empty() || is_page_number(text)))
        .is_some_and(|b| matches!(b, Block::Row { .. }))
}

enum RowKind {
    Total(String),
    Subtotal,
    Group(String),
    Other,
}

/// What a row is, by its first cells.
fn row_kind(cells: &[Cell]) -> RowKind {
    let filled: Vec<&str> = cells
        .iter()
        .map(|c| c.text.trim())
        .filter(|t| !t.is_empty())
        .collect();
    let first = cells.first().map_or("", |c| c.text.trim());
    let head = if first.is_empty() || is_item_number(first) {
        cells.get(1).map_or("", |c| c.text.trim())
    } else {
        first
    };
    let bare = phrase::bare(head);
    if !is_item_number(first) && (bare.starts_with("tong") || bare.starts_with("cong")) {
        let joined: Vec<&str> = filled.clone();
        return if bare.starts_with("cong muc") || bare.starts_with("cong phan") {
            RowKind::Subtotal
        } else {
            RowKind::Total(joined.join("\t"))
        };
    }
    if let Some(mark) = group_mark(first) {
        if filled.len() <= 2 && !is_item_number(first) {
            return RowKind::Group(mark);
        }
    }
    if filled.len() == 1 && !is_item_number(first) && cells.first().is_some_and(|c| c.span > 1) {
        return RowKind::Group(group_mark(first).unwrap_or_default());
    }
    RowKind::Other
}

/// Appends a line of cells going on from `p`: its first cell goes on from
/// the last one of `p`, the others follow it.
fn append(p: &mut Pending, cells: &[Cell]) {
    let mut it = cells.iter();
    if let (Some(first), Some(last)) = (it.next(), p.cells.last_mut()) {
        if !first.text.is_empty() {
            if !last.text.is_empty() {
                last.text.push('\n');
            }
            last.text.push_str(&first.text);
        }
    }
    p.cells.extend(it.cloned());
}

/// Adds a row: a new item, or the lines or page it goes on from.
fn add_row(
    rows: &mut Vec<Pending>,
    cells: &[Cell],
    place: Place,
    whole: bool,
    n: usize,
    group: &Option<String>,
) {
    let first = cells.first().map_or("", |c| c.text.trim());
    let starts_item = is_item_number(first);
    if let Some(p) = rows.last_mut() {
        if !whole && !p.whole && !starts_item {
            if p.cells.len() < n {
                append(p, cells);
                return;
            }
            if first.is_empty() && cells.len() + 1 >= n {
                // A row split by a page: each cell goes on in its column.
                for (k, c) in cells.iter().enumerate() {
                    if let Some(target) = p.cells.get_mut(k) {
                        if !c.text.is_empty() {
                            if !target.text.is_empty() {
                                target.text.push(' ');
                            }
                            target.text.push_str(&c.text);
                        }
                    }
                }
                return;
            }
        }
        if whole && first.is_empty() && !cells.iter().any(|c| c.merged) && p.whole {
            // A Word row going on from the one before (no number, nothing merged).
            for (k, c) in cells.iter().enumerate() {
                if let Some(target) = p.cells.get_mut(k) {
                    if !c.text.is_empty() {
                        if !target.text.is_empty() {
                            target.text.push('\n');
                        }
                        target.text.push_str(&c.text);
                    }
                }
            }
            return;
        }
    }
    rows.push(Pending {
        cells: cells.to_vec(),
        place,
        whole,
        group: group.clone(),
        realigned: false,
    });
}

/// The pending rows as items: their cells in columns, merged cells filled.
fn items(rows: Vec<Pending>, columns: &Columns, letters: bool) -> Vec<Item> {
    let n = columns.roles.len();
    let mut out: Vec<Item> = Vec::new();
    for mut p in rows {
        if p.cells.len() != n && !p.whole {
            p.cells = realign(&p.cells, columns);
            p.realigned = true;
        }
        let number = p.cells.first().map_or(String::new(), |c| {
            c.text.trim().trim_end_matches('.').to_string()
        });
        let label = match (&p.group, letters) {
            (Some(g), true) if !number.is_empty() => format!("{g}.{number}"),
            _ if number.is_empty() => "?".to_string(),
            _ => number,
        };
        let mut item = Item {
            label,
            place: p.place,
            cells: Vec::new(),
            inherited: Vec::new(),
            merged: Vec::new(),
            shared_budget: None,
            realigned: p.realigned,
        };
        for (k, role) in columns.roles.iter().enumerate() {
            let (Some(role), Some(cell)) = (role, p.cells.get(k)) else {
                continue;
            };
            if cell.merged {
                item.merged.push(*role);
            }
            item.cells.push(RoleCell {
                role: *role,
                text: cell.text.trim().to_string(),
            });
        }
        fill(&mut item, out.last(), p.whole);
        out.push(item);
    }
    out
}

/// Gives an item the cells it shares with the one above: Word's merged
/// cells; in a text copy, an empty time cell, and empty lead and partners
/// cells of an item whose lead is empty (assumed).
fn fill(item: &mut Item, above: Option<&Item>, whole: bool) {
    let Some(above) = above else { return };
    let take = |item: &mut Item, role: Role| {
        let text = above.cell(role).to_string();
        if let Some(c) = item.cells.iter_mut().find(|c| c.role == role) {
            c.text = text;
        }
    };
    if whole {
        for role in item.merged.clone() {
            if role == Role::Budget {
                item.shared_budget =
                    Some(above.shared_budget.clone().unwrap_or(above.label.clone()));
            } else {
                take(item, role);
            }
        }
        return;
    }
    let empty = |item: &Item, role: Role| {
        item.cells
            .iter()
            .any(|c| c.role == role && c.text.is_empty())
    };
    let mut roles = Vec::new();
    if empty(item, Role::Time) && !above.cell(Role::Time).is_empty() {
        roles.push(Role::Time);
    }
    for lead in [Role::Lead, Role::Office] {
        if empty(item, lead) && !above.cell(lead).is_empty() {
            roles.push(lead);
            if empty(item, Role::Partners) && !above.cell(Role::Partners).is_empty() {
                roles.push(Role::Partners);
            }
        }
    }
    for role in roles {
        take(item, role);
        item.inherited.push(role);
    }
}

/// How well a cell's text fits a column.
fn fit(text: &str, role: Option<Role>) -> i32 {
    let text = text.trim();
    if text.is_empty() {
        return 0;
    }
    let scan = || phrase::scan(text, Mode::Tolerant);
    match role {
        Some(Role::Number) => {
            if is_item_number(text) {
                4
            } else {
                -4
            }
        }
        Some(Role::Time | Role::Date | Role::Clock) => {
            let s = scan();
            let timed = s.facts().any(|f| {
                use phrase::Fact::*;
                matches!(
                    f,
                    At(_)
                        | Day(_)
                        | Dates(_)
                        | Months(_)
                        | Quarters(..)
                        | Ongoing
                        | Span(..)
                        | MonthSpan(..)
                        | Every(_)
                )
            });
            if timed {
                3
            } else {
                -1
            }
        }
        Some(Role::Budget) => {
            let money = phrase::amount(text).is_some()
                || scan()
                    .facts()
                    .any(|f| matches!(f, phrase::Fact::Amount { .. } | phrase::Fact::NoBudget));
            if money {
                3
            } else {
                -2
            }
        }
        Some(Role::Content) => i32::from(text.chars().count() > 15),
        _ => 0,
    }
}

/// Puts a row's cells in the columns they fit best, in order: a missing
/// cell leaves its column empty, an extra empty cell is dropped.
fn realign(cells: &[Cell], columns: &Columns) -> Vec<Cell> {
    let n = columns.roles.len();
    let m = cells.len();
    const LOW: i32 = i32::MIN / 4;
    // best[i][j]: the best score of cells[i..] in columns[j..].
    let mut best = vec![vec![LOW; n + 1]; m + 1];
    if let Some(row) = best.get_mut(m) {
        row.iter_mut().for_each(|x| *x = 0);
    }
    for i in (0..m).rev() {
        for j in (0..=n).rev() {
            let cell = cells.get(i).map_or("", |c| c.text.as_str());
            let mut b = LOW;
            if cell.trim().is_empty() {
                b = b.max(get(&best, i + 1, j));
            }
            if j < n {
                b = b.max(get(&best, i, j + 1));
                let role = columns.roles.get(j).copied().flatten();
                b = b.max(get(&best, i + 1, j + 1).saturating_add(fit(cell, role)));
            }
            if let Some(x) = best.get_mut(i).and_then(|r| r.get_mut(j)) {
                *x = b;
            }
        }
    }
    let mut out = vec![Cell::default(); n];
    let (mut i, mut j) = (0, 0);
    while i < m {
        let cell = cells.get(i).cloned().unwrap_or_default();
        let here = get(&best, i, j);
        let role = columns.roles.get(j).copied().flatten();
        if j < n && get(&best, i + 1, j + 1).saturating_add(fit(&cell.text, role)) == here {
            if let Some(slot) = out.get_mut(j) {
                *slot = cell;
            }
            i += 1;
            j += 1;
        } else if cell.text.trim().is_empty() && get(&best, i + 1, j) == here {
            i += 1;
        } else if j < n {
            j += 1;
        } else {
            break;
        }
    }
    out
}

fn get(best: &[Vec<i32>], i: usize, j: usize) -> i32 {
    best.get(i)
        .and_then(|r| r.get(j))
        .copied()
        .unwrap_or(i32::MIN / 4)
}

#[cfg(test)]
mod tests {
    use super::*;

    fn cells(line: &str) -> Vec<Cell> {
        line.split('\t')
            .map(|t| Cell {
                text: t.to_string(),
                merged: false,
                span: 1,
            })
            .collect()
    }

    #[test]
    fn a_lost_tab_and_a_doubled_one() {
        let columns = columns::header(
            &"STT\tNội dung\tHình thức\tThời gian\tĐơn vị thực hiện\tKinh phí (đồng)"
                .split('\t')
                .map(String::from)
                .collect::<Vec<_>>(),
        )
        .unwrap();
        let lost = realign(&cells("4\tHội nghị tuyên truyền cho học sinh O1 cuộc/trường\tTháng 9/2023\tPhòng Giáo dục\t12.500.000"), &columns);
        let t: Vec<&str> = lost.iter().map(|c| c.text.as_str()).collect();
        assert_eq!(t[3], "Tháng 9/2023");
        assert_eq!(t[5], "12.500.000");
        let doubled = realign(&cells("5\tTreo băng rôn\t\tBăng rôn, khẩu hiệu\tTừ 10/01 đến 05/02/2023\tPhòng Văn hóa\t21.350.000"), &columns);
        let t: Vec<&str> = doubled.iter().map(|c| c.text.as_str()).collect();
        assert_eq!(
            t,
            [
                "5",
                "Treo băng rôn",
                "Băng rôn, khẩu hiệu",
                "Từ 10/01 đến 05/02/2023",
                "Phòng Văn hóa",
                "21.350.000"
            ]
        );
    }

    #[test]
    fn kinds_of_rows() {
        assert!(is_page_number("- 3 -"));
        assert!(!is_page_number("2023"));
        assert!(is_number_row(&cells("(1)\t(2)\t(3)\t(4)")));
        assert!(matches!(
            row_kind(&cells("\tTổng cộng\t357,1")),
            RowKind::Total(_)
        ));
        assert!(matches!(
            row_kind(&cells("\tCộng mục A\t3.050")),
            RowKind::Subtotal
        ));
        assert!(
            matches!(row_kind(&cells("II\tTrên Báo Đồng Nai")), RowKind::Group(g) if g == "II")
        );
        assert!(matches!(
            row_kind(&cells("1\tChuyên mục\t19h30")),
            RowKind::Other
        ));
    }
}
