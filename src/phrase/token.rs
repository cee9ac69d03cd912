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
            bare: bare(&lower),
            lower,
            text,
            from,
            to,
        }
    }
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

/// Edits between two short words, by character (insert, delete, replace),
/// stopping once over `most`.
pub(crate) fn distance(a: &str, b: &str, most: usize) -> usize {
    let a: Vec<char> = a.chars().collect();
    let b: Vec<char> = b.chars().collect();
    if a.len().abs_diff(b.len()) > most {
        return most + 1;
    }
    let mut previous: Vec<usize> = (0..=b.len()).collect();
    for (i, ca) in a.iter().enumerate() {
        let mut row = vec![i + 1];
        for (j, cb) in b.iter().enumerate() {
            let replace = previous.get(j).copied().unwrap_or(usize::MAX) + usize::from(ca != cb);
            let delete = previous.get(j + 1).copied().unwrap_or(usize::MAX) + 1;
            let insert = row.get(j).copied().unwrap_or(usize::MAX) + 1;
            row.push(replace.min(delete).min(insert));
        }
        if row.iter().min().copied().unwrap_or(0) > most {
            return most + 1;
        }
        previous = row;
    }
    previous.last().copied().unwrap_or(most + 1)
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
    fn distances() {
        assert_eq!(distance("năn", "năm", 1), 1);
        assert_eq!(distance("thág", "tháng", 1), 1);
        assert_eq!(distance("tuần", "tuần", 1), 0);
        assert_eq!(distance("abc", "xyz", 1), 2);
    }
}
