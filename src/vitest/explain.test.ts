import { describe, expect, it } from 'vitest';
import { fixtureReport } from '../../test/support/fixture.js';
import { explainCell } from './explain.js';

describe('explainCell', () => {
  it('shows why, the step table with the server log of the unmet step, and the re-run command', () => {
    const failed = fixtureReport().cells.find((c) => c.status === 'fail')!;
    expect(explainCell(failed)).toMatchInlineSnapshot(`
      "postgres@14.13/pg/pg-tls-session-cache: fail (second failed: write EPROTO 804C872EF17F0000:error:0A000438:SSL routines:ssl3_read_bytes:tlsv1 alert internal error:../deps/openssl/openssl/ssl/record/rec_layer_s3.c:1601:SSL alert number 80 (expected ok); third failed: write EPROTO 804C872EF17F0000:error:0A000438:SSL routines:ssl3_read_bytes:tlsv1 alert internal error:../deps/openssl/openssl/ssl/record/rec_layer_s3.c:1601:SSL alert number 80 (expected ok))
        ✅ first   expected ok  observed ok
        ❌ second  expected ok  observed error EPROTO: write EPROTO 804C872EF17F0000:error:0A000438:SSL routines:ssl3_read_bytes:tlsv1 alert internal error:../deps/openssl/openssl/ssl/record/rec_layer_s3.c:1601:SSL alert number 80
            | 2026-12-04 18:44:52.872 UTC [32] LOG:  could not accept SSL connection: session id context uninitialized
        ❌ third   expected ok  observed error EPROTO: write EPROTO 804C872EF17F0000:error:0A000438:SSL routines:ssl3_read_bytes:tlsv1 alert internal error:../deps/openssl/openssl/ssl/record/rec_layer_s3.c:1601:SSL alert number 80
            | 2026-12-04 18:44:52.930 UTC [33] LOG:  could not accept SSL connection: session id context uninitialized
      re-run: npx compatlab run matrix/pg-tls-14-upgrade.yaml --cell postgres@14.13/pg/pg-tls-session-cache --images lab"
    `);
  });
});
