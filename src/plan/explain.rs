//! What the YAML and serde parsers say, in sentences a person can act on.
//!
//! The parsers report in their own terms (`mapping values are not allowed
//! in this context`, `invalid type: string, expected u64`) and often where
//! they noticed, not where the slip is: a missing closing quote is found
//! lines later. This module looks at the text again to find the slip the
//! people who write plans make (a tab, an unquoted colon, an unclosed
//! quote, a line indented off), points at it and says what to change, in
//! Vietnamese and English.

use super::source::{Position, Source};
use crate::said::Said;
use crate::say;

/// The English names of the schedule file's enumerated values (what serde
/// lists first); every other name it lists is a Vietnamese alias.
const ENGLISH_WORDS: &[&str] = &[
    "tv",
    "radio",
    "newspaper",
    "bulletin",
    "web",
    "outdoor",
    "broadcast",
    "publication",
    "event",
    "campaign",
    "deadline",
    "confirmed",
    "tentative",
    "warn",
    "keep",
    "skip",
    "next_workday",
    "previous_workday",
];

/// A syntax error the parsers report at `position` with `message`, as the
/// slip that caused it, where to change it, and what to do.
/// `private`: the file may be any file (a holiday file): never quote it.
pub(super) fn syntax(
    source: &Source,
    position: Position,
    message: &str,
    private: bool,
) -> (Position, Said) {
    let lines: Vec<&str> = source.text.lines().collect();
    let upto = position.line.min(lines.len());
    if let Some(found) = tab(&lines, upto) {
        return found;
    }
    if let Some(found) = unclosed_quote(&lines, upto) {
        return found;
    }
    let line = lines
        .get(position.line.saturating_sub(1))
        .copied()
        .unwrap_or("");
    if message.contains("mapping values are not allowed") {
        if let Some(found) = indented_more(&lines, position.line) {
            return found;
        }
        if let Some(found) = unquoted_colon(line, position.line, private) {
            return found;
        }
    }
    if message.contains("expected <document start>")
        || message.contains("did not find expected key")
        || message.contains("did not find expected '-'")
    {
        if let Some(found) = indented_off(&lines, position.line) {
            return found;
        }
    }
    if message.contains("expected <document start>") {
        let column = indent(line) + 1;
        return (
            Position {
                line: position.line,
                column,
            },
            say!(
                "dòng này thụt vào ít hơn khối phía trên nên YAML không biết nó thuộc về đâu; thụt vào bằng các khóa cùng cấp với nó",
                "this line is indented less than the block it follows, so YAML cannot tell where it belongs; indent it like the keys it goes with"
            ),
        );
    }
    if message.contains("expected ',' or ']'") || message.contains("expected ',' or '}'") {
        if let Some(found) = unclosed_bracket(&lines, position.line) {
            return found;
        }
    }
    (
        position,
        say!(
            "YAML không đọc được chỗ này ({message}); xem lại dấu nháy, dấu `:` và thụt lề ở dòng này và dòng trên",
            "YAML cannot read this ({message}); check the quotes, the `:` and the indentation of this line and the one above"
        ),
    )
}

/// The last `[` or `{` opened on a line before `line` (from 1) and not closed on it.
fn unclosed_bracket(lines: &[&str], line: usize) -> Option<(Position, Said)> {
    lines
        .iter()
        .take(line)
        .enumerate()
        .rev()
        .find_map(|(i, l)| {
            let mut open: Vec<(char, usize)> = Vec::new();
            let mut quote: Option<char> = None;
            for (column, c) in l.chars().enumerate() {
                match quote {
                    Some(q) if c == q => quote = None,
                    Some(_) => {}
                    None if c == '"' || c == '\'' => quote = Some(c),
                    None if c == '#' => break,
                    None if c == '[' || c == '{' => open.push((c, column + 1)),
                    None if c == ']' || c == '}' => {
                        open.pop();
                    }
                    None => {}
                }
            }
            let (c, column) = open.first().copied()?;
            let close = if c == '[' { ']' } else { '}' };
            Some((
                Position { line: i + 1, column },
                say!(
                    "`{c}` mở ở đây chưa được đóng trên dòng này: thêm `{close}` ở cuối (và dấu phẩy giữa các mục)",
                    "this `{c}` is not closed on its line: add `{close}` at the end (and commas between the items)"
                ),
            ))
        })
}

