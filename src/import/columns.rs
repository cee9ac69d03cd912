//! A table's columns, recognised by what their headers say.

use crate::phrase;

/// What a column holds.
#[derive(Debug, Clone, Copy, PartialEq, Eq, PartialOrd, Ord)]
pub(crate) enum Role {
    Number,
    Content,
    Product,
    Time,
    Date,
    Clock,
    Channel,
    Length,
    Lead,
    Partners,
    /// Lead and partners in one cell (`Đơn vị thực hiện`).
    Office,
    Budget,
    UnitPrice,
    Quantity,
    Unit,
    Note,
}

/// What a table is for.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub(crate) enum Kind {
    /// Activities and when they happen.
    Activities,
    /// A budget estimate: items and their amounts, no dates.
    Estimate,
}

/// The columns of a table, found in its header row.
#[derive(Debug, Clone, PartialEq, Eq)]
pub(crate) struct Columns {
    /// Each column's role, by position.
    pub roles: Vec<Option<Role>>,
    /// The budget column's unit, when its header says one.
    pub unit: Option<Unit>,
    pub kind: Kind,
}

/// The unit of a budget column (`Kinh phí (triệu đồng)`).
#[derive(Debug, Clone, PartialEq, Eq)]
pub(crate) struct Unit {
    /// How many đồng one unit is.
    pub vnd: u64,
    /// The header's words.
    pub header: String,
}

/// The names of each role, without marks and in lower case: a header
/// whose words start with one of them (or are it) has that role. Earlier
/// entries win (`Đơn vị tính` before `Đơn vị`).
const NAMES: &[(Role, &[&str])] = &[
    (Role::Number, &["stt", "tt", "so tt", "so thu tu", "so"]),
    (Role::Unit, &["don vi tinh", "dvt"]),
    (Role::UnitPrice, &["don gia"]),
    (Role::Quantity, &["so luong"]),
    (Role::Length, &["thoi luong"]),
    (
        Role::Time,
        &[
            "thoi gian",
            "thoi diem",
            "tien do",
            "thoi han",
            "lich phat song",
            "lich",
        ],
    ),
    (Role::Date, &["ngay phat song", "ngay thuc hien", "ngay"]),
    (Role::Clock, &["gio phat song", "khung gio", "gio"]),
    (
        Role::Budget,
        &[
            "kinh phi",
            "du toan",
            "thanh tien",
            "so tien",
            "tong kinh phi",
            "nguon kinh phi",
        ],
    ),
    (
        Role::Content,
        &[
            "noi dung",
            "ten hoat dong",
            "ten chuong trinh",
            "ten san pham",
            "nhiem vu",
            "hoat dong",
            "cong viec",
            "chuong trinh",
            "ten",
        ],
    ),
    (
        Role::Product,
        &[
            "san pham",
            "hinh thuc",
            "kenh/hinh thuc",
            "ket qua",
            "dang san pham",
        ],
    ),
    (Role::Channel, &["kenh", "kenh phat song", "kenh song"]),
    (
        Role::Lead,
        &[
            "co quan chu tri",
            "don vi chu tri",
            "chu tri",
            "co quan thuong truc",
        ],
    ),
    (
        Role::Partners,
        &["co quan phoi hop", "don vi phoi hop", "phoi hop"],
    ),
    (
        Role::Office,
        &[
            "don vi thuc hien",
            "co quan thuc hien",
            "don vi",
            "co quan",
            "trach nhiem",
            "nguoi thuc hien",
        ],
    ),
    (Role::Note, &["ghi chu"]),
];

/// A header's words without marks, its parenthesis apart: `Kinh phí
/// (triệu đồng)` → (`kinh phi`, `trieu dong`).
fn words_of(header: &str) -> (String, String) {
    let bare = phrase::bare(header);
    let (head, unit) = match bare.split_once('(') {
        Some((h, u)) => (h, u.trim_end_matches(')')),
        None => (bare.as_str(), ""),
    };
    let head: Vec<&str> = head
        .split(|c: char| c.is_whitespace() || c == ',' || c == ':')
        .filter(|w| !w.is_empty())
        .collect();
    (head.join(" "), unit.trim().to_string())
}

