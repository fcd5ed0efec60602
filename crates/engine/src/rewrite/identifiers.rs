//! Canonical spelling for every identifier, because SQL Server names are case-insensitive and
//! DataFusion's are not (it either lowercases or compares verbatim).
//!
//! Each statement is resolved against its own dictionary: the tables it references (their
//! columns), its table aliases, CTEs and select-list aliases. A single global column dictionary
//! would break (`Name` of a Stripe table vs `name` of `sys.databases`). Tables become fully
//! qualified canonical names (`Stripe1.Stripe.Customers`), so the session's default catalog never
//! matters. An unknown table fails here with 208 and the name as written; an unknown column is left
//! as written and DataFusion's error becomes 207.

use std::collections::HashMap;
use std::ops::ControlFlow;

use sqlparser::ast::{
    Expr, Ident, ObjectName, ObjectNamePart, Query, Select, SelectItem,
    SelectItemQualifiedWildcardKind, Statement, TableFactor, Visit, VisitMut, Visitor, VisitorMut,
};
use tds_server::SqlError;

use super::{RewriteContext, RewriteRule};
use crate::catalog::Resolver;
use crate::hooks::table_vars::{TableVars, TABLE_VAR_CATALOG};

/// Resolves tables and canonicalises identifiers.
pub(crate) struct CanonicalNames;

/// Columns by lower-case name → canonical spelling.
type Columns = HashMap<String, String>;

/// A name that can qualify a column: a table, its alias, a CTE or a derived table.
#[derive(Debug, Clone)]
struct Qualifier {
    /// Spelling DataFusion knows it by.
    spelling: String,
    /// The columns behind it, when known.
    columns: Option<Columns>,
}

#[derive(Debug, Default)]
struct Scope {
    ctes: HashMap<String, String>,
    qualifiers: HashMap<String, Qualifier>,
    columns: Columns,
    aliases: Vec<String>,
}

fn key(s: &str) -> String {
    s.to_lowercase()
}

fn parts(name: &ObjectName) -> Vec<String> {
    name.0
        .iter()
        .map(|p| p.as_ident().map(|i| i.value.clone()).unwrap_or_default())
        .collect()
}

/// First pass: what the statement references.
struct Collect<'a> {
    resolver: Resolver<'a>,
    table_vars: &'a TableVars,
    scope: Scope,
}

impl Visitor for Collect<'_> {
    type Break = SqlError;

    fn pre_visit_query(&mut self, q: &Query) -> ControlFlow<SqlError> {
        if let Some(with) = &q.with {
            for cte in &with.cte_tables {
                let name = cte.alias.name.value.clone();
                self.scope.ctes.insert(key(&name), name.clone());
                self.scope.qualifiers.insert(
                    key(&name),
                    Qualifier {
                        spelling: name,
                        columns: None,
                    },
                );
                for c in &cte.alias.columns {
                    self.scope.aliases.push(c.name.value.clone());
                }
            }
        }
        ControlFlow::Continue(())
    }

    fn pre_visit_select(&mut self, s: &Select) -> ControlFlow<SqlError> {
        for item in &s.projection {
            if let SelectItem::ExprWithAlias { alias, .. } = item {
                self.scope.aliases.push(alias.value.clone());
            }
        }
        ControlFlow::Continue(())
    }

    fn pre_visit_table_factor(&mut self, t: &TableFactor) -> ControlFlow<SqlError> {
        match t {
            TableFactor::Table {
                name, alias, args, ..
            } => {
                let written = parts(name);
                if let [one] = written.as_slice() {
                    if self.scope.ctes.contains_key(&key(one)) {
                        if let Some(a) = alias {
                            self.bind(&a.name.value, a.name.value.clone(), None);
                        }
                        return ControlFlow::Continue(());
                    }
                }
                if let [var] = written.as_slice() {
                    if var.starts_with('@') {
                        let Some(tv) = self.table_vars.get(var) else {
                            return ControlFlow::Break(SqlError::new(
                                tds_server::ErrorKind::UndeclaredVariable,
                                format!("Must declare the table variable \"{var}\"."),
                            ));
                        };
                        let cols: Columns = tv
                            .schema
                            .fields()
                            .iter()
                            .map(|f| (key(f.name()), f.name().clone()))
                            .collect();
                        for (k, v) in &cols {
                            self.scope
                                .columns
                                .entry(k.clone())
                                .or_insert_with(|| v.clone());
                        }
                        let name = alias.as_ref().map_or(var.clone(), |a| a.name.value.clone());
                        self.bind(&name, name.clone(), Some(cols));
                        return ControlFlow::Continue(());
                    }
                }
                let refs: Vec<&str> = written.iter().map(String::as_str).collect();
                match self.resolver.resolve(&refs) {
                    Some(rt) => {
                        let cols: Columns = rt
                            .def
                            .columns
                            .iter()
                            .map(|c| (key(&c.name), c.name.clone()))
                            .collect();
                        for (k, v) in &cols {
                            self.scope
                                .columns
                                .entry(k.clone())
                                .or_insert_with(|| v.clone());
                        }
                        let table = rt.def.name.clone();
                        match alias {
                            Some(a) => self.bind(&a.name.value, a.name.value.clone(), Some(cols)),
                            None => self.bind(&table, table.clone(), Some(cols)),
                        }
                    }
                    None if args.is_some() => {}
                    None => {
                        return ControlFlow::Break(SqlError::invalid_object(&written.join(".")))
                    }
                }
            }
            TableFactor::Derived { alias: Some(a), .. } => {
                self.bind(&a.name.value, a.name.value.clone(), None);
                for c in &a.columns {
                    self.scope.aliases.push(c.name.value.clone());
                }
            }
            _ => {}
        }
        ControlFlow::Continue(())
    }
}

