//! A text cut into words and marks, each with its place in characters.

use unicode_normalization::UnicodeNormalization;

/// One word or punctuation mark of a text.
#[derive(Debug, Clone)]
pub(crate) struct Token {
    /// As written.
    pub text: String,
    /// In lower case.
    pub lower: String,
    /// In lower case without marks, `đ` as `d`: `thứ` → `thu`.
    pub bare: String,
    /// Where it starts and ends, in characters of the text (0-based).
    pub from: usize,
    pub to: usize,
}

/// A word of the grammar, with what nearest-word matching compares.
#[derive(Debug, Clone)]
pub(crate) struct Word {
    /// In lower case.
    pub text: String,
    /// Without marks ([`bare`]).
    pub bare: String,
    /// Its length in characters.
    pub chars: usize,
}

impl Word {
    pub fn new(text: &str) -> Word {
        Word {
            text: text.to_string(),
            bare: bare(text),
            chars: text.chars().count(),
        }
    }
}

impl Token {
    /// A punctuation mark (no letter or digit).
    pub fn is_punct(&self) -> bool {
        !self.text.chars().any(char::is_alphanumeric)
    }

    /// Whether it is all digits.
    pub fn is_digits(&self) -> bool {
        !self.text.is_empty() && self.text.chars().all(|c| c.is_ascii_digit())
    }

    /// Whether it starts with a capital letter.
    pub fn is_capital(&self) -> bool {
        self.text.chars().next().is_some_and(char::is_uppercase)
    }

    fn new(text: String, from: usize) -> Token {
        let lower = text.to_lowercase();
        let to = from + text.chars().count();
        Token {
            bare: remembered_bare(&lower),
            lower,
            text,
            from,
            to,
        }
    }
}

/// The most words whose [`bare`] forms are remembered on a thread: a
/// plan's words repeat (Vietnamese has a few thousand syllables), so that
/// reading 20,000 rows decomposes each word once.
const REMEMBERED: usize = 50_000;

thread_local! {
    static BARE: std::cell::RefCell<std::collections::HashMap<String, String>> =
        std::cell::RefCell::new(std::collections::HashMap::new());
}

/// [`bare`] of a word in lower case, remembered.
fn remembered_bare(lower: &str) -> String {
    BARE.with(|cell| {
        let mut map = cell.borrow_mut();
        if let Some(b) = map.get(lower) {
            return b.clone();
        }
        let b = bare(lower);
        if map.len() >= REMEMBERED {
            map.clear();
        }
        map.insert(lower.to_string(), b.clone());
        b
    })
}

/// Letters without their marks, `đ` as `d`, in lower case.
pub(crate) fn bare(text: &str) -> String {
    text.nfd()
        .filter(|c| !unicode_normalization::char::is_combining_mark(*c))
        .map(|c| match c {
            'đ' | 'Đ' => 'd',
            c => c,
        })
        .flat_map(char::to_lowercase)
        .collect()
}

/// Cuts a text into words and marks. A number keeps the `.` and `,`
/// between its digits (`91.596.816`, `96,1`); `19h30`, `17g45` and `20h`
/// are cut into `19 h 30`, so that they read as `19 giờ 30`; quotes of any
/// kind are marks.
pub(crate) fn tokens(text: &str) -> Vec<Token> {
    let chars: Vec<char> = text.chars().collect();
    let mut out = Vec::new();
    let mut i = 0;
    while let Some(&c) = chars.get(i) {
        if c.is_whitespace() {
            i += 1;
        } else if c.is_alphanumeric() {
            let from = i;
            while let Some(&d) = chars.get(i) {
                let number_mark = (d == '.' || d == ',')
                    && i > from
                    && i.checked_sub(1)
                        .and_then(|p| chars.get(p))
                        .is_some_and(char::is_ascii_digit)
                    && chars.get(i + 1).is_some_and(char::is_ascii_digit);
                if d.is_alphanumeric() || number_mark {
                    i += 1;
                } else {
                    break;
                }
            }
            let word: String = chars.iter().skip(from).take(i - from).collect();
            push_word(&mut out, word, from);
        } else {
            out.push(Token::new(c.to_string(), i));
            i += 1;
        }
    }
    out
}

