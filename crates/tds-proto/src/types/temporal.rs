//! Values of DATETIMN [2.2.5.5.1.8] and the TDS 7.3 types DATEN, TIMEN, DATETIME2N and
//! DATETIMEOFFSETN [2.2.5.5.1.8]–[2.2.5.5.1.10].

use super::{time_value_len, ValueError};
use bytes::{BufMut, BytesMut};

pub(crate) const NANOS_PER_DAY: u64 = 86_400 * 1_000_000_000;
/// Days from 0001-01-01 (the DATE epoch) to 1970-01-01.
pub(crate) const UNIX_EPOCH_FROM_0001: i64 = 719_162;
/// Days from 1900-01-01 (the DATETIME epoch) to 1970-01-01.
const UNIX_EPOCH_FROM_1900: i64 = 25_567;
/// 9999-12-31 in days since 0001-01-01, the last day every SQL Server date type holds.
const MAX_DAYS_FROM_0001: i64 = 3_652_058;
/// 1753-01-01, the first day DATETIME holds, in days since 1900-01-01.
const DATETIME_MIN_DAYS: i64 = -53_690;
/// DATETIME counts time of day in 1/300 s.
const DATETIME_TICKS_PER_DAY: u64 = 86_400 * 300;

/// A calendar date and time of day without time zone, as days since 1970-01-01 (negative before)
/// and nanoseconds since midnight. For DATETIMEOFFSET it is the UTC instant.
#[derive(Debug, Clone, Copy, PartialEq, Eq, PartialOrd, Ord, Hash)]
pub struct DateTimeParts {
    /// Days since 1970-01-01.
    pub unix_days: i64,
    /// Nanoseconds since midnight, below 86 400 × 10^9.
    pub nanos_of_day: u64,
}

impl DateTimeParts {
    /// Splits a Unix timestamp counted in `units_per_second` (1, 1 000, 1 000 000 or
    /// 1 000 000 000, i.e. Arrow's s/ms/µs/ns). `None` for any other unit.
    pub fn from_unix(value: i64, units_per_second: i64) -> Option<DateTimeParts> {
        if !matches!(units_per_second, 1 | 1_000 | 1_000_000 | 1_000_000_000) {
            return None;
        }
        let per_day = units_per_second * 86_400;
        let nanos = value.rem_euclid(per_day) * (1_000_000_000 / units_per_second);
        Some(DateTimeParts {
            unix_days: value.div_euclid(per_day),
            nanos_of_day: nanos as u64,
        })
    }

    /// Midnight of a day counted from 1970-01-01.
    pub fn from_unix_days(unix_days: i64) -> DateTimeParts {
        DateTimeParts {
            unix_days,
            nanos_of_day: 0,
        }
    }

    /// Rounds the time of day to `scale` fractional digits half-up, as SQL Server converts to a
    /// smaller scale; rounding up past midnight carries into the next day. Returns days since
    /// 0001-01-01 and time in 10^-scale s, checked against 0001-01-01..9999-12-31.
    pub(crate) fn round_to_scale(self, scale: u8) -> Result<(i64, u64), ValueError> {
        let (carry, units) = round_time(self.nanos_of_day, scale)?;
        let days = self
            .unix_days
            .saturating_add(UNIX_EPOCH_FROM_0001 + i64::from(carry));
        if !(0..=MAX_DAYS_FROM_0001).contains(&days) {
            return Err(ValueError::OutOfRange {
                sql_type: "datetime2",
            });
        }
        Ok((days, units))
    }
}

/// Rounds nanoseconds since midnight to units of 10^-scale s; `true` when it reached midnight.
pub(crate) fn round_time(nanos: u64, scale: u8) -> Result<(bool, u64), ValueError> {
    if scale > 7 {
        return Err(ValueError::InvalidTypeParam {
            what: "scale",
            value: u32::from(scale),
        });
    }
    if nanos >= NANOS_PER_DAY {
        return Err(ValueError::OutOfRange { sql_type: "time" });
    }
    let div = 10u64.pow(9 - u32::from(scale));
    let units = (nanos + div / 2) / div;
    let per_day = NANOS_PER_DAY / div;
    Ok(if units >= per_day {
        (true, units - per_day)
    } else {
        (false, units)
    })
}