/// The role a header names.
fn role_of(header: &str) -> Option<Role> {
    let (head, _) = words_of(header);
    if head.is_empty() || head.chars().count() > 60 {
        return None;
    }
    NAMES.iter().find_map(|(role, names)| {
        names
            .iter()
            .any(|n| {
                head.strip_prefix(n)
                    .is_some_and(|rest| rest.is_empty() || rest.starts_with([' ', '/']))
            })
            .then_some(*role)
    })
}

/// How many đồng a unit written in a header is.
fn unit_of(header: &str) -> Option<u64> {
    let (head, unit) = words_of(header);
    let said = format!("{head} {unit}");
    if said.contains("ty dong") {
        Some(1_000_000_000)
    } else if said.contains("trieu") || said.contains("tr.d") {
        Some(1_000_000)
    } else if said.contains("nghin") || said.contains("ngan") || said.contains("1.000 d") {
        Some(1_000)
    } else if unit.contains("dong") || unit.contains("vnd") {
        Some(1)
    } else {
        None
    }
}

/// The columns of a header row, if it is one: three roles or more, one of
/// them the content, and a number or a time.
pub(crate) fn header(cells: &[String]) -> Option<Columns> {
    if cells.len() < 3 || cells.iter().any(|c| c.chars().count() > 80) {
        return None;
    }
    // A header names its columns: it never starts with an item's number.
    if cells
        .first()
        .is_some_and(|c| c.trim().chars().next().is_some_and(|x| x.is_ascii_digit()))
    {
        return None;
    }
    let mut roles: Vec<Option<Role>> = Vec::new();
    for c in cells {
        let r = role_of(c).filter(|r| !roles.contains(&Some(*r)));
        roles.push(r);
    }
    let count = roles.iter().flatten().count();
    let has = |r: Role| roles.contains(&Some(r));
    let timed = has(Role::Time) || has(Role::Date) || has(Role::Clock);
    if count < 3 || !has(Role::Content) || !(has(Role::Number) || timed) {
        return None;
    }
    let kind = if timed {
        Kind::Activities
    } else if has(Role::Budget) {
        Kind::Estimate
    } else {
        return None;
    };
    let unit = roles
        .iter()
        .position(|r| *r == Some(Role::Budget))
        .and_then(|i| cells.get(i))
        .and_then(|h| {
            unit_of(h).map(|vnd| Unit {
                vnd,
                header: h.clone(),
            })
        });
    Some(Columns { roles, unit, kind })
}

#[cfg(test)]
mod tests {
    use super::*;

    fn roles(header: &str) -> Option<Vec<Option<Role>>> {
        let cells: Vec<String> = header.split('|').map(|c| c.trim().to_string()).collect();
        super::header(&cells).map(|c| c.roles)
    }

    #[test]
    fn headers_by_meaning_in_any_order() {
        use Role::*;
        assert_eq!(
            roles("STT | Nội dung | Thời gian | Đơn vị chủ trì | Đơn vị phối hợp | Hình thức | Kinh phí (triệu đồng)"),
            Some(vec![Some(Number), Some(Content), Some(Time), Some(Lead), Some(Partners), Some(Product), Some(Budget)])
        );
        assert_eq!(
            roles("TT | Nội dung công việc | Kênh/Hình thức | Thời gian | Đơn vị thực hiện | Kinh phí (dồng)"),
            Some(vec![Some(Number), Some(Content), Some(Product), Some(Time), Some(Office), Some(Budget)])
        );
        assert_eq!(
            roles(
                "STT | Ngày phát sóng | Giờ phát sóng | Kênh | Nội dung chương trình | Thời lượng"
            ),
            Some(vec![
                Some(Number),
                Some(Date),
                Some(Clock),
                Some(Channel),
                Some(Content),
                Some(Length)
            ])
        );
        let estimate = header(
            &"STT|Nội dung|Đơn vị tính|Số lượng|Đơn giá (đồng)|Thành tiền (đồng)"
                .split('|')
                .map(String::from)
                .collect::<Vec<_>>(),
        )
        .unwrap();
        assert_eq!(estimate.kind, Kind::Estimate);
        assert_eq!(estimate.unit.map(|u| u.vnd), Some(1));
        assert_eq!(roles("Số | Ngày | Ghi chú"), None);
        assert_eq!(unit_of("Dự toán (nghìn đồng)"), Some(1_000));
        assert_eq!(unit_of("Kinh phí thực hiện"), None);
    }
}
