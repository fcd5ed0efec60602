"""python-tds (pytds, pure Python TDS 7.4) against vtds: plaintext and TLS, queries, sp_executesql
parameters, catalog procedures called as RPCs by name, TM transaction requests, errors, reconnect."""

import decimal
import os

import OpenSSL.SSL
import OpenSSL.crypto
import pytds
import pytds.tls

from common import (
    COUNT_SQL, DATABASE, EXPECT_COUNT, EXPECT_CUSTOMER, EXPECT_TOP3, HOST, PASSWORD, PORT,
    TOP3_SQL, TYPES_SQL, USER, WRONG_PASSWORD, catalog_columns_wanted, check, check_top3,
    check_types_row, created_utc, eq, expect, finish, temp_dir,
)


def connect(password=PASSWORD, **kw):
    return pytds.connect(
        HOST, DATABASE, USER, password, port=PORT, login_timeout=15, timeout=60, **kw
    )


def scalar(conn, sql, params=None):
    with conn.cursor() as cur:
        cur.execute(sql, params)
        return cur.fetchone()[0]


def fetch_server_certificate():
    """pytds only does TLS against a CA file, and the demo's certificate is self-signed: fetch it
    once through pytds' own handshake with a context that records the peer certificate (trust on
    first use), then the real TLS connections verify against it like a pinned CA."""
    seen = []

    def recording_context(_cafile):
        ctx = OpenSSL.SSL.Context(OpenSSL.SSL.TLSv1_2_METHOD)

        def record(_conn, cert, _err, depth, _ok):
            if depth == 0:
                seen.append(OpenSSL.crypto.dump_certificate(OpenSSL.crypto.FILETYPE_PEM, cert))
            return True

        ctx.set_verify(OpenSSL.SSL.VERIFY_PEER, record)
        return ctx

    original = pytds.tls.create_context
    pytds.tls.create_context = recording_context
    try:
        connect(cafile="unused", validate_host=False).close()
    finally:
        pytds.tls.create_context = original
    expect(seen, "the server presented no certificate")
    path = os.path.join(temp_dir(), "server.pem")
    with open(path, "wb") as f:
        f.write(seen[0])
    return path


@check("connect")
def conn():
    c = connect()
    eq(scalar(c, "SELECT 1"), 1, "SELECT 1")
    return c


@check("connect_tls")
def _():
    cafile = fetch_server_certificate()
    with connect(cafile=cafile, validate_host=False) as c:
        eq(scalar(c, COUNT_SQL), EXPECT_COUNT, "count over TLS")
    # Full verification: the pinned certificate and its host name (pytds matches DNS names only,
    # and the generated certificate names localhost).
    with pytds.connect("localhost", DATABASE, USER, PASSWORD, port=PORT, login_timeout=15,
                       cafile=cafile, validate_host=True) as c:
        eq(scalar(c, "SELECT DB_NAME()"), DATABASE, "DB_NAME() over verified TLS")
    # Login-only TLS (pytds enc_login_only): only LOGIN7 is encrypted, the rest is plaintext.
    with connect(cafile=cafile, validate_host=False, enc_login_only=True) as c:
        eq(scalar(c, COUNT_SQL), EXPECT_COUNT, "count over login-only TLS")


@check("count")
def _():
    eq(scalar(conn, COUNT_SQL), EXPECT_COUNT, "customer count")


@check("top3")
def _():
    with conn.cursor() as cur:
        cur.execute(TOP3_SQL)
        check_top3(cur.fetchall())
        eq([d[0] for d in cur.description], ["Id", "Email"], "column names")


@check("types")
def _():
    with conn.cursor() as cur:
        cur.execute(TYPES_SQL.format(id=EXPECT_CUSTOMER["id"]))
        check_types_row(cur.fetchone())


@check("params")
def _():
    cust = EXPECT_CUSTOMER
    with conn.cursor() as cur:
        cur.execute("SELECT Id, Email FROM Stripe.Customers WHERE Id = %s", (cust["id"],))
        eq(cur.fetchall(), [(cust["id"], cust["email"])], "string parameter")
        cur.execute(
            "SELECT COUNT(*) FROM Stripe.Customers WHERE Id = %(id)s AND Balance = %(balance)s",
            {"id": cust["id"], "balance": cust["balance"]},
        )
        eq(cur.fetchone()[0], 1, "named string + int parameters")
        cur.execute("SELECT %s + 1, CASE WHEN %s IS NULL THEN 'null' ELSE 'set' END", (41, None))
        eq(tuple(cur.fetchone()), (42, "null"), "int and NULL parameters")
        cur.execute("SELECT COUNT(*) FROM Stripe.Customers WHERE Id = %s", (None,))
        eq(cur.fetchone()[0], 0, "Id = NULL matches nothing")
        cur.execute("SELECT COUNT(*) FROM Stripe.Customers WHERE Created <= %s", (created_utc(),))
        eq(cur.fetchone()[0], EXPECT_COUNT, "datetime2 parameter: Created <= newest")
        cur.execute("SELECT %s, %s, %s", (decimal.Decimal("1.5"), 2.25, pytds.Binary(b"\x01\x02")))
        eq(tuple(cur.fetchone()), (decimal.Decimal("1.5"), 2.25, b"\x01\x02"),
           "decimal, float and varbinary parameters")