/// DATETIMN value (length 8): INT days since 1900-01-01 and UINT 1/300-second ticks since
/// midnight. The time is rounded to the nearest tick, which gives SQL Server's .000/.003/.007
/// endings (.999 rounds up to the next second). Outside 1753-01-01..9999-12-31 is an error.
pub fn put_datetime(buf: &mut BytesMut, value: Option<DateTimeParts>) -> Result<(), ValueError> {
    let Some(v) = value else {
        buf.put_u8(0);
        return Ok(());
    };
    if v.nanos_of_day >= NANOS_PER_DAY {
        return Err(ValueError::OutOfRange {
            sql_type: "datetime",
        });
    }
    let mut ticks = (v.nanos_of_day * 300 + 500_000_000) / 1_000_000_000;
    let mut days = v.unix_days.saturating_add(UNIX_EPOCH_FROM_1900);
    if ticks >= DATETIME_TICKS_PER_DAY {
        ticks -= DATETIME_TICKS_PER_DAY;
        days = days.saturating_add(1);
    }
    if !(DATETIME_MIN_DAYS..=MAX_DAYS_FROM_0001 - (UNIX_EPOCH_FROM_0001 - UNIX_EPOCH_FROM_1900))
        .contains(&days)
    {
        return Err(ValueError::OutOfRange {
            sql_type: "datetime",
        });
    }
    buf.put_u8(8);
    buf.put_i32_le(days as i32);
    buf.put_u32_le(ticks as u32);
    Ok(())
}

/// DATEN value (length 3): days since 0001-01-01 as 3 bytes little-endian.
pub fn put_date(buf: &mut BytesMut, unix_days: Option<i64>) -> Result<(), ValueError> {
    let Some(d) = unix_days else {
        buf.put_u8(0);
        return Ok(());
    };
    let days = d.saturating_add(UNIX_EPOCH_FROM_0001);
    if !(0..=MAX_DAYS_FROM_0001).contains(&days) {
        return Err(ValueError::OutOfRange { sql_type: "date" });
    }
    buf.put_u8(3);
    put_date_bytes(buf, days);
    Ok(())
}

/// TIMEN value: length 3, 4 or 5 by scale, then 10^-scale seconds since midnight. Rounding up
/// past 23:59:59.9999999 wraps to 00:00, as SQL Server's time conversion does.
pub fn put_time(
    buf: &mut BytesMut,
    scale: u8,
    nanos_of_day: Option<u64>,
) -> Result<(), ValueError> {
    let Some(n) = nanos_of_day else {
        buf.put_u8(0);
        return Ok(());
    };
    let (_, units) = round_time(n, scale)?;
    let len = time_value_len(scale);
    buf.put_u8(len);
    put_time_bytes(buf, len, units);
    Ok(())
}

/// DATETIME2N value: length (time bytes + 3), time as in TIMEN, then date as in DATEN.
pub fn put_datetime2(
    buf: &mut BytesMut,
    scale: u8,
    value: Option<DateTimeParts>,
) -> Result<(), ValueError> {
    let Some(v) = value else {
        buf.put_u8(0);
        return Ok(());
    };
    let (days, units) = v.round_to_scale(scale)?;
    let len = time_value_len(scale);
    buf.put_u8(len + 3);
    put_time_bytes(buf, len, units);
    put_date_bytes(buf, days);
    Ok(())
}

