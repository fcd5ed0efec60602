//! `sp_tables`: ODBC `SQLTables`, JDBC `getTables`, jTDS and FreeTDS catalog browsing.

use tds_server::SqlError;

use super::args::{Args, Param, ParamTy};
use super::context::{truncate, Ctx};
use super::result::{rows_outcome, Shape, Ty, V};
use crate::catalog::Database;
use crate::outcome::Outcome;

/// `sp_tables [@table_name] [, @table_owner] [, @table_qualifier] [, @table_type] [, @fUsePattern]`.
pub(crate) const PARAMS: &[Param] = &[
    Param {
        name: "@table_name",
        ty: ParamTy::NVarChar(384),
        required: false,
    },
    Param {
        name: "@table_owner",
        ty: ParamTy::NVarChar(384),
        required: false,
    },
    Param {
        name: "@table_qualifier",
        ty: ParamTy::Sysname,
        required: false,
    },
    Param {
        name: "@table_type",
        ty: ParamTy::VarChar(100),
        required: false,
    },
    Param {
        name: "@fUsePattern",
        ty: ParamTy::Bit,
        required: false,
    },
];

const SHAPE: &Shape = &[
    ("TABLE_QUALIFIER", Ty::Sysname),
    ("TABLE_OWNER", Ty::Sysname),
    ("TABLE_NAME", Ty::Sysname),
    ("TABLE_TYPE", Ty::VarChar(32)),
    ("REMARKS", Ty::VarChar(254)),
];

/// The type SQL Server reports for tables of `schema` (catalog views are views).
fn table_type(schema: &str) -> &'static str {
    if Database::is_system_schema(schema) {
        "VIEW"
    } else {
        "TABLE"
    }
}

/// `'TABLE','VIEW'` (ODBC quotes each type; some drivers wrap the list in double quotes).
fn type_list(s: &str) -> Vec<String> {
    s.split(',')
        .map(|t| {
            t.trim()
                .trim_matches(|c| c == '\'' || c == '"')
                .trim()
                .to_uppercase()
        })
        .filter(|t| !t.is_empty())
        .collect()
}

/// Runs `sp_tables`.
pub(crate) fn sp_tables(ctx: &Ctx<'_>, a: &Args) -> Result<Vec<Outcome>, SqlError> {
    let (name, owner, qualifier, types) = (a.text(0), a.text(1), a.text(2), a.text(3));
    let use_pattern = a.int(4) != Some(0);
    let empty = |o: &Option<String>| o.as_deref() == Some("");
    let null = V::Null;
    // ODBC's special enumerations (SQLTables with SQL_ALL_CATALOGS / _SCHEMAS / _TABLE_TYPES).
    let rows: Vec<Vec<V>> = if qualifier.as_deref() == Some("%") && empty(&owner) && empty(&name) {
        // Every database, system ones included, by name (SQL Server's ORDER BY 1).
        let mut names: Vec<String> = ctx
            .info
            .all_databases()
            .into_iter()
            .map(|(_, n)| n)
            .collect();
        names.sort_by_key(|n| n.to_lowercase());
        names.into_iter().map(|d| vec![d.into()]).collect()
    } else if owner.as_deref() == Some("%") && empty(&qualifier) && empty(&name) {
        let mut owners = ctx.db.schema_names();
        owners.push("dbo".to_string());
        owners.sort_by_key(|s| s.to_lowercase());
        owners
            .into_iter()
            .map(|o| vec![null.clone(), o.into()])
            .collect()
    } else if types.as_deref() == Some("%") && empty(&qualifier) && empty(&owner) && empty(&name) {
        ["SYSTEM TABLE", "TABLE", "VIEW"]
            .iter()
            .map(|t| vec![null.clone(), null.clone(), null.clone(), (*t).into()])
            .collect()
    } else {
        let qualifier = qualifier.filter(|q| !q.is_empty() && q != "%");
        if !ctx.is_current(qualifier.as_deref()) {
            Vec::new()
        } else {
            let wanted = types.as_deref().map(type_list);
            let owner = owner.filter(|s| !s.is_empty());
            let name = name.filter(|s| !s.is_empty());
            let mut rows: Vec<(String, Vec<V>)> = ctx
                .tables(owner.as_deref(), name.as_deref(), use_pattern)
                .into_iter()
                .filter(|t| {
                    let ty = table_type(&t.schema);
                    wanted.as_ref().is_none_or(|w| w.iter().any(|x| x == ty))
                })
                .map(|t| {
                    let ty = table_type(&t.schema);
                    let remarks = t.description.as_deref().map(|d| truncate(d, 254));
                    let row = vec![
                        ctx.db.name.as_str().into(),
                        t.schema.as_str().into(),
                        t.name.as_str().into(),
                        ty.into(),
                        remarks.map_or(V::Null, V::S),
                    ];
                    (ty.to_string(), row)
                })
                .collect();
            // SQL Server orders by TABLE_TYPE, then qualifier, owner and name.
            rows.sort_by(|x, y| x.0.cmp(&y.0));
            rows.into_iter().map(|(_, r)| r).collect()
        }
    };
    Ok(vec![rows_outcome(SHAPE, &rows, ctx.fmtonly)?])
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn parses_type_lists() {
        assert_eq!(type_list("'TABLE','VIEW'"), vec!["TABLE", "VIEW"]);
        assert_eq!(type_list("\"'TABLE'\""), vec!["TABLE"]);
        assert_eq!(
            type_list("table, 'SYSTEM TABLE'"),
            vec!["TABLE", "SYSTEM TABLE"]
        );
    }
}
