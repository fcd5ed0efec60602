//! .NET number formatting as SQL Server's `FORMAT(number, format [, culture])` does it (SQL
//! Server calls .NET Framework's `ToString(format, culture)`): the standard specifiers N, F, C, P,
//! D, X, E and G, and custom patterns of `0 # . , %` with literals. Cultures: en-US (the
//! default for `us_english`) and the invariant culture; both write `1,234.5`, they differ in the
//! currency symbol. Midpoints round away from zero, as .NET does when formatting.

mod custom;
mod digits;

pub(crate) use digits::Number;

use digits::{group, Digits};

/// The cultures vtds formats for.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub(crate) enum Culture {
    /// en-US: `$` currency.
    EnUs,
    /// The invariant culture: `¤` currency.
    Invariant,
}

impl Culture {
    /// The culture a `FORMAT` culture argument names; `None` for one vtds does not know.
    pub(crate) fn parse(name: &str) -> Option<Culture> {
        match name.trim().to_ascii_lowercase().as_str() {
            "en-us" | "en" => Some(Culture::EnUs),
            "" | "iv" | "invariant" => Some(Culture::Invariant),
            _ => None,
        }
    }

    fn currency(self) -> &'static str {
        match self {
            Culture::EnUs => "$",
            Culture::Invariant => "¤",
        }
    }
}

/// Why a value could not be formatted (.NET's FormatException; `FORMAT` then returns NULL).
#[derive(Debug, Clone, PartialEq, Eq)]
pub(crate) struct FormatError(pub String);

fn invalid() -> FormatError {
    FormatError("Format specifier was invalid.".to_string())
}

/// The digits of a finite value.
fn digits(n: &Number) -> Result<Digits, FormatError> {
    n.digits().ok_or_else(invalid)
}

/// Formats `n` with the .NET format string `format`.
pub(crate) fn format(n: &Number, format: &str, culture: Culture) -> Result<String, FormatError> {
    if let Number::Float(f) = n {
        if f.is_nan() {
            return Ok("NaN".to_string());
        }
        if f.is_infinite() {
            return Ok(if *f > 0.0 { "Infinity" } else { "-Infinity" }.to_string());
        }
    }
    if let Some((letter, precision)) = standard(format) {
        return standard_format(n, letter, precision, culture);
    }
    custom::format(n, format)
}

/// A standard specifier: one letter and an optional precision of up to two digits.
fn standard(format: &str) -> Option<(char, Option<usize>)> {
    let mut chars = format.chars();
    let letter = chars.next().filter(char::is_ascii_alphabetic)?;
    let rest = chars.as_str();
    if rest.is_empty() {
        return Some((letter, None));
    }
    if rest.len() <= 2 && rest.bytes().all(|b| b.is_ascii_digit()) {
        return Some((letter, rest.parse().ok()));
    }
    None
}

/// `-` before negative values that are not zero once rounded.
fn signed(d: &Digits, body: String) -> String {
    if d.negative && !d.is_zero() {
        format!("-{body}")
    } else {
        body
    }
}

fn fixed(d: &Digits, grouped: bool) -> String {
    let int = if grouped {
        group(&d.int)
    } else {
        d.int.clone()
    };
    if d.frac.is_empty() {
        int
    } else {
        format!("{int}.{}", d.frac)
    }
}

fn standard_format(
    n: &Number,
    letter: char,
    precision: Option<usize>,
    culture: Culture,
) -> Result<String, FormatError> {
    let decimals = precision.unwrap_or(2);
    Ok(match letter.to_ascii_uppercase() {
        'N' => {
            let d = digits(n)?.rounded(decimals);
            signed(&d, fixed(&d, true))
        }
        'F' => {
            let d = digits(n)?.rounded(decimals);
            signed(&d, fixed(&d, false))
        }
        'C' => {
            let d = digits(n)?.rounded(decimals);
            let body = format!("{}{}", culture.currency(), fixed(&d, true));
            // .NET Framework's en-US (and invariant) negative currency pattern is `($n)`.
            if d.negative && !d.is_zero() {
                format!("({body})")
            } else {
                body
            }
        }
        'P' => {
            let d = digits(n)?.scaled(2).rounded(decimals);
            signed(&d, format!("{} %", fixed(&d, true)))
        }
        'D' => {
            let Number::Int { value, .. } = n else {
                return Err(invalid());
            };
            let width = precision.unwrap_or(1);
            let digits = format!("{:0>width$}", value.unsigned_abs());
            if *value < 0 {
                format!("-{digits}")
            } else {
                digits
            }
        }
        'X' => {
            let Number::Int { value, bits } = n else {
                return Err(invalid());
            };
            // Negative values print as their two's complement in the value's own width.
            let mask = if *bits >= 128 {
                u128::MAX
            } else {
                (1u128 << bits) - 1
            };
            let hex = format!("{:X}", (*value as u128) & mask);
            let width = precision.unwrap_or(1);
            let hex = format!("{hex:0>width$}");
            if letter == 'x' {
                hex.to_ascii_lowercase()
            } else {
                hex
            }
        }
        'E' => {
            let (mantissa, exponent) = digits(n)?.scientific(precision.unwrap_or(6));
            let e = if letter == 'e' { 'e' } else { 'E' };
            let sign = if exponent < 0 { '-' } else { '+' };
            let body = format!("{}{e}{sign}{:03}", fixed(&mantissa, false), exponent.abs());
            signed(&mantissa, body)
        }
        'G' if precision.is_none() => {
            let d = digits(n)?;
            signed(&d, fixed(&d, false))
        }
        _ => return Err(invalid()),
    })
}

#[cfg(test)]
mod tests {
    use super::*;

    fn f(n: Number, pattern: &str) -> String {
        format(&n, pattern, Culture::EnUs).unwrap()
    }

    fn dec(unscaled: i128, scale: u32) -> Number {
        Number::Decimal { unscaled, scale }
    }

    #[test]
    fn standard_specifiers() {
        let x = dec(12_345_678, 4);
        assert_eq!(f(x.clone(), "N2"), "1,234.57");
        assert_eq!(f(x.clone(), "n0"), "1,235");
        assert_eq!(f(x.clone(), "C"), "$1,234.57");
        assert_eq!(f(x.clone(), "F3"), "1234.568");
        assert_eq!(f(x.clone(), "E2"), "1.23E+003");
        assert_eq!(f(x.clone(), "G"), "1234.5678");
        assert_eq!(f(dec(-12_345, 1), "C"), "($1,234.50)");
        assert_eq!(f(dec(1_234, 4), "P"), "12.34 %");
        assert_eq!(f(dec(-4, 3), "N2"), "0.00");
        let int = |value: i128, bits: u32| Number::Int { value, bits };
        assert_eq!(f(int(42, 32), "D5"), "00042");
        assert_eq!(f(int(-42, 32), "d"), "-42");
        assert_eq!(f(int(255, 32), "x4"), "00ff");
        assert_eq!(f(int(-1, 16), "X"), "FFFF");
        assert_eq!(f(Number::Float(0.1), "N2"), "0.10");
        assert_eq!(f(Number::Float(1e20), "N0"), "100,000,000,000,000,000,000");
        assert_eq!(format(&x, "C", Culture::Invariant).unwrap(), "¤1,234.57");
        assert_eq!(format(&x, "D2", Culture::EnUs), Err(invalid()));
        assert_eq!(format(&x, "Q", Culture::EnUs), Err(invalid()));
        assert_eq!(f(Number::Float(f64::NAN), "N2"), "NaN");
    }
}