impl Collect<'_> {
    fn bind(&mut self, name: &str, spelling: String, columns: Option<Columns>) {
        self.scope
            .qualifiers
            .entry(key(name))
            .or_insert(Qualifier { spelling, columns });
    }
}

/// Second pass: rewrite names.
struct Rename<'a> {
    resolver: Resolver<'a>,
    table_vars: &'a TableVars,
    scope: Scope,
}

impl Rename<'_> {
    fn column(&self, qualifier: Option<&Qualifier>, id: &mut Ident) {
        let k = key(&id.value);
        let found = qualifier
            .and_then(|q| q.columns.as_ref())
            .and_then(|c| c.get(&k))
            .or_else(|| self.scope.columns.get(&k));
        if let Some(canonical) = found {
            id.value = canonical.clone();
        }
    }

    fn compound(&self, parts: &mut [Ident]) {
        let n = parts.len();
        if n < 2 {
            return;
        }
        let qualifier = self
            .scope
            .qualifiers
            .get(&key(&parts[n - 2].value))
            .cloned();
        if let Some(q) = &qualifier {
            parts[n - 2].value = q.spelling.clone();
        }
        if n >= 3 {
            if let Some(s) = self.resolver.schema_name(&parts[n - 3].value) {
                parts[n - 3].value = s;
            }
        }
        if n >= 4 {
            if let Some(d) = self.resolver.database(&parts[n - 4].value) {
                parts[n - 4].value = d.name.clone();
            }
        }
        self.column(qualifier.as_ref(), &mut parts[n - 1]);
    }
}