fn indent(line: &str) -> usize {
    line.chars().take_while(|c| *c == ' ').count()
}

fn blank(line: &str) -> bool {
    let t = line.trim_start();
    t.is_empty() || t.starts_with('#')
}

/// The first tab in the indentation of a line up to `upto` (from 1).
fn tab(lines: &[&str], upto: usize) -> Option<(Position, Said)> {
    lines.iter().take(upto).enumerate().find_map(|(i, l)| {
        let lead = l
            .chars()
            .take_while(|c| *c == ' ' || *c == '\t' || *c == '-')
            .collect::<String>();
        let column = lead.chars().position(|c| c == '\t')? + 1;
        Some((
            Position { line: i + 1, column },
            say!(
                "dòng này thụt vào bằng phím Tab, YAML không nhận: dùng dấu cách thay cho phím Tab",
                "this line is indented with a tab, which YAML does not take: use spaces instead of the Tab key"
            ),
        ))
    })
}

/// A double or single quote opened on a line up to `upto` and not closed on it.
fn unclosed_quote(lines: &[&str], upto: usize) -> Option<(Position, Said)> {
    lines.iter().take(upto).enumerate().find_map(|(i, l)| {
        let column = open_quote(l)?;
        let quote = l.chars().nth(column.saturating_sub(1)).unwrap_or('"');
        Some((
            Position { line: i + 1, column },
            say!(
                "dấu nháy {quote} mở ở đây không được đóng trên dòng này; thêm {quote} ở cuối giá trị",
                "this {quote} opens a value that is not closed on its line; add {quote} at the end of the value"
            ),
        ))
    })
}

/// The column (from 1) of a quote that starts a value of `line` and is not
/// closed on it.
fn open_quote(line: &str) -> Option<usize> {
    let mut open: Option<(char, usize)> = None;
    let mut previous = ' ';
    let mut escaped = false;
    for (i, c) in line.chars().enumerate() {
        match open {
            Some(('"', _)) if escaped => escaped = false,
            Some(('"', _)) if c == '\\' => escaped = true,
            Some((q, _)) if c == q => open = None,
            Some(_) => {}
            None if c == '#' && (previous == ' ' || i == 0) => return None,
            // A quote starts a value only after a space, `[`, `{`, `,` or `:`.
            None if (c == '"' || c == '\'') && " [{,:-".contains(previous) => {
                open = Some((c, i + 1));
            }
            None => {}
        }
        previous = c;
    }
    open.map(|(_, column)| column)
}

/// `key: value with: a colon`: the value's place and the quoted form.
fn unquoted_colon(line: &str, number: usize, private: bool) -> Option<(Position, Said)> {
    let (key, value) = line.split_once(": ")?;
    let value = value.trim();
    if value.is_empty() || value.starts_with(['"', '\'', '[', '{']) || !value.contains(':') {
        return None;
    }
    let after = line.split_once(": ").map_or("", |(_, v)| v);
    let spaces = after.chars().take_while(|c| *c == ' ').count();
    let column = key.chars().count() + 2 + spaces + 1;
    let fixed = if private {
        "key: \"…: …\"".to_string()
    } else {
        format!(
            "{}: \"{}\"",
            key.trim_start().trim_start_matches("- "),
            value.replace('\\', "\\\\").replace('"', "\\\"")
        )
    };
    Some((
        Position {
            line: number,
            column,
        },
        say!(
            "giá trị này có dấu `:` nên YAML đọc nhầm thành một khóa; đặt giá trị trong dấu nháy kép: {fixed}",
            "this value holds a `:`, which YAML takes for a key; put the value in double quotes: {fixed}"
        ),
    ))
}

/// The key a line holds (`title` of `  - title: x`), when it holds one.
fn key_of(line: &str) -> Option<&str> {
    let t = line.trim_start().trim_start_matches("- ").trim_start();
    let (key, _) = t.split_once(':')?;
    (!key.is_empty() && !key.contains([' ', '"', '\''])).then_some(key)
}

