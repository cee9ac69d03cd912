//! An amount of money as a Vietnamese plan writes it: `91596816`,
//! `91.596.816`, `91.596.816 đồng`, `12,5 triệu đồng` (12.500.000),
//! `1,2 tỷ`, `500 nghìn đồng`. A dot groups thousands and a comma marks
//! decimals, as Vietnamese writes numbers; a unit multiplies; the result
//! must be a whole number of đồng.

use serde::Deserialize;

use crate::said::Said;

/// `budget_vnd` as written: a number, or text in a person's form.
#[derive(Debug, Clone, Deserialize)]
#[serde(untagged)]
pub enum Amount {
    /// `91596816`.
    Number(u64),
    /// `91.596.816 đồng`.
    Text(String),
}

impl Amount {
    /// The amount in đồng.
    ///
    /// # Errors
    /// A sentence saying what is wrong and how to write it.
    pub fn vnd(&self) -> Result<u64, Said> {
        match self {
            Amount::Number(n) => Ok(*n),
            Amount::Text(t) => parse(t),
        }
    }
}

/// The units a plan writes after a number, and what each multiplies by.
const UNITS: &[(&str, u64)] = &[
    ("tỷ đồng", 1_000_000_000),
    ("tỷ", 1_000_000_000),
    ("triệu đồng", 1_000_000),
    ("triệu", 1_000_000),
    ("nghìn đồng", 1_000),
    ("ngàn đồng", 1_000),
    ("nghìn", 1_000),
    ("ngàn", 1_000),
    ("đồng", 1),
    ("vnđ", 1),
    ("vnd", 1),
    ("đ", 1),
];

/// Parses `text`; see the module's documentation.
///
/// # Errors
/// A sentence saying what is wrong and how to write it.
pub fn parse(text: &str) -> Result<u64, Said> {
    let how = crate::say!(
        "viết như 91596816, 91.596.816 đồng hoặc 12,5 triệu đồng",
        "write it as 91596816, 91.596.816 đồng or 12,5 triệu đồng"
    );
    let (how_vi, how_en) = (&how.vi, &how.en);
    let lower = text.trim().to_lowercase();
    let (number, scale) = UNITS
        .iter()
        .find_map(|(unit, scale)| {
            lower
                .strip_suffix(unit)
                .filter(|n| n.is_empty() || n.ends_with(|c: char| c.is_ascii_digit() || c == ' '))
                .map(|n| (n.trim().to_string(), *scale))
        })
        .unwrap_or((lower.clone(), 1));
    if number.is_empty() {
        return Err(crate::say!(
            "kinh phí `{text}` không có số: {how_vi}",
            "`{text}` has no number: {how_en}"
        ));
    }
    let (whole, fraction) = match number.split_once(',') {
        Some((w, f)) => (w.to_string(), f.to_string()),
        None => (number.clone(), String::new()),
    };
    // Dots group thousands: every group after the first has three digits.
    let groups: Vec<&str> = whole.split('.').collect();
    let grouped = groups.iter().skip(1).all(|g| g.chars().count() == 3)
        && groups
            .first()
            .is_some_and(|g| !g.is_empty() && g.chars().count() <= 3 || groups.len() == 1);
    let digits = |s: &str| !s.is_empty() && s.chars().all(|c| c.is_ascii_digit());
    if !grouped || !groups.iter().all(|g| digits(g)) || !(fraction.is_empty() || digits(&fraction))
    {
        return Err(crate::say!(
            "kinh phí phải là một số tiền, `{text}` thì không: {how_vi}",
            "`{text}` is not an amount: {how_en}"
        ));
    }
    let whole: String = groups.concat();
    let too_large = || {
        crate::say!(
            "`{text}` là số tiền quá lớn",
            "`{text}` is too large an amount"
        )
    };
    let whole: u64 = whole.parse().map_err(|_| too_large())?;
    let mut vnd = whole.checked_mul(scale).ok_or_else(too_large)?;
    // The decimals of a unit: 12,5 triệu is 12 triệu and 5/10 of one.
    let mut unit = scale;
    for c in fraction.chars() {
        unit /= 10;
        let d = u64::from(c.to_digit(10).unwrap_or(0));
        if unit == 0 {
            if d != 0 {
                return Err(crate::say!(
                    "`{text}` không phải một số đồng chẵn: {how_vi}",
                    "`{text}` is not a whole number of đồng: {how_en}"
                ));
            }
            continue;
        }
        vnd = vnd.checked_add(d * unit).ok_or_else(too_large)?;
    }
    Ok(vnd)
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn the_forms_a_plan_writes() {
        let cases: &[(&str, Option<u64>)] = &[
            ("91596816", Some(91_596_816)),
            ("91.596.816", Some(91_596_816)),
            ("91.596.816 đồng", Some(91_596_816)),
            ("91.596.816đ", Some(91_596_816)),
            ("91.596.816 VNĐ", Some(91_596_816)),
            ("12,5 triệu đồng", Some(12_500_000)),
            ("30 triệu", Some(30_000_000)),
            ("1,2 tỷ", Some(1_200_000_000)),
            ("500 nghìn đồng", Some(500_000)),
            ("0", Some(0)),
            ("12,5", None),
            ("91.59.816", None),
            ("91,596,816", None),
            ("mười triệu", None),
            ("triệu", None),
            ("", None),
            ("1,2345 nghìn", None),
            ("99999999999999999999", None),
        ];
        for (text, want) in cases {
            assert_eq!(parse(text).ok(), *want, "{text}");
        }
    }
}
