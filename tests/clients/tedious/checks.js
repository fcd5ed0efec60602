'use strict';
// The data checks of the tedious suite: value types, parameters, prepare/execute, column
// metadata and the catalogue procedures, each compared with the simulator's customer.

const { Request, TYPES } = require('tedious');
const { assert, env, request, values } = require('./lib');

const customer = () => ({
  id: env('VTDS_EXPECT_ID'),
  email: env('VTDS_EXPECT_EMAIL'),
  name: env('VTDS_EXPECT_NAME'),
  balance: Number(env('VTDS_EXPECT_BALANCE')),
  delinquent: env('VTDS_EXPECT_DELINQUENT') === 'true',
  created: new Date(Number(env('VTDS_EXPECT_CREATED')) * 1000),
  metadata: JSON.parse(env('VTDS_EXPECT_METADATA')),
});

const CUSTOMER_COLUMNS = `SELECT Id, Email, Name, Balance, Delinquent, Created,
  CAST(Created AS DATETIME2) AS Created2, CAST(Balance AS FLOAT) AS BalanceF,
  CAST(Balance AS DECIMAL(19,2)) AS BalanceD, InvoiceSettingsFooter, Metadata
  FROM Stripe.Customers WHERE Id = @id`;

/** One customer row with NULL, BIT, BIGINT, DATETIME(2), FLOAT, DECIMAL and NVARCHAR(MAX). */
async function typesCheck(conn) {
  const c = customer();
  const rows = await values(conn, CUSTOMER_COLUMNS, [['id', TYPES.NVarChar, c.id]]);
  assert.equal(rows.length, 1);
  const [id, email, name, balance, delinquent, created, created2, balanceF, balanceD, footer, metadata] =
    rows[0];
  assert.deepEqual([id, email, name], [c.id, c.email, c.name]);
  // tedious returns BIGINT as a string (it may exceed 2^53).
  assert.equal(balance, String(c.balance));
  assert.equal(delinquent, c.delinquent);
  assert.ok(created instanceof Date && created2 instanceof Date, `${created} ${created2}`);
  assert.equal(created.getTime(), c.created.getTime());
  assert.equal(created2.getTime(), c.created.getTime());
  assert.equal(balanceF, c.balance);
  assert.equal(balanceD, c.balance);
  assert.equal(footer, null);
  assert.deepEqual(JSON.parse(metadata), c.metadata);
}

/** Request parameters (sp_executesql) of the common tedious types, NULL included. */
async function paramsCheck(conn) {
  const c = customer();
  const cases = [
    ['SELECT Email FROM Stripe.Customers WHERE Id = @id', [['id', TYPES.NVarChar, c.id]], c.email],
    ['SELECT @n + 1', [['n', TYPES.Int, 41]], 42],
    ['SELECT @n * 2', [['n', TYPES.BigInt, 2 ** 40]], String(2 ** 41)],
    ['SELECT @b', [['b', TYPES.Bit, true]], true],
    ['SELECT @b', [['b', TYPES.Bit, false]], false],
    ['SELECT @f / 2', [['f', TYPES.Float, 5]], 2.5],
    ["SELECT @s + N'-' + @t", [['s', TYPES.NVarChar, 'Grüße'], ['t', TYPES.NVarChar, '𝄞']], 'Grüße-𝄞'],
    ["SELECT COALESCE(@x, N'none')", [['x', TYPES.NVarChar, null]], 'none'],
    ['SELECT @i', [['i', TYPES.Int, null]], null],
    [
      'SELECT Id FROM Stripe.Customers WHERE Id = @id AND Delinquent = @d AND Created = @at',
      [
        ['id', TYPES.NVarChar, c.id],
        ['d', TYPES.Bit, c.delinquent],
        ['at', TYPES.DateTime2, c.created, { scale: 0 }],
      ],
      c.id,
    ],
  ];
  for (const [sql, params, want] of cases) {
    const rows = await values(conn, sql, params);
    assert.deepEqual(rows, [[want]], `${sql} ${JSON.stringify(params.map((p) => p[2]))}`);
  }
  const none = await values(conn, 'SELECT Id FROM Stripe.Customers WHERE Id = @id', [['id', TYPES.NVarChar, null]]);
  assert.deepEqual(none, [], 'Id = NULL matched rows');
  const [[at]] = await values(conn, 'SELECT @at', [['at', TYPES.DateTime2, c.created]]);
  assert.ok(at instanceof Date && at.getTime() === c.created.getTime(), `DateTime2 came back as ${at}`);
}

