//! The text SQL Server sends instead of DATE, TIME, DATETIME2 and DATETIMEOFFSET to clients that
//! negotiated TDS < 7.3: NVARCHAR in ODBC canonical form, `YYYY-MM-DD hh:mm:ss[.fffffff]` with
//! exactly `scale` fractional digits, e.g. `nvarchar(27)` for `datetime2(7)`.

use super::temporal::{round_time, DateTimeParts, UNIX_EPOCH_FROM_0001};
use super::ValueError;
use std::fmt::Write;

/// `YYYY-MM-DD`, 10 characters.
pub fn format_date(unix_days: i64) -> Result<String, ValueError> {
    let (days, _) = DateTimeParts::from_unix_days(unix_days)
        .round_to_scale(0)
        .map_err(|_| ValueError::OutOfRange { sql_type: "date" })?;
    let mut s = String::with_capacity(10);
    push_date(&mut s, days);
    Ok(s)
}

/// `hh:mm:ss[.f…]`, 8 characters plus `scale + 1` when `scale > 0` (16 for time(7)).
pub fn format_time(scale: u8, nanos_of_day: u64) -> Result<String, ValueError> {
    let (_, units) = round_time(nanos_of_day, scale)?;
    let mut s = String::with_capacity(16);
    push_time(&mut s, scale, units);
    Ok(s)
}

/// `YYYY-MM-DD hh:mm:ss[.f…]`, 19 characters plus the fraction (27 for datetime2(7)).
pub fn format_datetime2(scale: u8, value: DateTimeParts) -> Result<String, ValueError> {
    let (days, units) = value.round_to_scale(scale)?;
    let mut s = String::with_capacity(27);
    push_date(&mut s, days);
    s.push(' ');
    push_time(&mut s, scale, units);
    Ok(s)
}

/// `YYYY-MM-DD hh:mm:ss[.f…] +hh:mm` in the value's local time, 26 characters plus the fraction
/// (34 for datetimeoffset(7)). `utc` is the instant in UTC; `offset_minutes` is −840..=840.
pub fn format_datetimeoffset(
    scale: u8,
    utc: DateTimeParts,
    offset_minutes: i16,
) -> Result<String, ValueError> {
    if !(-840..=840).contains(&offset_minutes) {
        return Err(ValueError::OutOfRange {
            sql_type: "datetimeoffset",
        });
    }
    let shift = i128::from(offset_minutes) * 60 * 1_000_000_000;
    let nanos = i128::from(utc.nanos_of_day) + shift;
    let per_day = i128::from(super::temporal::NANOS_PER_DAY);
    let local = DateTimeParts {
        unix_days: utc
            .unix_days
            .saturating_add(nanos.div_euclid(per_day) as i64),
        nanos_of_day: nanos.rem_euclid(per_day) as u64,
    };
    let mut s = format_datetime2(scale, local)?;
    let sign = if offset_minutes < 0 { '-' } else { '+' };
    let abs = offset_minutes.unsigned_abs();
    let _ = write!(s, " {sign}{:02}:{:02}", abs / 60, abs % 60);
    Ok(s)
}

/// Days since 0001-01-01 (already range-checked) as `YYYY-MM-DD`.
fn push_date(s: &mut String, days_from_0001: i64) {
    let (y, m, d) = civil_from_unix_days(days_from_0001 - UNIX_EPOCH_FROM_0001);
    let _ = write!(s, "{y:04}-{m:02}-{d:02}");
}

fn push_time(s: &mut String, scale: u8, units: u64) {
    let per_second = 10u64.pow(u32::from(scale));
    let secs = units / per_second;
    let _ = write!(
        s,
        "{:02}:{:02}:{:02}",
        secs / 3600,
        secs / 60 % 60,
        secs % 60
    );
    if scale > 0 {
        let _ = write!(
            s,
            ".{:0width$}",
            units % per_second,
            width = usize::from(scale)
        );
    }
}

/// Proleptic Gregorian (year, month, day) of a day counted from 1970-01-01 (H. Hinnant's
/// `civil_from_days`).
fn civil_from_unix_days(days: i64) -> (i64, u32, u32) {
    let z = days + 719_468;
    let era = z.div_euclid(146_097);
    let doe = z - era * 146_097;
    let yoe = (doe - doe / 1_460 + doe / 36_524 - doe / 146_096) / 365;
    let doy = doe - (365 * yoe + yoe / 4 - yoe / 100);
    let mp = (5 * doy + 2) / 153;
    let d = (doy - (153 * mp + 2) / 5 + 1) as u32;
    let m = if mp < 10 { mp + 3 } else { mp - 9 } as u32;
    let y = yoe + era * 400 + i64::from(m <= 2);
    (y, m, d)
}

#[cfg(test)]
mod tests {
    use super::*;

    const D20240102: i64 = 19_724;

    fn at(h: u64, m: u64, s: u64, nanos: u64) -> DateTimeParts {
        DateTimeParts {
            unix_days: D20240102,
            nanos_of_day: ((h * 60 + m) * 60 + s) * 1_000_000_000 + nanos,
        }
    }

    #[test]
    fn civil_dates() {
        assert_eq!(civil_from_unix_days(0), (1970, 1, 1));
        assert_eq!(civil_from_unix_days(D20240102), (2024, 1, 2));
        assert_eq!(civil_from_unix_days(-UNIX_EPOCH_FROM_0001), (1, 1, 1));
        assert_eq!(civil_from_unix_days(2_932_896), (9999, 12, 31));
        assert_eq!(civil_from_unix_days(11_016), (2000, 2, 29));
    }

    #[test]
    fn sql_server_down_level_text() {
        let v = at(3, 4, 5, 123_456_700);
        assert_eq!(
            format_datetime2(7, v).unwrap(),
            "2024-01-02 03:04:05.1234567"
        );
        assert_eq!(format_datetime2(3, v).unwrap(), "2024-01-02 03:04:05.123");
        assert_eq!(format_datetime2(0, v).unwrap(), "2024-01-02 03:04:05");
        assert_eq!(format_date(D20240102).unwrap(), "2024-01-02");
        assert_eq!(format_date(-UNIX_EPOCH_FROM_0001).unwrap(), "0001-01-01");
        assert_eq!(format_time(7, v.nanos_of_day).unwrap(), "03:04:05.1234567");
        assert_eq!(format_time(0, 0).unwrap(), "00:00:00");
        assert_eq!(
            format_datetimeoffset(7, v, -330).unwrap(),
            "2024-01-01 21:34:05.1234567 -05:30"
        );
        assert_eq!(
            format_datetimeoffset(0, v, 0).unwrap(),
            "2024-01-02 03:04:05 +00:00"
        );
        assert_eq!(format_datetime2(7, v).unwrap().len(), 27);
        assert_eq!(format_datetimeoffset(7, v, 60).unwrap().len(), 34);
        assert_eq!(format_time(7, 0).unwrap().len(), 16);
    }

    #[test]
    fn rounding_and_range() {
        let late = at(23, 59, 59, 999_999_999);
        assert_eq!(
            format_datetime2(3, late).unwrap(),
            "2024-01-03 00:00:00.000"
        );
        assert!(format_date(2_932_897).is_err());
        assert!(format_datetimeoffset(0, late, 900).is_err());
    }
}