/// The indentation of the keys a line at `line` (from 1) goes with: the
/// keys of the nearest line above that holds a key and is indented no more
/// than `most` (an item's `- id:` counts as indented to `id`).
fn sibling_indent(lines: &[&str], line: usize, most: usize) -> Option<(usize, usize)> {
    lines
        .iter()
        .take(line.saturating_sub(1))
        .enumerate()
        .rev()
        .filter(|(_, l)| !blank(l) && key_of(l).is_some())
        .map(|(i, l)| {
            let rest = l.trim_start();
            let extra = if rest.starts_with("- ") {
                2 + rest.chars().skip(2).take_while(|c| *c == ' ').count()
            } else {
                0
            };
            (i + 1, indent(l) + extra)
        })
        .find(|(_, n)| *n <= most)
}

fn off_by(number: usize, is: usize, should: usize) -> (Position, Said) {
    let (vi_fix, en_fix) = if is > should {
        let n = is - should;
        (
            format!("xóa {n} dấu cách ở đầu dòng"),
            format!("remove {n} space(s) at its start"),
        )
    } else {
        let n = should - is;
        (
            format!("thêm {n} dấu cách ở đầu dòng"),
            format!("add {n} space(s) at its start"),
        )
    };
    (
        Position {
            line: number,
            column: is + 1,
        },
        say!(
            "dòng {number} thụt vào {is} dấu cách, các khóa cùng cấp thụt {should}; {vi_fix}",
            "line {number} is indented {is} spaces, the keys it goes with {should}; {en_fix}"
        ),
    )
}

/// `key: value` followed by a key line indented more, which YAML reads as
/// the value going on and then a colon it does not allow.
fn indented_more(lines: &[&str], line: usize) -> Option<(Position, Said)> {
    let this = lines.get(line.checked_sub(1)?)?;
    key_of(this)?;
    let is = indent(this);
    let (above, should) = sibling_indent(lines, line, usize::MAX)?;
    let above_line = lines.get(above.checked_sub(1)?)?;
    let has_value = above_line
        .split_once(':')
        .is_some_and(|(_, v)| !v.trim().is_empty());
    (is > should && has_value && above + 1 == line).then(|| off_by(line, is, should))
}

/// A key line indented less than the keys before it, but more than the
/// block around them.
fn indented_off(lines: &[&str], line: usize) -> Option<(Position, Said)> {
    // The parser may report the line after the one that is off.
    let candidates = [line, line.saturating_sub(1)];
    candidates.iter().find_map(|&n| {
        let this = lines.get(n.checked_sub(1)?)?;
        if blank(this) || key_of(this).is_none() {
            return None;
        }
        let is = indent(this);
        let (above, should) = sibling_indent(lines, n, usize::MAX)?;
        // Indented more than the line above is fine under a key with no value.
        let above_has_value = lines
            .get(above.checked_sub(1)?)
            .and_then(|l| l.split_once(':'))
            .is_some_and(|(_, v)| !v.trim().is_empty() && !v.trim_start().starts_with('#'));
        let off = (is > 0 && is < should) || (is > should && above_has_value);
        off.then(|| off_by(n, is, should))
    })
}

/// How an activity is named in a message: counted from 1, with its id when
/// the file gives one.
pub(super) fn activity(source: &Source, index: usize) -> Said {
    let number = index + 1;
    let id = activity_id(source, index);
    match id {
        Some(id) => say!("hoạt động thứ {number} ({id})", "activity {number} ({id})"),
        None => say!("hoạt động thứ {number}", "activity {number}"),
    }
}

fn activity_id(source: &Source, index: usize) -> Option<String> {
    let value: serde_yaml::Value = serde_yaml::from_str(&source.text).ok()?;
    let id = value.get("activities")?.get(index)?.get("id")?;
    id.as_str().map(str::to_string)
}

/// `activities[2].reruns[0].at` as a person reads it: the activity counted
/// from 1 and named, then the keys.
pub(super) fn path(source: &Source, path: &str) -> Said {
    if let Some(rest) = path.strip_prefix("activities[") {
        if let Some((number, tail)) = rest.split_once(']') {
            if let Ok(i) = number.parse::<usize>() {
                let who = activity(source, i);
                let tail = tail.trim_start_matches('.');
                if tail.is_empty() {
                    return who;
                }
                let tail = people_path(tail);
                return who.map(|lang, who| match lang {
                    crate::said::Lang::Vi => format!("`{tail}` của {who}"),
                    crate::said::Lang::En => format!("`{tail}` of {who}"),
                });
            }
        }
    }
    if let Some(rest) = path.strip_prefix("outlets.") {
        if let Some((id, key)) = rest.rsplit_once('.') {
            return say!("`{key}` của kênh {id}", "`{key}` of outlet {id}");
        }
        return say!("kênh {rest}", "outlet {rest}");
    }
    Said::from(format!("`{}`", people_path(path)))
}

