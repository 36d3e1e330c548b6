import { describe, expect, it } from 'vitest';
import { fixtureReport } from '../../test/support/fixture.js';
import { explainCell } from './explain.js';

describe('explainCell', () => {
  it('shows why, the step table with the server log of the unmet step, and the re-run command', () => {
    const failed = fixtureReport().cells.find((c) => c.status === 'fail')!;
    expect(explainCell(failed)).toMatchInlineSnapshot(`
      "postgres@15.8/pg-undeclared/pg-tls-session-resumption: fail (resumed failed with EPROTO: write EPROTO 803C43730E7F0000:error:0A000438:SSL routines:ssl3_read_bytes:tlsv1 alert internal error:../deps/openssl/openssl/ssl/record/rec_layer_s3.c:1601:SSL alert number 80 (expected ok))
        ✅ first    expected ok  observed ok
        ❌ resumed  expected ok  observed error EPROTO: write EPROTO 803C43730E7F0000:error:0A000438:SSL routines:ssl3_read_bytes:tlsv1 alert internal error:../deps/openssl/openssl/ssl/record/rec_layer_s3.c:1601:SSL alert number 80
            | 2026-12-04 19:53:00.259 UTC [52] LOG:  could not accept SSL connection: session id context uninitialized
      re-run: npx compatlab run test/support/undeclared-failure.yaml --cell postgres@15.8/pg-undeclared/pg-tls-session-resumption --images lab"
    `);
  });
});