impl VisitorMut for Rename<'_> {
    type Break = ();

    fn pre_visit_table_factor(&mut self, t: &mut TableFactor) -> ControlFlow<()> {
        let TableFactor::Table { name, .. } = t else {
            return ControlFlow::Continue(());
        };
        let written = parts(name);
        if let [one] = written.as_slice() {
            if let Some(tv) = self.table_vars.get(one) {
                *name = ObjectName(
                    TABLE_VAR_CATALOG
                        .iter()
                        .map(|p| p.to_string())
                        .chain([tv.table.clone()])
                        .map(|p| ObjectNamePart::Identifier(Ident::with_quote('"', p)))
                        .collect(),
                );
                return ControlFlow::Continue(());
            }
            if let Some(cte) = self.scope.ctes.get(&key(one)) {
                *name = ObjectName::from(vec![Ident::new(cte.clone())]);
                return ControlFlow::Continue(());
            }
        }
        let refs: Vec<&str> = written.iter().map(String::as_str).collect();
        if let Some(rt) = self.resolver.resolve(&refs) {
            *name = ObjectName(
                [&rt.db.name, &rt.def.schema, &rt.def.name]
                    .into_iter()
                    .map(|p| ObjectNamePart::Identifier(Ident::with_quote('"', p.clone())))
                    .collect(),
            );
        }
        ControlFlow::Continue(())
    }

    fn pre_visit_select(&mut self, s: &mut Select) -> ControlFlow<()> {
        for item in &mut s.projection {
            if let SelectItem::QualifiedWildcard(
                SelectItemQualifiedWildcardKind::ObjectName(n),
                _,
            ) = item
            {
                let mut idents: Vec<Ident> =
                    n.0.iter().filter_map(|p| p.as_ident().cloned()).collect();
                if let Some(last) = idents.last_mut() {
                    if let Some(q) = self.scope.qualifiers.get(&key(&last.value)) {
                        last.value = q.spelling.clone();
                    }
                }
                *n = ObjectName::from(idents);
            }
        }
        ControlFlow::Continue(())
    }

    fn pre_visit_expr(&mut self, e: &mut Expr) -> ControlFlow<()> {
        match e {
            Expr::Identifier(id) if !id.value.starts_with('@') => self.column(None, id),
            Expr::CompoundIdentifier(parts) => self.compound(parts),
            _ => {}
        }
        ControlFlow::Continue(())
    }
}

impl RewriteRule for CanonicalNames {
    fn name(&self) -> &'static str {
        "canonical_names"
    }

    fn rewrite(&self, stmt: &mut Statement, cx: &RewriteContext<'_>) -> Result<(), SqlError> {
        let mut collect = Collect {
            resolver: cx.resolver,
            table_vars: cx.table_vars,
            scope: Scope::default(),
        };
        if let ControlFlow::Break(e) = Visit::visit(&*stmt, &mut collect) {
            return Err(e);
        }
        let mut scope = collect.scope;
        for a in std::mem::take(&mut scope.aliases) {
            scope.columns.entry(key(&a)).or_insert(a);
        }
        let _ = stmt.visit(&mut Rename {
            resolver: cx.resolver,
            table_vars: cx.table_vars,
            scope,
        });
        Ok(())
    }
}

#[cfg(test)]
mod tests {
    use super::*;
    use crate::rewrite::test_support::with_rule;

    fn r(sql: &str) -> String {
        with_rule(&CanonicalNames, sql).unwrap()
    }

    #[test]
    fn tables_become_canonical_three_part_names() {
        assert_eq!(
            r("SELECT id, EMAIL FROM stripe.customers"),
            r#"SELECT Id, Email FROM "Stripe1"."Stripe"."Customers""#
        );
        assert_eq!(
            r("SELECT c.id FROM [STRIPE1].[stripe].[Customers] AS c WHERE C.name = 'x'"),
            r#"SELECT c.Id FROM "Stripe1"."Stripe"."Customers" AS c WHERE c.Name = 'x'"#
        );
        assert_eq!(
            r("SELECT customers.id FROM Customers"),
            r#"SELECT Customers.Id FROM "Stripe1"."Stripe"."Customers""#
        );
        assert_eq!(
            r("SELECT t.table_name FROM information_schema.tables t"),
            r#"SELECT t.TABLE_NAME FROM "Stripe1"."INFORMATION_SCHEMA"."TABLES" t"#
        );
    }

    #[test]
    fn unknown_tables_are_208_as_written() {
        let e = with_rule(&CanonicalNames, "SELECT * FROM [Stripe].[Nope]").unwrap_err();
        assert_eq!(
            (e.number(), e.message.as_str()),
            (208, "Invalid object name 'Stripe.Nope'.")
        );
    }

    #[test]
    fn ctes_and_aliases_resolve() {
        assert_eq!(
            r("WITH X AS (SELECT id AS I FROM stripe.customers) SELECT i FROM x"),
            r#"WITH X AS (SELECT Id AS I FROM "Stripe1"."Stripe"."Customers") SELECT I FROM X"#
        );
        assert_eq!(
            r("SELECT nope FROM stripe.customers"),
            r#"SELECT nope FROM "Stripe1"."Stripe"."Customers""#
        );
    }
}
