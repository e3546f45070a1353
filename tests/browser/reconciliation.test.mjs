// Reconciliation and the exception queue in the console: an admin reconciles
// the day against a camt.053 that holds a debit unknown to us; a checker finds
// the case, assigns it, comments and proposes a write-off, which the same
// checker cannot approve; an admin approves it and the case is resolved, with
// every step audited. An auditor reads both pages without an action, and the
// same request forged with the auditor's session is refused.
import { startGateway, launch, login, go, screenshot, axe, check, main, token, apiCall, waitFor, paymentBody, paymentStatus, watch } from './lib/harness.mjs';

const today = new Date().toISOString().slice(0, 10);

// The demo bank's statement of the account it keeps for us, with one booked
// debit of 77.00 that no payment of ours explains.
const statement = `<?xml version="1.0" encoding="UTF-8"?>
<Document xmlns="urn:iso:std:iso:20022:tech:xsd:camt.053.001.08"><BkToCstmrStmt>
<GrpHdr><MsgId>DEMO-053-BROWSER</MsgId><CreDtTm>${today}T17:55:00Z</CreDtTm></GrpHdr>
<Stmt><Id>DEMO-STMT-BROWSER</Id><CreDtTm>${today}T17:55:00Z</CreDtTm>
<Acct><Id><Othr><Id>NOSTRO-DEMO-BANK-EUR</Id></Othr></Id><Ccy>EUR</Ccy></Acct>
<Bal><Tp><CdOrPrtry><Cd>OPBD</Cd></CdOrPrtry></Tp><Amt Ccy="EUR">0.00</Amt><CdtDbtInd>CRDT</CdtDbtInd><Dt><Dt>${today}</Dt></Dt></Bal>
<Bal><Tp><CdOrPrtry><Cd>CLBD</Cd></CdOrPrtry></Tp><Amt Ccy="EUR">77.00</Amt><CdtDbtInd>DBIT</CdtDbtInd><Dt><Dt>${today}</Dt></Dt></Bal>
<Ntry><Amt Ccy="EUR">77.00</Amt><CdtDbtInd>DBIT</CdtDbtInd><Sts><Cd>BOOK</Cd></Sts>
<BookgDt><Dt>${today}</Dt></BookgDt><ValDt><Dt>${today}</Dt></ValDt><AcctSvcrRef>DEMO-X-77</AcctSvcrRef>
<BkTxCd><Domn><Cd>PMNT</Cd><Fmly><Cd>ICDT</Cd><SubFmlyCd>XBCT</SubFmlyCd></Fmly></Domn></BkTxCd>
<NtryDtls><TxDtls><Refs><EndToEndId>UNKNOWN-77</EndToEndId><UETR>4b0f6a7e-2c1d-4e5f-9a8b-7c6d5e4f3a2b</UETR></Refs></TxDtls></NtryDtls></Ntry>
</Stmt></BkToCstmrStmt></Document>
`;

