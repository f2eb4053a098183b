// The unmodified Node snowflake-sdk against the local Snowflake emulator:
// connect, binds (array binds too), VARIANT paths, analyst SQL,
// multi-statement, async, streaming, a large result and errors. Prints one
// JSON line per check ({"check", "ok", "detail"}) and exits 1 when any
// failed. TestNodeSDKConformance runs it with SF_ACCESS_URL set.
'use strict';

const snowflake = require('snowflake-sdk');

snowflake.configure({ logLevel: 'ERROR' });

const conn = snowflake.createConnection({
  account: process.env.SF_ACCOUNT || 'LOCAL',
  username: process.env.SF_USER || 'ADMIN',
  password: process.env.SF_PASSWORD || 'admin',
  warehouse: 'COMPUTE_WH',
  accessUrl: process.env.SF_ACCESS_URL,
});

function run(sqlText, binds, extra) {
  return new Promise((resolve, reject) => {
    conn.execute(Object.assign({
      sqlText,
      binds,
      complete: (err, stmt, rows) => (err ? reject(err) : resolve({ stmt, rows })),
    }, extra || {}));
  });
}

async function rows(sqlText, binds, extra) {
  return (await run(sqlText, binds, extra)).rows;
}

function expectEqual(got, want) {
  const g = JSON.stringify(got);
  const w = JSON.stringify(want);
  if (g !== w) {
    throw new Error(`got ${g}, want ${w}`);
  }
  return g;
}

let failed = 0;

async function check(name, fn) {
  try {
    const detail = await fn();
    console.log(JSON.stringify({ check: name, ok: true, detail: String(detail).slice(0, 200) }));
  } catch (err) {
    failed++;
    console.log(JSON.stringify({ check: name, ok: false, detail: `${err.code || ''} ${err.message}`.slice(0, 500) }));
  }
}