/// DATETIMEOFFSETN value: length (time bytes + 5), the **UTC** time and date as in DATETIME2N,
/// then the offset in minutes (SHORT, −840..=840). `utc` is the instant in UTC.
pub fn put_datetimeoffset(
    buf: &mut BytesMut,
    scale: u8,
    value: Option<(DateTimeParts, i16)>,
) -> Result<(), ValueError> {
    let Some((utc, offset_minutes)) = value else {
        buf.put_u8(0);
        return Ok(());
    };
    if !(-840..=840).contains(&offset_minutes) {
        return Err(ValueError::OutOfRange {
            sql_type: "datetimeoffset",
        });
    }
    let (days, units) = utc.round_to_scale(scale)?;
    let len = time_value_len(scale);
    buf.put_u8(len + 5);
    put_time_bytes(buf, len, units);
    put_date_bytes(buf, days);
    buf.put_i16_le(offset_minutes);
    Ok(())
}

fn put_time_bytes(buf: &mut BytesMut, len: u8, units: u64) {
    buf.put_slice(&units.to_le_bytes()[..usize::from(len)]);
}

fn put_date_bytes(buf: &mut BytesMut, days_from_0001: i64) {
    buf.put_slice(&(days_from_0001 as u32).to_le_bytes()[..3]);
}

#[cfg(test)]
mod tests {
    use super::*;

    fn enc(f: impl FnOnce(&mut BytesMut) -> Result<(), ValueError>) -> Vec<u8> {
        let mut b = BytesMut::new();
        f(&mut b).unwrap();
        b.to_vec()
    }

    /// 2024-01-02 is day 19724 since 1970-01-01.
    const D20240102: i64 = 19_724;

    fn at(h: u64, m: u64, s: u64, nanos: u64) -> DateTimeParts {
        DateTimeParts {
            unix_days: D20240102,
            nanos_of_day: ((h * 60 + m) * 60 + s) * 1_000_000_000 + nanos,
        }
    }

    #[test]
    fn splits_unix_timestamps() {
        assert_eq!(
            DateTimeParts::from_unix(-1, 1),
            Some(DateTimeParts {
                unix_days: -1,
                nanos_of_day: NANOS_PER_DAY - 1_000_000_000
            })
        );
        assert_eq!(
            DateTimeParts::from_unix(1_704_164_645_123, 1_000),
            Some(at(3, 4, 5, 123_000_000))
        );
        assert_eq!(DateTimeParts::from_unix(1, 7), None);
    }

    #[test]
    fn datetime_known_bytes() {
        // 2024-01-02 03:04:05.123: day 45291 since 1900 (0xB0EB); 11045 s * 300 + 37 ticks
        // (0.123 s rounds to 37/300 = .1233, shown as .123) = 3313537 = 0x328F81.
        assert_eq!(
            enc(|b| put_datetime(b, Some(at(3, 4, 5, 123_000_000)))),
            [8, 0xEB, 0xB0, 0, 0, 0x81, 0x8F, 0x32, 0]
        );
        assert_eq!(enc(|b| put_datetime(b, None)), [0]);
        // 1900-01-01 00:00:00 is all zeros; 1899-12-31 is day -1.
        let epoch = DateTimeParts::from_unix_days(-25_567);
        assert_eq!(
            enc(|b| put_datetime(b, Some(epoch))),
            [8, 0, 0, 0, 0, 0, 0, 0, 0]
        );
    }

    #[test]
    fn datetime_rounds_like_sql_server() {
        let ticks = |ms: u64| {
            let v = enc(|b| put_datetime(b, Some(at(0, 0, 0, ms * 1_000_000))));
            u32::from_le_bytes(v[5..9].try_into().unwrap())
        };
        // .001 → .000, .002 → .003, .004 → .003, .005 → .007, .995 → .997, .999 → next second.
        assert_eq!([ticks(1), ticks(2), ticks(4), ticks(5)], [0, 1, 1, 2]);
        assert_eq!(ticks(995), 299);
        assert_eq!(ticks(999), 300);
        // 23:59:59.999 carries into the next day.
        let v = enc(|b| put_datetime(b, Some(at(23, 59, 59, 999_000_000))));
        assert_eq!(v, [8, 0xEC, 0xB0, 0, 0, 0, 0, 0, 0]);
    }

