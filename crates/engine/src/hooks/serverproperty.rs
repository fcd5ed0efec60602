//! `SERVERPROPERTY(name)` and `CONNECTIONPROPERTY(name)` values.
//!
//! SQL Server returns sql_variant; tiberius cannot decode sql_variant and SqlClient/SMO unbox the
//! base type with exact casts (EngineEdition as int, ProductVersion as string), so each property
//! is returned as its base type: int for numeric properties, nvarchar otherwise.

use datafusion::common::ScalarValue;

use crate::catalog::COLLATION;
use crate::state::SessionInfo;

/// Properties whose value is an int (EngineEdition, every Is* flag, ProcessID, …).
pub(crate) fn is_int(name: &str) -> bool {
    let n = name.trim().to_ascii_lowercase();
    n == "engineedition"
        || n == "processid"
        || n == "hadrmanagerstatus"
        || n == "lcid"
        || n == "sqlsortorder"
        || n == "sqlcharset"
        || n.starts_with("is")
}

/// The value of one property; unknown properties are NULL like SQL Server's.
pub(crate) fn value(info: &SessionInfo, name: &str) -> ScalarValue {
    let n = name.trim().to_ascii_lowercase();
    if is_int(&n) {
        let v = match n.as_str() {
            "engineedition" => Some(3),
            "processid" => Some(i32::from(info.spid)),
            "lcid" => Some(1033),
            "sqlsortorder" => Some(52),
            "sqlcharset" => Some(1),
            "hadrmanagerstatus" => None,
            _ => Some(0),
        };
        return ScalarValue::Int32(v);
    }
    let version = &info.config.product_version;
    let mut parts = version.split('.');
    let major = parts.next().map(str::to_string);
    let minor = parts.next().map(str::to_string);
    let build = parts.next().map(str::to_string);
    let v = match n.as_str() {
        "productversion" => Some(version.clone()),
        "productmajorversion" => major,
        "productminorversion" => minor,
        "productbuild" => build,
        "productlevel" => Some("RTM".to_string()),
        "productupdatelevel" | "instancename" | "productupdatereference" => None,
        "edition" => Some("Developer Edition (64-bit)".to_string()),
        "editionid" => Some("-2117995310".to_string()),
        "machinename" | "servername" | "computernamephysicalnetbios" => {
            Some(info.config.server_name.clone())
        }
        "collation" => Some(COLLATION.to_string()),
        "buildclrversion" => Some("v4.0.30319".to_string()),
        "resourceversion" => Some(version.clone()),
        _ => None,
    };
    ScalarValue::Utf8(v)
}

/// `CONNECTIONPROPERTY`: SMO asks for the transport.
pub(crate) fn connection_property(name: &str) -> Option<String> {
    match name.trim().to_ascii_lowercase().as_str() {
        "net_transport" => Some("TCP".to_string()),
        "protocol_type" => Some("TSQL".to_string()),
        "auth_scheme" => Some("SQL".to_string()),
        _ => None,
    }
}

/// `COLLATIONPROPERTY(collation, property)` for the Latin1 collations (SQL Server's default and
/// its Windows twins); NULL for anything else, as SQL Server answers unknown names. SMO reads
/// `LCID` and `ComparisonStyle` with GetInt32 to build its name comparer.
pub(crate) fn collation_property(collation: &str, property: &str) -> Option<i32> {
    let c = collation.trim().to_ascii_uppercase();
    if !c.contains("LATIN1_GENERAL") {
        return None;
    }
    let has = |flag: &str| c.split('_').any(|part| part == flag);
    match property.trim().to_ascii_lowercase().as_str() {
        "codepage" => Some(1252),
        "lcid" => Some(1033),
        "comparisonstyle" if has("BIN") || has("BIN2") => Some(0),
        "comparisonstyle" => {
            // IgnoreCase 1, IgnoreNonSpace 2, IgnoreKanaType 65536, IgnoreWidth 131072.
            let mut style = 0;
            if has("CI") {
                style |= 1;
            }
            if has("AI") {
                style |= 2;
            }
            if !has("KS") {
                style |= 65_536;
            }
            if !has("WS") {
                style |= 131_072;
            }
            Some(style)
        }
        "version" if c.starts_with("SQL_") => Some(0),
        "version" if c.contains("_100_") => Some(1),
        "version" if c.contains("_140_") => Some(2),
        "version" => Some(0),
        _ => None,
    }
}

/// `OBJECTPROPERTY(id, property)`: vtds objects are owned by dbo (principal 1) and have no
/// triggers or other features SMO probes for.
pub(crate) fn object_property(property: &str) -> Option<i32> {
    let p = property.trim().to_ascii_lowercase();
    if p == "ownerid" {
        Some(1)
    } else if p.starts_with("is") || p.starts_with("has") || p.starts_with("table") {
        Some(0)
    } else {
        None
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn collation_properties_match_sql_server() {
        let c = COLLATION;
        assert_eq!(collation_property(c, "LCID"), Some(1033));
        assert_eq!(collation_property(c, "ComparisonStyle"), Some(196_609));
        assert_eq!(collation_property(c, "CodePage"), Some(1252));
        assert_eq!(collation_property(c, "Version"), Some(0));
        assert_eq!(
            collation_property("Latin1_General_100_CS_AS_KS_WS", "comparisonstyle"),
            Some(0)
        );
        assert_eq!(
            collation_property("Latin1_General_BIN2", "ComparisonStyle"),
            Some(0)
        );
        assert_eq!(collation_property("Japanese_CI_AS", "LCID"), None);
        assert_eq!(collation_property(c, "Nope"), None);
        assert_eq!(object_property("OwnerId"), Some(1));
        assert_eq!(object_property("HasAfterTrigger"), Some(0));
        assert_eq!(object_property("nope"), None);
    }
}