@check("catalog")
def _():
    with conn.cursor() as cur:
        cur.callproc("sp_tables", {"@table_name": "Customers", "@table_owner": "Stripe"})
        rows = [tuple(r[:4]) for r in cur.fetchall()]
        eq(rows, [(DATABASE, "Stripe", "Customers", "TABLE")], "sp_tables")
        cur.callproc("sp_columns", {"@table_name": "Customers", "@table_owner": "Stripe"})
        names = [d[0] for d in cur.description]
        got = {r[names.index("COLUMN_NAME")]: r[names.index("TYPE_NAME")] for r in cur.fetchall()}
        for column, type_name in catalog_columns_wanted().items():
            eq(got.get(column), type_name, f"sp_columns {column}")
        cur.callproc("sp_pkeys", {"@table_name": "Customers", "@table_owner": "Stripe"})
        names = [d[0] for d in cur.description]
        eq([r[names.index("COLUMN_NAME")] for r in cur.fetchall()], ["Id"], "sp_pkeys")
        eq(cur.get_proc_return_status(), 0, "sp_pkeys return status")


@check("probes")
def _():
    expect(conn.tds_version >= pytds.tds_base.TDS73, f"tds_version {conn.tds_version:#x}")
    expect(conn.product_version >> 24 >= 11, f"product_version {conn.product_version:#x}")
    eq(conn._tds_socket.product_name, "Microsoft SQL Server", "LOGINACK program name")
    with conn.cursor() as cur:
        cur.execute("SELECT @@VERSION, @@SPID, DB_NAME(), SUSER_SNAME()")
        version, spid, db, login = cur.fetchone()
        expect(version.startswith("Microsoft SQL Server"), f"@@VERSION {version!r}")
        expect(spid > 0, f"@@SPID {spid}")
        # pytds 1.17's cursor.spid stays 0; the SPID it reads from packet headers is internal.
        header_spid = conn._tds_socket.main_session._reader._spid
        eq(header_spid, spid, "SPID in the packet headers equals @@SPID")
        eq((db, login), (DATABASE, USER), "DB_NAME(), SUSER_SNAME()")


@check("transactions")
def _():
    # autocommit=False (pytds' default) sends TM_BEGIN_XACT before the first query; commit and
    # rollback are TM requests that the server must answer with ENVCHANGE 8/9/10.
    expect(not conn.autocommit, "pytds defaults to autocommit off")
    conn.commit()
    eq(scalar(conn, "SELECT @@TRANCOUNT"), 1, "@@TRANCOUNT inside the implicit transaction")
    conn.rollback()
    eq(scalar(conn, COUNT_SQL), EXPECT_COUNT, "count after rollback")
    conn.autocommit = True
    eq(scalar(conn, "SELECT @@TRANCOUNT"), 0, "@@TRANCOUNT with autocommit")
    conn.autocommit = False


@check("error")
def _():
    with conn.cursor() as cur:
        try:
            cur.execute("SELECT * FROM Stripe.Nope")
            raise AssertionError("unknown table did not fail")
        except pytds.ProgrammingError as exc:
            eq(exc.msg_no, 208, "error number")
            expect("Invalid object name 'Stripe.Nope'" in str(exc), str(exc))
    eq(scalar(conn, "SELECT 40 + 2"), 42, "session works after the error")


@check("wrong_password")
def _():
    try:
        connect(password=WRONG_PASSWORD).close()
        raise AssertionError("a wrong password logged in")
    except pytds.OperationalError as exc:
        eq(exc.msg_no, 18456, "error number")
        expect("Login failed" in str(exc), str(exc))


@check("reconnect")
def _():
    conn.close()
    with connect() as c:
        eq(scalar(c, COUNT_SQL), EXPECT_COUNT, "count after reconnect")
        eq(scalar(c, "SELECT TOP 1 Id FROM Stripe.Customers ORDER BY Created DESC"),
           EXPECT_TOP3[0], "newest id after reconnect")


finish()