main('reconciliation', async () => {
  // The day closes at 23:59 UTC, so today's payments are today's whenever this runs.
  const gw = await startGateway({ name: 'reconciliation', env: { RECONCILIATION_DEFAULT_CUTOFF: '23:59' } });
  const browser = await launch();
  try {
    const maker = await token(gw.base, 'demo-maker');
    const created = await apiCall(gw.base, 'POST', '/api/v1/payments', { token: maker, body: paymentBody({ amount: '31.40' }) });
    check(created.status === 201, `payment created: ${created.status}`);
    await waitFor(async () => (await paymentStatus(gw.base, maker, created.json.id)) === 'COMPLETED', 'COMPLETED');
    const admin = await token(gw.base, 'demo-admin');
    const up = await fetch(`${gw.base}/api/v1/payments/reconciliation/statements?name=eod.xml`, {
      method: 'POST', headers: { Authorization: `Bearer ${admin}`, 'Content-Type': 'application/xml' }, body: statement,
    });
    check(up.status === 201, `statement uploaded: ${up.status} ${await up.text()}`);

    // ---- the admin reconciles the day in the console ----
    const page = await browser.context.newPage();
    const events = watch(page);
    await login(page, gw.base, 'demo-admin');
    await go(page, 'Reconciliation');
    await page.getByText('PROVISIONAL').first().waitFor();
    await page.getByRole('button', { name: 'Reconcile now' }).click();
    await page.getByRole('dialog').getByRole('button', { name: 'Reconcile' }).click();
    await page.getByText(`Reconciled ${today}:`).waitFor();
    const items = page.getByRole('table', { name: 'Unmatched items', exact: true });
    await items.getByText('unknown_to_us').waitFor();
    const report = await apiCall(gw.base, 'GET', `/api/v1/payments/reconciliation/daily?date=${today}&link=demo-bank`, { token: admin });
    check(report.json.provisional === false && report.json.links[0].run.kind === 'manual', `the run is stored: ${JSON.stringify(report.json.links[0].run)}`);
    await page.waitForLoadState('networkidle');
    await axe(page, 'reconciliation');
    await screenshot(page, 'reconciliation');

    // ---- a checker works the case ----
    const cpage = await browser.context.newPage();
    await login(cpage, gw.base, 'demo-checker');
    await go(cpage, 'Exception queue');
    await cpage.getByLabel('Reason').fill('unknown_to_us');
    await cpage.getByRole('button', { name: 'Filter' }).click();
    const row = cpage.getByRole('table', { name: 'Cases' }).getByRole('row').filter({ hasText: 'unknown_to_us' });
    await row.waitFor();
    const caseId = (await row.getByRole('cell').first().textContent()).trim();
    await row.getByRole('button', { name: `Open case ${caseId}` }).click();
    await cpage.getByRole('button', { name: 'Assign to me' }).click();
    await cpage.getByRole('dialog').getByRole('button', { name: 'Assign to me' }).click();
    await cpage.getByText(`Case ${caseId}: assign to me done.`).waitFor();
    await cpage.getByRole('button', { name: 'Comment' }).click();
    await cpage.getByRole('dialog').getByLabel('Reason (required)').fill('asked the demo bank for the payment order');
    await cpage.getByRole('dialog').getByRole('button', { name: 'Add comment' }).click();
    await cpage.getByText('asked the demo bank for the payment order').waitFor();
    await cpage.getByRole('button', { name: 'Propose write-off' }).click();
    await cpage.getByRole('dialog').getByLabel('Reason (required)').fill('bank charge, agreed with the demo bank');
    await cpage.getByRole('dialog').getByRole('button', { name: 'Propose' }).click();
    await cpage.getByText('your write off: a second operator approves or rejects it').waitFor();
    check(await cpage.getByRole('button', { name: /^Approve/ }).count() === 0, 'the proposer is offered no approval');
    const checker = await token(gw.base, 'demo-checker');
    const self = await apiCall(gw.base, 'POST', `/api/v1/exceptions/${caseId}/approve`, { token: checker, body: {} });
    check(self.status === 403, `four eyes at the API: ${self.status}`);
    await axe(cpage, 'exception-queue');
    await screenshot(cpage, 'exception-queue-proposed');

    // ---- the admin approves ----
    await go(page, 'Exception queue');
    await page.getByRole('table', { name: 'Cases' }).getByRole('button', { name: `Open case ${caseId}` }).click();
    await page.getByRole('button', { name: 'Approve write off' }).click();
    await page.getByRole('dialog').getByRole('button', { name: 'Approve' }).click();
    await page.getByText(`Case ${caseId}: approve write off done.`).waitFor();
    const done = await apiCall(gw.base, 'GET', `/api/v1/exceptions/${caseId}`, { token: admin });
    check(done.json.status === 'RESOLVED' && done.json.resolution === 'write_off', `resolved by write-off: ${done.json.status} ${done.json.resolution}`);
    const audit = await apiCall(gw.base, 'GET', `/api/v1/audit?entity_type=exception_case&entity_id=${caseId}`, { token: admin });
    const actions = audit.json.audit_logs.map((a) => `${a.actor}:${a.action}`).reverse().join(',');
    check(actions === 'demo-checker:exception.assign,demo-checker:exception.comment,demo-checker:exception.propose,demo-admin:exception.approve', `audited: ${actions}`);
    await screenshot(page, 'exception-queue-resolved');

    // ---- an auditor reads, and can do nothing ----
    const apage = await browser.context.newPage();
    await login(apage, gw.base, 'demo-auditor');
    await go(apage, 'Reconciliation');
    await apage.getByRole('table', { name: 'Unmatched items', exact: true }).waitFor();
    check(await apage.getByRole('button', { name: 'Reconcile now' }).count() === 0, 'no Reconcile now for an auditor');
    await go(apage, 'Exception queue');
    await apage.getByText('Read only: cases are worked by checkers and admins.').waitFor();
    const auditor = await token(gw.base, 'demo-auditor');
    const forged = await apiCall(gw.base, 'POST', `/api/v1/payments/reconciliation/runs?date=${today}`, { token: auditor });
    check(forged.status === 403, `a run forged with the auditor's session: ${forged.status}`);
    const forgedCase = await apiCall(gw.base, 'POST', `/api/v1/exceptions/${caseId}/comments`, { token: auditor, body: { comment: 'x' } });
    check(forgedCase.status === 403, `a comment forged with the auditor's session: ${forgedCase.status}`);
    check(events.errors.length === 0, `no console errors: ${events.errors.join(' | ')}`);
  } finally {
    await browser.close();
    await gw.stop();
  }
});
