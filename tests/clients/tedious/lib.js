'use strict';
// Promise helpers around tedious for the vtds client suite (suite.js): connecting, running
// requests and reporting checks in the `ok <check>` / `FAIL <check>: <why>` format.

const assert = require('node:assert/strict');
const { Connection, Request } = require('tedious');

/** A required environment variable. */
function env(name) {
  const value = process.env[name];
  if (value === undefined) {
    console.log(`FAIL setup: ${name} is not set`);
    process.exit(2);
  }
  return value;
}

/** The tedious configuration for the demo; `encrypt` is true (TLS) or false (no TLS at all). */
function config(encrypt, password = env('VTDS_PASSWORD')) {
  return {
    server: env('VTDS_HOST'),
    authentication: { type: 'default', options: { userName: env('VTDS_USER'), password } },
    options: {
      port: Number(env('VTDS_PORT')),
      database: env('VTDS_DATABASE'),
      encrypt,
      // The demo's certificate is self-signed.
      trustServerCertificate: true,
      connectTimeout: 30000,
      requestTimeout: 30000,
      maxRetriesOnTransientErrors: 0,
    },
  };
}

/**
 * Connects; resolves to the connection and collects the server's error/info messages on it
 * (`conn.messages`), since tedious keeps only the text of a login failure.
 */
function connect(cfg) {
  return new Promise((resolve, reject) => {
    const conn = new Connection(cfg);
    conn.messages = [];
    conn.on('errorMessage', (m) => conn.messages.push(m));
    conn.on('infoMessage', (m) => conn.messages.push(m));
    conn.on('error', () => {});
    conn.connect((err) => {
      if (err) {
        err.serverMessages = conn.messages;
        conn.close();
        reject(err);
      } else {
        resolve(conn);
      }
    });
  });
}

/** Closes a connection and waits for it to end. */
function close(conn) {
  return new Promise((resolve) => {
    if (conn.closed) return resolve();
    conn.once('end', resolve);
    conn.close();
  });
}

/**
 * Builds a Request for `sql` with `params` ([name, type, value, options?]) and runs it with `run`
 * (execSql by default); resolves to { rows: [[{value, metadata}]], columns, rowCount, request }.
 */
function request(conn, sql, params = [], run = (c, r) => c.execSql(r)) {
  return new Promise((resolve, reject) => {
    const rows = [];
    let columns = [];
    const req = new Request(sql, (err, rowCount) => {
      if (err) reject(err);
      else resolve({ rows, columns, rowCount, request: req });
    });
    for (const [name, type, value, options] of params) req.addParameter(name, type, value, options);
    req.on('columnMetadata', (cols) => {
      columns = cols;
    });
    req.on('row', (row) => rows.push(row));
    run(conn, req);
  });
}

/** Runs `sql` and returns the rows' plain values. */
async function values(conn, sql, params = []) {
  const { rows } = await request(conn, sql, params);
  return rows.map((row) => row.map((col) => col.value));
}

/** Wraps a callback-style connection method such as beginTransaction. */
function call(conn, method, ...args) {
  return new Promise((resolve, reject) => {
    conn[method]((err, ...rest) => (err ? reject(err) : resolve(rest)), ...args);
  });
}

let failed = false;

/** Runs one named check and prints its result. */
async function check(name, body) {
  try {
    await body();
    console.log(`ok ${name}`);
  } catch (err) {
    failed = true;
    const why = (err && (err.stack || err.message)) || String(err);
    console.log(`FAIL ${name}: ${String(why).replace(/\n/g, ' | ')}`);
  }
}

/** Exits non-zero when a check failed. */
function finish() {
  process.exit(failed ? 1 : 0);
}

module.exports = { assert, env, config, connect, close, request, values, call, check, finish };