/// Items counted from 1 in a path: `reruns[0].at` → `reruns #1.at`.
fn people_path(path: &str) -> String {
    let mut out = String::new();
    let mut rest = path;
    while let Some(open) = rest.find('[') {
        out.push_str(rest.get(..open).unwrap_or(""));
        let after = rest.get(open + 1..).unwrap_or("");
        match after.split_once(']') {
            Some((n, tail)) if n.parse::<usize>().is_ok() => {
                let n = n.parse::<usize>().unwrap_or(0) + 1;
                out.push_str(&format!(" #{n}"));
                rest = tail;
            }
            _ => {
                out.push('[');
                rest = after;
            }
        }
    }
    out.push_str(rest);
    out
}

/// A serde message (`activities[0].kind: unknown variant …`) as a sentence.
/// Unknown keys keep the parser's words: their message is made elsewhere.
pub(super) fn serde(source: &Source, message: &str) -> Said {
    let (at, what) = match message.split_once(": ") {
        Some((p, rest))
            if !p.is_empty()
                && !p.contains([' ', '`', '"'])
                && !["invalid type", "invalid value", "unknown variant"].contains(&p) =>
        {
            (Some(p), rest)
        }
        _ => (None, message),
    };
    let field = at.map(|p| p.rsplit(['.', ']']).next().unwrap_or(p).to_string());
    let where_ = at.map(|p| path(source, p));
    value_message(what, field.as_deref(), where_)
}

/// A redacted serde message about a holiday file (no path, no quoted value).
pub(super) fn serde_plain(message: &str) -> Said {
    value_message(message, None, None)
}

fn value_message(what: &str, field: Option<&str>, where_: Option<Said>) -> Said {
    let subject = where_
        .clone()
        .unwrap_or_else(|| say!("giá trị này", "this value"));
    let (subject_vi, subject_en) = (subject.vi.clone(), subject.en.clone());
    if what.starts_with("unknown field") {
        return match where_ {
            Some(w) => w.map(|_, w| format!("{w}: {what}")),
            None => Said::from(what),
        };
    }
    if let Some(rest) = what.strip_prefix("missing field `") {
        let key = rest.trim_end_matches('`');
        let within = where_.unwrap_or_else(|| say!("mục này", "this entry"));
        let (w_vi, w_en) = (within.vi, within.en);
        return say!(
            "thiếu `{key}` trong {w_vi}; thêm dòng `{key}: …`",
            "`{key}` is missing from {w_en}; add a line `{key}: …`"
        );
    }
    if let Some(rest) = what.strip_prefix("duplicate field `") {
        let key = rest.split('`').next().unwrap_or("");
        return say!(
            "`{key}` được viết hai lần; giữ một",
            "`{key}` is given twice; keep one"
        );
    }
    if let Some(rest) = what.strip_prefix("unknown variant `") {
        let (value, expected) = rest
            .split_once("`, expected one of ")
            .unwrap_or((rest.split('`').next().unwrap_or(""), ""));
        let names: Vec<&str> = expected
            .split(", ")
            .map(|n| n.trim_matches('`'))
            .filter(|n| !n.is_empty())
            .collect();
        let vi: Vec<&str> = names
            .iter()
            .copied()
            .filter(|n| !ENGLISH_WORDS.contains(n))
            .collect();
        let en: Vec<&str> = names
            .iter()
            .copied()
            .filter(|n| ENGLISH_WORDS.contains(n))
            .collect();
        let near = names
            .iter()
            .find(|n| plain(n) == plain(value) && **n != value)
            .map(|n| {
                (
                    format!(" (có phải `{n}`?)"),
                    format!(" (did you mean `{n}`?)"),
                )
            })
            .unwrap_or_default();
        let (vi, en) = (vi.join(", "), en.join(", "));
        let (near_vi, near_en) = near;
        return say!(
            "{subject_vi} không nhận `{value}`; phải là một trong: {vi}{near_vi}",
            "{subject_en} cannot be `{value}`; expected one of: {en}{near_en}"
        );
    }
    for head in ["invalid type: ", "invalid value: ", "invalid length "] {
        if let Some(rest) = what.strip_prefix(head) {
            let (got, expected) = rest.split_once(", expected ").unwrap_or((rest, ""));
            let got = got.replace('`', "");
            let got = got.split('"').next().unwrap_or(&got).trim();
            let (e_vi, e_en) = expected_words(field, expected);
            let (g_vi, g_en) = got_words(got);
            return say!(
                "{subject_vi} phải là {e_vi}, ở đây là {g_vi}",
                "{subject_en} must be {e_en}, not {g_en}"
            );
        }
    }
    match where_ {
        Some(w) => w.map(|_, w| format!("{w}: {what}")),
        None => Said::from(what),
    }
}

