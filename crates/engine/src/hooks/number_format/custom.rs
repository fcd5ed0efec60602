//! .NET custom numeric format strings: `0` (digit or zero), `#` (digit if significant), `.`
//! (decimal point), `,` (grouping between placeholders, ÷1000 right before the point), `%`
//! (×100), `‰` (×1000), `\x` and quoted text as literals, and up to three `;` sections
//! (positive; negative; zero).

use super::digits::{Digits, Number};
use super::FormatError;

#[derive(Debug, Clone, PartialEq)]
enum Tok {
    Zero,
    Hash,
    Point,
    Comma,
    Percent,
    PerMille,
    Lit(char),
}

/// Splits a pattern into sections and tokens, honouring quotes and escapes.
fn tokenize(pattern: &str) -> Vec<Vec<Tok>> {
    let mut sections = vec![Vec::new()];
    let mut chars = pattern.chars();
    while let Some(c) = chars.next() {
        let tok = match c {
            '0' => Tok::Zero,
            '#' => Tok::Hash,
            '.' => Tok::Point,
            ',' => Tok::Comma,
            '%' => Tok::Percent,
            '‰' => Tok::PerMille,
            ';' => {
                sections.push(Vec::new());
                continue;
            }
            '\\' => match chars.next() {
                Some(next) => Tok::Lit(next),
                None => continue,
            },
            '\'' | '"' => {
                for q in chars.by_ref() {
                    if q == c {
                        break;
                    }
                    if let Some(s) = sections.last_mut() {
                        s.push(Tok::Lit(q));
                    }
                }
                continue;
            }
            other => Tok::Lit(other),
        };
        if let Some(s) = sections.last_mut() {
            s.push(tok);
        }
    }
    sections
}

fn is_placeholder(t: &Tok) -> bool {
    matches!(t, Tok::Zero | Tok::Hash)
}

/// One section applied to a non-negative value.
fn apply(section: &[Tok], d: &Digits) -> Digits {
    let point = section.iter().position(|t| *t == Tok::Point);
    let (int_part, frac_part) = section.split_at(point.unwrap_or(section.len()));
    let last_placeholder = int_part.iter().rposition(is_placeholder);
    // Commas after the last integer placeholder divide by 1000 each.
    let scaling = last_placeholder.map_or(0, |i| {
        int_part[i + 1..]
            .iter()
            .filter(|t| **t == Tok::Comma)
            .count()
    });
    let percent = section.iter().filter(|t| **t == Tok::Percent).count();
    let per_mille = section.iter().filter(|t| **t == Tok::PerMille).count();
    let shift = 2 * percent as i64 + 3 * per_mille as i64 - 3 * scaling as i64;
    let max_frac = frac_part.iter().filter(|t| is_placeholder(t)).count();
    d.scaled(shift).rounded(max_frac)
}

/// Formats `n` with a custom pattern.
pub(super) fn format(n: &Number, pattern: &str) -> Result<String, FormatError> {
    let d = n
        .digits()
        .ok_or_else(|| FormatError("Format specifier was invalid.".to_string()))?;
    let sections = tokenize(pattern);
    let first = &sections[0];
    let pick = |i: usize| {
        sections
            .get(i)
            .filter(|s| !s.is_empty())
            .unwrap_or(first)
            .as_slice()
    };
    let magnitude = Digits {
        negative: false,
        ..d.clone()
    };
    let (section, sign) = if d.negative && sections.len() >= 2 {
        (pick(1), false)
    } else {
        (first.as_slice(), d.negative)
    };
    let mut value = apply(section, &magnitude);
    let mut section = section;
    if sections.len() >= 3 && apply(first, &magnitude).is_zero() {
        section = pick(2);
        value = apply(section, &magnitude);
    }
    let body = render(section, &value);
    // A value that rounds to zero has no sign.
    Ok(if sign && !value.is_zero() {
        format!("-{body}")
    } else {
        body
    })
}