async function main() {
  await new Promise((resolve, reject) => conn.connect((err) => (err ? reject(err) : resolve())));
  await check('connect', async () => expectEqual(await rows('SELECT CURRENT_USER() AS U, CURRENT_WAREHOUSE() AS W'), [{ U: 'ADMIN', W: 'COMPUTE_WH' }]));

  await check('positional binds', async () => expectEqual(
    await rows('SELECT ? AS S, ? AS N, ? AS B', ["it's", 42, true]), [{ S: "it's", N: 42, B: true }]));

  await run('CREATE OR REPLACE DATABASE NODE_CONFORMANCE');
  await run('CREATE TABLE NODE_CONFORMANCE.PUBLIC.ISSUES (N NUMBER NOT NULL, TITLE VARCHAR, RAW VARIANT)');

  await check('array binds insert every row in one statement', async () => {
    const binds = [];
    for (let i = 1; i <= 1000; i++) {
      binds.push([i, i % 10 === 0 ? null : `issue ${i}`]);
    }
    const inserted = await rows('INSERT INTO NODE_CONFORMANCE.PUBLIC.ISSUES (N, TITLE) VALUES (?, ?)', binds);
    expectEqual(inserted, [{ 'number of rows inserted': 1000 }]);
    return expectEqual(await rows('SELECT COUNT(*) AS C, COUNT_IF(TITLE IS NULL) AS NULLS, SUM(N) AS S FROM NODE_CONFORMANCE.PUBLIC.ISSUES'),
      [{ C: 1000, NULLS: 100, S: 500500 }]);
  });

  await check('an array bind with a failing row inserts nothing', async () => {
    try {
      await rows('INSERT INTO NODE_CONFORMANCE.PUBLIC.ISSUES (N) VALUES (?)', [[5000], [null]]);
      throw new Error('the insert succeeded');
    } catch (err) {
      if (err.code !== '100072') {
        throw err;
      }
    }
    return expectEqual(await rows('SELECT COUNT(*) AS C FROM NODE_CONFORMANCE.PUBLIC.ISSUES'), [{ C: 1000 }]);
  });

  await check('VARIANT paths', async () => {
    await run(`UPDATE NODE_CONFORMANCE.PUBLIC.ISSUES SET RAW = PARSE_JSON('{"user":{"login":"octocat"},"labels":[{"name":"bug"}]}') WHERE N = 1`);
    return expectEqual(await rows(`SELECT RAW:user.login::STRING AS LOGIN, RAW:labels[0].name::STRING AS LABEL, RAW:missing AS M
      FROM NODE_CONFORMANCE.PUBLIC.ISSUES WHERE N = 1`), [{ LOGIN: 'octocat', LABEL: 'bug', M: null }]);
  });

  await check('WITH, UNION ALL, VALUES, QUALIFY', async () => expectEqual(await rows(`
    WITH t AS (SELECT COLUMN1 AS N, COLUMN2 AS L FROM VALUES (1, 'a'), (2, 'b'), (3, 'a'))
    SELECT L, N FROM t QUALIFY ROW_NUMBER() OVER (PARTITION BY L ORDER BY N DESC) = 1
    UNION ALL SELECT 'z', 9 ORDER BY L`), [{ L: 'a', N: 3 }, { L: 'b', N: 2 }, { L: 'z', N: 9 }]));

  await check('GENERATOR, SEQ4, UNIFORM, RANDOM', async () => {
    const [r] = await rows(`SELECT COUNT(*) AS C, MAX(S) AS M, MIN(U) AS LO, MAX(U) AS HI
      FROM (SELECT SEQ4() AS S, UNIFORM(1, 6, RANDOM()) AS U FROM TABLE(GENERATOR(ROWCOUNT => 1000)))`);
    if (r.C !== 1000 || r.M !== 999 || r.LO < 1 || r.HI > 6) {
      throw new Error(JSON.stringify(r));
    }
    return JSON.stringify(r);
  });

  await check('LATERAL FLATTEN over raw JSON', async () => expectEqual(await rows(`
    SELECT f.value:name::STRING AS NAME FROM NODE_CONFORMANCE.PUBLIC.ISSUES i, LATERAL FLATTEN(input => i.RAW:labels) f WHERE i.N = 1`),
  [{ NAME: 'bug' }]));

  await check('dates and timestamps', async () => {
    const [r] = await rows(`SELECT DATEADD(month, 1, '2024-01-31'::DATE) AS D, '2024-01-01 10:00:00'::TIMESTAMP_NTZ AS T`);
    // The SDK's dates render with the session's output formats.
    return expectEqual([r.D, r.T], ['2024-02-29', '2024-01-01 10:00:00.000']);
  });

  await check('NUMBER values are exact', async () => expectEqual(
    await rows('SELECT 9223372036854775807 AS BIG, 1/3 AS THIRD, 9223372036854775807 + 1 AS WIDE, '
      + '1234567890123456789012345678.123456789 * 10 AS DEC', [], { fetchAsString: ['Number'] }),
    [{ BIG: '9223372036854775807', THIRD: '0.333333', WIDE: '9223372036854775808', DEC: '12345678901234567890123456781.234567890' }]));

  await check('multi-statement', async () => {
    // The complete callback runs once per statement; NextResult() moves on.
    const results = await new Promise((resolve, reject) => {
      const out = [];
      conn.execute({
        sqlText: 'SELECT 1 AS A; SELECT 2 AS B; SELECT 3 AS C',
        parameters: { MULTI_STATEMENT_COUNT: 3 },
        complete: (err, stmt, r) => {
          if (err) {
            reject(err);
            return;
          }
          out.push(r);
          if (stmt.hasNext()) {
            stmt.NextResult();
          } else {
            resolve(out);
          }
        },
      });
    });
    return expectEqual(results, [[{ A: 1 }], [{ B: 2 }], [{ C: 3 }]]);
  });

  await check('async query', async () => {
    const { stmt } = await run('SELECT 42 AS X', [], { asyncExec: true });
    const queryId = stmt.getQueryId();
    const result = await conn.getResultsFromQueryId({ queryId, sqlText: '' });
    const got = await new Promise((resolve, reject) => {
      const out = [];
      result.streamRows().on('data', (r) => out.push(r)).on('end', () => resolve(out)).on('error', reject);
    });
    expectEqual(await conn.getQueryStatus(queryId), 'SUCCESS');
    return expectEqual(got, [{ X: 42 }]);
  });

  await check('streaming rows', async () => {
    const stmt = conn.execute({ sqlText: 'SELECT SEQ4() AS N FROM TABLE(GENERATOR(ROWCOUNT => 50000))', streamResult: true });
    let n = 0;
    let sum = 0;
    await new Promise((resolve, reject) => {
      stmt.streamRows().on('data', (r) => { n++; sum += r.N; }).on('end', resolve).on('error', reject);
    });
    return expectEqual([n, sum], [50000, (49999 * 50000) / 2]);
  });

  await check('a large result', async () => {
    const got = await rows('SELECT SEQ4() AS N, UNIFORM(1, 100, RANDOM()) AS R FROM TABLE(GENERATOR(ROWCOUNT => 200000))');
    return expectEqual(got.length, 200000);
  });

  await check('errors carry Snowflake codes', async () => {
    const codes = [];
    for (const sql of ['SELECT * FROM NODE_CONFORMANCE.PUBLIC.NOPE', 'SELECT 99999999999999999999999999999999999999 + 1', 'SELEC 1', 'SELECT 1/0']) {
      try {
        await rows(sql);
        codes.push('no error');
      } catch (err) {
        codes.push(`${err.code}/${err.sqlState}`);
      }
    }
    return expectEqual(codes, ['002003/42S02', '100046/22003', '001003/42000', '100051/22012']);
  });

  await run('DROP DATABASE NODE_CONFORMANCE');
  await new Promise((resolve) => conn.destroy(() => resolve()));
}

main().then(() => process.exit(failed ? 1 : 0), (err) => {
  console.log(JSON.stringify({ check: 'setup', ok: false, detail: `${err.code || ''} ${err.message}` }));
  process.exit(1);
});