/// Adds a word, cutting a clock written `19h30`, `19g45` or `20h` in parts.
fn push_word(out: &mut Vec<Token>, word: String, from: usize) {
    let lower = word.to_lowercase();
    let hours: String = lower.chars().take_while(char::is_ascii_digit).collect();
    let h = hours.chars().count();
    let rest: Vec<char> = lower.chars().skip(h).collect();
    let clock = (1..=2).contains(&h)
        && matches!(rest.first(), Some('h' | 'g'))
        && rest.iter().skip(1).all(char::is_ascii_digit)
        && rest.len() <= 3;
    if !clock {
        out.push(Token::new(word, from));
        return;
    }
    let mark: String = rest.iter().take(1).collect();
    let minutes: String = rest.iter().skip(1).collect();
    out.push(Token::new(hours, from));
    out.push(Token::new(mark, from + h));
    if !minutes.is_empty() {
        out.push(Token::new(minutes, from + h + 1));
    }
}

/// A whole number of at most nine digits.
pub(crate) fn number(word: &str) -> Option<u64> {
    if word.is_empty() || word.len() > 9 || !word.chars().all(|c| c.is_ascii_digit()) {
        return None;
    }
    word.parse().ok()
}

/// A number as OCR or a hurried typist writes it: `O6`, `l0`, `0l`, `Z`
/// (the letters O, l, I and Z for the digits 0, 1 and 2), with at most two
/// such letters and never a word of letters only longer than one.
pub(crate) fn ocr_number(word: &str) -> Option<u64> {
    let count = word.chars().count();
    if count == 0 || count > 4 {
        return None;
    }
    let digits = word.chars().filter(char::is_ascii_digit).count();
    if digits == 0 && count > 1 {
        return None;
    }
    let mut fixed = 0;
    let mut out = String::new();
    for c in word.chars() {
        let d = match c {
            '0'..='9' => c,
            'O' | 'o' => '0',
            'l' | 'I' | '|' => '1',
            'Z' | 'z' => '2',
            _ => return None,
        };
        if d != c {
            fixed += 1;
        }
        out.push(d);
    }
    if fixed == 0 || fixed > 2 {
        return None;
    }
    number(&out)
}

/// Whether two words are at most one edit apart, by character (an
/// insertion, a deletion or a replacement), without allocating.
pub(crate) fn within_one(a: &str, b: &str) -> bool {
    let (la, lb) = (a.chars().count(), b.chars().count());
    if la == lb {
        a.chars().zip(b.chars()).filter(|(x, y)| x != y).count() <= 1
    } else if la + 1 == lb {
        one_inserted(a, b)
    } else if lb + 1 == la {
        one_inserted(b, a)
    } else {
        false
    }
}

/// Whether `long` is `short` with one character inserted.
fn one_inserted(short: &str, long: &str) -> bool {
    let mut rest = short.chars().peekable();
    let mut skipped = false;
    for c in long.chars() {
        if rest.peek() == Some(&c) {
            rest.next();
        } else if skipped {
            return false;
        } else {
            skipped = true;
        }
    }
    rest.next().is_none()
}

/// A word and the words one deletion away from it: two words are within
/// one edit when their keys meet.
pub(crate) fn delete_keys(word: &str) -> Vec<String> {
    let chars: Vec<char> = word.chars().collect();
    let mut out = vec![word.to_string()];
    for i in 0..chars.len() {
        out.push(
            chars
                .iter()
                .enumerate()
                .filter(|(k, _)| *k != i)
                .map(|(_, c)| *c)
                .collect(),
        );
    }
    out
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn words_marks_and_clocks() {
        let t: Vec<String> = tokens("19h30, 91.596.816 đồng (thứ Tư) 20h")
            .into_iter()
            .map(|t| t.text)
            .collect();
        assert_eq!(
            t,
            [
                "19",
                "h",
                "30",
                ",",
                "91.596.816",
                "đồng",
                "(",
                "thứ",
                "Tư",
                ")",
                "20",
                "h"
            ]
        );
        assert_eq!(bare("Thứ Đồng"), "thu dong");
    }

    #[test]
    fn ocr_numbers() {
        assert_eq!(ocr_number("O6"), Some(6));
        assert_eq!(ocr_number("l0"), Some(10));
        assert_eq!(ocr_number("0l"), Some(1));
        assert_eq!(ocr_number("Z"), Some(2));
        assert_eq!(ocr_number("06"), None);
        assert_eq!(ocr_number("lo"), None);
        assert_eq!(ocr_number("Ba"), None);
    }

    #[test]
    fn one_edit_apart() {
        assert!(within_one("năn", "năm"));
        assert!(within_one("thág", "tháng"));
        assert!(within_one("tháng", "thág"));
        assert!(within_one("tuần", "tuần"));
        assert!(within_one("tuầnx", "tuần"));
        assert!(!within_one("abc", "xyz"));
        assert!(!within_one("thág", "thángg"));
        assert!(!within_one("ab", "ba"));
        let keys = delete_keys("thág");
        assert!(delete_keys("tháng").iter().any(|k| keys.contains(k)));
    }
}
