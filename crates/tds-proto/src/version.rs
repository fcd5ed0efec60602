//! TDS protocol versions as carried in LOGIN7 and LOGINACK [2.2.6.4], [2.2.7.14].

/// A TDS protocol version, as the 4-byte value LOGIN7 carries (big-endian meaning: 0x74000004 is 7.4).
#[derive(Debug, Clone, Copy, PartialEq, Eq, PartialOrd, Ord, Hash)]
pub struct TdsVersion(pub u32);

impl TdsVersion {
    /// TDS 7.0 (SQL Server 7.0).
    pub const V7_0: TdsVersion = TdsVersion(0x7000_0000);
    /// TDS 7.1 (SQL Server 2000 SP1); jTDS's default.
    pub const V7_1: TdsVersion = TdsVersion(0x7100_0001);
    /// TDS 7.2 (SQL Server 2005): PLP (MAX types), 8-byte DONE row counts, ALL_HEADERS.
    pub const V7_2: TdsVersion = TdsVersion(0x7209_0002);
    /// TDS 7.3A (SQL Server 2008): DATE, TIME, DATETIME2, DATETIMEOFFSET.
    pub const V7_3A: TdsVersion = TdsVersion(0x730A_0003);
    /// TDS 7.3B (SQL Server 2008 R2).
    pub const V7_3B: TdsVersion = TdsVersion(0x730B_0003);
    /// TDS 7.4 (SQL Server 2012 and later): FEATUREEXT.
    pub const V7_4: TdsVersion = TdsVersion(0x7400_0004);
    /// The value TDS 8.0 (strict encryption) clients put in LOGIN7; it means 7.4 on the wire.
    pub const V8_0_LOGIN: TdsVersion = TdsVersion(0x0800_0000);

    /// The highest version this server speaks.
    pub const MAX_SUPPORTED: TdsVersion = TdsVersion::V7_4;

    /// The version to answer in LOGINACK for a client's LOGIN7 version: the lower of the client's
    /// and ours. TDS 8.0's marker and anything newer negotiate 7.4; anything below 7.1 gets 7.1.
    pub fn negotiate(client: u32) -> TdsVersion {
        let v = TdsVersion(client);
        if v == TdsVersion::V8_0_LOGIN || v >= TdsVersion::V7_4 {
            TdsVersion::V7_4
        } else if v < TdsVersion::V7_1 {
            TdsVersion::V7_1
        } else {
            v
        }
    }

    /// PLP-encoded MAX types (nvarchar(max), varbinary(max)) exist from 7.2.
    pub fn supports_plp(self) -> bool {
        self >= TdsVersion::V7_2
    }

    /// DATE, TIME, DATETIME2 and DATETIMEOFFSET exist from 7.3; older clients get NVARCHAR.
    pub fn supports_date_types(self) -> bool {
        self >= TdsVersion::V7_3A
    }

    /// DONE row counts are 8 bytes from 7.2, 4 bytes before.
    pub fn done_count_is_u64(self) -> bool {
        self >= TdsVersion::V7_2
    }

    /// FEATUREEXT / FEATUREEXTACK exist from 7.4.
    pub fn supports_feature_ext(self) -> bool {
        self >= TdsVersion::V7_4
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn negotiation_picks_the_lower_version() {
        assert_eq!(TdsVersion::negotiate(0x7400_0004), TdsVersion::V7_4);
        assert_eq!(TdsVersion::negotiate(0x0800_0000), TdsVersion::V7_4);
        assert_eq!(TdsVersion::negotiate(0x730B_0003), TdsVersion::V7_3B);
        assert_eq!(TdsVersion::negotiate(0x7100_0001), TdsVersion::V7_1);
        assert_eq!(TdsVersion::negotiate(0x7000_0000), TdsVersion::V7_1);
        assert!(!TdsVersion::V7_1.supports_plp());
        assert!(TdsVersion::V7_2.supports_plp());
        assert!(!TdsVersion::V7_2.supports_date_types());
    }
}