/// Lays the rounded digits out along the section's placeholders and literals.
fn render(section: &[Tok], value: &Digits) -> String {
    let point = section.iter().position(|t| *t == Tok::Point);
    let (int_part, frac_part) = section.split_at(point.unwrap_or(section.len()));
    let placeholders = int_part.iter().filter(|t| is_placeholder(t)).count();
    let first_placeholder = int_part.iter().position(is_placeholder);
    let last_placeholder = int_part.iter().rposition(is_placeholder);
    let min_int = int_part
        .iter()
        .position(|t| *t == Tok::Zero)
        .map_or(0, |z| {
            int_part[z..].iter().filter(|t| is_placeholder(t)).count()
        });
    let grouping = match (first_placeholder, last_placeholder) {
        (Some(a), Some(b)) => int_part[a..b].contains(&Tok::Comma),
        _ => false,
    };
    let int = if value.int == "0" {
        ""
    } else {
        value.int.as_str()
    };
    let int = format!("{int:0>min_int$}");
    let digits: Vec<char> = int.chars().collect();
    let len = digits.len();
    // Placeholder k takes the digit at len - placeholders + k; the first also takes any
    // digits further left.
    let mut out = String::new();
    let emit = |out: &mut String, i: usize| {
        out.push(digits[i]);
        let from_right = len - 1 - i;
        if grouping && from_right > 0 && from_right.is_multiple_of(3) {
            out.push(',');
        }
    };
    let mut k = 0usize;
    for t in int_part {
        match t {
            Tok::Zero | Tok::Hash => {
                let target = (len + k).checked_sub(placeholders);
                if k == 0 {
                    let upto = target.map_or(0, |t| t + 1);
                    for i in 0..upto.min(len) {
                        emit(&mut out, i);
                    }
                } else if let Some(i) = target {
                    emit(&mut out, i);
                }
                k += 1;
            }
            Tok::Comma | Tok::Point => {}
            Tok::Percent => out.push('%'),
            Tok::PerMille => out.push('‰'),
            Tok::Lit(c) => out.push(*c),
        }
    }
    if placeholders == 0 {
        for i in 0..len {
            emit(&mut out, i);
        }
    }
    // Fraction: trailing zeros beyond the last `0` placeholder are dropped.
    let min_frac = frac_part
        .iter()
        .filter(|t| is_placeholder(t))
        .enumerate()
        .filter(|(_, t)| **t == Tok::Zero)
        .map(|(i, _)| i + 1)
        .last()
        .unwrap_or(0);
    let mut frac = value.frac.clone();
    while frac.len() > min_frac && frac.ends_with('0') {
        frac.pop();
    }
    let frac: Vec<char> = frac.chars().collect();
    let mut j = 0usize;
    for t in frac_part {
        match t {
            Tok::Point if !frac.is_empty() && j == 0 => out.push('.'),
            Tok::Zero | Tok::Hash => {
                if let Some(c) = frac.get(j) {
                    out.push(*c);
                }
                j += 1;
            }
            Tok::Percent => out.push('%'),
            Tok::PerMille => out.push('‰'),
            Tok::Lit(c) => out.push(*c),
            Tok::Comma | Tok::Point => {}
        }
    }
    out
}

#[cfg(test)]
mod tests {
    use super::*;

    fn f(n: Number, pattern: &str) -> String {
        format(&n, pattern).unwrap()
    }

    #[test]
    fn custom_patterns() {
        let x = Number::Decimal {
            unscaled: 12_345_678,
            scale: 4,
        };
        assert_eq!(f(x.clone(), "#,##0.00"), "1,234.57");
        assert_eq!(f(x.clone(), "0.00"), "1234.57");
        assert_eq!(f(x.clone(), "#,#"), "1,235");
        assert_eq!(f(x.clone(), "00000.0"), "01234.6");
        assert_eq!(f(x.clone(), "#,##0,K"), "1K");
        assert_eq!(f(x.clone(), "0.##"), "1234.57");
        assert_eq!(f(x.clone(), "'USD' 0"), "USD 1235");
        let half = Number::Decimal {
            unscaled: 5,
            scale: 1,
        };
        assert_eq!(f(half.clone(), "#,##0"), "1");
        assert_eq!(f(half.clone(), "#.##"), ".5");
        assert_eq!(f(half.clone(), "0%"), "50%");
        assert_eq!(f(Number::Float(0.0), "#.##"), "");
        assert_eq!(
            f(
                Number::Int {
                    value: 12,
                    bits: 32
                },
                "000"
            ),
            "012"
        );
        assert_eq!(
            f(
                Number::Int {
                    value: -12,
                    bits: 32
                },
                "000"
            ),
            "-012"
        );
        assert_eq!(
            f(
                Number::Int {
                    value: -12,
                    bits: 32
                },
                "0;(0)"
            ),
            "(12)"
        );
        assert_eq!(f(Number::Int { value: 0, bits: 32 }, "0;(0);zero"), "zero");
        assert_eq!(
            f(
                Number::Int {
                    value: 5551234,
                    bits: 32
                },
                "(###) ###-####"
            ),
            "() 555-1234"
        );
        assert_eq!(f(Number::Float(1.5), "0.000"), "1.500");
        assert_eq!(f(Number::Float(-0.001), "0.00"), "0.00");
    }
}
