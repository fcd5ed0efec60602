"""pyodbc over unixODBC and the FreeTDS ODBC driver (Debian's tdsodbc) against vtds: what Linux BI
tools use. Covers TLS, queries, `?` parameters (sp_executesql/sp_prepexec), the ODBC catalog
functions (SQLTables/SQLColumns/SQLPrimaryKeys/SQLStatistics/SQLSpecialColumns/SQLGetTypeInfo,
i.e. sp_tables/sp_columns/sp_pkeys/sp_statistics/sp_special_columns/sp_datatype_info_100),
SQLGetInfo, TM transactions, errors, reconnect."""

import decimal

import pyodbc

from common import (
    COUNT_SQL, DATABASE, EXPECT_COUNT, EXPECT_CUSTOMER, EXPECT_TOP3, HOST, PASSWORD, PORT,
    TOP3_SQL, TYPES_SQL, USER, WRONG_PASSWORD, catalog_columns_wanted, check, check_top3,
    check_types_row, created_utc, eq, expect, finish, odbc_env,
)

DRIVER = odbc_env()
SQL_TABLE_STAT = 0  # SQLStatistics' TYPE for the table's own statistics row (ODBC sql.h)
# ODBC 3 type codes sp_columns must report (FreeTDS passes @ODBCVer=3).
ODBC_TYPES = {
    "Id": pyodbc.SQL_WVARCHAR,
    "Balance": pyodbc.SQL_BIGINT,
    "Delinquent": pyodbc.SQL_BIT,
    "Created": pyodbc.SQL_TYPE_TIMESTAMP,
}


def connect(password=PASSWORD, extra=""):
    return pyodbc.connect(
        f"DRIVER={{{DRIVER}}};SERVER={HOST};PORT={PORT};DATABASE={DATABASE};"
        f"UID={USER};PWD={password};TDS_Version=7.4;{extra}",
        timeout=15,
    )


def scalar(conn, sql, *params):
    return conn.cursor().execute(sql, *params).fetchone()[0]


@check("connect")
def conn():
    c = connect()
    eq(scalar(c, "SELECT 1"), 1, "SELECT 1")
    return c


@check("connect_tls")
def _():
    # FreeTDS verifies no certificate unless given a CA file, so Encrypt=yes trusts the demo's.
    for extra in ("Encryption=require;", "Encrypt=yes;"):
        c = connect(extra=extra)
        eq(scalar(c, COUNT_SQL), EXPECT_COUNT, f"count with {extra}")
        c.close()


@check("count")
def _():
    eq(scalar(conn, COUNT_SQL), EXPECT_COUNT, "customer count")


@check("top3")
def _():
    cur = conn.cursor().execute(TOP3_SQL)
    check_top3(cur.fetchall())
    eq([d[0] for d in cur.description], ["Id", "Email"], "column names")


@check("types")
def _():
    row = conn.cursor().execute(TYPES_SQL.format(id=EXPECT_CUSTOMER["id"])).fetchone()
    check_types_row(tuple(row))


@check("params")
def _():
    cust = EXPECT_CUSTOMER
    cur = conn.cursor()
    cur.execute("SELECT Id, Email FROM Stripe.Customers WHERE Id = ?", cust["id"])
    eq([tuple(r) for r in cur.fetchall()], [(cust["id"], cust["email"])], "string parameter")
    cur.execute(
        "SELECT COUNT(*) FROM Stripe.Customers WHERE Id = ? AND Balance = ?",
        cust["id"], cust["balance"],
    )
    eq(cur.fetchone()[0], 1, "string + int parameters")
    cur.execute("SELECT COUNT(*) FROM Stripe.Customers WHERE Id = ?", None)
    eq(cur.fetchone()[0], 0, "Id = NULL matches nothing")
    # DATETIME parameters against the newest customer's Created: every customer is at or before it.
    cur.execute("SELECT COUNT(*) FROM Stripe.Customers WHERE Created <= ?", created_utc())
    eq(cur.fetchone()[0], EXPECT_COUNT, "Created <= newest")
    cur.execute("SELECT COUNT(*) FROM Stripe.Customers WHERE Created > ?", created_utc())
    eq(cur.fetchone()[0], 0, "Created > newest")
    # NUMERIC(8,3): FreeTDS sends 5 value bytes. (Smaller precisions send fewer; see the report.)
    cur.execute("SELECT ?, ?", decimal.Decimal("12345.678"), 2.25)
    eq(tuple(cur.fetchone()), (decimal.Decimal("12345.678"), 2.25), "decimal and float parameters")
    # A prepared statement run twice (SQLPrepare + SQLExecute ⇒ sp_prepexec, then sp_execute).
    sql = "SELECT Email FROM Stripe.Customers WHERE Id = ?"
    for ident in EXPECT_TOP3:
        expect(cur.execute(sql, ident).fetchone() is not None, f"prepared: no row for {ident}")
    eq(cur.execute(sql, EXPECT_TOP3[0]).fetchone()[0], cust["email"], "prepared reuse")


@check("catalog_tables")
def _():
    cur = conn.cursor()
    rows = cur.tables(table="Customers", schema="Stripe").fetchall()
    eq([(r.table_cat, r.table_schem, r.table_name, r.table_type) for r in rows],
       [(DATABASE, "Stripe", "Customers", "TABLE")], "SQLTables Customers")
    names = {r.table_name for r in cur.tables(schema="Stripe", tableType="TABLE").fetchall()}
    expect({"Customers", "Charges"} <= names, f"SQLTables Stripe.%: {sorted(names)[:10]}")
    catalogs = {r.table_cat for r in cur.tables(catalog="%", schema="", table="").fetchall()}
    expect(DATABASE in catalogs, f"SQLTables catalogs: {catalogs}")


