"""unixODBC `isql` with the FreeTDS ODBC driver against vtds, driven through DSNs in private ini
files: TLS, queries (SQLPrepare/SQLExecute and, with -e, SQLExecDirect), text rendering of every
type, `help` (SQLTables) and `help <table>` (SQLColumns), errors, a wrong password, reconnect."""

import json
import subprocess

from common import (
    COUNT_SQL, DATABASE, EXPECT_COUNT, EXPECT_CUSTOMER, EXPECT_TOP3, PASSWORD, TOP3_SQL,
    TYPES_SQL, USER, WRONG_PASSWORD, check, created_utc, eq, expect, finish, odbc_env,
)

odbc_env()


def isql(lines, dsn="vtds", password=PASSWORD, options=()):
    """Runs `lines` (one statement each) in one isql session; returns (exit code, stdout lines).
    `-d|` separates columns with `|` and `-c` prints the column names first."""
    script = "".join(f"{line}\n" for line in lines) + "\n"
    out = subprocess.run(
        ["isql", dsn, USER, password, "-b", "-v", "-d|", "-c", *options],
        input=script, capture_output=True, text=True, timeout=120,
    )
    return out.returncode, [line for line in out.stdout.splitlines() if line.strip()]


def table(lines, first_column):
    """The rows (split on `|`) of the result set whose header starts with `first_column`."""
    for i, line in enumerate(lines):
        if line.split("|")[0] == first_column:
            rows = []
            for row in lines[i + 1:]:
                if row.startswith("["):
                    break
                rows.append(row.split("|"))
            return line.split("|"), rows
    raise AssertionError(f"no result set starting with {first_column}: {lines}")


@check("connect")
def _():
    rc, out = isql(["SELECT 1 AS one"])
    eq((rc, out), (0, ["one", "1"]), "SELECT 1")


@check("connect_tls")
def _():
    # The DSN says `Encryption = require`; FreeTDS checks no certificate without a CA file.
    rc, out = isql([f"{COUNT_SQL.replace('COUNT(*)', 'COUNT(*) AS n')}"], dsn="vtds_tls")
    eq((rc, out), (0, ["n", str(EXPECT_COUNT)]), "count over TLS")


@check("count")
def _():
    rc, out = isql([COUNT_SQL.replace("COUNT(*)", "COUNT(*) AS n")])
    eq((rc, out), (0, ["n", str(EXPECT_COUNT)]), "count")


@check("top3")
def _():
    rc, out = isql([TOP3_SQL])
    eq(rc, 0, f"exit code ({out})")
    header, rows = table(out, "Id")
    eq(header, ["Id", "Email"], "header")
    eq([r[0] for r in rows], EXPECT_TOP3, "newest ids")
    eq(rows[0][1], EXPECT_CUSTOMER["email"], "newest email")


@check("types")
def _():
    cust = EXPECT_CUSTOMER
    rc, out = isql([TYPES_SQL.format(id=cust["id"])], options=["-3"])
    eq(rc, 0, f"exit code ({out})")
    header, rows = table(out, "Id")
    eq(len(rows), 1, f"rows {rows}")
    row = dict(zip(header, rows[0]))
    eq(json.loads(row.pop("Metadata", "null")), cust["metadata"], "Metadata (NVARCHAR(MAX))")
    want = {
        "Id": cust["id"],
        "Balance": str(cust["balance"]),
        "Delinquent": "1" if cust["delinquent"] else "0",
        "Created": created_utc().strftime("%Y-%m-%d %H:%M:%S.000"),
        "Dt2": "2024-01-02 03:04:05.123456",
        "Nothing": "",
        "Dec": "12.34",
        "Flt": "0.5",
    }
    eq(row, want, "rendered row")


@check("exec_direct")
def _():
    # -e: SQLExecDirect (a plain SQL batch) instead of SQLPrepare + SQLExecute.
    rc, out = isql([COUNT_SQL.replace("COUNT(*)", "COUNT(*) AS n"), TOP3_SQL], options=["-e"])
    eq(rc, 0, f"exit code ({out})")
    eq(out[:2], ["n", str(EXPECT_COUNT)], "count")
    eq([r[0] for r in table(out, "Id")[1]], EXPECT_TOP3, "newest ids")


@check("catalog_tables")
def _():
    rc, out = isql(["help"], options=["-3"])
    eq(rc, 0, f"exit code ({out[:5]})")
    header, rows = table(out, "TABLE_CAT")
    eq(header[:4], ["TABLE_CAT", "TABLE_SCHEM", "TABLE_NAME", "TABLE_TYPE"], "SQLTables header")
    found = {tuple(r[:4]) for r in rows}
    for name in ("Customers", "Charges"):
        expect((DATABASE, "Stripe", name, "TABLE") in found, f"SQLTables lacks {name}")


@check("catalog_columns")
def _():
    rc, out = isql(["help Customers"], options=["-3"])
    eq(rc, 0, f"exit code ({out[:5]})")
    header, rows = table(out, "TABLE_CAT")
    col = {name: i for i, name in enumerate(header)}
    got = {r[col["COLUMN_NAME"]]: (r[col["TYPE_NAME"]], r[col["DATA_TYPE"]]) for r in rows}
    want = {"Id": ("nvarchar", "-9"), "Balance": ("bigint", "-5"),
            "Delinquent": ("bit", "-7"), "Created": ("datetime", "93")}
    eq({k: got.get(k) for k in want}, want, "SQLColumns (ODBC 3)")
    eq(rows[0][col["IS_NULLABLE"]], "NO", "Id is not nullable")


@check("error")
def _():
    rc, out = isql(["SELECT * FROM Stripe.Nope", "SELECT 40 + 2 AS answer"], options=["-3"])
    # FreeTDS derives SQLSTATE 42S02 from error number 208.
    expect("[42S02][FreeTDS][SQL Server]Invalid object name 'Stripe.Nope'." in out, f"{out}")
    eq(out[-2:], ["answer", "42"], "the session goes on after the error")


@check("wrong_password")
def _():
    rc, out = isql(["SELECT 1"], password=WRONG_PASSWORD)
    expect(rc != 0, "isql succeeded with a wrong password")
    expect(any("Login failed for user 'demo@example.com'." in line for line in out), f"{out}")


@check("reconnect")
def _():
    for _attempt in range(2):
        rc, out = isql(["SELECT TOP 1 Id FROM Stripe.Customers ORDER BY Created DESC"])
        eq((rc, out), (0, ["Id", EXPECT_TOP3[0]]), "newest id in a new session")


finish()