/// What serde expected, said for the field it was.
fn expected_words(field: Option<&str>, expected: &str) -> (String, String) {
    let pair = |vi: &str, en: &str| (vi.to_string(), en.to_string());
    match field {
        Some("budget_vnd") => {
            return pair(
                "một số tiền, ví dụ 91.596.816 đồng hoặc 12,5 triệu đồng",
                "an amount of money, e.g. 91.596.816 đồng or 12,5 triệu đồng",
            )
        }
        Some("expect") => {
            return pair(
                "số lần dự kiến, một số nguyên, ví dụ 12",
                "the number of times expected, a whole number, e.g. 12",
            )
        }
        Some("days_after") => {
            return pair(
                "số ngày sau buổi phát chính, một số nguyên từ 0, ví dụ 1",
                "the number of days after the first airing, a whole number from 0, e.g. 1",
            )
        }
        _ => {}
    }
    match expected {
        "u8" | "u16" | "u32" | "u64" | "usize" => pair(
            "một số nguyên không âm, ví dụ 3",
            "a whole number from 0, e.g. 3",
        ),
        "i8" | "i16" | "i32" | "i64" => pair("một số nguyên, ví dụ 3", "a whole number, e.g. 3"),
        "a string" => pair("một đoạn chữ", "text"),
        "a boolean" => pair("true hoặc false", "true or false"),
        "a sequence" => pair(
            "một danh sách (mỗi mục một dòng bắt đầu bằng `- `, hoặc [a, b])",
            "a list (one `- ` item per line, or [a, b])",
        ),
        e if e.starts_with("struct ") || e == "a map" => pair(
            "một nhóm khóa (các dòng `khóa: giá trị` thụt vào bên dưới)",
            "a mapping (`key: value` lines indented below it)",
        ),
        e if e.starts_with("a finding") => pair(
            "mã một phát hiện, hoặc { code, reason }",
            "a finding's code, or { code, reason }",
        ),
        e => (e.to_string(), e.to_string()),
    }
}

/// What serde found instead, in words.
fn got_words(got: &str) -> (String, String) {
    let pair = |vi: &str, en: &str| (vi.to_string(), en.to_string());
    match got.split_whitespace().next().unwrap_or("") {
        "string" => pair("chữ", "text"),
        "integer" => {
            let n = got.trim_start_matches("integer").trim();
            if n.is_empty() {
                pair("một số", "a number")
            } else {
                (format!("số {n}"), format!("the number {n}"))
            }
        }
        "floating" => pair("một số thập phân", "a decimal number"),
        "map" => pair("một nhóm khóa", "a mapping"),
        "sequence" => pair("một danh sách", "a list"),
        "boolean" => pair("true/false", "true/false"),
        "unit" => pair("trống", "empty"),
        _ => (got.to_string(), got.to_string()),
    }
}

/// `text` lowercased without Vietnamese marks, to tell `phat song` is `phát sóng`.
fn plain(text: &str) -> String {
    text.chars()
        .flat_map(char::to_lowercase)
        .map(|c| {
            const GROUPS: &[(&str, char)] = &[
                ("àáảãạăằắẳẵặâầấẩẫậ", 'a'),
                ("èéẻẽẹêềếểễệ", 'e'),
                ("ìíỉĩị", 'i'),
                ("òóỏõọôồốổỗộơờớởỡợ", 'o'),
                ("ùúủũụưừứửữự", 'u'),
                ("ỳýỷỹỵ", 'y'),
                ("đ", 'd'),
            ];
            GROUPS
                .iter()
                .find(|(marked, _)| marked.contains(c))
                .map_or(c, |(_, p)| *p)
        })
        .map(|c| if c == '_' { ' ' } else { c })
        .collect()
}
