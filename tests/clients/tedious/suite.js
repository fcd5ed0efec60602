'use strict';
// The tedious (Node.js) client suite for vtds: run by tests/client_tedious.rs with the demo's
// address in VTDS_* and the simulator's expected values in VTDS_EXPECT_*.

const { TYPES } = require('tedious');
const { assert, env, config, connect, close, request, values, call, check, finish } = require('./lib');
const { typesCheck, paramsCheck, prepareCheck, metadataCheck, catalogCheck } = require('./checks');

const expectCount = String(env('VTDS_EXPECT_COUNT'));
const top3 = env('VTDS_EXPECT_TOP3').split(',');

async function countIs(conn) {
  const rows = await values(conn, 'SELECT COUNT(*) FROM Stripe.Customers');
  // String(): vtds types COUNT(*) as BIGINT (which tedious returns as a string), SQL Server as INT.
  assert.deepEqual(rows.map((r) => r.map(String)), [[expectCount]]);
}

async function main() {
  let conn;
  await check('connect', async () => {
    conn = await connect(config(false));
    assert.equal(conn.messageIo.tlsNegotiationComplete, false, 'encrypt:false negotiated TLS');
    assert.deepEqual(await values(conn, 'SELECT 40 + 2'), [[42]]);
  });
  if (!conn) return finish();

  await check('connect_tls', async () => {
    const tls = await connect(config(true));
    try {
      // tedious silently continues without TLS when the server says it has none: insist on it.
      assert.equal(tls.messageIo.tlsNegotiationComplete, true, 'no TLS negotiated');
      await countIs(tls);
    } finally {
      await close(tls);
    }
  });

  await check('initial_sql', async () => {
    // tedious's login batch (SET ANSI_NULLS ON, ..., SET TEXTSIZE 2147483647) must have applied.
    const rows = await values(conn, "SELECT DB_NAME(), SUSER_SNAME(), @@TEXTSIZE");
    assert.deepEqual(rows, [[env('VTDS_DATABASE'), env('VTDS_USER'), 2147483647]]);
  });

  await check('count', () => countIs(conn));

  await check('top3', async () => {
    const rows = await values(conn, 'SELECT TOP 3 Id, Email FROM Stripe.Customers ORDER BY Created DESC');
    assert.deepEqual(rows.map((r) => r[0]), top3);
  });

  await check('types', () => typesCheck(conn));
  await check('params', () => paramsCheck(conn));
  await check('prepare_execute', () => prepareCheck(conn));
  await check('metadata', () => metadataCheck(conn));
  await check('catalog', () => catalogCheck(conn));

  await check('transaction', async () => {
    await call(conn, 'beginTransaction');
    assert.deepEqual(await values(conn, 'SELECT @@TRANCOUNT'), [[1]]);
    await call(conn, 'commitTransaction');
    await call(conn, 'beginTransaction');
    await countIs(conn);
    await call(conn, 'rollbackTransaction');
    assert.deepEqual(await values(conn, 'SELECT @@TRANCOUNT'), [[0]]);
  });

  await check('reset', async () => {
    // reset() re-sends the login batch with the RESETCONNECTION status bit.
    await call(conn, 'reset');
    await countIs(conn);
  });

  await check('error_208', async () => {
    await assert.rejects(values(conn, 'SELECT * FROM Stripe.Nope'), (err) => {
      assert.equal(err.number, 208, err.message);
      assert.equal(err.message, "Invalid object name 'Stripe.Nope'.");
      return true;
    });
    await assert.rejects(
      values(conn, 'SELECT Id FROM Stripe.Nope WHERE Id = @id', [['id', TYPES.NVarChar, 'x']]),
      (err) => err.number === 208,
    );
    assert.deepEqual(await values(conn, 'SELECT 40 + 2'), [[42]]);
  });

  await check('wrong_password', async () => {
    await assert.rejects(connect(config(false, 'vtds_wrong_token_000000000')), (err) => {
      assert.equal(err.code, 'ELOGIN', err.message);
      assert.equal(err.message, `Login failed for user '${env('VTDS_USER')}'.`);
      assert.deepEqual(err.serverMessages.map((m) => m.number), [18456]);
      return true;
    });
  });

  await check('reconnect', async () => {
    await close(conn);
    conn = await connect(config(true));
    await countIs(conn);
    await close(conn);
  });
  finish();
}

main().catch((err) => {
  console.log(`FAIL suite: ${err && err.stack}`);
  process.exit(1);
});
