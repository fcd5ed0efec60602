"""pymssql (Cython over its bundled FreeTDS DB-Library) against vtds: plaintext and TLS, queries,
client-side interpolated parameters, catalog procedures as DB-Library RPCs, text transactions,
errors, reconnect."""

import pymssql

from common import (
    COUNT_SQL, DATABASE, EXPECT_COUNT, EXPECT_CUSTOMER, EXPECT_TOP3, HOST, PASSWORD, PORT,
    TOP3_SQL, TYPES_SQL, USER, WRONG_PASSWORD, catalog_columns_wanted, check, check_top3,
    check_types_row, created_utc, eq, expect, finish,
)


def connect(password=PASSWORD, **kw):
    return pymssql.connect(
        server=HOST, port=str(PORT), user=USER, password=password, database=DATABASE,
        tds_version="7.4", login_timeout=15, timeout=60, **kw,
    )


def scalar(conn, sql, params=None):
    cur = conn.cursor()
    cur.execute(sql, params)
    return cur.fetchone()[0]


def error_of(exc):
    """pymssql errors carry (number, message bytes) as their arguments (query errors) or as
    their first argument (login errors)."""
    number, message = exc.args if len(exc.args) == 2 else exc.args[0]
    return number, message.decode() if isinstance(message, bytes) else message


@check("connect")
def conn():
    c = connect()
    eq(scalar(c, "SELECT 1"), 1, "SELECT 1")
    return c


@check("connect_tls")
def _():
    # FreeTDS verifies no certificate unless given a CA file, so `require` trusts the demo's.
    for level in ("require", "request"):
        c = connect(encryption=level)
        eq(scalar(c, COUNT_SQL), EXPECT_COUNT, f"count with encryption={level}")
        c.close()


@check("count")
def _():
    eq(scalar(conn, COUNT_SQL), EXPECT_COUNT, "customer count")


@check("top3")
def _():
    cur = conn.cursor()
    cur.execute(TOP3_SQL)
    check_top3(cur.fetchall())
    eq([d[0] for d in cur.description], ["Id", "Email"], "column names")


@check("types")
def _():
    cur = conn.cursor()
    cur.execute(TYPES_SQL.format(id=EXPECT_CUSTOMER["id"]))
    check_types_row(cur.fetchone())


@check("params")
def _():
    cust = EXPECT_CUSTOMER
    cur = conn.cursor()
    cur.execute("SELECT Id, Email FROM Stripe.Customers WHERE Id = %s", (cust["id"],))
    eq(cur.fetchall(), [(cust["id"], cust["email"])], "string parameter")
    cur.execute(
        "SELECT COUNT(*) FROM Stripe.Customers WHERE Id = %(id)s AND Balance = %(balance)d",
        {"id": cust["id"], "balance": cust["balance"]},
    )
    eq(cur.fetchone()[0], 1, "named string + int parameters")
    cur.execute("SELECT %d + 1, CASE WHEN %s IS NULL THEN 'null' ELSE 'set' END", (41, None))
    eq(tuple(cur.fetchone()), (42, "null"), "int and NULL parameters")
    # Datetimes are interpolated as 'YYYY-MM-DD HH:MM:SS.mmm' literals compared with DATETIME.
    cur.execute("SELECT COUNT(*) FROM Stripe.Customers WHERE Created <= %s", (created_utc(),))
    eq(cur.fetchone()[0], EXPECT_COUNT, "datetime parameter: Created <= newest")
    cur.execute("SELECT COUNT(*) FROM Stripe.Customers WHERE Created > %s", (created_utc(),))
    eq(cur.fetchone()[0], 0, "datetime parameter: Created > newest")


@check("catalog")
def _():
    cur = conn.cursor()
    cur.callproc("sp_tables", ("Customers", "Stripe"))
    rows = [tuple(r[:4]) for r in cur.fetchall()]
    eq(rows, [(DATABASE, "Stripe", "Customers", "TABLE")], "sp_tables")
    cur.callproc("sp_columns", ("Customers", "Stripe"))
    names = [d[0] for d in cur.description]
    got = {r[names.index("COLUMN_NAME")]: r[names.index("TYPE_NAME")] for r in cur.fetchall()}
    for column, type_name in catalog_columns_wanted().items():
        eq(got.get(column), type_name, f"sp_columns {column}")
    cur.callproc("sp_pkeys", ("Customers", "Stripe"))
    names = [d[0] for d in cur.description]
    eq([r[names.index("COLUMN_NAME")] for r in cur.fetchall()], ["Id"], "sp_pkeys")
    # The same procedures as EXEC text (what pymssql users usually write).
    cur.execute("EXEC sp_tables @table_name = %s, @table_owner = %s", ("Charges", "Stripe"))
    eq([tuple(r[1:4]) for r in cur.fetchall()], [("Stripe", "Charges", "TABLE")], "EXEC sp_tables")


@check("probes")
def _():
    # pymssql sends its SET ARITHABORT/ANSI_*/TEXTSIZE batch and `use [db]` at connect and BEGIN
    # TRAN for autocommit off; the connection only exists if all of them succeeded.
    expect(conn._conn.tds_version >= 7.3, f"tds_version {conn._conn.tds_version}")
    cur = conn.cursor()
    cur.execute("SELECT @@VERSION, @@SPID, DB_NAME(), SUSER_SNAME()")
    version, spid, db, login = cur.fetchone()
    expect(version.startswith("Microsoft SQL Server"), f"@@VERSION {version!r}")
    expect(spid > 0, f"@@SPID {spid}")
    eq((db, login), (DATABASE, USER), "DB_NAME(), SUSER_SNAME()")


@check("transactions")
def _():
    # autocommit=False (the default) makes pymssql send BEGIN TRAN, and COMMIT/ROLLBACK TRAN
    # followed by a new BEGIN TRAN as text.
    eq(scalar(conn, "SELECT @@TRANCOUNT"), 1, "@@TRANCOUNT after connect")
    conn.commit()
    eq(scalar(conn, "SELECT @@TRANCOUNT"), 1, "@@TRANCOUNT after commit")
    conn.rollback()
    eq(scalar(conn, COUNT_SQL), EXPECT_COUNT, "count after rollback")
    conn.autocommit(True)
    eq(scalar(conn, "SELECT @@TRANCOUNT"), 0, "@@TRANCOUNT with autocommit")
    conn.autocommit(False)


@check("error")
def _():
    cur = conn.cursor()
    try:
        cur.execute("SELECT * FROM Stripe.Nope")
        raise AssertionError("unknown table did not fail")
    except pymssql.ProgrammingError as exc:
        number, message = error_of(exc)
        eq(number, 208, "error number")
        expect("Invalid object name 'Stripe.Nope'" in message, message)
    eq(scalar(conn, "SELECT 40 + 2"), 42, "session works after the error")


@check("wrong_password")
def _():
    try:
        connect(password=WRONG_PASSWORD).close()
        raise AssertionError("a wrong password logged in")
    except pymssql.OperationalError as exc:
        number, message = error_of(exc)
        eq(number, 18456, "error number")
        expect("Login failed" in message, message)


@check("reconnect")
def _():
    conn.close()
    c = connect()
    eq(scalar(c, COUNT_SQL), EXPECT_COUNT, "count after reconnect")
    eq(scalar(c, "SELECT TOP 1 Id FROM Stripe.Customers ORDER BY Created DESC"),
       EXPECT_TOP3[0], "newest id after reconnect")
    c.close()


finish()