/** prepare() (sp_prepare), execute() (sp_execute) per id, then unprepare() (sp_unprepare). */
async function prepareCheck(conn) {
  let pending = null;
  let rows = [];
  const req = new Request('SELECT Id, Email FROM Stripe.Customers WHERE Id = @id', (err) => {
    const p = pending;
    pending = null;
    if (p) (err ? p.reject : p.resolve)(err);
  });
  req.addParameter('id', TYPES.NVarChar);
  req.on('row', (row) => rows.push(row.map((col) => col.value)));
  const step = (run) =>
    new Promise((resolve, reject) => {
      pending = { resolve, reject };
      run();
    });
  // tedious ends a prepare() with a 'prepared' (or 'error') event instead of the callback.
  await new Promise((resolve, reject) => {
    req.once('prepared', resolve);
    req.once('error', reject);
    conn.prepare(req);
  });
  assert.equal(typeof req.handle, 'number', `sp_prepare handle ${req.handle}`);
  for (const id of env('VTDS_EXPECT_TOP3').split(',')) {
    rows = [];
    await step(() => conn.execute(req, { id }));
    assert.equal(rows.length, 1, `execute(${id})`);
    assert.equal(rows[0][0], id);
  }
  rows = [];
  await step(() => conn.execute(req, { id: 'cus_nope' }));
  assert.equal(rows.length, 0);
  await step(() => conn.unprepare(req));
  // The connection still runs ordinary requests after unprepare().
  const c = customer();
  const after = await values(conn, 'SELECT Email FROM Stripe.Customers WHERE Id = @id', [
    ['id', TYPES.NVarChar, c.id],
  ]);
  assert.deepEqual(after, [[c.email]]);
}

/** COLMETADATA as tedious exposes it: type names, lengths, precision/scale, nullability. */
async function metadataCheck(conn) {
  const { columns } = await request(
    conn,
    `SELECT Id, Balance, Delinquent, Created, CAST(Balance AS DECIMAL(19,2)) AS D,
      CAST(Balance AS FLOAT) AS F, Metadata FROM Stripe.Customers WHERE Id = @id`,
    [['id', TYPES.NVarChar, customer().id]],
  );
  const got = columns.map((col) => {
    const out = { name: col.colName, type: col.type.name, nullable: (col.flags & 1) === 1 };
    if (col.type.name === 'NVarChar') out.dataLength = col.dataLength;
    if (col.type.name === 'DecimalN') Object.assign(out, { precision: col.precision, scale: col.scale });
    if (col.type.name === 'IntN' || col.type.name === 'FloatN') out.dataLength = col.dataLength;
    return out;
  });
  assert.deepEqual(got, [
    { name: 'Id', type: 'NVarChar', nullable: false, dataLength: 510 },
    { name: 'Balance', type: 'IntN', nullable: true, dataLength: 8 },
    { name: 'Delinquent', type: 'BitN', nullable: true },
    { name: 'Created', type: 'DateTimeN', nullable: true },
    { name: 'D', type: 'DecimalN', nullable: true, precision: 19, scale: 2 },
    { name: 'F', type: 'FloatN', nullable: true, dataLength: 8 },
    { name: 'Metadata', type: 'NVarChar', nullable: true, dataLength: 65535 },
  ]);
}

/** Calls a catalogue procedure by name over RPC (callProcedure) and returns its rows by column name. */
async function procedure(conn, name, params) {
  const { rows } = await request(
    conn,
    name,
    params.map(([n, v]) => [n, TYPES.NVarChar, v]),
    (c, r) => c.callProcedure(r),
  );
  return rows.map((row) => Object.fromEntries(row.map((col) => [col.metadata.colName, col.value])));
}

/** sp_tables, sp_columns and sp_pkeys, as tools built on tedious use them. */
async function catalogCheck(conn) {
  const db = env('VTDS_DATABASE');
  const tables = await procedure(conn, 'sp_tables', [['table_name', 'Customers'], ['table_owner', 'Stripe']]);
  assert.deepEqual(
    tables.map((t) => [t.TABLE_QUALIFIER, t.TABLE_OWNER, t.TABLE_NAME]),
    [[db, 'Stripe', 'Customers']],
  );
  const columns = await procedure(conn, 'sp_columns', [['table_name', 'Customers'], ['table_owner', 'Stripe']]);
  assert.equal(columns[0].COLUMN_NAME, 'Id');
  const byName = Object.fromEntries(columns.map((c) => [c.COLUMN_NAME, c.TYPE_NAME]));
  assert.deepEqual(
    [byName.Balance, byName.Created, byName.Delinquent, byName.Email],
    ['bigint', 'datetime', 'bit', 'nvarchar'],
  );
  const keys = await procedure(conn, 'sp_pkeys', [['table_name', 'Customers'], ['table_owner', 'Stripe']]);
  assert.deepEqual(keys.map((k) => [k.TABLE_NAME, k.COLUMN_NAME, k.KEY_SEQ]), [['Customers', 'Id', 1]]);
}

module.exports = { typesCheck, paramsCheck, prepareCheck, metadataCheck, catalogCheck };
