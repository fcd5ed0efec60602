"""Shared plumbing for the Python/ODBC client suites (see tests/support/clients.rs for the contract).

Each suite reads where to connect from VTDS_HOST/PORT/USER/PASSWORD/DATABASE and what to expect from
VTDS_EXPECT_COUNT (the simulator's customer count), VTDS_EXPECT_TOP3 (its three newest customer ids,
comma-separated) and VTDS_EXPECT_CUSTOMER (the newest customer's JSON), prints `ok <check>` or
`FAIL <check>: <why>` per check and exits non-zero when any check failed.
"""

import datetime
import decimal
import json
import os
import sys
import tempfile
import traceback

HOST = os.environ["VTDS_HOST"]
PORT = int(os.environ["VTDS_PORT"])
USER = os.environ["VTDS_USER"]
PASSWORD = os.environ["VTDS_PASSWORD"]
DATABASE = os.environ["VTDS_DATABASE"]
EXPECT_COUNT = int(os.environ["VTDS_EXPECT_COUNT"])
EXPECT_TOP3 = os.environ["VTDS_EXPECT_TOP3"].split(",")
EXPECT_CUSTOMER = json.loads(os.environ["VTDS_EXPECT_CUSTOMER"])
WRONG_PASSWORD = "vtds_wrong_token_000000000"

COUNT_SQL = "SELECT COUNT(*) FROM Stripe.Customers"
TOP3_SQL = "SELECT TOP 3 Id, Email FROM Stripe.Customers ORDER BY Created DESC"
# One row with every type a BI tool meets: NVARCHAR, BIGINT, BIT, DATETIME (Stripe timestamps),
# DATETIME2, NVARCHAR(MAX) (JSON), a NULL, DECIMAL and FLOAT (computed so their values are exact).
TYPES_SQL = (
    "SELECT Id, Balance, Delinquent, Created, "
    "CAST('2024-01-02 03:04:05.123456' AS DATETIME2) AS Dt2, Metadata, "
    "CAST(NULL AS NVARCHAR(10)) AS Nothing, CAST(12.34 AS DECIMAL(10,2)) AS Dec, "
    "CAST(0.5 AS FLOAT) AS Flt "
    "FROM Stripe.Customers WHERE Id = '{id}'"
)

DT2 = datetime.datetime(2024, 1, 2, 3, 4, 5, 123456)

_failed = []


def check(name):
    """Decorator: runs the function now as check `name`, printing ok/FAIL; returns its result."""

    def run(fn):
        try:
            result = fn()
        except Exception as exc:  # noqa: BLE001 - every failure is reported, not raised
            _failed.append(name)
            detail = traceback.format_exc(limit=3).strip().replace("\n", " | ")
            print(f"FAIL {name}: {exc!r} [{detail}]", flush=True)
            return None
        print(f"ok {name}", flush=True)
        return result

    return run


def finish():
    """Exits non-zero if any check failed."""
    if _failed:
        print(f"{len(_failed)} check(s) failed: {', '.join(_failed)}", flush=True)
        sys.exit(1)


def eq(got, want, what=""):
    if got != want:
        raise AssertionError(f"{what}: got {got!r}, want {want!r}")


def expect(cond, why):
    if not cond:
        raise AssertionError(why)


def created_utc():
    """The expected customer's Created as a naive UTC datetime (DATETIME2 carries no zone)."""
    ts = EXPECT_CUSTOMER["created"]
    return datetime.datetime.fromtimestamp(ts, datetime.timezone.utc).replace(tzinfo=None)


def check_types_row(row, bit_type=bool):
    """Checks the TYPES_SQL row for the expected customer, value and Python type each."""
    cust = EXPECT_CUSTOMER
    expect(row is not None, "no row for the expected customer")
    ident, balance, delinquent, created, created2, metadata, nothing, dec, flt = row
    eq(ident, cust["id"], "Id")
    eq((type(balance), balance), (int, cust["balance"]), "Balance (BIGINT)")
    eq(type(delinquent), bit_type, "Delinquent (BIT) type")
    eq(bool(delinquent), bool(cust["delinquent"]), "Delinquent (BIT)")
    eq(type(created), datetime.datetime, "Created (DATETIME) type")
    eq(created, created_utc(), "Created (DATETIME)")
    eq(type(created2), datetime.datetime, "DATETIME2 type")
    eq(created2, DT2, "DATETIME2")
    eq(type(metadata), str, "Metadata (NVARCHAR(MAX)) type")
    eq(json.loads(metadata), cust["metadata"], "Metadata (NVARCHAR(MAX))")
    eq(nothing, None, "NULL")
    eq((type(dec), dec), (decimal.Decimal, decimal.Decimal("12.34")), "DECIMAL(10,2)")
    eq((type(flt), flt), (float, 0.5), "FLOAT")


def check_top3(rows):
    eq([r[0] for r in rows], EXPECT_TOP3, "newest ids")
    expect(all(isinstance(r[1], (str, type(None))) for r in rows), f"emails: {rows!r}")


def catalog_columns_wanted():
    """Customers columns every catalog listing must show, with their SQL Server type names."""
    return {"Id": "nvarchar", "Balance": "bigint", "Delinquent": "bit", "Created": "datetime"}


def temp_dir():
    """A private temporary directory removed at exit (ODBC/FreeTDS configuration files)."""
    d = tempfile.TemporaryDirectory(prefix="vtds-py-")
    _keep.append(d)
    return d.name


_keep = []


def odbc_env():
    """Registers the FreeTDS ODBC driver and a `vtds` DSN in private ini files (never /etc) and
    points unixODBC and FreeTDS at them; returns the driver name to use in connection strings."""
    driver = find_tdsodbc()
    d = temp_dir()
    with open(os.path.join(d, "odbcinst.ini"), "w") as f:
        f.write(f"[VtdsFreeTDS]\nDescription = FreeTDS\nDriver = {driver}\nUsageCount = 1\n")
    with open(os.path.join(d, "odbc.ini"), "w") as f:
        f.write(
            f"[vtds]\nDriver = VtdsFreeTDS\nServer = {HOST}\nPort = {PORT}\n"
            f"Database = {DATABASE}\nTDS_Version = 7.4\n"
            f"[vtds_tls]\nDriver = VtdsFreeTDS\nServer = {HOST}\nPort = {PORT}\n"
            f"Database = {DATABASE}\nTDS_Version = 7.4\nEncryption = require\n"
        )
    # An empty freetds.conf so the machine's own settings cannot change what is tested.
    with open(os.path.join(d, "freetds.conf"), "w") as f:
        f.write("[global]\n")
    os.environ["ODBCSYSINI"] = d
    os.environ["ODBCINSTINI"] = "odbcinst.ini"
    os.environ["ODBCINI"] = os.path.join(d, "odbc.ini")
    os.environ["FREETDSCONF"] = os.path.join(d, "freetds.conf")
    return "VtdsFreeTDS"


def find_tdsodbc():
    """The FreeTDS ODBC driver library installed by Debian's tdsodbc package."""
    candidates = [
        "/usr/lib/x86_64-linux-gnu/odbc/libtdsodbc.so",
        "/usr/lib/aarch64-linux-gnu/odbc/libtdsodbc.so",
    ]
    for path in candidates:
        if os.path.exists(path):
            return path
    import glob

    found = glob.glob("/usr/lib/*/odbc/libtdsodbc.so")
    if not found:
        print("FAIL setup: libtdsodbc.so not found: run ./scripts/test.sh (installs tdsodbc)")
        sys.exit(1)
    return found[0]