    #[test]
    fn datetime_range_is_1753_to_9999() {
        let mut b = BytesMut::new();
        let before = DateTimeParts::from_unix_days(-25_567 - 53_691);
        assert!(put_datetime(&mut b, Some(before)).is_err());
        assert!(put_datetime(
            &mut b,
            Some(DateTimeParts::from_unix_days(-25_567 - 53_690))
        )
        .is_ok());
        assert!(put_datetime(&mut b, Some(DateTimeParts::from_unix_days(2_932_896))).is_ok());
        assert!(put_datetime(&mut b, Some(DateTimeParts::from_unix_days(2_932_897))).is_err());
    }

    #[test]
    fn extreme_days_are_errors_not_overflows() {
        let mut b = BytesMut::new();
        for unix_days in [i64::MAX, i64::MIN] {
            let v = DateTimeParts {
                unix_days,
                nanos_of_day: NANOS_PER_DAY - 1,
            };
            assert!(put_datetime(&mut b, Some(v)).is_err());
            assert!(put_datetime2(&mut b, 7, Some(v)).is_err());
            assert!(put_datetime2(&mut b, 0, Some(v)).is_err());
            assert!(put_datetimeoffset(&mut b, 0, Some((v, 0))).is_err());
            assert!(put_date(&mut b, Some(unix_days)).is_err());
        }
        assert!(b.is_empty());
    }

    #[test]
    fn date_and_time_bytes() {
        // 0001-01-01 is day 0; 2024-01-02 is day 738886 = 0x0B4646.
        assert_eq!(
            enc(|b| put_date(b, Some(-UNIX_EPOCH_FROM_0001))),
            [3, 0, 0, 0]
        );
        assert_eq!(enc(|b| put_date(b, Some(D20240102))), [3, 0x46, 0x46, 0x0B]);
        assert!(put_date(&mut BytesMut::new(), Some(-UNIX_EPOCH_FROM_0001 - 1)).is_err());
        // 03:04:05.1234567 at scale 7 = 110451234567 = 0x19_B7_68_17_07 (5 bytes).
        let t = at(3, 4, 5, 123_456_700).nanos_of_day;
        assert_eq!(
            enc(|b| put_time(b, 7, Some(t))),
            [5, 0x07, 0x17, 0x68, 0xB7, 0x19]
        );
        // Scale 0: 11045 s = 0x002B25 (3 bytes); scale 3: 11045123 ms = 0x00A88903 (4 bytes).
        assert_eq!(enc(|b| put_time(b, 0, Some(t))), [3, 0x25, 0x2B, 0]);
        assert_eq!(enc(|b| put_time(b, 3, Some(t))), [4, 0x03, 0x89, 0xA8, 0]);
        assert!(put_time(&mut BytesMut::new(), 8, Some(0)).is_err());
        // Rounding wraps at midnight for TIME.
        assert_eq!(
            enc(|b| put_time(b, 0, Some(NANOS_PER_DAY - 1))),
            [3, 0, 0, 0]
        );
    }

    #[test]
    fn datetime2_and_offset_bytes() {
        let v = at(3, 4, 5, 123_000_000);
        assert_eq!(
            enc(|b| put_datetime2(b, 3, Some(v))),
            [7, 0x03, 0x89, 0xA8, 0, 0x46, 0x46, 0x0B]
        );
        assert_eq!(enc(|b| put_datetime2(b, 3, None)), [0]);
        // Rounding carries into the next day for DATETIME2.
        let late = at(23, 59, 59, 999_999_999);
        assert_eq!(
            enc(|b| put_datetime2(b, 0, Some(late))),
            [6, 0, 0, 0, 0x47, 0x46, 0x0B]
        );
        // DATETIMEOFFSET stores UTC and the offset (+60 = 0x003C).
        assert_eq!(
            enc(|b| put_datetimeoffset(b, 0, Some((v, 60)))),
            [8, 0x25, 0x2B, 0, 0x46, 0x46, 0x0B, 0x3C, 0]
        );
        assert!(put_datetimeoffset(&mut BytesMut::new(), 0, Some((v, 841))).is_err());
    }
}
