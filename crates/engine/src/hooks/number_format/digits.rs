//! Numbers as decimal digit strings, so rounding and scaling are exact (no binary floating point
//! surprises in `FORMAT(0.125, 'N2')`).

/// A value to format.
#[derive(Debug, Clone, PartialEq)]
pub(crate) enum Number {
    /// An integer of a `bits`-wide type (`X` prints negative ones in that width).
    Int {
        /// The value.
        value: i128,
        /// 8 (tinyint), 16, 32 or 64.
        bits: u32,
    },
    /// A decimal: `unscaled × 10^-scale`.
    Decimal {
        /// The digits as an integer.
        unscaled: i128,
        /// Digits after the point.
        scale: u32,
    },
    /// A float; formatted from 15 significant digits, as .NET Framework does.
    Float(f64),
}

/// A decimal split into its integer and fraction digits, with the sign apart.
#[derive(Debug, Clone, PartialEq, Eq)]
pub(crate) struct Digits {
    /// True for values below zero.
    pub negative: bool,
    /// Integer digits without leading zeros; `0` for none.
    pub int: String,
    /// Fraction digits.
    pub frac: String,
}

impl Number {
    /// The value's digits; `None` for NaN and infinities.
    pub(crate) fn digits(&self) -> Option<Digits> {
        Some(match self {
            Number::Int { value, .. } => {
                Digits::new(*value < 0, value.unsigned_abs().to_string(), String::new())
            }
            Number::Decimal { unscaled, scale } => {
                let scale = *scale as usize;
                let all = format!("{:0>width$}", unscaled.unsigned_abs(), width = scale + 1);
                let (int, frac) = all.split_at(all.len() - scale);
                Digits::new(*unscaled < 0, int.to_string(), frac.to_string())
            }
            Number::Float(f) if f.is_finite() => {
                // `d.dddddddddddddde±x`: 15 significant digits.
                let text = format!("{:.14e}", f.abs());
                let (mantissa, exponent) = text.split_once('e')?;
                let exponent: i64 = exponent.parse().ok()?;
                let digits: String = mantissa.chars().filter(char::is_ascii_digit).collect();
                let d = Digits::new(*f < 0.0, digits[..1].to_string(), digits[1..].to_string());
                let mut d = d.scaled(exponent);
                d.frac = d.frac.trim_end_matches('0').to_string();
                d
            }
            Number::Float(_) => return None,
        })
    }
}

impl Digits {
    fn new(negative: bool, int: String, frac: String) -> Digits {
        let trimmed = int.trim_start_matches('0');
        Digits {
            negative,
            int: if trimmed.is_empty() {
                "0".to_string()
            } else {
                trimmed.to_string()
            },
            frac,
        }
    }

    /// True when every digit is zero.
    pub(crate) fn is_zero(&self) -> bool {
        self.int.bytes().chain(self.frac.bytes()).all(|b| b == b'0')
    }

    /// Multiplied by 10^`places` (divided for negative `places`).
    pub(crate) fn scaled(&self, places: i64) -> Digits {
        let point = self.int.len() as i64 + places;
        let all = format!("{}{}", self.int, self.frac);
        let (int, frac) = if point <= 0 {
            (
                String::new(),
                format!("{}{all}", "0".repeat(point.unsigned_abs() as usize)),
            )
        } else if point as usize >= all.len() {
            (
                format!("{all:0<width$}", width = point as usize),
                String::new(),
            )
        } else {
            let (i, f) = all.split_at(point as usize);
            (i.to_string(), f.to_string())
        };
        Digits::new(self.negative, int, frac)
    }

    /// Rounded (midpoints away from zero) or zero-padded to exactly `places` fraction digits.
    pub(crate) fn rounded(&self, places: usize) -> Digits {
        if self.frac.len() <= places {
            return Digits {
                frac: format!("{:0<places$}", self.frac),
                ..self.clone()
            };
        }
        let up = self.frac.as_bytes()[places] >= b'5';
        let mut kept: Vec<u8> = format!("{}{}", self.int, &self.frac[..places]).into_bytes();
        if up {
            let mut i = kept.len();
            loop {
                if i == 0 {
                    kept.insert(0, b'1');
                    break;
                }
                i -= 1;
                if kept[i] == b'9' {
                    kept[i] = b'0';
                } else {
                    kept[i] += 1;
                    break;
                }
            }
        }
        let kept = String::from_utf8(kept).unwrap_or_default();
        let (int, frac) = kept.split_at(kept.len() - places);
        Digits::new(self.negative, int.to_string(), frac.to_string())
    }

    /// `d.ddd × 10^exponent` with `decimals` digits after the point.
    pub(crate) fn scientific(&self, decimals: usize) -> (Digits, i64) {
        if self.is_zero() {
            return (Digits::new(false, "0".into(), "0".repeat(decimals)), 0);
        }
        let exponent = if self.int != "0" {
            self.int.len() as i64 - 1
        } else {
            let zeros = self.frac.len() - self.frac.trim_start_matches('0').len();
            -(zeros as i64) - 1
        };
        let mantissa = self.scaled(-exponent).rounded(decimals);
        // Rounding 9.99 up gives 10.0: one more power of ten.
        if mantissa.int.len() > 1 {
            return (mantissa.scaled(-1).rounded(decimals), exponent + 1);
        }
        (mantissa, exponent)
    }
}

/// `1234567` → `1,234,567`.
pub(crate) fn group(int: &str) -> String {
    let mut out = String::with_capacity(int.len() + int.len() / 3);
    for (i, c) in int.chars().enumerate() {
        let from_right = int.len() - i;
        if i > 0 && from_right.is_multiple_of(3) {
            out.push(',');
        }
        out.push(c);
    }
    out
}

#[cfg(test)]
mod tests {
    use super::*;

    fn d(n: Number) -> Digits {
        n.digits().unwrap()
    }

    #[test]
    fn digits_round_scale_and_group() {
        let x = d(Number::Decimal {
            unscaled: -1995,
            scale: 3,
        });
        assert_eq!(
            (x.negative, x.int.as_str(), x.frac.as_str()),
            (true, "1", "995")
        );
        assert_eq!(x.rounded(2).frac, "00");
        assert_eq!(x.rounded(2).int, "2");
        assert_eq!(x.rounded(5).frac, "99500");
        assert_eq!(x.scaled(2).int, "199");
        assert_eq!(x.scaled(-2).frac, "01995");
        assert_eq!(d(Number::Float(0.125)).rounded(2).frac, "13");
        assert_eq!(d(Number::Float(1.5e-7)).frac, "00000015");
        assert_eq!(d(Number::Float(123.0)).int, "123");
        assert_eq!(d(Number::Int { value: 0, bits: 32 }).int, "0");
        assert!(Number::Float(f64::INFINITY).digits().is_none());
        let (m, e) = d(Number::Float(9.996)).scientific(2);
        assert_eq!((m.int.as_str(), m.frac.as_str(), e), ("1", "00", 1));
        let (m, e) = d(Number::Float(0.00123)).scientific(1);
        assert_eq!((m.int.as_str(), m.frac.as_str(), e), ("1", "2", -3));
        assert_eq!(group("1234567"), "1,234,567");
        assert_eq!(group("123"), "123");
    }
}
