//! Dynamic management views clients read at connect: `dm_os_host_info` (SMO's host platform,
//! ADS's OS details) and this session's rows of `dm_exec_sessions` / `dm_exec_connections`
//! (go-sqlcmd's documented probes, SSMS's activity views). Other sessions are not visible to a
//! login, as in SQL Server without VIEW SERVER STATE.

use connector::{SqlType, TableDef};
use datafusion::arrow::array::RecordBatch;
use datafusion::error::Result;

use super::batch::{build_batch, Cell};
use super::database::SYS;
use super::types::view_def;
use crate::state::SessionInfo;

fn view(name: &str, columns: &[(&str, SqlType, bool)]) -> TableDef {
    view_def(SYS, name, columns)
}

/// Definitions of the views this module serves.
pub(crate) fn definitions() -> Vec<TableDef> {
    let (int, bit, dt) = (SqlType::Int, SqlType::Bit, SqlType::DateTime);
    let name = SqlType::NVarChar(Some(128));
    let short = SqlType::NVarChar(Some(40));
    let host = SqlType::NVarChar(Some(256));
    vec![
        view(
            "dm_os_host_info",
            &[
                ("host_platform", host, true),
                ("host_distribution", host, true),
                ("host_release", host, true),
                ("host_service_pack_level", host, true),
                ("host_sku", int, true),
                ("os_language_version", int, false),
                ("host_architecture", host, true),
            ],
        ),
        view(
            "dm_exec_sessions",
            &[
                ("session_id", int, false),
                ("login_time", dt, false),
                ("host_name", name, true),
                ("program_name", name, true),
                ("client_interface_name", SqlType::NVarChar(Some(32)), true),
                ("login_name", name, false),
                ("original_login_name", name, false),
                ("status", SqlType::NVarChar(Some(30)), false),
                ("database_id", int, false),
                ("language", name, true),
                ("date_first", int, false),
                ("transaction_isolation_level", int, false),
                ("is_user_process", bit, false),
            ],
        ),
        view(
            "dm_exec_connections",
            &[
                ("session_id", int, true),
                ("most_recent_session_id", int, true),
                ("connect_time", dt, false),
                ("net_transport", short, false),
                ("protocol_type", short, true),
                ("protocol_version", int, true),
                ("auth_scheme", short, false),
                ("client_net_address", SqlType::NVarChar(Some(48)), true),
            ],
        ),
    ]
}

/// The rows of one view for `info`'s session.
pub(crate) fn batch(def: &TableDef, info: &SessionInfo) -> Result<RecordBatch> {
    let spid = i64::from(info.spid);
    let rows = match def.name.as_str() {
        "dm_os_host_info" => vec![vec![
            "Linux".into(),
            "Ubuntu".into(),
            "22.04".into(),
            "".into(),
            Cell::Null,
            Cell::Int(1033),
            "X64".into(),
        ]],
        "dm_exec_sessions" => {
            let d = info.read();
            vec![vec![
                Cell::Int(spid),
                Cell::Int(0),
                info.host_name.as_str().into(),
                info.app_name.as_str().into(),
                Cell::Null,
                info.login.as_str().into(),
                info.login.as_str().into(),
                "running".into(),
                Cell::from(info.database_id(&d.database).map(i64::from)),
                d.settings.language.as_str().into(),
                Cell::Int(i64::from(d.settings.datefirst)),
                // READ COMMITTED.
                Cell::Int(2),
                Cell::Bit(true),
            ]]
        }
        "dm_exec_connections" => vec![vec![
            Cell::Int(spid),
            Cell::Int(spid),
            Cell::Int(0),
            "TCP".into(),
            "TSQL".into(),
            // TDS 7.4, as SQL Server reports it.
            Cell::Int(0x7400_0004),
            "SQL".into(),
            Cell::Null,
        ]],
        _ => Vec::new(),
    };
    build_batch(def, &rows)
}

#[cfg(test)]
mod tests {
    use crate::tests::harness::{one, session};

    #[tokio::test]
    async fn the_session_sees_itself() {
        let mut s = session();
        let r = one(
            &mut s,
            "select session_id, client_interface_name, program_name from sys.dm_exec_sessions \
             where session_id=@@spid",
        )
        .await;
        assert_eq!(r.rows(), &vec![vec!["53", "NULL", "engine-tests"]]);
        let r = one(
            &mut s,
            "select net_transport from sys.dm_exec_connections where session_id=@@spid",
        )
        .await;
        assert_eq!(r.rows(), &vec![vec!["TCP"]]);
    }
}
