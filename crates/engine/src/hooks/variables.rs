//! `@@` system variables, registered as DataFusion's system variable provider.

use std::sync::Arc;

use datafusion::arrow::datatypes::DataType;
use datafusion::common::ScalarValue;
use datafusion::error::Result;
use datafusion::variable::VarProvider;

use crate::error::to_datafusion;
use crate::state::SessionInfo;

/// Every `@@` variable vtds answers, with SQL Server's type.
const VARIABLES: &[(&str, DataType)] = &[
    ("@@VERSION", DataType::Utf8),
    ("@@SERVERNAME", DataType::Utf8),
    ("@@SERVICENAME", DataType::Utf8),
    ("@@SPID", DataType::Int16),
    ("@@LANGUAGE", DataType::Utf8),
    ("@@LANGID", DataType::Int16),
    ("@@TRANCOUNT", DataType::Int32),
    // jTDS reads it with getByte: tinyint.
    ("@@MAX_PRECISION", DataType::UInt8),
    ("@@MICROSOFTVERSION", DataType::Int32),
    ("@@ROWCOUNT", DataType::Int32),
    ("@@ERROR", DataType::Int32),
    ("@@IDENTITY", DataType::Decimal128(38, 0)),
    ("@@OPTIONS", DataType::Int32),
    ("@@TEXTSIZE", DataType::Int32),
    ("@@DATEFIRST", DataType::UInt8),
    ("@@LOCK_TIMEOUT", DataType::Int32),
    ("@@NESTLEVEL", DataType::Int32),
    ("@@PROCID", DataType::Int32),
    ("@@MAX_CONNECTIONS", DataType::Int32),
    ("@@FETCH_STATUS", DataType::Int32),
    ("@@CURSOR_ROWS", DataType::Int32),
    ("@@DBTS", DataType::Binary),
];

fn lookup(name: &str) -> Option<&'static DataType> {
    VARIABLES
        .iter()
        .find(|(n, _)| n.eq_ignore_ascii_case(name))
        .map(|(_, t)| t)
}

/// Whether `name` (with its `@@`) is a variable the session provides.
pub(crate) fn is_system_variable(name: &str) -> bool {
    lookup(name).is_some()
}

/// Answers `@@…` from the session.
#[derive(Debug)]
pub(crate) struct SystemVariables {
    info: Arc<SessionInfo>,
}

impl SystemVariables {
    /// Variables of one session.
    pub(crate) fn new(info: Arc<SessionInfo>) -> Self {
        SystemVariables { info }
    }

    fn value(&self, name: &str) -> Option<ScalarValue> {
        let i = &self.info;
        let d = i.read();
        let s = |v: String| ScalarValue::Utf8(Some(v));
        let int = |v: i32| ScalarValue::Int32(Some(v));
        Some(match name.to_ascii_uppercase().as_str() {
            "@@VERSION" => s(i.config.version_string()),
            "@@SERVERNAME" => s(i.config.server_name.clone()),
            "@@SERVICENAME" => s("MSSQLSERVER".to_string()),
            "@@SPID" => ScalarValue::Int16(Some(i16::try_from(i.spid).unwrap_or(i16::MAX))),
            "@@LANGUAGE" => s(d.settings.language.clone()),
            "@@LANGID" => ScalarValue::Int16(Some(0)),
            "@@TRANCOUNT" => int(d.trancount),
            "@@MAX_PRECISION" => ScalarValue::UInt8(Some(38)),
            "@@MICROSOFTVERSION" => int(i.config.microsoft_version()),
            "@@ROWCOUNT" | "@@ERROR" | "@@NESTLEVEL" | "@@PROCID" | "@@CURSOR_ROWS" => int(0),
            "@@IDENTITY" => ScalarValue::Decimal128(None, 38, 0),
            // ANSI_WARNINGS | ANSI_PADDING | ANSI_NULLS | QUOTED_IDENTIFIER |
            // CONCAT_NULL_YIELDS_NULL | ANSI_NULL_DFLT_ON: what drivers set at login.
            "@@OPTIONS" => int(8 | 16 | 32 | 256 | 1024 | 4096),
            "@@TEXTSIZE" => int(d.settings.textsize),
            "@@DATEFIRST" => ScalarValue::UInt8(Some(d.settings.datefirst)),
            "@@LOCK_TIMEOUT" => int(d.settings.lock_timeout),
            "@@MAX_CONNECTIONS" => int(32767),
            "@@FETCH_STATUS" => int(-1),
            "@@DBTS" => ScalarValue::Binary(Some(vec![0, 0, 0, 0, 0, 0, 0x07, 0xD1])),
            _ => return None,
        })
    }
}

impl VarProvider for SystemVariables {
    fn get_value(&self, var_names: Vec<String>) -> Result<ScalarValue> {
        let name = var_names.first().map(String::as_str).unwrap_or("");
        self.value(name).ok_or_else(|| {
            to_datafusion(tds_server::SqlError::new(
                tds_server::ErrorKind::UndeclaredVariable,
                format!("Must declare the scalar variable \"{name}\"."),
            ))
        })
    }

    fn get_type(&self, var_names: &[String]) -> Option<DataType> {
        var_names.first().and_then(|n| lookup(n)).cloned()
    }
}

#[cfg(test)]
mod tests {
    use super::*;
    use crate::config::EngineConfig;

    #[test]
    fn every_listed_variable_has_a_value_of_its_type() {
        let info = Arc::new(SessionInfo::new(
            Arc::new(EngineConfig::default()),
            53,
            "a@b.c".into(),
            "app".into(),
            "host".into(),
            Arc::from(vec!["Stripe1".to_string()]),
            "Stripe1".into(),
        ));
        let vars = SystemVariables::new(info);
        for (name, ty) in VARIABLES {
            let v = vars.get_value(vec![name.to_string()]).unwrap();
            assert_eq!(&v.data_type(), ty, "{name}");
        }
        assert_eq!(
            vars.get_value(vec!["@@spid".into()]).unwrap(),
            ScalarValue::Int16(Some(53))
        );
        assert!(vars.get_value(vec!["@@nope".into()]).is_err());
    }
}
