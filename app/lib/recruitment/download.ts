/**
 * GET /api/admin/studies/<id>/participants?format=…: the reconciliation files.
 *   csv | json   every session (recruitment ids, status, attention, durations, browser check)
 *   approve      the recruitment ids to approve by the study's rule, one per line
 *   reject       the ids to reject (completed but failed the attention checks)
 *   bonus        Prolific's bulk-bonus file for the approved; needs &amount=1.50
 */
import { z } from 'zod';
import type { Db } from '../db/client';
import { downloadResponse } from '../results/downloads';
import { decisionIds, prolificBonus, reconciliationCsv, reconciliationJson } from './files';
import { loadReconciliation } from './reconciliation';

const Format = z.enum(['csv', 'json', 'approve', 'reject', 'bonus'], { error: 'format must be csv, json, approve, reject or bonus' });

export async function participantsDownload(db: Db, studyId: string, query: URLSearchParams): Promise<Response> {
  const format = Format.safeParse(query.get('format') ?? 'csv');
  if (!format.success) return Response.json({ error: format.error.issues[0].message }, { status: 400 });
  let amount = 0;
  if (format.data === 'bonus') {
    amount = Number(query.get('amount'));
    if (!query.get('amount') || !(amount > 0 && amount <= 100)) {
      return Response.json({ error: 'amount must be the bonus per approved participant, more than 0 and at most 100 (e.g. amount=1.50)' }, { status: 400 });
    }
  }
  const rows = await loadReconciliation(db, studyId);
  if (!rows) return Response.json({ error: `There is no study with id "${studyId}".` }, { status: 404 });
  const text = 'text/plain; charset=utf-8';
  switch (format.data) {
    case 'csv':
      return downloadResponse({ filename: `${studyId}-participants.csv`, contentType: 'text/csv; charset=utf-8', body: reconciliationCsv(rows) });
    case 'json':
      return downloadResponse({ filename: `${studyId}-participants.json`, contentType: 'application/json; charset=utf-8', body: reconciliationJson(rows) });
    case 'approve':
    case 'reject':
      return downloadResponse({ filename: `${studyId}-${format.data}.txt`, contentType: text, body: decisionIds(rows, format.data) });
    case 'bonus':
      return downloadResponse({ filename: `${studyId}-prolific-bonus.csv`, contentType: text, body: prolificBonus(rows, amount) });
  }
}