@check("catalog_columns")
def _():
    rows = conn.cursor().columns(table="Customers", schema="Stripe").fetchall()
    by_name = {r.column_name: r for r in rows}
    for column, type_name in catalog_columns_wanted().items():
        expect(column in by_name, f"SQLColumns has no {column}: {sorted(by_name)}")
        r = by_name[column]
        eq((r.type_name, r.data_type), (type_name, ODBC_TYPES[column]), f"SQLColumns {column}")
    eq(rows[0].column_name, "Id", "first column")
    eq([r.ordinal_position for r in rows], list(range(1, len(rows) + 1)), "ordinal positions")


@check("catalog_primary_keys")
def _():
    rows = conn.cursor().primaryKeys("Customers", schema="Stripe").fetchall()
    eq([(r.table_name, r.column_name, r.key_seq) for r in rows], [("Customers", "Id", 1)],
       "SQLPrimaryKeys")


@check("catalog_statistics")
def _():
    cur = conn.cursor()
    rows = cur.statistics("Customers", schema="Stripe").fetchall()
    cols = [d[0] for d in cur.description]
    for want in ("table_cat", "table_schem", "table_name", "non_unique", "index_name", "type",
                 "column_name"):
        expect(want in cols, f"SQLStatistics columns {cols}")
    expect(all(r.table_name == "Customers" for r in rows), f"SQLStatistics rows {rows}")
    indexed = [r.column_name for r in rows if r.type != SQL_TABLE_STAT]
    expect(indexed in ([], ["Id"]), f"SQLStatistics index columns {indexed}")


@check("catalog_special_columns")
def _():
    rows = conn.cursor().rowIdColumns("Customers", schema="Stripe").fetchall()
    expect([r.column_name for r in rows] in ([], ["Id"]), f"SQLSpecialColumns {rows}")
    # SQLGetTypeInfo (sp_datatype_info_100) must describe every type the Stripe tables use.
    types = {r.type_name for r in conn.cursor().getTypeInfo().fetchall()}
    used = {r[0] for r in conn.cursor().execute(
        "SELECT DISTINCT DATA_TYPE FROM INFORMATION_SCHEMA.COLUMNS WHERE TABLE_SCHEMA = 'Stripe'")}
    expect({"nvarchar", "bigint", "bit", "datetime"} <= used, f"types in use {used}")
    expect(used <= types, f"SQLGetTypeInfo lacks {used - types}")


@check("probes")
def _():
    eq(conn.getinfo(pyodbc.SQL_DBMS_NAME), "Microsoft SQL Server", "SQL_DBMS_NAME")
    version = conn.getinfo(pyodbc.SQL_DBMS_VER)
    expect(int(version.split(".")[0]) >= 11, f"SQL_DBMS_VER {version}")
    eq(conn.getinfo(pyodbc.SQL_DATABASE_NAME), DATABASE, "SQL_DATABASE_NAME")
    row = conn.cursor().execute("SELECT @@VERSION, @@SPID, DB_NAME(), SUSER_SNAME()").fetchone()
    expect(row[0].startswith("Microsoft SQL Server"), f"@@VERSION {row[0]!r}")
    expect(row[1] > 0, f"@@SPID {row[1]}")
    eq((row[2], row[3]), (DATABASE, USER), "DB_NAME(), SUSER_SNAME()")


@check("transactions")
def _():
    # pyodbc's default autocommit=False makes FreeTDS send TM_BEGIN_XACT; commit/rollback are TM
    # requests the server answers with ENVCHANGE 8/9/10.
    expect(not conn.autocommit, "pyodbc defaults to autocommit off")
    eq(scalar(conn, "SELECT @@TRANCOUNT"), 1, "@@TRANCOUNT inside the transaction")
    conn.commit()
    conn.rollback()
    eq(scalar(conn, COUNT_SQL), EXPECT_COUNT, "count after rollback")
    conn.autocommit = True
    eq(scalar(conn, "SELECT @@TRANCOUNT"), 0, "@@TRANCOUNT with autocommit")
    conn.autocommit = False


@check("error")
def _():
    try:
        conn.cursor().execute("SELECT * FROM Stripe.Nope")
        raise AssertionError("unknown table did not fail")
    except pyodbc.ProgrammingError as exc:
        state, message = exc.args
        eq(state, "42S02", "SQLSTATE")
        expect("Invalid object name 'Stripe.Nope'" in message and "(208)" in message, message)
    eq(scalar(conn, "SELECT 40 + 2"), 42, "session works after the error")


@check("wrong_password")
def _():
    try:
        connect(password=WRONG_PASSWORD).close()
        raise AssertionError("a wrong password logged in")
    except pyodbc.Error as exc:
        state, message = exc.args
        # FreeTDS maps 18456 to 28000 only once it knows the server is MSSQL (from LOGINACK,
        # which a failed login never gets), so against SQL Server too it reports 42000.
        expect(state in ("42000", "28000"), f"SQLSTATE {state}")
        expect("Login failed" in message and "(18456)" in message, message)


@check("reconnect")
def _():
    conn.close()
    c = connect()
    eq(scalar(c, COUNT_SQL), EXPECT_COUNT, "count after reconnect")
    eq(scalar(c, "SELECT TOP 1 Id FROM Stripe.Customers ORDER BY Created DESC"),
       EXPECT_TOP3[0], "newest id after reconnect")
    c.close()


finish()
