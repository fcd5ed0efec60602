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
